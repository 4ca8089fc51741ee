"""The catalogue of named SPARQL queries: headers, parameters, safe execution."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD
from rdflib.term import Node, Variable

from .bindings import IRI_FORBIDDEN, Term, bind, mentions
from .errors import (
    AmbiguousValueError,
    BadDateError,
    ForbiddenQueryError,
    HeaderError,
    QuerySyntaxError,
    UnknownParameterError,
    UnknownQueryError,
    UnknownValueError,
)
from .labels import Labels, curie, fold, label_of
from .limits import run_limited
from .namespaces import PREFIXES
from .paths import folder_files, project_root, regular_file
from .store import (
    REFUSED_KEYWORDS,
    OxigraphStore,
    RdflibStore,
    Store,
    parse_query,
    refuse_outside,
    select_on_disk,
    uses,
)

if TYPE_CHECKING:
    from rdflib.plugins.sparql.sparql import Query

_HEADER_LINE = re.compile(r"^#\s?(?P<key>title|question)@(?P<lang>[a-z]{2}):\s*(?P<text>.*)$")
_COLUMN_LINE = re.compile(r"^#\s?column \?(?P<var>\w+):\s*(?P<text>.*)$")
_PARAM_LINE = re.compile(
    r"^#\s?param \?(?P<var>\w+) <(?P<cls>[^>]*)> (?P<default>\S+):\s*(?P<text>.*)$"
)
_REQUIRES_LINE = re.compile(r"^#\s?requires:\s*inference\s*$")
_HEADING_LINE = re.compile(r"^#\s?heading \?(?P<var>\w+):\s*\?(?P<param>\w+)\s*$")
_CONTINUATION = re.compile(r"^#\s{2,}(?P<text>\S.*)$")
_VARIABLE = re.compile(r"[?$](\w+)")
_MAX_CANDIDATES = 25


@dataclass(frozen=True)
class Param:
    """A parameter of a named query: the variable it binds and the class of its values."""

    name: str
    cls: URIRef | None
    default: str | None
    description: str = ""

    @property
    def is_date(self) -> bool:
        """Whether the values are a day, month or year (class ``xsd:date`` in the header), not
        resources."""
        return self.cls == XSD.date


@dataclass(frozen=True)
class NamedQuery:
    """A SPARQL query file with its header: titles, question, columns and parameters."""

    name: str
    path: Path
    text: str
    titles: dict[str, str] = field(default_factory=dict)
    questions: dict[str, str] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)
    params: tuple[Param, ...] = ()
    requires_inference: bool = False
    headings: dict[str, str] = field(default_factory=dict)
    """Columns headed by the label of a parameter's value: column variable -> parameter."""

    def title(self, lang: str = "en") -> str:
        return self.titles.get(lang) or self.titles.get("en") or self.name

    def question(self, lang: str = "en") -> str:
        return self.questions.get(lang) or self.questions.get("en", "")

    @property
    def date_param(self) -> Param | None:
        """The parameter that restricts the answer to a day, month or year, if the query has one."""
        return next((p for p in self.params if p.is_date), None)


@dataclass
class QueryResult:
    """The rows of a SELECT query: each row maps a variable name to a term or ``None``."""

    variables: list[str]
    rows: list[dict[str, Node | None]]
    labels: Labels
    """The labels of the result's IRIs (:meth:`lpkg.store.Store.labels`)."""
    headings: dict[str, str] = field(default_factory=dict)
    """Column headings that differ from the variable name (``# heading`` in the query header)."""

    def label(self, term: Node, lang: str) -> str:
        """The label of ``term`` in ``lang`` (:func:`lpkg.labels.label_of`)."""
        return self.labels.of(term, lang)

    def column_names(self) -> list[str]:
        """The name each column is headed by in every output format, in the order of
        :attr:`variables`."""
        return [self.headings.get(v, v) for v in self.variables]


def queries_dir(root: Path | str | None = None) -> Path:
    return project_root(root) / "queries"


def list_queries(root: Path | str | None = None) -> list[NamedQuery]:
    """Every named query in ``queries/``, by name.

    >>> "both-towns" in [q.name for q in list_queries()]
    True
    """
    files = folder_files(queries_dir(root), "*.rq", recursive=False)
    return [read_query(p) for p in sorted(files, key=lambda p: p.stem)]


def get_query(name_or_path: str | Path, root: Path | str | None = None) -> NamedQuery:
    """A named query by name, or any ``.rq`` file by path.

    Raises:
        UnknownQueryError: no named query has that name.
        MissingFileError: a path was given and there is no such file.
    """
    text = str(name_or_path)
    if text.endswith(".rq") or "/" in text or "\\" in text:
        return read_query(regular_file(text))
    path = queries_dir(root) / f"{text}.rq"
    if not path.is_file() and not path.is_symlink():
        raise UnknownQueryError(text, [q.name for q in list_queries(root)])
    return read_query(regular_file(path))


def read_query(path: Path) -> NamedQuery:
    """Read a query file and its header comment."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise QuerySyntaxError(str(path), "the file is not UTF-8 text.") from None
    titles: dict[str, str] = {}
    questions: dict[str, str] = {}
    columns: dict[str, str] = {}
    params: list[Param] = []
    headings: dict[str, str] = {}
    requires_inference = False
    last: tuple[dict[str, str], str] | None = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if match := _HEADER_LINE.match(line):
            target = titles if match["key"] == "title" else questions
            target[match["lang"]] = match["text"].strip()
            last = (target, match["lang"])
        elif match := _COLUMN_LINE.match(line):
            columns[match["var"]] = match["text"].strip()
            last = (columns, match["var"])
        elif match := _PARAM_LINE.match(line):
            params.append(_param(path, match))
            last = None
        elif _REQUIRES_LINE.match(line):
            requires_inference = True
        elif match := _HEADING_LINE.match(line):
            headings[match["var"]] = match["param"]
            last = None
        elif (match := _CONTINUATION.match(line)) and last is not None:
            target, key = last
            target[key] = f"{target[key]} {match['text'].strip()}"
    query = NamedQuery(
        name=path.stem,
        path=path,
        text=text,
        titles=titles,
        questions=questions,
        columns=columns,
        params=tuple(params),
        requires_inference=requires_inference,
        headings=headings,
    )
    unknown = sorted(set(headings.values()) - {p.name for p in params})
    if unknown:
        raise HeaderError(
            f"{path}: a heading names ?{unknown[0]}, which is not a parameter of the query."
        )
    return query


def _param(path: Path, match: re.Match[str]) -> Param:
    default = None if match["default"] == "-" else match["default"]
    cls = _expand(match["cls"]) if match["cls"] else None
    if match["cls"] and cls is None:
        raise HeaderError(
            f"{path}: parameter ?{match['var']} names an unknown class {match['cls']}."
        )
    return Param(match["var"], cls, default, match["text"].strip())


def _expand(value: str) -> URIRef | None:
    """An IRI from ``<iri>``, a bare http(s) IRI or a CURIE with a known prefix."""
    if value.startswith("<") and value.endswith(">"):
        return URIRef(value[1:-1])
    if value.startswith(("http://", "https://")):
        return URIRef(value)
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES:
        return URIRef(PREFIXES[prefix] + local)
    return None


def prepare(query: NamedQuery, bindings: Mapping[Variable, Term] | None = None) -> Query:
    """Parse a query, refusing what would reach outside the graph or change it; with
    ``bindings``, the query with its parameters bound (:func:`bind`).

    Raises:
        QuerySyntaxError: the text is not SPARQL (with line and column).
        ForbiddenQueryError: an update, ``SERVICE``, ``FROM`` or ``FROM NAMED``.
    """
    text = bind(query.text, bindings) if bindings else query.text
    try:
        prepared = parse_query(text)
    except Exception as err:  # pyparsing raises ParseException; rdflib a bare Exception
        unknown = _UNKNOWN_PREFIX.search(str(err))
        if unknown is not None:
            line, column = _position(query.text, unknown["prefix"] + ":")
            raise QuerySyntaxError(
                str(query.path),
                f"the prefix {unknown['prefix']}: is not declared. Declare it with PREFIX "
                f"{unknown['prefix']}: <...>, or use one of lpkg's: {', '.join(sorted(PREFIXES))}.",
                line,
                column,
            ) from None
        if _is_update(query.text):
            raise ForbiddenQueryError(
                f"{query.path}: lpkg only reads; SPARQL updates (INSERT, DELETE, LOAD, CLEAR, ...)"
                " are refused."
            ) from None
        raise QuerySyntaxError(
            str(query.path),
            _parse_reason(err),
            getattr(err, "lineno", None),
            getattr(err, "col", None),
        ) from None
    refuse_outside(prepared, str(query.path))
    if uses(prepared.algebra, "Graph"):
        raise ForbiddenQueryError(
            f"{query.path}: GRAPH is refused; lpkg answers from one graph without named graphs "
            "and does not read other files or fetch URLs. Remove the GRAPH clause."
        )
    if prepared.algebra.name != "SelectQuery":
        raise ForbiddenQueryError(f"{query.path}: lpkg query runs SELECT queries only.")
    return prepared


def check(query: NamedQuery) -> None:
    """Refuse what :func:`prepare` refuses, parsing with rdflib (half a second for a long query)
    only a query that mentions ``SERVICE``, ``FROM`` or ``GRAPH`` or that pyoxigraph does not
    read as a SELECT query; rdflib's errors say where the problem is.

    Raises:
        What :func:`prepare` raises.
    """
    if not mentions(query.text, REFUSED_KEYWORDS):
        try:
            # an empty store: the query is parsed, and runs on nothing
            answer = ox.Store().query(query.text, prefixes=PREFIXES)
        except SyntaxError:
            pass
        else:
            if isinstance(answer, ox.QuerySolutions):
                return
    prepare(query)


def _is_update(text: str) -> bool:
    from .rdflib_sparql import parseUpdate

    try:
        parseUpdate(text)
    except Exception:  # not an update either: the caller reports the query syntax error
        return False
    return True


def _parse_reason(err: Exception) -> str:
    msg = getattr(err, "msg", None) or str(err)
    found = getattr(err, "line", "")
    return f"{msg} (near: {found.strip()[:60]!r})" if found else str(msg)


_UNKNOWN_PREFIX = re.compile(r"Unknown namespace prefix : (?P<prefix>\S*)")


def _position(text: str, needle: str) -> tuple[int | None, int | None]:
    """The line and column (from 1) where ``needle`` first occurs in ``text``."""
    at = text.find(needle)
    if at < 0:
        return None, None
    return text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)


def run_query(
    query: NamedQuery,
    store: Store | Graph,
    params: Mapping[str, str] | None = None,
    *,
    lang: str = "cs",
    timeout: float | None = None,
) -> QueryResult:
    """Run ``query`` on ``store`` (or an rdflib graph) with parameter values given as labels,
    CURIEs or IRIs (a date parameter: a day, month or year). Column headings the header declares
    take the labels of the parameters' values in ``lang``.

    With ``timeout`` a query on a local store runs in a child process that is killed after that
    many seconds (:func:`lpkg.limits.run_limited`); without it, in this process. An endpoint
    gets its own timeout (:class:`lpkg.store.EndpointStore`).

    Raises:
        UnknownParameterError: a parameter the query does not declare.
        UnknownValueError / AmbiguousValueError: a value that names no resource, or several.
        BadDateError: a date parameter that is not a day, month or year.
        LimitError: the query ran longer than ``timeout`` or out of memory.
        EndpointError: the endpoint could not be reached or answered with an error.
    """
    if not isinstance(store, Store):
        store = RdflibStore(store)
    bindings = resolve_params(query, store, params or {}, lang=lang)
    check(query)
    what = f"The query {query.path}"
    if timeout is None or not store.local:
        variables, rows = store.select(query.text, bindings)
    elif isinstance(store, OxigraphStore) and store.path is not None:
        # RocksDB's threads make forking unsafe: a fresh child opens the store for reading
        variables, rows = run_limited(
            what, select_on_disk, store.path, query.text, bindings, timeout=timeout, start="spawn"
        )
    else:
        variables, rows = run_limited(what, store.select, query.text, bindings, timeout=timeout)
    terms = [*bindings.values(), *(t for row in rows for t in row.values())]
    labels = store.labels(terms)
    return QueryResult(variables, rows, labels, _headings(query, labels, bindings, variables, lang))


def _headings(
    query: NamedQuery,
    labels: Labels,
    bindings: Mapping[Variable, Term],
    variables: list[str],
    lang: str,
) -> dict[str, str]:
    """The labels of the parameter values that head columns; none if two columns would then
    have the same name (the variables stay apart)."""
    headings = {
        var: labels.of(bindings[Variable(param)], lang)
        for var, param in query.headings.items()
        if var in variables and Variable(param) in bindings
    }
    names = [headings.get(v, v) for v in variables]
    return headings if len(set(names)) == len(names) else {}


def declared_params(query: NamedQuery) -> dict[str, Param]:
    """The query's parameters: those its header declares, else every variable of a headerless
    ad-hoc query."""
    if query.params:
        return {p.name: p for p in query.params}
    body = "\n".join(line for line in query.text.splitlines() if not line.startswith("#"))
    return {name: Param(name, None, None) for name in sorted(set(_VARIABLE.findall(body)))}


def resolve_params(
    query: NamedQuery, store: Store | Graph, values: Mapping[str, str], *, lang: str = "cs"
) -> dict[Variable, Term]:
    """The terms the parameter values (or the header's defaults) name, by variable."""
    declared = declared_params(query)
    for name in values:
        if name not in declared:
            raise UnknownParameterError(name, query.name, list(declared))
    if not isinstance(store, Store):
        store = RdflibStore(store)
    bindings: dict[Variable, Term] = {}
    for name, param in declared.items():
        value = values.get(name, param.default)
        if value is None:
            continue
        if param.is_date:
            bindings[Variable(name)] = date_literal(param.name, value)
        else:
            graph = store.instances(param.cls, _NAME_PROPERTIES)
            bindings[Variable(name)] = resolve_value(graph, param, value, lang=lang)
    return bindings


_DATE = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?")


def date_literal(name: str, value: str) -> Literal:
    """A day, month or year as an ``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear`` literal.

    >>> date_literal("date", " 2010-06 ").n3()
    '"2010-06"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>'

    Raises:
        BadDateError: anything else, or a month or day that does not exist.
    """
    from datetime import date

    text = value.strip()
    match = _DATE.fullmatch(text)
    if match is None:
        raise BadDateError(name, value)
    try:
        date(int(match["year"]), int(match["month"] or 1), int(match["day"] or 1))
    except ValueError:
        raise BadDateError(name, value) from None
    datatype = XSD.date if match["day"] else XSD.gYearMonth if match["month"] else XSD.gYear
    return Literal(text, datatype=datatype)


def normalize(text: str) -> str:
    """Case- and diacritics-insensitive form of a name.

    >>> normalize("  Litvínov ") == normalize("LITVINOV")
    True
    """
    return " ".join(fold(text).split())


def resolve_value(graph: Graph, param: Param, value: str, *, lang: str = "cs") -> Term:
    """The resource a parameter value names: an IRI, a CURIE, or a label of a resource of the
    parameter's class; for a date parameter, the day, month or year literal."""
    if param.is_date:
        return date_literal(param.name, value)
    candidates = _candidates(graph, param)
    iri = _expand(value.strip())
    if iri is not None:
        if (candidates and iri not in candidates) or IRI_FORBIDDEN.search(iri):
            raise UnknownValueError(param.name, value, _describe(graph, candidates, lang))
        return iri
    wanted = normalize(value)
    matches = sorted({c for c in candidates if wanted in _names(graph, c)}, key=lambda c: curie(c))
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise AmbiguousValueError(param.name, value, _describe(graph, matches, lang))
    raise UnknownValueError(param.name, value, _describe(graph, candidates, lang))


def _candidates(graph: Graph, param: Param) -> set[URIRef]:
    if param.cls is not None:
        found = graph.subjects(RDF.type, param.cls)
    else:
        found = graph.subjects()
    return {c for c in found if isinstance(c, URIRef)}


_NAME_PROPERTIES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, SKOS.notation)
"""What a parameter value is matched against (the labels :func:`label_of` shows are among
them)."""


def _names(graph: Graph, node: URIRef) -> set[str]:
    names = {normalize(str(o)) for p in _NAME_PROPERTIES for o in graph.objects(node, p)}
    names.add(normalize(str(node).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]))
    return names


def _describe(graph: Graph, nodes: set[URIRef] | list[URIRef], lang: str) -> list[str]:
    described = sorted(f"{label_of(graph, n, lang)} ({curie(n)})" for n in nodes)
    if len(described) > _MAX_CANDIDATES:
        return [*described[:_MAX_CANDIDATES], f"… and {len(described) - _MAX_CANDIDATES} more"]
    return described
