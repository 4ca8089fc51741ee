"""``lpkg import`` and ``lpkg add``: turn a CSV into Turtle, and add a contribution to data/."""

from __future__ import annotations

import os
from pathlib import Path

import click

from ..errors import DoesNotConformError, InputError, WouldOverwriteError
from ..paths import writable_target
from ..validate import ValidationReport
from .options import format_option, lang_option, progress, source_option, store_option
from .validate import REPORT_FORMATS, print_report


@click.command("import")
@click.argument("csv_file", metavar="CONTRIBUTION.csv", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The Turtle file to write (default: standard output). An existing file is not replaced.",
)
@click.pass_obj
def import_command(root: Path | None, csv_file: Path, output: Path | None) -> None:
    """Turn a contribution CSV (one row per membership) into Turtle.

    The columns are described in CONTRIBUTING.md and docs/contribution.csv-metadata.json. A
    problem in the CSV is reported with its row and column; nothing is written then. Check the
    result with lpkg validate, and add it with lpkg add.

    Exit codes: 0 written, 2 unusable input.
    """
    from ..contribute import read_csv
    from ..fmt import canonical_turtle
    from ..load import load_graph

    imported = read_csv(csv_file, vocabularies=load_graph(root=root))
    text = canonical_turtle(imported.graph, imported.header)
    if output is None:
        click.echo(text, nl=False)
        return
    writable_target(output)  # a dangling link there would make the write create its target
    if output.exists():
        raise WouldOverwriteError(f"{output} exists; give another file name or remove it first.")
    if not output.parent.is_dir():
        raise InputError(f"{output}: there is no folder {output.parent}; create it first.")
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as err:
        raise InputError(f"{output}: cannot write the file ({err.strerror}).") from None
    click.echo(f"Wrote {output} ({len(imported.graph)} triples).", err=True)


@click.command("add")
@click.argument("contribution", type=click.Path(path_type=Path))
@click.option(
    "--merge",
    is_flag=True,
    help="Add the statements to the partnership's existing data file (otherwise an existing file "
    "is never changed).",
)
@source_option
@store_option
@format_option(REPORT_FORMATS, "how to print the validation report.")
@lang_option
@click.pass_obj
def add_command(
    root: Path | None,
    contribution: Path,
    merge: bool,
    source: str | None,
    store_kind: str,
    fmt: str,
    lang: str,
) -> None:
    """Validate CONTRIBUTION (TriG, CSV, or Turtle with --source) with the dataset and, only if it
    conforms, write it into data/ as canonical TriG: a new partnership gets
    data/partnerships/<slug>.trig, where the slug (the end of the partnership's IRI) must be
    lower-case letters, digits and hyphens.

    Every statement keeps the named graph of the page it comes from: TriG (or N-Quads) names
    them; a CSV gives the page per row (source_url); a file of triples (Turtle, N-Triples,
    RDF/XML, JSON-LD) needs --source URL, the page all its statements come from, and is refused
    without it.

    A contribution may not state anything about the ontology's terms, SHACL shapes, owl:sameAs
    with an existing resource or properties reasoning derives (a violation each). Statements
    about resources data/ already describes are written only with --merge, and listed in the
    report as changes to existing data. An existing file is changed only with --merge.

    The contribution is validated once, with the dataset, on only the resources it adds or
    touches (--store oxigraph:PATH keeps the dataset on disk between runs, so that only the
    contribution is read); if anything fails, data/ is left exactly as it was. Concurrent runs
    take turns (a lock on data/.lpkg.lock), so none loses another's statements. The report goes
    to standard output, the summary line to standard error.

    Exit codes: 0 added, 1 does not conform (nothing written), 2 unusable input or refused.
    """
    from ..contribute import add_contribution

    progress("Validating the contribution with the dataset …")
    try:
        added = add_contribution(
            contribution, root=root, merge=merge, source=source, store=store_kind
        )
    except DoesNotConformError as err:
        if isinstance(err.report, ValidationReport):
            print_report(err.report, fmt, lang)
        raise
    if added.report.results:
        print_report(added.report, fmt, lang)
    verb = "Created" if added.created else "Merged into"
    target = os.path.relpath(added.target)
    changes = f"; {len(added.changes)} change existing data" if added.changes else ""
    click.echo(f"{verb} {target} ({added.triples} triples from {contribution}{changes}).", err=True)
