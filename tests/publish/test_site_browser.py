"""The website in a real headless browser (Debian's chromium driven by Playwright), from file://."""

from __future__ import annotations

from collections import deque
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from rdflib import Dataset

from lpkg.publish import Download
from lpkg.publish.site import write_site
from tests import ROOT

#: axe-core, the accessibility checker, installed by scripts/install-system-deps (npm ci).
AXE = ROOT / "tests" / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}



@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, dataset: Dataset) -> Path:
    release = tmp_path_factory.mktemp("release")
    (release / "lpkg.ttl").write_text("# a stand-in for the dump\n", encoding="utf-8")
    download = Download("lpkg.ttl", "Dataset (Turtle)", "text/turtle", 26, "0" * 64)
    site = release / "site"
    write_site(
        site,
        dataset,
        downloads=[download],
        version="1.0.0",
        base_url="https://example.org/",
        root=ROOT,
    )
    return site


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.lpkg_errors = []  # type: ignore[attr-defined]
    page.on(
        "console",
        lambda m: page.lpkg_errors.append(m.text) if m.type == "error" else None,  # type: ignore[attr-defined]
    )
    page.on("pageerror", lambda e: page.lpkg_errors.append(str(e)))  # type: ignore[attr-defined]
    page.on("requestfailed", lambda r: page.lpkg_errors.append(f"failed: {r.url}"))  # type: ignore[attr-defined]
    yield page
    context.close()


def test_index_loads_without_errors_and_shows_the_network(site: Path, page) -> None:  # type: ignore[no-untyped-def]
    page.goto((site / "index.html").as_uri())
    assert page.lpkg_errors == []
    assert page.locator("h1").first.inner_text().startswith("Znalostní graf lokálních partnerství")
    svg = page.locator("figure.network svg")
    assert svg.count() == 1
    box = svg.bounding_box()
    assert box is not None and box["width"] > 500 and box["height"] > 300
    # the four members of both Litvínov's and Most's partnerships (tests/publish/test_site.py)
    assert page.locator("svg g.node.both-towns").count() == 4
    charita = page.locator('svg a[*|href="id/organization/oblastni-charita-most.html"]')
    assert charita.count() == 1


def test_every_internal_link_resolves_in_the_browser(site: Path, page) -> None:  # type: ignore[no-untyped-def]
    """Crawl from the index: every page loads without console errors or failed requests, and
    every internal link (a, link, script, SVG a) names a file that exists."""
    start = (site / "index.html").as_uri()
    queue = deque([start])
    seen = {start}
    broken: list[str] = []
    while queue:
        url = queue.popleft()
        page.lpkg_errors.clear()
        page.goto(url)
        broken.extend(f"{url}: {e}" for e in page.lpkg_errors)
        links = page.evaluate(
            """() => [
                ...Array.from(document.querySelectorAll('a[href], link[href]'), e => e.href),
                ...Array.from(document.querySelectorAll('script[src]'), e => e.src),
                ...Array.from(document.querySelectorAll('svg a'),
                    e => new URL(e.getAttribute('href') || e.getAttribute('xlink:href'),
                                 document.baseURI).href),
            ]"""
        )
        for link in links:
            parts = urlsplit(link)
            if parts.scheme != "file":
                continue
            path = Path(unquote(parts.path))
            if not path.is_file():
                broken.append(f"{url}: {link}")
                continue
            target = path.as_uri()
            if path.suffix == ".html" and target not in seen:
                seen.add(target)
                queue.append(target)
    assert broken == []
    pages = {p.as_uri() for p in site.rglob("*.html")}
    assert pages <= seen, f"pages no link reaches: {sorted(pages - seen)[:5]}"


def test_search_finds_charita_and_leads_to_its_page(site: Path, page) -> None:  # type: ignore[no-untyped-def]
    page.goto((site / "index.html").as_uri())
    page.locator("#search-input").press_sequentially("Charita")
    result = page.locator('#search-results a[href$="id/organization/oblastni-charita-most.html"]')
    result.wait_for(state="visible")
    result.click()
    page.wait_for_load_state()
    assert page.url.endswith("/id/organization/oblastni-charita-most.html")
    assert page.locator("h1").inner_text() == "Charita Most"
    assert page.lpkg_errors == []


def test_search_ignores_case_and_diacritics(site: Path, page) -> None:  # type: ignore[no-untyped-def]
    page.goto((site / "id/place/most.html").as_uri())
    page.locator("#search-input").fill("URAD PRACE LITVINOV")
    result = page.locator('#search-results a[href$="id/organization/urad-prace-cr-litvinov.html"]')
    result.wait_for(state="visible")
    result.click()
    page.wait_for_load_state()
    assert page.url.endswith("/id/organization/urad-prace-cr-litvinov.html")


def _templates(site: Path) -> list[str]:
    """One page of every template and kind of resource: the top pages, and for each folder of
    pages (the concepts of all schemes count as one) its largest page, which has the most rows and
    the longest names; plus the pages whose overflow the issue reported."""
    largest: dict[str, Path] = {}
    for path in sorted(site.rglob("*.html")):
        parts = path.relative_to(site).parts
        key = "vocab/*/" if parts[0] == "vocab" and len(parts) == 3 else "/".join(parts[:-1])
        key = key or parts[0]
        if key not in largest or path.stat().st_size > largest[key].stat().st_size:
            largest[key] = path
    pages = {str(p.relative_to(site)) for p in largest.values()}
    return sorted(pages | {"id/organization/mesto-litvinov.html", "id/partnership/most.html"})


def test_templates_sample_covers_every_kind_of_page(site: Path) -> None:
    pages = _templates(site)
    for expected in ("index.html", "resources.html", "ontology.html"):
        assert expected in pages
    folders = {p.rsplit("/", 1)[0] for p in pages if "/" in p}
    assert {f"id/{kind}" for kind in ("organization", "partnership", "place", "project")} <= folders
    assert {"ontology", "vocab"} <= folders
    assert any(p.count("/") == 2 and p.startswith("vocab/") for p in pages)


def test_no_page_scrolls_sideways_on_a_phone(site: Path, browser) -> None:  # type: ignore[no-untyped-def]
    """At 375 px every template fits: wide tables scroll inside themselves, long names wrap."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    too_wide = {}
    for rel in _templates(site):
        page.goto((site / rel).as_uri())
        width = page.evaluate(
            "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        )
        if width > PHONE["width"]:
            too_wide[rel] = width
    context.close()
    assert too_wide == {}


def test_statements_of_an_organization_stay_visible_on_a_phone(site: Path, browser) -> None:  # type: ignore[no-untyped-def]
    """The values of "Names" were cut off at the right edge: every one now ends on the screen."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto((site / "id/organization/mesto-litvinov.html").as_uri())
    rights = page.evaluate(
        "() => Array.from(document.querySelectorAll('dl.facts dd'),"
        " e => e.getBoundingClientRect().right)"
    )
    context.close()
    assert rights and max(rights) <= PHONE["width"]


def _rank(page, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    return page.evaluate(  # type: ignore[no-any-return]
        "q => LPKG_SEARCH.rank(LPKG_SEARCH.prepare(LPKG_INDEX), q).map(h => h.item.entry.p)",
        query,
    )


def test_search_ranks_the_partnership_and_the_town_first(site: Path, page) -> None:  # type: ignore[no-untyped-def]
    """A town's name is also its partnership's exact name; partnerships rank before towns, and
    both before everything else that merely starts with or contains the name."""
    page.goto((site / "index.html").as_uri())
    most = _rank(page, "most")
    assert most[:2] == ["id/partnership/most.html", "id/place/most.html"]
    # "Most k naději" starts with the query, "Charita Most" only has it as a later word
    assert most.index("id/organization/most-k-nadeji.html") < most.index(
        "id/organization/oblastni-charita-most.html"
    )
    assert _rank(page, "Litvínov")[:2] == ["id/partnership/litvinov.html", "id/place/litvinov.html"]
    assert _rank(page, "LITVINOV")[:2] == ["id/partnership/litvinov.html", "id/place/litvinov.html"]


def test_search_finds_an_organization_by_its_ico(site: Path, page) -> None:  # type: ignore[no-untyped-def]
    page.goto((site / "index.html").as_uri())
    assert _rank(page, "70863601") == ["id/organization/diakonie-cce-stredisko-most.html"]
    page.locator("#search-input").fill("70863601")
    result = page.locator("#search-results a").first
    result.wait_for(state="visible")
    assert result.inner_text().startswith("Diakonie ČCE – Středisko sociální pomoci v Mostě")


def test_arrow_keys_move_through_results_and_enter_opens_the_selected(site: Path, page) -> None:  # type: ignore[no-untyped-def]
    page.goto((site / "index.html").as_uri())
    page.locator("#search-input").press_sequentially("charita")
    links = page.locator("#search-results a")
    links.first.wait_for(state="visible")
    # both names start with the query; the organization ranks before the event
    assert links.nth(0).get_attribute("href") == "id/organization/oblastni-charita-most.html"
    assert links.nth(1).get_attribute("href") == "id/event/charita-most-zalozeni.html"
    for key in ("ArrowDown", "ArrowDown", "ArrowDown", "ArrowUp"):
        page.keyboard.press(key)
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == (
        "id/event/charita-most-zalozeni.html"
    )
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("() => document.activeElement.id") == "search-input"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/id/event/charita-most-zalozeni.html")
    assert page.lpkg_errors == []


def test_enter_in_the_search_box_opens_the_first_result(site: Path, page) -> None:  # type: ignore[no-untyped-def]
    page.goto((site / "id/place/janov.html").as_uri())
    page.locator("#search-input").press_sequentially("most")
    page.locator("#search-results a").first.wait_for(state="visible")
    page.keyboard.press("Enter")
    page.wait_for_url("**/id/partnership/most.html")


def test_skip_link_is_the_first_tab_stop_and_leads_to_the_content(site: Path, page) -> None:  # type: ignore[no-untyped-def]
    page.goto((site / "id/organization/mesto-litvinov.html").as_uri())
    page.keyboard.press("Tab")
    link = page.locator("a.skip-link")
    assert page.evaluate("() => document.activeElement.className") == "skip-link"
    box = link.bounding_box()
    assert box is not None and box["y"] >= 0 and box["height"] > 10  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.tagName") == "MAIN"


def test_network_picture_has_a_title_a_legend_and_shows_whole(site: Path, page) -> None:  # type: ignore[no-untyped-def]
    page.goto((site / "index.html").as_uri())
    svg = page.locator("figure.network svg")
    title = page.evaluate("() => document.querySelector('figure.network svg > title').textContent")
    assert title.startswith("Síť lokálních partnerství")
    text = page.evaluate(
        "() => Array.from(document.querySelectorAll('figure.network svg text'),"
        " t => t.textContent).join('\\n')"
    )
    for item in ("partnership", "organization", "serves both Litvínov and Most", "unit – parent"):
        assert item in text
    # the whole drawing is on the page: nothing between it and the figure cuts or scrolls it
    clipped = page.evaluate(
        """() => {
            const out = [];
            let e = document.querySelector('figure.network svg').parentElement;
            for (; e && e.tagName !== 'FIGURE'; e = e.parentElement) {
                if (e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1) {
                    out.push(e.className);
                }
            }
            return out;
        }"""
    )
    assert clipped == []
    box = svg.bounding_box()
    view = page.evaluate(
        "() => document.querySelector('figure.network svg').viewBox.baseVal.height"
        " / document.querySelector('figure.network svg').viewBox.baseVal.width"
    )
    assert box is not None and abs(box["height"] / box["width"] - view) < 0.01


@pytest.fixture(scope="module")
def axe() -> Path:
    if not AXE.is_file():
        pytest.skip(f"needs axe-core at {AXE} (scripts/install-system-deps installs it: npm ci)")
    return AXE


def _serious(page, axe: Path) -> list[str]:  # type: ignore[no-untyped-def]
    page.add_script_tag(path=str(axe))
    found = page.evaluate(
        """async () => (await axe.run({resultTypes: ['violations']})).violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))"""
    )
    return found  # type: ignore[no-any-return]


def test_axe_finds_no_serious_or_critical_violation(site: Path, browser, axe: Path) -> None:  # type: ignore[no-untyped-def]
    found = []
    for viewport in (DESKTOP, PHONE):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        for rel in _templates(site):
            page.goto((site / rel).as_uri())
            found += [f"{viewport['width']} {rel} {v}" for v in _serious(page, axe)]
        context.close()
    assert found == []


def test_axe_finds_no_serious_or_critical_violation_in_open_search_results(  # type: ignore[no-untyped-def]
    site: Path, page, axe: Path
) -> None:
    page.goto((site / "index.html").as_uri())
    page.locator("#search-input").press_sequentially("most")
    page.locator("#search-results a").first.wait_for(state="visible")
    assert _serious(page, axe) == []
