"""The OpenAPI 3.1 document at /openapi.json: valid, generated from the named queries, and true
to what the server answers (schemathesis, in process)."""

from __future__ import annotations

import dataclasses
import json
from importlib.resources import files
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from jsonschema import Draft202012Validator
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from starlette.testclient import TestClient

from lpkg.serve import create_app
from lpkg.serve.app import ServeState
from tests import ROOT


def _openapi_3_1() -> Draft202012Validator:
    """The OpenAPI 3.1 schema as openapi-spec-validator ships it, read from its package: its
    own loader opens the file through urllib, which the tests' network guard refuses."""
    text = files("openapi_spec_validator").joinpath("resources/schemas/v3.1/schema.json")
    return Draft202012Validator(json.loads(text.read_text(encoding="utf-8")))


def test_the_document_is_valid_openapi_3_1(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    assert document["openapi"] == "3.1.0"
    validator = _openapi_3_1()
    validator.validate(document)
    # the check can fail
    assert not validator.is_valid({k: v for k, v in document.items() if k != "info"})
    broken = json.loads(json.dumps(document))
    broken["paths"]["/api/queries"]["get"]["responses"]["200"] = {"content": {}}
    assert not validator.is_valid(broken)


def test_every_named_query_has_a_path_with_its_parameters(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for rq in (ROOT / "queries").glob("*.rq"):
        assert f"/api/queries/{rq.stem}" in paths
    operation = paths["/api/queries/both-towns"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert list(parameters) == ["town1", "town2", "date", "lang", "format"]
    assert parameters["town1"]["description"].startswith("the first town")
    assert "Default: lplace:litvinov." in parameters["town1"]["description"]
    assert parameters["lang"]["schema"]["enum"] == ["cs", "en"]
    for status in ("400", "406", "429", "503"):
        assert operation["responses"][status]["content"]["application/problem+json"]["schema"] == {
            "$ref": "#/components/schemas/Problem"
        }
    assert {"/reconcile", "/suggest/entity", "/preview"} <= paths.keys()
    assert "404" in paths["/preview"]["get"]["responses"]


def test_the_server_keeps_to_its_description(state: ServeState) -> None:
    """schemathesis generates requests for every operation of the document and finds no server
    error and no answer the document does not describe. (Its pytest plugin does not run under
    pytest 9, so the test drives Hypothesis itself.)"""
    # the rate limit would answer most of the generated requests with 429
    unlimited = dataclasses.replace(state, settings=dataclasses.replace(state.settings, rate=10**9))
    schema = schemathesis.openapi.from_asgi(
        "/openapi.json", create_app(unlimited.settings, unlimited)
    )
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=5,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def keeps_to_it(case: Any) -> None:
            case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])

        keeps_to_it()
