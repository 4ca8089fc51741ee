"""lpkg validate --store/--endpoint: the same report and exit code wherever the data is."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from lpkg.cli import main
from lpkg.load import load_dataset
from lpkg.publish.endpoint import publish
from lpkg.store import EndpointStore
from tests import ROOT
from tests.servers import free_port, oxigraph

PROJECT = "https://w3id.org/lpkg/id/project/litvinov-setkavani-terennich-pracovniku"
BROKEN = f"""
<https://w3id.org/lpkg/id/place/most> <http://www.w3.org/2000/01/rdf-schema#comment> "A town."@en .
<{PROJECT}> <https://w3id.org/lpkg/ontology#participatingOrganizationCount> "-8"^^<http://www.w3.org/2001/XMLSchema#integer> .
"""  # noqa: E501
"""Two statements without a source (in the default graph of a data file), one of them a count
below sh:minInclusive 0: three violations."""


def invoke(root: Path, *args: str):
    return CliRunner().invoke(main, ["--root", str(root), "validate", "--lang", "en", *args])


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("broken")
    for folder in ("ontology", "data", "shapes"):
        shutil.copytree(ROOT / folder, root / folder)
    places = root / "data" / "places.trig"
    places.write_text(places.read_text(encoding="utf-8") + BROKEN, encoding="utf-8")
    return root


@pytest.mark.parametrize("store", ["memory", "oxigraph", "oxigraph:{tmp}/store"])
def test_the_shipped_data_conforms_on_every_store(store: str, tmp_path: Path) -> None:
    result = invoke(ROOT, "--store", store.format(tmp=tmp_path))
    assert result.exit_code == 0, result.output
    assert result.output == (
        "The data conforms to the shapes. Violations: 0, warnings: 0, info: 0.\n"
    )


def test_every_store_gives_the_same_report_and_exit_code(broken: Path, tmp_path: Path) -> None:
    outputs = {}
    for store in ("memory", "oxigraph", f"oxigraph:{tmp_path / 'store'}"):
        result = invoke(broken, "--store", store, "--format", "json")
        assert result.exit_code == 1, result.output
        outputs[store] = result.output
    assert len(set(outputs.values())) == 1
    results = json.loads(outputs["memory"])["results"]
    assert sorted((r["focusNode"], r["constraintComponent"].split("#")[1]) for r in results) == [
        ("https://w3id.org/lpkg/id/place/most", "NoSource"),
        (PROJECT, "MinInclusiveConstraintComponent"),
        (PROJECT, "NoSource"),
    ]
    text = invoke(broken, "--store", "oxigraph").output
    assert "Violations: 3," in text and "Violation: Most (lplace:most)" in text


def test_an_endpoint_is_validated_where_it_is(
    broken: Path, allow_loopback: Callable[[int], tuple[str, int]]
) -> None:
    with oxigraph(None, allow_loopback) as server:
        publish(load_dataset(root=broken), EndpointStore(None, graph_store=server.graph_store))
        result = invoke(ROOT, "--endpoint", server.query, "--format", "json")
    assert result.exit_code == 1, result.output
    assert result.output == invoke(broken, "--store", "memory", "--format", "json").output


def test_unusable_stores_and_endpoints_exit_2(
    broken: Path, allow_loopback: Callable[[int], tuple[str, int]]
) -> None:
    port = free_port()
    allow_loopback(port)  # nothing listens there
    for args, said in (
        (["--store", "sqlite"], "give memory, oxigraph or oxigraph:PATH"),
        (["--endpoint", f"http://127.0.0.1:{port}/query"], "Cannot reach"),
        (["--endpoint", "ftp://example.org/"], "give an http:// or https:// URL"),
        (["--endpoint", "http://127.0.0.1:1/query", "x.ttl"], "give no FILES"),
    ):
        result = invoke(broken, *args)
        assert result.exit_code == 2, (args, result.output)
        assert said in result.output
        assert "Traceback" not in result.output
