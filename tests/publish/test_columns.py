"""Readable column names for the answers of the named queries."""

from __future__ import annotations

from lpkg.publish.columns import COLUMN_NAMES
from lpkg.queries import list_queries, prepare
from tests import ROOT


def test_every_column_of_every_named_query_has_a_czech_and_an_english_name() -> None:
    missing = []
    for query in list_queries(ROOT):
        for variable in prepare(query).algebra["PV"]:
            names = COLUMN_NAMES.get(str(variable))
            if names is None or not all(names):
                missing.append(f"{query.name}: ?{variable}")
    assert missing == []


def test_the_names_are_headings_not_the_variables_again() -> None:
    for variable, (cs, en) in COLUMN_NAMES.items():
        assert variable not in (cs, en), variable
        assert cs[0].isupper() and en[0].isupper(), variable
