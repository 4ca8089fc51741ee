"""``lpkg serve --endpoint``: the server answering from an Oxigraph server that holds the dataset
(loaded as ``lpkg publish --endpoint`` loads it), not from a store of its own.

Expected rows as in test_api.py (worked out from data/): Litvínov and Most both list the Agency,
Most k naději, Oblastní charita Most and the Police."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from starlette.testclient import TestClient

from lpkg.load import load_dataset
from lpkg.namespaces import LPLACE
from lpkg.publish.endpoint import publish
from lpkg.serve import Settings, create_app
from lpkg.serve.app import open_state
from lpkg.store import EndpointStore
from tests import ROOT
from tests.serve.test_api import BOTH
from tests.servers import oxigraph


@pytest.fixture(scope="module")
def client(
    tmp_path_factory: pytest.TempPathFactory, allow_loopback: Callable[[int], tuple[str, int]]
) -> Iterator[TestClient]:
    with oxigraph(tmp_path_factory.mktemp("served-endpoint"), allow_loopback) as server:
        publish(
            load_dataset(root=ROOT), EndpointStore(server.query, graph_store=server.graph_store)
        )
        settings = Settings(root=ROOT, endpoint=server.query, rate=1_000_000)
        state = open_state(settings)
        assert isinstance(state.store, EndpointStore)
        with TestClient(create_app(settings, state), raise_server_exceptions=False) as client:
            yield client


def test_a_named_query_is_answered_by_the_endpoint(client: TestClient) -> None:
    response = client.get(
        "/api/queries/both-towns", params={"town1": "Most", "town2": "litvínov", "lang": "en"}
    )
    assert response.status_code == 200, response.text
    rows = {row["organization"]["iri"]: row for row in response.json()["rows"]}
    assert rows.keys() == {str(iri) for iri in BOTH}
    # the labels come from the endpoint too
    assert {iri: row["organization"]["label"] for iri, row in rows.items()} == {
        str(iri): label for iri, label in BOTH.items()
    }


def test_sparql_goes_to_the_endpoint(client: TestClient) -> None:
    # DISTINCT: three pages give the name, and the union default graph repeats it (docs/serve.md)
    query = (
        f"SELECT DISTINCT ?label WHERE {{ <{LPLACE.litvinov}> rdfs:label ?label "
        "FILTER (lang(?label) = 'en') }"
    )
    response = client.get(
        "/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"}
    )
    assert response.status_code == 200, response.text
    labels = [b["label"]["value"] for b in response.json()["results"]["bindings"]]
    assert labels == ["Litvínov"]


def test_a_query_that_needs_inference_is_refused_with_the_reason(client: TestClient) -> None:
    response = client.get("/api/queries/both-towns-inferred")
    assert response.status_code == 400
    assert "endpoint" in response.json()["detail"]


def test_pages_still_answer(client: TestClient) -> None:
    response = client.get("/id/place/litvinov", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "Litvínov" in response.text
