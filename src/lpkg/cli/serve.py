"""``lpkg serve``: the dataset over HTTP (SPARQL, Linked Data, a JSON API, reconciliation)."""

from __future__ import annotations

from pathlib import Path

import click

from ..serve.settings import DEFAULT_HOST, Settings
from .options import progress, store_options


@click.command("serve")
@click.option(
    "--host",
    default=DEFAULT_HOST,
    show_default=True,
    help="Address to listen on. The default answers only this machine; 0.0.0.0 exposes the "
    "server to the network.",
)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--base",
    metavar="URL",
    help="The server's public address (e.g. http://127.0.0.1:8000/): the dataset's IRIs "
    "(https://w3id.org/lpkg/...) are mapped onto it, so links on pages and in answers lead "
    "back to this server.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=Settings.timeout,
    show_default=True,
    metavar="SECONDS",
    help="Stop a query after this many seconds and answer 503.",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=Settings.max_rows,
    show_default=True,
    help="Return at most this many result rows; a cut result says so.",
)
@click.option(
    "--rate",
    type=click.IntRange(min=1),
    default=Settings.rate,
    show_default=True,
    metavar="N",
    help="Requests a client (an IP address) may make per minute; more are answered with 429.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=Settings.workers,
    show_default=True,
    help="Queries that may run at once.",
)
@click.option(
    "--release",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    metavar="DIR",
    help="A release that lpkg build wrote (e.g. dist/latest): its files (dumps, catalogue "
    "record, VoID) are offered for download at /release/.",
)
@store_options
@click.pass_obj
def serve_command(
    root: Path | None,
    host: str,
    port: int,
    base: str | None,
    timeout: float,
    max_rows: int,
    rate: int,
    workers: int,
    release: Path | None,
    store_kind: str,
    endpoint: str | None,
) -> None:
    """Serve the dataset read-only over HTTP until Ctrl-C.

    SPARQL 1.1 Protocol at /sparql; every IRI of the dataset as a page or RDF by content
    negotiation; the named queries as a JSON API (/api/queries, described at /openapi.json);
    a Reconciliation Service for OpenRefine at /reconcile. Queries may not update, call
    SERVICE or read other graphs, and each runs at most --timeout seconds.

    Example: lpkg serve --port 8000, then
    curl -H 'Accept: text/csv' 'http://127.0.0.1:8000/sparql?query=SELECT...'
    """
    import uvicorn

    from ..serve import create_app

    settings = Settings(
        root=root,
        store=store_kind,
        endpoint=endpoint,
        base=base,
        timeout=timeout,
        max_rows=max_rows,
        rate=rate,
        workers=workers,
        release=release,
    )
    if release is not None:
        from ..serve.release import open_release

        open_release(release)  # refuse a folder that is not a release before loading anything
    progress("Loading the dataset …")
    app = create_app(settings)
    click.echo(f"Serving the dataset at http://{host}:{port}/ (Ctrl-C stops).", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
