"""The embedded pyoxigraph store the compiled checks run on, with the data's own terms."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal

from rdflib import BNode, ConjunctiveGraph, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

Row = dict[str, Node | None]
Select = Callable[[str], tuple[list[str], list[Row]]]
"""What a store is to the compiled checks: ``select(query) -> (variables, rows)``, rows being
dicts of rdflib terms (the shape of ``lpkg.store.Store.select``)."""

# The embedded store names blank nodes with IRIs (so that a query can name one: a contribution's
# blank nodes are focus nodes of an incremental run); the tests of node kinds count those as blank.
_SKOLEM = "urn:lpkg:bnode:"


def _focus_term(node: Node) -> str:
    return f"<{_SKOLEM}{node}>" if isinstance(node, BNode) else node.n3()


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


def _query_terms(node: Node) -> set[str]:
    """``node`` as a query names it in the store: a literal of a datatype the embedded store
    keeps under another name (:class:`OxigraphStore`) in both forms."""
    if isinstance(node, Literal) and node.datatype in _REWRITTEN:
        return {node.n3(), Literal(str(node), datatype=_stored(node.datatype)).n3()}
    return {_focus_term(node)}


# rdflib's view of a literal's value, which pySHACL's sh:datatype checks (ill-typed literals)
_PYTHON_TYPES = {
    XSD.string: (str, bytes),
    RDF.langString: (str, bytes),
    XSD.integer: int,
    XSD.float: float,
    XSD.decimal: Decimal,
    XSD.boolean: bool,
}


# marks the literals rdflib finds ill-typed (see OxigraphStore)
_ILL_TYPED = URIRef("urn:lpkg:ill-typed")


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
