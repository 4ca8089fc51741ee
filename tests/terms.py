"""Short names for the terms tests expect: the dataset's IRIs by slug, and literals as the
queries return them."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from lpkg.namespaces import PREFIXES


def _iri(prefix: str, slug: str) -> URIRef:
    return URIRef(PREFIXES[prefix] + slug)


def lorg(slug: str) -> URIRef:
    return _iri("lorg", slug)


def lp(slug: str) -> URIRef:
    return _iri("lp", slug)


def lplace(slug: str) -> URIRef:
    return _iri("lplace", slug)


def lmem(slug: str) -> URIRef:
    return _iri("lmem", slug)


def lev(slug: str) -> URIRef:
    return _iri("lev", slug)


def ldoc(slug: str) -> URIRef:
    return _iri("ldoc", slug)


def lproj(slug: str) -> URIRef:
    return _iri("lproj", slug)


def vocab(curie: str) -> URIRef:
    prefix, _, local = curie.partition(":")
    return _iri(prefix, local)


def cs(text: str) -> Literal:
    return Literal(text, lang="cs")


def s(text: str) -> Literal:
    """A plain string literal, as BIND("...") gives it."""
    return Literal(text)


def n(value: int) -> Literal:
    return Literal(value)  # xsd:integer, as COUNT gives it


def d(text: str) -> Literal:
    return Literal(text, datatype=XSD.date)


def ym(text: str) -> Literal:
    return Literal(text, datatype=XSD.gYearMonth)


def y(text: str) -> Literal:
    return Literal(text, datatype=XSD.gYear)
