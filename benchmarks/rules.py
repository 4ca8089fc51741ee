"""Time of each SHACL-SPARQL rule of ``shapes/`` per focus node, on the data multiplied.

pySHACL runs a rule's query once per focus node with ``$this`` bound; this does the same with
rdflib (the query parsed once, as lpkg.validate does) and prints, per rule, the focus nodes, the
seconds, the milliseconds per focus node and the rows found. A rule whose time per focus node
grows with the data starts from a scan rather than from ``$this``. Run from the repository root:

    .venv/bin/python benchmarks/rules.py [--scales 1 4] [--root DIR]
"""

from __future__ import annotations

import argparse
import time

from queries import multiplied
from rdflib import Graph
from rdflib.namespace import RDF, RDFS, SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Node

from lpkg.load import load_graph, load_shapes


def focus_nodes(graph: Graph, shapes: Graph, shape: Node) -> set[Node]:
    """The rule's targets (the kinds the shapes use: classes with subclasses, subjects of)."""
    nodes: set[Node] = set()
    for cls in shapes.objects(shape, SH.targetClass):
        for sub in graph.transitive_subjects(RDFS.subClassOf, cls):
            nodes |= set(graph.subjects(RDF.type, sub))
    for prop in shapes.objects(shape, SH.targetSubjectsOf):
        nodes |= set(graph.subjects(prop, None))
    return nodes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--root", default=None, help="dataset folder (default: this checkout)")
    args = parser.parse_args()
    shapes = load_shapes(args.root)
    prefixes = {
        str(shapes.value(d, SH.prefix)): str(shapes.value(d, SH.namespace))
        for d in shapes.objects(None, SH.declare)
    }
    data = load_graph(root=args.root)
    for scale in args.scales:
        graph = multiplied(data, scale) if scale > 1 else data
        print(f"\n{scale}x: {len(graph)} triples")
        for shape, constraint in sorted(shapes.subject_objects(SH.sparql)):
            query = prepareQuery(str(shapes.value(constraint, SH.select)), initNs=prefixes)
            nodes = focus_nodes(graph, shapes, shape)
            start = time.perf_counter()
            rows = sum(len(list(graph.query(query, initBindings={"this": n}))) for n in nodes)
            spent = time.perf_counter() - start
            per = 1000 * spent / max(len(nodes), 1)
            name = str(shape).rsplit("#", 1)[-1]
            print(f"{name:28} {len(nodes):5} focus {spent:7.2f} s {per:7.2f} ms/focus {rows} rows")


if __name__ == "__main__":
    main()
