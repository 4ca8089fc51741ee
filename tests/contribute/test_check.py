"""Validating contributions with the dataset: only new problems, each at its line or cell."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import RDFS, SH, SKOS

from lpkg.contribute.check import (
    CHANGES_EXISTING_DATA,
    LPKGSH,
    NOT_OWN,
    POSSIBLE_DUPLICATE,
    UNDEFINED_REFERENCE,
    check_contributions,
)
from lpkg.contribute.ownership import Kind
from lpkg.namespaces import LMEM, LORG, LPKG, ORG, THEME
from tests import FIXTURES, ROOT

CONTRIBUTIONS = FIXTURES / "contributions"
HOSTILE = FIXTURES / "hostile"


def test_a_good_contribution_conforms_without_findings() -> None:
    report = check_contributions([CONTRIBUTIONS / "new-member.valid.ttl"], root=ROOT)
    assert report.conforms and report.results == []


def test_undefined_reference_is_reported_at_its_line() -> None:
    path = CONTRIBUTIONS / "undefined-reference.invalid.ttl"
    report = check_contributions([path], root=ROOT)
    assert not report.conforms
    undefined = [r for r in report.results if r.component == UNDEFINED_REFERENCE]
    assert [(r.focus, r.file, r.line) for r in undefined] == [(LORG["zelena-zahada"], path, 22)]
    # the membership's own shape also objects to a member that is not an organization
    member = [r for r in report.results if r.focus == LMEM["most--zelena-zahrada"]]
    assert [(r.line, r.severity) for r in member] == [(22, SH.Violation)]


def test_missing_czech_label_is_a_violation_at_the_label_line() -> None:
    path = CONTRIBUTIONS / "missing-czech-label.invalid.ttl"
    report = check_contributions([path], root=ROOT)
    assert [(r.focus, r.path, r.line, r.severity) for r in report.results] == [
        (LORG["zelena-zahrada"], RDFS.label, 15, SH.Violation)
    ]
    assert "Czech label" in report.results[0].message("en")
    assert report.results[0].message("cs") != report.results[0].message("en")


def test_existing_organization_under_another_spelling_is_a_warning_naming_it() -> None:
    path = CONTRIBUTIONS / "existing-organization.warning.ttl"
    report = check_contributions([path], root=ROOT)
    assert report.conforms
    (warning,) = report.results
    assert (warning.component, warning.severity, warning.line) == (
        POSSIBLE_DUPLICATE,
        SH.Warning,
        14,
    )
    assert warning.value == LORG["most-k-nadeji"]
    assert "lorg:most-k-nadeji" in warning.message("en")


def test_csv_problems_are_reported_by_row_and_column() -> None:
    path = CONTRIBUTIONS / "missing-english-label.warning.csv"
    (warning,) = check_contributions([path], root=ROOT).results
    assert (warning.file, warning.line, warning.column) == (path, 2, "organization_label_en")
    assert warning.location == f"{path}, row 2, column organization_label_en"


def test_old_problems_of_the_dataset_are_not_reported(tmp_path: Path) -> None:
    """A dataset with a problem of its own (a missing English label) must not blame it on the
    contribution."""
    for folder in ("ontology", "data", "shapes"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    places = tmp_path / "data" / "places.trig"
    places.write_text(
        places.read_text(encoding="utf-8").replace('"Janov"@en', '"Janov"@de'), encoding="utf-8"
    )
    report = check_contributions([CONTRIBUTIONS / "new-member.valid.ttl"], root=tmp_path)
    assert report.results == []


def test_github_annotations_carry_file_and_line() -> None:
    path = CONTRIBUTIONS / "missing-czech-label.invalid.ttl"
    text = check_contributions([path], root=ROOT).to_github("en")
    assert text.startswith(f"::error file={path},line=15::")


def test_existing_unit_warning_names_its_parent_too() -> None:
    path = CONTRIBUTIONS / "existing-unit.warning.ttl"
    (warning,) = check_contributions([path], root=ROOT).results
    assert (warning.severity, warning.line, warning.value) == (
        SH.Warning,
        14,
        LORG["urad-prace-cr-most"],
    )
    assert "a unit of Úřad práce České republiky (lorg:urad-prace-cr)" in warning.message("en")
    assert "útvar organizace Úřad práce České republiky" in warning.message("cs")


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("shape-deactivated", Kind.SHAPES, [(LPKGSH.MembershipShape, 31)]),
        (
            "ontology-terms",
            Kind.ONTOLOGY,
            # lpkg:LocalPartnership's label; the new theme's type, two labels and scheme; the
            # new organization declared a subclass
            [
                (LPKG.LocalPartnership, 30),
                (THEME.zahrady, 32),
                (THEME.zahrady, 33),
                (THEME.zahrady, 33),
                (THEME.zahrady, 34),
                (LORG["zelena-zahrada"], 36),
            ],
        ),
        ("derived-inverse", Kind.DERIVED, [(LORG["zelena-zahrada"], 29)]),
        ("same-as-existing", Kind.SAME_AS, [(LORG["zelena-zahrada"], 29)]),
    ],
)
def test_statements_a_contribution_may_not_make_are_violations_at_their_lines(
    name: str, kind: Kind, expected: list[tuple[URIRef, int]]
) -> None:
    path = HOSTILE / f"{name}.hostile.ttl"
    report = check_contributions([path], root=ROOT)
    assert not report.conforms
    assert [(r.focus, r.line, r.file, r.severity, r.component) for r in report.results] == [
        (focus, line, path, SH.Violation, NOT_OWN[kind]) for focus, line in expected
    ]


def test_changes_to_an_existing_organization_are_notes_that_keep_conformance() -> None:
    path = HOSTILE / "changes-existing-organization.hostile.ttl"
    report = check_contributions([path], root=ROOT)
    assert report.conforms
    assert [(r.focus, r.path, r.line, r.severity, r.component) for r in report.results] == [
        (LORG["most-k-nadeji"], SKOS.altLabel, 29, SH.Info, CHANGES_EXISTING_DATA),
        (LORG["most-k-nadeji"], ORG.classification, 30, SH.Info, CHANGES_EXISTING_DATA),
    ]
    assert report.results[0].message("en").startswith("Changes existing data: data/ already")
