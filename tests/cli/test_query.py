"""``lpkg query`` and ``lpkg queries``: output formats, parameters and errors."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from lpkg.cli import main
from tests import FIXTURES, ROOT

LORG = "https://w3id.org/lpkg/id/organization/"
QUERIES = FIXTURES / "queries"


def invoke(*args: str):
    return CliRunner().invoke(main, ["--root", str(ROOT), *args])


def test_both_towns_table_shows_labels() -> None:
    result = invoke("query", "both-towns")
    assert result.exit_code == 0, result.output
    # the Police: a member in Litvínov, through its SKPV unit in Most (docs/reconciliation.md)
    assert any(
        line.split() == ["Policie", "České", "republiky", "member", "unit"]
        for line in result.output.splitlines()
    )
    assert result.output.rstrip().endswith("(9 řádků)")


def test_both_towns_csv_with_swapped_towns() -> None:
    result = invoke(
        "query", "both-towns", "-p", "town1=Most", "--param", "town2=litvínov", "--format", "csv"
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    police = [r for r in rows if r["organization"] == LORG + "policie-cr"]
    assert [(r["how1"], r["how2"]) for r in police] == [("unit", "member")]


def test_csv_has_label_columns_in_the_language() -> None:
    result = invoke("query", "both-towns", "--format", "csv", "--lang", "en")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert list(rows[0]) == ["organization", "organizationLabel", "how1", "how2"]
    police = [r for r in rows if r["organization"] == LORG + "policie-cr"]
    assert [r["organizationLabel"] for r in police] == ["Police of the Czech Republic"]


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
    document = json.loads(result.output)
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
