"""The ``lpkg`` command: a thin click layer over the library."""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any

import click

from ..errors import LpkgError
from . import build, contribute, diff, fmt, match, publish, query, serve, stats, validate
from .output import printable_output

EXIT_BUG = 3
"""The exit code of an unexpected exception: a bug in lpkg, never a verdict on the data."""

EXIT_CODES_HELP = (
    "Exit codes: 0 success / the data conforms, 1 the data does not conform, "
    "2 unusable input (a file, query or parameter lpkg cannot use), "
    "3 a bug in lpkg (--debug shows the traceback)."
)


class _Group(click.Group):
    """Turns lpkg's typed errors into a one-paragraph message and the error's exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LpkgError as err:
            click.echo(f"Error: {err}", err=True)
            ctx.exit(err.exit_code)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise  # click's own: usage errors (exit 2), --help, a chosen exit code, Ctrl-C
        except Exception as err:
            # Anything else is a bug; exit 1 would read as "does not conform", so never that.
            if ctx.params.get("debug"):
                traceback.print_exc()
            click.echo(
                f"Error: lpkg failed unexpectedly ({type(err).__name__}: {err}). This is a bug in "
                "lpkg, not a verdict on the data. Please report it to the maintainers with the "
                "command you ran and its output with --debug (lpkg --debug COMMAND ...), which "
                "shows the traceback.",
                err=True,
            )
            ctx.exit(EXIT_BUG)


@click.group(cls=_Group, epilog=EXIT_CODES_HELP)
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="LPKG_ROOT",
    help="The dataset folder (holding ontology/, data/, shapes/, queries/). "
    "Default: $LPKG_ROOT, else the nearest such folder above the working directory.",
)
@click.option(
    "--debug",
    is_flag=True,
    help="On an unexpected error (a bug in lpkg, exit code 3), print the Python traceback.",
)
@click.version_option(package_name="lpkg")
@click.pass_context
def main(ctx: click.Context, root: Path | None, debug: bool) -> None:
    """lpkg: the Local Partnerships Knowledge Graph.

    Validate the dataset of the Czech local partnerships for social inclusion against its SHACL
    shapes and answer questions about it with named SPARQL queries (validate, query, queries,
    stats); check and add contributions (match, import, add, fmt); publish releases (build,
    diff), load them into a triplestore (publish) or serve them over HTTP (serve). Every
    command has --help.
    """
    ctx.obj = root
    ctx.with_resource(printable_output())  # until the command's output and errors are written


main.add_command(validate.validate_command)
main.add_command(query.query_command)
main.add_command(query.queries_command)
main.add_command(stats.stats_command)
main.add_command(match.match_command)
main.add_command(fmt.fmt_command)
main.add_command(contribute.import_command)
main.add_command(contribute.add_command)
main.add_command(diff.diff_command)
main.add_command(build.build_command)
main.add_command(publish.publish_command)
main.add_command(serve.serve_command)
