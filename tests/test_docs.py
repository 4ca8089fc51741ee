"""The README matches the code: commands, examples with their real output, the Python example."""

from __future__ import annotations

import contextlib
import io
import re
import shlex

import click
import pytest
from click.testing import CliRunner

from lpkg.cli import main
from tests import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
COMMANDS = main.list_commands(click.Context(main))


def _examples() -> list[tuple[str, str]]:
    """```console blocks of README and CONTRIBUTING: `$ lpkg ...` lines, each followed by the
    output it prints."""
    examples = []
    for block in re.findall(r"```console\n(.*?)```", README + CONTRIBUTING, re.DOTALL):
        for chunk in re.split(r"^(?=\$ )", block, flags=re.MULTILINE):
            if chunk.strip():
                command, _, output = chunk.partition("\n")
                examples.append((command.removeprefix("$ "), output))
    return examples


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_and_is_in_the_readme(name: str) -> None:
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0
    command = main.get_command(click.Context(main), name)
    assert isinstance(command, click.Command) and command.help and len(command.help) > 40
    assert f"`lpkg {name}" in README


def test_readme_documents_the_exit_codes() -> None:
    assert "**Exit codes.** `0`" in README and "`1`" in README and "`2`" in README


@pytest.mark.parametrize("command, output", _examples(), ids=[c for c, _ in _examples()])
def test_examples_show_real_output(
    command: str, output: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Examples run from the repository root; an example of an error shows the error."""
    monkeypatch.chdir(ROOT)
    args = shlex.split(command)
    assert args[0] == "lpkg"
    result = CliRunner().invoke(main, ["--root", str(ROOT), *args[1:]])
    # SPARQL CSV ends lines with CRLF; the README is kept with LF
    assert result.output.replace("\r\n", "\n") == output


def test_docs_have_examples() -> None:
    assert len(_examples()) >= 8


def test_contributing_lists_the_csv_columns() -> None:
    from lpkg.contribute.csv_import import COLUMNS

    listed = re.findall(r"^\| `(\w+)` \| (.*) \|$", CONTRIBUTING, re.MULTILINE)
    assert listed == list(COLUMNS.items())


def test_readme_python_example_runs() -> None:
    (code,) = re.findall(r"```python\n(.*?)```", README, re.DOTALL)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})  # the README's own example
    lines = out.getvalue().splitlines()
    assert lines[0] == "True 0"
    # swapped towns: Most k naději is on both lists
    assert "https://w3id.org/lpkg/id/organization/most-k-nadeji member member" in lines


def test_quick_start_has_two_commands_and_ci_runs_the_test_one() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.*?)\n```", quick_start, re.DOTALL)
    assert len(commands) == 2
    assert "lpkg validate" in commands[0] and "pytest" in commands[1]
    assert commands[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
