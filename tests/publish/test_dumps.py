"""Tests of lpkg.publish.dumps: N-Triples, N-Quads, JSON-LD, the inferred triples, gzip and
checksums."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import FOAF, OWL, RDF, RDFS, XSD
from rdflib.term import Node

from lpkg.infer import infer
from lpkg.namespaces import LP, LPKG, ORG
from lpkg.publish.dumps import (
    canonical_graph,
    context_for,
    gzip_bytes,
    inferred_only,
    named_quads,
    sha256sums,
    to_jsonld,
    to_nquads,
    to_ntriples,
    union_graph,
)
from tests import FIXTURES


def oxigraph_graph(data: bytes, fmt: ox.RdfFormat) -> Graph:
    """``data`` parsed by pyoxigraph, as an rdflib graph (the union of its graphs)."""
    out = Graph()
    for s, p, o, _ in named_quads(oxigraph_dataset(data, fmt)):
        out.add((s, p, o))
    return out


def oxigraph_dataset(data: bytes, fmt: ox.RdfFormat) -> Dataset:
    """``data`` parsed by pyoxigraph, as an rdflib dataset."""
    out = Dataset()
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
        name = quad.graph_name
        graph = out.default_graph if isinstance(name, ox.DefaultGraph) else out.graph(term(name))  # type: ignore[arg-type]
        graph.add((term(quad.subject), term(quad.predicate), term(quad.object)))  # type: ignore[arg-type]
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


# --- N-Quads -------------------------------------------------------------------------------

TWO_PAGES = FIXTURES / "publish" / "two-pages.trig"
PAGE_A = URIRef("https://example.org/pages/a")
PAGE_B = URIRef("https://example.org/pages/b")


def _dataset(quads: Iterable[tuple[Node, Node, Node, URIRef | None]]) -> Dataset:
    out = Dataset()
    for s, p, o, g in quads:
        (out.default_graph if g is None else out.graph(g)).add((s, p, o))
    return out


def _graphs(dataset: Dataset) -> dict[URIRef | None, Graph]:
    """The dataset's non-empty graphs by name, None for the default graph."""
    graphs: dict[URIRef | None, Graph] = {}
    for s, p, o, g in named_quads(dataset):
        graphs.setdefault(g, Graph()).add((s, p, o))
    return graphs


def same_dataset(a: Dataset, b: Dataset) -> bool:
    """Isomorphic graph by graph (enough where no blank node is in two graphs, as in data/)."""
    ga, gb = _graphs(a), _graphs(b)
    return set(ga) == set(gb) and all(isomorphic(ga[name], gb[name]) for name in ga)


@pytest.fixture(scope="module")
def two_pages() -> Dataset:
    return oxigraph_dataset(TWO_PAGES.read_bytes(), ox.RdfFormat.TRIG)


def test_nquads_round_trip_to_the_dataset(two_pages: Dataset) -> None:
    text = to_nquads(two_pages)
    # two-pages.trig: 1 statement in the default graph, 3 in page A's graph, 10 in page B's
    assert len(text.splitlines()) == 14
    parsed = oxigraph_dataset(text.encode(), ox.RdfFormat.N_QUADS)
    assert same_dataset(parsed, two_pages)
    assert set(_graphs(parsed)) == {None, PAGE_A, PAGE_B}


def test_nquads_lines_are_sorted_and_a_statement_of_two_pages_is_in_both(
    two_pages: Dataset,
) -> None:
    lines = to_nquads(two_pages).splitlines()
    assert lines == sorted(lines)
    name = '"Příklad"@cs'
    assert sorted(line.rsplit(" ", 2)[-2] for line in lines if name in line) == [
        f"<{PAGE_A}>",
        f"<{PAGE_B}>",
    ]
    default = [line for line in lines if "rdf-schema#comment" in line]
    assert len(default) == 1 and default[0].endswith('"Not stated by any page."@en .')


def test_nquads_blank_node_labels_do_not_depend_on_parse_order(two_pages: Dataset) -> None:
    quads = list(named_quads(two_pages))
    fresh: dict[BNode, BNode] = {}

    def relabel(term: Node) -> Node:
        return fresh.setdefault(term, BNode()) if isinstance(term, BNode) else term

    for reverse in (False, True):
        ordered = sorted(quads, key=str, reverse=reverse)
        again = _dataset((relabel(s), p, relabel(o), g) for s, p, o, g in ordered)
        fresh.clear()
        assert to_nquads(again) == to_nquads(two_pages)
    assert "_:N" not in to_nquads(two_pages)


def test_union_of_the_quads_is_what_the_triple_dump_holds(two_pages: Dataset) -> None:
    union = union_graph(two_pages)
    assert len(union) == 13  # the name both pages state is one triple
    from_quads = Graph()
    parsed = oxigraph_dataset(to_nquads(two_pages).encode(), ox.RdfFormat.N_QUADS)
    for s, p, o, _ in named_quads(parsed):
        from_quads.add((s, p, o))
    assert isomorphic(from_quads, Graph().parse(data=to_ntriples(union), format="nt"))


def test_a_graph_named_by_a_blank_node_is_refused() -> None:
    dataset = _dataset([(URIRef("http://ex/a"), RDFS.label, Literal("a"), None)])
    dataset.graph(BNode()).add((URIRef("http://ex/b"), RDFS.label, Literal("b")))
    with pytest.raises(ValueError, match="blank node"):
        to_nquads(dataset)


EX = "http://ex/"


def _ex(name: str) -> URIRef:
    return URIRef(EX + name)


def _labels_in_both_orders(graph: Graph) -> tuple[str, str]:
    return to_ntriples(_relabelled(graph, False)), to_ntriples(_relabelled(graph, True))


def test_equal_blank_node_siblings_stay_apart() -> None:
    """Two memberships' intervals with the same content under one resource are two nodes: the
    labels made from content must not merge them."""
    graph = Graph()
    for _ in range(2):
        interval, start = BNode(), BNode()
        graph.add((_ex("m"), _ex("during"), interval))
        graph.add((interval, _ex("start"), start))
        graph.add((start, _ex("date"), Literal("2010")))
    text = to_ntriples(graph)
    assert len(text.splitlines()) == 6
    assert len({term for line in text.splitlines() for term in line.split() if "_:" in term}) == 4
    assert isomorphic(Graph().parse(data=text, format="nt"), graph)
    first, second = _labels_in_both_orders(graph)
    assert first == second == text


def test_shared_and_cyclic_blank_nodes_are_labelled_canonically_too() -> None:
    """Blank nodes that are not trees (one object of two statements, a ring) take rdflib's
    canonical labelling: still isomorphic and independent of parse order."""
    graph = Graph()
    shared, a, b = BNode(), BNode(), BNode()
    graph.add((_ex("x"), _ex("p"), shared))
    graph.add((_ex("y"), _ex("p"), shared))
    graph.add((shared, RDFS.label, Literal("shared")))
    graph.add((a, _ex("next"), b))
    graph.add((b, _ex("next"), a))
    text = to_ntriples(graph)
    assert isomorphic(Graph().parse(data=text, format="nt"), graph)
    first, second = _labels_in_both_orders(graph)
    assert first == second == text


def test_blank_node_labels_depend_on_where_the_node_hangs() -> None:
    """Equal content under two resources gives two labels, and moving a tree changes its
    label: a label names the node, not only its content."""
    graph = Graph()
    for owner in ("a", "b"):
        node = BNode()
        graph.add((_ex(owner), _ex("name"), node))
        graph.add((node, RDFS.label, Literal("same")))
    lines = to_ntriples(graph).splitlines()
    subjects = {line.split()[0] for line in lines if line.startswith("_:")}
    assert len(subjects) == 2
