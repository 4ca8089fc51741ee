"""``lpkg query`` refuses a query that does not parse before it loads anything."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from lpkg.cli import main
from tests import FIXTURES


def test_a_malformed_query_is_refused_before_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    # found by scripts/fuzz.py: a syntax error in a query that requires inference was reported
    # only after loading the dataset and computing its closure (50 s on a busy machine)
    from lpkg.cli import query

    def open_cli_store(*_: object) -> None:
        raise AssertionError("the dataset was loaded for a query that does not parse")

    monkeypatch.setattr(query, "open_cli_store", open_cli_store)
    path = FIXTURES / "hostile" / "syntax-error-with-inference.hostile.rq"
    result = CliRunner().invoke(main, ["query", str(path)])
    assert result.exit_code == 2, result.output
    assert "syntax-error-with-inference.hostile.rq, line 9" in result.output
    assert "SPARQL syntax error" in result.output
