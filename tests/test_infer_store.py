"""lpkg.infer.inferred_store: a new store with what the rules derive, in the kind of the store
given, which stays as it was; an endpoint is refused."""

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


@pytest.mark.parametrize("kind", ["memory", "oxigraph", "oxigraph:PATH"])
def test_the_inferred_store_holds_the_entailment_and_the_store_given_does_not(
    kind: str, tmp_path: Path
) -> None:
    store = _store(kind, tmp_path)
    inferred = inferred_store(store)
    assert type(inferred) is type(store)
    assert inferred.ask(ASK)
    assert not store.ask(ASK)
    assert len(store) == 2
    assert len(inferred) == 3
    if isinstance(inferred, OxigraphStore):
        assert inferred.path is None  # in memory: the store on disk keeps only the data


def test_an_endpoint_is_refused() -> None:
    with pytest.raises(InputError, match="an endpoint answers from what it holds"):
        inferred_store(EndpointStore("http://127.0.0.1:9/query"))
