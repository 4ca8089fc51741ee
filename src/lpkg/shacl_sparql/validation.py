"""Full and incremental validation of rdflib graphs on the embedded store."""

from __future__ import annotations

from collections.abc import Callable

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SH
from rdflib.term import Node

from .compiler import CompiledShapes, Join, Route, _Edge, compile_shapes
from .report import evaluate
from .store import OxigraphStore, Select, _query_terms


def validate_graph(
    data: Graph, shapes: Graph, *, compiled: CompiledShapes | None = None
) -> tuple[bool, Graph, list[tuple[Node, str]]]:
    """Validate an rdflib graph on an embedded pyoxigraph store, like ``pyshacl.validate``:
    (conforms, report graph, the shapes that went to pySHACL with the reason).
    """
    compiled = compiled or compile_shapes(shapes)
    store = OxigraphStore(data)
    report = evaluate(compiled, store.select, data=data)
    return _conforms(report), report, compiled.fallback


def _conforms(report: Graph) -> bool:
    return bool(next(report.objects(None, SH.conforms)).toPython())


# --- Incremental validation ----------------------------------------------------------------------


def affected_focus_nodes(
    select: Select,
    compiled: CompiledShapes,
    contribution: Graph,
    *,
    patterns: Callable[[str], tuple[_Edge, ...]] | None = None,
) -> set[Node] | None:
    """The nodes whose results a contribution (statements added to the data, which ``select``
    holds already) may change.

    Those are the subjects of its statements, and for each statement (s, p, o) the nodes from
    which a check reads p at s forwards or at o backwards: the nodes that reach s or o along the
    route to that read, walked back on the data (see :class:`_Reads`). A new membership of an
    organization so reaches the checks that read memberships from the organization, not every
    node whose checks read anything of it. Where a SHACL-SPARQL pattern that every solution
    matches has routes to both its ends (:data:`Join`), only the nodes that reach both ends
    along all of them: a new membership reaches the memberships of its organization in its own
    partnership, not all of them. None when every node may be affected: the
    contribution changes the class hierarchy (which class targets and sh:class read), or a
    SHACL-SPARQL query reads statements not connected to its focus node. ``patterns`` reads
    the triple patterns of a SHACL-SPARQL query (:meth:`_Reads.analyse_queries`).
    """
    reads = compiled.reads
    reads.analyse_queries(patterns)
    if reads.everything or (None, RDFS.subClassOf, None) in contribution:
        return None
    affected: set[Node] = set(contribution.subjects())
    # the nodes each route is walked back from: the subjects or objects of the statements read
    starts: dict[Route, set[Node]] = {}
    for route, predicate, forward in reads.reads:
        triples = contribution.triples((None, predicate, None))
        starts.setdefault(route, set()).update(s if forward else o for s, _, o in triples)
    for route, nodes in sorted(starts.items(), key=str):
        if not route:
            affected |= nodes
            continue
        if not nodes:
            continue
        values = " ".join(sorted({t for n in nodes for t in _query_terms(n)}))
        _, rows = select(
            f"SELECT DISTINCT ?x WHERE {{ VALUES ?n {{ {values} }} ?n {_back(route)} ?x }}"
        )
        affected |= {row["x"] for row in rows}
    for join in sorted(reads.joins, key=str):
        affected |= _joined(select, join, contribution)
    return affected


def _back(route: Route) -> str:
    """The property path from the end of ``route`` back to its start."""
    return "/".join(
        f"({'^' if forward else ''}{p.n3()}){'*' if repeated else ''}"
        for p, forward, repeated in reversed(route)
    )


def _joined(select: Select, join: Join, contribution: Graph) -> set[Node]:
    """The nodes that reach both ends of a statement of ``contribution`` along every route of
    ``join`` (its pattern's ends as constants or variables, :data:`Join`)."""
    predicate, (subject, subject_routes), (object_, object_routes) = join
    if () in subject_routes:  # the focus node is the subject, which is affected already
        return set()
    pairs = {
        (s, o)
        for s, _, o in contribution.triples((subject, predicate, None))
        # a literal constant is matched by value in the store: any literal may match it
        if not isinstance(object_, URIRef) or o == object_
    }
    if not pairs:
        return set()
    ends = (("?s", subject_routes), ("?o", object_routes))
    # a route of no steps: the focus node is that end
    found = "?o" if () in object_routes else "?x"
    patterns = [f"{var} {_back(r)} {found} ." for var, routes in ends for r in routes if r]
    values = " ".join(
        sorted(f"({s} {o})" for a, b in pairs for s in _query_terms(a) for o in _query_terms(b))
    )
    start = f"VALUES (?s ?o) {{ {values} }}"

    def reached(pattern: str) -> int:
        """How many nodes ``pattern`` reaches, counted up to :data:`_COUNTED`."""
        inner = f"SELECT * WHERE {{ {start} {pattern} }} LIMIT {_COUNTED}"
        _, rows = select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {{ {inner} }} }}")
        return int(rows[0]["n"])  # type: ignore[arg-type]

    # the pattern that reaches the fewest nodes first: pyoxigraph joins in the order written
    # (a new membership's partnership has a few memberships, its organization may have
    # thousands, each then followed back along the other route: 0.25 s against 1 ms at 10^6)
    patterns.sort(key=reached)
    query = f"SELECT DISTINCT ({found} AS ?f) WHERE {{ {start} "
    _, rows = select(query + " ".join(patterns) + " }")
    return {row["f"] for row in rows}


_COUNTED = 1000
"""Where counting the nodes a join's pattern reaches stops (the order of two patterns that
reach more is left as written)."""


def validate_incremental(
    data: Graph | OxigraphStore, contribution: Graph, shapes: Graph | CompiledShapes
) -> tuple[Graph, set[Node] | None]:
    """Add ``contribution`` to ``data`` and validate only the focus nodes it may affect.

    The report holds the results of those nodes, as a full run on data + contribution gives
    them; for data that conformed before (what ``lpkg add`` checks against), it is the full
    report. Shapes that fall back to pySHACL run on all their focus nodes. Returns the report
    and the nodes validated (None: all of them). ``shapes`` may be compiled already (a process
    that validates several contributions compiles once).
    """
    store = data if isinstance(data, OxigraphStore) else OxigraphStore(data)
    store.add(contribution)
    compiled = shapes if isinstance(shapes, CompiledShapes) else compile_shapes(shapes)
    affected = affected_focus_nodes(store.select, compiled, contribution)
    graph = store.graph() if compiled.fallback else None
    return evaluate(compiled, store.select, data=graph, focus_nodes=affected), affected
