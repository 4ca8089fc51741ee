"""Loading files safely: what is read, and the errors bad input gets."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from lpkg.errors import LimitError, MissingFileError, ParseError
from lpkg.load import (
    DEFAULT_MAX_BYTES,
    MAX_DEPTH,
    MAX_LITERAL,
    MAX_TRIPLES,
    load_dataset,
    load_graph,
    load_shapes,
    new_dataset,
    parse_file,
)
from lpkg.namespaces import LP, LPKG
from tests import FIXTURES, ROOT

LOAD = FIXTURES / "load"
HOSTILE = FIXTURES / "hostile"


@pytest.mark.parametrize("path", sorted(LOAD.glob("*.valid.*")), ids=lambda p: p.name)
def test_valid_files_parse(path: Path) -> None:
    graph = parse_file(path)
    assert (URIRef("https://example.org/a"), URIRef("https://example.org/b"), Literal("b")) in graph


@pytest.mark.parametrize(
    ("name", "line", "column", "reason"),
    [
        # line 5 is `    ex:d "x" ex:e .`; the parser stops before the third term, column 14
        ("missing-dot.invalid.ttl", 5, 14, "A dot is expected"),
        ("unknown-prefix.invalid.ttl", 2, 1, "The prefix ex: has not been declared"),
        # the file ends inside `@prefix`, which starts line 2
        ("truncated-prefix.invalid.ttl", 2, 1, "Unexpected end of file"),
        # plain text: the first word is no RDF term
        ("not-rdf.invalid.ttl", 1, 1, "is not a valid subject"),
        ("empty.invalid.ttl", None, None, "empty"),
    ],
)
def test_bad_turtle_is_a_parse_error_with_position(
    name: str, line: int | None, column: int | None, reason: str
) -> None:
    with pytest.raises(ParseError) as caught:
        parse_file(LOAD / name)
    err = caught.value
    assert (err.path.name, err.line, err.column) == (name, line, column)
    assert reason in str(err)


def test_non_utf8_file_is_refused_with_its_position(tmp_path: Path) -> None:
    path = tmp_path / "latin2.ttl"
    path.write_bytes(
        '# ok\n<https://example.org/a> <https://example.org/b> "Město" .\n'.encode("cp1250")
    )
    with pytest.raises(ParseError, match="not UTF-8") as caught:
        parse_file(path)
    assert caught.value.line == 2


def test_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.ttl"
    path.write_text('<https://example.org/a> <https://example.org/b> "' + "x" * 200 + '" .\n')
    with pytest.raises(ParseError, match="limit of 100"):
        parse_file(path, max_bytes=100)
    assert DEFAULT_MAX_BYTES >= 1_000_000  # the dataset's own files must fit comfortably


def test_unknown_kind_of_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "data.xml"
    path.write_text("<rdf:RDF/>")
    with pytest.raises(ParseError, match="unknown kind of file"):
        parse_file(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(MissingFileError):
        parse_file(tmp_path / "nowhere.ttl")


def test_failed_parse_leaves_the_target_graph_untouched() -> None:
    graph = parse_file(LOAD / "one-triple.valid.ttl")
    before = set(graph)
    with pytest.raises(ParseError):
        parse_file(LOAD / "missing-dot.invalid.ttl", graph)
    assert set(graph) == before


def test_load_graph_holds_ontology_data_and_extra_files() -> None:
    graph = load_graph([LOAD / "one-triple.valid.ttl"], root=ROOT)
    assert (LP.litvinov, None, None) in graph
    assert (LPKG.servesTown, None, None) in graph
    assert (URIRef("https://example.org/a"), None, None) in graph


def test_missing_shapes_folder_is_an_error_not_an_empty_pass(tmp_path: Path) -> None:
    with pytest.raises(MissingFileError):
        load_shapes(tmp_path)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("external-entity.invalid.rdf", "DOCTYPE or ENTITY declaration is refused"),
        ("entity-expansion.invalid.rdf", "DOCTYPE or ENTITY declaration is refused"),
        ("remote-context.invalid.jsonld", "@context names another document"),
        ("file-context.invalid.jsonld", "@context names another document"),
        ("import-context.invalid.jsonld", "@import names another document"),
    ],
)
def test_input_that_reaches_for_other_documents_is_refused(name: str, reason: str) -> None:
    """Regression guard for security.md: XXE, billion laughs, remote and file: JSON-LD contexts.
    The conftest audit hook fails the test if anything touches the network."""
    with pytest.raises(ParseError, match=reason) as caught:
        parse_file(LOAD / name)
    assert "localhost" not in str(caught.value) and "root" not in str(caught.value)


def test_owl_imports_are_not_followed() -> None:
    graph = parse_file(LOAD / "owl-imports.valid.ttl")
    assert len(graph) == 4  # the file's own triples, nothing imported


def test_blank_nodes_of_two_files_stay_apart(tmp_path: Path) -> None:
    for name in ("a.ttl", "b.ttl"):
        (tmp_path / name).write_text('_:x <https://example.org/p> "v" .\n')
    graph = load_graph([tmp_path / "a.ttl", tmp_path / "b.ttl"], root=ROOT)
    assert len(list(graph.subjects(URIRef("https://example.org/p"), None))) == 2


def test_a_huge_literal_is_refused_with_its_line(tmp_path: Path) -> None:
    """A 3 MB literal (rdflib's Turtle parser spends minutes on it, the position tokenizer
    gigabytes) is refused after pyoxigraph's fast parse, naming the line it starts on."""
    path = tmp_path / "huge.ttl"
    path.write_text(
        "# one huge literal\n"
        '<https://example.org/a> <https://example.org/b> "' + "x" * 3_000_000 + '" .\n'
    )
    with pytest.raises(LimitError, match=r"huge\.ttl, line 2: a literal of 3,000,000 characters"):
        parse_file(path)


# --- limits on legal but absurd input -------------------------------------------------------

EX = "@prefix ex: <http://example.org/> .\n"


def nested(levels: int) -> str:
    """A file whose blank nodes nest ``levels`` deep: ``ex:s ex:p [ ex:p [ ... ] ]``."""
    return EX + "ex:s ex:p " + "[ ex:p " * levels + "ex:o" + " ]" * levels + " .\n"


def test_the_limits_are_the_documented_ones() -> None:
    from lpkg.contribute.csv_import import MAX_ROWS
    from lpkg.fmt import CANONICAL_STEPS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = {
        "triples in a file": (MAX_TRIPLES, "10,000"),
        "nesting of blank nodes": (MAX_DEPTH, "100 levels"),
        "characters in a literal": (MAX_LITERAL, "10,000"),
        "rows in a contribution CSV": (MAX_ROWS, "500"),
        "work to label blank nodes": (CANONICAL_STEPS, "50,000 steps"),
    }
    for what, (value, text) in documented.items():
        row = next(line for line in readme.splitlines() if line.startswith(f"| {what}"))
        assert row.endswith(f"| {text} |")
        assert f"{value:,}" in text


def test_nesting_up_to_the_limit_parses(tmp_path: Path) -> None:
    path = tmp_path / "deep.ttl"
    path.write_text(nested(100))
    assert len(parse_file(path)) == 101  # ex:s ex:p _:1, then 99 _:k ex:p _:k+1, _:100 ex:p ex:o


@pytest.mark.parametrize("levels", [101, 5_000])
def test_deeper_nesting_is_refused(tmp_path: Path, levels: int) -> None:
    path = tmp_path / "deep.ttl"
    path.write_text(nested(levels))
    with pytest.raises(LimitError, match=f"nest {levels:,} levels deep.*limit of 100"):
        parse_file(path)


@pytest.mark.parametrize(
    ("name", "levels"), [("nested-blank-nodes.hostile.ttl", 1000), ("long-list.hostile.ttl", 1000)]
)
def test_hostile_nesting_is_refused(name: str, levels: int) -> None:
    with pytest.raises(LimitError, match=f"nest {levels:,} levels deep"):
        parse_file(HOSTILE / name)


@pytest.mark.parametrize(
    "body",
    [
        "ex:s ex:p " + "[ ex:p " * 100_000 + "ex:o" + " ]" * 100_000,
        "ex:s ex:p ( 1" + " 1" * 99_999 + " )",
    ],
)
def test_100k_nested_blank_nodes_or_list_items_are_refused(tmp_path: Path, body: str) -> None:
    """The issue's cases (58 s and 47 s before): each node is a triple (a list item two), so the
    triple limit refuses them before the depth is measured."""
    path = tmp_path / "huge.ttl"
    path.write_text(EX + body + " .\n")
    with pytest.raises(LimitError, match="triples, more than the limit of 10,000"):
        parse_file(path)


def test_blank_nodes_on_a_cycle_count_as_deep_as_the_cycle_is_long(tmp_path: Path) -> None:
    ring = "".join(f"_:n{i} ex:next _:n{(i + 1) % 101} .\n" for i in range(101))
    path = tmp_path / "ring.ttl"
    path.write_text(EX + ring)
    with pytest.raises(LimitError, match="nest 101 levels deep"):
        parse_file(path)
    # two rings of 64: each is 64 deep, within the limit (their labelling is bounded in fmt)
    assert len(parse_file(HOSTILE / "blank-node-rings.hostile.ttl")) == 2 + 2 * 64


def test_a_literal_at_the_limit_parses_and_one_more_character_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "long.ttl"
    path.write_text(EX + 'ex:s ex:p "' + "x" * 10_000 + '" .\n')
    assert len(parse_file(path)) == 1
    with pytest.raises(LimitError, match=r"line 2: a literal of 10,001 characters"):
        parse_file(HOSTILE / "huge-literal.hostile.ttl")


def test_too_many_triples_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "many.ttl"
    path.write_text(EX + "ex:s ex:p " + ", ".join(str(i) for i in range(10_000)) + " .\n")
    assert len(parse_file(path)) == 10_000
    path.write_text(EX + "ex:s ex:p " + ", ".join(str(i) for i in range(10_001)) + " .\n")
    with pytest.raises(LimitError, match="10,001 triples, more than the limit of 10,000"):
        parse_file(path)
    assert len(parse_file(path, max_triples=20_000)) == 10_001


def test_an_ill_typed_literal_is_a_parse_error_with_its_line() -> None:
    with pytest.raises(ParseError, match=r'line 3: "abc" is not a valid xsd:integer value'):
        parse_file(HOSTILE / "ill-typed-literal.hostile.ttl")


@pytest.mark.parametrize("name", ["deep-arrays.hostile.jsonld", "deep-objects.hostile.jsonld"])
def test_deeply_nested_json_is_refused(name: str) -> None:
    with pytest.raises(LimitError, match="nest more than 100 levels deep"):
        parse_file(HOSTILE / name)


def test_a_5000_digit_json_number_parses() -> None:
    """Python's json module refuses to convert it to an int; lpkg's check does not convert
    numbers, and pyoxigraph reads it as an xsd:double."""
    (value,) = parse_file(HOSTILE / "long-number.hostile.jsonld").objects()
    assert isinstance(value, Literal)
    assert value.datatype == XSD.double


# --- named graphs: TriG and N-Quads -----------------------------------------------------------

PAGE = URIRef("https://example.org/page")
A, B = URIRef("https://example.org/a"), URIRef("https://example.org/b")


@pytest.mark.parametrize("name", ["one-triple.valid.trig", "one-triple.valid.nq"])
def test_a_dataset_keeps_the_graph_a_file_names(name: str) -> None:
    dataset = parse_file(LOAD / name, new_dataset())
    assert set(dataset.quads((None, None, None, None))) == {(A, B, Literal("b"), PAGE)}
    assert len(dataset.default_graph) == 0


def test_a_blank_node_naming_a_graph_is_refused() -> None:
    with pytest.raises(ParseError, match="graph named by a blank node"):
        parse_file(LOAD / "blank-graph-name.invalid.trig")


def test_statements_of_all_graphs_count_towards_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "many.trig"
    half = ", ".join(str(i) for i in range(5_001))
    path.write_text(EX + f"ex:p1 {{ ex:s ex:p {half} }}\nex:p2 {{ ex:s ex:p {half} }}\n")
    with pytest.raises(LimitError, match="10,002 triples, more than the limit of 10,000"):
        parse_file(path)


def test_a_huge_literal_in_a_named_graph_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "long.trig"
    path.write_text(EX + 'ex:page {\n ex:s ex:p\n "' + "x" * 10_001 + '" }\n')
    with pytest.raises(LimitError, match=r"line 4: a literal of 10,001 characters"):
        parse_file(path)


def test_a_relative_graph_name_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "relative.trig"
    path.write_text(EX + "<page> { ex:s ex:p ex:o }\n")
    with pytest.raises(ParseError, match="relative IRI"):
        parse_file(path)


def _ex(name: str) -> URIRef:
    return URIRef("http://example.org/" + name)


def test_a_blank_node_shared_by_two_graphs_of_a_file_stays_one(tmp_path: Path) -> None:
    path = tmp_path / "shared.trig"
    path.write_text(EX + "ex:p1 { ex:s ex:p _:x }\nex:p2 { _:x ex:q ex:o }\n")
    quads = set(parse_file(path, new_dataset()).quads((None, None, None, None)))
    (node,) = {o for _, _, o, _ in quads if isinstance(o, BNode)}
    assert quads == {
        (_ex("s"), _ex("p"), node, _ex("p1")),
        (node, _ex("q"), _ex("o"), _ex("p2")),
    }


def test_load_dataset_keeps_the_graphs_and_load_graph_is_their_union(tmp_path: Path) -> None:
    (tmp_path / "ontology").mkdir()
    (tmp_path / "data" / "partnerships").mkdir(parents=True)
    (tmp_path / "ontology" / "o.ttl").write_text(EX + "ex:C ex:p ex:o .\n")
    (tmp_path / "data" / "partnerships" / "x.trig").write_text(
        EX + "ex:p1 { ex:s ex:p ex:o . ex:s ex:q ex:o }\nex:p2 { ex:s ex:p ex:o }\n"
    )
    s, p, q, o, c, p1, p2 = map(_ex, ["s", "p", "q", "o", "C", "p1", "p2"])
    dataset = load_dataset(root=tmp_path)
    named = {quad for quad in dataset.quads((None, None, None, None)) if quad[3] in (p1, p2)}
    assert named == {(s, p, o, p1), (s, q, o, p1), (s, p, o, p2)}
    assert set(dataset.default_graph) == {(c, p, o)}
    assert set(load_graph(root=tmp_path)) == {(c, p, o), (s, p, o), (s, q, o)}
