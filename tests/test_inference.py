"""OWL 2 RL inference: lpkg:servesTown derived by the ontology's property chains agrees with the
hand-worked answers, lifts the plain queries' members to the bodies they belong to, and inferring
changes neither the input graph nor data/.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from lpkg.infer import infer
from lpkg.load import load_graph
from lpkg.namespaces import LORG, LPKG, LPLACE
from lpkg.queries import get_query, run_query
from tests import ROOT

DATA = ROOT / "data"

# Who serves each town, worked out by hand from the member lists of the three pages and the
# org:unitOf chains in data/ (see docs/reconciliation.md): the members, plus every ancestor of a
# member. Only a relation that still holds is a plain org:unitOf: the Agency is under the Ministry
# for Regional Development (since 2020-01); its placement under the Human Rights Section of the
# Office of the Government ended and is only an lpkg:UnitOfRelation, so neither the Section nor
# the Office serves any town. ÚP Ústí nad Labem (Trmice) has no parent. Units a membership names
# as taking part (lpkg:participatingUnit: OSPOD, OSV in Litvínov, SKPV in Most) are not members
# and serve nothing. Litvínov: 13 members + 3 ancestors; Most: 11 members + 2 ancestors; Trmice:
# 14 members + 3 ancestors.
SERVES = {
    "litvinov": {
        *(
            "agentura-pro-socialni-zaclenovani diakonie-cce-stredisko-most libuse mesto-litvinov "
            "mestska-policie-litvinov most-k-nadeji oblastni-charita-most policie-cr "
            "spolecny-zivot technicke-sluzby-litvinov tj-kopisty urad-prace-cr-litvinov "
            "zs-a-ms-litvinov-janov"
        ).split(),
        # the Ministry above the Agency, Diakonie ČCE above its Most centre, the Labour Office
        "ministerstvo-pro-mistni-rozvoj",
        "diakonie-cce",
        "urad-prace-cr",
    },
    "most": {
        # Most lists the national Diakonie ČCE and the Police itself (SKPV taking part)
        *(
            "agentura-pro-socialni-zaclenovani diakonie-cce dum-romske-kultury "
            "k-srdci-klic mesto-most mestska-policie-most most-k-nadeji nadeje-m "
            "oblastni-charita-most policie-cr urad-prace-cr-most"
        ).split(),
        "ministerstvo-pro-mistni-rozvoj",
        "urad-prace-cr",
    },
    "trmice": {
        *(
            "agentura-pro-socialni-zaclenovani mesto-trmice magistrat-usti-nad-labem-osv "
            "urad-prace-cr-usti-nad-labem mestska-policie-lp-trmice policie-cr "
            "probacni-a-mediacni-sluzba zs-trmice specialni-zs-a-prakticka-skola-trmice "
            "stredni-skola-trmice romano-jasnica drug-out-klub "
            "sdruzeni-pro-probaci-a-mediaci-v-justici sportovni-klub-trmice"
        ).split(),
        # the Ministry above the Agency; the Ústí City Office above its social department, and
        # the town above its office
        "ministerstvo-pro-mistni-rozvoj",
        "magistrat-usti-nad-labem",
        "mesto-usti-nad-labem",
    },
}
# Litvínov and Most: the four members listed on both pages (the Agency, Most k naději, Oblastní
# charita Most, the Police), the Ministry above the Agency, Diakonie ČCE (a member in Most, above
# Litvínov's member centre) and the Labour Office (above both workplaces).
BOTH = {
    "agentura-pro-socialni-zaclenovani",
    "oblastni-charita-most",
    "most-k-nadeji",
    "policie-cr",
    "ministerstvo-pro-mistni-rozvoj",
    "diakonie-cce",
    "urad-prace-cr",
}
# Trmice with either of the others: the Agency and Policie ČR (listed in all three) and the
# Ministry above the Agency; the Labour Office no longer (ÚP Ústí nad Labem has no parent).
WITH_TRMICE = {
    "agentura-pro-socialni-zaclenovani",
    "policie-cr",
    "ministerstvo-pro-mistni-rozvoj",
}


def orgs(*slugs: str) -> set[URIRef]:
    return {LORG[s] for s in slugs}


@pytest.fixture(scope="module")
def inferred(graph: Graph) -> Graph:
    return infer(graph)


def rows(query: str, graph: Graph, params: dict[str, str] | None = None) -> list[tuple]:
    result = run_query(get_query(query, ROOT), graph, params)
    return [tuple(row[v] for v in result.variables) for row in result.rows]


def test_hand_sets_agree_with_each_other() -> None:
    assert SERVES["litvinov"] & SERVES["most"] == BOTH
    assert SERVES["litvinov"] & SERVES["trmice"] == WITH_TRMICE
    assert SERVES["most"] & SERVES["trmice"] == WITH_TRMICE
    assert (len(SERVES["litvinov"]), len(SERVES["most"]), len(SERVES["trmice"])) == (16, 13, 17)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, BOTH),
        ({"town1": "Most", "town2": "Litvínov"}, BOTH),
        ({"town2": "Trmice"}, WITH_TRMICE),
        ({"town1": "Trmice", "town2": "Most"}, WITH_TRMICE),
    ],
    ids=["litvinov-most", "most-litvinov", "litvinov-trmice", "trmice-most"],
)
def test_inferred_query_rolls_up_what_the_plain_query_does_not(
    graph: Graph, inferred: Graph, params: dict[str, str], expected: set[str]
) -> None:
    # both-towns-inferred follows the property chain up the units; both-towns answers with the
    # members as listed, which are the inferred answer's "member" in both towns
    derived = rows("both-towns-inferred", inferred, params)
    assert {r[0] for r in derived} == orgs(*expected)
    members = {r[0] for r in derived if r[1] == r[2] == Literal("member")}
    assert {r[0] for r in rows("both-towns", graph, params)} == members


def test_inferred_query_needs_inference(graph: Graph) -> None:
    assert rows("both-towns-inferred", graph) == []


@pytest.mark.parametrize("town", ["litvinov", "most", "trmice"])
def test_serves_town_for_each_town(graph: Graph, inferred: Graph, town: str) -> None:
    derived = set(inferred.subjects(LPKG.servesTown, LPLACE[town]))
    assert derived == orgs(*SERVES[town])
    # towns-served lists the members as listed (and the units taking part for them), which the
    # inferred servesTown then lifts to the bodies they belong to
    served = rows("towns-served", graph, {"town": f"lplace:{town}"})
    assert {r[0] for r in served if r[2] == Literal("member")} < derived


def test_serves_town_is_lifted_along_the_unit_chain(graph: Graph, inferred: Graph) -> None:
    # the Ministry is a member nowhere: it serves Most only through the Agency (a member)
    lifted = (LORG["ministerstvo-pro-mistni-rozvoj"], LPKG.servesTown, LPLACE.most)
    assert lifted in inferred
    assert lifted not in graph
    assert (LORG["ministerstvo-pro-mistni-rozvoj"], LPKG.servesTownAsMember, LPLACE.most) not in (
        inferred
    )
    # an ended unit-of relation (the Agency under the Section until 2020) lifts nothing
    assert (LORG["urad-vlady-cr"], LPKG.servesTown, None) not in inferred
    assert (LORG["agentura-pro-socialni-zaclenovani"], LPKG.servesTownAsMember, LPLACE.most) in (
        inferred
    )
    # nothing serves a town it has no member in: the Litvínov town offices (taking part for
    # the town), Most's SKPV (taking part for the Police) and Břeclav's working groups are
    # units but not members
    assert (LORG["mesto-litvinov-osv"], LPKG.servesTown, None) not in inferred
    assert (LORG["policie-cr-skpv"], LPKG.servesTown, None) not in inferred
    assert (LORG["breclav-ps-bydleni"], LPKG.servesTown, None) not in inferred
    # the Ústí City Office is a member nowhere: it serves Trmice only through its department,
    # and no other town
    assert set(inferred.objects(LORG["magistrat-usti-nad-labem"], LPKG.servesTown)) == {
        LPLACE.trmice
    }
    assert (LORG["magistrat-usti-nad-labem"], LPKG.servesTown, LPLACE.trmice) not in graph
    assert (LORG["magistrat-usti-nad-labem"], LPKG.servesTownAsMember, None) not in inferred
    # the Labour Office serves five towns, each through a workplace that is a member there
    # (Litvínov, Most; Břeclav, Kadaň; Teplice's in Duchcov), as a member of none; not Trmice,
    # whose ÚP Ústí nad Labem has no parent
    assert set(inferred.objects(LORG["urad-prace-cr"], LPKG.servesTown)) == {
        LPLACE.litvinov,
        LPLACE.most,
        LPLACE.breclav,
        LPLACE.kadan,
        LPLACE.duchcov,
    }
    assert (LORG["urad-prace-cr"], LPKG.servesTownAsMember, None) not in inferred


def test_data_never_asserts_serves_town(graph: Graph) -> None:
    assert (None, LPKG.servesTown, None) not in graph
    assert (None, LPKG.servesTownAsMember, None) not in graph


def test_infer_does_not_change_its_input() -> None:
    graph = load_graph(root=ROOT)
    before = Graph()
    for triple in graph:
        before.add(triple)
    size = len(graph)
    closure = infer(graph)
    assert len(closure) > size
    assert len(graph) == size
    assert isomorphic(graph, before)
    assert closure is not graph


def _digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_inference_never_writes_to_data() -> None:
    before = _digests(DATA)
    assert before  # the data files are there to hash
    closure = infer(load_graph(root=ROOT))
    rows("both-towns-inferred", closure)
    assert _digests(DATA) == before
