"""Shared fixtures, and an audit hook that fails any test reaching for the network."""

from __future__ import annotations

import sys

import pytest
from rdflib import Graph

from tests import ROOT

_NETWORK_EVENTS = {"socket.connect", "socket.getaddrinfo", "urllib.Request"}


def _no_network(event: str, args: tuple[object, ...]) -> None:
    # Audit hooks cannot be removed, so this guards the whole test session.
    if event in _NETWORK_EVENTS:
        raise RuntimeError(f"network access during a test: {event} {args!r}")


sys.addaudithook(_no_network)


@pytest.fixture(scope="session")
def graph() -> Graph:
    """The asserted dataset: ontology, vocabularies and data. Tests must not change it."""
    from lpkg.load import load_graph

    return load_graph(root=ROOT)
