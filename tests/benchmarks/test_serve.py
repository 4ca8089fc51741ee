"""benchmarks/serve.py: how it counts answers, errors and the slow query's 503s, and that a mix
whose route is missing is skipped with a note (against a tiny server of the test's own)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from tests import benchmark
from tests.serve.server import running

serve = benchmark("serve")


async def _answer(request: Request) -> PlainTextResponse:
    return PlainTextResponse("x", status_code=int(request.query_params.get("status", "200")))


APP = Starlette(routes=[Route("/answer", _answer, methods=["GET", "POST"])])


def _run(mix: object, allow_loopback: Callable[[int], tuple[str, int]]) -> object:
    with running(APP, allow_loopback) as base:
        return asyncio.run(serve.run_mix(base, mix, 30, 3, lambda: 1000))


def test_answers_are_timed_and_failures_counted_by_status_and_path(
    allow_loopback: Callable[[int], tuple[str, int]],
) -> None:
    ok = ("GET", "/answer", {}, None)
    failing = ("POST", "/answer?status=500", {}, {"a": "b"})
    outcome = _run(serve.Mix("m", [ok, ok, failing]), allow_loopback)
    assert len(outcome.latencies) == 30 and outcome.seconds > 0
    assert outcome.errors == {"500 /answer": 10}  # every third of 30 requests
    assert outcome.peak == 1000 and not outcome.note
    line = serve.row("test", "m", outcome)
    assert line.startswith("| m | test | 30 | ")
    assert line.endswith("| 10 | 0 | 10× 500 /answer; load 0.0 |")


def test_the_slow_query_is_counted_apart(allow_loopback: Callable[[int], tuple[str, int]]) -> None:
    slow = ("GET", "/answer?status=503", {}, None)
    outcome = _run(serve.Mix("m", [("GET", "/answer", {}, None)], [slow]), allow_loopback)
    assert len(outcome.latencies) == 30 and outcome.errors == {}
    assert set(outcome.slow) == {503} and outcome.slow[503] >= 1


def test_a_mix_whose_route_is_missing_is_skipped(
    allow_loopback: Callable[[int], tuple[str, int]],
) -> None:
    outcome = _run(serve.Mix("m", [("GET", "/sparql?query=x", {}, None)]), allow_loopback)
    assert outcome.latencies == [] and outcome.note == "skipped: /sparql answered 404"
    assert serve.row("test", "m", outcome).endswith("| skipped: /sparql answered 404 |")


def test_memory_is_counted_over_the_process_tree() -> None:
    own = serve.tree_pss(os.getpid())
    assert own > 10 * 2**20  # a Python with rdflib loaded
    assert serve.tree_pss(2**22 + 1) == 0  # above the largest pid Linux gives: no such process
