"""The named queries' answers a release publishes: computed by pyoxigraph where that gives what
rdflib gives, in an order that does not depend on the engine.

rdflib evaluates a group of patterns as nested loops in the order written, which made the
queries most of ``lpkg build``'s time on larger data (19 s of 62 s at 10^4 triples, 107 s at
3·10^4; docs/benchmarks.md). Every named query gives the same rows on every store (tested), but
not always in the same order: rows that ``ORDER BY`` leaves tied come in the engine's order, and
a query without ``ORDER BY`` in any. So a release orders the rows itself: a query without
``ORDER BY`` by the rows' text, and the rows an ``ORDER BY`` of plain variables leaves tied by
their text too. rdflib answers a query whose order this cannot settle (sorted by something it
does not project, or by an expression), and one whose answer holds blank nodes (their labels
are the release's own, which a store loaded from the graph would not keep).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from rdflib import BNode, Graph

from ..queries import NamedQuery, QueryResult, run_query
from ..store import OxigraphStore

_ORDER_BY = re.compile(r"\bORDER\s+BY\b(?P<keys>[^{}]*?)\s*(?:LIMIT\b|OFFSET\b|$)", re.I)
_KEY = re.compile(r"(?:ASC|DESC)?\s*\(\s*\?(\w+)\s*\)|\?(\w+)", re.I)
_COMMENT_OR_KEPT = re.compile(r"<[^<>\s]*>|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|#[^\n]*")


def release_answers(
    queries: Sequence[NamedQuery], asserted: Graph, closure: Graph
) -> list[tuple[NamedQuery, QueryResult]]:
    """Each query's answer on ``asserted`` (``closure`` for those that need inference), its
    rows in the release's order (:func:`in_release_order`)."""
    stores: dict[int, OxigraphStore] = {}

    def store_of(graph: Graph) -> OxigraphStore:
        if id(graph) not in stores:
            stores[id(graph)] = OxigraphStore()
            stores[id(graph)].add_graph(graph, None)
        return stores[id(graph)]

    answers = []
    for query in queries:
        graph = closure if query.requires_inference else asserted
        keys = order_keys(query.text)
        if keys is not None and not set(keys) <= projected(query.text):
            keys = None  # the rows do not say which of them the ORDER BY leaves tied
        result = run_query(query, graph if keys is None else store_of(graph))
        if keys is not None and _has_blank_nodes(result):
            result = run_query(query, graph)
        answers.append((query, in_release_order(result, keys)))
    return answers


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
