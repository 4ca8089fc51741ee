"""Human-readable names of resources: labels in a language, CURIEs, literals."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS
from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath
from rdflib.paths import Path as PropertyPath
from rdflib.term import Node

from .namespaces import PREFIXES

LABEL_PROPERTIES = (SKOS.prefLabel, RDFS.label)
_LINE_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


def curie(term: URIRef) -> str:
    """The CURIE of ``term`` under the project's prefixes, else the IRI in angle brackets.

    >>> curie(URIRef("https://w3id.org/lpkg/id/place/most"))
    'lplace:most'
    """
    iri = str(term)
    best = max(
        ((prefix, ns) for prefix, ns in PREFIXES.items() if iri.startswith(ns)),
        key=lambda item: len(item[1]),
        default=None,
    )
    if best is None or not iri[len(best[1]) :]:
        return f"<{iri}>"
    return f"{best[0]}:{iri[len(best[1]) :]}"


def label_of(graph: Graph, node: Node, lang: str = "cs") -> str:
    """The label of ``node`` in ``lang``, else in the other language, else its CURIE; on one
    line (a label is shown where a line break could pass for a line of lpkg's own output)."""
    return pick_label(labels_in(graph, node), node, lang)


def labels_in(graph: Graph, node: Node) -> dict[str, str]:
    """The labels of ``node`` in ``graph`` by language (``""``: none): the first
    ``skos:prefLabel``, else the first ``rdfs:label``, in each."""
    labels: dict[str, str] = {}
    for prop in LABEL_PROPERTIES:
        for value in graph.objects(node, prop):
            if isinstance(value, Literal):
                labels.setdefault(value.language or "", str(value))
    return labels


def pick_label(labels: Mapping[str, str], node: Node, lang: str) -> str:
    """What :func:`label_of` shows for ``node`` with ``labels`` (:func:`labels_in`)."""
    for key in (lang, "cs", "en", ""):
        if key in labels:
            return one_line(labels[key])
    return display(node)


class Labels:
    """The labels of some resources, as :func:`label_of` shows them: looked up in a graph once
    per resource, or given by language (what :meth:`lpkg.store.Store.labels` found)."""

    def __init__(self, source: Graph | Mapping[Node, Mapping[str, str]]) -> None:
        self._graph = source if isinstance(source, Graph) else None
        self._found: dict[Node, Mapping[str, str]] = {}
        if not isinstance(source, Graph):
            self._found.update(source)

    def of(self, node: Node, lang: str = "cs") -> str:
        if self._graph is not None and node not in self._found:
            self._found[node] = labels_in(self._graph, node)
        return pick_label(self._found.get(node, {}), node, lang)


def display(term: Node | PropertyPath | None) -> str:
    """A short text for a term: a CURIE for an IRI, the lexical form for a literal, SPARQL
    syntax for a property path."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return curie(term)
    if isinstance(term, PropertyPath):
        return path_text(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    return one_line(str(term))


def path_text(path: URIRef | PropertyPath, iri: Callable[[URIRef], str] = curie) -> str:
    """A SHACL path in SPARQL property-path syntax, each IRI written by ``iri``.

    >>> from rdflib.namespace import ORG
    >>> path_text(InvPath(ORG.member) / (ORG.role | ORG.organization))
    '^org:member/(org:role|org:organization)'
    >>> path_text(MulPath(InvPath(ORG.unitOf), "*"))
    '(^org:unitOf)*'
    """
    if isinstance(path, AlternativePath):  # always in brackets: the loosest operator
        return "(" + "|".join(path_text(arg, iri) for arg in path.args) + ")"
    if isinstance(path, SequencePath):
        return "/".join(path_text(arg, iri) for arg in path.args)  # rdflib flattens a/(b/c)
    if isinstance(path, InvPath):
        return "^" + _path_primary(path.arg, iri)
    if isinstance(path, MulPath):
        return _path_primary(path.path, iri) + path.mod
    if isinstance(path, URIRef):
        return iri(path)
    return path.n3()  # a negated property set: no SHACL path is one


def _path_primary(path: URIRef | PropertyPath, iri: Callable[[URIRef], str]) -> str:
    # what "^" or "*" applies to: an IRI or a bracketed path (alternatives bring their own)
    text = path_text(path, iri)
    return text if isinstance(path, (URIRef, AlternativePath)) else f"({text})"


def one_line(text: str) -> str:
    r"""``text`` with its line breaks shown as ``⏎``.

    >>> one_line("Evil\nThe data conforms to the shapes.")
    'Evil⏎The data conforms to the shapes.'
    """
    return _LINE_BREAKS.sub("⏎", text)


def strip_diacritics(text: str) -> str:
    """``text`` without combining marks, case kept.

    >>> strip_diacritics("Úřad práce")
    'Urad prace'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def fold(text: str) -> str:
    """Lower case without diacritics, for comparing names.

    >>> fold("Úřad práce Litvínov")
    'urad prace litvinov'
    """
    return strip_diacritics(text.casefold())
