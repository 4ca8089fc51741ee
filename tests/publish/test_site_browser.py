"""The website in a real headless browser (Debian's chromium driven by Playwright), from file://."""

from __future__ import annotations

from collections import deque
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from rdflib import Graph

from lpkg.publish import Download
from lpkg.publish.site import write_site
from tests import ROOT

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = pytest.mark.skipif(
    not CHROMIUM.is_file(),
    reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)",
)
sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright package")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, graph: Graph) -> Path:
    release = tmp_path_factory.mktemp("release")
    (release / "lpkg.ttl").write_text("# a stand-in for the dump\n", encoding="utf-8")
    download = Download("lpkg.ttl", "Dataset (Turtle)", "text/turtle", 26, "0" * 64)
    site = release / "site"
    write_site(
        site,
        graph,
        downloads=[download],
        version="1.0.0",
        base_url="https://example.org/",
        root=ROOT,
    )
    return site


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
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
    assert page.locator("svg g.node.both-towns").count() == 9
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
