"""Inference rule by rule on a project's dataset in pyoxigraph (in memory), as ``lpkg query
--infer`` runs it: the CPU time (``time.process_time``) of each rule's applications in
``lpkg.infer.materialize``, their number and the triples they added; then inference in all on a
copy of the store (``inferred_store``) and in place (``inferred_store(..., in_place=True)``, what
``lpkg query`` does), each after a fresh load. Run from the repository root:

    .venv/bin/python benchmarks/infer_rules.py --project DIR
"""

from __future__ import annotations

import argparse
import importlib
import time
from collections import Counter
from pathlib import Path
from typing import Any

from lpkg.store import OxigraphStore, open_store

# the module, not the function lpkg re-exports under the same name
infer = importlib.import_module("lpkg.infer")


def _timed(name: str, in_place: bool, project: Path) -> None:
    """Load ``project``, infer, print the time of each rule and of inference in all."""
    seconds: Counter[str] = Counter()
    runs: Counter[str] = Counter()
    added: Counter[str] = Counter()
    apply = infer._OxigraphEngine.apply

    def timed_apply(engine: Any, rule: Any, delta: Any = None) -> Any:
        start = time.process_time()
        triples = apply(engine, rule, delta)
        seconds[rule.name] += time.process_time() - start
        runs[rule.name] += 1
        added[rule.name] += sum(len(batch) for batch in triples.values())
        return triples

    store = open_store("oxigraph", root=project)
    before = len(store)
    infer._OxigraphEngine.apply = timed_apply  # type: ignore[method-assign]
    try:
        start = time.process_time()
        inferred = infer.inferred_store(store, in_place=in_place)
        total = time.process_time() - start
    finally:
        infer._OxigraphEngine.apply = apply  # type: ignore[method-assign]
    assert isinstance(inferred, OxigraphStore)
    print(f"\n{name}: {before} quads, {len(inferred)} after inference\n")
    print("| rule | runs | CPU s | added |")
    print("|---|--:|--:|--:|")
    for rule, spent in seconds.most_common():
        print(f"| {rule} | {runs[rule]} | {spent:.2f} | {added[rule]} |")
    print(f"| the rules in all | | {sum(seconds.values()):.2f} | {sum(added.values())} |")
    print(f"| inference in all | | {total:.2f} | |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, required=True, help="a project (lpkg --root)")
    args = parser.parse_args()
    _timed("On a copy of the store", False, args.project)
    _timed("In place", True, args.project)


if __name__ == "__main__":
    main()
