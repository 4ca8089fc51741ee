"""What ``lpkg serve`` is told on its command line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
"""Loopback: the server is reachable from other machines only when --host says so."""


@dataclass(frozen=True)
class Settings:
    root: Path | None = None
    """The dataset folder (None: the nearest one above the working directory)."""
    store: str = "oxigraph"
    """Where the dataset is loaded: memory, oxigraph or oxigraph:PATH (lpkg.store.open_store)."""
    endpoint: str | None = None
    """A SPARQL endpoint to answer from instead of a local store."""
    base: str | None = None
    """The server's own address (http://127.0.0.1:8000/) onto which the dataset's published
    namespace is mapped, so that its IRIs resolve locally; None: the IRIs stay as published."""
    timeout: float = 10.0
    """Seconds a query may run before it is stopped and answered with 503."""
    max_rows: int = 10_000
    """Result rows a query returns at most; a cut result says so."""
    max_body: int = 64 * 1024
    """Bytes a request body (a query, a batch of reconciliation queries) may have."""
    rate: int = 120
    """Requests a client may make per minute before it is answered with 429."""
    workers: int = 2
    """Worker processes that run queries (each holds the dataset)."""
    release: Path | None = None
    """The folder of a release that ``lpkg build`` wrote, whose files the server offers for
    download at /release/; None: no release files."""
