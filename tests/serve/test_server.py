"""The server over a real socket: while one query runs into its time limit, other clients keep
getting answers, and the server answers normally once that query is stopped."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import httpx2
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from lpkg.serve import create_app
from lpkg.serve.app import ServeState
from lpkg.serve.engine import Engine
from lpkg.store import Store
from tests.serve.server import running


def _stuck(store: Store, started: str) -> None:
    """A query that never ends on its own: says it started, then blocks."""
    Path(started).touch()
    while True:
        time.sleep(1)


def _count(store: Store) -> int:
    return len(store)


def test_others_keep_getting_answers_while_one_query_runs_into_its_limit(
    state: ServeState, allow_loopback: Callable[[int], tuple[str, int]], tmp_path: Path
) -> None:
    settings = replace(state.settings, timeout=5, workers=2, rate=10_000)
    engine = Engine(state.store, settings.timeout, settings.workers)
    app = create_app(settings, ServeState(settings, state.store, engine))
    started = tmp_path / "started"

    async def stuck(request: Request) -> PlainTextResponse:
        await engine.call("The stuck query", _stuck, str(started))
        return PlainTextResponse("never")

    async def count(request: Request) -> PlainTextResponse:
        return PlainTextResponse(str(await engine.call("Counting", _count)))

    app.router.routes.extend([Route("/stuck", stuck), Route("/count", count)])
    with (
        running(app, allow_loopback) as base,
        httpx2.Client(base_url=base, timeout=60) as client,
        httpx2.Client(base_url=base, timeout=60) as other,
        ThreadPoolExecutor(1) as pool,
    ):
        slow = pool.submit(other.get, "/stuck", headers={"Accept": "application/json"})
        while not started.exists():
            assert not slow.done(), slow.result().text
            time.sleep(0.01)
        meanwhile = [client.get("/count") for _ in range(10)]
        meanwhile.append(client.get("/nowhere", headers={"Accept": "application/json"}))
        in_flight = not slow.done()  # the answers above came while the stuck query ran
        stopped = slow.result()
        afterwards = [client.get("/count") for _ in range(3)]
    assert in_flight
    assert [r.status_code for r in meanwhile] == [200] * 10 + [404]
    assert {r.text for r in meanwhile[:10] + afterwards} == {str(len(state.store))}
    assert stopped.status_code == 503
    assert stopped.headers["content-type"] == "application/problem+json"
    assert stopped.json()["detail"] == (
        "The stuck query did not finish within 5 seconds and was stopped. "
        "Simplify it, or give more time with --timeout."
    )
    assert [r.status_code for r in afterwards] == [200] * 3
    for response in [*meanwhile, stopped, *afterwards]:
        assert "Traceback" not in response.text and 'File "' not in response.text
