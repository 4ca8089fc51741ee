"""``lpkg import``, ``lpkg add`` and ``lpkg validate`` of contributions, through the CLI."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from lpkg.cli import main
from lpkg.contribute.csv_import import read_csv
from lpkg.load import parse_file
from tests import FIXTURES, ROOT

EXAMPLES = ROOT / "docs" / "examples"
CONTRIBUTIONS = FIXTURES / "contributions"


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
    turtle_triples = set(parse_file(EXAMPLES / "trmice.ttl"))
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
    assert "Created" in first.output and "trmice.ttl" in first.output
    second = invoke("add", str(EXAMPLES / "trmice.csv"), root=tmp_path)
    assert second.exit_code == 2
    assert "--merge" in second.output


def test_add_that_does_not_conform_exits_1_with_the_report(root_before_trmice: Path) -> None:
    tmp_path = root_before_trmice
    result = invoke(
        "add",
        str(CONTRIBUTIONS / "missing-czech-label.invalid.ttl"),
        "--merge",
        "--lang",
        "en",
        root=tmp_path,
    )
    assert result.exit_code == 1
    assert "missing-czech-label.invalid.ttl:15: Violation" in result.output
    assert "nothing was written" in result.output


def test_import_into_a_missing_folder_exits_2(tmp_path: Path) -> None:
    out = tmp_path / "missing" / "out.ttl"
    result = invoke("import", str(EXAMPLES / "trmice.csv"), "-o", str(out))
    assert result.exit_code == 2
    assert f"there is no folder {out.parent}; create it first" in result.output
    assert not out.parent.exists()
