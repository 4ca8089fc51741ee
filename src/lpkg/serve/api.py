"""The JSON API over the named queries: ``/api/queries`` lists them, ``/api/queries/NAME``
answers one in JSON or CSV, with the parameters ``lpkg query`` takes (labels, CURIEs, IRIs; a
day, month or year) and its errors as ``400`` problems.

The query runs in the engine (:mod:`lpkg.serve.engine`), which stops it at the deadline; what
comes back from there is plain JSON values or CSV text, never a graph.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from ..infer import inferred_store
from ..queries import NamedQuery, QueryResult, list_queries, run_query
from ..results import render
from ..store import Store
from .problems import problem

LANGS = ("cs", "en")
FORMATS = {"json": "application/json", "csv": "text/csv; charset=utf-8"}
RESERVED = ("lang", "format")
"""Query-string parameters of every query's URL that are not the query's own."""
ROWS_CUT_HEADER = "Lpkg-Rows-Cut"


def named_queries(request: Request) -> dict[str, NamedQuery]:
    """The named queries by name, read from ``queries/`` once per server."""
    state = request.app.state.lpkg
    found = state.extra.get("queries")
    if found is None:
        found = state.extra["queries"] = {q.name: q for q in list_queries(state.settings.root)}
    return found  # type: ignore[no-any-return]


async def list_endpoint(request: Request) -> Response:
    queries = [describe(query, request) for query in named_queries(request).values()]
    return JSONResponse({"queries": queries})


def describe(query: NamedQuery, request: Request) -> dict[str, Any]:
    """What ``/api/queries`` says about one query."""
    return {
        "name": query.name,
        "title": {lang: query.title(lang) for lang in LANGS},
        "question": {lang: query.question(lang) for lang in LANGS},
        "parameters": [
            {
                "name": p.name,
                "description": p.description,
                "default": p.default,
                "kind": "date" if p.is_date else "resource",
                "class": None if p.cls is None else str(p.cls),
            }
            for p in query.params
        ],
        "requiresInference": query.requires_inference,
        "url": str(request.url_for("api_query", name=query.name)),
    }


async def query_endpoint(request: Request) -> Response:
    name = request.path_params["name"]
    query = named_queries(request).get(name)
    if query is None:
        return problem(
            request, 404, f"There is no named query {name!r}; GET /api/queries lists them."
        )
    given = request.query_params
    twice = sorted({k for k in given if len(given.getlist(k)) > 1})
    if twice:
        return problem(request, 400, f"The parameter {twice[0]!r} is given more than once.")
    lang = given.get("lang", "cs")
    if lang not in LANGS:
        return problem(request, 400, f"lang={lang!r}: give cs or en.")
    fmt = given.get("format") or _negotiate(request.headers.get("accept", ""))
    if fmt is None:
        return problem(request, 406, "This answers in JSON (application/json) or CSV (text/csv).")
    if fmt not in FORMATS:
        return problem(request, 400, f"format={fmt!r}: give json or csv.")
    values = {k: v for k, v in given.items() if k not in RESERVED}
    state = request.app.state.lpkg
    if query.requires_inference:
        # computed once, here, so that the engine's children inherit it (lpkg.limits forks)
        await run_in_threadpool(inferred, state.store)
    body, cut = await state.engine.call(
        f"The query {query.name}", answer, query, values, lang, fmt, state.settings.max_rows
    )
    headers = {ROWS_CUT_HEADER: str(state.settings.max_rows)} if cut else {}
    if fmt == "csv":
        return Response(body, media_type=FORMATS["csv"], headers=headers)
    return JSONResponse(body, headers=headers)


def _negotiate(accept: str) -> str | None:
    """json or csv by the ``Accept`` header (JSON when it allows both or says nothing)."""
    wanted = [part.split(";")[0].strip().lower() for part in accept.split(",") if part.strip()]
    if not wanted:
        return "json"
    for media in wanted:
        if media in ("application/json", "application/*", "*/*", "application/problem+json"):
            return "json"
        if media in ("text/csv", "text/*"):
            return "csv"
    return None


def answer(
    store: Store,
    query: NamedQuery,
    values: Mapping[str, str],
    lang: str,
    fmt: str,
    max_rows: int,
) -> tuple[Any, bool]:
    """The answer to ``query`` as a JSON document or CSV text, with at most ``max_rows`` rows,
    and whether rows were cut. Runs in the engine's worker.

    Raises:
        What :func:`lpkg.queries.run_query` raises.
    """
    if query.requires_inference:
        store = inferred(store)
    result = run_query(query, store, values, lang=lang)
    cut = len(result.rows) > max_rows
    result.rows = result.rows[:max_rows]
    if fmt == "csv":
        return render(result, "csv", lang=lang), cut
    return to_document(result, lang, cut), cut


def to_document(result: QueryResult, lang: str, truncated: bool) -> dict[str, Any]:
    """The JSON answer: the column names, one object per row keyed by them, ``truncated``."""
    names = result.column_names()
    rows = [
        {
            name: json_value(result, row.get(var), lang)
            for var, name in zip(result.variables, names, strict=True)
        }
        for row in result.rows
    ]
    return {"columns": names, "rows": rows, "truncated": truncated}


_NUMBERS = {XSD.integer, XSD.int, XSD.long, XSD.decimal, XSD.double, XSD.float,
            XSD.nonNegativeInteger, XSD.positiveInteger, XSD.short}  # fmt: skip


def json_value(result: QueryResult, term: Node | None, lang: str) -> Any:
    """An IRI as ``{"iri", "label"}``, a number or boolean literal as a JSON number or boolean,
    any other literal (dates too) as its text; ``None`` where the variable is unbound."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return {"iri": str(term), "label": result.label(term, lang)}
    if isinstance(term, BNode):
        return {"bnode": str(term)}
    assert isinstance(term, Literal)
    value = term.toPython() if term.datatype in _NUMBERS | {XSD.boolean} else None
    if isinstance(value, bool | int):
        return value
    if isinstance(value, float | Decimal) and value == value and abs(value) != float("inf"):
        return float(value)
    return str(term)


_INFERRED: weakref.WeakKeyDictionary[Store, Store] = weakref.WeakKeyDictionary()
_INFERRING = threading.Lock()


def inferred(store: Store) -> Store:
    """``store`` with what the ontology's axioms entail (lpkg.infer's rules), derived on first
    use in this process and kept: a query that needs inference must not pay for it each time.

    Raises:
        InputError: the store is an endpoint, which answers from what it holds.
    """
    with _INFERRING:
        if store not in _INFERRED:
            _INFERRED[store] = inferred_store(store)
        return _INFERRED[store]


def routes() -> list[BaseRoute]:
    """The API's routes and its OpenAPI description."""
    from .openapi import openapi_endpoint

    return [
        Route("/api/queries", list_endpoint, methods=["GET"], name="api_queries"),
        Route("/api/queries/{name}", query_endpoint, methods=["GET"], name="api_query"),
        Route("/openapi.json", openapi_endpoint, methods=["GET"], name="openapi"),
    ]
