"""The membership queries on a small graph of dated memberships (fixtures/queries/memberships.ttl):
periods, months and years as periods, incomplete member lists, no roll-up of a member to the
body it is a unit of, towns in the column headings. Every expected row is worked out from the
table at the top of the fixture; the comments give the reasoning.

Periods as the queries read them: a month or year runs from its first to its last day; an
interval runs from time:hasBeginning (else time:inside) to time:hasEnd (else time:inside), open
where neither is stated; a membership without org:memberDuring counts only when no date is asked.
"""

from __future__ import annotations

import json
import re

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from lpkg.errors import BadDateError
from lpkg.queries import bind, date_literal, get_query, resolve_params, run_query
from lpkg.results import render
from tests import FIXTURES, ROOT
from tests.terms import lorg, lp, lplace

MEMBERSHIPS = FIXTURES / "queries" / "memberships.ttl"
TOWNS = {"town1": "lplace:horni", "town2": "lplace:dolni"}


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(MEMBERSHIPS)


def rows(graph: Graph, name: str, **params: str) -> list[dict]:
    result = run_query(get_query(name, ROOT), graph, params)
    return [{k: v for k, v in row.items() if v is not None} for row in result.rows]


def organizations(graph: Graph, name: str, **params: str) -> list[URIRef]:
    return [row["organization"] for row in rows(graph, name, **params)]


# --- both-towns -------------------------------------------------------------------------------


def test_both_towns_at_any_time(graph: Graph) -> None:
    # Members of both Horní and Dolní: agentura, policie, skola, urad-pracoviste. Not urad nor
    # charita: each is in one town only, and elsewhere only through its unit. Dolní's list is
    # incomplete, Horní's complete. Order: how1 (all "member"), how2 ("member" before
    # "member (through SKPV)"), then the IRI.
    member = Literal("member")
    dolni = Literal("Dolní")
    assert rows(graph, "both-towns", **TOWNS) == [
        {"organization": lorg(o), "how1": member, "how2": member, "incompleteLists": dolni}
        for o in ("agentura", "skola", "urad-pracoviste")
    ] + [
        {
            "organization": lorg("policie"),
            "how1": member,
            "how2": Literal("member (through SKPV)"),  # SKPV: the unit's shortest name
            "incompleteLists": dolni,
        }
    ]


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        # 2010 = 2010-01-01..2010-12-31. agentura: Horní 2009-05-01..2010-03-31, Dolní inside
        # 2010: both overlap. policie: Dolní from 2011-01-01, after 2010-12-31. skola: no period.
        # urad-pracoviste: Horní inside 2010-06, Dolní open until 2012-12-31: both overlap.
        ("2010", ["agentura", "urad-pracoviste"]),
        # agentura's Horní membership ended on 2010-03-31; the month 2010-06 holds the day.
        ("2010-06-30", ["urad-pracoviste"]),
        # April 2010: agentura ended in March, urad-pracoviste is known in June only.
        ("2010-04", []),
        # policie: Horní from 2008-01-15 and Dolní from 2011, both open; urad-pracoviste's
        # Horní membership is known in 2010-06 only.
        ("2012", ["policie"]),
    ],
)
def test_both_towns_at_a_date(graph: Graph, date: str, expected: list[str]) -> None:
    assert organizations(graph, "both-towns", **TOWNS, date=date) == [lorg(o) for o in expected]


def test_both_towns_complete_lists_leave_the_column_empty(graph: Graph) -> None:
    # Horní and Třetí: only agentura is in both (Třetí has no memberListComplete, which is not
    # "false"); Horní's list is complete.
    assert rows(graph, "both-towns", town1="lplace:horni", town2="lplace:treti") == [
        {
            "organization": lorg("agentura"),
            "how1": Literal("member"),
            "how2": Literal("member"),
            "incompleteLists": Literal(""),
        }
    ]


@pytest.mark.parametrize(
    ("lang", "fmt", "header"),
    [
        ("en", "table", ["organization", "Upper", "Lower", "incompleteLists"]),
        ("cs", "csv", ["organization", "organizationLabel", "Horní", "Dolní", "incompleteLists"]),
        ("en", "sparql-csv", ["organization", "Upper", "Lower", "incompleteLists"]),
        ("cs", "tsv", ["?organization", "?Horní", "?Dolní", "?incompleteLists"]),
    ],
)
def test_both_towns_columns_are_headed_by_the_towns(
    graph: Graph, lang: str, fmt: str, header: list[str]
) -> None:
    result = run_query(get_query("both-towns", ROOT), graph, TOWNS, lang=lang)
    first = render(result, fmt, lang=lang).splitlines()[0]
    separator = {"table": r"\s{2,}", "tsv": "\t"}.get(fmt, ",")
    assert re.split(separator, first.strip()) == header


def test_both_towns_json_is_keyed_by_the_towns(graph: Graph) -> None:
    result = run_query(get_query("both-towns", ROOT), graph, TOWNS, lang="en")
    document = json.loads(render(result, "json"))
    assert document["head"]["vars"] == ["organization", "Upper", "Lower", "incompleteLists"]
    police = document["results"]["bindings"][-1]
    assert police["Lower"] == {"type": "literal", "value": "member (through SKPV)"}
    assert result.rows[-1]["how2"] == Literal("member (through SKPV)")  # the API keeps ?how2


def test_the_same_town_twice_keeps_the_variable_names(graph: Graph) -> None:
    # Two columns called "Horní" could not be told apart (and would merge in JSON).
    result = run_query(
        get_query("both-towns", ROOT), graph, {"town1": "horni", "town2": "horni"}, lang="cs"
    )
    assert result.column_names() == ["organization", "how1", "how2", "incompleteLists"]


# --- the other membership queries -------------------------------------------------------------


def test_summary_counts_members_at_any_time_and_says_which_lists_are_incomplete(
    graph: Graph,
) -> None:
    # Horní: agentura, policie, skola, urad-pracoviste, charita (one unit: urad-pracoviste).
    # Dolní: agentura, policie, skola, urad-pracoviste, charita-pobocka (two units). Třetí:
    # agentura. Nothing else is counted in the fixture.
    expected = [(lp("dolni"), 5, False, 2), (lp("horni"), 5, True, 1), (lp("treti"), 1, None, 0)]
    found = [
        (
            r["partnership"],
            int(r["members"]),
            _bool(r.get("memberListComplete")),
            int(r["unitMembers"]),
        )
        for r in rows(graph, "summary")
    ]
    assert found == expected


def test_summary_at_a_date_keeps_every_partnership(graph: Graph) -> None:
    # 2010: Horní agentura, policie (from 2008), urad-pracoviste; Dolní agentura,
    # urad-pracoviste; Třetí none (agentura inside 2015), still a row of zeros.
    expected = [(lp("dolni"), 2, 1), (lp("horni"), 3, 1), (lp("treti"), 0, 0)]
    found = [
        (r["partnership"], int(r["members"]), int(r["unitMembers"]))
        for r in rows(graph, "summary", date="2010")
    ]
    assert found == expected


def _bool(term: Literal | None) -> bool | None:
    return None if term is None else term.toPython()


def test_multi_partnership_counts_direct_members_only(graph: Graph) -> None:
    # agentura is a member of all three; policie, skola, urad-pracoviste of two. urad and
    # charita are members of one partnership each and are never credited with their units'.
    found = [
        (
            r["organization"],
            int(r["partnershipCount"]),
            r["partnership"],
            str(r["how"]),
            _bool(r.get("memberListComplete")),
        )
        for r in rows(graph, "multi-partnership")
    ]
    assert found == [
        (lorg("agentura"), 3, lp("dolni"), "member", False),
        (lorg("agentura"), 3, lp("horni"), "member", True),
        (lorg("agentura"), 3, lp("treti"), "member", None),
        (lorg("policie"), 2, lp("dolni"), "member (through SKPV)", False),
        (lorg("policie"), 2, lp("horni"), "member", True),
        (lorg("skola"), 2, lp("dolni"), "member", False),
        (lorg("skola"), 2, lp("horni"), "member", True),
        (lorg("urad-pracoviste"), 2, lp("dolni"), "member", False),
        (lorg("urad-pracoviste"), 2, lp("horni"), "member", True),
    ]


def test_multi_partnership_at_a_date(graph: Graph) -> None:
    # 2010: agentura in Horní and Dolní (Třetí is 2015), urad-pracoviste in both; policie only
    # in Horní (Dolní from 2011), skola has no period.
    found = [
        (r["organization"], int(r["partnershipCount"]), r["partnership"])
        for r in rows(graph, "multi-partnership", date="2010")
    ]
    assert found == [
        (lorg("agentura"), 2, lp("dolni")),
        (lorg("agentura"), 2, lp("horni")),
        (lorg("urad-pracoviste"), 2, lp("dolni")),
        (lorg("urad-pracoviste"), 2, lp("horni")),
    ]


def test_towns_served_names_the_unit_taking_part_and_rolls_nothing_up(graph: Graph) -> None:
    # SKPV takes part in Dolní for policie; urad and charita serve only the town where they
    # are themselves members (Horní for charita, none for urad).
    served = {
        (r["organization"], r["town"], str(r["how"]), r["via"]) for r in rows(graph, "towns-served")
    }
    assert (lorg("policie-skpv"), lplace("dolni"), "unit", lorg("policie")) in served
    assert {o for o, *_ in served if o in (lorg("urad"), lorg("charita"))} == {lorg("charita")}
    assert len(served) == 12  # the 11 memberships of the fixture and the one unit taking part


def test_towns_served_at_a_date_drops_the_unit_with_its_membership(graph: Graph) -> None:
    # policie's Dolní membership starts in 2011, so SKPV takes part in nothing in 2010.
    assert lorg("policie-skpv") not in organizations(graph, "towns-served", date="2010")
    assert lorg("policie-skpv") in organizations(graph, "towns-served", date="2011")


def test_members_of_a_partnership_at_a_date(graph: Graph) -> None:
    # Dolní in 2010: agentura (inside 2010) and urad-pracoviste (until 2012).
    assert organizations(graph, "members", partnership="lp:dolni", date="2010") == [
        lorg("agentura"),
        lorg("urad-pracoviste"),
    ]


# --- date values ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "datatype"),
    [("2010-06-30", XSD.date), ("2010-06", XSD.gYearMonth), ("2010", XSD.gYear)],
)
def test_a_date_is_a_day_month_or_year(text: str, datatype: URIRef) -> None:
    assert date_literal("date", text) == Literal(text, datatype=datatype)


@pytest.mark.parametrize(
    "text", ["2010-13", "2010-02-30", "10", "2010/06", "2010-6", "yesterday", "", "2010-06-30Z"]
)
def test_a_bad_date_is_refused(graph: Graph, text: str) -> None:
    with pytest.raises(BadDateError, match="is not a date"):
        run_query(get_query("both-towns", ROOT), graph, {**TOWNS, "date": text})


# --- the same text in another engine ----------------------------------------------------------


@pytest.mark.parametrize("date", [None, "2010", "2012"])
def test_the_bound_text_gives_oxigraph_the_same_answer(graph: Graph, date: str | None) -> None:
    query = get_query("both-towns", ROOT)
    values = {**TOWNS, **({"date": date} if date else {})}
    text = bind(query.text, resolve_params(query, graph, values))
    store = ox.Store()
    store.load(MEMBERSHIPS.read_bytes(), ox.RdfFormat.TURTLE)
    theirs = [str(solution["organization"].value) for solution in store.query(text)]
    ours = [str(o) for o in organizations(graph, "both-towns", **values)]
    assert theirs == ours and ours


def test_the_unbound_text_runs_as_it_is_in_another_engine() -> None:
    # Without lpkg's VALUES the parameters are unbound: every pair of towns, at any time.
    store = ox.Store()
    store.load(MEMBERSHIPS.read_bytes(), ox.RdfFormat.TURTLE)
    for query in ("both-towns", "members", "summary", "multi-partnership", "towns-served"):
        assert list(store.query(get_query(query, ROOT).text)), query
