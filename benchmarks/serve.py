"""A bounded load run of ``lpkg serve`` on loopback, next to ``oxigraph serve-read-only``.

Starts ``lpkg serve`` (a subprocess on a free port of 127.0.0.1, with the rate limit out of the
way) and ``oxigraph serve-read-only`` over the same dataset (``lpkg.load.load_dataset`` written
as N-Quads, loaded with ``oxigraph load``; the default graph is the union of the graphs, as in
lpkg), then sends each mix of requests ``--requests`` times at ``--concurrency`` (httpx2, one
process, asyncio). Mixes:

- sparql: a handful of SELECT queries over the data (GET /sparql; Oxigraph: GET /query);
- named: the named queries that need no inference, with their default parameters
  (GET /api/queries/NAME);
- pages: the dataset's own IRIs as pages and as Turtle (GET with Accept text/html, text/turtle;
  the server runs with --base so that they are its own paths);
- reconcile: batches of five organization names (POST /reconcile, queries=...);
- sparql+slow: the sparql mix while one client keeps sending a query that runs into the time
  limit (a triple cross product): those answer 503, nothing else may fail.

For each mix and server: throughput, latency percentiles, errors (an answer other than 200, or
503 for the slow query; or no answer), peak memory (the proportional set size of the server's
process tree: the server and its workers, whose shared pages count once; sampled every 0.1 s).
A mix whose route answers 404 is skipped with a note. Run from the repository root:

    .venv/bin/python benchmarks/serve.py [--requests 1000] [--concurrency 8] [--workers 2]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import httpx2
from rdflib.namespace import SKOS

from lpkg.load import load_dataset
from lpkg.namespaces import BASE, LORG
from lpkg.queries import list_queries

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

PREFIXES = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
)
SELECTS = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n)",
    "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p",
    'SELECT ?s ?label WHERE { ?s rdfs:label ?label FILTER (LANG(?label) = "cs") } LIMIT 100',
    "SELECT ?s ?label WHERE { ?s rdfs:label|skos:prefLabel ?label "
    'FILTER (CONTAINS(LCASE(STR(?label)), "most")) }',
]
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
"""Billions of solutions over the shipped data: runs into any time limit."""

Request = tuple[str, str, dict[str, str], dict[str, str] | None]
"""method, path with query, headers, form fields"""


@dataclass
class Mix:
    name: str
    requests: list[Request]
    slow: list[Request] = field(default_factory=list)
    """Sent over and over by one client of its own while the others send ``requests``."""


@dataclass
class Outcome:
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    slow: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0
    peak: int = 0
    load: float = 0.0
    """The machine's load average as the run began (the client shares the machine)."""
    note: str = ""


def sparql(path: str, slow: bool = False) -> Mix:
    accept = {"Accept": "application/sparql-results+json"}
    requests = [("GET", f"{path}?{_query(PREFIXES + q)}", accept, None) for q in SELECTS]
    if not slow:
        return Mix("sparql", requests)
    return Mix("sparql+slow", requests, [("GET", f"{path}?{_query(SLOW)}", accept, None)])


def _query(text: str) -> str:
    return urlencode({"query": text})


def mixes() -> Iterator[Mix]:
    """The requests of each mix against lpkg serve, from the shipped dataset."""
    yield sparql("/sparql")
    named = [q.name for q in list_queries(ROOT) if not q.requires_inference]
    yield Mix(
        "named", [("GET", f"/api/queries/{n}", {"Accept": "application/json"}, None) for n in named]
    )
    dataset = load_dataset(root=ROOT)
    quads = list(dataset.quads())  # every graph: the data sits in named graphs
    own = sorted({str(q[0]) for q in quads if str(q[0]).startswith(BASE + "id/")})
    subjects = own[:: max(1, len(own) // 25)]  # 25 of them, of every kind
    yield Mix(
        "pages",
        [
            ("GET", "/" + iri.removeprefix(BASE), {"Accept": accept}, None)
            for iri in subjects
            for accept in ("text/html", "text/turtle")
        ],
    )
    names = sorted({str(o) for s, p, o, _ in quads if p == SKOS.prefLabel and s.startswith(LORG)})
    batches = [names[i : i + 5] for i in range(0, len(names), 5)]
    yield Mix(
        "reconcile",
        [
            (
                "POST",
                "/reconcile",
                {"Accept": "application/json"},
                {"queries": json.dumps({f"q{i}": {"query": n} for i, n in enumerate(batch)})},
            )
            for batch in batches
        ],
    )
    yield sparql("/sparql", slow=True)


async def run_mix(
    base: str, mix: Mix, total: int, concurrency: int, pids: Callable[[], int]
) -> Outcome:
    outcome = Outcome()
    limits = httpx2.Limits(max_connections=concurrency + 1)
    async with httpx2.AsyncClient(base_url=base, timeout=120, limits=limits) as client:
        probe = await _send(client, mix.requests[0])
        if isinstance(probe, httpx2.Response) and probe.status_code == 404:
            outcome.note = f"skipped: {mix.requests[0][1].split('?')[0]} answered 404"
            return outcome
        counter = iter(range(total))
        done = asyncio.Event()

        async def client_loop() -> None:
            for n in counter:
                request = mix.requests[n % len(mix.requests)]
                started = time.perf_counter()
                answer = await _send(client, request)
                outcome.latencies.append(time.perf_counter() - started)
                if not isinstance(answer, httpx2.Response):
                    outcome.errors[answer] = outcome.errors.get(answer, 0) + 1
                elif answer.status_code != 200:
                    key = f"{answer.status_code} {request[1].split('?')[0]}"
                    outcome.errors[key] = outcome.errors.get(key, 0) + 1

        async def slow_loop() -> None:
            while not done.is_set():
                answer = await _send(client, mix.slow[0])
                status = answer.status_code if isinstance(answer, httpx2.Response) else 0
                outcome.slow[status] = outcome.slow.get(status, 0) + 1

        with sampling(pids) as peak:
            started = time.perf_counter()
            slow = [asyncio.create_task(slow_loop()) for _ in mix.slow]
            await asyncio.gather(*(client_loop() for _ in range(concurrency - len(slow))))
            outcome.seconds = time.perf_counter() - started
            done.set()
            await asyncio.gather(*slow)
        outcome.peak = peak()
    return outcome


async def _send(client: httpx2.AsyncClient, request: Request) -> httpx2.Response | str:
    method, path, headers, form = request
    try:
        return await client.request(method, path, headers=headers, data=form)
    except httpx2.HTTPError as err:
        return type(err).__name__


@contextmanager
def sampling(memory: Callable[[], int]) -> Iterator[Callable[[], int]]:
    """Sample ``memory()`` every 0.1 s while the block runs; yields the peak so far."""
    peak = [memory()]
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.1):
            peak[0] = max(peak[0], memory())

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield lambda: peak[0]
    finally:
        stop.set()
        thread.join()


def tree_pss(pid: int) -> int:
    """Bytes of proportional set size of ``pid`` and its descendants (Linux /proc)."""
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:  # it ended meanwhile
            continue
        total += (
            next(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:"))
            * 1024
        )
        pending.extend(map(int, children))
    return total


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(
    base: str, process: subprocess.Popen[bytes], log: Path, seconds: float = 120
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server stopped ({log}): {process.args}")
        try:
            httpx2.get(base + "/", timeout=1)
            return
        except httpx2.HTTPError:
            time.sleep(0.2)
    raise SystemExit(f"the server did not answer within {seconds:g} s: {process.args}")


@contextmanager
def server(args: list[str], base: str, log: Path) -> Iterator[int]:
    """Run the server ``args`` (its messages go to ``log``) until the block ends."""
    with log.open("wb") as output:
        process = subprocess.Popen(args, stdout=output, stderr=subprocess.STDOUT)
        try:
            wait_until_up(base, process, log)
            yield process.pid
        finally:
            process.terminate()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def oxigraph_store(folder: Path) -> Path:
    """The dataset loaded into an Oxigraph store at ``folder`` by ``oxigraph load``."""
    dump = folder / "dataset.nq"
    load_dataset(root=ROOT).serialize(dump, format="nquads", encoding="utf-8")
    location = folder / "oxigraph"
    subprocess.run(
        [str(BIN / "oxigraph"), "load", "--location", str(location), "--file", str(dump)],
        check=True,
        capture_output=True,
    )
    return location


def row(target: str, mix: str, outcome: Outcome) -> str:
    if outcome.note:
        return f"| {mix} | {target} | – | – | – | – | – | – | – | {outcome.note} |"
    q = statistics.quantiles(outcome.latencies, n=100, method="inclusive")
    errors = sum(outcome.errors.values())
    notes = [f"{n}× {k}" for k, n in sorted(outcome.errors.items())]
    if outcome.slow:
        slow = ", ".join(f"{n}× {s or 'no answer'}" for s, n in sorted(outcome.slow.items()))
        notes.append(f"slow query: {slow}")
    notes.append(f"load {outcome.load:.1f}")
    return (
        f"| {mix} | {target} | {len(outcome.latencies)} "
        f"| {len(outcome.latencies) / outcome.seconds:.0f} "
        f"| {q[49] * 1000:.1f} | {q[94] * 1000:.1f} | {q[98] * 1000:.1f} | {errors} "
        f"| {outcome.peak / 2**20:.0f} | {'; '.join(notes)} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=1000, help="requests per mix")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="lpkg serve --workers")
    parser.add_argument("--timeout", type=float, default=2.0, help="lpkg serve --timeout")
    parser.add_argument("--only", nargs="*", help="run only these mixes")
    options = parser.parse_args()
    total, concurrency = options.requests, options.concurrency
    work = Path(tempfile.mkdtemp(prefix="lpkg-serve-bench-"))
    lpkg_port, ox_port = free_port(), free_port()
    lpkg_base, ox_base = f"http://127.0.0.1:{lpkg_port}", f"http://127.0.0.1:{ox_port}"
    chosen = [m for m in mixes() if not options.only or m.name in options.only]
    lines: list[str] = []
    lpkg = [
        str(BIN / "lpkg"), "--root", str(ROOT), "serve", "--port", str(lpkg_port),
        "--base", lpkg_base + "/", "--timeout", str(options.timeout),
        "--workers", str(options.workers), "--rate", "100000000",
    ]  # fmt: skip
    location = oxigraph_store(work)
    oxigraph = [
        str(BIN / "oxigraph"), "serve-read-only", "--location", str(location),
        "--bind", f"127.0.0.1:{ox_port}", "--union-default-graph",
        "--timeout-s", str(max(1, round(options.timeout))),
    ]  # fmt: skip
    # the same mix on Oxigraph right after lpkg's, so that both meet the same machine load
    on_oxigraph = {"sparql": sparql("/query")}
    with (
        server(lpkg, lpkg_base, work / "lpkg.log") as lpkg_pid,
        server(oxigraph, ox_base, work / "oxigraph.log") as ox_pid,
    ):

        def measure(mix: Mix, name: str, base: str, pid: int) -> None:
            load = os.getloadavg()[0]
            outcome = asyncio.run(run_mix(base, mix, total, concurrency, lambda: tree_pss(pid)))
            outcome.load = load
            lines.append(row(name, mix.name, outcome))
            print(lines[-1], file=sys.stderr)

        for mix in chosen:
            measure(mix, "lpkg serve", lpkg_base, lpkg_pid)
            if mix.name in on_oxigraph:
                measure(on_oxigraph[mix.name], "oxigraph serve-read-only", ox_base, ox_pid)
    print(
        f"\n{total} requests per mix at concurrency {concurrency}; lpkg serve --workers "
        f"{options.workers} --timeout {options.timeout:g}; {os.cpu_count()} CPUs (the load "
        "average before each run is in the notes)\n"
    )
    print(
        "| mix | server | requests | req/s | p50 ms | p95 ms | p99 ms | errors | peak MiB | notes |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
