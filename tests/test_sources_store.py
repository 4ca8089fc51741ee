"""The sources check computed by a store (lpkg.sources.find_problems_in) finds what
find_problems finds on the same files."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode

from lpkg.load import new_dataset, parse_file
from lpkg.sources import Finding, Problem, find_problems, find_problems_in, load_data
from lpkg.store import OxigraphStore, open_store
from tests import FIXTURES, ROOT

SOURCES = FIXTURES / "sources"


def _comparable(findings: list[Finding]) -> list[tuple[str, str, str, int]]:
    """Findings with every blank node the same (each store names them its own way)."""

    def name(term: object) -> str:
        return "_:b" if isinstance(term, BNode) else str(term or "")

    return sorted(
        (f.problem.name, name(f.subject), name(f.page), f.statements) for f in findings
    )


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
