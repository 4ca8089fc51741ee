"""Compiling: every (shape, constraint) of a shapes graph becomes a SELECT query whose rows are
the validation results (:func:`compile_shapes`), and what the checks read (for incremental runs)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Node

from .store import _ILL_TYPED, _REWRITTEN, _SKOLEM, Row, _stored

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
    shared: tuple[str, str] | None = None
    """For a check that tests each row of a pattern: the projection and the pattern (a shape's
    focus nodes, or those with their values on one path). Checks sharing both are run as one
    query (:func:`lpkg.shacl_sparql.evaluate`), which finds the focus nodes and walks the path
    once for all of them."""
    test: str = ""
    """With ``shared``: the expression true of a row that is a result."""


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


_IS_BLANK = f'(isBlank({{v}}) || STRSTARTS(STR({{v}}), "{_SKOLEM}"))'
_IS_IRI = f'(isIRI({{v}}) && !STRSTARTS(STR({{v}}), "{_SKOLEM}"))'


def _term(node: Node) -> str:
    if isinstance(node, BNode):
        raise Unsupported("a blank node as a constant")
    if isinstance(node, Literal) and node.datatype in _REWRITTEN:
        return Literal(str(node), datatype=_stored(node.datatype)).n3()
    return node.n3()


def _string(text: str) -> str:
    """A SPARQL string literal holding ``text`` exactly."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return '"' + escaped.replace("\r", "\\r") + '"'


class _Compiler:
    def __init__(self, shapes: Graph) -> None:
        self.g = shapes
        self.counter = 0
        self.reads = _Reads()
        self.prefix: list[Route] = [()]
        """The routes from the focus node to the value node the constraints are written for."""
        self.at: list[Route] = [()]
        """The routes from the focus node to the current shape's own focus node."""
        self.components = _custom_parameters(shapes)

    def var(self) -> str:
        self.counter += 1
        return f"?_v{self.counter}"

    # Focus nodes

    def focus(self, root: Node) -> Callable[[str], str]:
        g = self.g
        parts = []
        if (root, SH.targetClass, None) in g or {RDFS.Class, OWL.Class} & set(
            g.objects(root, RDF.type)
        ):
            self.reads.read([()], RDF.type, True)
        for cls in g.objects(root, SH.targetClass):
            parts.append(f"{{ ?_f {_TYPE_OF} {_term(cls)} }}")
        if {RDFS.Class, OWL.Class} & set(g.objects(root, RDF.type)):
            parts.append(f"{{ ?_f {_TYPE_OF} {_term(root)} }}")
        nodes = [_term(n) for n in g.objects(root, SH.targetNode)]
        if nodes:
            parts.append(f"{{ VALUES ?_f {{ {' '.join(sorted(nodes))} }} }}")
        for p in g.objects(root, SH.targetSubjectsOf):
            parts.append(f"{{ ?_f {_term(p)} ?_o }}")
            self.reads.read([()], p, True)
        for p in g.objects(root, SH.targetObjectsOf):
            parts.append(f"{{ ?_s {_term(p)} ?_f }}")
            self.reads.read([()], p, False)
        if any(True for _ in g.objects(root, SH.target)):
            raise Unsupported("a SPARQL-based or custom target (sh:target)")
        union = " UNION ".join(parts)
        # no-ops that evaluate() replaces by the focus nodes it is given (see _ONLY)
        union = f"{_only('?_f')} {{ {union} }}"
        return _Focus(
            lambda var: f"{_only(var)} {{ SELECT DISTINCT (?_f AS {var}) WHERE {{ {union} }} }}"
        )

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
        outer, at = self.prefix, self.at
        self.at = outer
        if path_node is not None:
            self.prefix = self.reads.path(g, path_node, outer)
        try:
            yield from self._checks(root, shape, focus, path, path_node)
        finally:
            self.prefix, self.at = outer, at

    def _checks(self, root, shape, focus, path, path_node) -> Iterator[Check]:
        g = self.g
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
                yield _tested(
                    "?this",
                    focus,
                    "",
                    self.qualified(shape, obj, counted, "?this", path),
                    component=_component(counted),
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
            self.reads.read(self.at, None, True)
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
            aggregate = self.value_test(param, obj, "?this")
        if aggregate is not None:
            yield _tested(
                "?this", focus, "", aggregate, component=component, value="none", **common
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
        yield _tested(
            select,
            focus,
            bind,
            test,
            component=component,
            value="value" if path is not None else "focus",
            **common,
        )

    def pair(self, param, obj, path, focus, common) -> Iterator[Check]:
        other = _term(obj)
        self.reads.read(self.at, obj, True)
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
        """An expression true of ``this`` when a constraint on all its values fails, else
        None."""
        if param == SH.minCount and path is not None:
            n = int(obj.toPython())
            return "false" if n <= 0 else f"NOT EXISTS {{ {self.distinct(this, path, n)} }}"
        if param == SH.maxCount and path is not None:
            n = int(obj.toPython())
            return f"EXISTS {{ {self.distinct(this, path, n + 1)} }}"
        if param == SH.hasValue and path is not None:
            x = self.var()
            return f"NOT EXISTS {{ {this} {path} {x} . FILTER (sameTerm({x}, {_term(obj)})) }}"
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
        """An expression true of ``this`` when its count of values conforming to
        ``value_shape`` is out of the shape's bound ``counted``."""
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
                return "false"
            return f"NOT EXISTS {{ {self.distinct(this, path, n, conforming)} }}"
        return f"EXISTS {{ {self.distinct(this, path, n + 1, conforming)} }}"

    def value_test(self, param, obj, v: str) -> str:
        """An expression true when the value node ``v`` violates the constraint."""
        if param == SH["class"]:
            self.reads.read(self.prefix, RDF.type, True)
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
            self.prefix = self.reads.path(g, path_node, outer)
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
                f"FILTER ({self.qualified(shape, obj, counted, v, path)})"
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
            return [f"FILTER ({aggregate})"]
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
        self.reads.queries.append((self.at, prologue + query))
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
    allowed = _RANGES[param]
    bound_is_string = isinstance(bound, Literal) and isinstance(bound.value, str)

    def violates(row: Row) -> bool:
        # here: pySHACL takes 40 ms to import, and few checks have rows to compare
        from pyshacl.rdfutil.compare import compare_literal

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


def _tested(select: str, focus: _Focus, bind: str, test: str, **fields) -> Check:
    """The check of each focus node (with ``bind``: of each of its values) that ``test`` is
    true of."""
    projection = f"{select}{focus.keys}"
    pattern = " ".join(p for p in (focus("?this"), bind) if p)
    return Check(
        query=f"SELECT DISTINCT {projection} WHERE {{ {pattern} FILTER ({test}) }}",
        shared=(projection, pattern),
        test=test,
        **fields,
    )


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


Step = tuple[Node, bool, bool]
"""A step of a path from a focus node: (predicate, read forwards, repeated as in p*, p+, p?)."""

Route = tuple[Step, ...]
"""The steps from a focus node to a node whose statements a check reads."""

Read = tuple[Route, Node | None, bool]
"""Statements a check reads: at the end of a route, with a predicate (None: any), forwards (the
node is their subject) or backwards (their object)."""

End = tuple[Node | None, tuple[Route, ...]]
"""One end of a triple pattern: its constant (None for a variable), and routes from the focus
node that all lead to it in every solution."""

Join = tuple[Node, End, End]
"""A triple pattern that every solution matches (in the query's main group or a ``FILTER
EXISTS`` of it): its predicate, subject and object. A statement changes the results of X only if
X reaches its subject and object along every one of those routes."""

_MAX_ROUTES = 3
_MAX_STEPS = 4


class _Reads:
    """Which statements the checks read, as seen from their focus nodes.

    A check of focus node X reads the statements of X along the steps of its paths, and of the
    nodes it reaches: a path p/q reads (X, p, Y) at X and (Y, q, Z) at the end of the route
    (p); sh:class reads the rdf:type of the value nodes, sh:node the statements its shape reads
    from there, a SHACL-SPARQL query every triple pattern connected to $this. So a statement
    (s, p, o) added can change the results of X only where a read of predicate p (or any) sits
    at the end of a route from X to s (read forwards) or to o (backwards).
    """

    def __init__(self) -> None:
        self.reads: set[Read] = set()
        self.joins: set[Join] = set()
        self.queries: list[tuple[list[Route], str]] = []
        """The SHACL-SPARQL queries, with the routes to the focus nodes of their shape."""
        self.analysed = False
        self.everything = False
        """A check reads statements not connected to its focus node: every node may change."""

    def update(self, other: _Reads) -> None:
        self.reads |= other.reads
        self.joins |= other.joins
        self.queries += other.queries

    def read(self, routes: list[Route], predicate: Node | None, forward: bool) -> None:
        self.reads |= {(route, predicate, forward) for route in routes}

    def path(self, g: Graph, node: Node, routes: list[Route]) -> list[Route]:
        """Note the statements a SHACL path reads after ``routes``; the routes to its values."""
        extended = []
        for sequence in _sequences(g, node):
            for route in routes:
                for step in sequence:
                    predicate, forward, repeated = step
                    # a repeated step reads at every node it reaches, the first one included
                    self.reads.add((route + (step,) if repeated else route, predicate, forward))
                    route += (step,)
                extended.append(route)
        return extended

    def analyse_queries(self, patterns: Callable[[str], tuple[_Edge, ...]] | None = None) -> None:
        """Read the SHACL-SPARQL queries' patterns the same way (parsing them costs time:
        done only for incremental validation), with ``patterns`` (default
        :func:`_pattern_edges`; :class:`lpkg.shacl_sparql.kept.KeptPatterns` keeps them)."""
        if self.analysed:
            return
        self.analysed = True
        for routes, query in self.queries:
            try:
                edges = (patterns or _pattern_edges)(query)
            except Exception:  # a query rdflib cannot read: assume it reads anything
                self.everything = True
                continue
            reads, joins = self._walk_pattern(edges)
            for route, predicate, forward in reads:
                self.read([r + route for r in routes], predicate, forward)
            self.joins |= {
                (predicate, *((term, tuple(r + x for x in ways)) for term, ways in ends))
                for r in routes
                for predicate, *ends in joins
            }

    def _walk_pattern(self, edges: tuple[_Edge, ...]) -> tuple[set[Read], set[Join]]:
        """The reads of a query's triple patterns, on routes from $this; those every solution
        matches as joins, where they have routes of their own (:data:`Join`)."""
        from rdflib.term import Variable

        incident: dict[Node, list[int]] = {}
        for i, (a, _, b, _, _) in enumerate(edges):
            incident.setdefault(a, []).append(i)
            incident.setdefault(b, []).append(i)
        this = Variable("this")
        todo, routes, seen = [this], {this: ()}, set()
        reads: set[Read] = set()
        joins: set[Join] = set()
        while todo:
            node = todo.pop(0)
            for i in incident.get(node, []):
                if i in seen:
                    continue
                seen.add(i)
                a, p, b, repeated, required = edges[i]
                forward = a == node
                far = b if forward else a
                route = routes[node]
                join = _join(edges, i) if required and p is not None and not repeated else None
                if join is not None:
                    joins.add(join)
                if p is None and repeated is False:  # a variable predicate
                    reads.add((route, None, forward))
                    if len(incident[far]) > 1:  # no route leads on from there
                        self.everything = True
                elif p is not None:
                    step = (p, forward, bool(repeated))
                    if join is None:
                        reads.add((route + (step,) if repeated else route, p, forward))
                    route += (step,)
                if far not in routes:
                    routes[far] = route
                    todo.append(far)
        if len(seen) < len(edges):  # a pattern not connected to $this
            self.everything = True
        return reads, joins


def _join(edges: tuple[_Edge, ...], edge: int) -> Join | None:
    """The triple pattern ``edges[edge]`` with the routes from $this to its ends over the other
    patterns every solution matches (simple, of variables, at most :data:`_MAX_ROUTES` of up to
    :data:`_MAX_STEPS` steps); None where neither end has one."""
    from rdflib.term import Variable

    links: dict[Node, list[tuple[Node, Step | None]]] = {}
    for i, (a, p, b, repeated, required) in enumerate(edges):
        if i == edge or not required or repeated or (p is None and repeated is False):
            continue
        if _constant(a) or _constant(b):
            continue
        links.setdefault(a, []).append((b, None if p is None else (p, True, False)))
        links.setdefault(b, []).append((a, None if p is None else (p, False, False)))
    found: dict[Node, list[Route]] = {}
    this = Variable("this")
    walks: list[tuple[Node, Route, frozenset[Node]]] = [(this, (), frozenset([this]))]
    while walks:  # breadth first: the shortest routes first
        node, route, visited = walks.pop(0)
        ways = found.setdefault(node, [])
        if len(ways) >= _MAX_ROUTES:
            continue
        ways.append(route)
        if len(route) < _MAX_STEPS:
            walks += [
                (far, route if step is None else route + (step,), visited | {far})
                for far, step in links.get(node, [])
                if far not in visited
            ]
    a, p, b, _, _ = edges[edge]
    ends = [
        (term, ()) if _constant(term) else (None, tuple(found.get(term, ()))) for term in (a, b)
    ]
    if not any(ways for _, ways in ends):
        return None
    return (p, ends[0], ends[1])


def _constant(term: Node) -> bool:
    return isinstance(term, URIRef | Literal)


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
    # p? as p* (its values include the node itself)
    for repeated in (SH.zeroOrMorePath, SH.oneOrMorePath, SH.zeroOrOnePath):
        if (inner := g.value(node, repeated)) is not None:
            return [tuple((p, f, True) for p, f, _ in seq) for seq in _sequences(g, inner, forward)]
    raise Unsupported(f"a path this compiler does not read: {node}")


_Edge = tuple[Node, Node | None, Node, bool | None, bool]

# Where every solution matches the patterns below a node of the algebra (or of a parsed group,
# as FILTER EXISTS keeps it): the keys that keep that, by the node's name.
_REQUIRED_KEYS = {
    "SelectQuery": ("p",), "Project": ("p",), "Distinct": ("p",), "Reduced": ("p",),
    "OrderBy": ("p",), "Filter": ("p",), "Join": ("p1", "p2"), "Extend": ("p",),
    "LeftJoin": ("p1",), "Minus": ("p1",), "BGP": ("triples",),
    "GroupGraphPatternSub": ("part",), "TriplesBlock": ("triples",),
}  # fmt: skip


@lru_cache(maxsize=256)  # rdflib parses a query in about 0.1 s
def _pattern_edges(query: str) -> tuple[_Edge, ...]:
    """The triple patterns of a query as edges (subject, predicate, object, repeated, required),
    paths expanded; a variable predicate is None with repeated False, an alias (BIND ?x AS ?y)
    None with repeated None; required: every solution matches it (the main group and the
    ``FILTER EXISTS`` that are conditions of it, not ``OPTIONAL``, ``UNION``, ``NOT EXISTS``,
    subqueries or aggregates). A variable of a UNION branch or an EXISTS is its own there
    unless the enclosing pattern has it too."""
    from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import Variable

    from ..rdflib_sparql import prepareQuery

    edges: list = []
    scope: tuple[int, ...] = ()

    def expand(a, path, b, required, repeated=False):
        if isinstance(path, URIRef):
            edges.append((a, path, b, repeated, required, scope))
        elif isinstance(path, Variable):
            edges.append((a, None, b, False, required, scope))
        elif isinstance(path, InvPath):
            expand(b, path.arg, a, required, repeated)
        elif isinstance(path, SequencePath):
            nodes = [a] + [BNode() for _ in path.args[1:]] + [b]
            for i, step in enumerate(path.args):
                expand(nodes[i], step, nodes[i + 1], required, repeated)
        elif isinstance(path, AlternativePath):
            for step in path.args:
                expand(a, step, b, False, repeated)
        elif isinstance(path, MulPath):
            # p? may match no statement at all (a = b): never required
            expand(a, path.path, b, required and path.mod != "?", repeated or path.mod != "?")
        else:
            raise ValueError(f"a path lpkg does not follow: {path}")

    def within(value, required, mark):
        nonlocal scope
        outer, scope = scope, scope + (len(edges), mark)
        visit(value, required)
        scope = outer

    def condition(expr, required):
        """A filter's expression: an EXISTS is required if the filter is it or a conjunct."""
        if isinstance(expr, CompValue) and expr.name == "ConditionalAndExpression":
            for part in [expr["expr"], *(expr.get("other") or [])]:
                condition(part, required)
        elif isinstance(expr, CompValue) and expr.name == "Builtin_EXISTS":
            within(expr["graph"], required, 3)
        else:
            visit(expr, False)

    def visit(node, required):
        if isinstance(node, CompValue):
            if node.name == "Extend" and isinstance(node.get("expr"), Variable):
                edges.append((node["expr"], None, node["var"], None, required, scope))
            keeps = _REQUIRED_KEYS.get(node.name, ())
            for key, value in node.items():
                inner = required and key in keeps
                if key == "triples":
                    for s, p, o in value:
                        expand(s, p, o, inner)
                elif node.name == "Union" and key in ("p1", "p2"):
                    within(value, False, 1 if key == "p1" else 2)
                elif node.name in ("Builtin_EXISTS", "Builtin_NOTEXISTS") and key == "graph":
                    within(value, False, 3)
                elif node.name == "Filter" and key == "expr":
                    condition(value, required)
                else:
                    visit(value, inner)
        elif isinstance(node, list | tuple):
            for item in node:
                visit(item, required)

    visit(prepareQuery(query).algebra, True)
    # a variable of one UNION branch is not the same node as in another branch
    scopes: dict[Node, list[tuple[int, ...]]] = {}
    for a, _, b, _, _, where in edges:
        for term in (a, b):
            scopes.setdefault(term, []).append(where)

    def key(term: Node, where: tuple[int, ...]) -> object:
        if not isinstance(term, Variable) or term == Variable("this"):
            return term
        outer = min((w for w in scopes[term] if where[: len(w)] == w), key=len)
        return (term, outer)

    return tuple((key(a, w), p, key(b, w), r, q) for a, p, b, r, q, w in edges)


_ONLY = re.compile(r"VALUES (\?\w+) \{ UNDEF \}")
"""Where evaluate() writes the focus nodes to look at: before the sub-select of the focus nodes
and in it, so that the planner starts there (pyoxigraph joins a sub-select after the patterns
beside it: a label check of 29 focus nodes read every label of 10^6 triples, 8.4 s, against
1 ms with the nodes outside too)."""


def _only(var: str) -> str:
    return f"VALUES {var} {{ UNDEF }}"


_FOCUS_VARIABLES = re.compile(r"VALUES (\?\w+) \{ UNDEF \} \{ SELECT DISTINCT \(\?_f AS \1\)")


def given_focus(query: str, focus: Callable[[str], str], nodes: str | None) -> str:
    """``query`` of a check of the shape whose focus pattern is ``focus``, with that pattern
    (wherever a variable is bound by it) replaced by the focus ``nodes`` (SPARQL terms) found
    beforehand; as it is if ``nodes`` is None."""
    if nodes is None:
        return query
    for var in set(_FOCUS_VARIABLES.findall(query)):
        query = query.replace(focus(var), f"VALUES {var} {{ {nodes} }}")
    return query


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


def _datatype_test(datatype: Node, v: str) -> str:
    if datatype == RDFS.Literal:
        return f"!isLiteral({v})"
    if datatype == RDFS.Datatype:
        return f'!isLiteral({v}) || LANG({v}) != "" || DATATYPE({v}) = {XSD.string.n3()}'
    # ill-typed literals are marked in the store by the loader (see OxigraphStore); a store
    # loaded otherwise (an endpoint) holds a rewritten datatype under its own name
    marker = _ILL_TYPED.n3()
    names = {_term(_stored(datatype)), _term(datatype)}
    return (
        f"!isLiteral({v}) || DATATYPE({v}) NOT IN ({', '.join(sorted(names))}) || EXISTS {{ "
        f"{marker} {marker} ?_bad . "
        f'FILTER (STR(?_bad) = CONCAT(STR(DATATYPE({v})), " ", STR({v}))) }}'
    )


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
