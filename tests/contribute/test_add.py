"""``add_contribution``: writes only conforming contributions, never overwrites, all or nothing."""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from lpkg.contribute import add
from lpkg.contribute.add import add_contribution
from lpkg.errors import DoesNotConformError, InputError, WouldOverwriteError
from lpkg.fmt import format_file
from lpkg.load import load_dataset, load_graph
from lpkg.namespaces import LMEM, LORG, LPKGSH
from tests import FIXTURES, ROOT, digest

CONTRIBUTIONS = FIXTURES / "contributions"
HOSTILE = FIXTURES / "hostile"
TRMICE = ROOT / "docs" / "examples" / "trmice.trig"
MOST = "http://www.socialni-zaclenovani.cz/lokalni-partnerstvi-most"
"""The page the Turtle fixtures' statements come from (each cites it)."""


@pytest.fixture
def root(root_before_trmice: Path) -> Path:
    return root_before_trmice


def test_the_trmice_worked_example_gives_the_committed_data_file(root: Path) -> None:
    added = add_contribution(TRMICE, root=root)
    assert added.created and added.target == root / "data" / "partnerships" / "trmice.trig"
    committed = ROOT / "data" / "partnerships" / "trmice.trig"
    assert added.target.read_bytes() == committed.read_bytes()
    assert not format_file(added.target, check=True)  # canonical form


def test_existing_file_is_not_changed_without_merge(root: Path) -> None:
    before = digest(root, "data")
    with pytest.raises(WouldOverwriteError, match="--merge"):
        add_contribution(CONTRIBUTIONS / "new-member.valid.ttl", root=root, source=MOST)
    assert digest(root, "data") == before


def test_merge_adds_the_statements_to_the_partnership_file(root: Path) -> None:
    added = add_contribution(
        CONTRIBUTIONS / "new-member.valid.ttl", root=root, source=MOST, merge=True
    )
    assert added.target == root / "data" / "partnerships" / "most.trig" and not added.created
    assert (LMEM["most--zelena-zahrada"], None, None) in load_graph(root=root)
    assert not format_file(added.target, check=True)


@pytest.mark.parametrize(
    "name", ["undefined-reference.invalid.ttl", "missing-czech-label.invalid.ttl"]
)
def test_a_contribution_that_does_not_conform_writes_nothing(root: Path, name: str) -> None:
    before = digest(root, "data")
    with pytest.raises(DoesNotConformError):
        add_contribution(CONTRIBUTIONS / name, root=root, source=MOST, merge=True)
    assert digest(root, "data") == before


def test_add_validates_once_and_only_what_the_contribution_touches(
    root: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """One incremental check: the compiled shapes evaluated on the focus nodes the contribution
    may affect, before and after it (lpkg add used to validate the whole dataset four times).
    The check runs in a child process, so the evaluations are counted in a file."""
    import lpkg.shacl_sparql

    validate_module = importlib.import_module("lpkg.validate")  # lpkg.validate: the function
    calls = tmp_path / "calls"
    real = lpkg.shacl_sparql.evaluate

    def counted(compiled, select, **kwargs):  # type: ignore[no-untyped-def]
        with calls.open("a") as log:
            log.write(f"{len(kwargs['focus_nodes'])} nodes\n")  # None: a full run
        return real(compiled, select, **kwargs)

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("lpkg add ran pySHACL")

    monkeypatch.setattr(lpkg.shacl_sparql, "evaluate", counted)
    monkeypatch.setattr(validate_module, "pyshacl_report", refused)
    add_contribution(CONTRIBUTIONS / "new-member.valid.ttl", root=root, source=MOST, merge=True)
    before, after = calls.read_text().splitlines()
    assert before == after  # the same nodes, a handful of the dataset's
    assert 0 < int(before.split()[0]) < 100


def test_a_failure_while_writing_leaves_data_as_it_was(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression guard for atomicity: the file is renamed into place whole, or not at all."""
    before = digest(root, "data")

    def fail(*args: object) -> None:
        raise OSError("disk on fire")

    monkeypatch.setattr(add.os, "replace", fail)
    with pytest.raises(OSError, match="disk on fire"):
        add_contribution(CONTRIBUTIONS / "new-member.valid.ttl", root=root, source=MOST, merge=True)
    assert digest(root, "data") == before
    assert not list((root / add.SCRATCH).glob("*.tmp"))


@pytest.mark.parametrize(
    "name",
    [
        "partnership-climbs-into-shapes",
        "partnership-climbs-into-ontology",
        "partnership-makes-folders",
        "partnership-absolute-path",
    ],
)
def test_a_partnership_iri_that_is_not_a_slug_is_refused_and_nothing_written(
    root: Path, name: str
) -> None:
    outside = Path("/tmp/zz-evil.ttl")  # where ten ../ from data/partnerships/ lead
    assert not outside.exists()
    before = digest(root)
    with pytest.raises(InputError, match=r"not a slug .*\[a-z0-9-\]\+.*nothing was written"):
        add_contribution(HOSTILE / f"{name}.hostile.ttl", root=root, source=MOST, merge=True)
    assert digest(root) == before and not outside.exists()


@pytest.mark.parametrize(
    "name", ["shape-deactivated", "ontology-terms", "derived-inverse", "same-as-existing"]
)
def test_statements_a_contribution_may_not_make_are_refused_even_with_merge(
    root: Path, name: str
) -> None:
    before = digest(root, "data")
    with pytest.raises(DoesNotConformError) as raised:
        add_contribution(HOSTILE / f"{name}.hostile.ttl", root=root, source=MOST, merge=True)
    assert not raised.value.report.conforms
    assert digest(root, "data") == before


def test_changes_to_existing_data_need_merge_and_are_listed(root: Path) -> None:
    """A new partnership that also adds a spelling of an existing organization."""
    path = HOSTILE / "new-partnership-changes-existing-organization.hostile.ttl"
    before = digest(root, "data")
    with pytest.raises(WouldOverwriteError, match="--merge") as raised:
        add_contribution(path, root=root, source=MOST)
    assert f"({path}:19: lorg:most-k-nadeji skos:altLabel Most k naději z.s.)" in str(raised.value)
    assert digest(root, "data") == before
    added = add_contribution(path, root=root, source=MOST, merge=True)
    assert added.created and added.target == root / "data" / "partnerships" / "zahrady.trig"
    assert [(r.focus, r.line) for r in added.changes] == [(LORG["most-k-nadeji"], 19)]


def test_merge_writes_and_lists_changes_to_an_existing_organization(root: Path) -> None:
    path = HOSTILE / "changes-existing-organization.hostile.ttl"
    added = add_contribution(path, root=root, source=MOST, merge=True)
    assert [(r.focus, r.line) for r in added.changes] == [
        (LORG["most-k-nadeji"], 29),
        (LORG["most-k-nadeji"], 30),
    ]
    spelling = (LORG["most-k-nadeji"], SKOS.altLabel, Literal("Most k naději z.s.", lang="cs"))
    assert spelling in load_graph(root=root)


def test_a_new_file_gets_0644_under_umask_022(root: Path) -> None:
    umask = os.umask(0o022)
    try:
        added = add_contribution(TRMICE, root=root)
    finally:
        os.umask(umask)
    assert added.target.stat().st_mode & 0o777 == 0o644


def test_a_merged_file_keeps_its_mode(root: Path) -> None:
    most = root / "data" / "partnerships" / "most.trig"
    most.chmod(0o640)
    add_contribution(CONTRIBUTIONS / "new-member.valid.ttl", root=root, source=MOST, merge=True)
    assert most.stat().st_mode & 0o777 == 0o640


def test_files_left_by_a_killed_add_are_in_the_ignored_scratch_folder_and_cleared(
    root: Path,
) -> None:
    """A kill between writing the scratch file and renaming it leaves the scratch file behind:
    it is in data/.lpkg-tmp/, which git ignores and loading skips, and the next add clears it."""
    scratch = root / add.SCRATCH
    scratch.mkdir()
    leftover = scratch / "most.trig.0123456789abcdef.tmp"
    leftover.write_text("# half a file", encoding="utf-8")
    add_contribution(CONTRIBUTIONS / "new-member.valid.ttl", root=root, source=MOST, merge=True)
    assert list(scratch.iterdir()) == []
    assert sorted(p.name for p in (root / "data").iterdir() if p.name.startswith(".")) == [
        ".lpkg-tmp",
        ".lpkg.lock",
    ]


def test_git_ignores_the_lock_and_the_scratch_folder() -> None:
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        pytest.skip("not a git checkout")
    paths = [str(add.LOCK), str(add.SCRATCH / "most.trig.0123456789abcdef.tmp")]
    ignored = subprocess.run(
        ["git", "-C", str(ROOT), "check-ignore", *paths], capture_output=True, text=True
    )
    assert ignored.stdout.split() == paths


def test_a_target_that_is_a_symbolic_link_is_refused(root: Path, tmp_path: Path) -> None:
    """A link where the partnership's file would go (even one pointing nowhere yet) would make the
    write land outside data/."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDF

    from lpkg.errors import UnsafeFileError
    from lpkg.namespaces import LP, LPKG

    elsewhere = tmp_path / "elsewhere.ttl"
    (root / "data" / "partnerships" / "zz-link.trig").symlink_to(elsewhere)
    graph = Graph()
    graph.add((URIRef(f"{LP}zz-link"), RDF.type, LPKG.LocalPartnership))
    with pytest.raises(UnsafeFileError, match="symbolic link"):
        add.target_file(graph, root, "zz-link")
    assert not elsewhere.exists()


def test_the_contribution_is_checked_under_a_time_limit(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Contributions are untrusted: add checks them in a child that is stopped at the deadline
    (here far too short for any check), and writes nothing."""
    from lpkg.contribute import check
    from lpkg.errors import LimitError

    monkeypatch.setattr(check, "CHECK_TIMEOUT", 0.01)
    before = digest(root, "data")
    with pytest.raises(LimitError):
        add_contribution(TRMICE, root=root)
    assert digest(root, "data") == before


# --- sources: the named graph of each statement's page -----------------------------------------

LITVINOV = "http://www.socialni-zaclenovani.cz/lokalni-partnerstvi-litvinov"
ZAHRADA_PAGE = "https://example.org/zelena-zahrada/o-nas"


def _graphs(root: Path, subject: URIRef) -> set[str]:
    from lpkg.load import load_dataset

    return {str(g) for _, _, _, g in load_dataset(root=root).quads((subject, None, None, None))}


def test_a_trig_contribution_is_merged_with_its_graphs(root: Path) -> None:
    path = CONTRIBUTIONS / "new-member-two-pages.valid.trig"
    added = add_contribution(path, root=root, merge=True)
    assert added.target == root / "data" / "partnerships" / "most.trig" and not added.created
    name = (LORG["zelena-zahrada"], SKOS.prefLabel, Literal("Zelená zahrada", lang="cs"))
    dataset = load_dataset(root=root)
    assert {str(g) for *_, g in dataset.quads((*name, None))} == {MOST, ZAHRADA_PAGE}
    assert _graphs(root, LMEM["most--zelena-zahrada"]) == {MOST}
    assert not format_file(added.target, check=True)


def test_a_turtle_contribution_goes_into_the_graph_of_its_source(root: Path) -> None:
    add_contribution(CONTRIBUTIONS / "new-member.valid.ttl", root=root, source=MOST, merge=True)
    assert _graphs(root, LORG["zelena-zahrada"]) == {MOST}
    assert _graphs(root, LMEM["most--zelena-zahrada"]) == {MOST}


def test_a_turtle_contribution_without_a_source_is_refused(root: Path) -> None:
    before = digest(root, "data")
    with pytest.raises(InputError, match=r"does not say which public page .* --source"):
        add_contribution(CONTRIBUTIONS / "new-member.valid.ttl", root=root, merge=True)
    assert digest(root, "data") == before


@pytest.mark.parametrize(
    ("name", "source", "reason"),
    [
        ("new-member-two-pages.valid.trig", MOST, "--source is for files of triples"),
        ("new-member.valid.ttl", "the Most page", "give the address of the public page"),
        ("new-member.valid.ttl", "https://example.org/a page", "give the address"),
    ],
)
def test_a_source_that_cannot_be_used_is_refused(
    root: Path, name: str, source: str, reason: str
) -> None:
    before = digest(root, "data")
    with pytest.raises(InputError, match=reason):
        add_contribution(CONTRIBUTIONS / name, root=root, source=source, merge=True)
    assert digest(root, "data") == before


def test_trig_statements_outside_any_graph_do_not_conform(root: Path) -> None:
    before = digest(root, "data")
    with pytest.raises(DoesNotConformError) as raised:
        add_contribution(CONTRIBUTIONS / "unsourced-member.invalid.trig", root=root, merge=True)
    (unsourced,) = [r for r in raised.value.report.results if r.component == LPKGSH.NoSource]
    assert unsourced.focus == LMEM["most--zelena-zahrada"] and unsourced.line == 21
    assert digest(root, "data") == before


def test_a_turtle_contribution_under_another_page_does_not_conform(root: Path) -> None:
    """Its resources cite the Most page; put into the Litvínov page's graph, they would be stated
    by a page they do not cite."""
    before = digest(root, "data")
    with pytest.raises(DoesNotConformError) as raised:
        add_contribution(
            CONTRIBUTIONS / "new-member.valid.ttl", root=root, source=LITVINOV, merge=True
        )
    found = {(r.focus, r.component) for r in raised.value.report.results}
    assert (LORG["zelena-zahrada"], LPKGSH.SourceNotCited) in found
    assert (LORG["zelena-zahrada"], LPKGSH.CitedSourceStatesNothing) in found
    assert digest(root, "data") == before
