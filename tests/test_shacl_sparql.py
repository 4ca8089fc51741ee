"""SHACL compiled to SPARQL (lpkg.shacl_sparql) gives the report pySHACL gives.

Differential tests: pySHACL is the reference, run on the same graphs, and the two reports must be
equal as multisets of results (focus node, result path as a SHACL path structure, value,
constraint component, severity, source shape, messages): on the shipped data with every
violating shape fixture merged in, on the valid fixtures, on an edge suite of small
self-contained graphs (tests/fixtures/shacl_sparql/), and on the W3C SHACL test suite wherever
pySHACL passes a test.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import ORG, RDF, SH, XSD
from rdflib.term import Node

from lpkg.load import dataset_files, load_graph, load_shapes, parse_files
from lpkg.shacl_sparql import (
    Check,
    CompiledShapes,
    OxigraphStore,
    affected_focus_nodes,
    compile_shapes,
    evaluate,
    validate_graph,
    validate_incremental,
)
from tests import EXTERNAL, FIXTURES, ROOT, benchmark, require

EDGE = sorted((FIXTURES / "shacl_sparql").glob("*.ttl"))
W3C = EXTERNAL / "w3c-shacl-tests" / "tests"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")


def _structure(graph: Graph, node: Node | None, seen: frozenset = frozenset()) -> object:
    """A blank node as what it says (recursively), so that copies compare equal."""
    if not isinstance(node, BNode) or node in seen:
        return node
    return tuple(
        sorted(
            (
                (str(p), _structure(graph, o, seen | {node}))
                for p, o in graph.predicate_objects(node)
            ),
            key=repr,
        )
    )


def _results(report: Graph, *, messages: bool = True) -> Counter:
    found: Counter = Counter()
    for r in report.objects(None, SH.result):
        found[
            (
                report.value(r, SH.focusNode),
                _structure(report, report.value(r, SH.resultPath)),
                report.value(r, SH.value),
                report.value(r, SH.sourceConstraintComponent),
                report.value(r, SH.resultSeverity),
                _structure(report, report.value(r, SH.sourceShape)),
                tuple(
                    sorted((str(m), m.language or "") for m in report.objects(r, SH.resultMessage))
                )
                if messages
                else (),
            )
        ] += 1
    return found


def _pyshacl(data: Graph, shapes: Graph) -> Graph:
    # lpkg's own entry to pySHACL (parses each SHACL-SPARQL query once: minutes faster here)
    from lpkg.validate import pyshacl_report

    return pyshacl_report(data, shapes)


def _compiled(data: Graph, shapes: Graph) -> Graph:
    return validate_graph(data, shapes)[1]


def _differences(mine: Counter, reference: Counter) -> list[str]:
    return [f"extra: {k}" for k in mine - reference] + [f"missing: {k}" for k in reference - mine]


@cache
def _shapes() -> Graph:
    return load_shapes(ROOT)


# --- The project's shapes --------------------------------------------------------------------


def test_project_shapes_compile_without_fallback() -> None:
    compiled = compile_shapes(_shapes())
    assert compiled.fallback == []
    assert len(compiled.checks) > 100


def test_shipped_data_with_every_violating_fixture_gives_pyshacls_report() -> None:
    # all fixtures in one graph: one pySHACL run instead of one per fixture (each takes seconds)
    fixtures = sorted((FIXTURES / "shapes").glob("*.invalid.ttl"))
    data = load_graph(fixtures, root=ROOT)
    reference = _results(_pyshacl(data, _shapes()))
    # the kinds of result the fixtures announce are there (they share IRIs, so one fixture may
    # supply what another leaves out: not every one)
    announced = {
        SH[name]
        for path in fixtures
        for name in re.findall(r"^# expect: <\S+> sh:(\w+)", path.read_text(), re.MULTILINE)
    }
    assert len(announced & {key[3] for key in reference}) > 10
    assert _differences(_results(_compiled(data, _shapes())), reference) == []


def test_shipped_data_with_the_valid_fixtures_has_no_results() -> None:
    fixtures = sorted((FIXTURES / "shapes").glob("*.valid.ttl"))
    conforms, report, _ = validate_graph(load_graph(fixtures, root=ROOT), _shapes())
    assert conforms
    assert not _results(report)


# --- Checks of the same rows asked in one query ------------------------------------------------


def _asked(data: Graph, compiled: CompiledShapes, *, shared: bool) -> tuple[Counter, int]:
    """The results and how many queries gave them."""
    store = OxigraphStore(data)
    asked = []

    def select(query: str):
        asked.append(query)
        return store.select(query)

    return _results(evaluate(compiled, select, data=data, shared=shared)), len(asked)


def test_checks_of_the_same_rows_asked_together_give_the_results_of_one_query_each() -> None:
    data = load_graph(sorted((FIXTURES / "shapes").glob("*.invalid.ttl")), root=ROOT)
    compiled = compile_shapes(_shapes())
    together, fewer = _asked(data, compiled, shared=True)
    apart, each = _asked(data, compiled, shared=False)
    assert each == len(compiled.checks)
    assert fewer < 0.8 * each  # the counts of a shape's properties share its focus nodes
    assert sum(apart.values()) > 20
    assert together == apart


@pytest.mark.parametrize("path", EDGE, ids=[p.stem for p in EDGE])
def test_edge_case_asked_together_gives_the_results_of_one_query_each(path: Path) -> None:
    graph = Graph().parse(path)
    compiled = compile_shapes(graph)
    assert _asked(graph, compiled, shared=True)[0] == _asked(graph, compiled, shared=False)[0]


def test_a_test_that_fails_to_evaluate_gives_no_row_when_asked_together() -> None:
    # as in a FILTER of its own, an error is no result; the other check of the rows is unaffected
    ex = Namespace("http://example.org/")
    pattern = "VALUES ?this { <http://example.org/a> <http://example.org/b> }"
    checks = [
        Check(
            root=ex.Shape,
            shape=ex.Shape,
            component=component,
            query=f"SELECT DISTINCT ?this WHERE {{ {pattern} FILTER ({test}) }}",
            value="focus",
            shared=("?this", pattern),
            test=test,
        )
        for component, test in (
            (SH.MinCountConstraintComponent, "1 / 0 = 1"),
            (SH.MaxCountConstraintComponent, "sameTerm(?this, <http://example.org/a>)"),
        )
    ]
    shapes = Graph()
    shapes.add((ex.Shape, RDF.type, SH.NodeShape))
    shapes.add((ex.Shape, SH.message, Literal("wrong")))
    compiled = CompiledShapes(shapes, checks)
    found, asked = _asked(Graph(), compiled, shared=True)
    assert asked == 1
    assert [(k[0], k[3]) for k in found] == [(ex.a, SH.MaxCountConstraintComponent)]
    assert found == _asked(Graph(), compiled, shared=False)[0]


@pytest.mark.parametrize("path", EDGE, ids=[p.stem for p in EDGE])
def test_edge_case_gives_pyshacls_report(path: Path) -> None:
    graph = Graph().parse(path)
    expected = _pyshacl(graph, graph)
    reference = _results(expected)
    assert reference  # every edge fixture has results
    report = _compiled(graph, graph)
    assert _differences(_results(report), reference) == []
    assert report.value(None, SH.conforms) == expected.value(None, SH.conforms)


def test_a_shape_the_compiler_cannot_express_goes_to_pyshacl_and_says_why() -> None:
    graph = Graph().parse(FIXTURES / "shacl_sparql" / "custom-component-falls-back.ttl")
    compiled = compile_shapes(graph)
    ex = Namespace("http://example.org/")
    assert [(shape, "custom" in reason) for shape, reason in compiled.fallback] == [
        (ex.CustomShape, True)
    ]
    # ex:b: "Y-2" does not start with "X-" (pySHACL) and two codes (compiled)
    report = _compiled(graph, graph)
    found = sorted(
        (str(report.value(r, SH.focusNode)), str(report.value(r, SH.sourceConstraintComponent)))
        for r in report.objects(None, SH.result)
    )
    assert found == [
        ("http://example.org/b", "http://example.org/StartsWithComponent"),
        ("http://example.org/b", str(SH.MaxCountConstraintComponent)),
    ]


@pytest.mark.parametrize(
    "name",
    [
        "membership-with-two-members.invalid.ttl",
        "unit-of-relation-ended-with-plain-unit-of.invalid.ttl",
    ],
)
def test_lpkg_validate_with_the_sparql_engine_finds_what_the_fixture_expects(name: str) -> None:
    from lpkg.validate import validate

    path = FIXTURES / "shapes" / name
    expected = {
        (URIRef(focus), SH[component], SH[severity])
        for focus, component, severity in re.findall(
            r"^# expect: <(\S+)> sh:(\w+) sh:(\w+)\s*$", path.read_text(), re.MULTILINE
        )
    }
    report = validate(load_graph([path], root=ROOT), _shapes(), engine="sparql")
    assert expected
    assert {(r.focus, r.component, r.severity) for r in report.results} == expected


# --- W3C SHACL test suite --------------------------------------------------------------------


def _w3c_tests() -> list[tuple[str, Path]]:
    if not W3C.is_dir():
        return []
    tests = []
    for part in ("core", "sparql"):
        for manifest in sorted((W3C / part).rglob("*.ttl")):
            if manifest.name == "manifest.ttl" or "sht:Validate" not in manifest.read_text():
                continue
            tests.append((str(manifest.relative_to(W3C).with_suffix("")), manifest))
    return tests


W3C_TESTS = _w3c_tests()


def _w3c_case(path: Path) -> tuple[Graph, Graph, Graph | None]:
    """(data, shapes, expected report or None when an error is expected) of one test file."""
    graph = Graph().parse(path, publicID=path.as_uri())
    entry = next(graph.subjects(RDF.type, SHT.Validate))
    action = graph.value(entry, MF.action)
    graphs = []
    for role in (SHT.dataGraph, SHT.shapesGraph):
        source = graph.value(action, role)
        graphs.append(graph if source == URIRef(path.as_uri()) else Graph().parse(str(source)))
    result = graph.value(entry, MF.result)
    expected = None if result == SHT.Failure else _subgraph(graph, result)
    return graphs[0], graphs[1], expected


def _subgraph(graph: Graph, node: Node) -> Graph:
    copy = Graph()
    todo, seen = [node], set()
    while todo:
        subject = todo.pop()
        seen.add(subject)
        for p, o in graph.predicate_objects(subject):
            copy.add((subject, p, o))
            if isinstance(o, BNode) and o not in seen:
                todo.append(o)
    return copy


@pytest.mark.parametrize("name,path", W3C_TESTS, ids=[n for n, _ in W3C_TESTS] or None)
def test_w3c_test_gives_pyshacls_report_where_pyshacl_passes(name: str, path: Path) -> None:
    require(W3C, "LPKG_EXTERNAL")
    data, shapes, expected = _w3c_case(path)
    if expected is None:
        pytest.skip("the test expects the shapes to be rejected")
    try:
        reference = _pyshacl(data, shapes)
    except Exception as error:  # pySHACL rejects the shapes: nothing to compare with
        pytest.skip(f"pySHACL fails: {error}")
    if _results(reference, messages=False) != _results(expected, messages=False):
        pytest.skip("pySHACL does not pass this test")
    assert _differences(_results(_compiled(data, shapes)), _results(reference)) == []


def test_w3c_suite_is_there_when_external_material_is() -> None:
    require(W3C, "LPKG_EXTERNAL")
    assert len(W3C_TESTS) > 100


# --- Incremental validation ------------------------------------------------------------------

CONTRIBUTIONS = sorted((FIXTURES / "shacl_sparql" / "contributions").glob("*.ttl"))
# shape fixtures whose results fall on nodes the fixture does not mention, or that cross nodes
CROSSING = [
    FIXTURES / "shapes" / name
    for name in (
        "participating-unit-of-another-organization.invalid.ttl",
        "unit-of-relation-ended-with-plain-unit-of.invalid.ttl",
        "unit-of-relation-current-without-plain-unit-of.invalid.ttl",
        "membership-in-two-partnerships.invalid.ttl",
        "new-membership.valid.ttl",
    )
]
LMEM = Namespace("https://w3id.org/lpkg/id/membership/")
LP = Namespace("https://w3id.org/lpkg/id/partnership/")
LPKGSH = Namespace("https://w3id.org/lpkg/shapes#")


@cache
def _data() -> Graph:
    return load_graph(root=ROOT)


def _incremental(path: Path) -> tuple[Graph, Graph, set[Node] | None]:
    """(report of an incremental run, report of a full run, nodes validated) for a contribution."""
    contribution = Graph().parse(path)
    merged = Graph()
    merged += _data()
    merged += contribution
    report, affected = validate_incremental(_data(), contribution, _shapes())
    return report, _compiled(merged, _shapes()), affected


@pytest.mark.parametrize(
    "path", CONTRIBUTIONS + CROSSING, ids=[p.stem for p in CONTRIBUTIONS + CROSSING]
)
def test_incremental_run_gives_the_results_of_a_full_run(path: Path) -> None:
    # the shipped data conforms, so the full run's results are all the contribution's doing
    report, full, affected = _incremental(path)
    assert affected is not None
    assert len(affected) < 100  # the data has about a thousand subjects
    assert _differences(_results(report), _results(full)) == []


def _focus_components(report: Graph) -> set[tuple[Node, Node]]:
    return {
        (report.value(r, SH.focusNode), report.value(r, SH.sourceShape))
        for r in report.objects(None, SH.result)
    }


def test_second_membership_fails_on_the_existing_membership_too() -> None:
    report, _, affected = _incremental(
        CONTRIBUTIONS_BY_NAME["second-membership-of-an-existing-member"]
    )
    found = _focus_components(report)
    assert (LMEM["most--oblastni-charita-most"], LPKGSH.DuplicateMembershipRule) in found
    assert (LMEM["most--charita-most-znovu"], LPKGSH.DuplicateMembershipRule) in found
    assert LMEM["most--oblastni-charita-most"] in affected


def test_later_founding_date_fails_on_existing_events() -> None:
    report, _, _ = _incremental(CONTRIBUTIONS_BY_NAME["later-founding-date"])
    found = _focus_components(report)
    assert (LP.most, LPKGSH.FoundingDateProperty) in found
    events = {focus for focus, shape in found if shape == LPKGSH.EventBeforeFoundingRule}
    # Most's events of 2008-2014 in data/partnerships/most.trig
    assert len(events) >= 2


def test_new_partnership_results() -> None:
    report, _, _ = _incremental(CONTRIBUTIONS_BY_NAME["new-partnership"])
    found = _focus_components(report)
    assert (LP.priklad, LPKGSH.EnglishLabelProperty) in found
    assert (LMEM["priklad--most-k-nadeji"], LPKGSH.CitedSourceRule) in found


CONTRIBUTIONS_BY_NAME = {p.stem: p for p in CONTRIBUTIONS}


def test_only_the_checks_of_shapes_the_nodes_are_focus_nodes_of_run() -> None:
    """With focus nodes given, a check whose shape targets none of them is not run, and the
    report holds what a full run reports of those nodes."""
    contribution = Graph().parse(CONTRIBUTIONS_BY_NAME["new-partnership"])
    merged = _data() + contribution
    compiled = compile_shapes(_shapes())
    store = OxigraphStore(merged)
    asked: list[str] = []

    def select(query: str) -> tuple[list[str], list[dict]]:
        asked.append(query)
        return store.select(query)

    nodes = {LP.priklad, LMEM["priklad--most-k-nadeji"]}
    report = evaluate(compiled, select, focus_nodes=nodes)
    full = _results(_compiled(merged, _shapes()))
    assert _results(report) == Counter({k: n for k, n in full.items() if k[0] in nodes})
    assert _results(report)  # the new partnership has no English label
    roots = [q for q in asked if q.startswith("SELECT DISTINCT ?this WHERE {") and "_f AS" in q]
    assert len(roots) == len(compiled.focus)  # one query a shape finds its focus nodes in
    checks = [q for q in asked if q not in roots]
    # the partnership's and the membership's shapes, not those of towns, events, sources...
    assert 0 < len(checks) < len(compiled.checks) / 2
    # each starting from the focus nodes found, not finding them again
    assert not [q for q in checks if "_f AS" in q]


def test_literal_focus_nodes_of_a_contribution_are_validated() -> None:
    """The objects a shape targets may be literals, which the store may keep in another form
    (``xsd:int`` under a datatype of its own, ``"01"`` as ``"1"``): validated incrementally,
    they give the results of a full run."""
    xsd = "<http://www.w3.org/2001/XMLSchema#"
    report, full, affected = _shape_case(
        "sh:targetObjectsOf ex:p ; sh:maxInclusive 0",
        "",
        f'ex:a ex:p "5"^^{xsd}int>, "x"^^{xsd}int>, "01"^^{xsd}integer>, "-1"^^{xsd}integer> .',
    )
    assert affected is not None and Literal("5", datatype=XSD.int) in affected
    five, one = (
        (Literal(v, datatype=d), None, Literal(v, datatype=d), SH.MaxInclusiveConstraintComponent)
        for v, d in (("5", XSD.int), ("1", XSD.integer))
    )
    assert {k[:4] for k in _results(full)} == {five, one}
    assert _results(report) == _results(full)


# --- Which focus nodes a contribution reaches (small shapes, one route each) ------------------

_PREFIXES = """@prefix ex: <http://example.org/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
"""
# (shape, data that conforms to it, contribution) and the focus node the contribution reaches
ROUTES = {
    # ex:q is read in the middle of the path (at the values of ex:p)
    "middle of a path": (
        "sh:path (ex:p ex:q ex:r) ; sh:class ex:C",
        "ex:a ex:p ex:b . ex:c ex:r ex:d .",
        "ex:b ex:q ex:c .",
    ),
    # ex:q read at the end of a backward step: the walk goes forwards along ex:p to ex:a
    "after a backward step": (
        "sh:path ([ sh:inversePath ex:p ] ex:q) ; sh:class ex:C",
        "ex:x ex:p ex:a .",
        "ex:x ex:q ex:y .",
    ),
    # ex:q read at any node ex:p* reaches: three steps back along ex:p
    "after a repeated step": (
        "sh:path ([ sh:zeroOrMorePath ex:p ] ex:q) ; sh:class ex:C",
        "ex:a ex:p ex:b1 . ex:b1 ex:p ex:b2 . ex:b2 ex:p ex:b3 .",
        "ex:b3 ex:q ex:y .",
    ),
    # rdf:type read at the values of a nested shape
    "a type at the end of a path": (
        "sh:path (ex:p ex:q) ; sh:not [ sh:class ex:Bad ]",
        "ex:a ex:p ex:b . ex:b ex:q ex:c .",
        "ex:c a ex:Bad .",
    ),
    # a SHACL-SPARQL query's pattern of three steps
    "end of a SPARQL pattern": (
        'sh:path ex:p ; sh:sparql [ sh:select """SELECT $this ?value WHERE {'
        " $this <http://example.org/p> ?x . ?x <http://example.org/q> ?y ."
        ' ?y <http://example.org/r> ?value }""" ]',
        "ex:a ex:p ex:b . ex:b ex:q ex:c .",
        "ex:c ex:r ex:d .",
    ),
}


def _route_case(shape: str, data: str, contribution: str) -> tuple[Graph, Graph, set]:
    return _shape_case(
        f"sh:targetClass ex:A ; sh:property [ {shape} ]", "ex:a a ex:A . " + data, contribution
    )


def _shape_case(shape: str, data: str, contribution: str) -> tuple[Graph, Graph, set]:
    """(incremental report, full report, nodes validated) for the node shape ex:S of ``shape``
    (its targets and constraints), on ``data`` (which conforms) and ``contribution``."""
    shapes = _graph_of(f"ex:S a sh:NodeShape ; {shape} .")
    before, added = _graph_of(data), _graph_of(contribution)
    assert validate_graph(before, shapes)[0]
    report, affected = validate_incremental(before, added, shapes)
    return report, _compiled(before + added, shapes), affected


@pytest.mark.parametrize("case", ROUTES)
def test_a_statement_along_a_route_reaches_its_focus_node(case: str) -> None:
    report, full, affected = _route_case(*ROUTES[case])
    assert URIRef("http://example.org/a") in affected
    assert set(full.objects(None, SH.focusNode)) == {URIRef("http://example.org/a")}
    # (the messages name nodes by the prefixes of the data, which the full run has)
    assert _differences(_results(report, messages=False), _results(full, messages=False)) == []


def test_a_statement_of_another_route_does_not_reach_the_focus_node() -> None:
    # ex:a reaches ex:b, but no check reads ex:t there (only after ex:s)
    report, full, affected = _route_case(
        "sh:path (ex:p ex:q) ; sh:class ex:C ] , [ sh:path (ex:s ex:t) ; sh:class ex:C",
        "ex:a ex:p ex:b . ex:b ex:q ex:c . ex:c a ex:C .",
        "ex:b ex:t ex:d .",
    )
    assert affected == {URIRef("http://example.org/b")}
    assert _differences(_results(report), _results(full)) == []


# --- Patterns every solution matches: the routes to both ends of a statement ----------------

_TWICE = (
    'sh:sparql [ sh:select """SELECT $this ?value WHERE {'
    " $this <http://example.org/member> ?value ; <http://example.org/in> ?group ."
    " ?other <http://example.org/in> ?group . FILTER (?other != $this)"
    ' FILTER EXISTS { ?other <http://example.org/member> ?value } }""" ]'
)


def _node_case(shape: str, data: str, contribution: str) -> tuple[Graph, Graph, set]:
    return _shape_case(f"sh:targetClass ex:M ; {shape}", data, contribution)


def test_a_statement_reaches_only_the_nodes_that_reach_both_its_ends() -> None:
    """The duplicate-membership rule's shape: a new membership of ex:o reaches the membership
    of ex:o in the same group (ex:m1), not those in other groups (ex:m2, ex:m3), though each
    reaches ex:o; a route to ?other along ex:member alone would take them all."""
    EX = Namespace("http://example.org/")
    report, full, affected = _node_case(
        _TWICE,
        "ex:m1 a ex:M ; ex:member ex:o ; ex:in ex:g1 ."
        " ex:m2 a ex:M ; ex:member ex:o ; ex:in ex:g2 ."
        " ex:m3 a ex:M ; ex:member ex:o ; ex:in ex:g3 .",
        "ex:m4 a ex:M ; ex:member ex:o ; ex:in ex:g1 .",
    )
    assert affected == {EX.m4, EX.m1}
    assert set(full.objects(None, SH.focusNode)) == {EX.m1, EX.m4}
    assert _differences(_results(report, messages=False), _results(full, messages=False)) == []


def test_a_join_starts_from_the_end_that_reaches_fewer_nodes() -> None:
    """ex:o is a member in four groups, group ex:g1 has one membership: the query of the
    nodes a new membership reaches starts from its group (pyoxigraph joins in the order
    written), and reaches the same nodes as the other way round."""
    shapes = _graph_of(f"ex:S a sh:NodeShape ; sh:targetClass ex:M ; {_TWICE} .")
    data = _graph_of(
        " ".join(f"ex:m{i} a ex:M ; ex:member ex:o ; ex:in ex:g{i} ." for i in range(1, 5))
    )
    added = _graph_of("ex:m5 a ex:M ; ex:member ex:o ; ex:in ex:g1 .")
    store = OxigraphStore(data + added)
    asked: list[str] = []

    def select(query: str) -> tuple[list[str], list[dict]]:
        asked.append(query)
        return store.select(query)

    EX = Namespace("http://example.org/")
    assert affected_focus_nodes(select, compile_shapes(shapes), added) == {EX.m5, EX.m1}
    joins = [q.split("}", 1)[1] for q in asked if q.startswith("SELECT DISTINCT (")]
    assert len(joins) == 2  # one for each pattern of the query with routes to both ends
    for patterns in joins:  # (after the VALUES)
        assert patterns.index("example.org/in") < patterns.index("example.org/member")


def _graph_of(turtle: str) -> Graph:
    return Graph().parse(data=_PREFIXES + turtle, format="turtle")


@pytest.mark.parametrize(
    "where",
    [
        # ?other reached through an OPTIONAL, a UNION branch, NOT EXISTS, an EXISTS in a
        # disjunction: none of these holds in every solution, so ex:m1 and ex:m2 both stay
        "OPTIONAL { ?other <http://example.org/in> ?group }",
        "{ ?other <http://example.org/in> ?group } UNION { ?other <http://example.org/x> ?y }",
        "FILTER NOT EXISTS { ?other <http://example.org/in> ?group }",
        "FILTER (?other = $this || EXISTS { ?other <http://example.org/in> ?group })",
    ],
)
def test_a_pattern_not_in_every_solution_does_not_narrow_the_nodes(where: str) -> None:
    EX = Namespace("http://example.org/")
    shape = (
        'sh:sparql [ sh:select """SELECT $this ?value WHERE {'
        " $this <http://example.org/member> ?value ; <http://example.org/in> ?group ."
        " ?other <http://example.org/member> ?value . FILTER (?other != $this) "
        + where
        + ' FILTER (false) }""" ]'
    )
    _, _, affected = _node_case(
        shape,
        "ex:m1 a ex:M ; ex:member ex:o ; ex:in ex:g1 ."
        " ex:m2 a ex:M ; ex:member ex:o ; ex:in ex:g2 .",
        "ex:m4 a ex:M ; ex:member ex:o ; ex:in ex:g1 .",
    )
    assert {EX.m1, EX.m2, EX.m4} <= affected


# --- Generated data: each data file taken out and validated as a contribution ------------------


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """benchmarks/generate.py's data (3,000 triples, one injected violation of every kind), with
    the repository's ontology and shapes."""
    folder = tmp_path_factory.mktemp("generated")
    benchmark("generate").main(["--out", str(folder), "--triples", "3000", "--inject", "1"])
    for name in ("ontology", "shapes"):
        shutil.copytree(ROOT / name, folder / name)
    return folder


def _keyed(report: Graph) -> Counter:
    parts = (SH.focusNode, SH.resultPath, SH.value, SH.sourceConstraintComponent, SH.sourceShape)
    return Counter(
        tuple(report.value(r, p) for p in parts) for r in report.objects(None, SH.result)
    )


def _contributions(generated: Path) -> Iterator[tuple[str, Graph, Graph]]:
    """(name, data, contribution): each file of partnerships and organizations taken out, and
    each membership that shares its organization and partnership with another (the injected
    duplicate) or is the first of its partnership, with its blank nodes."""
    files = dataset_files(generated)
    for path in files:
        if path.parent.name in ("partnerships", "organizations"):
            yield path.name, parse_files([f for f in files if f != path]), parse_files([path])
    everything = parse_files(files)
    memberships = sorted(everything.subjects(RDF.type, ORG.Membership))
    pair_of = {
        m: (everything.value(m, ORG.member), everything.value(m, ORG.organization))
        for m in memberships
    }
    pairs = Counter(pair_of.values())
    first: set[Node] = set()
    for membership in memberships:
        pair = pair_of[membership]
        if pairs[pair] > 1 or pair[1] not in first:
            first.add(pair[1])
            contribution = everything.cbd(membership)
            yield str(membership), everything - contribution, contribution


def test_incremental_runs_on_generated_data_change_only_the_affected_nodes(
    generated: Path,
) -> None:
    """Each contribution of :func:`_contributions` against the rest (violations included): the
    full run's results of every node the incremental run leaves out are those of the full run
    before, and the incremental report holds the full run's results of the rest."""
    shapes = load_shapes(generated)
    compiled = compile_shapes(shapes)
    names = []
    for name, data, contribution in _contributions(generated):
        names.append(name)
        before = _keyed(validate_graph(data, shapes, compiled=compiled)[1])
        after = _keyed(validate_graph(data + contribution, shapes, compiled=compiled)[1])
        report, affected = validate_incremental(data, contribution, compiled)
        assert affected is not None and len(affected) < len(set(data.subjects())) / 2
        outside = Counter({k: n for k, n in after.items() if k[0] not in affected})
        assert outside == Counter({k: n for k, n in before.items() if k[0] not in affected})
        assert _keyed(report) == after - outside, name
    assert len(names) >= 10


def test_the_patterns_every_solution_matches() -> None:
    from lpkg.shacl_sparql.compiler import _pattern_edges

    query = """PREFIX : <http://example.org/>
        SELECT $this WHERE {
            $this :main ?a .
            FILTER EXISTS { ?a :exists ?b }
            FILTER NOT EXISTS { ?a :notExists ?c }
            OPTIONAL { ?a :optional ?d }
            { ?a :union1 ?e } UNION { ?a :union2 ?e }
            $this :maybe? ?f .
            $this :alt1|:alt2 ?g .
            FILTER (?a = $this || EXISTS { ?a :inOr ?h })
        }"""
    required = {str(p).rsplit("/", 1)[-1]: r for _, p, _, _, r in _pattern_edges(query) if p}
    assert required == {
        "main": True,
        "exists": True,
        "notExists": False,
        "optional": False,
        "union1": False,
        "union2": False,
        "maybe": False,
        "alt1": False,
        "alt2": False,
        "inOr": False,
    }
