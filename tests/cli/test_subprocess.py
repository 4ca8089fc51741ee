"""End-to-end through a real process: exit codes, the stdout/stderr split, start-up imports."""

from __future__ import annotations

import subprocess
import sys

from tests import FIXTURES, ROOT


def lpkg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lpkg", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_query_prints_the_answer_on_stdout() -> None:
    done = lpkg("query", "both-towns", "--lang", "en")
    assert done.returncode == 0
    assert "Most k naději" in done.stdout
    # only the note that the answer is for any time (no --param date=)
    assert done.stderr.startswith("Note: the answer is for any time;")
    assert done.stderr.count("\n") == 1


def test_validate_exits_1_on_a_bad_contribution() -> None:
    done = lpkg("validate", str(FIXTURES / "cli" / "membership-without-source.invalid.ttl"))
    assert done.returncode == 1
    assert "Violation" in done.stdout


def test_bad_input_is_one_message_on_stderr_with_exit_2() -> None:
    done = lpkg("validate", str(FIXTURES / "load" / "unknown-prefix.invalid.ttl"))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("Error: ")
    assert "Traceback" not in done.stderr


def test_query_does_not_import_pyshacl_or_owlrl() -> None:
    code = (
        "import sys; from lpkg.cli import main\n"
        "try:\n    main(['query', 'both-towns', '--format', 'csv'])\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in ('pyshacl', 'owlrl') if m in sys.modules), file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.stderr.strip().splitlines()[-1] == "[]"
