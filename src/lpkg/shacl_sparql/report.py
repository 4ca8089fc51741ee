"""Evaluating the compiled checks through a store's ``select`` and writing pySHACL's report."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

from ..errors import InputError
from .compiler import _ONLY, _TARGETS, Check, CompiledShapes, given_focus
from .store import Row, Select, _focus_term, _query_terms


def evaluate(
    compiled: CompiledShapes,
    select: Select,
    *,
    data: Graph | None = None,
    focus_nodes: Iterable[Node] | None = None,
    allow_warnings: bool = True,
    workers: int = min(4, os.cpu_count() or 1),
    shared: bool = True,
) -> Graph:
    """Run the checks through ``select`` and write the report pySHACL would write.

    With ``focus_nodes``, only those of the shapes' focus nodes are validated. ``data`` (an
    rdflib graph) is needed where some shape falls back to pySHACL, and gives pySHACL's messages
    their labels of blank nodes. The queries run ``workers`` at a time (``select`` must allow
    that; pyoxigraph evaluates queries in parallel). With ``shared``, checks of the same rows
    (:attr:`Check.shared`) are asked in one query each, which a store must then answer like
    pyoxigraph (an ``EXISTS`` in a ``BIND``, an unbound variable in ``||``).
    """
    checks = compiled.checks
    report = Graph(bind_namespaces="none")
    report.bind("sh", SH)
    node = BNode()
    report.add((node, RDF.type, SH.ValidationReport))
    writer = _Writer(compiled.shapes, report, node, data)
    with ThreadPoolExecutor(workers) as pool:
        if focus_nodes is not None:
            values = " ".join(sorted({t for n in focus_nodes for t in _query_terms(n)}))

            def only(query: str) -> str:
                return _ONLY.sub(lambda m: f"VALUES {m[1]} {{ {values} }}", query)

            # a check of a shape none of the nodes is a focus node of has no results: not run
            given = _focus_of_roots(compiled, {c.root for c in checks}, pool, select, only)
            checks = [c for c in checks if c.root in given]
        units = _queries(checks) if shared else [(c.query, [i]) for i, c in enumerate(checks)]
        queries = [query for query, _ in units]
        if focus_nodes is not None:
            roots = [checks[members[0]].root for _, members in units]
            queries = [
                only(given_focus(query, compiled.focus[root], given[root]))
                for query, root in zip(queries, roots, strict=True)
            ]
        answers = list(pool.map(select, queries))
    for check, rows in zip(checks, _split(units, answers, len(checks)), strict=True):
        if check.sparql is not None:
            _sparql_results(writer, check, rows)
            continue
        for row in rows:
            value = {"value": row.get("value"), "focus": row.get("this"), "none": None}[check.value]
            if check.violates is not None and not check.violates(row):
                continue
            messages = _messages(compiled.shapes, check.shape) or writer.generic(
                check, row["this"], value
            )
            # (sh:closed gives the path of each value)
            writer.result(check, row["this"], value, row.get("path") or check.path, messages)
    if compiled.fallback:
        if data is None:
            raise InputError(
                "Some shapes need pySHACL, which needs the data as a graph: "
                + "; ".join(f"{s}: {r}" for s, r in compiled.fallback)
            )
        _fallback(compiled, data, report, node)
    severities = set(report.objects(None, SH.resultSeverity))
    conforms = severities <= ({SH.Warning, SH.Info} if allow_warnings else set())
    report.add((node, SH.conforms, Literal(conforms)))
    return report


def _queries(checks: list[Check]) -> list[tuple[str, list[int]]]:
    """The queries that answer ``checks``, each with the indices of the checks it answers:
    checks of the same rows (:attr:`Check.shared`) are answered by one, which flags each row
    with what each check's test says of it (pyoxigraph finds a shape's focus nodes and walks a
    path once instead of once per check: docs/benchmarks.md)."""
    groups: dict[tuple[str, str], list[int]] = {}
    units = []
    for i, check in enumerate(checks):
        if check.shared is None:
            units.append((check.query, [i]))
        else:
            groups.setdefault(check.shared, []).append(i)
    for (projection, pattern), members in groups.items():
        if len(members) == 1:
            units.append((checks[members[0]].query, members))
            continue
        flags = [f"?{_FLAG}{k}" for k in range(len(members))]
        tests = " ".join(
            f"BIND (IF({checks[i].test}, true, false) AS {flag})"
            for i, flag in zip(members, flags, strict=True)
        )
        units.append(
            (
                f"SELECT DISTINCT {projection} {' '.join(flags)} WHERE {{ {pattern} {tests} "
                f"FILTER ({' || '.join(flags)}) }}",
                members,
            )
        )
    return units


_FLAG = "_c"
_TRUE = Literal(True)


def _split(
    units: list[tuple[str, list[int]]], answers: list[tuple[list[str], list[Row]]], count: int
) -> list[list[Row]]:
    """The rows of each of ``count`` checks, from the answers to :func:`_queries`: where a query
    answers several, a check's rows are those its flag is true in (an error in its test leaves
    the flag unbound: no row, as in a FILTER of its own)."""
    rows_of: list[list[Row]] = [[] for _ in range(count)]
    for (_, members), (_, rows) in zip(units, answers, strict=True):
        if len(members) == 1:
            rows_of[members[0]] = rows
            continue
        flags = [f"{_FLAG}{k}" for k in range(len(members))]
        for i, flag in zip(members, flags, strict=True):
            rows_of[i] = [
                {name: v for name, v in row.items() if name not in flags}
                for row in rows
                if row.get(flag) == _TRUE
            ]
    return rows_of


def _focus_of_roots(
    compiled: CompiledShapes,
    roots: Iterable[Node],
    pool: ThreadPoolExecutor,
    select: Select,
    only: Callable[[str], str],
) -> dict[Node, str | None]:
    """Those of the targeted shapes ``roots`` that have focus nodes among those ``only`` writes
    into a query, each with those focus nodes as SPARQL terms (None if one is a literal, which
    the store may hold in another form than it gives back).

    Against a store of 10^6 triples each of the 161 checks costs some milliseconds even for a
    few focus nodes, and most shapes target none of a contribution's nodes; a check that starts
    from the focus nodes found here, rather than finding them again (a type and its
    superclasses for each node), costs a fifth (docs/benchmarks.md). One query for all the
    shapes takes longer than one each: pyoxigraph's parser and planner are slower on a long
    query."""
    roots = sorted(roots, key=str)
    queries = [
        only(f"SELECT DISTINCT ?this WHERE {{ {compiled.focus[root]('?this')} }}")
        for root in roots
    ]
    found: dict[Node, str | None] = {}
    for root, (_, rows) in zip(roots, pool.map(select, queries), strict=True):
        if rows:
            focus = [row["this"] for row in rows]
            literal = any(isinstance(n, Literal) for n in focus)
            found[root] = None if literal else " ".join(sorted({_focus_term(n) for n in focus}))
    return found


def _messages(shapes: Graph, shape: Node) -> list[Node]:
    return list(shapes.objects(shape, SH.message))


def _sparql_results(writer: _Writer, check: Check, rows: list[Row]) -> None:
    """Rows as pySHACL reads them: per focus node, distinct (this, path, value, other) bindings."""
    shapes = writer.shapes
    shape_messages = _messages(shapes, check.shape)
    extra = list(shapes.objects(check.sparql, SH.message))
    is_property = check.path is not None
    seen: set[tuple] = set()
    failed: set[Node] = set()
    star = "*" in check.projects
    for row in rows:
        focus = row.get("this")
        bound = {k: v for k, v in row.items() if v is not None}
        if not star and "this" not in check.projects:
            bound.pop("this", None)
        failure = bound.pop("failure", None)
        default_value = None if is_property else focus
        if failure is not None:
            if focus in failed:
                continue
            failed.add(focus)
            this, path, value, variables = None, None, default_value, bound
        else:
            path, value, this = (
                bound.pop("path", None),
                bound.pop("value", None),
                bound.pop("this", None),
            )
            if path is None and value is None and this is None:
                continue
            key = (focus, this, path, value, frozenset(bound.items()))
            if key in seen:
                continue
            seen.add(key)
            variables = dict(bound)
            if value is None:
                value = default_value
            for name, term in (("this", this), ("path", path), ("value", value)):
                if term is not None:
                    variables[name] = term
        # pySHACL's messages, with their language tags kept (lpkg.validate gives pySHACL's back)
        messages = [
            Literal(_format(str(m), variables), lang=m.language) if isinstance(m, Literal) else m
            for m in [*(m for m in extra if m not in shape_messages), *shape_messages]
        ]
        if not extra and not shape_messages:
            messages = writer.generic(check, this or focus, value)
        writer.result(
            check,
            this or focus,
            value,
            path if path is not None else check.path,
            messages,
            source_constraint=check.sparql,
        )


def _format(message: str, variables: dict[str, Node]) -> str:
    # the substitution pySHACL makes, with re.sub's handling of the replacement text kept
    for name, value in variables.items():
        message = re.sub(f"{{[?$]{name}}}", str(value), message)
    return message


class _Writer:
    def __init__(self, shapes: Graph, report: Graph, node: Node, data: Graph | None) -> None:
        self.shapes, self.report, self.node, self.data = shapes, report, node, data
        self._components: dict[tuple[Node, URIRef], object] = {}
        self._pyshacl_shapes = None

    def generic(self, check: Check, focus: Node, value: Node | None) -> list[Node]:
        """pySHACL's own message for a shape without sh:message (made by pySHACL's component)."""
        key = (check.shape, check.component)
        if key not in self._components:
            self._components[key] = self._component(*key)
        component = self._components[key]
        if component is None:
            return []
        data = self.data if self.data is not None else Graph()
        return list(component.make_generic_messages(data, focus, value) or [])

    def _component(self, shape: Node, component: URIRef):
        from pyshacl.constraints import CONSTRAINT_PARAMETERS_MAP
        from pyshacl.shapes_graph import ShapesGraph

        if self._pyshacl_shapes is None:
            self._pyshacl_shapes = ShapesGraph(self.shapes)
            self._pyshacl_shapes.shapes  # noqa: B018 (gathers every shape)
        qualified = (
            SH.QualifiedMinCountConstraintComponent,
            SH.QualifiedMaxCountConstraintComponent,
        )
        for cls in set(CONSTRAINT_PARAMETERS_MAP.values()):
            if getattr(cls, "shacl_constraint_component", None) == component or (
                component in qualified and cls.__name__ == "QualifiedValueShapeConstraintComponent"
            ):
                return cls(self._pyshacl_shapes.lookup_shape_from_node(shape))
        return None

    def result(self, check, focus, value, path, messages, source_constraint=None) -> None:
        r, add = BNode(), self.report.add
        add((self.node, SH.result, r))
        add((r, RDF.type, SH.ValidationResult))
        add((r, SH.sourceConstraintComponent, check.component))
        add((r, SH.sourceShape, self.copy(check.shape)))
        add((r, SH.resultSeverity, self.shapes.value(check.shape, SH.severity) or SH.Violation))
        add((r, SH.focusNode, focus))
        if value is not None:
            add((r, SH.value, value))
        if path is not None:
            add((r, SH.resultPath, self.copy(path)))
        if source_constraint is not None:
            add((r, SH.sourceConstraint, self.copy(source_constraint)))
        for message in messages:
            add((r, SH.resultMessage, message))

    def copy(self, node: Node) -> Node:
        """A blank node of the shapes graph is copied with what it says (as pySHACL does), under
        its own id: a result then names the shape of the shapes graph, not a stranger."""
        if not isinstance(node, BNode):
            return node
        copy = node
        is_list = (node, RDF.first, None) in self.shapes  # pySHACL copies a list as a list only
        for p, o in self.shapes.predicate_objects(node):
            if is_list and p not in (RDF.first, RDF.rest):
                continue
            self.report.add((copy, p, self.copy(o)))
        return copy


def _fallback(compiled: CompiledShapes, data: Graph, report: Graph, node: Node) -> None:
    """Validate the fallback shapes with pySHACL: a shapes graph where only they have targets."""
    from ..validate import pyshacl_report

    keep = {shape for shape, _ in compiled.fallback}
    shapes = Graph(bind_namespaces="none")
    for prefix, namespace in compiled.shapes.namespaces():
        shapes.bind(prefix, namespace)
    for triple in compiled.shapes:
        s, p, o = triple
        if (
            s not in keep
            and s in compiled.focus
            and (p in _TARGETS or (p == RDF.type and o in (RDFS.Class, OWL.Class)))
        ):
            continue
        shapes.add(triple)
    found = pyshacl_report(data, shapes)
    for result in found.objects(None, SH.result):
        report.add((node, SH.result, result))
    for triple in found:
        if triple[0] != next(found.subjects(RDF.type, SH.ValidationReport), None):
            report.add(triple)
