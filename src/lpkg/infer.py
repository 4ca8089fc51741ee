"""The OWL 2 RL closure of a graph, computed on demand with owlrl."""

from __future__ import annotations

from rdflib import Graph

from .load import new_graph


def infer(graph: Graph) -> Graph:
    """Return a new graph holding ``graph`` and its OWL 2 RL entailments; ``graph`` is untouched.

    Axiomatic triples about RDF and OWL themselves are left out: they add nothing a query of the
    dataset needs and would multiply the size of the graph.
    """
    import owlrl  # imported here so that commands without --infer do not pay for it

    closure = new_graph()
    for triple in graph:
        closure.add(triple)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
    ).expand(closure)
    return closure
