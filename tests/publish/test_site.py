"""The static website: a page per resource, links that resolve, valid HTML5, search, picture."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5rdf
import pyoxigraph as ox
import pytest
from markupsafe import escape
from rdflib import BNode, Dataset, Graph, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SKOS

from lpkg.namespaces import BASE, LPKG, ORG
from lpkg.publish import Download
from lpkg.publish import network as network_module
from lpkg.publish.dumps import named_quads, union_graph
from lpkg.publish.network import GraphvizMissingError, render_svg
from lpkg.publish.site import page_path, write_site
from tests import FIXTURES, ROOT
from tests.publish.test_dumps import oxigraph_dataset

VERSION = "9.8.7"
QUERIES = sorted((ROOT / "queries").glob("*.rq"))
BASE_URL = "https://example.org/lpkg/9.8.7/"

BOTH_TOWNS = {
    "agentura-pro-socialni-zaclenovani",
    "most-k-nadeji",
    "oblastni-charita-most",
    "policie-cr",
}
"""The members of both Litvínov's and Most's partnerships (tests/test_named_queries.py): the
Diakonie is not among them, Litvínov lists its Most centre and Most the national Diakonie ČCE."""


QUERY_FILES = [f"queries/{q.stem}{suffix}" for q in QUERIES for suffix in (".csv", ".json")]
"""The answers a release writes beside its site, one CSV and one JSON per named query."""


def _build(release: Path, dataset: Dataset) -> Path:
    release.mkdir(parents=True, exist_ok=True)
    (release / "lpkg.ttl").write_text("# a stand-in for the dump\n", encoding="utf-8")
    downloads = [Download("lpkg.ttl", "Dataset (Turtle)", "text/turtle", 26, "0" * 64)]
    for name in QUERY_FILES:
        (release / name).parent.mkdir(exist_ok=True)
        (release / name).write_text("a stand-in\n", encoding="utf-8")
        downloads.append(Download(name, name, "text/csv", 11, "1" * 64))
    site = release / "site"
    write_site(site, dataset, downloads=downloads, version=VERSION, base_url=BASE_URL, root=ROOT)
    return site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, dataset: Dataset) -> Path:
    return _build(tmp_path_factory.mktemp("release"), dataset)


@pytest.fixture(scope="module")
def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


class _Links(HTMLParser):
    """Every href/src of a page with its tag, and every id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src", "xlink:href"):
                self.links.append((tag, name, value))
            elif name == "id":
                self.ids.add(value)


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _lpkg_subjects(graph: Graph) -> set[URIRef]:
    return {s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(BASE)}


def test_every_lpkg_subject_has_exactly_one_page(site: Path, graph: Graph) -> None:
    subjects = _lpkg_subjects(graph)
    paths: dict[str, set[URIRef]] = {}
    for subject in subjects:
        path = page_path(subject)
        assert path is not None, subject
        assert (site / path).is_file(), f"{subject}: no page {path}"
        paths.setdefault(path, set()).add(subject)
    shared = {path: iris for path, iris in paths.items() if len(iris) > 1}
    assert shared == {}, "two resources share a page"
    folded = [p.lower() for p in paths]
    assert len(folded) == len(set(folded)), "pages differ only in case"


def test_every_lpkg_iri_in_any_position_maps_to_a_page(site: Path, graph: Graph) -> None:
    iris = {t for triple in graph for t in triple if isinstance(t, URIRef)}
    missing = sorted(
        str(i) for i in iris if str(i).startswith(BASE) and not (site / page_path(i)).is_file()
    )
    assert missing == []


def _description(graph: Graph, node: URIRef) -> Graph:
    """The node's triples and those of the blank nodes it reaches."""
    found = Graph()
    todo: list = [node]
    while todo:
        current = todo.pop()
        for p, o in graph.predicate_objects(current):
            found.add((current, p, o))
            if isinstance(o, BNode):
                todo.append(o)
    return found


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_each_page_has_its_turtle_and_json_ld(site: Path, graph: Graph, dataset: Dataset) -> None:
    """A resource's files hold its description, every statement of another resource that points
    at it, and the whole description of each membership that has it as member; its TriG holds
    the same statements, each in the graphs of the pages that state it (else the default)."""
    graphs: dict[tuple, set] = {}
    for s, p, o, name in named_quads(dataset):
        graphs.setdefault((s, p, o), set()).add(name)
    for subject in sorted(_lpkg_subjects(graph) - {URIRef(BASE + "ontology")}):
        stem = site / page_path(subject)[: -len(".html")]
        expected = _description(graph, subject)
        for s, p in graph.subject_predicates(subject):
            if isinstance(s, URIRef):
                expected.add((s, p, subject))
                if p == ORG.member:
                    expected += _description(graph, s)
        for suffix, fmt in ((".ttl", "turtle"), (".jsonld", "json-ld")):
            parsed = Graph().parse(stem.with_suffix(suffix), format=fmt)
            assert isomorphic(parsed, expected), f"{stem}{suffix}"
        trig = oxigraph_dataset(stem.with_suffix(".trig").read_bytes(), ox.RdfFormat.TRIG)
        assert isomorphic(union_graph(trig), expected), f"{stem}.trig"
        in_trig: dict[tuple, set] = {}
        for s, p, o, name in named_quads(trig):
            if not isinstance(s, BNode) and not isinstance(o, BNode):
                in_trig.setdefault((s, p, o), set()).add(name)
        assert all(names == graphs[triple] for triple, names in in_trig.items()), f"{stem}.trig"
        html = stem.with_suffix(".html").read_text(encoding="utf-8")
        assert f'href="{stem.name}.ttl"' in html and f'href="{stem.name}.jsonld"' in html
        assert f'href="{stem.name}.trig"' in html
        head = html.split("</head>")[0]
        assert f'<link rel="alternate" type="text/turtle" href="{stem.name}.ttl">' in head
        assert (
            f'<link rel="alternate" type="application/ld+json" href="{stem.name}.jsonld">' in head
        )
        assert f'<link rel="alternate" type="application/trig" href="{stem.name}.trig">' in head


def test_organization_turtle_says_its_partnerships_units_and_founding(site: Path) -> None:
    lorg, lmem, lp = (
        Namespace(BASE + f"id/{k}/") for k in ("organization", "membership", "partnership")
    )
    charita = Graph().parse(site / "id/organization/oblastni-charita-most.ttl")
    # data/partnerships/litvinov.trig and most.trig list it; data/organizations.trig founds it
    for town in ("litvinov", "most"):
        membership = lmem[f"{town}--oblastni-charita-most"]
        assert (membership, ORG.member, lorg["oblastni-charita-most"]) in charita
        assert (membership, ORG.organization, lp[town]) in charita
    founding = URIRef(BASE + "id/event/charita-most-zalozeni")
    assert (founding, ORG.resultingOrganization, lorg["oblastni-charita-most"]) in charita
    assert (lp["litvinov"], None, None) not in charita, "the partnership's own statements"
    labour = Graph().parse(site / "id/organization/urad-prace-cr.ttl")
    units = set(labour.subjects(ORG.unitOf, lorg["urad-prace-cr"]))
    # its contact workplaces in Litvínov and Most (data/organizations.trig), Teplice
    # (duchcov.trig), Kadaň (kadan.trig) and Břeclav (breclav.trig); the district office of Ústí
    # nad Labem (trmice.trig) closed before the national office existed and is no unit of it
    towns = ("litvinov", "most", "teplice", "kadan", "breclav")
    offices = {lorg[f"urad-prace-cr-{town}"] for town in towns}
    assert units == offices


def test_every_internal_link_resolves(site: Path, pages: list[Path]) -> None:
    ids = {page: _parse(page).ids for page in pages}
    broken = []
    for page in pages:
        for tag, attr, link in _parse(page).links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https"):
                continue
            assert parts.scheme == "", f"{page}: {link}"
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: <{tag} {attr}={link}>")
            elif parts.fragment and target.suffix == ".html":
                if parts.fragment not in ids.get(target, set()):
                    broken.append(f"{page.relative_to(site)}: {link} (no such anchor)")
    assert broken == []


def test_outside_addresses_are_only_links_to_sources(site: Path, pages: list[Path]) -> None:
    """No scripts, styles, fonts or images from other hosts: only <a> may point outside."""
    for page in pages:
        for tag, _, link in _parse(page).links:
            if urlsplit(link).scheme in ("http", "https"):
                assert tag == "a", f"{page.relative_to(site)}: <{tag}> loads {link}"
    for path in [*site.rglob("*.css"), *site.rglob("*.js")]:
        text = path.read_text(encoding="utf-8")
        assert "@import" not in text and "url(http" not in text and "fetch(" not in text, path


@pytest.mark.parametrize(
    "name",
    [
        "index.html",
        "ontology.html",
        "resources.html",
        "id/organization/oblastni-charita-most.html",
        "id/partnership/most.html",
        "ontology/servesTown.html",
        "vocab/theme.html",
        "vocab/theme/housing.html",
        "id/document/most-strategicky-plan-2019.html",
    ],
)
def test_page_is_valid_html5(site: Path, name: str) -> None:
    text = (site / name).read_text(encoding="utf-8")
    assert text.startswith('<!doctype html>\n<html lang="cs">')
    assert '<meta charset="utf-8">' in text
    html5rdf.HTMLParser(strict=True).parse(text)


def test_every_page_is_well_formed(pages: list[Path]) -> None:
    parser = html5rdf.HTMLParser(strict=True)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert text.startswith("<!doctype html>"), page
        parser.parse(text)


def test_czech_characters_are_written_as_utf8(site: Path) -> None:
    text = (site / "id/place/litvinov.html").read_bytes().decode("utf-8")
    assert "<h1>Litvínov</h1>" in text
    assert "&#" not in (site / "index.html").read_text(encoding="utf-8").split("<svg")[0]


def test_index_lists_downloads_and_counts(site: Path, graph: Graph) -> None:
    text = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="../lpkg.ttl"' in text and "0" * 64 in text and "26 B" in text
    assert VERSION in text and "<svg" in text
    assert f'<td class="num">{len(graph)}</td>' in text
    assert '<link rel="alternate" type="text/turtle" href="../lpkg.ttl">' in text
    assert 'href="queries.html"' in text and 'id="query-' not in text, "the tables moved"


def _between(text: str, start: str, end: str) -> str:
    assert start in text, start
    rest = text[text.index(start) :]
    return rest[: rest.index(end)]


def test_index_leads_with_the_both_towns_answer_and_the_partnerships(site: Path) -> None:
    text = (site / "index.html").read_text(encoding="utf-8")
    main = text[text.index("<main") :]
    order = [main.index(f'<section id="{s}">') for s in ("both-towns", "partnerships", "network")]
    assert order == sorted(order)
    answer = _between(main, '<section id="both-towns">', "</section>")
    assert "Které organizace působí v Litvínově i v Mostě?" in answer
    linked = set(re.findall(r'href="id/organization/([^"]+)\.html"', answer))
    assert linked == BOTH_TOWNS
    # the towns head the columns (the query's "# heading" lines)
    head = _between(answer, "<thead>", "</thead>")
    assert '<a href="id/place/litvinov.html"' in head and '<a href="id/place/most.html"' in head
    agency = _between(
        answer, 'href="id/organization/agentura-pro-socialni-zaclenovani.html"', "</tr>"
    )
    assert agency.count("člen") == 2
    assert 'href="../queries/both-towns.csv"' in answer
    partnerships = _between(main, '<section id="partnerships">', "</section>")
    for slug, members in (("litvinov", 13), ("most", 11), ("trmice", 14)):
        card = _between(partnerships, f'href="id/partnership/{slug}.html"', "</div>")
        assert f"<strong>{members}</strong> členů" in card
    assert 'založeno <span lang="en">founded</span> 2010-01-27' in partnerships


def test_queries_page_has_every_answer_with_readable_columns_and_files(site: Path) -> None:
    text = (site / "queries.html").read_text(encoding="utf-8")
    for query in QUERIES:
        section = _between(text, f'<section class="query" id="query-{query.stem}">', "</section>")
        assert f'href="../queries/{query.stem}.csv"' in section
        assert f'href="../queries/{query.stem}.json"' in section
    members = _between(text, '<section class="query" id="query-members">', "</section>")
    head = _between(members, "<thead>", "</thead>")
    for cs, en in (("Partnerství", "Partnership"), ("Název v seznamu členů", "Name as listed")):
        assert f'{cs} <span class="en" lang="en">{en}</span></th>' in head
    assert ">listedName<" not in head


def test_organization_page_shows_names_memberships_and_towns(site: Path) -> None:
    text = (site / "id/organization/oblastni-charita-most.html").read_text(encoding="utf-8")
    assert "<h1>Charita Most</h1>" in text
    assert "<q>Oblastní charita Most</q>" in text
    assert 'href="../membership/litvinov--oblastni-charita-most.html"' in text
    assert 'href="../place/litvinov.html"' in text and 'href="../place/most.html"' in text
    assert 'href="https://www.charita-most.cz/o-charite/kdo-jsme/"' in text


def test_resource_page_opens_with_type_partnerships_and_ico(site: Path) -> None:
    text = (site / "id/organization/diakonie-cce-stredisko-most.html").read_text(encoding="utf-8")
    summary = _between(text, '<dl class="facts summary">', "</dl>")
    assert text.index('<dl class="facts summary">') < text.index("<h2>")
    # data/organizations.trig: a church charity (organization-type scheme), IČO 70863601; a
    # member in Litvínov only (Most lists the national Diakonie ČCE)
    assert 'href="../../vocab/organization-type/church-charity.html"' in summary
    assert 'href="../../vocab/organization-type.html"' in summary
    assert 'href="../partnership/litvinov.html"' in summary
    assert 'href="../partnership/most.html"' not in summary
    # the event of 2000-06-20 is a reorganization (the page does not say the centre was founded
    # then): the summary names no founding, the page still links the event
    assert "2000-06-20" not in summary
    assert 'href="../event/diakonie-cce-stredisko-most-vznik.html"' not in summary
    assert 'href="../event/diakonie-cce-stredisko-most-vznik.html"' in text
    assert 'href="https://ares.gov.cz/ekonomicke-subjekty?ico=70863601"' in summary
    police = (site / "id/organization/policie-cr.html").read_text(encoding="utf-8")
    summary = _between(police, '<dl class="facts summary">', "</dl>")
    most = _between(summary, 'href="../partnership/most.html"', "</li>")
    # since the audit the Police itself is Most's member (its SKPV a participating unit, which
    # the summary does not show), not a body serving through its unit
    assert "člen" in most and "prostřednictvím útvaru" not in most
    assert "ares.gov.cz" not in summary, "the Police has no IČO in the data"


def test_partnership_page_opens_with_its_purpose_town_and_founding(site: Path) -> None:
    text = (site / "id/partnership/most.html").read_text(encoding="utf-8")
    summary = _between(text, '<dl class="facts summary">', "</dl>")
    assert text.index('<dl class="facts summary">') < text.index("<h2>")
    # data/partnerships/most.trig: org:purpose, lpkg:town lplace:most, founded "2008"^^xsd:gYear
    assert "A coordinated and effective approach to social exclusion in the town." in summary
    assert _between(summary, "Místo", "</dd>").count('href="../place/most.html"') == 1
    # stated in the graph of the Most page, whose title sorts first among the page's sources
    assert (
        '<li>2008<sup class="refs"><a href="#source-1" title="Lokální partnerství Most">' in summary
    )
    assert (
        '<li id="source-1"><a class="external" href="http://www.socialni-zaclenovani.cz/lokalni-partnerstvi-most"'
        in text
    )


def test_unit_page_shows_its_parent_and_towns_through_units(site: Path) -> None:
    text = (site / "id/organization/urad-prace-cr.html").read_text(encoding="utf-8")
    assert "urad-prace-cr-litvinov.html" in text and "urad-prace-cr-most.html" in text
    assert "prostřednictvím útvaru" in text


def test_ontology_reference_covers_every_term(site: Path, graph: Graph) -> None:
    text = (site / "ontology.html").read_text(encoding="utf-8")
    for term in ("LocalPartnership", "listedName", "servesTown", "town"):
        assert f'href="ontology/{term}.html"' in text
    for scheme in ("theme", "organization-type", "status", "legal-form"):
        assert f'href="vocab/{scheme}.html"' in text
    assert "Definiční obor" in text and "local partnership" in text


def _lpkg_terms() -> dict[str, Graph]:
    """The own terms of ontology/lpkg.ttl by local name, each with its description."""
    ontology = Graph().parse(ROOT / "ontology/lpkg.ttl")
    return {
        str(s)[len(str(LPKG)) :]: _description(ontology, s)
        for s in set(ontology.subjects())
        if isinstance(s, URIRef) and str(s).startswith(str(LPKG))
    }


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_ontology_page_links_the_whole_ontology(site: Path) -> None:
    ontology = Graph().parse(ROOT / "ontology/lpkg.ttl")
    for name, fmt in (("ontology.ttl", "turtle"), ("ontology.jsonld", "json-ld")):
        assert isomorphic(Graph().parse(site / name, format=fmt), ontology), name
    text = (site / "ontology.html").read_text(encoding="utf-8")
    assert 'href="ontology.ttl"' in text and 'href="ontology.jsonld"' in text
    assert '<link rel="alternate" type="text/turtle" href="ontology.ttl">' in text


def test_ontology_term_iris_land_on_their_term(site: Path) -> None:
    """https://w3id.org/lpkg/ontology#Term opens the ontology page at the term's own section."""
    text = (site / "ontology.html").read_text(encoding="utf-8")
    terms = _lpkg_terms()
    assert len(terms) > 10
    for local, description in terms.items():
        section = _between(text, f'<section class="term" id="{local}">', "</section>")
        for definition in description.objects(None, SKOS.definition):
            assert str(escape(str(definition))) in section, local
    # ontology/lpkg.ttl: lpkg:town has domain lpkg:LocalPartnership and range schema:City;
    # lpkg:LocalPartnership is a subclass of org:OrganizationalCollaboration
    town = _between(text, '<section class="term" id="town">', "</section>")
    domain = _between(town, "Definiční obor", "</dd>")
    assert 'href="ontology/LocalPartnership.html"' in domain
    assert "schema:City" in _between(town, "Obor hodnot", "</dd>")
    partnership = _between(text, '<section class="term" id="LocalPartnership">', "</section>")
    assert "org:OrganizationalCollaboration" in _between(partnership, "Nadřazené", "</dd>")


def test_ids_are_unique_on_every_page(pages: list[Path]) -> None:
    for page in pages:
        ids = re.findall(r' id="([^"]+)"', page.read_text(encoding="utf-8"))
        assert len(ids) == len(set(ids)), page


def test_search_index_has_labels_and_listed_names(site: Path) -> None:
    entries = json.loads((site / "search-index.json").read_text(encoding="utf-8"))
    charita = [e for e in entries if e["p"] == "id/organization/oblastni-charita-most.html"]
    assert len(charita) == 1
    assert charita[0]["l"] == "Charita Most"
    assert "Oblastní charita Most" in charita[0]["n"]
    script = (site / "search-index.js").read_text(encoding="utf-8")
    assert script.startswith("window.LPKG_INDEX = [")
    assert json.loads(script[len("window.LPKG_INDEX = ") : -2]) == entries


def test_network_draws_partnerships_members_units_and_both_towns(site: Path, graph: Graph) -> None:
    svg = (site / "network.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "<!--" not in svg and "graphviz version" not in svg.lower()
    members = {m for m in graph.objects(None, ORG.member) if isinstance(m, URIRef)}
    for partnership in graph.subjects(RDF.type, LPKG.LocalPartnership):
        slug = str(partnership).rsplit("/", 1)[1]
        assert f'id="partnership-{slug}" class="node partnership"' in svg
    for member in members:
        slug = str(member).rsplit("/", 1)[1]
        assert f'id="organization-{slug}" class="node organization' in svg
        assert f'xlink:href="id/organization/{slug}.html"' in svg
    highlighted = {
        slug
        for slug in (str(m).rsplit("/", 1)[1] for m in _organizations(graph))
        if f'id="organization-{slug}" class="node organization both-towns"' in svg
    }
    assert highlighted == BOTH_TOWNS
    assert svg.count('class="edge unit-of"') == len(set(graph.subject_objects(ORG.unitOf)))
    index = (site / "index.html").read_text(encoding="utf-8")
    assert svg in index


def _organizations(graph: Graph) -> set[URIRef]:
    return {o for o in graph.subjects(RDF.type, ORG.Organization) if isinstance(o, URIRef)}


def test_two_writes_are_byte_identical(site: Path, tmp_path: Path) -> None:
    from lpkg.load import load_dataset

    again = _build(tmp_path / "release", load_dataset(root=ROOT))  # blank nodes parsed anew
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert sorted(first) == sorted(second)
    differing = [str(name) for name in first if first[name] != second[name]]
    assert differing == []


def test_missing_graphviz_is_a_clear_input_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(network_module.shutil, "which", lambda name: None)
    with pytest.raises(GraphvizMissingError, match="graphviz") as caught:
        render_svg("graph { a -- b }")
    assert caught.value.exit_code == 2


# --- the source of each fact ---------------------------------------------------------------


@pytest.fixture(scope="module")
def two_pages_html(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The page of the organization of tests/fixtures/publish/two-pages.trig."""
    data = (FIXTURES / "publish" / "two-pages.trig").read_bytes()
    site = tmp_path_factory.mktemp("two-pages") / "site"
    dataset = oxigraph_dataset(data, ox.RdfFormat.TRIG)
    write_site(site, dataset, downloads=[], version=VERSION, base_url=BASE_URL, root=ROOT)
    return (site / "id/organization/example-charity.html").read_text(encoding="utf-8")


def _refs(html: str, curie: str) -> list[list[str]]:
    """For the row of property ``curie`` in the statements table: each value's cited pages."""
    numbers = dict(re.findall(r'<li id="source-(\d+)"><a class="external" href="([^"]+)"', html))
    cell = re.search(rf'title="{curie}">{curie}</a></th><td>(.*?)</td></tr>', html, re.S)
    assert cell is not None, curie
    values = re.split(r"</li><li>", cell.group(1))
    return [[numbers[n] for n in re.findall(r'href="#source-(\d+)"', v)] for v in values]


def test_each_fact_cites_the_pages_whose_graphs_hold_it(two_pages_html: str) -> None:
    a, b = "https://example.org/pages/a", "https://example.org/pages/b"
    html = two_pages_html
    # the sources list, numbered by title: Stránka A, Stránka B
    assert re.findall(r'<li id="source-(\d+)"><a class="external" href="([^"]+)"', html) == [
        ("1", a),
        ("2", b),
    ]
    assert ">Stránka A</a>" in html and ">Stránka B</a>" in html
    assert _refs(html, "skos:prefLabel") == [[a, b]]  # both pages state the name
    assert _refs(html, "rdf:type") == [[a]]
    assert _refs(html, "lpkg:formerName") == [[b]]
    assert _refs(html, "skos:notation") == [[b]]  # inside the identifier's blank node
    assert _refs(html, "rdfs:comment") == [[]]  # the default graph: no page states it
    names = html.split("<h2>Názvy", 1)[1].split("</section>", 1)[0]  # the summary repeats them
    assert re.search(r'Starý příklad<sup class="refs"><a href="#source-2"', names)
    referenced = html.split("Odkazují sem", 1)[1]
    assert re.search(r'org:member<sup class="refs"><a href="#source-2"', referenced)
