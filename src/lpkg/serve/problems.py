"""Errors as RFC 9457 problem details: JSON for programs, a short page for browsers.

No traceback reaches a client: an unexpected exception becomes a 500 problem that names no
internals, and the traceback goes to the server's log.
"""

from __future__ import annotations

import logging
from html import escape

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from ..errors import LimitError, LpkgError

log = logging.getLogger("lpkg.serve")

PROBLEM_JSON = "application/problem+json"

TITLES = {
    400: "Bad request",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    413: "Request too large",
    415: "Unsupported media type",
    429: "Too many requests",
    500: "Server error",
    503: "Service unavailable",
}


def problem(
    request: Request,
    status: int,
    detail: str,
    *,
    title: str | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """A problem answer to ``request``: an HTML page if the client prefers HTML (a browser),
    else ``application/problem+json``."""
    title = title or TITLES.get(status, "Error")
    if _prefers_html(request):
        page = (
            f"<!doctype html><html lang=en><meta charset=utf-8><title>{escape(title)}</title>"
            f"<h1>{status} {escape(title)}</h1><p>{escape(detail)}</p>"
            '<p><a href="/">lpkg: the Local Partnerships Knowledge Graph</a></p></html>'
        )
        return HTMLResponse(page, status_code=status, headers=headers)
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


def _prefers_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept and not request.url.path.startswith("/api/")


async def on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return problem(
        request,
        exc.status_code,
        exc.detail or TITLES.get(exc.status_code, "Error"),
        headers=exc.headers,
    )


async def on_lpkg_error(request: Request, exc: Exception) -> Response:
    """lpkg's typed errors: a query that ran out of time or memory is the server's limit (503),
    anything else is the request's fault (400)."""
    assert isinstance(exc, LpkgError)
    status = 503 if isinstance(exc, LimitError) else 400
    return problem(request, status, str(exc))


async def on_bug(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error answering %s %s", request.method, request.url.path)
    return problem(request, 500, "The server failed unexpectedly; the error has been logged.")


EXCEPTION_HANDLERS = {
    HTTPException: on_http_error,
    LpkgError: on_lpkg_error,
    Exception: on_bug,
}
