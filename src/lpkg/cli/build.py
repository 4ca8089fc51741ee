"""``lpkg build``: validate the dataset and write a release."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from ..errors import DoesNotConformError
from ..publish.metadata import DEFAULT_BASE_URL
from ..validate import ValidationReport
from .options import lang_option, progress
from .validate import print_report


@click.command("build")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("dist"),
    show_default=True,
    help="The release folder. An existing release there is replaced once the new one is complete.",
)
@click.option(
    "--version",
    "version",
    metavar="X.Y.Z",
    help="The release version. Default: the ontology's owl:versionInfo.",
)
@click.option(
    "--base-url",
    default=DEFAULT_BASE_URL,
    show_default=True,
    help="Where the release will be published; download URLs are BASE_URL + file name.",
)
@click.option(
    "--previous",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="A previous release folder: writes release notes against it to NOTES.md.",
)
@click.option(
    "--date",
    "release_day",
    metavar="YYYY-MM-DD",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The release date (dcterms:issued/modified). Default: the ontology's dcterms:modified "
    "or dcterms:issued, else none; never the clock, so builds are reproducible.",
)
@click.option(
    "--contact-email",
    metavar="ADDRESS",
    help="The e-mail address of the catalogue record's contact point (vcard:hasEmail, mailto:). "
    "NKOD expects one; without it the record names the contact without an address.",
)
@lang_option
@click.pass_obj
def build_command(
    root: Path | None,
    out: Path,
    version: str | None,
    base_url: str,
    previous: Path | None,
    release_day: datetime | None,
    contact_email: str | None,
    lang: str,
) -> None:
    """Validate the dataset and write a release into --out (default dist/).

    The release holds the graph as Turtle, N-Triples and JSON-LD (lpkg.ttl, lpkg.nt,
    lpkg.jsonld with context.jsonld), the ontology, the shapes and the OWL 2 RL entailments
    (ontology.ttl, shapes.ttl, inferred.ttl), every named query's results (queries/NAME.csv and
    .json), a .gz of each dump, the DCAT-AP-CZ record (catalog/dataset.ttl and the LKOD form
    catalog/dataset.jsonld) with the local catalogue listing it (catalog/katalog.jsonld), VoID
    (void.ttl), SHA256SUMS, NOTES.md with --previous, and the website (site/). The same inputs
    always give byte-identical files.

    Nothing is written when the data does not conform: the report is printed and the exit code
    is 1. Exit codes: 0 built, 1 the data does not conform, 2 unusable input.
    """
    from ..publish.build import build

    day = release_day.date() if release_day is not None else None
    try:
        result = build(
            out,
            root=root,
            version=version,
            base_url=base_url,
            previous=previous,
            release_day=day,
            contact_email=contact_email,
            on_step=lambda message: progress(f"{message} …"),
        )
    except DoesNotConformError as err:
        if isinstance(err.report, ValidationReport):
            print_report(err.report, "text", lang)
        raise
    files = len(result.downloads)
    click.echo(f"Built release {result.version} in {result.out}: {files} files.")
    if not result.site:
        click.echo("Warning: lpkg.publish.site is missing; the release has no site/.", err=True)
