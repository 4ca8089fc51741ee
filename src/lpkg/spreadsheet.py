"""CSV that a spreadsheet opens without running anything in it (OWASP "CSV Injection").

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula to
Excel, LibreOffice and Google Sheets, and a formula can fetch URLs or run commands. Names and
labels come from contributors, so every CSV lpkg writes for people goes through :func:`csv_text`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A whole cell that is a number ("-1", "+2.5", "-3e2") is read as that number, not as a formula;
# a quote in front would turn it into text, so it stays as it is.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_NEEDS_QUOTES = re.compile('[,"\r\n]')


def neutralise(cell: str) -> str:
    """``cell`` with a single quote in front if a spreadsheet would take it for a formula.

    >>> neutralise("=HYPERLINK(\\"http://x\\")"), neutralise("-1"), neutralise("Most")
    ('\\'=HYPERLINK("http://x")', '-1', 'Most')
    """
    if cell.startswith(_FORMULA_START) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def csv_text(rows: Iterable[Sequence[str]], *, line_end: str = "\r\n") -> str:
    """Rows as CSV (RFC 4180 quoting), each cell through :func:`neutralise`; a neutralised cell is
    always quoted, as OWASP advises, so that the quote is plainly part of the value."""
    return "".join(",".join(_field(cell, len(row)) for cell in row) + line_end for row in rows)


def _field(cell: str, width: int) -> str:
    safe = neutralise(cell)
    if safe != cell or _NEEDS_QUOTES.search(cell) or (width == 1 and not cell):
        # (a row of one empty cell would be a blank line, which readers skip)
        return '"' + safe.replace('"', '""') + '"'
    return safe
