"""Check contributions against a pyoxigraph store that holds the dataset, without reading it.

``check_contributions`` with ``store="memory"`` parses the whole dataset into rdflib; here the
dataset stays in the store (on disk, loaded once: :func:`lpkg.store.open_store`) and only the
contributions are parsed. Each check asks the store about the contributions' own terms:

- the shapes run for the focus nodes the contributions may affect, on the store as it is and
  with the contributions' quads added (only those it does not hold), which are then removed;
- undefined references, new organizations already typed, ownership: lookups of single terms;
- possible duplicates: the names of the existing organizations, from ten queries (:func:`_names`),
  indexed once per loading of the files where the store is on disk (:func:`_name_index`);
- sources: :func:`lpkg.sources.find_problems` on the statements about the contributions'
  subjects and the pages of their graphs (a resource's problems depend only on its own
  statements, a graph's on its page's description).

The results are those of the rdflib path (tests/contribute/test_on_store.py), within the limits
of :func:`lpkg.validate.validate_store`: a value of data/ is reported in the store's canonical
form, and a blank node of data/ (which no query can name) is not among the focus nodes validated
again when a contribution reaches it through a shape's path. The contributions' own blank nodes
and literals are reported as they write them.

Cost: the shapes' part grows with the focus nodes a contribution may affect: the nodes from which
a check reads one of its statements (:func:`lpkg.shacl_sparql.affected_focus_nodes`; a new
membership reaches the memberships of its organization in the same partnership, which the
duplicate-membership rule compares it with: 29 nodes for the generated 100-triple contribution at
10^6 triples, docs/benchmarks.md). Against a store on disk holding 10^6 triples, with its names
index kept, a check takes a few tenths of a second in a process that has compiled the shapes (the
command about 1 s, most of it start-up); building that index takes about 15 s (RocksDB),
which `lpkg add` spares the next check by refreshing it (:func:`_refresh_names`), a new town
included.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import FOAF, RDF, RDFS, SH
from rdflib.term import Node

from ..errors import InputError
from ..escape import excerpt
from ..labels import LABEL_PROPERTIES
from ..load import dataset_files, new_dataset, new_graph, rdflib_term
from ..match import ORGANIZATION_CLASSES, PLACE_CLASSES, NameIndex, Triples, town_words
from ..namespaces import LPKG, ORG, PREFIXES
from ..shacl_sparql.store import _ILL_TYPED, _SKOLEM, _ill_typed, _literal_key, _stored
from ..store import (
    OxigraphStore,
    digest_mark,
    kept_digest,
    loaded_from,
    oxigraph_term,
    write_mark,
)
from ..validate import ValidationReport, _results
from .check import (
    Contribution,
    _key,
    _locate,
    _sorted,
    _union,
    not_own,
    possible_duplicates,
    read_contribution,
    undefined_references,
    unsourced,
)
from .ownership import Known, derivable


def check_on_store(
    paths: Sequence[Path | str],
    store: OxigraphStore,
    ontology: Graph,
    *,
    shapes: Graph,
    source: str | None = None,
) -> ValidationReport:
    """:func:`lpkg.contribute.check_contributions` against the dataset ``store`` holds (loaded
    from the files of a project, :func:`lpkg.store.open_store`), whose ``ontology`` and
    ``shapes`` are given.

    Raises:
        InputError: a shape needs pySHACL (which needs the whole dataset in rdflib: check with
            ``--store memory``), or a contribution's IRI is one the store cannot hold.
    """
    from ..shacl_sparql import affected_focus_nodes, compile_shapes, evaluate
    from ..shacl_sparql.kept import KeptPatterns

    # CSV codes are concepts of the vocabularies, which are part of the ontology
    contributions = [read_contribution(p, ontology, source=source) for p in paths]
    compiled = compile_shapes(shapes)
    if compiled.fallback:
        raise InputError(
            "Some shapes are not compiled to SPARQL and need pySHACL, which needs the whole "
            "dataset in memory: check the contributions with --store memory."
        )
    added = _union(*(c.graph for c in contributions))
    quads, forms = _quads(contributions)
    select = store._select_trusted
    kept = None if store.path is None else KeptPatterns.beside(store.path)
    with _trial(store, quads):
        nodes = affected_focus_nodes(
            select, compiled, added, patterns=None if kept is None else kept.edges
        )
        after = evaluate(compiled, select, focus_nodes=nodes)
    if kept is not None:
        kept.save()
    # a check without results after has none to take away: only the others run again
    found = {
        (after.value(r, SH.sourceShape), after.value(r, SH.sourceConstraintComponent))
        for r in after.objects(None, SH.result)
    }
    again = [c for c in compiled.checks if (c.shape, c.component) in found]
    before = evaluate(replace(compiled, checks=again), select, focus_nodes=nodes)
    # the store is the dataset alone again: every lookup below is about it
    lookup = _Lookup(store.store)
    terms = {t for triple in added for t in triple}
    about = terms | set(before.objects()) | set(after.objects())
    labels = _restored(_labels(lookup, about), forms) + added
    old = {_key(r) for r in _results(_restored(before, forms), labels)}
    results = [
        _locate(r, contributions)
        for r in _results(_restored(after, forms), labels)
        if _key(r) not in old
    ]
    results += undefined_references(
        contributions, lambda iri: (iri, None, None) in added or lookup.has(iri, None, None)
    )
    typed = {n for n in added.subjects() if lookup.has(n, RDF.type, None)}
    new = {s for c in ORGANIZATION_CLASSES for s in added.subjects(RDF.type, c)} - typed
    index = _name_index(store) if new else None
    results += possible_duplicates(contributions, lambda: index, typed.__contains__, labels)
    results += not_own(contributions, lambda graph: _known(lookup, ontology, graph), labels)
    if any(c.placed for c in contributions):
        part = _sources_part(lookup, contributions, ontology)
        results += unsourced(contributions, part, labels)
    return ValidationReport(_sorted(results), labels)


class _Lookup:
    """Whether the store holds a statement, by pyoxigraph's indexes (no query to parse); a
    contribution's blank node is never in the store."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def quads(
        self, s: Node | None, p: Node | None, o: Node | None, g: Node | None = None
    ) -> Iterator[ox.Quad]:
        if (
            any(isinstance(t, BNode) for t in (s, p, o, g))
            or isinstance(s, Literal)
            or not isinstance(p, URIRef | None)
            or isinstance(g, Literal)
        ):
            return iter(())
        try:
            pattern = [None if t is None else oxigraph_term(t, {}) for t in (s, p, o, g)]
        except ValueError:  # an IRI pyoxigraph refuses is in no statement of the store
            return iter(())
        return self.store.quads_for_pattern(*pattern)

    def has(self, s: Node | None, p: Node | None, o: Node | None, g: Node | None = None) -> bool:
        return next(self.quads(s, p, o, g), None) is not None


def _known(lookup: _Lookup, ontology: Graph, contribution: Graph) -> Known:
    """:meth:`Known.from_graphs` for the terms of ``contribution``, from the store (which holds
    the ontology with the data: a resource it has statements about is described, or one of the
    ontology's subjects, which the rules read as a term first)."""
    iris = {t for triple in contribution for t in triple if isinstance(t, URIRef)}
    present = {t for t in iris if lookup.has(t, None, None)}
    terms = set(contribution.predicates()) | set(contribution.objects(None, RDF.type))
    terms |= {
        t
        for t in iris
        if (t, None, None) in ontology
        or lookup.has(None, t, None)
        or lookup.has(None, RDF.type, t)
    }
    derived = {
        p
        for p in derivable(ontology) & iris
        # stated in data/: by a statement the ontology does not make
        if all(_triple(q) in ontology for q in lookup.quads(None, p, None))
    }
    return Known(
        held=lambda triple: lookup.has(*triple),
        described=present,
        existing=present,
        terms=terms,
        derived=derived,
    )


def _triple(quad: ox.Quad) -> tuple[Node, Node, Node]:
    return tuple(rdflib_term(t, {}) for t in (quad.subject, quad.predicate, quad.object))  # type: ignore[return-value]


def _sources_part(
    lookup: _Lookup, contributions: Sequence[Contribution], ontology: Graph
) -> Dataset:
    """The statements of the dataset the sources check of the contributions depends on: those
    about their subjects (outside the ontology), and the description of each page whose graph
    holds one of them or a statement of the contributions."""
    part = new_dataset()
    blank_nodes: dict[str, BNode] = {}
    pages: set[Node] = set()
    placed = [c for c in contributions if c.placed]
    for contribution in placed:
        pages |= {g.identifier for g in contribution.dataset.graphs()}
        for subject in set(contribution.graph.subjects()):
            for quad in lookup.quads(subject, None, None):
                s, p, o = (rdflib_term(t, blank_nodes) for t in quad.triple)
                if isinstance(quad.graph_name, ox.DefaultGraph):
                    if (s, p, o) not in ontology:
                        part.default_graph.add((s, p, o))
                    continue
                g = rdflib_term(quad.graph_name, blank_nodes)
                part.add((s, p, o, g))
                pages.add(g)
    for page in pages:
        if isinstance(page, URIRef) and lookup.has(page, RDF.type, FOAF.Document, page):
            part.add((page, RDF.type, FOAF.Document, page))
    return part


def _quads(contributions: Sequence[Contribution]) -> tuple[list[ox.Quad], dict[tuple, Literal]]:
    """The contributions' statements as the store's quads (a blank node named as the compiled
    checks expect one, an ill-typed literal marked as :class:`lpkg.shacl_sparql.OxigraphStore`
    marks it), and the literals as written, by the key of the form the store gives back.

    Raises:
        InputError: an IRI that pyoxigraph refuses.
    """
    quads, forms = [], {}
    marker = ox.NamedNode(str(_ILL_TYPED))
    for contribution in contributions:
        for s, p, o, g in contribution.dataset.quads((None, None, None, None)):
            graph = (
                ox.DefaultGraph()
                if g is None or g == DATASET_DEFAULT_GRAPH_ID
                else _term(g)
            )
            quads.append(ox.Quad(_term(s), _term(p), _term(o), graph))
            if isinstance(o, Literal):
                forms.setdefault(_literal_key(o), o)
                if _ill_typed(o):
                    lexical = ox.Literal(f"{_stored(o.datatype)} {o}")
                    quads.append(ox.Quad(marker, marker, lexical, ox.DefaultGraph()))
    return quads, forms


def _term(term: Node) -> object:
    if isinstance(term, BNode):
        return ox.NamedNode(_SKOLEM + term)
    try:
        return oxigraph_term(term, {})
    except ValueError as err:
        raise InputError(f"{excerpt(str(term))} cannot be stored: {err}.") from None


def _restored(graph: Graph, forms: dict[tuple, Literal]) -> Graph:
    """``graph`` with the contributions' blank nodes and literals as the contributions write
    them (the store gives back names of its own for the first, canonical forms of the second)."""
    restored = new_graph()
    for triple in graph:
        restored.add(tuple(_restore(t, forms) for t in triple))  # type: ignore[arg-type]
    return restored


def _restore(term: Node, forms: dict[tuple, Literal]) -> Node:
    if isinstance(term, URIRef) and term.startswith(_SKOLEM):
        return BNode(term[len(_SKOLEM) :])
    if isinstance(term, Literal):
        return forms.get(_literal_key(term), term)
    return term


@contextmanager
def _trial(store: OxigraphStore, quads: Iterable[ox.Quad]) -> Iterator[None]:
    """Add the ``quads`` the store does not hold, and remove them again.

    An on-disk store loses its digest mark meanwhile: a run killed before the quads are removed
    leaves a store that the next :func:`lpkg.store.open_store` reloads from the files, never
    one that silently differs from them."""
    new = list(dict.fromkeys(q for q in quads if q not in store.store))
    if not new:
        yield
        return
    mark = None if store.path is None else digest_mark(store.path)
    digest = mark.read_text(encoding="ascii") if mark is not None and mark.is_file() else None
    if mark is not None:
        mark.unlink(missing_ok=True)
    store.store.extend(new)
    try:
        yield
    finally:
        for quad in new:
            store.store.remove(quad)
        if mark is not None and digest is not None:
            store.store.flush()
            write_mark(mark, digest)


def _labels(lookup: _Lookup, nodes: Iterable[Node]) -> Graph:
    """What the store says about ``nodes`` with the label properties (as
    :meth:`lpkg.store.Store.about`, without a query to parse)."""
    labels = new_graph()
    for node in nodes:
        for prop in LABEL_PROPERTIES:
            for quad in lookup.quads(node, prop, None):
                labels.add((node, prop, rdflib_term(quad.object, {})))
    return labels


def _values(terms: Iterable[URIRef]) -> str:
    return " ".join(t.n3() for t in terms)


def _read(*predicates: str) -> str:
    """``?x``'s statements with one of ``predicates``, as ``?x ?p ?v``. Filtered rather than
    joined with ``VALUES ?p``: pyoxigraph then looks up the statements of the ``?x`` the
    pattern before binds instead of joining all statements with those predicates (at 10^6
    triples on disk, the towns' labels 2.0 → 0.2 s, the parents' 2.7 → 0.6 s, two given
    organizations' names 0.35 s → 1 ms)."""
    return f"?x ?p ?v FILTER (?p IN ({', '.join(predicates)}))"


_ORGANIZATIONS = f"VALUES ?c {{ {_values(ORGANIZATION_CLASSES)} }} ?o a ?c ."
_PLACE_NAMES = (
    f"VALUES ?c {{ {_values(PLACE_CLASSES)} }} ?x a ?c BIND (rdf:type AS ?p) BIND (?c AS ?v)",
    f"VALUES ?c {{ {_values(PLACE_CLASSES)} }} ?x a ?c ; rdfs:label ?v BIND (rdfs:label AS ?p)",
    "?x lpkg:town ?v BIND (lpkg:town AS ?p)",
    f"?y lpkg:town ?x . {_read('skos:prefLabel', 'rdfs:label')}",
)
_NAMES = (
    *_PLACE_NAMES,
    f"{_ORGANIZATIONS} BIND (?o AS ?x) BIND (rdf:type AS ?p) BIND (?c AS ?v)",
    f"{_ORGANIZATIONS} ?o ?t ?k FILTER (?t = rdf:type && ?k = org:Membership) BIND (?o AS ?x) "
    "BIND (rdf:type AS ?p) BIND (org:Membership AS ?v)",
    f"{_ORGANIZATIONS} BIND (?o AS ?x) "
    + _read("skos:prefLabel", "rdfs:label", "skos:altLabel", "lpkg:formerName", "org:unitOf"),
    f"{_ORGANIZATIONS} ?o ?u ?x FILTER (?u = org:unitOf) {_read('skos:prefLabel', 'rdfs:label')}",
    f"{_ORGANIZATIONS} ?x org:member ?o . "
    + _read("org:member", "org:organization", "lpkg:listedName"),
    f"{_ORGANIZATIONS} ?m org:member ?o ; org:organization ?x . "
    + _read("lpkg:town", "skos:prefLabel", "rdfs:label"),
)
"""What :meth:`lpkg.match.NameIndex.from_graph` reads, as patterns binding ``?x ?p ?v``: the
places and towns with their labels, the organizations with their names, parents and memberships
(listed names, partnerships and their towns). A fixed predicate or class after ``?o`` is a
filter (as in :func:`_read`): given a few organizations, pyoxigraph then looks up their
statements instead of reading every membership or unit (at 10^6 triples 0.18 → 0.03 s each)."""
_MEMBERS_TOWNS = (
    "?m org:member ?o ; org:organization ?y . ?y lpkg:town ?x . "
    + _read("skos:prefLabel", "rdfs:label")
)
"""The labels of the towns of the organizations' partnerships: what the places' patterns give
of them when the names of some organizations alone are read."""


def _names(store: OxigraphStore, organizations: Collection[URIRef] | None = None) -> Triples:
    """The statements :data:`_NAMES` match, in the order the store gives them, each term
    converted once (a large store's answers repeat the partnerships and towns row after row);
    with ``organizations``, those about these organizations alone (none about places)."""
    patterns = _NAMES
    if organizations is not None:
        only = f"VALUES ?o {{ {_values(organizations)} }} "
        rest = (*_NAMES[len(_PLACE_NAMES) :], _MEMBERS_TOWNS) if organizations else ()
        patterns = tuple(only + p for p in rest)
    triples = Triples()
    converted: dict[object, Node] = {}
    blank_nodes: dict[str, BNode] = {}
    for pattern in patterns:
        query = f"SELECT DISTINCT ?x ?p ?v WHERE {{ {pattern} }}"
        for solution in store.store.query(
            query, prefixes=PREFIXES, use_default_graph_as_union=True
        ):
            terms = []
            for value in solution:
                term = converted.get(value)
                if term is None:
                    term = converted[value] = rdflib_term(value, blank_nodes)
                terms.append(term)
            triples.add(tuple(terms))
    return triples


def _name_index(store: OxigraphStore) -> NameIndex:
    """The names index of the dataset in ``store``. A store on disk keeps it beside itself
    (``PATH.names.sqlite``, :meth:`NameIndex.keep`) with the digest of the files it was loaded
    from: reading the names of 10^6 triples from RocksDB and analysing them takes about 20 s,
    a match in the kept index milliseconds; a store loaded from other files since (another
    digest) builds it anew."""
    mark = None if store.path is None else digest_mark(store.path)
    if mark is None or not mark.is_file():
        return NameIndex.from_graph(_names(store))
    digest = mark.read_text(encoding="ascii").strip()
    kept = _names_file(store.path)
    index = NameIndex.kept(kept, digest)
    if index is None:
        index = NameIndex.from_graph(_names(store))
        index.keep(kept, digest)
    return index


def _names_file(path: Path) -> Path:
    return path.with_name(f"{path.name}.names.sqlite")


_REACHED = """SELECT DISTINCT ?o ?m WHERE {{ VALUES ?t {{ {} }}
  {{ ?o org:unitOf ?t }} UNION {{ ?t org:member ?o BIND (?t AS ?m) }}
  UNION {{ ?m org:organization ?t ; org:member ?o }}
  UNION {{ ?p lpkg:town ?t . ?m org:organization ?p ; org:member ?o }} }}"""
"""Besides ``?t`` itself, the organizations whose names index entries a statement about ``?t``
may change: its units (their parent's label), the member of a membership ``?t``, and the
members in a partnership ``?t`` or in the partnerships of a town ``?t`` (where their listed
names were listed), with the membership ``?m`` through which they are reached."""


def _refresh_names(store: OxigraphStore, digest: str, new_digest: str, added: set[ox.Quad]) -> None:
    """Bring the names index kept beside the store for the files as they were (``digest``) to
    the files with the ``added`` quads, now in the store (``new_digest``)
    (:meth:`NameIndex.refresh_kept`): an organization the quads reach only as the member of new
    memberships gets the names these list (at 10^6 triples, a generated organization is a
    member in hundreds of partnerships, whose names took a second to read again); the others
    the quads may change are indexed again, and where a town's name brings new words, those
    whose names they may change (:meth:`_KeptIndex.analysed_otherwise`). Where that cannot be
    done, the index is built anew when next needed."""
    kept = NameIndex.kept(_names_file(store.path), digest)
    if kept is None:
        return
    towns = kept.towns | _town_words_added(store, added)
    renamed = kept.analysed_otherwise(towns)
    if renamed is None:
        return
    member = ox.NamedNode(str(ORG.member))
    new = _new_subjects(store, added)
    joined: dict[ox.NamedNode, list[ox.NamedNode]] = {}
    other: set[ox.NamedNode] = set()
    for q in added:
        if q.predicate == member and q.subject in new and isinstance(q.object, ox.NamedNode):
            joined.setdefault(q.object, []).append(q.subject)  # type: ignore[arg-type]
        else:  # any other statement about an organization has it indexed again
            other.update(t for t in (q.subject, q.object) if isinstance(t, ox.NamedNode))
    terms = {t for q in added for t in (q.subject, q.object) if isinstance(t, ox.NamedNode)}
    # what a statement changes is reached from its subject (a member joining a partnership
    # changes nothing of the partnership's other members)
    subjects = {q.subject for q in added if isinstance(q.subject, ox.NamedNode)}
    if subjects:
        query = _REACHED.format(" ".join(f"<{t.value}>" for t in subjects))
        found = store.store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)
        for o, m in found:
            if isinstance(o, ox.NamedNode) and m not in new:
                other.add(o)
    appended = {o: sorted(ms, key=str) for o, ms in joined.items() if o not in other}
    organizations = {*renamed, *(URIRef(t.value) for t in terms | other if t not in appended)}
    part = NameIndex.from_graph(_names(store, organizations), towns=towns)
    listed = _listed(store, [m for ms in appended.values() for m in ms])
    for o, memberships in sorted(appended.items(), key=lambda item: item[0].value):
        part.add_listed(listed, URIRef(o.value), [URIRef(m.value) for m in memberships])
    part.refresh_kept(_names_file(store.path), digest, new_digest, organizations)


def _new_subjects(store: OxigraphStore, added: set[ox.Quad]) -> set[ox.Term]:
    """The subjects of ``added`` quads that the store held no other statement about."""
    subjects = {q.subject for q in added}
    return {
        s for s in subjects if all(q in added for q in store.store.quads_for_pattern(s, None, None))
    }


def _listed(store: OxigraphStore, memberships: Iterable[ox.NamedNode]) -> Triples:
    """What :meth:`NameIndex.add_listed` reads of ``memberships``: their partnerships and
    listed names, the partnerships' towns and labels, the towns' labels."""
    triples = Triples()
    organization, listed, town = (
        ox.NamedNode(str(p)) for p in (ORG.organization, LPKG.listedName, LPKG.town)
    )
    labels = [ox.NamedNode(str(p)) for p in LABEL_PROPERTIES]

    def read(node: ox.Term, *predicates: ox.NamedNode) -> list[ox.Term]:
        objects = []
        subject = rdflib_term(node, {})
        for predicate in predicates:
            for quad in store.store.quads_for_pattern(node, predicate, None):
                triples.add((subject, URIRef(predicate.value), rdflib_term(quad.object, {})))
                objects.append(quad.object)
        return objects

    for membership in memberships:
        read(membership, listed)
        for partnership in read(membership, organization):
            read(partnership, *labels)
            for place in read(partnership, town):
                read(place, *labels)
    return triples


def _town_words_added(store: OxigraphStore, added: set[ox.Quad]) -> frozenset[str]:
    """The words of the towns' names with the ``added`` quads in the store, as far as they may
    bring new ones: only a place they label, type as a place or give a partnership (and its
    ``rdfs:label``) can (:meth:`NameIndex.from_graph`)."""
    label, kind, town = (ox.NamedNode(str(p)) for p in (RDFS.label, RDF.type, LPKG.town))
    classes = {ox.NamedNode(str(c)) for c in PLACE_CLASSES}
    candidates = {q.object for q in added if q.predicate == town}
    candidates |= {q.subject for q in added if q.predicate == label}
    candidates |= {q.subject for q in added if q.predicate == kind and q.object in classes}
    places = [
        c
        for c in candidates
        if any(next(store.store.quads_for_pattern(c, kind, k), None) for k in classes)
        or next(store.store.quads_for_pattern(None, town, c), None) is not None
    ]
    labels = (q.object.value for p in places for q in store.store.quads_for_pattern(p, label, None))
    return town_words(labels)


def file_quads(path: Path) -> list[ox.Quad]:
    """The quads pyoxigraph's loader reads from the data file ``path`` (none if there is no
    such file), each of its blank nodes a new one, as in a load."""
    return list(ox.parse(path=str(path), format=ox.RdfFormat.TRIG)) if path.exists() else []


def keep_written(path: Path, root: Path, target: Path, old: list[ox.Quad], digest: str) -> bool:
    """After ``lpkg add`` wrote ``target`` (which held ``old``), give the store at ``path`` the
    file's quads and mark it as loaded from the files now, so that the next run need not reload
    it; only where that is what loading the files gives (up to the names of blank nodes, which
    every load makes anew): the store was loaded from the files as they were (``digest``), and
    the file kept what it held, which had no blank nodes (those would be in the store twice).
    Otherwise the store is left as it is, and the next run reloads it (its mark is out of date).
    """
    if not loaded_from(path, digest):
        return False
    new = file_quads(target)
    if any(isinstance(t, ox.BlankNode) for q in old for t in (q.subject, q.object)):
        return False
    if not set(old) <= set(new):
        return False
    try:
        store = OxigraphStore(path)
    except InputError:  # another process holds it: it is reloaded next time
        return False
    mark = digest_mark(path)
    mark.unlink()
    store.store.extend(new)
    store.store.flush()
    new_digest = kept_digest(dataset_files(root), path)
    _refresh_names(store, digest, new_digest, set(new) - set(old))
    write_mark(mark, new_digest)
    return True
