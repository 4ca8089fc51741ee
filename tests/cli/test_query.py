"""``lpkg query`` and ``lpkg queries``: output formats, parameters and errors."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from lpkg.cli import main
from tests import FIXTURES, ROOT

LORG = "https://w3id.org/lpkg/id/organization/"
QUERIES = FIXTURES / "queries"


def invoke(*args: str):
    return CliRunner().invoke(main, ["--root", str(ROOT), *args])


def test_both_towns_table_shows_labels_under_the_towns() -> None:
    result = invoke("query", "both-towns")
    assert result.exit_code == 0, result.output
    assert result.stdout.split("\n", 1)[0].split() == [
        "organization",
        "Litvínov",
        "Most",
        "incompleteLists",
    ]
    # Most k naději is on both towns' lists (the two pages, docs/reconciliation.md)
    assert any(
        line.split()[:5] == ["Most", "k", "naději", "member", "member"]
        for line in result.stdout.splitlines()
    )


def test_both_towns_csv_with_swapped_towns() -> None:
    result = invoke(
        "query", "both-towns", "-p", "town1=Most", "--param", "town2=litvínov", "--format", "csv"
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == [
        "organization",
        "organizationLabel",
        "Most",
        "Litvínov",
        "incompleteLists",
    ]
    assert LORG + "most-k-nadeji" in [r["organization"] for r in rows]


def test_csv_has_label_columns_in_the_language() -> None:
    result = invoke("query", "both-towns", "--format", "csv", "--lang", "en")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == [
        "organization",
        "organizationLabel",
        "Litvínov",
        "Most",
        "incompleteLists",
    ]
    agency = [r for r in rows if r["organization"] == LORG + "agentura-pro-socialni-zaclenovani"]
    assert [r["organizationLabel"] for r in agency] == ["Agency for Social Inclusion"]


def test_without_a_date_a_note_on_stderr_says_the_answer_is_for_any_time() -> None:
    result = invoke("query", "both-towns", "--format", "json", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("Note: the answer is for any time;")
    json.loads(result.stdout)  # stdout stays SPARQL JSON


@pytest.mark.parametrize(
    "args",
    [("summary", "--param", "date=2010-06"), ("units",)],
    ids=["with a date", "a query without a date parameter"],
)
def test_no_note_when_the_time_is_given_or_not_asked(args: tuple[str, ...]) -> None:
    result = invoke("query", *args)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_a_bad_date_exits_2() -> None:
    result = invoke("query", "both-towns", "--param", "date=2010-02-30")
    assert result.exit_code == 2
    assert "date='2010-02-30' is not a date: give a day (2010-06-30)" in result.output


def test_csv_neutralises_formulas() -> None:
    result = invoke("query", str(QUERIES / "formula.neutralised.rq"), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "organization,organizationLabel,note",
        f'{LORG}most-k-nadeji,Most k naději,"\'=HYPERLINK(""http://example.org"")"',
    ]


def test_sparql_csv_has_the_plain_values() -> None:
    result = invoke("query", str(QUERIES / "formula.neutralised.rq"), "--format", "sparql-csv")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "organization,note",
        f'{LORG}most-k-nadeji,"=HYPERLINK(""http://example.org"")"',
    ]


def test_json_output_is_sparql_results_json() -> None:
    result = invoke("query", "both-towns", "--format", "json")
    document = json.loads(result.stdout)
    assert document["head"]["vars"][0] == "organization"
    assert {"type": "uri", "value": LORG + "most-k-nadeji"} in [
        b["organization"] for b in document["results"]["bindings"]
    ]


def test_unknown_query_exits_2_with_the_list() -> None:
    result = invoke("query", "both-town")
    assert result.exit_code == 2
    assert "There is no named query 'both-town'" in result.output
    assert "both-towns" in result.output


def test_unknown_parameter_exits_2() -> None:
    result = invoke("query", "both-towns", "--param", "city=Most")
    assert result.exit_code == 2
    assert "has no parameter 'city'" in result.output


def test_unknown_value_exits_2_with_candidates() -> None:
    result = invoke("query", "both-towns", "--param", "town1=Praha")
    assert result.exit_code == 2
    assert "Litvínov (lplace:litvinov); Most (lplace:most)" in result.output


def test_param_without_equals_sign_exits_2() -> None:
    result = invoke("query", "both-towns", "--param", "Most")
    assert result.exit_code == 2
    assert "VAR=VALUE" in result.output


def test_syntax_error_exits_2_with_position() -> None:
    result = invoke("query", str(FIXTURES / "queries" / "syntax-error.invalid.rq"))
    assert result.exit_code == 2
    assert "line 4, column 3" in result.output


def test_service_is_refused() -> None:
    result = invoke("query", str(FIXTURES / "queries" / "service.forbidden.rq"))
    assert result.exit_code == 2
    assert "SERVICE is refused" in result.output


def test_queries_lists_names_titles_and_parameters() -> None:
    result = invoke("queries", "--lang", "en")
    assert result.exit_code == 0
    assert "both-towns: Organizations serving both towns" in result.output
    assert "--param town1=" in result.output
