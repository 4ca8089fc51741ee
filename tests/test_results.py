"""Results as a labelled table, as CSV with labels for spreadsheets, and in the SPARQL 1.1 CSV,
TSV and JSON formats."""

from __future__ import annotations

import json

import pytest
from rdflib import RDFS, XSD, Graph, Literal, URIRef

from lpkg.labels import Labels
from lpkg.queries import QueryResult
from lpkg.results import render

TOWN = URIRef("https://w3id.org/lpkg/id/place/most")


@pytest.fixture
def result() -> QueryResult:
    graph = Graph()
    graph.add((TOWN, RDFS.label, Literal("Most", lang="cs")))
    graph.add((TOWN, RDFS.label, Literal("Most (town)", lang="en")))
    rows = [
        {
            "town": TOWN,
            "name": Literal('Řekl "ano",\tpak\nne', lang="cs"),
            "count": Literal(11, datatype=XSD.integer),
        },
        {"town": TOWN, "name": None, "count": Literal("x")},
    ]
    return QueryResult(["town", "name", "count"], rows, Labels(graph))


def test_table_shows_labels_in_the_language(result: QueryResult) -> None:
    lines = render(result, "table", lang="en").splitlines()
    assert lines[0].split() == ["town", "name", "count"]
    assert lines[2].startswith('Most (town)  Řekl "ano", pak ne  11')
    assert lines[-1] == "(2 rows)"
    assert render(result, "table", lang="cs").splitlines()[2].startswith("Most ")


def test_csv_has_a_label_column_beside_each_iri_column(result: QueryResult) -> None:
    assert render(result, "csv", lang="en") == (
        "town,townLabel,name,count\r\n"
        'https://w3id.org/lpkg/id/place/most,Most (town),"Řekl ""ano"",\tpak\nne",11\r\n'
        "https://w3id.org/lpkg/id/place/most,Most (town),,x\r\n"
    )
    assert render(result, "csv", lang="cs").splitlines()[1].startswith(f"{TOWN},Most,")


def test_csv_label_columns_for_mixed_and_unlabelled_iris() -> None:
    other = URIRef("https://w3id.org/lpkg/id/place/unlabelled")
    rows = [{"x": TOWN, "y": other}, {"x": Literal("text"), "y": None}]
    graph = Graph()
    graph.add((TOWN, RDFS.label, Literal("Most", lang="cs")))
    text = render(QueryResult(["x", "y"], rows, Labels(graph)), "csv")
    assert text.splitlines() == [
        "x,xLabel,y,yLabel",
        f"{TOWN},Most,{other},lplace:unlabelled",
        "text,,,",
    ]


def test_csv_keeps_a_variable_named_like_a_label_column() -> None:
    rows = [{"town": TOWN, "townLabel": Literal("my own")}]
    text = render(QueryResult(["town", "townLabel"], rows, Labels(Graph())), "csv")
    assert text == f"town,townLabel\r\n{TOWN},my own\r\n"


def test_csv_neutralises_formulas_in_values_and_labels() -> None:
    graph = Graph()
    graph.add((TOWN, RDFS.label, Literal('=HYPERLINK("http://evil")', lang="cs")))
    rows = [
        {"town": TOWN, "name": Literal("@SUM(A1)"), "count": Literal(-1)},
        {"town": TOWN, "name": Literal("+1 evil"), "count": Literal("-1+cmd")},
    ]
    text = render(QueryResult(["town", "name", "count"], rows, Labels(graph)), "csv")
    assert text.splitlines() == [
        "town,townLabel,name,count",
        f'{TOWN},"\'=HYPERLINK(""http://evil"")","\'@SUM(A1)",-1',
        f'{TOWN},"\'=HYPERLINK(""http://evil"")","\'+1 evil","\'-1+cmd"',
    ]
    # the SPARQL 1.1 CSV stays faithful to the values
    result = QueryResult(["name"], rows[:1], Labels(graph))
    assert render(result, "sparql-csv") == "name\r\n@SUM(A1)\r\n"


def test_sparql_csv_is_sparql_csv(result: QueryResult) -> None:
    assert render(result, "sparql-csv") == (
        "town,name,count\r\n"
        'https://w3id.org/lpkg/id/place/most,"Řekl ""ano"",\tpak\nne",11\r\n'
        "https://w3id.org/lpkg/id/place/most,,x\r\n"
    )


def test_tsv_is_sparql_tsv(result: QueryResult) -> None:
    assert render(result, "tsv") == (
        "?town\t?name\t?count\n"
        '<https://w3id.org/lpkg/id/place/most>\t"Řekl \\"ano\\",\\tpak\\nne"@cs\t'
        '"11"^^<http://www.w3.org/2001/XMLSchema#integer>\n'
        '<https://w3id.org/lpkg/id/place/most>\t\t"x"\n'
    )


def test_json_is_sparql_json(result: QueryResult) -> None:
    document = json.loads(render(result, "json"))
    assert document["head"] == {"vars": ["town", "name", "count"]}
    first, second = document["results"]["bindings"]
    assert first["town"] == {"type": "uri", "value": str(TOWN)}
    assert first["name"] == {"type": "literal", "value": 'Řekl "ano",\tpak\nne', "xml:lang": "cs"}
    assert first["count"] == {"type": "literal", "value": "11", "datatype": str(XSD.integer)}
    assert "name" not in second  # an unbound variable is left out of its row
