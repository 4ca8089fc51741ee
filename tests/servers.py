"""SPARQL servers the store tests run on loopback ports: Oxigraph (the PyPI package ``oxigraph``,
a dev dependency) always, Virtuoso 7 (Debian's ``virtuoso-opensource``, installed by
scripts/install-system-deps) where it is installed, Apache Jena Fuseki where a ``fuseki-server``
is on the PATH (never here: see :func:`fuseki`). Each is stopped when its fixture ends."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")


@dataclass(frozen=True)
class Server:
    """A running SPARQL server: where to query it and where its Graph Store is."""

    query: str
    graph_store: str
    default_graph: str | None = None
    """The graph ``lpkg publish --default-graph`` needs for this server (``None``: it has a
    default graph in its Graph Store)."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait(port: int, process: subprocess.Popen[bytes], name: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            err = process.stderr.read().decode(errors="replace") if process.stderr else ""
            pytest.fail(f"{name} did not start: {err[-2000:]}")
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    process.kill()
    pytest.fail(f"{name} did not listen within {seconds:g} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def oxigraph(folder: Path | None, allow: Callable[[int], tuple[str, int]]) -> Iterator[Server]:
    """``oxigraph serve`` with the union of the named graphs as default graph; on disk in
    ``folder``, or in memory."""
    binary = Path(sys.executable).with_name("oxigraph")
    if not binary.exists():
        pytest.fail("the oxigraph server is missing: pip install -e . --group dev installs it")
    port = free_port()
    allow(port)
    location = ["--location", str(folder)] if folder is not None else []
    process = subprocess.Popen(
        [str(binary), "serve", *location, "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait(port, process, "oxigraph serve", 20)
        base = f"http://127.0.0.1:{port}"
        yield Server(f"{base}/query", f"{base}/store")
    finally:
        _stop(process)


@contextmanager
def virtuoso(folder: Path, allow: Callable[[int], tuple[str, int]]) -> Iterator[Server]:
    """Virtuoso 7 with a database of its own in ``folder``; the SPARQL user may write through
    the Graph Store Protocol (``/sparql-graph-crud``), which has no default graph."""
    binary = shutil.which("virtuoso-t")
    isql = shutil.which("isql-vt")
    if binary is None or isql is None or not VIRTUOSO_INI.is_file():
        pytest.skip(
            "Virtuoso 7 is not installed (Debian's virtuoso-opensource; "
            "scripts/install-system-deps installs it)"
        )
    sql_port, http_port = free_port(), free_port()
    allow(http_port)
    config = VIRTUOSO_INI.read_text()
    config = config.replace("/var/lib/virtuoso-opensource-7/db/", f"{folder}/")
    config = config.replace("= 1111", f"= {sql_port}").replace("= 8890", f"= {http_port}")
    (folder / "virtuoso.ini").write_text(config)
    process = subprocess.Popen(
        [binary, "+foreground", "+configfile", str(folder / "virtuoso.ini")],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait(http_port, process, "virtuoso-t", 60)
        grant = (
            'GRANT SPARQL_UPDATE TO "SPARQL"; '
            'GRANT EXECUTE ON DB.DBA.SPARQL_INSERT_DICT_CONTENT TO "SPARQL"; '
            'GRANT EXECUTE ON DB.DBA.SPARQL_DELETE_DICT_CONTENT TO "SPARQL";'
        )
        subprocess.run(
            [isql, str(sql_port), "dba", "dba", f"exec={grant}"],
            check=True,
            capture_output=True,
            timeout=60,
        )
        base = f"http://127.0.0.1:{http_port}"
        yield Server(
            f"{base}/sparql", f"{base}/sparql-graph-crud", "https://w3id.org/lpkg/ontology"
        )
    finally:
        _stop(process)


FUSEKI_MISSING = (
    "Apache Jena Fuseki is not installed and cannot be installed here: Debian's "
    "libapache-jena-java 4.5 has Jena's libraries and tools but no Fuseki server, and Fuseki is "
    "distributed through Maven Central, which this machine cannot reach (README, Stores)"
)

_FUSEKI_CONFIG = """\
PREFIX fuseki: <http://jena.apache.org/fuseki#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX tdb2: <http://jena.apache.org/2016/tdb#>

[] rdf:type fuseki:Server ; fuseki:services ( <#lpkg> ) .

<#lpkg> rdf:type fuseki:Service ;
    fuseki:name "lpkg" ;
    fuseki:endpoint [ fuseki:operation fuseki:query ; fuseki:name "query" ] ;
    fuseki:endpoint [ fuseki:operation fuseki:gsp-rw ; fuseki:name "data" ] ;
    fuseki:dataset <#dataset> .

<#dataset> rdf:type tdb2:DatasetTDB2 ;
    tdb2:location "{location}" ;
    tdb2:unionDefaultGraph true .
"""


@contextmanager
def fuseki(folder: Path, allow: Callable[[int], tuple[str, int]]) -> Iterator[Server]:
    """Apache Jena Fuseki 2 with a TDB2 database of its own in ``folder``, whose default graph
    is the union of its named graphs (so the default graph's own statements go into a named
    graph, as for Virtuoso). Written from Fuseki's documented configuration and never run
    here: the machines this project is built on cannot install Fuseki (:data:`FUSEKI_MISSING`),
    so the fixture skips with that reason unless a ``fuseki-server`` is on the PATH."""
    binary = shutil.which("fuseki-server")
    if binary is None:
        pytest.skip(FUSEKI_MISSING)
    port = free_port()
    allow(port)
    config = folder / "config.ttl"
    config.write_text(_FUSEKI_CONFIG.format(location=folder / "tdb2"), encoding="utf-8")
    process = subprocess.Popen(
        [binary, f"--config={config}", f"--port={port}", "--localhost"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait(port, process, "fuseki-server", 60)
        base = f"http://127.0.0.1:{port}/lpkg"
        yield Server(f"{base}/query", f"{base}/data", "https://w3id.org/lpkg/ontology")
    finally:
        _stop(process)
