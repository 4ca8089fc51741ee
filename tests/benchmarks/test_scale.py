"""benchmarks/scale.py: how it decides that an engine found the injected violations, and that a
run past the time limit is stopped and shown as such."""

from __future__ import annotations

import json
import re
import shutil
import sys

from tests import ROOT, benchmark

scale = benchmark("scale")

SH = "http://www.w3.org/ns/shacl#"
SHAPES = "https://w3id.org/lpkg/shapes#"
MEMBERSHIP = "https://w3id.org/lpkg/id/membership/gen-p00000--gen-o00001"
MANIFEST = {
    "expected": [
        {
            "focus": MEMBERSHIP,
            "via": [],
            "component": f"{SH}MinCountConstraintComponent",
            "shape": f"{SHAPES}ListedNameProperty",
        },
        {
            "focus": MEMBERSHIP,
            "via": ["http://www.w3.org/ns/org#memberDuring"],
            "component": f"{SH}SPARQLConstraintComponent",
            "shape": f"{SHAPES}IntervalOrderRule",
        },
    ]
}


def _lpkg_report(*results: tuple[str, str, str]) -> str:
    keys = ("focusNode", "constraintComponent", "sourceShape")
    return "progress on stdout\n" + json.dumps(
        {"conforms": False, "results": [dict(zip(keys, r, strict=True)) for r in results]}
    )


def test_a_blank_node_focus_matches_any_blank_node_of_that_component_and_shape():
    outcome = scale.Outcome(1.0, 50.0, 1, 1)
    outcome.output = _lpkg_report(
        (MEMBERSHIP, f"{SH}MinCountConstraintComponent", f"{SHAPES}ListedNameProperty"),
        ("_:n42", f"{SH}SPARQLConstraintComponent", f"{SHAPES}IntervalOrderRule"),
    )
    scale.score(outcome, scale.expected_findings(MANIFEST), scale.from_lpkg_json)
    assert outcome.found == "2/2 found"


def test_a_result_on_another_focus_or_shape_does_not_count():
    outcome = scale.Outcome(1.0, 50.0, 1, 1)
    outcome.output = _lpkg_report(
        (MEMBERSHIP + "-dup", f"{SH}MinCountConstraintComponent", f"{SHAPES}ListedNameProperty"),
        ("_:n42", f"{SH}SPARQLConstraintComponent", f"{SHAPES}DuplicateMembershipRule"),
    )
    scale.score(outcome, scale.expected_findings(MANIFEST), scale.from_lpkg_json)
    assert outcome.found == "0/2 found (missed: IntervalOrderRule, ListedNameProperty)"


def test_an_engine_that_failed_is_not_scored_and_says_why():
    crash = "import sys; print('no such shape', file=sys.stderr); sys.exit(3)"
    outcome = scale.bench([sys.executable, "-c", crash], cwd=ROOT, timeout=60, repeat=3)
    scale.score(outcome, scale.expected_findings(MANIFEST), scale.from_lpkg_json)
    assert (outcome.runs, outcome.found) == (1, "")
    assert outcome.cell() == "failed (exit 3); no such shape"


def test_a_run_past_the_limit_is_killed_and_shown_as_over_it():
    outcome = scale.bench(
        [sys.executable, "-c", "import time; time.sleep(30)"], cwd=ROOT, timeout=1, repeat=3
    )
    assert (outcome.seconds, outcome.runs) == (None, 1)
    assert outcome.cell() == "> 1 s"


def test_cases_runs_only_the_rows_it_matches_on_the_project_given(
    tmp_path, monkeypatch, allow_loopback
):
    # the Oxigraph server the --endpoint row asks is on a port the test lets it reach
    free_port = scale._free_port
    monkeypatch.setattr(scale, "_free_port", lambda: allow_loopback(free_port())[1])
    project, work = _project_and_work(tmp_path)
    table: scale.Table = {}
    size = scale.measure_size(
        1, work, inject=1, repeat=1, timeout=120, budget=120, table=table,
        cases="^query identifiers (lpkg query --(store oxigraph|endpoint)|pyoxigraph)",
        given=project,
    )  # fmt: skip
    assert size == json.loads((project / "manifest.json").read_text())["triples"]
    assert sorted(table) == [
        ("query identifiers", "lpkg query --endpoint (Oxigraph server)"),
        ("query identifiers", "lpkg query --store oxigraph"),
        ("query identifiers", "lpkg query --store oxigraph:PATH (loaded)"),
        ("query identifiers", "pyoxigraph direct (load + query)"),
    ]
    server, ours, on_disk, direct = (table[key][size] for key in sorted(table))
    assert " rows" in direct
    for cell in (ours, on_disk, server):  # the same number of rows
        assert cell.endswith(direct[direct.index(";") :]), cell
    # no validation ran: no project with violations, nor the files the other engines read; the
    # server's store is gone with the server
    assert sorted(p.name for p in work.iterdir()) == [f"{size}-identifiers.rq"]


def test_lpkg_build_has_its_own_time_limit(tmp_path):
    project, work = _project_and_work(tmp_path)
    table: scale.Table = {}
    size = scale.measure_size(
        1, work, inject=1, repeat=1, timeout=600, budget=600, table=table,
        cases="^(build|stats) lpkg (build|stats)$", given=project, build_timeout=1,
    )  # fmt: skip
    # start-up alone takes a good part of a second, the build's validation and pages far more
    assert table[("build", "lpkg build")][size] == "> 1 s"
    stats = table[("stats", "lpkg stats")][size]  # within its own limit
    assert re.fullmatch(r"\S+ s \(CPU \S+ s\), \d+ MiB \(1 run\)", stats)
    assert list(work.iterdir()) == []  # the killed build's release removed


def _project_and_work(tmp_path):
    """A generated project of 3,000 triples with the repository's ontology, shapes and queries,
    and an empty folder for what scale.py writes."""
    project = tmp_path / "project"
    benchmark("generate").main(["--out", str(project), "--triples", "3000"])
    for name in ("ontology", "shapes", "queries"):
        shutil.copytree(ROOT / name, project / name)
    work = tmp_path / "work"
    work.mkdir()
    return project, work
