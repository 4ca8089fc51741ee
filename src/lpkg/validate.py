"""Validate a graph against the project's SHACL shapes and describe the results."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from .labels import display, label_of
from .load import load_shapes

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
    report_graph: Graph
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
            lines = [f"{r.severity_name}: {r.focus_label} ({display(r.focus)})"]
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
                    }
                    for r in self.results
                ],
            },
            ensure_ascii=False,
            indent=2,
        )

    def to_turtle(self) -> str:
        """The SHACL validation report graph as Turtle."""
        return self.report_graph.serialize(format="turtle")


def _json_term(term: Node | None) -> str | None:
    if term is None:
        return None
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def validate(
    data: Graph, shapes: Graph | None = None, *, root: Path | str | None = None
) -> ValidationReport:
    """Validate ``data`` against ``shapes`` (the project's shapes if not given).

    Both graphs are passed to pySHACL as graphs, never as paths, so SHACL-SPARQL cannot read files.
    """
    if shapes is None:
        shapes = load_shapes(root)
    _, report_graph, _ = _pyshacl(data, shapes, advanced=True)
    return ValidationReport(_results(report_graph, data), report_graph, data)


def meta_validate(shapes: Graph) -> ValidationReport:
    """Validate a shapes graph against SHACL for SHACL."""
    from pyshacl.entrypoints import meta_validate as shacl_meta_validate

    _silence_pyshacl()
    _, report_graph, _ = shacl_meta_validate(shapes, inference="rdfs")
    return ValidationReport(_results(report_graph, shapes), report_graph, shapes)


def _silence_pyshacl() -> None:
    # pySHACL attaches its own stderr handler on every call; lpkg reports through its own model.
    logging.getLogger("pyshacl-validate").disabled = True


def _pyshacl(data: Graph, shapes: Graph, *, advanced: bool) -> tuple[bool, Graph, str]:
    import pyshacl

    _silence_pyshacl()
    return pyshacl.validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=advanced,
        allow_warnings=True,
        do_owl_imports=False,
    )


def _results(report: Graph, data: Graph) -> list[ValidationResult]:
    results = [
        _result(report, node, data) for node in report.subjects(RDF.type, SH.ValidationResult)
    ]
    severity_order = {SH.Violation: 0, SH.Warning: 1, SH.Info: 2}
    return sorted(
        results,
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
    messages: dict[str, str] = {}
    for message in report.objects(node, SH.resultMessage):
        if isinstance(message, Literal):
            messages.setdefault(message.language or "", str(message))
    return ValidationResult(
        focus=focus,
        focus_label=label_of(data, focus) if focus is not None else "",
        path=_path(report, report.value(node, SH.resultPath)),
        value=report.value(node, SH.value),
        component=report.value(node, SH.sourceConstraintComponent),
        source_shape=report.value(node, SH.sourceShape),
        severity=report.value(node, SH.resultSeverity),
        messages=messages,
    )


def _path(report: Graph, path: Node | None) -> Node | None:
    # A blank-node path (e.g. an inverse path) is shown as the property it names.
    if isinstance(path, BNode):
        return report.value(path, SH.inversePath) or path
    return path
