"""The W3C SPARQL 1.1 Protocol tests, run against /sparql.

The manifest (``EXTERNAL/w3c-sparql11-protocol/protocol/manifest.ttl``) gives each test's HTTP
requests in RDF (method, path, headers, body, the class of the status expected, the boolean or
the kind of answer); its data files are loaded, each in the named graph the test labels it with,
into a store of the test's own. What the manifest says only in prose, or what a read-only
endpoint answers instead of what it describes, is in :data:`BY_HAND`, worked out from each
test's name and requests.

Query tests must pass as the manifest says. Update tests are refused: lpkg's endpoint is
read-only, so each update answers 403 (or the 4xx its malformed request earns, exactly as
:data:`BY_HAND` says), and the ASK that the manifest sends next to see the update's effect
answers false: nothing was written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS
from starlette.testclient import TestClient

from lpkg.serve import Settings, create_app
from lpkg.serve.app import ServeState
from lpkg.serve.engine import Engine
from lpkg.store import OxigraphStore
from tests import EXTERNAL

SUITE = EXTERNAL / "w3c-sparql11-protocol" / "protocol"
MANIFEST = SUITE / "manifest.ttl"
BASE = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#"

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")

DATA0 = "http://kasei.us/2009/09/sparql/data/data0.rdf"


@dataclass(frozen=True)
class ByHand:
    """What the manifest does not say in RDF, for one test."""

    why: str
    status: int | None = None
    """The exact status lpkg answers the first request with (the manifest gives only a class,
    or a 2xx that a read-only endpoint refuses)."""
    graphs: tuple[str, ...] = ()
    """Graphs the requests name without giving data: empty graphs of the test's dataset (lpkg
    refuses a graph that is not the dataset's)."""
    after: bool | None = None
    """What the follow-up ASK answers once the update was refused."""


_DATA0 = "names data0.rdf, whose data the suite does not give: an empty graph of the dataset"
_UPDATE = "an update: lpkg's endpoint is read-only (403)"
BY_HAND = {
    "query_post_form": ByHand(_DATA0, graphs=(DATA0,)),
    "query_get": ByHand(_DATA0, graphs=(DATA0,)),
    "query_content_type_select": ByHand(_DATA0, graphs=(DATA0,)),
    "query_content_type_ask": ByHand(_DATA0, graphs=(DATA0,)),
    "query_content_type_describe": ByHand(_DATA0, graphs=(DATA0,)),
    "query_content_type_construct": ByHand(_DATA0, graphs=(DATA0,)),
    "bad_query_method": ByHand("PUT is not a method of the endpoint", 405, (DATA0,)),
    "bad_multiple_queries": ByHand("two query parameters", 400),
    "bad_query_wrong_media_type": ByHand("a text/plain body", 415),
    "bad_query_missing_form_type": ByHand("a body without Content-Type", 415),
    "bad_query_missing_direct_type": ByHand("a body without Content-Type", 415),
    "bad_query_non_utf8": ByHand("charset=UTF-16", 415),
    "bad_query_syntax": ByHand("ASK { is no query", 400),
    "update_dataset_default_graph": ByHand(_UPDATE, 403, after=False),
    "update_dataset_default_graphs": ByHand(_UPDATE, 403, after=False),
    "update_dataset_named_graphs": ByHand(_UPDATE, 403, after=False),
    "update_dataset_full": ByHand(_UPDATE, 403, after=False),
    "update_post_form": ByHand(_UPDATE, 403),
    "update_post_direct": ByHand(_UPDATE, 403),
    "update_base_uri": ByHand(_UPDATE, 403, after=False),
    "bad_update_get": ByHand("update= by GET: an update, refused as any other", 403),
    "bad_multiple_updates": ByHand("two update parameters", 400),
    "bad_update_wrong_media_type": ByHand("a text/plain body", 415),
    "bad_update_missing_form_type": ByHand("a body without Content-Type", 415),
    "bad_update_non_utf8": ByHand("charset=UTF-16", 415),
    "bad_update_syntax": ByHand("CLEAR XYZ is no update: the parser's reason (400)", 400),
    "bad_update_dataset_conflict": ByHand(
        "a well-formed update: refused as read-only before its dataset matters", 403
    ),
}
"""Keyed by the test's IRI within the manifest (``:query_get``), worked out by hand."""

STATUS_CLASSES = {HTS[f"StatusCode{n}xx"]: n for n in range(1, 6)}
BOOLEAN_TYPES = ("application/sparql-results+json", "application/sparql-results+xml")
TABULAR_TYPES = (*BOOLEAN_TYPES, "text/csv", "text/tab-separated-values")
RDF_TYPES = ("application/rdf+xml", "text/turtle", "application/n-triples")


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: frozenset[int]
    """The classes (2 for 2xx, ...) the status may fall in."""
    boolean: bool | None
    format: str | None


@dataclass(frozen=True)
class Case:
    name: str
    graphs: dict[str, Path]
    requests: list[Request]


def _cases() -> list[Case]:
    if not MANIFEST.is_file():
        return []
    manifest = Graph().parse(MANIFEST, format="turtle")
    top = next(manifest.subjects(RDF.type, MF.Manifest))
    entries = Collection(manifest, manifest.value(top, MF.entries))
    return [_case(manifest, entry) for entry in entries]  # type: ignore[arg-type]


def _case(manifest: Graph, entry: URIRef) -> Case:
    graphs = {
        str(manifest.value(data, RDFS.label)): SUITE
        / Path(str(manifest.value(data, UT.graph))).name
        for data in manifest.objects(entry, UT.graphData)
    }
    action = manifest.value(entry, MF.action)
    requests = [
        _request(manifest, r)
        for r in Collection(manifest, manifest.value(action, HT.requests))  # type: ignore[arg-type]
    ]
    return Case(str(entry).removeprefix(BASE), graphs, requests)


def _request(manifest: Graph, node: URIRef) -> Request:
    headers = {}
    listed = manifest.value(node, HT.headers)
    if listed is not None:
        for header in Collection(manifest, listed):  # type: ignore[arg-type]
            name = str(manifest.value(header, HT.fieldName))
            headers[name] = str(manifest.value(header, HT.fieldValue))
    body = manifest.value(node, HT.body)
    data = None
    if body is not None:
        encoding = str(manifest.value(body, CNT.characterEncoding))
        data = str(manifest.value(body, CNT.chars)).encode(encoding)
    response = manifest.value(node, HT.resp)
    boolean = manifest.value(response, MF.expectedBoolean)
    format = manifest.value(response, MF.expectedFormat)
    return Request(
        method=str(manifest.value(node, HT.methodName)),
        # the manifest's /sparql/ is this server's /sparql
        path="/sparql" + str(manifest.value(node, HT.absolutePath)).removeprefix("/sparql/"),
        headers=headers,
        body=data,
        statuses=frozenset(
            STATUS_CLASSES[s] for s in manifest.objects(response, MF.expectedStatus)
        ),
        boolean=None if boolean is None else boolean.toPython(),
        format=None if format is None else str(format),
    )


CASES = _cases()


def _client(case: Case, by_hand: ByHand) -> TestClient:
    store = OxigraphStore()
    for name, path in case.graphs.items():
        store.store.load(path=str(path), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))
    for name in by_hand.graphs:
        store.store.add_graph(ox.NamedNode(name))
    settings = Settings(timeout=30)
    state = ServeState(settings, store, Engine(store, settings.timeout))
    return TestClient(create_app(settings, state), raise_server_exceptions=False)


def _boolean(response) -> bool:  # type: ignore[no-untyped-def]
    media = response.headers["content-type"].split(";")[0]
    assert media in BOOLEAN_TYPES, media
    if media.endswith("json"):
        return json.loads(response.content)["boolean"]  # type: ignore[no-any-return]
    element = ElementTree.fromstring(response.content)
    found = element.find("{http://www.w3.org/2005/sparql-results#}boolean")
    assert found is not None
    return found.text == "true"


PARAMS = [pytest.param(c, id=c.name) for c in CASES] or [
    pytest.param(None, marks=pytest.mark.skip(reason=f"{MANIFEST} is absent (set LPKG_EXTERNAL)"))
]


@pytest.mark.parametrize("case", PARAMS)
def test_protocol(case: Case) -> None:
    by_hand = BY_HAND.get(case.name, ByHand("as the manifest says"))
    first, *rest = case.requests
    with _client(case, by_hand) as client:
        response = client.request(
            first.method, first.path, headers=first.headers, content=first.body
        )
        assert "Traceback" not in response.text
        if by_hand.status is not None:
            assert response.status_code == by_hand.status, (by_hand.why, response.text)
        if case.name.startswith("update_"):
            # the suite expects the update done (2xx); a read-only endpoint refuses it
            assert first.statuses == {2, 3} and response.status_code == 403
        else:
            assert response.status_code // 100 in first.statuses, response.text
            _check_answer(first, response)
        for follow_up in rest:
            assert by_hand.after is not None, "a follow-up needs its answer by hand"
            answer = client.request(
                follow_up.method, follow_up.path, headers=follow_up.headers, content=follow_up.body
            )
            assert answer.status_code == 200, answer.text
            assert _boolean(answer) is by_hand.after


def _check_answer(request: Request, response) -> None:  # type: ignore[no-untyped-def]
    media = response.headers.get("content-type", "").split(";")[0]
    if request.format == "boolean":
        assert media in BOOLEAN_TYPES
    elif request.format == "tabular":
        assert media in TABULAR_TYPES
    elif request.format == "RDF":
        assert media in RDF_TYPES
    if request.boolean is not None:
        assert _boolean(response) is request.boolean


def test_the_suite_is_there_and_every_case_is_known() -> None:
    if not MANIFEST.is_file():
        pytest.skip(f"{SUITE} is absent (set LPKG_EXTERNAL to the folder that holds it)")
    assert len(CASES) == 34
    assert set(BY_HAND) <= {c.name for c in CASES}
    # every case that is not a plain query has its row
    assert {c.name for c in CASES if not c.name.startswith("query_")} <= set(BY_HAND)
