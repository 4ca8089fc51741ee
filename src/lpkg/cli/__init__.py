"""The ``lpkg`` command: a thin click layer over the library."""

from __future__ import annotations

import importlib
import traceback
from pathlib import Path
from typing import Any

import click

from ..errors import LpkgError
from .output import printable_output

EXIT_BUG = 3
"""The exit code of an unexpected exception: a bug in lpkg, never a verdict on the data."""

EXIT_CODES_HELP = (
    "Exit codes: 0 success / the data conforms, 1 the data does not conform, "
    "2 unusable input (a file, query or parameter lpkg cannot use), "
    "3 a bug in lpkg (--debug shows the traceback)."
)


COMMANDS = {
    "validate": ("validate", "validate_command"),
    "query": ("query", "query_command"),
    "queries": ("query", "queries_command"),
    "stats": ("stats", "stats_command"),
    "match": ("match", "match_command"),
    "fmt": ("fmt", "fmt_command"),
    "import": ("contribute", "import_command"),
    "add": ("contribute", "add_command"),
    "diff": ("diff", "diff_command"),
    "build": ("build", "build_command"),
    "publish": ("publish", "publish_command"),
    "serve": ("serve", "serve_command"),
}
"""Each command: the module of ``lpkg.cli`` that defines it, and its name there. A command's
module is imported when the command runs (or its help is shown): ``lpkg query`` does not load
the web server, the site builder or the name matcher."""


class _Group(click.Group):
    """Turns lpkg's typed errors into a one-paragraph message and the error's exit code; imports
    a command's module only when the command is asked for (:data:`COMMANDS`)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS and cmd_name not in self.commands:
            module, name = COMMANDS[cmd_name]
            self.add_command(getattr(importlib.import_module(f".{module}", __name__), name))
        return super().get_command(ctx, cmd_name)

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
