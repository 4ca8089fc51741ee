"""lpkg.publish.endpoint: which graphs a release becomes in a Graph Store, and what is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS

from lpkg.errors import InputError, ParseError
from lpkg.load import new_dataset
from lpkg.publish.endpoint import load_release_dataset, publish
from lpkg.store import EndpointStore

A, B = URIRef("https://example.org/a"), URIRef("https://example.org/b")
PAGE1, PAGE2 = URIRef("https://example.org/page1"), URIRef("https://example.org/page2")


class Recording(EndpointStore):
    """An endpoint that records the graphs it is sent instead of sending them."""

    def __init__(self) -> None:
        super().__init__(None, graph_store="http://127.0.0.1:9/store")
        self.sent: list[tuple[URIRef | None, Graph]] = []

    def add_graph(self, graph: Graph, name: URIRef | None) -> None:
        self.sent.append((name, graph))


def _dataset():
    dataset = new_dataset()
    dataset.default_graph.add((A, RDFS.label, Literal("ontology")))
    dataset.graph(PAGE1).add((A, RDFS.label, Literal("a")))
    dataset.graph(PAGE2).add((A, RDFS.label, Literal("a")))  # two pages state it
    dataset.graph(PAGE2).add((B, RDFS.label, Literal("b")))
    return dataset


def test_one_put_per_graph_default_first() -> None:
    store = Recording()
    sent = publish(_dataset(), store)
    assert sent == [(None, 1), (PAGE1, 1), (PAGE2, 2)]
    assert [name for name, _ in store.sent] == [None, PAGE1, PAGE2]


def test_the_default_graph_under_a_name() -> None:
    store = Recording()
    ontology = URIRef("https://example.org/ontology")
    assert publish(_dataset(), store, default_graph=ontology)[0] == (ontology, 1)


def test_the_union_into_one_graph_states_each_triple_once() -> None:
    store = Recording()
    target = URIRef("https://example.org/all")
    assert publish(_dataset(), store, graph=target) == [(target, 3)]


def test_a_blank_node_in_two_graphs_is_refused() -> None:
    dataset = new_dataset()
    shared = BNode()
    dataset.graph(PAGE1).add((A, RDFS.seeAlso, shared))
    dataset.graph(PAGE2).add((shared, RDFS.label, Literal("x")))
    with pytest.raises(InputError, match="blank node"):
        publish(dataset, Recording())
    assert publish(dataset, Recording(), graph=PAGE1) == [(PAGE1, 2)]


def test_a_release_is_read_by_the_safe_parser(tmp_path: Path) -> None:
    (tmp_path / "lpkg.nq").write_text("<a> <b> <c> .\n")  # a relative IRI
    with pytest.raises(ParseError, match="relative IRI"):
        load_release_dataset(tmp_path)
