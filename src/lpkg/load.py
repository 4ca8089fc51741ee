"""Read the ontology, the data and contributed files safely into rdflib graphs."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

import rdflib.plugins.sparql
from rdflib import Graph
from rdflib.plugins.parsers.notation3 import BadSyntax

from .errors import MissingFileError, ParseError
from .namespaces import PREFIXES
from .paths import project_root, turtle_files

log = logging.getLogger(__name__)

# SPARQL FROM / FROM NAMED / LOAD would otherwise read local files or fetch URLs (security.md).
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False

DEFAULT_MAX_BYTES = 10_000_000
"""Larger files are refused: rdflib's parsers slow down quadratically on huge literals."""

FORMATS = {".ttl": "turtle", ".nt": "nt"}


def new_graph() -> Graph:
    """An empty graph with the project's prefixes bound."""
    graph = Graph(bind_namespaces="none")
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    return graph


def parse_file(
    path: Path | str, graph: Graph | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Graph:
    """Parse one Turtle or N-Triples file into ``graph`` (a new one if not given).

    Raises:
        MissingFileError: the file does not exist.
        ParseError: the file is empty, too large, not UTF-8, of an unknown kind, or not valid
            RDF (with line and column where the parser says).
    """
    path = Path(path)
    if not path.is_file():
        raise MissingFileError(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ParseError(path, f"unknown kind of file; lpkg reads {', '.join(FORMATS)} files.")
    size = path.stat().st_size
    if size > max_bytes:
        raise ParseError(
            path, f"the file has {size:,} bytes, more than the limit of {max_bytes:,}."
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        column = err.start - raw.rfind(b"\n", 0, err.start)
        raise ParseError(path, "the file is not UTF-8 text.", line, column) from None
    if not text.strip():
        raise ParseError(path, "the file is empty.")
    target = graph if graph is not None else new_graph()
    # Parse into a scratch graph first so that a failure leaves ``target`` untouched.
    scratch = Graph()
    try:
        scratch.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
    except BadSyntax as err:
        line, column = _position(err)
        raise ParseError(path, f"{err._why}.", line, column) from None
    except Exception as err:  # rdflib raises many kinds of error on bad input
        raise ParseError(path, f"not valid {fmt} ({type(err).__name__}: {err}).") from None
    for triple in scratch:
        target.add(triple)
    log.debug("parsed %s: %d triples", path, len(scratch))
    return target


def _position(err: BadSyntax) -> tuple[int, int]:
    """Line and column (1-based) of a Turtle syntax error."""
    start = err._str.rfind(b"\n", 0, err._i)
    return err.lines + 1, err._i - start


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
    """Load every shapes file under ``shapes/``.

    Raises:
        MissingFileError: there are no shapes, so nothing could be checked.
    """
    folder = project_root(root) / "shapes"
    files = turtle_files(folder.parent, "shapes")
    if not files:
        raise MissingFileError(folder / "*.ttl")
    return parse_files(files)
