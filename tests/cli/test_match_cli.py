"""``lpkg match``: names on the command line, CSV in and out, unusable input."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from lpkg.cli import main
from tests import FIXTURES, ROOT

LORG = "https://w3id.org/lpkg/id/organization/"
MATCH = FIXTURES / "match"


def invoke(*args: str):
    return CliRunner().invoke(main, ["--root", str(ROOT), "match", *args])


def test_names_print_candidates_or_no_match() -> None:
    result = invoke("Most k naději, z. s.", "ÚP v Mostě", "Městská policie Trmice")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Most k naději, z. s."
    assert lines[1].split() == ["100.0", "lorg:most-k-nadeji", "Most", "k", "naději"]
    assert "legal form" in lines[2]
    assert lines[3] == "ÚP v Mostě"
    assert "lorg:urad-prace-cr-most" in lines[4] and "(unit of lorg:urad-prace-cr" in lines[4]
    assert "abbreviation ÚP = úřad práce" in lines[5]
    assert lines[6:] == ["Městská policie Trmice", "  no match"]


def test_trmice_members_are_found_and_other_towns_not() -> None:
    result = invoke("ZŠ v Trmicích", "ZŠ Tršice", "Úřad práce Ústí nad Labem", "Městská Policie")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "ZŠ v Trmicích" and "lorg:zs-trmice" in lines[1]
    assert lines[3:5] == ["ZŠ Tršice", "  no match"]
    assert lines[5] == "Úřad práce Ústí nad Labem"
    assert "lorg:urad-prace-cr-usti-nad-labem" in lines[6]
    # the district labour office of 2010, under no parent: no source makes it a workplace of
    # the Labour Office of the Czech Republic (created 2011)
    assert "unit of" not in lines[6]
    assert "listed as „Úřad práce Ústí nad Labem“ in Trmice" in lines[7]
    assert lines[-2:] == ["Městská Policie", "  no match"]


def test_lang_en_shows_english_labels() -> None:
    result = invoke("--lang", "en", "MP Most")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1].endswith("Most Municipal Police")


def test_csv_to_output_file(tmp_path: Path) -> None:
    out = tmp_path / "matched.csv"
    result = invoke("--csv", str(MATCH / "names.valid.csv"), "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert list(rows[0]) == ["name", "iri", "label", "score", "reason", "parent"]
    assert [(r["name"], r["iri"], r["parent"]) for r in rows] == [
        ("Most k naději o.s.", LORG + "most-k-nadeji", ""),
        ("Městská policie Trmice", "", ""),
        ("ÚP v Litvínově", LORG + "urad-prace-cr-litvinov", LORG + "urad-prace-cr"),
    ]
    assert rows[0]["score"] == "100" and rows[1]["reason"] == "no match"


def test_csv_to_stdout() -> None:
    result = invoke("--csv", str(MATCH / "names.valid.csv"), "--limit", "1")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == 3 and rows[2]["label"] == "Úřad práce ČR – pracoviště Litvínov"


def test_csv_neutralises_formulas_in_the_names() -> None:
    result = invoke("--csv", str(MATCH / "formulas.valid.csv"), "--limit", "1")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1] == '"\'=HYPERLINK(""http://example.org"")",,,,no match,'
    assert lines[2].startswith(f'"\'@Most k naději",{LORG}most-k-nadeji,Most k naději,')


@pytest.mark.parametrize(
    "fixture, message",
    [
        ("no-name-column.invalid.csv", "line 1: no column 'name' (the columns are: 'organization'"),
        ("empty-name.invalid.csv", "line 3, column 'name': the name is empty"),
        ("latin2.invalid.csv", "line 2: the file is not UTF-8 text"),
        ("missing.invalid.csv", "no such file"),
    ],
)
def test_unusable_csv_exits_2(fixture: str, message: str) -> None:
    result = invoke("--csv", str(MATCH / fixture))
    assert result.exit_code == 2
    assert message in result.output


@pytest.mark.parametrize(
    "args, message",
    [
        ((), "No names"),
        (("",), "The name is empty"),
        (("-o", "x.csv", "Most"), "needs --csv"),
    ],
)
def test_unusable_arguments_exit_2(args: tuple[str, ...], message: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert message in result.output


def test_help_explains() -> None:
    result = CliRunner().invoke(main, ["match", "--help"])
    assert result.exit_code == 0
    assert "--csv" in result.output and "Exit codes" in result.output
    assert "Most k naději" in result.output
