"""benchmarks/generate.py: the synthetic datasets are reproducible, of the size asked, conform to
the shapes, and their injected violations are exactly what pySHACL (through lpkg.validate)
reports. Small sizes only: the benchmarks measure the large ones."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from lpkg.load import load_graph, load_shapes
from lpkg.sources import with_sources
from lpkg.validate import validate
from tests import ROOT, benchmark

SIZE = 3000


generate = benchmark("generate")


def _project(folder: Path, *args: str) -> Path:
    """A project at ``folder``: the repository's ontology, shapes and queries, generated data."""
    generate.main(["--out", str(folder), *args])
    for name in ("ontology", "shapes", "queries"):
        shutil.copytree(ROOT / name, folder / name)
    return folder


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("clean")
    return _project(folder, "--triples", str(SIZE), "--contribution", str(folder / "c.trig"))


@pytest.fixture(scope="module")
def injected(tmp_path_factory) -> Path:
    return _project(tmp_path_factory.mktemp("injected"), "--triples", str(SIZE), "--inject", "1")


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.*"))}


def test_same_arguments_give_the_same_bytes(injected, tmp_path):
    again = tmp_path / "again"
    generate.main(["--out", str(again), "--triples", str(SIZE), "--inject", "1"])
    ours = {k: v for k, v in _files(injected).items() if k.startswith(("data/", "manifest"))}
    assert ours == _files(again)
    assert len(ours) > 5


@pytest.mark.parametrize("triples", [SIZE, 10_000])
def test_size_lands_within_five_percent(triples, tmp_path):
    generate.main(["--out", str(tmp_path), "--triples", str(triples)])
    for name in ("ontology",):
        shutil.copytree(ROOT / name, tmp_path / name)
    loaded = len(load_graph(root=tmp_path))
    assert abs(loaded - triples) <= 0.05 * triples, loaded


def test_iris_and_pages_cannot_be_taken_for_real_ones(clean):
    graph = load_graph(root=clean)
    real = load_graph()
    ours = {t for triple in graph for t in triple if isinstance(t, URIRef)} - {
        t for triple in real for t in triple if isinstance(t, URIRef)
    }
    assert ours
    for iri in ours:
        assert "/gen-" in iri or iri.startswith("https://example.org/lpkg-generated/"), iri


def test_without_injections_the_data_conforms(clean):
    report = with_sources(validate(load_graph(root=clean), root=clean), clean)
    assert [(r.focus, r.component) for r in report.results] == []


def _expected(manifest: dict, graph: Graph) -> set[tuple[object, ...]]:
    found = set()
    for entry in manifest["expected"]:
        nodes = {URIRef(entry["focus"])}
        for predicate in entry["via"]:  # a blank-node focus: follow the predicates to it
            nodes = {o for n in nodes for o in graph.objects(n, URIRef(predicate))}
        assert len(nodes) == 1, entry
        found.add((nodes.pop(), URIRef(entry["component"]), URIRef(entry["shape"])))
    return found


def test_every_injected_violation_is_reported_and_nothing_else(injected):
    manifest = json.loads((injected / "manifest.json").read_text(encoding="utf-8"))
    graph = load_graph(root=injected)
    expected = _expected(manifest, graph)
    # 24 kinds; the duplicate membership is reported on both memberships
    assert len(expected) == len(manifest["kinds"]) + 1 == 25
    report = validate(graph, root=injected)
    assert {(r.focus, r.component, r.source_shape) for r in report.results} == expected


# The parameters of the constraint components (SHACL 1.0 §4) the kinds must cover.
_PARAMETERS = {
    SH.minCount: "MinCount",
    SH.maxCount: "MaxCount",
    SH["class"]: "Class",
    SH.datatype: "Datatype",
    SH.nodeKind: "NodeKind",
    SH.node: "Node",
    SH["or"]: "Or",
    SH["not"]: "Not",
    SH.pattern: "Pattern",
    SH.languageIn: "LanguageIn",
    SH.uniqueLang: "UniqueLang",
    SH["in"]: "In",
    SH.hasValue: "HasValue",
    SH.qualifiedMinCount: "QualifiedMinCount",
    SH.minInclusive: "MinInclusive",
}


def _top_level_shapes(shapes: Graph) -> set[object]:
    """The shapes a result can name as its source: targeted node shapes and their properties
    (shapes used only inside sh:node, sh:or, sh:not or sh:qualifiedValueShape report through
    the component that uses them)."""
    targets = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
    targeted = {s for t in targets for s in shapes.subjects(t, None)}
    return targeted | {p for s in targeted for p in shapes.objects(s, SH.property)}


def test_the_kinds_cover_every_component_and_rule_the_shapes_use(injected):
    shapes = load_shapes()
    used = {
        name
        for shape in _top_level_shapes(shapes)
        for parameter, name in _PARAMETERS.items()
        if (shape, parameter, None) in shapes
    }
    rules = {s for s in _top_level_shapes(shapes) if (s, SH.sparql, None) in shapes}
    manifest = json.loads((injected / "manifest.json").read_text(encoding="utf-8"))
    components = {e["component"] for e in manifest["expected"]}
    assert {str(SH[f"{name}ConstraintComponent"]) for name in used} <= components
    sparql = {
        e["shape"]
        for e in manifest["expected"]
        if e["component"].endswith("SPARQLConstraintComponent")
    }
    assert {str(r) for r in rules} == sparql
    assert len(rules) == 11


def test_the_contribution_has_about_100_triples_and_conforms_with_the_data(clean):
    from lpkg.contribute import check_contributions

    contribution = clean / "c.trig"
    manifest = json.loads((clean / "manifest.json").read_text(encoding="utf-8"))
    assert 90 <= manifest["contribution"]["triples"] <= 110
    assert (
        len(load_graph([contribution], root=clean)) - len(load_graph(root=clean))
        == (manifest["contribution"]["triples"])
    )
    report = check_contributions([contribution], root=clean)
    assert [(r.focus, r.component, r.message("en")) for r in report.results] == []
