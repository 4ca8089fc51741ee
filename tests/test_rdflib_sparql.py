"""rdflib's SPARQL switched to read no files and fetch no URLs wherever lpkg first uses it, and
not loaded at all where lpkg does not need it (each case in a fresh process: within the test
run, some earlier test has always imported it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests import FIXTURES, ROOT

FIRST_USES = {
    "a query of the rdflib store": (
        "from lpkg.load import new_graph\nfrom lpkg.store import RdflibStore\n"
        "assert RdflibStore(new_graph()).ask('ASK { }')"
    ),
    "an update of the rdflib store": (
        "from lpkg.load import new_graph\nfrom lpkg.store import RdflibStore\n"
        "RdflibStore(new_graph()).update('INSERT DATA { <urn:a> <urn:b> <urn:c> }')"
    ),
    "pySHACL": (
        "from lpkg.load import new_graph\nfrom lpkg.validate import validate\n"
        "assert validate(new_graph(), new_graph(), engine='pyshacl').conforms"
    ),
    "the rules on rdflib": (
        "from rdflib import Graph\nfrom lpkg.infer import materialize\n"
        "g = Graph().parse(format='turtle', data='<urn:a> a <urn:C> . <urn:C> "
        "<http://www.w3.org/2000/01/rdf-schema#subClassOf> <urn:D> .')\n"
        "assert materialize(g) == 1"
    ),
    "a named query on rdflib": (
        "from lpkg.load import new_graph\nfrom lpkg.queries import get_query, run_query\n"
        "assert run_query(get_query('members'), new_graph()).rows == []"
    ),
}


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.parametrize("code", FIRST_USES.values(), ids=FIRST_USES.keys())
def test_the_first_use_of_rdflib_sparql_finds_file_and_url_loading_off(code: str) -> None:
    printed = _run(f"{code}\nimport rdflib.plugins.sparql as s\nprint(s.SPARQL_LOAD_GRAPHS)")
    assert printed == "False"


def test_a_check_on_a_store_on_disk_loads_neither_rdflib_sparql_nor_pyshacl(
    tmp_path: Path,
) -> None:
    """rdflib's SPARQL grammar takes about 0.2 s to build and pySHACL 40 ms to import: the
    incremental check on pyoxigraph needs neither (its SHACL-SPARQL patterns are kept)."""
    store = f"oxigraph:{tmp_path}/dataset"
    contribution = FIXTURES / "contributions" / "new-member.valid.ttl"
    code = (
        "import sys\nfrom lpkg.contribute.check import check_contributions\n"
        f"check_contributions([{str(contribution)!r}], store={store!r})\n"
        "print(sorted(m for m in ('rdflib.plugins.sparql', 'pyshacl', 'owlrl') "
        "if m in sys.modules))"
    )
    _run(code)  # the first check parses the shapes' queries and keeps their patterns
    assert _run(code) == "[]"
