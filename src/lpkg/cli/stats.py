"""``lpkg stats``: triples, resources per class and memberships per partnership."""

from __future__ import annotations

from pathlib import Path

import click

from ..labels import curie, label_of
from ..load import load_graph
from ..stats import stats
from .options import lang_option


@click.command("stats")
@lang_option
@click.pass_obj
def stats_command(root: Path | None, lang: str) -> None:
    """Count the triples, the resources of each class and the memberships of each partnership."""
    graph = load_graph(root=root)
    counts = stats(graph)
    click.echo(f"triples: {counts.triples}")
    click.echo("resources per class:")
    for cls, count in counts.classes.items():
        click.echo(f"  {count:5d}  {curie(cls)}")
    click.echo("memberships per partnership:")
    for partnership, count in counts.memberships.items():
        click.echo(f"  {count:5d}  {label_of(graph, partnership, lang)} ({curie(partnership)})")
