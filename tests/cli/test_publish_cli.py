"""``lpkg publish --endpoint``: a release into an Oxigraph server, then ``lpkg query --endpoint``
and ``lpkg stats --endpoint`` answer as the dataset in memory does; errors for stores that
cannot be reached, fail or refuse."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from lpkg.cli import main
from lpkg.load import load_dataset, load_graph
from lpkg.publish.dumps import to_nquads
from lpkg.store import EndpointStore
from tests import ROOT
from tests.servers import Server, free_port, oxigraph


def invoke(*args: str):
    return CliRunner().invoke(main, ["--root", str(ROOT), *args])


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What ``lpkg build`` writes as a release's lpkg.nq, in a release-like folder."""
    folder = tmp_path_factory.mktemp("release")
    (folder / "lpkg.nq").write_text(to_nquads(load_dataset(root=ROOT)), encoding="utf-8")
    return folder


@pytest.fixture
def server(allow_loopback: Callable[[int], tuple[str, int]]) -> Iterator[Server]:
    with oxigraph(None, allow_loopback) as running:
        yield running


def test_publish_then_query_round_trips(release: Path, server: Server) -> None:
    published = invoke("publish", str(release), "--endpoint", server.graph_store)
    assert published.exit_code == 0, published.output
    graphs = {g for *_, g in load_dataset(root=ROOT).quads()}
    assert f"Loaded {len(graphs)} graphs" in published.output
    for args in (
        ["query", "both-towns", "--lang", "en"],
        ["query", "members", "--param", "partnership=Most", "--format", "csv"],
        ["stats", "--lang", "en"],
    ):
        local = invoke(*args, "--store", "memory")
        remote = invoke(*args, "--endpoint", server.query)
        assert local.exit_code == remote.exit_code == 0, remote.output
        assert remote.output == local.output


def test_publishing_again_replaces_each_graph(release: Path, server: Server) -> None:
    for _ in range(2):
        assert invoke("publish", str(release), "--endpoint", server.graph_store).exit_code == 0
    quads = sum(1 for *_, g in load_dataset(root=ROOT).quads() if str(g) != "urn:x-rdflib:default")
    assert len(EndpointStore(server.query)) == quads  # the same graphs once, not twice


def test_publish_into_one_graph(release: Path, server: Server) -> None:
    graph = "https://example.org/lpkg"
    result = invoke("publish", str(release), "--endpoint", server.graph_store, "--graph", graph)
    assert result.exit_code == 0, result.output
    assert "Loaded 1 graph," in result.output
    store = EndpointStore(server.query)
    _, [row] = store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    assert int(row["n"]) == len(load_graph(root=ROOT))  # each statement once


def test_publish_to_a_dead_endpoint(
    release: Path, allow_loopback: Callable[[int], tuple[str, int]]
) -> None:
    port = free_port()
    allow_loopback(port)
    result = invoke("publish", str(release), "--endpoint", f"http://127.0.0.1:{port}/store")
    assert result.exit_code == 2
    assert f"Cannot reach http://127.0.0.1:{port}/store" in result.output
    assert "Traceback" not in result.output


def test_query_a_dead_endpoint(allow_loopback: Callable[[int], tuple[str, int]]) -> None:
    port = free_port()
    allow_loopback(port)
    result = invoke("query", "units", "--endpoint", f"http://127.0.0.1:{port}/query")
    assert result.exit_code == 2
    assert "Cannot reach" in result.output


def test_an_http_error_is_reported(release: Path, server: Server) -> None:
    wrong = server.graph_store.replace("/store", "/nowhere")
    result = invoke("publish", str(release), "--endpoint", wrong)
    assert result.exit_code == 2
    assert "answered HTTP 404" in result.output


class _Refusing(BaseHTTPRequestHandler):
    """A server that wants credentials it is never given."""

    seen: list[str | None] = []

    def _refuse(self) -> None:
        self.seen.append(self.headers.get("Authorization"))
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="x"')
        self.end_headers()

    do_PUT = do_POST = _refuse

    def log_message(self, *args: object) -> None:
        pass


def test_refused_credentials(
    release: Path, allow_loopback: Callable[[int], tuple[str, int]]
) -> None:
    httpd = HTTPServer(("127.0.0.1", 0), _Refusing)
    port = httpd.server_address[1]
    allow_loopback(port)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://lpkg:s3cret@127.0.0.1:{port}/store"
        result = invoke("publish", str(release), "--endpoint", url)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert result.exit_code == 2
    assert "refused the request (HTTP 401" in result.output
    assert "s3cret" not in result.output  # the password is not repeated
    assert _Refusing.seen[-1] == "Basic bHBrZzpzM2NyZXQ="  # base64 of lpkg:s3cret


def test_a_folder_without_lpkg_nq(tmp_path: Path) -> None:
    result = invoke("publish", str(tmp_path), "--endpoint", "http://127.0.0.1:9/store")
    assert result.exit_code == 2
    assert "without lpkg.nq" in result.output


def test_query_with_inference_on_an_endpoint_is_refused() -> None:
    result = invoke("query", "both-towns-inferred", "--endpoint", "http://127.0.0.1:9/query")
    assert result.exit_code == 2
    assert "--infer" in result.output


@pytest.mark.parametrize("store", ["oxigraph", "oxigraph:{tmp}/store"])
def test_the_stores_print_what_memory_prints(store: str, tmp_path: Path) -> None:
    store = store.format(tmp=tmp_path)
    for args in (
        ["query", "both-towns", "--param", "town2=Trmice", "--lang", "en"],
        ["stats"],
    ):
        assert invoke(*args, "--store", store).output == invoke(*args, "--store", "memory").output


def test_an_unknown_store() -> None:
    result = invoke("query", "units", "--store", "postgres")
    assert result.exit_code == 2
    assert "give memory, oxigraph or oxigraph:PATH" in result.output
