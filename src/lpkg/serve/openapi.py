"""The OpenAPI 3.1 description of the JSON API and the reconciliation service, served at
``/openapi.json``: one path per named query, its parameters taken from the query's header, so
that the document says what the server answers."""

from __future__ import annotations

from importlib.metadata import version
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..queries import NamedQuery
from .api import FORMATS, LANGS, ROWS_CUT_HEADER, named_queries
from .problems import PROBLEM_JSON
from .reconcile import MAX_BATCH, MAX_LIMIT, MAX_NAME, PROPERTIES

_PROBLEMS = {
    400: "The request cannot be answered as it is (the detail says why).",
    404: "No such resource.",
    406: "None of the formats the Accept header allows.",
    413: "The request body is too large.",
    429: "Too many requests from this client; wait for Retry-After seconds.",
    503: "The work did not finish within the server's time limit.",
}


def _problem(status: int) -> dict[str, Any]:
    return {
        "description": _PROBLEMS[status],
        "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def _problems(*statuses: int) -> dict[str, Any]:
    return {str(s): _problem(s) for s in (*statuses, 429, 503)}


def _json(schema: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


_INFERRED = " Answers from the data with what the ontology's axioms entail."


def _query_path(query: NamedQuery) -> dict[str, Any]:
    parameters: list[dict[str, Any]] = [
        {
            "name": p.name,
            "in": "query",
            "required": False,
            "description": p.description
            + (
                " A day (2010-06-30), a month (2010-06) or a year (2010)."
                if p.is_date
                else " A label (case and diacritics do not matter), a CURIE or an IRI."
            )
            + (f" Default: {p.default}." if p.default else ""),
            "schema": {"type": "string"},
        }
        for p in query.params
    ]
    parameters += [
        {
            "name": "lang",
            "in": "query",
            "description": "The language of labels and of columns headed by a parameter's value.",
            "schema": {"type": "string", "enum": list(LANGS), "default": "cs"},
        },
        {
            "name": "format",
            "in": "query",
            "description": "json, or csv as `lpkg query --format csv` writes it; else by Accept.",
            "schema": {"type": "string", "enum": list(FORMATS)},
        },
    ]
    cut = {
        ROWS_CUT_HEADER: {
            "description": "Present when rows were cut: the number of rows kept.",
            "schema": {"type": "string"},
        }
    }
    return {
        "get": {
            "operationId": f"query-{query.name}",
            "summary": query.title("en"),
            "description": query.question("en")
            + (
                " Answers from the data with what the ontology entails."
                if query.requires_inference
                else ""
            ),
            "tags": ["named queries"],
            "parameters": parameters,
            "responses": {
                "200": {
                    "description": "The rows.",
                    "headers": cut,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Answer"}},
                        "text/csv": {"schema": {"type": "string"}},
                    },
                },
                **_problems(400, 406),
            },
        }
    }


def document(request: Request) -> dict[str, Any]:
    """The OpenAPI document for this server and its named queries."""
    queries = named_queries(request)
    paths: dict[str, Any] = {
        "/api/queries": {
            "get": {
                "operationId": "list-queries",
                "summary": "The named queries",
                "tags": ["named queries"],
                "responses": {"200": _json("QueryList", "Every named query."), **_problems()},
            }
        },
    }
    for name, query in queries.items():
        paths[f"/api/queries/{name}"] = _query_path(query)
    paths.update(_reconciliation_paths())
    paths["/openapi.json"] = {
        "get": {
            "operationId": "openapi",
            "summary": "This document",
            "responses": {
                "200": {
                    "description": "OpenAPI 3.1",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                },
                **_problems(),
            },
        }
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "lpkg: the Local Partnerships Knowledge Graph",
            "version": version("lpkg"),
            "description": "The named queries of the dataset as JSON and CSV, and the "
            "Reconciliation Service API v0.2 for OpenRefine. Errors are RFC 9457 problem details.",
        },
        "servers": [{"url": str(request.base_url).rstrip("/") or "/"}],
        "paths": paths,
        "components": {"schemas": _SCHEMAS},
    }


_QUERIES_PARAM = {
    "name": "queries",
    "in": "query",
    "description": f"A JSON object of at most {MAX_BATCH} reconciliation queries, "
    '{"q0": {"query": "Most k naději", "limit": 3}}; without it, the service manifest. '
    f"Properties (pid): {'; '.join(f'{k}: {v}' for k, v in PROPERTIES.items())}.",
    "schema": {"type": "string"},
}


def _reconciliation_paths() -> dict[str, Any]:
    answers = {
        "description": "The manifest (without queries) or the candidates of each query.",
        "content": {
            "application/json": {
                "schema": {
                    "anyOf": [
                        {"$ref": "#/components/schemas/Manifest"},
                        {"$ref": "#/components/schemas/ReconciliationResults"},
                    ]
                }
            }
        },
    }
    return {
        "/reconcile": {
            "get": {
                "operationId": "reconcile",
                "summary": "The service manifest, or reconciliation queries",
                "tags": ["reconciliation"],
                "parameters": [_QUERIES_PARAM],
                "responses": {"200": answers, **_problems(400)},
            },
            "post": {
                "operationId": "reconcile-form",
                "summary": "Reconciliation queries as a form",
                "tags": ["reconciliation"],
                "requestBody": {
                    "content": {
                        "application/x-www-form-urlencoded": {
                            "schema": {
                                "type": "object",
                                "properties": {"queries": {"type": "string"}},
                            }
                        }
                    }
                },
                "responses": {"200": answers, **_problems(400, 413)},
            },
        },
        "/suggest/entity": {
            "get": {
                "operationId": "suggest-entity",
                "summary": "Organizations whose name, or a word of it, starts with the prefix",
                "tags": ["reconciliation"],
                "parameters": [
                    {
                        "name": "prefix",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "string", "maxLength": MAX_NAME},
                    },
                    {
                        "name": "cursor",
                        "in": "query",
                        "schema": {"type": "integer", "minimum": 0},
                    },
                ],
                "responses": {"200": _json("Suggestions", "The organizations."), **_problems(400)},
            }
        },
        "/preview": {
            "get": {
                "operationId": "preview",
                "summary": "A small HTML page about an organization",
                "tags": ["reconciliation"],
                "parameters": [
                    {"name": "id", "in": "query", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {
                    "200": {
                        "description": "The page.",
                        "content": {"text/html": {"schema": {"type": "string"}}},
                    },
                    **_problems(404),
                },
            }
        },
    }


_TYPE = {
    "type": "object",
    "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
    "required": ["id", "name"],
}

_SCHEMAS: dict[str, Any] = {
    "Problem": {
        "type": "object",
        "description": "RFC 9457 problem details.",
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
        },
        "required": ["title", "status", "detail"],
    },
    "QueryList": {
        "type": "object",
        "properties": {
            "queries": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "title": {"$ref": "#/components/schemas/Texts"},
                        "question": {"$ref": "#/components/schemas/Texts"},
                        "parameters": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "name": {"type": "string"},
                                    "description": {"type": "string"},
                                    "default": {"type": ["string", "null"]},
                                    "kind": {"enum": ["resource", "date"]},
                                    "class": {"type": ["string", "null"]},
                                },
                                "required": ["name", "description", "default", "kind"],
                            },
                        },
                        "requiresInference": {"type": "boolean"},
                        "url": {"type": "string"},
                    },
                    "required": ["name", "title", "question", "parameters", "url"],
                },
            }
        },
        "required": ["queries"],
    },
    "Texts": {
        "type": "object",
        "properties": {"cs": {"type": "string"}, "en": {"type": "string"}},
        "required": ["cs", "en"],
    },
    "Answer": {
        "type": "object",
        "properties": {
            "columns": {"type": "array", "items": {"type": "string"}},
            "rows": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": {"$ref": "#/components/schemas/Value"},
                },
            },
            "truncated": {"type": "boolean"},
        },
        "required": ["columns", "rows", "truncated"],
    },
    "Value": {
        "description": "An IRI with its label, a blank node, a number, a boolean, other "
        "literals as text; null where the column has no value.",
        "anyOf": [
            {"type": ["string", "number", "boolean", "null"]},
            {
                "type": "object",
                "properties": {"iri": {"type": "string"}, "label": {"type": "string"}},
                "required": ["iri", "label"],
            },
            {
                "type": "object",
                "properties": {"bnode": {"type": "string"}},
                "required": ["bnode"],
            },
        ],
    },
    "Manifest": {
        "type": "object",
        "description": "The Reconciliation Service API v0.2 manifest.",
        "properties": {
            "versions": {"type": "array", "items": {"type": "string"}},
            "name": {"type": "string"},
            "identifierSpace": {"type": "string"},
            "schemaSpace": {"type": "string"},
            "defaultTypes": {"type": "array", "items": _TYPE},
            "view": {"type": "object"},
            "preview": {"type": "object"},
            "suggest": {"type": "object"},
        },
        "required": ["versions", "name", "identifierSpace", "schemaSpace"],
    },
    "ReconciliationResults": {
        "type": "object",
        "description": "The candidates of each query, by the query's key.",
        "additionalProperties": {
            "type": "object",
            "properties": {
                "result": {
                    "type": "array",
                    "maxItems": MAX_LIMIT,
                    "items": {
                        "type": "object",
                        "properties": {
                            "id": {"type": "string"},
                            "name": {"type": "string"},
                            "description": {"type": "string"},
                            "score": {"type": "number"},
                            "match": {"type": "boolean"},
                            "type": {"type": "array", "items": _TYPE},
                        },
                        "required": ["id", "name", "score", "match"],
                    },
                }
            },
            "required": ["result"],
        },
    },
    "Suggestions": {
        "type": "object",
        "properties": {
            "result": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string"},
                        "name": {"type": "string"},
                        "description": {"type": "string"},
                        "notable": {"type": "array", "items": _TYPE},
                    },
                    "required": ["id", "name"],
                },
            }
        },
        "required": ["result"],
    },
}


async def openapi_endpoint(request: Request) -> Response:
    return JSONResponse(document(request))
