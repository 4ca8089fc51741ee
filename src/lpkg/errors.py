"""The typed errors lpkg raises; the CLI turns them into messages and exit codes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .escape import excerpt, shorten

EXIT_OK = 0
EXIT_DOES_NOT_CONFORM = 1
EXIT_UNUSABLE_INPUT = 2


class LpkgError(Exception):
    """Base class of every error lpkg raises on purpose."""

    exit_code = EXIT_UNUSABLE_INPUT

    def __reduce__(self) -> tuple[object, ...]:
        # Subclasses' __init__ take other arguments than their message, so the default pickling
        # (calling __init__ with self.args) fails; lpkg.limits sends errors from a child process.
        return (_rebuild, (type(self), self.args, self.__dict__))


def _rebuild(cls: type[LpkgError], args: tuple[object, ...], state: dict[str, object]) -> LpkgError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class InputError(LpkgError):
    """Input lpkg cannot use: a file, a query, a parameter (exit code 2)."""


class MissingFileError(InputError):
    """A file named on the command line or in the project does not exist."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        super().__init__(f"{self.path}: no such file.")


class ParseError(InputError):
    """A data file that cannot be read as RDF; carries the position where known."""

    def __init__(
        self, path: Path | str, reason: str, line: int | None = None, column: int | None = None
    ) -> None:
        self.path = Path(path)
        self.reason = reason = shorten(reason)  # a parser's reason may quote the input
        self.line = line
        self.column = column
        where = str(self.path)
        if line is not None:
            where += f", line {line}"
            if column is not None:
                where += f", column {column}"
        super().__init__(f"{where}: {reason}")


class CsvError(ParseError):
    """A problem in a contribution CSV, at a row (the header is row 1) and a named column."""

    def __init__(self, path: Path | str, reason: str, row: int, column: str | None = None) -> None:
        self.row = row
        self.column_name = column
        super().__init__(path, reason, row)
        where = f"{self.path}, row {row}" + (f", column {column}" if column else "")
        self.args = (f"{where}: {reason}",)


class UnknownQueryError(InputError):
    """A named query that does not exist."""

    def __init__(self, name: str, known: Sequence[str]) -> None:
        self.name = name
        self.known = list(known)
        super().__init__(
            f"There is no named query {excerpt(name)}. Named queries: {', '.join(self.known)}. "
            "Run `lpkg queries` to see what each answers, or give the path of a .rq file."
        )


class QuerySyntaxError(InputError):
    """A SPARQL query that does not parse; carries the position where known."""

    def __init__(
        self, source: str, reason: str, line: int | None = None, column: int | None = None
    ) -> None:
        self.source = source
        reason = shorten(reason)  # the parser's reason may quote the query
        self.line = line
        self.column = column
        where = source
        if line is not None:
            where += f", line {line}, column {column}"
        super().__init__(f"{where}: SPARQL syntax error: {reason}")


class ForbiddenQueryError(InputError):
    """A query that would read from the network or other files, or change data."""


class HeaderError(InputError):
    """A named query whose header comment is incomplete or malformed."""


class UnknownParameterError(InputError):
    """A --param for a variable the query does not declare."""

    def __init__(self, name: str, query: str, declared: Sequence[str]) -> None:
        self.name = name
        self.declared = list(declared)
        listed = ", ".join(self.declared) if self.declared else "none"
        super().__init__(
            f"Query {query!r} has no parameter {excerpt(name)}. Its parameters: {listed}."
        )


class UnknownValueError(InputError):
    """A parameter value that names no resource of the expected class."""

    def __init__(self, name: str, value: str, candidates: Sequence[str]) -> None:
        self.name = name
        self.value = value
        self.candidates = list(candidates)
        super().__init__(
            f"Parameter {name}={excerpt(value)} matches nothing. "
            f"Possible values: {'; '.join(self.candidates) or 'none'}."
        )


class AmbiguousValueError(InputError):
    """A parameter value that matches more than one resource."""

    def __init__(self, name: str, value: str, candidates: Sequence[str]) -> None:
        self.name = name
        self.value = value
        self.candidates = list(candidates)
        super().__init__(
            f"Parameter {name}={excerpt(value)} is ambiguous; "
            f"it matches: {'; '.join(self.candidates)}. "
            "Give a CURIE or an IRI instead."
        )


class BadDateError(InputError):
    """A date parameter that is not a day, a month or a year."""

    def __init__(self, name: str, value: str) -> None:
        self.name = name
        self.value = value
        super().__init__(
            f"Parameter {name}={excerpt(value)} is not a date: give a day (2010-06-30), a month "
            "(2010-06) or a year (2010)."
        )


class DoesNotConformError(LpkgError):
    """Data that does not conform to the shapes where conformance is required (exit code 1)."""

    exit_code = EXIT_DOES_NOT_CONFORM

    def __init__(self, message: str, report: object) -> None:
        self.report = report
        super().__init__(message)


class WouldOverwriteError(InputError):
    """A command would replace a file that already exists."""


class LimitError(InputError):
    """Input that is well-formed but beyond a limit lpkg sets so that no file or query can keep
    a command busy for minutes or exhaust memory: nesting too deep, a literal too long, too many
    triples or rows, blank nodes too symmetric to label, a query that runs too long."""


class UnsafeFileError(InputError):
    """A symbolic link or a special file where lpkg reads or writes only regular files."""


class EndpointError(InputError):
    """A SPARQL endpoint or graph store that cannot be reached, refuses the request, or answers
    with an error or with something that is not a SPARQL result (exit code 2)."""


class ShapesError(InputError):
    """Shapes the SHACL engine cannot run: a SPARQL feature SHACL-SPARQL does not allow, a
    constraint it cannot load (exit code 2: no verdict on the data was reached)."""
