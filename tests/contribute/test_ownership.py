"""The ownership rules on small graphs: what a contribution may state about what."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from lpkg.contribute.ownership import Foreign, Kind, foreign_statements
from lpkg.namespaces import LMEM, LORG, LP, LPKG, ORG, THEME

NEW = LORG["nova"]
OLD = LORG["stara"]


def _graph(*triples) -> Graph:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return graph


ONTOLOGY = _graph(
    (LPKG.LocalPartnership, RDFS.subClassOf, ORG.OrganizationalCollaboration),
    (ORG.unitOf, OWL.inverseOf, ORG.hasUnit),
    (ORG.member, OWL.inverseOf, ORG.hasMembership),
    (LPKG.servesTown, OWL.propertyChainAxiom, RDF.nil),
    (THEME["housing"], RDF.type, SKOS.Concept),
)
DATA = _graph(
    (OLD, RDF.type, ORG.Organization),
    (OLD, SKOS.prefLabel, Literal("Stará", lang="cs")),
    (LMEM["most--stara"], ORG.member, OLD),
    (LORG["jednotka"], ORG.unitOf, OLD),
)


def _kinds(*triples) -> list[tuple[URIRef, Kind]]:
    return [(f.triple[1], f.kind) for f in foreign_statements(_graph(*triples), ONTOLOGY, DATA)]


def test_a_new_resource_with_its_membership_and_unit_of_an_existing_one_is_own() -> None:
    assert (
        _kinds(
            (NEW, RDF.type, ORG.Organization),
            (NEW, SKOS.prefLabel, Literal("Nová", lang="cs")),
            (NEW, ORG.unitOf, OLD),
            (LMEM["most--nova"], ORG.member, NEW),
            (LMEM["most--nova"], ORG.organization, LP.most),
            (NEW, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q1")),
        )
        == []
    )


def test_a_statement_the_dataset_already_has_changes_nothing() -> None:
    repeated = (OLD, SKOS.prefLabel, Literal("Stará", lang="cs"))
    term = (LPKG.LocalPartnership, RDFS.subClassOf, ORG.OrganizationalCollaboration)
    assert foreign_statements(_graph(repeated, term), ONTOLOGY, DATA) == []


def test_a_new_statement_about_an_existing_resource_is_a_change() -> None:
    triple = (OLD, SKOS.altLabel, Literal("Stará, z.s.", lang="cs"))
    assert foreign_statements(_graph(triple), ONTOLOGY, DATA) == [Foreign(triple, Kind.EXISTING)]


def test_shacl_anywhere_is_refused() -> None:
    assert _kinds(
        (NEW, RDF.type, SH.NodeShape),
        (URIRef("https://w3id.org/lpkg/shapes#MembershipShape"), SH.deactivated, Literal(True)),
        (NEW, RDFS.comment, Literal(str(SH.deactivated))),  # a literal is text, not a term
    ) == [(RDF.type, Kind.SHAPES), (SH.deactivated, Kind.SHAPES)]


def test_terms_and_term_declarations_are_refused() -> None:
    # in the order of their subjects' IRIs: org:, then lorg:nova, lpkg:, theme:
    assert _kinds(
        (LPKG.LocalPartnership, RDFS.label, Literal("Spolek", lang="cs")),  # an ontology term
        (THEME["zahrady"], RDF.type, SKOS.Concept),  # a new concept of a vocabulary
        (ORG.Organization, RDFS.label, Literal("Organizace", lang="cs")),  # a class the data uses
        (NEW, RDFS.subPropertyOf, ORG.member),
        (NEW, RDF.type, OWL.TransitiveProperty),
    ) == [
        (RDFS.label, Kind.ONTOLOGY),
        (RDF.type, Kind.ONTOLOGY),
        (RDFS.subPropertyOf, Kind.ONTOLOGY),
        (RDFS.label, Kind.ONTOLOGY),
        (RDF.type, Kind.ONTOLOGY),
    ]


def test_derived_properties_are_refused_unless_the_data_states_them() -> None:
    # org:member is the inverse of org:hasMembership but data/ states it; org:hasUnit it never
    # states, and lpkg:servesTown is a property chain
    assert _kinds(
        (NEW, ORG.hasUnit, OLD),
        (LMEM["most--nova"], ORG.member, NEW),
        (NEW, LPKG.servesTown, URIRef("https://w3id.org/lpkg/id/place/most")),
    ) == [(ORG.hasUnit, Kind.DERIVED), (LPKG.servesTown, Kind.DERIVED)]


def test_same_as_with_an_existing_resource_on_either_side_is_refused() -> None:
    assert _kinds((NEW, OWL.sameAs, OLD), (OLD, OWL.sameAs, NEW)) == [
        (OWL.sameAs, Kind.SAME_AS),
        (OWL.sameAs, Kind.SAME_AS),
    ]
