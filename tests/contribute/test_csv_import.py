"""A contribution CSV: what it turns into, and how its mistakes are reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS

from lpkg.contribute.csv_import import COLUMNS, MAX_ROWS, read_csv
from lpkg.errors import CsvError, ParseError
from lpkg.namespaces import LMEM, LORG, LP, LPKG, LPLACE, ORG, ORGTYPE
from tests import FIXTURES, ROOT

EXAMPLE = ROOT / "docs" / "examples" / "trmice.csv"
CONTRIBUTIONS = FIXTURES / "contributions"


def test_the_trmice_example_gives_one_membership_per_row() -> None:
    graph = read_csv(EXAMPLE).graph
    memberships = set(graph.subjects(RDF.type, ORG.Membership))
    assert len(memberships) == 14  # the 14 bullets of the Trmice page
    assert (LMEM["trmice--policie-cr"], ORG.member, LORG["policie-cr"]) in graph
    assert (
        LMEM["trmice--mestska-policie-lp-trmice"],
        LPKG.listedName,
        Literal("Městská Policie", lang="cs"),
    ) in graph
    assert (LP.trmice, LPKG.town, LPLACE.trmice) in graph
    # a unit and its new parent
    assert (
        LORG["magistrat-usti-nad-labem-osv"],
        ORG.unitOf,
        LORG["magistrat-usti-nad-labem"],
    ) in graph
    assert (
        LORG["magistrat-usti-nad-labem"],
        RDFS.label,
        Literal("Magistrát Ústí nad Labem", lang="cs"),
    ) in graph
    # an organization reused by IRI is not described again
    assert (LORG["policie-cr"], RDFS.label, None) not in graph


def test_rows_and_columns_are_remembered() -> None:
    positions = read_csv(EXAMPLE).positions
    drug_out = str(LORG["drug-out-klub"])
    # the header is row 1; "O.s. Drug-Out Klub" is the 12th member, row 13
    assert positions.line_of(drug_out, str(ORG.classification)) == 13
    assert positions.column_of(drug_out, str(ORG.classification)) == "organization_type"


@pytest.mark.parametrize(
    ("name", "row", "column", "reason"),
    [
        ("bad-cell.invalid.csv", 3, "organization_type", "'sportovni-klub' is not a code"),
        ("empty-required-cell.invalid.csv", 2, "listed_name", "required and empty"),
        ("missing-column.invalid.csv", 1, None, "missing required columns: source_url"),
        ("malformed.invalid.csv", 2, None, "malformed CSV"),
    ],
)
def test_bad_csv_is_reported_by_row_and_column(
    graph: Graph, name: str, row: int, column: str | None, reason: str
) -> None:
    with pytest.raises(CsvError, match=reason) as caught:
        read_csv(CONTRIBUTIONS / name, vocabularies=graph)
    assert (caught.value.row, caught.value.column_name) == (row, column)


def test_codes_are_checked_only_against_known_vocabularies() -> None:
    graph = read_csv(CONTRIBUTIONS / "bad-cell.invalid.csv").graph
    assert (LORG["klub-kopretina"], ORG.classification, ORGTYPE["sportovni-klub"]) in graph


def test_non_utf8_csv(tmp_path: Path) -> None:
    path = tmp_path / "latin2.csv"
    path.write_bytes(
        "partnership,town,listed_name,source_url\nmost,most,Město,x\n".encode("cp1250")
    )
    with pytest.raises(ParseError, match="not UTF-8"):
        read_csv(path)


def test_csvw_metadata_describes_the_columns() -> None:
    import json

    metadata = json.loads((ROOT / "docs" / "contribution.csv-metadata.json").read_text("utf-8"))
    names = [c["name"] for c in metadata["tableSchema"]["columns"]]
    assert names == list(COLUMNS)
    assert [c["dc:description"] for c in metadata["tableSchema"]["columns"]] == list(
        COLUMNS.values()
    )


def test_a_source_url_with_a_line_break_is_a_bad_cell() -> None:
    path = FIXTURES / "hostile" / "newline-in-source-url.hostile.csv"
    with pytest.raises(CsvError, match="holds a space, a line break") as caught:
        read_csv(path)
    assert caught.value.column_name == "source_url"


def _rows(count: int) -> str:
    """A header and ``count`` rows, each a member of the Trmice partnership."""
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    header, town_row = lines[0], lines[2]  # row 3 is Město Trmice, a new organization
    body = [
        town_row.replace("Město Trmice,mesto-trmice", f"Spolek {i},spolek-{i}")
        for i in range(count)
    ]
    return "\n".join([header, *body]) + "\n"


def test_rows_up_to_the_limit_are_read_and_one_more_is_refused(tmp_path: Path) -> None:
    assert MAX_ROWS == 500
    path = tmp_path / "many.csv"
    path.write_text(_rows(500), encoding="utf-8")
    graph = read_csv(path).graph
    assert len(set(graph.subjects(RDF.type, ORG.Membership))) == 500
    path.write_text(_rows(501), encoding="utf-8")
    with pytest.raises(CsvError, match="more than 500 rows") as caught:
        read_csv(path)
    assert caught.value.row == 502  # the header is row 1


def test_a_20000_row_csv_is_refused(tmp_path: Path) -> None:
    """The issue's case: `import` took 35 s on it, `validate` more than 5 minutes."""
    path = tmp_path / "huge.csv"
    path.write_text(_rows(20_000), encoding="utf-8")
    with pytest.raises(CsvError, match="more than 500 rows"):
        read_csv(path)
