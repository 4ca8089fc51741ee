"""``lpkg validate``: the dataset, or contributions with it, against the shapes."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import EXIT_DOES_NOT_CONFORM, InputError
from ..load import load_graph
from ..sources import validate_store_with_sources, with_sources
from ..validate import ValidationReport, validate
from .options import (
    format_option,
    lang_option,
    open_cli_store,
    progress,
    source_option,
    store_options,
)

REPORT_FORMATS = ("text", "json", "turtle", "github")


def print_report(report: ValidationReport, fmt: str, lang: str) -> None:
    """Print a validation report in one of :data:`REPORT_FORMATS`."""
    if fmt == "json":
        click.echo(report.to_json(lang))
    elif fmt == "turtle":
        click.echo(report.to_turtle(), nl=False)
    elif fmt == "github":
        click.echo(report.to_github(lang), nl=False)
    else:
        click.echo(report.to_text(lang), nl=False)


@click.command("validate")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@format_option(
    REPORT_FORMATS,
    "text for people; json; turtle (a SHACL validation report); github (workflow annotations).",
)
@lang_option
@source_option
@click.option(
    "--engine",
    type=click.Choice(["sparql", "pyshacl"]),
    default="sparql",
    show_default=True,
    help="sparql: the shapes compiled to SPARQL queries on pyoxigraph (fast); pyshacl: pySHACL, "
    "the reference, which gives the same report (tested) much more slowly. Contributions are "
    "always checked with sparql, on only the resources they touch.",
)
@store_options
@click.pass_obj
def validate_command(
    root: Path | None,
    files: tuple[Path, ...],
    fmt: str,
    lang: str,
    source: str | None,
    engine: str,
    store_kind: str,
    endpoint: str | None,
) -> None:
    """Validate the dataset, or the contributions FILES together with it, against the shapes.

    Without FILES the ontology and data/ are checked, and that every statement of data/ has its
    source: it sits in the named graph of a page the data describes, which the resource cites
    (prov:wasDerivedFrom). With FILES (TriG, N-Quads, Turtle, N-Triples, RDF/XML, JSON-LD or a
    contribution CSV) only the problems the files cause are reported, each with the file and
    line (for a CSV: row and column), the resource by its label, the property and what to fix.
    It also reports IRIs of the dataset's namespace that nothing describes, and warns when a new
    organization looks like one the dataset already has, naming the IRI to reuse. The sources of
    a file of triples (Turtle, ...) are checked when --source names its page, as lpkg add will
    need; only the resources the files add or touch (and those that reach them through the
    shapes' paths) are validated, which gives the report a full run gives. Warnings (e.g. a
    missing English label) do not make the data fail.

    Without FILES the checks run where --store or --endpoint put the data: as SPARQL queries of
    pyoxigraph or of the endpoint (which must hold the dataset as lpkg publish loads it), or on
    rdflib in memory (--store memory, and always with --engine pyshacl). With FILES, --store
    oxigraph:PATH keeps the dataset on disk between runs and only the files are read; --store
    memory reads the dataset into rdflib (the reference; the same report, slower).

    Exit codes: 0 conforms (warnings allowed), 1 does not conform, 2 unusable input.
    """
    if files and endpoint:
        raise InputError("--endpoint checks the dataset the endpoint holds; give no FILES.")
    if endpoint and engine == "pyshacl":
        raise InputError("--engine pyshacl runs on rdflib in memory; give no --endpoint.")
    if files:
        from ..contribute import check_untrusted

        progress("Validating the contributions with the dataset …")
        report = check_untrusted(files, root=root, source=source, store=store_kind)
    elif (store_kind == "memory" and not endpoint) or engine == "pyshacl":
        progress("Loading the dataset …")
        graph = load_graph(root=root)
        progress("Validating against the shapes …")
        report = with_sources(validate(graph, root=root, engine=engine), root)
    else:
        store = open_cli_store(root, store_kind, endpoint)
        progress("Validating against the shapes …")
        report = validate_store_with_sources(store, root=root)
    print_report(report, fmt, lang)
    if not report.conforms:
        raise click.exceptions.Exit(EXIT_DOES_NOT_CONFORM)
