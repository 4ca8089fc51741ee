"""The Reconciliation Service API v0.2 (W3C Entity Reconciliation Community Group) for
OpenRefine: the manifest and reconciliation queries at ``/reconcile``, ``/suggest/entity`` and
``/preview``, over the matcher of ``lpkg match`` (:class:`lpkg.match.NameIndex`).

The matcher runs in the server process (in a thread): it is bounded work over the dataset's own
names, under a millisecond a name, and a batch has at most :data:`MAX_BATCH` queries of at most
:data:`MAX_NAME` characters. A candidate is a ``match`` only where ``lpkg match`` would accept it
(a score at its threshold or above) and no other candidate would be accepted as well: OpenRefine
matches a cell to a ``match`` without asking.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Route

from ..errors import InputError
from ..labels import curie, label_of
from ..match import DEFAULT_THRESHOLD, ORGANIZATION_CLASSES, Candidate, NameIndex
from ..namespaces import ADMS, IDTYPE, LORG, LPKG, ORG, PREFIXES
from ..queries import normalize
from .problems import problem

MAX_BATCH = 100
"""Queries one request may hold (OpenRefine sends 10 at a time)."""
MAX_NAME = 500
"""Characters a name may have; the longest name of an organization in the data has 144."""
MAX_LIMIT = 25
DEFAULT_LIMIT = 5
"""Candidates per query, as ``lpkg match --limit``."""
SUGGESTIONS = 10
PROPERTIES = {
    "town": "a town the organization serves (a label such as Most, or its IRI)",
    "ico": "the organization's IČO (identification number)",
}
"""The property ids a query may give: what narrows the candidates."""


@dataclass
class Reconciler:
    """What reconciliation reads, derived from the dataset once: the name index and, per
    organization, its classes, the towns it serves and its IČOs."""

    graph: Graph
    index: NameIndex
    types: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    towns: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    icos: dict[URIRef, set[str]] = field(default_factory=dict)
    town_names: dict[URIRef, set[str]] = field(default_factory=dict)

    @classmethod
    def from_graph(cls, graph: Graph) -> Reconciler:
        found = cls(graph, NameIndex.from_graph(graph, lang="cs"))
        for kind in ORGANIZATION_CLASSES:
            for iri in graph.subjects(RDF.type, kind):
                if iri in found.index.labels:
                    found.types.setdefault(iri, set()).add(kind)  # type: ignore[arg-type]
        # lpkg:servesTown without inference: a member of a partnership in the town, or an
        # organization one of whose units (at any depth) is
        for membership in set(graph.subjects(ORG.member, None)):
            partnership = graph.value(membership, ORG.organization)
            town = graph.value(partnership, LPKG.town) if partnership is not None else None
            if not isinstance(town, URIRef):
                continue
            for member in graph.objects(membership, ORG.member):
                for served_by in graph.transitive_objects(member, ORG.unitOf):
                    found.towns.setdefault(served_by, set()).add(town)  # type: ignore[arg-type]
        for town in set().union(*found.towns.values()):
            labels = {normalize(str(label)) for label in graph.objects(town, RDFS.label)}
            found.town_names[town] = {str(town), *labels}
        for iri in found.index.labels:
            for identifier in graph.objects(iri, ADMS.identifier):
                if graph.value(identifier, DCTERMS.type) == IDTYPE.ico:
                    notation = graph.value(identifier, SKOS.notation)
                    found.icos.setdefault(iri, set()).add(_ico(str(notation)))
        return found

    def reconcile(self, query: Query) -> list[dict[str, Any]]:
        """The candidates for one query, best first, as the API's result objects."""
        if query.name.strip():
            found = self.index.match(query.name, limit=len(self.index.labels), threshold=0.0)
            scored = [(c.iri, c.score, c) for c in found]
        else:
            score = 100.0 if query.icos else 50.0
            scored = [(iri, score, None) for iri in self._by_properties(query)]
        fitting = [s for s in scored if self._fits(s[0], query)]
        accepted = [iri for iri, score, c in fitting if c and score >= DEFAULT_THRESHOLD]
        sure = accepted[0] if len(accepted) == 1 else None
        kept = fitting[: query.limit]
        return [self._result(iri, score, c, iri == sure) for iri, score, c in kept]

    def _by_properties(self, query: Query) -> list[URIRef]:
        """Without a name: the organizations with a given IČO, else every one serving a given
        town, by label."""
        if query.icos:
            found = [iri for iri, icos in self.icos.items() if icos & query.icos]
        else:
            found = list(self.index.labels)
        return sorted(found, key=lambda iri: (self.index.labels[iri], str(iri)))

    def _fits(self, iri: URIRef, query: Query) -> bool:
        if query.types and not self.types.get(iri, set()) & query.types:
            return False
        if query.towns and not any(
            self.town_names.get(town, set()) & query.towns for town in self.towns.get(iri, ())
        ):
            return False
        # an IČO refutes a candidate whose recorded IČO differs; the data lacks most IČOs
        return not (query.icos and iri in self.icos and not self.icos[iri] & query.icos)

    def _result(
        self, iri: URIRef, score: float, candidate: Candidate | None, match: bool
    ) -> dict[str, Any]:
        description = candidate.reason if candidate else "has the given properties"
        if candidate and candidate.parent_label:
            description += f"; a unit of {candidate.parent_label}"
        return {
            "id": str(iri),
            "name": self.index.labels[iri],
            "description": description,
            "score": score,
            "match": match,
            "type": [{"id": str(t), "name": curie(t)} for t in sorted(self.types.get(iri, ()))],
        }

    def suggest(self, prefix: str, start: int) -> list[dict[str, Any]]:
        """Organizations a name of which (or a word of it) starts with ``prefix``; those whose
        name starts so first, then by label."""
        wanted = normalize(prefix)
        if not wanted:
            return []
        ranks: dict[URIRef, int] = {}
        for entry in self.index.entries:
            name = normalize(entry.name)
            rank = 0 if name.startswith(wanted) else 1 if f" {wanted}" in f" {name}" else None
            if rank is not None:
                ranks[entry.iri] = min(rank, ranks.get(entry.iri, rank))
        ordered = sorted(ranks, key=lambda iri: (ranks[iri], self.index.labels[iri], str(iri)))
        return [
            {
                "id": str(iri),
                "name": self.index.labels[iri],
                "description": curie(iri),
                "notable": [{"id": str(t), "name": curie(t)} for t in sorted(self.types[iri])],
            }
            for iri in ordered[start : start + SUGGESTIONS]
        ]

    def preview(self, iri: URIRef) -> str | None:
        """A small HTML page about the organization ``iri`` (None: no such organization)."""
        if iri not in self.index.labels:
            return None
        rows = [("IRI", f'<a href="{escape(iri)}" target="_blank">{escape(curie(iri))}</a>')]
        parent = self.index.parents.get(iri)
        if parent:
            rows.append(("unit of", escape(parent[1])))
        towns = sorted(label_of(self.graph, t, "cs") for t in self.towns.get(iri, ()))
        if towns:
            rows.append(("serves", escape(", ".join(towns))))
        if iri in self.icos:
            rows.append(("IČO", escape(", ".join(sorted(self.icos[iri])))))
        english = label_of(self.graph, iri, "en")
        if english != self.index.labels[iri]:
            rows.append(("en", escape(english)))
        cells = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
        return (
            '<!doctype html><html lang="cs"><meta charset="utf-8">'
            f"<title>{escape(self.index.labels[iri])}</title>"
            '<body style="font:14px sans-serif;margin:6px">'
            f"<strong>{escape(self.index.labels[iri])}</strong>"
            f'<table style="text-align:left">{cells}</table></body></html>'
        )


def _ico(text: str) -> str:
    """An IČO as eight digits ("4 75 95 0" → "00475950"); other text as it is, folded."""
    compact = "".join(text.split())
    return compact.zfill(8) if compact.isdigit() and len(compact) <= 8 else normalize(text)


@dataclass(frozen=True)
class Query:
    """One reconciliation query, checked."""

    name: str
    limit: int
    types: frozenset[URIRef]
    towns: frozenset[str]
    icos: frozenset[str]


def parse_batch(text: str) -> dict[str, Query]:
    """The queries of a ``queries`` parameter: a JSON object of query objects.

    Raises:
        InputError: not such an object, more than :data:`MAX_BATCH` queries, or a query that
            breaks the specification's rules or this service's limits.
    """
    try:
        batch = json.loads(text)
    except ValueError as err:
        raise InputError(f"queries: not JSON ({err}).") from None
    if not isinstance(batch, dict) or not batch:
        raise InputError('queries: give a JSON object of queries, {"q0": {"query": "…"}}.')
    if len(batch) > MAX_BATCH:
        raise InputError(f"queries: {len(batch)} queries; send at most {MAX_BATCH} at a time.")
    return {key: parse_query(key, value) for key, value in batch.items()}


_FIELDS = {"query", "type", "limit", "properties", "type_strict"}


def parse_query(key: str, value: object) -> Query:
    """One query object (see :func:`parse_batch`)."""
    if not isinstance(value, dict):
        raise InputError(f"queries[{key!r}]: give an object with a query or properties.")
    unknown = sorted(set(value) - _FIELDS)
    if unknown:
        raise InputError(
            f"queries[{key!r}]: unknown field {unknown[0]!r}; the fields are "
            f"{', '.join(sorted(_FIELDS))}."
        )
    name = value.get("query", "")
    if not isinstance(name, str) or len(name) > MAX_NAME:
        raise InputError(f"queries[{key!r}].query: give a name of at most {MAX_NAME} characters.")
    properties = value.get("properties", [])
    if not isinstance(properties, list):
        raise InputError(f"queries[{key!r}].properties: give a list of {{pid, v}} objects.")
    towns, icos = _properties(key, properties)
    if not name.strip() and not towns and not icos:
        raise InputError(f"queries[{key!r}]: give a name (query) or properties to match.")
    limit = value.get("limit", DEFAULT_LIMIT)
    if isinstance(limit, bool) or not isinstance(limit, int | float) or limit != limit:
        raise InputError(f"queries[{key!r}].limit: give a number of candidates.")
    types = value.get("type", [])
    types = [types] if isinstance(types, str) else types
    if not isinstance(types, list) or not all(isinstance(t, str) for t in types):
        raise InputError(f"queries[{key!r}].type: give a type's IRI or a list of them.")
    return Query(
        name=name,
        limit=int(max(0, min(limit, MAX_LIMIT))),
        types=frozenset(_iri(t) or URIRef(t) for t in types),
        towns=frozenset(towns),
        icos=frozenset(icos),
    )


def _properties(key: str, properties: list[object]) -> tuple[set[str], set[str]]:
    towns: set[str] = set()
    icos: set[str] = set()
    for number, prop in enumerate(properties):
        where = f"queries[{key!r}].properties[{number}]"
        if not isinstance(prop, dict) or "pid" not in prop or "v" not in prop:
            raise InputError(f"{where}: give an object with pid and v.")
        pid = normalize(str(prop["pid"]))
        if pid not in PROPERTIES:
            raise InputError(
                f"{where}: unknown property {str(prop['pid'])[:60]!r}; this service knows "
                + "; ".join(f"{k}: {v}" for k, v in PROPERTIES.items())
                + "."
            )
        values = prop["v"] if isinstance(prop["v"], list) else [prop["v"]]
        texts = [_property_value(where, v) for v in values]
        if pid == "town":
            towns.update(_town_key(t) for t in texts)
        else:
            icos.update(_ico(t) for t in texts)
    return towns, icos


def _property_value(where: str, value: object) -> str:
    if isinstance(value, dict):
        value = value.get("id")
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise InputError(f"{where}.v: give text, a number, or an object with an id.")
    text = str(value)
    if len(text) > MAX_NAME:
        raise InputError(f"{where}.v: at most {MAX_NAME} characters.")
    return text


def _town_key(text: str) -> str:
    """What a town value is compared with: an IRI (also from a CURIE) as it is, a label folded."""
    iri = _iri(text)
    return str(iri) if iri is not None else normalize(text)


def _iri(text: str) -> URIRef | None:
    """The IRI ``text`` is or abbreviates with one of lpkg's prefixes, else None."""
    text = text.strip()
    if text.startswith(("http://", "https://")):
        return URIRef(text)
    prefix, sep, local = text.partition(":")
    return URIRef(PREFIXES[prefix] + local) if sep and prefix in PREFIXES else None


def reconciler(request: Request) -> Reconciler:
    """The server's :class:`Reconciler`, derived on first use."""
    state = request.app.state.lpkg
    with _DERIVING:
        found = state.extra.get("reconciler")
        if found is None:
            found = state.extra["reconciler"] = Reconciler.from_graph(state.graph)
    return found  # type: ignore[no-any-return]


_DERIVING = threading.Lock()


def manifest(request: Request) -> dict[str, Any]:
    base = str(request.base_url).rstrip("/")
    return {
        "versions": ["0.2"],
        "name": "lpkg: organizations of the Czech local partnerships",
        "identifierSpace": str(LORG),
        "schemaSpace": str(ORG),
        "defaultTypes": [{"id": str(ORG.Organization), "name": "Organization"}],
        "view": {"url": "{{id}}"},
        "preview": {"url": f"{base}/preview?id={{{{id}}}}", "width": 400, "height": 160},
        "suggest": {"entity": {"service_url": base, "service_path": "/suggest/entity"}},
    }


async def reconcile_endpoint(request: Request) -> Response:
    text: Any = request.query_params.get("queries")
    if request.method == "POST":
        form = await request.form()
        text = form.get("queries", text)
    if text is None:
        return JSONResponse(manifest(request))
    if not isinstance(text, str):
        raise InputError("queries: give the queries as a form field, not a file.")
    batch = parse_batch(text)
    found = await run_in_threadpool(_reconcile_all, reconciler(request), batch)
    return JSONResponse(found)


def _reconcile_all(reconciler: Reconciler, batch: Mapping[str, Query]) -> dict[str, Any]:
    return {key: {"result": reconciler.reconcile(query)} for key, query in batch.items()}


async def suggest_endpoint(request: Request) -> Response:
    prefix = request.query_params.get("prefix", "")
    cursor = request.query_params.get("cursor", "0")
    if len(prefix) > MAX_NAME or not cursor.isdigit():
        raise InputError(f"Give a prefix of at most {MAX_NAME} characters and a cursor ≥ 0.")
    found = await run_in_threadpool(reconciler(request).suggest, prefix, int(cursor))
    return JSONResponse({"result": found})


async def preview_endpoint(request: Request) -> Response:
    iri = request.query_params.get("id", "")
    page = reconciler(request).preview(URIRef(iri)) if iri else None
    if page is None:
        return problem(request, 404, f"No organization has the id {iri[:200]!r}.")
    return HTMLResponse(page)


def routes() -> list[BaseRoute]:
    return [
        Route("/reconcile", reconcile_endpoint, methods=["GET", "POST"], name="reconcile"),
        Route("/suggest/entity", suggest_endpoint, methods=["GET"], name="suggest_entity"),
        Route("/preview", preview_endpoint, methods=["GET"], name="preview"),
    ]
