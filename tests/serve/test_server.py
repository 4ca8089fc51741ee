"""The server over a real socket: while one query runs into its time limit, other clients keep
getting answers, and the server answers normally once that query is stopped."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import httpx2

from lpkg.serve import create_app
from lpkg.serve.app import ServeState
from lpkg.serve.engine import Engine
from tests.serve.server import running

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
"""About 4·10^11 solutions on the shipped dataset: runs until it is stopped."""
QUICK = 'ASK { lplace:most rdfs:label "Most"@cs }'


def test_others_keep_getting_answers_while_one_query_runs_into_its_limit(
    state: ServeState, allow_loopback: Callable[[int], tuple[str, int]]
) -> None:
    settings = replace(state.settings, timeout=15, workers=2, rate=10_000)
    engine = Engine(state.store, settings.timeout, settings.workers)
    app = create_app(settings, ServeState(settings, state.store, engine))
    json = {"Accept": "application/sparql-results+json"}
    with (
        running(app, allow_loopback) as base,
        httpx2.Client(base_url=base, timeout=60) as client,
        httpx2.Client(base_url=base, timeout=60) as other,
        ThreadPoolExecutor(1) as pool,
    ):
        slow = pool.submit(other.post, "/sparql", data={"query": SLOW}, headers=json)
        time.sleep(1)  # the slow query has its worker by now
        meanwhile = [
            client.get("/sparql", params={"query": QUICK}, headers=json) for _ in range(10)
        ]
        meanwhile.append(client.get("/nowhere", headers={"Accept": "application/json"}))
        in_flight = not slow.done()  # the answers above came while the slow query ran
        stopped = slow.result()
        afterwards = [
            client.get("/sparql", params={"query": QUICK}, headers=json) for _ in range(3)
        ]
    assert in_flight
    assert [r.status_code for r in meanwhile] == [200] * 10 + [404]
    assert all(r.json()["boolean"] is True for r in meanwhile[:10] + afterwards)
    assert stopped.status_code == 503
    assert stopped.headers["content-type"] == "application/problem+json"
    assert "did not finish within 15 seconds and was stopped" in stopped.json()["detail"]
    assert [r.status_code for r in afterwards] == [200] * 3
    for response in [*meanwhile, stopped, *afterwards]:
        assert "Traceback" not in response.text and 'File "' not in response.text
