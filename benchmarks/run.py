"""Wall time and peak memory of lpkg commands next to the same work done with bare library calls.

Each case runs in a fresh process (start-up and imports count, as they do for a user), several
times; the table shows the median wall time and the largest peak resident memory. Run from the
repository root with the project's virtualenv:

    .venv/bin/python benchmarks/run.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# The bare-library baselines do what the lpkg command does, with nothing of lpkg's own.
_LOAD = """
import glob, rdflib
g = rdflib.Dataset(default_union=True)  # data/ is TriG: queries read the union of its graphs
files = glob.glob('ontology/**/*.ttl', recursive=True) + glob.glob('data/**/*.trig', recursive=True)
for f in sorted(files):
    g.parse(f)
"""
_QUERY = """
text = open('queries/both-towns.rq', encoding='utf-8').read()
from rdflib import URIRef
rows = list(g.query(text, initBindings={
    'townA': URIRef('https://w3id.org/lpkg/id/place/litvinov'),
    'townB': URIRef('https://w3id.org/lpkg/id/place/most')}))
"""
_VALIDATE = """
import pyshacl
s = rdflib.Graph()
for f in sorted(glob.glob('shapes/**/*.ttl', recursive=True)):
    s.parse(f)
pyshacl.validate(g, shacl_graph=s, inference='none', advanced=True, allow_warnings=True)
"""
_INFER = """
import owlrl
owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False,
                       datatype_axioms=False).expand(g)
"""


def _lpkg() -> str:
    found = shutil.which("lpkg", path=str(Path(sys.executable).parent))
    if found is None:
        raise SystemExit("lpkg is not installed in this environment: pip install -e .")
    return found


def cases() -> list[tuple[str, list[str]]]:
    py = sys.executable
    lpkg = _lpkg()
    return [
        ("lpkg query both-towns", [lpkg, "query", "both-towns", "--format", "csv"]),
        ("  bare rdflib: parse + query", [py, "-c", _LOAD + _QUERY]),
        ("lpkg validate", [lpkg, "validate"]),
        ("  bare pySHACL: parse + validate", [py, "-c", _LOAD + _VALIDATE]),
        (
            "lpkg query both-towns --infer",
            [lpkg, "query", "both-towns", "--infer", "--format", "csv"],
        ),
        ("  bare owlrl: parse + closure + query", [py, "-c", _LOAD + _INFER + _QUERY]),
    ]


def measure(argv: list[str]) -> tuple[float, int, int]:
    """Run argv once; return (wall seconds, peak RSS in KiB, exit code)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss, proc.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per case (default 5)")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {args.repeat} runs per case\n")
    print(f"| {'case':<40} | {'median wall (s)':>15} | {'peak RSS (MiB)':>14} | exit |")
    print(f"|{'-' * 42}|{'-' * 17}:|{'-' * 16}:|-----:|")
    for name, argv in cases():
        runs = [measure(argv) for _ in range(args.repeat)]
        wall = statistics.median(r[0] for r in runs)
        rss = max(r[1] for r in runs) / 1024
        codes = sorted({r[2] for r in runs})
        print(f"| {name:<40} | {wall:>15.2f} | {rss:>14.1f} | {','.join(map(str, codes)):>4} |")


if __name__ == "__main__":
    main()
