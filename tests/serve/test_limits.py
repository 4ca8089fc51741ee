"""What one client may ask: requests per minute (429 with Retry-After), bytes per request (413)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from lpkg.serve import create_app
from lpkg.serve.app import ServeState
from lpkg.serve.limits import Buckets, Limits
from lpkg.serve.problems import EXCEPTION_HANDLERS


async def _length(request: Request) -> PlainTextResponse:
    return PlainTextResponse(str(len(await request.body())))


def _client(rate: int = 1000, max_body: int = 10, address: str = "10.0.0.1") -> TestClient:
    app = Starlette(
        routes=[Route("/length", _length, methods=["POST"])],
        middleware=[Middleware(Limits, rate=rate, max_body=max_body)],
        exception_handlers=EXCEPTION_HANDLERS,
    )
    return TestClient(app, client=(address, 40000))


def test_a_bucket_holds_the_rate_and_refills_at_the_rate_per_minute() -> None:
    buckets = Buckets(3)  # 3 a minute: a token every 20 seconds
    assert [buckets.take("a", now=100.0) for _ in range(3)] == [0, 0, 0]
    assert buckets.take("a", now=100.0) == 20
    assert buckets.take("a", now=110.0) == 10  # half a token is back
    assert buckets.take("b", now=110.0) == 0  # another client has its own bucket
    assert buckets.take("a", now=120.0) == 0
    assert buckets.take("a", now=120.0) == 20
    assert [buckets.take("a", now=1000.0) for _ in range(4)] == [0, 0, 0, 20]  # never over 3


def test_a_client_over_the_rate_gets_429_with_retry_after() -> None:
    client = _client(rate=2)
    assert [client.post("/length", content=b"x").status_code for _ in range(2)] == [200, 200]
    response = client.post("/length", content=b"x")
    assert response.status_code == 429
    assert response.headers["content-type"] == "application/problem+json"
    # 2 a minute: the next token comes 30 seconds after the last was taken
    assert 29 <= int(response.headers["retry-after"]) <= 30
    body = response.json()
    assert body["status"] == 429 and body["title"] == "Too many requests"
    assert "More than 2 requests a minute came from 10.0.0.1" in body["detail"]


def test_the_rate_is_counted_per_client() -> None:
    app = _client(rate=1).app
    first, second = TestClient(app, client=("10.0.0.1", 1)), TestClient(app, client=("10.0.0.2", 1))
    assert first.post("/length", content=b"x").status_code == 200
    assert first.post("/length", content=b"x").status_code == 429
    assert second.post("/length", content=b"x").status_code == 200


def test_a_body_up_to_the_limit_reaches_the_application() -> None:
    assert _client(max_body=10).post("/length", content=b"0123456789").text == "10"


def test_a_declared_length_over_the_limit_is_refused_with_413() -> None:
    response = _client(max_body=10).post("/length", content=b"0123456789!")
    assert response.status_code == 413
    assert response.json()["detail"] == (
        "The request body is larger than the 10 bytes this server accepts."
    )


def _chunks(*parts: bytes) -> Iterator[bytes]:
    yield from parts  # a generator: sent chunked, with no Content-Length


def test_a_streamed_body_is_counted_as_it_comes() -> None:
    client = _client(max_body=10)
    small = client.post("/length", content=_chunks(b"0123", b"4567", b"89"))
    assert (small.status_code, small.text) == (200, "10")
    large = client.post("/length", content=_chunks(b"0123", b"4567", b"89", b"!"))
    assert large.status_code == 413
    assert large.headers["content-type"] == "application/problem+json"


def test_a_browser_gets_the_limits_as_a_short_page() -> None:
    response = _client(max_body=1).post(
        "/length", content=b"too long", headers={"Accept": "text/html"}
    )
    assert response.status_code == 413
    assert "<h1>413 Request too large</h1>" in response.text


def test_the_server_applies_its_settings(state: ServeState) -> None:
    settings = replace(state.settings, rate=2, max_body=5)
    app = create_app(settings, ServeState(settings, state.store, state.engine))
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.post("/anything", content=b"123456").status_code == 413
        assert client.get("/anything").status_code == 404
        assert client.get("/anything").status_code == 429
