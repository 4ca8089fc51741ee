"""``lpkg diff``: what changed between two releases, as a summary, release notes or delta files."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import EXIT_DOES_NOT_CONFORM
from .options import format_option, lang_option

FORMATS = ("text", "markdown", "turtle", "n-triples")


@click.command("diff")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@format_option(
    FORMATS,
    "text: summary and triples per subject; markdown: release notes for CHANGELOG.md; "
    "turtle / n-triples: the delta as RDF (see --part).",
)
@click.option(
    "--part",
    type=click.Choice(["added", "removed"]),
    default=None,
    help="With --format turtle or n-triples: write the triples added (default) or removed.",
)
@lang_option
def diff_command(old: Path, new: Path, fmt: str, part: str | None, lang: str) -> None:
    """Compare two releases OLD and NEW: each a release directory (its lpkg.ttl, as lpkg build
    writes it) or a Turtle or N-Triples file.

    The text format lists a summary (new and removed partnerships, organizations, memberships
    with the name as listed and the partnership, other resources; changed labels and names: old
    → new) and then every added (+) and removed (-) triple under its subject, with labels. Blank
    nodes are compared by what they say and who refers to them, so blank nodes that are only
    labelled differently are not changes; a blank node is shown under the subject that refers to
    it.

    --format markdown writes release notes ready for CHANGELOG.md: a heading with NEW's version
    and date (from its catalog/dataset.ttl, else its ontology's owl:versionInfo and
    dcterms:modified), then in Czech and in English (only one with --lang) Keep a Changelog
    sections (Added, Changed, Removed) with names as in the data, then the triples per subject
    in a collapsed <details> block.

    --format turtle or n-triples writes a delta file, one RDF graph: the triples added (only in
    NEW), or with --part removed the triples removed (only in OLD). Applying both gives NEW:
    OLD - removed + added. A blank node is labelled by what it says and who refers to it (the
    same label in both parts), not as the files label it; match blank nodes that way to apply.

    \b
    Examples:
      lpkg diff dist-0.1.0/ dist/ --format markdown >> notes.md
      lpkg diff old.ttl new.ttl --format turtle > added.ttl
      lpkg diff old.ttl new.ttl --format turtle --part removed > removed.ttl

    Exit codes: 0 the releases are identical, 1 they differ, 2 unusable input (a missing file or
    directory, a directory without lpkg.ttl, malformed RDF).
    """
    from ..publish.diff import (
        LANGS,
        diff_releases,
        release_version,
        render_markdown,
        render_text,
        render_turtle,
    )

    if part is not None and fmt not in ("turtle", "n-triples"):
        raise click.UsageError("--part applies only to --format turtle or n-triples.")
    delta = diff_releases(old, new)
    if fmt == "text":
        output = render_text(delta, lang=lang)
    elif fmt == "markdown":
        # both languages unless --lang picks one
        chosen = click.get_current_context().get_parameter_source("lang")
        langs = LANGS if chosen == click.core.ParameterSource.DEFAULT else (lang,)
        version, day = release_version(new, delta.new)
        output = render_markdown(delta, langs=langs, version=version, day=day)
    else:
        output = render_turtle(delta, part=part or "added", fmt=fmt)
    click.echo(output, nl=False)
    if not delta.identical:
        raise click.exceptions.Exit(EXIT_DOES_NOT_CONFORM)  # 1: the releases differ
