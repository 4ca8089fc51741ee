"""Where compiled validation spends its time: each compiled check's query, timed on its own.

``lpkg validate`` (engine sparql) runs every (shape, constraint) of the shapes as one SELECT
(lpkg.shacl_sparql.compile_shapes); this script loads each project into pyoxigraph as
``lpkg validate`` does (lpkg.store.open_store), runs the checks one at a time and prints a table:
the check (its shape and component), its rows and seconds at each size, and the ratio of the
times of the last two sizes over the ratio of their triples (above 1: the check grows faster
than the data). Projects are folders made by benchmarks/generate.py. Run from the repository
root:

    .venv/bin/python benchmarks/generate.py --triples 10000 --out /tmp/p4
    .venv/bin/python benchmarks/checks.py /tmp/p4 /tmp/p5 [--top 20] [--match Duplicate]

``--timeout`` skips a check at the larger sizes once it took longer than that at a smaller one
(its cell then reads ``skipped``), so a slow check does not hold up the profile.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from rdflib import BNode
from rdflib.term import Node

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src")]

from lpkg.labels import display  # noqa: E402
from lpkg.load import load_shapes  # noqa: E402
from lpkg.shacl_sparql import Check, compile_shapes  # noqa: E402
from lpkg.store import open_store  # noqa: E402


def name(check: Check) -> str:
    component = str(check.component).rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
    shape = (
        _short(check.shape)
        if check.shape == check.root
        else (f"{_short(check.root)} › {_short(check.shape)}")
    )
    path = f" {_short(check.path)}" if check.path is not None and check.sparql is None else ""
    return f"{shape}{path} {component}"


def _short(node: Node) -> str:
    if isinstance(node, BNode):  # a path such as (a|b): its blank node's id says nothing
        return "(path)"
    return display(node).strip("<>").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("projects", type=Path, nargs="+", help="generated projects, small first")
    parser.add_argument("--top", type=int, default=25, help="rows to print (slowest first)")
    parser.add_argument("--match", default="", help="only checks whose name contains this")
    parser.add_argument("--timeout", type=float, default=60.0, help="see above (seconds)")
    args = parser.parse_args()

    shapes = load_shapes(ROOT)
    checks = [c for c in compile_shapes(shapes).checks if args.match in name(c)]
    sizes: list[int] = []
    seconds: list[list[float | None]] = [[] for _ in checks]
    rows: list[int] = [0 for _ in checks]
    totals: list[float] = []
    for project in args.projects:
        store = open_store("oxigraph", root=project)
        sizes.append(len(store))
        total = 0.0
        for i, check in enumerate(checks):
            earlier = [s for s in seconds[i] if s is not None]
            if len(seconds[i]) and (not earlier or earlier[-1] > args.timeout):
                seconds[i].append(None)
                continue
            start = time.process_time()
            _, found = store._select_trusted(check.query)
            spent = time.process_time() - start
            seconds[i].append(spent)
            rows[i] = len(found)
            total += spent
        totals.append(total)
        del store

    order = sorted(range(len(checks)), key=lambda i: -max(s or 1e9 for s in seconds[i]))
    head = ["check"] + [f"{n:,} triples" for n in sizes] + ["rows", "growth"]
    print(" | ".join(head))
    for i in order[: args.top]:
        cells = [f"{s:.3f}" if s is not None else "skipped" for s in seconds[i]]
        growth = "–"
        if len(sizes) > 1 and all(s is not None for s in seconds[i][-2:]) and seconds[i][-2]:
            ratio = seconds[i][-1] / max(seconds[i][-2], 1e-3)
            growth = f"{ratio / (sizes[-1] / sizes[-2]):.1f}"
        print(" | ".join([name(checks[i]), *cells, str(rows[i]), growth]))
    print(" | ".join(["all checks (CPU s)", *(f"{t:.2f}" for t in totals), "", ""]))


if __name__ == "__main__":
    main()
