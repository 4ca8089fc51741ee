"""``lpkg publish``: load a release into a triplestore (SPARQL 1.1 Graph Store HTTP Protocol)."""

from __future__ import annotations

from pathlib import Path

import click
from rdflib import URIRef

from ..errors import InputError
from ..escape import excerpt
from ..labels import curie
from ..store import EndpointStore
from .options import progress


@click.command("publish")
@click.argument(
    "release", type=click.Path(path_type=Path), default=Path("dist/latest"), required=False
)
@click.option(
    "--endpoint",
    metavar="URL",
    required=True,
    help="The store's Graph Store Protocol URL: Oxigraph http://host:7878/store, Fuseki "
    "http://host:3030/DATASET/data, Virtuoso http://host:8890/sparql-graph-crud-auth "
    "(credentials as https://user:password@host/...).",
)
@click.option(
    "--graph",
    "graph",
    metavar="IRI",
    help="Put the union of the release's graphs (each statement once) into this one graph, "
    "instead of one graph per source page.",
)
@click.option(
    "--default-graph",
    metavar="IRI",
    help="Put the release's default graph (the ontology and the vocabularies) into this named "
    "graph, for stores whose Graph Store Protocol has no default graph (Virtuoso).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=300.0,
    show_default=True,
    metavar="SECONDS",
    help="How long to wait for the store to take one graph.",
)
def publish_command(
    release: Path, endpoint: str, graph: str | None, default_graph: str | None, timeout: float
) -> None:
    """Load the release RELEASE (a folder lpkg build wrote, or its lpkg.nq; default
    dist/latest) into the triplestore at --endpoint.

    Each graph of the release (one per source page, named by the page; the ontology and the
    vocabularies in the default graph) replaces the store's graph of that name with one HTTP
    PUT, which the store applies whole; graphs the release does not have are left alone. Then
    ask the store with lpkg query --endpoint URL (its query URL: Oxigraph /query, Fuseki
    /DATASET/sparql, Virtuoso /sparql), with the union of the graphs as its default graph.

    Exit codes: 0 every graph was loaded, 2 unusable input (no release, a store that cannot
    be reached, refuses the credentials or fails a PUT: the graphs sent before it are
    replaced, the others untouched).
    """
    from ..publish.endpoint import load_release_dataset, publish

    for option, iri in (("--graph", graph), ("--default-graph", default_graph)):
        if iri is not None and not iri.startswith(("http://", "https://", "urn:")):
            raise InputError(f"{option} {excerpt(iri)}: give an absolute IRI (https://…).")
    store = EndpointStore(None, graph_store=endpoint, timeout=timeout)
    progress(f"Reading {release} …")
    dataset = load_release_dataset(release)

    def show(number: int, total: int, name: URIRef | None, triples: int) -> None:
        shown = "the default graph" if name is None else curie(name)
        progress(f"[{number}/{total}] {shown}: {triples} triples")

    sent = publish(
        dataset,
        store,
        graph=URIRef(graph) if graph else None,
        default_graph=URIRef(default_graph) if default_graph else None,
        progress=show,
    )
    triples = sum(count for _, count in sent)
    click.echo(f"Loaded {len(sent)} graph{'s' if len(sent) != 1 else ''}, {triples} triples.")
