"""``lpkg validate``: the dataset (and contributed files) against the shapes."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import EXIT_DOES_NOT_CONFORM
from ..load import load_graph
from ..validate import validate
from .options import format_option, lang_option, progress


@click.command("validate")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@format_option(("text", "json", "turtle"), "text for people, json or a SHACL report in turtle.")
@lang_option
@click.pass_obj
def validate_command(root: Path | None, files: tuple[Path, ...], fmt: str, lang: str) -> None:
    """Validate the ontology, the data and FILES against the SHACL shapes.

    FILES are Turtle (.ttl) or N-Triples (.nt) files validated together with the dataset. The
    report names each resource by its label, the property and what to fix. Warnings (e.g. a
    missing English label) do not make the data fail.

    Exit codes: 0 the data conforms (warnings allowed), 1 it does not conform, 2 unusable input.
    """
    progress("Loading the dataset …")
    graph = load_graph(files, root=root)
    progress("Validating against the shapes …")
    report = validate(graph, root=root)
    if fmt == "json":
        click.echo(report.to_json(lang))
    elif fmt == "turtle":
        click.echo(report.to_turtle())
    else:
        click.echo(report.to_text(lang), nl=False)
    if not report.conforms:
        raise click.exceptions.Exit(EXIT_DOES_NOT_CONFORM)
