"""Precision and recall of `lpkg match` on hand-labelled name variants and on the real lists.

Two sets, reported apart:

- tests/fixtures/match/pairs.csv: a name as someone might write it and the IRI it stands for
  (empty: it must match nothing), made by hand around the three full partnership pages.
- tests/fixtures/match/member-lists.csv: every name the partnership pages list, as written, with
  the organization it is (a reconciliation judgement; doubtful ones say why). The expected answer
  is computed leave-one-partnership-out: for a name on partnership P, the organization's IRI if
  the dataset has it without P's member list (see :func:`leave_out`), else "new" (no match).

The top candidate at or above the threshold counts as the prediction: the right IRI is a true
positive; no candidate for a name that has an IRI a false negative; a candidate for a name that
has none a false positive; a wrong IRI both a false positive and a false negative. Run from the
repository root with the project's virtualenv:

    .venv/bin/python benchmarks/match.py [--threshold T] [--pairs FILE] [--lists FILE]
"""

from __future__ import annotations

import argparse
import csv
import time
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from lpkg.labels import curie
from lpkg.load import load_graph
from lpkg.match import DEFAULT_THRESHOLD, ORGANIZATION_CLASSES, NameIndex
from lpkg.namespaces import LP, LPKG, ORG, PREFIXES

ROOT = Path(__file__).resolve().parents[1]
PAIRS = ROOT / "tests" / "fixtures" / "match" / "pairs.csv"
LISTS = ROOT / "tests" / "fixtures" / "match" / "member-lists.csv"


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

    def __add__(self, other: Outcome) -> Outcome:
        return Outcome(
            self.tp + other.tp,
            self.fp + other.fp,
            self.fn + other.fn,
            self.tn + other.tn,
            self.errors + other.errors,
        )


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


@dataclass(frozen=True)
class Listing:
    """A name as a partnership's page lists it, and the organization it is (rarely several:
    "Apoštolská církev a Royal Rangers")."""

    name: str
    partnership: str
    organizations: tuple[URIRef, ...]
    doubt: str


def read_listings(path: Path = LISTS) -> list[Listing]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Listing(
                row["listed_name"],
                row["partnership"],
                tuple(iri for value in row["organization"].split() if (iri := expand(value))),
                row["doubt"],
            )
            for row in csv.DictReader(handle)
        ]


_MEMBERS = (ORG.member, LPKG.participatingUnit)


def leave_out(graph: Graph, partnership: URIRef) -> tuple[Graph, set[URIRef]]:
    """The dataset as a curator adding ``partnership``'s member list would find it, and the
    organizations that list alone brings (for them the right answer is "new").

    An organization is in the dataset without P's list if another partnership's membership
    names it (as member or participating unit), or if no membership names it at all (a parent,
    a ministry). Left out: P's memberships, the organizations only P's list names, and the
    alternative and former names spelled exactly as P's page lists them (a spelling P's page
    gave an organization other lists name too).
    """
    own = set(graph.subjects(ORG.organization, partnership))
    others = set(graph.subjects(RDF.type, ORG.Membership)) - own
    named_elsewhere = {o for m in others for p in _MEMBERS for o in graph.objects(m, p)}
    introduced = {
        o for m in own for p in _MEMBERS for o in graph.objects(m, p) if o not in named_elsewhere
    }
    spellings = {str(n) for m in own for n in graph.objects(m, LPKG.listedName)}
    reduced = Graph()
    for s, p, o in graph:
        if s in own or s in introduced:
            continue
        if p in (SKOS.altLabel, LPKG.formerName) and isinstance(o, Literal) and str(o) in spellings:
            continue
        reduced.add((s, p, o))
    return reduced, introduced


def is_organization(graph: Graph, iri: URIRef) -> bool:
    return any((iri, RDF.type, cls) in graph for cls in ORGANIZATION_CLASSES)


def evaluate_listings(
    graph: Graph, listings: list[Listing], threshold: float = DEFAULT_THRESHOLD
) -> Outcome:
    """Each partnership's names against the dataset without its list (:func:`leave_out`)."""
    outcome = Outcome()
    for slug in sorted({listing.partnership for listing in listings}):
        reduced, _ = leave_out(graph, LP[slug])
        pairs = [
            Pair(
                listing.name,
                # a name of two organizations: either is right; the first known is expected
                next((o for o in listing.organizations if is_organization(reduced, o)), None),
                f"{slug}; the organization is {' '.join(map(curie, listing.organizations))}",
            )
            for listing in listings
            if listing.partnership == slug
        ]
        outcome += evaluate(NameIndex.from_graph(reduced), pairs, threshold)
    return outcome


def with_listings(graph: Graph, listings: list[Listing]) -> Graph:
    """``graph`` grown by the lists of the partnerships it does not have yet, as the labels say
    they will be modelled: each name a membership of its organization, and an organization the
    graph lacks named only by that name. A projection of the grown dataset, for precision: more
    organizations to mistake a name for."""
    grown = Graph()
    for triple in graph:
        grown.add(triple)
    absent = {x.partnership for x in listings if (LP[x.partnership], None, None) not in graph}
    for number, listing in enumerate(x for x in listings if x.partnership in absent):
        partnership = LP[listing.partnership]
        membership = URIRef(f"{partnership}/listing-{number}")
        grown.add((partnership, RDF.type, LPKG.LocalPartnership))
        grown.add((membership, RDF.type, ORG.Membership))
        grown.add((membership, ORG.organization, partnership))
        grown.add((membership, LPKG.listedName, Literal(listing.name, lang="cs")))
        for organization in listing.organizations:
            grown.add((membership, ORG.member, organization))
            if not is_organization(graph, organization):
                grown.add((organization, RDF.type, ORG.Organization))
                grown.add((organization, SKOS.prefLabel, Literal(listing.name, lang="cs")))
    return grown


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


def report(title: str, size: int, outcome: Outcome) -> None:
    print(f"\n{title}\n")
    print("| names | TP | FP | FN | TN | precision | recall |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {size} | {outcome.tp} | {outcome.fp} | {outcome.fn} | {outcome.tn} "
        f"| {outcome.precision:.3f} | {outcome.recall:.3f} |"
    )
    if outcome.errors:
        print("\nMisses:")
        for pair, predicted in outcome.errors:
            expected = curie(pair.expected) if pair.expected else "new"
            got = curie(predicted) if predicted else "new"
            print(f"- {pair.variant!r}: expected {expected}, got {got} ({pair.note})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--pairs", type=Path, default=PAIRS)
    parser.add_argument("--lists", type=Path, default=LISTS)
    args = parser.parse_args()
    pairs = read_pairs(args.pairs)
    listings = read_listings(args.lists)
    graph = load_graph(root=ROOT)
    index = NameIndex.from_graph(graph)
    start = time.perf_counter()
    outcome = evaluate(index, pairs, args.threshold)
    per_name = (time.perf_counter() - start) / len(pairs) * 1000
    print(f"Threshold {args.threshold:g}; {len(index.entries)} names indexed; {per_name:.2f} ms")
    print("per name.")
    report("Hand-made pairs", len(pairs), outcome)
    present = sorted({x.partnership for x in listings if (LP[x.partnership], None, None) in graph})
    report(
        "Real member lists, leave-one-partnership-out (partnerships in the dataset: "
        f"{', '.join(present) or 'none'})",
        len(listings),
        evaluate_listings(graph, listings, args.threshold),
    )
    report(
        "Real member lists, leave-one-partnership-out, on the dataset grown by the lists it does "
        "not have yet (with_listings)",
        len(listings),
        evaluate_listings(with_listings(graph, listings), listings, args.threshold),
    )


if __name__ == "__main__":
    main()
