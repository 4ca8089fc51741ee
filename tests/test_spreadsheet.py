"""CSV for spreadsheets: cells that would run as formulas are neutralised (OWASP CSV Injection)."""

from __future__ import annotations

import csv
import io

import pytest

from lpkg.spreadsheet import csv_text, neutralise


@pytest.mark.parametrize(
    "cell, safe",
    [
        ("=1+1", "'=1+1"),
        ("+420 123", "'+420 123"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-", "'-"),
        ("- Most", "'- Most"),
        ("-1e", "'-1e"),
        ("Most k naději", "Most k naději"),
        ("Naděje - M", "Naděje - M"),
        ("a=b", "a=b"),
        ("'quoted", "'quoted"),
        ("", ""),
    ],
)
def test_formula_starts_get_a_quote(cell: str, safe: str) -> None:
    assert neutralise(cell) == safe


@pytest.mark.parametrize("number", ["-1", "+1", "-1.5", "+.5", "-3e2", "-2E-3", "11", "-0."])
def test_numbers_stay_numbers(number: str) -> None:
    assert neutralise(number) == number


def test_neutralised_cells_are_quoted_and_read_back_with_their_quote() -> None:
    rows = [["name", "score"], ['=HYPERLINK("http://x","y")', "-1"], ["a,b", 'say "hi"']]
    text = csv_text(rows)
    assert text == ('name,score\r\n"\'=HYPERLINK(""http://x"",""y"")",-1\r\n"a,b","say ""hi"""\r\n')
    assert list(csv.reader(io.StringIO(text, newline=""))) == [
        ["name", "score"],
        ['\'=HYPERLINK("http://x","y")', "-1"],
        ["a,b", 'say "hi"'],
    ]


def test_line_ends_and_a_row_of_one_empty_cell() -> None:
    assert csv_text([["x"], [""], ["y\nz"]], line_end="\n") == 'x\n""\n"y\nz"\n'
