"""Every statement of data/ has its source: the named graph of the page that states it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import BNode, URIRef

from lpkg.cli import main
from lpkg.load import new_dataset, parse_file
from lpkg.paths import data_files
from lpkg.sources import Finding, Problem, find_problems, load_data
from tests import FIXTURES, ROOT

SOURCES = FIXTURES / "sources"
ORG = URIRef("https://example.org/org")
PAGE_A = URIRef("https://example.org/page/a")
PAGE_B = URIRef("https://example.org/page/b")


def _problems(name: str) -> list[Finding]:
    return find_problems(parse_file(SOURCES / name, new_dataset()))  # type: ignore[arg-type]


# --- the data ----------------------------------------------------------------------------------


def test_every_statement_of_data_has_its_source() -> None:
    problems = find_problems(load_data(ROOT))
    assert problems == [], "\n".join(map(str, problems))


def test_data_files_are_trig() -> None:
    """A Turtle file has no graphs, so none of its statements would have a source."""
    assert [p for p in data_files(ROOT) if p.suffix != ".trig"] == []


def test_the_agencys_statements_are_in_the_graphs_of_the_pages_stating_them() -> None:
    """Spot checks against the pages (shared/sources and research/identifiers.md): the long
    former name in the Litvínov page and the government's news item, the unit-of in ČT24's."""
    from lpkg.namespaces import LORG, LPKG, ORG

    data = load_data(ROOT)
    agency = LORG["agentura-pro-socialni-zaclenovani"]

    def graphs(p: URIRef) -> set[str]:
        return {str(g) for _, _, _, g in data.quads((agency, p, None, None))}

    assert graphs(LPKG.formerName) == {
        "http://www.socialni-zaclenovani.cz/lokalni-partnerstvi-litvinov",
        "https://vlada.gov.cz/cz/ppov/zmocnenec-vlady-pro-lidska-prava/aktuality/"
        "agentura-pro-socialni-zaclenovani-zustane-do-roku-2012-pri-uradu-vlady-71806/",
    }
    assert graphs(ORG.unitOf) == {
        "http://www.ceskatelevize.cz/ct24/archiv/"
        "1128139-sedmnacti-novym-mestum-bude-pomahat-vladni-agentura"
    }


# --- the rules, on small files -------------------------------------------------------------------


def test_statements_of_two_pages_in_both_graphs_have_their_sources() -> None:
    assert _problems("two-pages.valid.trig") == []


def test_statements_in_the_default_graph_have_no_source() -> None:
    assert _problems("default-graph.invalid.trig") == [Finding(Problem.NO_SOURCE, ORG, None, 2)]


def test_a_graph_not_named_by_a_described_page_is_reported() -> None:
    page = URIRef("https://example.org/page/unknown")
    assert _problems("graph-not-a-page.invalid.trig") == [Finding(Problem.UNKNOWN_PAGE, page, page)]


def test_a_statement_in_the_graph_of_a_page_the_resource_does_not_cite_is_reported() -> None:
    assert _problems("not-cited.invalid.trig") == [Finding(Problem.NOT_CITED, ORG, PAGE_B)]


def test_a_cited_page_whose_graph_says_nothing_of_the_resource_is_reported() -> None:
    assert _problems("cited-but-empty.invalid.trig") == [
        Finding(Problem.CITED_BUT_EMPTY, ORG, PAGE_B)
    ]


def test_a_blank_node_in_two_graphs_is_reported() -> None:
    (finding,) = _problems("split-blank-node.invalid.trig")
    assert finding.problem is Problem.SPLIT_BLANK_NODE and isinstance(finding.subject, BNode)


# --- lpkg validate -------------------------------------------------------------------------------


@pytest.fixture
def root(tmp_path: Path) -> Path:
    for folder in ("ontology", "data", "shapes"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


def test_validate_reports_a_statement_without_source_and_how_to_fix_it(root: Path) -> None:
    places = root / "data" / "places.trig"
    text = places.read_text(encoding="utf-8")
    places.write_text(
        text + '\nlplace:most rdfs:comment "A town on the Bílina."@en .\n', encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["--root", str(root), "validate", "--lang", "en"])
    assert result.exit_code == 1, result.output
    assert "Violations: 1," in result.output
    assert "Violation: Most (lplace:most)" in result.output
    assert "1 statement(s) about it have no source" in result.output
    assert "Put each statement in the named graph of the page that states it" in result.output


def test_validate_files_reports_a_contributions_statements_without_source(tmp_path: Path) -> None:
    path = tmp_path / "contribution.trig"
    shutil.copy(SOURCES / "default-graph.invalid.trig", path)
    result = CliRunner().invoke(main, ["validate", str(path), "--lang", "en"])
    assert result.exit_code == 1, result.output
    # the default-graph statements about ex:org start on line 7
    assert f"{path}:7: Violation:" in result.output
    assert "2 statement(s) about it have no source" in result.output
