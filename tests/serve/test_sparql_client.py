"""/sparql from a real client: SPARQLWrapper against the server on a loopback port."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
import uvicorn
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS
from starlette.applications import Starlette

from lpkg.serve import create_app
from lpkg.serve.app import ServeState
from tests.servers import free_port
from tests.test_store import CITIES

SPARQLWrapper = pytest.importorskip("SPARQLWrapper", reason="needs the SPARQLWrapper package")

MOST = URIRef("https://w3id.org/lpkg/id/place/most")


@contextmanager
def serving(app: Starlette, allow_loopback: Callable[[int], tuple[str, int]]) -> Iterator[str]:
    """``app`` served by uvicorn in a thread on a free loopback port; its address."""
    host, port = allow_loopback(free_port())
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(20)


@pytest.fixture
def endpoint(state: ServeState, allow_loopback: Callable[[int], tuple[str, int]]) -> Iterator[str]:
    with serving(create_app(state.settings, state), allow_loopback) as address:
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
