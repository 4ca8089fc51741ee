"""The audit's corrections of issue 10: the time of each changing relation, what the pages and
background pages support, and nothing they do not; each statement in the graph of its page.

Expected values are read off the pages by hand: the Litvínov and Trmice pages describe 2010, the
Most page early 2016; ČTK (ceskenoviny.cz) dates the Agency from March 2008 and its move to the
Ministry from January 2020; Wikipedia dates the Labour Office of the Czech Republic 1 April 2011.
"""

from __future__ import annotations

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, TIME, XSD

from lpkg.load import load_dataset, load_graph
from lpkg.namespaces import LMEM, LORG, LP, LPKG, LPROJ, LUNIT, ORG, ORGTYPE
from tests import ROOT

PAGE = "http://www.socialni-zaclenovani.cz/lokalni-partnerstvi-"
LITVINOV, MOST, TRMICE = (URIRef(PAGE + town) for town in ("litvinov", "most", "trmice"))
CTK = URIRef(
    "https://www.ceskenoviny.cz/zpravy/"
    "sefem-agentury-pro-socialni-zaclenovani-od-brezna-bude-martin-simacek/2291918"
)
WIKI_LABOUR_OFFICE = URIRef("https://cs.wikipedia.org/wiki/%C3%9A%C5%99ad_pr%C3%A1ce")
AGENCY = LORG["agentura-pro-socialni-zaclenovani"]
SECTION = LORG["urad-vlady-cr-sekce-pro-lidska-prava"]
MINISTRY = LORG["ministerstvo-pro-mistni-rozvoj"]


@pytest.fixture(scope="module")
def data() -> Graph:
    return load_graph(root=ROOT)


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset(root=ROOT)


def _graphs(dataset: Dataset, triple: tuple[object, object, object]) -> set[URIRef]:
    """The named graphs holding ``triple``."""
    return {URIRef(g) for *_, g in dataset.quads(triple)}


def _date(graph: Graph, instant: object) -> Literal | None:
    for p in (TIME.inXSDDate, TIME.inXSDgYearMonth, TIME.inXSDgYear):
        value = graph.value(instant, p)
        if value is not None:
            return value
    return None


def _bounds(graph: Graph, relation: URIRef) -> tuple[Literal | None, Literal | None]:
    interval = graph.value(relation, TIME.hasTime)
    begin, end = graph.value(interval, TIME.hasBeginning), graph.value(interval, TIME.hasEnd)
    return _date(graph, begin), (None if end is None else _date(graph, end))


# --- Memberships carry the time their page describes -----------------------------------------


@pytest.mark.parametrize(
    ("town", "page", "year"), [("litvinov", LITVINOV, "2010"), ("most", MOST, "2016"),
                               ("trmice", TRMICE, "2010")]
)
def test_memberships_carry_the_year_their_page_describes(
    data: Graph, dataset: Dataset, town: str, page: URIRef, year: str
) -> None:
    memberships = set(data.subjects(ORG.organization, LP[town]))
    assert memberships
    for m in memberships:
        intervals = list(data.objects(m, ORG.memberDuring))
        assert len(intervals) == 1, m
        assert (intervals[0], RDF.type, TIME.Interval) in data
        inside = [_date(data, i) for i in data.objects(intervals[0], TIME.inside)]
        assert inside == [Literal(year, datatype=XSD.gYear)], m
        assert _graphs(dataset, (m, ORG.memberDuring, None)) == {page}, m


@pytest.mark.parametrize(("town", "page"), [("litvinov", LITVINOV), ("most", MOST),
                                            ("trmice", TRMICE)])
def test_the_three_pages_lists_are_complete(dataset: Dataset, town: str, page: URIRef) -> None:
    triple = (LP[town], LPKG.memberListComplete, Literal(True))
    assert _graphs(dataset, triple) == {page}


# --- Unit-of relations in time ----------------------------------------------------------------


def test_the_agency_was_in_the_human_rights_section_from_2008_03_to_the_move_in_2020_01(
    data: Graph, dataset: Dataset
) -> None:
    relation = LUNIT["agentura-pro-socialni-zaclenovani--urad-vlady-cr-sekce-pro-lidska-prava"]
    assert (relation, RDF.type, LPKG.UnitOfRelation) in data
    assert (relation, LPKG.unit, AGENCY) in data
    assert (relation, LPKG.parent, SECTION) in data
    assert _bounds(data, relation) == (
        Literal("2008-03", datatype=XSD.gYearMonth),
        Literal("2020-01", datatype=XSD.gYearMonth),
    )
    assert _graphs(dataset, (relation, TIME.hasTime, None)) == {CTK}
    # ended: no plain triple says it still holds
    assert (AGENCY, ORG.unitOf, SECTION) not in data


def test_the_agency_is_a_unit_of_the_ministry_from_2020_01(data: Graph, dataset: Dataset) -> None:
    relation = LUNIT["agentura-pro-socialni-zaclenovani--ministerstvo-pro-mistni-rozvoj"]
    assert (relation, LPKG.parent, MINISTRY) in data
    assert _bounds(data, relation) == (Literal("2020-01", datatype=XSD.gYearMonth), None)
    assert list(data.objects(AGENCY, ORG.unitOf)) == [MINISTRY]
    assert _graphs(dataset, (AGENCY, ORG.unitOf, MINISTRY)) == {CTK}


@pytest.mark.parametrize("town", ["litvinov", "most"])
def test_labour_office_workplaces_belong_to_the_national_office_from_2011_04_01(
    data: Graph, dataset: Dataset, town: str
) -> None:
    relation = LUNIT[f"urad-prace-cr-{town}--urad-prace-cr"]
    assert (relation, LPKG.unit, LORG[f"urad-prace-cr-{town}"]) in data
    assert _bounds(data, relation) == (Literal("2011-04-01", datatype=XSD.date), None)
    assert _graphs(dataset, (relation, TIME.hasTime, None)) == {WIKI_LABOUR_OFFICE}


def test_no_source_makes_the_usti_labour_office_a_workplace_of_the_national_office(
    data: Graph,
) -> None:
    office = LORG["urad-prace-cr-usti-nad-labem"]
    assert list(data.objects(office, ORG.unitOf)) == []
    assert (office, RDF.type, ORG.OrganizationalUnit) not in data
    assert list(data.subjects(LPKG.unit, office)) == []


def test_magistrat_of_usti_is_the_towns_office(data: Graph) -> None:
    office = LORG["magistrat-usti-nad-labem"]
    assert (office, RDF.type, ORG.OrganizationalUnit) in data
    assert (office, RDF.type, ORG.FormalOrganization) not in data
    assert set(data.objects(office, ORG.classification)) == {ORGTYPE["town-office"]}
    assert list(data.objects(office, ORG.unitOf)) == [LORG["mesto-usti-nad-labem"]]


# --- Listings as written, members as a source supports ----------------------------------------


@pytest.mark.parametrize(
    ("membership", "listed", "member", "units"),
    [
        # the bracket names units of the member: the member is outside the bracket
        ("most--policie-cr", "Policie ČR (SKPV)", "policie-cr", {"policie-cr-skpv"}),
        ("litvinov--mesto-litvinov", "Město Litvínov (OSPOD, OSV)", "mesto-litvinov",
         {"mesto-litvinov-ospod", "mesto-litvinov-osv"}),
        # the bracket names the parent: the named unit is the member, placed under it
        ("trmice--magistrat-usti-nad-labem-osv",
         "Odbor sociálních věcí (Magistrát Ústí nad Labem)", "magistrat-usti-nad-labem-osv",
         set()),
        # the national name is the national Diakonie, not its Most centre
        ("most--diakonie-cce", "Diakonie české církve evangelické", "diakonie-cce", set()),
        ("litvinov--diakonie-cce-stredisko-most", "Diakonie ČCE Most",
         "diakonie-cce-stredisko-most", set()),
    ],
)
def test_listing_and_member(
    data: Graph, membership: str, listed: str, member: str, units: set[str]
) -> None:
    m = LMEM[membership]
    assert list(data.objects(m, LPKG.listedName)) == [Literal(listed, lang="cs")]
    assert list(data.objects(m, ORG.member)) == [LORG[member]]
    assert set(data.objects(m, LPKG.participatingUnit)) == {LORG[u] for u in units}


def test_magistrat_department_is_placed_under_the_bracketed_office(data: Graph) -> None:
    department = LORG["magistrat-usti-nad-labem-osv"]
    assert list(data.objects(department, ORG.unitOf)) == [LORG["magistrat-usti-nad-labem"]]


def test_the_replaced_memberships_are_gone(data: Graph) -> None:
    for old in ("most--policie-cr-skpv", "most--diakonie-cce-stredisko-most"):
        assert (LMEM[old], None, None) not in data
        assert (None, None, LMEM[old]) not in data


# --- One window for the Most projects of 2010-2012 ----------------------------------------------


def test_the_most_projects_share_one_two_year_window_from_2010_02(data: Graph) -> None:
    projects = {
        LPROJ[p]
        for p in (
            "most-prostupne-bydleni",
            "most-zapojovani-nezamestnanych",
            "most-spoluprace-sst-velebudice",
            "most-individualni-komplexni-projekt",
        )
    }
    sets = {s for p in projects for s in data.objects(p, DCTERMS.isPartOf)}
    assert len(sets) == 1
    (window_set,) = sets
    assert set(data.subjects(DCTERMS.isPartOf, window_set)) == projects
    for p in projects:
        assert data.value(p, TIME.hasTime) is None, p
    interval = data.value(window_set, TIME.hasTime)
    begin = data.value(interval, TIME.hasBeginning)
    duration = data.value(interval, TIME.hasDuration)
    assert _date(data, begin) == Literal("2010-02", datatype=XSD.gYearMonth)
    assert data.value(duration, TIME.numericDuration).toPython() == 2
    assert data.value(duration, TIME.unitType) == TIME.unitYear


def test_litvinov_individual_project_is_integracni_aktivity_janov(data: Graph) -> None:
    project = LPROJ["litvinov-integracni-aktivity-janov"]
    assert (LPROJ["litvinov-individualni-projekt"], None, None) not in data
    assert (None, None, LPROJ["litvinov-individualni-projekt"]) not in data
    plan = URIRef("https://w3id.org/lpkg/id/document/litvinov-komunitni-plan")
    assert (project, PROV.used, plan) in data
    assert {n.language for n in data.objects(project, SKOS.editorialNote)} == {"cs", "en"}


# --- Statements no cited source makes are gone ----------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "predicate", "obj"),
    [
        (LP.most, LPKG.coordinatedBy, None),
        (LP.trmice, LPKG.coordinatedBy, None),
        (LPROJ["litvinov-prostupne-bydleni"], PROV.wasAssociatedWith, LORG["mesto-litvinov"]),
        (URIRef("https://w3id.org/lpkg/id/programme/kpsvl"), PROV.wasAttributedTo, None),
        (URIRef("https://w3id.org/lpkg/id/event/diakonie-cce-stredisko-most-vznik"),
         DCTERMS.type, URIRef("https://w3id.org/lpkg/vocab/event-type/founding")),
        (LORG["zs-a-ms-litvinov-janov"], SKOS.altLabel,
         Literal("Základní škola a mateřská škola Litvínov – Janov", lang="cs")),
        (LORG["urad-vlady-cr"], PROV.wasDerivedFrom, LITVINOV),
        (LORG["magistrat-usti-nad-labem"], ORG.classification, ORGTYPE["town-body"]),
        (None, ORG.unitOf, LP.most),  # the four working groups with invented names
    ],
)
def test_unsourced_statement_is_gone(
    data: Graph, subject: URIRef | None, predicate: URIRef, obj: object
) -> None:
    assert list(data.triples((subject, predicate, obj))) == []


def test_only_pages_saying_so_make_a_partnership_coordinated_by_the_consultant(data: Graph) -> None:
    # Litvínov's page says the consultant leads it, Břeclav's newer version that it "je řízeno
    # lokálním konzultantem Agentury"; Most's and Trmice's pages say nothing of the kind.
    assert set(data.subjects(LPKG.coordinatedBy, None)) == {LP.litvinov, LP.breclav}


@pytest.mark.parametrize(
    ("subject", "phrase"),
    [
        (LORG["oblastni-charita-most"], "catholic"),
        (URIRef("https://w3id.org/lpkg/id/place/most"), "statutory"),
        (URIRef("https://w3id.org/lpkg/id/place/most"), "statutární"),
        (LORG["tj-kopisty"], "tělovýchovná"),
        (URIRef("https://w3id.org/lpkg/id/event/most-novy-lokalni-konzultant"), "after the"),
        (URIRef("https://w3id.org/lpkg/id/event/most-novy-lokalni-konzultant"), "po uzavření"),
    ],
)
def test_no_text_says_what_no_source_says(data: Graph, subject: URIRef, phrase: str) -> None:
    said = [str(o) for o in data.objects(subject, None) if phrase in str(o).lower()]
    assert said == []


def test_the_ministry_is_named_as_it_names_itself(data: Graph) -> None:
    english = {str(o) for o in data.objects(MINISTRY, RDFS.label) if o.language == "en"}
    assert english == {"Ministry of Regional Development"}


# --- Notes in both languages ---------------------------------------------------------------


def test_every_note_is_in_czech_and_english(data: Graph) -> None:
    one_language = sorted(
        (str(s), str(p))
        for p in (SKOS.note, SKOS.editorialNote)
        for s in set(data.subjects(p, None))
        if {o.language for o in data.objects(s, p)} != {"cs", "en"}
    )
    assert one_language == []
