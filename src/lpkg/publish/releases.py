"""The releases folder: one folder per version, a ``latest`` link, and nothing replaced but lpkg's.

``lpkg build --out DIR`` writes ``DIR/<version>/`` and points the symbolic link ``DIR/latest`` at
the highest version there. A release is built in ``DIR/.lpkg-<version>.*.building`` and renamed
into place when complete. Versions are immutable: an existing ``DIR/<version>`` is replaced only
with ``force``, only if it is a release lpkg wrote and nobody changed (its marker file
:data:`MARKER` and ``SHA256SUMS`` together list every file in it with its checksum), and only
atomically (Linux ``renameat2`` with ``RENAME_EXCHANGE``). One build at a time holds a lock on
``DIR``; a build that starts removes what a killed build left behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from ..errors import InputError, WouldOverwriteError
from .dumps import sha256_file, sha256sums

__all__ = [
    "LATEST",
    "MARKER",
    "ReleasesFolder",
    "check_version",
    "dataset_date",
    "release_version",
    "unverified",
    "write_marker",
]

MARKER = ".lpkg-release"
"""The file lpkg writes into every release: its version, then ``sha256sum`` lines for the files
``SHA256SUMS`` does not list (``SHA256SUMS`` itself and the website)."""

LATEST = "latest"
"""The symbolic link in the releases folder to the highest version."""

_MARKER_LINE = re.compile(r"# lpkg release (\S+)( \(being built\))?")
_HEADER_LINE = re.compile(r"# .*\(lpkg\) (\S+)\.")
"""The first line of a release's ``lpkg.ttl`` (releases written before the marker existed)."""
_SUM_LINE = re.compile(r"([0-9a-f]{64})  (\S.*)")
_BUILDING_PREFIX, _BUILDING_SUFFIX = ".lpkg-", ".building"
_LATEST_TMP = ".lpkg-latest.tmp"
_IDENTIFIERS = r"[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*"
_VERSION = re.compile(rf"(\d+)\.(\d+)\.(\d+)(?:-({_IDENTIFIERS}))?(?:\+{_IDENTIFIERS})?")
"""Semantic Versioning 2.0: MAJOR.MINOR.PATCH, an optional -pre-release and +build."""
_AT_FDCWD, _RENAME_EXCHANGE = -100, 2


def check_version(version: str) -> None:
    """Refuse a version that is not X.Y.Z (Semantic Versioning); it names a folder.

    >>> check_version("1.2.3-rc.1")
    >>> check_version("../1.2.3")
    Traceback (most recent call last):
    lpkg.errors.InputError: The version must look like X.Y.Z (Semantic Versioning); got '../1.2.3'.
    """
    if not _VERSION.fullmatch(version):
        raise InputError(
            f"The version must look like X.Y.Z (Semantic Versioning); got {version!r}."
        )


def _precedence(version: str) -> tuple[object, ...]:
    """Semantic Versioning precedence: a pre-release comes before its release; build data is
    ignored.

    >>> sorted(["1.10.0", "1.2.0", "1.2.0-rc.2", "1.2.0-rc.10", "1.2.0-beta"], key=_precedence)
    ['1.2.0-beta', '1.2.0-rc.2', '1.2.0-rc.10', '1.2.0', '1.10.0']
    """
    match = _VERSION.fullmatch(version)
    assert match is not None  # only called with checked versions
    major, minor, patch, pre = match.groups()
    numbers = (int(major), int(minor), int(patch))
    if pre is None:
        return (*numbers, 1, ())
    parts = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in pre.split("."))
    return (*numbers, 0, parts)


def release_version(folder: Path) -> str | None:
    """The version of the release in ``folder``: from its marker, else from the first line of
    its ``lpkg.ttl``; ``None`` if neither says."""
    for name, pattern in ((MARKER, _MARKER_LINE), ("lpkg.ttl", _HEADER_LINE)):
        try:
            with (folder / name).open(encoding="utf-8", errors="replace") as handle:
                first = handle.readline().rstrip("\n")
        except OSError:
            continue
        match = pattern.fullmatch(first)
        if match:
            return match.group(1)
    return None


def dataset_date(root: Path) -> date | None:
    """The date the dataset last changed: the day of the last git commit that touched
    ontology/, data/, shapes/ or queries/; ``None`` outside a git checkout. Never the clock, so
    a build of the same commit is the same."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%cs", "--"]
            + ["ontology", "data", "shapes", "queries"],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:  # no git
        return None
    try:
        return date.fromisoformat(done.stdout.strip()) if done.returncode == 0 else None
    except ValueError:  # no commit touches the dataset
        return None


def write_marker(folder: Path, version: str, *, complete: bool) -> None:
    """Mark ``folder`` as lpkg's: at the start of a build (so a killed build's folder is known
    as lpkg's), and when it is complete (listing the files ``SHA256SUMS`` does not)."""
    if not complete:
        (folder / MARKER).write_text(f"# lpkg release {version} (being built)\n", encoding="utf-8")
        return
    listed = set(_sums(folder / "SHA256SUMS") or {})
    rest = [n for n in _files(folder) if n not in listed and n != MARKER and not n.endswith("/")]
    text = f"# lpkg release {version}\n" + sha256sums(folder, rest)
    (folder / MARKER).write_text(text, encoding="utf-8")


def unverified(folder: Path) -> str | None:
    """Why ``folder`` is not a complete, unchanged release that lpkg wrote; ``None`` if it is.

    It must hold :data:`MARKER` naming the folder's own version and ``SHA256SUMS``; the two
    must list every file in it (and nothing else) with the right checksum.
    """
    if folder.is_symlink() or not folder.is_dir():
        return "it is not a folder"
    marker = folder / MARKER
    try:
        head, *lines = marker.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError, ValueError):
        return f"it has no readable {MARKER}, the file lpkg writes into every release"
    match = _MARKER_LINE.fullmatch(head)
    if not match or match.group(2):
        return f"its {MARKER} is not that of a complete release"
    if match.group(1) != folder.name:
        return f"its {MARKER} names version {match.group(1)}, not {folder.name}"
    sums = _sums(folder / "SHA256SUMS")
    extra = _parse_sums(lines)
    if sums is None or extra is None:
        return f"its SHA256SUMS or {MARKER} is missing or malformed"
    listed = {**sums, **extra}
    present = _files(folder)
    unlisted = sorted(set(present) - set(listed) - {MARKER})
    if unlisted:
        return f"it holds files lpkg did not write: {', '.join(unlisted[:5])}"
    missing = sorted(set(listed) - set(present))
    if missing:
        return f"files of the release are missing: {', '.join(missing[:5])}"
    changed = sorted(n for n, digest in listed.items() if sha256_file(folder / n) != digest)
    if changed:
        return f"files were changed after lpkg wrote them: {', '.join(changed[:5])}"
    return None


def _files(folder: Path) -> list[str]:
    """Every entry in ``folder`` that is not a folder (files, links, ...), relative, with
    ``/``; an empty folder counts as an entry so that it is never deleted unnoticed."""
    found = []
    for top, dirs, files in os.walk(folder):
        here = Path(top).relative_to(folder)
        found += [(here / n).as_posix() for n in files]
        found += [(here / n).as_posix() + "/" for n in dirs if (Path(top) / n).is_symlink()]
        if not dirs and not files and top != str(folder):
            found.append(here.as_posix() + "/")
    return sorted(found)


def _sums(path: Path) -> dict[str, str] | None:
    try:
        return _parse_sums(path.read_text(encoding="utf-8").splitlines())
    except (OSError, UnicodeDecodeError):
        return None


def _parse_sums(lines: list[str]) -> dict[str, str] | None:
    result = {}
    for line in lines:
        match = _SUM_LINE.fullmatch(line)
        if not match:
            return None
        result[match.group(2)] = match.group(1)
    return result


class ReleasesFolder:
    """Puts one release into a releases folder safely.

    :meth:`check` refuses early, without touching anything; ``with folder.building() as tmp``
    takes the lock, removes what killed builds left, and gives an empty folder to write the
    release into; :meth:`place` moves it into place. On an error the temporary folder (and the
    releases folder, if the build made it and it is empty) is removed.
    """

    def __init__(self, path: Path, version: str, *, force: bool = False) -> None:
        check_version(version)
        self.path = path
        self.version = version
        self.force = force
        self.target = path / version

    def check(self) -> None:
        """Refuse a releases folder or version folder lpkg must not write into."""
        path, target = self.path, self.target
        if path.exists() and not path.is_dir():
            raise WouldOverwriteError(f"{path} exists and is not a folder; give another --out.")
        if any((path / name).exists() for name in (MARKER, "SHA256SUMS", "lpkg.ttl")):
            raise WouldOverwriteError(
                f"{path} holds a release (or its files) itself; --out is the folder that holds "
                f"the releases, one folder per version ({path}/{self.version}/). Give its parent "
                "or a new folder."
            )
        latest = path / LATEST
        if (latest.exists() or latest.is_symlink()) and not latest.is_symlink():
            raise WouldOverwriteError(
                f"{latest} is not a link; lpkg build points {LATEST} at the newest release and "
                "will not replace what is there. Move it away or give another --out."
            )
        if not (target.exists() or target.is_symlink()):
            return
        if not self.force:
            raise WouldOverwriteError(
                f"{target} exists; a published version is never rebuilt in place. Give a new "
                "--version, or --force to replace that release."
            )
        reason = unverified(target)
        if reason is not None:
            raise WouldOverwriteError(
                f"{target} is not a release lpkg wrote and nobody changed ({reason}); lpkg "
                "build replaces nothing else, even with --force. Move it away or give another "
                "--version."
            )

    @contextlib.contextmanager
    def building(self) -> Iterator[Path]:
        """The lock, the clean-up, and an empty temporary folder to build in."""
        made = [p for p in (self.path, *self.path.parents) if not p.exists()]
        self.path.mkdir(parents=True, exist_ok=True)
        lock = os.open(self.path, os.O_RDONLY | os.O_DIRECTORY)
        tmp: Path | None = None
        try:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise InputError(
                    f"Another lpkg build is writing into {self.path}; wait for it to finish."
                ) from None
            self._remove_leftovers()
            self.check()  # again: the folder may have changed since the first check
            prefix = f"{_BUILDING_PREFIX}{self.version}."
            tmp = Path(tempfile.mkdtemp(dir=self.path, prefix=prefix, suffix=_BUILDING_SUFFIX))
            tmp.chmod(0o755)  # mkdtemp makes it private; a release is for publishing
            write_marker(tmp, self.version, complete=False)
            yield tmp
        except BaseException:
            if tmp is not None:
                shutil.rmtree(tmp, ignore_errors=True)
            for folder in made:  # innermost first
                with contextlib.suppress(OSError):
                    folder.rmdir()
            raise
        finally:
            os.close(lock)  # releases the lock

    def place(self, tmp: Path) -> bool:
        """Move the complete release in ``tmp`` to ``DIR/<version>``, then point ``latest`` at
        it if it is the highest version (and say whether it did). Each step is one atomic
        rename, so a build killed at any point leaves every version folder and ``latest``
        whole."""
        write_marker(tmp, self.version, complete=True)
        if self.target.exists():  # checked: a verified release, and --force
            _exchange(tmp, self.target)  # tmp now holds the old release
            shutil.rmtree(tmp)
        else:
            os.rename(tmp, self.target)
        return self._point_latest()

    def _point_latest(self) -> bool:
        latest = self.path / LATEST
        current = os.readlink(latest) if latest.is_symlink() else None
        if (
            current is not None
            and _VERSION.fullmatch(current)
            and (self.path / current).is_dir()
            and _precedence(current) > _precedence(self.version)
        ):
            return False
        link = self.path / _LATEST_TMP
        link.unlink(missing_ok=True)
        os.symlink(self.version, link)
        os.replace(link, latest)
        return True

    def _remove_leftovers(self) -> None:
        """Remove what killed builds left: temporary folders that hold lpkg's marker (a release
        being built, or an old one swapped out), and the temporary ``latest`` link."""
        for entry in self.path.iterdir():
            name = entry.name
            if name == _LATEST_TMP and entry.is_symlink():
                entry.unlink()
            elif (
                name.startswith(_BUILDING_PREFIX)
                and name.endswith(_BUILDING_SUFFIX)
                and not entry.is_symlink()
                and (entry / MARKER).is_file()
            ):
                shutil.rmtree(entry)


def _exchange(a: Path, b: Path) -> None:
    """Swap the folders ``a`` and ``b`` in one step (Linux ``renameat2(RENAME_EXCHANGE)``)."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    result = -1
    if renameat2 is not None:
        result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result != 0:
        code = ctypes.get_errno() if renameat2 is not None else errno.ENOSYS
        raise InputError(
            f"{b} cannot be replaced in one step here ({os.strerror(code)}); lpkg build replaces "
            "a release only atomically (Linux renameat2). Remove it yourself or give a new "
            "--version."
        )
