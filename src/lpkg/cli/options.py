"""Options several commands share."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TypeVar

import click

F = TypeVar("F", bound=Callable[..., object])


def lang_option(func: F) -> F:
    return click.option(
        "--lang",
        type=click.Choice(["cs", "en"]),
        default="cs",
        show_default=True,
        help="Language of labels and messages.",
    )(func)


def format_option(choices: tuple[str, ...], help_text: str) -> Callable[[F], F]:
    def decorate(func: F) -> F:
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(choices),
            default=choices[0],
            show_default=True,
            help=help_text,
        )(func)

    return decorate


def progress(message: str) -> None:
    """Say what a long step is doing, on stderr and only to a person watching a terminal."""
    if sys.stderr.isatty():
        click.echo(message, err=True)


def source_option(func: F) -> F:
    return click.option(
        "--source",
        metavar="URL",
        help="The public page the statements of a file of triples (Turtle, N-Triples, RDF/XML, "
        "JSON-LD) come from: they go into that page's named graph. TriG, N-Quads and CSV give "
        "their sources themselves.",
    )(func)
