"""``lpkg fmt``: rewrite Turtle and TriG files in the project's canonical form, or check that they
are."""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from ..errors import EXIT_DOES_NOT_CONFORM, MissingFileError
from ..fmt import format_files
from ..paths import DATA_PATTERNS, data_files, project_root


@click.command("fmt")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--check",
    is_flag=True,
    help="Only report the files that are not in canonical form; change nothing.",
)
@click.pass_obj
def fmt_command(root: Path | None, files: tuple[Path, ...], check: bool) -> None:
    """Rewrite Turtle and TriG FILES in the project's canonical form.

    FILES are .ttl or .trig files or folders (their .ttl and .trig files, recursively); by
    default every data file under data/. The canonical form keeps the file's header comment and
    writes the prefixes it uses (sorted), the subjects sorted by IRI, the predicates in a fixed
    order (a, labels, ..., notes, prov:wasDerivedFrom) and the values sorted, so that diffs show
    only real changes; in TriG each named graph (sorted by IRI) holds its subjects in that form.
    Comments inside the file (section headings) are not kept.

    With --check nothing is written: the files that are not canonical are listed (CI runs
    `lpkg fmt --check data/`).

    Exit codes: 0 every file is (now) canonical, 1 with --check: some file is not,
    2 unusable input (a missing file, malformed Turtle; then no file is changed).
    """
    paths = _expand(files) if files else data_files(project_root(root))
    changed = format_files(paths, check=check)
    shown = [_show(path) for path in changed]
    if check:
        for name in shown:
            click.echo(f"not canonical: {name}")
        if changed:
            click.echo(
                f"{_files(len(changed))} of {len(paths)} not in canonical form. To fix, run:"
                f"\n  lpkg fmt {' '.join(shlex.quote(name) for name in shown)}"
            )
            raise click.exceptions.Exit(EXIT_DOES_NOT_CONFORM)
        click.echo(f"{_files(len(paths))} in canonical form.")
        return
    for name in shown:
        click.echo(f"reformatted {name}")
    click.echo(
        f"{_files(len(changed))} reformatted, {len(paths) - len(changed)} already canonical."
    )


def _expand(arguments: tuple[Path, ...]) -> list[Path]:
    """Files as given, folders as their .ttl and .trig files; each file once, in the order
    given."""
    paths: list[Path] = []
    for argument in arguments:
        if argument.is_dir():
            paths.extend(sorted({p for one in DATA_PATTERNS for p in argument.rglob(one)}))
        elif argument.is_file():
            paths.append(argument)
        else:
            raise MissingFileError(argument)
    seen: set[Path] = set()
    unique = []
    for path in paths:
        if path.resolve() not in seen:
            seen.add(path.resolve())
            unique.append(path)
    return unique


def _show(path: Path) -> str:
    """``path`` relative to the working directory where it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _files(count: int) -> str:
    return f"{count} file" if count == 1 else f"{count} files"
