"""Every named query on each store lpkg offers, on the shipped dataset: rdflib in memory,
pyoxigraph in memory, pyoxigraph on disk, and an Oxigraph server (``oxigraph serve`` from the
dev dependencies, on a loopback port, loaded with ``lpkg.publish.endpoint.publish``).

Per query: the median of ``--repeat`` runs of what ``lpkg query NAME`` does once the store is
open (check the query, resolve the default parameters, run it, fetch the labels), with rdflib's
parse cache emptied before each run, as in a new process. Queries that need inference are left
out (their time is owlrl's closure, the same for every store). Then the time to open each store
with the dataset, and ``lpkg query both-towns`` and ``lpkg stats`` as commands (a new process:
imports, loading, query), each the median of ``--repeat`` runs. Run from the repository root:

    .venv/bin/python benchmarks/stores.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import gc
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from lpkg.load import load_dataset
from lpkg.publish.endpoint import publish
from lpkg.queries import list_queries, prepare, run_query
from lpkg.store import EndpointStore, Store, open_store, parse_query

ROOT = Path(__file__).resolve().parents[1]
LPKG = Path(sys.executable).with_name("lpkg")


def median_time(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(folder: Path) -> tuple[subprocess.Popen[bytes], str, str]:
    port = free_port()
    binary = Path(sys.executable).with_name("oxigraph")
    process = subprocess.Popen(
        [str(binary), "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"]
        + ["--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import socket

    for _ in range(200):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    return process, f"{base}/query", f"{base}/store"


def query_time(store: Store, name: str, repeat: int) -> float:
    query = next(q for q in list_queries(ROOT) if q.name == name)

    def once() -> None:
        parse_query.cache_clear()  # a new process parses the query afresh
        prepare(query)  # as lpkg query does before loading
        run_query(query, store, {}, lang="cs")

    return median_time(once, repeat)


def command_time(args: list[str], repeat: int) -> float:
    def once() -> None:
        done = subprocess.run([str(LPKG), "--root", str(ROOT), *args], capture_output=True)
        if done.returncode:
            raise SystemExit(f"lpkg {' '.join(args)} failed: {done.stderr.decode()}")

    return median_time(once, repeat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    work = Path(tempfile.mkdtemp(prefix="lpkg-stores-"))
    process, query_url, store_url = start_server(work / "server")
    try:
        disk = f"oxigraph:{work / 'disk'}"
        opening = {
            "memory": median_time(lambda: open_store("memory", root=ROOT), repeat),
            "oxigraph": median_time(lambda: open_store("oxigraph", root=ROOT), repeat),
        }
        start = time.perf_counter()
        open_store(disk, root=ROOT)
        cold = time.perf_counter() - start
        opening["oxigraph:PATH"] = median_time(lambda: open_store(disk, root=ROOT), repeat)
        endpoint = EndpointStore(query_url, graph_store=store_url)
        start = time.perf_counter()
        publish(load_dataset(root=ROOT), endpoint)
        published = time.perf_counter() - start
        opening["endpoint"] = 0.0
        stores = {
            "memory": open_store("memory", root=ROOT),
            "oxigraph": open_store("oxigraph", root=ROOT),
            "oxigraph:PATH": open_store(disk, root=ROOT),
            "endpoint": endpoint,
        }
        names = list(stores)
        print(f"Python {sys.version.split()[0]}, median of {repeat} runs, seconds\n")
        print("| query | " + " | ".join(names) + " |")
        print("|---|" + "---:|" * len(names))
        totals = dict.fromkeys(names, 0.0)
        for query in list_queries(ROOT):
            if query.requires_inference:
                continue
            cells = []
            for kind, store in stores.items():
                seconds = query_time(store, query.name, repeat)
                totals[kind] += seconds
                cells.append(f"{seconds:.3f}")
            print(f"| {query.name} | " + " | ".join(cells) + " |")
        stores.clear()  # closes the store on disk, which one process at a time may open
        gc.collect()
        print("| **all named queries** | " + " | ".join(f"{totals[k]:.2f}" for k in names) + " |")
        print(
            "| open the store with the dataset | "
            + " | ".join(f"{opening[k]:.2f}" for k in names[:2])
            + f" | {opening['oxigraph:PATH']:.2f} (first load {cold:.2f})"
            + f" | – (lpkg publish: {published:.2f}) |"
        )
        for args in (["query", "both-towns"], ["stats"]):
            cells = []
            for kind in names:
                where = ["--endpoint", query_url] if kind == "endpoint" else ["--store", kind]
                where = ["--store", disk] if kind == "oxigraph:PATH" else where
                cells.append(f"{command_time([*args, *where], repeat):.2f}")
            print(f"| `lpkg {' '.join(args)}` (new process) | " + " | ".join(cells) + " |")
    finally:
        process.terminate()
        process.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
