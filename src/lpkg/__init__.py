"""lpkg: the Local Partnerships Knowledge Graph, as a Python library.

>>> import lpkg
>>> graph = lpkg.load_graph()
>>> rows = lpkg.run_query(lpkg.get_query("both-towns"), graph, {"town1": "Most"}).rows
>>> len(rows) > 0
True
"""

from .errors import InputError, LpkgError, ParseError
from .infer import infer
from .load import load_dataset, load_graph, load_shapes, parse_file
from .queries import NamedQuery, QueryResult, get_query, list_queries, run_query
from .results import render
from .stats import stats
from .validate import ValidationReport, ValidationResult, validate

__all__ = [
    "InputError",
    "LpkgError",
    "NamedQuery",
    "ParseError",
    "QueryResult",
    "ValidationReport",
    "ValidationResult",
    "get_query",
    "infer",
    "list_queries",
    "load_dataset",
    "load_graph",
    "load_shapes",
    "parse_file",
    "render",
    "run_query",
    "stats",
    "validate",
]
