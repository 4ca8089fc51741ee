"""lpkg.infer.inferred_store: a new store with what the rules derive, in the kind of the store
given, which stays as it was (with ``in_place``, a pyoxigraph store in memory gets what they
derive itself, the same quads); an endpoint is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import OWL

from lpkg.errors import InputError
from lpkg.infer import inferred_store
from lpkg.load import new_graph
from lpkg.namespaces import LORG, ORG
from lpkg.store import EndpointStore, OxigraphStore, RdflibStore, Store

PAGE = URIRef("https://example.org/members")
ASK = f"ASK {{ <{LORG.b}> <{ORG.hasMembership}> <{LORG.a}> }}"
"""The one entailment of the data below: org:hasMembership is the inverse of org:member."""


def _store(kind: str, tmp_path: Path) -> Store:
    graph = new_graph()
    graph.add((ORG.member, OWL.inverseOf, ORG.hasMembership))
    graph.add((LORG.a, ORG.member, LORG.b))
    if kind == "memory":
        return RdflibStore(graph)
    store = OxigraphStore(tmp_path / "store" if kind == "oxigraph:PATH" else None)
    store.add_graph(graph, PAGE)
    return store


# in_place changes only a pyoxigraph store in memory: a store on disk keeps only the data
@pytest.mark.parametrize(
    ("kind", "in_place"),
    [
        ("memory", False),
        ("memory", True),
        ("oxigraph", False),
        ("oxigraph:PATH", False),
        ("oxigraph:PATH", True),
    ],
)
def test_the_inferred_store_holds_the_entailment_and_the_store_given_does_not(
    kind: str, in_place: bool, tmp_path: Path
) -> None:
    store = _store(kind, tmp_path)
    inferred = inferred_store(store, in_place=in_place)
    assert type(inferred) is type(store)
    assert inferred.ask(ASK)
    assert not store.ask(ASK)
    assert len(store) == 2
    assert len(inferred) == 3
    if isinstance(inferred, OxigraphStore):
        assert inferred.path is None  # in memory: the store on disk keeps only the data


def test_in_place_a_store_in_memory_gets_the_quads_a_copy_would_hold(tmp_path: Path) -> None:
    copied = inferred_store(_store("oxigraph", tmp_path))
    store = _store("oxigraph", tmp_path)
    assert inferred_store(store, in_place=True) is store
    assert store.ask(ASK)
    assert isinstance(store, OxigraphStore) and isinstance(copied, OxigraphStore)
    assert set(store.store) == set(copied.store)
    assert len(store) == 3


def test_an_endpoint_is_refused() -> None:
    with pytest.raises(InputError, match="an endpoint answers from what it holds"):
        inferred_store(EndpointStore("http://127.0.0.1:9/query"))
