"""The Reconciliation Service API v0.2: answers checked against the specification's JSON
Schemas, matches as ``lpkg match`` accepts them, properties that narrow the candidates.

Expected candidates come from docs/reconciliation.md and data/: "Most k naději, o.s." is how
Litvínov lists lorg:most-k-nadeji; Břeclav lists "Apoštolská církev a Royal Rangers", one entry
naming two organizations; the Diakonie's Most centre has the IČO 70863601; the Cheb page does not
reach its member list, so no organization serves Cheb in the data.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator
from referencing import Registry
from referencing.jsonschema import DRAFT7
from starlette.testclient import TestClient

from lpkg.load import load_graph
from lpkg.match import NameIndex
from lpkg.namespaces import LORG, ORG
from lpkg.serve.reconcile import MAX_BATCH
from tests import EXTERNAL, ROOT, require

SPEC = EXTERNAL / "reconciliation-api-0.2"


def _validator(name: str) -> Draft7Validator:
    """A validator for the specification's schema ``name``, its references resolved among the
    specification's own schemas (the manifest's authentication refers to Swagger 2.0's)."""
    folder = require(SPEC / "schemas", "LPKG_EXTERNAL")
    schemas = [json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.json")]
    registry: Registry = Registry().with_resources(
        (s["$id"].rstrip("#"), DRAFT7.create_resource(s)) for s in schemas
    )
    return Draft7Validator(
        json.loads((folder / name).read_text(encoding="utf-8")), registry=registry
    )


def _examples(kind: str, verdict: str) -> list[Path]:
    return sorted((require(SPEC / "examples", "LPKG_EXTERNAL") / kind / verdict).glob("*.json"))


@pytest.mark.parametrize(
    ("kind", "schema"),
    [
        ("manifest", "manifest.json"),
        ("reconciliation-result-batch", "reconciliation-result-batch.json"),
        ("suggest-entities-response", "suggest-entities-response.json"),
    ],
)
def test_the_validators_tell_the_specifications_examples_apart(kind: str, schema: str) -> None:
    """The check can fail: the schemas as loaded here accept the valid examples and reject the
    invalid ones."""
    validator = _validator(schema)
    for path in _examples(kind, "valid"):
        assert validator.is_valid(json.loads(path.read_text(encoding="utf-8"))), path
    for path in _examples(kind, "invalid"):
        assert not validator.is_valid(json.loads(path.read_text(encoding="utf-8"))), path


def _reconcile(client: TestClient, queries: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/reconcile", data={"queries": json.dumps(queries)})
    assert response.status_code == 200, response.text
    body = response.json()
    _validator("reconciliation-result-batch.json").validate(body)
    assert body.keys() == queries.keys()
    return body  # type: ignore[no-any-return]


def _ids(result: dict[str, Any]) -> list[str]:
    return [c["id"] for c in result["result"]]


def test_the_manifest(client: TestClient) -> None:
    response = client.get("/reconcile")
    manifest = response.json()
    _validator("manifest.json").validate(manifest)
    assert manifest["versions"] == ["0.2"]
    assert manifest["identifierSpace"] == str(LORG)
    assert manifest["defaultTypes"] == [{"id": str(ORG.Organization), "name": "Organization"}]
    assert manifest["preview"]["url"] == "http://testserver/preview?id={{id}}"
    assert manifest["suggest"]["entity"] == {
        "service_url": "http://testserver",
        "service_path": "/suggest/entity",
    }


def test_a_known_name_is_a_match(client: TestClient) -> None:
    body = _reconcile(client, {"q0": {"query": "Most k naději, o.s."}})
    best = body["q0"]["result"][0]
    assert best["id"] == str(LORG["most-k-nadeji"])
    assert best["name"] == "Most k naději"
    assert (best["match"], best["score"]) == (True, 100)


def test_a_garbled_name_is_no_match(client: TestClient) -> None:
    # letters swapped in a distinctive word: too far for the matcher's typo allowance
    body = _reconcile(client, {"q0": {"query": "Mots k nadjei"}})
    assert not any(c["match"] for c in body["q0"]["result"])


def test_a_batch_by_get_as_well(client: TestClient) -> None:
    queries = {"a": {"query": "Policie ČR"}, "b": {"query": "Oblastní charita Most"}}
    response = client.get("/reconcile", params={"queries": json.dumps(queries)})
    body = response.json()
    _validator("reconciliation-result-batch.json").validate(body)
    assert _ids(body["a"])[0] == str(LORG["policie-cr"])
    # "Oblastní charita Most" is the former name of Charita Most
    assert _ids(body["b"])[0] == str(LORG["oblastni-charita-most"])


def test_two_organizations_one_name_is_no_sure_match(client: TestClient) -> None:
    body = _reconcile(client, {"q0": {"query": "Apoštolská církev a Royal Rangers"}})
    result = body["q0"]["result"]
    assert set(_ids(body["q0"])) == {str(LORG["apostolska-cirkev"]), str(LORG["royal-rangers"])}
    assert all(c["score"] == 100 and c["match"] is False for c in result)
    # also when the limit leaves one of them out
    limited = _reconcile(client, {"q0": {"query": "Apoštolská církev a Royal Rangers", "limit": 1}})
    assert [c["match"] for c in limited["q0"]["result"]] == [False]


def test_match_only_where_lpkg_match_accepts(client: TestClient) -> None:
    index = NameIndex.from_graph(load_graph(root=ROOT))
    names = [
        "Most k naději",
        "ÚP v Mostě",
        "Diakonie ČCE",
        "Policie",
        "Městská policie",
        "Agentura",
    ]
    body = _reconcile(client, {str(i): {"query": n} for i, n in enumerate(names)})
    for i, name in enumerate(names):
        accepted = {str(c.iri) for c in index.match(name)}
        for candidate in body[str(i)]["result"]:
            assert not candidate["match"] or candidate["id"] in accepted, (name, candidate)


def test_a_town_narrows_the_candidates(client: TestClient) -> None:
    body = _reconcile(
        client,
        {
            "most": {"query": "Policie ČR", "properties": [{"pid": "town", "v": "Most"}]},
            "iri": {
                "query": "Policie ČR",
                "properties": [{"pid": "town", "v": {"id": "https://w3id.org/lpkg/id/place/most"}}],
            },
            "cheb": {"query": "Policie ČR", "properties": [{"pid": "town", "v": "Cheb"}]},
        },
    )
    assert _ids(body["most"]) == _ids(body["iri"]) == [str(LORG["policie-cr"])]
    assert body["cheb"]["result"] == []


def test_an_ico_narrows_or_finds_the_candidates(client: TestClient) -> None:
    centre = "Diakonie ČCE – Středisko sociální pomoci v Mostě"
    body = _reconcile(
        client,
        {
            "same": {"query": centre, "properties": [{"pid": "ico", "v": "70863601"}]},
            "other": {"query": centre, "properties": [{"pid": "ico", "v": "12345678"}]},
            "alone": {"properties": [{"pid": "ico", "v": 70863601}]},
        },
    )
    assert _ids(body["same"]) == _ids(body["alone"]) == [str(LORG["diakonie-cce-stredisko-most"])]
    assert body["same"]["result"][0]["match"] is True
    assert body["other"]["result"] == []


def test_a_type_narrows_the_candidates(client: TestClient) -> None:
    body = _reconcile(
        client,
        {
            "unit": {"query": "Policie ČR", "type": str(ORG.OrganizationalUnit)},
            "organization": {"query": "Policie ČR", "type": ["org:Organization"]},
        },
    )
    assert body["unit"]["result"] == []
    assert _ids(body["organization"]) == [str(LORG["policie-cr"])]


@pytest.mark.parametrize(
    "queries",
    [
        "not json",
        json.dumps(["Most k naději"]),
        json.dumps({"q0": {"query": "Most", "properties": [{"pid": "color", "v": "red"}]}}),
        json.dumps({"q0": {"query": "Most k naději", "limit": "many"}}),
        json.dumps({str(i): {"query": "Most k naději"} for i in range(MAX_BATCH + 1)}),
    ],
    ids=["not-json", "array", "unknown-property", "bad-limit", "too-many"],
)
def test_bad_batches_are_400(client: TestClient, queries: str) -> None:
    response = client.post("/reconcile", data={"queries": queries})
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"


def test_the_specifications_invalid_queries_are_400(client: TestClient) -> None:
    paths = _examples("reconciliation-query-batch", "invalid")
    assert paths
    for path in paths:
        response = client.post("/reconcile", data={"queries": path.read_text(encoding="utf-8")})
        assert response.status_code == 400, path


def test_suggest(client: TestClient) -> None:
    body = client.get("/suggest/entity", params={"prefix": "most k"}).json()
    _validator("suggest-entities-response.json").validate(body)
    assert [s["id"] for s in body["result"]] == [str(LORG["most-k-nadeji"])]
    # a word of the name counts too, after the names that start so
    body = client.get("/suggest/entity", params={"prefix": "nadej"}).json()
    assert str(LORG["most-k-nadeji"]) in [s["id"] for s in body["result"]]


def test_preview(client: TestClient) -> None:
    response = client.get("/preview", params={"id": str(LORG["diakonie-cce-stredisko-most"])})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "Diakonie ČCE – Středisko sociální pomoci v Mostě" in response.text
    assert "70863601" in response.text
    missing = client.get("/preview", params={"id": str(LORG["no-such-organization"])})
    assert missing.status_code == 404
