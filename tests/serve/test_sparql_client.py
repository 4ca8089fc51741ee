"""/sparql from a real client: SPARQLWrapper against the server on a loopback port."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from lpkg.serve import create_app
from lpkg.serve.app import ServeState
from tests.serve.server import running
from tests.test_store import CITIES

SPARQLWrapper = pytest.importorskip("SPARQLWrapper", reason="needs the SPARQLWrapper package")

MOST = URIRef("https://w3id.org/lpkg/id/place/most")


@pytest.fixture
def endpoint(state: ServeState, allow_loopback: Callable[[int], tuple[str, int]]) -> Iterator[str]:
    with running(create_app(state.settings, state), allow_loopback) as address:
        yield address + "/sparql"


def test_sparqlwrapper_select_ask_construct(endpoint: str) -> None:
    client = SPARQLWrapper.SPARQLWrapper(endpoint)
    client.setReturnFormat(SPARQLWrapper.JSON)
    client.setQuery(CITIES)
    select = client.queryAndConvert()
    assert select["results"]["bindings"][0]["n"]["value"] == "20"

    client.setQuery("ASK { lmem:most--diakonie-cce org:member lorg:diakonie-cce }")
    assert client.queryAndConvert()["boolean"] is True

    client.setQuery("CONSTRUCT WHERE { lplace:most rdfs:label ?label }")
    expected = {
        (MOST, RDFS.label, Literal("Most", lang="cs")),
        (MOST, RDFS.label, Literal("Most", lang="en")),
    }
    client.setReturnFormat(SPARQLWrapper.TURTLE)
    assert set(Graph().parse(data=client.queryAndConvert(), format="turtle")) == expected
    client.setReturnFormat(SPARQLWrapper.RDFXML)  # SPARQLWrapper parses RDF/XML itself
    assert set(client.queryAndConvert()) == expected


def test_sparqlwrapper_posts_too(endpoint: str) -> None:
    client = SPARQLWrapper.SPARQLWrapper(endpoint)
    client.setMethod(SPARQLWrapper.POST)
    client.setReturnFormat(SPARQLWrapper.CSV)
    client.setQuery(CITIES)
    assert client.queryAndConvert() == b"n\r\n20\r\n"
