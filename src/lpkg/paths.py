"""Where the project's ontology, data, shapes and queries live, and which files lpkg may touch."""

from __future__ import annotations

import os
from fnmatch import fnmatchcase
from pathlib import Path

from .errors import MissingFileError, UnsafeFileError

ROOT_ENV = "LPKG_ROOT"

_LINK_REASON = (
    "lpkg reads and writes only regular files, because a link could make it read or replace a "
    "file elsewhere (a link committed under data/ would merge or echo any file of the machine "
    "that checks it). Put the file itself there."
)


def _is_root(path: Path) -> bool:
    return all((path / marker).is_dir() for marker in ("ontology", "data"))


def project_root(root: Path | str | None = None) -> Path:
    """Return the dataset directory: ``root``, else ``$LPKG_ROOT``, else the nearest folder up from
    the working directory that holds ``ontology/`` and ``data/``, else the source checkout the
    package was installed from.
    """
    if root is not None:
        return Path(root)
    if os.environ.get(ROOT_ENV):
        return Path(os.environ[ROOT_ENV])
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if _is_root(candidate):
            return candidate
    return Path(__file__).resolve().parents[2]


def regular_file(path: Path | str) -> Path:
    """``path``, if it is a regular file and not a symbolic link.

    Raises:
        MissingFileError: nothing is there.
        UnsafeFileError: a symbolic link (even to a regular file), a folder, a device or a pipe.
    """
    path = Path(path)
    if path.is_symlink():
        raise UnsafeFileError(f"{path} is a symbolic link; {_LINK_REASON}")
    if not path.exists():
        raise MissingFileError(path)
    if not path.is_file():
        raise UnsafeFileError(f"{path} is not a regular file (a folder, device or pipe).")
    return path


def writable_target(path: Path | str, inside: Path | str | None = None) -> Path:
    """``path``, if lpkg may create or replace a file there: it is not a symbolic link (a dangling
    one included: writing would create the file it points to) nor anything but a regular file,
    and, with ``inside``, it lies within that folder with no symbolic link on the way.

    ``lpkg add`` calls it with ``inside=root / "data"``; ``import -o`` and ``fmt`` without.

    Raises:
        UnsafeFileError: the target is a link or a special file, or leaves ``inside``.
    """
    path = Path(path)
    if path.is_symlink():
        raise UnsafeFileError(f"{path} is a symbolic link; {_LINK_REASON}")
    if path.exists() and not path.is_file():
        raise UnsafeFileError(f"{path} is not a regular file (a folder, device or pipe).")
    if inside is not None:
        folder = Path(inside)
        on_the_way = [folder, *_between(folder, path.parent)]
        linked = [str(p) for p in on_the_way if p.is_symlink()]
        if linked:
            raise UnsafeFileError(f"{linked[0]} is a symbolic link; {_LINK_REASON}")
        if not path.resolve().is_relative_to(folder.resolve()):
            raise UnsafeFileError(f"{path} lies outside {folder}; lpkg writes only inside it.")
    return path


def _between(folder: Path, descendant: Path) -> list[Path]:
    """The folders from ``folder`` (excluded) down to ``descendant`` (included), if below it."""
    try:
        parts = descendant.relative_to(folder).parts
    except ValueError:
        return []
    return [folder.joinpath(*parts[: i + 1]) for i in range(len(parts))]


def folder_files(
    folder: Path, pattern: str | tuple[str, ...] = "*.ttl", *, recursive: bool = True
) -> list[Path]:
    """The files of ``folder`` (and, if ``recursive``, of its subfolders) that match ``pattern``
    (or one of several), sorted. A missing folder has none.

    Raises:
        UnsafeFileError: the folder, or anything in it, is a symbolic link or a special file
            (a pull request can commit a link; lpkg would follow it out of the project).
    """
    if folder.is_symlink():
        raise UnsafeFileError(f"{folder} is a symbolic link; {_LINK_REASON}")
    patterns = (pattern,) if isinstance(pattern, str) else pattern
    found: list[Path] = []
    # the directory entries' own types, without a stat per file (data/ may hold thousands)
    todo = [(folder, True)] if folder.is_dir() else []
    while todo:
        top, wanted = todo.pop()
        with os.scandir(top) as entries:
            for entry in entries:
                path = top / entry.name
                if entry.is_symlink():
                    raise UnsafeFileError(f"{path} is a symbolic link; {_LINK_REASON}")
                if entry.is_dir():
                    todo.append((path, recursive))
                elif not entry.is_file():
                    raise UnsafeFileError(f"{path} is not a regular file (a device or pipe).")
                elif wanted and any(fnmatchcase(entry.name, p) for p in patterns):
                    found.append(path)
    return sorted(found, key=_order)


def turtle_files(root: Path, *folders: str) -> list[Path]:
    """Every ``.ttl`` file under the given folders of ``root``, in a stable order; symbolic links
    and special files there are refused (:func:`folder_files`)."""
    return sorted((p for folder in folders for p in folder_files(root / folder)), key=_order)


def _order(path: Path) -> tuple[str, ...]:
    # the order of paths compared part by part, as on POSIX, without Path's slow comparison
    # (sorting data/ of 2,800 files: 40 ms -> 5 ms)
    return path.parts


DATA_PATTERNS = ("*.trig", "*.ttl")
"""The files of ``data/``: TriG, each statement in the graph of its source page. Turtle files are
read too, so that one left there is checked (its statements have no source) rather than ignored."""


def data_files(root: Path) -> list[Path]:
    """Every data file under ``root / "data"``, in a stable order; symbolic links and special
    files there are refused (:func:`folder_files`)."""
    return folder_files(root / "data", DATA_PATTERNS)
