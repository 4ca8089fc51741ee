"""Precision and recall of `lpkg match` on hand-labelled name variants.

Each row of tests/fixtures/match/pairs.csv is a name as someone might write it and the IRI it
stands for (empty: it must match nothing). The top candidate at or above the threshold counts as
the prediction: the right IRI is a true positive; no candidate for a name that has an IRI a false
negative; a candidate for a name that has none a false positive; a wrong IRI both a false positive
and a false negative. Run from the repository root with the project's virtualenv:

    .venv/bin/python benchmarks/match.py [--threshold T] [--pairs FILE]
"""

from __future__ import annotations

import argparse
import csv
import time
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import URIRef

from lpkg.labels import curie
from lpkg.load import load_graph
from lpkg.match import DEFAULT_THRESHOLD, NameIndex
from lpkg.namespaces import PREFIXES

ROOT = Path(__file__).resolve().parents[1]
PAIRS = ROOT / "tests" / "fixtures" / "match" / "pairs.csv"


@dataclass(frozen=True)
class Pair:
    variant: str
    expected: URIRef | None
    note: str


@dataclass
class Outcome:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    errors: list[tuple[Pair, URIRef | None]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def expand(value: str) -> URIRef | None:
    """A CURIE or IRI from the pairs file as an IRI; empty stays None."""
    value = value.strip()
    if not value:
        return None
    prefix, _, local = value.partition(":")
    if prefix in PREFIXES and not local.startswith("//"):
        return URIRef(PREFIXES[prefix] + local)
    return URIRef(value)


def read_pairs(path: Path = PAIRS) -> list[Pair]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Pair(row["variant"], expand(row["expected_iri"]), row["note"])
            for row in csv.DictReader(handle)
        ]


def predict(index: NameIndex, variant: str, threshold: float) -> URIRef | None:
    top = index.match(variant, limit=1, threshold=threshold)
    return top[0].iri if top else None


def evaluate(index: NameIndex, pairs: list[Pair], threshold: float = DEFAULT_THRESHOLD) -> Outcome:
    outcome = Outcome()
    for pair in pairs:
        predicted = predict(index, pair.variant, threshold)
        if predicted == pair.expected:
            if predicted is None:
                outcome.tn += 1
            else:
                outcome.tp += 1
            continue
        outcome.errors.append((pair, predicted))
        if predicted is not None:
            outcome.fp += 1
        if pair.expected is not None:
            outcome.fn += 1
    return outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--pairs", type=Path, default=PAIRS)
    args = parser.parse_args()
    pairs = read_pairs(args.pairs)
    index = NameIndex.from_graph(load_graph(root=ROOT))
    start = time.perf_counter()
    outcome = evaluate(index, pairs, args.threshold)
    per_name = (time.perf_counter() - start) / len(pairs) * 1000
    print(f"Threshold {args.threshold:g}; {len(index.entries)} names indexed.\n")
    print("| pairs | TP | FP | FN | TN | precision | recall |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {len(pairs)} | {outcome.tp} | {outcome.fp} | {outcome.fn} | {outcome.tn} "
        f"| {outcome.precision:.3f} | {outcome.recall:.3f} |"
    )
    print(f"\n{per_name:.2f} ms per name.")
    if outcome.errors:
        print("\nMisses:")
        for pair, predicted in outcome.errors:
            expected = curie(pair.expected) if pair.expected else "no match"
            got = curie(predicted) if predicted else "no match"
            print(f"- {pair.variant!r}: expected {expected}, got {got} ({pair.note})")


if __name__ == "__main__":
    main()
