"""The query catalogue: headers, parameters, refused and malformed queries."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.term import Variable

from lpkg.errors import (
    AmbiguousValueError,
    ForbiddenQueryError,
    LimitError,
    MissingFileError,
    QuerySyntaxError,
    UnknownParameterError,
    UnknownQueryError,
    UnknownValueError,
)
from lpkg.namespaces import LP, LPKG, LPLACE, SCHEMA
from lpkg.queries import (
    Param,
    bind,
    check,
    get_query,
    list_queries,
    resolve_params,
    resolve_value,
    run_query,
)
from lpkg.store import OxigraphStore
from tests import FIXTURES, ROOT

QUERIES = FIXTURES / "queries"
HOSTILE = FIXTURES / "hostile"
TOWN = Param("town", SCHEMA.City, None)


def test_header_is_read() -> None:
    query = get_query(QUERIES / "header.valid.rq")
    assert query.name == "header.valid"
    assert query.titles == {"cs": "Zkušební dotaz", "en": "A test query"}
    assert query.questions == {"en": "Which towns does a partnership work in?"}
    assert query.columns == {"partnership": "the partnership", "town": "its town"}
    assert query.params == (
        Param("town", SCHEMA.City, None, "the town (all if not given)"),
        Param("partnership", LPKG.LocalPartnership, "lp:most", "the partnership"),
    )
    assert query.requires_inference


def test_default_parameter_applies_and_unbound_one_covers_all(graph: Graph) -> None:
    rows = run_query(get_query(QUERIES / "header.valid.rq"), graph).rows
    assert rows == [{"partnership": LP.most, "town": LPLACE.most}]


@pytest.mark.parametrize(
    "value",
    [
        "Most",
        "most",
        "  MOST ",
        "lplace:most",
        "https://w3id.org/lpkg/id/place/most",
        "<https://w3id.org/lpkg/id/place/most>",
    ],
)
def test_parameter_value_by_label_curie_or_iri(graph: Graph, value: str) -> None:
    assert resolve_value(graph, TOWN, value) == LPLACE.most


def test_label_match_ignores_case_and_diacritics(graph: Graph) -> None:
    assert resolve_value(graph, TOWN, "LITVINOV") == LPLACE.litvinov


def test_unknown_value_lists_the_candidates(graph: Graph) -> None:
    with pytest.raises(UnknownValueError) as caught:
        resolve_value(graph, TOWN, "Praha")
    # every town, sorted: among them the towns of the 17 partnerships that have one (Jesenicko
    # and Šluknovsko are partnerships of a region)
    candidates = caught.value.candidates
    assert candidates == sorted(candidates)
    assert {
        "Bílina (lplace:bilina)", "Břeclav (lplace:breclav)", "Broumov (lplace:broumov)",
        "Cheb (lplace:cheb)", "Děčín (lplace:decin)", "Duchcov (lplace:duchcov)",
        "Holešov (lplace:holesov)", "Jáchymov (lplace:jachymov)", "Kadaň (lplace:kadan)",
        "Kutná Hora (lplace:kutna-hora)", "Litvínov (lplace:litvinov)", "Most (lplace:most)",
        "Přerov (lplace:prerov)", "Roudnice nad Labem (lplace:roudnice-nad-labem)",
        "Ostrava (lplace:ostrava)", "Trmice (lplace:trmice)",
        "Ústí nad Labem (lplace:usti-nad-labem)",
    } <= set(candidates)  # fmt: skip
    assert "Janov (lplace:janov)" not in candidates  # a part of Litvínov, not a town


def test_iri_of_the_wrong_class_is_unknown(graph: Graph) -> None:
    with pytest.raises(UnknownValueError):
        resolve_value(graph, TOWN, "lplace:janov")


def test_ambiguous_value_lists_the_matches() -> None:
    graph = Graph()
    for slug in ("a", "b"):
        town = URIRef(f"https://example.org/{slug}")
        graph.add((town, RDF.type, SCHEMA.City))
        graph.add((town, RDFS.label, Literal("Nová Ves", lang="cs")))
    with pytest.raises(AmbiguousValueError) as caught:
        resolve_value(graph, TOWN, "nova ves")
    assert len(caught.value.candidates) == 2


def test_unknown_parameter_names_the_declared_ones(graph: Graph) -> None:
    with pytest.raises(UnknownParameterError, match="town1, town2"):
        run_query(get_query("both-towns", ROOT), graph, {"town": "Most"})


def test_adhoc_query_without_header_binds_its_variables(graph: Graph) -> None:
    query = get_query(QUERIES / "adhoc.valid.rq")
    rows = run_query(query, graph, {"partnership": "lp:litvinov"}).rows
    assert rows == [{"town": LPLACE.litvinov}]
    with pytest.raises(UnknownParameterError):
        run_query(query, graph, {"organization": "lorg:agentura-pro-socialni-zaclenovani"})


@pytest.mark.parametrize("path", sorted(QUERIES.glob("*.forbidden.rq")), ids=lambda p: p.name)
def test_queries_that_reach_outside_or_change_data_are_refused(graph: Graph, path: Path) -> None:
    before = len(graph)
    with pytest.raises(ForbiddenQueryError):
        run_query(get_query(path), graph)
    assert len(graph) == before


@pytest.mark.parametrize(
    "path",
    [*sorted(QUERIES.glob("*.forbidden.rq")), *sorted(HOSTILE.glob("service-*.hostile.rq"))],
    ids=lambda p: p.name,
)
def test_pyoxigraph_is_given_no_query_that_reaches_outside(path: Path) -> None:
    # the store holds what each query's first pattern matches, so that a SERVICE let through
    # would be called (to port 9, which pyoxigraph refuses with an OSError, not an lpkg error)
    store = OxigraphStore()
    ex = "http://example.org/"
    for value in (ox.Literal(True), ox.NamedNode(ex)):
        store.store.add(ox.Quad(ox.NamedNode(ex + "s"), ox.NamedNode(ex + "p"), value))
    with pytest.raises((ForbiddenQueryError, QuerySyntaxError)):
        run_query(get_query(path), store)
    assert len(store) == 2


def test_check_refuses_what_prepare_refuses() -> None:
    # rdflib does not read a keyword glued to "true"; pyoxigraph does (see tests/test_bindings.py)
    with pytest.raises(QuerySyntaxError, match="line 1, column 18"):
        check(get_query(HOSTILE / "service-glued-to-a-boolean.hostile.rq"))
    with pytest.raises(ForbiddenQueryError, match="SELECT queries only"):
        check(get_query(QUERIES / "construct.forbidden.rq"))
    check(get_query("members", ROOT))  # a named query passes


def test_syntax_error_has_line_and_column(graph: Graph) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        run_query(get_query(QUERIES / "syntax-error.invalid.rq"), graph)
    # line 4 is `  ?s ?p }`: the parser points at the start of the pattern it cannot finish
    assert (caught.value.line, caught.value.column) == (4, 3)


def test_unknown_name_lists_the_named_queries() -> None:
    with pytest.raises(UnknownQueryError) as caught:
        get_query("both-town", ROOT)
    assert "both-towns" in caught.value.known
    assert caught.value.known == [q.name for q in list_queries(ROOT)]


def test_missing_query_file(tmp_path: Path) -> None:
    with pytest.raises(MissingFileError):
        get_query(tmp_path / "nothing.rq")


@pytest.mark.parametrize("name", ["graph-file.hostile.rq", "graph-http.hostile.rq"])
def test_graph_clauses_are_refused(graph: Graph, name: str) -> None:
    with pytest.raises(ForbiddenQueryError, match="GRAPH is refused"):
        run_query(get_query(HOSTILE / name), graph)


def test_an_unknown_prefix_is_a_syntax_error_at_its_position(graph: Graph) -> None:
    with pytest.raises(QuerySyntaxError, match="the prefix nope: is not declared") as caught:
        run_query(get_query(HOSTILE / "unknown-prefix.hostile.rq"), graph)
    # `SELECT * WHERE { ?s nope:p ?o }`: nope: starts at the 21st character of line 1
    assert (caught.value.line, caught.value.column) == (1, 21)


def test_a_query_past_its_timeout_is_stopped(graph: Graph) -> None:
    # a three-way cartesian product over the dataset: about 2,200³ rows to count
    with pytest.raises(LimitError, match="did not finish within 0.5 seconds"):
        run_query(get_query(HOSTILE / "cartesian-product.hostile.rq"), graph, timeout=0.5)


def test_a_query_with_a_timeout_gives_the_same_rows(graph: Graph) -> None:
    query = get_query("both-towns", ROOT)
    limited = run_query(query, graph, timeout=60)
    assert limited.variables == ["organization", "how1", "how2", "incompleteLists"]
    assert limited.rows == run_query(query, graph).rows
    assert limited.rows  # Most k naději, for one, is on both towns' lists


# --- parameters written into the query text ---------------------------------------------------


def test_values_go_into_the_where_clause_and_every_sub_select() -> None:
    text = (
        "# WHERE { in a comment\n"
        "SELECT ?x WHERE { ?x ?p \"WHERE { in \\\" a string\" . ?x ?q '''WHERE {''' .\n"
        "  { SELECT ?x where { ?x ?r ?where } } }"
    )
    Graph().query(text)  # valid SPARQL
    bound = bind(text, {Variable("town"): LPLACE.most})
    values = f"VALUES (?town) {{ (<{LPLACE.most}>) }}"
    assert bound == text.replace("WHERE { ?x ?p", "WHERE { " + values + " ?x ?p").replace(
        "where { ?x ?r", "where { " + values + " ?x ?r"
    )


def test_a_query_without_the_where_keyword_gets_the_values_in_its_first_group() -> None:
    assert bind("SELECT * { ?s ?p ?o }", {Variable("o"): Literal("x")}) == (
        'SELECT * { VALUES (?o) { ("x") } ?s ?p ?o }'
    )


def test_a_literal_is_written_with_escapes_and_runs_as_the_same_value() -> None:
    hostile = Literal('a" } ; DROP ALL ; SELECT * { "\\ \t\r\n"""', lang="cs")
    text = bind("SELECT ?v WHERE { BIND (?v AS ?w) }", {Variable("v"): hostile})
    assert [row[0] for row in Graph().query(text)] == [hostile]
    (solution,) = ox.Store().query(text)
    assert (solution["v"].value, solution["v"].language) == (str(hostile), "cs")


@pytest.mark.parametrize(
    "value", ["<http://x/a> } ; DROP ALL ; #>", "http://x/a>b", "<http://x/a b>", "http://x/{a}"]
)
def test_an_iri_that_could_end_the_iri_reference_is_refused(value: str) -> None:
    # An empty graph: no candidates to check the IRI against, so only the IRI check stands.
    with pytest.raises(UnknownValueError):
        run_query(get_query(QUERIES / "adhoc.valid.rq"), Graph(), {"town": value})


def test_a_named_query_binds_its_default_towns_in_the_text(graph: Graph) -> None:
    query = get_query("both-towns", ROOT)
    text = bind(query.text, resolve_params(query, graph, {}))
    assert text.count(f"VALUES (?town1 ?town2) {{ (<{LPLACE.litvinov}> <{LPLACE.most}>) }}") == 1
    assert query.text == (ROOT / "queries" / "both-towns.rq").read_text(encoding="utf-8")


def test_a_time_limited_query_on_a_store_on_disk_runs_in_a_fresh_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """RocksDB's threads (a pyoxigraph store on disk) must not be forked: the child that runs a
    query under a time limit is started afresh and opens the store for reading."""
    import multiprocessing

    from lpkg import limits
    from lpkg.store import open_store

    started: list[str] = []
    get_context = multiprocessing.get_context

    def context(method: str):  # type: ignore[no-untyped-def]
        started.append(method)
        return get_context(method)

    monkeypatch.setattr(limits.multiprocessing, "get_context", context)
    units = get_query("units")
    on_disk = open_store(f"oxigraph:{tmp_path / 'store'}", root=ROOT)
    limited = run_query(units, on_disk, timeout=60)
    assert started == ["spawn"]
    assert limited.rows and limited.rows == run_query(units, on_disk).rows
    run_query(units, open_store("oxigraph", root=ROOT), timeout=60)
    assert started == ["spawn", "fork"]
