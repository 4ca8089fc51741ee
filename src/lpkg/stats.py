"""Counts that describe a graph: triples, resources per class, memberships per partnership."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from .namespaces import LPKG, ORG


@dataclass
class Stats:
    triples: int
    classes: dict[URIRef, int]
    memberships: dict[URIRef, int]


def stats(graph: Graph) -> Stats:
    """Count triples, typed resources per class and memberships per partnership.

    >>> from lpkg.load import load_graph
    >>> from lpkg.namespaces import LP
    >>> stats(load_graph()).memberships[LP.most]
    11
    """
    classes = Counter(o for o in graph.objects(None, RDF.type) if isinstance(o, URIRef))
    memberships: Counter[URIRef] = Counter()
    for partnership in graph.subjects(RDF.type, LPKG.LocalPartnership):
        memberships[partnership] = 0  # a partnership without members is still listed
    for membership in graph.subjects(RDF.type, ORG.Membership):
        for partnership in graph.objects(membership, ORG.organization):
            memberships[partnership] += 1
    return Stats(
        len(graph),
        dict(sorted(classes.items(), key=lambda kv: (-kv[1], str(kv[0])))),
        dict(sorted(memberships.items(), key=lambda kv: str(kv[0]))),
    )
