"""Write Turtle and TriG in the project's canonical form; comments other than the file header are
lost."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import _TripleCanonicalizer
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from .errors import InputError, LimitError, ParseError
from .load import new_dataset, parse_file
from .namespaces import LPKG, PREFIXES

log = logging.getLogger(__name__)

K = TypeVar("K", bound=Hashable)

__all__ = [
    "canonical_graph",
    "canonical_trig",
    "canonical_turtle",
    "format_file",
    "format_files",
    "read_header",
]

# The canonical form, in short (section comments such as ``# --- Plans ---`` are not kept):
#   header comment block, blank line, the @prefix lines the body uses (sorted by name), blank line,
#   one block per subject (the owl:Ontology / skos:ConceptScheme first, then by IRI), blocks
#   separated by one blank line; predicates in PREDICATE_ORDER; objects sorted by _object_key;
#   blank nodes used once as an object written inline as [ ... ] or ( ... ).
# TriG: the same, with the default graph's blocks first, then one `<name> { ... }` per named graph
#   (sorted by IRI) holding its blocks indented by INDENT; blank-node labels unique in the file.

INDENT = 4

PREDICATES_FIRST = (
    RDF.type,
    SKOS.prefLabel,
    RDFS.label,
    SKOS.altLabel,
    LPKG.listedName,
    LPKG.formerName,
    DCTERMS.title,
)
PREDICATES_LAST = (SKOS.definition, SKOS.note, SKOS.editorialNote, PROV.wasDerivedFrom)
HEAD_CLASSES = (OWL.Ontology, SKOS.ConceptScheme)

# A conservative subset of Turtle's PN_LOCAL: plain ASCII names need no escaping anywhere.
_LOCAL_NAME = re.compile(r"(?:[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?)?\Z")
_BARE = {
    XSD.integer: re.compile(r"[+-]?[0-9]+\Z"),
    XSD.decimal: re.compile(r"[+-]?[0-9]*\.[0-9]+\Z"),
    XSD.double: re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+\Z"),
    XSD.boolean: re.compile(r"(?:true|false)\Z"),
}
_STRING_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
"""Characters an IRI cannot hold as they are: spaces, line breaks, controls, quotes, brackets."""
_STRING_FORBIDDEN = re.compile(r'["\\\x00-\x1f\x7f]')
_PREFIX_LINE = "@prefix {}: <{}> ."

CANONICAL_STEPS = 50_000
"""The work (graph lookups and hashes) blank-node labelling of one file may take. Each file of
data/ takes well under it (the whole dataset of 19 partnerships at once takes between 400,000
and 2,000,000, which is why the release labels it with rdflib, unbounded, once each file has
passed); labelling is exponential on symmetric blank nodes (two rings of 64 would take hours), so
past this bound the input is refused; 50,000 steps take 1-4 seconds."""


def read_header(text: str) -> str:
    """The comment block a Turtle file starts with (leading blank lines skipped), or ``""``.

    >>> read_header("# Places.\\n# Source: a page.\\n\\n@prefix ex: <http://ex/> .\\n# not me\\n")
    '# Places.\\n# Source: a page.\\n'
    """
    lines = text.lstrip("\r\n").splitlines()
    header = []
    for line in lines:
        if not line.startswith("#"):
            break
        header.append(line)
    return "".join(line + "\n" for line in header)


def canonical_turtle(
    graph: Graph, header: str = "", *, prefixes: Mapping[str, str] | None = None
) -> str:
    """Serialize ``graph`` as canonical Turtle: the same triples always give the same text.

    Parameters:
        graph: the triples; its own prefix bindings are ignored.
        header: a comment block (each line starting with ``#``) written first, verbatim.
        prefixes: further prefixes (e.g. those the source file declared), used only for IRIs that
            no project prefix (``lpkg.namespaces.PREFIXES``) covers; others are written in full.

    Raises:
        ValueError: ``header`` has a line that is not a comment.

    >>> from rdflib import Literal
    >>> from lpkg.namespaces import LP
    >>> g = Graph()
    >>> g.add((LP.most, RDFS.label, Literal('Most "bridge"', lang="cs")))  # doctest: +ELLIPSIS
    <Graph ...>
    >>> print(canonical_turtle(g, "# Example."), end="")
    # Example.
    <BLANKLINE>
    @prefix lp: <https://w3id.org/lpkg/id/partnership/> .
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    <BLANKLINE>
    lp:most rdfs:label "Most \\"bridge\\""@cs .
    """
    header_lines = _header_lines(header)
    graph, inline, nodes = _plan_blank_nodes(graph, _StepCounter(CANONICAL_STEPS))
    writer = _Writer(graph, prefixes or {}, inline, short_labels(nodes))
    return _document(header_lines, writer.used_prefixes, writer.namespaces, writer.body())


def canonical_trig(
    dataset: Dataset, header: str = "", *, prefixes: Mapping[str, str] | None = None
) -> str:
    """Serialize ``dataset`` as canonical TriG: the default graph's statements first, then each
    named graph (sorted by IRI) in braces, its subjects written as :func:`canonical_turtle`
    writes them. Blank-node labels are unique in the file; the work to find them is bounded by
    :data:`CANONICAL_STEPS` for the whole file.

    Raises:
        ValueError: ``header`` has a line that is not a comment.
        InputError: a blank node is in more than one graph (its graphs' canonical forms could
            not say that they share it).
        LimitError: the blank nodes are too symmetric to label within the bound.

    >>> from rdflib import Dataset, Literal
    >>> from lpkg.namespaces import LP
    >>> d = Dataset()
    >>> _ = d.add((LP.most, RDFS.label, Literal("Most", lang="cs"), URIRef("http://example.org/p")))
    >>> print(canonical_trig(d, "# Example."), end="")
    # Example.
    <BLANKLINE>
    @prefix lp: <https://w3id.org/lpkg/id/partnership/> .
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    <BLANKLINE>
    <http://example.org/p> {
        lp:most rdfs:label "Most"@cs .
    }
    """
    header_lines = _header_lines(header)
    graphs = _graphs_of(dataset)
    counter = _StepCounter(CANONICAL_STEPS)
    plans = {name: _plan_blank_nodes(graph, counter) for name, graph in graphs.items()}
    # Labels from each graph's canonical labels and its name: equal content in two graphs
    # stays two blank nodes.
    labels = short_labels(
        [(name, node) for name, (_, _, nodes) in plans.items() for node in nodes],
        text=lambda key: str(key[1]) if key[0] is None else f"{key[0]} {key[1]}",
    )
    used: set[str] = set()
    namespaces: dict[str, str] = {}
    body: list[str] = []
    for name, (graph, inline, nodes) in plans.items():
        own = {node: labels[(name, node)] for node in nodes}
        writer = _Writer(graph, prefixes or {}, inline, own)
        blocks = writer.body()
        if name is None:
            body.extend(blocks)
        else:
            # blocks have no empty lines (literals hold no raw newlines): indent every line
            inner = "\n\n".join(" " * INDENT + b.replace("\n", "\n" + " " * INDENT) for b in blocks)
            body.append(f"{writer.iri(name)} {{\n{inner}\n}}")
        used |= writer.used_prefixes
        namespaces.update(writer.namespaces)
    return _document(header_lines, used, namespaces, body)


def _graphs_of(dataset: Dataset) -> dict[URIRef | None, Graph]:
    """The non-empty graphs of ``dataset`` as plain graphs: the default graph (``None``) first,
    then the named ones by IRI.

    Raises:
        InputError: a blank node is in more than one graph.
    """
    graphs: dict[URIRef | None, Graph] = {}
    for s, p, o, name in dataset.quads((None, None, None, None)):
        key = None if name is None or name == DATASET_DEFAULT_GRAPH_ID else URIRef(name)
        graphs.setdefault(key, Graph()).add((s, p, o))
    seen: dict[BNode, URIRef | None] = {}
    for name, graph in graphs.items():
        for node in {t for triple in graph for t in triple if isinstance(t, BNode)}:
            other = seen.setdefault(node, name)
            if other != name:
                where = " and ".join(str(g or "the default graph") for g in (other, name))
                raise InputError(
                    f"a blank node is in two graphs ({where}); keep each blank node in one "
                    "graph, or give it an IRI."
                )
    return dict(sorted(graphs.items(), key=lambda item: (item[0] is not None, str(item[0]))))


def _header_lines(header: str) -> list[str]:
    lines = header.rstrip("\r\n").splitlines() if header.strip() else []
    for line in lines:
        if not line.startswith("#"):
            raise ValueError(f"the header must be comment lines; this one is not: {line!r}")
    return lines


def _document(
    header_lines: list[str], used: set[str], namespaces: Mapping[str, str], body: list[str]
) -> str:
    """The header, the prefixes used, then the body's blocks, one blank line apart."""
    blocks = []
    if header_lines:
        blocks.append("\n".join(header_lines))
    if used:
        blocks.append("\n".join(_PREFIX_LINE.format(n, namespaces[n]) for n in sorted(used)))
    blocks.extend(body)
    return "\n\n".join(blocks) + "\n" if blocks else ""


_SYNTAX = {".ttl": "TURTLE", ".trig": "TRIG"}
"""What lpkg fmt writes: the syntax of each extension."""


def _canonical_text(path: Path) -> tuple[str, bytes]:
    """The canonical text of the Turtle or TriG file at ``path`` and the file's bytes as they
    are."""
    syntax = _SYNTAX.get(path.suffix.lower())
    if path.is_file() and syntax is None:
        raise ParseError(path, "lpkg fmt writes Turtle and TriG; give it .ttl or .trig files.")
    if syntax == "TRIG":
        parsed: Graph = parse_file(path, new_dataset())
    else:
        parsed = parse_file(path)
    raw = path.read_bytes()
    text = raw.decode("utf-8")  # parse_file has checked that it is UTF-8
    header, prefixes = read_header(text), _declared_prefixes(text, path)
    try:
        if isinstance(parsed, Dataset):
            canonical = canonical_trig(parsed, header, prefixes=prefixes)
        else:
            canonical = canonical_turtle(parsed, header, prefixes=prefixes)
    except LimitError as err:
        raise LimitError(f"{path}: {err}") from None
    except InputError as err:
        raise ParseError(path, f"{err}") from None
    return canonical, raw


def _declared_prefixes(text: str, path: Path) -> dict[str, str]:
    """The prefixes a Turtle or TriG text declares (it has parsed already, so this cannot fail).

    pyoxigraph reads them, as it read the triples: rdflib's parser knows no Turtle 1.2
    ``VERSION`` directive."""
    import pyoxigraph as ox

    syntax = getattr(ox.RdfFormat, _SYNTAX[path.suffix.lower()])
    parser = ox.parse(text.encode("utf-8"), format=syntax, base_iri=path.resolve().as_uri())
    for _ in parser:
        pass
    return dict(parser.prefixes)


def format_file(path: Path | str, *, check: bool = False) -> bool:
    """Rewrite a Turtle or TriG file in canonical form unless it is already; True if it was
    not.

    With ``check`` the file is only compared, never written. The file is replaced atomically (a
    temporary file in the same folder, then ``os.replace``), so a reader never sees half of it.

    Raises:
        MissingFileError: the file does not exist.
        ParseError: the file is not a valid Turtle (.ttl) or TriG (.trig) file.
    """
    return bool(format_files([path], check=check))


def format_files(paths: Iterable[Path | str], *, check: bool = False) -> list[Path]:
    """Rewrite Turtle and TriG files in canonical form; returns those that were not (and, unless
    ``check``, are now).

    Every file is read and formatted before any is written, so a malformed file leaves all of
    them untouched.

    Raises:
        MissingFileError: a file does not exist.
        ParseError: a file is not a valid Turtle (.ttl) or TriG (.trig) file.
    """
    pending = []
    for path in map(Path, paths):
        canonical, raw = _canonical_text(path)
        encoded = canonical.encode("utf-8")
        if encoded != raw:
            pending.append((path, encoded))
    if not check:
        for path, encoded in pending:
            _write_atomically(path, encoded)
            log.info("reformatted %s", path)
    return [path for path, _ in pending]


def _write_atomically(path: Path, data: bytes) -> None:
    mode = path.stat().st_mode & 0o7777
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(name, mode)
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class _Rendered:
    """An object term as written, with the key that orders it among its siblings."""

    text: str
    key: tuple[int, str, str, str]


class _Writer:
    """Writes one graph; remembers which prefixes the text uses."""

    def __init__(
        self,
        graph: Graph,
        extra_prefixes: Mapping[str, str],
        inline: set[BNode],
        labels: dict[BNode, str],
    ) -> None:
        self.namespaces = dict(PREFIXES)
        self.project = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))
        known = set(PREFIXES.values())
        extra = {
            name: iri
            for name, iri in extra_prefixes.items()
            if name not in PREFIXES and iri not in known and iri
        }
        self.namespaces.update(extra)
        self.extra = sorted(extra.items(), key=lambda item: (-len(item[1]), item[0]))
        self.used_prefixes: set[str] = set()
        self.graph, self.inline, self.labels = graph, inline, labels
        self._lists: dict[BNode, list[Node] | None] = {}
        self._nested: dict[BNode, str] = {}

    # --- the body -------------------------------------------------------------------------

    def body(self) -> list[str]:
        """One text block per subject, in canonical order."""
        heads = {s for cls in HEAD_CLASSES for s in self.graph.subjects(RDF.type, cls)}
        keyed = []
        for subject in set(self.graph.subjects()):
            if subject in self.inline:
                continue
            if isinstance(subject, URIRef):
                key: tuple[int, str] = (0 if subject in heads else 1, str(subject))
                block = self.subject_block(self.iri(subject), subject)
            elif isinstance(subject, BNode) and subject in self.labels:
                key = (2, self.labels[subject])
                block = self.subject_block(f"_:{self.labels[subject]}", subject)
            elif isinstance(subject, BNode):
                block = self.subject_block("[]", subject)
                key = (3, block)
            else:
                raise ValueError(f"a subject that Turtle cannot write: {subject!r}")
            keyed.append((key, block))
        return [block for _, block in sorted(keyed)]

    def subject_block(self, name: str, subject: Node) -> str:
        return f"{name} {self.predicate_objects(subject, INDENT)} ."

    def predicate_objects(self, node: Node, indent: int) -> str:
        """The predicate-object list of ``node``, predicates indented by ``indent``."""
        parts = []
        for predicate, objects in self.objects_by_predicate(node, indent + INDENT):
            separator = ",\n" + " " * (indent + INDENT)
            parts.append(f"{self.predicate(predicate)} {separator.join(o.text for o in objects)}")
        return (" ;\n" + " " * indent).join(parts)

    def objects_by_predicate(self, node: Node, indent: int) -> list[tuple[URIRef, list[_Rendered]]]:
        """The predicates of ``node`` in order, each with its objects in order."""
        return [
            (
                predicate,
                sorted(
                    (self.object(o, indent) for o in self.graph.objects(node, predicate)),
                    key=lambda r: r.key,
                ),
            )
            for predicate in self.predicates(node)
        ]

    def predicates(self, node: Node) -> list[URIRef]:
        def key(predicate: URIRef) -> tuple[int, int, str]:
            if predicate in PREDICATES_FIRST:
                return (0, PREDICATES_FIRST.index(predicate), "")
            if predicate in PREDICATES_LAST:
                return (2, PREDICATES_LAST.index(predicate), "")
            return (1, 0, self.iri(predicate, use=False))

        return sorted(set(self.graph.predicates(node)), key=key)  # type: ignore[arg-type]

    def predicate(self, predicate: Node) -> str:
        if predicate == RDF.type:
            return "a"
        if not isinstance(predicate, URIRef):
            raise ValueError(f"a predicate that Turtle cannot write: {predicate!r}")
        return self.iri(predicate)

    # --- terms ----------------------------------------------------------------------------

    def object(self, term: Node, indent: int) -> _Rendered:
        """``term`` as an object; nested text continues at ``indent``."""
        if isinstance(term, URIRef):
            return _Rendered(self.iri(term), (0, str(term), "", ""))
        if isinstance(term, Literal):
            return _Rendered(
                self.literal(term),
                (2, str(term), term.language or "", str(term.datatype or "")),
            )
        if isinstance(term, BNode):
            if term in self.labels:
                return _Rendered(f"_:{self.labels[term]}", (1, "_:" + self.labels[term], "", ""))
            # Written once at indent 0 and ordered by that text; literals hold no raw newlines,
            # so shifting every line gives the text at any depth.
            text = self._nested.get(term)
            if text is None:
                text = self._nested[term] = self.nested(term, 0)
            return _Rendered(text.replace("\n", "\n" + " " * indent), (1, text, "", ""))
        raise ValueError(f"a term that Turtle cannot write: {term!r}")

    def nested(self, node: BNode, indent: int) -> str:
        """An inline blank node: a collection ``( ... )`` or a property list ``[ ... ]``."""
        items = self.collection(node)
        if items is not None:
            inner = [self.object(item, indent + INDENT).text for item in items]
            return "( " + " ".join(inner) + " )" if inner else "()"
        grouped = self.objects_by_predicate(node, indent + INDENT)
        if not grouped:
            return "[]"
        # Short nodes (two properties, one value each, none nested on lines of its own) fit one
        # line, e.g. [ a time:Instant ; time:inXSDDate "2010-01-27"^^xsd:date ].
        if len(grouped) <= 2 and all(
            len(objects) == 1 and "\n" not in objects[0].text for _, objects in grouped
        ):
            pairs = (f"{self.predicate(p)} {objects[0].text}" for p, objects in grouped)
            return "[ " + " ; ".join(pairs) + " ]"
        return f"[ {self.predicate_objects(node, indent)} ]"

    def collection(self, node: BNode) -> list[Node] | None:
        """The items of the RDF list starting at ``node`` if it can be written as ``( ... )``."""
        if node in self._lists:
            return self._lists[node]
        items: list[Node] | None = []
        seen = set()
        current: Node = node
        while current != RDF.nil:
            if (
                not isinstance(current, BNode)
                or current in seen
                or (current != node and current not in self.inline)
            ):
                items = None
                break
            seen.add(current)
            pairs = list(self.graph.predicate_objects(current))
            firsts = [o for p, o in pairs if p == RDF.first]
            rests = [o for p, o in pairs if p == RDF.rest]
            if len(pairs) != 2 or len(firsts) != 1 or len(rests) != 1:
                items = None
                break
            items.append(firsts[0])
            current = rests[0]
        self._lists[node] = items
        return items

    def iri(self, iri: URIRef, *, use: bool = True) -> str:
        """``iri`` as a CURIE with a project prefix, else a declared one, else in full."""
        text = str(iri)
        for candidates in (self.project, self.extra):
            for name, namespace in candidates:
                if text.startswith(namespace) and _LOCAL_NAME.match(text, len(namespace)):
                    if use:
                        self.used_prefixes.add(name)
                    return f"{name}:{text[len(namespace) :]}"
        return quote_iri(text)

    def literal(self, literal: Literal) -> str:
        lexical = str(literal)
        datatype = literal.datatype
        if datatype in _BARE and _BARE[datatype].match(lexical):
            return lexical
        quoted = quote_string(lexical)
        if literal.language:
            return f"{quoted}@{literal.language}"
        if datatype is not None:
            return f"{quoted}^^{self.iri(datatype)}"
        return quoted


def quote_iri(text: str) -> str:
    """An IRI in angle brackets, with the characters Turtle and N-Triples forbid escaped."""
    return "<" + IRI_FORBIDDEN.sub(lambda m: f"\\u{ord(m.group()):04X}", text) + ">"


def quote_string(text: str) -> str:
    """A string literal's lexical form in double quotes, escaped for Turtle and N-Triples."""
    return '"' + _STRING_FORBIDDEN.sub(_escape_char, text) + '"'


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    return _STRING_ESCAPES.get(char) or f"\\u{ord(char):04X}"


def _plan_blank_nodes(graph: Graph, counter: _StepCounter) -> tuple[Graph, set[BNode], list[BNode]]:
    """Decide which blank nodes are written inline, and which need labels.

    A blank node that is the object of exactly one triple, reachable from a written subject, is
    inline. The others (used twice or more, or in a cycle of such nodes) are returned, sorted,
    in a copy of the graph with :func:`canonical_graph`'s labels, so that the labels made from
    them (:func:`short_labels`) do not depend on parse order.
    """
    inline, labelled = _inline_blank_nodes(graph, set())
    if not labelled and not _unreached(graph, inline):
        return graph, inline, []
    graph = _canonical_graph(graph, counter)
    demoted: set[BNode] = set()
    while True:
        inline, labelled = _inline_blank_nodes(graph, demoted)
        unreached = _unreached(graph, inline)
        if not unreached:
            break
        demoted.add(min(unreached, key=str))
    return graph, inline, sorted(labelled | demoted, key=str)


def _inline_blank_nodes(graph: Graph, demoted: set[BNode]) -> tuple[set[BNode], set[BNode]]:
    """Blank nodes used exactly once as an object (less ``demoted``), and those used more."""
    uses: dict[BNode, int] = defaultdict(int)
    for _, _, o in graph:
        if isinstance(o, BNode):
            uses[o] += 1
    once = {node for node, count in uses.items() if count == 1} - demoted
    more = {node for node, count in uses.items() if count > 1}
    return once, more


def _unreached(graph: Graph, inline: set[BNode]) -> set[BNode]:
    """Inline candidates no written subject leads to: they sit on a cycle of blank nodes."""
    roots = [s for s in set(graph.subjects()) if s not in inline]
    reached: set[Node] = set()
    stack: list[Node] = list(roots)
    while stack:
        node = stack.pop()
        for o in graph.objects(node):
            if o in inline and o not in reached:
                reached.add(o)
                stack.append(o)
    return inline - reached  # type: ignore[return-value]


def short_labels(
    nodes: Iterable[K], min_length: int = 6, *, text: Callable[[K], str] = str
) -> dict[K, str]:
    """Short labels ``b`` + a hash prefix of each node's canonical label (``text`` of it),
    unique among them."""
    digests = {node: hashlib.sha256(text(node).encode()).hexdigest() for node in nodes}
    for length in range(min_length, 65):
        labels = {node: "b" + digest[:length] for node, digest in digests.items()}
        if len(set(labels.values())) == len(labels):
            return labels
    raise AssertionError("distinct canonical labels give distinct digests")  # pragma: no cover


def canonical_graph(graph: Graph, *, steps: int = CANONICAL_STEPS) -> Graph:
    """A copy of ``graph`` with rdflib's canonical blank node labels (as
    ``rdflib.compare.to_canonical_graph`` gives them), refusing graphs that need more than
    ``steps`` steps of work.

    Raises:
        LimitError: the blank nodes are too symmetric to label within the bound.
    """
    return _canonical_graph(graph, _StepCounter(steps))


def _canonical_graph(graph: Graph, counter: _StepCounter) -> Graph:
    """:func:`canonical_graph`, counting its work on ``counter`` (shared by a file's graphs)."""
    canonicalizer = _TripleCanonicalizer(
        _CountedGraph(counter, graph.store, graph.identifier), hashfunc=counter.sha256
    )
    result = Graph()
    for triple in canonicalizer.canonical_triples():
        result.add(triple)
    return result


class _StepCounter:
    """Counts the canonicalizer's graph lookups and hashes, the two costs that grow with the
    symmetry of the blank nodes, and stops it past the bound."""

    def __init__(self, steps: int) -> None:
        self.left = steps
        self.steps = steps

    def step(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise LimitError(
                f"the blank nodes are too symmetric to label canonically within {self.steps:,} "
                "steps (blank nodes that refer to each other in rings or cliques, with nothing "
                "to tell them apart). Give them IRIs, or properties that distinguish them."
            )

    def sha256(self) -> hashlib._Hash:
        self.step()
        return hashlib.sha256()


class _CountedGraph(Graph):
    """A view of a graph's triples that counts every lookup."""

    def __init__(self, counter: _StepCounter, store: object, identifier: Node) -> None:
        super().__init__(store=store, identifier=identifier)  # type: ignore[arg-type]
        self._counter = counter

    def triples(self, pattern):  # type: ignore[no-untyped-def,override]
        self._counter.step()
        return super().triples(pattern)
