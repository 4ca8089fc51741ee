"""The output boundary: everything the commands print passes through :func:`printable`.

Labels, values, file names and parser messages come from contributions; escaping them once here,
for every command and format, keeps a terminal escape in the data from reaching a maintainer's
screen or a CI log, whatever command prints it.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from ..escape import printable


class PrintableStream(io.TextIOBase):
    """A text stream that escapes control characters before writing to ``stream``.

    It has no ``buffer``, so click writes text to it and never around it to the bytes below.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() takes text, not {type(text).__name__}")
        self.stream.write(printable(text))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.stream, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return getattr(self.stream, "errors", None)


@contextmanager
def printable_output() -> Iterator[None]:
    """Escape control characters in everything written to stdout and stderr meanwhile."""
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = PrintableStream(stdout), PrintableStream(stderr)
    try:
        yield
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        sys.stdout, sys.stderr = stdout, stderr
