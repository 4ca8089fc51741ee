"""``add_contribution``: writes only conforming contributions, never overwrites, all or nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from lpkg.contribute import add
from lpkg.contribute.add import add_contribution
from lpkg.errors import DoesNotConformError, WouldOverwriteError
from lpkg.fmt import format_file
from lpkg.load import load_graph
from lpkg.namespaces import LMEM
from tests import FIXTURES, ROOT

CONTRIBUTIONS = FIXTURES / "contributions"
TRMICE = ROOT / "docs" / "examples" / "trmice.ttl"


@pytest.fixture
def root(root_before_trmice: Path) -> Path:
    return root_before_trmice


def _digest(root: Path) -> dict[str, str]:
    """The tracked files of data/: all but the lock and scratch folder, which git ignores."""
    ignored = {root / add.LOCK, root / add.SCRATCH}
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((root / "data").rglob("*"))
        if p.is_file() and not ignored & {p, *p.parents}
    }


def test_the_trmice_worked_example_gives_the_committed_data_file(root: Path) -> None:
    added = add_contribution(TRMICE, root=root)
    assert added.created and added.target == root / "data" / "partnerships" / "trmice.ttl"
    committed = ROOT / "data" / "partnerships" / "trmice.ttl"
    assert added.target.read_bytes() == committed.read_bytes()
    assert not format_file(added.target, check=True)  # canonical form


def test_existing_file_is_not_changed_without_merge(root: Path) -> None:
    before = _digest(root)
    with pytest.raises(WouldOverwriteError, match="--merge"):
        add_contribution(CONTRIBUTIONS / "new-member.valid.ttl", root=root)
    assert _digest(root) == before


def test_merge_adds_the_statements_to_the_partnership_file(root: Path) -> None:
    added = add_contribution(CONTRIBUTIONS / "new-member.valid.ttl", root=root, merge=True)
    assert added.target == root / "data" / "partnerships" / "most.ttl" and not added.created
    assert (LMEM["most--zelena-zahrada"], None, None) in load_graph(root=root)
    assert not format_file(added.target, check=True)


@pytest.mark.parametrize(
    "name", ["undefined-reference.invalid.ttl", "missing-czech-label.invalid.ttl"]
)
def test_a_contribution_that_does_not_conform_writes_nothing(root: Path, name: str) -> None:
    before = _digest(root)
    with pytest.raises(DoesNotConformError):
        add_contribution(CONTRIBUTIONS / name, root=root, merge=True)
    assert _digest(root) == before


def test_a_failure_after_writing_restores_data(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression guard for atomicity: if the final validation of the whole dataset fails,
    the written file is taken back and data/ is byte for byte as before."""
    before = _digest(root)
    real_validate = add.validate
    calls = []

    def failing_after_write(graph, shapes=None, **kwargs):
        calls.append(1)
        if len(calls) == 2:  # the first call validates the staged copy, the second data/
            raise RuntimeError("disk on fire")
        return real_validate(graph, shapes, **kwargs)

    monkeypatch.setattr(add, "validate", failing_after_write)
    with pytest.raises(RuntimeError):
        add_contribution(TRMICE, root=root)
    assert _digest(root) == before
    calls.clear()
    with pytest.raises(RuntimeError):
        add_contribution(CONTRIBUTIONS / "new-member.valid.ttl", root=root, merge=True)
    assert _digest(root) == before
