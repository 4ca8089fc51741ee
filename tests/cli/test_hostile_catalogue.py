"""Every hostile file through every command that reads files, in a real process.

Each fixture in ``tests/fixtures/hostile/`` (named ``<what>.hostile.<ext>``) is legal-looking
input that once made a command crash or run for minutes. Whatever the command makes of it, it
must end with a verdict or a message: exit code 0, 1 or 2, no traceback, ``data/`` untouched,
and within 30 seconds of CPU time (a guard against hangs, not a speed goal: validating a file
with the dataset of 19 partnerships takes about 11 s, the inputs here once took minutes; the
process is killed after two minutes of wall time, since the machine may be busy).
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests import FIXTURES, ROOT, digest

HOSTILE = sorted((FIXTURES / "hostile").glob("*.hostile.*"))

#: Each command that reads a file, as the arguments after ``lpkg --root ROOT`` for a fixture
#: (``out`` is a folder for files a command writes).
COMMANDS: dict[str, Callable[[Path, Path], list[str]]] = {
    "validate": lambda f, out: ["validate", str(f)],
    "fmt": lambda f, out: ["fmt", "--check", str(f)],
    "add": lambda f, out: ["add", str(f)],
    "import": lambda f, out: ["import", str(f), "-o", str(out / "imported.ttl")],
    "diff": lambda f, out: ["diff", str(f), str(f)],
    "query": lambda f, out: ["query", str(f), "--timeout", "5"],
    "match": lambda f, out: ["match", "--csv", str(f), "-o", str(out / "matches.csv")],
}


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the dataset for ``lpkg add`` to refuse to change."""
    copy = tmp_path_factory.mktemp("root")
    for folder in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(ROOT / folder, copy / folder)
    return copy


def test_the_catalogue_is_there() -> None:
    assert len(HOSTILE) >= 15
    assert all(".hostile." in path.name for path in HOSTILE)


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("fixture", HOSTILE, ids=lambda p: p.name)
def test_a_hostile_file_gets_a_verdict_or_a_message(
    root: Path, tmp_path: Path, fixture: Path, command: str
) -> None:
    before = digest(root, "data")
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [sys.executable, "-m", "lpkg", "--root", str(root), *COMMANDS[command](fixture, tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    output = done.stdout + done.stderr
    assert done.returncode in (0, 1, 2), output
    assert "Traceback" not in output
    assert digest(root, "data") == before
    cpu = (after.ru_utime - used.ru_utime) + (after.ru_stime - used.ru_stime)
    assert cpu < 30, f"{cpu:.1f} s of CPU time"
