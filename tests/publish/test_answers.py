"""The named queries' answers in a release: pyoxigraph's where they are rdflib's, in an order
of the release's own."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from lpkg.infer import infer
from lpkg.labels import Labels
from lpkg.publish import answers
from lpkg.publish.answers import in_release_order, order_keys, projected, release_answers
from lpkg.publish.dumps import canonical_graph
from lpkg.queries import NamedQuery, QueryResult, list_queries, run_query
from lpkg.results import to_json, to_labelled_csv
from lpkg.store import OxigraphStore
from tests import ROOT


def test_every_release_answer_is_rdflib_s_in_the_same_order(
    graph: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the shipped dataset: the JSON and the labelled CSV a release writes are those of the
    answers rdflib gives, put in the release's order; pyoxigraph gave most of them."""
    asserted, closure = canonical_graph(graph), canonical_graph(infer(graph))
    engines = []

    def recorded(query: NamedQuery, store: object, *args: object, **kwargs: object) -> QueryResult:
        engines.append((query.name, type(store).__name__))
        return run_query(query, store, *args, **kwargs)

    monkeypatch.setattr(answers, "run_query", recorded)
    released = release_answers(list_queries(ROOT), asserted, closure)
    monkeypatch.undo()
    for query, result in released:
        source = closure if query.requires_inference else asserted
        reference = in_release_order(run_query(query, source), order_keys(query.text))
        assert reference.rows, f"{query.name}: a query with rows, or the comparison proves little"
        assert to_json(result) == to_json(reference), query.name
        assert to_labelled_csv(result) == to_labelled_csv(reference), query.name
    answered_by = dict(
        engines
    )  # the last engine asked: rdflib where pyoxigraph's answer is not used
    by_store = [name for name, engine in answered_by.items() if engine == OxigraphStore.__name__]
    assert len(by_store) >= len(released) - 3, answered_by


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("SELECT ?a WHERE { ?a ?b ?c }", []),
        ("SELECT ?a WHERE { ?a ?b ?c } ORDER BY ?a DESC(?b) LIMIT 5", ["a", "b"]),
        ("SELECT ?a WHERE { ?a ?b ?c }\n# ORDER BY LCASE(?a)\nORDER BY ASC(?c)", ["c"]),
        ("SELECT ?a WHERE { ?a ?b ?c } ORDER BY LCASE(STR(?a))", None),
        ("SELECT ?a WHERE { ?a ?b ?c } ORDER BY ?a (?b + 1)", None),
        ('SELECT ?a WHERE { ?a <https://e.org/o#p> "#" } ORDER BY ?a # DESC(?b)', ["a"]),
    ],
)
def test_order_keys(text: str, keys: list[str] | None) -> None:
    assert order_keys(text) == keys


def _result(rows: list[tuple[str, str]]) -> QueryResult:
    return QueryResult(
        ["k", "v"],
        [{"k": Literal(k), "v": URIRef(f"https://example.org/{v}")} for k, v in rows],
        Labels(Graph()),
    )


def test_rows_tied_on_the_keys_are_ordered_by_their_text_the_rest_kept() -> None:
    engine = [("b", "2"), ("b", "1"), ("a", "9"), ("a", "3"), ("c", "0")]
    ordered = in_release_order(_result(engine), ["k"])
    assert [(str(r["k"]), str(r["v"])[-1]) for r in ordered.rows] == [
        ("b", "1"), ("b", "2"), ("a", "3"), ("a", "9"), ("c", "0"),
    ]  # fmt: skip
    unordered = in_release_order(_result(engine), [])  # no ORDER BY: all by their text
    assert [(str(r["k"]), str(r["v"])[-1]) for r in unordered.rows] == sorted(engine)
    as_given = in_release_order(_result(engine), None)  # an order lpkg cannot settle
    assert [(str(r["k"]), str(r["v"])[-1]) for r in as_given.rows] == engine


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("SELECT ?a ?b WHERE { ?a ?b ?c }", {"a", "b"}),
        ("SELECT DISTINCT ?a (COUNT(DISTINCT ?x) AS ?n) { ?a ?b ?x } GROUP BY ?a", {"a", "n"}),
        ("SELECT (GROUP_CONCAT(STR(?y); separator=', ') AS ?ys) WHERE { ?s ?p ?y }", {"ys"}),
        ("# SELECT ?hidden\nSELECT ?a WHERE { ?a ?b ?c }", {"a"}),
        ("SELECT * WHERE { ?a ?b ?c }", set()),
    ],
)
def test_projected(text: str, names: set[str]) -> None:
    assert projected(text) == names
