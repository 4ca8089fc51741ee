"""Turn a spreadsheet of memberships (CSV, one row per membership) into RDF."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from ..errors import CsvError, ParseError
from ..escape import excerpt
from ..fmt import IRI_FORBIDDEN
from ..labels import fold
from ..load import max_bytes_limit, new_dataset, new_graph
from ..namespaces import (
    FOAF,
    LEGALFORM,
    LMEM,
    LORG,
    LP,
    LPKG,
    LPLACE,
    ORG,
    ORGTYPE,
    PREFIXES,
    SCHEMA,
)
from ..paths import regular_file
from .positions import Positions

COLUMNS: dict[str, str] = {
    "partnership": "the partnership: its slug (trmice), CURIE (lp:trmice) or IRI; required",
    "partnership_label_cs": "Czech name of a new partnership (Lokální partnerství Trmice)",
    "partnership_label_en": "English name of a new partnership (Local Partnership Trmice)",
    "town": "the town the partnership works in: slug, CURIE (lplace:trmice) or IRI; required",
    "town_label": "the town's name, for a town new to the dataset (Trmice)",
    "listed_name": "the member's name exactly as the page lists it, typos included; required",
    "organization": "the member: an existing organization's CURIE or IRI to reuse, or the slug "
    "for a new one (empty: made from organization_label_cs)",
    "organization_label_cs": "Czech name of a new organization",
    "organization_label_en": "English name of a new organization (your translation)",
    "organization_type": "code from the organization-type scheme (municipality, school, ngo, ...)",
    "legal_form": "code from the legal-form scheme (os, zs, ops, sro, po, obec); may be empty",
    "parent": "if the member is a unit of a larger body: that body's CURIE or IRI, or the slug "
    "of a new one",
    "parent_label_cs": "Czech name of the parent, if the dataset does not have it yet",
    "parent_label_en": "English name of a new parent",
    "parent_type": "organization-type code of a new parent",
    "source_url": "the page the row comes from; required",
    "source_title": "the page's title, for a page new to the dataset",
    "note": "why you decided what you did (English), e.g. which organization a name stands for",
}
"""The columns of a contribution CSV and what each holds; ``docs/contribution.csv-metadata.json``
describes the same columns in CSVW."""

REQUIRED = ("partnership", "town", "listed_name", "source_url")
_PARTNERSHIP_COLUMNS = (
    "partnership",
    "partnership_label_cs",
    "partnership_label_en",
    "town",
    "town_label",
)


@dataclass
class Imported:
    """The RDF a CSV stands for, and the row and column each statement came from; ``dataset``
    holds each statement in the graph of its row's ``source_url``."""

    graph: Graph
    positions: Positions
    header: str
    dataset: Dataset


def slugify(text: str) -> str:
    """A lower-case ASCII slug for an IRI.

    >>> slugify("Speciální základní škola a praktická škola Trmice")
    'specialni-zakladni-skola-a-prakticka-skola-trmice'
    """
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


MAX_ROWS = 500
"""Rows a contribution CSV may have: one town's memberships are a few dozen (Trmice has 14);
validating thousands of rows would take minutes."""


def read_csv(
    path: Path | str, *, vocabularies: Graph | None = None, max_bytes: int | None = None
) -> Imported:
    """Read a contribution CSV into a graph, remembering the cell behind each statement.

    With ``vocabularies`` (e.g. the dataset), codes of organization types and legal forms are
    checked against the concepts it holds, so a typo is reported at its cell.

    Raises:
        MissingFileError: no such file.
        ParseError: not UTF-8, empty, malformed CSV, a missing column, a bad cell or more than
            :data:`MAX_ROWS` rows, with the row (the header is row 1) and the column.
    """
    path = regular_file(path)
    max_bytes = max_bytes_limit() if max_bytes is None else max_bytes
    if path.stat().st_size > max_bytes:
        raise ParseError(path, f"the file is larger than the limit of {max_bytes:,} bytes.")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ParseError(path, "the file is not UTF-8 text; save the CSV as UTF-8.") from None
    if not text.strip():
        raise ParseError(path, "the file is empty.")
    builder = _Builder(path, vocabularies)
    for count, (row_number, row) in enumerate(_rows(path, text), start=1):
        if count > MAX_ROWS:
            raise CsvError(
                path,
                f"more than {MAX_ROWS} rows; a town's contribution has a few dozen. "
                "Split the file, one per partnership.",
                row_number,
            )
        builder.add_row(row_number, row)
    return Imported(builder.graph, builder.positions, builder.header(), builder.dataset)


def _rows(path: Path, text: str) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [name.strip() for name in reader.fieldnames or []]
        missing = [c for c in REQUIRED if c not in header]
        unknown = [excerpt(c) for c in header if c not in COLUMNS]
        # a repeated column is ambiguous: the reader would silently keep the last one
        repeated = sorted({c for c in header if c in COLUMNS and header.count(c) > 1})
        if missing or unknown or repeated:
            problems = []
            if missing:
                problems.append(f"missing required columns: {', '.join(missing)}")
            if unknown:
                problems.append(f"unknown columns: {', '.join(unknown)}")
            if repeated:
                problems.append(f"columns given more than once: {', '.join(repeated)}")
            raise CsvError(
                path, f"{'; '.join(problems)}. The columns are: {', '.join(COLUMNS)}.", 1
            )
        reader.fieldnames = header
        rows = 0
        for row in reader:
            if None in row:
                raise CsvError(path, "the row has more cells than the header.", reader.line_num)
            rows += 1
            yield reader.line_num, {k: (v or "").strip() for k, v in row.items()}
        if not rows:
            raise CsvError(path, "the file has a header but no rows: nothing to contribute.", 2)
    except csv.Error as err:
        # the reader counts the lines it has finished; the bad record starts on the next one
        raise CsvError(path, f"malformed CSV: {err}.", reader.line_num + 1) from None


class _Builder:
    def __init__(self, path: Path, vocabularies: Graph | None) -> None:
        self.path = path
        self.vocabularies = vocabularies
        self.graph = new_graph()
        self.dataset = new_dataset()
        self.source: URIRef | None = None
        """The current row's page: its statements go into that page's graph."""
        self.positions = Positions(path)
        self.partnership_row: dict[str, str] | None = None
        self.sources: set[str] = set()

    def header(self) -> str:
        sources = ", ".join(sorted(self.sources))
        return (
            f"# Contribution imported by `lpkg import` from {self.path.name}: one membership per"
            f" row.\n# Source: {sources}\n"
        )

    def error(self, row: int, column: str, reason: str) -> CsvError:
        return CsvError(self.path, reason, row, column)

    def iri(self, row: int, column: str, value: str, namespace: str) -> URIRef:
        if value.startswith(("http://", "https://")):
            if IRI_FORBIDDEN.search(value):
                raise self.error(
                    row,
                    column,
                    f'{value!r} holds a space, a line break or one of <>"{{}}|^`\\, which a '
                    "URL cannot; give one URL, with spaces written as %20.",
                )
            return URIRef(value)
        prefix, sep, local = value.partition(":")
        if sep:
            if prefix not in PREFIXES:
                raise self.error(
                    row, column, f"unknown prefix {excerpt(prefix)} in {excerpt(value)}."
                )
            return URIRef(PREFIXES[prefix] + local)
        if slugify(value) != value:
            raise self.error(
                row,
                column,
                f"{excerpt(value)} is not a slug; did you mean {excerpt(slugify(value))}?",
            )
        return URIRef(namespace + value)

    def concept(self, row: int, column: str, value: str, namespace: str) -> URIRef:
        concept = self.iri(row, column, value, namespace)
        code = str(concept)[len(namespace) :]
        known = None
        if self.vocabularies is not None:
            known = sorted(
                str(c)[len(namespace) :]
                for c in self.vocabularies.subjects(RDF.type, SKOS.Concept)
                if str(c).startswith(namespace)
            )
        if not str(concept).startswith(namespace) or (known is not None and code not in known):
            codes = f" The codes are: {', '.join(known)}." if known else ""
            raise self.error(row, column, f"{excerpt(value)} is not a code of {namespace}.{codes}")
        return concept

    def add(self, row: int, column: str, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.graph.add((s, p, o))
        self.dataset.add((s, p, o, self.source))
        self.positions.subjects.setdefault(str(s), row)
        self.positions.predicates.setdefault((str(s), str(p)), row)
        self.positions.columns.setdefault((str(s), str(p)), column)
        self.positions.columns.setdefault((str(s), ""), column)
        if isinstance(o, URIRef):
            self.positions.mentions.setdefault(str(o), row)

    def add_row(self, row: int, cells: dict[str, str]) -> None:
        for column in REQUIRED:
            if not cells.get(column):
                raise self.error(row, column, "this cell is required and empty.")
        self.check_same_partnership(row, cells)
        source = self.iri(row, "source_url", cells["source_url"], "")
        self.sources.add(str(source))
        self.source = source
        partnership = self.iri(row, "partnership", cells["partnership"], str(LP))
        town = self.iri(row, "town", cells["town"], str(LPLACE))
        self.add_partnership(row, cells, partnership, town, source)
        self.add_source(row, cells, source)
        member = self.add_organization(row, cells, source)
        membership = URIRef(
            f"{LMEM}{str(partnership).rsplit('/', 1)[-1]}--{str(member).rsplit('/', 1)[-1]}"
        )
        if (membership, RDF.type, ORG.Membership) in self.graph:
            raise self.error(row, "organization", f"{member} is listed twice in this partnership.")
        listed = cells["listed_name"]
        partnership_cs = cells.get("partnership_label_cs") or str(partnership)
        partnership_en = cells.get("partnership_label_en") or partnership_cs
        add = self.add
        add(row, "listed_name", membership, RDF.type, ORG.Membership)
        add(
            row,
            "listed_name",
            membership,
            RDFS.label,
            Literal(f"{listed} – člen ({partnership_cs})", lang="cs"),
        )
        add(
            row,
            "listed_name",
            membership,
            RDFS.label,
            Literal(f"{listed} – member ({partnership_en})", lang="en"),
        )
        add(row, "organization", membership, ORG.member, member)
        add(row, "partnership", membership, ORG.organization, partnership)
        add(row, "listed_name", membership, LPKG.listedName, Literal(listed, lang="cs"))
        if cells.get("note"):
            add(row, "note", membership, SKOS.editorialNote, Literal(cells["note"], lang="en"))
        add(row, "source_url", membership, PROV.wasDerivedFrom, source)

    def add_labels(self, row: int, cells: dict[str, str], subject: URIRef, prefix: str) -> None:
        for lang in ("cs", "en"):
            if cells.get(f"{prefix}_label_{lang}"):
                label = Literal(cells[f"{prefix}_label_{lang}"], lang=lang)
                for prop in (SKOS.prefLabel, RDFS.label):
                    self.add(row, f"{prefix}_label_{lang}", subject, prop, label)
        missing = [lang for lang in ("cs", "en") if not cells.get(f"{prefix}_label_{lang}")]
        for prop in (SKOS.prefLabel, RDFS.label):
            # a missing label is reported on the label's property: point at the empty cell
            for lang in missing:
                self.positions.columns[(str(subject), str(prop))] = f"{prefix}_label_{lang}"

    def check_same_partnership(self, row: int, cells: dict[str, str]) -> None:
        if self.partnership_row is None:
            self.partnership_row = cells
            return
        for column in _PARTNERSHIP_COLUMNS:
            if cells.get(column) and cells.get(column) != self.partnership_row.get(column):
                raise self.error(
                    row,
                    column,
                    f"{excerpt(cells[column])} differs from the first row's "
                    f"{excerpt(self.partnership_row.get(column) or '')}; "
                    "a CSV holds one partnership.",
                )

    def add_partnership(
        self, row: int, cells: dict[str, str], partnership: URIRef, town: URIRef, source: URIRef
    ) -> None:
        add = self.add
        add(row, "partnership", partnership, LPKG.town, town)
        add(row, "town", partnership, SCHEMA.areaServed, town)
        self.add_labels(row, cells, partnership, "partnership")
        if cells.get("partnership_label_cs"):
            for cls in (LPKG.LocalPartnership, ORG.OrganizationalCollaboration, ORG.Organization):
                add(row, "partnership", partnership, RDF.type, cls)
            add(row, "source_url", partnership, PROV.wasDerivedFrom, source)
        if cells.get("town_label"):
            for cls in (SCHEMA.City, SCHEMA.Place):
                add(row, "town", town, RDF.type, cls)
            for lang in ("cs", "en"):
                add(row, "town_label", town, RDFS.label, Literal(cells["town_label"], lang=lang))
            add(row, "source_url", town, PROV.wasDerivedFrom, source)

    def add_source(self, row: int, cells: dict[str, str], source: URIRef) -> None:
        if cells.get("source_title"):
            self.add(row, "source_url", source, RDF.type, FOAF.Document)
            self.add(row, "source_url", source, RDF.type, PROV.Entity)
            self.add(
                row,
                "source_title",
                source,
                DCTERMS.title,
                Literal(cells["source_title"], lang="cs"),
            )

    def add_organization(self, row: int, cells: dict[str, str], source: URIRef) -> URIRef:
        given = cells.get("organization", "")
        label_cs = cells.get("organization_label_cs", "")
        if not given and not label_cs:
            raise self.error(
                row,
                "organization",
                "give an existing organization to reuse, or organization_label_cs for a new one.",
            )
        member = self.iri(row, "organization", given or slugify(label_cs), str(LORG))
        if not label_cs:
            return member  # reusing an organization the dataset already describes
        add = self.add
        parent = cells.get("parent", "")
        kind = ORG.OrganizationalUnit if parent else ORG.FormalOrganization
        add(row, "organization", member, RDF.type, ORG.Organization)
        add(row, "parent" if parent else "organization", member, RDF.type, kind)
        self.add_labels(row, cells, member, "organization")
        self.classify(row, cells, member, "organization_type", ORGTYPE)
        self.classify(row, cells, member, "legal_form", LEGALFORM)
        if parent:
            parent_iri = self.iri(row, "parent", parent, str(LORG))
            add(row, "parent", member, ORG.unitOf, parent_iri)
            if cells.get("parent_label_cs"):
                self.add_parent(row, cells, parent_iri, source)
        add(row, "source_url", member, PROV.wasDerivedFrom, source)
        return member

    def add_parent(self, row: int, cells: dict[str, str], parent: URIRef, source: URIRef) -> None:
        add = self.add
        add(row, "parent_label_cs", parent, RDF.type, ORG.Organization)
        add(row, "parent_label_cs", parent, RDF.type, ORG.FormalOrganization)
        self.add_labels(row, cells, parent, "parent")
        self.classify(row, cells, parent, "parent_type", ORGTYPE)
        add(row, "source_url", parent, PROV.wasDerivedFrom, source)

    def classify(
        self, row: int, cells: dict[str, str], subject: URIRef, column: str, scheme: Namespace
    ) -> None:
        """``org:classification`` from a code column, checked against the scheme."""
        if cells.get(column):
            concept = self.concept(row, column, cells[column], str(scheme))
            self.add(row, column, subject, ORG.classification, concept)
