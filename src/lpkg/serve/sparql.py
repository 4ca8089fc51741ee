"""The SPARQL 1.1 Protocol at ``/sparql``: queries by GET and POST, read-only.

The request is read here (which query, which graphs, which format the client accepts); the query
is parsed, checked and answered in the engine (:func:`answer`), never in the server process: a
query that is slow to parse or evaluate is stopped at the deadline like any other. Updates are
refused (403), a malformed one with the parser's reason (400). ``GET /sparql`` without a query
describes the service (SPARQL 1.1 Service Description); a browser gets the query page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ..errors import ForbiddenQueryError, InputError, QuerySyntaxError
from ..escape import excerpt
from ..rdflib_sparql import parseUpdate
from ..store import GRAPH_FORMATS, RDFLIB_FORMATS, RESULT_FORMATS, Store, parse_query
from .problems import problem
from .sparql_page import query_page
from .sparql_page import routes as page_routes

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")

RESULT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
"""The media type of each of :data:`lpkg.store.RESULT_FORMATS` (SELECT, ASK), the default
first."""
GRAPH_TYPES = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
"""The media type of each of :data:`lpkg.store.GRAPH_FORMATS` (CONSTRUCT, DESCRIBE, the service
description), the default first."""
ALIASES = {"application/json": "json", "application/xml": "xml", "text/xml": "xml"}
"""Media types some clients send for SPARQL results, answered with the proper type."""
FORMAT_ALIASES = {
    "json-ld": "jsonld",
    "rdf+xml": "rdfxml",
    "rdf": "rdfxml",
    "xml": "rdfxml",
    "json": "jsonld",
    "ttl": "turtle",
    "n3": "turtle",  # Turtle is N3
    "nt": "ntriples",
    "n-triples": "ntriples",
}
"""Other names of the formats in the ``format`` parameter (SPARQLWrapper's, Virtuoso's); a
format's own name comes first (``xml`` for a SELECT is SPARQL XML, for a CONSTRUCT RDF/XML)."""
FORMAT_IRIS = {
    "json": FORMATS.SPARQL_Results_JSON,
    "xml": FORMATS.SPARQL_Results_XML,
    "csv": FORMATS.SPARQL_Results_CSV,
    "tsv": FORMATS.SPARQL_Results_TSV,
    "turtle": FORMATS.Turtle,
    "ntriples": FORMATS["N-Triples"],
    "jsonld": FORMATS["JSON-LD"],
    "rdfxml": FORMATS.RDF_XML,
}
"""The W3C's IRIs of the formats, for the service description."""

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
HTML = "text/html"
READ_ONLY = "This endpoint is read-only: SPARQL Update is refused."


class ReadOnlyError(ForbiddenQueryError):
    """An update sent to the endpoint (answered with 403)."""


class NotAcceptableError(InputError):
    """No format the client accepts fits the query's answer (answered with 406)."""


@dataclass(frozen=True)
class Answer:
    """What the engine sends back: the answer written in its format."""

    body: bytes
    media_type: str
    cut: bool
    """Whether rows (or triples) beyond ``settings.max_rows`` were left out."""


@dataclass(frozen=True)
class Asked:
    """A query request as the protocol gives it."""

    query: str
    accept: str | None
    formats: list[str]
    default_graphs: list[str] | None
    named_graphs: list[str] | None
    base_iri: str
    max_rows: int


def answer(store: Store, asked: Asked) -> Answer:
    """Run in the engine: ``asked.query`` parsed, checked, evaluated on ``store`` and written in
    the format the client prefers.

    Raises:
        ReadOnlyError: the query is an update.
        QuerySyntaxError: the query does not parse.
        NotAcceptableError: no accepted format fits the query's answer.
        ForbiddenQueryError: SERVICE, or a graph that is not the dataset's.
    """
    form = query_form(asked.query)
    types = GRAPH_TYPES if form in ("ConstructQuery", "DescribeQuery") else RESULT_TYPES
    name = choose(types, asked.accept, asked.formats)
    body, cut = store.results(
        asked.query,
        name,
        asked.max_rows,
        default_graphs=asked.default_graphs,
        named_graphs=asked.named_graphs,
        base_iri=asked.base_iri,
    )
    return Answer(body, types[name], cut)


def query_form(text: str) -> str:
    """The form of the query ``text`` as rdflib's algebra names it (``SelectQuery``, ...).

    Raises:
        ReadOnlyError: ``text`` is an update, not a query.
        QuerySyntaxError: neither.
    """
    try:
        return parse_query(text).algebra.name  # type: ignore[no-any-return]
    except Exception as err:  # pyparsing's errors, rdflib's bare Exception for a prefix
        reason = str(err)
    try:
        parseUpdate(text)
    except Exception:
        raise QuerySyntaxError("the query", reason) from None
    raise ReadOnlyError(READ_ONLY)


def refuse_update(store: Store, text: str) -> None:
    """Run in the engine: refuse the update ``text``, saying why (parsing may take long).

    Raises:
        QuerySyntaxError: the update does not parse.
        ReadOnlyError: it does.
    """
    try:
        parseUpdate(text)
    except Exception as err:
        raise QuerySyntaxError("the update", str(err)) from None
    raise ReadOnlyError(READ_ONLY)


def choose(types: dict[str, str], accept: str | None, formats: Sequence[str] = ()) -> str:
    """The name of the format of ``types`` to answer in: the first of the ``format``
    parameters that names one (by name or media type; clients such as SPARQLWrapper send
    several), else what the ``Accept`` header prefers.

    Raises:
        NotAcceptableError: no format of ``types`` is acceptable.
    """
    offered = [(m, n) for n, m in types.items()]
    offered += [(m, n) for m, n in ALIASES.items() if n in types]
    if formats:
        named = {a: n for a, n in FORMAT_ALIASES.items() if n in types}
        named |= {n: n for n in types} | dict(offered)
        for format in formats:
            if format.strip().lower() in named:
                return named[format.strip().lower()]
        raise NotAcceptableError(
            f"format={excerpt(formats[0])}: this query's answer can be given as {', '.join(types)}."
        )
    media = negotiate(accept, [m for m, _ in offered])
    if media is None:
        raise NotAcceptableError(
            f"None of the accepted media types ({excerpt(accept or '')}) fits this query's "
            f"answer; it can be given as {', '.join(types.values())} (or with the format "
            f"parameter: {', '.join(types)})."
        )
    return dict(offered)[media]


def negotiate(accept: str | None, offered: Sequence[str]) -> str | None:
    """The media type of ``offered`` that the ``Accept`` header prefers (RFC 9110, 12.5.1):
    the highest q-value of the most specific range that matches it; on a tie the earlier in
    ``offered``. No header, or an empty one: the first.

    >>> negotiate("text/csv;q=0.5, application/*;q=0.8", ["text/csv", "application/json"])
    'application/json'
    >>> negotiate("text/*, text/csv;q=0", ["text/csv", "text/turtle"])
    'text/turtle'
    >>> negotiate("image/png", ["text/csv"]) is None
    True
    """
    if not accept or not accept.strip():
        return offered[0] if offered else None
    ranges: list[tuple[str, float]] = []
    for part in accept.split(","):
        media, *params = part.split(";")
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((media.strip().lower(), q))
    best, best_q = None, 0.0
    for media in offered:
        specificity, q = -1, 0.0
        for pattern, pattern_q in ranges:
            if pattern == media:
                rank = 2
            elif pattern.endswith("/*") and media.startswith(pattern[:-1]):
                rank = 1
            elif pattern == "*/*":
                rank = 0
            else:
                continue
            if rank > specificity:
                specificity, q = rank, pattern_q
        if q > best_q:
            best, best_q = media, q
    return best


class Params:
    """The protocol's parameters of a request: the URL's, and a form body's."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.pairs = pairs

    def all(self, name: str) -> list[str]:
        return [v for k, v in self.pairs if k == name]

    def one(self, name: str) -> str | None:
        """The parameter ``name``, or None; more than once is the client's error."""
        values = self.all(name)
        if len(values) > 1:
            raise InputError(f"{name} is given {len(values)} times; give it once.")
        return values[0] if values else None

    def graphs(self, name: str) -> list[str] | None:
        return self.all(name) or None


async def sparql(request: Request) -> Response:
    state = request.app.state.lpkg
    params = Params(list(request.query_params.multi_items()))
    if request.method == "POST":
        refused = await _read_body(request, params, state.settings.max_body)
        if refused is not None:
            return refused
    updates = params.all("update")
    queries = params.all("query")
    if updates:
        if len(updates) > 1 or queries:
            return problem(request, 400, "Give one query or one update; " + READ_ONLY)
        try:
            await state.engine.call("the update", refuse_update, updates[0])
        except ReadOnlyError as err:
            return problem(request, 403, str(err))
    if not queries:
        if request.method == "POST":
            return problem(request, 400, "Give a query: query=... or a SPARQL query body.")
        return await _describe(request)
    asked = Asked(
        query=params.one("query") or "",
        accept=request.headers.get("accept"),
        formats=params.all("format"),
        default_graphs=params.graphs("default-graph-uri"),
        named_graphs=params.graphs("named-graph-uri"),
        base_iri=str(request.url_for("sparql")),
        max_rows=state.settings.max_rows,
    )
    try:
        result: Answer = await state.engine.call("the SPARQL query", answer, asked)
    except ReadOnlyError as err:
        return problem(request, 403, str(err))
    except NotAcceptableError as err:
        return problem(request, 406, str(err))
    headers = {"Vary": "Accept"}
    if result.cut:
        headers["Lpkg-Rows-Cut"] = str(state.settings.max_rows)
    return Response(result.body, media_type=result.media_type, headers=headers)


async def _read_body(request: Request, params: Params, max_body: int) -> Response | None:
    """Add the query or update a POST carries to ``params``; a problem if it cannot."""
    media, _, rest = request.headers.get("content-type", "").partition(";")
    media = media.strip().lower()
    charset = next(
        (
            v.strip().strip('"').lower()
            for k, _, v in (p.partition("=") for p in rest.split(";"))
            if k.strip().lower() == "charset"
        ),
        "utf-8",
    )
    if media not in (FORM, QUERY, UPDATE):
        return problem(
            request,
            415,
            f"POST a query as {FORM} (query=...) or as {QUERY}, not "
            f"{excerpt(media) if media else 'without a type'}.",
        )
    if charset not in ("utf-8", "utf8"):
        return problem(request, 415, f"Send the query in UTF-8, not {excerpt(charset)}.")
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > max_body:
        return _too_large(request, max_body)
    body = await request.body()
    if len(body) > max_body:
        return _too_large(request, max_body)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return problem(request, 400, "The request body is not UTF-8.")
    if media == FORM:
        params.pairs += parse_qsl(text, keep_blank_values=True)
    else:
        params.pairs.append(("query" if media == QUERY else "update", text))
    return None


def _too_large(request: Request, max_body: int) -> Response:
    return problem(request, 413, f"The request body is larger than {max_body:,} bytes.")


async def _describe(request: Request) -> Response:
    """The service description, or the query page for a browser."""
    if negotiate(request.headers.get("accept"), [*GRAPH_TYPES.values(), HTML]) == HTML:
        return await query_page(request)
    state = request.app.state.lpkg
    try:
        accept, formats = request.headers.get("accept"), request.query_params.getlist("format")
        name = choose(GRAPH_TYPES, accept, formats)
    except NotAcceptableError as err:
        return problem(request, 406, str(err))
    graphs = state.extra.get("sparql.graphs")
    if graphs is None:
        graphs = state.extra["sparql.graphs"] = await state.engine.call(
            "listing the graphs", _graph_names
        )
    description = service_description(str(request.url_for("sparql")), graphs)
    body = description.serialize(format=RDFLIB_FORMATS[name], encoding="utf-8")
    return Response(body, media_type=GRAPH_TYPES[name], headers={"Vary": "Accept"})


def _graph_names(store: Store) -> list[str]:
    return store.graph_names()


def service_description(endpoint: str, graphs: Sequence[str]) -> Graph:
    """A SPARQL 1.1 Service Description of the endpoint at ``endpoint`` whose default dataset
    has the named ``graphs``, and as default graph their union."""
    description = Graph(bind_namespaces="none")
    description.bind("sd", SD)
    description.bind("formats", FORMATS)
    description.bind("dcterms", DCTERMS)
    service, dataset, default = BNode("service"), BNode("dataset"), BNode("default")
    description.add((service, RDF.type, SD.Service))
    description.add((service, SD.endpoint, URIRef(endpoint)))
    description.add(
        (service, DCTERMS.title, Literal("lpkg: the Local Partnerships Knowledge Graph", lang="en"))
    )
    description.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    for name in (*RESULT_FORMATS, *GRAPH_FORMATS):
        description.add((service, SD.resultFormat, FORMAT_IRIS[name]))
    # a query sees the union of the named graphs as its default graph
    description.add((service, SD.feature, SD.UnionDefaultGraph))
    description.add((service, SD.defaultDataset, dataset))
    description.add((dataset, RDF.type, SD.Dataset))
    description.add((dataset, SD.defaultGraph, default))
    description.add((default, RDF.type, SD.Graph))
    for graph in graphs:
        named = BNode()
        description.add((dataset, SD.namedGraph, named))
        description.add((named, RDF.type, SD.NamedGraph))
        description.add((named, SD.name, URIRef(graph)))
    return description


def routes() -> list[BaseRoute]:
    return [Route("/sparql", sparql, methods=["GET", "POST"], name="sparql"), *page_routes()]
