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
# member. Litvínov: 13 members + 4 ancestors; Most: 11 members + 5 ancestors; Trmice: 14
# members + 4 ancestors.
SERVES = {
    "litvinov": {
        *(
            "agentura-pro-socialni-zaclenovani diakonie-cce-stredisko-most libuse mesto-litvinov "
            "mestska-policie-litvinov most-k-nadeji oblastni-charita-most policie-cr "
            "spolecny-zivot technicke-sluzby-litvinov tj-kopisty urad-prace-cr-litvinov "
            "zs-a-ms-litvinov-janov"
        ).split(),
        # the Agency's section and office, Diakonie ČCE above its Most centre, the Labour Office
        "urad-vlady-cr-sekce-pro-lidska-prava",
        "urad-vlady-cr",
        "diakonie-cce",
        "urad-prace-cr",
    },
    "most": {
        *(
            "agentura-pro-socialni-zaclenovani diakonie-cce-stredisko-most dum-romske-kultury "
            "k-srdci-klic mesto-most mestska-policie-most most-k-nadeji nadeje-m "
            "oblastni-charita-most policie-cr-skpv urad-prace-cr-most"
        ).split(),
        "urad-vlady-cr-sekce-pro-lidska-prava",
        "urad-vlady-cr",
        "diakonie-cce",
        "policie-cr",  # through SKPV
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
        # the Agency's section and office, the Ústí City Office above its social department, the
        # Labour Office above its Ústí workplace
        "urad-vlady-cr-sekce-pro-lidska-prava",
        "urad-vlady-cr",
        "magistrat-usti-nad-labem",
        "urad-prace-cr",
    },
}
# The intersection, as docs/reconciliation.md states it: nine organizations.
BOTH = {
    "agentura-pro-socialni-zaclenovani",
    "diakonie-cce-stredisko-most",
    "oblastni-charita-most",
    "most-k-nadeji",
    "policie-cr",
    "urad-prace-cr",
    "diakonie-cce",
    "urad-vlady-cr-sekce-pro-lidska-prava",
    "urad-vlady-cr",
}
# Trmice with either of the others: the Agency and Policie ČR (listed in Trmice), the Labour
# Office (through its Ústí workplace), and the two bodies above the Agency.
WITH_TRMICE = {
    "agentura-pro-socialni-zaclenovani",
    "policie-cr",
    "urad-prace-cr",
    "urad-vlady-cr-sekce-pro-lidska-prava",
    "urad-vlady-cr",
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
    assert (len(SERVES["litvinov"]), len(SERVES["most"]), len(SERVES["trmice"])) == (17, 16, 18)


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
    # úřad vlády is a member nowhere: it serves Most only through sekce -> agentura (a member)
    lifted = (LORG["urad-vlady-cr"], LPKG.servesTown, LPLACE.most)
    assert lifted in inferred
    assert lifted not in graph
    assert (LORG["urad-vlady-cr"], LPKG.servesTownAsMember, LPLACE.most) not in inferred
    assert (LORG["agentura-pro-socialni-zaclenovani"], LPKG.servesTownAsMember, LPLACE.most) in (
        inferred
    )
    # nothing serves a town it has no member in: the Litvínov town offices and Most's
    # working groups are units but not members
    assert (LORG["mesto-litvinov-osv"], LPKG.servesTown, None) not in inferred
    assert (LORG["most-ps-bydleni"], LPKG.servesTown, None) not in inferred
    # the Ústí City Office is a member nowhere: it serves Trmice only through its department,
    # and no other town
    assert set(inferred.objects(LORG["magistrat-usti-nad-labem"], LPKG.servesTown)) == {
        LPLACE.trmice
    }
    assert (LORG["magistrat-usti-nad-labem"], LPKG.servesTown, LPLACE.trmice) not in graph
    assert (LORG["magistrat-usti-nad-labem"], LPKG.servesTownAsMember, None) not in inferred
    # the Labour Office serves all three towns, each through a workplace, as a member of none
    assert set(inferred.objects(LORG["urad-prace-cr"], LPKG.servesTown)) == {
        LPLACE.litvinov,
        LPLACE.most,
        LPLACE.trmice,
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
