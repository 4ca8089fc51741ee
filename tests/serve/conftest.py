"""The server under test, on the shipped dataset loaded once per session.

``client`` talks to the application in process (Starlette's TestClient); tests that need a real
socket (a client library, concurrency, the browser) serve it with ``tests.serve.server.running``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from lpkg.serve import Settings, create_app
from lpkg.serve.app import ServeState, open_state
from tests import ROOT


@pytest.fixture(scope="session")
def state() -> ServeState:
    # tests send many requests as one client (schemathesis, the protocol tests): the rate limit
    # is tested on its own (test_limits.py)
    return open_state(Settings(root=ROOT, rate=1_000_000))


@pytest.fixture
def client(state: ServeState) -> Iterator[TestClient]:
    with TestClient(create_app(state.settings, state), raise_server_exceptions=False) as client:
        yield client
