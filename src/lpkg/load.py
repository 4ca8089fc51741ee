"""Read the ontology, the data and contributed files safely into rdflib graphs and datasets."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from .errors import LimitError, MissingFileError, ParseError
from .escape import excerpt
from .limits import bytes_from_env
from .namespaces import PREFIXES
from .paths import data_files, folder_files, project_root, regular_file, turtle_files

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 10_000_000
"""Larger files are refused unless ``$LPKG_MAX_BYTES`` says otherwise; a contribution of one town
is a few kilobytes."""
MAX_BYTES_ENV = "LPKG_MAX_BYTES"


MAX_TRIPLES = 10_000
"""Triples a file may hold: a town's contribution has a few hundred, the largest data file about
a thousand. Releases, which hold everything, are read with a higher limit."""
MAX_DEPTH = 100
"""How deep blank nodes may nest: ``[ ... ]`` inside ``[ ... ]``, and the items of a list, each
of which nests one level deeper (its ``rdf:rest``). Blank nodes that refer to each other in a
cycle count as deep as there are of them. The data nests three levels; deeper nesting would
exhaust Python's recursion in the code that writes and compares blank nodes."""
MAX_LITERAL = 10_000
"""Characters a literal may have: the longest in the data (an editorial note) has 588."""


def _silence_lexical_warnings(record: logging.LogRecord) -> bool:
    # rdflib logs a traceback for each ill-typed literal it builds; lpkg reports them itself
    return not record.getMessage().startswith("Failed to convert Literal lexical form")


logging.getLogger("rdflib.term").addFilter(_silence_lexical_warnings)


def max_bytes_limit() -> int:
    """The size limit for input files: ``$LPKG_MAX_BYTES`` if set, else the default."""
    return bytes_from_env(MAX_BYTES_ENV, DEFAULT_MAX_BYTES)


FORMATS = {
    ".ttl": "TURTLE",
    ".nt": "N_TRIPLES",
    ".rdf": "RDF_XML",
    ".owl": "RDF_XML",
    ".jsonld": "JSON_LD",
    ".trig": "TRIG",
    ".nq": "N_QUADS",
}
"""File extensions lpkg reads, and the pyoxigraph format of each."""
QUAD_FORMATS = {".trig", ".nq"}
"""The extensions of formats that hold named graphs (RDF 1.1 datasets)."""

Triple = tuple[Node, Node, Node]
Quad = tuple[Node, Node, Node, URIRef | None]
"""A statement and the name of its graph (``None``: the default graph)."""

_XML_DECLARATIONS = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_XSD_STRING = str(XSD.string)
_RDF_LANG_STRING = str(RDF.langString)


def new_graph() -> Graph:
    """An empty graph with the project's prefixes bound."""
    graph = Graph(bind_namespaces="none")
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    return graph


def new_dataset() -> Dataset:
    """An empty dataset (named graphs) with the project's prefixes bound."""
    dataset = Dataset()
    for prefix, iri in PREFIXES.items():
        dataset.bind(prefix, iri)
    return dataset


def parse_file(
    path: Path | str,
    graph: Graph | None = None,
    *,
    max_bytes: int | None = None,
    max_triples: int = MAX_TRIPLES,
) -> Graph:
    """Parse one Turtle, N-Triples, RDF/XML, JSON-LD, TriG or N-Quads file into ``graph`` (a new
    plain graph if not given).

    Into a :class:`rdflib.Dataset` the statements go into the graphs the file names (the default
    graph for triple formats); into any other graph they are merged, the union of the file's
    graphs.

    Files are parsed by pyoxigraph, which is fast on hostile input (rdflib's parsers slow down
    quadratically on huge literals), reports positions, and never fetches anything: a JSON-LD
    context or an XML entity that names another document is refused, and ``owl:imports`` is not
    followed.

    Legal but absurd input is refused too: more than ``max_triples`` triples, blank nodes nested
    deeper than :data:`MAX_DEPTH`, literals longer than :data:`MAX_LITERAL` characters.

    Relative IRIs are refused: resolved against the file's place they would write the
    contributor's local path into ``data/``.

    Raises:
        MissingFileError: the file does not exist.
        UnsafeFileError: the file is a symbolic link or not a regular file.
        ParseError: the file is empty, too large, not UTF-8, of an unknown kind, not valid RDF
            (with line and column where the parser says), uses a relative IRI, refers to
            outside documents, names a graph by a blank node, or has a literal that is not
            valid for its datatype (``"abc"^^xsd:integer``).
        LimitError: the file is beyond one of the limits above.
    """
    path = regular_file(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        kinds = ", ".join(FORMATS)
        raise ParseError(path, f"unknown kind of file; lpkg reads {kinds} files.")
    size = path.stat().st_size
    max_bytes = max_bytes_limit() if max_bytes is None else max_bytes
    if size > max_bytes:
        raise ParseError(
            path, f"the file has {size:,} bytes, more than the limit of {max_bytes:,}."
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        column = err.start - raw.rfind(b"\n", 0, err.start)
        raise ParseError(path, "the file is not UTF-8 text.", line, column) from None
    if not text.strip():
        raise ParseError(path, "the file is empty.")
    data = text.encode("utf-8")
    if fmt == "RDF_XML" and _XML_DECLARATIONS.search(data):
        raise ParseError(
            path,
            "RDF/XML with a DOCTYPE or ENTITY declaration is refused (entities can read "
            "local files or expand without bound).",
        )
    if fmt == "JSON_LD":
        _check_json_ld(path, text)
    quads = _parse(path, data, fmt)
    _check_limits(path, text, [quad[:3] for quad in quads], max_triples)
    target = graph if graph is not None else new_graph()
    if isinstance(target, Dataset):
        for s, p, o, g in quads:
            if g is None:
                target.default_graph.add((s, p, o))
            else:
                target.add((s, p, o, g))
    else:
        for quad in quads:
            target.add(quad[:3])
    log.debug("parsed %s: %d statements", path, len(quads))
    return target


def _parse(path: Path, data: bytes, fmt: str) -> list[Quad]:
    """Every statement of the file, or a ParseError; nothing is added anywhere on failure."""
    import pyoxigraph as ox

    blank_nodes: dict[str, BNode] = {}

    def term(value: object) -> Node:
        # a fresh rdflib blank node per label and file, so files never share blank nodes
        return rdflib_term(value, blank_nodes)

    try:
        # Without a base the Turtle, N-Triples and RDF/XML parsers refuse a relative IRI at its
        # position; the JSON-LD parser would drop it silently, so it gets a base that shows.
        base = _RELATIVE_BASE if fmt == "JSON_LD" else None
        parsed = list(ox.parse(data, format=getattr(ox.RdfFormat, fmt), base_iri=base))
    except SyntaxError as err:
        reason = _REASON.sub("", str(err)).strip()
        if "No scheme found in an absolute IRI" in reason:
            reason = "a relative IRI; write every IRI in full, as https://…"
        if "LoadDocumentCallback" in reason:
            reason = "refers to a remote or local JSON-LD context; only inline contexts are read"
        raise ParseError(path, f"{reason}.", err.lineno, err.offset) from None
    except Exception as err:  # the parser's other errors on odd input are input errors too
        raise ParseError(path, f"not valid RDF ({type(err).__name__}: {err}).") from None
    if any(isinstance(q.graph_name, ox.BlankNode) for q in parsed):
        raise ParseError(
            path,
            "a graph named by a blank node; name each graph by the IRI of the page its "
            "statements come from.",
        )
    quads: list[Quad] = [
        (
            term(q.subject),
            term(q.predicate),
            term(q.object),
            None if isinstance(q.graph_name, ox.DefaultGraph) else URIRef(q.graph_name.value),
        )
        for q in parsed
    ]
    relative = sorted({str(t) for quad in quads for t in quad if _is_relative(t)})
    if relative:
        shown = relative[0].removeprefix(_RELATIVE_BASE).removeprefix("lpkg-relative:")
        raise ParseError(
            path, f"a relative IRI ({excerpt(shown)}); write every IRI in full, as https://…."
        )
    return quads


def rdflib_term(value: object, blank_nodes: dict[str, BNode]) -> Node:
    """A pyoxigraph term as an rdflib term: a blank node becomes the rdflib blank node
    ``blank_nodes`` holds for its label (a new one the first time); ``xsd:string`` literals are
    plain, as rdflib's parsers make them."""
    import pyoxigraph as ox

    if isinstance(value, ox.NamedNode):
        return URIRef(value.value)
    if isinstance(value, ox.BlankNode):
        return blank_nodes.setdefault(value.value, BNode())
    assert isinstance(value, ox.Literal)
    datatype = value.datatype.value
    if value.language:
        return Literal(value.value, lang=value.language)
    if datatype in (_XSD_STRING, _RDF_LANG_STRING):
        return Literal(value.value)
    return Literal(value.value, datatype=URIRef(datatype))


_RELATIVE_BASE = "lpkg-relative://base/"
"""What a relative IRI in JSON-LD resolves against: no real address, so it can be refused (a
network-path reference ``//host/x`` becomes ``lpkg-relative://host/x``, also caught)."""


def _is_relative(term: Node) -> bool:
    return isinstance(term, URIRef) and str(term).startswith("lpkg-relative:")


def _check_limits(path: Path, text: str, triples: list[Triple], max_triples: int) -> None:
    """Refuse what parses but no contribution needs, before anything slow sees it."""
    if len(triples) > max_triples:
        raise LimitError(
            f"{path}: the file has {len(triples):,} triples, more than the limit of "
            f"{max_triples:,}; a town's contribution has a few hundred. Split it per partnership."
        )
    for _, _, o in triples:
        if not isinstance(o, Literal):
            continue
        if len(o) > MAX_LITERAL:
            raise LimitError(
                f"{_where(path, text, o)}: a literal of {len(o):,} characters, more than the "
                f"limit of {MAX_LITERAL:,}. Shorten it; cite a long text by its page instead."
            )
        if o.ill_typed:
            datatype = o.datatype.n3(new_graph().namespace_manager) if o.datatype else ""
            raise ParseError(
                _where(path, text, o),
                f'"{str(o)[:60]}" is not a valid {datatype} value. Write it in the form the '
                "datatype defines (e.g. 42 for xsd:integer, 2010-01-27 for xsd:date), or make it "
                "a plain string.",
            )
    depth = blank_node_depth(triples)
    if depth > MAX_DEPTH:
        raise LimitError(
            f"{path}: blank nodes nest {depth:,} levels deep (nested [ ... ], list items, or "
            f"blank nodes that refer to each other in a cycle), more than the limit of "
            f"{MAX_DEPTH}. Give the inner resources IRIs, or shorten the list."
        )


def _where(path: Path, text: str, literal: Literal) -> str:
    """``path, line N`` of the first line holding the start of ``literal``, else ``path``."""
    at = text.find(str(literal)[:40])
    return f"{path}, line {text.count(chr(10), 0, at) + 1}" if at >= 0 else str(path)


def blank_node_depth(triples: Iterable[tuple[Node, Node, Node]]) -> int:
    """The longest chain of blank nodes, each the object of a triple about the one before.

    Blank nodes on a cycle count as many as there are on it (strongly connected components are
    collapsed and weighted by their size), so the result bounds every chain's length.

    >>> a, b, c = BNode(), BNode(), BNode()
    >>> blank_node_depth([(a, RDF.first, b), (b, RDF.first, c), (URIRef("x:s"), RDF.first, a)])
    3
    >>> blank_node_depth([(a, RDF.rest, b), (b, RDF.rest, a)])
    2
    """
    edges: dict[Node, list[Node]] = {}
    nodes: set[Node] = set()
    for s, _, o in triples:
        if isinstance(o, BNode):
            nodes.add(o)
            if isinstance(s, BNode):
                nodes.add(s)
                edges.setdefault(s, []).append(o)
    component = _components(nodes, edges)
    size: dict[int, int] = {}
    for c in component.values():
        size[c] = size.get(c, 0) + 1
    # Tarjan numbers components in reverse topological order: successors come first.
    best: dict[int, int] = {}
    for c in sorted(size):
        best[c] = size[c]
    for node in sorted(nodes, key=lambda n: component[n]):
        c = component[node]
        for target in edges.get(node, ()):
            t = component[target]
            if t != c:
                best[c] = max(best[c], size[c] + best[t])
    return max(best.values(), default=0)


def _components(nodes: set[Node], edges: dict[Node, list[Node]]) -> dict[Node, int]:
    """Tarjan's strongly connected components, iteratively (chains may be long)."""
    index: dict[Node, int] = {}
    low: dict[Node, int] = {}
    on_stack: set[Node] = set()
    stack: list[Node] = []
    component: dict[Node, int] = {}
    counter = found = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            successors = edges.get(node, [])
            if i < len(successors):
                work.append((node, i + 1))
                target = successors[i]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component[member] = found
                    if member == node:
                        break
                found += 1
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return component


_REASON = re.compile(
    r"^Parser error (at line \d+ )?(between |at )?(line \d+ )?column[^:]*: |"
    r" \(line \d+\)$"
)


def _check_json_ld(path: Path, text: str) -> None:
    """Refuse contexts and imports that name other documents, before any parser sees them, and
    JSON nested deeper than :data:`MAX_DEPTH`."""
    try:
        # numbers are not needed here, and a 5,000-digit one would exceed int()'s limit
        document = json.loads(text, parse_int=len, parse_float=len, parse_constant=len)
    except json.JSONDecodeError as err:
        raise ParseError(path, f"not valid JSON: {err.msg}.", err.lineno, err.colno) from None
    except RecursionError:
        raise _too_deep_json(path) from None
    stack: list[tuple[object, int]] = [(document, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _too_deep_json(path)
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("@context", "@import") and _names_document(value):
                    raise ParseError(
                        path,
                        f"{key} names another document; lpkg reads only inline JSON-LD contexts "
                        "and fetches nothing.",
                    )
                stack.append((value, depth + 1))
        elif isinstance(node, list):
            stack.extend((item, depth + 1) for item in node)


def _too_deep_json(path: Path) -> LimitError:
    return LimitError(
        f"{path}: JSON arrays or objects nest more than {MAX_DEPTH} levels deep. Flatten the "
        "document: give nested resources an @id and describe them at the top level."
    )


def _names_document(value: object) -> bool:
    if isinstance(value, str):
        return True
    if isinstance(value, list):
        return any(isinstance(item, str) for item in value)
    return False


def parse_files(paths: Iterable[Path | str], graph: Graph | None = None) -> Graph:
    """Parse several files into one graph (or dataset: see :func:`parse_file`)."""
    target = graph if graph is not None else new_graph()
    for path in paths:
        parse_file(path, target)
    return target


def dataset_files(root: Path | str | None = None) -> list[Path]:
    """The ontology and vocabulary files (Turtle), then the data files (TriG) of the dataset."""
    root = project_root(root)
    return turtle_files(root, "ontology") + data_files(root)


def load_graph(extra_files: Iterable[Path | str] = (), *, root: Path | str | None = None) -> Graph:
    """Load the ontology, the vocabularies, the data and any ``extra_files`` into one graph: the
    union of their named graphs, which queries, validation and inference read.

    >>> from lpkg.namespaces import LP, LPKG
    >>> graph = load_graph()
    >>> (LP.most, None, None) in graph and (LPKG.LocalPartnership, None, None) in graph
    True
    """
    graph = parse_files(dataset_files(root))
    return parse_files(extra_files, graph)


def load_dataset(
    extra_files: Iterable[Path | str] = (), *, root: Path | str | None = None
) -> Dataset:
    """Load what :func:`load_graph` loads as a dataset: each statement in the graph its file
    puts it in (the data's graphs are named by their source pages; the ontology's Turtle is in
    the default graph).
    """
    dataset = parse_files(dataset_files(root), new_dataset())
    return parse_files(extra_files, dataset)  # type: ignore[return-value]


def load_shapes(root: Path | str | None = None) -> Graph:
    """Load the shapes files at the top level of ``shapes/``.

    Subfolders are left out: ``shapes/catalog/`` holds the shapes of the release metadata
    (DCAT-AP-CZ), which ``lpkg build`` checks, not the dataset's.

    Raises:
        MissingFileError: there are no shapes, so nothing could be checked.
        UnsafeFileError: a symbolic link or special file in ``shapes/``.
    """
    folder = project_root(root) / "shapes"
    files = folder_files(folder, recursive=False)
    if not files:
        raise MissingFileError(folder / "*.ttl")
    return parse_files(files)
