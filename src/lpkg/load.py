"""Read the ontology, the data and contributed files safely into rdflib graphs."""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Iterable
from pathlib import Path

import rdflib.plugins.sparql
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from .errors import InputError, MissingFileError, ParseError
from .escape import excerpt
from .namespaces import PREFIXES
from .paths import folder_files, project_root, regular_file, turtle_files

log = logging.getLogger(__name__)

# SPARQL FROM / FROM NAMED / LOAD would otherwise read local files or fetch URLs (security.md).
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False

DEFAULT_MAX_BYTES = 10_000_000
"""Larger files are refused unless ``$LPKG_MAX_BYTES`` says otherwise; a contribution of one town
is a few kilobytes."""
MAX_BYTES_ENV = "LPKG_MAX_BYTES"


def max_bytes_limit() -> int:
    """The size limit for input files: ``$LPKG_MAX_BYTES`` if set, else the default."""
    value = os.environ.get(MAX_BYTES_ENV, "")
    if not value:
        return DEFAULT_MAX_BYTES
    if not value.isdigit():
        raise InputError(f"{MAX_BYTES_ENV}={value!r}: give the limit as a number of bytes.")
    return int(value)


FORMATS = {
    ".ttl": "TURTLE",
    ".nt": "N_TRIPLES",
    ".rdf": "RDF_XML",
    ".owl": "RDF_XML",
    ".jsonld": "JSON_LD",
}
"""File extensions lpkg reads, and the pyoxigraph format of each."""

_XML_DECLARATIONS = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_XSD_STRING = str(XSD.string)
_RDF_LANG_STRING = str(RDF.langString)


def new_graph() -> Graph:
    """An empty graph with the project's prefixes bound."""
    graph = Graph(bind_namespaces="none")
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    return graph


def parse_file(
    path: Path | str, graph: Graph | None = None, *, max_bytes: int | None = None
) -> Graph:
    """Parse one Turtle, N-Triples, RDF/XML or JSON-LD file into ``graph`` (a new one if not
    given).

    Files are parsed by pyoxigraph, which is fast on hostile input (rdflib's parsers slow down
    quadratically on huge literals), reports positions, and never fetches anything: a JSON-LD
    context or an XML entity that names another document is refused, and ``owl:imports`` is not
    followed.

    Relative IRIs are refused: resolved against the file's place they would write the
    contributor's local path into ``data/``.

    Raises:
        MissingFileError: the file does not exist.
        UnsafeFileError: the file is a symbolic link or not a regular file.
        ParseError: the file is empty, too large, not UTF-8, of an unknown kind, not valid RDF
            (with line and column where the parser says), uses a relative IRI, or refers to
            outside documents.
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
    triples = _parse(path, data, fmt)
    target = graph if graph is not None else new_graph()
    for triple in triples:
        target.add(triple)
    log.debug("parsed %s: %d triples", path, len(triples))
    return target


def _parse(path: Path, data: bytes, fmt: str) -> list[tuple[Node, Node, Node]]:
    """Every triple of the file, or a ParseError; nothing is added anywhere on failure."""
    import pyoxigraph as ox

    blank_nodes: dict[str, BNode] = {}

    def term(value: object) -> Node:
        if isinstance(value, ox.NamedNode):
            return URIRef(value.value)
        if isinstance(value, ox.BlankNode):
            # a fresh rdflib blank node per label and file, so files never share blank nodes
            return blank_nodes.setdefault(value.value, BNode())
        assert isinstance(value, ox.Literal)
        datatype = value.datatype.value
        if value.language:
            return Literal(value.value, lang=value.language)
        if datatype in (_XSD_STRING, _RDF_LANG_STRING):
            return Literal(value.value)
        return Literal(value.value, datatype=URIRef(datatype))

    try:
        # Without a base the Turtle, N-Triples and RDF/XML parsers refuse a relative IRI at its
        # position; the JSON-LD parser would drop it silently, so it gets a base that shows.
        base = _RELATIVE_BASE if fmt == "JSON_LD" else None
        quads = ox.parse(data, format=getattr(ox.RdfFormat, fmt), base_iri=base)
        triples = [(term(q.subject), term(q.predicate), term(q.object)) for q in quads]
    except SyntaxError as err:
        reason = _REASON.sub("", str(err)).strip()
        if "No scheme found in an absolute IRI" in reason:
            reason = "a relative IRI; write every IRI in full, as https://…"
        if "LoadDocumentCallback" in reason:
            reason = "refers to a remote or local JSON-LD context; only inline contexts are read"
        raise ParseError(path, f"{reason}.", err.lineno, err.offset) from None
    except Exception as err:  # the parser's other errors on odd input are input errors too
        raise ParseError(path, f"not valid RDF ({type(err).__name__}: {err}).") from None
    relative = sorted({str(t) for triple in triples for t in triple if _is_relative(t)})
    if relative:
        shown = relative[0].removeprefix(_RELATIVE_BASE).removeprefix("lpkg-relative:")
        raise ParseError(
            path, f"a relative IRI ({excerpt(shown)}); write every IRI in full, as https://…."
        )
    return triples


_RELATIVE_BASE = "lpkg-relative://base/"
"""What a relative IRI in JSON-LD resolves against: no real address, so it can be refused (a
network-path reference ``//host/x`` becomes ``lpkg-relative://host/x``, also caught)."""


def _is_relative(term: Node) -> bool:
    return isinstance(term, URIRef) and str(term).startswith("lpkg-relative:")


_REASON = re.compile(
    r"^Parser error (at line \d+ )?(between |at )?(line \d+ )?column[^:]*: |"
    r" \(line \d+\)$"
)


def _check_json_ld(path: Path, text: str) -> None:
    """Refuse contexts and imports that name other documents, before any parser sees them."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as err:
        raise ParseError(path, f"not valid JSON: {err.msg}.", err.lineno, err.colno) from None

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("@context", "@import") and _names_document(value):
                    raise ParseError(
                        path,
                        f"{key} names another document; lpkg reads only inline JSON-LD contexts "
                        "and fetches nothing.",
                    )
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(document)


def _names_document(value: object) -> bool:
    if isinstance(value, str):
        return True
    if isinstance(value, list):
        return any(isinstance(item, str) for item in value)
    return False


def parse_files(paths: Iterable[Path | str], graph: Graph | None = None) -> Graph:
    """Parse several files into one graph."""
    target = graph if graph is not None else new_graph()
    for path in paths:
        parse_file(path, target)
    return target


def dataset_files(root: Path | str | None = None) -> list[Path]:
    """The ontology, vocabulary and data files of the dataset."""
    return turtle_files(project_root(root), "ontology", "data")


def load_graph(extra_files: Iterable[Path | str] = (), *, root: Path | str | None = None) -> Graph:
    """Load the ontology, the vocabularies, the data and any ``extra_files`` into one graph.

    >>> from lpkg.namespaces import LP, LPKG
    >>> graph = load_graph()
    >>> (LP.most, None, None) in graph and (LPKG.LocalPartnership, None, None) in graph
    True
    """
    graph = parse_files(dataset_files(root))
    return parse_files(extra_files, graph)


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
