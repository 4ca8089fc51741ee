"""Shared fixtures, and an audit hook that fails any test reaching for the network."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph

from tests import ROOT

_NETWORK_EVENTS = {"socket.connect", "socket.getaddrinfo", "urllib.Request"}
_LOOPBACK_SERVERS: set[tuple[str, int]] = set()
"""127.0.0.1 ports of servers that tests started themselves (see ``allow_loopback``)."""


def _no_network(event: str, args: tuple[object, ...]) -> None:
    # Audit hooks cannot be removed, so this guards the whole test session.
    if event == "socket.connect" and args[1:2] and args[1] in _LOOPBACK_SERVERS:
        return
    # http.client looks up even an address; the lookup of 127.0.0.1 stays on this machine
    if event == "socket.getaddrinfo" and (args[0], args[1]) in _LOOPBACK_SERVERS:
        return
    # urllib (SPARQLWrapper's transport) announces each request by its URL
    if event == "urllib.Request" and _loopback_url(str(args[0])):
        return
    if event in _NETWORK_EVENTS:
        raise RuntimeError(f"network access during a test: {event} {args!r}")


def _loopback_url(url: str) -> bool:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return parts.scheme == "http" and (parts.hostname, parts.port) in _LOOPBACK_SERVERS


sys.addaudithook(_no_network)


@pytest.fixture(scope="session")
def graph() -> Graph:
    """The asserted dataset: ontology, vocabularies and data. Tests must not change it."""
    from lpkg.load import load_graph

    return load_graph(root=ROOT)


@pytest.fixture
def root_before_trmice(tmp_path: Path) -> Path:
    """A scratch copy of the dataset as it was before the Trmice worked example was added: the
    partnerships and localities added after it (some of which name Trmice's organizations) go
    too, so only Litvínov and Most stay."""
    for folder in ("ontology", "data", "shapes"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    kept = {"litvinov.trig", "most.trig", "organizations.trig", "places.trig", "sources.trig"}
    for path in (tmp_path / "data").rglob("*.trig"):
        if path.name not in kept:
            path.unlink()
    return tmp_path


@pytest.fixture(scope="session")
def allow_loopback() -> Callable[[int], tuple[str, int]]:
    """Let tests connect to one port of 127.0.0.1, where a test runs a server of its own (by
    address, never by name: name lookups stay refused); returns the address."""

    def allow(port: int) -> tuple[str, int]:
        address = ("127.0.0.1", port)
        _LOOPBACK_SERVERS.add(address)
        return address

    return allow


CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    """Debian's headless chromium driven by Playwright (skips where either is missing)."""
    if not CHROMIUM.is_file():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright package")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield browser
        browser.close()
