"""Tests of the releases folder: version folders, ``latest``, replacing only verified releases,
atomic moves, killed builds (real processes killed with SIGKILL) and their leftovers."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest

from lpkg.errors import InputError, WouldOverwriteError
from lpkg.publish.releases import (
    LATEST,
    MARKER,
    ReleasesFolder,
    dataset_date,
    release_version,
    unverified,
)
from tests import FIXTURES, ROOT

CASES = FIXTURES / "releases"


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _releases(tmp_path: Path, case: str = "valid") -> Path:
    """A copy of a fixture releases folder, with ``latest`` pointing at its 1.0.0."""
    folder = tmp_path / "dist"
    shutil.copytree(CASES / case, folder)
    os.symlink("1.0.0", folder / LATEST)
    return folder


def _write_release(folder: Path, version: str, text: str = "") -> None:
    """The smallest release: lpkg.ttl and its SHA256SUMS (what ReleasesFolder needs)."""
    ttl = f"# Local Partnerships Knowledge Graph (lpkg) {version}.\n{text}".encode()
    (folder / "lpkg.ttl").write_bytes(ttl)
    (folder / "SHA256SUMS").write_text(f"{hashlib.sha256(ttl).hexdigest()}  lpkg.ttl\n")


def _put(path: Path, version: str, *, force: bool = False, text: str = "") -> bool:
    """Put a release as ``lpkg build`` does; whether ``latest`` now points at it."""
    releases = ReleasesFolder(path, version, force=force)
    releases.check()
    with releases.building() as tmp:
        _write_release(tmp, version, text)
        return releases.place(tmp)


# --- recognising a release lpkg wrote --------------------------------------------------------


def test_the_valid_fixture_is_a_verified_release() -> None:
    assert unverified(CASES / "valid" / "1.0.0") is None


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("extra-file.invalid", "files lpkg did not write: thesis.txt"),
        ("changed-file.invalid", "changed after lpkg wrote them: lpkg.ttl"),
        ("missing-file.invalid", "files of the release are missing: site/index.html"),
        ("other-version.invalid", "names version 1.0.1, not 1.0.0"),
        ("being-built.invalid", "not that of a complete release"),
        ("marker-only.invalid", "SHA256SUMS or .lpkg-release is missing or malformed"),
        ("user-folder", "no readable .lpkg-release"),
    ],
)
def test_force_replaces_nothing_but_a_verified_release(
    tmp_path: Path, case: str, reason: str
) -> None:
    if case == "user-folder":  # the bug report's folder, given as the version folder
        folder = tmp_path / "dist"
        shutil.copytree(CASES / case, folder / "1.0.0")
    else:
        folder = _releases(tmp_path, case)
    before = _files(folder)
    with pytest.raises(WouldOverwriteError, match=reason):
        _put(folder, "1.0.0", force=True)
    assert _files(folder) == before


def test_an_extra_empty_folder_or_link_is_not_lpkg_s(tmp_path: Path) -> None:
    folder = _releases(tmp_path)
    (folder / "1.0.0" / "photos").mkdir()
    assert "did not write: photos/" in str(unverified(folder / "1.0.0"))
    (folder / "1.0.0" / "photos").rmdir()
    os.symlink("/", folder / "1.0.0" / "root")
    assert "did not write: root/" in str(unverified(folder / "1.0.0"))


def test_without_force_a_version_is_never_rebuilt(tmp_path: Path) -> None:
    folder = _releases(tmp_path)
    before = _files(folder)
    with pytest.raises(WouldOverwriteError, match=r"1\.0\.0 exists; .* Give a new --version"):
        _put(folder, "1.0.0")
    assert _files(folder) == before


def test_the_bug_report_folder_given_as_out_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    shutil.copytree(CASES / "user-folder", folder)
    with pytest.raises(WouldOverwriteError, match="holds a release .* itself"):
        _put(folder, "1.0.0")
    assert _files(folder) == _files(CASES / "user-folder")
    assert sorted(p.name for p in folder.iterdir()) == ["lpkg.ttl", "photos", "thesis.txt"]


def test_a_latest_that_is_not_a_link_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "dist"
    (folder / LATEST).mkdir(parents=True)
    (folder / LATEST / "notes.txt").write_text("mine")
    with pytest.raises(WouldOverwriteError, match="is not a link"):
        _put(folder, "1.0.0")
    assert _files(folder) == {"latest/notes.txt": b"mine"}


# --- layout and latest -----------------------------------------------------------------------


def test_each_version_has_its_folder_and_latest_follows_the_highest(tmp_path: Path) -> None:
    folder = tmp_path / "dist"
    assert _put(folder, "1.0.0")
    assert os.readlink(folder / LATEST) == "1.0.0"
    assert _put(folder, "1.1.0-rc.1")
    assert os.readlink(folder / LATEST) == "1.1.0-rc.1"
    assert not _put(folder, "0.9.0")  # a fix of an old line: latest stays
    assert os.readlink(folder / LATEST) == "1.1.0-rc.1"
    assert _put(folder, "1.1.0")  # the release comes after its pre-release
    assert os.readlink(folder / LATEST) == "1.1.0"
    assert sorted(p.name for p in folder.iterdir()) == [
        "0.9.0",
        "1.0.0",
        "1.1.0",
        "1.1.0-rc.1",
        LATEST,
    ]
    for version in ("0.9.0", "1.0.0", "1.1.0", "1.1.0-rc.1"):
        assert unverified(folder / version) is None
        assert release_version(folder / version) == version
    assert (
        (folder / LATEST / "lpkg.ttl")
        .read_text()
        .startswith("# Local Partnerships Knowledge Graph (lpkg) 1.1.0.\n")
    )


def test_a_dangling_latest_is_repointed(tmp_path: Path) -> None:
    folder = tmp_path / "dist"
    folder.mkdir()
    os.symlink("2.0.0", folder / LATEST)  # that release was deleted by hand
    _put(folder, "1.0.0")
    assert os.readlink(folder / LATEST) == "1.0.0"


def test_force_replaces_a_verified_release_in_one_step(tmp_path: Path) -> None:
    folder = _releases(tmp_path)
    _put(folder, "1.0.0", force=True, text="# rebuilt\n")
    assert _files(folder / "1.0.0")["lpkg.ttl"].endswith(b"# rebuilt\n")
    assert "site/index.html" not in _files(folder / "1.0.0")  # the old release is gone whole
    assert unverified(folder / "1.0.0") is None
    assert sorted(p.name for p in folder.iterdir()) == ["1.0.0", LATEST]


def test_a_release_without_marker_is_known_by_its_lpkg_ttl_header(tmp_path: Path) -> None:
    old = tmp_path / "old"
    shutil.copytree(CASES / "valid" / "1.0.0", old)
    (old / MARKER).unlink()
    assert release_version(old) == "1.0.0"
    assert release_version(CASES / "user-folder") is None


# --- failures, the lock and leftovers --------------------------------------------------------


def test_a_failed_build_removes_its_folder_and_the_folders_it_made(tmp_path: Path) -> None:
    releases = ReleasesFolder(tmp_path / "a" / "dist", "1.0.0")
    with pytest.raises(RuntimeError, match="injected"), releases.building() as tmp:
        _write_release(tmp, "1.0.0")
        raise RuntimeError("injected")
    assert list(tmp_path.iterdir()) == []


def test_a_second_build_into_the_same_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "dist"
    folder.mkdir()
    lock = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with (
            pytest.raises(InputError, match="Another lpkg build is writing into"),
            ReleasesFolder(folder, "1.0.0").building(),
        ):
            pass
    finally:
        os.close(lock)
    assert list(folder.iterdir()) == []


def test_a_build_removes_killed_builds_leftovers_and_nothing_else(tmp_path: Path) -> None:
    folder = _releases(tmp_path)
    stale = folder / ".lpkg-1.1.0.k2j4_x.building"
    (stale / "site").mkdir(parents=True)
    (stale / MARKER).write_text("# lpkg release 1.1.0 (being built)\n")
    (stale / "lpkg.nt").write_text("<a:b> <a:c> <a:d> .\n")
    swapped_out = folder / ".lpkg-1.0.0.9zzq1.building"  # an old release after --force's swap
    shutil.copytree(CASES / "valid" / "1.0.0", swapped_out)
    os.symlink("1.0.0", folder / ".lpkg-latest.tmp")
    not_ours = folder / ".lpkg-notes.building"  # the right name but no marker: kept
    not_ours.mkdir()
    (not_ours / "thesis.txt").write_text("mine")
    _put(folder, "1.2.0")
    assert sorted(p.name for p in folder.iterdir()) == [
        ".lpkg-notes.building",
        "1.0.0",
        "1.2.0",
        LATEST,
    ]
    assert _files(not_ours) == {"thesis.txt": b"mine"}


# --- killed builds: a real process killed with SIGKILL at each step ----------------------------

_KILLED = textwrap.dedent(
    """
    import os, shutil, signal, sys
    from pathlib import Path
    from lpkg.publish import releases
    from tests.publish.test_releases import _write_release

    folder, version, step = Path(sys.argv[1]), sys.argv[2], sys.argv[4]
    force = sys.argv[3] == "force"

    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    # the step the process is killed at, in the order place() takes them
    if step == "rename":
        os.rename = die
    if step == "exchange":
        releases._exchange = die
    if step == "remove-old":
        shutil.rmtree = die
    if step == "latest":
        os.replace = die
    target = releases.ReleasesFolder(folder, version, force=force)
    target.check()
    with target.building() as tmp:
        _write_release(tmp, version, "# new\\n")
        target.place(tmp)
    """
)


def _killed_build(folder: Path, version: str, step: str, force: bool = False) -> None:
    command = [sys.executable, "-c", _KILLED, str(folder), version, "force" if force else "-", step]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == -9, done.stderr  # killed by SIGKILL, not finished or failed


def _assert_whole(folder: Path) -> None:
    """Every version folder is a verified release and latest leads to one."""
    versions = [p for p in folder.iterdir() if not p.name.startswith(".") and p.name != LATEST]
    for version in versions:
        assert unverified(version) is None, version
    assert unverified((folder / LATEST).resolve()) is None


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.mark.parametrize(
    ("step", "force", "version", "new_in_place", "latest"),
    [
        ("rename", False, "1.1.0", False, "1.0.0"),
        ("latest", False, "1.1.0", True, "1.0.0"),
        ("exchange", True, "1.0.0", False, "1.0.0"),
        ("remove-old", True, "1.0.0", True, "1.0.0"),
    ],
)
def test_a_killed_build_leaves_every_release_whole_and_the_next_build_cleans_up(
    tmp_path: Path, step: str, force: bool, version: str, new_in_place: bool, latest: str
) -> None:
    folder = _releases(tmp_path)
    _killed_build(folder, version, step, force)
    _assert_whole(folder)
    assert os.readlink(folder / LATEST) == latest
    placed = folder / version
    assert placed.is_dir() == (new_in_place or version == "1.0.0")
    if placed.is_dir():
        new = _files(placed)["lpkg.ttl"].endswith(b"# new\n")
        assert new == new_in_place
    assert _leftovers(folder)  # the killed build's temporary folder or link
    _put(folder, "2.0.0")
    assert _leftovers(folder) == []
    _assert_whole(folder)
    assert os.readlink(folder / LATEST) == "2.0.0"


# --- the release date ------------------------------------------------------------------------


def _git(folder: Path, *args: str, day: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    if day:
        env |= {"GIT_AUTHOR_DATE": f"{day}T12:00:00Z", "GIT_COMMITTER_DATE": f"{day}T12:00:00Z"}
    subprocess.run(["git", "-C", str(folder), *args], env=env, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_release_date_is_the_day_the_dataset_last_changed(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "data").mkdir(parents=True)
    assert dataset_date(root) is None  # not a git checkout
    _git(root, "init", "-q")
    (root / "data" / "a.ttl").write_text("# a\n")
    _git(root, "add", "data/a.ttl")
    _git(root, "commit", "-q", "-m", "data", day="2024-03-05")
    (root / "README.md").write_text("notes\n")
    _git(root, "add", "README.md")
    _git(root, "commit", "-q", "-m", "not the data", day="2024-06-01")
    assert dataset_date(root) == date(2024, 3, 5)
