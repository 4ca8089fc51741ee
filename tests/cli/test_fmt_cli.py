"""``lpkg fmt``: rewriting, --check, folders, the default files and exit codes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from lpkg.cli import main
from tests import FIXTURES

FMT = FIXTURES / "fmt"
MESSY = FMT / "messy.ttl"
CANONICAL = FMT / "messy.canonical.ttl"
MALFORMED = FMT / "malformed.invalid.ttl"


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files are named relative to the working directory; work where the test files are."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    path = tmp_path / "messy.ttl"
    shutil.copy(MESSY, path)
    return path


def _run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["fmt", *map(str, args)])
    return result.exit_code, result.output


def test_check_on_a_messy_file_exits_1_names_it_and_the_fix(messy: Path) -> None:
    code, output = _run("--check", messy)
    assert code == 1
    assert "not canonical: messy.ttl" in output
    assert "To fix, run:\n  lpkg fmt messy.ttl\n" in output
    assert messy.read_bytes() == MESSY.read_bytes()


def test_check_on_a_canonical_file_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "canonical.ttl"
    shutil.copy(CANONICAL, path)
    code, output = _run("--check", path)
    assert code == 0, output
    assert output == "1 file in canonical form.\n"
    assert path.read_bytes() == CANONICAL.read_bytes()


def test_rewrite_changes_the_file_and_says_so(messy: Path) -> None:
    code, output = _run(messy)
    assert code == 0, output
    assert messy.read_bytes() == CANONICAL.read_bytes()
    assert output == "reformatted messy.ttl\n1 file reformatted, 0 already canonical.\n"
    code, output = _run(messy)
    assert (code, output) == (0, "0 files reformatted, 1 already canonical.\n")


def test_folder_expands_to_its_turtle_files_recursively(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    shutil.copy(MESSY, tmp_path / "sub" / "a.ttl")
    shutil.copy(CANONICAL, tmp_path / "b.ttl")
    (tmp_path / "notes.txt").write_text("not Turtle", encoding="utf-8")
    code, output = _run("--check", ".")
    assert code == 1
    assert "not canonical: sub/a.ttl" in output
    assert "b.ttl" not in output.split("lpkg fmt")[-1]
    assert "1 file of 2 not in canonical form" in output


def test_folder_expands_to_its_trig_files_too(tmp_path: Path) -> None:
    shutil.copy(FMT / "messy.trig", tmp_path / "a.trig")
    shutil.copy(FMT / "messy.canonical.trig", tmp_path / "b.trig")
    code, output = _run("--check", ".")
    assert code == 1
    assert "not canonical: a.trig" in output and "not canonical: b.trig" not in output
    assert "1 file of 2 not in canonical form" in output


def test_default_includes_the_trig_files_under_data(tmp_path: Path) -> None:
    (tmp_path / "data" / "partnerships").mkdir(parents=True)
    shutil.copy(FMT / "messy.trig", tmp_path / "data" / "partnerships" / "x.trig")
    result = CliRunner().invoke(main, ["--root", str(tmp_path), "fmt"])
    assert result.exit_code == 0, result.output
    written = (tmp_path / "data" / "partnerships" / "x.trig").read_bytes()
    assert written == (FMT / "messy.canonical.trig").read_bytes()


def test_default_is_every_turtle_file_under_data(tmp_path: Path) -> None:
    for folder in ("data", "ontology"):
        (tmp_path / folder).mkdir()
        shutil.copy(MESSY, tmp_path / folder / "x.ttl")
    result = CliRunner().invoke(main, ["--root", str(tmp_path), "fmt"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "data" / "x.ttl").read_bytes() == CANONICAL.read_bytes()
    assert (tmp_path / "ontology" / "x.ttl").read_bytes() == MESSY.read_bytes()


def test_malformed_file_exits_2_and_no_file_is_changed(tmp_path: Path, messy: Path) -> None:
    bad = tmp_path / "bad.ttl"
    shutil.copy(MALFORMED, bad)
    for args in ((messy, bad), ("--check", messy, bad)):
        result = CliRunner().invoke(main, ["fmt", *map(str, args)])
        assert result.exit_code == 2
        assert "bad.ttl, line" in result.output
        assert messy.read_bytes() == MESSY.read_bytes()
        assert bad.read_bytes() == MALFORMED.read_bytes()


def test_missing_file_exits_2(tmp_path: Path) -> None:
    code, output = _run(tmp_path / "nowhere.ttl")
    assert code == 2
    assert "nowhere.ttl: no such file" in output


def test_help_documents_check_and_exit_codes() -> None:
    code, output = _run("--help")
    assert code == 0
    assert "--check" in output and "Exit codes" in output and "data/" in output
