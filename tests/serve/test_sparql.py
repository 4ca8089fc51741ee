"""The SPARQL 1.1 Protocol endpoint at /sparql, through the application in process; expected
values counted by hand in data/ (see tests/test_store.py: 20 towns typed schema:City, Most typed
so on its partnership's page only)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from starlette.testclient import TestClient

from lpkg.queries import NamedQuery, list_queries
from lpkg.serve import create_app
from lpkg.serve.app import ServeState
from lpkg.serve.sparql import SD
from tests import ROOT
from tests.test_store import CITIES, LITVINOV, MOST

JSON = "application/sparql-results+json"
TOWNS = "SELECT ?town WHERE { ?town a schema:City } ORDER BY ?town"
MOST_IRI = URIRef("https://w3id.org/lpkg/id/place/most")


@pytest.fixture
def small(state: ServeState) -> Iterator[TestClient]:
    """The server with a cap of 3 rows and 200 bytes of request body."""
    settings = dataclasses.replace(state.settings, max_rows=3, max_body=200)
    small = ServeState(settings, state.store, state.engine)
    with TestClient(create_app(settings, small), raise_server_exceptions=False) as client:
        yield client


def _count(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.text
    return response.json()["results"]["bindings"][0]["n"]["value"]


def test_get_post_form_and_post_direct_give_the_same_answer(client: TestClient) -> None:
    assert _count(client.get("/sparql", params={"query": CITIES})) == "20"
    assert _count(client.post("/sparql", data={"query": CITIES})) == "20"
    direct = client.post(
        "/sparql", content=CITIES.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert direct.headers["content-type"] == JSON
    assert _count(direct) == "20"


@pytest.mark.parametrize(
    ("accept", "media_type", "body"),
    [
        (None, JSON, None),
        ("*/*", JSON, None),
        ("application/sparql-results+xml", "application/sparql-results+xml", "<literal"),
        ("text/csv", "text/csv; charset=utf-8", "n\r\n20\r\n"),
        ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8", "?n\n20\n"),
        (
            "text/csv;q=0.5, application/sparql-results+xml;q=0.9",
            "application/sparql-results+xml",
            ">20<",
        ),
        (
            "text/*;q=0.4, text/csv;q=0, */*;q=0.1",
            "text/tab-separated-values; charset=utf-8",
            "?n\n20\n",
        ),
    ],
)
def test_a_select_answers_in_the_format_accept_prefers(
    client: TestClient, accept: str | None, media_type: str, body: str | None
) -> None:
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", params={"query": CITIES}, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == media_type
    if body is None:
        assert _count(response) == "20"
    else:
        assert body in response.text


def test_the_format_parameter_is_the_fallback(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": CITIES, "format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    assert response.text == "n\r\n20\r\n"
    refused = client.get("/sparql", params={"query": CITIES, "format": "turtle"})
    assert refused.status_code == 406


@pytest.mark.parametrize(
    ("accept", "format"),
    [
        (None, "turtle"),
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_construct_answers_in_rdf(client: TestClient, accept: str | None, format: str) -> None:
    query = "CONSTRUCT WHERE { lplace:most rdfs:label ?label }"
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", params={"query": query}, headers=headers)
    assert response.status_code == 200, response.text
    graph = Graph().parse(data=response.content, format=format)
    assert set(graph) == {
        (MOST_IRI, RDFS.label, Literal("Most", lang="cs")),
        (MOST_IRI, RDFS.label, Literal("Most", lang="en")),
    }


def test_describe_answers_in_turtle(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "DESCRIBE lplace:most"})
    assert response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.content, format="turtle")
    assert (MOST_IRI, RDFS.label, Literal("Most", lang="cs")) in graph


def test_ask_for_a_membership(client: TestClient) -> None:
    """Diakonie ČCE is a member of Most's partnership (data/partnerships/most.trig)."""
    yes = client.get(
        "/sparql", params={"query": "ASK { lmem:most--diakonie-cce org:member lorg:diakonie-cce }"}
    )
    assert yes.json() == {"head": {}, "boolean": True}
    no = client.get(
        "/sparql", params={"query": "ASK { lmem:most--diakonie-cce org:member lorg:most }"}
    )
    assert no.json()["boolean"] is False


def test_what_cannot_be_produced_is_406(client: TestClient) -> None:
    select = client.get("/sparql", params={"query": CITIES}, headers={"Accept": "text/turtle"})
    assert select.status_code == 406
    assert select.headers["content-type"] == "application/problem+json"
    assert "text/csv" in select.json()["detail"]
    construct = client.get(
        "/sparql",
        params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
        headers={"Accept": "text/csv"},
    )
    assert construct.status_code == 406


def test_rows_beyond_the_cap_are_cut_and_said_so(small: TestClient) -> None:
    response = small.get("/sparql", params={"query": TOWNS})
    assert response.headers["lpkg-rows-cut"] == "3"
    towns = [b["town"]["value"] for b in response.json()["results"]["bindings"]]
    # the first three of the 20 towns in IRI order
    assert towns == [
        f"https://w3id.org/lpkg/id/place/{t}" for t in ("bilina", "breclav", "broumov")
    ]
    whole = small.get("/sparql", params={"query": CITIES})
    assert "lpkg-rows-cut" not in whole.headers


def test_a_body_over_the_limit_is_413(small: TestClient) -> None:
    query = TOWNS + " # " + "x" * 200
    response = small.post(
        "/sparql", content=query, headers={"Content-Type": "application/sparql-query"}
    )
    assert response.status_code == 413


def test_dataset_parameters_choose_the_dataset_s_graphs(client: TestClient) -> None:
    ask = "ASK { lplace:most a schema:City }"
    most = client.get("/sparql", params={"query": ask, "default-graph-uri": MOST})
    assert most.json()["boolean"] is True
    litvinov = client.get("/sparql", params={"query": ask, "default-graph-uri": LITVINOV})
    assert litvinov.json()["boolean"] is False
    named = client.get(
        "/sparql",
        params={"query": "ASK { GRAPH ?g { lplace:most a schema:City } }", "named-graph-uri": MOST},
    )
    assert named.json()["boolean"] is True
    from_clause = client.post(
        "/sparql", data={"query": f"ASK FROM <{MOST}> {{ lplace:most a schema:City }}"}
    )
    assert from_clause.json()["boolean"] is True


@pytest.mark.parametrize(
    "params",
    [
        {"query": "ASK { }", "default-graph-uri": "http://127.0.0.1:9/data.ttl"},
        {"query": "ASK { }", "named-graph-uri": "file:///etc/passwd"},
        {"query": "ASK FROM <http://127.0.0.1:9/data.ttl> { }"},
        {"query": "ASK FROM NAMED <file:///etc/passwd> { }"},
        {"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"},
    ],
)
def test_graphs_and_services_outside_the_dataset_are_400(
    client: TestClient, params: dict[str, str]
) -> None:
    response = client.get("/sparql", params=params)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"


def test_service_in_a_comment_or_a_string_is_no_service(client: TestClient) -> None:
    query = '# SERVICE <http://127.0.0.1:9/>\nASK { FILTER ("SERVICE <x> {}" != "") }'
    assert client.get("/sparql", params={"query": query}).json()["boolean"] is True


@pytest.mark.parametrize(
    ("request_", "status"),
    [
        ({"params": {"update": "CLEAR ALL"}}, 403),
        ({"method": "POST", "data": {"update": "DROP ALL"}}, 403),
        ({"method": "POST", "content": "CLEAR ALL", "type": "application/sparql-update"}, 403),
        # an update smuggled in the query, also behind a comment
        ({"params": {"query": "# SELECT * {}\nINSERT DATA { <a:s> <a:p> <a:o> }"}}, 403),
        (
            {
                "method": "POST",
                "content": "DELETE WHERE { ?s ?p ?o }",
                "type": "application/sparql-query",
            },
            403,
        ),
        ({"method": "POST", "data": {"update": "CLEAR XYZ"}}, 400),
    ],
)
def test_updates_are_refused(client: TestClient, request_: dict, status: int) -> None:  # type: ignore[type-arg]
    if request_.get("method") == "POST":
        if "data" in request_:
            response = client.post("/sparql", data=request_["data"])
        else:
            response = client.post(
                "/sparql", content=request_["content"], headers={"Content-Type": request_["type"]}
            )
    else:
        response = client.get("/sparql", params=request_["params"])
    assert response.status_code == status, response.text
    if status == 403:
        assert "read-only" in response.json()["detail"]
    assert _count(client.get("/sparql", params={"query": CITIES})) == "20"


def test_a_syntax_error_is_400_with_the_parser_s_reason(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x"})
    assert response.status_code == 400
    assert "SPARQL syntax error" in response.json()["detail"]


@pytest.mark.parametrize(
    ("headers", "content", "status"),
    [
        ({"Content-Type": "text/plain"}, b"ASK {}", 415),
        ({}, b"query=ASK%20%7B%7D", 415),
        (
            {"Content-Type": "application/sparql-query; charset=UTF-16"},
            "ASK {}".encode("utf-16"),
            415,
        ),
        ({"Content-Type": "application/sparql-query"}, b"ASK { \xff }", 400),
        ({"Content-Type": "application/x-www-form-urlencoded"}, b"query=ASK{}&query=ASK{}", 400),
        ({"Content-Type": "application/x-www-form-urlencoded"}, b"format=json", 400),
    ],
)
def test_malformed_requests_are_4xx(
    client: TestClient, headers: dict[str, str], content: bytes, status: int
) -> None:
    response = client.post("/sparql", content=content, headers=headers)
    assert response.status_code == status, response.text


def test_other_methods_are_405(client: TestClient) -> None:
    assert client.put("/sparql", params={"query": "ASK {}"}).status_code == 405


def test_the_service_description(client: TestClient, state: ServeState) -> None:
    response = client.get("/sparql")
    assert response.headers["content-type"].startswith("text/turtle")
    description = Graph().parse(data=response.content, format="turtle")
    service = description.value(predicate=RDF.type, object=SD.Service)
    assert description.value(service, SD.endpoint) == URIRef("http://testserver/sparql")
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in description
    assert (service, SD.feature, SD.UnionDefaultGraph) in description
    assert (
        service,
        SD.resultFormat,
        URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON"),
    ) in description
    names = set(description.objects(None, SD.name))
    assert URIRef(MOST) in names and URIRef(LITVINOV) in names
    # every source page named in data/ (one graph each), and nothing else
    assert names == {URIRef(g) for g in state.store.graph_names()}
    jsonld = client.get("/sparql", headers={"Accept": "application/ld+json"})
    assert jsonld.headers["content-type"] == "application/ld+json"
    assert len(Graph().parse(data=jsonld.content, format="json-ld")) == len(description)


def test_a_browser_at_sparql_gets_the_query_page(client: TestClient) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.get("/sparql", headers={"Accept": accept})
    assert response.headers["content-type"].startswith("text/html")
    assert '<textarea id="query"' in response.text
    page = client.get("/query")
    assert "Organizace působící v obou městech" in page.text  # queries/both-towns.rq's title
    for asset in ("query.js", "query.css"):
        assert client.get(f"/static/query/{asset}").status_code == 200


@pytest.mark.parametrize("query", list_queries(ROOT), ids=lambda q: q.name)
def test_every_example_of_the_query_page_runs(client: TestClient, query: NamedQuery) -> None:
    """The page offers the named queries as they are, parameters unset."""
    response = client.post("/sparql", data={"query": query.text})
    assert response.status_code == 200, response.text
    assert response.json()["head"]["vars"]
