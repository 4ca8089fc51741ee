"""The static website of a release: index, ontology reference, one page per resource, search."""

from __future__ import annotations

import json
import posixpath
import re
import shutil
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD
from rdflib.term import Node, Variable

from ..errors import UnknownQueryError
from ..fmt import PREDICATES_FIRST, PREDICATES_LAST, canonical_trig, canonical_turtle
from ..labels import curie
from ..load import new_dataset, new_graph
from ..namespaces import ADMS, BASE, EVENTTYPE, IDTYPE, LPKG, ORG, SCHEMA
from ..queries import NamedQuery, QueryResult, list_queries, resolve_params, run_query
from ..stats import stats
from . import Download
from .build import GRAPH_DUMPS
from .columns import column_names
from .dumps import context_for, to_jsonld, union_graph
from .network import collect, render_svg, to_dot

__all__ = ["ONTOLOGY_IRI", "Links", "Pages", "json_ld", "page_path", "write_site"]

ONTOLOGY_IRI = URIRef(BASE + "ontology")
SEARCH_INDEX_JSON = "search-index.json"
SEARCH_INDEX_JS = "search-index.js"
NETWORK_SVG = "network.svg"
QUERIES_PAGE = "queries.html"
BOTH_TOWNS = "both-towns"
ARES = "https://ares.gov.cz/ekonomicke-subjekty?ico="
"""The public business register's search page; an IČO appended finds the legal person."""

_SAFE_SEGMENT = re.compile(r"[A-Za-z0-9._~-]+\Z")
_LABELS = (SKOS.prefLabel, RDFS.label, DCTERMS.title)
_NAMES = (SKOS.altLabel, LPKG.formerName, SKOS.notation)
_SOURCES = (PROV.wasDerivedFrom, DCTERMS.source)
# statements are listed in the order of the canonical Turtle files
_FIRST = PREDICATES_FIRST
_LAST = (*PREDICATES_LAST, DCTERMS.source)
_ABOUT = (DCTERMS.description, ORG.purpose)
_WHERE = (LPKG.town, SCHEMA.areaServed, SCHEMA.location, PROV.atLocation)
_TIME_VALUES = (TIME.inXSDDate, TIME.inXSDgYearMonth, TIME.inXSDgYear, TIME.inXSDDateTime)
_PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)

KINDS: dict[str, tuple[str, str]] = {
    "partnership": ("Lokální partnerství", "Local partnerships"),
    "organization": ("Organizace", "Organizations"),
    "unit": ("Útvary organizací a pracovní skupiny", "Organizational units and working groups"),
    "place": ("Místa", "Places"),
    "project": ("Projekty a opatření", "Projects and measures"),
    "document": ("Dokumenty a plány", "Documents and plans"),
    "event": ("Události", "Events"),
    "post": ("Pozice", "Posts"),
    "programme": ("Programy", "Programmes"),
    "membership": ("Členství", "Memberships"),
    "scheme": ("Slovníky", "Concept schemes"),
    "concept": ("Pojmy slovníků", "Concepts"),
    "class": ("Třídy ontologie", "Ontology classes"),
    "property": ("Vlastnosti ontologie", "Ontology properties"),
    "ontology": ("Ontologie", "Ontology"),
    "other": ("Ostatní", "Other"),
}
"""The kinds of pages, in the order the register lists them: (Czech, English) names."""

_KIND_OF_FOLDER = {
    "partnership": "partnership",
    "organization": "organization",
    "place": "place",
    "project": "project",
    "document": "document",
    "event": "event",
    "post": "post",
    "programme": "programme",
    "membership": "membership",
}


def page_path(iri: Node) -> str | None:
    """The path, relative to the site folder, of the page of an lpkg IRI; ``None`` for others.

    The ontology and its version IRIs share the ontology reference page; each ontology term,
    concept scheme, concept and resource has a page of its own.

    >>> page_path(URIRef("https://w3id.org/lpkg/id/organization/most-k-nadeji"))
    'id/organization/most-k-nadeji.html'
    >>> page_path(URIRef("https://w3id.org/lpkg/ontology#LocalPartnership"))
    'ontology/LocalPartnership.html'
    >>> page_path(URIRef("https://w3id.org/lpkg/vocab/theme"))
    'vocab/theme.html'
    >>> page_path(URIRef("https://w3id.org/lpkg/ontology/0.1.0"))
    'ontology.html'
    >>> page_path(URIRef("https://www.charita-most.cz/")) is None
    True
    """
    if not isinstance(iri, URIRef) or not str(iri).startswith(BASE):
        return None
    rest = str(iri)[len(BASE) :]
    if rest == "ontology" or rest.startswith("ontology/"):
        return "ontology.html"
    if rest.startswith("ontology#"):
        local = rest[len("ontology#") :]
        return f"ontology/{_segment(local)}.html" if local else "ontology.html"
    if rest.startswith(("id/", "vocab/")):
        segments = [s for s in rest.split("/") if s]
        if len(segments) < 2:
            return None
        return "/".join(_segment(s) for s in segments) + ".html"
    return None


def _segment(text: str) -> str:
    return text if _SAFE_SEGMENT.match(text) else quote(text, safe="")


def relative(from_page: str, to_path: str) -> str:
    """The relative link from one site file to another (both relative to the site folder).

    >>> relative("id/organization/a.html", "ontology/Event.html")
    '../../ontology/Event.html'
    >>> relative("index.html", "id/place/most.html")
    'id/place/most.html'
    """
    target, _, fragment = to_path.partition("#")
    link = posixpath.relpath(target, posixpath.dirname(from_page) or ".")
    link = quote(link, safe="/._-~")
    return f"{link}#{fragment}" if fragment else link


def _sort_key(node: Node) -> tuple[int, str]:
    order = 0 if isinstance(node, URIRef) else 1 if isinstance(node, Literal) else 2
    return order, str(node)


@dataclass
class _Term:
    """An ontology class or property, or a term of another vocabulary the data uses."""

    iri: URIRef
    kind: str
    anchor: str
    uses: int = 0
    subjects: int = 0


Triple = tuple[Node, Node, Node]


class Links:
    """Where a page's links lead: here, the relative path between two files of the static site
    (so the site works from any folder and from file://); ``lpkg serve`` gives its pages links
    to its own addresses instead."""

    def to(self, page: str, path: str) -> str:
        """The link from the page ``page`` to the site file ``path`` (``#fragment`` kept)."""
        return relative(page, path)

    def root(self, page: str) -> str:
        """The prefix that the templates put before the site's top-level files
        (``{{ root }}index.html``, ``{{ root }}static/style.css``)."""
        return relative(page, "index.html")[: -len("index.html")]


@dataclass
class _Context:
    """Everything the pages share: the graph, where each statement comes from, the paged
    resources and the terms."""

    graph: Graph
    dataset: Dataset
    version: str
    base_url: str
    pages: dict[URIRef, str] = field(default_factory=dict)
    terms: dict[URIRef, _Term] = field(default_factory=dict)
    links: Links = field(default_factory=Links)
    known_labels: dict[Node, dict[str, str]] = field(default_factory=dict, repr=False)
    """The labels looked up so far: a page shows the labels of the same towns, types and
    partnerships as the pages before it."""

    def labels(self, node: Node) -> dict[str, str]:
        """The node's labels by language (:func:`_labels`); the same dict for every page
        that asks, so not to be changed."""
        found = self.known_labels.get(node)
        if found is None:
            found = self.known_labels[node] = _labels(self.graph, node)
        return found

    def label(self, node: Node, lang: str = "cs") -> str:
        return _pick(self.labels(node), node, lang)

    def sources(self, triple: Triple) -> set[URIRef]:
        """The named graphs (source pages) that hold a statement; none for the default graph's.
        Looked up in the dataset's store, not kept: a table of them took 0.4 KiB a statement."""
        return {
            graph.identifier
            for graph in self.dataset.store.contexts(triple)
            if isinstance(graph.identifier, URIRef)
            and graph.identifier != DATASET_DEFAULT_GRAPH_ID
        }


class Pages:
    """The pages and per-resource files of a dataset, rendered one at a time: :func:`write_site`
    writes them all, ``lpkg serve`` renders the one a request asks for. Rendering only reads,
    so one instance may render for several threads at once.

    Parameters are those of :func:`write_site`; ``links`` says where the pages' links lead;
    ``graph`` is the union of the dataset's graphs, if the caller has it.
    """

    def __init__(
        self,
        dataset: Dataset,
        *,
        version: str,
        base_url: str,
        links: Links | None = None,
        graph: Graph | None = None,
    ) -> None:
        from jinja2 import Environment, PackageLoader, StrictUndefined

        if graph is None:
            graph = union_graph(dataset)
        ctx = _Context(graph=graph, dataset=dataset, version=version, base_url=base_url)
        ctx.pages = _paged_resources(graph)
        ctx.terms = _terms(graph)
        ctx.links = links or Links()
        self.ctx = ctx
        self.env = Environment(
            loader=PackageLoader("lpkg.publish", "templates"),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )

    @property
    def graph(self) -> Graph:
        """The union of the dataset's graphs, which the pages show."""
        return self.ctx.graph

    @property
    def paths(self) -> dict[URIRef, str]:
        """Every IRI that has a page, with the page's path in the site folder."""
        return self.ctx.pages

    def renderer(self) -> _Renderer:
        # a renderer numbers the sources of the page it renders: one per page
        return _Renderer(self.ctx)

    def render(self, template: str, context: dict[str, Any]) -> str:
        return self.env.get_template(template).render(**context)

    def description(self, iri: URIRef) -> Graph:
        """The statements a page's RDF files hold: the ontology's, or the resource's
        (:func:`_resource_graph`)."""
        if iri == ONTOLOGY_IRI:
            return _ontology_graph(self.graph, self.ctx.terms)
        return _resource_graph(self.graph, iri)

    def header(self, iri: URIRef) -> str:
        """The comment that opens the Turtle and TriG of a page's resource."""
        if iri == ONTOLOGY_IRI:
            return f"# lpkg ontology\n# lpkg {self.ctx.version}\n"
        return f"# {self.ctx.label(iri, 'cs')} ({iri})\n# lpkg {self.ctx.version}\n"

    def in_source_graphs(self, statements: Graph) -> Dataset:
        """``statements``, each in the graphs of the pages that state it."""
        return _in_source_graphs(statements, self.ctx)

    def page(self, iri: URIRef, statements: Graph | None = None) -> str:
        """The HTML page of ``iri`` (one of :attr:`paths`); ``statements``: its
        :meth:`description`, if the caller has it."""
        if iri == ONTOLOGY_IRI:
            return self.render("ontology.html", self.renderer().ontology())
        if statements is None:
            statements = self.description(iri)
        context = self.renderer().resource(iri, self.ctx.pages[iri], statements)
        return self.render("resource.html", context)

    def register(self) -> str:
        """The register page: every paged resource by kind."""
        return self.render("resources.html", self.renderer().register())

    def search_index(self) -> str:
        """The search index as JSON (``search-index.json``; ``search-index.js`` wraps it)."""
        entries = self.renderer().search_entries()
        return json.dumps(entries, ensure_ascii=False, sort_keys=True, indent=0)


def write_site(
    site_dir: Path,
    dataset: Dataset,
    *,
    downloads: list[Download],
    version: str,
    base_url: str,
    root: Path,
    results: list[tuple[NamedQuery, QueryResult]] | None = None,
    graph: Graph | None = None,
) -> None:
    """Write the static website of a release into ``site_dir`` (created if missing).

    Parameters:
        site_dir: the folder to write (``DIR/site`` of a release).
        dataset: the asserted statements: the ontology and vocabularies, and the data, each
            statement in the graph named by the page that states it. The pages show the union
            of the graphs, each statement with its sources.
        downloads: the files of the release; their names are relative to the release folder,
            so the site links them as ``../{name}``.
        version: the release version, shown on every page.
        base_url: where the release is published.
        root: the project root, for the named queries.
        results: the named queries' answers, if the caller has them (a release build does);
            else they are computed here.
        graph: the union of the dataset's graphs, if the caller has it (else made here).

    The same inputs always give byte-identical files.

    Raises:
        GraphvizMissingError: Graphviz is not installed (the network picture needs it).
        LpkgError: a named query fails.
    """
    site_dir = Path(site_dir)
    site_dir.mkdir(parents=True, exist_ok=True)
    pages = Pages(dataset, version=version, base_url=base_url, graph=graph)
    ctx, graph = pages.ctx, pages.graph
    renderer = pages.renderer()

    def write(path: str, text: str) -> None:
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))

    _copy_static(site_dir)
    if results is None:
        results = _query_results(graph, root)
    both = _both_towns(results)
    svg = _network_svg(ctx, _both_towns_iris(both[1]))
    write(NETWORK_SVG, svg)
    index = renderer.index(downloads, both, svg)
    write("index.html", pages.render("index.html", index))
    write(QUERIES_PAGE, pages.render("queries.html", renderer.queries(downloads, results)))
    write("ontology.html", pages.page(ONTOLOGY_IRI))
    write("resources.html", pages.register())
    for iri, path in sorted(ctx.pages.items(), key=lambda item: item[1]):
        if iri == ONTOLOGY_IRI:
            continue
        subgraph = pages.description(iri)
        write(path, pages.page(iri, subgraph))
        stem = path[: -len(".html")]
        header = pages.header(iri)
        write(stem + ".ttl", canonical_turtle(subgraph, header))
        write(stem + ".jsonld", json_ld(subgraph))
        write(stem + ".trig", canonical_trig(pages.in_source_graphs(subgraph), header))
    ontology_graph = pages.description(ONTOLOGY_IRI)
    write("ontology.ttl", canonical_turtle(ontology_graph, pages.header(ONTOLOGY_IRI)))
    write("ontology.jsonld", json_ld(ontology_graph))
    index_json = pages.search_index()
    write(SEARCH_INDEX_JSON, index_json + "\n")
    write(SEARCH_INDEX_JS, f"window.LPKG_INDEX = {index_json};\n")


# --- what gets a page -------------------------------------------------------------------------


def _paged_resources(graph: Graph) -> dict[URIRef, str]:
    pages: dict[URIRef, str] = {ONTOLOGY_IRI: "ontology.html"}
    for subject in set(graph.subjects()):
        path = page_path(subject)
        if path is not None and isinstance(subject, URIRef) and subject not in pages:
            pages[subject] = path
    return pages


def _kind(graph: Graph, iri: URIRef) -> str:
    text = str(iri)
    if iri == ONTOLOGY_IRI:
        return "ontology"
    if text.startswith(str(LPKG)):
        types = set(graph.objects(iri, RDF.type))
        return "class" if OWL.Class in types or RDFS.Class in types else "property"
    if text.startswith(BASE + "vocab/"):
        return "concept" if (iri, RDF.type, SKOS.Concept) in graph else "scheme"
    folder = text[len(BASE) :].split("/")[1] if text.startswith(BASE + "id/") else ""
    kind = _KIND_OF_FOLDER.get(folder, "other")
    if kind == "organization" and (iri, ORG.unitOf, None) in graph:
        return "unit"
    return kind


def _terms(graph: Graph) -> dict[URIRef, _Term]:
    terms: dict[URIRef, _Term] = {}
    classes = {o for o in graph.objects(None, RDF.type) if isinstance(o, URIRef)}
    classes |= {s for s in graph.subjects(RDF.type, OWL.Class) if isinstance(s, URIRef)}
    classes |= {o for o in graph.objects(None, RDFS.subClassOf) if isinstance(o, URIRef)}
    properties = {p for p in graph.predicates() if isinstance(p, URIRef)}
    for prop_type in _PROPERTY_TYPES:
        properties |= {s for s in graph.subjects(RDF.type, prop_type) if isinstance(s, URIRef)}
    properties |= {o for o in graph.objects(None, RDFS.subPropertyOf) if isinstance(o, URIRef)}
    for iri in sorted(classes):
        instances = {s for s in graph.subjects(RDF.type, iri)}
        terms[iri] = _Term(iri, "class", _anchor(iri), len(instances), len(instances))
    for iri in sorted(properties - classes):
        triples = list(graph.subject_objects(iri))
        terms[iri] = _Term(
            iri, "property", _anchor(iri), len(triples), len({s for s, _ in triples})
        )
    return terms


def _anchor(iri: URIRef) -> str:
    """The id of a term's section on the ontology page: an own term's local name, so that its IRI
    ``…/ontology#Term`` lands there; ``term-`` and the CURIE for the terms of other vocabularies.

    >>> _anchor(LPKG.listedName), _anchor(ORG.unitOf)
    ('listedName', 'term-org-unitOf')
    """
    if iri.startswith(str(LPKG)):
        return iri[len(str(LPKG)) :]
    return "term-" + re.sub(r"[^A-Za-z0-9_-]+", "-", curie(iri).strip("<>"))


def _both_towns(
    results: list[tuple[NamedQuery, QueryResult]],
) -> tuple[NamedQuery, QueryResult]:
    """The query the dataset was built for, which the home page leads with."""
    for query, result in results:
        if query.name == BOTH_TOWNS:
            return query, result
    raise UnknownQueryError(BOTH_TOWNS, [q.name for q, _ in results])


def _both_towns_iris(result: QueryResult) -> list[URIRef]:
    return sorted({r["organization"] for r in result.rows if isinstance(r["organization"], URIRef)})


def _query_results(graph: Graph, root: Path) -> list[tuple[NamedQuery, QueryResult]]:
    inferred: Graph | None = None
    results = []
    for query in list_queries(root):
        target = graph
        if query.requires_inference:
            if inferred is None:
                from ..infer import infer

                inferred = infer(graph)
            target = inferred
        results.append((query, run_query(query, target)))
    return results


def _network_svg(ctx: _Context, both: Iterable[URIRef]) -> str:
    network = collect(ctx.graph, both)
    pages = ctx.pages

    def href(iri: URIRef) -> str | None:
        path = pages.get(iri)
        return relative("index.html", path) if path else None

    return render_svg(to_dot(network, ctx.graph, href))


def _copy_static(site_dir: Path) -> None:
    target = site_dir / "static"
    target.mkdir(parents=True, exist_ok=True)
    static = resources.files("lpkg.publish").joinpath("static")
    for item in sorted(static.iterdir(), key=lambda i: i.name):
        if item.is_file() and not item.name.startswith("."):
            with resources.as_file(item) as source:
                shutil.copyfile(source, target / item.name)


# --- the triples of one resource --------------------------------------------------------------


def _resource_graph(graph: Graph, iri: URIRef) -> Graph:
    """What a reader of one resource's file needs: its description and the statements of other
    resources that point at it, with the whole description of a membership that has it as
    ``org:member`` (so an organization's file says which partnership it is a member of, as its
    page does)."""
    sub = _description(graph, iri)
    for subject, predicate in graph.subject_predicates(iri):
        if not isinstance(subject, URIRef):
            continue
        sub.add((subject, predicate, iri))
        if predicate == ORG.member and (subject, RDF.type, ORG.Membership) in graph:
            sub += _description(graph, subject)
    return sub


def _in_source_graphs(sub: Graph, ctx: _Context) -> Dataset:
    """The statements of ``sub``, each in the graphs of the pages that state it (in the default
    graph when no page does: the ontology's and the vocabularies' own)."""
    dataset = new_dataset()
    for triple in sub:
        names = ctx.sources(triple)
        if not names:
            dataset.default_graph.add(triple)
        for name in names:
            dataset.graph(name).add(triple)
    return dataset


def _ontology_graph(graph: Graph, terms: Iterable[URIRef]) -> Graph:
    """The ontology: the descriptions of the ontology IRI and of every class and property (the
    statements ontology/lpkg.ttl makes, including those about ORG's terms)."""
    sub = _description(graph, ONTOLOGY_IRI)
    for term in terms:
        sub += _description(graph, term)
    return sub


def _description(graph: Graph, iri: URIRef) -> Graph:
    """The resource's triples and those of the blank nodes it reaches."""
    sub = new_graph()
    todo: list[Node] = [iri]
    seen: set[Node] = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for p, o in graph.predicate_objects(node):
            sub.add((node, p, o))
            if isinstance(o, BNode):
                todo.append(o)
    return sub


def json_ld(sub: Graph) -> str:
    """JSON-LD of one resource, with a context as the release's ``lpkg.jsonld`` has."""
    return to_jsonld(sub, context_for(sub))


# --- labels -----------------------------------------------------------------------------------


def _labels(graph: Graph, node: Node) -> dict[str, str]:
    """Labels by language (``""`` for none), the first label property that has one winning."""
    found: dict[str, str] = {}
    for prop in _LABELS:
        for value in sorted(graph.objects(node, prop), key=str):
            if isinstance(value, Literal):
                found.setdefault(value.language or "", str(value))
    return found


def _pick(labels: dict[str, str], node: Node, lang: str) -> str:
    """The label in ``lang``, else Czech, English or untagged; else the node as text."""
    for key in (lang, "cs", "en", ""):
        if key in labels:
            return labels[key]
    if isinstance(node, URIRef):
        text = curie(node)
        return str(node) if text.startswith("<") else text
    return str(node)


def _content(graph: Graph, node: Node, seen: frozenset[Node] = frozenset()) -> str:
    """What a blank node says, as text, so blank nodes sort the same in every run (their ids
    are random)."""
    if not isinstance(node, BNode):
        return node.n3()
    if node in seen:
        return "[]"
    inner = seen | {node}
    return "[" + " ; ".join(
        sorted(f"{p.n3()} {_content(graph, o, inner)}" for p, o in graph.predicate_objects(node))
    ) + "]"


def _when(graph: Graph, node: Node) -> str:
    """A short text for the time of an event or the span of a plan, e.g. ``2010-02`` or
    ``– 2019``."""
    parts = []
    for time in sorted(graph.objects(node, TIME.hasTime), key=lambda t: _content(graph, t)):
        parts.append(_time_text(graph, time))
    return "; ".join(p for p in parts if p)


def _time_text(graph: Graph, time: Node) -> str:
    for prop in _TIME_VALUES:
        for value in graph.objects(time, prop):
            return str(value)
    begin = next((_time_text(graph, b) for b in graph.objects(time, TIME.hasBeginning)), "")
    end = next((_time_text(graph, e) for e in graph.objects(time, TIME.hasEnd)), "")
    if begin or end:
        return f"{begin} – {end}".strip()
    return ""


# --- view models ------------------------------------------------------------------------------


class _Renderer:
    """Turns the graph into the plain dictionaries the templates show."""

    def __init__(self, ctx: _Context) -> None:
        self.ctx = ctx
        self.graph = ctx.graph
        self.citations: dict[URIRef, int] = {}
        """The number of each source cited on the resource page being rendered."""

    # shared pieces

    def common(self, page: str, title: str) -> dict[str, Any]:
        return {
            "root": self.ctx.links.root(page),
            "page": page,
            "title": title,
            "version": self.ctx.version,
            "base_url": self.ctx.base_url,
            "alternates": [],
        }

    @staticmethod
    def alternates(stem: str, *, trig: bool = False) -> list[dict[str, str]]:
        """The ``<link rel="alternate">`` of a page whose RDF is ``stem.ttl`` and
        ``stem.jsonld`` (and, with ``trig``, ``stem.trig``: the same statements in the graphs
        of their sources)."""
        links = [
            {"href": stem + ".ttl", "type": "text/turtle"},
            {"href": stem + ".jsonld", "type": "application/ld+json"},
        ]
        return [*links, {"href": stem + ".trig", "type": "application/trig"}] if trig else links

    def href(self, node: Node, page: str) -> str | None:
        if not isinstance(node, URIRef):
            return None
        path = self.ctx.pages.get(node) or page_path(node)
        if path is not None:
            return self.ctx.links.to(page, path)
        term = self.ctx.terms.get(node)
        if term is not None:
            return self.ctx.links.to(page, f"ontology.html#{term.anchor}")
        return None

    def link(self, node: Node, page: str) -> dict[str, Any]:
        """A value as the templates show it: a link, an outside link, a literal or nested rows."""
        graph = self.graph
        if isinstance(node, URIRef):
            href = self.href(node, page)
            labels = self.ctx.labels(node)
            if href is not None:
                internal_term = node in self.ctx.terms and node not in self.ctx.pages
                text = curie(node) if internal_term and not labels else self.ctx.label(node)
                return {
                    "kind": "link",
                    "href": href,
                    "text": text,
                    "en": labels.get("en") if labels.get("en") != text else None,
                    "iri": str(node),
                }
            if str(node).startswith(("http://", "https://")):
                text = self.ctx.label(node) if labels else str(node)
                return {"kind": "external", "href": str(node), "text": text, "iri": str(node)}
            return {"kind": "text", "text": str(node)}
        if isinstance(node, Literal):
            datatype = None
            if node.datatype is not None and node.datatype != XSD.string:
                datatype = curie(node.datatype)
            return {"kind": "literal", "text": str(node), "lang": node.language, "dt": datatype}
        if (node, RDF.first, None) in graph:
            items = [self.link(v, page) for v in Collection(graph, node)]
            return {"kind": "list", "items": items}
        return {"kind": "bnode", "rows": self.rows(node, page, nested=True)}

    def prop(self, predicate: URIRef, page: str) -> dict[str, Any]:
        labels = self.ctx.labels(predicate)
        return {
            "href": self.href(predicate, page),
            "text": labels.get("cs") or curie(predicate),
            "en": labels.get("en"),
            "curie": curie(predicate),
        }

    def rows(self, node: Node, page: str, *, nested: bool = False) -> list[dict[str, Any]]:
        """Every property of ``node`` with its values: the generic table of a page."""
        graph = self.graph

        def order(p: URIRef) -> tuple[int, str]:
            if p in _FIRST:
                return 0, f"{_FIRST.index(p):02d}"
            if p in _LAST:
                return 2, f"{_LAST.index(p):02d}"
            return 1, curie(p)

        predicates = sorted({p for p in graph.predicates(node) if isinstance(p, URIRef)}, key=order)
        out = []
        for p in predicates:
            values = sorted(graph.objects(node, p), key=lambda v: self._value_key(v))
            cited = [{**self.link(v, page), "refs": self.refs((node, p, v))} for v in values]
            out.append({"prop": self.prop(p, page), "values": cited})
        return out

    def _value_key(self, value: Node) -> tuple[int, str, str]:
        if isinstance(value, Literal):
            # Czech first, then English, then the rest
            lang = value.language or ""
            rank = {"cs": "0", "en": "1"}.get(lang, "2" + lang)
            return 1, rank, str(value)
        if isinstance(value, URIRef):
            return 0, self.ctx.label(value), str(value)
        return 2, _content(self.graph, value), ""

    def cite(self, iri: URIRef, statements: Graph, page: str) -> list[dict[str, Any]]:
        """Number the sources of the page of ``iri``, which lists ``statements``: the pages whose
        graphs hold them, and those the resource cites (``prov:wasDerivedFrom``), by title;
        :meth:`refs` then gives each statement the numbers of its sources."""
        graph = self.graph
        found = {name for triple in statements for name in self.ctx.sources(triple)}
        found |= {o for p in _SOURCES for o in graph.objects(iri, p) if isinstance(o, URIRef)}
        ordered = sorted(found, key=lambda o: (self.ctx.label(o), str(o)))
        self.citations = {source: number for number, source in enumerate(ordered, 1)}
        return [{"n": n, "link": self.link(source, page)} for n, source in enumerate(ordered, 1)]

    def refs(self, *triples: Triple) -> list[dict[str, Any]]:
        """The numbers of the cited sources that state any of ``triples``, as superscript
        references (empty outside a resource page, and for the ontology's own statements)."""
        names = {name for triple in triples for name in self.ctx.sources(triple)}
        numbers = sorted(self.citations[name] for name in names if name in self.citations)
        by_number = {n: source for source, n in self.citations.items()}
        return [{"n": n, "title": self.ctx.label(by_number[n])} for n in numbers]

    def values(self, node: Node, predicate: URIRef, page: str) -> list[dict[str, Any]]:
        return [self.link(v, page) for v in sorted(self.graph.objects(node, predicate))]

    def resource_list(self, nodes: Iterable[Node], page: str) -> list[dict[str, Any]]:
        unique = {n for n in nodes if isinstance(n, URIRef)}
        return [
            self.link(n, page)
            for n in sorted(unique, key=lambda n: (self.ctx.label(n), str(n)))
        ]

    # pages

    def resource(self, iri: URIRef, page: str, statements: Graph) -> dict[str, Any]:
        """The view of a resource page that lists ``statements`` (its description, those that
        point at it and its memberships), each fact with its sources."""
        graph = self.graph
        sources = self.cite(iri, statements, page)
        labels = self.ctx.labels(iri)
        title = self.ctx.label(iri, "cs")
        kind = _kind(graph, iri)
        stem = posixpath.basename(page)[: -len(".html")]
        context = self.common(page, title)
        context.update(
            {
                "iri": str(iri),
                "curie": curie(iri),
                "label_cs": labels.get("cs") or labels.get("") or title,
                "label_en": labels.get("en"),
                "kind": kind,
                "kind_names": KINDS[kind],
                "types": self.resource_list(graph.objects(iri, RDF.type), page),
                "ttl": quote(stem) + ".ttl",
                "jsonld": quote(stem) + ".jsonld",
                "trig": quote(stem) + ".trig",
                "alternates": self.alternates(quote(stem), trig=True),
                "other_names": self._other_names(iri, page),
                "memberships": self._memberships_of(iri, page),
                "members": self._members_of(iri, page),
                "parents": self._parents(iri, page),
                "units": [
                    {**unit, "refs": self.refs((URIRef(unit["iri"]), ORG.unitOf, iri))}
                    for unit in self.resource_list(graph.subjects(ORG.unitOf, iri), page)
                ],
                "towns": self._towns_served(iri, page),
                "summary": self._summary(iri, page),
                "activities": self._activities(iri, page),
                "term": self._term(iri, page) if kind in ("class", "property") else None,
                "scheme": self._scheme(iri, page) if kind == "scheme" else None,
                "sources": sources,
                "rows": self.rows(iri, page),
                "incoming": self._incoming(iri, page),
                "when": _when(graph, iri),
            }
        )
        return context

    def _other_names(self, iri: URIRef, page: str) -> list[dict[str, Any]]:
        names = []
        for prop in _NAMES:
            for value in sorted(self.graph.objects(iri, prop), key=str):
                if isinstance(value, Literal):
                    names.append(
                        {
                            "text": str(value),
                            "lang": value.language,
                            "prop": self.prop(prop, page),
                            "refs": self.refs((iri, prop, value)),
                        }
                    )
        return names

    def _memberships_of(self, iri: URIRef, page: str) -> list[dict[str, Any]]:
        graph = self.graph
        rows = []
        for membership in graph.subjects(ORG.member, iri):
            partnerships = sorted(graph.objects(membership, ORG.organization), key=str)
            rows.append(
                {
                    "partnership": [self.link(p, page) for p in partnerships],
                    "listed": sorted(str(n) for n in graph.objects(membership, LPKG.listedName)),
                    "listed_refs": self.refs(
                        *(
                            (membership, LPKG.listedName, n)
                            for n in graph.objects(membership, LPKG.listedName)
                        )
                    ),
                    "membership": self.link(membership, page),
                    "units": self.resource_list(
                        graph.objects(membership, LPKG.participatingUnit), page
                    ),
                    "refs": self.refs((membership, ORG.member, iri)),
                }
            )
        return sorted(rows, key=lambda r: (r["membership"].get("href") or "",))

    def _members_of(self, iri: URIRef, page: str) -> list[dict[str, Any]]:
        graph = self.graph
        if (iri, RDF.type, LPKG.LocalPartnership) not in graph:
            return []
        rows = []
        for membership in graph.subjects(ORG.organization, iri):
            if (membership, RDF.type, ORG.Membership) not in graph:
                continue
            members = sorted(graph.objects(membership, ORG.member), key=str)
            parents = {p for m in members for p in graph.objects(m, ORG.unitOf)}
            rows.append(
                {
                    "member": [self.link(m, page) for m in members],
                    "sort": " ".join(self.ctx.label(m) for m in members),
                    "listed": sorted(str(n) for n in graph.objects(membership, LPKG.listedName)),
                    "membership": self.link(membership, page),
                    "parents": self.resource_list(parents, page),
                    "refs": self.refs((membership, ORG.organization, iri)),
                }
            )
        return sorted(rows, key=lambda r: (r["sort"], r["membership"].get("href") or ""))

    def _parents(self, iri: URIRef, page: str) -> list[dict[str, Any]]:
        """The chain of bodies the resource is a unit of, nearest first."""
        chain: list[dict[str, Any]] = []
        seen: list[Node] = []
        node: Node = iri
        while True:
            parents = sorted(o for o in self.graph.objects(node, ORG.unitOf) if o not in seen)
            if not parents or parents[0] == iri:
                break
            link = {
                **self.link(parents[0], page),
                "refs": self.refs((node, ORG.unitOf, parents[0])),
            }
            node = parents[0]
            seen.append(node)
            chain.append(link)
        return chain

    def _ties(self, iri: URIRef) -> dict[URIRef, set[URIRef]]:
        """The partnerships the organization takes part in, each with the members through which
        it does: itself, or units of it (at any depth); empty for what is not an organization."""
        graph = self.graph
        if (iri, RDF.type, ORG.Organization) not in graph and (iri, ORG.member, None) in graph:
            return {}
        descendants = {iri}
        todo = [iri]
        while todo:
            for unit in graph.subjects(ORG.unitOf, todo.pop()):
                if unit not in descendants:
                    descendants.add(unit)  # type: ignore[arg-type]
                    todo.append(unit)  # type: ignore[arg-type]
        ties: dict[URIRef, set[URIRef]] = defaultdict(set)
        for member in descendants:
            for membership in graph.subjects(ORG.member, member):
                for partnership in graph.objects(membership, ORG.organization):
                    ties[partnership].add(member)  # type: ignore[index]
        return ties

    def _tie_row(self, iri: URIRef, members: set[URIRef], page: str) -> dict[str, Any]:
        via = sorted(m for m in members if m != iri)
        return {"direct": iri in members, "via": [self.link(v, page) for v in via]}

    def _towns_served(self, iri: URIRef, page: str) -> list[dict[str, Any]]:
        """The towns the organization serves, from memberships of it or of its units, without
        inference (as lpkg:servesTown would derive)."""
        graph = self.graph
        ties = self._ties(iri)
        rows = []
        for partnership in sorted(ties):
            for town in graph.objects(partnership, LPKG.town):
                row = self._tie_row(iri, ties[partnership], page)
                row |= {"town": self.link(town, page), "partnership": self.link(partnership, page)}
                rows.append((self.ctx.label(town), str(town), str(partnership), row))
        return [row for *_, row in sorted(rows, key=lambda r: r[:3])]

    # the opening summary of a resource page

    def _summary(self, iri: URIRef, page: str) -> dict[str, Any]:
        """What a visitor wants first: what the resource is (its description, place, and each
        classification with the scheme it comes from), the partnerships it is in, its founding
        and its identifiers."""
        graph = self.graph
        return {
            "about": [
                {**self.link(v, page), "refs": self.refs(*((iri, p, v) for p in _ABOUT))}
                for v in sorted(
                    {v for prop in _ABOUT for v in graph.objects(iri, prop)}, key=self._value_key
                )
            ],
            "places": self.resource_list(
                (v for prop in _WHERE for v in graph.objects(iri, prop)), page
            ),
            "classifications": self._classifications(iri, page),
            "partnerships": self._partnerships(iri, page),
            "founding": self._founding(iri, page),
            "identifiers": self._identifiers(iri, page),
        }

    def _classifications(self, iri: URIRef, page: str) -> list[dict[str, Any]]:
        graph = self.graph
        rows = []
        for predicate, concept in graph.predicate_objects(iri):
            schemes = list(graph.objects(concept, SKOS.inScheme))
            if isinstance(predicate, URIRef) and schemes:
                rows.append(
                    {
                        "prop": self.prop(predicate, page),
                        "concept": self.link(concept, page),
                        "schemes": self.resource_list(schemes, page),
                        "refs": self.refs((iri, predicate, concept)),
                    }
                )
        # two schemes may name their concepts alike (legal form "obec", type "obec"): the IRI
        # breaks the tie, so the order does not depend on the hash seed
        return sorted(
            rows,
            key=lambda r: (r["prop"]["curie"], r["concept"]["text"], r["concept"].get("iri", "")),
        )

    def _partnerships(self, iri: URIRef, page: str) -> list[dict[str, Any]]:
        """The partnerships of an organization (directly or through its units), of a membership,
        or of an event, document, project or working group."""
        graph = self.graph
        ties = self._ties(iri)
        named = {*graph.objects(iri, LPKG.partnership), *graph.objects(iri, ORG.unitOf)}
        if (iri, RDF.type, ORG.Membership) in graph:
            named |= set(graph.objects(iri, ORG.organization))
        for partnership in named:
            if (partnership, RDF.type, LPKG.LocalPartnership) in graph:
                ties.setdefault(partnership, set())  # type: ignore[arg-type]
        return [
            {"link": self.link(p, page), **self._tie_row(iri, ties[p], page)}
            for p in sorted(ties, key=lambda p: (self.ctx.label(p), str(p)))
        ]

    def _founding(self, iri: URIRef, page: str) -> list[dict[str, Any]]:
        """The founding date, and the founding events that resulted in the resource."""
        graph = self.graph
        dates = [
            {"date": self.link(d, page), "refs": self.refs((iri, SCHEMA.foundingDate, d))}
            for d in sorted(graph.objects(iri, SCHEMA.foundingDate))
        ]
        events = [
            {
                "date": None,
                "link": self.link(e, page),
                "when": _when(graph, e),
                "refs": self.refs((e, ORG.resultingOrganization, iri)),
            }
            for e in sorted(graph.subjects(ORG.resultingOrganization, iri), key=str)
            if (e, DCTERMS.type, EVENTTYPE.founding) in graph
        ]
        return [*dates, *events]

    def _identifiers(self, iri: URIRef, page: str) -> list[dict[str, Any]]:
        """The identifiers of the resource; an IČO links to the public business register."""
        graph = self.graph
        rows = []
        for identifier in graph.objects(iri, ADMS.identifier):
            kinds = sorted(graph.objects(identifier, DCTERMS.type), key=str)
            for notation in sorted(graph.objects(identifier, SKOS.notation), key=str):
                ico = IDTYPE.ico in kinds
                rows.append(
                    {
                        "kinds": self.resource_list(kinds, page),
                        "notation": str(notation),
                        "href": ARES + quote(str(notation)) if ico else None,
                        "refs": self.refs(
                            (iri, ADMS.identifier, identifier),
                            (identifier, SKOS.notation, notation),
                        ),
                    }
                )
        return sorted(rows, key=lambda r: r["notation"])

    def _activities(self, iri: URIRef, page: str) -> list[dict[str, Any]]:
        graph = self.graph
        groups: dict[str, list[URIRef]] = defaultdict(list)
        for subject in graph.subjects(LPKG.partnership, iri):
            if isinstance(subject, URIRef):
                groups[_kind(graph, subject)].append(subject)
        out = []
        for kind in KINDS:
            if kind not in groups:
                continue
            items = []
            for s in sorted(set(groups[kind]), key=lambda s: (_when(graph, s), self.ctx.label(s))):
                items.append(
                    {
                        "link": self.link(s, page),
                        "when": _when(graph, s),
                        "refs": self.refs((s, LPKG.partnership, iri)),
                    }
                )
            out.append({"names": KINDS[kind], "items": items})
        return out

    def _incoming(self, iri: URIRef, page: str) -> list[dict[str, Any]]:
        graph = self.graph
        rows = []
        for subject, predicate in graph.subject_predicates(iri):
            if not isinstance(subject, URIRef) or not isinstance(predicate, URIRef):
                continue
            rows.append(
                (self.ctx.label(subject), str(subject), curie(predicate), subject, predicate)
            )
        rows.sort(key=lambda r: (r[2], r[0], r[1]))
        return [
            {
                "subject": self.link(r[3], page),
                "prop": self.prop(r[4], page),
                "refs": self.refs((r[3], r[4], iri)),
            }
            for r in rows
        ]

    def _term(self, iri: URIRef, page: str) -> dict[str, Any]:
        graph = self.graph
        term = self.ctx.terms.get(iri)
        labels = self.ctx.labels(iri)
        definitions = {
            (d.language or ""): str(d)
            for d in graph.objects(iri, SKOS.definition)
            if isinstance(d, Literal)
        }
        if term is None or term.kind == "class":
            sup, sub = RDFS.subClassOf, RDFS.subClassOf
        else:
            sup, sub = RDFS.subPropertyOf, RDFS.subPropertyOf
        return {
            "iri": str(iri),
            "curie": curie(iri),
            "anchor": term.anchor if term else _anchor(iri),
            "kind": term.kind if term else "class",
            "href": self.href(iri, page) if iri in self.ctx.pages else None,
            "label_cs": labels.get("cs"),
            "label_en": labels.get("en"),
            "definition_cs": definitions.get("cs"),
            "definition_en": definitions.get("en"),
            "types": self.resource_list(graph.objects(iri, RDF.type), page),
            "domain": self.resource_list(graph.objects(iri, RDFS.domain), page),
            "range": self.resource_list(graph.objects(iri, RDFS.range), page),
            "super": self.resource_list(graph.objects(iri, sup), page),
            "sub": self.resource_list(graph.subjects(sub, iri), page),
            "inverse": self.resource_list(
                [*graph.objects(iri, OWL.inverseOf), *graph.subjects(OWL.inverseOf, iri)], page
            ),
            "uses": term.uses if term else 0,
            "subjects": term.subjects if term else 0,
        }

    def _scheme(self, iri: URIRef, page: str) -> dict[str, Any]:
        graph = self.graph
        labels = self.ctx.labels(iri)
        definitions = {
            (d.language or ""): str(d)
            for d in graph.objects(iri, SKOS.definition)
            if isinstance(d, Literal)
        }
        concepts = []
        total = 0
        for concept in sorted(set(graph.subjects(SKOS.inScheme, iri)), key=str):
            concept_labels = self.ctx.labels(concept)
            concept_definitions = {
                (d.language or ""): str(d)
                for d in graph.objects(concept, SKOS.definition)
                if isinstance(d, Literal)
            }
            uses = self._concept_uses(concept)
            total += uses
            concepts.append(
                {
                    "link": self.link(concept, page),
                    "notation": sorted(str(n) for n in graph.objects(concept, SKOS.notation)),
                    "label_cs": concept_labels.get("cs"),
                    "label_en": concept_labels.get("en"),
                    "definition_cs": concept_definitions.get("cs"),
                    "definition_en": concept_definitions.get("en"),
                    "uses": uses,
                }
            )
        concepts.sort(key=lambda c: (c["label_cs"] or "", c["link"]["href"]))
        return {
            "iri": str(iri),
            "href": self.href(iri, page),
            "anchor": _anchor(iri),
            "label_cs": labels.get("cs"),
            "label_en": labels.get("en"),
            "definition_cs": definitions.get("cs"),
            "definition_en": definitions.get("en"),
            "concepts": concepts,
            "uses": total,
        }

    def _concept_uses(self, concept: Node) -> int:
        skip = {SKOS.inScheme, SKOS.topConceptOf, SKOS.hasTopConcept, SKOS.broader, SKOS.narrower}
        return len({s for s, p in self.graph.subject_predicates(concept) if p not in skip})

    def ontology(self) -> dict[str, Any]:
        graph = self.graph
        page = "ontology.html"
        context = self.common(page, "Ontologie lpkg – lpkg ontology")
        own = [t for t in self.ctx.terms.values() if str(t.iri).startswith(str(LPKG))]
        others = [t for t in self.ctx.terms.values() if not str(t.iri).startswith(str(LPKG))]
        schemes = sorted(
            (s for s in graph.subjects(RDF.type, SKOS.ConceptScheme) if isinstance(s, URIRef)),
            key=str,
        )
        context.update(
            {
                "ontology": {
                    "labels": self.ctx.labels(ONTOLOGY_IRI),
                    "rows": self.rows(ONTOLOGY_IRI, page),
                },
                "classes": [self._term(t.iri, page) for t in own if t.kind == "class"],
                "properties": [self._term(t.iri, page) for t in own if t.kind == "property"],
                "schemes": [self._scheme(s, page) for s in schemes],
                "other_classes": [self._term(t.iri, page) for t in others if t.kind == "class"],
                "other_properties": [
                    self._term(t.iri, page) for t in others if t.kind == "property"
                ],
                "ttl": "ontology.ttl",
                "jsonld": "ontology.jsonld",
                "alternates": self.alternates("ontology"),
            }
        )
        return context

    def register(self) -> dict[str, Any]:
        page = "resources.html"
        context = self.common(page, "Rejstřík – Register of resources")
        groups: dict[str, list[URIRef]] = defaultdict(list)
        for iri in self.ctx.pages:
            groups[_kind(self.graph, iri)].append(iri)
        context["groups"] = [
            {"kind": kind, "names": KINDS[kind], "items": self.resource_list(groups[kind], page)}
            for kind in KINDS
            if kind in groups
        ]
        return context

    def index(
        self,
        downloads: list[Download],
        both: tuple[NamedQuery, QueryResult],
        svg: str,
    ) -> dict[str, Any]:
        graph = self.graph
        page = "index.html"
        context = self.common(page, "Znalostní graf lokálních partnerství")
        counts = stats(graph)
        description = {
            (d.language or ""): str(d)
            for d in graph.objects(ONTOLOGY_IRI, DCTERMS.description)
            if isinstance(d, Literal)
        }
        primary = {
            o
            for p in graph.subjects(RDF.type, LPKG.LocalPartnership)
            for o in graph.objects(p, PROV.wasDerivedFrom)
        }
        documents = {s for s in graph.subjects(RDF.type, PROV.Entity) if isinstance(s, URIRef)}
        cited = {o for o in graph.objects(None, PROV.wasDerivedFrom) if isinstance(o, URIRef)}
        counted_kinds = [
            "partnership",
            "organization",
            "unit",
            "membership",
            "place",
            "project",
            "document",
            "event",
            "post",
            "programme",
            "scheme",
            "concept",
            "class",
            "property",
        ]
        by_kind: dict[str, int] = defaultdict(int)
        for iri in self.ctx.pages:
            by_kind[_kind(graph, iri)] += 1
        files = self._downloads(downloads, page)
        context.update(
            {
                "description_cs": description.get("cs", ""),
                "description_en": description.get("en", ""),
                "license": self.resource_list(graph.objects(ONTOLOGY_IRI, DCTERMS.license), page),
                "triples": counts.triples,
                "kind_counts": [
                    {"names": KINDS[k], "count": by_kind[k]} for k in counted_kinds if by_kind[k]
                ],
                "partnerships": [
                    {
                        "link": self.link(p, page),
                        "members": n,
                        "town": self.resource_list(graph.objects(p, LPKG.town), page),
                        "founded": self.values(p, SCHEMA.foundingDate, page),
                    }
                    for p, n in counts.memberships.items()
                ],
                "primary_sources": self.resource_list(primary, page),
                "sources": self.resource_list(documents | cited, page),
                "downloads": files,
                "alternates": [
                    {"href": d["href"], "type": d["media_type"]}
                    for d in files
                    if d["name"] in GRAPH_DUMPS
                ],
                "svg": svg,
                "both": self._both(*both, files, page),
                "both_towns": _both_towns_iris(both[1]),
            }
        )
        return context

    def _both(
        self, query: NamedQuery, result: QueryResult, files: list[dict[str, Any]], page: str
    ) -> dict[str, Any]:
        """The answer the home page leads with; a column the query's header heads by a
        parameter (``# heading ?how1: ?town1``) is headed by the town that parameter names."""
        answer = self._query(query, result, files, page)
        towns = {p["name"]: p["link"] for p in answer["params"]}
        for column in answer["columns"]:
            column["town"] = towns.get(query.headings.get(column["name"], ""))
        return answer

    def queries(
        self, downloads: list[Download], results: list[tuple[NamedQuery, QueryResult]]
    ) -> dict[str, Any]:
        """The page of the named queries: each answer as a table, with its CSV and JSON."""
        page = QUERIES_PAGE
        context = self.common(page, "Pojmenované dotazy – Named queries")
        files = self._downloads(downloads, page)
        context["queries"] = [self._query(q, r, files, page) for q, r in results]
        return context

    @staticmethod
    def _downloads(downloads: list[Download], page: str) -> list[dict[str, Any]]:
        return [
            {
                "href": relative(page, "../" + d.name),
                "name": d.name,
                "title": d.title,
                "media_type": d.media_type,
                "size": d.size,
                "size_text": _size(d.size),
                "sha256": d.sha256,
            }
            for d in sorted(downloads, key=lambda d: d.name)
        ]

    def _query(
        self,
        query: NamedQuery,
        result: QueryResult,
        files: list[dict[str, Any]],
        page: str,
    ) -> dict[str, Any]:
        rows = []
        for row in result.rows:
            cells = []
            for var in result.variables:
                term = row.get(var)
                cells.append(None if term is None else self.link(term, page))
            rows.append(cells)
        bindings = resolve_params(query, self.graph, {})
        params = [
            {
                "name": p.name,
                "value": p.default,
                "text": p.description,
                "link": self.link(bindings[Variable(p.name)], page),
            }
            for p in query.params
            if p.default is not None
        ]
        # the release writes each answer as queries/NAME.csv and .json beside the site
        stem = f"queries/{query.name}."
        return {
            "name": query.name,
            "title_cs": query.titles.get("cs") or query.title("en"),
            "title_en": query.titles.get("en"),
            "question_cs": query.questions.get("cs"),
            "question_en": query.questions.get("en"),
            "inference": query.requires_inference,
            "columns": [
                {
                    "name": v,
                    "names": column_names(v),
                    "text": query.columns.get(v, ""),
                    "town": None,
                }
                for v in result.variables
            ],
            "rows": rows,
            "params": params,
            "files": [f for f in files if f["name"] in (stem + "csv", stem + "json")],
        }

    def search_entries(self) -> list[dict[str, Any]]:
        """One entry per page: its path, labels, kind, other names (listed, former, alt, the
        identifiers such as the IČO, and for a partnership the name of its town, which is what
        people call it) and whether it is boosted (partnerships and towns, what most searches
        are after)."""
        graph = self.graph
        entries = []
        for iri, path in sorted(self.ctx.pages.items(), key=lambda item: item[1]):
            labels = self.ctx.labels(iri)
            names = {
                str(v) for p in (*_NAMES, RDFS.label, SKOS.prefLabel) for v in graph.objects(iri, p)
            }
            for membership in graph.subjects(ORG.member, iri):
                names |= {str(n) for n in graph.objects(membership, LPKG.listedName)}
            for identifier in graph.objects(iri, ADMS.identifier):
                names |= {str(n) for n in graph.objects(identifier, SKOS.notation)}
            for town in graph.objects(iri, LPKG.town):
                names |= set(self.ctx.labels(town).values())
            label = labels.get("cs") or labels.get("") or self.ctx.label(iri)
            kind = _kind(graph, iri)
            names.discard(label)
            entries.append(
                {
                    "p": path,
                    "l": label,
                    "e": labels.get("en") if labels.get("en") != label else None,
                    "k": KINDS[kind][0],
                    "r": list(KINDS).index(kind),
                    "b": kind == "partnership" or (iri, RDF.type, SCHEMA.City) in graph,
                    "n": sorted(names),
                }
            )
        return entries


def _size(size: int) -> str:
    """A byte count for people.

    >>> _size(512), _size(2048), _size(3_500_000)
    ('512 B', '2.0 KiB', '3.3 MiB')
    """
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KiB"
    return f"{size / 1024 / 1024:.1f} MiB"
