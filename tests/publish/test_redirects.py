"""The w3id.org rules a release carries, run by a real Apache (Debian's apache2) on 127.0.0.1."""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from lpkg.errors import InputError
from lpkg.publish.build import BuildResult, build
from lpkg.publish.redirects import HTACCESS, htaccess
from tests import ROOT

BASE_URL = "https://lpkg.example.org/releases/"
LATEST_URL = BASE_URL + "latest/"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
MODULES = Path("/usr/lib/apache2/modules")


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    out = tmp_path_factory.mktemp("w3id") / "dist"
    return build(out, root=ROOT, version="0.2.0", base_url=BASE_URL, release_day=date(2026, 12, 2))


def _apache() -> str:
    found = shutil.which("apache2") or shutil.which("apache2", path="/usr/sbin")
    if found is None or not (MODULES / "mod_rewrite.so").is_file():
        pytest.skip("Debian's apache2 is not installed (scripts/install-system-deps installs it)")
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(
    release: BuildResult, allow_loopback: Callable[[int], tuple[str, int]]
) -> Iterator[tuple[str, int]]:
    """Apache serving the release's rules as w3id.org serves lpkg/.htaccess."""
    binary = _apache()
    # not under pytest's private tmp folders: Apache's workers (www-data when run as root) must
    # be able to read the .htaccess
    folder = Path(tempfile.mkdtemp(prefix="lpkg-w3id-"))
    try:
        entry = folder / "www" / "lpkg"
        entry.mkdir(parents=True)
        shutil.copy(release.out / HTACCESS, entry / ".htaccess")
        for path in (folder, folder / "www", entry, entry / ".htaccess"):
            path.chmod(0o755 if path.is_dir() else 0o644)
        port = _free_port()
        user = "User www-data\nGroup www-data\n" if os.geteuid() == 0 else ""
        (folder / "httpd.conf").write_text(
            f"ServerRoot {folder}\nServerName localhost\nListen 127.0.0.1:{port}\n"
            f"LoadModule mpm_event_module {MODULES}/mod_mpm_event.so\n"
            f"LoadModule authz_core_module {MODULES}/mod_authz_core.so\n"
            f"LoadModule rewrite_module {MODULES}/mod_rewrite.so\n"
            f"{user}PidFile {folder}/httpd.pid\nErrorLog {folder}/error.log\n"
            f"DefaultRuntimeDir {folder}\nDocumentRoot {folder}/www\n"
            f"<Directory {folder}/www>\n  AllowOverride All\n  Require all granted\n</Directory>\n"
        )
        process = subprocess.Popen(
            [binary, "-f", str(folder / "httpd.conf"), "-DFOREGROUND"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        address = allow_loopback(port)
        try:
            _wait_until_listening(address, process, folder)
            yield address
        finally:
            process.terminate()
            process.wait(timeout=20)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _wait_until_listening(
    address: tuple[str, int], process: subprocess.Popen[bytes], folder: Path
) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = folder / "error.log"
            details = log.read_text() if log.exists() else ""
            stderr = process.stderr.read().decode() if process.stderr else ""
            pytest.fail(f"apache2 did not start: {stderr}{details}")
        try:
            _connect(address).close()
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail("apache2 did not listen within 20 s")


def _connect(address: tuple[str, int]) -> socket.socket:
    """A TCP connection to the address itself (socket.create_connection would look it up)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(10)
    try:
        sock.connect(address)
    except OSError:
        sock.close()
        raise
    return sock


def _get(address: tuple[str, int], path: str, accept: str | None) -> tuple[int, str | None]:
    """Status and Location of a GET, sent on a socket to the address (no name lookup)."""
    with _connect(address) as sock:
        headers = f"GET {path} HTTP/1.1\r\nHost: w3id.org\r\nConnection: close\r\n"
        if accept is not None:
            headers += f"Accept: {accept}\r\n"
        sock.sendall((headers + "\r\n").encode("ascii"))
        response = http.client.HTTPResponse(sock)
        response.begin()
        return response.status, response.getheader("Location")


# Worked out from the README's IRI scheme and the release layout (site/ holds a page, a .ttl and
# a .jsonld per resource at the IRI's path after https://w3id.org/lpkg/).
CASES = [
    ("/lpkg/id/organization/most-k-nadeji", BROWSER, "site/id/organization/most-k-nadeji.html"),
    (
        "/lpkg/id/organization/most-k-nadeji",
        "text/turtle",
        "site/id/organization/most-k-nadeji.ttl",
    ),
    (
        "/lpkg/id/organization/most-k-nadeji",
        "application/ld+json",
        "site/id/organization/most-k-nadeji.jsonld",
    ),
    ("/lpkg/id/organization/most-k-nadeji", None, "site/id/organization/most-k-nadeji.html"),
    (
        "/lpkg/id/membership/most--oblastni-charita-most",
        "text/turtle;q=1.0, application/rdf+xml;q=0.5",
        "site/id/membership/most--oblastni-charita-most.ttl",
    ),
    ("/lpkg/id/place/litvinov", "application/ld+json", "site/id/place/litvinov.jsonld"),
    ("/lpkg/id/place/litvinov", "application/trig", "site/id/place/litvinov.trig"),
    ("/lpkg/vocab/theme", BROWSER, "site/vocab/theme.html"),
    (
        "/lpkg/vocab/organization-type/church-charity",
        "text/turtle",
        "site/vocab/organization-type/church-charity.ttl",
    ),
    ("/lpkg/ontology", BROWSER, "site/ontology.html"),
    ("/lpkg/ontology", "text/turtle", "ontology.ttl"),
    ("/lpkg/ontology", "application/ld+json", "lpkg.jsonld"),
    ("/lpkg/ontology", "application/trig", "site/ontology.html"),
    ("/lpkg/ontology/0.1.0", BROWSER, "site/ontology.html"),
    ("/lpkg/dataset", "application/ld+json", "catalog/dataset.jsonld"),
    ("/lpkg/dataset", "text/turtle", "catalog/dataset.ttl"),
    ("/lpkg/", BROWSER, "site/index.html"),
    ("/lpkg/", "application/trig", "lpkg.trig"),
]


@pytest.mark.parametrize("path, accept, target", CASES)
def test_apache_redirects_by_accept_to_a_file_of_the_release(
    server: tuple[str, int], release: BuildResult, path: str, accept: str | None, target: str
) -> None:
    status, location = _get(server, path, accept)
    assert (status, location) == (303, LATEST_URL + target)
    assert (release.out / target).is_file()


@pytest.mark.parametrize("path", ["/lpkg/nothing", "/lpkg/id/", "/lpkg/idx/organization/a"])
def test_apache_does_not_redirect_other_paths(server: tuple[str, int], path: str) -> None:
    assert _get(server, path, BROWSER)[0] == 404


def test_the_rules_name_the_release() -> None:
    rules = htaccess(LATEST_URL, "0.2.0")
    assert rules.startswith("# w3id.org/lpkg: the IRIs of the lpkg dataset, redirected to the")
    assert f"# {LATEST_URL} (written by release 0.2.0)\n" in rules
    assert "RewriteEngine on\n" in rules


@pytest.mark.parametrize(
    "base_url", ["https://w3id.org/lpkg/dist/", "ftp://example.org/", "https://example.org/x"]
)
def test_no_rules_for_a_base_url_they_cannot_point_at(base_url: str) -> None:
    with pytest.raises(InputError):
        htaccess(base_url, "0.2.0")
