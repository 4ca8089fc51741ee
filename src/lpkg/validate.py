"""Validate a graph against the project's SHACL shapes and describe the results."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from .labels import display, label_of
from .load import load_shapes, new_graph

log = logging.getLogger(__name__)

SEVERITY_NAMES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass(frozen=True)
class ValidationResult:
    """One ``sh:ValidationResult``, with the labels a person needs to act on it."""

    focus: Node
    focus_label: str
    path: Node | None
    value: Node | None
    component: URIRef
    source_shape: Node
    severity: URIRef
    messages: dict[str, str] = field(default_factory=dict)
    file: Path | None = None
    line: int | None = None
    column: str | None = None
    """For a CSV contribution: the column (the line is then the row)."""

    @property
    def location(self) -> str:
        """Where the statement at fault is written: ``file:line`` or ``file, row R, column C``."""
        if self.file is None:
            return ""
        if self.column is not None:
            return f"{self.file}, row {self.line}, column {self.column}"
        return f"{self.file}:{self.line}" if self.line is not None else str(self.file)

    @property
    def severity_name(self) -> str:
        return SEVERITY_NAMES.get(self.severity, str(self.severity))

    def message(self, lang: str = "en") -> str:
        """The message in ``lang``, else in English, else any message there is."""
        for key in (lang, "en", ""):
            if key in self.messages:
                return self.messages[key]
        return next(iter(self.messages.values()), "")


@dataclass
class ValidationReport:
    """What validation found; ``conforms`` is false only when a result is a violation."""

    results: list[ValidationResult]
    data_graph: Graph

    @property
    def conforms(self) -> bool:
        return not any(r.severity == SH.Violation for r in self.results)

    def count(self, severity: URIRef) -> int:
        return sum(1 for r in self.results if r.severity == severity)

    def to_text(self, lang: str = "en") -> str:
        """A report for people: one paragraph per result, focus nodes by label."""
        violations, warnings = self.count(SH.Violation), self.count(SH.Warning)
        if lang == "cs":
            head = "Data odpovídají tvarům." if self.conforms else "Data neodpovídají tvarům."
            head += f" Porušení: {violations}, varování: {warnings}."
        else:
            head = (
                "The data conforms to the shapes."
                if self.conforms
                else ("The data does not conform to the shapes.")
            )
            head += f" Violations: {violations}, warnings: {warnings}."
        paragraphs = [head]
        for r in self.results:
            where = f"{r.location}: " if r.location else ""
            lines = [f"{where}{r.severity_name}: {r.focus_label} ({display(r.focus)})"]
            if r.path is not None:
                lines.append(f"  {'vlastnost' if lang == 'cs' else 'property'}: {display(r.path)}")
            if r.value is not None:
                lines.append(f"  {'hodnota' if lang == 'cs' else 'value'}: {display(r.value)}")
            lines.append(f"  {r.message(lang)}")
            paragraphs.append("\n".join(lines))
        return "\n\n".join(paragraphs) + "\n"

    def to_json(self, lang: str = "en") -> str:
        """The results as JSON for machines."""
        return json.dumps(
            {
                "conforms": self.conforms,
                "results": [
                    {
                        "severity": r.severity_name,
                        "focusNode": _json_term(r.focus),
                        "focusLabel": r.focus_label,
                        "resultPath": _json_term(r.path),
                        "value": _json_term(r.value),
                        "constraintComponent": str(r.component),
                        "sourceShape": _json_term(r.source_shape),
                        "message": r.message(lang),
                        "messages": r.messages,
                        "file": str(r.file) if r.file else None,
                        "line": r.line,
                        "column": r.column,
                    }
                    for r in self.results
                ],
            },
            ensure_ascii=False,
            indent=2,
        )

    def to_github(self, lang: str = "en") -> str:
        """GitHub workflow commands, one annotation per result."""
        commands = []
        for r in self.results:
            level = {SH.Violation: "error", SH.Warning: "warning"}.get(r.severity, "notice")
            where = [f"file={r.file}"] if r.file else []
            if r.line is not None:
                where.append(f"line={r.line}")
            text = f"{r.focus_label} ({display(r.focus)})"
            if r.path is not None:
                text += f" {display(r.path)}"
            text = _escape_github(f"{text}: {r.message(lang)}")
            commands.append(f"::{level} {','.join(where)}::{text}".replace(" ::", "::"))
        return "\n".join(commands) + ("\n" if commands else "")

    def to_turtle(self) -> str:
        """The results as a SHACL validation report in Turtle."""
        report = new_graph()
        report.bind("sh", SH)
        node = BNode("report")
        report.add((node, RDF.type, SH.ValidationReport))
        report.add((node, SH.conforms, Literal(self.conforms)))
        for index, r in enumerate(self.results):
            result = BNode(f"result{index}")
            report.add((node, SH.result, result))
            report.add((result, RDF.type, SH.ValidationResult))
            report.add((result, SH.focusNode, r.focus))
            report.add((result, SH.resultSeverity, r.severity))
            report.add((result, SH.sourceConstraintComponent, r.component))
            for prop, value in (
                (SH.resultPath, r.path),
                (SH.value, r.value),
                (SH.sourceShape, r.source_shape),
            ):
                if value is not None:
                    report.add((result, prop, value))
            for lang, message in r.messages.items():
                report.add((result, SH.resultMessage, Literal(message, lang=lang or None)))
        return report.serialize(format="turtle")


def _escape_github(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _json_term(term: Node | None) -> str | None:
    if term is None:
        return None
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def validate(
    data: Graph,
    shapes: Graph | None = None,
    *,
    root: Path | str | None = None,
    engine: str = "pyshacl",
) -> ValidationReport:
    """Validate ``data`` against ``shapes`` (the project's shapes if not given).

    Both graphs are passed to pySHACL as graphs, never as paths, so SHACL-SPARQL cannot read files.
    ``engine="sparql"`` runs the shapes compiled to SPARQL on pyoxigraph (lpkg.shacl_sparql),
    which gives pySHACL's report.
    """
    if shapes is None:
        shapes = load_shapes(root)
    if engine == "sparql":
        from .shacl_sparql import validate_graph

        _, report_graph, _ = validate_graph(data, shapes)
    else:
        _, report_graph, _ = _pyshacl(data, shapes, advanced=True)
    return ValidationReport(_results(report_graph, data), data)


def meta_validate(shapes: Graph) -> ValidationReport:
    """Validate a shapes graph against SHACL for SHACL."""
    from pyshacl.entrypoints import meta_validate as shacl_meta_validate

    _silence_pyshacl()
    _, report_graph, _ = shacl_meta_validate(shapes, inference="rdfs")
    return ValidationReport(_results(report_graph, shapes), shapes)


def _silence_pyshacl() -> None:
    # pySHACL attaches its own stderr handler on every call; lpkg reports through its own model.
    logging.getLogger("pyshacl-validate").disabled = True


def _pyshacl(data: Graph, shapes: Graph, *, advanced: bool) -> tuple[bool, Graph, str]:
    import pyshacl

    _silence_pyshacl()
    with _parse_each_query_once():
        return pyshacl.validate(
            data,
            shacl_graph=shapes,
            inference="none",
            advanced=advanced,
            allow_warnings=True,
            do_owl_imports=False,
        )


_PREPARED: dict[tuple[object, ...], Query] = {}


@contextmanager
def _parse_each_query_once() -> Iterator[None]:
    """Parse each SHACL-SPARQL query once instead of once per focus node.

    pySHACL gives rdflib the query text for every focus node, and rdflib parses it anew each time
    (20-40 ms a parse: most of the time validation takes). Reusing the translated query is what
    rdflib's own ``prepareQuery`` does, so the answers are the same.
    """
    from rdflib.plugins.sparql import processor
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    original = processor.SPARQLProcessor.query

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((initNs or {}).items())))
            if key not in _PREPARED:
                _PREPARED[key] = translateQuery(parseQuery(strOrQuery), base, initNs)
            strOrQuery = _PREPARED[key]
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    processor.SPARQLProcessor.query = query
    try:
        yield
    finally:
        processor.SPARQLProcessor.query = original


def _results(report: Graph, data: Graph) -> list[ValidationResult]:
    results: dict[tuple[object, ...], ValidationResult] = {}
    # only the results the report lists; nested sh:detail results describe a value, not a finding
    for node in report.objects(None, SH.result):
        result = _result(report, node, data)
        # two shapes may say the same thing about the same statement; a person needs it once
        key = (
            result.focus,
            result.path,
            result.value,
            result.component,
            result.severity,
            tuple(sorted(result.messages.items())),
        )
        if key not in results or str(result.source_shape) < str(results[key].source_shape):
            results[key] = result
    severity_order = {SH.Violation: 0, SH.Warning: 1, SH.Info: 2}
    return sorted(
        results.values(),
        key=lambda r: (
            severity_order.get(r.severity, 3),
            r.focus_label,
            str(r.focus),
            str(r.path),
            str(r.component),
        ),
    )


def _result(report: Graph, node: Node, data: Graph) -> ValidationResult:
    focus = report.value(node, SH.focusNode)
    value = report.value(node, SH.value)
    messages: dict[str, str] = {}
    for message in report.objects(node, SH.resultMessage):
        if isinstance(message, Literal):
            messages.setdefault(message.language or "", str(message))
    return ValidationResult(
        focus=focus,
        focus_label=label_of(data, focus) if focus is not None else "",
        path=_path(report, report.value(node, SH.resultPath), focus, value, data),
        value=value,
        component=report.value(node, SH.sourceConstraintComponent),
        source_shape=report.value(node, SH.sourceShape),
        severity=report.value(node, SH.resultSeverity),
        messages=messages,
    )


def _path(
    report: Graph, path: Node | None, focus: Node | None, value: Node | None, data: Graph
) -> Node | None:
    # A blank-node path is shown as the property it names: an inverse path's property, or the
    # alternative that links the focus to the value.
    if isinstance(path, BNode):
        alternatives = report.value(path, SH.alternativePath)
        if alternatives is not None:
            for prop in Collection(report, alternatives):
                if (focus, prop, value) in data:
                    return prop
        return report.value(path, SH.inversePath) or path
    return path
