"""Linked Data: every IRI of the dataset answers with its page or its description.

``https://w3id.org/lpkg/<rest>`` is served at ``/<rest>`` (``/id/place/most``; an ontology term
``…/ontology#town`` is served with the ontology at ``/ontology``, its own page at
``/ontology/town``). ``Accept`` chooses (q-values count; ``*/*`` gets the page): ``text/html``
the resource page, rendered with the static site's templates and view model
(:class:`lpkg.publish.site.Pages`); ``text/turtle``, ``application/ld+json``,
``application/n-triples`` the statements of the site's per-resource files; ``application/trig``
and ``application/n-quads`` the same statements, each in the graph of the page that states it.
The site's file names answer too (``/id/place/most.ttl``, ``…/most.html``), so the templates'
relative links work unchanged.

Links on pages lead to the server's own addresses. With ``--base URL`` the published namespace
is mapped onto ``URL`` in the RDF bodies as well, so that a client following an IRI of an answer
comes back here; without it the bodies keep the IRIs as published (they are the dataset's
identifiers, and a local copy should not mint others unasked).
"""

from __future__ import annotations

import difflib
import posixpath
import threading
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from ..fmt import canonical_trig, canonical_turtle
from ..load import load_dataset, new_dataset, new_graph
from ..namespaces import BASE
from ..publish.build import GRAPH_DUMPS
from ..publish.dumps import to_nquads, to_ntriples
from ..publish.metadata import DATASET, void_description
from ..publish.site import ONTOLOGY_IRI, Links, Pages, json_ld
from .problems import problem
from .release import PREFIX as RELEASE
from .release import open_release, release_of

HTML = "text/html"
FORMATS: dict[str, str] = {
    HTML: ".html",
    "text/turtle": ".ttl",
    "application/ld+json": ".jsonld",
    "application/n-triples": ".nt",
    "application/trig": ".trig",
    "application/n-quads": ".nq",
}
"""What a resource is offered as, in the order that breaks ties (a page first, for ``*/*``),
with the suffix of its file."""
RDF_FORMATS = [t for t in FORMATS if t != HTML]
_BY_SUFFIX = {suffix: media_type for media_type, suffix in FORMATS.items()}
CACHED = 2048
"""Rendered answers kept: most pages are 5–20 KB, so some tens of MB at most; a page not
in the cache takes some 10 ms to render."""

PARTS = [
    ("/resources.html", "Rejstřík zdrojů", "The register of every resource"),
    ("/query", "Dotazovací stránka", "The query page: SPARQL with the named queries as examples"),
    ("/sparql", "SPARQL endpoint", "SPARQL 1.1 Protocol and its service description"),
    ("/api/queries", "API pojmenovaných dotazů", "The named queries as a JSON API"),
    ("/openapi.json", "OpenAPI", "The API's OpenAPI 3.1 description"),
    ("/reconcile", "Rekonciliace", "Reconciliation Service API 0.2 for OpenRefine"),
    ("/ontology", "Ontologie", "The lpkg ontology and its vocabularies"),
]
"""The parts of the server the home page links to: (path, Czech, English)."""


def negotiate(accept: str | None, offered: list[str]) -> str | None:
    """The offered media type the ``Accept`` header rates highest (the most specific range that
    matches a type gives its q-value; ties go to the earlier offer); ``None`` if every offer is
    refused. No header accepts anything.

    >>> negotiate("text/turtle;q=0.9, application/ld+json", ["text/html", "text/turtle",
    ...           "application/ld+json"])
    'application/ld+json'
    >>> negotiate("text/*;q=0.5, */*;q=0.1", ["application/ld+json", "text/turtle"])
    'text/turtle'
    >>> negotiate("image/png", ["text/html"]) is None
    True
    >>> negotiate("text/html;q=0, */*", ["text/html", "text/turtle"])
    'text/turtle'
    """
    ranges: list[tuple[str, str, float]] = []
    for item in (accept or "*/*").split(","):
        media, *params = (part.strip() for part in item.split(";"))
        kind, _, sub = media.lower().partition("/")
        if not kind:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((kind, sub or "*", q))
    best, best_q = None, 0.0
    for offer in offered:
        kind, _, sub = offer.partition("/")
        matches = [
            (int(k != "*") + int(s != "*"), q)
            for k, s, q in ranges
            if k in ("*", kind) and s in ("*", sub)
        ]
        if matches:
            q = max(matches)[1]
            if q > best_q:
                best, best_q = offer, q
    return best


class ServerLinks(Links):
    """Links to the server's own addresses: ``prefix`` (``/``, or the ``--base`` URL) and the
    IRI's path for a page, the release's folder for a download."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def to(self, page: str, path: str) -> str:
        target, hash_, fragment = path.partition("#")
        if target.startswith("../"):
            return self.prefix + RELEASE.lstrip("/") + target[3:]
        stem = target.removesuffix(".html")
        address = "" if stem == "index" else quote(stem, safe="/._-~%")
        return self.prefix + address + hash_ + fragment

    def root(self, page: str) -> str:
        return self.prefix


class LinkedData:
    """The pages and descriptions of one dataset, rendered on demand and cached (bounded)."""

    def __init__(self, dataset: Dataset, *, version: str, base: str | None) -> None:
        from jinja2 import ChoiceLoader, PackageLoader

        self.base = base
        self.prefix = base or "/"
        links = ServerLinks(self.prefix)
        self.pages = Pages(dataset, version=version, base_url=self.prefix, links=links)
        # the server's own templates (home, not found) extend the site's base.html
        env = self.pages.env
        env.loader = ChoiceLoader([PackageLoader("lpkg.serve", "templates"), env.loader])
        self.iris: dict[str, URIRef] = {
            unquote(path.removesuffix(".html")): iri for iri, path in self.pages.paths.items()
        }
        """Each served path (without ``/``) and the IRI it answers for."""
        self.answer: Callable[[URIRef, str], bytes] = lru_cache(maxsize=CACHED)(self._answer)
        self.void: Callable[[str, tuple[str, ...]], Graph] = lru_cache(maxsize=4)(self._void)

    def _answer(self, iri: URIRef, media_type: str) -> bytes:
        statements = self.pages.description(iri)
        if media_type == HTML:
            return self.pages.page(iri, statements).encode("utf-8")
        return self.serialize(statements, media_type, self.pages.header(iri))

    def serialize(self, statements: Graph, media_type: str, header: str) -> bytes:
        """``statements`` as ``media_type``, their IRIs mapped onto ``--base`` if given."""
        if media_type in ("application/trig", "application/n-quads"):
            quads = self.local_dataset(self.pages.in_source_graphs(statements))
            if media_type == "application/trig":
                return canonical_trig(quads, header).encode("utf-8")
            return to_nquads(quads).encode("utf-8")
        triples = self.local(statements)
        if media_type == "text/turtle":
            return canonical_turtle(triples, header).encode("utf-8")
        if media_type == "application/ld+json":
            return json_ld(triples).encode("utf-8")
        return to_ntriples(triples).encode("utf-8")

    def local_term(self, term: Node) -> Node:
        if self.base and isinstance(term, URIRef) and term.startswith(BASE):
            return URIRef(self.base + term[len(BASE) :])
        return term

    def local(self, graph: Graph) -> Graph:
        if not self.base:
            return graph
        mapped = new_graph()
        for triple in graph:
            mapped.add(tuple(self.local_term(t) for t in triple))  # type: ignore[arg-type]
        return mapped

    def local_dataset(self, dataset: Dataset) -> Dataset:
        if not self.base:
            return dataset
        mapped = new_dataset()
        for s, p, o, g in dataset.quads():
            target = mapped.default_graph if g in (None, dataset.default_graph.identifier) else (
                mapped.graph(self.local_term(g))  # type: ignore[arg-type]
            )
            target.add((self.local_term(s), self.local_term(p), self.local_term(o)))
        return mapped

    def _void(self, url: str, dumps: tuple[str, ...]) -> Graph:
        """The dataset's VoID description as ``lpkg build`` writes it, ``dumps`` (the served
        release's) under ``url``."""
        return void_description(self.pages.graph, base_url=url, dumps=dumps)

    def suggestions(self, path: str) -> list[URIRef]:
        """Served IRIs whose paths are close to ``path`` (a typo, a missing folder)."""
        close = difflib.get_close_matches(path, list(self.iris), n=5, cutoff=0.6)
        return [self.iris[p] for p in close]

    def address(self, iri: URIRef) -> str:
        """The server's address of the page of ``iri``."""
        return self.pages.ctx.links.to("", self.pages.paths[iri])


_LOCK = threading.Lock()


async def linked_data(request: Request) -> LinkedData:
    """The state's :class:`LinkedData`, built on first use (a few seconds) in a thread."""
    state = request.app.state.lpkg
    found = state.extra.get("linked_data")
    if found is None:
        found = await run_in_threadpool(_build, state)
    return found  # type: ignore[no-any-return]


def _build(state: Any) -> LinkedData:
    with _LOCK:
        found = state.extra.get("linked_data")
        if found is None:
            release = state.settings.release
            # pages name the version of the release served, else that of the package
            version = open_release(Path(release)).version if release else package_version("lpkg")
            dataset = load_dataset(root=state.settings.root)
            found = LinkedData(dataset, version=version, base=state.settings.base)
            state.extra["linked_data"] = found
        return found  # type: ignore[no-any-return]


def _alternates(address: str, chosen: str) -> str:
    return ", ".join(
        f'<{address}{FORMATS[t]}>; rel="alternate"; type="{t}"' for t in FORMATS if t != chosen
    )


async def resource(request: Request) -> Response:
    """``/<path>``: the resource, negotiated; ``/<path>.<suffix>``: one of its files."""
    ld = await linked_data(request)
    path = request.path_params["path"]
    iri = ld.iris.get(path)
    media_type: str | None
    if iri is not None:
        media_type = negotiate(request.headers.get("accept"), list(FORMATS))
        if media_type is None:
            offered = ", ".join(FORMATS)
            return problem(request, 406, f"The resource is offered as {offered}.")
        stem = path
    else:
        stem, suffix = posixpath.splitext(path)
        media_type = _BY_SUFFIX.get(suffix)
        iri = ld.iris.get(stem) if media_type else None
        if iri is None:
            return await not_found(request, ld, path)
    body = await run_in_threadpool(ld.answer, iri, media_type)  # cached: microseconds
    address = ld.prefix + quote(stem, safe="/._-~")
    headers = {
        "Vary": "Accept",
        "Link": _alternates(address, media_type),
        "Content-Location": address + FORMATS[media_type],
    }
    return Response(body, media_type=_with_charset(media_type), headers=headers)


def _with_charset(media_type: str) -> str:
    return media_type if media_type.startswith("text/") else f"{media_type}; charset=utf-8"


async def not_found(request: Request, ld: LinkedData, path: str) -> Response:
    iri = BASE + path
    detail = (
        f"{iri} is not an IRI of the dataset (nothing is described at /{path}). Start from the "
        "home page (/), search by name on any page, list every resource at /resources.html, or "
        "ask at /query."
    )
    accept = request.headers.get("accept", "")
    if "text/html" not in accept or negotiate(accept, [HTML, "application/json"]) != HTML:
        return problem(request, 404, detail)
    renderer = ld.pages.renderer()
    context = renderer.common("", "Nenalezeno – Not found")
    suggestions = await run_in_threadpool(ld.suggestions, path)
    context.update(
        {
            "asked": iri,
            "path": "/" + path,
            "suggestions": [renderer.link(s, "") for s in suggestions],
        }
    )
    page = await run_in_threadpool(ld.pages.render, "not_found.html", context)
    return HTMLResponse(page, status_code=404)


async def home(request: Request) -> Response:
    """The home page; the dataset's VoID description in RDF."""
    ld = await linked_data(request)
    release = release_of(request)
    media_type = negotiate(request.headers.get("accept"), list(FORMATS))
    if media_type is None:
        return problem(request, 406, f"The home page is offered as {', '.join(FORMATS)}.")
    headers = {"Vary": "Accept"}
    if media_type != HTML:
        names = list(release.files) if release else []
        dumps = tuple(n for name in GRAPH_DUMPS for n in (name, name + ".gz") if n in names)
        # VoID's dumps are absolute IRIs: the --base address, else the one asked at
        url = (ld.base or str(request.base_url)) + RELEASE.lstrip("/")
        void = await run_in_threadpool(ld.void, url, dumps)
        body = await run_in_threadpool(ld.serialize, void, media_type, "# lpkg: VoID\n")
        return Response(body, media_type=_with_charset(media_type), headers=headers)
    renderer = ld.pages.renderer()
    context = renderer.common("", "Znalostní graf lokálních partnerství")
    context.update(
        {
            "parts": [
                {"href": ld.prefix + path.lstrip("/"), "path": path, "cs": cs, "en": en}
                for path, cs, en in PARTS
            ],
            "release": release,
            "release_prefix": ld.prefix + RELEASE.lstrip("/"),
            "dataset": ld.local_term(DATASET),
            "ontology": ld.address(ONTOLOGY_IRI),
        }
    )
    page = await run_in_threadpool(ld.pages.render, "home.html", context)
    return HTMLResponse(page, headers=headers)


async def register(request: Request) -> Response:
    ld = await linked_data(request)
    return HTMLResponse(await run_in_threadpool(_cached_register, ld))


@lru_cache(maxsize=1)
def _cached_register(ld: LinkedData) -> str:
    return ld.pages.register()


async def search_index(request: Request) -> Response:
    ld = await linked_data(request)
    text = await run_in_threadpool(_cached_search_index, ld)
    if request.url.path.endswith(".js"):
        return Response(f"window.LPKG_INDEX = {text};\n", media_type="text/javascript")
    return Response(text + "\n", media_type="application/json")


@lru_cache(maxsize=1)
def _cached_search_index(ld: LinkedData) -> str:
    return ld.pages.search_index()


async def static(request: Request) -> Response:
    """The site's stylesheet and search script (the files of lpkg.publish/static only)."""
    name = request.path_params["name"]
    folder = resources.files("lpkg.publish").joinpath("static")
    files = {item.name: item for item in folder.iterdir() if item.is_file()}
    item = files.get(name)
    if item is None or name.startswith("."):
        return problem(request, 404, f"No static file {name!r}.")
    media_type = "text/css" if name.endswith(".css") else "text/javascript"
    return Response(item.read_bytes(), media_type=media_type)


def _redirect(target: str) -> Callable[[Request], Any]:
    async def endpoint(request: Request) -> Response:
        return RedirectResponse(target, status_code=301)

    return endpoint


def routes() -> list[BaseRoute]:
    """The home page, the site's shared files, the release files, then every other path as an
    IRI of the dataset (last: it answers any path)."""
    from .release import routes as release_routes

    get = ["GET", "HEAD"]
    return [
        Route("/", home, methods=get),
        Route("/dataset", home, methods=get),
        Route("/index.html", _redirect("/"), methods=get),
        Route("/queries.html", _redirect("/query"), methods=get),
        Route("/resources.html", register, methods=get),
        Route("/search-index.json", search_index, methods=get),
        Route("/search-index.js", search_index, methods=get),
        Route("/static/{name}", static, methods=get),
        *release_routes(),
        Route("/{path:path}", resource, methods=get),
    ]
