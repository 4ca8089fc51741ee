"""Validate a graph against the project's SHACL shapes and describe the results."""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.extras.shacl import build_shacl_path, parse_shacl_path
from rdflib.namespace import RDF, SH
from rdflib.paths import Path as PropertyPath
from rdflib.term import Node

from .errors import InputError, ShapesError
from .escape import shorten
from .labels import LABEL_PROPERTIES, display, label_of, path_text
from .load import load_shapes, new_graph

if TYPE_CHECKING:
    from rdflib.plugins.sparql.sparql import Query

    from .store import Store

log = logging.getLogger(__name__)

SEVERITY_NAMES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
_ALLOWED = (SH.Warning, SH.Info)
"""Severities the data may have results of and still conform (lpkg's rule, not SHACL's)."""


@dataclass(frozen=True)
class ValidationResult:
    """One ``sh:ValidationResult``, with the labels a person needs to act on it."""

    focus: Node
    focus_label: str
    path: URIRef | PropertyPath | None
    """The SHACL path: a property, or an rdflib property path (inverse, sequence, ...)."""
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
    """What validation found; ``conforms`` is false when a result is neither a warning nor
    info (a violation, or a severity of the shapes' own)."""

    results: list[ValidationResult]
    data_graph: Graph

    @property
    def conforms(self) -> bool:
        return all(r.severity in _ALLOWED for r in self.results)

    def count(self, severity: URIRef) -> int:
        return sum(1 for r in self.results if r.severity == severity)

    def to_text(self, lang: str = "en") -> str:
        """A report for people: one paragraph per result, focus nodes by label."""
        counts = [self.count(severity) for severity in SEVERITY_NAMES]
        other = len(self.results) - sum(counts)
        if lang == "cs":
            head = "Data odpovídají tvarům." if self.conforms else "Data neodpovídají tvarům."
            head += " Porušení: {}, varování: {}, informace: {}".format(*counts)
            head += f", jiná závažnost: {other}." if other else "."
        else:
            head = (
                "The data conforms to the shapes."
                if self.conforms
                else ("The data does not conform to the shapes.")
            )
            head += " Violations: {}, warnings: {}, info: {}".format(*counts)
            head += f", other severities: {other}." if other else "."
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
            if r.path is not None:
                # the path's structure (a blank node for ^p, (a|b), ...), as SHACL writes it
                report.add((result, SH.resultPath, build_shacl_path(r.path, report)[0]))
            for prop, value in (
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


def _json_term(term: Node | PropertyPath | None) -> str | None:
    """A term as JSON: an IRI as it is, a path in SPARQL syntax with full IRIs (``^<…>``)."""
    if term is None:
        return None
    if isinstance(term, PropertyPath):
        return path_text(term, lambda iri: iri.n3())
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def validate(
    data: Graph,
    shapes: Graph | None = None,
    *,
    root: Path | str | None = None,
    engine: str = "sparql",
) -> ValidationReport:
    """Validate ``data`` against ``shapes`` (the project's shapes if not given).

    ``engine="sparql"`` (the default) runs the shapes compiled to SPARQL on pyoxigraph
    (lpkg.shacl_sparql), which gives pySHACL's report many times faster (docs/benchmarks.md);
    ``engine="pyshacl"`` runs pySHACL itself, the reference. Both graphs are passed to pySHACL
    as graphs, never as paths, so SHACL-SPARQL cannot read files.

    Raises:
        ShapesError: pySHACL cannot run the shapes (e.g. a SPARQL feature SHACL-SPARQL forbids).
    """
    if shapes is None:
        shapes = load_shapes(root)
    if engine == "sparql":
        from .shacl_sparql import validate_graph

        _, report_graph, _ = validate_graph(data, shapes)
    else:
        report_graph = pyshacl_report(data, shapes)
    return ValidationReport(_results(report_graph, data), data)


def validate_store(
    store: Store, shapes: Graph | None = None, *, root: Path | str | None = None
) -> ValidationReport:
    """Validate the dataset ``store`` holds against ``shapes`` (the project's if not given),
    where the data is: the shapes compiled to SPARQL run as queries of the store (pyoxigraph
    in this process, or an endpoint), and only the labels of the focus nodes come back as rdflib
    terms (:attr:`ValidationReport.data_graph`). An :class:`~lpkg.store.RdflibStore` is
    validated as :func:`validate` validates its graph.

    Where a store differs from rdflib (and so from pySHACL): pyoxigraph keeps literals in
    canonical form, so a value is reported as the store holds it (``"1.50"^^xsd:decimal`` as
    ``"1.5"``, ``xsd:nonNegativeInteger`` as ``xsd:integer``; rdflib itself already writes
    ``"01"^^xsd:integer`` as ``"1"``); literals rdflib finds ill-typed are not marked (the
    store's view of them holds); blank nodes get ids of the store's own; pySHACL's own messages
    (for shapes without ``sh:message``) write IRIs in full, the data's prefixes being unknown.

    Shapes that are not compiled (:attr:`lpkg.shacl_sparql.CompiledShapes.fallback`) run on
    pySHACL, on a copy of a local store's union as an rdflib graph.

    Raises:
        InputError: some shapes need pySHACL and the store is an endpoint.
        ShapesError: pySHACL cannot run those shapes.
    """
    from .shacl_sparql import compile_shapes, evaluate
    from .store import RdflibStore

    if shapes is None:
        shapes = load_shapes(root)
    if isinstance(store, RdflibStore):
        return validate(store.graph, shapes)
    compiled = compile_shapes(shapes)
    data = None
    if compiled.fallback:
        if not store.local:
            raise InputError(
                "These shapes are not compiled to SPARQL and need pySHACL, which needs the data "
                "in this process; validate a local store (--store): "
                + "; ".join(f"{display(s)}: {reason}" for s, reason in compiled.fallback)
            )
        # pySHACL validates an rdflib graph: the union, copied out of the store
        data = store.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    # lpkg's own queries: no check of each text (Store._select_trusted)
    # an endpoint gets one query per check: a store's answers to the shared queries' BIND of
    # EXISTS are tested on pyoxigraph only
    report = evaluate(compiled, store._select_trusted, data=data, shared=store.local)
    labels = store.about(set(report.objects(None, SH.focusNode)), LABEL_PROPERTIES)
    return ValidationReport(_results(report, labels), labels)


def validate_contribution(
    data: Graph, contribution: Graph, shapes: Graph
) -> tuple[ValidationReport, ValidationReport]:
    """The reports of ``data`` before and after ``contribution`` is added, each for only the
    focus nodes the contribution may affect (lpkg.shacl_sparql.affected_focus_nodes): the
    results a contribution causes are those of the second that the first does not have, as two
    full runs would give them (tests/test_shacl_sparql.py), at a fraction of the cost.
    """
    from .shacl_sparql import OxigraphStore, affected_focus_nodes, compile_shapes, evaluate

    compiled = compile_shapes(shapes)
    before, after = OxigraphStore(data), OxigraphStore(data)
    after.add(contribution)
    nodes = affected_focus_nodes(after.select, compiled, contribution)
    reports = []
    for store, graph in ((before, data), (after, after.graph())):
        report = evaluate(compiled, store.select, data=graph, focus_nodes=nodes)
        reports.append(ValidationReport(_results(report, graph), graph))
    return reports[0], reports[1]


def pyshacl_report(data: Graph, shapes: Graph) -> Graph:
    """pySHACL's validation report graph of ``data``: the reference the compiled engine is
    compared with."""
    import pyshacl

    # pySHACL would copy the data anyway (advanced mode may add triples); this copy also parses
    # each SHACL-SPARQL query once, so it is validated in place.
    report = _run_pyshacl(
        pyshacl.validate,
        _QueryOnceGraph(data),
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
        do_owl_imports=False,
        inplace=True,
    )
    _tag_filled_messages(report, shapes)
    return report


_VARIABLE = re.compile(r"\{[?$]\w+\}")


def _tag_filled_messages(report: Graph, shapes: Graph) -> None:
    """Give back the language tags pySHACL drops when it fills in the variables of a
    SHACL-SPARQL message (``{$this}``): an untagged message of a result gets the tag of the
    message of its source shape or constraint it fills in, where those of one language
    alone fit (the compiled engine keeps the tag: lpkg.shacl_sparql.report)."""
    for result in set(report.subjects(SH.resultMessage, None)):
        templates = [
            m
            for source in (SH.sourceShape, SH.sourceConstraint)
            for node in report.objects(result, source)
            for m in shapes.objects(node, SH.message)
            if isinstance(m, Literal) and m.language
        ]
        if not templates:
            continue
        for message in list(report.objects(result, SH.resultMessage)):
            if not isinstance(message, Literal) or message.language:
                continue
            languages = {t.language for t in templates if _fills(str(message), str(t))}
            if len(languages) == 1:
                report.remove((result, SH.resultMessage, message))
                report.add((result, SH.resultMessage, Literal(str(message), lang=languages.pop())))


def _fills(message: str, template: str) -> bool:
    """Whether ``message`` is ``template`` with its variables filled in."""
    pattern = ".*".join(re.escape(part) for part in _VARIABLE.split(template))
    return re.fullmatch(pattern, message, re.DOTALL) is not None


def meta_validate(shapes: Graph) -> ValidationReport:
    """Validate a shapes graph against SHACL for SHACL."""
    from pyshacl.entrypoints import meta_validate as shacl_meta_validate

    report_graph = _run_pyshacl(shacl_meta_validate, shapes, inference="rdfs")
    return ValidationReport(_results(report_graph, shapes), shapes)


def _run_pyshacl(function: Callable[..., tuple[bool, object, str]], *args, **kwargs) -> Graph:
    """pySHACL's report graph, or a :class:`ShapesError` saying why pySHACL could not run."""
    from pyshacl.errors import ReportableRuntimeError

    from . import rdflib_sparql  # noqa: F401 (pySHACL evaluates with rdflib: FROM / LOAD off)

    try:
        with _pyshacl_log_to_debug():
            _, report, _ = function(*args, **kwargs)
    # NotImplementedError: a feature pySHACL lacks (e.g. $shapesGraph in a SPARQL constraint)
    except (ReportableRuntimeError, NotImplementedError) as error:
        raise ShapesError(_cannot_run(error)) from error
    if not isinstance(report, Graph):  # pySHACL returns a ValidationFailure, not raises it
        raise ShapesError(_cannot_run(report))
    return report


def _cannot_run(error: object) -> str:
    reason = " ".join(str(getattr(error, "message", None) or error).split())
    return f"The shapes cannot be run by the SHACL engine (pySHACL): {shorten(reason)}"


@contextmanager
def _pyshacl_log_to_debug() -> Iterator[None]:
    """Send what pySHACL logs in this thread to lpkg's log at debug level, for one call.

    pySHACL gives its logger a stderr handler on every call; lpkg reports through its own model.
    A filter on that logger (not its handler, which pySHACL replaces) catches this thread's
    records while the call runs; other threads' records and later calls are left alone.
    """
    thread = threading.get_ident()

    def to_debug(record: logging.LogRecord) -> bool:
        if record.thread != thread:
            return True
        log.debug("pySHACL: %s", record.getMessage())
        return False

    logger = logging.getLogger(_PYSHACL_LOGGER)
    logger.addFilter(to_debug)
    try:
        yield
    finally:
        logger.removeFilter(to_debug)


_PYSHACL_LOGGER = "pyshacl-validate"
"""The logger pySHACL's validate (and meta_validate) creates on each call."""


class _QueryOnceGraph(Graph):
    """A copy of the data that parses each SPARQL query text once.

    pySHACL gives rdflib the text of a SHACL-SPARQL constraint once per focus node, and rdflib
    parses it anew each time (20-40 ms a parse: most of the time validation takes). Translating
    each text once is what rdflib's own ``prepareQuery`` does, so the answers are the same; the
    translations live as long as this copy, one validation.
    """

    def __init__(self, data: Graph) -> None:
        # as pySHACL copies a data graph (rdfutil.clone_graph): its prefixes over rdflib's core
        super().__init__(identifier=data.identifier, bind_namespaces="core")
        for prefix, namespace in data.namespaces():
            self.bind(prefix, namespace, override=True, replace=True)
        self.addN((s, p, o, self) for s, p, o in data.triples((None, None, None)))
        self._prepared: dict[tuple[object, ...], Query] = {}

    def query(  # type: ignore[override]
        self,
        query_object: str | Query,
        processor: str = "sparql",
        result: str = "sparql",
        initNs: Mapping[str, object] | None = None,  # noqa: N803 (rdflib's name)
        initBindings: Mapping[str, Node] | None = None,  # noqa: N803
        use_store_provided: bool = True,
        **kwargs: object,
    ):
        if isinstance(query_object, str) and processor == "sparql":
            from .rdflib_sparql import prepareQuery

            namespaces = dict(initNs or self.namespaces())
            base = kwargs.get("base")
            key = (query_object, base, tuple(sorted(namespaces.items())))
            if key not in self._prepared:
                self._prepared[key] = prepareQuery(query_object, initNs=namespaces, base=base)
            query_object = self._prepared[key]
        return super().query(
            query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs
        )


_SEVERITY_ORDER = {SH.Violation: 0, SH.Warning: 1, SH.Info: 2}


def _results(report: Graph, data: Graph) -> list[ValidationResult]:
    """The results a SHACL validation report graph lists (pySHACL's, or one made like it), each
    one kept (two results that read the same are two findings), in a stable order."""
    # only the results the report lists; nested sh:detail results describe a value, not a finding
    results = [_result(report, node, data) for node in report.objects(None, SH.result)]
    return sorted(
        results,
        key=lambda r: (
            _SEVERITY_ORDER.get(r.severity, 3),
            str(r.severity),
            r.focus_label,
            str(r.focus),
            _json_term(r.path) or "",
            str(r.component),
            _json_term(r.value) or "",
            _json_term(r.source_shape) or "",
            sorted(r.messages.items()),
        ),
    )


def _result(report: Graph, node: Node, data: Graph) -> ValidationResult:
    focus = report.value(node, SH.focusNode)
    path = report.value(node, SH.resultPath)
    messages: dict[str, str] = {}
    # sorted: a filled-in message whose language no template tells stays untagged
    # (_tag_filled_messages), and the report graph gives such messages in no stable order
    found = sorted(
        (m for m in report.objects(node, SH.resultMessage) if isinstance(m, Literal)),
        key=lambda m: (str(m), m.language or ""),
    )
    for message in found:
        messages.setdefault(message.language or "", str(message))
    return ValidationResult(
        focus=focus,
        focus_label=label_of(data, focus) if focus is not None else "",
        path=parse_shacl_path(report, path) if path is not None else None,
        value=report.value(node, SH.value),
        component=report.value(node, SH.sourceConstraintComponent),
        source_shape=report.value(node, SH.sourceShape),
        severity=report.value(node, SH.resultSeverity),
        messages=messages,
    )
