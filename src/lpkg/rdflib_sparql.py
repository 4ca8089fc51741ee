"""rdflib's SPARQL engine as lpkg uses it: ``FROM``, ``FROM NAMED`` and ``LOAD`` read no files
and fetch no URLs (security.md).

Every module that parses or evaluates SPARQL with rdflib, or runs pySHACL (which evaluates with
it), takes rdflib's SPARQL from here, so the switch is set before the first query. It is not set
on ``import lpkg``: building rdflib's SPARQL grammar takes about 0.2 s, which the commands that
work on a pyoxigraph store (``lpkg validate FILE --store oxigraph:PATH``) need not pay.
"""

from __future__ import annotations

import rdflib.plugins.sparql
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.sparql import Query

rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False

__all__ = [
    "Query",
    "parseQuery",
    "parseUpdate",
    "prepareQuery",
    "translateQuery",
    "translateUpdate",
]
