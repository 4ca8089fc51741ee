"""SHACL compiled to SPARQL: the shapes become SELECT queries that a store evaluates.

pySHACL walks the focus nodes in Python over rdflib; here every (shape, constraint) becomes one
SELECT whose rows are the validation results, so validation runs where the data is (pyoxigraph
embedded, or a SPARQL endpoint). Each query starts from its focus nodes (the shape's targets, in a
sub-select), never from a scan of the data, so that the store's planner begins there.

The report is the graph pySHACL writes (``sh:ValidationReport`` with its ``sh:result`` nodes), with
the same components, values, paths, severities and messages; pySHACL stays the reference (the
differential tests in tests/test_shacl_sparql.py). A targeted shape that uses something not
compiled here (custom components, SPARQL-based targets, ``$shapesGraph``...) is validated by
pySHACL on its own, and :attr:`CompiledShapes.fallback` says which and why.

The store is anything with ``select(query) -> (variables, rows)``, rows being dicts of rdflib terms
(the shape of ``lpkg.store.Store.select``); :class:`OxigraphStore` is the embedded one.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from itertools import combinations

from rdflib import BNode, ConjunctiveGraph, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Node

from .errors import InputError

Row = dict[str, Node | None]
Select = Callable[[str], tuple[list[str], list[Row]]]

_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
_TYPE_OF = f"<{RDF.type}>/<{RDFS.subClassOf}>*"

# Shape properties that are not constraints of their own (or are read with their constraint).
_NOT_CONSTRAINTS = {
    RDF.type, SH.path, SH.message, SH.severity, SH.deactivated, SH.name, SH.description,
    SH.order, SH.group, SH.defaultValue, SH.flags, SH.ignoredProperties, SH.qualifiedMinCount,
    SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint, SH.targetClass, SH.targetNode,
    SH.targetSubjectsOf, SH.targetObjectsOf, SH.target, SH.declare, SH.prefixes,
}  # fmt: skip


class Unsupported(Exception):
    """A shape this compiler does not express; its root shape goes to pySHACL."""


@dataclass(frozen=True)
class Check:
    """One query and how its rows become results."""

    root: Node
    """The targeted shape whose focus nodes the query starts from."""
    shape: Node
    component: URIRef
    query: str
    path: Node | None = None
    value: str = "value"
    """``value`` (rows bind ?value), ``focus`` (the value is the focus node) or ``none``."""
    sparql: Node | None = None
    """For SHACL-SPARQL: the ``sh:sparql`` node, whose rows are read the way pySHACL reads them."""
    projects: frozenset[str] = frozenset()
    """For SHACL-SPARQL: this/path/value among the variables the original query projects."""
    violates: Callable[[Row], bool] | None = None
    """For comparisons: the rows are all candidates, this says which violate (as pySHACL)."""


@dataclass
class CompiledShapes:
    """The checks of a shapes graph, and the targeted shapes left to pySHACL with the reason."""

    shapes: Graph
    checks: list[Check] = field(default_factory=list)
    fallback: list[tuple[Node, str]] = field(default_factory=list)
    focus: dict[Node, Callable[[str], str]] = field(default_factory=dict)
    """Per root shape: its focus pattern as a function of the variable name."""
    reads: _Reads = field(default_factory=lambda: _Reads())
    """How the checks reach from a focus node to other nodes (for incremental validation)."""


# --- Compiling -----------------------------------------------------------------------------------


def compile_shapes(shapes: Graph) -> CompiledShapes:
    """Compile every targeted shape of ``shapes``; those that cannot be, go to ``fallback``."""
    compiled = CompiledShapes(shapes)
    for root in _roots(shapes):
        compiler = _Compiler(shapes)
        try:
            focus = compiler.focus(root)
            checks = list(compiler.checks(root, root, focus))
        except Unsupported as reason:
            compiled.fallback.append((root, str(reason)))
            continue
        compiled.focus[root] = focus
        compiled.checks.extend(checks)
        compiled.reads.update(compiler.reads)
    return compiled


def _roots(shapes: Graph) -> list[Node]:
    """The shapes with targets, implicit class targets included, in a stable order."""
    roots = {s for t in _TARGETS for s in shapes.subjects(t, None)}
    for kind in (SH.NodeShape, SH.PropertyShape):
        for shape in shapes.subjects(RDF.type, kind):
            if {RDFS.Class, OWL.Class} & set(shapes.objects(shape, RDF.type)):
                roots.add(shape)
    return sorted(
        (r for r in roots if not _deactivated(shapes, r)), key=lambda n: (type(n).__name__, n)
    )


def _deactivated(shapes: Graph, shape: Node) -> bool:
    return any(v.toPython() is True for v in shapes.objects(shape, SH.deactivated))


# The embedded store names blank nodes with IRIs (so that a query can name one: a contribution's
# blank nodes are focus nodes of an incremental run); the tests of node kinds count those as blank.
_SKOLEM = "urn:lpkg:bnode:"
_IS_BLANK = f'(isBlank({{v}}) || STRSTARTS(STR({{v}}), "{_SKOLEM}"))'
_IS_IRI = f'(isIRI({{v}}) && !STRSTARTS(STR({{v}}), "{_SKOLEM}"))'


def _focus_term(node: Node) -> str:
    return f"<{_SKOLEM}{node}>" if isinstance(node, BNode) else node.n3()


def _term(node: Node) -> str:
    if isinstance(node, BNode):
        raise Unsupported("a blank node as a constant")
    if isinstance(node, Literal) and node.datatype in _REWRITTEN:
        return Literal(str(node), datatype=_stored(node.datatype)).n3()
    return node.n3()


# Oxigraph stores the integer types derived from xsd:integer as xsd:integer, and
# xsd:dateTimeStamp as xsd:dateTime; the loader keeps their datatype under another name.
_REWRITTEN = {
    XSD[name]
    for name in (
        "long int short byte unsignedLong unsignedInt unsignedShort unsignedByte "
        "positiveInteger nonNegativeInteger negativeInteger nonPositiveInteger dateTimeStamp"
    ).split()
}
_PROXY = "urn:lpkg:datatype:"
_REWRITTEN_IRIS = {str(d) for d in _REWRITTEN}


def _stored(datatype: Node) -> Node:
    return URIRef(_PROXY + datatype) if datatype in _REWRITTEN else datatype


def _string(text: str) -> str:
    """A SPARQL string literal holding ``text`` exactly."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return '"' + escaped.replace("\r", "\\r") + '"'


class _Compiler:
    def __init__(self, shapes: Graph) -> None:
        self.g = shapes
        self.counter = 0
        self.reads = _Reads()
        self.prefix: list[tuple[Step, ...]] = [()]
        """The routes from the focus node to the value node the constraints are written for."""
        self.components = _custom_parameters(shapes)

    def var(self) -> str:
        self.counter += 1
        return f"?_v{self.counter}"

    # Focus nodes

    def focus(self, root: Node) -> Callable[[str], str]:
        g = self.g
        parts = []
        for cls in g.objects(root, SH.targetClass):
            parts.append(f"{{ ?_f {_TYPE_OF} {_term(cls)} }}")
        if {RDFS.Class, OWL.Class} & set(g.objects(root, RDF.type)):
            parts.append(f"{{ ?_f {_TYPE_OF} {_term(root)} }}")
        nodes = [_term(n) for n in g.objects(root, SH.targetNode)]
        if nodes:
            parts.append(f"{{ VALUES ?_f {{ {' '.join(sorted(nodes))} }} }}")
        for p in g.objects(root, SH.targetSubjectsOf):
            parts.append(f"{{ ?_f {_term(p)} ?_o }}")
        for p in g.objects(root, SH.targetObjectsOf):
            parts.append(f"{{ ?_s {_term(p)} ?_f }}")
        if any(True for _ in g.objects(root, SH.target)):
            raise Unsupported("a SPARQL-based or custom target (sh:target)")
        union = " UNION ".join(parts)
        # a no-op that evaluate() replaces by the focus nodes it is given (see _ONLY)
        union = f"{_ONLY} {{ {union} }}"
        return _Focus(lambda var: f"{{ SELECT DISTINCT (?_f AS {var}) WHERE {{ {union} }} }}")

    # SHACL paths

    def path(self, node: Node) -> str:
        g = self.g
        if isinstance(node, URIRef):
            return node.n3()
        if (node, RDF.first, None) in g:
            return "(" + "/".join(self.path(p) for p in Collection(g, node)) + ")"
        for prop, template in (
            (SH.alternativePath, None),
            (SH.inversePath, "^{}"),
            (SH.zeroOrMorePath, "{}*"),
            (SH.oneOrMorePath, "{}+"),
            (SH.zeroOrOnePath, "{}?"),
        ):
            inner = g.value(node, prop)
            if inner is None:
                continue
            if template is None:
                return "(" + "|".join(self.path(p) for p in Collection(g, inner)) + ")"
            return template.format("(" + self.path(inner) + ")")
        raise Unsupported(f"a path this compiler does not read: {node}")

    # Checks of a reporting shape

    def checks(self, root: Node, shape: Node, focus: Callable[[str], str]) -> Iterator[Check]:
        g = self.g
        if _deactivated(g, shape):
            return
        path_node = g.value(shape, SH.path)
        path = self.path(path_node) if path_node is not None else None
        outer = self.prefix
        if path_node is not None:
            deep = bool(_DEEP & set(g.predicates(shape, None)))
            self.prefix = self.reads.path(g, path_node, deep=deep, prefixes=outer)
        try:
            yield from self._checks(root, shape, focus, path, path_node)
        finally:
            self.prefix = outer

    def _checks(self, root, shape, focus, path, path_node) -> Iterator[Check]:
        g = self.g
        for target in g.objects(shape, SH.targetObjectsOf):
            self.reads.backward.add(target)
        common = {"root": root, "shape": shape, "path": path_node}
        for param in sorted(set(g.predicates(shape, None))):
            if param in _NOT_CONSTRAINTS or not str(param).startswith(str(SH)):
                if param in self.components:
                    raise Unsupported(f"a custom constraint component ({param})")
                continue
            if param == SH.property:
                inner = focus if path is None else _values_of(focus, path, self.var()[3:])
                for prop in sorted(g.objects(shape, SH.property)):
                    yield from self.checks(root, prop, inner)
                continue
            if param == SH.sparql:
                for constraint in sorted(g.objects(shape, SH.sparql)):
                    check = self.sparql(root, shape, constraint, focus, path)
                    if check is not None:
                        yield check
                continue
            for obj in sorted(g.objects(shape, param)):
                yield from self.constraint(param, obj, shape, path, focus, common)

    def constraint(
        self,
        param: URIRef,
        obj: Node,
        shape: Node,
        path: str | None,
        focus: Callable[[str], str],
        common: dict,
    ) -> Iterator[Check]:
        component = _component(param)
        if param in (SH.qualifiedValueShape,):
            for counted in (SH.qualifiedMinCount, SH.qualifiedMaxCount):
                if self.g.value(shape, counted) is None:
                    continue
                pattern = self.qualified(shape, obj, counted, "?this", path)
                yield Check(
                    component=_component(counted),
                    query=_select("?this", focus, pattern),
                    value="none",
                    **common,
                )
            return
        if param == SH.uniqueLang:
            if path is None or obj.toPython() is not True:
                return
            a, b = self.var(), self.var()
            yield Check(
                component=component,
                query=(
                    _select(
                        "?this ?_lang",
                        focus,
                        f"?this {path} {a} . ?this {path} {b} . "
                        f'FILTER (isLiteral({a}) && LANG({a}) != "" && '
                        f"LCASE(LANG({a})) = LCASE(LANG({b})) && !sameTerm({a}, {b})) "
                        f"BIND (LCASE(LANG({a})) AS ?_lang)",
                    )
                ),
                value="none",
                **common,
            )
            return
        if param == SH.closed:
            if obj.toPython() is not True:
                return
            allowed = {self.g.value(p, SH.path) for p in self.g.objects(shape, SH.property)} | set(
                self._list(self.g.value(shape, SH.ignoredProperties))
            )
            allowed = {a for a in allowed if isinstance(a, URIRef)}
            test = " && ".join(f"?_p != {a.n3()}" for a in sorted(allowed)) or "true"
            yield Check(
                component=component,
                query=(
                    f"SELECT DISTINCT ?this ?path ?value{focus.keys} WHERE {{ {focus('?this')} "
                    f"?this ?path ?value FILTER ({test.replace('?_p', '?path')}) }}"
                ),
                value="value",
                **{**common, "path": None},
            )
            return
        if param in (SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals):
            yield from self.pair(param, obj, path, focus, common)
            return
        aggregate = self.aggregate(param, obj, shape, "?this", path)
        if param == SH.hasValue and path is None:  # pySHACL gives no value here
            aggregate = f"FILTER ({self.value_test(param, obj, '?this')})"
        if aggregate is not None:
            yield Check(
                component=component,
                query=f"SELECT DISTINCT ?this{focus.keys} WHERE {{ {focus('?this')} {aggregate} }}",
                value="none",
                **common,
            )
            return
        value_var = "?value" if path is not None else "?this"
        if param in _RANGES:
            # rdflib's comparison of literals (which pySHACL uses) has no SPARQL equivalent
            select = "?this ?value" if path is not None else "?this"
            bind = f"?this {path} ?value ." if path is not None else ""
            yield Check(
                component=component,
                query=f"SELECT DISTINCT {select}{focus.keys} WHERE {{ {focus('?this')} {bind} }}",
                value="value" if path is not None else "focus",
                violates=_out_of_range(param, obj),
                **common,
            )
            return
        test = self.value_test(param, obj, value_var)
        bind = f"?this {path} ?value ." if path is not None else ""
        select = "?this ?value" if path is not None else "?this"
        yield Check(
            component=component,
            query=_select(select, focus, f"{bind} FILTER ({test})"),
            value="value" if path is not None else "focus",
            **common,
        )

    def pair(self, param, obj, path, focus, common) -> Iterator[Check]:
        other = _term(obj)
        mine = f"?this {path} ?value ." if path is not None else "BIND (?this AS ?value)"
        extra, violates = "", None
        mine2 = f"?this {path} ?_x ." if path is not None else "BIND (?this AS ?_x)"
        if param == SH.equals:
            queries = [
                f"{mine} FILTER NOT EXISTS {{ ?this {other} ?value }}",
                f"?this {other} ?value . "
                f"FILTER NOT EXISTS {{ {mine2} FILTER (sameTerm(?_x, ?value)) }}",
            ]
        elif param == SH.disjoint:
            queries = [f"{mine} ?this {other} ?value ."]
        else:
            # one result per pair of values, compared the way pySHACL compares them
            queries = [f"{mine} ?this {other} ?_o ."]
            extra = " ?_o"
            violates = _not_less(param == SH.lessThanOrEquals)
        for body in queries:
            yield Check(
                violates=violates,
                component=_component(param),
                query=_select(f"?this ?value{extra}", focus, body),
                **common,
            )

    def _list(self, node: Node | None) -> list[Node]:
        return list(Collection(self.g, node)) if node is not None else []

    # Constraints as SPARQL

    def aggregate(self, param, obj, shape, this: str, path: str | None) -> str | None:
        """A pattern matching ``this`` when a constraint on all its values fails, else None."""
        if param == SH.minCount and path is not None:
            n = int(obj.toPython())
            return (
                "FILTER (false)"
                if n <= 0
                else f"FILTER NOT EXISTS {{ {self.distinct(this, path, n)} }}"
            )
        if param == SH.maxCount and path is not None:
            n = int(obj.toPython())
            return f"FILTER EXISTS {{ {self.distinct(this, path, n + 1)} }}"
        if param == SH.hasValue and path is not None:
            x = self.var()
            return (
                f"FILTER NOT EXISTS {{ {this} {path} {x} . FILTER (sameTerm({x}, {_term(obj)})) }}"
            )
        return None

    def distinct(
        self, this: str, path: str, n: int, condition: Callable[[str], str] | None = None
    ) -> str:
        """A pattern matching when ``this`` has ``n`` different values meeting ``condition``."""
        if n > 4:
            raise Unsupported(f"a count above 4 ({n})")
        names = [self.var() for _ in range(n)]
        parts = [f"{this} {path} {v} ." for v in names]
        if condition is not None:
            parts += [condition(v) for v in names]
        tests = [f"!sameTerm({a}, {b})" for a, b in combinations(names, 2)]
        if tests:
            parts.append(f"FILTER ({' && '.join(tests)})")
        return " ".join(parts)

    def qualified(self, shape, value_shape, counted, this, path) -> str:
        if path is None:
            raise Unsupported("sh:qualifiedValueShape on a node shape")
        if any(
            v.toPython() is True for v in self.g.objects(shape, SH.qualifiedValueShapesDisjoint)
        ):
            raise Unsupported("sh:qualifiedValueShapesDisjoint")
        n = int(self.g.value(shape, counted).toPython())

        def conforming(v: str) -> str:
            return f"FILTER NOT EXISTS {{ {self.violation(value_shape, v)} }}"

        if counted == SH.qualifiedMinCount:
            if n <= 0:
                return "FILTER (false)"
            return f"FILTER NOT EXISTS {{ {self.distinct(this, path, n, conforming)} }}"
        return f"FILTER EXISTS {{ {self.distinct(this, path, n + 1, conforming)} }}"

    def value_test(self, param, obj, v: str) -> str:
        """An expression true when the value node ``v`` violates the constraint."""
        if param == SH["class"]:
            return f"NOT EXISTS {{ {v} {_TYPE_OF} {_term(obj)} }}"
        if param == SH.datatype:
            return _datatype_test(obj, v)
        if param == SH.nodeKind:
            kinds = {
                SH.IRI: _IS_IRI,
                SH.BlankNode: _IS_BLANK,
                SH.Literal: "isLiteral({v})",
                SH.BlankNodeOrIRI: "!isLiteral({v})",
                SH.BlankNodeOrLiteral: "!" + _IS_IRI,
                SH.IRIOrLiteral: "!" + _IS_BLANK,
            }
            if obj not in kinds:
                raise Unsupported(f"sh:nodeKind {obj}")
            return "!" + kinds[obj].format(v=v)
        if param == SH["in"]:
            members = [f"sameTerm({v}, {_term(m)})" for m in self._list(obj)]
            return f"!({' || '.join(members)})" if members else "true"
        if param == SH.hasValue:
            return f"!sameTerm({v}, {_term(obj)})"
        if param == SH.pattern:
            flags = self.g.value(self._shape_of(param, obj), SH.flags)
            args = _string(str(obj)) + (f", {_string(str(flags))}" if flags is not None else "")
            return f"{_IS_BLANK.format(v=v)} || !REGEX(STR({v}), {args})"
        if param == SH.languageIn:
            tags = sorted({str(t).lower() for t in self._list(obj)})
            if "*" in tags:
                return f'!isLiteral({v}) || LANG({v}) = ""'
            listed = ", ".join(_string(t) for t in tags)
            first = f'LCASE(STRBEFORE(CONCAT(LANG({v}), "-"), "-"))'
            return (
                f'!isLiteral({v}) || LANG({v}) = "" || !(LCASE(LANG({v})) IN ({listed}) '
                f"|| {first} IN ({listed}))"
            )
        if param in (SH.minLength, SH.maxLength):
            n = int(obj.toPython())
            if param == SH.minLength:
                return "false" if n == 0 else f"{_IS_BLANK.format(v=v)} || STRLEN(STR({v})) < {n}"
            return f"{_IS_BLANK.format(v=v)} || STRLEN(STR({v})) > {n}"
        if param in _RANGES:
            raise Unsupported(f"{param} in a shape used by another shape")
        if param == SH.node:
            return f"EXISTS {{ {self.violation(obj, v)} }}"
        if param == SH["not"]:
            return f"NOT EXISTS {{ {self.violation(obj, v)} }}"
        if param in (SH["and"], SH["or"], SH.xone):
            members = self._list(obj)
            if not members:
                return "true" if param == SH.xone else "false"
            fails = [f"EXISTS {{ {self.violation(m, v)} }}" for m in members]
            if param == SH["and"]:
                return " || ".join(fails)
            if param == SH["or"]:
                return " && ".join(fails)
            return f"({' + '.join(f'IF({f}, 0, 1)' for f in fails)}) != 1"
        raise Unsupported(f"the constraint {param}")

    def _shape_of(self, param: URIRef, obj: Node) -> Node:
        return next(self.g.subjects(param, obj))

    # Conformance of a value node to a shape, for sh:node, sh:not, sh:or... (no results of its own)

    def violation(self, shape: Node, v: str, depth: int = 0) -> str:
        """A group pattern that matches when the node in ``v`` does not conform to ``shape``."""
        if depth > 8:
            raise Unsupported("a recursive shape")
        g = self.g
        if _deactivated(g, shape):
            return "FILTER (false)"
        path_node = g.value(shape, SH.path)
        path = self.path(path_node) if path_node is not None else None
        outer = self.prefix
        if path_node is not None:
            self.prefix = self.reads.path(g, path_node, deep=True, prefixes=outer)
        try:
            return self._violation(shape, v, depth, path)
        finally:
            self.prefix = outer

    def _violation(self, shape: Node, v: str, depth: int, path: str | None) -> str:
        g = self.g
        branches = []
        for param in sorted(set(g.predicates(shape, None))):
            if param in self.components:
                raise Unsupported(f"a custom constraint component ({param})")
            if param in _NOT_CONSTRAINTS or not str(param).startswith(str(SH)):
                continue
            for obj in sorted(g.objects(shape, param)):
                branches.extend(self.nested(param, obj, shape, v, path, depth))
        if not branches:
            return "FILTER (false)"
        return " UNION ".join(f"{{ {b} }}" for b in branches)

    def nested(self, param, obj, shape, v: str, path: str | None, depth: int) -> list[str]:
        if param == SH.property:
            return [self.violation(obj, v, depth + 1)]
        if param == SH.sparql:
            raise Unsupported("SHACL-SPARQL in a shape used by another shape")
        if param in (SH.closed, SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals):
            raise Unsupported(f"{param} in a shape used by another shape")
        if param == SH.qualifiedValueShape:
            return [
                self.qualified(shape, obj, counted, v, path)
                for counted in (SH.qualifiedMinCount, SH.qualifiedMaxCount)
                if self.g.value(shape, counted) is not None
            ]
        if param == SH.uniqueLang:
            if path is None or obj.toPython() is not True:
                return []
            a, b = self.var(), self.var()
            return [
                f'{v} {path} {a} . {v} {path} {b} . FILTER (isLiteral({a}) && LANG({a}) != "" '
                f"&& LCASE(LANG({a})) = LCASE(LANG({b})) && !sameTerm({a}, {b}))"
            ]
        aggregate = self.aggregate(param, obj, shape, v, path)
        if aggregate is not None:
            return [aggregate]
        if path is None:
            return [f"FILTER ({self.value_test(param, obj, v)})"]
        value = self.var()
        test = self.value_test(param, obj, value)
        return [f"{v} {path} {value} . FILTER ({test})"]

    # SHACL-SPARQL

    def sparql(self, root, shape, constraint, focus, path) -> Check | None:
        g = self.g
        if _deactivated(g, constraint):
            return None
        text = g.value(constraint, SH.select)
        if text is None:
            raise Unsupported("a SHACL-SPARQL constraint without sh:select")
        query = str(text)
        if re.search(r"[$?]shapesGraph\b", query):
            raise Unsupported("$shapesGraph in SHACL-SPARQL")
        if re.search(r"(?i)\b(LIMIT|OFFSET|MINUS|VALUES|SERVICE|GRAPH)\b", _code(query)):
            raise Unsupported("LIMIT, OFFSET, MINUS, VALUES, SERVICE or GRAPH in SHACL-SPARQL")
        if re.search(r"(?i)\bAS\s+[$?](this|currentShape|shapesGraph)\b", _code(query)):
            raise Unsupported("a pre-bound variable assigned in SHACL-SPARQL (BIND … AS $this)")
        if re.search(r"(?i)\b(isBlank|isIRI|isURI)\s*\(", _code(query)):
            raise Unsupported(
                "a node-kind test in SHACL-SPARQL (blank nodes are IRIs in the store)"
            )
        if re.search(r"[$?]currentShape\b", query):
            query = re.sub(r"[$?]currentShape\b", _term(shape), query)
        if re.search(r"\$PATH\b", query):
            if path is None:
                raise Unsupported("$PATH in a node shape")
            query = re.sub(r"\$PATH\b", lambda _: path, query)
        prologue = "".join(
            f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(self.prefixes(constraint).items())
        )
        body, projects = _inject_focus(query, focus)
        self.reads.queries.append(prologue + query)
        return Check(
            root=root,
            shape=shape,
            component=SH.SPARQLConstraintComponent,
            query=prologue + body,
            path=g.value(shape, SH.path),
            value="sparql",
            sparql=constraint,
            projects=projects,
        )

    def prefixes(self, constraint: Node) -> dict[str, str]:
        g = self.g
        found: dict[str, str] = {}
        sources = list(g.objects(constraint, SH.prefixes))
        for source in sources:  # and the ontologies they import
            sources.extend(i for i in g.objects(source, OWL.imports) if i not in sources)
        for source in sources:
            for declaration in g.objects(source, SH.declare):
                prefix, namespace = (
                    g.value(declaration, SH.prefix),
                    g.value(declaration, SH.namespace),
                )
                if prefix is not None and namespace is not None:
                    found[str(prefix)] = str(namespace)
        return found


_RANGES = {SH.minInclusive: (0, 1), SH.minExclusive: (1,), SH.maxInclusive: (0, -1),
           SH.maxExclusive: (-1,)}  # fmt: skip


def _out_of_range(param: URIRef, bound: Node) -> Callable[[Node], bool]:
    """pySHACL's test of a value against sh:minInclusive and the like."""
    from pyshacl.rdfutil.compare import compare_literal

    allowed = _RANGES[param]
    bound_is_string = isinstance(bound, Literal) and isinstance(bound.value, str)

    def violates(row: Row) -> bool:
        value = row.get("value") if "value" in row else row.get("this")
        if not isinstance(value, Literal):
            return True
        if isinstance(value.value, str) != bound_is_string:
            return True
        try:
            return compare_literal(value, bound) not in allowed
        except (TypeError, NotImplementedError):
            return True

    return violates


def _select(projection: str, focus: _Focus, body: str) -> str:
    """A check's query: the focus nodes first, then the pattern of the results."""
    return f"SELECT DISTINCT {projection}{focus.keys} WHERE {{ {focus('?this')} {body} }}"


class _Focus:
    """The focus nodes of a shape as a pattern binding a given variable.

    ``keys`` are further variables every check projects: a property shape's own property shapes
    run once per focus node of the parent (pySHACL reports a result once per parent).
    """

    def __init__(self, pattern: Callable[[str], str], keys: str = "") -> None:
        self.pattern, self.keys = pattern, keys

    def __call__(self, var: str) -> str:
        return self.pattern(var)


def _not_less(or_equal: bool) -> Callable[[Row], bool]:
    """pySHACL's sh:lessThan / sh:lessThanOrEquals test of a pair of values."""

    def plain(node: Node) -> tuple[object, bool]:
        if isinstance(node, URIRef):
            return str(node), True
        if isinstance(node, Literal) and isinstance(node.value, str):
            return node.value, True
        return node, False

    def violates(row: Row) -> bool:
        (value, value_string), (other, other_string) = plain(row["value"]), plain(row["_o"])
        if value_string != other_string:
            return True
        return not (value <= other if or_equal else value < other)

    return violates


# constraints that read the value nodes' own statements (their types, their properties)
_DEEP = {SH["class"], SH.node, SH["not"], SH["and"], SH["or"], SH.xone, SH.qualifiedValueShape,
         SH.property, SH.sparql}  # fmt: skip


Step = tuple[Node, bool, bool]
"""A step of a path from a focus node: (predicate, read forwards, repeated as in p+ or p*)."""


class _Reads:
    """Which statements the checks read beyond the focus node's own.

    A check of focus node X reads (X, p, ?) for the predicates of its paths; it reads further
    only where a constraint looks at a value node's own statements (a ``deep`` one: sh:class,
    sh:node...), or along a path of several steps. So a statement (s, p, o) added can change the
    results of s; of o where some check reads p backwards (``backward``); and of the nodes that
    reach s or o along one of the ``routes``: the steps from a focus node to a node whose own
    statements a check reads.
    """

    def __init__(self) -> None:
        self.backward: set[Node] = set()
        self.routes: set[tuple[Step, ...]] = set()
        self.queries: list[str] = []
        self.analysed = False
        self.backward_any = False
        self.everything = False
        """A check reads statements not connected to its focus node: every node may change."""

    def update(self, other: _Reads) -> None:
        self.backward |= other.backward
        self.routes |= other.routes
        self.queries += other.queries

    def path(
        self, g: Graph, node: Node, *, deep: bool, prefixes: list[tuple[Step, ...]]
    ) -> list[tuple[Step, ...]]:
        """Note the steps of a SHACL path read after ``prefixes``; the routes to its values."""
        extended = []
        for sequence in _sequences(g, node):
            for step in sequence:
                if not step[1]:
                    self.backward.add(step[0])
            for prefix in prefixes:
                for i in range(1, len(sequence) + 1):
                    if i < len(sequence) or deep:
                        self.routes.add(prefix + sequence[:i])
                extended.append(prefix + sequence)
        return extended

    @staticmethod
    def _list(g: Graph, node: Node | None) -> list[Node]:
        return list(Collection(g, node)) if node is not None else []

    def analyse_queries(self) -> None:
        """Read the SHACL-SPARQL queries' patterns the same way (parsing them costs time:
        done only for incremental validation)."""
        if self.analysed:
            return
        self.analysed = True
        for query in self.queries:
            try:
                edges = _pattern_edges(query)
            except Exception:  # a query rdflib cannot read: assume it reads anything
                self.everything = True
                continue
            self._walk_pattern(edges)

    def _walk_pattern(self, edges: tuple[tuple[Node, Node | None, Node, bool | None], ...]) -> None:
        from rdflib.term import Variable

        incident: dict[Node, list[int]] = {}
        for i, (a, _, b, _) in enumerate(edges):
            incident.setdefault(a, []).append(i)
            incident.setdefault(b, []).append(i)
        this = Variable("this")
        todo, routes, seen = [this], {this: ()}, set()
        while todo:
            node = todo.pop(0)
            for i in incident.get(node, []):
                if i in seen:
                    continue
                seen.add(i)
                a, p, b, repeated = edges[i]
                forward = a == node
                far = b if forward else a
                deep = len(incident[far]) > 1 or bool(repeated)
                route = routes[node]
                if p is None and repeated is False:  # a variable predicate
                    if deep:
                        self.everything = True
                    elif not forward:
                        self.backward_any = True
                elif p is not None:
                    route = route + ((p, forward, bool(repeated)),)
                    if not forward:
                        self.backward.add(p)
                    if deep and p != RDFS.subClassOf:  # (a new subclass: a full run)
                        self.routes.add(route)
                if far not in routes:
                    routes[far] = route
                    todo.append(far)
        if len(seen) < len(edges):  # a pattern not connected to $this
            self.everything = True


def _sequences(g: Graph, node: Node, forward: bool = True) -> list[tuple[Step, ...]]:
    """A SHACL path as its sequences of steps (one per combination of alternatives)."""
    if isinstance(node, URIRef):
        return [((node, forward, False),)]
    if (node, RDF.first, None) in g:
        parts = [_sequences(g, step, forward) for step in Collection(g, node)]
        if not forward:
            parts.reverse()
        found: list[tuple[Step, ...]] = [()]
        for options in parts:
            found = [a + b for a in found for b in options]
        return found
    if (inner := g.value(node, SH.alternativePath)) is not None:
        return [seq for option in Collection(g, inner) for seq in _sequences(g, option, forward)]
    if (inner := g.value(node, SH.inversePath)) is not None:
        return _sequences(g, inner, not forward)
    if (inner := g.value(node, SH.zeroOrOnePath)) is not None:
        return _sequences(g, inner, forward)
    for repeated in (SH.zeroOrMorePath, SH.oneOrMorePath):
        if (inner := g.value(node, repeated)) is not None:
            return [tuple((p, f, True) for p, f, _ in seq) for seq in _sequences(g, inner, forward)]
    raise Unsupported(f"a path this compiler does not read: {node}")


@lru_cache(maxsize=256)  # rdflib parses a query in about 0.1 s
def _pattern_edges(query: str) -> tuple[tuple[Node, Node | None, Node, bool | None], ...]:
    """The triple patterns of a query as edges (subject, predicate, object, repeated), paths
    expanded; a variable predicate is None with repeated False, an alias (BIND ?x AS ?y) None
    with repeated None."""
    from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import Variable

    edges: list = []
    scope: tuple[int, ...] = ()

    def expand(a, path, b, repeated=False):
        if isinstance(path, URIRef):
            edges.append((a, path, b, repeated, scope))
        elif isinstance(path, Variable):
            edges.append((a, None, b, False, scope))
        elif isinstance(path, InvPath):
            expand(b, path.arg, a, repeated)
        elif isinstance(path, SequencePath):
            nodes = [a] + [BNode() for _ in path.args[1:]] + [b]
            for i, step in enumerate(path.args):
                expand(nodes[i], step, nodes[i + 1], repeated)
        elif isinstance(path, AlternativePath):
            for step in path.args:
                expand(a, step, b, repeated)
        elif isinstance(path, MulPath):
            expand(a, path.path, b, repeated or path.mod != "?")
        else:
            raise ValueError(f"a path lpkg does not follow: {path}")

    def visit(node):
        nonlocal scope
        if isinstance(node, CompValue):
            if node.name == "Extend" and isinstance(node.get("expr"), Variable):
                edges.append((node["expr"], None, node["var"], None, scope))
            for key, value in node.items():
                if key == "triples":
                    for s, p, o in value:
                        expand(s, p, o)
                elif node.name == "Union" and key in ("p1", "p2"):
                    outer, scope = scope, scope + (len(edges), 1 if key == "p1" else 2)
                    visit(value)
                    scope = outer
                else:
                    visit(value)
        elif isinstance(node, list | tuple):
            for item in node:
                visit(item)

    visit(prepareQuery(query).algebra)
    # a variable of one UNION branch is not the same node as in another branch
    scopes: dict[Node, list[tuple[int, ...]]] = {}
    for a, _, b, _, where in edges:
        for term in (a, b):
            scopes.setdefault(term, []).append(where)

    def key(term: Node, where: tuple[int, ...]) -> object:
        if not isinstance(term, Variable) or term == Variable("this"):
            return term
        outer = min((w for w in scopes[term] if where[: len(w)] == w), key=len)
        return (term, outer)

    return tuple((key(a, w), p, key(b, w), r) for a, p, b, r, w in edges)


_ONLY = "VALUES ?_f { UNDEF }"
"""Where evaluate() writes the focus nodes to look at: first, so that the planner starts there."""


def _values_of(focus: _Focus, path: str, depth: int) -> _Focus:
    """The focus nodes of a property shape's own property shapes: its value nodes."""
    h, g = f"?_h{depth}", f"?_g{depth}"
    return _Focus(
        lambda var: (
            f"{{ SELECT DISTINCT{focus.keys} {h} ({g} AS {var}) "
            f"WHERE {{ {focus(h)} {h} {path} {g} }} }}"
        ),
        f"{focus.keys} {h}",
    )


def _custom_parameters(shapes: Graph) -> set[Node]:
    """The parameters of constraint components the shapes graph declares itself."""
    return {
        path
        for parameter in shapes.objects(None, SH.parameter)
        for path in shapes.objects(parameter, SH.path)
    }


def _component(param: URIRef) -> URIRef:
    name = str(param)[len(str(SH)) :]
    return URIRef(f"{SH}{name[0].upper()}{name[1:]}ConstraintComponent")


# rdflib's view of a literal's value, which pySHACL's sh:datatype checks (ill-typed literals)
_PYTHON_TYPES = {
    XSD.string: (str, bytes),
    RDF.langString: (str, bytes),
    XSD.integer: int,
    XSD.float: float,
    XSD.decimal: Decimal,
    XSD.boolean: bool,
}


def _datatype_test(datatype: Node, v: str) -> str:
    if datatype == RDFS.Literal:
        return f"!isLiteral({v})"
    if datatype == RDFS.Datatype:
        return f'!isLiteral({v}) || LANG({v}) != "" || DATATYPE({v}) = {XSD.string.n3()}'
    # ill-typed literals are marked in the store by the loader (see OxigraphStore)
    marker = _ILL_TYPED.n3()
    return (
        f"!isLiteral({v}) || DATATYPE({v}) != {_term(_stored(datatype))} || EXISTS {{ "
        f"{marker} {marker} ?_bad . "
        f'FILTER (STR(?_bad) = CONCAT(STR(DATATYPE({v})), " ", STR({v}))) }}'
    )


_ILL_TYPED = URIRef("urn:lpkg:ill-typed")


def _code(query: str) -> str:
    """The query without strings, IRIs and comments (to look for keywords)."""
    return _TOKENS.sub(
        lambda m: " " if m.group(0).startswith(("#", '"', "'", "<")) else m.group(0), query
    )


# strings (long and short), IRIs, comments; anything else one character at a time
_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*',
)


def _inject_focus(query: str, focus: Callable[[str], str]) -> tuple[str, frozenset[str]]:
    """The query with the focus nodes joined into every group that uses ``$this``.

    pySHACL pre-binds ``$this`` for one focus node at a time; joining the focus pattern into each
    group that mentions it (outside FILTER EXISTS, where it is bound already) gives the same rows
    for all focus nodes in one query, and puts the focus nodes first for the planner.
    """
    masked = _TOKENS.sub(lambda m: "\0" * len(m.group(0)), query)
    select = re.search(r"(?is)\bSELECT\b(.*?)\bWHERE\b", masked)
    if select is None or "{" not in masked[select.end() :]:
        raise Unsupported("a SHACL-SPARQL query that is not SELECT ... WHERE { ... }")
    if re.search(r"(?i)\bSELECT\b", masked[select.end() :]):
        raise Unsupported("a sub-query in SHACL-SPARQL")
    projection = query[select.start(1) : select.end(1)]
    names = set(re.findall(r"[?$](\w+)", projection))
    star = "*" in masked[select.start(1) : select.end(1)]
    if re.search(
        r"(?i)\b(GROUP\s+BY|HAVING|ORDER\s+BY|COUNT|SUM|AVG|SAMPLE|GROUP_CONCAT)\b", masked
    ):
        raise Unsupported("grouping, aggregates or ordering in SHACL-SPARQL")
    projects = frozenset({"this", "path", "value"} & names) | ({"*"} if star else set())
    if not star and "this" not in names:
        modifiers = re.match(r"(?is)\s*(DISTINCT|REDUCED)?", projection)
        cut = select.start(1) + modifiers.end()
        query = query[:cut] + " ?this" + query[cut:]
        masked = masked[:cut] + " ?this" + masked[cut:]
    # the groups { } of the WHERE clause that mention $this, outside FILTER (NOT) EXISTS
    stack: list[tuple[int, bool]] = []
    inserts: list[int] = []
    for i in range(masked.index("{", select.end()), len(masked)):
        if masked[i] == "{":
            after_exists = re.search(r"(?i)\bEXISTS$", masked[:i].rstrip()) is not None
            stack.append((i, after_exists or any(e for _, e in stack)))
        elif masked[i] == "}":
            open_at, in_exists = stack.pop()
            if not in_exists and re.search(r"[?$]this\b", masked[open_at:i]):
                inserts.append(open_at + 1)
            if not stack:
                break
    for at in sorted(inserts, reverse=True):
        query = query[:at] + " " + focus("?this") + " " + query[at:]
    return query, projects


# --- Evaluating ----------------------------------------------------------------------------------


def evaluate(
    compiled: CompiledShapes,
    select: Select,
    *,
    data: Graph | None = None,
    focus_nodes: Iterable[Node] | None = None,
    allow_warnings: bool = True,
    workers: int = min(4, os.cpu_count() or 1),
) -> Graph:
    """Run the checks through ``select`` and write the report pySHACL would write.

    With ``focus_nodes``, only those of the shapes' focus nodes are validated. ``data`` (an
    rdflib graph) is needed where some shape falls back to pySHACL, and gives pySHACL's messages
    their labels of blank nodes. The queries run ``workers`` at a time (``select`` must allow
    that; pyoxigraph evaluates queries in parallel).
    """
    only = None
    if focus_nodes is not None:
        values = " ".join(sorted({_focus_term(n) for n in focus_nodes}))
        only = f"VALUES ?_f {{ {values} }}"
    report = Graph(bind_namespaces="none")
    report.bind("sh", SH)
    node = BNode()
    report.add((node, RDF.type, SH.ValidationReport))
    writer = _Writer(compiled.shapes, report, node, data)
    queries = [c.query if only is None else c.query.replace(_ONLY, only) for c in compiled.checks]
    with ThreadPoolExecutor(workers) as pool:
        answers = list(pool.map(select, queries))
    for check, (_, rows) in zip(compiled.checks, answers, strict=True):
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
        messages = []
        for m in extra:
            if m not in shape_messages:
                messages.append(
                    Literal(_format(str(m), variables)) if isinstance(m, Literal) else m
                )
        for m in shape_messages:
            messages.append(Literal(_format(str(m), variables)) if isinstance(m, Literal) else m)
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
    from .validate import pyshacl_report

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


# --- The embedded store --------------------------------------------------------------------------


class OxigraphStore:
    """An in-memory pyoxigraph store of an rdflib graph, with ``select`` giving rdflib terms.

    Oxigraph keeps literals in canonical form (``"01"^^xsd:integer`` is stored as ``"1"``,
    language tags lower-cased); results are mapped back to the literal the graph holds, so that
    the report names the values the data states. Literals rdflib finds ill-typed are marked with a
    triple ``<urn:lpkg:ill-typed> <urn:lpkg:ill-typed> "datatype lexical"`` that the sh:datatype
    checks read, since the store's own view of well-formedness differs from rdflib's (pySHACL's).
    """

    def __init__(self, graph: Graph | None = None) -> None:
        import pyoxigraph as ox

        self._ox = ox
        self.store = ox.Store()
        self._literals: dict[tuple, Literal] = {}
        self._graphs: list[Graph] = []
        if graph is not None:
            self.add(graph)

    def add(self, graph: Graph) -> None:
        ox = self._ox
        quads = []
        default = ox.DefaultGraph()
        marker = ox.NamedNode(str(_ILL_TYPED))
        for s, p, o in _triples(graph):
            quads.append(ox.Quad(self.to_ox(s), self.to_ox(p), self.to_ox(o), default))
            if isinstance(o, Literal):
                if _ill_typed(o):
                    lexical = ox.Literal(f"{_stored(o.datatype)} {o}")
                    quads.append(ox.Quad(marker, marker, lexical, default))
                # what oxigraph may give back in another form (see the class's comment)
                if o.datatype not in (None, XSD.string) or (o.language or "").lower() != (
                    o.language or ""
                ):
                    self._literals.setdefault(_literal_key(o), o)
        self.store.extend(quads)
        self._graphs.append(graph)

    @classmethod
    def from_files(cls, paths: Iterable[str]) -> OxigraphStore:
        """A store of RDF files read by pyoxigraph's parser, without rdflib (large data).

        Blank nodes get names of their file's own; literals rdflib would find ill-typed are not
        marked (the store's view of them holds), and shapes that fall back to pySHACL cannot run.
        """
        import pyoxigraph as ox

        store = cls()
        for number, path in enumerate(paths):
            prefix = f"{_SKOLEM}f{number}-"

            def named(term, prefix=prefix):
                if isinstance(term, ox.BlankNode):
                    return ox.NamedNode(prefix + term.value)
                if isinstance(term, ox.Literal) and term.datatype.value in _REWRITTEN_IRIS:
                    proxy = ox.NamedNode(_PROXY + term.datatype.value)
                    return ox.Literal(term.value, datatype=proxy)
                return term

            store.store.extend(
                ox.Quad(named(q.subject), q.predicate, named(q.object), q.graph_name)
                for q in ox.parse(path=str(path))
            )
        return store

    def graph(self) -> Graph:
        """The statements added, as one rdflib graph (for the shapes pySHACL validates)."""
        if len(self._graphs) == 1:
            return self._graphs[0]
        union = Graph()
        for graph in self._graphs:
            union += graph
        return union

    def to_ox(self, term: Node):
        ox = self._ox
        if isinstance(term, URIRef):
            return ox.NamedNode(str(term))
        if isinstance(term, BNode):
            return ox.NamedNode(_SKOLEM + term)
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(_stored(term.datatype)))
        return ox.Literal(str(term))

    def to_rdflib(self, term) -> Node | None:
        ox = self._ox
        if term is None:
            return None
        if isinstance(term, ox.NamedNode):
            if term.value.startswith(_SKOLEM):
                return BNode(term.value[len(_SKOLEM) :])
            return URIRef(term.value)
        if isinstance(term, ox.BlankNode):
            return BNode(term.value)
        if term.language:
            literal = Literal(term.value, lang=term.language)
        else:
            datatype = term.datatype.value.removeprefix(_PROXY)
            literal = Literal(
                term.value, datatype=None if datatype == str(XSD.string) else datatype
            )
        return self._literals.get(_literal_key(literal), literal)

    def select(self, query: str) -> tuple[list[str], list[Row]]:
        solutions = self.store.query(query, use_default_graph_as_union=True)
        names = [v.value for v in solutions.variables]
        rows = [{n: self.to_rdflib(s[n]) for n in names} for s in solutions]
        return names, rows


def _triples(graph: Graph) -> Iterator[tuple[Node, Node, Node]]:
    """The statements of a graph, or of every graph of a dataset (the union, as queries see it)."""
    if isinstance(graph, ConjunctiveGraph):
        for s, p, o, _ in graph.quads((None, None, None, None)):
            yield s, p, o
    else:
        yield from graph


def _ill_typed(literal: Literal) -> bool:
    if literal.ill_typed:
        return True
    expected = _PYTHON_TYPES.get(literal.datatype)
    return expected is not None and not isinstance(literal.value, expected)


def _literal_key(literal: Literal) -> tuple:
    """Equal for a literal and the canonical form oxigraph gives it back in."""
    if literal.language:
        return ("@", str(literal), literal.language.lower())
    datatype = literal.datatype or XSD.string
    value = literal.value
    if value is not None and not literal.ill_typed and not isinstance(value, str):
        return (datatype, type(value).__name__, value)
    return (datatype, str(literal))


def validate_graph(
    data: Graph, shapes: Graph, *, compiled: CompiledShapes | None = None
) -> tuple[bool, Graph, list[tuple[Node, str]]]:
    """Validate an rdflib graph on an embedded pyoxigraph store, like ``pyshacl.validate``:
    (conforms, report graph, the shapes that went to pySHACL with the reason).
    """
    compiled = compiled or compile_shapes(shapes)
    store = OxigraphStore(data)
    report = evaluate(compiled, store.select, data=data)
    return _conforms(report), report, compiled.fallback


def _conforms(report: Graph) -> bool:
    return bool(next(report.objects(None, SH.conforms)).toPython())


# --- Incremental validation ----------------------------------------------------------------------


def affected_focus_nodes(
    select: Select, compiled: CompiledShapes, contribution: Graph
) -> set[Node] | None:
    """The nodes whose results a contribution (statements added to the data) may change.

    Those are the subjects of its statements, their objects where a check reads the predicate
    backwards, and the nodes that reach those along a route of the checks (see
    :class:`_Reads`). None when every node may be affected: the contribution changes the class
    hierarchy (which class targets and sh:class read), or a SHACL-SPARQL query reads statements
    not connected to its focus node.
    """
    reads = compiled.reads
    reads.analyse_queries()
    if reads.everything or (None, RDFS.subClassOf, None) in contribution:
        return None
    affected: set[Node] = set()
    for s, p, o in contribution:
        affected.add(s)
        if (p in reads.backward or reads.backward_any) and not isinstance(o, Literal):
            affected.add(o)
    if not affected:
        return affected
    nodes = " ".join(sorted(_focus_term(n) for n in affected))
    for route in sorted(reads.routes, key=str):
        back = "/".join(
            f"({'^' if forward else ''}{p.n3()}){'*' if repeated else ''}"
            for p, forward, repeated in reversed(route)
        )
        _, rows = select(f"SELECT DISTINCT ?x WHERE {{ VALUES ?n {{ {nodes} }} ?n {back} ?x }}")
        affected |= {row["x"] for row in rows if not isinstance(row["x"], Literal)}
    return affected


def validate_incremental(
    data: Graph | OxigraphStore, contribution: Graph, shapes: Graph | CompiledShapes
) -> tuple[Graph, set[Node] | None]:
    """Add ``contribution`` to ``data`` and validate only the focus nodes it may affect.

    The report holds the results of those nodes, as a full run on data + contribution gives
    them; for data that conformed before (what ``lpkg add`` checks against), it is the full
    report. Shapes that fall back to pySHACL run on all their focus nodes. Returns the report
    and the nodes validated (None: all of them). ``shapes`` may be compiled already (a process
    that validates several contributions compiles once).
    """
    store = data if isinstance(data, OxigraphStore) else OxigraphStore(data)
    store.add(contribution)
    compiled = shapes if isinstance(shapes, CompiledShapes) else compile_shapes(shapes)
    affected = affected_focus_nodes(store.select, compiled, contribution)
    graph = store.graph() if compiled.fallback else None
    return evaluate(compiled, store.select, data=graph, focus_nodes=affected), affected
