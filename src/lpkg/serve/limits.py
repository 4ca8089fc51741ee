"""What one client may ask of the server: requests per minute, and bytes per request.

:class:`Limits` is ASGI middleware around the whole application. A client (an IP address) has a
token bucket of ``rate`` requests that refills at ``rate`` per minute: a burst up to the rate is
served, then requests are answered ``429`` with ``Retry-After`` until a token is back. A request
body is read before the application sees it, at most ``max_body`` bytes: a ``Content-Length``
over it, or a body that grows past it, is answered ``413`` without reading the rest.
"""

from __future__ import annotations

import math
import threading
import time

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .problems import problem


class Limits:
    """ASGI middleware: the rate limit per client, then the request-size limit."""

    def __init__(self, app: ASGIApp, *, rate: int, max_body: int) -> None:
        self.app = app
        self.max_body = max_body
        self.buckets = Buckets(rate)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = scope["client"][0] if scope.get("client") else ""
        wait = self.buckets.take(client)
        if wait:
            await _answer(
                scope,
                send,
                429,
                f"More than {self.buckets.rate} requests a minute came from {client}; "
                f"try again in {wait} seconds.",
                {"Retry-After": str(wait)},
            )
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_body:
            await _answer(scope, send, 413, self._too_large())
            return
        messages = await self._read_body(receive)
        if messages is None:
            await _answer(scope, send, 413, self._too_large())
            return

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)

    def _too_large(self) -> str:
        return f"The request body is larger than the {self.max_body:,} bytes this server accepts."

    async def _read_body(self, receive: Receive) -> list[Message] | None:
        """The messages of the request body, or None when it grows past ``max_body``."""
        messages: list[Message] = []
        size = 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":  # the client left: the app will see it
                return messages
            size += len(message.get("body", b""))
            if size > self.max_body:
                return None
            if not message.get("more_body", False):
                return messages


class Buckets:
    """A token bucket per client, in memory: ``rate`` tokens, refilled at ``rate`` a minute."""

    def __init__(self, rate: int) -> None:
        self.rate = rate
        self._lock = threading.Lock()
        self._buckets: dict[str, tuple[float, float]] = {}
        """client: (tokens, when they were counted)"""
        self._swept = time.monotonic()

    def take(self, client: str, now: float | None = None) -> int:
        """Take a token for ``client``: 0 if there was one, else the seconds until there is."""
        now = time.monotonic() if now is None else now
        per_second = self.rate / 60
        with self._lock:
            self._sweep(now)
            tokens, then = self._buckets.get(client, (float(self.rate), now))
            tokens = min(float(self.rate), tokens + (now - then) * per_second)
            if tokens >= 1:
                self._buckets[client] = (tokens - 1, now)
                return 0
            self._buckets[client] = (tokens, now)
            return max(1, math.ceil((1 - tokens) / per_second))

    def _sweep(self, now: float) -> None:
        """Forget clients whose bucket has refilled (every minute), so memory stays bounded
        by the clients of the last minute."""
        if now - self._swept < 60:
            return
        self._swept = now
        full = [c for c, (tokens, then) in self._buckets.items() if now - then >= 60]
        for client in full:
            del self._buckets[client]


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _answer(
    scope: Scope, send: Send, status: int, detail: str, headers: dict[str, str] | None = None
) -> None:
    async def nothing() -> Message:
        return {"type": "http.disconnect"}

    response = problem(Request(scope), status, detail, headers=headers)
    await response(scope, nothing, send)
