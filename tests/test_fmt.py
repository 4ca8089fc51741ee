"""The canonical Turtle form: hand-written expectations, round trips, determinism, the dataset."""

from __future__ import annotations

import random
import shutil
import stat
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic, to_canonical_graph
from rdflib.namespace import OWL, RDF, RDFS, SKOS, TIME, XSD

from lpkg.errors import LimitError, MissingFileError, ParseError
from lpkg.fmt import canonical_graph, canonical_trig, canonical_turtle, format_file, read_header
from lpkg.load import new_dataset, parse_file
from lpkg.namespaces import LORG, LP, LPKG
from lpkg.paths import data_files
from tests import FIXTURES, ROOT

FMT = FIXTURES / "fmt"
MESSY = FMT / "messy.ttl"
CANONICAL = FMT / "messy.canonical.ttl"
MALFORMED = FMT / "malformed.invalid.ttl"
DATASET = [*data_files(ROOT), *sorted((ROOT / "ontology").rglob("*.ttl"))]
DATASET_IDS = [str(p.relative_to(ROOT)) for p in DATASET]
EX = "http://example.org/ns/"


def _parse_text(text: str) -> Graph:
    return Graph().parse(data=text, format="turtle")


def _via_oxigraph(text: str) -> Graph:
    """``text`` as pyoxigraph reads it, handed to rdflib through N-Triples."""
    quads = pyoxigraph.parse(text.encode("utf-8"), pyoxigraph.RdfFormat.TURTLE)
    nt = pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_TRIPLES)
    return _plain_strings(Graph().parse(data=nt.decode("utf-8"), format="nt"))


def _plain_strings(graph: Graph) -> Graph:
    """``graph`` with "x"^^xsd:string written as "x": RDF 1.1 makes them one literal."""
    result = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        result.add((s, p, o))
    return result


def _assert_round_trip(graph: Graph, text: str) -> None:
    assert isomorphic(_parse_text(text), graph), "rdflib reads back other triples"
    assert isomorphic(_via_oxigraph(text), _plain_strings(graph)), "pyoxigraph reads back others"


# --- the hand-written fixture --------------------------------------------------------------


def test_messy_file_is_rewritten_to_the_hand_written_canonical_form(tmp_path: Path) -> None:
    path = tmp_path / "messy.ttl"
    shutil.copy(MESSY, path)
    assert format_file(path) is True
    assert path.read_text(encoding="utf-8") == CANONICAL.read_text(encoding="utf-8")
    assert format_file(path) is False


def test_hand_written_canonical_form_is_canonical() -> None:
    assert format_file(CANONICAL, check=True) is False


def test_check_does_not_write(tmp_path: Path) -> None:
    path = tmp_path / "messy.ttl"
    shutil.copy(MESSY, path)
    assert format_file(path, check=True) is True
    assert path.read_bytes() == MESSY.read_bytes()


def test_rewrite_keeps_the_file_mode(tmp_path: Path) -> None:
    path = tmp_path / "messy.ttl"
    shutil.copy(MESSY, path)
    path.chmod(0o644)
    format_file(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["messy.ttl"], "no temporary file is left"


def test_malformed_file_raises_parse_error_and_is_untouched(tmp_path: Path) -> None:
    path = tmp_path / "bad.ttl"
    shutil.copy(MALFORMED, path)
    with pytest.raises(ParseError) as info:
        format_file(path)
    assert info.value.line is not None
    assert path.read_bytes() == MALFORMED.read_bytes()


def test_missing_file_raises_missing_file_error(tmp_path: Path) -> None:
    with pytest.raises(MissingFileError):
        format_file(tmp_path / "nowhere.ttl")


def test_n_triples_file_is_refused(tmp_path: Path) -> None:
    """Guards against writing Turtle into a .nt file."""
    path = tmp_path / "one.nt"
    shutil.copy(FIXTURES / "load" / "one-triple.valid.nt", path)
    with pytest.raises(ParseError, match="Turtle"):
        format_file(path)


# --- the dataset ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", DATASET, ids=DATASET_IDS)
def test_dataset_file_is_in_canonical_form(path: Path) -> None:
    assert not format_file(path, check=True), (
        f"{path.relative_to(ROOT)} is not in canonical form; run `lpkg fmt data/ ontology/`."
    )


@pytest.mark.parametrize("path", DATASET, ids=DATASET_IDS)
def test_dataset_file_round_trips_and_formats_idempotently(path: Path, tmp_path: Path) -> None:
    header = read_header(path.read_text(encoding="utf-8"))
    if path.suffix == ".trig":
        text = canonical_trig(parse_file(path, new_dataset()), header)  # type: ignore[arg-type]
        assert _same_dataset(path.read_text(encoding="utf-8"), text)
        again = tmp_path / path.name
        again.write_text(text, encoding="utf-8")
        assert canonical_trig(parse_file(again, new_dataset()), header) == text  # type: ignore[arg-type]
        return
    graph = parse_file(path)
    text = canonical_turtle(graph, header)
    _assert_round_trip(graph, text)
    assert canonical_turtle(_parse_text(text), header) == text


def test_dataset_file_is_the_same_graph_for_pyoxigraph_before_and_after() -> None:
    """What pyoxigraph reads from a file does not change by formatting it (TriG files: see
    test_dataset_file_round_trips_and_formats_idempotently)."""
    for path in (p for p in DATASET if p.suffix == ".ttl"):
        raw = path.read_text(encoding="utf-8")
        text = canonical_turtle(parse_file(path), read_header(raw))
        before = pyoxigraph.parse(raw.encode(), pyoxigraph.RdfFormat.TURTLE)
        nt = pyoxigraph.serialize(before, format=pyoxigraph.RdfFormat.N_TRIPLES).decode()
        assert isomorphic(_via_oxigraph(text), _plain_strings(Graph().parse(data=nt, format="nt")))


# --- the parts of the form ------------------------------------------------------------------


def test_header_is_kept_verbatim_before_one_blank_line() -> None:
    graph = Graph()
    graph.add((LP.most, RDFS.label, Literal("Most", lang="cs")))
    header = "# Most.  \n#\n# Source: the page.\n"
    text = canonical_turtle(graph, header)
    assert text.startswith(header + "\n@prefix ")


def test_read_header_stops_at_the_first_line_that_is_not_a_comment() -> None:
    text = "\n# One.\n# Two.\n\n# Three (a section comment).\n@prefix ex: <http://ex/> .\n"
    assert read_header(text) == "# One.\n# Two.\n"
    assert read_header("@prefix ex: <http://ex/> .\n# late\n") == ""


def test_header_that_is_not_a_comment_is_refused() -> None:
    with pytest.raises(ValueError):
        canonical_turtle(Graph(), "# fine\nnot a comment")


def test_empty_graph_gives_just_the_header() -> None:
    assert canonical_turtle(Graph(), "# Nothing yet.") == "# Nothing yet.\n"
    assert canonical_turtle(Graph()) == ""


def test_only_the_prefixes_used_are_declared_and_none_is_invented() -> None:
    graph = Graph()
    graph.bind("ns1", "http://unknown.example/")
    graph.add((URIRef("http://unknown.example/a"), RDFS.label, Literal("a")))
    text = canonical_turtle(graph)
    assert text == (
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\n"
        '<http://unknown.example/a> rdfs:label "a" .\n'
    )


def test_declared_prefix_is_used_only_where_no_project_prefix_fits() -> None:
    graph = Graph()
    graph.add((URIRef(EX + "a"), RDFS.seeAlso, LP.most))
    text = canonical_turtle(graph, prefixes={"ex": EX, "partner": str(LP), "lp": EX + "x/"})
    assert "ex:a rdfs:seeAlso lp:most ." in text
    assert "@prefix partner:" not in text and f"@prefix lp: <{LP}>" in text


def test_iri_that_no_curie_can_write_is_written_in_full() -> None:
    graph = Graph()
    graph.add((LORG["odd/slug"], RDFS.label, Literal("x")))
    graph.add((LORG["dot."], RDFS.label, Literal("y")))
    text = canonical_turtle(graph)
    assert "<https://w3id.org/lpkg/id/organization/odd/slug> " in text
    assert "<https://w3id.org/lpkg/id/organization/dot.> " in text
    _assert_round_trip(graph, text)


def test_predicates_follow_the_fixed_order() -> None:
    s = LORG.x
    graph = Graph()
    for p in (
        URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"),
        SKOS.editorialNote,
        SKOS.note,
        SKOS.definition,
        URIRef("https://schema.org/url"),
        URIRef("http://www.w3.org/ns/org#classification"),
        URIRef("http://purl.org/dc/terms/title"),
        LPKG.formerName,
        LPKG.listedName,
        SKOS.altLabel,
        RDFS.label,
        SKOS.prefLabel,
    ):
        graph.add((s, p, Literal("v")))
    graph.add((s, RDF.type, OWL.Thing))
    lines = canonical_turtle(graph).split("\n\n")[1].splitlines()
    predicates = [line.split()[1 if i == 0 else 0] for i, line in enumerate(lines)]
    assert predicates == [
        "a",
        "skos:prefLabel",
        "rdfs:label",
        "skos:altLabel",
        "lpkg:listedName",
        "lpkg:formerName",
        "dcterms:title",
        "org:classification",
        "schema:url",
        "skos:definition",
        "skos:note",
        "skos:editorialNote",
        "prov:wasDerivedFrom",
    ]


def test_ontology_or_scheme_comes_first_then_subjects_by_iri() -> None:
    graph = Graph()
    scheme = URIRef("https://w3id.org/lpkg/vocab/theme")
    for s in (LP.most, LORG.b, LORG.a, scheme):
        graph.add((s, RDFS.label, Literal("x")))
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    subjects = [block.split()[0] for block in canonical_turtle(graph).split("\n\n")[1:]]
    assert subjects == ["<https://w3id.org/lpkg/vocab/theme>", "lorg:a", "lorg:b", "lp:most"]


def test_objects_are_sorted_iris_then_blank_nodes_then_literals() -> None:
    graph = Graph()
    p = RDFS.seeAlso
    for o in (
        Literal("b"),
        Literal("a", lang="en"),
        Literal("a", lang="cs"),
        Literal("a", datatype=XSD.token),
        BNode(),
        LP.b,
        LORG.z,
        LP.a,
    ):
        graph.add((LORG.s, p, o))
    body = canonical_turtle(graph).split("\n\n")[1]
    # literals by lexical form, then language, then datatype (none before any)
    assert body == (
        "lorg:s rdfs:seeAlso lorg:z,\n"
        "        lp:a,\n"
        "        lp:b,\n"
        "        [],\n"
        '        "a"^^xsd:token,\n'
        '        "a"@cs,\n'
        '        "a"@en,\n'
        '        "b" .\n'
    )


@pytest.mark.parametrize(
    ("literal", "written"),
    [
        (Literal('say "hi"'), r'"say \"hi\""'),
        (Literal("back\\slash"), r'"back\\slash"'),
        (Literal("two\nlines\r\n\tindented"), r'"two\nlines\r\n\tindented"'),
        (Literal("bell\x07 and del\x7f"), r'"bell\u0007 and del\u007F"'),
        (Literal('"""'), r'"\"\"\""'),
        (Literal(""), '""'),
        (Literal("Litvínov – „uvozovky“ 🙂", lang="cs"), '"Litvínov – „uvozovky“ 🙂"@cs'),
        (Literal("2008", datatype=XSD.gYear), '"2008"^^xsd:gYear'),
        (Literal("x", datatype=XSD.string), '"x"^^xsd:string'),
        (Literal("x", datatype=URIRef(EX + "dt")), '"x"^^<http://example.org/ns/dt>'),
        (Literal(31), "31"),
        (Literal(-4), "-4"),
        (Literal(True), "true"),
        (Literal("1.50", datatype=XSD.decimal), "1.50"),
        (Literal("1.5E3", datatype=XSD.double, normalize=False), "1.5E3"),
        (Literal("1000.0", datatype=XSD.double), '"1000.0"^^xsd:double'),
        (Literal("INF", datatype=XSD.double, normalize=False), '"INF"^^xsd:double'),
    ],
    ids=lambda value: repr(str(value)),
)
def test_literal_is_escaped_and_typed(literal: Literal, written: str) -> None:
    graph = Graph()
    graph.add((LORG.s, RDFS.comment, literal))
    text = canonical_turtle(graph)
    assert text.endswith(f"lorg:s rdfs:comment {written} .\n")
    # parsers give rdflib the literal in its normal form (1.5E3 becomes "1500.0")
    normal = Literal(str(literal), lang=literal.language, datatype=literal.datatype)
    _assert_round_trip(Graph().add((LORG.s, RDFS.comment, normal)), text)


# --- blank nodes ---------------------------------------------------------------------------


def test_blank_nodes_used_once_are_nested_at_any_depth() -> None:
    graph = Graph()
    time, identifier, inner = BNode(), BNode(), BNode()
    graph.add((LP.most, TIME.hasTime, time))
    graph.add((time, RDF.type, TIME.Instant))
    graph.add((time, TIME.inXSDDate, Literal("2010-01-27", datatype=XSD.date)))
    graph.add((LP.most, RDFS.seeAlso, identifier))
    graph.add((identifier, RDF.type, OWL.Thing))
    graph.add((identifier, RDFS.label, Literal("a")))
    graph.add((identifier, RDFS.seeAlso, inner))
    graph.add((inner, RDFS.label, Literal("b")))
    graph.add((inner, RDFS.comment, Literal("c")))
    graph.add((inner, RDFS.seeAlso, LP.litvinov))
    text = canonical_turtle(graph)
    assert text.endswith(
        "lp:most rdfs:seeAlso [ a owl:Thing ;\n"
        '        rdfs:label "a" ;\n'
        '        rdfs:seeAlso [ rdfs:label "b" ;\n'
        '            rdfs:comment "c" ;\n'
        "            rdfs:seeAlso lp:litvinov ] ] ;\n"
        '    time:hasTime [ a time:Instant ; time:inXSDDate "2010-01-27"^^xsd:date ] .\n'
    )
    _assert_round_trip(graph, text)


def test_rdf_lists_are_written_as_collections() -> None:
    graph = Graph()
    chain = BNode()
    Collection(graph, chain, [URIRef("http://www.w3.org/ns/org#hasUnit"), LPKG.servesTown])
    graph.add((LPKG.servesTown, OWL.propertyChainAxiom, chain))
    empty_and_nested = BNode()
    nested = BNode()
    graph.add((nested, RDFS.label, Literal("n")))
    Collection(graph, empty_and_nested, [RDF.nil, nested])
    graph.add((LPKG.other, RDFS.seeAlso, empty_and_nested))
    text = canonical_turtle(graph)
    assert "lpkg:servesTown owl:propertyChainAxiom ( org:hasUnit lpkg:servesTown ) .\n" in text
    assert 'lpkg:other rdfs:seeAlso ( rdf:nil [ rdfs:label "n" ] ) .\n' in text
    _assert_round_trip(graph, text)


def test_list_with_extra_triples_stays_a_property_list() -> None:
    graph = Graph()
    head = BNode()
    Collection(graph, head, [LP.a])
    graph.add((head, RDF.type, RDF.List))
    graph.add((LP.s, RDFS.seeAlso, head))
    text = canonical_turtle(graph)
    assert "( " not in text
    _assert_round_trip(graph, text)


def test_shared_blank_node_gets_a_label_from_its_content() -> None:
    graph = Graph()
    shared = BNode()
    graph.add((LP.a, RDFS.seeAlso, shared))
    graph.add((LP.b, RDFS.seeAlso, shared))
    graph.add((shared, RDFS.label, Literal("shared")))
    text = canonical_turtle(graph)
    labels = {word.strip(" .;,") for word in text.split() if word.startswith("_:")}
    assert len(labels) == 1 and text.count(labels.pop()) == 3
    _assert_round_trip(graph, text)


def test_unreferenced_and_cyclic_blank_nodes_are_written() -> None:
    graph = Graph()
    alone, one, two = BNode(), BNode(), BNode()
    graph.add((alone, RDF.type, OWL.AllDisjointClasses))
    graph.add((one, RDFS.seeAlso, two))
    graph.add((two, RDFS.seeAlso, one))
    graph.add((one, RDFS.label, Literal("one")))
    text = canonical_turtle(graph)
    assert "[] a owl:AllDisjointClasses .\n" in text
    _assert_round_trip(graph, text)
    assert canonical_turtle(_parse_text(text)) == text


def test_same_triples_in_any_order_give_the_same_text() -> None:
    """Guards the release dumps: two parses of the same triples must be byte-identical."""
    lines = [
        f"<{LP.a}> <{RDFS.seeAlso}> _:shared .",
        f"<{LP.b}> <{RDFS.seeAlso}> _:shared .",
        f'_:shared <{RDFS.label}> "shared" .',
        f"<{LP.a}> <{TIME.hasTime}> _:t .",
        f"_:t <{RDF.type}> <{TIME.Instant}> .",
        f'_:t <{TIME.inXSDgYear}> "2008"^^<{XSD.gYear}> .',
        f'<{LP.a}> <{RDFS.label}> "A"@cs .',
        f'<{LP.a}> <{RDFS.label}> "A"@en .',
        f"_:x <{RDFS.seeAlso}> _:y .",
        f"_:y <{RDFS.seeAlso}> _:x .",
        f"_:y <{RDFS.seeAlso}> _:shared .",
    ]
    texts = set()
    rng = random.Random(7)
    for round_ in range(6):
        shuffled = lines[:]
        rng.shuffle(shuffled)
        renamed = "\n".join(shuffled).replace("_:", f"_:r{round_}")
        texts.add(canonical_turtle(Graph().parse(data=renamed, format="nt")))
    assert len(texts) == 1
    (text,) = texts
    _assert_round_trip(Graph().parse(data="\n".join(lines), format="nt"), text)


# --- blank-node labelling with a work bound --------------------------------------------------

HOSTILE = FIXTURES / "hostile"


@pytest.mark.parametrize("path", data_files(ROOT), ids=lambda p: p.name)
def test_bounded_labelling_gives_rdflibs_canonical_labels(path: Path) -> None:
    """The bound changes nothing for ordinary data: each data/ file (the unit fmt and add label)
    keeps its bytes. (The release labels the whole dataset with rdflib, unbounded: its input has
    passed fmt file by file.)"""
    graph = parse_file(path, Graph())
    assert set(canonical_graph(graph)) == set(to_canonical_graph(graph))


@pytest.mark.parametrize("name", ["blank-node-rings.hostile.ttl", "blank-node-clique.hostile.ttl"])
def test_symmetric_blank_nodes_are_refused_past_the_bound(tmp_path: Path, name: str) -> None:
    """Two rings of 64 blank nodes, or a clique of 40, kept fmt busy for minutes."""
    path = tmp_path / name
    shutil.copy(HOSTILE / name, path)
    before = path.read_bytes()
    with pytest.raises(LimitError, match=f"{name}: the blank nodes are too symmetric"):
        format_file(path)
    assert path.read_bytes() == before


def test_a_small_bound_refuses_even_a_small_ring() -> None:
    ring = Graph()
    nodes = [BNode() for _ in range(4)]
    for i, node in enumerate(nodes):
        ring.add((node, RDF.rest, nodes[(i + 1) % 4]))
    assert len(canonical_graph(ring)) == 4
    with pytest.raises(LimitError, match="within 10 steps"):
        canonical_graph(ring, steps=10)


def test_a_version_directive_is_read(tmp_path: Path) -> None:
    path = tmp_path / "version.ttl"
    shutil.copy(HOSTILE / "version-directive.hostile.ttl", path)
    assert format_file(path)
    assert path.read_text() == "@prefix ex: <http://example.org/> .\n\nex:s ex:p ex:o .\n"


# --- TriG: named graphs ------------------------------------------------------------------------

MESSY_TRIG = FMT / "messy.trig"
CANONICAL_TRIG = FMT / "messy.canonical.trig"


def _same_dataset(a: str, b: str) -> bool:
    """Whether two TriG texts hold the same quads (blank nodes up to renaming), by pyoxigraph."""
    datasets = []
    for text in (a, b):
        dataset = pyoxigraph.Dataset(pyoxigraph.parse(text.encode(), pyoxigraph.RdfFormat.TRIG))
        dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.UNSTABLE)
        datasets.append(dataset)
    return datasets[0] == datasets[1]


def test_messy_trig_is_rewritten_to_the_hand_written_canonical_form(tmp_path: Path) -> None:
    path = tmp_path / "messy.trig"
    shutil.copy(MESSY_TRIG, path)
    assert format_file(path) is True
    assert path.read_text(encoding="utf-8") == CANONICAL_TRIG.read_text(encoding="utf-8")
    assert format_file(path) is False
    assert _same_dataset(MESSY_TRIG.read_text(), path.read_text())


def test_hand_written_canonical_trig_is_canonical_and_check_does_not_write(
    tmp_path: Path,
) -> None:
    assert format_file(CANONICAL_TRIG, check=True) is False
    path = tmp_path / "messy.trig"
    shutil.copy(MESSY_TRIG, path)
    assert format_file(path, check=True) is True
    assert path.read_bytes() == MESSY_TRIG.read_bytes()


def _trig(text: str, folder: Path, syntax: str = "trig") -> str:
    """The canonical TriG of ``text`` (TriG with the prefix ex:, or N-Quads)."""
    path = folder / f"in.{syntax}"
    path.write_text(("@prefix ex: <http://example.org/ns/> .\n" if syntax == "trig" else "") + text)
    return canonical_trig(parse_file(path, new_dataset()))  # type: ignore[arg-type]


def test_equal_blank_nodes_in_two_graphs_stay_two(tmp_path: Path) -> None:
    """Canonical labels come from a graph's content: two graphs with the same shape would give
    one label, merging two blank nodes on the next read."""
    body = 'ex:a ex:p _:n . ex:b ex:p _:n . _:n ex:q "same" .'
    source = f"ex:g1 {{ {body} }}\nex:g2 {{ {body.replace('_:n', '_:m')} }}\n"
    text = _trig(source, tmp_path)
    labels = {word.strip(" .;,") for word in text.split() if word.startswith("_:")}
    assert len(labels) == 2
    assert _same_dataset("@prefix ex: <http://example.org/ns/> .\n" + source, text)
    assert _trig(text, tmp_path) == text


def test_the_same_quads_in_any_order_give_the_same_trig(tmp_path: Path) -> None:
    lines = [
        '<http://example.org/ns/a> <http://example.org/ns/p> "1" <http://example.org/ns/g2> .',
        '<http://example.org/ns/a> <http://example.org/ns/p> "1" <http://example.org/ns/g1> .',
        "<http://example.org/ns/a> <http://example.org/ns/p> _:x <http://example.org/ns/g1> .",
        "<http://example.org/ns/b> <http://example.org/ns/p> _:x <http://example.org/ns/g1> .",
        '_:x <http://example.org/ns/q> "x" <http://example.org/ns/g1> .',
        '<http://example.org/ns/c> <http://example.org/ns/p> "d" .',
    ]
    texts = set()
    rng = random.Random(3)
    for round_ in range(5):
        rng.shuffle(lines)
        quads = "\n".join(lines).replace("_:x", f"_:r{round_}") + "\n"
        texts.add(_trig(quads, tmp_path, "nq"))
    assert len(texts) == 1


def test_a_blank_node_in_two_graphs_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "shared.trig"
    path.write_text(
        "@prefix ex: <http://example.org/ns/> .\nex:g1 { ex:a ex:p _:x }\nex:g2 { _:x ex:q 1 }\n"
    )
    before = path.read_bytes()
    with pytest.raises(ParseError, match="a blank node is in two graphs"):
        format_file(path)
    assert path.read_bytes() == before


def test_symmetric_blank_nodes_spread_over_graphs_are_refused_past_the_bound(
    tmp_path: Path,
) -> None:
    """The bound is on the whole file: rings of 16 blank nodes, about 9,000 steps each, in
    graphs of their own add up past 50,000."""
    rings = []
    for g in range(8):
        nodes = [f"_:g{g}n{i}" for i in range(16)]
        pairs = zip(nodes, nodes[1:] + nodes[:1], strict=True)
        ring = " ".join(f"{a} ex:next {b} ." for a, b in pairs)
        rings.append(f"ex:g{g} {{ {ring} }}")
    path = tmp_path / "rings.trig"
    path.write_text("@prefix ex: <http://example.org/ns/> .\n" + "\n".join(rings) + "\n")
    with pytest.raises(LimitError, match="rings.trig: the blank nodes are too symmetric"):
        format_file(path)
