"""The triple patterns of SHACL-SPARQL queries, kept in a file from one process to the next.

Incremental validation reads each query's patterns (:func:`compiler._pattern_edges`), which
means parsing it with rdflib: about 60 ms a query, 0.65 s for the shapes' eleven in every
``lpkg validate FILE`` and ``lpkg add``, more than the check itself takes against a store on
disk of 10^6 triples (docs/benchmarks.md). A store on disk keeps them beside itself
(``PATH.patterns.json``) under the digest of the query's text, for the compiler's source as it
is: an lpkg whose compiler reads patterns otherwise reads them anew.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from pathlib import Path

from rdflib.term import Node, Variable
from rdflib.util import from_n3

from .compiler import _Edge, _pattern_edges

_FORMAT = "lpkg patterns 1"


class KeptPatterns:
    """:func:`_pattern_edges` with its answers kept in the JSON file ``path``.

    A file that cannot be read (missing, damaged, written for another compiler) counts as
    empty; one that cannot be written is left as it is: keeping saves time, never changes an
    answer."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._found: dict[str, list] = self._read()
        self._changed = False

    @classmethod
    def beside(cls, store: Path) -> KeptPatterns:
        """The patterns kept beside the store at ``store``."""
        return cls(store.with_name(f"{store.name}.patterns.json"))

    def edges(self, query: str) -> tuple[_Edge, ...]:
        """The triple patterns of ``query`` (:func:`_pattern_edges`), from the file if there."""
        key = hashlib.sha256(query.encode()).hexdigest()
        if key in self._found:
            try:
                return tuple(_edge(e) for e in self._found[key])
            except (TypeError, ValueError, IndexError, KeyError):
                pass  # a damaged entry: read the query again
        edges = _pattern_edges(query)
        self._found[key] = [[_encoded(t) for t in edge] for edge in edges]
        self._changed = True
        return edges

    def save(self) -> None:
        """Write the file (replaced at once) if a query was read anew."""
        if not self._changed or _source() is None:
            return
        temporary = self.path.with_name(self.path.name + ".tmp")
        content = {"format": _FORMAT, "source": _source(), "patterns": self._found}
        try:
            temporary.write_text(json.dumps(content, sort_keys=True), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError:
            return  # a folder lpkg may not write in: the next run reads the queries again
        self._changed = False

    def _read(self) -> dict[str, list]:
        try:
            content = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(content, dict) or not isinstance(content.get("patterns"), dict):
            return {}
        if (content.get("format"), content.get("source")) != (_FORMAT, _source()):
            return {}
        return content["patterns"]


@cache
def _source() -> str | None:
    """The digest of the compiler's source, which decides what a query's patterns are; None
    where it cannot be read (nothing is kept then)."""
    try:
        return hashlib.sha256(Path(__file__).with_name("compiler.py").read_bytes()).hexdigest()
    except OSError:
        return None


def _encoded(item: object) -> object:
    """An edge's item in JSON: a term as N3 (a variable ``?name``), a scoped variable (a term
    with its scope) as a list, a flag or None as it is."""
    if isinstance(item, tuple):
        return [_encoded(item[0]), list(item[1])]
    if isinstance(item, Node):
        return item.n3()
    return item


def _edge(items: list) -> _Edge:
    a, p, b, repeated, required = items
    if not isinstance(repeated, bool | None) or not isinstance(required, bool):
        raise ValueError("not an edge")
    return (_node(a), None if p is None else _term(p), _node(b), repeated, required)


def _node(item: object) -> Node:
    if isinstance(item, list):
        term, scope = item
        return (_term(term), tuple(int(i) for i in scope))  # type: ignore[return-value]
    return _term(item)


def _term(item: object) -> Node:
    if not isinstance(item, str):
        raise ValueError("not a term")
    return Variable(item[1:]) if item.startswith("?") else from_n3(item)
