"""Finding the line of a subject and of each of its properties in a Turtle file."""

from __future__ import annotations

from pathlib import Path

from lpkg.contribute.positions import turtle_positions

EX = "https://example.org/"
TEXT = """# header
@prefix ex: <https://example.org/> .
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

ex:a a ex:Thing ;
    rdfs:label "a; b, c. [d]"@cs,
        \"\"\"multi
line\"\"\"@en ;
    ex:inner [ ex:deep ex:b ; ex:other 1.5 ] ;
    ex:last <https://example.org/c> .

<https://example.org/b> ex:p ex:a.
"""


def test_subjects_predicates_and_mentions_get_their_lines() -> None:
    positions = turtle_positions(Path("x.ttl"), TEXT)
    assert positions.subjects == {EX + "a": 5, EX + "b": 12}
    assert positions.line_of(EX + "a", "http://www.w3.org/2000/01/rdf-schema#label") == 6
    # punctuation inside literals and a multi-line literal do not confuse the scanner
    assert positions.line_of(EX + "a", EX + "inner") == 9
    assert positions.line_of(EX + "a", EX + "last") == 10
    # properties of a nested blank node are not the subject's own
    assert (EX + "a", EX + "deep") not in positions.predicates
    assert positions.line_of(EX + "b", EX + "p") == 12
    # an IRI used only as an object is found where it is mentioned
    assert positions.line_of(EX + "c") == 10


def test_unknown_subject_has_no_line() -> None:
    assert turtle_positions(Path("x.ttl"), TEXT).line_of(EX + "zzz") is None
