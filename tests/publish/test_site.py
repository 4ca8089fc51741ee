"""The static website: a page per resource, links that resolve, valid HTML5, search, picture."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5rdf
import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from lpkg.namespaces import BASE, LPKG, ORG
from lpkg.publish import Download
from lpkg.publish import network as network_module
from lpkg.publish.network import GraphvizMissingError, render_svg
from lpkg.publish.site import page_path, write_site
from tests import ROOT

VERSION = "9.8.7"
BASE_URL = "https://example.org/lpkg/9.8.7/"

# The organizations that serve both Litvínov and Most, worked out by hand from
# data/partnerships/*.ttl and data/organizations.ttl: direct members of both partnerships, and the
# bodies whose units are members there (Úřad práce ČR through its Litvínov and Most offices,
# Diakonie ČCE through its Most centre, the Police through SKPV in Most, the Government Office and
# its human-rights section above the Agency).
BOTH_TOWNS = {
    "agentura-pro-socialni-zaclenovani",
    "diakonie-cce",
    "diakonie-cce-stredisko-most",
    "most-k-nadeji",
    "oblastni-charita-most",
    "policie-cr",
    "urad-prace-cr",
    "urad-vlady-cr",
    "urad-vlady-cr-sekce-pro-lidska-prava",
}


def _build(release: Path, graph: Graph) -> Path:
    release.mkdir(parents=True, exist_ok=True)
    (release / "lpkg.ttl").write_text("# a stand-in for the dump\n", encoding="utf-8")
    download = Download("lpkg.ttl", "Dataset (Turtle)", "text/turtle", 26, "0" * 64)
    site = release / "site"
    write_site(site, graph, downloads=[download], version=VERSION, base_url=BASE_URL, root=ROOT)
    return site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, graph: Graph) -> Path:
    return _build(tmp_path_factory.mktemp("release"), graph)


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


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_each_page_has_its_turtle_and_json_ld(site: Path, graph: Graph) -> None:
    for subject in sorted(_lpkg_subjects(graph) - {URIRef(BASE + "ontology")}):
        stem = site / page_path(subject)[: -len(".html")]
        expected = Graph()
        todo: list = [subject]
        while todo:
            node = todo.pop()
            for p, o in graph.predicate_objects(node):
                expected.add((node, p, o))
                if isinstance(o, BNode):
                    todo.append(o)
        for suffix, fmt in ((".ttl", "turtle"), (".jsonld", "json-ld")):
            parsed = Graph().parse(stem.with_suffix(suffix), format=fmt)
            assert isomorphic(parsed, expected), f"{stem}{suffix}"
        html = stem.with_suffix(".html").read_text(encoding="utf-8")
        assert f'href="{stem.name}.ttl"' in html and f'href="{stem.name}.jsonld"' in html


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


def test_index_lists_downloads_queries_and_counts(site: Path, graph: Graph) -> None:
    text = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="../lpkg.ttl"' in text and "0" * 64 in text and "26 B" in text
    for name in ("both-towns", "members", "summary", "towns-served"):
        assert f'id="query-{name}"' in text
    assert VERSION in text and "<svg" in text
    assert f'<td class="num">{len(graph)}</td>' in text


def test_organization_page_shows_names_memberships_and_towns(site: Path) -> None:
    text = (site / "id/organization/oblastni-charita-most.html").read_text(encoding="utf-8")
    assert "<h1>Charita Most</h1>" in text
    assert "<q>Oblastní charita Most</q>" in text
    assert 'href="../membership/litvinov--oblastni-charita-most.html"' in text
    assert 'href="../place/litvinov.html"' in text and 'href="../place/most.html"' in text
    assert 'href="https://www.charita-most.cz/o-charite/kdo-jsme/"' in text


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


def test_two_writes_are_byte_identical(site: Path, graph: Graph, tmp_path: Path) -> None:
    again = _build(tmp_path / "release", graph)
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
