"""Load a release into a triplestore through the SPARQL 1.1 Graph Store HTTP Protocol.

Each graph of the release (one per source page, and the default graph with the ontology and the
vocabularies) replaces the graph of the same name in the store with one ``PUT``, which the store
applies whole: a failed or interrupted publish leaves every graph either old or new, never half
written. Graphs the store holds that the release does not are left alone.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from ..errors import InputError, MissingFileError
from ..load import new_dataset, new_graph, parse_file
from ..store import EndpointStore
from .diff import MAX_RELEASE_BYTES, MAX_RELEASE_TRIPLES

RELEASE_DATASET = "lpkg.nq"
"""The file of a release that holds its named graphs (``lpkg build`` writes it)."""

Progress = Callable[[int, int, URIRef | None, int], None]
"""Told before each graph is sent: its number (from 1), how many there are, its name (``None``:
the default graph) and its number of triples."""


def load_release_dataset(path: Path | str) -> Dataset:
    """The named graphs of a release: a release directory (its ``lpkg.nq``) or a TriG or
    N-Quads file.

    Raises:
        MissingFileError: ``path`` does not exist.
        InputError: a directory without ``lpkg.nq``.
        ParseError / LimitError: what :func:`lpkg.load.parse_file` raises.
    """
    path = Path(path)
    if path.is_dir():
        if not (path / RELEASE_DATASET).is_file():
            raise InputError(
                f"{path} is a directory without {RELEASE_DATASET}, so not a release; give a "
                "directory written by `lpkg build`, or a TriG or N-Quads file."
            )
        path = path / RELEASE_DATASET
    elif not path.exists():
        raise MissingFileError(path)
    return parse_file(  # type: ignore[return-value]
        path, new_dataset(), max_bytes=MAX_RELEASE_BYTES, max_triples=MAX_RELEASE_TRIPLES
    )


def publish(
    dataset: Dataset,
    store: EndpointStore,
    *,
    graph: URIRef | None = None,
    default_graph: URIRef | None = None,
    progress: Progress | None = None,
) -> list[tuple[URIRef | None, int]]:
    """PUT every graph of ``dataset`` into ``store``'s Graph Store, or with ``graph`` the union
    of them (each statement once) into that one graph. Returns each graph sent with its number of
    triples, in the order sent (the default graph first, then by name).

    ``default_graph`` names the graph the dataset's default graph (the ontology and the
    vocabularies) goes to, for stores whose Graph Store has no default graph (Virtuoso).

    Raises:
        InputError: a blank node that two graphs share (the protocol scopes blank nodes to one
            request, so it would become two); send the union with ``graph`` instead.
        EndpointError: the store cannot be reached, refuses the credentials, or fails a PUT (the
            graphs sent before it are replaced, the others untouched).
    """
    parts = _graphs(dataset) if graph is None else {graph: _union(dataset)}
    if default_graph is not None and None in parts:
        parts = {default_graph if name is None else name: part for name, part in parts.items()}
    sent: list[tuple[URIRef | None, int]] = []
    for number, (name, triples) in enumerate(parts.items(), start=1):
        if progress is not None:
            progress(number, len(parts), name, len(triples))
        store.add_graph(triples, name)
        sent.append((name, len(triples)))
    return sent


def _graphs(dataset: Dataset) -> dict[URIRef | None, Graph]:
    graphs: dict[URIRef | None, Graph] = {}
    owner: dict[BNode, URIRef | None] = {}
    names = sorted(
        {g for *_, g in dataset.quads()}, key=lambda g: (g != DATASET_DEFAULT_GRAPH_ID, str(g))
    )
    for name in names:
        key = None if name == DATASET_DEFAULT_GRAPH_ID else URIRef(name)
        part = new_graph()
        for s, p, o, _ in dataset.quads((None, None, None, name)):
            for term in (s, o):
                if isinstance(term, BNode) and owner.setdefault(term, key) != key:
                    raise InputError(
                        f"A blank node is in the graphs {owner[term]} and {key}; the Graph Store "
                        "Protocol would split it in two. Publish the union with --graph IRI, or "
                        "give the resource an IRI."
                    )
            part.add((s, p, o))
        graphs[key] = part
    return graphs


def _union(dataset: Dataset) -> Graph:
    union = new_graph()
    for s, p, o, _ in dataset.quads():
        union.add((s, p, o))
    return union
