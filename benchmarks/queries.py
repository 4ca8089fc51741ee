"""Every named query on the shipped data multiplied, through lpkg (rdflib) and through pyoxigraph
with the same SPARQL text (the parameters written in as lpkg writes them).

The data is multiplied by copying every partnership with what belongs to it (memberships,
places, events, documents, projects, programmes, posts and their blank nodes) under new IRIs;
the organizations stay shared, so the copies' memberships pile up on the same organizations, as
new partnerships' do. Memberships the data gives no period get one (inside 2010) in the copies
and the original alike, so that the date filters have periods to compare: this is made-up data
for timing only, never written anywhere. Queries run with their default parameters, and the
membership queries once more with ``date=2010``. Times exclude loading; each is the median of
``--repeat`` runs. Run from the repository root:

    .venv/bin/python benchmarks/queries.py [--scales 1 5 10] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from functools import partial

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node, Variable

from lpkg.infer import infer
from lpkg.load import load_graph
from lpkg.namespaces import BASE, ORG, TIME
from lpkg.queries import NamedQuery, bind, list_queries, prepare, resolve_params, run_query

COPIED = tuple(
    f"{BASE}id/{kind}/"
    for kind in ("partnership", "membership", "place", "event", "document", "project")
    + ("programme", "post")
)
"""The IRIs that each copy gets its own of; organizations, vocabularies and the ontology are
shared."""
GOAL = 2.0
"""Seconds every named query should stay under at 10^4 triples (issue 10)."""


def with_periods(graph: Graph) -> Graph:
    """``graph`` with a period (inside 2010) on every membership that has none."""
    result = Graph()
    result += graph
    for membership in set(graph.subjects(RDF.type, ORG.Membership)):
        if (membership, ORG.memberDuring, None) not in graph:
            interval, instant = BNode(), BNode()
            result.add((membership, ORG.memberDuring, interval))
            result.add((interval, RDF.type, TIME.Interval))
            result.add((interval, TIME.inside, instant))
            result.add((instant, RDF.type, TIME.Instant))
            result.add((instant, TIME.inXSDgYear, Literal("2010", datatype=XSD.gYear)))
    return result


def multiplied(graph: Graph, times: int) -> Graph:
    """``graph`` with ``times - 1`` copies of its partnerships added."""
    copied = _copied_triples(graph)
    result = Graph()
    result += graph
    for k in range(2, times + 1):
        for triple in copied:
            result.add(tuple(_renamed(term, k) for term in triple))  # type: ignore[arg-type]
    return result


def _copied_triples(graph: Graph) -> list[tuple[Node, Node, Node]]:
    """The triples about a copied IRI, or pointing at one, and those of the blank nodes they
    reach."""
    found = [t for t in graph if any(_is_copied(x) for x in t)]
    todo = [o for _s, _p, o in found if isinstance(o, BNode)]
    seen: set[Node] = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for p, o in graph.predicate_objects(node):
            found.append((node, p, o))
            if isinstance(o, BNode):
                todo.append(o)
    return found


def _is_copied(term: Node) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(COPIED)


def _renamed(term: Node, k: int) -> Node:
    if _is_copied(term):
        return URIRef(f"{term}-copy{k}")
    if isinstance(term, BNode):
        return BNode(f"{term}copy{k}")
    return term


def _store(graph: Graph) -> ox.Store:
    store = ox.Store()
    # owlrl's closure holds a few triples with a literal subject, which RDF 1.1 stores refuse
    store.bulk_extend(
        ox.Quad(*(_ox(t) for t in triple)) for triple in graph if not isinstance(triple[0], Literal)
    )
    return store


def _ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    assert isinstance(term, Literal)
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))


def _median(run: Callable[[], int], repeat: int) -> tuple[float, int]:
    times, rows = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        rows = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), rows


def _rows_lpkg(query: NamedQuery, graph: Graph, params: dict[str, str]) -> int:
    return len(run_query(query, graph, params).rows)


def _parse(query: NamedQuery, bindings: dict[Variable, URIRef | Literal]) -> int:
    """rdflib's parsing of the query text, which lpkg does once per run (a fixed cost that does
    not grow with the data)."""
    prepare(query, bindings)
    return 0


def _rows_oxigraph(store: ox.Store, text: str) -> int:
    return len(list(store.query(text)))


def cases(queries: list[NamedQuery]) -> Iterator[tuple[NamedQuery, dict[str, str]]]:
    for query in queries:
        yield query, {}
        if query.date_param is not None:
            yield query, {query.date_param.name: "2010"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 5, 10])
    parser.add_argument("--repeat", type=int, default=3, help="runs per case (default 3)")
    args = parser.parse_args()
    shipped = with_periods(load_graph())
    queries = list_queries()
    print(f"Python {sys.version.split()[0]}, median of {args.repeat} runs, seconds\n")
    print("| query | parameters | scale | triples | rows | lpkg (rdflib) | parsing | pyoxigraph |")
    print("|---|---|--:|--:|--:|--:|--:|--:|")
    slowest: dict[int, float] = {}
    for scale in args.scales:
        asserted = multiplied(shipped, scale)
        closure = infer(asserted) if any(q.requires_inference for q in queries) else asserted
        stores = {False: _store(asserted), True: _store(closure)}
        for query, params in cases(queries):
            graph = closure if query.requires_inference else asserted
            ours, rows = _median(partial(_rows_lpkg, query, graph, params), args.repeat)
            bindings = resolve_params(query, graph, params)
            text = bind(query.text, bindings)
            parsing, _ = _median(partial(_parse, query, bindings), args.repeat)
            store = stores[query.requires_inference]
            theirs, their_rows = _median(partial(_rows_oxigraph, store, text), args.repeat)
            shown = " ".join(f"{k}={v}" for k, v in params.items()) or "defaults"
            flag = "" if rows == their_rows else f" (pyoxigraph: {their_rows} rows)"
            print(
                f"| {query.name} | {shown} | {scale}× | {len(graph)} | {rows}{flag} "
                f"| {ours:.2f} | {parsing:.2f} | {theirs:.3f} |",
                flush=True,
            )
            slowest[scale] = max(slowest.get(scale, 0.0), ours)
    print()
    for scale, seconds in slowest.items():
        verdict = "within" if seconds < GOAL else "over"
        print(f"{scale}×: the slowest query through lpkg: {seconds:.2f} s ({verdict} {GOAL} s)")


if __name__ == "__main__":
    main()
