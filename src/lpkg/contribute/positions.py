"""Where in a Turtle or TriG file each subject, and each of its properties, is written."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib.namespace import RDF

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<iri><[^>\s]*>)
  | (?P<long>\"\"\"(?:[^\\]|\\.)*?\"\"\"|'''(?:[^\\]|\\.)*?''')
  | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<punct>[;,\[\](){}]|\^\^)
  | (?P<word>[^\s<>"';,\[\](){}#]+)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass
class Positions:
    """Where the statements of a contributed file are written: for Turtle the line (1-based) where
    each subject's statement starts, where each of its predicates is written and where each IRI
    first appears; for CSV the row, and the column that gave each property."""

    path: Path
    subjects: dict[str, int] = field(default_factory=dict)
    predicates: dict[tuple[str, str], int] = field(default_factory=dict)
    mentions: dict[str, int] = field(default_factory=dict)
    columns: dict[tuple[str, str], str] = field(default_factory=dict)

    def line_of(self, subject: str, predicate: str | None = None) -> int | None:
        """The line of ``subject``'s ``predicate``, else of ``subject``, else of any mention."""
        if predicate is not None and (subject, predicate) in self.predicates:
            return self.predicates[(subject, predicate)]
        return self.subjects.get(subject, self.mentions.get(subject))

    def column_of(self, subject: str, predicate: str | None = None) -> str | None:
        """The CSV column that gave ``subject``'s ``predicate``, if the file is a CSV."""
        return self.columns.get((subject, predicate or ""))


def turtle_positions(path: Path, text: str) -> Positions:
    """Scan ``text`` (a Turtle or TriG file that has already parsed) for the lines of its
    terms.

    >>> text = '@prefix ex: <https://e/> .\\nex:a a ex:C ;\\n  ex:p 1 .'
    >>> p = turtle_positions(Path("x.ttl"), text)
    >>> p.subjects["https://e/a"], p.predicates[("https://e/a", "https://e/p")]
    (2, 3)
    >>> p = turtle_positions(Path("x.trig"), '@prefix ex: <https://e/> .\\nex:g {\\n ex:a a ex:C }')
    >>> p.subjects["https://e/a"]
    3
    """
    positions = Positions(path)
    prefixes: dict[str, str] = {}
    tokens = _tokens(text)
    # state per nesting level: the subject IRI (None inside blank nodes) and what comes next
    stack: list[tuple[str | None, str]] = [(None, "subject")]
    subject: str | None = None
    new_subject: str | None = None
    """A subject seen for the first time just now (it may turn out to name a graph)."""
    index = 0
    while index < len(tokens):
        kind, value, line = tokens[index]
        index += 1
        if kind == "word" and value.lower() in ("@prefix", "prefix"):
            name, iri = tokens[index][1], tokens[index + 1][1]
            prefixes[name.rstrip(":")] = iri[1:-1]
            index += 2 + (index + 2 < len(tokens) and tokens[index + 2][1] == ".")
            continue
        if kind == "word" and value.lower() in ("@base", "base"):
            index += 1 + (index + 1 < len(tokens) and tokens[index + 1][1] == ".")
            continue
        subject, expect = stack[-1]
        if kind == "word" and value.upper() == "GRAPH" and expect == "subject":
            continue
        if value in ("{", "}"):
            # a TriG graph: a term just before "{" was the graph's name, not a subject
            if value == "{" and expect == "predicate" and new_subject is not None:
                del positions.subjects[new_subject]
            stack[-1] = (None, "subject")
            continue
        new_subject = None
        if value == "[":
            stack.append((None, "predicate"))
            continue
        if value == "]":
            stack.pop()
            stack[-1] = (stack[-1][0], "object-done")
            continue
        if value in ("(", ")", "^^"):
            continue
        if value == ";":
            stack[-1] = (subject, "predicate")
            continue
        if value == ",":
            stack[-1] = (subject, "object")
            continue
        if value == "." and len(stack) == 1:
            stack[-1] = (None, "subject")
            continue
        iri = _expand(kind, value, prefixes)
        if iri is not None:
            positions.mentions.setdefault(iri, line)
        if expect == "subject":
            if iri is not None and iri not in positions.subjects:
                positions.subjects[iri] = line
                new_subject = iri
            stack[-1] = (iri, "predicate")
        elif expect == "predicate":
            if subject is not None and iri is not None:
                positions.predicates.setdefault((subject, iri), line)
            stack[-1] = (subject, "object")
    return positions


def _tokens(text: str) -> list[tuple[str, str, int]]:
    tokens = []
    line = 1
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or ""
        value = match.group()
        if kind not in ("ws", "comment"):
            if kind == "word" and value.endswith(".") and value != ".":
                tokens.append((kind, value[:-1], line))
                tokens.append(("word", ".", line))
            else:
                tokens.append((kind, value, line))
        line += value.count("\n")
    return tokens


def _expand(kind: str, value: str, prefixes: dict[str, str]) -> str | None:
    if kind == "iri":
        return value[1:-1]
    if kind != "word":
        return None
    if value == "a":
        return str(RDF.type)
    prefix, sep, local = value.partition(":")
    if sep and prefix in prefixes and not value.startswith("_:"):
        return prefixes[prefix] + local
    return None
