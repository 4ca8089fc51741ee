"""The query page in a real headless browser (Debian's chromium driven by Playwright), served
by the application on a loopback port: type a query, run it, see the rows."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from lpkg.serve import create_app
from lpkg.serve.app import ServeState
from tests.serve.server import running

LABELS = """SELECT ?place ?label WHERE {
  VALUES ?place { lplace:most }
  ?place rdfs:label ?label
}"""


@pytest.fixture
def site(state: ServeState, allow_loopback: Callable[[int], tuple[str, int]]) -> Iterator[str]:
    with running(create_app(state.settings, state), allow_loopback) as address:
        yield address


@pytest.fixture
def page(browser, site: str):  # type: ignore[no-untyped-def]
    context = browser.new_context()
    page = context.new_page()
    page.lpkg_requests = []  # type: ignore[attr-defined]
    page.lpkg_errors = []  # type: ignore[attr-defined]
    page.on("request", lambda r: page.lpkg_requests.append(r.url))  # type: ignore[attr-defined]
    page.on("pageerror", lambda e: page.lpkg_errors.append(str(e)))  # type: ignore[attr-defined]
    yield page
    # the page works offline: nothing is fetched from anywhere but the server
    assert all(url.startswith(site + "/") for url in page.lpkg_requests), page.lpkg_requests
    assert page.lpkg_errors == []  # type: ignore[attr-defined]
    context.close()


def test_type_a_query_run_it_see_the_rows(page, site: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(site + "/query")
    page.fill("#query", LABELS)
    page.click("#run")
    rows = page.locator("#results table tbody tr")
    rows.first.wait_for()
    assert page.locator("#results th").all_inner_texts() == ["place", "label"]
    # Most is labelled "Most" in Czech and in English (data/places.trig)
    assert sorted(rows.all_inner_texts()) == [
        "https://w3id.org/lpkg/id/place/most\tMost @cs",
        "https://w3id.org/lpkg/id/place/most\tMost @en",
    ]
    assert page.locator("#status").inner_text().startswith("2 ")
    assert any(url == site + "/sparql" for url in page.lpkg_requests)
    # a dataset IRI leads to its page on this server
    link = rows.first.locator("a")
    assert link.get_attribute("href") == "/id/place/most"
    link.click()
    page.wait_for_url(site + "/id/place/most")
    assert "Most" in page.locator("h1").inner_text()


def test_an_example_fills_the_editor_and_an_ask_says_yes(page, site: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(site + "/sparql", wait_until="load")  # a browser at /sparql gets the page
    page.select_option("#example", "towns-served")
    assert "title@en" in page.input_value("#query")
    page.fill("#query", "ASK { lmem:most--diakonie-cce org:member lorg:diakonie-cce }")
    page.click("#run")
    page.locator("#results .boolean").wait_for()
    assert "true" in page.locator("#results .boolean").inner_text()


def test_an_error_is_shown_readably(page, site: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(site + "/query")
    page.fill("#query", "SELECT ?x WHERE { ?x")
    page.click("#run")
    error = page.locator("#results .error")
    error.wait_for()
    assert error.inner_text().startswith("400 Bad request: the query")
    assert "SPARQL syntax error" in error.inner_text()
    page.fill("#query", "INSERT DATA { <a:s> <a:p> <a:o> }")
    page.click("#run")
    page.locator("#results .error", has_text="read-only").wait_for()
