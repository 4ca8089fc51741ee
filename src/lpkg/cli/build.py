"""``lpkg build``: validate the dataset and write a release."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from ..errors import DoesNotConformError
from ..namespaces import BASE
from ..publish.metadata import DEFAULT_BASE_URL
from ..publish.redirects import HTACCESS
from ..publish.releases import LATEST
from ..validate import ValidationReport
from .options import lang_option, open_cli_store, progress, store_options
from .validate import print_report


@click.command("build")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("dist"),
    show_default=True,
    help="The releases folder: the release goes to DIR/VERSION/, and the link DIR/latest points "
    "at the highest version there.",
)
@click.option(
    "--version",
    "version",
    metavar="X.Y.Z",
    required=True,
    help="The release's own version (Semantic Versioning), separate from the ontology's "
    "owl:versionInfo: a new version for every release.",
)
@click.option(
    "--base-url",
    default=DEFAULT_BASE_URL,
    show_default=True,
    help="Where DIR will be published; the release's download URLs are BASE_URL/VERSION/ + file "
    "name.",
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
    help="The release date (dcterms:issued/modified). Default: the day the dataset last changed "
    "(the last git commit touching ontology/, data/, shapes/ or queries/), else none; never the "
    "clock, so builds are reproducible.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace an existing DIR/VERSION, only if it is a release lpkg wrote that nobody changed "
    "(its .lpkg-release and SHA256SUMS list every file in it), and only in one atomic step.",
)
@click.option(
    "--contact-email",
    metavar="ADDRESS",
    help="The e-mail address of the catalogue record's contact point (vcard:hasEmail, mailto:). "
    "NKOD expects one; without it the record names the contact without an address.",
)
@lang_option
@store_options
@click.pass_obj
def build_command(
    root: Path | None,
    out: Path,
    version: str,
    base_url: str,
    previous: Path | None,
    release_day: datetime | None,
    force: bool,
    contact_email: str | None,
    lang: str,
    store_kind: str,
    endpoint: str | None,
) -> None:
    """Validate the dataset and write release --version into DIR/VERSION/ (DIR: --out,
    default dist/), then point the link DIR/latest at the highest version in DIR.

    The release is written into a temporary folder DIR/.lpkg-VERSION.*.building and renamed into
    place when complete; a build killed at any point leaves every release and DIR/latest whole,
    and the next build removes its temporary folder. A version is never rebuilt in place: an
    existing DIR/VERSION is refused unless --force, and even then replaced only if lpkg wrote it
    and nobody changed it. --previous must have another version than the new release.

    The release holds the graph as Turtle, N-Triples and JSON-LD (lpkg.ttl, lpkg.nt,
    lpkg.jsonld with context.jsonld), the ontology, the shapes and the OWL 2 RL entailments
    (ontology.ttl, shapes.ttl, inferred.ttl), every named query's results (queries/NAME.csv and
    .json), a .gz of each dump, the DCAT-AP-CZ record (catalog/dataset.ttl and the LKOD form
    catalog/dataset.jsonld) with the local catalogue listing it (catalog/katalog.jsonld), VoID
    (void.ttl), SHA256SUMS, NOTES.md with --previous, the website (site/), the w3id.org
    redirect rules for --base-url (w3id/.htaccess) and .lpkg-release (lpkg's mark: the
    version and the checksums of the files SHA256SUMS does not list). The same inputs always
    give byte-identical files.

    The validation runs where --store or --endpoint say (as lpkg validate); the release is
    always written from the files, loaded with rdflib. Nothing is written when the data does
    not conform: the report is printed and the exit code is 1. Exit codes: 0 built, 1 the data
    does not conform, 2 unusable input.
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
            force=force,
            contact_email=contact_email,
            on_step=lambda message: progress(f"{message} …"),
            # memory: validated on the graph the release is written from, loaded once; a store
            # is not kept here, so that the build frees it once validated
            store=None
            if store_kind == "memory" and not endpoint
            else open_cli_store(root, store_kind, endpoint),
        )
    except DoesNotConformError as err:
        if isinstance(err.report, ValidationReport):
            print_report(err.report, "text", lang)
        raise
    files = len(result.downloads)
    click.echo(f"Built release {result.version} in {result.out}: {files} files.")
    if result.latest:
        click.echo(f"{result.out.parent / LATEST} points at it.")
    if not result.site:
        click.echo("Warning: lpkg.publish.site is missing; the release has no site/.", err=True)
    if not (result.out / HTACCESS).is_file():
        click.echo(
            f"Note: no {HTACCESS}: the w3id.org redirect rules need as --base-url the http(s) URL "
            f"of the server that will hold the release, not one under {BASE}.",
            err=True,
        )
