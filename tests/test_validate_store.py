"""lpkg.validate.validate_store: the shapes compiled to SPARQL run where the data is (pyoxigraph
in memory or on disk, an Oxigraph server) give the report validate() gives on rdflib."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import XSD

from lpkg.errors import InputError
from lpkg.load import dataset_files, load_dataset, load_graph
from lpkg.namespaces import LPKG
from lpkg.publish.endpoint import publish
from lpkg.store import EndpointStore, OxigraphStore, RdflibStore, Store
from lpkg.validate import ValidationReport, validate, validate_store
from tests import FIXTURES, ROOT
from tests.servers import oxigraph

INVALID = sorted((FIXTURES / "shapes").glob("*.invalid.ttl"))
"""Every violating fixture at once: the data with a hundred-odd results of every kind."""


def _comparable(report: ValidationReport, messages: bool = True) -> list[str]:
    """The JSON results with blank nodes made alike (each store names them its own way)."""
    results = json.loads(report.to_json())["results"]
    for result in results:
        if not messages:
            del result["message"], result["messages"]
        for key in ("focusNode", "value", "sourceShape"):
            if (result[key] or "").startswith("_:"):
                result[key] = "_:b"
    return sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in results)


@pytest.fixture(scope="module")
def reference() -> dict[str, ValidationReport]:
    return {
        "shipped": validate(load_graph(root=ROOT)),
        "violations": validate(load_graph(INVALID, root=ROOT)),
    }


def _local(path: Path | None, extra: list[Path]) -> OxigraphStore:
    store = OxigraphStore(path)
    store.load_files([*dataset_files(ROOT), *extra])
    return store


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, allow_loopback: Callable[[int], tuple[str, int]]
) -> Iterator[Callable[[list[Path]], EndpointStore]]:
    """An Oxigraph server; ``load(extra)`` publishes the dataset with ``extra`` into it."""
    with oxigraph(None, allow_loopback) as running:
        store = EndpointStore(running.query, graph_store=running.graph_store)

        def load(extra: list[Path]) -> EndpointStore:
            store._request("POST", running.query.replace("/query", "/update"), b"CLEAR ALL",
                           {"Content-Type": "application/sparql-update"})
            publish(load_dataset(extra, root=ROOT), store)
            return store

        yield load


@pytest.mark.parametrize("data", ["shipped", "violations"])
@pytest.mark.parametrize("kind", ["memory", "disk", "server"])
def test_every_store_gives_the_report_of_rdflib(
    kind: str,
    data: str,
    reference: dict[str, ValidationReport],
    server: Callable[[list[Path]], EndpointStore],
    tmp_path: Path,
) -> None:
    extra = INVALID if data == "violations" else []
    store: Store = {
        "memory": lambda: _local(None, extra),
        "disk": lambda: _local(tmp_path / "store", extra),
        "server": lambda: server(extra),
    }[kind]()
    report = validate_store(store)
    expected = reference[data]
    assert report.conforms is expected.conforms is (data == "shipped")
    assert _comparable(report) == _comparable(expected)
    if data == "violations":  # the labels come from the store
        assert any(r.focus_label != str(r.focus) for r in report.results)


def test_an_rdflib_store_is_validated_as_its_graph(reference: dict[str, ValidationReport]) -> None:
    report = validate_store(RdflibStore(load_graph(INVALID, root=ROOT)))
    assert _comparable(report) == _comparable(reference["violations"])


def test_pyoxigraph_reports_a_value_in_canonical_form(tmp_path: Path) -> None:
    """A count of "1.50"^^xsd:decimal is no whole number: rdflib keeps the literal as written,
    pyoxigraph stores (and so reports) its canonical form "1.5". (rdflib itself writes
    "01"^^xsd:integer as "1", so that one is reported alike.)"""
    project = URIRef("https://w3id.org/lpkg/id/project/litvinov-setkavani-terennich-pracovniku")
    path = tmp_path / "count.ttl"
    path.write_text(
        f'<{project}> <{LPKG.participatingOrganizationCount}> "1.50"^^<{XSD.decimal}> .\n',
        encoding="utf-8",
    )

    def values(report: ValidationReport) -> set[str]:
        return {str(r.value) for r in report.results if r.focus == project and r.value}

    assert values(validate(load_graph([path], root=ROOT))) == {"1.50"}
    assert values(validate_store(_local(None, [path]))) == {"1.5"}


def test_shapes_that_need_pyshacl_run_on_a_copy_of_a_local_store() -> None:
    path = FIXTURES / "shacl_sparql" / "custom-component-falls-back.ttl"
    graph = Graph().parse(path)
    store = OxigraphStore()
    store.load_files([path])
    report = validate_store(store, graph)
    expected = validate(graph, graph)
    assert not report.conforms
    # pySHACL's own messages write IRIs with the data's prefixes, which a store does not keep
    messages = [r.message() for r in report.results]
    assert "More than 1 values on <http://example.org/b>->ex:code" in messages
    assert "More than 1 values on ex:b->ex:code" in [r.message() for r in expected.results]
    assert _comparable(report, messages=False) == _comparable(expected, messages=False)


def test_shapes_that_need_pyshacl_are_refused_at_an_endpoint_with_their_names() -> None:
    shapes = Graph().parse(FIXTURES / "shacl_sparql" / "custom-component-falls-back.ttl")
    ex = Namespace("http://example.org/")
    # refused before any request is sent (no server listens at port 1)
    with pytest.raises(InputError, match=re.escape(str(ex.CustomShape))):
        validate_store(EndpointStore("http://127.0.0.1:1/query"), shapes)
