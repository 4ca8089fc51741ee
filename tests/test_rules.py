"""The inference rules, kind by kind, on tiny fixtures whose entailments are worked out by hand,
on every store the rules run on: an rdflib graph, an rdflib dataset and a pyoxigraph store (the
axioms in the default graph, the data spread over named graphs, as in data/), and through
:func:`lpkg.infer.infer`. owlrl's OWL 2 RL closure of each fixture derives the same.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import OWL, RDF, RDFS

from lpkg.infer import INFERRED, _OxigraphEngine, infer, materialize, owl_rl_closure
from lpkg.load import new_dataset, parse_file
from lpkg.publish.dumps import inferred_only
from lpkg.rules import AXIOMS, NOT_MATERIALIZED, SCHEMA_RULES, instance_rules

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
EX = Namespace("http://example.org/")

pytestmark = pytest.mark.filterwarnings(
    # rdflib's own SPARQL evaluation over a dataset's union calls its deprecated property
    "ignore:Dataset.default_context is deprecated:DeprecationWarning"
)

EXPECTED = {
    # prp-inv1, prp-inv2: each way, and on from what they derived (t and v are inverses of u);
    # a literal is never a subject
    "inverse": {
        (EX.b, EX.q, EX.a),
        (EX.d, EX.p, EX.c),
        (EX.g, EX.u, EX.f),
        (EX.f, EX.v, EX.g),
    },
    # scm-sco closes the hierarchy; cax-sco types x with both superclasses, y (of the top
    # class) with nothing
    "subclass": {(EX.A, RDFS.subClassOf, EX.C), (EX.x, RDF.type, EX.B), (EX.x, RDF.type, EX.C)},
    # scm-spo, prp-spo1; the value keeps its language tag
    "subproperty": {
        (EX.p, RDFS.subPropertyOf, EX.r),
        (EX.a, EX.q, Literal("v", lang="cs")),
        (EX.a, EX.r, Literal("v", lang="cs")),
    },
    # prp-spo2 over a three-step chain whose links sit in three graphs, then prp-spo1, then the
    # recursive chain lifts serves one level per step up the units; top2 serves nothing
    "chain": {
        (EX.unit, EX.servesAsMember, EX.Town),
        (EX.unit, EX.serves, EX.Town),
        (EX.middle, EX.serves, EX.Town),
        (EX.top, EX.serves, EX.Town),
    },
    # scm-rng1 (R below S), scm-dom2 and scm-rng2 (q below p); prp-spo1, prp-dom, prp-rng,
    # cax-sco; the literal gets no type
    "domain-range": {
        (EX.p, RDFS.range, EX.S),
        (EX.q, RDFS.domain, EX.D),
        (EX.q, RDFS.range, EX.R),
        (EX.q, RDFS.range, EX.S),
        (EX.a, EX.p, EX.b),
        (EX.a, RDF.type, EX.D),
        (EX.b, RDF.type, EX.R),
        (EX.b, RDF.type, EX.S),
        (EX.c, RDF.type, EX.D),
    },
    # scm-eqc1 and scm-eqp1 (subclass and subproperty both ways), scm-eqc2 and scm-eqp2 (the
    # equivalence the other way round); cax-sco, prp-spo1
    "equivalence": {
        (EX.A, RDFS.subClassOf, EX.B),
        (EX.B, RDFS.subClassOf, EX.A),
        (EX.B, OWL.equivalentClass, EX.A),
        (EX.p, RDFS.subPropertyOf, EX.q),
        (EX.q, RDFS.subPropertyOf, EX.p),
        (EX.q, OWL.equivalentProperty, EX.p),
        (EX.x, RDF.type, EX.A),
        (EX.a, EX.q, EX.b),
    },
    # prp-symp; prp-trp across two graphs, three steps long
    "symmetric-transitive": {
        (EX.b, EX.near, EX.a),
        (EX.x, EX.within, EX.z),
        (EX.y, EX.within, EX.w),
        (EX.x, EX.within, EX.w),
    },
}

Triples = set[tuple[object, object, object]]


def _on_graph(path: Path) -> tuple[int, Triples, int]:
    graph = parse_file(path)
    before = set(graph)
    added = materialize(graph)
    return added, set(graph) - before, materialize(graph)


def _on_dataset(path: Path) -> tuple[int, Triples, int]:
    dataset = parse_file(path, new_dataset())
    added = materialize(dataset)
    return added, set(dataset.graph(INFERRED)), materialize(dataset)


def _on_oxigraph(path: Path) -> tuple[int, Triples, int]:
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TRIG)
    added = materialize(store)
    dump = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(str(INFERRED)))
    return added, set(Graph().parse(data=dump, format="nt")), materialize(store)


def _through_infer(path: Path) -> tuple[int, Triples, int]:
    graph = parse_file(path)
    closure = infer(graph)
    new = set(closure) - set(graph)
    return len(new), new, len(set(infer(closure)) - set(closure))


STORES: dict[str, Callable[[Path], tuple[int, Triples, int]]] = {
    "rdflib-graph": _on_graph,
    "rdflib-dataset": _on_dataset,
    "pyoxigraph": _on_oxigraph,
    "infer": _through_infer,
}


@pytest.mark.parametrize("store", STORES)
@pytest.mark.parametrize("kind", EXPECTED)
def test_rule_kind_derives_what_was_worked_out_by_hand(kind: str, store: str) -> None:
    added, derived, again = STORES[store](FIXTURES / f"{kind}.trig")
    assert derived == EXPECTED[kind]
    assert added == len(EXPECTED[kind])
    assert again == 0  # a fixpoint: a second run adds nothing


@pytest.mark.parametrize("kind", EXPECTED)
def test_owlrl_derives_the_same_from_each_fixture(kind: str) -> None:
    graph = parse_file(FIXTURES / f"{kind}.trig")
    assert set(inferred_only(graph, owl_rl_closure(graph))) == EXPECTED[kind]


def test_a_rule_derives_nothing_without_the_predicates_it_reads() -> None:
    # what lets materialize skip a rule whose premises' predicates the store does not hold
    derived_something = set()
    for path in sorted(FIXTURES.glob("*.trig")):
        for rule in (*SCHEMA_RULES, *instance_rules(_oxigraph_engine(path).select)):
            without = _oxigraph_engine(path, leaving_out=rule.reads)
            assert not without.holds_any(rule.reads)
            assert without.apply(rule) == {}, (path.name, rule.name)
            if _oxigraph_engine(path).apply(rule):
                derived_something.add(rule.name)
    assert derived_something >= {"scm-sco", "prp-inv", "prp-spo1", "prp-spo2", "prp-dom", "cax-sco"}


def _oxigraph_engine(path: Path, leaving_out: frozenset[str] = frozenset()) -> _OxigraphEngine:
    """The rules' engine on the fixture at ``path``, without the triples of the predicates
    ``leaving_out`` (N-Triples)."""
    loaded = ox.Store()
    loaded.load(path=str(path), format=ox.RdfFormat.TRIG)
    store = ox.Store()
    store.extend(quad for quad in loaded if str(quad.predicate) not in leaving_out)
    return _OxigraphEngine(store)


def test_fixtures_cover_every_axiom_the_rules_read() -> None:
    used = set()
    for path in FIXTURES.glob("*.trig"):
        graph = parse_file(path)
        used |= set(graph.predicates()) | set(graph.objects(None, RDF.type))
    assert AXIOMS <= used


def test_ontology_uses_only_axioms_the_rules_read_or_that_entail_nothing_queried(
    graph: Graph,
) -> None:
    # an OWL or RDFS term the rules know nothing of would be an entailment they miss
    terms = {
        term
        for triple in graph
        for term in (triple[1], triple[2])
        if str(term).startswith((str(OWL), str(RDFS)))
    }
    assert terms <= AXIOMS | NOT_MATERIALIZED, terms - AXIOMS - NOT_MATERIALIZED
