"""Validation by the shapes compiled to SPARQL (lpkg.shacl_sparql, on pyoxigraph) next to pySHACL,
on the shipped data and on the data multiplied (benchmarks/queries.py: every partnership with
what belongs to it copied under new IRIs), and the incremental check of one contribution.

For each scale: the compiled engine's time (loading the rdflib graph into pyoxigraph, then the
queries), pySHACL through lpkg (which parses each SHACL-SPARQL query once) and plain pySHACL
(``pyshacl.validate`` as a user would call it; skipped above ``--plain-up-to`` triples), whether
the reports agree (as multisets of results, see tests/test_shacl_sparql.py), and an incremental
run of the contribution tests/fixtures/shacl_sparql/contributions/second-membership-of-an-
existing-member.ttl against a store that holds the data already (with the number of focus nodes
it validates). Times are medians of ``--repeat`` runs (pySHACL: one run). Run from the
repository root:

    .venv/bin/python benchmarks/validation.py [--scales 1 10] [--repeat 3]

The engine's entry points for other scripts: ``lpkg.shacl_sparql.validate_graph(data, shapes)``
(an rdflib graph), or ``compile_shapes(shapes)`` and ``evaluate(compiled, select)`` with any
``select(query) -> (variables, rows)``, e.g. ``OxigraphStore(graph).select``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from rdflib import Graph

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from queries import multiplied  # noqa: E402
from tests.test_shacl_sparql import _differences, _results  # noqa: E402

from lpkg.load import load_graph, load_shapes  # noqa: E402
from lpkg.shacl_sparql import (  # noqa: E402
    OxigraphStore,
    compile_shapes,
    evaluate,
    validate_incremental,
)
from lpkg.validate import pyshacl_report  # noqa: E402

CONTRIBUTION = (
    ROOT / "tests/fixtures/shacl_sparql/contributions/second-membership-of-an-existing-member.ttl"
)


def _timed(run: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--plain-up-to", type=int, default=10_000)
    parser.add_argument("--no-pyshacl", action="store_true", help="time the compiled engine only")
    args = parser.parse_args()
    shapes, base = load_shapes(ROOT), load_graph(root=ROOT)
    contribution = Graph().parse(CONTRIBUTION)
    print(
        "| data | triples | load into pyoxigraph | compiled queries | compiled total "
        "| pySHACL via lpkg | plain pySHACL | same report | incremental (nodes) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---|---:|")
    for scale in args.scales:
        data = multiplied(base, scale) if scale > 1 else base
        print(_row(f"shipped ×{scale}", data, shapes, contribution, args), flush=True)


def _row(name: str, data: Graph, shapes: Graph, contribution: Graph, args) -> str:
    compiled = compile_shapes(shapes)  # once, as a process validating several times would
    loads, runs, report = [], [], None
    for _ in range(args.repeat):
        load, store = _timed(lambda: OxigraphStore(data))
        run, report = _timed(lambda s=store: evaluate(compiled, s.select, data=data))
        loads.append(load)
        runs.append(run)
    if args.no_pyshacl:
        lpkg_time, reference = float("nan"), report
    else:
        lpkg_time, reference = _timed(lambda: pyshacl_report(data, shapes))
    plain = "–"
    if len(data) <= args.plain_up_to and not args.no_pyshacl:
        import pyshacl

        seconds, _ = _timed(
            lambda: pyshacl.validate(
                data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
            )
        )
        plain = f"{seconds:.1f} s"
    same = not _differences(_results(report), _results(reference))
    incremental, affected = [], None
    for _ in range(args.repeat):  # against a store that holds the data already
        store = OxigraphStore(data)
        seconds, (_, affected) = _timed(
            lambda s=store: validate_incremental(s, contribution, compiled)
        )
        incremental.append(seconds)
    load, run = statistics.median(loads), statistics.median(runs)
    return (
        f"| {name} | {len(data)} | {load:.2f} s | {run:.2f} s | {load + run:.2f} s "
        f"| {lpkg_time:.1f} s | {plain} | {'yes' if same else 'NO'} "
        f"| {statistics.median(incremental):.2f} s ({len(affected or ())}) |"
    )


if __name__ == "__main__":
    main()
