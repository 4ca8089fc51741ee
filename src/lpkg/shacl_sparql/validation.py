"""Full and incremental validation of rdflib graphs on the embedded store."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import RDFS, SH
from rdflib.term import Node

from .compiler import CompiledShapes, compile_shapes
from .report import evaluate
from .store import OxigraphStore, Select, _focus_term


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
    select: Select, compiled: CompiledShapes, contribution: Graph
) -> set[Node] | None:
    """The nodes whose results a contribution (statements added to the data) may change.

    Those are the subjects of its statements, their objects where a check reads the predicate
    backwards, and the nodes that reach those along a route of the checks (see
    :class:`_Reads`). None when every node may be affected: the contribution changes the class
    hierarchy (which class targets and sh:class read), or a SHACL-SPARQL query reads statements
    not connected to its focus node.
    """
    reads = compiled.reads
    reads.analyse_queries()
    if reads.everything or (None, RDFS.subClassOf, None) in contribution:
        return None
    affected: set[Node] = set()
    for s, p, o in contribution:
        affected.add(s)
        if (p in reads.backward or reads.backward_any) and not isinstance(o, Literal):
            affected.add(o)
    if not affected:
        return affected
    nodes = " ".join(sorted(_focus_term(n) for n in affected))
    for route in sorted(reads.routes, key=str):
        back = "/".join(
            f"({'^' if forward else ''}{p.n3()}){'*' if repeated else ''}"
            for p, forward, repeated in reversed(route)
        )
        _, rows = select(f"SELECT DISTINCT ?x WHERE {{ VALUES ?n {{ {nodes} }} ?n {back} ?x }}")
        affected |= {row["x"] for row in rows if not isinstance(row["x"], Literal)}
    return affected


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
