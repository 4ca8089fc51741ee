"""The named queries' answers a release publishes: computed by pyoxigraph where that gives what
rdflib gives, in an order that does not depend on the engine.

rdflib evaluates a group of patterns as nested loops in the order written, which made the
queries most of ``lpkg build``'s time on larger data (19 s of 62 s at 10^4 triples, 107 s at
3·10^4; docs/benchmarks.md). Every named query gives the same rows on every store (tested), but
not always in the same order: rows that ``ORDER BY`` leaves tied come in the engine's order, and
a query without ``ORDER BY`` in any. So a release orders the rows itself: a query without
``ORDER BY`` by the rows' text, and the rows an ``ORDER BY`` of plain variables leaves tied by
their text too. A query ordered by variables it does not project (a sort key bound from a date)
is run with those variables projected as well, and they are dropped once the rows are in order;
that gives the same rows as long as each row has one value of them, which is checked where
the query keeps distinct rows (without ``DISTINCT`` a second value repeats the row anyway). rdflib
answers a query whose order this cannot settle (sorted by an expression, or by a variable with
several values for one row), and one whose answer holds blank nodes (their labels are the
release's own, which a store loaded from the graph would not keep).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import replace

from rdflib import BNode, Graph

from ..errors import QuerySyntaxError
from ..queries import NamedQuery, QueryResult, run_query
from ..store import OxigraphStore
from .dumps import canonical_graph

_ORDER_BY = re.compile(r"\bORDER\s+BY\b(?P<keys>[^{}]*?)\s*(?:LIMIT\b|OFFSET\b|$)", re.I)
_KEY = re.compile(r"(?:ASC|DESC)?\s*\(\s*\?(\w+)\s*\)|\?(\w+)", re.I)
_GROUPED = re.compile(r"\bGROUP\s+BY\b|\b(COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT)\s*\(", re.I)
_COMMENT_OR_KEPT = re.compile(r"<[^<>\s]*>|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|#[^\n]*")


def release_answers(
    queries: Sequence[NamedQuery], asserted: Graph, derived: Graph
) -> list[tuple[NamedQuery, QueryResult]]:
    """Each query's answer on ``asserted`` (with ``derived``, what the rules derive from it,
    for those that need inference), its rows in the release's order (:func:`in_release_order`)."""
    sources = _Sources(asserted, derived)
    answers = []
    for query in queries:
        inferred = query.requires_inference
        keys = order_keys(query.text)
        result = None if keys is None else _on_store(query, sources.store(inferred), keys)
        if result is None:
            result = run_query(query, sources.graph(inferred))  # rdflib's order, as it is
        answers.append((query, result))
    return answers


class _Sources:
    """What the answers are read from, each made when first needed: pyoxigraph stores, and
    for the answers rdflib gives, copies of the graphs with the release's blank node labels
    (:func:`lpkg.publish.dumps.canonical_graph`)."""

    def __init__(self, asserted: Graph, derived: Graph) -> None:
        self.asserted = asserted
        self.derived = derived
        self.stores: dict[bool, OxigraphStore] = {}
        self.graphs: dict[bool, Graph] = {}

    def store(self, inferred: bool) -> OxigraphStore:
        if inferred not in self.stores:
            store = OxigraphStore()
            if inferred:
                store.store.bulk_extend(self.store(False).store)
                store.add_graph(self.derived, None)
            else:
                store.add_graph(self.asserted, None)
            self.stores[inferred] = store
        return self.stores[inferred]

    def graph(self, inferred: bool) -> Graph:
        if inferred not in self.graphs:
            graph = self.asserted + self.derived if inferred else self.asserted
            self.graphs[inferred] = canonical_graph(graph)
        return self.graphs[inferred]


def _on_store(query: NamedQuery, store: OxigraphStore, keys: list[str]) -> QueryResult | None:
    """``query``'s answer from ``store`` in the release's order; None where it cannot be
    (blank nodes in the answer, or sort keys with more than one value for a row)."""
    shown = projected(query.text)
    hidden = [k for k in keys if k not in shown]
    if hidden:
        extended = with_projected(query.text, hidden)
        if extended is None:
            return None
        try:
            result = run_query(replace(query, text=extended), store)
        except QuerySyntaxError:
            return None
        result = in_release_order(result, keys)
        result.variables = [v for v in result.variables if v not in hidden]
        result.rows = [{v: row.get(v) for v in result.variables} for row in result.rows]
        if len({_text(result, row) for row in result.rows}) < len(result.rows) and re.search(
            r"\bSELECT\s+(DISTINCT|REDUCED)\b", _without_comments(query.text), re.I
        ):
            return None  # one row per value of a hidden key, where the query keeps one
    else:
        result = in_release_order(run_query(query, store), keys)
    return None if _has_blank_nodes(result) else result


def with_projected(text: str, names: Sequence[str]) -> str | None:
    """The query ``text`` with the variables ``names`` added to what its ``SELECT`` projects;
    None for ``SELECT *`` (which projects them already if they are in scope) and for a query
    that groups or aggregates its rows (where they would have to be grouped by too).

    >>> with_projected("SELECT DISTINCT ?a WHERE { ?a ?b ?c } ORDER BY ?c", ["c"])
    'SELECT DISTINCT ?a ?c WHERE { ?a ?b ?c } ORDER BY ?c'
    """
    bare = _without_comments(text)
    found = re.search(r"\bSELECT\b(.*?)(?=\bWHERE\b|\{)", bare, re.I | re.S)
    if found is None or "*" in found[1] or _GROUPED.search(bare):
        return None
    clause = found[1].rstrip()
    added = "".join(f" ?{name}" for name in names)
    return bare[: found.start(1)] + clause + added + bare[found.start(1) + len(clause) :]


def order_keys(text: str) -> list[str] | None:
    """The variables the query ``text`` is ordered by: ``[]`` without ``ORDER BY``, None where
    it orders by anything other than plain variables (an expression)."""
    found = _ORDER_BY.search(_without_comments(text))
    if found is None:
        return []
    keys = found["keys"]
    if _KEY.sub("", keys).strip():
        return None
    return [a or b for a, b in _KEY.findall(keys)]


def projected(text: str) -> set[str]:
    """The variables the query ``text`` projects: those its ``SELECT`` names, alone or after
    ``AS`` (none for ``SELECT *``)."""
    found = re.search(r"\bSELECT\b(.*?)(?:\bWHERE\b|\{)", _without_comments(text), re.I | re.S)
    if found is None:
        return set()
    names: set[str] = set()
    depth, group = 0, ""
    for part in re.split(r"([()])", found[1]):
        if part == "(":
            depth += 1
        elif part == ")":
            depth -= 1
        if depth == 0:
            names.update(re.findall(r"\?(\w+)", part) if part not in "()" else ())
            alias = re.search(r"\bAS\s+\?(\w+)\s*$", group, re.I)
            if part == ")" and alias:
                names.add(alias[1])
            group = ""
        else:
            group += part
    return names


def in_release_order(result: QueryResult, keys: list[str] | None) -> QueryResult:
    """``result`` with its rows in the release's order: ordered by their text where the query
    has no ``ORDER BY`` (``keys`` empty), and within each run of rows equal on ``keys`` (which
    the engine's ``ORDER BY`` leaves in its own order); as they are where ``keys`` is None."""
    if keys is None:
        return result
    if not keys:
        result.rows.sort(key=lambda row: _text(result, row))
        return result
    rows: list[dict] = []
    tied: list[dict] = []
    for row in result.rows:
        if tied and any(row.get(k) != tied[0].get(k) for k in keys):
            rows += sorted(tied, key=lambda r: _text(result, r))
            tied = []
        tied.append(row)
    result.rows = rows + sorted(tied, key=lambda r: _text(result, r))
    return result


def _without_comments(text: str) -> str:
    """``text`` without its comments: a ``#`` outside IRIs and strings to the end of the line."""
    return _COMMENT_OR_KEPT.sub(lambda m: "" if m[0].startswith("#") else m[0], text)


def _text(result: QueryResult, row: dict) -> str:
    return json.dumps([str(row.get(v)) for v in result.variables], ensure_ascii=False)


def _has_blank_nodes(result: QueryResult) -> bool:
    return any(isinstance(value, BNode) for row in result.rows for value in row.values())
