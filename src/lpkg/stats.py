"""Counts that describe a graph: triples, resources per class, memberships per partnership."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef

from .store import RdflibStore, Store


@dataclass
class Stats:
    triples: int
    classes: dict[URIRef, int]
    memberships: dict[URIRef, int]


# Each count is over distinct statements: a statement two pages make is in two named graphs,
# and a store's union default graph may hold it twice (pyoxigraph's and Oxigraph's do).
_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
_CLASSES = """SELECT ?class (COUNT(?resource) AS ?n)
WHERE { SELECT DISTINCT ?resource ?class WHERE { ?resource a ?class FILTER (isIRI(?class)) } }
GROUP BY ?class"""
_MEMBERSHIPS = """PREFIX lpkg: <https://w3id.org/lpkg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
SELECT ?partnership (COUNT(DISTINCT ?membership) AS ?n)
WHERE {
  { ?partnership a lpkg:LocalPartnership }  # listed even without members, with 0
  UNION
  { ?membership a org:Membership ; org:organization ?partnership }
}
GROUP BY ?partnership"""


def stats(store: Store | Graph) -> Stats:
    """Count triples, typed resources per class and memberships per partnership.

    >>> from lpkg.load import load_graph
    >>> from lpkg.namespaces import LP
    >>> stats(load_graph()).memberships[LP.most]
    11
    """
    if not isinstance(store, Store):
        store = RdflibStore(store)
    _, [total] = store.select(_TRIPLES)
    classes = {row["class"]: int(row["n"]) for row in store.select(_CLASSES)[1]}  # type: ignore[arg-type]
    memberships = {row["partnership"]: int(row["n"]) for row in store.select(_MEMBERSHIPS)[1]}  # type: ignore[arg-type]
    return Stats(
        int(total["n"]),  # type: ignore[arg-type]
        dict(sorted(classes.items(), key=lambda kv: (-kv[1], str(kv[0])))),  # type: ignore[arg-type]
        dict(sorted(memberships.items(), key=lambda kv: str(kv[0]))),  # type: ignore[arg-type]
    )
