"""Inference on the shipped data: owlrl's OWL 2 RL closure next to lpkg's rules on rdflib and on
pyoxigraph, then ``lpkg query both-towns-inferred`` as a user runs it (a fresh process).

Loading is not timed in the first table (each engine gets the data already loaded: an rdflib
graph, or a pyoxigraph store with the dataset's named graphs); every engine's entailments are
checked to be what lpkg publishes of owlrl's closure. With ``--before DIR`` (a checkout of an
earlier lpkg, e.g. ``git worktree add /tmp/before main``), the command also runs with that
checkout's code on this checkout's data. Run from the repository root:

    .venv/bin/python benchmarks/infer.py [--repeat 3] [--before DIR]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import pyoxigraph as ox
from rdflib import Graph
from run import ROOT, measure  # benchmarks/run.py: one command in a fresh process

from lpkg.infer import infer, materialize, owl_rl_closure
from lpkg.load import load_dataset, new_graph
from lpkg.publish.dumps import inferred_only


def _copy(graph: Graph) -> Graph:
    copy = new_graph()
    for triple in graph:
        copy.add(triple)
    return copy


def _median(run: Callable[[Any], object], prepare: Callable[[], Any], repeat: int) -> float:
    """The median time of ``run(prepare())``, preparing untimed."""
    times = []
    for _ in range(repeat):
        target = prepare()
        start = time.perf_counter()
        run(target)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per case (default 3)")
    parser.add_argument("--before", help="a checkout of an earlier lpkg, to run its command")
    args = parser.parse_args()

    dataset = load_dataset(root=ROOT)
    graph = new_graph()
    for s, p, o, _ in dataset.quads():
        graph.add((s, p, o))
    nquads = dataset.serialize(format="nquads").encode("utf-8")

    def store() -> ox.Store:
        loaded = ox.Store()
        loaded.load(nquads, format=ox.RdfFormat.N_QUADS)
        return loaded

    published = set(inferred_only(graph, owl_rl_closure(graph)))
    on_rdflib = _copy(graph)
    materialize(on_rdflib)
    for name, derived in (("rules on rdflib", on_rdflib), ("infer()", infer(graph))):
        if set(inferred_only(graph, derived)) != published:
            raise SystemExit(f"{name}: not what lpkg publishes of owlrl's closure")

    print(f"Python {sys.version.split()[0]}, {len(graph)} triples, median of {args.repeat}\n")
    print("| engine | seconds |")
    print("|---|--:|")
    cases: list[tuple[str, Callable[[Any], object], Callable[[], Any]]] = [
        ("owlrl: OWL 2 RL closure (rdflib)", owl_rl_closure, lambda: graph),
        ("lpkg rules on rdflib (materialize)", materialize, lambda: _copy(graph)),
        ("lpkg rules on pyoxigraph (materialize)", materialize, store),
        ("lpkg.infer(): rdflib graph in and out, rules on pyoxigraph", infer, lambda: graph),
    ]
    for name, run, prepare in cases:
        print(f"| {name} | {_median(run, prepare, args.repeat):.3f} |", flush=True)

    py = sys.executable
    command = ["query", "both-towns-inferred", "--format", "csv"]
    runs = [("lpkg " + " ".join(command), [py, "-m", "lpkg", *command])]
    if args.before:
        runs.append(
            (
                "the same, with the code of " + args.before,
                ["env", f"PYTHONPATH={args.before}/src", py, "-m", "lpkg", *command],
            )
        )
    print("\n| command (fresh process) | median wall (s) | peak RSS (MiB) | exit |")
    print("|---|--:|--:|--:|")
    for name, argv in runs:
        results = [measure(argv) for _ in range(args.repeat)]
        wall = statistics.median(r[0] for r in results)
        rss = max(r[1] for r in results) / 1024
        codes = ",".join(str(c) for c in sorted({r[2] for r in results}))
        print(f"| {name} | {wall:.2f} | {rss:.1f} | {codes} |", flush=True)


if __name__ == "__main__":
    main()
