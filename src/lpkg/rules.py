"""SPARQL rules for the entailments of the ontology's own axioms (a subset of OWL 2 RL).

Each rule is a ``CONSTRUCT`` query whose template holds what the rule derives and whose
``WHERE`` clause ends with ``FILTER NOT EXISTS`` on that template, so a rule yields only triples
that are not there yet, and a pass in which no rule yields anything is the fixpoint.

Two kinds, named as in the rule tables of OWL 2 Profiles, section 4.3
(https://www.w3.org/TR/owl2-profiles/#OWL_2_RL):

- :data:`SCHEMA_RULES` close the axioms themselves (``scm-sco``, ``scm-dom1``, ...): generic
  queries over the few axiom triples;
- :func:`instance_rules` are written from the axioms the store holds (``prp-inv1`` for every
  ``owl:inverseOf``, ``prp-spo2`` for every ``owl:propertyChainAxiom``, ...), the axioms as
  ``VALUES`` at the top of the ``WHERE`` clause, so that the evaluator starts from them and a
  rule reads only the triples of the properties and classes it is about.

Left out, because no axiom of ``ontology/`` needs them for an entailment a query reads: equality
(``owl:sameAs`` and what functional and inverse-functional properties and keys derive with it;
the shapes keep ``lpkg:town`` and ``lpkg:memberListComplete`` to one value, so OWL 2 RL would
derive only ``x owl:sameAs x``), class expressions (restrictions, intersections, unions,
``owl:oneOf``), the consistency checks (``owl:disjointWith``, ``owl:Nothing``, ...) and the
reflexive and ``owl:Thing`` triples every class and resource gets (``C rdfs:subClassOf C``).
:data:`AXIOMS` names what the rules read; tests/test_rules.py fails when the ontology uses an
OWL or RDFS term that is in neither list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS

_PREFIXES = f"PREFIX owl: <{OWL}>\nPREFIX rdf: <{RDF}>\nPREFIX rdfs: <{RDFS}>\n"

AXIOMS = frozenset(
    {
        RDFS.subClassOf,
        RDFS.subPropertyOf,
        RDFS.domain,
        RDFS.range,
        OWL.equivalentClass,
        OWL.equivalentProperty,
        OWL.inverseOf,
        OWL.propertyChainAxiom,
        OWL.SymmetricProperty,
        OWL.TransitiveProperty,
    }
)
"""The OWL and RDFS terms whose axioms the rules read."""
NOT_MATERIALIZED = frozenset(
    {
        OWL.FunctionalProperty,  # derives owl:sameAs only (see the module's docstring)
        OWL.Class,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        OWL.Ontology,
        OWL.versionIRI,
        OWL.versionInfo,
        RDFS.label,
        RDFS.comment,
    }
)
"""OWL and RDFS terms the ontology uses that entail nothing a query reads: declarations,
annotations, and functional properties (owl:sameAs)."""


@dataclass(frozen=True)
class Rule:
    """One rule: its name in OWL 2 RL's tables, what it derives (a triple pattern), from what
    (the ``WHERE`` clause's content), the predicates its premises read (N-Triples terms),
    whether it has a single premise (each triple it derives comes from one triple, so that it
    can be applied to just the triples added since it last ran), and whether what it derives can
    make it derive more (``False``: applied to its own results it gives back only triples it
    derived at once)."""

    name: str
    head: str
    body: str
    reads: frozenset[str]
    single: bool
    feeds_itself: bool = True

    @property
    def query(self) -> str:
        """The ``CONSTRUCT`` query yielding what the rule derives that is not there yet."""
        return self._construct(f"{self.body} FILTER NOT EXISTS {{ {self.head} }}")

    @property
    def candidates(self) -> str:
        """The ``CONSTRUCT`` query yielding everything the rule derives, there already or not,
        for an engine that checks each triple itself (faster than ``FILTER NOT EXISTS`` on
        rdflib, and where the rule reads only the triples added since it last ran)."""
        return self._construct(self.body)

    def _construct(self, where: str) -> str:
        return f"{_PREFIXES}# {self.name}\nCONSTRUCT {{ {self.head} }}\nWHERE {{ {where} }}"


def _rule(
    name: str,
    head: str,
    body: str,
    reads: Iterable[str],
    *,
    single: bool,
    values: str = "",
    feeds_itself: bool = True,
) -> Rule:
    return Rule(name, head, values + body, frozenset(reads), single, feeds_itself)


def _schema(name: str, head: str, body: str, *premises: URIRef) -> Rule:
    """A rule over the axioms; ``premises``: the predicate of each triple a solution of ``body``
    matches."""
    return _rule(name, head, body, (f"<{p}>" for p in premises), single=len(premises) == 1)


def _closing(name: str, head: str, body: str, *premises: URIRef) -> Rule:
    # the reflexive triples (C rdfs:subClassOf C) are left out: they entail nothing
    return _schema(name, head, f"{body} FILTER (?a != ?b)", *premises)


_SCO, _SPO = RDFS.subClassOf, RDFS.subPropertyOf

SCHEMA_RULES: tuple[Rule, ...] = (
    _closing(
        "scm-sco",
        "?a rdfs:subClassOf ?b",
        "?a rdfs:subClassOf ?c . ?c rdfs:subClassOf ?b",
        _SCO,
        _SCO,
    ),
    _closing(
        "scm-eqc1",
        "?a rdfs:subClassOf ?b",
        "{ ?a owl:equivalentClass ?b } UNION { ?b owl:equivalentClass ?a }",
        OWL.equivalentClass,
    ),
    _closing(
        "scm-eqc2",
        "?a owl:equivalentClass ?b",
        "?a rdfs:subClassOf ?b . ?b rdfs:subClassOf ?a",
        _SCO,
        _SCO,
    ),
    _closing(
        "scm-spo",
        "?a rdfs:subPropertyOf ?b",
        "?a rdfs:subPropertyOf ?c . ?c rdfs:subPropertyOf ?b",
        _SPO,
        _SPO,
    ),
    _closing(
        "scm-eqp1",
        "?a rdfs:subPropertyOf ?b",
        "{ ?a owl:equivalentProperty ?b } UNION { ?b owl:equivalentProperty ?a }",
        OWL.equivalentProperty,
    ),
    _closing(
        "scm-eqp2",
        "?a owl:equivalentProperty ?b",
        "?a rdfs:subPropertyOf ?b . ?b rdfs:subPropertyOf ?a",
        _SPO,
        _SPO,
    ),
    _schema(
        "scm-dom1",
        "?p rdfs:domain ?b",
        "?p rdfs:domain ?a . ?a rdfs:subClassOf ?b",
        RDFS.domain,
        _SCO,
    ),
    _schema(
        "scm-dom2",
        "?p rdfs:domain ?a",
        "?p rdfs:subPropertyOf ?q . ?q rdfs:domain ?a",
        _SPO,
        RDFS.domain,
    ),
    _schema(
        "scm-rng1", "?p rdfs:range ?b", "?p rdfs:range ?a . ?a rdfs:subClassOf ?b", RDFS.range, _SCO
    ),
    _schema(
        "scm-rng2",
        "?p rdfs:range ?a",
        "?p rdfs:subPropertyOf ?q . ?q rdfs:range ?a",
        _SPO,
        RDFS.range,
    ),
)
"""The rules that close the axioms (OWL 2 RL table 9), each a fixed query."""

Select = Callable[[str], list[tuple[str, ...]]]
"""Runs a SELECT query on the store; each row holds the values of the selected variables in
order, as N-Triples terms (``<https://...>``)."""

_PAIRS = "SELECT DISTINCT ?a ?b WHERE {{ {} FILTER (isIRI(?a) && isIRI(?b) && ?a != ?b) }}"
_ONES = "SELECT DISTINCT ?a WHERE {{ {} FILTER isIRI(?a) }}"
_CHAINS = (
    _PREFIXES
    + """SELECT ?property ?chain ?node ?item ?next
WHERE {
  ?property owl:propertyChainAxiom ?chain .
  ?chain rdf:rest* ?node .
  ?node rdf:first ?item ; rdf:rest ?next .
  FILTER isIRI(?property)
}"""
)
"""The nodes of every property chain's list: each with its item and the node after it."""


def instance_rules(select: Select) -> list[Rule]:
    """The rules that apply the axioms ``select`` finds in the store to the data, in an order in
    which one rule's results feed the next (inverses, then subproperties, then chains)."""

    def pairs(pattern: str) -> list[tuple[str, ...]]:
        return select(_PREFIXES + _PAIRS.format(pattern))

    def ones(pattern: str) -> list[tuple[str, ...]]:
        return select(_PREFIXES + _ONES.format(pattern))

    declared = pairs("?a owl:inverseOf ?b")
    inverses = {*declared, *((b, a) for a, b in declared)}
    subproperties = pairs("?a rdfs:subPropertyOf ?b")
    # Rules that never feed themselves: prp-inv where each property has one inverse and
    # prp-symp give back the triple they started from; prp-spo1 and cax-sco read a hierarchy
    # the schema rules closed, so they derived at once all that their results would give.
    rules = [
        *_each(
            "prp-inv",
            list(inverses),
            "?y ?b ?x",
            "?x ?a ?y FILTER (!isLiteral(?y))",
            feeds_itself=len({a for a, _ in inverses}) < len(inverses),
        ),
        *_each(
            "prp-symp",
            ones("?a a owl:SymmetricProperty"),
            "?y ?a ?x",
            "?x ?a ?y FILTER (!isLiteral(?y))",
            feeds_itself=False,
        ),
        *_each(
            "prp-trp",
            ones("?a a owl:TransitiveProperty"),
            "?x ?a ?z",
            "?x ?a ?y . ?y ?a ?z",
            premises=2,
        ),
        *_each("prp-spo1", subproperties, "?x ?b ?y", "?x ?a ?y", feeds_itself=False),
        *_chain_rules(select(_CHAINS)),
        *_each("prp-spo1", subproperties, "?x ?b ?y", "?x ?a ?y", feeds_itself=False),
        *_each("prp-dom", pairs("?a rdfs:domain ?b"), "?x a ?b", "?x ?a ?y"),
        *_each("prp-rng", pairs("?a rdfs:range ?b"), "?y a ?b", "?x ?a ?y FILTER (!isLiteral(?y))"),
        *_each(
            "cax-sco",
            pairs("?a rdfs:subClassOf ?b"),
            "?x a ?b",
            "?x a ?a",
            predicate=_TYPE,
            feeds_itself=False,
        ),
    ]
    return rules


def _each(
    name: str,
    rows: Sequence[tuple[str, ...]],
    head: str,
    body: str,
    *,
    premises: int = 1,
    predicate: str | None = None,
    feeds_itself: bool = True,
) -> list[Rule]:
    """One rule applying every axiom in ``rows`` (bound to ?a, ?b, ... as ``VALUES``), or none
    when there is no such axiom; its ``premises`` triples have the predicate ``predicate``, or
    ?a."""
    if not rows:
        return []
    names = "ab"[: len(rows[0])]
    table = " ".join(f"({' '.join(row)})" for row in sorted(set(rows)))
    values = f"VALUES ({' '.join('?' + n for n in names)}) {{ {table} }} "
    reads = [predicate] if predicate else [row[0] for row in rows]
    rule = _rule(
        name, head, body, reads, single=premises == 1, values=values, feeds_itself=feeds_itself
    )
    return [rule]


def _chain_rules(rows: Iterable[tuple[str, ...]]) -> list[Rule]:
    """prp-spo2 for each property chain: one rule per chain length, the chains as ``VALUES``."""
    links: dict[str, tuple[str, str]] = {}
    chains: set[tuple[str, str]] = set()
    for prop, chain, node, item, after in rows:
        links[node] = (item, after)
        chains.add((prop, chain))
    by_length: dict[int, set[tuple[str, ...]]] = {}
    for prop, chain in chains:
        steps: list[str] = []
        node = chain
        while node in links and len(steps) <= len(links):  # a cyclic list ends the walk
            item, node = links[node]
            steps.append(item)
        if node == _NIL and all(step.startswith("<") for step in steps):
            by_length.setdefault(len(steps), set()).add((prop, *steps))
    rules = []
    for length, table in sorted(by_length.items()):
        variables = " ".join(f"?p{i}" for i in range(length))
        rows_text = " ".join(f"({' '.join(row)})" for row in sorted(table))
        body = " . ".join(f"?u{i} ?p{i} ?u{i + 1}" for i in range(length))
        values = f"VALUES (?q {variables}) {{ {rows_text} }} "
        steps = (step for row in table for step in row[1:])
        rules.append(
            _rule("prp-spo2", f"?u0 ?q ?u{length}", body, steps, single=length == 1, values=values)
        )
    return rules


_NIL = f"<{RDF.nil}>"
_TYPE = f"<{RDF.type}>"
