"""``lpkg match``: the existing organizations that names may stand for."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import InputError
from ..labels import curie
from ..load import load_graph
from ..match import DEFAULT_THRESHOLD, Candidate, NameIndex, matches_to_csv, read_names_csv
from .options import lang_option, progress


@click.command("match")
@click.argument("names", nargs=-1)
@click.option(
    "--csv",
    "csv_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read the names from the 'name' column of this UTF-8 CSV file and write CSV.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the CSV here instead of to standard output (with --csv).",
)
@click.option(
    "--limit", type=click.IntRange(min=1), default=5, show_default=True, help="Candidates per name."
)
@click.option(
    "--threshold",
    type=click.FloatRange(0, 100),
    default=DEFAULT_THRESHOLD,
    show_default=True,
    help="Lowest score a candidate needs.",
)
@lang_option
@click.pass_obj
def match_command(
    root: Path | None,
    names: tuple[str, ...],
    csv_file: Path | None,
    output: Path | None,
    limit: int,
    threshold: float,
    lang: str,
) -> None:
    """Find the organizations in the dataset that NAMES (or the names in a CSV file) stand for.

    Names are compared after folding case and diacritics, punctuation and spacing, dropping legal
    forms (o.s., z. s., o.p.s., s.r.o., …), expanding abbreviations (ČR, ČCE, ÚP, MP, MěÚ, ZŠ, …)
    and reducing inflected towns by Czech declension rules ("Magistrát města Mostu" = Magistrát
    Most); "Úřad práce, kontaktní pracoviště X" is the workplace in X, "Odbor pro …" the "Agentura
    pro …"; a name that matches nothing is tried without its brackets. Typos of one or two
    letters in longer words are forgiven. A name must share its towns and its distinctive words
    with a candidate: "Most k naději" is not "Městská policie Most"; a national organization
    listed with a town ("Policie ČR Břeclav") is the organization unless the data has units per
    town (the Labour Office's workplaces). Each candidate has a score (100 = the same name after
    normalizing, 95–98 = after abbreviations, inflections or word order, below = typos), the
    reason, and for a unit its parent.

    \b
    Examples:
      lpkg match "Most k naději, z. s." "ÚP v Mostě"
      lpkg match --csv names.csv -o matched.csv

    The CSV output has the columns name, iri, label, score, reason, parent: one row per
    candidate, one row with empty candidate columns for a name without any. A cell that a
    spreadsheet would run as a formula (starting with =, +, -, @) gets a ' in front.

    Exit codes: 0 done (also when nothing matches), 2 unusable input (no names, an empty name, a
    CSV file without a 'name' column or not UTF-8).
    """
    if csv_file is None and output is not None:
        raise InputError("-o/--output writes CSV and needs --csv; give --csv FILE as well.")
    wanted = list(names) + (read_names_csv(csv_file) if csv_file is not None else [])
    if not wanted:
        raise InputError("No names: give NAME arguments or --csv FILE (see lpkg match --help).")
    progress("Loading the dataset …")
    index = NameIndex.from_graph(load_graph(root=root), lang=lang)
    matches = [(name, index.match(name, limit=limit, threshold=threshold)) for name in wanted]
    if csv_file is not None:
        text = matches_to_csv(matches)
        if output is None:
            click.echo(text, nl=False)
        else:
            output.write_text(text, encoding="utf-8")
        return
    for name, candidates in matches:
        click.echo(name)
        if not candidates:
            click.echo("  no match")
        for candidate in candidates:
            click.echo(_line(candidate))


def _line(candidate: Candidate) -> str:
    line = f"  {candidate.score:5.1f}  {curie(candidate.iri)}  {candidate.label}"
    if candidate.parent is not None:
        line += f"  (unit of {curie(candidate.parent)} {candidate.parent_label})"
    return f"{line}\n         {candidate.reason}"
