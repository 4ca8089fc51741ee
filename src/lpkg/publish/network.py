"""The network picture: partnerships, their members and units, laid out by Graphviz as SVG."""

from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from ..errors import InputError
from ..labels import label_of
from ..namespaces import LPKG, ORG

LAYOUT_PROGRAM = "neato"
"""The Graphviz layout program: spring model (stress majorization), deterministic with start=1."""

ROUTED_EDGES = 200
"""Up to this many edges, Graphviz routes each edge around the nodes (``splines=true``); beyond,
it draws them straight: the routing's time grows about quadratically with the picture (157 edges
of the shipped dataset: 2.9 s against 0.14 s straight; 285 of a generated 10^4-triple dataset:
5.5 s against 0.36 s; 3·10^4 triples: about 100 s; docs/benchmarks.md)."""

TITLE = "Síť lokálních partnerství a jejich členů · Local partnerships and their members"
"""The picture's title: the graph's name, which :func:`render_svg` makes the SVG's title."""

_WRAP = 22
_FIRST_TITLE = re.compile(r"<title>.*?</title>", re.DOTALL)
_SVG_START = re.compile(r"<svg\b[^>]*>")
# The legend under the picture, in Graphviz's HTML-like label language: a swatch styled like the
# nodes and edges it explains, then its text (Czech · English). The colours are those of to_dot.
_LEGEND = (
    '<<table border="0" cellspacing="4" cellpadding="3">'
    '<tr><td bgcolor="#1f5f8b" color="#163f5c" border="2" style="rounded" width="48"></td>'
    '<td align="left">partnerství · partnership</td>'
    '<td bgcolor="#ffffff" color="#5b6b7a" border="1" style="rounded" width="48"></td>'
    '<td align="left">organizace · organization</td></tr>'
    '<tr><td bgcolor="#ffd166" color="#b7791f" border="2" style="rounded" width="48"></td>'
    '<td align="left">v Litvínově i v Mostě · serves both Litvínov and Most</td>'
    '<td><font color="#9b5de5"><b>- - - -</b></font></td>'
    '<td align="left">útvar – nadřízená organizace · unit – parent body</td></tr>'
    "</table>>"
)
_GRAPHVIZ_COMMENT = re.compile(r"<!--.*?-->\n?", re.DOTALL)
_XML_PROLOGUE = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)


class GraphvizMissingError(InputError):
    """The Graphviz layout program is not installed, so the network picture cannot be drawn."""

    def __init__(self, program: str) -> None:
        self.program = program
        super().__init__(
            f"The Graphviz program {program!r} was not found on PATH; the website's network "
            "picture needs it. Install Graphviz (Debian/Ubuntu: `apt-get install graphviz`, "
            "macOS: `brew install graphviz`) and build again."
        )


class GraphvizError(InputError):
    """Graphviz ran but failed to lay out the network."""


@dataclass(frozen=True)
class Network:
    """The nodes and edges of the picture, before layout."""

    partnerships: tuple[URIRef, ...]
    organizations: tuple[URIRef, ...]
    memberships: tuple[tuple[URIRef, URIRef], ...]
    """(partnership, member) pairs."""
    units: tuple[tuple[URIRef, URIRef], ...]
    """(unit, parent) pairs."""
    both_towns: frozenset[URIRef]


def collect(graph: Graph, both_towns: Iterable[URIRef]) -> Network:
    """Partnerships, their members, every unit with its parent chain, and the both-towns set."""
    partnerships = {p for p in graph.subjects(RDF.type, LPKG.LocalPartnership)}
    memberships: set[tuple[URIRef, URIRef]] = set()
    for membership in graph.subjects(RDF.type, ORG.Membership):
        for partnership in graph.objects(membership, ORG.organization):
            for member in graph.objects(membership, ORG.member):
                if isinstance(partnership, URIRef) and isinstance(member, URIRef):
                    memberships.add((partnership, member))
    units = {
        (unit, parent)
        for unit, parent in graph.subject_objects(ORG.unitOf)
        if isinstance(unit, URIRef) and isinstance(parent, URIRef)
    }
    nodes = {m for _, m in memberships} | {n for pair in units for n in pair}
    organizations = nodes - partnerships
    return Network(
        partnerships=tuple(sorted(partnerships)),  # type: ignore[arg-type]
        organizations=tuple(sorted(organizations)),
        memberships=tuple(sorted(memberships)),
        units=tuple(sorted(units)),
        both_towns=frozenset(both_towns),
    )


def node_id(iri: URIRef) -> str:
    """A stable Graphviz node name (also the SVG element id) for a resource.

    >>> node_id(URIRef("https://w3id.org/lpkg/id/organization/most-k-nadeji"))
    'organization-most-k-nadeji'
    """
    tail = str(iri).rsplit("/id/", 1)[-1]
    return re.sub(r"[^A-Za-z0-9_-]+", "-", tail).strip("-")


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _label(text: str) -> str:
    lines = textwrap.wrap(text, _WRAP, break_long_words=False, break_on_hyphens=False) or [text]
    return "\\n".join(line.replace("\\", "\\\\").replace('"', '\\"') for line in lines)


def to_dot(network: Network, graph: Graph, href: Callable[[URIRef], str | None]) -> str:
    """The network in the DOT language, every line in a stable order.

    Parameters:
        network: what to draw (from :func:`collect`).
        graph: where the labels come from (Czech first).
        href: the link of a node (relative to the page that shows the picture), or ``None``.
    """
    routed = len(network.memberships) + len(network.units) <= ROUTED_EDGES
    lines = [
        f"graph {_quote(TITLE)} {{",
        '  graph [layout=neato, start=1, overlap=false, sep="+10", '
        f"splines={'true' if routed else 'false'}, "
        'outputorder=edgesfirst, pad=0.2, bgcolor="transparent", '
        f'fontname="DejaVu Sans", fontsize=22, labelloc=b, label={_LEGEND}];',
        '  node [shape=box, style="rounded,filled", fontname="DejaVu Sans", fontsize=13, '
        'margin="0.12,0.06", color="#5b6b7a", fillcolor="#ffffff", fontcolor="#1d2630", '
        "penwidth=1];",
        '  edge [color="#8a99a8", penwidth=1.2];',
    ]
    for iri in network.partnerships:
        lines.append(
            _node(
                iri,
                graph,
                href,
                "partnership",
                extra=", fontsize=14, shape=ellipse, "
                'fillcolor="#1f5f8b", fontcolor="#ffffff", color="#163f5c", '
                'penwidth=2, style="filled"',
            )
        )
    for iri in network.organizations:
        if iri in network.both_towns:
            lines.append(
                _node(
                    iri,
                    graph,
                    href,
                    "organization both-towns",
                    extra=', fillcolor="#ffd166", color="#b7791f", penwidth=2.5',
                )
            )
        else:
            lines.append(_node(iri, graph, href, "organization"))
    for partnership, member in network.memberships:
        lines.append(
            f"  {_quote(node_id(partnership))} -- {_quote(node_id(member))} "
            '[class="membership", len=1.6];'
        )
    for unit, parent in network.units:
        lines.append(
            f"  {_quote(node_id(unit))} -- {_quote(node_id(parent))} "
            '[class="unit-of", style=dashed, color="#9b5de5", penwidth=1.6, len=1.0];'
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _node(
    iri: URIRef, graph: Graph, href: Callable[[URIRef], str | None], cls: str, extra: str = ""
) -> str:
    attrs = [
        f"id={_quote(node_id(iri))}",
        f'label="{_label(label_of(graph, iri, "cs"))}"',
        f'class="{cls}"',
    ]
    target = href(iri)
    if target is not None:
        attrs.append(f"href={_quote(target)}")
        attrs.append(f"tooltip={_quote(label_of(graph, iri, 'cs'))}")
    return f"  {_quote(node_id(iri))} [{', '.join(attrs)}{extra}];"


def render_svg(dot: str, program: str = LAYOUT_PROGRAM) -> str:
    """Lay out ``dot`` with Graphviz and return the SVG element, without the XML prologue, the
    doctype or Graphviz's comments (which name its version), so the same input gives the same
    text. The graph's name, which Graphviz writes as the title of the drawing's group, becomes
    the title of the ``<svg>`` too, so that screen readers announce the picture by it.

    Raises:
        GraphvizMissingError: the Graphviz program is not installed.
        GraphvizError: Graphviz failed.
    """
    executable = shutil.which(program)
    if executable is None:
        raise GraphvizMissingError(program)
    completed = subprocess.run(
        [executable, "-Tsvg"],
        input=dot.encode("utf-8"),
        capture_output=True,
        check=False,
    )
    if completed.returncode != 0:
        reason = completed.stderr.decode("utf-8", "replace").strip()
        raise GraphvizError(f"Graphviz {program} failed to draw the network: {reason}")
    svg = completed.stdout.decode("utf-8")
    svg = _XML_PROLOGUE.sub("", svg, count=1)
    svg = _GRAPHVIZ_COMMENT.sub("", svg).replace("&#45;", "-")
    title = _FIRST_TITLE.search(svg)
    start = _SVG_START.search(svg)
    if title and start:
        svg = svg[: start.end()] + "\n" + title.group(0) + svg[start.end() :]
    return svg.strip() + "\n"
