"""The application's frame: errors as problem details, queries stopped at their deadline."""

from __future__ import annotations

import asyncio
import time

import pytest
from starlette.testclient import TestClient

from lpkg.errors import LimitError
from lpkg.serve.app import ServeState
from lpkg.serve.engine import Engine
from lpkg.store import Store


def test_unknown_path_is_a_problem_document(client: TestClient) -> None:
    response = client.get("/no-such-thing", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 404 and body["title"] == "Not found"


def test_a_browser_gets_a_short_page(client: TestClient) -> None:
    response = client.get("/no-such-thing", headers={"Accept": "text/html,*/*;q=0.8"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "<h1>404 Not found</h1>" in response.text
    assert "Traceback" not in response.text


def _sleep(store: Store, seconds: float) -> int:
    time.sleep(seconds)
    return len(store)


def test_engine_stops_work_at_the_deadline(state: ServeState) -> None:
    engine = Engine(state.store, timeout=0.5)
    started = time.monotonic()
    with pytest.raises(LimitError, match="did not finish within 0.5 seconds"):
        asyncio.run(engine.call("The test's sleep", _sleep, 30))
    assert time.monotonic() - started < 10


def test_engine_returns_what_the_work_returns(state: ServeState) -> None:
    assert asyncio.run(Engine(state.store, timeout=30).call("len", _sleep, 0)) == len(state.store)


def test_any_web_page_may_read_the_server(client: TestClient) -> None:
    """A SPARQL editor or OpenRefine on another origin: CORS, with the preflight of a POST."""
    origin = {"Origin": "https://yasgui.example"}
    preflight = client.options(
        "/sparql",
        headers={
            **origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "POST" in preflight.headers["access-control-allow-methods"]
    for path in ("/sparql?query=ASK%7B%7D", "/reconcile", "/api/queries"):
        response = client.get(path, headers=origin)
        assert response.status_code == 200, path
        assert response.headers["access-control-allow-origin"] == "*"
