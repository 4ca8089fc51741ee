"""Deterministic dumps of a graph or dataset: N-Triples, N-Quads, JSON-LD with a context of its
own, gzip, checksums."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from ..fmt import quote_iri, quote_string, short_labels
from ..namespaces import PREFIXES

__all__ = [
    "canonical_graph",
    "canonical_quads",
    "context_for",
    "gzip_bytes",
    "inferred_only",
    "sha256sums",
    "named_quads",
    "to_jsonld",
    "to_nquads",
    "to_ntriples",
    "union_graph",
]

_CORE_NAMESPACES = (str(RDF), str(RDFS), str(OWL), str(XSD))
_REFLEXIVE_NOISE = (
    OWL.sameAs,
    OWL.equivalentClass,
    OWL.equivalentProperty,
    RDFS.subClassOf,
    RDFS.subPropertyOf,
)


def canonical_graph(graph: Graph) -> Graph:
    """A copy of ``graph`` whose blank nodes have short labels derived from their content.

    Blank nodes that hang from the rest of the graph as trees (each the object of one triple
    at most, as ``[ … ]`` in Turtle writes them) are labelled by a hash of their content and of
    the statement they hang from (:func:`_tree_labels`), in time linear in the graph; any other
    graph gets rdflib's canonical labelling (a hash of each node's neighbourhood), which can
    take minutes for the tens of thousands of blank nodes a large dataset has. Labels are
    shortened to ``b`` + 16 hex digits, so the same triples always give the same labels,
    whatever the order they were parsed in. Triples are added in sorted N-Triples order, so
    iterating the copy is deterministic too.

    >>> g = Graph()
    >>> _ = g.add((BNode(), RDFS.label, Literal("x")))
    >>> [str(s) for s in canonical_graph(g).subjects()] == [str(s) for s in
    ...     canonical_graph(g).subjects()]
    True
    """
    triples = list(graph)
    if not any(isinstance(n, BNode) for t in triples for n in t):
        relabelled: Iterable[tuple[Node, Node, Node]] = triples
    else:
        full = _tree_labels(triples)
        if full is None:
            triples = list(to_canonical_graph(graph))
            full = {n: str(n) for t in triples for n in t if isinstance(n, BNode)}
        labels = {
            n: BNode(label) for n, label in short_labels(full, min_length=16, text=full.get).items()
        }
        relabelled = [
            tuple(labels.get(n, n) if isinstance(n, BNode) else n for n in t)  # type: ignore[misc]
            for t in triples
        ]
    out = Graph(bind_namespaces="none")
    for _, triple in sorted((_nt_line(t), t) for t in relabelled):
        out.add(triple)
    return out


def _tree_labels(triples: list[tuple[Node, Node, Node]]) -> dict[BNode, str] | None:
    """Canonical labels of the blank nodes when they form trees, else None.

    A blank node's content is the hash of its statements, the blank nodes in them replaced by
    their content; its label, the hash of the label (or IRI) of the node it hangs from, the
    property and its content. Isomorphic graphs so get the same labels. Siblings with equal
    content are interchangeable: they are numbered in any order, which changes no statement.
    None when a blank node is the object of two statements or sits on a cycle of blank nodes.
    """
    below: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
    parent: dict[BNode, tuple[Node, Node]] = {}
    for s, p, o in triples:
        below[s].append((p, o))
        if isinstance(o, BNode):
            if o in parent:
                return None
            parent[o] = (s, p)
    blank = {n for t in triples for n in t if isinstance(n, BNode)}
    roots = sorted((n for n in blank if n not in parent), key=str)
    order = _top_down(roots, below)
    if len(order) != len(blank):
        return None  # the rest sit on cycles
    content: dict[BNode, str] = {}
    for node in reversed(order):
        lines = sorted(
            f"{_nt_term(p)} {'_:' + content[o] if isinstance(o, BNode) else _nt_term(o)}"
            for p, o in below[node]
        )
        content[node] = _sha256("\n".join(lines))
    labels: dict[BNode, str] = {}
    taken: Counter[str] = Counter()
    for node in order:
        if node in parent:
            s, p = parent[node]
            up = labels[s] if isinstance(s, BNode) else _nt_term(s)
            label = _sha256(f"{up} {_nt_term(p)} {content[node]}")
        else:
            label = _sha256(content[node])
        taken[label] += 1
        labels[node] = label if taken[label] == 1 else _sha256(f"{label} {taken[label]}")
    return labels


def _top_down(roots: list[BNode], below: Mapping[Node, list[tuple[Node, Node]]]) -> list[BNode]:
    """The blank nodes reachable from ``roots`` and the IRIs' statements, parents first."""
    starts = [n for n in below if not isinstance(n, BNode)] + roots
    order: list[BNode] = list(roots)
    stack = [o for s in starts for _, o in below[s] if isinstance(o, BNode)]
    while stack:
        node = stack.pop()
        order.append(node)
        stack.extend(o for _, o in below[node] if isinstance(o, BNode))
    return order


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


# --- N-Triples -----------------------------------------------------------------------------


def to_ntriples(graph: Graph) -> str:
    """N-Triples, one line per triple, lines sorted; blank-node labels as :func:`canonical_graph`.

    >>> g = Graph()
    >>> _ = g.add((URIRef("http://ex/b"), RDFS.label, Literal('two\\nlines "q"', lang="cs")))
    >>> _ = g.add((URIRef("http://ex/a"), RDF.value, Literal("1", datatype=XSD.integer)))
    >>> print(to_ntriples(g), end="")
    <http://ex/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#value> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .
    <http://ex/b> <http://www.w3.org/2000/01/rdf-schema#label> "two\\nlines \\"q\\""@cs .
    """  # noqa: E501
    return "".join(sorted(_nt_line(t) + "\n" for t in canonical_graph(graph)))


def _nt_line(triple: tuple[Node, Node, Node]) -> str:
    return " ".join(_nt_term(term) for term in triple) + " ."


def _nt_term(term: Node) -> str:
    if isinstance(term, URIRef):
        return quote_iri(str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        quoted = quote_string(str(term))
        if term.language:
            return f"{quoted}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{quoted}^^{_nt_term(term.datatype)}"
        return quoted
    raise ValueError(f"a term N-Triples cannot write: {term!r}")


# --- N-Quads -------------------------------------------------------------------------------

Quad = tuple[Node, Node, Node, URIRef | None]
"""Subject, predicate, object and the name of the graph, ``None`` for the default graph."""


def named_quads(dataset: Dataset) -> Iterator[Quad]:
    """The quads of ``dataset``, with ``None`` as the default graph's name.

    Raises:
        ValueError: a graph is named by a blank node (its name could not be written stably).
    """
    for s, p, o, g in dataset.quads((None, None, None, None)):
        if g == DATASET_DEFAULT_GRAPH_ID or g is None:
            yield s, p, o, None
        elif isinstance(g, URIRef):
            yield s, p, o, g
        else:
            raise ValueError(f"a graph named by a blank node: {g!r}")


def union_graph(dataset: Dataset) -> Graph:
    """The triples of all the graphs of ``dataset``, each once (what ``lpkg.nt`` holds)."""
    out = Graph(bind_namespaces="none")
    for s, p, o, _ in named_quads(dataset):
        out.add((s, p, o))
    return out


def canonical_quads(dataset: Dataset) -> list[Quad]:
    """The quads of ``dataset`` in sorted N-Quads order, blank nodes labelled from their content.

    The labels are :func:`canonical_graph`'s, computed over the quads rather than the union: each
    named graph's triples are labelled with the graph folded into their predicate, so a blank node
    is told apart by the graph its statements are in too, and the same quads always get the same
    labels.

    >>> ds = Dataset()
    >>> g = ds.graph(URIRef("http://ex/page"))
    >>> _ = g.add((URIRef("http://ex/a"), RDFS.seeAlso, BNode()))
    >>> [str(q[2]) for q in canonical_quads(ds)] == [str(q[2]) for q in canonical_quads(ds)]
    True
    """
    folded: dict[URIRef, tuple[Node, URIRef | None]] = {}
    encoded = Graph(bind_namespaces="none")
    for s, p, o, g in named_quads(dataset):
        key = p
        if g is not None:
            digest = hashlib.sha256(f"{_nt_term(g)} {_nt_term(p)}".encode()).hexdigest()
            key = URIRef(f"urn:lpkg:quad:{digest}")
        folded[key] = (p, g)  # type: ignore[index]
        encoded.add((s, key, o))
    quads = []
    for s, key, o in canonical_graph(encoded):
        p, g = folded[key]  # type: ignore[index]
        quads.append((s, p, o, g))
    return sorted(quads, key=_nq_line)


def to_nquads(dataset: Dataset) -> str:
    """N-Quads, one line per quad, lines sorted; the default graph's triples have no graph term.

    >>> ds = Dataset()
    >>> _ = ds.graph(URIRef("http://ex/page")).add((URIRef("http://ex/a"), RDF.value, Literal(1)))
    >>> _ = ds.default_graph.add((URIRef("http://ex/b"), RDFS.label, Literal("b")))
    >>> print(to_nquads(ds), end="")
    <http://ex/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#value> "1"^^<http://www.w3.org/2001/XMLSchema#integer> <http://ex/page> .
    <http://ex/b> <http://www.w3.org/2000/01/rdf-schema#label> "b" .
    """  # noqa: E501
    return "".join(_nq_line(q) + "\n" for q in canonical_quads(dataset))


def _nq_line(quad: Quad) -> str:
    s, p, o, g = quad
    terms = (s, p, o) if g is None else (s, p, o, g)
    return " ".join(_nt_term(term) for term in terms) + " ."


# --- JSON-LD -------------------------------------------------------------------------------

_KEYWORD_ALIASES = {"id": "@id", "type": "@type"}


def context_for(graph: Graph, prefixes: Mapping[str, str] | None = None) -> dict[str, object]:
    """A JSON-LD context that makes ``graph`` read naturally as JSON.

    It holds ``id`` and ``type`` for ``@id`` and ``@type``, the prefixes (the project's and
    ``prefixes``) whose namespaces the graph uses, and one term per property of the graph, named
    by the property's local name (``prefix_local`` when two properties share a local name or the
    name is taken). A term coerces its values when all of them allow it: IRIs (``@type: @id``),
    literals of one datatype (``@type`` that datatype), or language-tagged strings (a language
    map, ``{"cs": ..., "en": ...}``).

    >>> from lpkg.namespaces import LP, LPLACE, LPKG
    >>> g = Graph()
    >>> _ = g.add((LP.most, LPKG.town, LPLACE.most))
    >>> _ = g.add((LP.most, RDFS.label, Literal("Most", lang="cs")))
    >>> context = context_for(g)
    >>> context["town"], context["label"]
    ({'@id': 'lpkg:town', '@type': '@id'}, {'@id': 'rdfs:label', '@container': '@language'})
    """
    namespaces = _namespaces(prefixes)
    terms = _term_names(set(graph.predicates()) - {RDF.type}, namespaces)
    context: dict[str, object] = dict(_KEYWORD_ALIASES)
    used: set[str] = set()
    for predicate, name in terms.items():
        objects = list(graph.objects(None, predicate))
        iri = _compact(predicate, namespaces, used)
        coercion = _coercion(objects, namespaces, used)
        context[name] = {"@id": iri, **coercion} if coercion else iri
    for node in (n for t in graph for n in t):
        if isinstance(node, URIRef):
            _compact(node, namespaces, used)
        elif isinstance(node, Literal) and node.datatype is not None:
            _compact(node.datatype, namespaces, used)
    for name in sorted(used):
        context[name] = namespaces[name]
    return context


def _namespaces(prefixes: Mapping[str, str] | None) -> dict[str, str]:
    namespaces = dict(PREFIXES)
    for name, iri in (prefixes or {}).items():
        if name not in namespaces and iri not in namespaces.values():
            namespaces[name] = iri
    return namespaces


def _local_name(iri: str, namespaces: Mapping[str, str]) -> tuple[str, str]:
    """(prefix, local name) of ``iri``; the prefix is empty when none covers it."""
    best = max(
        (name for name, ns in namespaces.items() if iri.startswith(ns) and len(iri) > len(ns)),
        key=lambda name: len(namespaces[name]),
        default="",
    )
    if best:
        return best, iri[len(namespaces[best]) :]
    return "", re.split(r"[#/]", iri.rstrip("#/"))[-1]


def _term_names(predicates: set[Node], namespaces: Mapping[str, str]) -> dict[URIRef, str]:
    locals_ = {p: _local_name(str(p), namespaces) for p in predicates if isinstance(p, URIRef)}
    counts = Counter(local for _, local in locals_.values())
    reserved = set(_KEYWORD_ALIASES) | set(namespaces)
    names: dict[URIRef, str] = {}
    for predicate, (prefix, local) in sorted(locals_.items()):
        plain = re.fullmatch(r"[A-Za-z_][A-Za-z0-9_\-]*", local) is not None
        if plain and counts[local] == 1 and local not in reserved:
            names[predicate] = local
        elif plain and prefix:
            names[predicate] = f"{prefix}_{local}"
        else:
            names[predicate] = str(predicate)
    return names


def _compact(iri: URIRef, namespaces: Mapping[str, str], used: set[str]) -> str:
    prefix, local = _local_name(str(iri), namespaces)
    if prefix and not local.startswith("//") and re.fullmatch(r"[^\s\"<>{}|\\^`]+", local):
        used.add(prefix)
        return f"{prefix}:{local}"
    return str(iri)


def _coercion(objects: list[Node], namespaces: Mapping[str, str], used: set[str]) -> dict[str, str]:
    if objects and all(isinstance(o, URIRef | BNode) for o in objects):
        return {"@type": "@id"}
    if not objects or not all(isinstance(o, Literal) for o in objects):
        return {}
    literals: list[Literal] = objects  # type: ignore[assignment]
    if all(o.language for o in literals):
        return {"@container": "@language"}
    datatypes = {o.datatype for o in literals}
    if len(datatypes) == 1 and None not in datatypes and XSD.string not in datatypes:
        if not any(o.language for o in literals):
            return {"@type": _compact(next(iter(datatypes)), namespaces, used)}  # type: ignore[arg-type]
    return {}


def to_jsonld(graph: Graph, context: Mapping[str, object]) -> str:
    """The graph as JSON-LD compacted by hand with ``context`` (from :func:`context_for`).

    The context is written inline, so no processor needs to fetch anything. Blank nodes that are
    the object of exactly one triple are written nested in their parent; the other nodes are the
    items of ``@graph``, sorted by ``id``; properties and values are sorted too.
    """
    graph = canonical_graph(graph)
    writer = _JsonLdWriter(graph, context)
    document = {"@context": dict(context), "@graph": writer.nodes()}
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


class _JsonLdWriter:
    def __init__(self, graph: Graph, context: Mapping[str, object]) -> None:
        self.graph = graph
        self.prefixes = {
            k: v
            for k, v in context.items()
            if isinstance(v, str)
            and k not in _KEYWORD_ALIASES
            and not v.startswith("@")
            and _is_namespace(k, v)
        }
        self.terms: dict[URIRef, tuple[str, dict[str, str]]] = {}
        for name, definition in context.items():
            if isinstance(definition, dict):
                self.terms[self.expand(definition["@id"])] = (name, definition)
            elif isinstance(definition, str) and name not in self.prefixes and ":" in definition:
                if name not in _KEYWORD_ALIASES:
                    self.terms[self.expand(definition)] = (name, {})
        uses: Counter[BNode] = Counter(o for o in graph.objects() if isinstance(o, BNode))
        self.nested = {node for node, count in uses.items() if count == 1}
        self._reachable_check()

    def _reachable_check(self) -> None:
        # a cycle of blank nodes each used once would never be written: write those at the top
        roots = [s for s in set(self.graph.subjects()) if s not in self.nested]
        reached: set[Node] = set()
        stack: list[Node] = list(roots)
        while stack:
            for o in self.graph.objects(stack.pop()):
                if o in self.nested and o not in reached:
                    reached.add(o)
                    stack.append(o)
        self.nested &= reached  # type: ignore[operator]

    def expand(self, value: str) -> URIRef:
        prefix, sep, local = value.partition(":")
        if sep and prefix in self.prefixes and not local.startswith("//"):
            return URIRef(self.prefixes[prefix] + local)
        return URIRef(value)

    def compact(self, iri: Node) -> str:
        if isinstance(iri, BNode):
            return f"_:{iri}"
        best = max(
            (p for p, ns in self.prefixes.items() if str(iri).startswith(ns)),
            key=lambda p: len(self.prefixes[p]),
            default=None,
        )
        if best is not None:
            local = str(iri)[len(self.prefixes[best]) :]
            if local and not local.startswith("//") and re.fullmatch(r"[^\s\"<>{}|\\^`]+", local):
                return f"{best}:{local}"
        return str(iri)

    def nodes(self) -> list[dict[str, object]]:
        subjects = [s for s in set(self.graph.subjects()) if s not in self.nested]
        subjects.sort(key=lambda s: (isinstance(s, BNode), str(s)))
        return [self.node(s, top=True) for s in subjects]

    def node(self, subject: Node, *, top: bool = False) -> dict[str, object]:
        out: dict[str, object] = {}
        if top or subject not in self.nested:
            out["id"] = self.compact(subject)
        types = sorted(self.compact(o) for o in self.graph.objects(subject, RDF.type))
        if types:
            out["type"] = types[0] if len(types) == 1 else types
        grouped: dict[URIRef, list[Node]] = defaultdict(list)
        for p, o in self.graph.predicate_objects(subject):
            if p != RDF.type:
                grouped[p].append(o)  # type: ignore[index]
        for predicate, objects in grouped.items():
            name, definition = self.terms.get(predicate, (str(predicate), {}))
            out[name] = self.values(objects, definition)
        return out

    def values(self, objects: list[Node], definition: Mapping[str, str]) -> object:
        if definition.get("@container") == "@language":
            by_lang: dict[str, list[str]] = defaultdict(list)
            for o in objects:
                by_lang[o.language].append(str(o))  # type: ignore[attr-defined]
            return {lang: _one_or_list(sorted(texts)) for lang, texts in by_lang.items()}
        coerced = definition.get("@type")
        values = [self.value(o, coerced) for o in objects]
        return _one_or_list(sorted(values, key=lambda v: json.dumps(v, sort_keys=True)))

    def value(self, term: Node, coerced: str | None) -> object:
        if isinstance(term, BNode) and term in self.nested:
            return self.node(term)
        if isinstance(term, URIRef | BNode):
            return self.compact(term) if coerced == "@id" else {"id": self.compact(term)}
        assert isinstance(term, Literal)
        if coerced is not None:
            return str(term)
        if term.language:
            return {"@value": str(term), "@language": term.language}
        if term.datatype is not None and term.datatype != XSD.string:
            return {"@value": str(term), "@type": self.compact(term.datatype)}
        return str(term)


def _is_namespace(name: str, iri: str) -> bool:
    return iri.endswith(("#", "/")) and ":" not in name


def _one_or_list(values: list[object]) -> object:
    return values[0] if len(values) == 1 else values


# --- inference -----------------------------------------------------------------------------


def inferred_only(asserted: Graph, closure: Graph) -> Graph:
    """The entailments of ``closure`` that add information to ``asserted``; ``closure`` may
    hold just what was derived (:func:`lpkg.infer.derive`).

    Left out, besides the asserted triples themselves:

    - triples whose subject or object is a term of the RDF, RDFS, OWL or XSD namespaces (``x a
      owl:Thing``, ``p a owl:ObjectProperty``, ``"…" a rdf:langString``, ``rdf:type owl:sameAs
      rdf:type``, …): the vocabulary's own axioms, not facts about the dataset;
    - reflexive ``owl:sameAs``, ``owl:equivalentClass``, ``owl:equivalentProperty``,
      ``rdfs:subClassOf`` and ``rdfs:subPropertyOf`` (``x owl:sameAs x``);
    - triples with a literal subject (not RDF) or a blank node (a blank node in a separate file
      names nothing the dataset's files can join on).

    >>> from lpkg.namespaces import LP, LPKG
    >>> asserted, closure = Graph(), Graph()
    >>> _ = asserted.add((LP.most, RDF.type, LPKG.LocalPartnership))
    >>> closure += asserted
    >>> _ = closure.add((LP.most, OWL.sameAs, LP.most))
    >>> _ = closure.add((LP.most, RDF.type, OWL.Thing))
    >>> _ = closure.add((LP.most, RDF.type, LPKG.Collaboration))
    >>> [str(o) for o in inferred_only(asserted, closure).objects()]
    ['https://w3id.org/lpkg/ontology#Collaboration']
    """
    out = Graph(bind_namespaces="none")
    for triple in closure:
        s, p, o = triple
        if triple in asserted or isinstance(s, Literal | BNode) or isinstance(o, BNode):
            continue
        if _is_core(s) or _is_core(o):
            continue
        if s == o and p in _REFLEXIVE_NOISE:
            continue
        out.add(triple)
    return out


def _is_core(term: Node) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(_CORE_NAMESPACES)


# --- files ---------------------------------------------------------------------------------


def gzip_bytes(data: bytes) -> bytes:
    """``data`` gzipped with no file name and mtime 0, so the same input gives the same bytes.

    >>> gzip_bytes(b"abc") == gzip_bytes(b"abc") and gzip.decompress(gzip_bytes(b"abc"))
    b'abc'
    """
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as f:
        f.write(data)
    return buffer.getvalue()


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file, in hex."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sha256sums(directory: Path, names: Iterable[str]) -> str:
    """``sha256sum`` output for the files ``names`` (relative, ``/``-separated), sorted by name."""
    return "".join(f"{sha256_file(directory / name)}  {name}\n" for name in sorted(set(names)))
