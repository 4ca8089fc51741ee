"""``lpkg validate``: reports and exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib.namespace import PROV

from lpkg.cli import main
from tests import FIXTURES, ROOT

INVALID = FIXTURES / "cli" / "membership-without-source.invalid.ttl"
MEMBERSHIP = "https://w3id.org/lpkg/id/membership/most--k-srdci-klic-2"


def invoke(*args: str):
    return CliRunner().invoke(main, ["--root", str(ROOT), "validate", *args])


def test_dataset_conforms() -> None:
    result = invoke("--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("The data conforms to the shapes. Violations: 0")


def test_contribution_that_does_not_conform_exits_1_and_names_the_resource() -> None:
    result = invoke(str(INVALID), "--lang", "en")
    assert result.exit_code == 1
    assert "does not conform" in result.output
    assert "Violation: K srdci klíč – člen Lokálního partnerství Most (podruhé)" in result.output
    assert "prov:wasDerivedFrom" in result.output


def test_json_report_lists_the_focus_node() -> None:
    result = invoke(str(INVALID), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["conforms"] is False
    assert MEMBERSHIP in {r["focusNode"] for r in report["results"]}


def test_turtle_report_is_a_shacl_report() -> None:
    result = invoke(str(INVALID), "--format", "turtle")
    assert result.exit_code == 1
    assert "sh:ValidationReport" in result.output
    assert "sh:conforms false" in result.output


def test_malformed_file_exits_2_with_position() -> None:
    result = invoke(str(FIXTURES / "load" / "missing-dot.invalid.ttl"))
    assert result.exit_code == 2
    assert "missing-dot.invalid.ttl, line 5, column 14" in result.output
    assert "Traceback" not in result.output


def test_missing_file_exits_2() -> None:
    result = invoke("no-such-file.ttl")
    assert result.exit_code == 2
    assert "no-such-file.ttl: no such file" in result.output


@pytest.mark.parametrize(
    "path", sorted((FIXTURES / "load").glob("*.invalid.*")), ids=lambda p: p.name
)
def test_every_bad_input_exits_2_with_one_message(path: Path) -> None:
    result = invoke(str(path))
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: {path}")
    assert "Traceback" not in result.output


def test_size_limit_is_configurable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LPKG_MAX_BYTES", "100")
    result = invoke(str(FIXTURES / "contributions" / "new-member.valid.ttl"))
    assert result.exit_code == 2
    assert "more than the limit of 100" in result.output


def test_shapes_the_engine_cannot_run_exit_2_with_the_reason(tmp_path: Path) -> None:
    # A SHACL-SPARQL constraint with MINUS, which SHACL-SPARQL forbids: unusable input, not a
    # verdict on the data (exit 1) and not a crash.
    for folder in ("ontology", "data", "shapes"):
        (tmp_path / folder).mkdir()
    (tmp_path / "ontology" / "thing.ttl").write_text(
        "<http://example.org/Thing> a <http://www.w3.org/2002/07/owl#Class> .\n", encoding="utf-8"
    )
    (tmp_path / "data" / "a.trig").write_text(
        "<http://example.org/a> a <http://example.org/Thing> .\n", encoding="utf-8"
    )
    (tmp_path / "shapes" / "minus.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<http://example.org/NoMinus> a sh:NodeShape ;\n"
        "    sh:targetNode <http://example.org/a> ;\n"
        '    sh:sparql [ sh:select "SELECT $this WHERE { $this ?p ?o MINUS { $this ?p 1 } }" ] .\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["--root", str(tmp_path), "validate"])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("Error: The shapes cannot be run by the SHACL engine")
    assert "must not contain a MINUS clause" in result.output
    assert "Traceback" not in result.output


def test_both_engines_give_the_same_report_on_a_dataset_that_does_not_conform(
    tmp_path: Path,
) -> None:
    for folder in ("ontology", "data", "shapes"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(INVALID, tmp_path / "data" / "extra.trig")  # Turtle is TriG of a default graph
    reports = {}
    for engine in ("sparql", "pyshacl"):
        result = CliRunner().invoke(
            main, ["--root", str(tmp_path), "validate", "--engine", engine, "--format", "json"]
        )
        assert result.exit_code == 1, result.output
        reports[engine] = json.loads(result.output)
    assert reports["sparql"] == reports["pyshacl"]
    # the shapes want a cited page; lpkg.sources finds its statements in no page's graph
    found = {(r["focusNode"], r["resultPath"]) for r in reports["sparql"]["results"]}
    assert found == {(MEMBERSHIP, str(PROV.wasDerivedFrom)), (MEMBERSHIP, None)}
