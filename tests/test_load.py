"""Loading files safely: what is read, and the errors bad input gets."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from lpkg.errors import MissingFileError, ParseError
from lpkg.load import DEFAULT_MAX_BYTES, load_graph, load_shapes, parse_file
from lpkg.namespaces import LP, LPKG
from tests import FIXTURES, ROOT

LOAD = FIXTURES / "load"


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


def test_a_huge_literal_parses(tmp_path: Path) -> None:
    """A 3 MB literal, on which rdflib's own Turtle parser spends minutes, parses."""
    path = tmp_path / "huge.ttl"
    path.write_text('<https://example.org/a> <https://example.org/b> "' + "x" * 3_000_000 + '" .\n')
    assert len(str(next(parse_file(path).objects()))) == 3_000_000
