"""Inference: the entailments of the ontology's axioms, materialized by SPARQL rules in the store
(:func:`materialize`, :func:`infer`); owlrl's whole OWL 2 RL closure is the reference they are
tested against (:func:`owl_rl_closure`).

The rules (:mod:`lpkg.rules`) are ``CONSTRUCT`` queries over the union of the store's graphs;
what they yield goes into the named graph :data:`INFERRED` of a store with named graphs, or into
the graph itself. ``CONSTRUCT`` and an insert rather than ``INSERT ... WHERE``: pyoxigraph
evaluates an update's ``WHERE`` against its default graph only, while the data lives in the named
graphs of its source pages.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from .errors import InputError
from .load import new_graph
from .namespaces import BASE
from .rules import SCHEMA_RULES, Rule, instance_rules

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib.plugins.sparql.sparql import Query

    from .store import Store

INFERRED = URIRef(BASE + "graph/inferred")
"""The named graph that holds what the rules derive, in a store with named graphs."""


Added = dict[str, list[Any]]
"""Triples a rule added, by predicate (N-Triples), as the engine's own triples."""


class _Engine(Protocol):
    def select(self, query: str) -> list[tuple[str, ...]]: ...

    def holds_any(self, predicates: Iterable[str]) -> bool:
        """Whether the store holds a triple with one of ``predicates`` (N-Triples)."""
        ...

    def apply(self, rule: Rule, delta: Sequence[Any] | None = None) -> Added:
        """Add what ``rule`` derives that is not there yet, from the store, or from the triples
        ``delta`` only (a rule with a single premise); return what it added."""
        ...


def materialize(target: Graph | ox.Store) -> int:
    """Add to ``target`` what the ontology's axioms in it entail, applying the rules until none
    adds anything; return the number of triples added.

    ``target`` is an rdflib graph (the triples are added to it), an rdflib dataset or a
    pyoxigraph store (the rules read the union of the graphs and add to the graph
    :data:`INFERRED`).

    >>> from rdflib.namespace import OWL
    >>> from lpkg.namespaces import LORG, ORG
    >>> graph = new_graph()
    >>> _ = graph.add((ORG.member, OWL.inverseOf, ORG.hasMembership))
    >>> _ = graph.add((LORG.a, ORG.member, LORG.b))
    >>> materialize(graph), (LORG.b, ORG.hasMembership, LORG.a) in graph
    (1, True)
    """
    engine = _engine(target)
    added = 0
    previous: list[Rule] | None = None
    while True:
        added += _fixpoint(engine, SCHEMA_RULES)
        rules = instance_rules(engine.select)
        if rules == previous:  # the axioms are as they were when the rules last reached a fixpoint
            return added
        added += _fixpoint(engine, rules)
        previous = rules


def _fixpoint(engine: _Engine, rules: Sequence[Rule]) -> int:
    """Apply ``rules`` in turn until a pass adds nothing; the number of triples added.

    Semi-naive: a rule that ran already runs again only when triples with a predicate its
    premises read were added since, and a rule with a single premise then reads just those
    triples (the others the whole store). A rule listed twice (``prp-spo1`` before and after
    the chains) is one rule here, so its second run in a pass reads what came in between; a rule
    that does not feed itself (:attr:`Rule.feeds_itself`) does not read its own results. A rule
    none of whose premises' predicates the store holds does not run until one is added.
    """
    added = 0
    # what each rule has not seen yet, as the batches other rules added; None: everything
    unseen: dict[Rule, list[Added] | None] = dict.fromkeys(rules)
    while True:
        new = 0
        for rule in rules:
            batches = unseen[rule]
            unseen[rule] = []
            if batches is None:
                if not engine.holds_any(rule.reads):
                    continue
                triples = engine.apply(rule)
            else:
                delta = [t for batch in batches for p in rule.reads for t in batch.get(p, ())]
                if not delta:
                    continue
                triples = engine.apply(rule, delta if rule.single else None)
            if triples:
                new += sum(len(batch) for batch in triples.values())
                for other, pending in unseen.items():
                    if pending is not None and (other != rule or rule.feeds_itself):
                        pending.append(triples)
        if not new:
            return added
        added += new


def infer(graph: Graph) -> Graph:
    """Return a new graph holding ``graph`` and what the rules derive from it (see
    :func:`materialize`); ``graph`` is untouched."""
    closure = new_graph()
    for triple in graph:
        closure.add(triple)
    for triple in derive(graph):
        closure.add(triple)
    return closure


def derive(graph: Graph) -> Graph:
    """Return a new graph holding only what the rules derive from ``graph`` and ``graph`` does
    not hold (:func:`infer` without the copy of ``graph``); its blank nodes are ``graph``'s.

    The rules run in a pyoxigraph store holding a copy of ``graph`` (tens of times faster than
    rdflib's SPARQL engine, the same rules).
    """
    import pyoxigraph as ox

    derived = new_graph()
    converter = _Converter()
    store = ox.Store()
    store.extend(ox.Quad(*converter.to_oxigraph(triple)) for triple in graph)
    materialize(store)
    for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(str(INFERRED))):
        derived.add(converter.to_rdflib(quad.triple))
    return derived


def inferred_store(store: Store, *, in_place: bool = False) -> Store:
    """A store holding ``store``'s quads and what the rules derive from them (``--infer``, and
    the queries that need it).

    A new store, ``store`` untouched; with ``in_place``, a pyoxigraph store in memory gets the
    derived quads itself and is returned (``lpkg query``, whose store this process loaded and
    nothing else reads: the copy took 3 s of 21 at 10^6 triples). A store on disk is copied into
    memory even then, so that it keeps only the data; an rdflib one is copied to run the rules
    on pyoxigraph.

    Raises:
        InputError: ``store`` is an endpoint, which answers from what it holds.
    """
    from .store import OxigraphStore, RdflibStore

    if isinstance(store, RdflibStore):
        return RdflibStore(infer(store.graph))
    if isinstance(store, OxigraphStore):
        if in_place and store.path is None:
            materialize(store.store)
            return store
        copy = OxigraphStore()
        copy.store.bulk_extend(store.store)
        materialize(copy.store)
        return copy
    raise InputError(
        "What the ontology's axioms entail (lpkg query --infer, and the queries that need it) "
        "is derived by lpkg from the dataset's files, and an endpoint answers from what it "
        "holds: load inferred.ttl of a release into the endpoint and ask it with a .rq file, or "
        "give lpkg the dataset itself."
    )


def owl_rl_closure(graph: Graph) -> Graph:
    """Return a new graph holding ``graph`` and its whole OWL 2 RL closure (owlrl), the reference
    the rules are tested against; ``graph`` is untouched.

    Axiomatic triples about RDF and OWL themselves are left out: they add nothing a query of the
    dataset needs and would multiply the size of the graph.
    """
    import owlrl  # imported here: only the reference and the benchmarks need it

    closure = new_graph()
    for triple in graph:
        closure.add(triple)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
    ).expand(closure)
    return closure


def _engine(target: Graph | ox.Store) -> _Engine:
    if isinstance(target, Dataset):
        # a second view of the same store, whose default graph is the union of the graphs
        return _RdflibEngine(
            Dataset(store=target.store, default_union=True), target.graph(INFERRED)
        )
    if isinstance(target, Graph):
        return _RdflibEngine(target, target)
    return _OxigraphEngine(target)


class _RdflibEngine:
    """Rules on rdflib: queries on ``source``, results added to ``into``."""

    def __init__(self, source: Graph, into: Graph) -> None:
        self.source = source
        self.into = into
        self.prepared: dict[str, Query] = {}  # rdflib parses slowly; rules repeat every round

    def _query(self, text: str, source: Graph | None = None) -> Any:
        from .rdflib_sparql import prepareQuery

        if text not in self.prepared:
            self.prepared[text] = prepareQuery(text)
        return (self.source if source is None else source).query(self.prepared[text])

    def select(self, query: str) -> list[tuple[str, ...]]:
        return [tuple(term.n3() for term in row) for row in self._query(query)]

    def holds_any(self, predicates: Iterable[str]) -> bool:
        return any(
            next(self.source.triples((None, URIRef(p[1:-1]), None)), None) is not None
            for p in predicates
        )

    def apply(self, rule: Rule, delta: Sequence[Any] | None = None) -> Added:
        source = None
        if delta is not None:
            source = new_graph()
            for triple in delta:
                source.add(triple)
        found = self._query(rule.candidates, source)
        triples = {t for t in found if t not in self.source}
        added: Added = {}
        for triple in triples:
            self.into.add(triple)
            added.setdefault(triple[1].n3(), []).append(triple)
        return added


class _OxigraphEngine:
    """Rules on pyoxigraph: queries on the union of the graphs, results added to INFERRED."""

    def __init__(self, store: Any) -> None:
        import pyoxigraph as ox

        self.store = store
        self.graph = ox.NamedNode(str(INFERRED))

    def select(self, query: str) -> list[tuple[str, ...]]:
        solutions = self.store.query(query, use_default_graph_as_union=True)
        width = len(solutions.variables)
        return [tuple(str(row[i]) for i in range(width)) for row in solutions]

    def holds_any(self, predicates: Iterable[str]) -> bool:
        import pyoxigraph as ox

        return any(
            next(self.store.quads_for_pattern(None, ox.NamedNode(p[1:-1]), None, None), None)
            is not None
            for p in predicates
        )

    def apply(self, rule: Rule, delta: Sequence[Any] | None = None) -> Added:
        import pyoxigraph as ox

        if delta is not None:
            # the rule on a store of its own holding ``delta``; each triple checked here
            source = ox.Store()
            source.extend(ox.Quad(t.subject, t.predicate, t.object) for t in delta)
            triples = {t for t in source.query(rule.candidates) if not self._holds(t)}
        elif rule.name in _CHECKED_ONE_BY_ONE:
            found = self.store.query(rule.candidates, use_default_graph_as_union=True)
            triples = {t for t in found if not self._holds(t)}
        else:
            triples = set(self.store.query(rule.query, use_default_graph_as_union=True))
        self.store.extend(ox.Quad(t.subject, t.predicate, t.object, self.graph) for t in triples)
        added: Added = {}
        for triple in triples:
            added.setdefault(str(triple.predicate), []).append(triple)
        return added

    def _holds(self, triple: Any) -> bool:
        """Whether some graph of the store holds ``triple``."""
        found = self.store.quads_for_pattern(triple.subject, triple.predicate, triple.object, None)
        return next(found, None) is not None


_CHECKED_ONE_BY_ONE = frozenset({"prp-dom", "prp-rng"})
"""Rules whose candidates pyoxigraph is given without ``FILTER NOT EXISTS`` and which are
checked one by one: pyoxigraph 0.5 spent 39 s of the 50 s of inference at 10^6 triples (0.4 s
of 1.1 s at 10^5) on their ``FILTER NOT EXISTS { ?x a ?b }``, and 5 s checking their
candidates here. The other rules' candidates are mostly there already, so for them the filter
is the faster way."""


class _Converter:
    """Terms from rdflib to pyoxigraph and back, each back to the very rdflib term it came
    from (a blank node to its blank node, ``"x"^^xsd:string`` to itself, not to ``"x"``)."""

    def __init__(self) -> None:
        self.forth: dict[Node, Any] = {}
        self.back: dict[Any, Node] = {}

    def to_oxigraph(self, triple: tuple[Node, Node, Node]) -> tuple[Any, Any, Any]:
        subject, predicate, object_ = (self._term(term) for term in triple)
        return subject, predicate, object_

    def _term(self, term: Node) -> Any:
        import pyoxigraph as ox

        if term in self.forth:
            return self.forth[term]
        if isinstance(term, URIRef):
            converted = ox.NamedNode(str(term))
        elif isinstance(term, BNode):
            converted = ox.BlankNode()
        elif isinstance(term, Literal) and term.language:
            converted = ox.Literal(str(term), language=term.language)
        elif isinstance(term, Literal):
            datatype = str(term.datatype or XSD.string)
            converted = ox.Literal(str(term), datatype=ox.NamedNode(datatype))
        else:
            raise TypeError(f"not an RDF term: {term!r}")
        self.forth[term] = converted
        self.back.setdefault(converted, term)
        return converted

    def to_rdflib(self, triple: Any) -> tuple[Node, Node, Node]:
        # the rules copy terms of the graph, and add only IRIs (rdf:type) of their own
        subject, predicate, object_ = (
            self.back.get(term) or URIRef(term.value)
            for term in (triple.subject, triple.predicate, triple.object)
        )
        return subject, predicate, object_
