"""The release files at /release/: the very bytes ``lpkg build`` wrote, and nothing else."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from lpkg.cli import main
from lpkg.publish.build import build
from lpkg.serve import create_app
from lpkg.serve.app import ServeState
from tests import ROOT

VERSION = "1.2.3"
MEDIA_TYPES = {
    "lpkg.ttl": "text/turtle",
    "lpkg.nt": "application/n-triples",
    "lpkg.nq": "application/n-quads",
    "lpkg.trig": "application/trig",
    "lpkg.jsonld": "application/ld+json",
    "context.jsonld": "application/ld+json",
    "void.ttl": "text/turtle",
    "catalog/dataset.ttl": "text/turtle",
    "catalog/dataset.jsonld": "application/ld+json",
    "queries/both-towns.csv": "text/csv",
    "lpkg.ttl.gz": "application/gzip",
    "SHA256SUMS": "text/plain",
}


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("releases")
    return build(out, version=VERSION, root=ROOT).out


@pytest.fixture(scope="module")
def served(state: ServeState, release: Path) -> Iterator[TestClient]:
    settings = dataclasses.replace(state.settings, release=release)
    with_release = dataclasses.replace(state, settings=settings, extra={})
    with TestClient(create_app(settings, with_release), raise_server_exceptions=False) as client:
        yield client


def _listed(release: Path) -> list[str]:
    lines = (release / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    return [line.split("  ", 1)[1] for line in lines] + ["SHA256SUMS"]


def test_every_file_of_the_release_is_served_byte_identical(
    served: TestClient, release: Path
) -> None:
    names = _listed(release)
    assert set(MEDIA_TYPES) <= set(names)
    for name in names:
        data = (release / name).read_bytes()
        response = served.get(f"/release/{name}")
        assert response.status_code == 200, name
        assert response.content == data, name
        assert response.headers["content-length"] == str(len(data))
        assert response.headers["etag"] == f'"{hashlib.sha256(data).hexdigest()}"'
        if name in MEDIA_TYPES:
            assert response.headers["content-type"].split(";")[0] == MEDIA_TYPES[name], name


def test_an_unchanged_file_is_not_sent_again(served: TestClient) -> None:
    etag = served.get("/release/void.ttl").headers["etag"]
    again = served.get("/release/void.ttl", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    other = served.get("/release/void.ttl", headers={"If-None-Match": '"0000"'})
    assert other.status_code == 200


def test_head_gives_the_headers_only(served: TestClient, release: Path) -> None:
    response = served.head("/release/lpkg.nt")
    assert response.status_code == 200
    assert response.headers["content-length"] == str((release / "lpkg.nt").stat().st_size)
    assert response.content == b""


@pytest.mark.parametrize(
    "path",
    [
        "/release/../pyproject.toml",
        "/release/%2e%2e/%2e%2e/pyproject.toml",
        "/release/..%2f..%2fpyproject.toml",
        "/release/%2E%2E%2F%2E%2E%2Fpyproject.toml",
        "/release/catalog/../../../../etc/passwd",
        "/release/%2fetc%2fpasswd",
        "/release//etc/passwd",
        "/release/.lpkg-release",  # in the folder, but not a file of the release
        "/release/site/index.html",
        "/release/catalog",
    ],
)
def test_only_files_of_the_release_are_served(served: TestClient, path: str) -> None:
    response = served.get(path)
    assert response.status_code == 404
    assert b"[project]" not in response.content and b"root:" not in response.content


def test_the_list_of_files_and_the_home_page(served: TestClient, release: Path) -> None:
    listing = served.get("/release/", headers={"Accept": "application/json"}).json()
    assert listing["version"] == VERSION
    assert {f["name"] for f in listing["files"]} == set(_listed(release))
    home = served.get("/", headers={"Accept": "text/html"}).text
    assert 'href="/release/lpkg.ttl"' in home and 'href="/release/catalog/dataset.ttl"' in home


def test_the_void_of_the_home_page_names_the_served_dumps(served: TestClient) -> None:
    turtle = served.get("/", headers={"Accept": "application/n-triples"}).text
    dump = "<http://rdfs.org/ns/void#dataDump> <http://testserver/release/lpkg.nq>"
    assert dump in turtle


def test_without_a_release_there_are_no_files(client: TestClient) -> None:
    response = client.get("/release/lpkg.ttl", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert "--release" in response.json()["detail"]


def test_a_folder_that_is_not_a_release_is_refused(tmp_path: Path) -> None:
    (tmp_path / "lpkg.ttl").write_text("# not a release\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["serve", "--release", str(tmp_path)])
    assert result.exit_code == 2
    assert "not a release that lpkg build wrote" in result.output
