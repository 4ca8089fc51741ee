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
# Each partnership's page, and how many bullets its member list has (counted by hand).
PAGES = {"litvinov": (LITVINOV, 13), "most": (MOST, 11), "trmice": (TRMICE, 14)}


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


def test_every_membership_has_exactly_one_member_and_cites_its_page(data: Graph) -> None:
    memberships = list(data.subjects(RDF.type, ORG.Membership))
    assert len(memberships) == 38  # 13 + 11 + 14
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
