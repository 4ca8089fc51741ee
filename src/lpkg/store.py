"""Where the dataset is queried: rdflib in memory, pyoxigraph (in memory or on disk), or any
SPARQL 1.1 endpoint, behind one interface.

Every store holds quads: the data's named graphs are its source pages (the ontology and the
vocabularies sit in the default graph), and a query sees their union as its default graph, as the
named queries and the shapes expect. Results come back as rdflib terms, so what lpkg prints does
not depend on the store.

Queries are untrusted input (README, "What a query may not do"): a local store refuses
``SERVICE``, ``FROM``, ``FROM NAMED`` and ``LOAD`` after parsing the text with rdflib's SPARQL
parser (pyoxigraph would follow ``SERVICE`` and ``LOAD`` over HTTP); only
:meth:`OxigraphStore.results` (the SPARQL endpoint) lets ``FROM`` name the store's own graphs.
An endpoint is someone else's server, whose own rules apply; lpkg only reads from it, and writes
graphs only when told to (:meth:`EndpointStore.add_graph`, ``lpkg publish``).
"""

from __future__ import annotations

import base64
import contextlib
import functools
import hashlib
import http.client
import itertools
import json
import os
import re
import time
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode, urlsplit

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.query import Result
from rdflib.term import Node, Variable

from .bindings import Bindings, bind, mentions, sparql_term
from .errors import EndpointError, ForbiddenQueryError, InputError, QuerySyntaxError
from .escape import excerpt
from .labels import LABEL_PROPERTIES, Labels
from .load import FORMATS, dataset_files, new_graph, parse_file, rdflib_term
from .namespaces import PREFIXES

if TYPE_CHECKING:
    from rdflib.plugins.sparql.sparql import Query

Row = dict[str, Node | None]
"""One solution of a SELECT query: a term (or ``None`` where unbound) per variable."""

KINDS = ("memory", "oxigraph")
"""The local stores ``open_store`` makes: ``oxigraph`` optionally with ``:PATH``."""

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
"""The formats :meth:`Store.results` writes the answer to a SELECT or ASK query in."""
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
"""The formats :meth:`Store.results` writes the graph of a CONSTRUCT or DESCRIBE query in."""


@functools.lru_cache(maxsize=128)
def parse_query(text: str) -> Query:
    """``text`` parsed by rdflib's SPARQL parser, with the project's prefixes known.

    Parsing a named query takes about half a second, so the last few parses are kept: lpkg
    checks a query when it is given and runs the same text a moment later.

    Raises:
        Whatever rdflib's parser raises (pyparsing's ParseException with a position, or a bare
        Exception for an undeclared prefix): :func:`lpkg.queries.prepare` reports them.
    """
    # here, not at the top: a pyoxigraph store needs rdflib's SPARQL only for refused keywords
    from .rdflib_sparql import parseQuery, translateQuery

    return translateQuery(parseQuery(text), initNs=PREFIXES)


def refuse_outside(query: Query, source: str, graphs: Collection[str] | None = None) -> None:
    """Refuse a parsed query that would read other graphs than the store's, or other servers.

    ``graphs``: the names of the store's graphs, which ``FROM``/``FROM NAMED`` may then name
    (the SPARQL endpoint); None refuses them all (``lpkg query`` answers from the union).

    Raises:
        ForbiddenQueryError: ``FROM``/``FROM NAMED`` (to a graph not in ``graphs``) or
            ``SERVICE``.
    """
    clauses = query.algebra.get("datasetClause") or []
    if graphs is None and clauses:
        raise ForbiddenQueryError(
            f"{source}: FROM and FROM NAMED are refused; lpkg answers from its own graph and "
            "does not read other files or fetch URLs."
        )
    named = [str(c.get("default") or c.get("named")) for c in clauses]
    refuse_other_graphs(named, graphs or (), f"{source}: FROM or FROM NAMED")
    if uses(query.algebra, "ServiceGraphPattern"):
        raise ForbiddenQueryError(
            f"{source}: SERVICE is refused; lpkg does not send queries to other endpoints."
        )


def refuse_other_graphs(named: Iterable[str], graphs: Collection[str], source: str) -> None:
    """Refuse graph names (``FROM``, a protocol's ``default-graph-uri``) that are not among the
    store's ``graphs``: a local store would answer them with nothing, pyoxigraph or another
    store might fetch them.

    Raises:
        ForbiddenQueryError: the first name that is not one of ``graphs``.
    """
    for name in named:
        if name not in graphs:
            raise ForbiddenQueryError(
                f"{source} names {excerpt(name)}, which is not a graph of this dataset; lpkg "
                "reads only its own graphs and fetches nothing."
            )


def uses(node: object, name: str) -> bool:
    """Whether the algebra ``node`` holds an operator called ``name``."""
    if isinstance(node, Mapping):
        if getattr(node, "name", None) == name:
            return True
        return any(uses(value, name) for value in node.values())
    if isinstance(node, list | tuple):
        return any(uses(value, name) for value in node)
    return False


def _checked(text: str, graphs: Collection[str] | None = None) -> Query:
    """``text`` parsed, or the reason it may not run on a local store (``graphs``: as
    :func:`refuse_outside` takes them)."""
    try:
        query = parse_query(text)
    except Exception as err:  # pyparsing's errors, rdflib's bare Exception for a prefix
        raise QuerySyntaxError("the query", str(err)) from None
    refuse_outside(query, "the query", graphs)
    return query


REFUSED_KEYWORDS = ("SERVICE", "FROM", "GRAPH")
"""What a query on a local store may not use (``GRAPH`` only in a named query): a text that does
not :func:`~lpkg.bindings.mentions` them is let through without rdflib's parse, which takes
longer than pyoxigraph takes to answer most queries."""


def _checked_local(text: str) -> None:
    """Refuse what :func:`_checked` refuses, parsing with rdflib only a text that mentions it;
    pyoxigraph, which runs the text, reports its syntax errors itself."""
    if mentions(text, REFUSED_KEYWORDS):
        _checked(text)


def _checked_update(text: str) -> None:
    """Refuse an update that would fetch something (``LOAD``) or query another server."""
    from .rdflib_sparql import parseUpdate, translateUpdate

    try:
        update = translateUpdate(parseUpdate(text), initNs=PREFIXES)
    except Exception as err:
        raise QuerySyntaxError("the update", str(err)) from None
    if any(op.name == "Load" for op in update.algebra) or uses(
        update.algebra, "ServiceGraphPattern"
    ):
        raise ForbiddenQueryError("the update: LOAD and SERVICE are refused on a local store.")


class Store:
    """A place that holds the dataset's quads and answers SPARQL 1.1 over their union."""

    local = True
    """Whether queries run in this process (and so are bounded by running them in a child
    process, :func:`lpkg.limits.run_limited`) rather than on a server."""

    def select(self, query: str, bindings: Bindings | None = None) -> tuple[list[str], list[Row]]:
        """The variables and rows of a SELECT query, with ``bindings`` written into it as
        ``VALUES`` (:func:`lpkg.bindings.bind`). A local store checks the query as given: the
        bindings are resolved terms, written escaped, which add no clause."""
        raise NotImplementedError

    def _select_trusted(self, query: str) -> tuple[list[str], list[Row]]:
        """:meth:`select` for lpkg's own queries (the compiled shapes, the sources check),
        which need no check: a local store skips the rdflib parse :meth:`select` makes of
        every query (longer than pyoxigraph takes to answer most of them). Never for a query
        a user wrote. A blank node keeps one rdflib term across queries where the store
        allows, so that two results about it name the same node."""
        return self.select(query)

    def ask(self, query: str) -> bool:
        raise NotImplementedError

    def construct(self, query: str) -> Graph:
        raise NotImplementedError

    def update(self, update: str) -> None:
        """Run a SPARQL 1.1 update (local stores; ``LOAD`` and ``SERVICE`` are refused)."""
        raise NotImplementedError

    def graph_names(self) -> list[str]:
        """The names of the store's named graphs (the source pages of the data)."""
        _, rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
        return sorted(str(row["g"]) for row in rows)

    def results(
        self,
        query: str,
        format: str,
        max_rows: int,
        *,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        base_iri: str | None = None,
    ) -> tuple[bytes, bool]:
        """The answer to any query written in ``format`` (a key of :data:`RESULT_FORMATS` for
        SELECT and ASK, of :data:`GRAPH_FORMATS` for CONSTRUCT and DESCRIBE), cut after
        ``max_rows`` rows or triples, and whether it was cut.

        The query sees the union of the graphs unless its ``FROM``/``FROM NAMED`` or the
        protocol's ``default_graphs``/``named_graphs`` choose graphs of the store. This
        implementation goes through :meth:`select`, :meth:`ask` and :meth:`construct`, which
        answer from the union only, so it refuses a chosen dataset; :class:`OxigraphStore`
        evaluates any and writes its answer natively.

        Raises:
            QuerySyntaxError, ForbiddenQueryError: as :meth:`select`.
            InputError: a ``format`` that does not fit the query, or a chosen dataset here.
        """
        parsed = _checked(query)
        if default_graphs is not None or named_graphs is not None:
            raise InputError(
                "This store answers from the union of its graphs only; serve the dataset from "
                "pyoxigraph (--store oxigraph) to choose graphs."
            )
        form = parsed.algebra.name
        if form in ("ConstructQuery", "DescribeQuery"):
            graph = self.construct(query)
            _fits(format, GRAPH_FORMATS)
            cut = len(graph) > max_rows
            if cut:
                kept = new_graph()
                for triple in itertools.islice(graph, max_rows):
                    kept.add(triple)
                graph = kept
            return graph.serialize(format=RDFLIB_FORMATS[format], encoding="utf-8"), cut
        _fits(format, RESULT_FORMATS)
        answer = Result("ASK" if form == "AskQuery" else "SELECT")
        cut = False
        if form == "AskQuery":
            answer.askAnswer = self.ask(query)
        else:
            variables, rows = self.select(query)
            cut = len(rows) > max_rows
            answer.vars = [Variable(v) for v in variables]
            answer.bindings = [
                {Variable(k): v for k, v in row.items() if v is not None}
                for row in rows[:max_rows]
            ]
        # rdflib writes SPARQL JSON, pyoxigraph every format from it (rdflib has no TSV)
        data = answer.serialize(format="json")
        return _results_as(data, format), cut

    def add_graph(self, graph: Graph, name: URIRef | None) -> None:
        """Add the triples of ``graph`` to the graph ``name`` (``None``: the default graph)."""
        raise NotImplementedError

    def __len__(self) -> int:
        """The number of quads."""
        raise NotImplementedError

    def about(self, nodes: Iterable[Node], properties: Iterable[URIRef]) -> Graph:
        """A graph holding what the union says about ``nodes`` with ``properties``: enough to
        label results (:func:`lpkg.labels.label_of`) without copying the store."""
        query = _about_query(nodes, properties)
        return new_graph() if query is None else self.construct(query)

    def labels(self, nodes: Iterable[Node]) -> Labels:
        """The labels of ``nodes`` (:func:`lpkg.labels.label_of`)."""
        return Labels(self.about(nodes, LABEL_PROPERTIES))

    def instances(self, cls: URIRef | None, properties: Iterable[URIRef]) -> Graph:
        """A graph holding the resources of class ``cls`` (typed so), with their
        ``properties``; with ``cls`` None every subject, typed ``rdfs:Resource`` (as RDFS
        entails), so that a parameter without a class can name any of them."""
        props = " ".join(map(sparql_term, properties))
        if cls is None:
            typed = f"{{ SELECT DISTINCT ?n WHERE {{ ?n ?x ?y }} }} BIND (<{RDFS.Resource}> AS ?c)"
        else:
            typed = f"?n a {sparql_term(cls)} . BIND ({sparql_term(cls)} AS ?c)"
        return self.construct(
            f"CONSTRUCT {{ ?n a ?c . ?n ?p ?o }} WHERE {{ {typed} "
            f"OPTIONAL {{ VALUES ?p {{ {props} }} ?n ?p ?o }} }}"
        )


class RdflibStore(Store):
    """rdflib in memory: the reference, and what pySHACL and owlrl work on."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        """The union graph queries see (a :class:`~rdflib.Dataset` is merged into one)."""
        if isinstance(graph, Dataset):
            self.dataset: Dataset | None = graph
            self.graph = new_graph()
            for s, p, o, _ in graph.quads():
                self.graph.add((s, p, o))
        else:
            self.dataset = None

    def select(self, query: str, bindings: Bindings | None = None) -> tuple[list[str], list[Row]]:
        _checked(query)
        result = self.graph.query(parse_query(bind(query, bindings or {})))
        variables = [str(v) for v in result.vars or []]
        rows = [{name: row[Variable(name)] for name in variables} for row in result]  # type: ignore[index]
        return variables, rows

    def ask(self, query: str) -> bool:
        return bool(self.graph.query(_checked(query)).askAnswer)

    def construct(self, query: str) -> Graph:
        result = new_graph()
        for triple in self.graph.query(_checked(query)):
            result.add(triple)  # type: ignore[arg-type]
        return result

    def update(self, update: str) -> None:
        _checked_update(update)
        self.graph.update(update, initNs=PREFIXES)

    def add_graph(self, graph: Graph, name: URIRef | None) -> None:
        for triple in graph:
            self.graph.add(triple)
            if self.dataset is not None:
                target = self.dataset.default_graph if name is None else self.dataset.graph(name)
                target.add(triple)

    def __len__(self) -> int:
        return len(self.dataset) if self.dataset is not None else len(self.graph)

    def graph_names(self) -> list[str]:
        if self.dataset is None:
            return []
        default = self.dataset.default_graph.identifier
        return sorted(str(g.identifier) for g in self.dataset.graphs() if g.identifier != default)

    def about(self, nodes: Iterable[Node], properties: Iterable[URIRef]) -> Graph:
        return self.graph  # already in memory: a copy would only cost time

    def instances(self, cls: URIRef | None, properties: Iterable[URIRef]) -> Graph:
        return self.graph


class OxigraphStore(Store):
    """pyoxigraph, embedded: in memory, or on disk at ``path`` (RocksDB), where a dataset
    loaded once is reused by later processes."""

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False) -> None:
        """``read_only``: open the store on disk at ``path`` for reading beside the process
        that writes it."""
        self.path = Path(path) if path is not None else None
        try:
            if self.path is None:
                self.store = ox.Store()
            elif read_only:
                self.store = ox.Store.read_only(str(self.path))
            else:
                self.store = ox.Store(str(self.path))
        except OSError as err:
            raise InputError(
                f"{self.path}: cannot open the pyoxigraph store ({err}). Another lpkg may be "
                "using it; give another path or wait for it to finish."
            ) from None

    def _query(self, query: str, bindings: Bindings | None = None) -> object:
        _checked_local(query)
        try:
            return self.store.query(
                bind(query, bindings or {}), prefixes=PREFIXES, use_default_graph_as_union=True
            )
        except SyntaxError as err:
            raise QuerySyntaxError("the query", str(err)) from None

    def select(self, query: str, bindings: Bindings | None = None) -> tuple[list[str], list[Row]]:
        solutions = self._query(query, bindings)
        variables = [v.value for v in solutions.variables]  # type: ignore[attr-defined]
        blank_nodes: dict[str, BNode] = {}
        # each distinct term converted once: an answer repeats its resources row after row
        converted: dict[object, Node | None] = {None: None}

        def term(value: object) -> Node | None:
            found = converted.get(value, _MISSING)
            if found is _MISSING:
                found = converted[value] = rdflib_term(value, blank_nodes)
            return found  # type: ignore[return-value]

        # a solution's values come in the order of its variables
        rows = [
            dict(zip(variables, map(term, solution), strict=True))
            for solution in solutions  # type: ignore[attr-defined]
        ]
        return variables, rows

    def labels(self, nodes: Iterable[Node]) -> Labels:
        # read from the indexes into plain strings: a CONSTRUCT naming every IRI of a large
        # answer took longer to parse (rdflib's check) than the named query took to run, and an
        # rdflib graph of the labels longer to fill
        predicates = [ox.NamedNode(str(p)) for p in LABEL_PROPERTIES]
        return _labels_of(
            quad
            for subject in _named_nodes(nodes).values()
            for predicate in predicates
            for quad in self.store.quads_for_pattern(subject, predicate, None, None)
        )

    def _select_trusted(self, query: str) -> tuple[list[str], list[Row]]:
        solutions = self.store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)
        variables = [v.value for v in solutions.variables]
        # pyoxigraph's blank node ids are stable within the store: one rdflib node each
        rows = [
            {name: stable_term(solution[name]) for name in variables}
            for solution in solutions  # type: ignore[attr-defined]
        ]
        return variables, rows

    def ask(self, query: str) -> bool:
        return bool(self._query(query))

    def construct(self, query: str) -> Graph:
        result = new_graph()
        blank_nodes: dict[str, BNode] = {}
        for t in self._query(query):  # type: ignore[attr-defined]
            result.add(tuple(rdflib_term(x, blank_nodes) for x in t))  # type: ignore[arg-type]
        return result

    def update(self, update: str) -> None:
        _checked_update(update)
        self.store.update(update, prefixes=PREFIXES)

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def results(
        self,
        query: str,
        format: str,
        max_rows: int,
        *,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        base_iri: str | None = None,
    ) -> tuple[bytes, bool]:
        graphs = self.graph_names()
        parsed = _checked(query, graphs)
        refuse_other_graphs(default_graphs or (), graphs, "default-graph-uri")
        refuse_other_graphs(named_graphs or (), graphs, "named-graph-uri")
        dataset: dict[str, object] = {}
        if default_graphs is not None or named_graphs is not None:
            # the protocol's dataset replaces the query's FROM (SPARQL 1.1 Protocol, 2.1.4)
            dataset["default_graph"] = [ox.NamedNode(g) for g in default_graphs or ()]
            dataset["named_graphs"] = [ox.NamedNode(g) for g in named_graphs or ()]
        elif not parsed.algebra.get("datasetClause"):
            dataset["use_default_graph_as_union"] = True
        try:
            answer = self.store.query(query, prefixes=PREFIXES, base_iri=base_iri, **dataset)
        except SyntaxError as err:
            raise QuerySyntaxError("the query", str(err)) from None
        if isinstance(answer, ox.QueryTriples):
            _fits(format, GRAPH_FORMATS)
            triples = list(itertools.islice(answer, max_rows + 1))
            data = ox.serialize(
                triples[:max_rows], format=GRAPH_FORMATS[format], prefixes=PREFIXES
            )
            return data, len(triples) > max_rows
        _fits(format, RESULT_FORMATS)
        if isinstance(answer, ox.QueryBoolean):
            return answer.serialize(format=RESULT_FORMATS[format]), False
        variables = [v.value for v in answer.variables]
        rows = list(itertools.islice(answer, max_rows + 1))
        document = {
            "head": {"vars": variables},
            "results": {
                "bindings": [
                    {v: _json_value(row[v]) for v in variables if row[v] is not None}
                    for row in rows[:max_rows]
                ]
            },
        }
        # written here, not by pyoxigraph, which serializes only a whole result
        data = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
        return _results_as(data, format), len(rows) > max_rows

    def add_graph(self, graph: Graph, name: URIRef | None) -> None:
        target = ox.DefaultGraph() if name is None else ox.NamedNode(str(name))
        blank_nodes: dict[BNode, ox.BlankNode] = {}
        self.store.bulk_extend(
            ox.Quad(*(oxigraph_term(t, blank_nodes) for t in triple), target)
            for triple in graph
            # owlrl's closure holds generalized triples (a literal as subject) that RDF, and so
            # pyoxigraph, has no place for; no query can ask for them
            if not isinstance(triple[0], Literal) and isinstance(triple[1], URIRef)
        )

    def load_files(self, paths: Iterable[Path]) -> None:
        """Load RDF files with pyoxigraph's parser, each file's blank nodes its own: many times
        faster than parsing into rdflib and copying (docs/benchmarks.md, "Scaling"). A store in
        memory loads file by file (pyoxigraph's own loader, no Python object per quad: 10^6
        triples about a fifth sooner); a store on disk takes every file in one bulk pass rather
        than a transaction each (10^6 triples in 13 s CPU rather than more than 300 s). A file
        the parser refuses is read again by :func:`lpkg.load.parse_file`, which raises the error
        with its position in lpkg's words; the store may then hold a part of the files.

        Raises:
            ParseError: a file is not valid RDF (what :func:`lpkg.load.parse_file` raises).
        """
        reading: list[Path] = []

        def formats() -> Iterator[tuple[Path, ox.RdfFormat]]:
            for path in paths:
                reading[:] = [path]
                yield path, getattr(ox.RdfFormat, FORMATS.get(path.suffix.lower(), "TURTLE"))

        try:
            if self.path is None:
                for path, fmt in formats():
                    self.store.load(path=str(path), format=fmt)
            else:
                self.store.bulk_extend(
                    quad
                    for path, fmt in formats()
                    for quad in ox.parse(path=str(path), format=fmt, rename_blank_nodes=True)
                )
        except (SyntaxError, ValueError, OSError) as err:
            if not reading:
                raise
            parse_file(reading[0])
            raise InputError(f"{reading[0]}: {excerpt(str(err))}") from None

    def __len__(self) -> int:
        return len(self.store)


_MISSING = object()


def _about_query(nodes: Iterable[Node], properties: Iterable[URIRef]) -> str | None:
    """The CONSTRUCT of :meth:`Store.about`; None when no IRI is among ``nodes``."""
    # an IRI that could end its reference early (from an endpoint's answer) or is relative
    # (rdflib reads <foo>) is shown as it is, never written into a query
    iris = sorted(_named_nodes(nodes))
    if not iris:
        return None
    values = " ".join(map(sparql_term, iris))
    props = ", ".join(map(sparql_term, properties))
    # the properties as a filter: with a second VALUES the Oxigraph server took 5 ms per
    # IRI (55 s to label the 10^4 IRIs of a 10^6-triple answer), with the filter 0.1 ms
    return (
        f"CONSTRUCT {{ ?n ?p ?o }} WHERE {{ VALUES ?n {{ {values} }} "
        f"?n ?p ?o FILTER (?p IN ({props})) }}"
    )


def _labels_of(statements: Iterable[ox.Triple | ox.Quad]) -> Labels:
    """The labels in pyoxigraph ``statements`` about IRIs with :data:`LABEL_PROPERTIES`, as
    :func:`lpkg.labels.labels_in` picks them: the first ``skos:prefLabel`` in each language,
    else the first ``rdfs:label``. Plain strings, not an rdflib graph: for the 10^4 IRIs of a
    large answer the graph took longer to fill than the store to answer."""
    rank = {str(p): i for i, p in enumerate(LABEL_PROPERTIES)}
    found: dict[Node, dict[str, str]] = {}
    # sorted is stable: the order within each property is kept
    for statement in sorted(statements, key=lambda s: rank[s.predicate.value]):
        if isinstance(statement.object, ox.Literal):
            labels = found.setdefault(URIRef(statement.subject.value), {})
            labels.setdefault(statement.object.language or "", statement.object.value)
    return Labels(found)


def _named_nodes(nodes: Iterable[Node]) -> dict[URIRef, ox.NamedNode]:
    """The IRIs among ``nodes`` as pyoxigraph terms, leaving out what pyoxigraph refuses as an
    IRI (rdflib reads ``<foo>`` or ``<http://a b>``): no such resource is in the store."""
    found = {}
    for node in nodes:
        if isinstance(node, URIRef) and node not in found:
            try:
                found[node] = ox.NamedNode(str(node))
            except ValueError:
                continue
    return found


def stable_term(value: object) -> Node | None:
    """A pyoxigraph term as an rdflib term, a blank node named by its id in the store (stable
    within it), so the same blank node is the same rdflib node wherever it is met."""
    if value is None:
        return None
    if isinstance(value, ox.BlankNode):
        return BNode(value.value)
    return rdflib_term(value, {})


def oxigraph_term(term: Node, blank_nodes: dict[BNode, ox.BlankNode]) -> object:
    """``term`` as a pyoxigraph term; rdflib's blank nodes become new pyoxigraph ones."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return blank_nodes.setdefault(term, ox.BlankNode())
    assert isinstance(term, Literal)
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


RDFLIB_FORMATS = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml"}
"""rdflib's names of :data:`GRAPH_FORMATS`."""


def _fits(format: str, formats: Mapping[str, object]) -> None:
    if format not in formats:
        raise InputError(
            f"{excerpt(format)} is not a format for this query's answer; give one of "
            f"{', '.join(formats)}."
        )


def _results_as(json_results: bytes, format: str) -> bytes:
    """SPARQL JSON results written in ``format`` (a key of :data:`RESULT_FORMATS`)."""
    if format == "json":
        return json_results
    solutions = ox.parse_query_results(json_results, format=ox.QueryResultsFormat.JSON)
    return solutions.serialize(format=RESULT_FORMATS[format])  # type: ignore[no-any-return]


def _json_value(term: object) -> dict[str, object]:
    """A pyoxigraph term as a SPARQL 1.1 JSON results value."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):  # SPARQL 1.2 quoted triples
        parts = ("subject", "predicate", "object")
        return {"type": "triple", "value": {p: _json_value(getattr(term, p)) for p in parts}}
    assert isinstance(term, ox.Literal)
    value: dict[str, object] = {"type": "literal", "value": term.value}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype.value != str(XSD.string):
        value["datatype"] = term.datatype.value
    return value


def select_on_disk(
    path: Path, query: str, bindings: Bindings | None = None
) -> tuple[list[str], list[Row]]:
    """:meth:`OxigraphStore.select` on the store at ``path`` opened for reading: what a child
    process started afresh runs (:func:`lpkg.limits.run_limited`)."""
    return OxigraphStore(path, read_only=True).select(query, bindings)


def open_store(
    kind: str = "memory", *, root: Path | str | None = None, digest: str | None = None
) -> Store:
    """The dataset of ``root`` in a store: ``memory`` (rdflib), ``oxigraph`` (pyoxigraph in
    memory) or ``oxigraph:PATH`` (on disk at PATH, loaded only when the files changed since;
    ``digest`` is theirs, :func:`kept_digest`, if the caller has just taken it).

    Raises:
        InputError: an unknown kind, or a store on disk that cannot be opened.
        What :meth:`OxigraphStore.load_files` raises for the files.
    """
    name, _, path = kind.partition(":")
    if name == "memory" and not path:
        from .load import load_graph

        return RdflibStore(load_graph(root=root))
    if name != "oxigraph":
        raise InputError(
            f"--store {excerpt(kind)}: give memory, oxigraph or oxigraph:PATH (a folder where "
            "pyoxigraph keeps the dataset between runs)."
        )
    if not path:
        store = OxigraphStore()
        store.load_files(dataset_files(root))
        return store
    return _on_disk(Path(path), root, digest)


def _on_disk(path: Path, root: Path | str | None, digest: str | None = None) -> OxigraphStore:
    """The store at ``path``, reloaded if the files it was loaded from have changed (their
    ``digest``, if the caller has just taken it).

    The digest of those files is kept beside the store (``PATH.sha256``) and written only after
    a load finished, so a load that was killed is redone."""
    mark = digest_mark(path)
    _refuse_other_files(path)
    store = OxigraphStore(path)
    if digest is None:
        digest = kept_digest(dataset_files(root), path)
    if loaded_from(path, digest):
        return store
    files = dataset_files(root)
    digest = kept_digest(files, path)
    mark.unlink(missing_ok=True)
    store.store.clear()
    store.load_files(files)
    # queries open the store read-only, which never compacts what the bulk loader wrote: at
    # 10^6 triples optimizing took 2.3 s and members 3.2 s → 2.8 s (benchmarks/scale.py's
    # Oxigraph server, loaded file by file: 13 s → 2.8 s)
    store.store.flush()
    store.store.optimize()
    write_mark(mark, digest)
    return store


def loaded_beforehand(kind: str, *, root: Path | str | None = None) -> str | None:
    """Bring the store on disk that ``kind`` names (``oxigraph:PATH``) up to date with the files
    of ``root``, in a child process of its own (this one must not open RocksDB before it forks:
    its threads do not survive a fork), and return the files' digest (:func:`kept_digest`);
    None for other kinds. A check of a contribution runs where a contribution's memory and time
    are limited (:func:`lpkg.limits.run_limited`); the project's own files are loaded outside
    those limits (10^6 triples can need more address space than a contribution may have).

    Raises:
        What :func:`open_store` raises.
    """
    name, _, path = kind.partition(":")
    if name != "oxigraph" or not path:
        return None
    digest = kept_digest(dataset_files(root), Path(path))
    if loaded_from(Path(path), digest):
        return digest
    _refuse_other_files(Path(path))
    from .limits import run_beside

    with run_beside(f"Loading the dataset into {excerpt(path)}", _load_on_disk, path, root) as load:
        return load()


def _load_on_disk(path: str, root: Path | str | None) -> str:
    _on_disk(Path(path), root)
    return digest_mark(Path(path)).read_text(encoding="ascii").strip()


def loaded_from(path: Path, digest: str) -> bool:
    """Whether the store on disk at ``path`` is marked as loaded from files of ``digest``
    (:func:`kept_digest`)."""
    mark = digest_mark(path)
    return mark.is_file() and mark.read_text(encoding="ascii").strip() == digest


def digest_mark(path: Path) -> Path:
    """Where the digest of the files the store at ``path`` was loaded from is kept."""
    return path.with_name(path.name + ".sha256")


def write_mark(mark: Path, text: str) -> None:
    """Write a mark (the digest, :func:`kept_digest`'s record) at once: a reader sees the old
    mark or the new, never a part; two processes writing it at once each write a whole one."""
    temporary = mark.with_name(f"{mark.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text.strip() + "\n", encoding="ascii")
        os.replace(temporary, mark)
    finally:
        temporary.unlink(missing_ok=True)


def _refuse_other_files(path: Path) -> None:
    """Raise InputError unless ``path`` is a new or empty folder or a RocksDB database (which
    has a ``CURRENT`` file): a store is never opened, and so written, in a folder of other
    files."""
    if path.exists() and not (path.is_dir() and _holds_a_store_or_nothing(path)):
        raise InputError(
            f"{excerpt(str(path))} holds other files, not a pyoxigraph store: give "
            "--store oxigraph: a new or empty folder, which lpkg fills."
        )


def _holds_a_store_or_nothing(folder: Path) -> bool:
    """Whether ``folder`` is empty or a RocksDB database (which has a ``CURRENT`` file): a
    store is never opened, and so written, in a folder of other files."""
    return (folder / "CURRENT").is_file() or not any(folder.iterdir())


def files_digest(paths: Iterable[Path]) -> str:
    """A SHA-256 over the names of ``paths`` and the SHA-256 of each one's contents, in order."""
    return _combined((path, file_digest(path)) for path in paths)


def file_digest(path: Path) -> str:
    """The SHA-256 of the contents of the file at ``path``."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _combined(digests: Iterable[tuple[Path, str]]) -> str:
    sha = hashlib.sha256()
    for path, digest in digests:
        sha.update(f"{path.name}\0{digest}\n".encode())
    return sha.hexdigest()


SETTLED_NS = 2_000_000_000
"""How long ago (in nanoseconds) a file must have last changed for its size and times to vouch
for its contents: two writes within one tick of the file system's clock leave the same times
(git's "racily clean" files), so a file changed since is read."""


def kept_digest(paths: Sequence[Path], store_path: Path) -> str:
    """:func:`files_digest` of ``paths``, reading only the files whose size, inode or times
    changed since their digest was kept beside the store at ``store_path`` on disk
    (``PATH.stat``); the digest of each file that changed long enough ago
    (:data:`SETTLED_NS`) is kept there. Reading the 2,800 files of 10^6 triples takes about
    0.1 s, their times 10 ms: after ``lpkg add`` wrote one file, only that one is read. A
    record that cannot be written only costs the time."""
    kept = store_path.with_name(store_path.name + ".stat")
    records = _records(kept)
    settled = time.time_ns() - SETTLED_NS
    digests, now = [], {}
    for path in paths:
        info = path.stat()
        stamp = [info.st_size, info.st_ino, info.st_mtime_ns, info.st_ctime_ns]
        record = records.get(str(path))
        digest = record[1] if record is not None and record[0] == stamp else file_digest(path)
        if max(info.st_mtime_ns, info.st_ctime_ns) <= settled:
            now[str(path)] = [stamp, digest]
        digests.append((path, digest))
    if now != records:
        with contextlib.suppress(OSError):
            write_mark(kept, json.dumps(now))
    return _combined(digests)


def _records(kept: Path) -> dict[str, list]:
    """The files' sizes, inodes, times and digests kept at ``kept`` (none if it cannot be read,
    or was written by an older lpkg)."""
    try:
        records = json.loads(kept.read_text(encoding="ascii"))
    except (OSError, ValueError):
        return {}
    if not isinstance(records, dict):
        return {}
    return {
        k: v
        for k, v in records.items()
        if isinstance(v, list) and len(v) == 2 and isinstance(v[1], str)
    }


class EndpointStore(Store):
    """Any SPARQL 1.1 endpoint: queries through the SPARQL 1.1 Protocol (POST), results in the
    SPARQL JSON format; graphs written through the Graph Store HTTP Protocol at
    ``graph_store`` (Oxigraph ``/store``, Fuseki ``/DATASET/data``, Virtuoso
    ``/sparql-graph-crud``). Credentials go in the URL (``https://user:password@host/...``,
    sent as HTTP Basic auth).

    The endpoint's default graph should be the union of its named graphs (Oxigraph:
    ``--union-default-graph``; Fuseki: ``unionDefaultGraph``; Virtuoso does so by default), as
    lpkg's queries expect.
    """

    local = False

    def __init__(
        self,
        url: str | None,
        *,
        graph_store: str | None = None,
        update_url: str | None = None,
        timeout: float = 60.0,
    ) -> None:
        for given in (url, graph_store, update_url):
            if given is not None and urlsplit(given).scheme not in ("http", "https"):
                raise InputError(f"{excerpt(given)}: give an http:// or https:// URL.")
        self.url = url
        self.graph_store = graph_store
        self.update_url = update_url
        self.timeout = timeout

    def _post_query(self, query: str, accept: str) -> bytes:
        if self.url is None:
            raise InputError("No query endpoint was given (--endpoint URL).")
        prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
        body = urlencode({"query": prologue + query}).encode()
        return self._request(
            "POST",
            self.url,
            body,
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
        )

    def select(self, query: str, bindings: Bindings | None = None) -> tuple[list[str], list[Row]]:
        text = bind(query, bindings or {})
        document = self._json(self._post_query(text, "application/sparql-results+json"))
        try:
            variables = [str(v) for v in document["head"]["vars"]]
            blank_nodes: dict[str, BNode] = {}
            rows = [
                {v: _json_term(b[v], blank_nodes) if v in b else None for v in variables}
                for b in document["results"]["bindings"]
            ]
        except (KeyError, TypeError, ValueError) as err:
            raise EndpointError(
                f"{self.url}: the answer is not SPARQL JSON results ({err})."
            ) from None
        return variables, rows

    def ask(self, query: str) -> bool:
        document = self._json(self._post_query(query, "application/sparql-results+json"))
        if not isinstance(document, dict) or not isinstance(document.get("boolean"), bool):
            raise EndpointError(f"{self.url}: the answer to ASK is not a SPARQL JSON boolean.")
        return document["boolean"]

    def construct(self, query: str) -> Graph:
        result = new_graph()
        blank_nodes: dict[str, BNode] = {}
        for t in self._triples(query):
            result.add(tuple(rdflib_term(x, blank_nodes) for x in t))  # type: ignore[arg-type]
        return result

    def labels(self, nodes: Iterable[Node]) -> Labels:
        query = _about_query(nodes, LABEL_PROPERTIES)
        return Labels({}) if query is None else _labels_of(self._triples(query))

    def _triples(self, query: str) -> list[ox.Triple]:
        """The triples of a CONSTRUCT's answer, parsed by pyoxigraph."""
        data = self._post_query(query, "application/n-triples, text/turtle;q=0.9")
        try:
            # N-Triples is Turtle too
            return [q.triple for q in ox.parse(data, format=ox.RdfFormat.TURTLE)]
        except (SyntaxError, ValueError) as err:
            raise EndpointError(
                f"{self.url}: the answer is not N-Triples or Turtle ({err})."
            ) from None

    def update(self, update: str) -> None:
        if self.update_url is None:
            raise InputError("lpkg only reads from an endpoint unless an update URL is given.")
        self._request(
            "POST",
            self.update_url,
            update.encode(),
            {"Content-Type": "application/sparql-update"},
        )

    def add_graph(self, graph: Graph, name: URIRef | None) -> None:
        """Replace the graph ``name`` with ``graph`` in one PUT (the store swaps it whole where
        it can; a failed PUT leaves the old graph)."""
        self.put_graph(graph.serialize(format="nt", encoding="utf-8"), name)

    def put_graph(self, ntriples: bytes, name: URIRef | None) -> None:
        """PUT N-Triples as the graph ``name`` (``None``: the default graph)."""
        if self.graph_store is None:
            raise InputError("No Graph Store Protocol URL was given.")
        where = "default" if name is None else "graph=" + quote(str(name), safe="")
        separator = "&" if urlsplit(self.graph_store).query else "?"
        self._request(
            "PUT",
            f"{self.graph_store}{separator}{where}",
            ntriples,
            # N-Triples is Turtle: stores that know only text/turtle read it too
            {"Content-Type": "text/turtle; charset=utf-8"},
        )

    def __len__(self) -> int:
        _, rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows[0]["n"]) if rows else 0  # type: ignore[arg-type]

    def _json(self, data: bytes) -> object:
        try:
            return json.loads(data)
        except (ValueError, UnicodeDecodeError) as err:
            raise EndpointError(f"{self.url}: the answer is not JSON ({err}).") from None

    def _request(self, method: str, url: str, body: bytes, headers: dict[str, str]) -> bytes:
        """Send one request; the body of a 2xx answer, else an :class:`EndpointError`."""
        parts = urlsplit(url)
        connection_class = (
            http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        )
        headers = dict(headers)
        if parts.username is not None:
            credentials = f"{parts.username}:{parts.password or ''}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(credentials).decode()
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        shown = _without_password(url)
        try:
            connection = connection_class(parts.hostname or "", parts.port, timeout=self.timeout)
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                answer = response.read()
            finally:
                connection.close()
        except TimeoutError:
            raise EndpointError(
                f"{shown} did not answer within {self.timeout:g} seconds."
            ) from None
        except (OSError, http.client.HTTPException) as err:
            raise EndpointError(f"Cannot reach {shown}: {err}.") from None
        if response.status in (401, 403):
            raise EndpointError(
                f"{shown} refused the request (HTTP {response.status} {response.reason}): give "
                "credentials that may do this in the URL (https://user:password@host/...)."
            )
        if not 200 <= response.status < 300:
            said = excerpt(" ".join(_TAG.sub(" ", answer.decode("utf-8", "replace")).split()))
            raise EndpointError(
                f"{shown} answered HTTP {response.status} {response.reason}: {said}"
            )
        return answer


_TAG = re.compile(r"<[^>]*>")
"""A tag of the HTML page some servers send with an error: only its text is shown."""


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@")).geturl()


def _json_term(value: Mapping[str, str], blank_nodes: dict[str, BNode]) -> Node:
    """An rdflib term from a SPARQL JSON result value (also the older ``typed-literal``)."""
    kind = value["type"]
    text = value["value"]
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return blank_nodes.setdefault(text, BNode())
    if kind not in ("literal", "typed-literal"):
        raise ValueError(f"unknown term type {kind!r}")
    if "xml:lang" in value:
        return Literal(text, lang=value["xml:lang"])
    datatype = value.get("datatype")
    if datatype is None or datatype in (str(RDF.langString), str(XSD.string)):
        return Literal(text)
    return Literal(text, datatype=URIRef(datatype))
