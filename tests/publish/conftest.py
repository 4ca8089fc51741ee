"""Fixtures of the publishing tests."""

from __future__ import annotations

import pytest
from rdflib import Dataset

from tests import ROOT


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    """The asserted dataset with its graphs: the ontology and vocabularies in the default graph,
    each statement of the data in the graph of its source page. Tests must not change it."""
    from lpkg.load import load_dataset

    return load_dataset(root=ROOT)
