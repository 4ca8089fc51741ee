"""The SHACL shapes: the dataset conforms, every constraint catches the fixture made to break it.

Each ``tests/fixtures/shapes/*.invalid.ttl`` breaks one constraint and says, in
``# expect: <focus> sh:Component sh:Severity`` lines, which results it must produce when merged
with ontology/ and data/; each ``*.valid.ttl`` must produce none. The coverage test checks that
every constraint declared in shapes/ is exercised by some fixture.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from lpkg.load import load_graph, load_shapes, parse_files
from lpkg.paths import data_files
from lpkg.validate import ValidationReport, ValidationResult, meta_validate, validate
from tests import FIXTURES, ROOT

SHAPE_FIXTURES = FIXTURES / "shapes"
INVALID = sorted(SHAPE_FIXTURES.glob("*.invalid.ttl"))
VALID = sorted(SHAPE_FIXTURES.glob("*.valid.ttl"))
SHAPE_FILES = sorted((ROOT / "shapes").glob("*.ttl"))
EXPECT = re.compile(r"^# expect: <(\S+)> sh:(\w+) sh:(\w+)\s*$", re.MULTILINE)

Triple = tuple[URIRef, URIRef, URIRef]  # (focus, component, severity)

# The SHACL Core parameters and the constraint component each one belongs to
# (https://www.w3.org/TR/shacl/#core-components); sh:sparql is SHACL-SPARQL.
COMPONENTS: dict[URIRef, URIRef] = {
    SH[param]: SH[component + "ConstraintComponent"]
    for param, component in {
        "class": "Class",
        "datatype": "Datatype",
        "nodeKind": "NodeKind",
        "minCount": "MinCount",
        "maxCount": "MaxCount",
        "minExclusive": "MinExclusive",
        "minInclusive": "MinInclusive",
        "maxExclusive": "MaxExclusive",
        "maxInclusive": "MaxInclusive",
        "minLength": "MinLength",
        "maxLength": "MaxLength",
        "pattern": "Pattern",
        "languageIn": "LanguageIn",
        "uniqueLang": "UniqueLang",
        "equals": "Equals",
        "disjoint": "Disjoint",
        "lessThan": "LessThan",
        "lessThanOrEquals": "LessThanOrEquals",
        "not": "Not",
        "and": "And",
        "or": "Or",
        "xone": "Xone",
        "node": "Node",
        "property": "Property",
        "qualifiedMinCount": "QualifiedMinCount",
        "qualifiedMaxCount": "QualifiedMaxCount",
        "closed": "Closed",
        "hasValue": "HasValue",
        "in": "In",
        "sparql": "SPARQL",
    }.items()
}
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


@cache
def _shapes() -> Graph:
    """The project's shapes, parsed once so that blank-node shapes keep their identity."""
    return load_shapes(ROOT)


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return _shapes()


@cache
def _report(path: Path) -> ValidationReport:
    """ontology + data + the fixture, validated against the project's shapes (once per file)."""
    return validate(load_graph([path], root=ROOT), _shapes())


@cache
def _reporting() -> frozenset[object]:
    return frozenset(_reporting_shapes(_shapes()))


def _expected(path: Path) -> set[Triple]:
    return {
        (URIRef(focus), SH[component], SH[severity])
        for focus, component, severity in EXPECT.findall(path.read_text(encoding="utf-8"))
    }


def _reported(results: list[ValidationResult]) -> set[Triple]:
    return {(r.focus, r.component, r.severity) for r in results}


def _langs(graph: Graph, subject: object, predicate: URIRef) -> set[str]:
    return {o.language or "" for o in graph.objects(subject, predicate) if isinstance(o, Literal)}


def _reporting_shapes(shapes: Graph) -> dict[object, set[URIRef]]:
    """Every shape that produces results of its own, with the components it declares.

    Those are the node shapes with a target and the property shapes they have; shapes used
    only inside sh:node, sh:or, sh:not or sh:qualifiedValueShape report through their user.
    """
    targeted = {s for t in TARGETS for s in shapes.subjects(t, None)}
    reporting = targeted | {p for s in targeted for p in shapes.objects(s, SH.property)}
    declared: dict[object, set[URIRef]] = {}
    for shape in reporting:
        components = {
            COMPONENTS[p]
            for p in shapes.predicates(shape, None)
            if p in COMPONENTS and p != SH.property
        }
        if (shape, SH.deactivated, Literal(True)) not in shapes and components:
            declared[shape] = components
    return declared


# --- The shapes themselves -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    SHAPE_FILES + INVALID + VALID,
    ids=[p.name for p in SHAPE_FILES + INVALID + VALID],
)
def test_file_starts_with_comment_header(path: Path) -> None:
    assert path.read_text(encoding="utf-8").startswith("# ")


def test_shapes_conform_to_shacl_for_shacl(shapes: Graph) -> None:
    report = meta_validate(shapes)
    assert report.conforms, report.to_text()
    assert not report.results, report.to_text()


def test_every_class_used_in_data_has_a_shape(shapes: Graph) -> None:
    vocabularies = sorted((ROOT / "ontology" / "vocabularies").glob("*.ttl"))
    used = parse_files(data_files(ROOT) + vocabularies)
    classes = set(used.objects(None, RDF.type))
    targeted = set(shapes.objects(None, SH.targetClass))
    assert len(classes) > 15
    assert classes - targeted == set()


def test_every_shape_has_czech_and_english_labels(shapes: Graph) -> None:
    named = {
        s
        for kind in (SH.NodeShape, SH.PropertyShape)
        for s in shapes.subjects(RDF.type, kind)
        if isinstance(s, URIRef)
    }
    assert len(named) > 40
    unlabelled = sorted(s for s in named if not {"cs", "en"} <= _langs(shapes, s, RDFS.label))
    assert unlabelled == []


def test_every_constraint_has_czech_and_english_messages(shapes: Graph) -> None:
    sparql = set(shapes.objects(None, SH.sparql))
    assert len(sparql) >= 6
    with_message = set(shapes.subjects(SH.message, None))
    # Every shape with core constraints of its own says what to fix; a shape whose only
    # constraint is SHACL-SPARQL carries its messages on the sh:sparql node instead.
    reporting = {
        s
        for s, components in _reporting_shapes(shapes).items()
        if components != {SH.SPARQLConstraintComponent}
    }
    missing = sorted(
        str(s)
        for s in sparql | with_message | reporting
        if not {"cs", "en"} <= _langs(shapes, s, SH.message)
    )
    assert missing == []


def test_every_shape_has_a_deliberate_severity(shapes: Graph) -> None:
    reporting = _reporting_shapes(shapes)
    assert {shapes.value(s, SH.severity) for s in reporting} <= {SH.Violation, SH.Warning}
    assert [str(s) for s in reporting if shapes.value(s, SH.severity) is None] == []


def test_sparql_constraints_declare_their_prefixes(shapes: Graph) -> None:
    for constraint in shapes.objects(None, SH.sparql):
        prefixes = shapes.value(constraint, SH.prefixes)
        assert prefixes is not None, constraint
        declared = {str(shapes.value(d, SH.prefix)) for d in shapes.objects(prefixes, SH.declare)}
        query = str(shapes.value(constraint, SH.select))
        used = set(re.findall(r"\b([a-z][a-z0-9]*):[A-Za-z]", query))
        assert used <= declared, (constraint, used - declared)


# --- The dataset -------------------------------------------------------------------------------


def test_dataset_conforms(shapes: Graph) -> None:
    report = validate(load_graph(root=ROOT), shapes)
    assert report.conforms, report.to_text()
    assert report.results == [], report.to_text()


# --- The fixtures ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", INVALID, ids=[p.name for p in INVALID])
def test_invalid_fixture_is_reported_as_expected(path: Path) -> None:
    expected = _expected(path)
    assert expected, f"{path.name} has no '# expect:' lines"
    reported = _reported(_report(path).results)
    assert expected - reported == set(), f"not reported: {expected - reported}"
    expected_focus = {focus for focus, _, _ in expected}
    stray = {t for t in reported if t[0] not in expected_focus}
    assert stray == set(), f"reported on other focus nodes: {stray}"
    if any(severity == SH.Violation for _, _, severity in expected):
        assert not _report(path).conforms


@pytest.mark.parametrize("path", VALID, ids=[p.name for p in VALID])
def test_valid_fixture_has_no_results(path: Path) -> None:
    assert not _expected(path)
    report = _report(path)
    assert report.conforms, report.to_text()
    assert report.results == [], report.to_text()


def test_every_constraint_is_exercised_by_a_fixture(shapes: Graph) -> None:
    declared = {
        (shape, component)
        for shape, components in _reporting_shapes(shapes).items()
        for component in components
    }
    assert len(declared) > 80
    exercised = set()
    for path in INVALID:
        expected_focus = {focus for focus, _, _ in _expected(path)}
        exercised |= {
            (r.source_shape, r.component)
            for r in _report(path).results
            if r.focus in expected_focus
        }
    missing = sorted((str(s), str(c)) for s, c in declared - exercised)
    assert missing == []


def test_list_parameters_are_not_empty(shapes: Graph) -> None:
    """sh:in and sh:languageIn take RDF lists; a typo there silently accepts everything."""
    for param in (SH["in"], SH.languageIn):
        for shape, head in shapes.subject_objects(param):
            assert len(Collection(shapes, head)) > 0, shape
