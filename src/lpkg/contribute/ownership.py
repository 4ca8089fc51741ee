"""What a contribution may state: its own resources, not the ontology, the shapes or the identity
of what the dataset already has; changes to existing data only as a correction someone asked for.

The rules (CONTRIBUTING.md, "What a contribution may change") classify each statement of a
contribution that the dataset does not already hold; a statement repeated exactly changes nothing
and is never classified.
"""

from __future__ import annotations

from collections.abc import Callable, Container
from dataclasses import dataclass
from enum import Enum

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

from ..namespaces import BASE

Triple = tuple[Node, Node, Node]

_OWN_TERMS = (BASE + "ontology", BASE + "vocab")
"""The lpkg ontology (its IRI and terms), and the vocabularies' schemes and concepts."""
_SCHEMA_PREDICATES = {RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range}
_TERM_NAMESPACES = (str(RDF), str(RDFS), str(OWL))
"""Types from these namespaces (owl:Class, rdf:Property, ...) declare a term."""


class Kind(Enum):
    """Why a statement is not a contribution's own."""

    SHAPES = "shapes"
    """It uses a SHACL term anywhere: a contribution cannot change what the data is checked by."""
    ONTOLOGY = "ontology"
    """It is about a term of the ontology or vocabularies, or declares a term."""
    DERIVED = "derived"
    """Its property is one reasoning derives and data/ never states (an inverse, a chain)."""
    SAME_AS = "same-as"
    """An ``owl:sameAs`` with a resource the dataset already has: it would merge identities."""
    EXISTING = "existing"
    """It adds to a resource ``data/`` already describes: allowed as a correction (``--merge``)."""


@dataclass(frozen=True)
class Foreign:
    """A statement of a contribution that is not about the contribution's own new resources."""

    triple: Triple
    kind: Kind


def foreign_statements(contribution: Graph, ontology: Graph, data: Graph) -> list[Foreign]:
    """The statements of ``contribution`` that ``ontology`` and ``data`` (the dataset's two parts)
    do not hold and that are not about the contribution's own new resources, in a stable order."""
    return classify(contribution, Known.from_graphs(contribution, ontology, data))


def classify(contribution: Graph, known: Known) -> list[Foreign]:
    """:func:`foreign_statements`, with what the dataset holds given by ``known`` (from graphs,
    or from a store: :mod:`lpkg.contribute.on_store`)."""
    rules = _Rules(known)
    found = []
    for triple in sorted(contribution):
        if known.held(triple):
            continue
        kind = rules.kind(triple)
        if kind is not None:
            found.append(Foreign(triple, kind))
    return found


@dataclass(frozen=True)
class Known:
    """What the rules need to know of the dataset, for the terms of one contribution."""

    held: Callable[[Triple], bool]
    """Whether the ontology or the data holds the statement already."""
    described: Container[Node]
    """The resources (IRIs) data/ has statements about."""
    existing: Container[Node]
    """Those and the ontology's subjects."""
    terms: Container[Node]
    """The ontology's subjects, every predicate and every class something is typed with (in the
    ontology, the data or the contribution)."""
    derived: Container[Node]
    """The properties reasoning derives (inverses, chains) that data/ never states."""

    @classmethod
    def from_graphs(cls, contribution: Graph, ontology: Graph, data: Graph) -> Known:
        described = {s for s in data.subjects() if not isinstance(s, BNode)}
        terms = set(ontology.subjects())
        for graph in (ontology, data, contribution):
            terms |= set(graph.predicates()) | set(graph.objects(None, RDF.type))
        return cls(
            held=lambda triple: triple in ontology or triple in data,
            described=described,
            existing=described | set(ontology.subjects()),
            terms=terms,
            derived=derivable(ontology) - set(data.predicates()),
        )


def derivable(ontology: Graph) -> set[Node]:
    """The properties the ontology derives: both ends of each inverse, and the chains."""
    found = set(ontology.subjects(OWL.propertyChainAxiom, None))
    for a, b in ontology.subject_objects(OWL.inverseOf):
        found |= {a, b}
    return found


class _Rules:
    def __init__(self, known: Known) -> None:
        self.known = known

    def kind(self, triple: Triple) -> Kind | None:
        s, p, o = triple
        if any(isinstance(t, URIRef) and str(t).startswith(str(SH)) for t in triple):
            return Kind.SHAPES
        if p == OWL.sameAs:
            return Kind.SAME_AS if s in self.known.existing or o in self.known.existing else None
        if self._declares_term(s, p, o):
            return Kind.ONTOLOGY
        if p in self.known.derived:
            return Kind.DERIVED
        if s in self.known.described:
            return Kind.EXISTING
        return None

    def _declares_term(self, s: Node, p: Node, o: Node) -> bool:
        return (
            s in self.known.terms
            or (isinstance(s, URIRef) and str(s).startswith(_OWN_TERMS))
            or p in _SCHEMA_PREDICATES
            or str(p).startswith(str(OWL))
            or (p == RDF.type and str(o).startswith(_TERM_NAMESPACES))
        )
