"""Which files lpkg may read and write: no symbolic links or special files in the project, as
an input, or as a target."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from lpkg.cli import main
from lpkg.errors import MissingFileError, UnsafeFileError
from lpkg.load import load_graph, load_shapes, parse_file
from lpkg.paths import folder_files, regular_file, writable_target
from lpkg.queries import get_query, list_queries
from tests import FIXTURES, ROOT

SECRET = "SECRET-TOKEN-1234 root:x:0:0"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A scratch copy of the dataset, and beside it a file of the machine a link could reach."""
    for folder in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(ROOT / folder, tmp_path / "project" / folder)
    (tmp_path / "secret.ttl").write_text(f"{SECRET}\n", encoding="utf-8")
    return tmp_path / "project"


def _link(link: Path, target: Path) -> Path:
    link.symlink_to(target)
    return link


@pytest.mark.parametrize("folder", ["data", "data/partnerships", "ontology", "shapes"])
def test_a_link_in_the_project_is_refused_without_reading_it(project: Path, folder: str) -> None:
    _link(project / folder / "zz-link.ttl", project.parent / "secret.ttl")
    with pytest.raises(UnsafeFileError, match="zz-link.ttl is a symbolic link") as caught:
        load_shapes(project) if folder == "shapes" else load_graph(root=project)
    assert SECRET.split()[0] not in str(caught.value)


def test_a_linked_folder_and_a_linked_data_folder_are_refused(project: Path) -> None:
    outside = project.parent / "outside"
    outside.mkdir()
    _link(project / "data" / "more", outside)
    with pytest.raises(UnsafeFileError, match="more is a symbolic link"):
        load_graph(root=project)
    (project / "data" / "more").unlink()
    shutil.move(project / "data", outside / "data")
    _link(project / "data", outside / "data")
    with pytest.raises(UnsafeFileError, match="data is a symbolic link"):
        load_graph(root=project)


def test_a_pipe_in_data_is_refused(project: Path) -> None:
    os.mkfifo(project / "data" / "pipe.ttl")  # reading it would block forever
    with pytest.raises(UnsafeFileError, match="pipe.ttl is not a regular file"):
        load_graph(root=project)


def test_a_linked_query_is_refused(project: Path) -> None:
    (project / "queries" / "both-towns.rq").unlink()
    _link(project / "queries" / "both-towns.rq", ROOT / "queries" / "both-towns.rq")
    with pytest.raises(UnsafeFileError, match="both-towns.rq is a symbolic link"):
        get_query("both-towns", project)
    with pytest.raises(UnsafeFileError):
        list_queries(project)


def test_validate_reports_the_link_with_exit_2_and_echoes_nothing_of_it(project: Path) -> None:
    _link(project / "data" / "x.ttl", project.parent / "secret.ttl")
    result = CliRunner().invoke(main, ["--root", str(project), "validate"])
    assert result.exit_code == 2
    assert "x.ttl is a symbolic link" in result.output
    assert "SECRET" not in result.output and "Traceback" not in result.output


def test_a_contribution_given_as_a_link_is_refused(tmp_path: Path) -> None:
    link = _link(tmp_path / "contribution.ttl", FIXTURES / "contributions" / "new-member.valid.ttl")
    with pytest.raises(UnsafeFileError, match="symbolic link"):
        parse_file(link)


def test_regular_file() -> None:
    path = FIXTURES / "load" / "one-triple.valid.ttl"
    assert regular_file(path) == path
    with pytest.raises(MissingFileError):
        regular_file(FIXTURES / "nowhere.ttl")
    with pytest.raises(UnsafeFileError, match="not a regular file"):
        regular_file(FIXTURES)


def test_writable_target_refuses_links_special_files_and_leaving_the_folder(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    (data / "partnerships").mkdir(parents=True)
    new = data / "partnerships" / "new.ttl"
    assert writable_target(new, inside=data) == new
    dangling = _link(data / "dangling.ttl", tmp_path / "created-elsewhere.ttl")
    with pytest.raises(UnsafeFileError, match="dangling.ttl is a symbolic link"):
        writable_target(dangling)
    with pytest.raises(UnsafeFileError, match="not a regular file"):
        writable_target(data / "partnerships")
    with pytest.raises(UnsafeFileError, match="outside"):
        writable_target(data / ".." / "shapes" / "evil.ttl", inside=data)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    _link(data / "linked", elsewhere)
    with pytest.raises(UnsafeFileError, match="linked is a symbolic link"):
        writable_target(data / "linked" / "x.ttl", inside=data)


def test_folder_files_lists_matching_regular_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ("b.ttl", "a.ttl", "sub/c.ttl", "notes.txt"):
        (tmp_path / name).write_text("", encoding="utf-8")
    a, b, c = tmp_path / "a.ttl", tmp_path / "b.ttl", tmp_path / "sub" / "c.ttl"
    assert folder_files(tmp_path) == [a, b, c]
    assert folder_files(tmp_path, recursive=False) == [a, b]
    assert folder_files(tmp_path / "missing") == []


def test_import_refuses_a_dangling_link_as_output(tmp_path: Path) -> None:
    target = tmp_path / "created-through-the-link.ttl"
    out = _link(tmp_path / "out.ttl", target)
    csv_file = ROOT / "docs" / "examples" / "trmice.csv"
    result = CliRunner().invoke(main, ["import", str(csv_file), "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "out.ttl is a symbolic link" in result.output
    assert not target.exists()


def test_fmt_refuses_a_link_and_leaves_both_ends_alone(tmp_path: Path) -> None:
    target = tmp_path / "messy.ttl"
    shutil.copy(FIXTURES / "fmt" / "messy.ttl", target)
    link = _link(tmp_path / "link.ttl", target)
    before = target.read_bytes()
    result = CliRunner().invoke(main, ["fmt", str(link)])
    assert result.exit_code == 2, result.output
    assert "link.ttl is a symbolic link" in result.output
    assert link.is_symlink() and target.read_bytes() == before
