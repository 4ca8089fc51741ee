"""Linked Data from ``lpkg serve``: every IRI of the dataset by content negotiation.

The expected statements are read off data/ by hand: the town of Most (data/places.trig, in the
graph of the Most partnership's page), the partnership's ``lpkg:town``, and the membership of
Charita Most (data/partnerships/most.trig)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, VOID
from starlette.testclient import TestClient

from lpkg.namespaces import LMEM, LORG, LP, LPKG, LPLACE, SCHEMA
from lpkg.serve import create_app
from lpkg.serve.app import ServeState
from lpkg.serve.linked_data import negotiate

MOST = "/id/place/most"
MOST_PAGE = URIRef("http://www.socialni-zaclenovani.cz/lokalni-partnerstvi-most")
MEMBERSHIP = "/id/membership/most--oblastni-charita-most"
RDF_TYPES = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/trig": "trig",
    "application/n-quads": "nquads",
}


def parse(body: str, media_type: str) -> Dataset:
    dataset = Dataset()
    dataset.parse(data=body, format=RDF_TYPES[media_type])
    return dataset


def triples(dataset: Dataset) -> Graph:
    union = Graph()
    for s, p, o, _ in dataset.quads():
        union.add((s, p, o))
    return union


@pytest.mark.parametrize("media_type", list(RDF_TYPES))
def test_the_town_of_most_in_every_rdf_format(client: TestClient, media_type: str) -> None:
    response = client.get(MOST, headers={"Accept": media_type})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type
    assert "Accept" in {v.strip() for v in response.headers["vary"].split(",")}
    graph = triples(parse(response.text, media_type))
    assert (LPLACE.most, RDFS.label, Literal("Most", lang="cs")) in graph
    assert (LPLACE.most, RDF.type, SCHEMA.City) in graph
    # what points at it, as the site's file has it: the partnership's town
    assert (LP.most, LPKG.town, LPLACE.most) in graph


@pytest.mark.parametrize("media_type", ["application/trig", "application/n-quads"])
def test_quads_say_where_each_statement_comes_from(client: TestClient, media_type: str) -> None:
    response = client.get(MOST, headers={"Accept": media_type})
    dataset = parse(response.text, media_type)
    label = (LPLACE.most, RDFS.label, Literal("Most", lang="cs"))
    assert label in dataset.graph(MOST_PAGE)


def test_a_membership_names_its_member_and_partnership(client: TestClient) -> None:
    response = client.get(MEMBERSHIP, headers={"Accept": "text/turtle"})
    graph = triples(parse(response.text, "text/turtle"))
    membership = LMEM["most--oblastni-charita-most"]
    org = "http://www.w3.org/ns/org#"
    assert (membership, URIRef(org + "member"), LORG["oblastni-charita-most"]) in graph
    assert (membership, URIRef(org + "organization"), LP.most) in graph


def test_the_page_is_the_site_s_page_with_links_to_the_server(client: TestClient) -> None:
    response = client.get(MOST, headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert re.search(r"<title>Most · lpkg [^<]+</title>", response.text)
    assert "<code>https://w3id.org/lpkg/id/place/most</code>" in response.text
    assert 'href="/id/partnership/most"' in response.text
    link = response.headers["link"]
    assert '</id/place/most.ttl>; rel="alternate"; type="text/turtle"' in link
    assert 'type="application/ld+json"' in link


class _Hrefs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.hrefs.append(value)


def _internal_links(page_url: str, html: str) -> Iterator[str]:
    parser = _Hrefs()
    parser.feed(html)
    for href in parser.hrefs:
        url = urljoin(page_url, href)
        if urlsplit(url).netloc == "testserver":
            yield url.split("#")[0]


@pytest.mark.parametrize("path", [MOST, "/id/organization/oblastni-charita-most", "/ontology"])
def test_every_link_of_a_page_leads_to_the_server(client: TestClient, path: str) -> None:
    page_url = "http://testserver" + path
    html = client.get(path, headers={"Accept": "text/html"}).text
    links = sorted(set(_internal_links(page_url, html)))
    assert "http://testserver/id/partnership/most" in links or path == "/ontology"
    for url in links:
        response = client.get(url, follow_redirects=False)
        # /queries.html is sent on to the query page (/query, another part of the server)
        assert response.status_code in (200, 301), url


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("text/turtle;q=0.5, application/ld+json;q=0.9", "application/ld+json"),
        ("text/html;q=0.1, text/turtle", "text/turtle"),
        ("text/html;q=0, */*;q=0.5", "text/turtle"),
        ("application/*;q=0.4, application/n-triples;q=0.8", "application/n-triples"),
        ("application/*, application/ld+json;q=0", "application/n-triples"),
        ("*/*", "text/html"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),
    ],
)
def test_q_values_choose(client: TestClient, accept: str, expected: str) -> None:
    response = client.get(MOST, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == expected


def test_no_acceptable_type_is_406(client: TestClient) -> None:
    response = client.get(MOST, headers={"Accept": "image/png, text/turtle;q=0"})
    assert response.status_code == 406
    assert response.headers["content-type"] == "application/problem+json"
    assert "text/turtle" in response.json()["detail"]


def test_negotiate_without_a_header_accepts_the_first_offer() -> None:
    assert negotiate(None, ["text/html", "text/turtle"]) == "text/html"
    assert negotiate("text/turtle; q=oops", ["text/turtle"]) is None


@pytest.mark.parametrize(
    ("suffix", "media_type"),
    [
        (".ttl", "text/turtle"),
        (".nt", "application/n-triples"),
        (".jsonld", "application/ld+json"),
        (".html", "text/html"),
    ],
)
def test_the_site_s_file_names_answer_whatever_the_accept(
    client: TestClient, suffix: str, media_type: str
) -> None:
    by_name = client.get(MOST + suffix, headers={"Accept": "image/png"})
    negotiated = client.get(MOST, headers={"Accept": media_type})
    assert by_name.status_code == 200
    assert by_name.headers["content-type"].split(";")[0] == media_type
    assert by_name.content == negotiated.content


def test_head_answers_like_get(client: TestClient) -> None:
    got = client.get(MOST, headers={"Accept": "text/turtle"})
    head = client.head(MOST, headers={"Accept": "text/turtle"})
    assert head.status_code == 200
    assert head.headers["content-type"] == got.headers["content-type"]
    assert head.headers["content-length"] == str(len(got.content))
    assert head.content == b""


def test_an_unknown_iri_gets_a_helpful_page(client: TestClient) -> None:
    response = client.get("/id/place/mots", headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "https://w3id.org/lpkg/id/place/mots" in response.text
    for href in ('href="/"', 'href="/query"', 'href="/resources.html"', 'id="search-input"'):
        assert href in response.text
    assert 'href="/id/place/most"' in response.text  # the close match


@pytest.mark.parametrize("path", ["/id/place/mots", "/id/place/most.xml", "/no/such/thing"])
def test_an_unknown_iri_gets_a_problem_document(client: TestClient, path: str) -> None:
    response = client.get(path, headers={"Accept": "text/turtle"})
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 404
    assert "https://w3id.org/lpkg" + path.split(".")[0] in problem["detail"]


def test_the_ontology_and_its_terms_answer(client: TestClient) -> None:
    ontology = client.get("/ontology", headers={"Accept": "text/turtle"})
    graph = triples(parse(ontology.text, "text/turtle"))
    assert (URIRef("https://w3id.org/lpkg/ontology"), RDF.type, OWL.Ontology) in graph
    assert (LPKG.LocalPartnership, RDF.type, OWL.Class) in graph
    term = client.get("/ontology/LocalPartnership", headers={"Accept": "text/html"})
    assert term.status_code == 200
    assert "https://w3id.org/lpkg/ontology#LocalPartnership" in term.text
    scheme = client.get("/vocab/theme", headers={"Accept": "application/n-triples"})
    assert scheme.status_code == 200
    assert "<https://w3id.org/lpkg/vocab/theme>" in scheme.text


def test_the_home_page_links_every_part(client: TestClient) -> None:
    response = client.get("/", headers={"Accept": "text/html"})
    assert response.status_code == 200
    for path in ("/resources.html", "/query", "/sparql", "/api/queries", "/openapi.json"):
        assert f'href="{path}"' in response.text
    assert 'href="/reconcile"' in response.text
    assert "--release DIR" in response.text  # no release given to this server


def test_the_home_page_in_rdf_is_the_void_description(client: TestClient) -> None:
    response = client.get("/", headers={"Accept": "text/turtle"})
    graph = triples(parse(response.text, "text/turtle"))
    assert (URIRef("https://w3id.org/lpkg/dataset"), RDF.type, VOID.Dataset) in graph


def test_the_register_and_search_index_are_served(client: TestClient) -> None:
    register = client.get("/resources.html")
    assert register.status_code == 200
    assert 'href="/id/place/most"' in register.text
    index = client.get("/search-index.json").json()
    assert {"p": "id/place/most.html", "l": "Most"}.items() <= next(
        e for e in index if e["p"] == "id/place/most.html"
    ).items()


# --- --base: the published namespace mapped onto the server's address -------------------------

BASE = "http://testserver/"


@pytest.fixture(scope="module")
def based(state: ServeState) -> Iterator[TestClient]:
    settings = dataclasses.replace(state.settings, base=BASE)
    based_state = dataclasses.replace(state, settings=settings, extra={})
    with TestClient(create_app(settings, based_state), raise_server_exceptions=False) as client:
        yield client


def test_base_maps_the_iris_of_an_answer_and_they_lead_back(based: TestClient) -> None:
    response = based.get(MOST, headers={"Accept": "text/turtle"})
    graph = triples(parse(response.text, "text/turtle"))
    most = URIRef(BASE + "id/place/most")
    town = URIRef(BASE + "ontology#town")
    assert (most, RDFS.label, Literal("Most", lang="cs")) in graph
    assert (LPLACE.most, None, None) not in graph
    (partnership,) = graph.subjects(town, most)
    assert partnership == URIRef(BASE + "id/partnership/most")
    followed = based.get(str(partnership), headers={"Accept": "text/turtle"})
    assert followed.status_code == 200
    assert (partnership, town, most) in triples(parse(followed.text, "text/turtle"))
    # a hash IRI leads to the document that describes it
    ontology = based.get(str(town).split("#")[0], headers={"Accept": "application/n-triples"})
    assert (town, RDF.type, OWL.ObjectProperty) in triples(
        parse(ontology.text, "application/n-triples")
    )


def test_base_maps_the_links_of_pages(based: TestClient) -> None:
    response = based.get(MOST, headers={"Accept": "text/html"})
    assert f'href="{BASE}id/partnership/most"' in response.text
    assert f'href="{BASE}static/style.css"' in response.text


def test_base_maps_the_quads_and_keeps_their_sources(based: TestClient) -> None:
    response = based.get(MOST, headers={"Accept": "application/trig"})
    label = (URIRef(BASE + "id/place/most"), RDFS.label, Literal("Most", lang="cs"))
    assert label in parse(response.text, "application/trig").graph(MOST_PAGE)
