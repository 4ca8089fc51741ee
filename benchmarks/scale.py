"""lpkg's commands on generated datasets of 10^4, 10^5 (and 10^6) triples, next to other engines.

Per size, ``benchmarks/generate.py`` writes two projects (the repository's ontology/, shapes/
and queries/ with generated data/): one with ``--inject`` violations of every kind, which the
full validations run on, and one that conforms, which everything else runs on (``lpkg add`` and
``lpkg build`` need conforming data). Every case runs the command as a subprocess (start-up and
loading count, as they do for a user) up to ``--repeat`` times, and fewer when the runs so far
took ``--budget`` seconds: the table shows the median wall time and CPU time (user + system; on
a shared machine the wall time grows with the other work, the CPU time far less), the largest
peak resident memory of the child (``wait4``), and for validations how many of the injected
violations were reported (focus node, constraint component and source shape; a blank-node focus
counts as found when a result of that component and shape has a blank-node focus). A run still
going after ``--timeout`` seconds (``--build-timeout`` for ``lpkg build``) is killed and shown
as "> T s".

The cases:

- full validation: ``lpkg validate`` (and each ``--store`` or ``--engine`` it offers), the stock
  ``pyshacl`` CLI, and the two other engines installable from PyPI: ``shacl`` (Rust) and
  ``pyrudof`` (Rust); they read the union of ontology/ and data/ as one N-Triples file and the
  shapes as one Turtle file, both written before timing;
- incremental validation and ``lpkg add`` of a 100-triple contribution (a new partnership with
  six members; ``generate.py --contribution``), the file removed again after each add (and a
  store on disk put back as it was loaded, so that every run adds to the same store);
- every named query (queries/*.rq) through ``lpkg query`` (and each ``--store`` it offers,
  the store on disk loaded beforehand and not timed), through ``lpkg query --endpoint``
  against an Oxigraph server (the ``oxigraph`` CLI, a dev dependency) holding the same files,
  loaded, optimized (``oxigraph optimize``, as a read-only server wants) and started once per
  size before the first such run and not timed, and through pyoxigraph directly: a process
  that bulk-loads the same files and runs the same SPARQL text, with the parameters written in
  as ``VALUES`` as lpkg writes them (``lpkg.queries.bind``);
  ``both-towns`` and ``both-towns-inferred`` get two generated towns whose partnerships share
  members, the others run with their defaults (all resources);
- ``lpkg query both-towns --infer``, ``lpkg stats`` (and pyoxigraph loading and counting), and
  ``lpkg build``.

Options that other work adds to the CLI (``--store``, ``--endpoint``, ``--engine``) are found in
``lpkg COMMAND --help``; a row for one that is absent shows "n/a". Run from the repository root:

    .venv/bin/python benchmarks/scale.py [--sizes 10000 100000] [--million] [--repeat 3]
        [--timeout 600] [--build-timeout SECONDS] [--budget SECONDS] [--inject 1] [--work DIR]
        [--cases REGEX] [--project DIR]

``--cases REGEX`` runs only the rows whose "case tool" text it matches (``--cases 'query
members'``, ``--cases 'query .*(direct|oxigraph)'``); ``--project DIR`` runs on a project
``generate.py`` wrote before (its manifest gives the size) instead of generating one per size:
the validations then run on it too and look for the violations its manifest lists, and
incremental validation and ``lpkg add`` need its ``contribution.trig``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Variable

from lpkg.load import dataset_files, load_graph, load_shapes
from lpkg.queries import NamedQuery, bind, list_queries

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
GENERATE = ROOT / "benchmarks" / "generate.py"
TOWN_QUERIES = ("both-towns", "both-towns-inferred")
"""The queries whose default parameters name real towns, which generated data does not have."""

_FAIL = """
def fail(kind, err, tb):
    print(f"{kind.__name__}: {err}", file=sys.stderr)
    sys.exit(3)  # not 1, which means "does not conform"
sys.excepthook = fail
"""
_SHACL = (
    "import json, sys, shacl\n"
    + _FAIL
    + """
report = shacl.Shapes.from_file(sys.argv[2]).validate_file(sys.argv[1], allow_warnings=True)
for r in report.results:
    shape = r.source_shape if (r.source_shape or "").startswith("<") else r.root_shape
    print(json.dumps([r.focus_node, r.component_iri, (shape or "").strip("<>")]))
"""
)
_RUDOF = (
    "import json, sys, pyrudof\n"
    + _FAIL
    + """
rudof = pyrudof.Rudof(pyrudof.RudofConfig())
rudof.read_data(sys.argv[1], format=pyrudof.RDFFormat.NTriples)
rudof.read_shacl(sys.argv[2])
for r in rudof.validate_shacl():
    print(json.dumps([str(r.focus_node), str(r.constraint_component), str(r.source_shape)]))
"""
)
_OXIGRAPH = """
import glob, sys, pyoxigraph as ox
root = sys.argv[1]
store = ox.Store()
ontology = ox.NamedNode("urn:lpkg:ontology")
for path in sorted(glob.glob(root + "/ontology/**/*.ttl", recursive=True)):
    store.bulk_load(path=path, format=ox.RdfFormat.TURTLE, to_graph=ontology)
for path in sorted(glob.glob(root + "/data/**/*.trig", recursive=True)):
    store.bulk_load(path=path, format=ox.RdfFormat.TRIG)
if len(sys.argv) > 2:
    text = open(sys.argv[2], encoding="utf-8").read()
    print(sum(1 for _ in store.query(text, use_default_graph_as_union=True)))
else:
    print(len(store))
"""


# --- Running a case ----------------------------------------------------------------------------


@dataclass
class Outcome:
    seconds: float | None
    """Median wall time; None: the first run passed the time limit."""
    peak_mib: float
    runs: int
    code: int
    cpu: float = 0.0
    """Median CPU seconds (user + system) of the child and what it waited for: what the command
    costs, which other work on a shared machine inflates far less than the wall time."""
    output: str = ""
    found: str = ""
    note: str = ""
    limit: float = 0.0
    """The seconds each run was given."""

    def cell(self) -> str:
        if self.seconds is None:
            text = f"> {self.limit:.0f} s"
        elif self.code not in (0, 1):
            text = f"failed (exit {self.code})"
        else:
            text = f"{self.seconds:.2f} s (CPU {self.cpu:.2f} s), {self.peak_mib:.0f} MiB"
            if self.runs == 1:
                text += " (1 run)"
        extra = [x for x in (self.found, self.note) if x]
        return "; ".join([text, *extra])


_LAUNCH = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as report:
    report.write(str(usage.ru_maxrss))
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
"""
"""Starts the command from a small process and reports its peak RSS. Linux keeps the high-water
mark of the memory a process replaces by exec, and Popen's child starts as this script (vfork):
measured directly, every command would seem to need at least what this script holds (the graph
it loaded); from the launcher (``python -S``, about 10 MiB) it inherits that much at most."""


def run_once(
    argv: list[str], cwd: Path, timeout: float, out: Path
) -> tuple[float | None, float, int, int]:
    """Run ``argv`` with its output to ``out`` (stderr to ``out``.err); (wall seconds or None
    past the limit, CPU seconds, peak RSS in KiB, exit code). The child leads its own process
    group, which a timeout kills whole."""
    rss = out.with_suffix(".rss")
    rss.unlink(missing_ok=True)
    launched = [sys.executable, "-S", "-c", _LAUNCH, str(rss), *argv]
    start = time.perf_counter()
    with out.open("wb") as stdout, out.with_suffix(".err").open("wb") as stderr:
        proc = subprocess.Popen(
            launched, cwd=cwd, stdout=stdout, stderr=stderr, start_new_session=True
        )
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            code = os.waitstatus_to_exitcode(status)
            cpu = usage.ru_utime + usage.ru_stime
            return time.perf_counter() - start, cpu, int(rss.read_text()), code
        if time.perf_counter() - start > timeout:
            os.killpg(proc.pid, signal.SIGKILL)
            _, _, usage = os.wait4(proc.pid, 0)
            return None, usage.ru_utime + usage.ru_stime, 0, -signal.SIGKILL
        time.sleep(0.02)


@contextmanager
def _kept_store(path: Path) -> Iterator[Callable[[], None]]:
    """A copy of the store on disk at ``path`` and the files lpkg keeps beside it, and the
    function that puts them back as they are now."""
    beside = [path, *path.parent.glob(f"{path.name}.*")]
    with tempfile.TemporaryDirectory(prefix="lpkg-store-") as scratch:
        copies = [(p, Path(scratch) / p.name) for p in beside]
        for original, copy in copies:
            (shutil.copytree if original.is_dir() else shutil.copy2)(original, copy)

        def restore() -> None:
            for original, copy in copies:
                if original.is_dir():
                    shutil.rmtree(original)
                    shutil.copytree(copy, original)
                else:
                    shutil.copy2(copy, original)

        yield restore


def bench(
    argv: list[str],
    *,
    cwd: Path,
    timeout: float,
    repeat: int,
    budget: float | None = None,
    after: Callable[[], None] = lambda: None,
) -> Outcome:
    """Run a case up to ``repeat`` times, fewer once the runs took ``budget`` seconds in all
    (default: ``timeout``)."""
    budget = timeout if budget is None else budget
    times: list[float] = []
    cpus: list[float] = []
    peak = 0
    with tempfile.TemporaryDirectory(prefix="lpkg-scale-") as scratch:
        out = Path(scratch) / "out"
        for _ in range(repeat):
            seconds, cpu, rss, code = run_once(argv, cwd, timeout, out)
            after()
            peak = max(peak, rss)
            if seconds is None:
                return Outcome(None, peak / 1024, len(times) + 1, code, limit=timeout)
            times.append(seconds)
            cpus.append(cpu)
            if code not in (0, 1) or sum(times) > budget:
                break
        output = out.read_text(encoding="utf-8", errors="replace")
        errors = out.with_suffix(".err").read_text(encoding="utf-8", errors="replace")
    median = statistics.median
    outcome = Outcome(
        median(times), peak / 1024, len(times), code, median(cpus), output, limit=timeout
    )
    if code not in (0, 1):
        outcome.note = _last_line(errors or output)
    return outcome


def _last_line(output: str) -> str:
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    return lines[-1][:160].replace("|", "/") if lines else ""


# --- What the validations found ---------------------------------------------------------------


Finding = tuple[str, str, str]
"""(focus: an IRI, or "_:" for any blank node; component IRI; source shape IRI)."""


def _finding(focus: str, component: str, shape: str) -> Finding:
    focus = focus.strip("<>")
    return (
        "_:" if focus.startswith("_:") or not focus.startswith("http") else focus,
        component,
        shape,
    )


def expected_findings(manifest: dict) -> list[Finding]:
    return sorted(
        {
            _finding("_:" if e["via"] else e["focus"], e["component"], e["shape"])
            for e in manifest["expected"]
        }
    )


def from_lpkg_json(output: str) -> set[Finding]:
    start = output.find("{")
    report = json.loads(output[start:]) if start >= 0 else {"results": []}
    return {
        _finding(
            r.get("focusNode") or "", r.get("constraintComponent") or "", r.get("sourceShape") or ""
        )
        for r in report.get("results", [])
    }


def from_json_lines(output: str) -> set[Finding]:
    found = set()
    for line in output.splitlines():
        if line.startswith("["):
            found.add(_finding(*json.loads(line)))
    return found


def from_shacl_report(output: str) -> set[Finding]:
    graph = Graph().parse(data=output, format="nt")
    found = set()
    for result in graph.subjects(SH.focusNode, None):
        focus = graph.value(result, SH.focusNode)
        shown = "_:" if isinstance(focus, BNode) else str(focus)
        found.add(
            _finding(
                shown,
                str(graph.value(result, SH.sourceConstraintComponent)),
                str(graph.value(result, SH.sourceShape)),
            )
        )
    return found


def score(
    outcome: Outcome, expected: list[Finding], parse: Callable[[str], set[Finding]]
) -> Outcome:
    """``outcome`` with how many of the ``expected`` findings its output holds."""
    if outcome.seconds is None or outcome.code not in (0, 1):
        return outcome
    try:
        found = parse(outcome.output)
    except Exception as err:  # an engine's output that cannot be read is a result too
        outcome.found = f"output unreadable ({type(err).__name__})"
        return outcome
    hits = sum(1 for e in expected if e in found)
    outcome.found = f"{hits}/{len(expected)} found"
    if hits < len(expected):
        missing = sorted({e[2].rsplit("#", 1)[-1] for e in expected if e not in found})
        outcome.found += f" (missed: {', '.join(missing)})"
    return outcome


# --- Feature detection ---------------------------------------------------------------------------


def help_text(command: str) -> str:
    result = subprocess.run(
        [str(BIN / "lpkg"), command, "--help"], capture_output=True, text=True, check=False
    )
    return result.stdout


def variants(command: str) -> dict[str, list[str] | None]:
    """The ways to run ``command`` this lpkg offers: label → extra options (None: absent)."""
    text = help_text(command)
    found: dict[str, list[str] | None] = {"": []}
    for store in ("memory", "oxigraph"):
        found[f"--store {store}"] = ["--store", store] if "--store" in text else None
    engines = re.search(r"--engine\s+\[([^\]]+)\]", text)
    for engine in engines.group(1).split("|") if engines else []:
        found[f"--engine {engine}"] = ["--engine", engine]
    return found


# --- The run -------------------------------------------------------------------------------------


def project(folder: Path, triples: int, inject: int) -> dict:
    """A project at ``folder`` with generated data; returns the generator's manifest."""
    subprocess.run(
        [sys.executable, str(GENERATE), "--triples", str(triples), "--out", str(folder),
         "--inject", str(inject), "--contribution", str(folder / "contribution.trig")],
        check=True,
        stdout=sys.stderr,  # stdout is the table's
    )  # fmt: skip
    for name in ("ontology", "shapes", "queries"):
        shutil.copytree(ROOT / name, folder / name)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    # The town queries default to Litvínov and Most, which generated data lacks; lpkg build
    # runs every query with its defaults, so they default to two generated towns here.
    for name in TOWN_QUERIES:
        path = folder / "queries" / f"{name}.rq"
        text = path.read_text(encoding="utf-8")
        for param, town in (("town1", "lplace:litvinov"), ("town2", "lplace:most")):
            ours = "lplace:" + manifest["params"][param].rsplit("/", 1)[1]
            text = text.replace(f"{param} <schema:City> {town}:", f"{param} <schema:City> {ours}:")
        path.write_text(text, encoding="utf-8")
    return manifest


Table = dict[tuple[str, str], dict[int, str]]


def measure_size(
    triples: int,
    work: Path,
    *,
    inject: int,
    repeat: int,
    timeout: float,
    budget: float,
    table: Table,
    build_timeout: float | None = None,
    cases: str = "",
    given: Path | None = None,
) -> int:
    """Every case at one size whose "case tool" text ``cases`` matches, into ``table``; on the
    project ``given``, or on projects generated for ``triples``. Returns the size measured."""
    lpkg = str(BIN / "lpkg")
    if given is None:
        clean = work / f"{triples}-clean"
        manifest = project(clean, triples, 0)
    else:
        clean = given
        manifest = json.loads((given / "manifest.json").read_text(encoding="utf-8"))
    size = manifest["triples"]
    params = manifest["params"]

    @cache
    def injected() -> tuple[Path, list[Finding], Path, Path]:
        """The project with violations, what they are, and the union and shapes files the
        other engines read: made only when a validation runs."""
        broken, broken_manifest = clean, manifest
        if given is None:
            broken = work / f"{triples}-injected"
            broken_manifest = project(broken, triples, inject)
        union, shapes = work / f"{size}-union.nt", work / f"{size}-shapes.ttl"
        load_graph(root=broken).serialize(union, format="nt", encoding="utf-8")
        load_shapes(broken).serialize(shapes, format="turtle", encoding="utf-8")
        return broken, expected_findings(broken_manifest), union, shapes

    def put(case: str, tool: str, outcome: Outcome | str | Callable[[], Outcome]) -> None:
        """Run the case (a callable) if ``cases`` selects it, and put its cell in the table."""
        if not re.search(cases, f"{case} {tool}"):
            return
        if callable(outcome):
            outcome = outcome()
        cell = outcome if isinstance(outcome, str) else outcome.cell()
        table.setdefault((case, tool), {})[size] = cell
        print(f"[{size}] {case} | {tool}: {cell}", file=sys.stderr, flush=True)

    def run(
        argv: list[str], root: Path = clean, *, limit: float = timeout, **kw: object
    ) -> Outcome:
        return bench(argv, cwd=root, timeout=limit, repeat=repeat, budget=budget, **kw)  # type: ignore[arg-type]

    def validate(extra: list[str]) -> Outcome:
        broken, expected, _, _ = injected()
        argv = [lpkg, "--root", str(broken), "validate", *extra, "--format", "json"]
        return score(run(argv, broken), expected, from_lpkg_json)

    def other_engine(
        argv: Callable[[Path, Path], list[str]], parse: Callable[[str], set[Finding]]
    ) -> Callable[[], Outcome]:
        def case() -> Outcome:
            broken, expected, union, shapes = injected()
            return score(run(argv(union, shapes), broken), expected, parse)

        return case

    case = "full validation"
    for label, extra in variants("validate").items():
        tool = f"lpkg validate {label}".strip()
        put(case, tool, "n/a" if extra is None else lambda extra=extra: validate(extra))
    put(
        case,
        "pyshacl CLI (stock)",
        other_engine(
            lambda union, shapes: [str(BIN / "pyshacl"), "-s", str(shapes), "-i", "none", "-a",
                                   "-w", "-f", "nt", str(union)],
            from_shacl_report,
        ),
    )  # fmt: skip
    for tool, script in (("shacl (PyPI, Rust)", _SHACL), ("pyrudof (PyPI, Rust)", _RUDOF)):
        put(
            case,
            tool,
            other_engine(
                lambda union, shapes, script=script: [sys.executable, "-c", script, str(union),
                                                      str(shapes)],
                from_json_lines,
            ),
        )  # fmt: skip

    contribution = clean / "contribution.trig"
    missing = None if contribution.is_file() else f"n/a (no {contribution})"

    def incremental(extra: list[str]) -> Outcome:
        outcome = run(
            [lpkg, "--root", str(clean), "validate", *extra, str(contribution), "--format", "json"]
        )
        if outcome.seconds is not None and outcome.code in (0, 1):
            outcome.found = "conforms" if outcome.code == 0 else "does not conform"
        return outcome

    for label, extra in variants("validate").items():
        tool = f"lpkg validate FILE {label}".strip()
        put(
            "incremental validation (100 triples)",
            tool,
            "n/a" if extra is None else missing or (lambda extra=extra: incremental(extra)),
        )
    store = ["--store", f"oxigraph:{clean.with_name(clean.name + '-store')}"]
    if variants("validate").get("--store oxigraph") is not None:
        # the persistent store: the first run loads it, the second only reads the contribution
        for when in ("loads", "loaded"):
            put(
                "incremental validation (100 triples)",
                f"lpkg validate FILE --store oxigraph:PATH ({when})",
                missing or (lambda: incremental(store)),
            )
    added = clean / "data" / "partnerships" / "gen-p90000.trig"

    def add(extra: list[str]) -> Outcome:
        argv = [lpkg, "--root", str(clean), "add", *extra, str(contribution)]
        if not extra:
            return run(argv, after=lambda: added.unlink(missing_ok=True))
        # each run adds to the store as loaded, with its names index kept: loaded first (not
        # timed), then put back after each run with the file removed
        check = [lpkg, "--root", str(clean), "validate", *extra, str(contribution)]
        subprocess.run(check, capture_output=True, check=False, timeout=timeout)
        with _kept_store(Path(extra[1].partition(":")[2])) as restore:
            return run(argv, after=lambda: (added.unlink(missing_ok=True), restore()))

    adds = {"lpkg add": []}
    if variants("add").get("--store oxigraph") is not None:
        adds["lpkg add --store oxigraph:PATH"] = store
    for tool, extra in adds.items():
        put("add (100 triples)", tool, missing or (lambda extra=extra: add(extra)))

    query_variants = variants("query")

    @cache
    def on_disk() -> list[str]:
        """The options naming the store on disk, loaded (not timed) before a query reads it."""
        load = [lpkg, "--root", str(clean), "stats", *store]
        subprocess.run(load, capture_output=True, check=True, timeout=timeout)
        return store

    servers = ExitStack()

    @cache
    def endpoint() -> str:
        return servers.enter_context(_oxigraph_server(clean, work / f"{size}-server"))

    for query in list_queries(clean):
        given_params = (
            {k: v for k, v in params.items() if k in ("town1", "town2")}
            if query.name in TOWN_QUERIES
            else {}
        )
        options = [x for k, v in given_params.items() for x in ("--param", f"{k}={v}")]
        case = f"query {query.name}"

        def lpkg_query(argv: list[str]) -> Outcome:
            outcome = run([*argv, "--format", "csv", "--timeout", str(timeout)])
            if outcome.seconds is not None and outcome.code == 0:
                outcome.found = f"{len(outcome.output.splitlines()) - 1} rows"
            return outcome

        for label, extra in query_variants.items():
            tool = f"lpkg query {label}".strip()
            argv = [lpkg, "--root", str(clean), "query", query.name, *(extra or []), *options]
            put(case, tool, "n/a" if extra is None else lambda argv=argv: lpkg_query(argv))
        if query_variants.get("--store oxigraph") is not None:
            argv = [lpkg, "--root", str(clean), "query", query.name, *options]
            put(
                case,
                "lpkg query --store oxigraph:PATH (loaded)",
                lambda argv=argv: lpkg_query([*argv, *on_disk()]),
            )
        if "--endpoint" in help_text("query") and not query.requires_inference:
            argv = [lpkg, "--root", str(clean), "query", query.name, *options, "--endpoint"]
            put(
                case,
                "lpkg query --endpoint (Oxigraph server)",
                lambda argv=argv: lpkg_query([*argv, endpoint()]),
            )
        if query.requires_inference:
            put(case, "pyoxigraph direct", "n/a (needs the OWL 2 RL closure)")
            continue

        def direct(
            query: NamedQuery = query, given_params: dict[str, str] = given_params
        ) -> Outcome:
            text = work / f"{size}-{query.name}.rq"
            text.write_text(
                bind(query.text, {Variable(k): URIRef(v) for k, v in given_params.items()}),
                encoding="utf-8",
            )
            outcome = run([sys.executable, "-c", _OXIGRAPH, str(clean), str(text)])
            if outcome.seconds is not None and outcome.code == 0:
                outcome.found = f"{outcome.output.strip().splitlines()[-1]} rows"
            return outcome

        put(case, "pyoxigraph direct (load + query)", direct)
    servers.close()

    options = [x for k in ("town1", "town2") for x in ("--param", f"{k}={params[k]}")]
    put(
        "query both-towns --infer",
        "lpkg query --infer",
        lambda: run(
            [lpkg, "--root", str(clean), "query", "both-towns", "--infer", *options,
             "--format", "csv", "--timeout", str(timeout)]
        ),
    )  # fmt: skip
    for label, extra in variants("stats").items():
        tool = f"lpkg stats {label}".strip()
        put(
            "stats",
            tool,
            "n/a" if extra is None else lambda extra=extra: run(
                [lpkg, "--root", str(clean), "stats", *extra]
            ),
        )  # fmt: skip
    put(
        "stats",
        "pyoxigraph direct (load + count)",
        lambda: run([sys.executable, "-c", _OXIGRAPH, str(clean)]),
    )
    out = work / f"{size}-dist"
    build = [lpkg, "--root", str(clean), "build", "--version", "0.0.1", "--out", str(out),
             "--date", "2026-12-02"]  # fmt: skip
    put(
        "build",
        "lpkg build",
        lambda: run(
            build,
            after=lambda: shutil.rmtree(out, ignore_errors=True),
            limit=build_timeout or timeout,
        ),
    )
    return size


@contextmanager
def _oxigraph_server(project: Path, folder: Path) -> Iterator[str]:
    """An Oxigraph server holding the files ``project``'s dataset is loaded from, each TriG
    file's graphs named as in it and the Turtle in the default graph (as lpkg loads them), the
    union of the graphs as its default graph; yields its query URL."""
    binary = str(BIN / "oxigraph")
    shutil.rmtree(folder, ignore_errors=True)
    files = [str(path) for path in dataset_files(project)]
    # a read-only server never compacts what the bulk loader wrote: unoptimized, it answered
    # members at 10^6 in 13 s, optimized (1 s more of loading) in 2.8 s
    for command in (["load", "--location", str(folder), "--file", *files],
                    ["optimize", "--location", str(folder)]):
        subprocess.run([binary, *command], check=True, capture_output=True)
    port = _free_port()
    process = subprocess.Popen(
        [binary, "serve-read-only", "--location", str(folder), "--bind", f"127.0.0.1:{port}",
         "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not _listening(port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"oxigraph serve-read-only did not start on port {port}")
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/query"
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


def render(table: Table, sizes: list[int]) -> str:
    head = "| case | tool | " + " | ".join(f"{s:,} triples" for s in sizes) + " |"
    lines = [head, "|---|---|" + "---|" * len(sizes)]
    for (case, tool), cells in table.items():
        lines.append(f"| {case} | {tool} | " + " | ".join(cells.get(s, "–") for s in sizes) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--million", action="store_true", help="also 10^6 triples")
    parser.add_argument("--repeat", type=int, default=3, help="runs per case (default 3)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per run (600)")
    parser.add_argument(
        "--build-timeout",
        type=float,
        metavar="SECONDS",
        help="seconds per run of lpkg build (default: --timeout; it takes 22 min at 10^6)",
    )
    parser.add_argument(
        "--budget",
        type=float,
        help="seconds of runs after which a case is not repeated (default: the time limit)",
    )
    parser.add_argument("--inject", type=int, default=1, help="violations per kind (1)")
    parser.add_argument("--work", type=Path, help="where the projects go (default: a temp dir)")
    parser.add_argument(
        "--cases", default="", metavar="REGEX", help='only the rows whose "case tool" it matches'
    )
    parser.add_argument(
        "--project", type=Path, metavar="DIR", help="a generated project to run on (no --sizes)"
    )
    args = parser.parse_args()
    sizes = [*args.sizes, *([1_000_000] if args.million else [])]
    if args.project:
        manifest = json.loads((args.project / "manifest.json").read_text(encoding="utf-8"))
        sizes = [manifest["requested"]]
    work = args.work or Path(tempfile.mkdtemp(prefix="lpkg-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    table: Table = {}
    measured = [
        measure_size(
            n,
            work,
            inject=args.inject,
            repeat=args.repeat,
            timeout=args.timeout,
            budget=args.budget or args.timeout,
            table=table,
            build_timeout=args.build_timeout,
            cases=args.cases,
            given=args.project,
        )
        for n in sizes
    ]
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, up to {args.repeat} runs per "
        f"case (median; fewer after {args.budget or args.timeout:.0f} s), limit "
        f"{args.timeout:.0f} s per run ({args.build_timeout or args.timeout:.0f} s for lpkg "
        f"build), {args.inject} injected violation(s) per kind\n"
    )
    print(render(table, measured))


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


if __name__ == "__main__":
    main()
