"""``lpkg import``, ``lpkg add`` and ``lpkg validate`` of contributions, through the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from lpkg.cli import main
from lpkg.contribute.check import CHANGES_EXISTING_DATA
from lpkg.contribute.csv_import import read_csv
from lpkg.load import load_graph, parse_file
from lpkg.namespaces import LMEM
from tests import FIXTURES, ROOT

EXAMPLES = ROOT / "docs" / "examples"
CONTRIBUTIONS = FIXTURES / "contributions"
HOSTILE = FIXTURES / "hostile"
MOST = "http://www.socialni-zaclenovani.cz/lokalni-partnerstvi-most"
"""The page the Turtle fixtures' statements come from (each cites it)."""


def invoke(*args: str, root: Path = ROOT):
    return CliRunner().invoke(main, ["--root", str(root), *args])


def test_import_writes_turtle_that_parses_to_the_csv_graph(tmp_path: Path) -> None:
    out = tmp_path / "trmice.ttl"
    result = invoke("import", str(EXAMPLES / "trmice.csv"), "-o", str(out))
    assert result.exit_code == 0, result.output
    expected = Graph()
    for triple in read_csv(EXAMPLES / "trmice.csv").graph:
        expected.add(triple)
    assert isomorphic(parse_file(out), expected)
    assert out.read_text(encoding="utf-8").startswith("# Contribution imported by `lpkg import`")


def test_import_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "exists.ttl"
    out.write_text("# mine\n", encoding="utf-8")
    result = invoke("import", str(EXAMPLES / "trmice.csv"), "-o", str(out))
    assert result.exit_code == 2
    assert out.read_text(encoding="utf-8") == "# mine\n"


def test_import_reports_a_bad_cell_by_row_and_column(tmp_path: Path) -> None:
    out = tmp_path / "out.ttl"
    result = invoke("import", str(CONTRIBUTIONS / "bad-cell.invalid.csv"), "-o", str(out))
    assert result.exit_code == 2
    assert "bad-cell.invalid.csv, row 3, column organization_type:" in result.output
    assert "sports-club" in result.output  # the valid codes are listed
    assert not out.exists()


def test_the_csv_example_says_nothing_the_turtle_example_does_not() -> None:
    """The two worked examples describe the same memberships and organizations, so the CSV's
    triples are a subset of the Turtle file's (which adds events, plans and projects)."""
    csv_triples = set(read_csv(EXAMPLES / "trmice.csv").graph)
    turtle_triples = set(parse_file(EXAMPLES / "trmice.trig"))
    assert csv_triples - turtle_triples == set()
    assert len(csv_triples) > 150


def test_validate_csv_contribution_conforms(root_before_trmice: Path) -> None:
    result = invoke(
        "validate", str(EXAMPLES / "trmice.csv"), "--lang", "en", root=root_before_trmice
    )
    assert result.exit_code == 0, result.output


def test_validate_github_format() -> None:
    result = invoke(
        "validate", str(CONTRIBUTIONS / "undefined-reference.invalid.ttl"), "--format", "github"
    )
    assert result.exit_code == 1
    assert any(
        line.startswith("::error file=") and ",line=22::" in line
        for line in result.output.splitlines()
    )


def test_add_new_file_then_refuse_second_add(root_before_trmice: Path) -> None:
    tmp_path = root_before_trmice
    first = invoke("add", str(EXAMPLES / "trmice.csv"), root=tmp_path)
    assert first.exit_code == 0, first.output
    assert "Created" in first.output and "trmice.trig" in first.output
    second = invoke("add", str(EXAMPLES / "trmice.csv"), root=tmp_path)
    assert second.exit_code == 2
    assert "--merge" in second.output


def test_add_that_does_not_conform_exits_1_with_the_report(root_before_trmice: Path) -> None:
    tmp_path = root_before_trmice
    result = invoke(
        "add",
        str(CONTRIBUTIONS / "missing-czech-label.invalid.ttl"),
        "--source",
        MOST,
        "--merge",
        "--lang",
        "en",
        root=tmp_path,
    )
    assert result.exit_code == 1
    assert "missing-czech-label.invalid.ttl:15: Violation" in result.output
    assert "nothing was written" in result.output


def test_add_refuses_a_target_outside_data_with_exit_2_and_the_reason(
    root_before_trmice: Path,
) -> None:
    path = HOSTILE / "partnership-climbs-into-shapes.hostile.ttl"
    result = invoke("add", str(path), "--source", MOST, root=root_before_trmice)
    assert result.exit_code == 2
    assert "'../../shapes/zz-evil'" in result.output and "not a slug" in result.output
    assert "Traceback" not in result.output
    assert not (root_before_trmice / "shapes" / "zz-evil.ttl").exists()


def test_add_merge_lists_changes_to_existing_data_in_text(root_before_trmice: Path) -> None:
    path = HOSTILE / "changes-existing-organization.hostile.ttl"
    result = invoke(
        "add", str(path), "--source", MOST, "--merge", "--lang", "en", root=root_before_trmice
    )
    assert result.exit_code == 0, result.output
    assert (
        f"{path}:29: Info: Most k naději (lorg:most-k-nadeji)\n"
        "  property: skos:altLabel\n"
        "  value: Most k naději z.s.\n"
        "  Changes existing data: data/ already describes lorg:most-k-nadeji."
    ) in result.stdout
    # 16 statements of the new member and its membership, and the 2 changes
    assert "(18 triples from" in result.output and "; 2 change existing data)" in result.output


def test_add_merge_lists_changes_to_existing_data_in_json(root_before_trmice: Path) -> None:
    path = HOSTILE / "changes-existing-organization.hostile.ttl"
    result = invoke(
        "add", str(path), "--source", MOST, "--merge", "--format", "json", root=root_before_trmice
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["conforms"] is True
    assert [(r["severity"], r["constraintComponent"], r["line"]) for r in report["results"]] == [
        ("Info", str(CHANGES_EXISTING_DATA), 29),
        ("Info", str(CHANGES_EXISTING_DATA), 30),
    ]


def _lpkg(root: Path, *args: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "lpkg", "--root", str(root), *args]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_merges_into_one_partnership_at_once_keep_both(root_before_trmice: Path) -> None:
    """Two processes merge different new members into most.trig at the same time; each must see
    the other's statements (without the lock one contribution was lost, 3 times out of 3)."""
    names = ("new-member.valid.ttl", "another-new-member.valid.ttl")
    runs = [
        _lpkg(root_before_trmice, "add", "--merge", "--source", MOST, str(CONTRIBUTIONS / n))
        for n in names
    ]
    outcomes = [(run.wait(), *run.communicate()) for run in runs]
    assert [code for code, _, _ in outcomes] == [0, 0], outcomes
    graph = load_graph(root=root_before_trmice)
    assert (LMEM["most--zelena-zahrada"], None, None) in graph
    assert (LMEM["most--modry-most"], None, None) in graph


def test_two_adds_of_one_new_partnership_at_once_one_wins_one_is_refused(
    root_before_trmice: Path,
) -> None:
    runs = [_lpkg(root_before_trmice, "add", str(EXAMPLES / "trmice.trig")) for _ in range(2)]
    outcomes = sorted((run.wait(), *run.communicate()) for run in runs)
    assert [code for code, _, _ in outcomes] == [0, 2], outcomes
    refusal = outcomes[1][2]
    assert "trmice.trig exists" in refusal and "--merge" in refusal
    assert "Traceback" not in refusal
    committed = ROOT / "data" / "partnerships" / "trmice.trig"
    written = root_before_trmice / "data" / "partnerships" / "trmice.trig"
    assert written.read_bytes() == committed.read_bytes()


def test_import_into_a_missing_folder_exits_2(tmp_path: Path) -> None:
    out = tmp_path / "missing" / "out.ttl"
    result = invoke("import", str(EXAMPLES / "trmice.csv"), "-o", str(out))
    assert result.exit_code == 2
    assert f"there is no folder {out.parent}; create it first" in result.output
    assert not out.parent.exists()


def test_add_of_turtle_without_source_exits_2_and_says_how(root_before_trmice: Path) -> None:
    path = CONTRIBUTIONS / "new-member.valid.ttl"
    result = invoke("add", str(path), "--merge", root=root_before_trmice)
    assert result.exit_code == 2, result.output
    assert "does not say which public page its statements come from" in result.output
    assert f"lpkg add {path} --source https://…" in result.output
    assert "Traceback" not in result.output


def test_validate_turtle_with_source_checks_its_sources() -> None:
    """Put into the Litvínov page's graph, the Most page's new member is stated by a page it does
    not cite, and cites a page that states nothing of it."""
    path = CONTRIBUTIONS / "new-member.valid.ttl"
    litvinov = "http://www.socialni-zaclenovani.cz/lokalni-partnerstvi-litvinov"
    result = invoke("validate", str(path), "--source", litvinov, "--lang", "en")
    assert result.exit_code == 1, result.output
    assert f"{path}:13: Violation: Zelená zahrada (lorg:zelena-zahrada)" in result.output
    assert "but it does not cite that page" in result.output
    assert invoke("validate", str(path), "--source", MOST).exit_code == 0
