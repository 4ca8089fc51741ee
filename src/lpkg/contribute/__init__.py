"""Contributions: read Turtle or CSV, validate them with the dataset, add them to ``data/``."""

from .add import Added, add_contribution
from .check import Contribution, check_contributions, check_untrusted, read_contribution
from .csv_import import COLUMNS, read_csv

__all__ = [
    "COLUMNS",
    "Added",
    "Contribution",
    "add_contribution",
    "check_contributions",
    "check_untrusted",
    "read_contribution",
    "read_csv",
]
