"""The query page (``/query``, and ``/sparql`` for a browser): an editor with the named queries
as examples, whose results are shown as a table. Its script and style are served from the
package (``static/``): the page works with no internet access."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from ..namespaces import BASE
from ..queries import list_queries

STATIC = Path(__file__).parent / "static"


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("lpkg.serve", "templates"), autoescape=select_autoescape()
    )


async def query_page(request: Request) -> Response:
    state = request.app.state.lpkg
    examples = state.extra.get("sparql.examples")
    if examples is None:  # read once: the queries do not change while the server runs
        examples = state.extra["sparql.examples"] = [
            {
                "name": q.name,
                "cs": q.titles.get("cs", q.name),
                "en": q.titles.get("en", q.name),
                "text": q.text,
            }
            for q in list_queries(state.settings.root)
        ]
    page = (
        _environment()
        .get_template("query.html")
        .render(
            examples=examples,
            endpoint=request.url_for("sparql").path,
            namespace=BASE,
            assets=request.url_for("query-assets", path="/").path,
        )
    )
    return HTMLResponse(page)


def routes() -> list[BaseRoute]:
    return [
        Route("/query", query_page, methods=["GET"], name="query"),
        Mount("/static/query", StaticFiles(directory=STATIC), name="query-assets"),
    ]
