"""Where the project's ontology, data, shapes and queries live."""

from __future__ import annotations

import os
from pathlib import Path

ROOT_ENV = "LPKG_ROOT"


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


def turtle_files(root: Path, *folders: str) -> list[Path]:
    """Every ``.ttl`` file under the given folders of ``root``, in a stable order."""
    return sorted(p for folder in folders for p in (root / folder).rglob("*.ttl"))
