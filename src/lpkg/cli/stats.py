"""``lpkg stats``: triples, resources per class and memberships per partnership."""

from __future__ import annotations

from pathlib import Path

import click

from ..labels import curie
from ..stats import stats
from .options import lang_option, open_cli_store, store_options


@click.command("stats")
@lang_option
@store_options
@click.pass_obj
def stats_command(root: Path | None, lang: str, store_kind: str, endpoint: str | None) -> None:
    """Count the triples, the resources of each class and the memberships of each partnership
    (each statement once, however many source pages state it)."""
    store = open_cli_store(root, store_kind, endpoint)
    counts = stats(store)
    labels = store.labels(counts.memberships)
    click.echo(f"triples: {counts.triples}")
    click.echo("resources per class:")
    for cls, count in counts.classes.items():
        click.echo(f"  {count:5d}  {curie(cls)}")
    click.echo("memberships per partnership:")
    for partnership, count in counts.memberships.items():
        click.echo(f"  {count:5d}  {labels.of(partnership, lang)} ({curie(partnership)})")
