"""What the commands print from data is escaped: no terminal escape, C1 control or bidi override
reaches the terminal, in any command or format."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from lpkg.cli import main
from tests import FIXTURES, ROOT

HOSTILE = FIXTURES / "hostile"
RAW = ("\x1b", "\x07", "\x9b", "\u202e")
"""ESC, BEL (ends an OSC), the one-byte CSI and the right-to-left override."""


def invoke(*args: str, color: bool = False):
    # color=True is what a terminal gets: click then passes ANSI sequences on instead of
    # stripping them, so only lpkg's own escaping stands between them and the screen
    return CliRunner().invoke(main, list(args), color=color)


def assert_escaped(output: str) -> None:
    assert [c for c in RAW if c in output] == []
    assert "Traceback" not in output


@pytest.mark.parametrize("fmt", ["text", "github", "json", "turtle"])
@pytest.mark.parametrize("color", [False, True])
def test_validate_escapes_a_hostile_label_in_every_format(fmt: str, color: bool) -> None:
    path = HOSTILE / "terminal-escape.hostile.ttl"
    result = invoke(
        "--root", str(ROOT), "validate", str(path), "--format", fmt, "--lang", "en", color=color
    )
    assert result.exit_code == 1, result.output
    assert_escaped(result.output)
    if fmt == "text":
        # the fake verdict stays on the line of the label it hides in, escapes shown as \u…
        # (without a terminal click itself drops the CSI sequences, so the label shows less)
        assert "The data does not conform" in result.output
        shown = "Zelená zahrada\\u001b[2J\\u001b[H\\u001b]0;owned" if color else "Zelená zahrada"
        assert f"\n  value: {shown}" in result.output
        assert "adrahaz⏎The data conforms to the shapes." in result.output
        lines = result.output.splitlines()
        assert not [line for line in lines if line.startswith("The data conforms")]


def test_validate_escapes_raw_escapes_from_a_csv_cell() -> None:
    result = invoke("validate", str(HOSTILE / "terminal-escape.hostile.csv"), color=True)
    assert result.exit_code == 1, result.output
    assert_escaped(result.output)
    assert "Klub Kopretina\\u001b]0;owned\\u0007\\u001b[2J\\u202e" in result.output


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_query_escapes_values_in_every_format(tmp_path: Path, fmt: str) -> None:
    query = tmp_path / "hostile.rq"
    query.write_text('SELECT ?x WHERE { BIND("a\\u001b]0;x\\u0007\\u202eb" AS ?x) }\n')
    result = invoke("query", str(query), "--format", fmt, color=True)
    assert result.exit_code == 0, result.output
    assert_escaped(result.output)
    assert "a\\u001b]0;x\\u0007\\u202eb" in result.output


def test_stats_escapes_a_hostile_partnership_label(tmp_path: Path) -> None:
    for folder in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / "data" / "zz-hostile.ttl").write_text(
        "<https://w3id.org/lpkg/id/partnership/evil> "
        "a <https://w3id.org/lpkg/ontology#LocalPartnership> ;\n"
        '  <http://www.w3.org/2004/02/skos/core#prefLabel> "Evil\\u001b[2J\\u009b"@cs .\n',
        encoding="utf-8",
    )
    result = invoke("--root", str(tmp_path), "stats", color=True)
    assert result.exit_code == 0, result.output
    assert_escaped(result.output)
    assert "Evil\\u001b[2J\\u009b (lp:evil)" in result.output


def test_match_escapes_the_name_it_echoes() -> None:
    result = invoke("match", "Most k naději\x1b]0;x\x07", color=True)
    assert result.exit_code == 0, result.output
    assert_escaped(result.output)
    assert result.output.startswith("Most k naději\\u001b]0;x\\u0007\n")


@pytest.mark.parametrize("fmt", ["text", "markdown", "turtle"])
def test_diff_escapes_a_hostile_label(fmt: str) -> None:
    old = FIXTURES / "diff" / "old.ttl"
    new = HOSTILE / "terminal-escape.hostile.ttl"
    result = invoke("diff", str(old), str(new), "--format", fmt, color=True)
    assert result.exit_code == 1, result.output
    assert_escaped(result.output)


def test_an_error_quotes_a_short_escaped_excerpt() -> None:
    result = invoke("validate", str(HOSTILE / "long-token.hostile.ttl"), color=True)
    assert result.exit_code == 2
    assert_escaped(result.output)
    # the 5,000-character token is cut to 60 characters and an ellipsis
    assert f"line 3, column 1: {'a' * 60}… is not a valid subject" in result.output
    assert len(result.output) < 300
    result = invoke("query", "no-such-query\x1b[2J", color=True)
    assert result.exit_code == 2
    assert "There is no named query 'no-such-query\\x1b[2J'." in result.output
