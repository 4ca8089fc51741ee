"""SHACL compiled to SPARQL: the shapes become SELECT queries that a store evaluates.

pySHACL walks the focus nodes in Python over rdflib; here every (shape, constraint) becomes one
SELECT whose rows are the validation results, so validation runs where the data is (pyoxigraph
embedded, or a SPARQL endpoint). Each query starts from its focus nodes (the shape's targets, in a
sub-select), never from a scan of the data, so that the store's planner begins there.

The report is the graph pySHACL writes (``sh:ValidationReport`` with its ``sh:result`` nodes), with
the same components, values, paths, severities and messages; pySHACL stays the reference (the
differential tests in tests/test_shacl_sparql.py). A targeted shape that uses something not
compiled here (custom components, SPARQL-based targets, ``$shapesGraph``...) is validated by
pySHACL on its own, and :attr:`CompiledShapes.fallback` says which and why.

The store is anything with ``select(query) -> (variables, rows)``, rows being dicts of rdflib terms
(the shape of ``lpkg.store.Store.select``); :class:`OxigraphStore` is the embedded one.
"""

from .compiler import Check, CompiledShapes, Unsupported, compile_shapes
from .report import evaluate
from .store import OxigraphStore, Row, Select
from .validation import affected_focus_nodes, validate_graph, validate_incremental

__all__ = [
    "Check",
    "CompiledShapes",
    "OxigraphStore",
    "Row",
    "Select",
    "Unsupported",
    "affected_focus_nodes",
    "compile_shapes",
    "evaluate",
    "validate_graph",
    "validate_incremental",
]
