#!/usr/bin/env python3
"""A mutation fuzzer over the commands that read files: validate, fmt, import, add, query.

Each case mutates a seed file (the test fixtures and examples), runs the command on it in a
forked child (so a hang can be stopped and a crash cannot spoil the next case) and records any
exception that is not one of lpkg's typed errors, any case slower than --slow seconds, and for
``add`` any failed case that changed the scratch copy's data/. It is a tool to run by hand, not a
test: see docs/fuzzing.md for how it was run and what it found.

    .venv/bin/python scripts/fuzz.py validate --minutes 10 --out /tmp/fuzz-validate
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import shutil
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"

SEEDS = {
    "validate": ("*.ttl", "*.trig", "*.nq", "*.nt", "*.rdf", "*.jsonld", "*.csv"),
    "fmt": ("*.ttl", "*.trig"),
    "import": ("*.csv",),
    "add": ("*.ttl", "*.trig", "*.csv"),
    "query": ("*.rq",),
}
"""The kinds of seed file each command reads."""
MOST_PAGE = "http://www.socialni-zaclenovani.cz/lokalni-partnerstvi-most"
"""The page the Turtle seeds' statements come from, for ``add --source``."""

TOKENS = [
    b"[", b"]", b"(", b")", b"{", b"}", b'"', b"'", b'"""', b"\\", b"\\u0000", b"\\U0010FFFF",
    b"\x1b[2J", b"\x1b]0;x\x07", b"\xe2\x80\xae", b"\x00", b"\xff", b"\xc3", b"\r", b"\n",
    b"#", b";", b",", b".", b" a ", b"_:b0", b"[] ", b"( ", b"^^xsd:integer", b"@en", b"@cs-CZ",
    b"<file:///etc/hostname>", b"<>", b"<x>", b"<//example.org/x>", b"@base <file:///tmp/> .",
    b"@prefix : <http://e/> .", b"VERSION \"1.2\"", b"9" * 60, b"1e999", b"-0.0", b"\"abc\"",
    b"lorg:", b"lp:", b"lp:../../shapes/x", b"lplace:most", b"https://w3id.org/lpkg/id/",
    b'"@context"', b'"@id"', b'"@base"', b'"@list"', b"<!DOCTYPE x>", b"&amp;", b"rdf:about",
    b"SELECT", b"SERVICE", b"GRAPH <file:///x>", b"FILTER(", b"OPTIONAL {", b"?x", b"*",
    b"VALUES ?x { 1 2 3 }", b"REGEX(?x, \"(a+)+$\")", b",,,", b'""', b"partnership",
    b"source_url", b"listed_name", b"x" * 200,
]
"""Pieces that matter to the parsers: delimiters, escapes, terminal escapes, odd IRIs, keywords."""

MAX_SECONDS = 60
"""A case still running then is stopped and recorded as a hang."""
MEMORY_BYTES = 3 * 1024**3
"""Address space a case may use; beyond it a MemoryError shows up as a finding."""


def mutate(data: bytes, seeds: list[bytes], rng: random.Random) -> tuple[bytes, list[str]]:
    """``data`` changed by one to four random operations, and their names."""
    done = []
    for _ in range(rng.randint(1, 4)):
        size = len(data)
        at = rng.randint(0, size)
        end = min(size, at + rng.randint(1, 40))
        op = rng.choice(
            ["flip", "insert", "token", "delete", "repeat", "splice", "copy", "truncate"]
        )
        if op == "flip" and size:
            at = min(at, size - 1)
            data = data[:at] + bytes([data[at] ^ (1 << rng.randint(0, 7))]) + data[at + 1 :]
        elif op == "insert":
            data = data[:at] + bytes([rng.randint(0, 255)]) + data[at:]
        elif op == "token":
            data = data[:at] + rng.choice(TOKENS) + data[at:]
        elif op == "delete":
            data = data[:at] + data[end:]
        elif op == "repeat":
            data = data[:at] + data[at:end] * rng.choice([2, 10, 100, 1000]) + data[end:]
        elif op == "splice":
            other = rng.choice(seeds)
            start = rng.randint(0, len(other))
            data = data[:at] + other[start : start + rng.randint(1, 400)] + data[end:]
        elif op == "copy" and size:
            start = rng.randint(0, size - 1)
            data = data[:at] + data[start : start + rng.randint(1, 80)] + data[at:]
        elif op == "truncate":
            data = data[:at]
        done.append(op)
    return data, done


def run_child(args: list[str], result_path: Path) -> None:
    """In the forked child: run the command, write what happened, and leave."""
    import click

    from lpkg.cli import main
    from lpkg.errors import LpkgError

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    outcome: dict[str, object]
    try:
        code = main.main(args, prog_name="lpkg", standalone_mode=False)
        outcome = {"outcome": "exit", "code": code or 0}
    except LpkgError as err:
        outcome = {"outcome": "exit", "code": err.exit_code}
    except click.ClickException as err:
        outcome = {"outcome": "exit", "code": err.exit_code}
    except BaseException as err:  # what the fuzzer looks for
        outcome = {
            "outcome": "exception",
            "type": type(err).__name__,
            "traceback": traceback.format_exc(limit=-8),
        }
    result_path.write_text(json.dumps(outcome))
    os._exit(0)


def run_case(args: list[str], scratch: Path) -> tuple[dict[str, object], float]:
    result_path = scratch / "result.json"
    result_path.unlink(missing_ok=True)
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            run_child(args, result_path)
        finally:
            os._exit(70)
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        elapsed = time.monotonic() - started
        if done:
            break
        if elapsed > MAX_SECONDS:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return {"outcome": "hang"}, elapsed
        time.sleep(0.01)
    if result_path.exists():
        return json.loads(result_path.read_text()), elapsed
    return {"outcome": "died", "status": status}, elapsed


def tree_digest(root: Path) -> str:
    """A digest of ``root``'s data/, less what git ignores there (``lpkg add``'s lock and
    scratch folder, which a refused add may leave behind by design)."""
    from lpkg.contribute.add import LOCK, SCRATCH

    ignored = {root / LOCK, root / SCRATCH}
    digest = hashlib.sha256()
    for path in sorted((root / "data").rglob("*")):
        if ignored & {path, *path.parents}:
            continue
        digest.update(str(path.relative_to(root)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=sorted(SEEDS))
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--slow", type=float, default=10.0, help="seconds that make a finding")
    parser.add_argument("--out", type=Path, help="folder for the log and the findings")
    options = parser.parse_args()
    command = options.command
    out = options.out or Path(tempfile.gettempdir()) / f"lpkg-fuzz-{command}"
    out.mkdir(parents=True, exist_ok=True)

    import lpkg.cli  # noqa: F401 - imported once here, so every forked case starts warm
    import lpkg.contribute  # noqa: F401
    import lpkg.validate  # noqa: F401

    seed_files = sorted(
        {
            p
            for folder in (FIXTURES, ROOT / "docs" / "examples", ROOT / "queries")
            for pattern in SEEDS[command]
            for p in folder.rglob(pattern)
        }
    )
    seeds = [p.read_bytes() for p in seed_files]
    rng = random.Random(options.seed)
    scratch = Path(tempfile.mkdtemp(prefix="lpkg-fuzz-"))
    root = scratch / "project"
    for folder in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(ROOT / folder, root / folder)
    pristine = tree_digest(root)

    def arguments(case: Path) -> list[str]:
        return {
            "validate": ["validate", str(case), "--format", rng.choice(["text", "json", "github"])],
            "fmt": ["fmt", str(case)],
            "import": ["import", str(case), "-o", str(scratch / "out.ttl")],
            "add": ["--root", str(root), "add", str(case)]
            + (["--merge"] * rng.randint(0, 1))
            # a file of triples needs the page its statements come from
            + (["--source", MOST_PAGE] if case.suffix == ".ttl" else []),
            "query": ["--root", str(root), "query", str(case)],
        }[command]

    # five unmutated seeds first: how long a case takes on this machine now, without mutations
    baseline = []
    for index in rng.sample(range(len(seed_files)), min(5, len(seed_files))):
        seed, data = seed_files[index], seeds[index]
        case = scratch / f"case{seed.suffix}"
        case.write_bytes(data)
        (scratch / "out.ttl").unlink(missing_ok=True)
        baseline.append(run_case(arguments(case), scratch)[1])
        shutil.rmtree(root / "data")
        shutil.copytree(ROOT / "data", root / "data")
    baseline.sort()

    log = (out / "cases.jsonl").open("a", encoding="utf-8")
    deadline = time.monotonic() + options.minutes * 60
    runs, findings, times = 0, 0, []
    codes: dict[str, int] = {}
    while time.monotonic() < deadline:
        index = rng.randrange(len(seed_files))
        seed = seed_files[index]
        data, ops = mutate(seeds[index], seeds, rng)
        case = scratch / f"case{seed.suffix}"
        case.write_bytes(data)
        args = arguments(case)
        (scratch / "out.ttl").unlink(missing_ok=True)
        outcome, elapsed = run_case(args, scratch)
        runs += 1
        times.append(elapsed)
        finding = outcome["outcome"] != "exit" or elapsed > options.slow
        if command == "add" and tree_digest(root) != pristine:
            if outcome.get("code") != 0:
                outcome["data_changed_on_failure"] = True
                finding = True
            shutil.rmtree(root / "data")
            shutil.copytree(ROOT / "data", root / "data")
        key = str(outcome.get("code", outcome["outcome"]))
        codes[key] = codes.get(key, 0) + 1
        record = {"run": runs, "seed": seed.name, "ops": ops, "bytes": len(data)}
        record.update({"seconds": round(elapsed, 2), **outcome})
        if finding:
            findings += 1
            kept = out / f"finding-{runs}{seed.suffix}"
            kept.write_bytes(data)
            record["kept"] = str(kept)
            print(f"finding {runs}: {outcome.get('type', outcome['outcome'])} "
                  f"{elapsed:.1f}s {kept}", flush=True)
        log.write(json.dumps(record) + "\n")
        log.flush()
    shutil.rmtree(scratch, ignore_errors=True)
    times.sort()
    summary = {
        "command": command,
        "seed": options.seed,
        "minutes": options.minutes,
        "runs": runs,
        "seed_files": len(seed_files),
        "exit_codes": codes,
        "findings": findings,
        "median_seconds": round(times[len(times) // 2], 2) if times else None,
        "max_seconds": round(times[-1], 2) if times else None,
        "seed_median_seconds": round(baseline[len(baseline) // 2], 2),
        "seed_max_seconds": round(baseline[-1], 2),
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(json.dumps(summary))
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
