"""The triple patterns of SHACL-SPARQL queries kept between processes
(lpkg.shacl_sparql.kept) are those read from the queries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lpkg.load import load_shapes
from lpkg.shacl_sparql import compile_shapes, kept
from lpkg.shacl_sparql.compiler import _pattern_edges
from lpkg.shacl_sparql.kept import KeptPatterns
from tests import ROOT

# every kind of item an edge holds: scoped variables (UNION, EXISTS), a blank node of a
# sequence path, a literal and an IRI constant, an alias, a variable predicate
EDGE_CASES = """PREFIX : <http://example.org/>
    SELECT $this WHERE {
        $this :a/:b ?x ; ?p "zkouška \\"1\\""@cs ; :c 42 .
        { ?x :d ?y } UNION { ?x :e ?y }
        FILTER EXISTS { ?y :f :g }
        BIND (?x AS ?z)
        $this ^:h* ?z .
    }"""


def _queries() -> list[str]:
    queries = [q for _, q in compile_shapes(load_shapes(root=ROOT)).reads.queries]
    assert len(queries) >= 10  # the shipped shapes' SHACL-SPARQL rules
    return [*queries, EDGE_CASES]


def _counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    read: list[str] = []
    monkeypatch.setattr(kept, "_pattern_edges", lambda q: read.append(q) or _pattern_edges(q))
    return read


def test_patterns_kept_in_the_file_are_those_of_the_queries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    queries = _queries()
    expected = [_pattern_edges(q) for q in queries]
    path = tmp_path / "dataset.patterns.json"
    first = KeptPatterns(path)
    assert [first.edges(q) for q in queries] == expected
    first.save()
    read = _counted(monkeypatch)
    assert [KeptPatterns(path).edges(q) for q in queries] == expected
    assert read == []


def test_patterns_kept_for_another_compiler_are_read_anew(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "dataset.patterns.json"
    first = KeptPatterns(path)
    first.edges(EDGE_CASES)
    first.save()
    content = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**content, "source": "0" * 64}), encoding="utf-8")
    read = _counted(monkeypatch)
    assert KeptPatterns(path).edges(EDGE_CASES) == _pattern_edges(EDGE_CASES)
    assert read == [EDGE_CASES]


@pytest.mark.parametrize("damage", ["file", "entry"])
def test_a_damaged_kept_file_is_read_anew(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    path = tmp_path / "dataset.patterns.json"
    first = KeptPatterns(path)
    first.edges(EDGE_CASES)
    first.save()
    if damage == "file":
        path.write_bytes(path.read_bytes()[:50])
    else:
        content = json.loads(path.read_text(encoding="utf-8"))
        content["patterns"] = {key: [["?this", 1]] for key in content["patterns"]}
        path.write_text(json.dumps(content), encoding="utf-8")
    read = _counted(monkeypatch)
    again = KeptPatterns(path)
    assert again.edges(EDGE_CASES) == _pattern_edges(EDGE_CASES)
    assert read == [EDGE_CASES]
    again.save()  # and mended
    assert KeptPatterns(path).edges(EDGE_CASES) == _pattern_edges(EDGE_CASES)
    assert read == [EDGE_CASES]


def test_a_folder_lpkg_cannot_write_in_keeps_nothing(tmp_path: Path) -> None:
    path = tmp_path / "missing" / "dataset.patterns.json"
    patterns = KeptPatterns(path)
    assert patterns.edges(EDGE_CASES) == _pattern_edges(EDGE_CASES)
    patterns.save()
    assert not path.parent.exists()
