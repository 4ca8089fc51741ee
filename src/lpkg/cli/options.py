"""Options several commands share."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

from ..store import EndpointStore, Store, open_store

F = TypeVar("F", bound=Callable[..., object])


def lang_option(func: F) -> F:
    return click.option(
        "--lang",
        type=click.Choice(["cs", "en"]),
        default="cs",
        show_default=True,
        help="Language of labels and messages.",
    )(func)


def format_option(choices: tuple[str, ...], help_text: str) -> Callable[[F], F]:
    def decorate(func: F) -> F:
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(choices),
            default=choices[0],
            show_default=True,
            help=help_text,
        )(func)

    return decorate


def progress(message: str) -> None:
    """Say what a long step is doing, on stderr and only to a person watching a terminal."""
    if sys.stderr.isatty():
        click.echo(message, err=True)


def source_option(func: F) -> F:
    return click.option(
        "--source",
        metavar="URL",
        help="The public page the statements of a file of triples (Turtle, N-Triples, RDF/XML, "
        "JSON-LD) come from: they go into that page's named graph. TriG, N-Quads and CSV give "
        "their sources themselves.",
    )(func)


DEFAULT_STORE = "oxigraph"
"""The fastest store for the shipped dataset (docs/benchmarks.md, benchmarks/stores.py)."""


def store_options(func: F) -> F:
    """``--store`` and ``--endpoint``: where the command reads the dataset."""
    func = click.option(
        "--endpoint",
        metavar="URL",
        help="Ask this SPARQL 1.1 query endpoint instead of loading data/ (e.g. "
        "http://host:7878/query; credentials as https://user:password@host/...). Its default "
        "graph should be the union of its named graphs. Overrides --store.",
    )(func)
    return store_option(func)


def store_option(func: F) -> F:
    """``--store``: where the command loads the dataset (``store_kind``)."""
    return click.option(
        "--store",
        "store_kind",
        default=DEFAULT_STORE,
        show_default=True,
        metavar="memory|oxigraph[:PATH]",
        callback=_check_store_kind,
        help="Where to load data/: memory (rdflib), oxigraph (pyoxigraph in memory), or "
        "oxigraph:PATH (on disk at PATH, reloaded only when the files have changed).",
    )(func)


def _check_store_kind(ctx: click.Context, param: click.Parameter, value: str) -> str:
    name, sep, path = value.partition(":")
    if value == "memory" or (name == "oxigraph" and (path or not sep)):
        return value
    raise click.BadParameter("give memory, oxigraph or oxigraph:PATH.")


def open_cli_store(
    root: Path | None, store_kind: str, endpoint: str | None, timeout: float = 60.0
) -> Store:
    """The store ``--store``/``--endpoint`` name, with the dataset loaded where it is local."""
    if endpoint:
        return EndpointStore(endpoint, timeout=timeout)
    progress("Loading the dataset …")
    return open_store(store_kind, root=root)
