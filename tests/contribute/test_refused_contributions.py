"""Empty and ambiguous contributions are refused with exit code 2 and the reason, and nothing is
written: a file without statements, a CSV without rows or with a column twice, relative IRIs and
local file paths."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from lpkg.cli import main
from lpkg.contribute import read_contribution
from lpkg.errors import EXIT_UNUSABLE_INPUT, ParseError
from tests import FIXTURES, digest

HOSTILE = FIXTURES / "hostile"

REFUSED = {
    "comment-only.hostile.ttl": "the file holds no statements (only comments or prefixes).",
    "header-only.hostile.csv": "row 2: the file has a header but no rows: nothing to contribute.",
    "two-partnership-columns.hostile.csv": "row 1: columns given more than once: partnership.",
    "relative-iri.hostile.ttl": "line 6, column 41: a relative IRI; write every IRI in full",
    "relative-id.hostile.jsonld": "a relative IRI ('zelena-zahrada'); write every IRI in full",
    "file-base.hostile.ttl": "'file:///home/contributor/lpkg/notes/page.html' is a local file "
    "path (file:)",
}
"""Each hostile contribution and the reason it is refused with (worked out from the file)."""


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_the_contribution_is_refused_with_the_reason(name: str) -> None:
    with pytest.raises(ParseError) as caught:
        read_contribution(HOSTILE / name)
    assert REFUSED[name] in str(caught.value)
    assert caught.value.exit_code == EXIT_UNUSABLE_INPUT


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_validate_and_add_exit_2_and_write_nothing(root_before_trmice: Path, name: str) -> None:
    root = root_before_trmice
    before = digest(root, "data")
    for command in ("validate", "add"):
        args = ["--root", str(root), command, str(HOSTILE / name)]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2, result.output
        assert REFUSED[name] in " ".join(result.output.split())
    assert digest(root, "data") == before
