"""The ASGI application: the dataset loaded once, the routes of every part of the server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import cached_property

from rdflib import Graph
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import BaseRoute

from ..load import load_graph
from ..queries import list_queries, prepare
from ..store import EndpointStore, Store, open_store
from . import sparql
from .engine import Engine
from .limits import Limits
from .problems import EXCEPTION_HANDLERS
from .settings import Settings


@dataclass
class ServeState:
    """What every route reads: ``request.app.state.lpkg``."""

    settings: Settings
    store: Store
    engine: Engine
    extra: dict[str, object] = field(default_factory=dict)

    @cached_property
    def graph(self) -> Graph:
        """The dataset as one rdflib graph, for what lpkg computes in Python (pages, the
        matcher); loaded on first use."""
        return load_graph(root=self.settings.root)


def open_state(settings: Settings) -> ServeState:
    """The dataset loaded as ``settings`` say.

    Raises:
        What :func:`lpkg.store.open_store` raises.
    """
    if settings.endpoint:
        store: Store = EndpointStore(settings.endpoint, timeout=settings.timeout)
    else:
        store = open_store(settings.store, root=settings.root)
        # Parsed once here, the named queries are parsed in every worker forked from now on
        # (rdflib takes up to half a second a query; lpkg.store.parse_query keeps them).
        for query in list_queries(settings.root):
            prepare(query)
    return ServeState(settings, store, Engine(store, settings.timeout, settings.workers))


def routes() -> list[BaseRoute]:
    """Every route of the server, from the modules of its parts."""
    from . import api, linked_data, reconcile

    found: list[BaseRoute] = []
    found += api.routes()
    found += reconcile.routes()
    found += sparql.routes()
    found += linked_data.routes()  # last: it answers any path of the dataset's namespace
    return found


def create_app(settings: Settings, state: ServeState | None = None) -> Starlette:
    """The application for ``settings``; ``state`` (the loaded dataset) is opened if not given.

    Raises:
        What :func:`open_state` raises, before the server starts listening.
    """
    state = state or open_state(settings)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        state.engine.close()

    # Any web page may read the dataset (a SPARQL editor such as YASGUI, OpenRefine in a browser):
    # it is public, read-only, and no request carries credentials.
    cors = Middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "HEAD", "POST"],
        allow_headers=["Accept", "Content-Type"],
        expose_headers=["Lpkg-Rows-Cut", "Retry-After"],
    )
    limits = Middleware(Limits, rate=settings.rate, max_body=settings.max_body)
    app = Starlette(
        routes=routes(),
        middleware=[cors, limits],
        exception_handlers=EXCEPTION_HANDLERS,
        lifespan=lifespan,
    )
    app.state.lpkg = state
    return app
