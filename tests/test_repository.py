"""The repository holds only the project, and the product stands on its own."""

import re
import shutil
import subprocess

import pytest

from tests import ROOT

# What a user receives: everything but the tests, which may look for the developers' folders.
PRODUCT = ["data", "ontology", "shapes", "queries", "src", "docs", "scripts", "benchmarks"]
PRODUCT_FILES = ["README.md", "CONTRIBUTING.md", "CHANGELOG.md", "pyproject.toml"]


def _git(*args: str) -> str:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    return subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout


def test_no_tracked_file_is_one_gitignore_excludes() -> None:
    assert _git("ls-files", "-ci", "--exclude-standard").splitlines() == []


def test_nothing_in_the_product_names_the_developers_shared_folder() -> None:
    tracked = _git("ls-files", "--", *PRODUCT, *PRODUCT_FILES).splitlines()
    assert tracked
    naming = [
        path
        for path in tracked
        if re.search(r"\bshared/", (ROOT / path).read_text(encoding="utf-8", errors="replace"))
    ]
    assert naming == []
