"""The network picture's DOT: edges routed around the nodes while that stays quick."""

from __future__ import annotations

from rdflib import Graph, URIRef

from lpkg.publish.network import ROUTED_EDGES, Network, collect, to_dot


def _network(edges: int) -> Network:
    partnership = URIRef("https://w3id.org/lpkg/id/partnership/p")
    members = tuple(URIRef(f"https://w3id.org/lpkg/id/organization/o{i}") for i in range(edges))
    return Network(
        partnerships=(partnership,),
        organizations=members,
        memberships=tuple((partnership, m) for m in members),
        units=(),
        both_towns=frozenset(),
    )


def _splines(dot: str) -> str:
    (line,) = [line for line in dot.splitlines() if line.startswith("  graph [")]
    return line.split("splines=")[1].split(",")[0]


def test_edges_are_routed_up_to_the_limit_and_straight_beyond() -> None:
    for edges, splines in ((ROUTED_EDGES, "true"), (ROUTED_EDGES + 1, "false")):
        assert _splines(to_dot(_network(edges), Graph(), lambda iri: None)) == splines


def test_the_shipped_dataset_is_drawn_with_routed_edges(graph: Graph) -> None:
    network = collect(graph, [])
    assert len(network.memberships) + len(network.units) <= ROUTED_EDGES
    assert _splines(to_dot(network, graph, lambda iri: None)) == "true"
