"""The stores: every named query gives the same rows and the same labelled output on rdflib (the
reference, whose answers tests/test_named_queries.py checks by hand), pyoxigraph in memory and on
disk, an Oxigraph server and Virtuoso; local stores refuse what would reach outside them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDFS, SKOS

from lpkg.errors import EndpointError, ForbiddenQueryError, InputError, ParseError
from lpkg.load import dataset_files, load_dataset, load_graph
from lpkg.publish.endpoint import publish
from lpkg.queries import NamedQuery, QueryResult, list_queries, run_query
from lpkg.results import render
from lpkg.stats import stats
from lpkg.store import (
    EndpointStore,
    OxigraphStore,
    RdflibStore,
    Store,
    digest_mark,
    file_digest,
    files_digest,
    kept_digest,
    loaded_beforehand,
    open_store,
)
from tests import ROOT
from tests.servers import free_port, fuseki, oxigraph, virtuoso

DATED = {"date": "2010"}
"""A date for the queries that take one; both-towns also names a town by its label (Litvínov's
and Most's lists hold at no common date: README)."""
CASES = [
    pytest.param(query, params, id=f"{query.name}{'-2010' if params else ''}")
    for query in list_queries(ROOT)
    if not query.requires_inference  # answered from owlrl's closure in memory, never a server
    for params in (
        [{}, {**DATED, **({"town2": "trmice"} if query.name == "both-towns" else {})}]
        if query.date_param
        else [{}]
    )
]


@pytest.fixture(scope="module")
def reference() -> RdflibStore:
    return RdflibStore(load_graph(root=ROOT))


@pytest.fixture(scope="module")
def expected(reference: RdflibStore) -> Callable[[NamedQuery, dict[str, str]], QueryResult]:
    """The reference answer to a case, computed once for every store compared with it."""
    answers: dict[str, QueryResult] = {}

    def answer(query: NamedQuery, params: dict[str, str]) -> QueryResult:
        key = f"{query.name} {sorted(params.items())}"
        if key not in answers:
            answers[key] = _answer(query, reference, params)
        return answers[key]

    return answer


@pytest.fixture(scope="module")
def oxigraph_server(
    tmp_path_factory: pytest.TempPathFactory, allow_loopback: Callable[[int], tuple[str, int]]
) -> Iterator[EndpointStore]:
    """An Oxigraph server on disk holding the dataset, loaded as ``lpkg publish`` loads it."""
    with oxigraph(tmp_path_factory.mktemp("oxigraph-server"), allow_loopback) as server:
        store = EndpointStore(server.query, graph_store=server.graph_store)
        publish(load_dataset(root=ROOT), store)
        yield store


@pytest.fixture(scope="module", params=[virtuoso, fuseki], ids=["virtuoso", "fuseki"])
def other_server(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    allow_loopback: Callable[[int], tuple[str, int]],
) -> Iterator[EndpointStore]:
    """Virtuoso 7 and Apache Jena Fuseki, each skipped with its reason where it is missing;
    neither has a default graph of its own beside the union, so the ontology and vocabularies
    go into a named graph."""
    start = request.param
    with start(tmp_path_factory.mktemp(start.__name__), allow_loopback) as server:
        store = EndpointStore(server.query, graph_store=server.graph_store)
        publish(load_dataset(root=ROOT), store, default_graph=URIRef(server.default_graph))
        yield store


@pytest.fixture(scope="module")
def disk_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return open_store(f"oxigraph:{tmp_path_factory.mktemp('disk') / 'store'}", root=ROOT)


@pytest.fixture(scope="module")
def memory_oxigraph() -> Store:
    return open_store("oxigraph", root=ROOT)


def _answer(query: NamedQuery, store: Store, params: dict[str, str]) -> QueryResult:
    return run_query(query, store, params, lang="en")


def _same(expected: QueryResult, actual: QueryResult) -> None:
    assert actual.variables == expected.variables
    assert actual.column_names() == expected.column_names()
    assert Counter(map(_key, actual.rows)) == Counter(map(_key, expected.rows))
    # the labels lpkg shows come from the store too: the labelled CSV, in any row order
    csv = sorted(render(actual, "csv", lang="en").splitlines())
    assert csv == sorted(render(expected, "csv", lang="en").splitlines())


def _key(row: dict[str, object]) -> tuple[tuple[str, object], ...]:
    return tuple(sorted(row.items()))


@pytest.mark.parametrize(("query", "params"), CASES)
def test_every_store_gives_the_reference_rows(
    query: NamedQuery,
    params: dict[str, str],
    expected: Callable[[NamedQuery, dict[str, str]], QueryResult],
    memory_oxigraph: Store,
    disk_store: Store,
    oxigraph_server: EndpointStore,
) -> None:
    reference = expected(query, params)
    assert reference.rows, "a case with rows, or the comparison proves little"
    for store in (memory_oxigraph, disk_store, oxigraph_server):
        _same(reference, _answer(query, store, params))


@pytest.mark.parametrize(("query", "params"), CASES)
def test_other_servers_give_the_reference_rows(
    query: NamedQuery,
    params: dict[str, str],
    expected: Callable[[NamedQuery, dict[str, str]], QueryResult],
    other_server: EndpointStore,
) -> None:
    _same(expected(query, params), _answer(query, other_server, params))


def test_stats_are_the_same_on_every_store(
    reference: RdflibStore, memory_oxigraph: Store, oxigraph_server: EndpointStore
) -> None:
    # a statement two pages make is in two graphs, and counts once
    expected = stats(reference)
    assert expected.triples == len(reference.graph)
    for store in (memory_oxigraph, oxigraph_server):
        assert stats(store) == expected


def test_quads_keep_their_graphs(memory_oxigraph: Store, oxigraph_server: EndpointStore) -> None:
    dataset = load_dataset(root=ROOT)
    quads = [g for *_, g in dataset.quads()]
    assert len(memory_oxigraph) == len(quads) > len(load_graph(root=ROOT))  # not deduplicated
    named = sum(1 for g in quads if g != DATASET_DEFAULT_GRAPH_ID)
    assert len(oxigraph_server) == named  # an endpoint counts the quads of its named graphs
    page = URIRef("http://www.socialni-zaclenovani.cz/lokalni-partnerstvi-most")
    ask = f"ASK {{ GRAPH <{page}> {{ ?m <http://www.w3.org/ns/org#organization> ?p }} }}"
    assert memory_oxigraph.ask(ask) and oxigraph_server.ask(ask)


def test_a_store_on_disk_is_reused_until_the_files_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "root"
    for folder in ("ontology", "data"):
        shutil.copytree(ROOT / folder, root / folder)
    kind = f"oxigraph:{tmp_path / 'store'}"
    store = open_store(kind, root=root)
    count = len(store)
    del store  # closes the database, as a process that ends does

    def no_loading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the unchanged dataset was loaded again")

    import lpkg.store

    with monkeypatch.context() as patch:
        patch.setattr(lpkg.store.OxigraphStore, "load_files", no_loading)
        assert len(open_store(kind, root=root)) == count

    extra = root / "data" / "extra.trig"
    extra.write_text(
        "<https://example.org/page> { <https://example.org/a> "
        "<http://www.w3.org/2000/01/rdf-schema#label> 'a' . }\n"
    )
    assert len(open_store(kind, root=root)) == count + 1  # reloaded, not added to


_LOADED_BEFOREHAND = """
import json, sys
from pathlib import Path
import lpkg.store as store
opened, real = [], store.OxigraphStore
store.OxigraphStore = lambda *a, **k: opened.append(1) or real(*a, **k)
digest = store.loaded_beforehand(sys.argv[1], root=Path(sys.argv[2]))
print(json.dumps([digest, bool(opened)]))
"""


def test_a_store_on_disk_is_loaded_beforehand_in_a_process_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a contribution's check runs first: the store brought up to date outside the check's
    limits, by a child process (the process must not open RocksDB before forking the check).
    Run as lpkg runs, in a process of its own (pytest's has RocksDB's threads from other
    tests, which a forked child can wait for forever)."""
    root = tmp_path / "root"
    for folder in ("ontology", "data"):
        shutil.copytree(ROOT / folder, root / folder)
    path = tmp_path / "store"
    digest = files_digest(dataset_files(root))
    assert loaded_beforehand("memory", root=root) is None
    assert loaded_beforehand("oxigraph", root=root) is None
    run = subprocess.run(
        [sys.executable, "-c", _LOADED_BEFOREHAND, f"oxigraph:{path}", str(root)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == [digest, False]  # loaded, not in that process
    assert digest_mark(path).read_text(encoding="ascii").strip() == digest
    fresh = OxigraphStore()
    fresh.load_files(dataset_files(root))
    assert len(OxigraphStore(path, read_only=True)) == len(fresh)

    def no_loading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the unchanged dataset was loaded again")

    import lpkg.limits

    monkeypatch.setattr(lpkg.limits, "run_beside", no_loading)
    assert loaded_beforehand(f"oxigraph:{path}", root=root) == digest


def test_a_folder_of_other_files_is_not_loaded_beforehand(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="holds other files"):
        loaded_beforehand(f"oxigraph:{tmp_path}", root=ROOT)


def test_the_files_digest_is_kept_while_their_sizes_and_times_stay(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """kept_digest reads only the files that changed since it last read them."""
    import lpkg.store

    files = [tmp_path / "a.trig", tmp_path / "b.trig"]
    for path in files:
        path.write_text(f"# {path.name}\n")
    store = tmp_path / "store"
    monkeypatch.setattr(lpkg.store, "SETTLED_NS", 0)  # the files were just written
    reads: list[str] = []
    monkeypatch.setattr(
        lpkg.store, "file_digest", lambda p: reads.append(p.name) or file_digest(p)
    )
    def reference(paths: list[Path]) -> str:
        counted = len(reads)
        digest = files_digest(paths)
        del reads[counted:]
        return digest

    first = kept_digest(files, store)
    assert first == reference(files) and reads == ["a.trig", "b.trig"]
    reads.clear()
    assert kept_digest(files, store) == first and reads == []  # taken from PATH.stat
    files[1].write_text("# b.trig!\n")
    assert kept_digest(files, store) == reference(files) != first and reads == ["b.trig"]
    reads.clear()
    assert kept_digest(files[:1], store) == reference(files[:1]) and reads == []
    # a file of the same name elsewhere is another file
    other = tmp_path / "other" / "a.trig"
    other.parent.mkdir()
    other.write_text("# a.trig\n")
    assert kept_digest([other], store) == reference(files[:1]) and reads == ["a.trig"]


def test_the_digest_depends_on_the_files_names_order_and_contents(tmp_path: Path) -> None:
    a, b = tmp_path / "a.trig", tmp_path / "b.trig"
    a.write_text("x")
    b.write_text("y")
    digests = {files_digest([a, b]), files_digest([b, a]), files_digest([a])}
    b.write_text("x")
    digests |= {files_digest([a, b])}
    (tmp_path / "c.trig").write_text("y")
    digests |= {files_digest([a, tmp_path / "c.trig"])}
    assert len(digests) == 5


def test_a_file_changed_just_now_is_always_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two writes within a tick of the file system's clock leave the same times: the digest of
    a file changed within SETTLED_NS is computed, never kept."""
    path = tmp_path / "a.trig"
    path.write_text("# a\n")
    store = tmp_path / "store"
    assert kept_digest([path], store) == files_digest([path])
    assert not store.with_name("store.stat").exists()
    path.write_text("# b\n")  # same size, and times that may equal the first write's
    assert kept_digest([path], store) == files_digest([path])


def test_a_damaged_record_of_the_files_is_read_again(tmp_path: Path) -> None:
    path, store = tmp_path / "a.trig", tmp_path / "store"
    path.write_text("# a\n")
    for text in ("not json", "[1, 2]", '{"' + str(path) + '": 3}', "\xff"):
        store.with_name("store.stat").write_text(text, encoding="latin-1")
        assert kept_digest([path], store) == files_digest([path])


def test_a_folder_of_other_files_is_no_store(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="holds other files"):
        open_store(f"oxigraph:{tmp_path}", root=ROOT)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]  # nothing written there


def test_two_processes_cannot_share_a_store_on_disk(tmp_path: Path) -> None:
    first = OxigraphStore(tmp_path / "store")
    with pytest.raises(InputError, match="cannot open the pyoxigraph store"):
        OxigraphStore(tmp_path / "store")
    del first


SERVICE = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (SERVICE, "SERVICE"),
        (
            "SELECT * WHERE { OPTIONAL { SERVICE SILENT <http://127.0.0.1:9/> { ?s ?p ?o } } }",
            "SERVICE",
        ),
        ("SELECT * FROM <http://127.0.0.1:9/x> WHERE { ?s ?p ?o }", "FROM"),
        ("SELECT * FROM NAMED <file:///etc/passwd> WHERE { ?s ?p ?o }", "FROM"),
    ],
)
@pytest.mark.parametrize("kind", ["memory", "oxigraph"])
def test_local_stores_refuse_queries_that_reach_outside(kind: str, text: str, reason: str) -> None:
    store = RdflibStore(Graph()) if kind == "memory" else OxigraphStore()
    with pytest.raises(ForbiddenQueryError, match=reason):
        store.select(text)


@pytest.mark.parametrize("kind", ["memory", "oxigraph"])
def test_local_stores_refuse_load(kind: str) -> None:
    store = RdflibStore(Graph()) if kind == "memory" else OxigraphStore()
    with pytest.raises(ForbiddenQueryError, match="LOAD"):
        store.update("LOAD <http://127.0.0.1:9/data.ttl>")
    store.update("INSERT DATA { <http://example.org/a> <http://example.org/p> 1 }")
    assert len(store) == 1


def test_the_check_reads_the_query_not_its_words() -> None:
    """SERVICE in a comment or a string is no SERVICE clause: the decision is the parser's."""
    store = OxigraphStore()
    store.update('INSERT DATA { <http://example.org/a> <http://example.org/p> "SERVICE" }')
    text = '# SERVICE <http://127.0.0.1:9/>\nSELECT ?s WHERE { ?s ?p "SERVICE" }'
    assert store.select(text) == (["s"], [{"s": URIRef("http://example.org/a")}])


def test_oxigraph_terms_come_back_as_rdflib_terms() -> None:
    store = OxigraphStore()
    store.update(
        'INSERT DATA { <http://example.org/a> <http://example.org/p> "x"@cs, "y", 1, "2010"^^'
        "<http://www.w3.org/2001/XMLSchema#gYear>, [ <http://example.org/p> 2 ] }"
    )
    _, rows = store.select("SELECT ?o WHERE { <http://example.org/a> ?p ?o FILTER isLiteral(?o) }")
    found = {row["o"] for row in rows}
    assert found == {
        Literal("x", lang="cs"),
        Literal("y"),
        Literal("1", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer")),
        Literal("2010", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYear")),
    }


def test_a_dead_endpoint_is_an_error(allow_loopback: Callable[[int], tuple[str, int]]) -> None:
    port = free_port()  # nothing listens there
    allow_loopback(port)
    store = EndpointStore(f"http://127.0.0.1:{port}/query", timeout=5)
    with pytest.raises(EndpointError, match=f"Cannot reach http://127.0.0.1:{port}/query"):
        store.select("SELECT * WHERE { ?s ?p ?o }")


def test_an_endpoint_is_read_only_unless_told() -> None:
    with pytest.raises(InputError, match="only reads"):
        EndpointStore("http://127.0.0.1:9/query").update("CLEAR ALL")


def test_an_endpoint_url_is_http() -> None:
    with pytest.raises(InputError, match="http"):
        EndpointStore("file:///etc/passwd")


def test_generalized_triples_stay_out_of_oxigraph() -> None:
    """owlrl's closure may hold a literal as subject, which RDF has no place for."""
    graph = Graph()
    a, p = URIRef("http://example.org/a"), URIRef("http://example.org/p")
    graph.add((a, p, Literal("x")))
    graph.add((Literal("x"), p, a))
    store = OxigraphStore()
    store.add_graph(graph, None)
    assert len(store) == 1


def test_labels_are_never_asked_for_an_iri_that_could_end_early() -> None:
    """An endpoint's answer may hold any IRI; fetching its labels must not write it into a query."""
    asked: list[str] = []

    class Listening(Store):
        def construct(self, query: str) -> Graph:
            asked.append(query)
            return Graph()

    hostile = URIRef("http://example.org/a> } } INSERT DATA { <http://example.org/x")
    Listening().about([hostile, URIRef("http://example.org/b")], [URIRef("http://example.org/p")])
    [query] = asked
    assert "<http://example.org/b>" in query and "INSERT" not in query


# pyoxigraph in memory, and on disk (where its bulk loader writes the files)
LOADED = ["oxigraph", "oxigraph:{tmp}/store"]


@pytest.mark.parametrize("kind", LOADED)
def test_pyoxigraphs_loader_gives_the_quads_rdflib_gives(tmp_path: Path, kind: str) -> None:
    """OxigraphStore.load_files reads the files without rdflib: the same quads as
    lpkg.load_dataset, blank nodes kept apart per file (two files use the label _:b)."""
    root = tmp_path / "root"
    for folder in ("ontology", "data"):
        shutil.copytree(ROOT / folder, root / folder)
    for name in ("one", "two"):
        (root / "data" / f"{name}.trig").write_text(
            f"<https://example.org/{name}> {{ _:b <http://www.w3.org/2000/01/rdf-schema#label> "
            f"'{name}' . }}\n"
        )
    store = open_store(kind.format(tmp=tmp_path), root=root)
    quads = list(load_dataset(root=root).quads((None, None, None, None)))
    assert len(store) == len(quads)
    _, rows = store.select(
        "SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { ?b rdfs:label ?l . FILTER isBlank(?b) "
        "FILTER (?l IN ('one', 'two')) }"
    )
    assert rows[0]["n"] == Literal(2)


@pytest.mark.parametrize("kind", LOADED)
def test_a_data_file_pyoxigraph_refuses_is_reported_with_its_position(
    tmp_path: Path, kind: str
) -> None:
    root = tmp_path / "root"
    for folder in ("ontology", "data"):
        shutil.copytree(ROOT / folder, root / folder)
    (root / "data" / "broken.trig").write_text("<https://example.org/g> {\n  <a> <b> .\n}\n")
    with pytest.raises(ParseError, match=r"broken.trig, line 2"):
        open_store(kind.format(tmp=tmp_path), root=root)


CITIES = "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a schema:City }"
"""20 towns are typed schema:City in data/ (counted by hand: one ``a schema:City`` per town,
Litvínov's twice, in two graphs)."""
MOST = "http://www.socialni-zaclenovani.cz/lokalni-partnerstvi-most"
LITVINOV = "http://www.socialni-zaclenovani.cz/lokalni-partnerstvi-litvinov"


@pytest.mark.parametrize("name", ["reference", "memory_oxigraph", "oxigraph_server"])
def test_every_store_writes_an_answer_cut_at_the_cap(
    name: str, request: pytest.FixtureRequest
) -> None:
    store: Store = request.getfixturevalue(name)
    assert store.results(CITIES, "tsv", 10) == (b"?n\n20\n", False)
    body, cut = store.results("SELECT ?t WHERE { ?t a schema:City }", "csv", 3)
    lines = body.decode().split("\r\n")
    assert cut and lines[0] == "t" and lines[4:] == [""]
    assert all(line.startswith("https://w3id.org/lpkg/id/place/") for line in lines[1:4])
    ask, cut = store.results(
        "ASK { lmem:most--diakonie-cce org:member lorg:diakonie-cce }", "json", 1
    )
    assert json.loads(ask) == {"head": {}, "boolean": True} and not cut
    body, cut = store.results("CONSTRUCT WHERE { lplace:most rdfs:label ?l }", "ntriples", 10)
    most = URIRef("https://w3id.org/lpkg/id/place/most")
    assert set(Graph().parse(data=body, format="nt")) == {
        (most, RDFS.label, Literal("Most", lang="cs")),
        (most, RDFS.label, Literal("Most", lang="en")),
    }
    assert not cut


def test_oxigraph_answers_from_the_graphs_a_query_names(memory_oxigraph: Store) -> None:
    """Most's partnership page types Most a schema:City, Litvínov's does not mention it."""

    def ask(dataset: str, **graphs: list[str]) -> bool:
        text = f"ASK {dataset} {{ lplace:most a schema:City }}"
        return json.loads(memory_oxigraph.results(text, "json", 1, **graphs)[0])["boolean"]

    assert ask(f"FROM <{MOST}>") and not ask(f"FROM <{LITVINOV}>")
    assert ask("", default_graphs=[MOST]) and not ask("", default_graphs=[LITVINOV])
    assert ask("") and not ask("", named_graphs=[MOST])  # the union; else an empty default graph
    with pytest.raises(ForbiddenQueryError, match="not a graph of this dataset"):
        memory_oxigraph.results("ASK FROM <http://127.0.0.1:9/x> { }", "json", 1)
    with pytest.raises(ForbiddenQueryError, match="default-graph-uri"):
        memory_oxigraph.results("ASK { }", "json", 1, default_graphs=["file:///etc/passwd"])
    with pytest.raises(ForbiddenQueryError, match="FROM"):
        memory_oxigraph.select(f"SELECT * FROM <{MOST}> WHERE {{ ?s ?p ?o }}")  # lpkg query


def test_a_store_that_answers_from_the_union_refuses_a_chosen_dataset(
    reference: RdflibStore,
) -> None:
    with pytest.raises(InputError, match="union"):
        reference.results("ASK { }", "json", 1, default_graphs=[MOST])


def test_every_store_names_the_same_graphs(
    memory_oxigraph: Store, oxigraph_server: EndpointStore
) -> None:
    """The source pages of data/ name the graphs; the ontology's default graph is none."""
    names = RdflibStore(load_dataset(root=ROOT)).graph_names()
    assert MOST in names and LITVINOV in names
    assert memory_oxigraph.graph_names() == names == oxigraph_server.graph_names()


class _AnsweredHere(EndpointStore):
    """An endpoint whose answers (N-Triples) come from a pyoxigraph store in this process."""

    def __init__(self, store: OxigraphStore) -> None:
        super().__init__("http://127.0.0.1:9/query")
        self.store = store

    def _post_query(self, query: str, accept: str) -> bytes:
        answer = self.store.store.query(query, use_default_graph_as_union=True)
        return answer.serialize(format=ox.RdfFormat.N_TRIPLES)


@pytest.mark.parametrize("kind", ["memory", "oxigraph", "endpoint"])
def test_labels_come_by_language_and_an_iri_no_store_can_hold_is_shown_as_it_is(
    kind: str,
) -> None:
    town = URIRef("https://w3id.org/lpkg/id/place/most")
    graph = Graph()
    graph.add((town, RDFS.label, Literal("Most", lang="cs")))
    graph.add((town, RDFS.label, Literal("Brüx", lang="de")))
    graph.add((town, SKOS.prefLabel, Literal("Most (město)", lang="cs")))
    store: Store = RdflibStore(graph)
    if kind != "memory":
        store = OxigraphStore()
        store.add_graph(graph, URIRef("https://example.org/page"))
    if kind == "endpoint":
        store = _AnsweredHere(store)
    # rdflib reads these from a contribution; pyoxigraph refuses them as IRIs
    odd = [URIRef("http://a b"), URIRef("foo")]
    labels = store.labels([town, *odd])
    # skos:prefLabel before rdfs:label; cs before de when the language asked for is missing
    assert [labels.of(town, "en"), labels.of(town, "de")] == ["Most (město)", "Brüx"]
    assert [labels.of(iri, "cs") for iri in odd] == ["<http://a b>", "<foo>"]
