"""SELECT results as a table or a spreadsheet-safe CSV with labels for people, or as SPARQL 1.1
CSV, TSV and JSON for machines. Every format heads the columns by
:meth:`~lpkg.queries.QueryResult.column_names` (a query's ``# heading`` lines)."""

from __future__ import annotations

import csv
import io
import json

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from .queries import QueryResult
from .spreadsheet import csv_text

FORMATS = ("table", "csv", "tsv", "json", "sparql-csv")


def render(result: QueryResult, fmt: str = "table", *, lang: str = "cs") -> str:
    """Render ``result`` in one of :data:`FORMATS`: ``csv`` is :func:`to_labelled_csv`,
    ``sparql-csv`` the plain SPARQL 1.1 CSV of :func:`to_csv`."""
    if fmt == "table":
        return to_table(result, lang=lang)
    if fmt == "csv":
        return to_labelled_csv(result, lang=lang)
    return {"sparql-csv": to_csv, "tsv": to_tsv, "json": to_json}[fmt](result)


def to_table(result: QueryResult, *, lang: str = "cs") -> str:
    """An aligned text table; IRIs are shown by their label in ``lang``."""
    header = result.column_names()
    body = [[_cell(result, row.get(v), lang) for v in result.variables] for row in result.rows]
    widths = [max([len(h), *(len(r[i]) for r in body)]) for i, h in enumerate(header)]
    lines = [
        "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in body]
    count = len(body)
    if lang == "cs":
        lines.append(
            f"({count} {'řádek' if count == 1 else 'řádky' if 2 <= count <= 4 else 'řádků'})"
        )
    else:
        lines.append(f"({count} row{'' if count == 1 else 's'})")
    return "\n".join(lines) + "\n"


def _cell(result: QueryResult, term: Node | None, lang: str) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return result.label(term, lang)
    return " ".join(str(term).split())


def to_labelled_csv(result: QueryResult, *, lang: str = "cs") -> str:
    """CSV for people and spreadsheets: the SPARQL 1.1 CSV columns, and beside each column that
    holds an IRI a column ``<name>Label`` with the IRI's label in ``lang`` (unless the query has a
    variable of that name already). Cells a spreadsheet would run as a formula get a quote in
    front (:mod:`lpkg.spreadsheet`), so this is not byte for byte SPARQL CSV: :func:`to_csv` is.
    """
    names = dict(zip(result.variables, result.column_names(), strict=True))
    labelled = {
        v
        for v in result.variables
        if f"{v}Label" not in result.variables
        and any(isinstance(row.get(v), URIRef) for row in result.rows)
    }
    header = [
        c for v in result.variables for c in ([v, f"{v}Label"] if v in labelled else [names[v]])
    ]
    rows: list[list[str]] = [header]
    for row in result.rows:
        cells = []
        for v in result.variables:
            term = row.get(v)
            cells.append(_csv_value(term))
            if v in labelled:
                cells.append(result.label(term, lang) if isinstance(term, URIRef) else "")
        rows.append(cells)
    return csv_text(rows)


def to_csv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results CSV: plain values, CRLF line ends. Values are written as they
    are, so a spreadsheet may run one as a formula: give people :func:`to_labelled_csv`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.column_names())
    for row in result.rows:
        writer.writerow([_csv_value(row.get(v)) for v in result.variables])
    return out.getvalue()


def _csv_value(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def to_tsv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results TSV: terms in Turtle syntax, ``?`` before variable names."""
    lines = ["\t".join(f"?{v}" for v in result.column_names())]
    for row in result.rows:
        lines.append("\t".join(_tsv_value(row.get(v)) for v in result.variables))
    return "\n".join(lines) + "\n"


def _tsv_value(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    assert isinstance(term, Literal)
    escaped = (
        str(term)
        .replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    if term.language:
        return f'"{escaped}"@{term.language}'
    if term.datatype:
        return f'"{escaped}"^^<{term.datatype}>'
    return f'"{escaped}"'


def to_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON."""
    names = result.column_names()
    bindings = [
        {
            name: _json_value(row[v])
            for v, name in zip(result.variables, names, strict=True)
            if row.get(v) is not None
        }
        for row in result.rows
    ]
    document = {"head": {"vars": names}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _json_value(term: Node | None) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    value = {"type": "literal", "value": str(term)}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype:
        value["datatype"] = str(term.datatype)
    return value
