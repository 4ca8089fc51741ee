"""``lpkg diff``: exit codes, formats, release directories, bad inputs."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS, XSD

from lpkg.cli import main
from lpkg.load import parse_file
from lpkg.namespaces import LORG, LP, SCHEMA
from lpkg.publish.diff import diff_graphs
from tests import FIXTURES, ROOT

DIFF = FIXTURES / "diff"
OLD, NEW = str(DIFF / "old.ttl"), str(DIFF / "new.ttl")


def lpkg(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def test_identical_exits_0() -> None:
    result = lpkg("diff", OLD, OLD, "--lang", "en")
    assert result.exit_code == 0
    assert result.output == "The releases are identical (no triple added or removed).\n"


def test_identical_with_relabelled_blank_nodes_exits_0(tmp_path: Path) -> None:
    """The same graph as N-Triples, its blank nodes under other labels, is no change."""
    copy = tmp_path / "old.nt"
    copy.write_text(parse_file(OLD).serialize(format="nt"), encoding="utf-8")
    result = lpkg("diff", OLD, str(copy), "--format", "markdown", "--lang", "en")
    assert result.exit_code == 0
    assert result.output == "No changes.\n"


def test_different_exits_1_with_the_summary() -> None:
    result = lpkg("diff", OLD, NEW, "--lang", "en")
    assert result.exit_code == 1
    assert "New partnerships (1):\n  + Lokální partnerství Gama (lp:gama)\n" in result.output
    assert "Triples: 12 added, 2 removed." in result.output


def test_release_directories(tmp_path: Path) -> None:
    for name, source in (("0.1.0", OLD), ("0.2.0", NEW)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "lpkg.ttl").write_bytes(Path(source).read_bytes())
    result = lpkg("diff", str(tmp_path / "0.1.0"), str(tmp_path / "0.2.0"), "--format", "markdown")
    assert result.exit_code == 1
    assert result.output.startswith("### Česky\n\n#### Added\n\n- Nová partnerství (1):\n")
    assert "\n### English\n\n#### Added\n\n- New partnerships (1):\n" in result.output
    assert "#### Changed" in result.output
    only_english = lpkg(
        "diff",
        str(tmp_path / "0.1.0"),
        str(tmp_path / "0.2.0"),
        "--format",
        "markdown",
        "--lang",
        "en",
    ).output
    assert only_english.startswith("### Added\n\n- New partnerships (1):\n")
    assert "Česky" not in only_english


def test_markdown_heading_has_the_version_and_date_of_the_new_release(tmp_path: Path) -> None:
    (tmp_path / "catalog").mkdir()
    (tmp_path / "lpkg.ttl").write_bytes(Path(NEW).read_bytes())
    (tmp_path / "catalog" / "dataset.ttl").write_text(
        "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n"
        "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
        '<https://w3id.org/lpkg/dataset> dcat:version "0.2.0" ;\n'
        '    dcterms:modified "2026-12-02"^^<http://www.w3.org/2001/XMLSchema#date> .\n',
        encoding="utf-8",
    )
    result = lpkg("diff", OLD, str(tmp_path), "--format", "markdown")
    assert result.exit_code == 1
    assert result.output.startswith("## 0.2.0 (2026-12-02)\n\n### Česky\n\n#### Added\n")


@pytest.mark.parametrize("fmt, rdflib_format", [("turtle", "turtle"), ("n-triples", "nt")])
def test_delta_files_parse_to_the_added_and_removed_triples(fmt: str, rdflib_format: str) -> None:
    delta = diff_graphs(parse_file(OLD), parse_file(NEW))
    added = lpkg("diff", OLD, NEW, "--format", fmt)
    removed = lpkg("diff", OLD, NEW, "--format", fmt, "--part", "removed")
    assert added.exit_code == removed.exit_code == 1
    added_graph = Graph().parse(data=added.output, format=rdflib_format)
    removed_graph = Graph().parse(data=removed.output, format=rdflib_format)
    assert len(added_graph) == 12 and isomorphic(added_graph, delta.added)
    # worked out by hand: the founding date of lp:alfa and the old name of lorg:spolek-beta
    assert set(removed_graph) == {
        (LP.alfa, SCHEMA.foundingDate, Literal("2010-01-01", datatype=XSD.date)),
        (LORG["spolek-beta"], SKOS.prefLabel, Literal("Spolek Beta", lang="cs")),
    }


def test_part_needs_an_rdf_format() -> None:
    result = lpkg("diff", OLD, NEW, "--part", "removed")
    assert result.exit_code == 2
    assert "--part applies only to --format turtle or n-triples" in result.output


@pytest.mark.parametrize(
    "make_args, message",
    [
        (lambda tmp: [str(tmp / "missing.ttl"), NEW], "missing.ttl: no such file."),
        (lambda tmp: [OLD, str(tmp)], "is a directory without lpkg.ttl"),
        (
            lambda tmp: [OLD, str(DIFF / "malformed.invalid.ttl")],
            "malformed.invalid.ttl, line 5, column 11:",
        ),
    ],
    ids=["missing-file", "directory-without-lpkg.ttl", "malformed.invalid.ttl"],
)
def test_unusable_input_exits_2(
    tmp_path: Path, make_args: Callable[[Path], list[str]], message: str
) -> None:
    result = lpkg("diff", *make_args(tmp_path))
    assert result.exit_code == 2
    assert result.output.startswith("Error: ")
    assert message in result.output
    assert "Traceback" not in result.output


def test_help_documents_the_delta_and_exit_codes() -> None:
    result = lpkg("diff", "--help")
    assert result.exit_code == 0
    assert "--part removed" in result.output
    assert "0 the releases are identical, 1 they differ, 2 unusable input" in result.output


def test_real_process_exit_codes_and_streams() -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "lpkg", "diff", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )

    different = run(OLD, NEW, "--format", "n-triples")
    assert different.returncode == 1 and different.stderr == ""
    assert len(different.stdout.splitlines()) == 12
    broken = run(OLD, str(DIFF / "malformed.invalid.ttl"))
    assert broken.returncode == 2 and broken.stdout == ""
    assert broken.stderr.startswith("Error: ") and "Traceback" not in broken.stderr
