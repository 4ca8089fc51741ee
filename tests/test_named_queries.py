"""Every named query in queries/, run on the asserted data, against answers worked out by hand.

The expected rows below were derived by reading the three partnership pages
(lokalni-partnerstvi-{litvinov,most,trmice}.txt in the folder of page texts, $LPKG_SOURCES),
docs/reconciliation.md and the files in data/ — never by pasting the output of a query. The
comments give the reasoning.

Facts used again and again:

* Litvínov lists 13 members, Most 11, Trmice 14 (the bullet lists on the pages).
* Unit chains (org:unitOf in data/organizations.trig, data/partnerships/most.trig and
  data/partnerships/trmice.trig):
  agentura -> sekce pro lidská práva -> úřad vlády; diakonie středisko Most -> diakonie ČCE;
  SKPV -> policie ČR; ÚP Litvínov, ÚP Most, ÚP Ústí nad Labem -> úřad práce ČR; OSV, OSPOD,
  rada, zastupitelstvo -> město Litvínov; OSV Magistrátu Ústí -> Magistrát Ústí nad Labem; the
  four Most working groups -> lp:most. Trmice has no working groups.
* Trmice shares with the other two only the Agency and Policie ČR (both listed directly); the
  membership queries never credit an organization with its units' memberships.
* The memberships of the three have periods (org:memberDuring, time:inside 2010 resp. 2016) and
  their lists are complete (lpkg:memberListComplete true); the cases here give no date, so every
  answer is for any time (tests/test_queries_dated.py checks dates on a fixture).
* Since 16 more partnerships were added (data/partnerships/*.trig), a query whose answer spans all
  19 is checked on a hand-worked part (Case.keep): the rows of Litvínov, Most and Trmice, or the
  rows about the organizations the case names; the other partnerships' rows are checked by
  tests/test_data.py against the excerpts, not here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery

from lpkg.load import parse_file
from lpkg.namespaces import LPKG, ORG, PREFIXES
from lpkg.queries import get_query, list_queries, run_query
from tests import ROOT
from tests.terms import cs, d, ldoc, lev, lmem, lorg, lp, lplace, lproj, n, s, vocab, y, ym

LITVINOV_PAGE = URIRef("http://www.socialni-zaclenovani.cz/lokalni-partnerstvi-litvinov")
MOST_PAGE = URIRef("http://www.socialni-zaclenovani.cz/lokalni-partnerstvi-most")
TRMICE_PAGE = URIRef("http://www.socialni-zaclenovani.cz/lokalni-partnerstvi-trmice")
OT_SCHEME = URIRef("https://w3id.org/lpkg/vocab/organization-type")
LF_SCHEME = URIRef("https://w3id.org/lpkg/vocab/legal-form")
EVENT, DOCUMENT, PROJECT = LPKG.Event, LPKG.Document, LPKG.Project

# The member lists of the three pages, in page order, as (member IRI, organization type, listed
# name). Member IRIs follow docs/reconciliation.md; types from org:classification.
LITVINOV_MEMBERS = [
    (
        "agentura-pro-socialni-zaclenovani",
        "state-body",
        "Agentura pro sociální začleňování v romských lokalitách",
    ),
    ("diakonie-cce-stredisko-most", "church-charity", "Diakonie ČCE Most"),
    ("libuse", "ngo", "Libuše, o.s."),
    ("mesto-litvinov", "municipality", "Město Litvínov (OSPOD, OSV)"),
    ("mestska-policie-litvinov", "municipal-police", "Městská policie Litvínov"),
    ("most-k-nadeji", "ngo", "Most k naději, o.s."),
    ("oblastni-charita-most", "church-charity", "Oblastní charita Most"),
    ("policie-cr", "state-police", "Policie ČR"),
    ("spolecny-zivot", "ngo", "Společný život, o.s."),
    ("technicke-sluzby-litvinov", "municipal-company", "Technické služby Litvínov"),
    ("tj-kopisty", "sports-club", "TJ Kopisty"),
    ("urad-prace-cr-litvinov", "labour-office", "ÚP v Litvínově"),
    ("zs-a-ms-litvinov-janov", "school", "ZŠ a MŠ Litvínov – Janov"),
]
MOST_MEMBERS = [
    ("agentura-pro-socialni-zaclenovani", "state-body", "Agentura pro sociální začleňování"),
    ("diakonie-cce", "church-charity", "Diakonie české církve evangelické"),
    ("dum-romske-kultury", "ngo", "Dům romské kultury, o.p.s."),
    ("k-srdci-klic", "ngo", "K srdci klíč, o.p.s."),
    ("mesto-most", "municipality", "Město Most"),
    ("mestska-policie-most", "municipal-police", "Městská police Most"),
    ("most-k-nadeji", "ngo", "Most k naději o.s."),
    ("nadeje-m", "ngo", "Naděje - M, o.p.s."),
    ("oblastni-charita-most", "church-charity", "Oblastní charita Most"),
    ("policie-cr", "state-police", "Policie ČR (SKPV)"),
    ("urad-prace-cr-most", "labour-office", "Úřad práce Most"),
]
# Trmice: 14 bullets. The Agency under its long name (as in Litvínov), Policie ČR itself (as in
# Litvínov and Most), the social department of the Ústí City Office (a unit) and "Úřad práce Ústí
# nad Labem" (no source says whose part it is); "Městská Policie" of no named town is its own
# organization; everything else is new and named as listed.
TRMICE_MEMBERS = [
    (
        "agentura-pro-socialni-zaclenovani",
        "state-body",
        "Agentura pro sociální začleňování v romských lokalitách",
    ),
    ("mesto-trmice", "municipality", "Město Trmice"),
    (
        "magistrat-usti-nad-labem-osv",
        "town-office-department",
        "Odbor sociálních věcí (Magistrát Ústí nad Labem)",
    ),
    ("urad-prace-cr-usti-nad-labem", "labour-office", "Úřad práce Ústí nad Labem"),
    ("mestska-policie-lp-trmice", "municipal-police", "Městská Policie"),
    ("policie-cr", "state-police", "Policie ČR"),
    ("probacni-a-mediacni-sluzba", "state-body", "Probační a mediační služba"),
    ("zs-trmice", "school", "ZŠ Trmice"),
    (
        "specialni-zs-a-prakticka-skola-trmice",
        "school",
        "Speciální základní škola a praktická škola Trmice",
    ),
    ("stredni-skola-trmice", "school", "Střední škola Trmice"),
    ("romano-jasnica", "ngo", "Sdružení Romano jasnica"),
    ("drug-out-klub", "ngo", "O.s. Drug-Out Klub"),
    (
        "sdruzeni-pro-probaci-a-mediaci-v-justici",
        "ngo",
        "Sdružení pro probaci a mediaci v justici, o.s.",
    ),
    ("sportovni-klub-trmice", "sports-club", "Sportovní klub Trmice"),
]
MEMBERS = {"litvinov": LITVINOV_MEMBERS, "most": MOST_MEMBERS, "trmice": TRMICE_MEMBERS}


def members_rows(town: str) -> list[tuple]:
    return [
        (lp(town), lorg(slug), vocab(f"orgtype:{t}"), cs(name)) for slug, t, name in MEMBERS[town]
    ]


def source_rows(town: str, page: URIRef) -> list[tuple]:
    return [
        (lp(town), lmem(f"{town}--{slug}"), lorg(slug), cs(name), page)
        for slug, _t, name in MEMBERS[town]
    ]


# Who serves which town: every member, and every unit a membership names as taking part
# (lpkg:participatingUnit) "via" that member; nobody is credited with a unit's membership.
# Litvínov's "Město Litvínov (OSPOD, OSV)" names OSPOD and OSV, via the town; Most's "Policie ČR
# (SKPV)" names the SKPV, via the Police (docs/reconciliation.md).
UNIT_SERVERS = {
    "litvinov": [
        ("mesto-litvinov-ospod", "mesto-litvinov"),
        ("mesto-litvinov-osv", "mesto-litvinov"),
    ],
    "most": [("policie-cr-skpv", "policie-cr")],
    "trmice": [],
}


def towns_served_rows(town: str) -> list[tuple]:
    direct = [(lorg(slug), lplace(town), s("member"), lorg(slug)) for slug, _t, _n in MEMBERS[town]]
    via = [(lorg(o), lplace(town), s("unit"), lorg(v)) for o, v in UNIT_SERVERS[town]]
    return direct + via


# both-towns, worked out in docs/reconciliation.md: the intersection of the two member lists
# above, members as listed (never rolled up to the body they are a unit of): Litvínov lists the
# Diakonie's Most centre, Most the national Diakonie ČCE, so neither is in both lists; the Police
# is a member in both, in Most with its SKPV taking part. Both lists are complete (empty
# incompleteLists). Ordered by how1, how2, then IRI.
M, NONE = s("member"), s("")
SKPV = s("member (through SKPV)")
BOTH_TOWNS = [
    (lorg("agentura-pro-socialni-zaclenovani"), M, M, NONE),
    (lorg("most-k-nadeji"), M, M, NONE),
    (lorg("oblastni-charita-most"), M, M, NONE),
    (lorg("policie-cr"), M, SKPV, NONE),
]
# the same with Most first: the Police's row comes last by how1 as well
BOTH_MOST_LITVINOV = [*BOTH_TOWNS[:3], (lorg("policie-cr"), SKPV, M, NONE)]
# Litvínov and Trmice: the Agency and Policie ČR are listed on both pages.
BOTH_LITVINOV_TRMICE = [
    (lorg("agentura-pro-socialni-zaclenovani"), M, M, NONE),
    (lorg("policie-cr"), M, M, NONE),
]
# Most and Trmice: the Agency and the Police (in Most through its SKPV).
BOTH_MOST_TRMICE = [
    (lorg("agentura-pro-socialni-zaclenovani"), M, M, NONE),
    (lorg("policie-cr"), SKPV, M, NONE),
]
# Members of more than one partnership, restricted to the rows of the three partnerships; the
# count is over all 19, counted from the lmem:<partnership>--<member> memberships in data/:
# the Agency in 8 (Duchcov, Jesenicko, Kadaň, Litvínov, Most, Roudnice, Slezská Ostrava,
# Trmice); the Police in 7 (Břeclav, Duchcov, Kadaň, Litvínov, Most, Trmice, Ústí nad Labem);
# Most k naději and Oblastní charita Most in Litvínov and Most; Drug-Out Klub in Trmice and Ústí
# nad Labem; the Probation and Mediation Service in Trmice and Břeclav; the district labour
# office "Úřad práce Ústí nad Labem" in Trmice (2010) and Ústí nad Labem (2008). The Diakonie
# (centre in Litvínov, national in Most) is in one partnership each.
MULTI = {
    "agentura-pro-socialni-zaclenovani": (8, ("litvinov", "most", "trmice")),
    "drug-out-klub": (2, ("trmice",)),
    "most-k-nadeji": (2, ("litvinov", "most")),
    "oblastni-charita-most": (2, ("litvinov", "most")),
    "policie-cr": (7, ("litvinov", "most", "trmice")),
    "probacni-a-mediacni-sluzba": (2, ("trmice",)),
    "urad-prace-cr-usti-nad-labem": (2, ("trmice",)),
}
THREE = ("litvinov", "most", "trmice")
OF_THREE = frozenset(lp(town) for town in THREE) | frozenset(lplace(town) for town in THREE)
TRUE = Literal(True)


@dataclass
class Case:
    params: dict[str, str] = field(default_factory=dict)
    rows: list[tuple] = field(default_factory=list)
    ordered: bool = False  # compare as a list (the query's ORDER BY) rather than as a multiset
    id: str = "default"
    # when set, only the answer's rows with a term from this set are compared (the hand-worked
    # part of an answer that spans all 19 partnerships)
    keep: frozenset = frozenset()


# name-variants "all-counted" compares (organization slug, kind); its keep set holds slugs
KEEP_BY_SLUG = frozenset(
    "agentura-pro-socialni-zaclenovani urad-vlady-cr diakonie-cce diakonie-cce-stredisko-most"
    " mesto-litvinov mesto-litvinov-osv mesto-litvinov-ospod technicke-sluzby-litvinov libuse"
    " most-k-nadeji oblastni-charita-most spolecny-zivot dum-romske-kultury k-srdci-klic nadeje-m"
    " mestska-policie-most sst-velebudice ministerstvo-pro-mistni-rozvoj policie-cr"
    " policie-cr-skpv urad-prace-cr urad-prace-cr-litvinov urad-prace-cr-most"
    " magistrat-usti-nad-labem-osv mestska-policie-lp-trmice drug-out-klub"
    " sdruzeni-pro-probaci-a-mediaci-v-justici probacni-a-mediacni-sluzba".split()
)

# --- the expected answers, one or more cases per named query ----------------------------------

EXPECTED: dict[str, list[Case]] = {
    "both-towns": [
        Case({}, BOTH_TOWNS, ordered=True, id="defaults"),
        # params as a label (any case, any diacritics) and as a CURIE; swapping the towns swaps
        # the Police's how1 and how2
        Case(
            {"town1": "Most", "town2": "litvínov"}, BOTH_MOST_LITVINOV, ordered=True, id="swapped"
        ),
        # the default first town (Litvínov) with Trmice as the second
        Case({"town2": "Trmice"}, BOTH_LITVINOV_TRMICE, ordered=True, id="litvinov-trmice"),
        Case(
            {"town1": "lplace:most", "town2": "lplace:trmice"},
            BOTH_MOST_TRMICE,
            ordered=True,
            id="most-trmice",
        ),
        # the same town twice: every member of Litvínov's partnership; the town with the two
        # units its entry names in brackets, by their abbreviations, in the order of the data
        Case(
            {"town1": "lplace:litvinov", "town2": "LITVINOV"},
            [
                (lorg(slug), how, how, NONE)
                for slug, _t, _n in LITVINOV_MEMBERS
                for how in [s("member (through OSPOD, OSV)") if slug == "mesto-litvinov" else M]
            ],
            id="same-town",
        ),
    ],
    # Needs inference; on the asserted data alone servesTown is absent (tests/test_inference.py
    # checks the inferred answer).
    "both-towns-inferred": [Case({}, [], id="without-inference")],
    # One row per organization and partnership; the three lists are complete.
    "multi-partnership": [
        Case(
            {},
            [
                (lorg(slug), n(count), lp(town), lplace(town), how, TRUE)
                for slug, (count, towns) in MULTI.items()
                for town in towns
                for how in [SKPV if (slug, town) == ("policie-cr", "most") else M]
            ],
            ordered=True,
            keep=OF_THREE,
        )
    ],
    "members": [
        Case(
            {},
            members_rows("litvinov") + members_rows("most") + members_rows("trmice"),
            id="all",
            keep=OF_THREE,
        ),
        Case({"partnership": "Lokální partnerství Trmice"}, members_rows("trmice"), id="trmice"),
        Case({"partnership": "lp:most"}, members_rows("most"), id="most"),
        Case(
            {"partnership": "Lokální partnerství Litvínov"},
            members_rows("litvinov"),
            id="litvinov-by-label",
        ),
    ],
    # Litvínov: the action plan's priorities are housing, leisure, education, employment.
    # Most: the four areas in which the sub-working groups define priorities in 2016
    # (family/leisure/health; housing; security; education and employment), subjects of that
    # activity. Trmice: its plan has no subject; its mapping project covers housing, employment,
    # education and social services (the page's four areas). No other item has a subject.
    "partnerships-by-theme": [
        Case(
            {},
            [
                (vocab("theme:housing"), lp("litvinov"), ldoc("litvinov-akcni-plan")),
                (vocab("theme:leisure"), lp("litvinov"), ldoc("litvinov-akcni-plan")),
                (vocab("theme:education"), lp("litvinov"), ldoc("litvinov-akcni-plan")),
                (vocab("theme:employment"), lp("litvinov"), ldoc("litvinov-akcni-plan")),
                *[
                    (vocab(f"theme:{t}"), lp("most"), lproj("most-definice-priorit-2016"))
                    for t in (
                        "family-support",
                        "leisure",
                        "health",
                        "housing",
                        "security-crime-prevention",
                        "education",
                        "employment",
                    )
                ],
                *[
                    (vocab(f"theme:{t}"), lp("trmice"), lproj("trmice-mapovani-lokalit"))
                    for t in ("housing", "employment", "education", "social-services")
                ],
            ],
            keep=OF_THREE,
        ),
        Case(
            {"theme": "theme:housing"},
            [
                (vocab("theme:housing"), lp("litvinov"), ldoc("litvinov-akcni-plan")),
                (vocab("theme:housing"), lp("most"), lproj("most-definice-priorit-2016")),
                (vocab("theme:housing"), lp("trmice"), lproj("trmice-mapovani-lokalit")),
            ],
            ordered=True,
            id="housing",
            keep=OF_THREE,
        ),
    ],
    # Most: founding 2008; strategic plan completed 02/2010, and the set of measures of the
    # following two years begins then (its four projects have no dates of their own); 2013
    # coordination group; 2016 memorandum and new consultant; working groups Jan-Jun 2016; the
    # plan "do roku 2019" has only an end. Undated last, by IRI.
    "timeline": [
        Case(
            {"partnership": "lp:most"},
            [
                (lp("most"), y("2008"), None, lev("most-ustaveni"), EVENT),
                (lp("most"), ym("2010-02"), None, lev("most-strategicky-plan-dokonceni"), EVENT),
                (
                    lp("most"),
                    ym("2010-02"),
                    None,
                    lproj("most-opatreni-po-strategickem-planu-2010"),
                    PROJECT,
                ),
                (lp("most"), y("2013"), None, lev("most-koordinacni-skupina"), EVENT),
                (lp("most"), y("2016"), None, lev("most-memorandum-uzavreni"), EVENT),
                (lp("most"), y("2016"), None, lev("most-novy-lokalni-konzultant"), EVENT),
                (
                    lp("most"),
                    ym("2016-01"),
                    ym("2016-06"),
                    lproj("most-definice-priorit-2016"),
                    PROJECT,
                ),
                (lp("most"), None, y("2019"), ldoc("most-strategicky-plan-2019"), DOCUMENT),
                (lp("most"), None, None, ldoc("most-memorandum-kpsvl"), DOCUMENT),
                (lp("most"), None, None, ldoc("most-strategicky-plan-2010"), DOCUMENT),
                *[
                    (lp("most"), None, None, lproj(f"most-{slug}"), PROJECT)
                    for slug in (
                        "individualni-komplexni-projekt",
                        "naplnovani-strategickeho-planu",
                        "prostupne-bydleni",
                        "spoluprace-sst-velebudice",
                        "zapojovani-nezamestnanych",
                    )
                ],
            ],
            ordered=True,
            id="most",
        ),
        # Litvínov: only the first meeting (27 Jan 2010) and the approval (24 Jun 2010) are
        # dated; 3 other events, 3 documents and 9 projects are undated (the municipality's
        # individual project is Integrační aktivity Janov).
        Case(
            {"partnership": "Lokální partnerství Litvínov"},
            [
                (lp("litvinov"), d("2010-01-27"), None, lev("litvinov-prvni-setkani"), EVENT),
                (
                    lp("litvinov"),
                    d("2010-06-24"),
                    None,
                    lev("litvinov-akcni-plan-schvaleni"),
                    EVENT,
                ),
                *[
                    (lp("litvinov"), None, None, ldoc(f"litvinov-{slug}"), DOCUMENT)
                    for slug in ("akcni-plan", "komunitni-plan", "zadost-komunitni-centrum")
                ],
                *[
                    (lp("litvinov"), None, None, lev(f"litvinov-{slug}"), EVENT)
                    for slug in ("akcni-plan-projednani", "konference", "slouceni")
                ],
                *[
                    (lp("litvinov"), None, None, lproj(f"litvinov-{slug}"), PROJECT)
                    for slug in (
                        "druha-sance",
                        "integracni-aktivity-janov",
                        "komunitni-centrum-janov",
                        "nedoplatky-za-bydleni",
                        "omezovani-vlt",
                        "poulicni-fotbalova-liga",
                        "prostupne-bydleni",
                        "setkavani-terennich-pracovniku",
                        "verejna-sluzba",
                    )
                ],
            ],
            ordered=True,
            id="litvinov",
        ),
        # Trmice: founding meeting 15 June 2010; mapping July-September 2010 (a project);
        # working groups in August 2010. The plan and the two planned projects are undated
        # (documents sort before projects by IRI).
        Case(
            {"partnership": "lp:trmice"},
            [
                (lp("trmice"), d("2010-06-15"), None, lev("trmice-ustavujici-setkani"), EVENT),
                (
                    lp("trmice"),
                    ym("2010-07"),
                    ym("2010-09"),
                    lproj("trmice-mapovani-lokalit"),
                    PROJECT,
                ),
                (lp("trmice"), ym("2010-08"), None, lev("trmice-pracovni-skupiny"), EVENT),
                (lp("trmice"), None, None, ldoc("trmice-strategicky-plan"), DOCUMENT),
                (lp("trmice"), None, None, lproj("trmice-projektove-poradenstvi"), PROJECT),
                (lp("trmice"), None, None, lproj("trmice-projektove-zadosti"), PROJECT),
            ],
            ordered=True,
            id="trmice",
        ),
    ],
    "units": [
        Case(
            {},
            [
                (
                    lorg("agentura-pro-socialni-zaclenovani"),
                    lorg("ministerstvo-pro-mistni-rozvoj"),
                    lorg("ministerstvo-pro-mistni-rozvoj"),
                ),
                (
                    lorg("urad-vlady-cr-sekce-pro-lidska-prava"),
                    lorg("urad-vlady-cr"),
                    lorg("urad-vlady-cr"),
                ),
                (lorg("diakonie-cce-stredisko-most"), lorg("diakonie-cce"), lorg("diakonie-cce")),
                (lorg("policie-cr-skpv"), lorg("policie-cr"), lorg("policie-cr")),
                # the Labour Office's workplaces: Litvínov, Most (organizations.trig) and the
                # three the new partnerships list (Břeclav, Kadaň; Teplice in Duchcov)
                *[
                    (lorg(f"urad-prace-cr-{town}"), lorg("urad-prace-cr"), lorg("urad-prace-cr"))
                    for town in ("litvinov", "most", "breclav", "kadan", "teplice")
                ],
                # Trmice's member unit, under the office under the town
                (
                    lorg("magistrat-usti-nad-labem-osv"),
                    lorg("magistrat-usti-nad-labem"),
                    lorg("mesto-usti-nad-labem"),
                ),
                (
                    lorg("magistrat-usti-nad-labem"),
                    lorg("mesto-usti-nad-labem"),
                    lorg("mesto-usti-nad-labem"),
                ),
                *[
                    (lorg(f"mesto-litvinov-{u}"), lorg("mesto-litvinov"), lorg("mesto-litvinov"))
                    for u in ("osv", "ospod", "rada", "zastupitelstvo")
                ],
            ],
            # the units under these top-level organizations; the towns, offices and working
            # groups of the 16 new partnerships are left out
            keep=frozenset(
                lorg(o)
                for o in (
                    "ministerstvo-pro-mistni-rozvoj",
                    "urad-vlady-cr",
                    "diakonie-cce",
                    "policie-cr",
                    "urad-prace-cr",
                    "mesto-usti-nad-labem",
                    "mesto-litvinov",
                )
            ),
        ),
        # the Agency left the Office of the Government in 2020: only the Section is under it
        Case(
            {"topLevel": "lorg:urad-vlady-cr"},
            [
                (
                    lorg("urad-vlady-cr-sekce-pro-lidska-prava"),
                    lorg("urad-vlady-cr"),
                    lorg("urad-vlady-cr"),
                ),
            ],
            ordered=True,
            id="office-of-government",
        ),
    ],
    "organizations-by-type": [
        # o.p.s. suffixes on the Most list: DRK, K srdci klíč, Naděje - M; and Člověk v tísni,
        # o.p.s. (data/partnerships/usti-nad-labem.trig)
        Case(
            {"type": "legalform:ops"},
            [
                (LF_SCHEME, vocab("legalform:ops"), lorg(o))
                for o in ("clovek-v-tisni", "dum-romske-kultury", "k-srdci-klic", "nadeje-m")
            ],
            ordered=True,
            id="ops",
        ),
        # the national Labour Office, its two workplaces (Litvínov, Most) and the labour
        # office in Ústí nad Labem the Trmice page lists; from the new partnerships: the
        # workplaces in Břeclav, Kadaň and Teplice (Duchcov), and the Litoměřice labour office
        # with its Roudnice branch (the labour office the Ústí page names is Trmice's one)
        Case(
            {"type": "orgtype:labour-office"},
            [
                (OT_SCHEME, vocab("orgtype:labour-office"), lorg(o))
                for o in (
                    "urad-prace-cr",
                    "urad-prace-cr-litvinov",
                    "urad-prace-cr-most",
                    "urad-prace-cr-usti-nad-labem",
                    "urad-prace-cr-breclav",
                    "urad-prace-cr-kadan",
                    "urad-prace-cr-teplice",
                    "urad-prace-litomerice",
                    "urad-prace-litomerice-roudnice-nad-labem",
                )
            ],
            id="labour-office",
        ),
        # o.s. and z.s.: LIBUŠE has both (listed as o.s., today a spolek)
        Case(
            {"type": "legalform:zs"},
            [(LF_SCHEME, vocab("legalform:zs"), lorg("libuse"))],
            id="zs",
        ),
    ],
    "membership-sources": [
        Case(
            {},
            source_rows("litvinov", LITVINOV_PAGE)
            + source_rows("most", MOST_PAGE)
            + source_rows("trmice", TRMICE_PAGE),
            id="all",
            keep=OF_THREE,
        ),
        Case({"partnership": "lp:litvinov"}, source_rows("litvinov", LITVINOV_PAGE), id="litvinov"),
        Case({"partnership": "lp:trmice"}, source_rows("trmice", TRMICE_PAGE), id="trmice"),
    ],
    # All three lists are complete (true). The rows of the other 16 are left out (keep).
    # Litvínov: 13 members, 3 of them units (the Agency, the Diakonie centre, ÚP v Litvínově);
    # no working groups; events: merger, first meeting, council discussion, approval, conferences
    # = 5; projects listed on the page = 9 (the individual project is Integrační aktivity
    # Janov); documents: community plan, action plan, application.
    # Most: 11 members, 2 units (Agency, ÚP Most; the national Diakonie and the Police are
    # not units); no named working groups; events: founding,
    # plan completed, coordination group, memorandum, new consultant = 5; projects 7 (the set of
    # measures of 2010-2012, its four projects, the 2016 priorities, carrying out the plan);
    # documents: plans 2010 and 2019, memorandum = 3.
    # Trmice: 14 members, 2 units (the Agency, OSV of the Ústí City Office); no working groups;
    # events: founding meeting, working groups = 2; projects: mapping, project consulting,
    # project applications = 3; documents: the strategic plan = 1.
    "summary": [
        Case(
            {},
            [
                (lp("litvinov"), lplace("litvinov"), n(13), TRUE, n(3), n(0), n(5), n(9), n(3)),
                (lp("most"), lplace("most"), n(11), TRUE, n(2), n(0), n(5), n(7), n(3)),
                (lp("trmice"), lplace("trmice"), n(14), TRUE, n(2), n(0), n(2), n(3), n(1)),
            ],
            ordered=True,
            keep=OF_THREE,
        ),
        Case(
            {"partnership": "Trmice"},
            [(lp("trmice"), lplace("trmice"), n(14), TRUE, n(2), n(0), n(2), n(3), n(1))],
            id="trmice",
        ),
        Case(
            {"partnership": "lp:most"},
            [(lp("most"), lplace("most"), n(11), TRUE, n(2), n(0), n(5), n(7), n(3))],
            id="most",
        ),
    ],
    # Statuses as the pages state them (in the order of the status scheme). Trmice: the
    # consulting and the applications are future ("bude", "budou"), the mapping is over.
    "projects-by-status": [
        Case(
            {},
            [
                (
                    vocab("status:planned"),
                    lproj("litvinov-poulicni-fotbalova-liga"),
                    lp("litvinov"),
                ),
                (vocab("status:planned"), lproj("most-definice-priorit-2016"), lp("most")),
                (vocab("status:planned"), lproj("most-naplnovani-strategickeho-planu"), lp("most")),
                (vocab("status:planned"), lproj("trmice-projektove-poradenstvi"), lp("trmice")),
                (vocab("status:planned"), lproj("trmice-projektove-zadosti"), lp("trmice")),
                (
                    vocab("status:in-preparation"),
                    lproj("litvinov-integracni-aktivity-janov"),
                    lp("litvinov"),
                ),
                (vocab("status:prepared"), lproj("litvinov-druha-sance"), lp("litvinov")),
                (
                    vocab("status:prepared"),
                    lproj("litvinov-komunitni-centrum-janov"),
                    lp("litvinov"),
                ),
                (vocab("status:under-way"), lproj("litvinov-omezovani-vlt"), lp("litvinov")),
                (vocab("status:under-way"), lproj("litvinov-prostupne-bydleni"), lp("litvinov")),
                (
                    vocab("status:under-way"),
                    lproj("litvinov-setkavani-terennich-pracovniku"),
                    lp("litvinov"),
                ),
                (vocab("status:under-way"), lproj("litvinov-verejna-sluzba"), lp("litvinov")),
                (vocab("status:done"), lproj("litvinov-nedoplatky-za-bydleni"), lp("litvinov")),
                (vocab("status:done"), lproj("most-individualni-komplexni-projekt"), lp("most")),
                (
                    vocab("status:done"),
                    lproj("most-opatreni-po-strategickem-planu-2010"),
                    lp("most"),
                ),
                (vocab("status:done"), lproj("most-prostupne-bydleni"), lp("most")),
                (vocab("status:done"), lproj("most-spoluprace-sst-velebudice"), lp("most")),
                (vocab("status:done"), lproj("most-zapojovani-nezamestnanych"), lp("most")),
                (vocab("status:done"), lproj("trmice-mapovani-lokalit"), lp("trmice")),
            ],
            ordered=True,
            keep=OF_THREE,
        ),
        Case(
            {"status": "status:done", "partnership": "lp:litvinov"},
            [(vocab("status:done"), lproj("litvinov-nedoplatky-za-bydleni"), lp("litvinov"))],
            id="done-in-litvinov",
        ),
    ],
    "name-variants": [
        # The Agency: listed in Litvínov (and Trmice, Kadaň, Duchcov) under its former long name
        # (also lpkg:formerName); Most and Jesenicko list the current name, which is not a
        # variant; Slezská Ostrava lists "Agentura", Roudnice "Odbor pro sociální začleňování v
        # romských lokalitách (Agentura)". Plus the 2015 alt label. Listed names by name.
        Case(
            {"organization": "lorg:agentura-pro-socialni-zaclenovani"},
            [
                (
                    lorg("agentura-pro-socialni-zaclenovani"),
                    cs("Agentura pro sociální začleňování"),
                    cs("Odbor pro sociální začleňování Úřadu vlády ČR"),
                    s("alternative"),
                ),
                (
                    lorg("agentura-pro-socialni-zaclenovani"),
                    cs("Agentura pro sociální začleňování"),
                    cs("Agentura pro sociální začleňování v romských lokalitách"),
                    s("former"),
                ),
                *[
                    (
                        lorg("agentura-pro-socialni-zaclenovani"),
                        cs("Agentura pro sociální začleňování"),
                        cs(name),
                        s("listed"),
                    )
                    for name in (
                        "Agentura",
                        "Agentura pro sociální začleňování v romských lokalitách",
                        "Odbor pro sociální začleňování v romských lokalitách (Agentura)",
                    )
                ],
            ],
            ordered=True,
            id="agency",
        ),
        # Most k naději: two listed spellings (with and without the comma), both also altLabels
        Case(
            {"organization": "Most k naději"},
            [
                (lorg("most-k-nadeji"), cs("Most k naději"), cs(name), s(kind))
                for kind in ("alternative", "listed")
                for name in ("Most k naději, o.s.", "Most k naději o.s.")
            ],
            id="most-k-nadeji",
        ),
        # Organizations whose every listed name equals the preferred name and who have no
        # alt/former name have no row: Městská policie Litvínov, TJ Kopisty, Město Most.
        Case({"organization": "lorg:tj-kopisty"}, [], id="no-variants"),
        # All: 27 organizations, 54 (organization, name, kind) rows, counted by hand from
        # data/ (altLabels, formerNames) and the 38 listed names. Trmice lists the Agency and
        # Policie ČR as Litvínov does (no new row); 8 of its names equal the preferred label
        # (Město Trmice, Úřad práce Ústí nad Labem, Probační a mediační služba, the three
        # schools, Sdružení Romano jasnica, Sportovní klub Trmice); the other 4 members differ.
        # Most's "Diakonie české církve evangelické" and "Policie ČR (SKPV)" are listed names
        # of Diakonie ČCE and the Police; the Ministry has its official English name as an
        # altLabel. Restricted to these organizations (keep); the new partnerships add listed
        # names to four of them: the Agency "Agentura" (Slezská Ostrava) and "Odbor pro sociální
        # začleňování v romských lokalitách (Agentura)" (Roudnice); the Police "Policie ČR
        # Břeclav" (its prefLabel "Policie České republiky", listed in Ústí, is no variant);
        # Drug-Out Klub "DRUG OUT klub" (Ústí); the Probation and Mediation Service "Probační a
        # mediační služba ČR" (Břeclav).
        Case(
            {},
            [
                (o, k)
                for o, k, count in [
                    ("agentura-pro-socialni-zaclenovani", "alternative", 1),
                    ("agentura-pro-socialni-zaclenovani", "former", 1),
                    ("agentura-pro-socialni-zaclenovani", "listed", 3),
                    ("urad-vlady-cr", "alternative", 1),
                    ("diakonie-cce", "alternative", 3),
                    ("diakonie-cce", "listed", 1),
                    ("diakonie-cce-stredisko-most", "alternative", 1),
                    ("diakonie-cce-stredisko-most", "listed", 1),
                    ("mesto-litvinov", "alternative", 1),
                    ("mesto-litvinov", "listed", 1),
                    ("mesto-litvinov-osv", "alternative", 2),
                    ("mesto-litvinov-ospod", "alternative", 1),
                    ("technicke-sluzby-litvinov", "alternative", 1),
                    ("technicke-sluzby-litvinov", "listed", 1),
                    ("libuse", "former", 1),
                    ("libuse", "listed", 1),
                    ("most-k-nadeji", "alternative", 2),
                    ("most-k-nadeji", "listed", 2),
                    ("oblastni-charita-most", "former", 1),
                    ("oblastni-charita-most", "listed", 1),  # same name on both pages
                    ("spolecny-zivot", "alternative", 1),
                    ("spolecny-zivot", "listed", 1),
                    ("dum-romske-kultury", "alternative", 2),
                    ("dum-romske-kultury", "listed", 1),
                    ("k-srdci-klic", "alternative", 1),
                    ("k-srdci-klic", "listed", 1),
                    ("nadeje-m", "alternative", 1),
                    ("nadeje-m", "listed", 1),
                    ("mestska-policie-most", "alternative", 1),
                    ("mestska-policie-most", "listed", 1),
                    ("sst-velebudice", "alternative", 2),
                    ("ministerstvo-pro-mistni-rozvoj", "alternative", 1),
                    ("policie-cr", "alternative", 2),
                    ("policie-cr", "listed", 3),  # "Policie ČR", "… (SKPV)", "… Břeclav"
                    ("policie-cr-skpv", "alternative", 1),
                    ("urad-prace-cr", "alternative", 2),
                    ("urad-prace-cr-litvinov", "alternative", 1),
                    ("urad-prace-cr-litvinov", "listed", 1),
                    ("urad-prace-cr-most", "alternative", 1),
                    ("urad-prace-cr-most", "listed", 1),
                    ("magistrat-usti-nad-labem-osv", "listed", 1),
                    ("mestska-policie-lp-trmice", "listed", 1),  # "Městská Policie"
                    ("drug-out-klub", "listed", 2),  # "O.s. " before the name; capitals
                    ("probacni-a-mediacni-sluzba", "listed", 1),  # "… ČR"
                    ("sdruzeni-pro-probaci-a-mediaci-v-justici", "listed", 1),  # ", o.s."
                ]
                for _ in range(count)
            ],
            id="all-counted",
            keep=KEEP_BY_SLUG,
        ),
    ],
    "towns-served": [
        Case(
            {},
            towns_served_rows("litvinov") + towns_served_rows("most") + towns_served_rows("trmice"),
            id="all",
            keep=OF_THREE,
        ),
        # the Police: a member in seven partnerships (Břeclav, Duchcov, Kadaň, Litvínov, Most,
        # Trmice, Ústí nad Labem), each of one town; by town IRI
        Case(
            {"organization": "lorg:policie-cr"},
            [
                (lorg("policie-cr"), lplace(town), s("member"), lorg("policie-cr"))
                for town in (
                    "breclav",
                    "duchcov",
                    "kadan",
                    "litvinov",
                    "most",
                    "trmice",
                    "usti-nad-labem",
                )
            ],
            ordered=True,
            id="police",
        ),
        # the Labour Office: never a member, and not credited with its workplaces' memberships
        Case({"organization": "lorg:urad-prace-cr"}, [], id="labour-office"),
        # OSPOD takes part in Litvínov for the town
        Case(
            {"organization": "lorg:mesto-litvinov-ospod"},
            [(lorg("mesto-litvinov-ospod"), lplace("litvinov"), s("unit"), lorg("mesto-litvinov"))],
            id="unit-taking-part",
        ),
        Case({"town": "Most"}, towns_served_rows("most"), id="most"),
        Case({"town": "Trmice"}, towns_served_rows("trmice"), id="trmice"),
    ],
    # IČO: the Diakonie centre (its own page), Litvínov (two pages), the Labour Office (Wikipedia)
    "identifiers": [
        Case(
            {},
            [
                (
                    lorg("diakonie-cce-stredisko-most"),
                    vocab("idtype:ico"),
                    s("70863601"),
                    URIRef("https://www.most.diakonie.cz/o-nas"),
                ),
                (
                    lorg("mesto-litvinov"),
                    vocab("idtype:ico"),
                    s("00266027"),
                    URIRef(
                        "http://tslitvinov.cz/pg_povinne_informace.php?idm=34&n0=31&n1=34&lng=0"
                    ),
                ),
                (
                    lorg("mesto-litvinov"),
                    vocab("idtype:ico"),
                    s("00266027"),
                    URIRef(
                        "https://www.3zs.cz/skola/zakladni-informace-o-skole/"
                        "povinne-zverejnovane-informace"
                    ),
                ),
                (
                    lorg("urad-prace-cr"),
                    vocab("idtype:ico"),
                    s("72496991"),
                    URIRef("https://cs.wikipedia.org/wiki/%C3%9A%C5%99ad_pr%C3%A1ce"),
                ),
            ],
            ordered=True,
        )
    ],
    # The dated founding and reorganization events of data/organizations.trig (events of the
    # partnerships themselves are in the timeline). The move under the ministry concerns two.
    # Also events of a town or an organization that no partnership is the subject of: the
    # memorandum of the Agency with the parish charity of Roudnice (20 June 2008) and the town of
    # Bruntál's two cooperations with the Agency (data/bruntal.trig), dated by their beginning
    # (2010, 2015); each concerns two organizations.
    "organization-history": [
        Case(
            {},
            [
                (
                    d("1989-06-01"),
                    lev("diakonie-cce-zalozeni"),
                    vocab("eventtype:founding"),
                    lorg("diakonie-cce"),
                ),
                (
                    d("1991-07-15"),
                    lev("policie-cr-vznik"),
                    vocab("eventtype:founding"),
                    lorg("policie-cr"),
                ),
                (
                    y("1995"),
                    lev("most-k-nadeji-zalozeni"),
                    vocab("eventtype:founding"),
                    lorg("most-k-nadeji"),
                ),
                (y("1996"), lev("libuse-zalozeni"), vocab("eventtype:founding"), lorg("libuse")),
                (
                    y("2000"),
                    lev("technicke-sluzby-litvinov-sro"),
                    vocab("eventtype:reorganization"),
                    lorg("technicke-sluzby-litvinov"),
                ),
                (
                    d("2000-02-17"),
                    lev("charita-most-zalozeni"),
                    vocab("eventtype:founding"),
                    lorg("oblastni-charita-most"),
                ),
                (
                    d("2000-06-20"),
                    lev("diakonie-cce-stredisko-most-vznik"),
                    vocab("eventtype:reorganization"),
                    lorg("diakonie-cce-stredisko-most"),
                ),
                (
                    ym("2001-10"),
                    lev("dum-romske-kultury-zalozeni"),
                    vocab("eventtype:founding"),
                    lorg("dum-romske-kultury"),
                ),
                (
                    ym("2008-03"),
                    lev("agentura-zalozeni"),
                    vocab("eventtype:founding"),
                    lorg("agentura-pro-socialni-zaclenovani"),
                ),
                *[
                    (
                        d("2008-06-20"),
                        lev("roudnice-nad-labem-memorandum-farni-charita"),
                        vocab("eventtype:agreement"),
                        lorg(o),
                    )
                    for o in (
                        "agentura-pro-socialni-zaclenovani",
                        "farni-charita-roudnice-nad-labem",
                    )
                ],
                *[
                    (
                        y("2010"),
                        lev("bruntal-spoluprace-2010-2013"),
                        vocab("eventtype:cooperation"),
                        lorg(o),
                    )
                    for o in ("agentura-pro-socialni-zaclenovani", "mesto-bruntal")
                ],
                (
                    d("2011-04-01"),
                    lev("urad-prace-cr-vznik"),
                    vocab("eventtype:founding"),
                    lorg("urad-prace-cr"),
                ),
                *[
                    (
                        y("2015"),
                        lev("bruntal-spoluprace-kpsvl"),
                        vocab("eventtype:cooperation"),
                        lorg(o),
                    )
                    for o in ("agentura-pro-socialni-zaclenovani", "mesto-bruntal")
                ],
                (
                    ym("2020-01"),
                    lev("agentura-presun-pod-mmr"),
                    vocab("eventtype:reorganization"),
                    lorg("agentura-pro-socialni-zaclenovani"),
                ),
                (
                    ym("2020-01"),
                    lev("agentura-presun-pod-mmr"),
                    vocab("eventtype:reorganization"),
                    lorg("ministerstvo-pro-mistni-rozvoj"),
                ),
            ],
            ordered=True,
        ),
        Case(
            {
                "eventType": "eventtype:reorganization",
                "organization": "lorg:agentura-pro-socialni-zaclenovani",
            },
            [
                (
                    ym("2020-01"),
                    lev("agentura-presun-pod-mmr"),
                    vocab("eventtype:reorganization"),
                    lorg("agentura-pro-socialni-zaclenovani"),
                )
            ],
            id="agency-reorganization",
        ),
    ],
}

# organizations-by-type without a type: every org:classification, counted by hand for the
# organizations described in data/organizations.trig and the three partnership files (the 16
# newer partnerships are left out): 47 type statements (30 organizations in organizations.trig, 2
# predecessor bodies of Litvínov, the coordination group of Most, 13 organizations new in Trmice
# and the town of Ústí nad Labem, whose office the Trmice page names) and 13 legal forms (obec x3,
# s.r.o., o.s. x5, z.s., o.p.s. x3). Trmice adds obec (Město Trmice) and o.s. twice (Drug-Out
# Klub, Sdružení pro probaci a mediaci v justici). The town of Ústí nad Labem, described in the
# Trmice file, is an obec by the Ústí partnership's file: a 14th legal form.
ALL_CLASSIFICATIONS = (47, 14)
HAND_COUNTED_FILES = (
    "organizations",
    "partnerships/litvinov",
    "partnerships/most",
    "partnerships/trmice",
)

CASES = [(name, case) for name, cases in EXPECTED.items() for case in cases]


def as_tuples(result) -> list[tuple]:
    return [tuple(row[v] for v in result.variables) for row in result.rows]


def test_every_query_has_expected_results() -> None:
    assert set(EXPECTED) == {q.name for q in list_queries(ROOT)}


def test_at_least_thirteen_queries() -> None:
    assert len(list_queries(ROOT)) >= 13


@pytest.mark.parametrize(("name", "case"), CASES, ids=[f"{n}-{c.id}" for n, c in CASES])
def test_named_query(graph: Graph, name: str, case: Case) -> None:
    result = run_query(get_query(name, ROOT), graph, case.params)
    got = as_tuples(result)
    if name == "name-variants" and case.id == "all-counted":
        # 50 rows, compared as (organization, kind) counts; the exact names are checked for
        # the Agency and Most k naději above.
        got = [(str(o).rsplit("/", 1)[-1], str(k)) for o, _p, _n, k in got]
    if case.keep:
        got = [row for row in got if case.keep.intersection(row)]
    if case.ordered:
        assert got == case.rows
    else:
        assert Counter(got) == Counter(case.rows)


def test_organizations_by_type_all(graph: Graph) -> None:
    rows = as_tuples(run_query(get_query("organizations-by-type", ROOT), graph))
    described = set()
    for name in HAND_COUNTED_FILES:
        described |= set(parse_file(ROOT / "data" / f"{name}.trig").subjects(ORG.classification))
    per_scheme = Counter(scheme for scheme, _t, o in rows if o in described)
    assert (per_scheme[OT_SCHEME], per_scheme[LF_SCHEME]) == ALL_CLASSIFICATIONS
    assert len(per_scheme) == 2
    # the ORDER BY: organization types come after legal forms ("legal-form" < "organization-type")
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)


# --- the headers ------------------------------------------------------------------------------

QUERIES = list_queries(ROOT)


def select_variables(text: str) -> list[str]:
    algebra = translateQuery(parseQuery(text), initNs=PREFIXES).algebra
    return [str(v) for v in algebra["PV"]]


@pytest.mark.parametrize("query", QUERIES, ids=[q.name for q in QUERIES])
def test_header_is_complete(query) -> None:
    assert query.titles.get("cs") and query.titles.get("en")
    assert query.questions.get("en") and query.questions.get("cs")
    assert query.columns
    assert all(desc for desc in query.columns.values())
    assert list(query.columns) == select_variables(query.text)
    body = "\n".join(line for line in query.text.splitlines() if not line.startswith("#"))
    assert "ORDER BY" in body
    for param in query.params:
        assert param.cls is not None and param.description
        assert f"?{param.name}" in body


@pytest.mark.parametrize("query", QUERIES, ids=[q.name for q in QUERIES])
def test_columns_equal_result_variables(graph: Graph, query) -> None:
    assert run_query(query, graph).variables == list(query.columns)


def test_only_both_towns_inferred_requires_inference() -> None:
    assert {q.name for q in QUERIES if q.requires_inference} == {"both-towns-inferred"}


def test_both_towns_defaults_are_the_two_towns() -> None:
    params = {p.name: p.default for p in get_query("both-towns", ROOT).params}
    assert params == {"town1": "lplace:litvinov", "town2": "lplace:most", "date": None}
