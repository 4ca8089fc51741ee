"""The rules against the reference: on the shipped data, every named query answers the same from
what the rules derive as from owlrl's whole OWL 2 RL closure, on rdflib and on pyoxigraph, and
the rules derive every triple of the closure that lpkg publishes (inferred.ttl).

owlrl's closure takes tens of seconds, so it is computed once for the module.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal

from lpkg.infer import INFERRED, infer, materialize, owl_rl_closure
from lpkg.load import load_dataset, new_graph
from lpkg.publish.dumps import inferred_only
from lpkg.queries import NamedQuery, bind, list_queries, resolve_params, run_query
from tests import ROOT

pytestmark = pytest.mark.filterwarnings(
    # rdflib's own SPARQL evaluation over a dataset's union calls its deprecated property
    "ignore:Dataset.default_context is deprecated:DeprecationWarning"
)


def _cases() -> Iterator[tuple[NamedQuery, dict[str, str]]]:
    for query in list_queries(ROOT):
        yield query, {}
        if query.date_param is not None:
            yield query, {query.date_param.name: "2010"}


CASES = [pytest.param(q, p, id=q.name + ("-dated" if p else "")) for q, p in _cases()]


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset(root=ROOT)


@pytest.fixture(scope="module")
def asserted(dataset: Dataset) -> Graph:
    """The union of the dataset's graphs, sharing its blank nodes."""
    graph = new_graph()
    for s, p, o, _ in dataset.quads():
        graph.add((s, p, o))
    return graph


@pytest.fixture(scope="module")
def reference(asserted: Graph) -> Graph:
    return owl_rl_closure(asserted)


@pytest.fixture(scope="module")
def by_rules(asserted: Graph) -> Graph:
    """The rules run by rdflib's SPARQL engine on a copy of the data."""
    graph = new_graph()
    for triple in asserted:
        graph.add(triple)
    materialize(graph)
    return graph


def _store(dataset: Dataset, inferred: Graph | None = None) -> ox.Store:
    """A pyoxigraph store with the dataset's graphs (and ``inferred`` in the graph INFERRED),
    loaded in one go so that the blank nodes stay shared."""
    copy = Dataset()
    for quad in dataset.quads():
        copy.add(quad)
    if inferred is not None:
        target = copy.graph(INFERRED)
        for triple in inferred:
            if not isinstance(triple[0], Literal):  # owlrl's, which RDF does not allow
                target.add(triple)
    store = ox.Store()
    store.load(copy.serialize(format="nquads").encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    return store


@pytest.fixture(scope="module")
def reference_store(dataset: Dataset, asserted: Graph, reference: Graph) -> ox.Store:
    additions = new_graph()
    for triple in reference:
        if triple not in asserted:
            additions.add(triple)
    return _store(dataset, additions)


@pytest.fixture(scope="module")
def rules_store(dataset: Dataset) -> ox.Store:
    store = _store(dataset)
    materialize(store)
    return store


def _rows(query: NamedQuery, graph: Graph, params: dict[str, str]) -> Counter[tuple]:
    result = run_query(query, graph, params)
    return Counter(tuple(row[v] for v in result.variables) for row in result.rows)


def _store_rows(
    query: NamedQuery, graph: Graph, params: dict[str, str], store: ox.Store
) -> Counter[tuple]:
    text = bind(query.text, resolve_params(query, graph, params))
    solutions = store.query(text, use_default_graph_as_union=True)
    width = len(solutions.variables)  # type: ignore[union-attr]
    return Counter(tuple(str(row[i]) for i in range(width)) for row in solutions)  # type: ignore[union-attr]


@pytest.mark.parametrize(("query", "params"), CASES)
def test_rdflib_answers_from_the_rules_as_from_owlrl(
    query: NamedQuery, params: dict[str, str], reference: Graph, by_rules: Graph
) -> None:
    expected = _rows(query, reference, params)
    assert _rows(query, by_rules, params) == expected
    if query.requires_inference:
        assert expected  # the reference answers, so the comparison compares something


@pytest.mark.parametrize(("query", "params"), CASES)
def test_pyoxigraph_answers_from_the_rules_as_from_owlrl(
    query: NamedQuery,
    params: dict[str, str],
    reference: Graph,
    reference_store: ox.Store,
    rules_store: ox.Store,
) -> None:
    expected = _store_rows(query, reference, params, reference_store)
    assert _store_rows(query, reference, params, rules_store) == expected
    if query.requires_inference:
        assert expected


def test_the_rules_derive_what_lpkg_publishes_of_owlrls_closure(
    asserted: Graph, reference: Graph, by_rules: Graph
) -> None:
    # inferred.ttl: the entailments that add information (no sameAs x x, no owl:Thing, ...)
    published = set(inferred_only(asserted, reference))
    assert len(published) > 1000  # servesTown, inverses, superclasses, ... (not an empty set)
    assert set(inferred_only(asserted, by_rules)) == published
    # and no more: everything the rules add is in owlrl's closure
    assert set(by_rules) <= set(reference)


def test_every_store_derives_the_same(
    asserted: Graph, by_rules: Graph, rules_store: ox.Store
) -> None:
    # rdflib's engine on a graph, pyoxigraph through infer(), pyoxigraph on the dataset's graphs
    # (rdflib's engine on a dataset: tests/test_rules.py)
    assert set(infer(asserted)) == set(by_rules)
    size = sum(1 for _ in rules_store.quads_for_pattern(None, None, None, ox.NamedNode(INFERRED)))
    assert size == len(set(by_rules) - set(asserted))
