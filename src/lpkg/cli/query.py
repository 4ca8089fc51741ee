"""``lpkg query`` and ``lpkg queries``: run and list the named SPARQL queries."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import InputError
from ..queries import check, get_query, list_queries, run_query
from ..results import FORMATS, render
from .options import format_option, lang_option, open_cli_store, progress, store_options

DEFAULT_TIMEOUT = 60.0
"""Seconds a query may run; the named queries take well under one."""


def _parse_params(values: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for value in values:
        name, sep, text = value.partition("=")
        if not sep or not name.strip():
            raise InputError(f"--param {value!r}: write it as VAR=VALUE, e.g. --param town1=Most.")
        params[name.strip().lstrip("?$")] = text
    return params


@click.command("query")
@click.argument("name")
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="VAR=VALUE",
    help="Bind a query parameter; VALUE is a label (case and accents do not matter), "
    "a CURIE (lplace:most) or an IRI; for date: a day, month or year (2010-06-30, 2010-06, "
    "2010). Repeat for several.",
)
@format_option(
    FORMATS,
    "table shows labels; csv is for spreadsheets: a label column beside each IRI column, "
    "cells that would run as formulas get a ' in front; sparql-csv, tsv and json are the "
    "SPARQL 1.1 results formats.",
)
@lang_option
@click.option(
    "--infer",
    is_flag=True,
    help="Answer from the data with what the ontology's axioms entail (inverses, subclasses, "
    "subproperties, the servesTown property chains, domains, ranges), derived by SPARQL rules. "
    "Queries that need it get it.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    metavar="SECONDS",
    help="Stop the query after this many seconds (exit code 2).",
)
@store_options
@click.pass_obj
def query_command(
    root: Path | None,
    name: str,
    params: tuple[str, ...],
    fmt: str,
    lang: str,
    infer: bool,
    timeout: float,
    store_kind: str,
    endpoint: str | None,
) -> None:
    """Run the named query NAME, or the SPARQL SELECT query in the file NAME.rq.

    Examples: lpkg query both-towns; lpkg query both-towns --param town1=Most
    --param town2=Litvínov --param date=2010 --format csv. List the named queries with
    lpkg queries.

    SERVICE, FROM, FROM NAMED and updates are refused: a query reads only the dataset.
    With --endpoint the query goes to that SPARQL endpoint as it is (with the parameters written
    in), and the labels lpkg shows come from it too.
    Exit codes: 0 success, 2 unusable input (unknown query, syntax error, bad parameter, a
    query that runs longer than --timeout, an endpoint that cannot be reached or fails).
    """
    query = get_query(name, root)
    check(query)  # a malformed query is refused before the dataset is loaded and inferred
    values = _parse_params(params)
    store = open_cli_store(root, store_kind, endpoint, timeout)
    if infer or query.requires_inference:
        from ..infer import inferred_store

        progress("Inferring what the ontology's axioms entail …")
        store = inferred_store(store, in_place=True)  # loaded for this query alone
    result = run_query(query, store, values, lang=lang, timeout=timeout)
    click.echo(render(result, fmt, lang=lang), nl=False)
    date = query.date_param
    if date is not None and date.name not in values:
        # on stderr, so that CSV and JSON on stdout stay as they are
        click.echo(
            f"Note: the answer is for any time; --param {date.name}=2010-06-30 (or 2010-06, "
            "2010) asks about a day, month or year."
            if lang == "en"
            else f"Poznámka: odpověď platí pro jakoukoli dobu; --param {date.name}=2010-06-30 "
            "(nebo 2010-06, 2010) se ptá na den, měsíc či rok.",
            err=True,
        )


@click.command("queries")
@lang_option
@click.pass_obj
def queries_command(root: Path | None, lang: str) -> None:
    """List the named queries with their titles and parameters."""
    for query in list_queries(root):
        click.echo(f"{query.name}: {query.title(lang)}")
        for param in query.params:
            default = f" (default {param.default})" if param.default else ""
            click.echo(f"    --param {param.name}=…  {param.description}{default}")
        if query.requires_inference:
            click.echo(
                "    (answers from the inferred closure)"
                if lang == "en"
                else "    (odpovídá z odvozeného uzávěru)"
            )
