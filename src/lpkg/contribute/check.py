"""Validate contributed files together with the dataset, and say where each problem is written."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, RDFS, SH, SKOS
from rdflib.term import Node

from ..errors import InputError, ParseError
from ..escape import excerpt
from ..fmt import IRI_FORBIDDEN, read_header
from ..labels import curie, display, label_of
from ..limits import limited
from ..load import QUAD_FORMATS, load_shapes, new_dataset, new_graph, parse_file, parse_files
from ..namespaces import BASE, LPKG, LPKGSH, ORG
from ..paths import project_root, turtle_files
from ..sources import as_results, find_problems, load_data
from ..validate import ValidationReport, ValidationResult, validate_contribution
from .csv_import import read_csv
from .ownership import Kind, Known, classify
from .positions import Positions, turtle_positions

if TYPE_CHECKING:
    from ..match import NameIndex

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
    """A contributed file as RDF, with the positions of its statements.

    ``dataset`` holds the statements in the graphs of their source pages: as a TriG or N-Quads
    file names them, as a CSV's ``source_url`` cells give them, or all in the graph of the
    ``source`` page given for a file of triples; without one, in the default graph (no source).
    ``graph`` is their union."""

    path: Path
    graph: Graph
    positions: Positions
    header: str = ""
    dataset: Dataset = dataclasses.field(default_factory=new_dataset)
    placed: bool = False
    """Whether the file gives its statements' sources (in graphs, in a column, by ``source``):
    else they have none yet."""


def read_contribution(
    path: Path | str, vocabularies: Graph | None = None, *, source: str | None = None
) -> Contribution:
    """Read a Turtle, N-Triples, RDF/XML, JSON-LD, TriG, N-Quads or CSV contribution (CSV codes
    are checked against ``vocabularies`` when given); the statements of a file of triples are
    put in the graph of the page ``source`` (an https:// or http:// URL).

    Raises:
        InputError: ``source`` is given for a file that names its sources itself (TriG,
            N-Quads, CSV), or is not a URL.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if source is not None and (suffix == ".csv" or suffix in QUAD_FORMATS):
        raise InputError(
            f"{path}: --source is for files of triples (Turtle, N-Triples, RDF/XML, JSON-LD); "
            "this file gives the source of its statements itself (TriG and N-Quads in their "
            "graphs, a CSV in its source_url column)."
        )
    page = _page(source) if source is not None else None
    if suffix == ".csv":
        imported = read_csv(path, vocabularies=vocabularies)
        contribution = Contribution(
            path, imported.graph, imported.positions, imported.header, imported.dataset, True
        )
    elif suffix in QUAD_FORMATS:
        dataset = parse_file(path, new_dataset())
        graph = _union(dataset)
        text = path.read_text(encoding="utf-8-sig")
        positions = turtle_positions(path, text) if suffix == ".trig" else Positions(path)
        header = read_header(text) if suffix == ".trig" else ""
        contribution = Contribution(path, graph, positions, header, dataset, True)  # type: ignore[arg-type]
    else:
        graph = parse_file(path)
        dataset = new_dataset()
        for s, p, o in graph:
            if page is None:
                dataset.default_graph.add((s, p, o))
            else:
                dataset.add((s, p, o, page))
        if suffix == ".ttl":
            text = path.read_text(encoding="utf-8-sig")
            contribution = Contribution(
                path, graph, turtle_positions(path, text), read_header(text), dataset
            )
        else:
            contribution = Contribution(path, graph, Positions(path), dataset=dataset)
        contribution.placed = page is not None
    _refuse_empty_or_local(contribution)
    return contribution


def _page(source: str) -> URIRef:
    """The IRI of the page ``source``.

    Raises:
        InputError: it is not an http(s) URL that can name a graph.
    """
    if not source.startswith(("https://", "http://")) or IRI_FORBIDDEN.search(source):
        raise InputError(
            f"--source {excerpt(source)}: give the address of the public page the statements "
            "come from, as https://… (spaces written as %20)."
        )
    return URIRef(source)


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
    paths: Sequence[Path | str],
    *,
    root: Path | str | None = None,
    shapes: Graph | None = None,
    source: str | None = None,
    store: str = "memory",
    ontology: Graph | None = None,
    digest: str | None = None,
) -> ValidationReport:
    """Validate ``paths`` together with the dataset and report only the problems they cause:
    shape results that validating the dataset alone does not give, IRIs of the dataset's
    namespace that nothing describes, new organizations that look like existing ones, statements
    a contribution may not make (violations), statements without a source or citations that
    disagree with the graphs (:mod:`lpkg.sources`, violations) and changes to existing data
    (notes, ``sh:Info``).

    ``source`` is the page the statements of files of triples come from. Without it, such a
    file's statements have no source yet, and only the other checks are made (``lpkg add``
    then asks for one).

    ``store`` is where the dataset is read (:func:`lpkg.store.open_store`): ``memory`` parses
    it into rdflib; ``oxigraph`` or ``oxigraph:PATH`` (loaded once, on disk) leave it in
    pyoxigraph and ask it about the contributions' terms only
    (:mod:`lpkg.contribute.on_store`), with the same report.

    ``ontology`` is the graph of the files of ``ontology/``, if the caller has parsed them;
    ``digest`` the digest of the files of ``data/`` (:func:`lpkg.store.kept_digest`), if the
    caller has just taken it.
    """
    root = project_root(root)
    if ontology is None:
        ontology = parse_files(turtle_files(root, "ontology"))
    shapes = shapes if shapes is not None else load_shapes(root)
    if store != "memory":
        from ..store import OxigraphStore, open_store
        from .on_store import check_on_store

        opened = open_store(store, root=root, digest=digest)
        assert isinstance(opened, OxigraphStore)
        return check_on_store(paths, opened, ontology, shapes=shapes, source=source)
    # here, not at the top: rapidfuzz takes some 70 ms to import, which the CLI's start-up
    # need not pay for commands that match no names
    from ..match import NameIndex

    data_quads = load_data(root)
    data = _union(data_quads)
    dataset = _union(ontology, data)
    contributions = [read_contribution(p, dataset, source=source) for p in paths]
    added = _union(*(c.graph for c in contributions))
    merged = _union(dataset, added)
    # only the focus nodes the contributions may affect are validated, before and after
    before, after = validate_contribution(dataset, added, shapes)
    old = {_key(r) for r in before.results}
    results = [_locate(r, contributions) for r in after.results if _key(r) not in old]
    results += undefined_references(contributions, lambda iri: (iri, None, None) in merged)
    results += possible_duplicates(
        contributions,
        lambda: NameIndex.from_graph(dataset),
        lambda node: (node, RDF.type, None) in dataset,
        merged,
    )
    known = partial(Known.from_graphs, ontology=ontology, data=data)
    results += not_own(contributions, known, merged)
    results += unsourced(contributions, data_quads, merged)
    return ValidationReport(_sorted(results), merged)


CHECK_TIMEOUT = 300.0
"""Seconds checking contributions may take in :func:`check_untrusted`; a town's takes a few."""


def check_untrusted(
    paths: Sequence[Path | str],
    *,
    root: Path | str | None = None,
    shapes: Graph | None = None,
    source: str | None = None,
    store: str = "memory",
) -> ValidationReport:
    """:func:`check_contributions` for files from strangers: in a child process under CPU and
    memory limits, stopped after :data:`CHECK_TIMEOUT` seconds.

    Raises:
        LimitError: the check ran out of time or memory.
    """
    with checking_untrusted(paths, root=root, shapes=shapes, source=source, store=store) as report:
        return report()


@contextmanager
def checking_untrusted(
    paths: Sequence[Path | str],
    *,
    root: Path | str | None = None,
    store: str = "memory",
    digest: str | None = None,
    **options: Any,
) -> Iterator[Callable[[], ValidationReport]]:
    """:func:`check_untrusted` started: the check runs in its child process while this one goes
    on; yields the function that waits for the report. ``options`` are the others of
    :func:`check_contributions`. A store on disk that the files changed since is loaded first,
    outside the limits (:func:`lpkg.store.loaded_beforehand`, which ``digest`` says was called).

    Raises:
        What :func:`lpkg.store.open_store` raises.
    Raises (from the function yielded):
        LimitError: the check ran out of time or memory.
    """
    from ..store import loaded_beforehand

    if digest is None:
        digest = loaded_beforehand(store, root=root)
    with limited(
        "Validating " + ", ".join(map(str, paths)),
        partial(check_contributions, root=root, store=store, digest=digest, **options),
        paths,
        timeout=CHECK_TIMEOUT,
        # lpkg validate and lpkg add have no --timeout: the limit protects from strangers' files
        remedy="Split the contribution into smaller files.",
    ) as report:
        yield report


def _union(*graphs: Graph) -> Graph:
    """The statements of ``graphs`` (of every graph of a dataset) in one plain graph."""
    union = new_graph()
    for graph in graphs:
        triples = graph.quads() if isinstance(graph, Dataset) else graph
        for s, p, o, *_ in triples:
            union.add((s, p, o))
    return union


def unsourced(
    contributions: Sequence[Contribution], data: Dataset, labels: Graph
) -> list[ValidationResult]:
    """The problems with sources (:func:`lpkg.sources.find_problems`) that the contributions
    with sources cause, at their lines. Files of triples given without a source are left out:
    their statements are placed only when they are added. ``data`` is the dataset, or the part
    of it the problems of the contributions' subjects and graphs depend on
    (:mod:`lpkg.contribute.on_store`)."""
    placed = [c for c in contributions if c.placed]
    if not placed:
        return []
    together = new_dataset()
    for dataset in (data, *(c.dataset for c in placed)):
        for s, p, o, g in dataset.quads((None, None, None, None)):
            if g is None or g == DATASET_DEFAULT_GRAPH_ID:
                together.default_graph.add((s, p, o))
            else:
                together.add((s, p, o, g))
    old = set(find_problems(data))
    new = [f for f in find_problems(together) if f not in old]
    return [_locate(r, placed) for r in as_results(new, labels)]


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
    contributions: Sequence[Contribution], described: Callable[[URIRef], bool]
) -> list[ValidationResult]:
    """IRIs under the dataset's namespace that a contribution uses and nothing describes
    (``described``: whether the dataset with the contributions has statements about one)."""
    results = []
    for contribution in contributions:
        used = {t for triple in contribution.graph for t in triple if isinstance(t, URIRef)}
        for iri in sorted(used):
            if not str(iri).startswith(BASE) or described(iri):
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
    contributions: Sequence[Contribution],
    names: Callable[[], NameIndex],
    typed: Callable[[Node], bool],
    labels: Graph,
) -> list[ValidationResult]:
    """A warning for each new organization whose name matches one the dataset already has:
    ``names`` indexes the dataset's organizations (made only when a contribution has a new one),
    ``typed`` says whether the dataset types a resource, ``labels`` labels the contribution's."""
    from ..match import ORGANIZATION_CLASSES

    index = None
    results = []
    for contribution in contributions:
        graph = contribution.graph
        # any of the classes: a contribution typed only org:FormalOrganization is one too
        new = {s for cls in ORGANIZATION_CLASSES for s in graph.subjects(RDF.type, cls)}
        for organization in sorted(new):
            if not isinstance(organization, URIRef) or typed(organization):
                continue
            index = index or names()
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
            label = label_of(labels, organization)
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
    contributions: Sequence[Contribution], known: Callable[[Graph], Known], labels: Graph
) -> list[ValidationResult]:
    """A violation for each statement a contribution may not make; a note (``sh:Info``) for each
    change to a resource data/ already describes (``known``: what the dataset holds of a
    contribution's terms, :class:`~lpkg.contribute.ownership.Known`)."""
    results = []
    for contribution in contributions:
        for foreign in classify(contribution.graph, known(contribution.graph)):
            s, p, o = foreign.triple
            existing = foreign.kind is Kind.EXISTING
            messages = {
                lang: text.format(s=display(s), p=display(p))
                for lang, text in _NOT_OWN_MESSAGES[foreign.kind].items()
            }
            finding = ValidationResult(
                focus=s,
                focus_label=label_of(labels, s),
                path=p,
                value=o,
                component=CHANGES_EXISTING_DATA if existing else NOT_OWN[foreign.kind],
                source_shape=CHANGES_EXISTING_DATA if existing else NOT_OWN[foreign.kind],
                severity=SH.Info if existing else SH.Violation,
                messages=messages,
            )
            results.append(_locate(finding, [contribution]))
    return results
