"""Integrity of data/: sources cited, names as listed, the member counts the pages give."""

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF

from lpkg.load import parse_files
from lpkg.namespaces import LPKG, ORG
from lpkg.paths import data_files
from tests import RESEARCH, ROOT, SOURCES, require

DATA_FILES = data_files(ROOT)
LITVINOV = URIRef("http://www.socialni-zaclenovani.cz/lokalni-partnerstvi-litvinov")
MOST = URIRef("http://www.socialni-zaclenovani.cz/lokalni-partnerstvi-most")
TRMICE = URIRef("http://www.socialni-zaclenovani.cz/lokalni-partnerstvi-trmice")
BRECLAV = URIRef("http://www.socialni-zaclenovani.cz/lokalni-partnerstvi-breclav")
DUCHCOV = URIRef("http://www.socialni-zaclenovani.cz/lokalni-partnerstvi-duchcov")
# Each partnership's page, and how many memberships its member list gives (counted by hand): one
# per bullet, but Břeclav's 14 bullets give 15 (one names two organizations) and Duchcov's list is
# cut off after 11 whole bullets.
JESENICKO = URIRef("http://www.socialni-zaclenovani.cz/lokalni-partnerstvi-jesenicko")
KADAN = URIRef("http://www.socialni-zaclenovani.cz/lokalni-partnerstvi-kadan")
ROUDNICE_CHARITA = URIRef(
    "https://www.charitaroudnice.cz/darci-sbirky-spolupracujici-organizace/"
    "92-spoluprace-s-agenturou/"
)
SLEZSKA_OSTRAVA_NEWS = URIRef(
    "http://www.socialni-zaclenovani.cz/agentura-pro-socialni-zaclenovani-v-romskych-lokalitach"
    "-na-konci-cervna-ukonci-sve-pusobeni-v-obvodu-slezska-ostrava"
)
USTI_NEWS = URIRef(
    "https://www.usti.cz/cz/seznamy-zprav/aktualni-informace/do-agentury-se-zapoji-desitka-organizaci.html"
)
# Each partnership's page that lists members, and how many memberships its list gives (counted
# by hand; an excerpt's list cut off inside a name counts without that name).
PAGES = {
    "litvinov": (LITVINOV, 13),
    "most": (MOST, 11),
    "trmice": (TRMICE, 14),
    "breclav": (BRECLAV, 15),
    "duchcov": (DUCHCOV, 11),
    "jesenicko": (JESENICKO, 4),
    "kadan": (KADAN, 11),
    "roudnice-nad-labem": (ROUDNICE_CHARITA, 6),
    "slezska-ostrava": (SLEZSKA_OSTRAVA_NEWS, 1),
    "usti-nad-labem": (USTI_NEWS, 9),
}


@pytest.fixture(scope="module")
def data() -> Graph:
    return parse_files(DATA_FILES)


def listed_members(source_file: str) -> list[str]:
    """The bullet list after 'Členové' on a captured page, read by hand-written rule."""
    text = (require(SOURCES, "LPKG_SOURCES") / source_file).read_text(encoding="utf-8")
    block = text.split("Členové", 1)[1].split("Inspirace", 1)[0]
    return [line.strip()[1:].strip() for line in block.splitlines() if line.strip().startswith("•")]


@pytest.mark.parametrize("path", DATA_FILES, ids=[p.name for p in DATA_FILES])
def test_file_starts_with_comment_header(path: Path) -> None:
    assert path.read_text(encoding="utf-8").startswith("# ")


@pytest.mark.parametrize(
    ("partnership", "source_file", "count"),
    [
        ("litvinov", "lokalni-partnerstvi-litvinov.txt", 13),
        ("most", "lokalni-partnerstvi-most.txt", 11),
        ("trmice", "lokalni-partnerstvi-trmice.txt", 14),
    ],
)
def test_memberships_keep_every_name_exactly_as_listed(
    data: Graph, partnership: str, source_file: str, count: int
) -> None:
    p = URIRef(f"https://w3id.org/lpkg/id/partnership/{partnership}")
    listed = sorted(
        str(name)
        for m in data.subjects(ORG.organization, p)
        if (m, RDF.type, ORG.Membership) in data
        for name in data.objects(m, LPKG.listedName)
    )
    expected = sorted(listed_members(source_file))
    assert len(expected) == count
    assert listed == expected


# Partnerships added from an excerpt (only the beginning of the page): the file under
# excerpts/, the line that opens its member list, and its whole bullets (counted by hand; a bullet
# the excerpt cuts off is not counted). Břeclav's 14 bullets give 15 memberships: one names two
# organizations.
EXCERPT_LISTS = {
    "breclav": (
        "lokalni-partnerstvi-breclav.txt",
        "Členové Lokálního partnerství ve městě Břeclav:",
        14,
    ),
    "duchcov": ("lokalni-partnerstvi-duchcov.txt", "Lokální partnerství Duchcov:", 11),
    "jesenicko": (
        "lokalni-partnerstvi-jesenicko.txt",
        "Členové lokálního partnerství Jesenicko:",
        4,
    ),
    "kadan": ("lokalni-partnerstvi-kadan.txt", "Členové Lokálního partnerství Kadaň:", 11),
}


def excerpt(source_file: str) -> str:
    """A captured excerpt of a page (the excerpts folder of the page texts)."""
    return (require(SOURCES / "excerpts", "LPKG_SOURCES") / source_file).read_text(encoding="utf-8")


def excerpt_members(source_file: str, opening: str) -> list[str]:
    """The whole bullets after ``opening`` in an excerpt, leaving out one the excerpt cuts off."""
    text = excerpt(source_file)
    lines = [line.strip() for line in text.split(opening, 1)[1].splitlines() if line.strip()]
    bullets = []
    for line, following in zip(lines, [*lines[1:], ""], strict=True):
        if not line.startswith("•"):
            break
        if not following.startswith("[... excerpt ends"):
            bullets.append(line[1:].strip())
    return bullets


def listed_names(data: Graph, partnership: str) -> list[str]:
    p = URIRef(f"https://w3id.org/lpkg/id/partnership/{partnership}")
    return sorted(
        str(name)
        for m in data.subjects(ORG.organization, p)
        if (m, RDF.type, ORG.Membership) in data
        for name in data.objects(m, LPKG.listedName)
    )


@pytest.mark.parametrize("partnership", sorted(EXCERPT_LISTS))
def test_excerpt_memberships_keep_every_whole_name_exactly_as_listed(
    data: Graph, partnership: str
) -> None:
    source_file, opening, count = EXCERPT_LISTS[partnership]
    expected = excerpt_members(source_file, opening)
    assert len(expected) == count
    assert set(listed_names(data, partnership)) == set(expected)


def test_roudnice_memberships_keep_the_names_the_charity_quotes(data: Graph) -> None:
    """The Farní charita's list, quoted in the excerpt's supplement: one name a line, up to the
    closing quote."""
    text = excerpt("lokalni-partnerstvi-roudnice-nad-labem.txt")
    block = text.split("Členy Lokálního partnerství Roudnice nad Labem :", 1)[1].split('"', 1)[0]
    expected = sorted(line.strip() for line in block.splitlines() if line.strip())
    assert len(expected) == PAGES["roudnice-nad-labem"][1]
    assert listed_names(data, "roudnice-nad-labem") == expected


@pytest.mark.parametrize(
    ("partnership", "source_file", "names"),
    [
        # the town's news of 7 July 2008: one sentence; "městské obvody Centrum a Neštěmice"
        # names two members
        (
            "usti-nad-labem",
            "lokalni-partnerstvi-usti-nad-labem.txt",
            [
                "městské obvody Centrum a Neštěmice",
                "městské obvody Centrum a Neštěmice",
                "Úřad práce Ústí nad Labem",
                "Policie České republiky",
                "Univerzita J. E. Purkyně",
                "Člověk v tísni, o. p. s.",
                "White Light I",
                "Oblastní charita Ústí nad Labem",
                "DRUG OUT klub",
            ],
        ),
        # no list: "kromě Agentury a města dalších 13 subjektů"; the town is not identified
        ("slezska-ostrava", "lokalni-partnerstvi-slezska-ostrava.txt", ["Agentura"]),
    ],
)
def test_memberships_named_in_a_sentence_keep_the_words_of_the_page(
    data: Graph, partnership: str, source_file: str, names: list[str]
) -> None:
    text = excerpt(source_file)
    assert all(name in text for name in names)
    assert len(names) == PAGES[partnership][1]
    assert listed_names(data, partnership) == sorted(names)


# Whether the page's member list is complete, judged by hand from the excerpts (README of
# the excerpts folder): cut off, not reached, or ending "a další", except Roudnice's, which
# the Farní charita's page gives whole.
LIST_COMPLETE = {
    "jesenicko": False,
    "kadan": False,
    "kutna-hora": False,
    "prerov": False,
    "roudnice-nad-labem": True,
    "slezska-ostrava": False,
    "sluknovsko": False,
    "usti-nad-labem": False,
}


@pytest.mark.parametrize("partnership", sorted(LIST_COMPLETE))
def test_member_list_completeness_is_recorded(data: Graph, partnership: str) -> None:
    p = URIRef(f"https://w3id.org/lpkg/id/partnership/{partnership}")
    assert [v.toPython() for v in data.objects(p, LPKG.memberListComplete)] == [
        LIST_COMPLETE[partnership]
    ]
    for m in data.subjects(ORG.organization, p):
        assert len(list(data.objects(m, ORG.memberDuring))) == 1, m


def test_every_membership_has_exactly_one_member_and_cites_its_page(data: Graph) -> None:
    memberships = list(data.subjects(RDF.type, ORG.Membership))
    assert len(memberships) == sum(count for _, count in PAGES.values())
    for m in memberships:
        assert len(list(data.objects(m, ORG.member))) == 1, m
        # lmem:<partnership>--<member>: the partnership named in the IRI is the one it is of
        town = str(m).rsplit("/", 1)[-1].split("--", 1)[0]
        assert (m, ORG.organization, URIRef(f"https://w3id.org/lpkg/id/partnership/{town}")) in (
            data
        ), m
        assert (m, PROV.wasDerivedFrom, PAGES[town][0]) in data, m


@pytest.mark.parametrize("partnership", sorted(PAGES))
def test_each_page_has_as_many_memberships_as_bullets(data: Graph, partnership: str) -> None:
    page, count = PAGES[partnership]
    p = URIRef(f"https://w3id.org/lpkg/id/partnership/{partnership}")
    of_p = {m for m in data.subjects(ORG.organization, p) if (m, RDF.type, ORG.Membership) in data}
    citing = {
        m for m in data.subjects(PROV.wasDerivedFrom, page) if (m, RDF.type, ORG.Membership) in data
    }
    assert len(of_p) == count
    assert citing == of_p


def test_every_typed_iri_resource_cites_a_source(data: Graph) -> None:
    sources = set(data.subjects(RDF.type, PROV.Entity))
    missing = [
        s
        for s in set(data.subjects(RDF.type, None))
        if isinstance(s, URIRef)
        and s not in sources
        and not set(data.objects(s, PROV.wasDerivedFrom))
    ]
    assert missing == []


def test_every_cited_source_is_described_in_sources_ttl(data: Graph) -> None:
    cited = set(data.objects(None, PROV.wasDerivedFrom))
    described = set(data.subjects(RDF.type, PROV.Entity))
    assert cited - described == set()


def test_identifiers_are_only_those_listed_in_research_with_their_url(data: Graph) -> None:
    research = (require(RESEARCH, "LPKG_RESEARCH") / "identifiers.md").read_text(encoding="utf-8")
    # the RÚIAN codes were researched later; their evidence table is in the repository
    research += (ROOT / "docs" / "catalogue.md").read_text(encoding="utf-8")
    q = """SELECT ?value ?url WHERE { ?x <http://www.w3.org/ns/adms#identifier> ?id .
        ?id <http://www.w3.org/2004/02/skos/core#notation> ?value ;
            <http://www.w3.org/ns/prov#wasDerivedFrom> ?url }"""
    rows = list(data.query(q))
    assert rows
    for value, url in rows:
        lines = [line for line in research.splitlines() if str(url) in line]
        assert any(re.search(rf"\b{re.escape(str(value))}\b", line) for line in lines), (value, url)


def test_no_serves_town_is_asserted(data: Graph) -> None:
    """Inference derives lpkg:servesTown; data/ must never hold it."""
    assert not list(data.triples((None, LPKG.servesTown, None)))
    assert not list(data.triples((None, LPKG.servesTownAsMember, None)))


def test_listed_names_are_czech_literals(data: Graph) -> None:
    for name in data.objects(None, LPKG.listedName):
        assert isinstance(name, Literal) and name.language == "cs"
