"""Where each statement of data/ comes from: the named graph of the public page that states it.

The data files are TriG. Each statement sits in the graph named by the IRI of a page that states
it (in several, if several pages do); the page itself is described (``a foaf:Document``) in its
own graph. A resource also cites its pages with ``prov:wasDerivedFrom``, which shapes and queries
read; the citations must agree with the graphs. :func:`find_problems` lists what breaks these
rules, :func:`as_results` turns the findings into validation results a contributor can act on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import FOAF, PROV, RDF, SH
from rdflib.term import Node

from .labels import LABEL_PROPERTIES, curie, label_of
from .limits import run_beside
from .load import new_dataset, parse_files
from .namespaces import BASE, LPKGSH
from .paths import data_files, project_root
from .store import OxigraphStore, Store, stable_term
from .validate import ValidationReport, ValidationResult, validate_store


class Problem(Enum):
    """What is wrong with the sources of a resource's statements."""

    NO_SOURCE = "NoSource"
    """Statements in the default graph: no page is given for them."""
    UNKNOWN_PAGE = "UnknownSourcePage"
    """A graph named by an IRI that no statement describes as a page (``foaf:Document``)."""
    NOT_CITED = "SourceNotCited"
    """The resource has statements in a page's graph but does not cite the page."""
    CITED_BUT_EMPTY = "CitedSourceStatesNothing"
    """The resource cites a page whose graph holds nothing else about it."""
    SPLIT_BLANK_NODE = "BlankNodeInSeveralGraphs"
    """A blank node with statements in several graphs: it belongs to one page's description."""


@dataclass(frozen=True)
class Finding:
    """One problem: the resource (a statement's subject) and the page concerned, if any."""

    problem: Problem
    subject: Node
    page: URIRef | None = None
    statements: int = 0
    """For :attr:`Problem.NO_SOURCE`: how many of the resource's statements have no source."""

    def __str__(self) -> str:
        page = f" <{self.page}>" if self.page is not None else ""
        return f"{self.problem.name}: {curie(self.subject)}{page}"


def _key(finding: Finding) -> tuple[str, str, str]:
    return (finding.problem.value, str(finding.subject), str(finding.page or ""))


def load_data(root: Path | str | None = None, extra: Iterable[Path | str] = ()) -> Dataset:
    """The statements of ``data/`` (and of ``extra`` files) in their graphs, without the
    ontology (whose Turtle has no source pages)."""
    return parse_files([*data_files(project_root(root)), *extra], new_dataset())  # type: ignore[return-value]


def find_problems(data: Dataset) -> list[Finding]:
    """Every statement of ``data`` without a source, graph not named by a described page, and
    citation that disagrees with the graphs, sorted.

    >>> from rdflib import Literal, Namespace
    >>> EX = Namespace("https://example.org/")
    >>> d = Dataset()
    >>> _ = d.add((EX.page, RDF.type, FOAF.Document, EX.page))
    >>> _ = d.add((EX.town, EX.name, Literal("Most"), EX.page))
    >>> [(f.problem.name, str(f.subject)) for f in find_problems(d)]
    [('NOT_CITED', 'https://example.org/town')]
    >>> _ = d.add((EX.town, PROV.wasDerivedFrom, EX.page, EX.page))
    >>> find_problems(d)
    []
    """
    graphs: dict[Node, set[URIRef]] = defaultdict(set)
    """The graphs in which each subject has a statement, other than the citation of that graph."""
    nodes: dict[BNode, set[URIRef | None]] = defaultdict(set)
    unsourced: dict[Node, int] = defaultdict(int)
    cited: dict[Node, set[URIRef]] = defaultdict(set)
    pages: set[URIRef] = set()
    for s, p, o, g in data.quads((None, None, None, None)):
        name = None if g is None or g == DATASET_DEFAULT_GRAPH_ID else URIRef(g)
        for term in (s, o):
            if isinstance(term, BNode):
                nodes[term].add(name)
        if p == PROV.wasDerivedFrom and isinstance(o, URIRef):
            cited[s].add(o)
        if name is None:
            unsourced[s] += 1
            continue
        if (s, p, o) == (name, RDF.type, FOAF.Document):
            pages.add(name)
        if not (p == PROV.wasDerivedFrom and o == name):
            graphs[s].add(name)
    found = [Finding(Problem.NO_SOURCE, s, None, n) for s, n in unsourced.items()]
    named = {g for names in graphs.values() for g in names} | {
        URIRef(g)
        for s, p, o, g in data.quads((None, PROV.wasDerivedFrom, None, None))
        if g is not None and g != DATASET_DEFAULT_GRAPH_ID
    }
    found += [Finding(Problem.UNKNOWN_PAGE, g, g) for g in named - pages]
    for node, names in nodes.items():
        if len(names) > 1:
            found.append(Finding(Problem.SPLIT_BLANK_NODE, node))
    for subject in set(graphs) | set(cited):
        in_graphs, cites = graphs.get(subject, set()), cited.get(subject, set())
        if isinstance(subject, BNode):
            # A blank node is part of the description it is nested in, in that one graph; if it
            # cites pages (an identifier), its graph is one of them: an identifier two pages
            # state sits in one, citing both.
            if cites and not in_graphs & cites:
                found += [Finding(Problem.NOT_CITED, subject, g) for g in in_graphs]
            continue
        # a page describes itself in its own graph, citing nothing
        uncited = in_graphs - cites - ({subject} if subject in pages else set())
        found += [Finding(Problem.NOT_CITED, subject, g) for g in uncited]
        found += [Finding(Problem.CITED_BUT_EMPTY, subject, p) for p in cites - in_graphs]
    return sorted(found, key=_key)


_MESSAGES = {
    Problem.NO_SOURCE: {
        "cs": "{n} výroků o tomto zdroji nemá zdroj (jsou ve výchozím grafu). Každý výrok patří "
        "do pojmenovaného grafu stránky, která ho uvádí: v TriG <https://stránka> {{ ... }}; "
        "soubor Turtle přidejte s lpkg add SOUBOR --source https://stránka.",
        "en": "{n} statement(s) about it have no source (they are in the default graph). Put "
        "each statement in the named graph of the page that states it: in TriG "
        "<https://page> {{ ... }}; add a Turtle file with lpkg add FILE --source https://page.",
    },
    Problem.UNKNOWN_PAGE: {
        "cs": "Graf {page} není pojmenován stránkou, kterou data popisují: popište stránku v jejím "
        "grafu ({page} a foaf:Document, prov:Entity ; dcterms:title nebo rdfs:label), nebo "
        "opravte název grafu.",
        "en": "The graph {page} is not named by a page the data describes: describe the page in "
        "its own graph ({page} a foaf:Document, prov:Entity ; dcterms:title or rdfs:label), or "
        "fix the graph's name.",
    },
    Problem.NOT_CITED: {
        "cs": "Výroky o tomto zdroji jsou v grafu stránky {page}, ale zdroj ji neuvádí: přidejte "
        "do toho grafu prov:wasDerivedFrom {page}, nebo výroky přesuňte do grafu stránky, "
        "která je uvádí.",
        "en": "Statements about it are in the graph of the page {page}, but it does not cite "
        "that page: add prov:wasDerivedFrom {page} in that graph, or move the statements to "
        "the graph of the page that states them.",
    },
    Problem.CITED_BUT_EMPTY: {
        "cs": "Zdroj uvádí stránku {page} (prov:wasDerivedFrom), ale v jejím grafu o něm nic "
        "není: dejte do grafu stránky výroky, které uvádí, nebo odkaz na ni odstraňte.",
        "en": "It cites the page {page} (prov:wasDerivedFrom), but that page's graph says "
        "nothing else about it: put the statements the page makes in its graph, or remove "
        "the citation.",
    },
    Problem.SPLIT_BLANK_NODE: {
        "cs": "Prázdný uzel má výroky v několika grafech: patří k popisu jedné stránky, dejte "
        "všechny jeho výroky (i ten, který na něj ukazuje) do jednoho grafu, nebo mu dejte IRI.",
        "en": "A blank node has statements in several graphs: it is part of one page's "
        "description; put all its statements (and the one pointing to it) in one graph, or "
        "give it an IRI.",
    },
}


def as_results(findings: Iterable[Finding], labels: Graph) -> list[ValidationResult]:
    """The findings as violations, the resource named by its label in ``labels``."""
    results = []
    for finding in findings:
        page = f"<{finding.page}>" if finding.page is not None else ""
        component = LPKGSH[finding.problem.value]
        results.append(
            ValidationResult(
                focus=finding.subject,
                focus_label=label_of(labels, finding.subject),
                path=None,
                value=finding.page,
                component=component,
                source_shape=component,
                severity=SH.Violation,
                messages={
                    lang: text.format(n=finding.statements, page=page)
                    for lang, text in _MESSAGES[finding.problem].items()
                },
            )
        )
    return results


def with_sources(report: ValidationReport, root: Path | str | None = None) -> ValidationReport:
    """``report`` (the shapes' results on the dataset) with the problems of data/'s sources."""
    results = as_results(find_problems(load_data(root)), report.data_graph)
    return ValidationReport(report.results + results, report.data_graph)


# --- The same check on a store (lpkg validate --store/--endpoint) --------------------------------
#
# The store holds the ontology with data/ (in the default graph, which a query sees only as part
# of the union), so these queries find the statements outside every named graph and keep those
# about the data: a resource that also has statements in a named graph, or one of the dataset's
# namespace. Two limits, where find_problems sees more: a statement stated both in the default
# graph and in a named graph is not reported without a source, and a blank node with statements
# only in the default graph is not reported (the ontology's own blank nodes are such).

DATA_NAMESPACE = BASE + "id/"
"""Where the resources of data/ have their IRIs (the ontology has its own)."""

_NOT_OWN_CITATION = "!(sameTerm(?p, prov:wasDerivedFrom) && sameTerm(?o, ?g))"
"""A statement other than the resource's citation of the graph it sits in."""

_QUERIES = (
    (
        Problem.NO_SOURCE,
        f"""
SELECT ?s (COUNT(*) AS ?n) WHERE {{
  ?s ?p ?o
  FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} }}
  FILTER (STRSTARTS(STR(?s), "{DATA_NAMESPACE}") || EXISTS {{ GRAPH ?k {{ ?s ?q ?r }} }})
}} GROUP BY ?s""",
    ),
    (
        Problem.UNKNOWN_PAGE,
        """
SELECT DISTINCT ?s WHERE {
  GRAPH ?s { ?x ?y ?z }
  FILTER NOT EXISTS { GRAPH ?s { ?s a foaf:Document } }
}""",
    ),
    (
        Problem.SPLIT_BLANK_NODE,
        """
SELECT ?s WHERE {
  { SELECT DISTINCT ?s ?g WHERE {
      { GRAPH ?g { ?s ?p ?o } } UNION { GRAPH ?g { ?o ?p ?s } }
      UNION { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?h { ?s ?p ?o } } BIND ("" AS ?g) }
      UNION { ?o ?p ?s FILTER NOT EXISTS { GRAPH ?h { ?o ?p ?s } } BIND ("" AS ?g) }
      FILTER isBlank(?s)
  } }
} GROUP BY ?s HAVING (COUNT(?g) > 1)""",
    ),
    (
        Problem.NOT_CITED,
        f"""
SELECT DISTINCT ?s ?g WHERE {{
  GRAPH ?g {{ ?s ?p ?o }}
  FILTER (!isBlank(?s) && {_NOT_OWN_CITATION})
  FILTER NOT EXISTS {{ ?s prov:wasDerivedFrom ?g }}
  # a page describes itself in its own graph, citing nothing
  FILTER (!sameTerm(?s, ?g) || NOT EXISTS {{ GRAPH ?g {{ ?g a foaf:Document }} }})
}}""",
    ),
    # a blank node belongs to the graph of a page it cites, if it cites any (a query of its
    # own: pyoxigraph 0.5 answered nothing with both rules in one IF)
    (
        Problem.NOT_CITED,
        f"""
SELECT DISTINCT ?s ?g WHERE {{
  GRAPH ?g {{ ?s ?p ?o }}
  FILTER (isBlank(?s) && {_NOT_OWN_CITATION})
  FILTER EXISTS {{ ?s prov:wasDerivedFrom ?c FILTER isIRI(?c) }}
  FILTER NOT EXISTS {{
    ?s prov:wasDerivedFrom ?d .
    GRAPH ?d {{ ?s ?q ?r FILTER (!(sameTerm(?q, prov:wasDerivedFrom) && sameTerm(?r, ?d))) }}
  }}
}}""",
    ),
    (
        Problem.CITED_BUT_EMPTY,
        f"""
SELECT DISTINCT ?s ?g WHERE {{
  ?s prov:wasDerivedFrom ?g
  FILTER (!isBlank(?s) && isIRI(?g))
  FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o FILTER ({_NOT_OWN_CITATION}) }} }}
}}""",
    ),
)
"""What each problem's query finds: the resource ?s, the graph ?g, the count ?n."""


def find_problems_in(store: Store) -> list[Finding]:
    """:func:`find_problems` computed by ``store`` (its named graphs being the source pages),
    within the limits said above; the same findings on data/ (tests/test_sources_store.py).
    pyoxigraph in this process is read in one pass (:func:`_find_problems_in_oxigraph`), any
    other store answers :data:`_QUERIES` (:func:`find_problems_by_queries`)."""
    if isinstance(store, OxigraphStore):
        return _find_problems_in_oxigraph(store.store)
    return find_problems_by_queries(store)


def find_problems_by_queries(store: Store) -> list[Finding]:
    """The findings of :func:`find_problems_in` as ``store`` answers :data:`_QUERIES`."""
    found = []
    for problem, query in _QUERIES:
        _, rows = store._select_trusted(query)
        for row in rows:
            subject = row["s"]
            assert subject is not None
            page = row.get("g") if problem is not Problem.UNKNOWN_PAGE else subject
            count = int(row["n"]) if problem is Problem.NO_SOURCE else 0  # type: ignore[arg-type]
            found.append(Finding(problem, subject, page, count))  # type: ignore[arg-type]
    return sorted(found, key=_key)


_NONE: frozenset[object] = frozenset()


def _find_problems_in_oxigraph(store: ox.Store) -> list[Finding]:
    """What :data:`_QUERIES` find, gathered in one pass over the quads of ``store``, where each
    query is a pass of its own (10^6 triples: 3 s against 10 s for the six, docs/benchmarks.md).
    The rules are the queries', read as sets; tests/test_sources_store.py compares the two."""
    derived_from = ox.NamedNode(str(PROV.wasDerivedFrom))
    default_graph, blank_node, named_node = ox.DefaultGraph, ox.BlankNode, ox.NamedNode
    graphs: dict[object, set[object]] = defaultdict(set)
    """The named graphs in which each subject has a statement other than its own citation."""
    cited: dict[object, set[object]] = defaultdict(set)
    """What each subject cites (prov:wasDerivedFrom, in any graph)."""
    blank_graphs: dict[object, set[object]] = defaultdict(set)
    """The graphs (None: the default graph alone) of the statements a blank node is in."""
    default = []
    for s, p, o, g in store.quads_for_pattern(None, None, None, None):
        if p == derived_from:
            cited[s].add(o)
        if type(g) is default_graph:
            default.append((s, p, o))
            continue
        if type(s) is blank_node:
            blank_graphs[s].add(g)
        if type(o) is blank_node:
            blank_graphs[o].add(g)
        if not (p == derived_from and o == g):
            graphs[s].add(g)

    def in_a_named_graph(s: object, p: object = None, o: object = None) -> bool:
        quads = store.quads_for_pattern(s, p, o, None)
        return any(type(q.graph_name) is not default_graph for q in quads)

    # the default graph holds the ontology: its statements outside every named graph are kept
    # if about a resource of the data (its namespace, or statements in a named graph)
    unsourced: dict[object, int] = defaultdict(int)
    for s, p, o in default:
        if in_a_named_graph(s, p, o):
            continue
        for term in (s, o):
            if type(term) is blank_node:
                blank_graphs[term].add(None)
        if (type(s) is named_node and s.value.startswith(DATA_NAMESPACE)) or in_a_named_graph(s):
            unsourced[s] += 1
    document = ox.NamedNode(str(FOAF.Document))
    type_ = ox.NamedNode(str(RDF.type))
    names = [
        g for g in store.named_graphs() if next(store.quads_for_pattern(None, None, None, g), None)
    ]
    pages = {g for g in names if next(store.quads_for_pattern(g, type_, document, g), None)}
    found = [(Problem.NO_SOURCE, s, None, n) for s, n in unsourced.items()]
    found += [(Problem.UNKNOWN_PAGE, g, g, 0) for g in names if g not in pages]
    found += [
        (Problem.SPLIT_BLANK_NODE, b, None, 0) for b, gs in blank_graphs.items() if len(gs) > 1
    ]
    for subject, in_graphs in graphs.items():
        cites = cited.get(subject, _NONE)
        if type(subject) is blank_node:
            # a blank node belongs to the graph of a page it cites, if it cites any
            if any(type(c) is named_node for c in cites) and not in_graphs & cites:
                found += [(Problem.NOT_CITED, subject, g, 0) for g in in_graphs]
            continue
        # a page describes itself in its own graph, citing nothing
        found += [
            (Problem.NOT_CITED, subject, g, 0)
            for g in in_graphs - cites
            if not (g == subject and g in pages)
        ]
    for subject, cites in cited.items():
        if type(subject) is not blank_node:
            in_graphs = graphs.get(subject, _NONE)
            found += [
                (Problem.CITED_BUT_EMPTY, subject, g, 0)
                for g in cites
                if type(g) is named_node and g not in in_graphs
            ]
    findings = [
        Finding(problem, stable_term(s), stable_term(g), n)  # type: ignore[arg-type]
        for problem, s, g, n in found
    ]
    return sorted(findings, key=_key)


def validate_store_with_sources(
    store: Store, shapes: Graph | None = None, *, root: Path | str | None = None
) -> ValidationReport:
    """:func:`lpkg.validate.validate_store`'s report with the problems of the sources of the
    dataset in ``store``. On pyoxigraph in memory the sources are checked in a forked child
    while the shapes' queries run here: at 10^6 triples about 2 s sooner on two cores (a
    thread is no sooner: its pass over the quads holds Python's lock; docs/benchmarks.md)."""
    if isinstance(store, OxigraphStore) and store.path is None:
        with run_beside("the check of the sources", find_problems_in, store) as findings:
            report = validate_store(store, shapes, root=root)
            found = findings()
    else:
        report = validate_store(store, shapes, root=root)
        found = find_problems_in(store)
    labels = report.data_graph + store.about({f.subject for f in found}, LABEL_PROPERTIES)
    return ValidationReport(report.results + as_results(found, labels), report.data_graph)
