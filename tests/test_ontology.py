"""The ontology: labelled and defined in both languages, own terms anchored in standard ones."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS

from lpkg.load import parse_files
from lpkg.namespaces import LPKG, ORG
from tests import ROOT

ONTOLOGY = URIRef("https://w3id.org/lpkg/ontology")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return parse_files(sorted((ROOT / "ontology").rglob("*.ttl")))


def _own_terms(ontology: Graph) -> list[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return sorted(
        {s for k in kinds for s in ontology.subjects(RDF.type, k) if str(s).startswith(LPKG)}
    )


def _langs(graph: Graph, subject: URIRef, *predicates: URIRef) -> set[str]:
    return {
        o.language or ""
        for p in predicates
        for o in graph.objects(subject, p)
        if isinstance(o, Literal)
    }


def test_ontology_header(ontology: Graph) -> None:
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in ontology
    for prop in (DCTERMS.title, DCTERMS.description):
        assert _langs(ontology, ONTOLOGY, prop) >= {"cs", "en"}
    for prop in (OWL.versionIRI, OWL.versionInfo, DCTERMS.license, DCTERMS.creator, DCTERMS.source):
        assert ontology.value(ONTOLOGY, prop) is not None, prop


def test_there_are_own_terms(ontology: Graph) -> None:
    assert LPKG.servesTown in _own_terms(ontology)


def test_every_term_has_label_and_definition_in_cs_and_en(ontology: Graph) -> None:
    missing = [
        t
        for t in _own_terms(ontology)
        if not _langs(ontology, t, RDFS.label) >= {"cs", "en"}
        or not _langs(ontology, t, SKOS.definition, RDFS.comment) >= {"cs", "en"}
    ]
    assert missing == []


def test_every_own_term_refines_a_standard_term(ontology: Graph) -> None:
    """Own terms only where nothing fits, each declared below the standard term it refines."""

    def anchored(term: URIRef, seen: frozenset[URIRef] = frozenset()) -> bool:
        parents = set(ontology.objects(term, RDFS.subClassOf)) | set(
            ontology.objects(term, RDFS.subPropertyOf)
        )
        inverse = set(ontology.objects(term, OWL.inverseOf)) | set(
            ontology.subjects(OWL.inverseOf, term)
        )
        return any(
            not str(p).startswith(LPKG) or (p not in seen and anchored(p, seen | {term}))
            for p in parents | inverse
        )

    # counts are data about data; no standard property says "number of participants", nor
    # "the source's member list is complete"
    exempt = {
        LPKG.participantCount,
        LPKG.participatingOrganizationCount,
        LPKG.memberListComplete,
    }
    assert [t for t in _own_terms(ontology) if t not in exempt and not anchored(t)] == []


def test_serves_town_chains_are_declared(ontology: Graph) -> None:
    chains = {
        s: list(Collection(ontology, o))
        for s, o in ontology.subject_objects(OWL.propertyChainAxiom)
    }
    assert chains[LPKG.servesTownAsMember] == [ORG.hasMembership, ORG.organization, LPKG.town]
    assert chains[LPKG.servesTown] == [ORG.hasUnit, LPKG.servesTown]
