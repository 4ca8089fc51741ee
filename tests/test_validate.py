"""``lpkg.validate``: the result model over pySHACL's report (every result kept, SHACL paths,
severities) and how pySHACL is called (typed errors, nothing patched or silenced for the process).

Each case is a few triples with a shape; the expected results are read off the shape by hand.
"""

from __future__ import annotations

import json
import logging
import threading

import pytest
from rdflib import Graph, URIRef
from rdflib.extras.shacl import parse_shacl_path
from rdflib.namespace import ORG, SH
from rdflib.paths import AlternativePath, InvPath, SequencePath
from rdflib.plugins.sparql import processor

from lpkg.errors import ShapesError
from lpkg.validate import validate

PREFIXES = """
@prefix ex: <http://example.org/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
"""
EX = "http://example.org/"


def _graph(text: str) -> Graph:
    return Graph().parse(data=PREFIXES + text, format="turtle")


# Two organizations with one membership each; ex:lonely has none.
DATA = """
ex:a a org:Organization ; skos:prefLabel "A" .
ex:b a org:Organization ; skos:prefLabel "B" .
ex:lonely a org:Organization ; skos:prefLabel "Lonely" .
ex:m1 a org:Membership ; org:member ex:a ; org:organization ex:p .
ex:m2 a org:Membership ; org:member ex:b ; org:organization ex:p .
"""


def test_two_shapes_saying_the_same_thing_give_two_results() -> None:
    # Both shapes require a membership of ex:lonely (inverse of org:member) with the same
    # message: two findings of two shapes, not one.
    shapes = _graph(
        """
        ex:First a sh:NodeShape ; sh:targetNode ex:lonely ;
            sh:property [ sh:path [ sh:inversePath org:member ] ; sh:minCount 1 ;
                sh:message "needs a membership" ] .
        ex:Second a sh:NodeShape ; sh:targetNode ex:lonely ;
            sh:property [ sh:path [ sh:inversePath org:member ] ; sh:minCount 1 ;
                sh:message "needs a membership" ] .
        """
    )
    report = validate(_graph(DATA), shapes)
    assert [(str(r.focus), r.path, r.component) for r in report.results] == [
        (EX + "lonely", InvPath(ORG.member), SH.MinCountConstraintComponent)
    ] * 2


def test_one_shape_gives_a_result_per_value() -> None:
    # sh:class ex:Person on org:member: ex:a and ex:b are no persons, two results.
    shapes = _graph(
        """
        ex:MemberIsPerson a sh:NodeShape ; sh:targetClass org:Membership ;
            sh:property [ sh:path org:member ; sh:class ex:Person ] .
        """
    )
    report = validate(_graph(DATA), shapes)
    assert sorted((str(r.focus), str(r.value)) for r in report.results) == [
        (EX + "m1", EX + "a"),
        (EX + "m2", EX + "b"),
    ]


INVERSE = """
ex:Lonely a sh:NodeShape ; sh:targetNode ex:lonely ;
    sh:property ex:LonelyMembership .
ex:LonelyMembership sh:path [ sh:inversePath org:member ] ; sh:minCount 1 .
"""


def test_an_inverse_path_is_reported_as_an_inverse_path() -> None:
    report = validate(_graph(DATA), _graph(INVERSE))
    [result] = report.results
    assert result.path == InvPath(ORG.member)
    assert "  property: ^org:member\n" in report.to_text()
    assert json.loads(report.to_json())["results"][0]["resultPath"] == (
        "^<http://www.w3.org/ns/org#member>"
    )
    assert "::Lonely (<http://example.org/lonely>) ^org:member: " in report.to_github()


def test_the_turtle_report_keeps_the_path_structure() -> None:
    report = validate(_graph(DATA), _graph(INVERSE))
    written = Graph().parse(data=report.to_turtle(), format="turtle")
    [path] = written.objects(None, SH.resultPath)
    assert parse_shacl_path(written, path) == InvPath(ORG.member)


ALTERNATIVE = """
ex:Named a sh:NodeShape ; sh:targetNode ex:lonely ; sh:property ex:Name, ex:Partnership .
ex:Name sh:path [ sh:alternativePath ( ex:name ex:title ) ] ; sh:minCount 1 .
ex:Partnership sh:path ( [ sh:inversePath org:member ] org:organization ) ; sh:minCount 1 .
"""


def test_complex_paths_are_sparql_paths_in_text_and_json() -> None:
    report = validate(_graph(DATA), _graph(ALTERNATIVE))
    assert sorted(r.path for r in report.results) == sorted(
        [
            AlternativePath(URIRef(EX + "name"), URIRef(EX + "title")),
            SequencePath(InvPath(ORG.member), ORG.organization),
        ]
    )
    text = report.to_text()
    assert "  property: (<http://example.org/name>|<http://example.org/title>)\n" in text
    assert "  property: ^org:member/org:organization\n" in text
    paths = {r["resultPath"] for r in json.loads(report.to_json())["results"]}
    assert paths == {
        "(<http://example.org/name>|<http://example.org/title>)",
        "^<http://www.w3.org/ns/org#member>/<http://www.w3.org/ns/org#organization>",
    }


def test_json_is_the_same_on_every_run() -> None:
    # Blank-node paths used to appear as their random ids.
    first = validate(_graph(DATA), _graph(ALTERNATIVE)).to_json()
    second = validate(_graph(DATA), _graph(ALTERNATIVE)).to_json()
    assert first == second
    assert "_:" not in first


def _with_severity(severity: str) -> Graph:
    return _graph(
        f"""
        ex:Lonely a sh:NodeShape ; sh:targetNode ex:lonely ;
            sh:property [ sh:path [ sh:inversePath org:member ] ; sh:minCount 1 ;
                sh:severity {severity} ] .
        """
    )


def test_a_custom_severity_does_not_conform() -> None:
    report = validate(_graph(DATA), _with_severity("ex:Blocker"))
    assert [r.severity for r in report.results] == [URIRef(EX + "Blocker")]
    assert not report.conforms
    assert report.to_text().startswith(
        "The data does not conform to the shapes. Violations: 0, warnings: 0, info: 0, "
        "other severities: 1.\n"
    )


@pytest.mark.parametrize(
    ("severity", "english", "czech"),
    [
        (
            "sh:Info",
            "Violations: 0, warnings: 0, info: 1.",
            "Porušení: 0, varování: 0, informace: 1.",
        ),
        (
            "sh:Warning",
            "Violations: 0, warnings: 1, info: 0.",
            "Porušení: 0, varování: 1, informace: 0.",
        ),
    ],
)
def test_info_and_warnings_conform_and_are_counted(severity: str, english: str, czech: str) -> None:
    report = validate(_graph(DATA), _with_severity(severity))
    assert report.conforms
    assert report.to_text("en").startswith(f"The data conforms to the shapes. {english}\n")
    assert report.to_text("cs").startswith(f"Data odpovídají tvarům. {czech}\n")


MINUS = """
ex:NoMinus a sh:NodeShape ; sh:targetNode ex:a ;
    sh:sparql [ sh:select "SELECT $this WHERE { $this ?p ?o . MINUS { $this a ex:X } }" ] .
"""


def test_shapes_pyshacl_cannot_run_raise_shapes_error() -> None:
    with pytest.raises(ShapesError, match="must not contain a MINUS clause"):
        validate(_graph(DATA), _graph(MINUS))


def test_validation_patches_nothing_and_silences_nothing_for_the_process(
    caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    query = processor.SPARQLProcessor.query
    pyshacl_log = logging.getLogger("pyshacl-validate")
    # pySHACL logs a warning when it loads this shape (a qualified count on a node shape)
    warned = (
        INVERSE + "ex:Lonely sh:qualifiedValueShape [ sh:class ex:X ] ; sh:qualifiedMinCount 1 ."
    )
    with caplog.at_level(logging.DEBUG, logger="lpkg.validate"):
        validate(_graph(DATA), _graph(warned), engine="pyshacl")
    assert processor.SPARQLProcessor.query is query
    assert not pyshacl_log.disabled and not pyshacl_log.filters
    # what pySHACL logged during the call went to lpkg's log, at debug level, and nowhere else
    routed = [r for r in caplog.records if "QualifiedValueShapeConstraintComponent" in r.message]
    assert routed and {(r.name, r.levelname) for r in routed} == {("lpkg.validate", "DEBUG")}
    assert "QualifiedValueShape" not in capsys.readouterr().err


def test_overlapping_validations_give_each_its_own_results() -> None:
    shapes = {"inverse": INVERSE, "alternative": ALTERNATIVE}
    alone = {name: validate(_graph(DATA), _graph(text)).to_json() for name, text in shapes.items()}
    together: dict[str, str] = {}

    def run(name: str) -> None:
        together[name] = validate(_graph(DATA), _graph(shapes[name])).to_json()

    threads = [threading.Thread(target=run, args=(name,)) for name in shapes for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert together == alone


# A SHACL-SPARQL constraint whose messages fill in $this, in Czech and English.
FILLED_MESSAGES = """
ex:S a sh:NodeShape ; sh:targetClass org:Organization ;
    sh:sparql [ a sh:SPARQLConstraint ;
        sh:message "Organizace {$this} nemá členství."@cs,
            "Organization {$this} has no membership."@en ;
        sh:select '''SELECT $this WHERE {
            FILTER NOT EXISTS { ?m <http://www.w3.org/ns/org#member> $this } }''' ] .
"""


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_filled_in_messages_keep_their_languages(engine: str) -> None:
    """pySHACL drops the language tag of a message whose variables it fills in; lpkg gives it
    back, so each language shows its own message."""
    report = validate(_graph(DATA), _graph(FILLED_MESSAGES), engine=engine)
    [result] = report.results
    assert result.messages == {
        "cs": "Organizace http://example.org/lonely nemá členství.",
        "en": "Organization http://example.org/lonely has no membership.",
    }


def test_a_filled_in_message_that_fits_both_languages_stays_untagged() -> None:
    shapes = FILLED_MESSAGES.replace("Organizace {$this} nemá členství.", "{$this}").replace(
        "Organization {$this} has no membership.", "{$this}"
    )
    [result] = validate(_graph(DATA), _graph(shapes), engine="pyshacl").results
    assert result.messages == {"": "http://example.org/lonely"}
