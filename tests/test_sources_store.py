"""The sources check computed by a store (lpkg.sources.find_problems_in) finds what
find_problems finds on the same files."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode

from lpkg.load import new_dataset, parse_file
from lpkg.sources import (
    Finding,
    Problem,
    find_problems,
    find_problems_by_queries,
    find_problems_in,
    load_data,
    validate_store_with_sources,
)
from lpkg.store import OxigraphStore, open_store
from tests import FIXTURES, ROOT

SOURCES = FIXTURES / "sources"


def _comparable(findings: list[Finding]) -> list[tuple[str, str, str, int]]:
    """Findings with every blank node the same (each store names them its own way)."""

    def name(term: object) -> str:
        return "_:b" if isinstance(term, BNode) else str(term or "")

    return sorted((f.problem.name, name(f.subject), name(f.page), f.statements) for f in findings)


@pytest.mark.parametrize("path", sorted(SOURCES.glob("*.trig")), ids=lambda p: p.name)
def test_each_kind_of_problem_is_found_as_find_problems_finds_it(path: Path) -> None:
    store = OxigraphStore()
    store.load_files([path])
    expected = find_problems(parse_file(path, new_dataset()))  # type: ignore[arg-type]
    assert _comparable(find_problems_in(store)) == _comparable(expected)
    # every fixture but the valid one has its problem
    assert bool(expected) == path.name.endswith(".invalid.trig")


def test_the_shipped_data_has_the_same_findings_on_the_store() -> None:
    assert find_problems_in(open_store("oxigraph", root=ROOT)) == find_problems(load_data(ROOT))


def test_a_statement_of_data_without_source_is_found_beside_the_ontology(tmp_path: Path) -> None:
    import shutil

    for folder in ("ontology", "data"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    places = tmp_path / "data" / "places.trig"
    text = places.read_text(encoding="utf-8")
    places.write_text(text + '\nlplace:most rdfs:comment "A town."@en .\n', encoding="utf-8")
    found = find_problems_in(open_store("oxigraph", root=tmp_path))
    assert [(f.problem, str(f.subject), f.statements) for f in found] == [
        (Problem.NO_SOURCE, "https://w3id.org/lpkg/id/place/most", 1)
    ]
    assert found == find_problems(load_data(tmp_path))


# --- the one pass over pyoxigraph's quads against the queries an endpoint answers ---------------

EDGE_CASES = """
@prefix ex: <https://example.org/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix page: <https://example.org/page/> .

# the default graph: the ontology's kind of statements, and the data's without a source
ex:term ex:says "not about the data" .
_:axiom ex:says "a blank node of the default graph alone" .
<https://w3id.org/lpkg/id/thing> ex:p "of the data's namespace" .
ex:org ex:q "about a resource with sourced statements" ; ex:name "Org" ; ex:ref _:mixed .
ex:citing ex:r "about a resource whose one sourced statement is its citation" .
ex:literal prov:wasDerivedFrom "a literal" .

page:a {
    page:a a foaf:Document .
    ex:org ex:name "Org" ; prov:wasDerivedFrom page:a, ex:empty .
    ex:citing prov:wasDerivedFrom page:a .
    _:mixed ex:v 1 .
    _:identifier ex:v 2 ; prov:wasDerivedFrom page:a, page:b .
    _:elsewhere ex:v 3 ; prov:wasDerivedFrom page:b .
    _:uncited ex:v 4 .
    ex:org ex:member _:member .
}
page:b {
    page:b a foaf:Document .
    ex:other ex:name "Other" .
    _:member ex:v 5 .
}
page:c { page:c ex:title "not described as a page" . }
_:graph { ex:inblank ex:p 6 ; prov:wasDerivedFrom _:graph . }
"""


def _same_findings(store: OxigraphStore) -> list[Finding]:
    found = find_problems_in(store)
    assert found == find_problems_by_queries(store)
    return found


@pytest.mark.parametrize("path", sorted(SOURCES.glob("*.trig")), ids=lambda p: p.name)
def test_the_one_pass_finds_what_the_queries_find(path: Path) -> None:
    store = OxigraphStore()
    store.load_files([path])
    _same_findings(store)


def test_the_one_pass_finds_what_the_queries_find_on_data() -> None:
    assert _same_findings(open_store("oxigraph", root=ROOT)) == []


def test_the_one_pass_finds_what_the_queries_find_within_their_limits(tmp_path: Path) -> None:
    path = tmp_path / "edge-cases.trig"
    path.write_text(EDGE_CASES, encoding="utf-8")
    store = OxigraphStore()
    store.load_files([path])
    ex, page = "https://example.org/", "https://example.org/page/"
    assert _comparable(_same_findings(store)) == [
        ("CITED_BUT_EMPTY", f"{ex}citing", f"{page}a", 0),
        ("CITED_BUT_EMPTY", f"{ex}org", f"{ex}empty", 0),
        ("NOT_CITED", "_:b", f"{page}a", 0),  # _:elsewhere
        ("NOT_CITED", f"{ex}other", f"{page}b", 0),
        ("NOT_CITED", f"{page}c", f"{page}c", 0),
        ("NO_SOURCE", f"{ex}citing", "", 1),
        ("NO_SOURCE", f"{ex}org", "", 2),
        ("NO_SOURCE", "https://w3id.org/lpkg/id/thing", "", 1),
        ("SPLIT_BLANK_NODE", "_:b", "", 0),  # _:member
        ("SPLIT_BLANK_NODE", "_:b", "", 0),  # _:mixed
        ("UNKNOWN_PAGE", "_:b", "_:b", 0),  # _:graph
        ("UNKNOWN_PAGE", f"{page}c", f"{page}c", 0),
    ]


@pytest.mark.parametrize("kind", ["oxigraph", "oxigraph:PATH"])
def test_the_report_has_the_shapes_results_then_the_sources_problems(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # pyoxigraph in memory checks the sources in a forked child (as in lpkg's commands, which
    # have no other threads: a test before may have left one), the others here
    import shutil

    import lpkg.limits
    from lpkg.namespaces import LPKGSH
    from lpkg.validate import validate_store

    monkeypatch.setattr(lpkg.limits.threading, "active_count", lambda: 1)

    for folder in ("ontology", "shapes", "data"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(SOURCES / "not-cited.invalid.trig", tmp_path / "data" / "not-cited.trig")
    store = open_store(kind.replace("PATH", str(tmp_path / "store")), root=tmp_path)
    report = validate_store_with_sources(store, root=tmp_path)
    shapes = validate_store(store, root=tmp_path).results
    assert report.results[: len(shapes)] == shapes
    problems = [(str(r.focus), r.component) for r in report.results[len(shapes) :]]
    expected = find_problems(load_data(tmp_path))
    assert problems == [(str(f.subject), LPKGSH[f.problem.value]) for f in expected]
    assert Problem.NOT_CITED in {f.problem for f in expected}
