"""Validate contributed files together with the dataset, and say where each problem is written."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SH, SKOS
from rdflib.term import Node

from ..errors import ParseError
from ..escape import excerpt
from ..fmt import read_header
from ..labels import curie, display, label_of
from ..limits import run_limited
from ..load import load_shapes, new_graph, parse_file, parse_files
from ..namespaces import BASE, LPKG, ORG
from ..paths import project_root, turtle_files
from ..validate import ValidationReport, ValidationResult, validate
from .csv_import import read_csv
from .ownership import Kind, foreign_statements
from .positions import Positions, turtle_positions

LPKGSH = Namespace(BASE + "shapes#")
UNDEFINED_REFERENCE = LPKGSH.UndefinedReference
"""Component of the result for an IRI in the dataset's namespace that nothing describes."""
POSSIBLE_DUPLICATE = LPKGSH.PossibleDuplicate
"""Component of the warning for a new organization whose name matches an existing one."""
NOT_OWN = {kind: LPKGSH[f"NotOwn-{kind.value}"] for kind in Kind if kind is not Kind.EXISTING}
"""Components of the violations for statements a contribution may not make, one per kind."""
CHANGES_EXISTING_DATA = LPKGSH.ChangesExistingData
"""Component of the note for a statement about a resource data/ already describes: lpkg add
writes it only with --merge, and lists it."""


@dataclass
class Contribution:
    """A contributed file as RDF, with the positions of its statements."""

    path: Path
    graph: Graph
    positions: Positions
    header: str = ""


def read_contribution(path: Path | str, vocabularies: Graph | None = None) -> Contribution:
    """Read a Turtle, N-Triples, RDF/XML, JSON-LD or CSV contribution (CSV codes are checked
    against ``vocabularies`` when given)."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        imported = read_csv(path, vocabularies=vocabularies)
        contribution = Contribution(path, imported.graph, imported.positions, imported.header)
    else:
        graph = parse_file(path)
        if path.suffix.lower() == ".ttl":
            text = path.read_text(encoding="utf-8-sig")
            contribution = Contribution(
                path, graph, turtle_positions(path, text), read_header(text)
            )
        else:
            contribution = Contribution(path, graph, Positions(path))
    _refuse_empty_or_local(contribution)
    return contribution


def _refuse_empty_or_local(contribution: Contribution) -> None:
    """A contribution must say something, and nothing about the contributor's own machine.

    Raises:
        ParseError: the file holds no statements (only comments or prefixes), or names a
            ``file:`` IRI (a local path would be written into ``data/``).
    """
    path = contribution.path
    if not len(contribution.graph):
        raise ParseError(path, "the file holds no statements (only comments or prefixes).")
    local = sorted(
        str(t)
        for triple in contribution.graph
        for t in triple
        if isinstance(t, URIRef) and str(t).lower().startswith("file:")
    )
    if local:
        raise ParseError(
            path,
            f"{excerpt(local[0])} is a local file path (file:); write the public https:// IRI "
            "of the resource instead (check @base).",
            contribution.positions.line_of(local[0]),
        )


def check_contributions(
    paths: Sequence[Path | str], *, root: Path | str | None = None, shapes: Graph | None = None
) -> ValidationReport:
    """Validate ``paths`` together with the dataset and report only the problems they cause:
    shape results that validating the dataset alone does not give, IRIs of the dataset's
    namespace that nothing describes, new organizations that look like existing ones, statements
    a contribution may not make (violations) and changes to existing data (notes, ``sh:Info``).
    """
    root = project_root(root)
    ontology = parse_files(turtle_files(root, "ontology"))
    data = parse_files(turtle_files(root, "data"))
    dataset = _union(ontology, data)
    contributions = [read_contribution(p, dataset) for p in paths]
    shapes = shapes if shapes is not None else load_shapes(root)
    merged = _union(dataset, *(c.graph for c in contributions))
    old = {_key(r) for r in validate(dataset, shapes).results}
    results = [
        _locate(r, contributions) for r in validate(merged, shapes).results if _key(r) not in old
    ]
    results += undefined_references(contributions, merged)
    results += possible_duplicates(contributions, dataset, merged)
    results += not_own(contributions, ontology, data, merged)
    return ValidationReport(_sorted(results), merged)


CHECK_TIMEOUT = 300.0
"""Seconds checking contributions may take in :func:`check_untrusted`; a town's takes a few."""


def check_untrusted(
    paths: Sequence[Path | str], *, root: Path | str | None = None, shapes: Graph | None = None
) -> ValidationReport:
    """:func:`check_contributions` for files from strangers: in a child process under CPU and
    memory limits, stopped after :data:`CHECK_TIMEOUT` seconds.

    Raises:
        LimitError: the check ran out of time or memory.
    """
    return run_limited(
        "Validating " + ", ".join(map(str, paths)),
        partial(check_contributions, root=root, shapes=shapes),
        paths,
        timeout=CHECK_TIMEOUT,
    )


def _union(*graphs: Graph) -> Graph:
    union = new_graph()
    for graph in graphs:
        for triple in graph:
            union.add(triple)
    return union


def _key(result: ValidationResult) -> tuple[object, ...]:
    return (result.focus, result.path, result.value, result.component, result.source_shape)


def _sorted(results: list[ValidationResult]) -> list[ValidationResult]:
    order = {SH.Violation: 0, SH.Warning: 1, SH.Info: 2}
    return sorted(
        results,
        key=lambda r: (
            order.get(r.severity, 3),
            str(r.file or ""),
            r.line or 0,
            r.focus_label,
            str(r.component),
        ),
    )


def _locate(result: ValidationResult, contributions: Sequence[Contribution]) -> ValidationResult:
    predicate = str(result.path) if isinstance(result.path, URIRef) else None
    for term in (result.focus, result.value):
        if not isinstance(term, URIRef):
            continue
        for contribution in contributions:
            line = contribution.positions.line_of(str(term), predicate)
            if line is not None:
                return dataclasses.replace(
                    result,
                    file=contribution.path,
                    line=line,
                    column=contribution.positions.column_of(str(term), predicate),
                )
    for contribution in contributions:
        if (result.focus, None, None) in contribution.graph:
            return dataclasses.replace(result, file=contribution.path)
    return result


def _finding(
    focus: URIRef,
    label: str,
    component: URIRef,
    severity: URIRef,
    messages: dict[str, str],
    value: URIRef | None = None,
) -> ValidationResult:
    return ValidationResult(
        focus=focus,
        focus_label=label,
        path=None,
        value=value,
        component=component,
        source_shape=component,
        severity=severity,
        messages=messages,
    )


def undefined_references(
    contributions: Sequence[Contribution], merged: Graph
) -> list[ValidationResult]:
    """IRIs under the dataset's namespace that a contribution uses and nothing describes."""
    results = []
    for contribution in contributions:
        used = {t for triple in contribution.graph for t in triple if isinstance(t, URIRef)}
        for iri in sorted(used):
            if not str(iri).startswith(BASE) or (iri, None, None) in merged:
                continue
            name = curie(iri)
            messages = {
                "cs": f"{name} se používá, ale nikde není popsáno: opravte překlep, nebo daný "
                "zdroj popište (typ, název v češtině, zdroj).",
                "en": f"{name} is used but described nowhere: fix the typo, or describe it "
                "(type, Czech label, source).",
            }
            finding = _finding(iri, name, UNDEFINED_REFERENCE, SH.Violation, messages)
            results.append(_locate(finding, contributions))
    return results


def possible_duplicates(
    contributions: Sequence[Contribution], dataset: Graph, merged: Graph
) -> list[ValidationResult]:
    """A warning for each new organization whose name matches one the dataset already has."""
    from ..match import ORGANIZATION_CLASSES, NameIndex

    index = NameIndex.from_graph(dataset)
    results = []
    for contribution in contributions:
        graph = contribution.graph
        # any of the classes: a contribution typed only org:FormalOrganization is one too
        new = {s for cls in ORGANIZATION_CLASSES for s in graph.subjects(RDF.type, cls)}
        for organization in sorted(new):
            if (organization, RDF.type, None) in dataset or not isinstance(organization, URIRef):
                continue
            matches = [
                (candidate.score, name, candidate)
                for name in _names(contribution.graph, organization)
                for candidate in index.match(name, limit=1)
                if candidate.iri != organization
            ]
            if not matches:
                continue
            _, name, candidate = max(matches, key=lambda m: m[0])
            target = f"{candidate.label} ({curie(candidate.iri)})"
            unit_cs = unit_en = ""
            if candidate.parent is not None:
                parent = f"{candidate.parent_label} ({curie(candidate.parent)})"
                unit_cs, unit_en = f", útvar organizace {parent}", f", a unit of {parent}"
            messages = {
                "cs": f"„{name}“ vypadá jako organizace, kterou data už mají: {target}{unit_cs}. "
                "Jde-li o tutéž organizaci, použijte její IRI místo nové "
                f"({candidate.reason}; shoda {candidate.score:.0f} %).",
                "en": f'"{name}" looks like an organization the dataset already has: '
                f"{target}{unit_en}. If it is the same one, reuse its IRI instead of a new one "
                f"({candidate.reason}; score {candidate.score:.0f}).",
            }
            label = label_of(merged, organization)
            finding = _finding(
                organization, label, POSSIBLE_DUPLICATE, SH.Warning, messages, candidate.iri
            )
            results.append(_locate(finding, contributions))
    return results


def _names(graph: Graph, organization: Node) -> list[str]:
    names = [
        str(o)
        for p in (SKOS.prefLabel, RDFS.label, SKOS.altLabel, LPKG.formerName)
        for o in graph.objects(organization, p)
        if isinstance(o, Literal) and o.language in (None, "", "cs")
    ]
    for membership in graph.subjects(ORG.member, organization):
        names += [str(o) for o in graph.objects(membership, LPKG.listedName)]
    return sorted(set(names))


_NOT_OWN_MESSAGES = {
    Kind.SHAPES: {
        "cs": "Výrok používá termín SHACL (sh:): tvary nejsou data a příspěvek nemůže měnit to, "
        "čím se data kontrolují. Výrok odstraňte.",
        "en": "The statement uses a SHACL (sh:) term: shapes are not data, and a contribution "
        "cannot change what the data is checked against. Remove the statement.",
    },
    Kind.ONTOLOGY: {
        "cs": "Výrok se týká termínu ontologie nebo slovníků (třídy, vlastnosti, pojmu, schématu), "
        "nebo termín zavádí: ty se mění v ontology/ po revizi, ne příspěvkem. Výrok odstraňte.",
        "en": "The statement is about a term of the ontology or the vocabularies (a class, "
        "property, concept or scheme), or declares one: those change in ontology/, by review, "
        "not through a contribution. Remove the statement.",
    },
    Kind.DERIVED: {
        "cs": "{p} se v data/ nikdy neuvádí, odvozuje ji ontologie (inverzní vlastnost nebo "
        "řetězec): vztah zapište vlastností, kterou data používají (např. org:unitOf místo "
        "org:hasUnit).",
        "en": "{p} is never stated in data/, the ontology derives it (an inverse or a property "
        "chain): state the relation with the property the data uses (e.g. org:unitOf instead of "
        "org:hasUnit).",
    },
    Kind.SAME_AS: {
        "cs": "owl:sameAs se zdrojem, který data už mají, by sloučil dva zdroje v jeden: použijte "
        "rovnou existující IRI, nebo výrok odstraňte.",
        "en": "owl:sameAs with a resource the dataset already has would merge two resources into "
        "one: use the existing IRI instead, or remove the statement.",
    },
    Kind.EXISTING: {
        "cs": "Změna existujících dat: {s} už data/ popisují. lpkg add tento výrok zapíše jen s "
        "--merge, jako opravu.",
        "en": "Changes existing data: data/ already describes {s}. lpkg add writes this statement "
        "only with --merge, as a correction.",
    },
}


def not_own(
    contributions: Sequence[Contribution], ontology: Graph, data: Graph, merged: Graph
) -> list[ValidationResult]:
    """A violation for each statement a contribution may not make; a note (``sh:Info``) for each
    change to a resource data/ already describes."""
    results = []
    for contribution in contributions:
        for foreign in foreign_statements(contribution.graph, ontology, data):
            s, p, o = foreign.triple
            existing = foreign.kind is Kind.EXISTING
            messages = {
                lang: text.format(s=display(s), p=display(p))
                for lang, text in _NOT_OWN_MESSAGES[foreign.kind].items()
            }
            finding = ValidationResult(
                focus=s,
                focus_label=label_of(merged, s),
                path=p,
                value=o,
                component=CHANGES_EXISTING_DATA if existing else NOT_OWN[foreign.kind],
                source_shape=CHANGES_EXISTING_DATA if existing else NOT_OWN[foreign.kind],
                severity=SH.Info if existing else SH.Violation,
                messages=messages,
            )
            results.append(_locate(finding, [contribution]))
    return results
