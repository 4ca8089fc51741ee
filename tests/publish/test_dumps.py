"""Tests of lpkg.publish.dumps: N-Triples, JSON-LD, the inferred triples, gzip and checksums."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import FOAF, OWL, RDF, RDFS, XSD

from lpkg.infer import infer
from lpkg.namespaces import LP, LPKG, ORG
from lpkg.publish.dumps import (
    canonical_graph,
    context_for,
    gzip_bytes,
    inferred_only,
    sha256sums,
    to_jsonld,
    to_ntriples,
)


def oxigraph_graph(data: bytes, fmt: ox.RdfFormat) -> Graph:
    """``data`` parsed by pyoxigraph, as an rdflib graph."""
    out = Graph()
    blanks: dict[str, BNode] = {}

    def term(value: object) -> object:
        if isinstance(value, ox.NamedNode):
            return URIRef(value.value)
        if isinstance(value, ox.BlankNode):
            return blanks.setdefault(value.value, BNode())
        assert isinstance(value, ox.Literal)
        if value.language:
            return Literal(value.value, lang=value.language)
        if value.datatype.value == str(XSD.string):
            return Literal(value.value)
        return Literal(value.value, datatype=URIRef(value.datatype.value))

    for quad in ox.parse(data, format=fmt):
        out.add((term(quad.subject), term(quad.predicate), term(quad.object)))  # type: ignore[arg-type]
    return out


def _relabelled(graph: Graph, reverse: bool) -> Graph:
    """The same triples with fresh blank nodes, added in another order."""
    fresh: dict[BNode, BNode] = {}
    out = Graph()
    triples = sorted(graph, key=str, reverse=reverse)
    for triple in triples:
        out.add(tuple(fresh.setdefault(t, BNode()) if isinstance(t, BNode) else t for t in triple))  # type: ignore[arg-type]
    return out


def test_ntriples_round_trip_with_rdflib_and_oxigraph(graph: Graph) -> None:
    text = to_ntriples(graph)
    assert isomorphic(Graph().parse(data=text, format="nt"), graph)
    assert isomorphic(oxigraph_graph(text.encode(), ox.RdfFormat.N_TRIPLES), graph)


def test_ntriples_lines_are_sorted_and_one_per_triple(graph: Graph) -> None:
    lines = to_ntriples(graph).splitlines()
    assert lines == sorted(lines)
    assert len(lines) == len(graph)


def test_blank_node_labels_do_not_depend_on_parse_order(graph: Graph) -> None:
    """Regression: rdflib's random blank-node ids must never reach a dump."""
    first, second = _relabelled(graph, False), _relabelled(graph, True)
    assert to_ntriples(first) == to_ntriples(second)
    assert to_jsonld(first, context_for(first)) == to_jsonld(second, context_for(second))
    assert "_:N" not in to_ntriples(first)


def test_canonical_graph_is_isomorphic(graph: Graph) -> None:
    assert isomorphic(canonical_graph(graph), graph)


def test_jsonld_round_trip_with_rdflib_and_oxigraph(graph: Graph) -> None:
    text = to_jsonld(graph, context_for(graph))
    assert isomorphic(Graph().parse(data=text, format="json-ld"), graph)
    assert isomorphic(oxigraph_graph(text.encode(), ox.RdfFormat.JSON_LD), graph)


def test_jsonld_reads_naturally(graph: Graph) -> None:
    document = json.loads(to_jsonld(graph, context_for(graph)))
    context = document["@context"]
    assert context["label"] == {"@id": "rdfs:label", "@container": "@language"}
    assert context["member"] == {"@id": "org:member", "@type": "@id"}
    assert context["lp"] == str(LP)
    most = next(node for node in document["@graph"] if node["id"] == "lp:most")
    assert "lpkg:LocalPartnership" in most["type"]
    czech = sorted(str(o) for o in graph.objects(LP.most, RDFS.label) if o.language == "cs")
    assert most["label"]["cs"] == (czech[0] if len(czech) == 1 else czech)
    assert all("id" in node for node in document["@graph"])


def test_context_names_clashing_properties_by_prefix() -> None:
    g = Graph()
    thing = URIRef("http://ex/thing")
    g.add((thing, URIRef("http://purl.org/dc/terms/type"), URIRef("http://ex/kind")))
    g.add((thing, URIRef("http://www.w3.org/ns/adms#status"), URIRef("http://ex/s")))
    g.add((thing, LPKG.status, Literal("x")))
    context = context_for(g)
    assert context["dcterms_type"] == {"@id": "dcterms:type", "@type": "@id"}
    assert context["adms_status"] == {"@id": "adms:status", "@type": "@id"}
    assert context["lpkg_status"] == "lpkg:status"
    assert context["type"] == "@type"


def test_mixed_values_are_written_as_value_objects() -> None:
    g = Graph()
    thing = URIRef("http://ex/thing")
    p = URIRef("https://schema.org/foundingDate")
    g.add((thing, p, Literal("2008", datatype=XSD.gYear)))
    g.add((thing, p, Literal("2010-01-27", datatype=XSD.date)))
    text = to_jsonld(g, context_for(g))
    assert json.loads(text)["@graph"][0]["foundingDate"] == [
        {"@type": "xsd:date", "@value": "2010-01-27"},
        {"@type": "xsd:gYear", "@value": "2008"},
    ]
    assert isomorphic(Graph().parse(data=text, format="json-ld"), g)


@pytest.fixture(scope="module")
def inferred(graph: Graph) -> Graph:
    return inferred_only(graph, infer(graph))


def test_inferred_holds_no_asserted_or_axiomatic_triples(graph: Graph, inferred: Graph) -> None:
    core = (str(RDF), str(RDFS), str(OWL), str(XSD))
    for s, p, o in inferred:
        assert (s, p, o) not in graph
        assert not str(s).startswith(core) and not str(o).startswith(core)
        assert not (s == o and p in (OWL.sameAs, RDFS.subClassOf, OWL.equivalentClass))
        assert not isinstance(s, BNode | Literal) and not isinstance(o, BNode)


def test_inferred_keeps_entailments_that_add_information(inferred: Graph) -> None:
    # ontology/lpkg.ttl: org:OrganizationalUnit ⊑ org:Organization ⊑ foaf:Agent
    assert (ORG.OrganizationalUnit, RDFS.subClassOf, FOAF.Agent) in inferred
    # lpkg:servesTown is asserted nowhere in data/ and derived by the property chains
    assert any(True for _ in inferred.triples((None, LPKG.servesTown, None)))


def test_gzip_is_deterministic_and_nameless() -> None:
    data = "Litvínov\n".encode() * 100
    packed = gzip_bytes(data)
    assert packed == gzip_bytes(data)
    assert gzip.decompress(packed) == data
    assert packed[4:8] == b"\0\0\0\0"  # mtime 0
    assert packed[3] & 0x08 == 0  # no FNAME field


def test_sha256sums_format(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_bytes(b"test")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "c.txt").write_bytes(b"")
    assert sha256sums(tmp_path, ["b.txt", "a/c.txt"]) == (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  a/c.txt\n"
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08  b.txt\n"
    )
