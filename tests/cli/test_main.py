"""The ``lpkg`` group: every exception ends at its boundary as a message and an exit code."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from lpkg.cli import EXIT_BUG, main
from tests import FIXTURES, ROOT


def _crash(*args: object, **kwargs: object) -> None:
    raise RecursionError("maximum recursion depth exceeded")


def invoke(*args: str):
    return CliRunner().invoke(main, ["--root", str(ROOT), *args])


def test_an_unexpected_exception_is_exit_3_with_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("lpkg.cli.stats.stats", _crash)
    result = invoke("stats")
    assert result.exit_code == EXIT_BUG == 3  # neither 1 ("does not conform") nor 2
    assert "a bug in lpkg" in result.output
    assert "RecursionError: maximum recursion depth exceeded" in result.output
    assert "--debug" in result.output
    assert "Traceback" not in result.output


def test_debug_shows_the_traceback(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setattr("lpkg.cli.stats.stats", _crash)
    result = invoke("--debug", "stats")
    assert result.exit_code == 3
    # traceback.print_exc writes to the real stderr, which CliRunner does not capture
    assert "Traceback (most recent call last)" in capsys.readouterr().err + result.output


def test_help_documents_exit_code_3() -> None:
    result = invoke("--help")
    assert "3 a bug in lpkg" in result.output
    assert "--debug" in result.output


def test_query_timeout_exits_2_with_a_message() -> None:
    query = FIXTURES / "hostile" / "cartesian-product.hostile.rq"
    result = invoke("query", str(query), "--timeout", "0.5")
    assert result.exit_code == 2
    assert "did not finish within 0.5 seconds and was stopped" in result.output


def test_query_timeout_defaults_to_60_seconds() -> None:
    result = invoke("query", "--help")
    assert result.exit_code == 0, result.output
    assert "--timeout SECONDS" in result.output
    assert "default: 60.0" in result.output
