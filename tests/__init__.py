"""Tests of lpkg; the folder layout mirrors the package.

Material that is not part of the repository (the captured source pages, the research notes on
identifiers, published conformance suites) is found through environment variables, each
defaulting to the folder beside a developer's checkout. Tests that need it skip with the reason
when it is absent, so a fresh clone passes on its own.
"""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _folder(variable: str, default: Path) -> Path:
    return Path(os.environ[variable]) if os.environ.get(variable) else default


#: The captured texts of the public pages cited in data/sources.trig, one file per page.
SOURCES = _folder("LPKG_SOURCES", ROOT.parent / "shared" / "sources")
#: The notes that give the URL stating each external identifier.
RESEARCH = _folder("LPKG_RESEARCH", ROOT.parent / "shared" / "research")
#: Published conformance suites and schemas (W3C SHACL and SPARQL tests, DCAT-AP, ...).
EXTERNAL = _folder("LPKG_EXTERNAL", ROOT.parent / "shared" / "external")


def require(path: Path, variable: str) -> Path:
    """Return *path*, or skip the calling test saying which folder is missing and how to set it."""
    if not path.exists():
        pytest.skip(f"{path} is absent (set {variable} to the folder that holds it)")
    return path


def digest(root: Path, *folders: str) -> dict[str, str]:
    """SHA-256 of every file under ``root`` (or under its ``folders``), for "nothing was
    written"; ``lpkg add``'s lock file and scratch folder, which git ignores, are left out."""
    import hashlib

    from lpkg.contribute.add import LOCK, SCRATCH

    ignored = {root / LOCK, root / SCRATCH}
    tops = [root / f for f in folders] or [root]
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for top in tops
        for p in sorted(top.rglob("*"))
        if p.is_file() and not ignored & {p, *p.parents}
    }


def benchmark(name: str):  # type: ignore[no-untyped-def]
    """The script ``benchmarks/<name>.py`` as a module, so tests and the printed figures count
    alike."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location(
        f"benchmark_{name}", ROOT / f"benchmarks/{name}.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module
