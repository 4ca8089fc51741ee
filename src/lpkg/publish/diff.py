"""Compare two releases: the triples added and removed, and release notes a person reads."""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from ..errors import InputError, LimitError, MissingFileError
from ..fmt import CANONICAL_STEPS, canonical_graph
from ..labels import curie, display, label_of
from ..load import new_graph, parse_file
from ..namespaces import LPKG, ORG

log = logging.getLogger(__name__)

__all__ = [
    "RELEASE_GRAPH",
    "Delta",
    "LabelChange",
    "MembershipChange",
    "ResourceChange",
    "diff_graphs",
    "diff_releases",
    "load_release",
    "release_notes",
    "release_version",
    "render_markdown",
    "render_text",
    "render_turtle",
    "stable_blank_nodes",
]

RELEASE_GRAPH = "lpkg.ttl"
"""The file of a release directory that holds the asserted graph (written by ``lpkg build``)."""

MAX_RELEASE_BYTES = 200_000_000
"""A release is larger than a contribution; the limit only guards against a wrong file."""
MAX_RELEASE_TRIPLES = 2_000_000
"""Likewise for the number of triples (the dataset of three towns has about 2,200)."""

LABEL_PROPERTIES = (SKOS.prefLabel, RDFS.label, SKOS.altLabel, LPKG.listedName, LPKG.formerName)
"""The labels and names whose changes the summary lists."""

PARTNERSHIP_CLASSES = frozenset({LPKG.LocalPartnership})
ORGANIZATION_CLASSES = frozenset({ORG.Organization, ORG.FormalOrganization, ORG.OrganizationalUnit})
MEMBERSHIP_CLASSES = frozenset({ORG.Membership})

LANGS = ("cs", "en")
"""The languages of release notes, in their order: Czech first, the dataset's own language."""

PARTS = ("added", "removed")
"""The two halves of a delta that ``render_turtle`` writes, one at a time."""


@dataclass(frozen=True)
class MembershipChange:
    """A membership that is new or gone: who, in which partnership, under which listed names."""

    iri: URIRef
    member: URIRef | None
    partnership: URIRef | None
    listed_names: tuple[str, ...]


@dataclass(frozen=True)
class LabelChange:
    """The values of one label property in one language of a resource, before and after."""

    subject: URIRef
    prop: URIRef
    lang: str
    before: tuple[str, ...]
    after: tuple[str, ...]


@dataclass(frozen=True)
class ResourceChange:
    """How many triples about a resource (its blank nodes included) were added and removed,
    apart from the changes of labels and names."""

    iri: URIRef
    added: int
    removed: int


@dataclass
class Delta:
    """What changed from an old graph to a new one.

    ``added`` and ``removed`` hold the triples, with blank nodes labelled by content (so blank
    nodes that differ only in their labels are not changes); ``old`` and ``new`` are the whole
    graphs, labelled the same way, for looking up labels and the subjects of blank nodes.
    """

    old: Graph
    new: Graph
    added: Graph
    removed: Graph
    new_partnerships: list[URIRef] = field(default_factory=list)
    removed_partnerships: list[URIRef] = field(default_factory=list)
    new_organizations: list[URIRef] = field(default_factory=list)
    removed_organizations: list[URIRef] = field(default_factory=list)
    new_memberships: list[MembershipChange] = field(default_factory=list)
    removed_memberships: list[MembershipChange] = field(default_factory=list)
    new_resources: list[URIRef] = field(default_factory=list)
    """Other resources (subjects) that only the new graph has: places, projects, events, …"""
    removed_resources: list[URIRef] = field(default_factory=list)
    label_changes: list[LabelChange] = field(default_factory=list)
    changed_resources: list[ResourceChange] = field(default_factory=list)
    """Resources in both graphs whose other triples (their blank nodes included) changed."""

    @property
    def identical(self) -> bool:
        """True when the two graphs are isomorphic: nothing added, nothing removed."""
        return not self.added and not self.removed


def load_release(path: Path | str) -> Graph:
    """The asserted graph of a release: a release directory (its ``lpkg.ttl``) or an RDF file
    (Turtle, N-Triples, …) read with :func:`lpkg.load.parse_file`.

    Raises:
        MissingFileError: ``path`` does not exist.
        InputError: ``path`` is a directory without ``lpkg.ttl``.
        ParseError: the file is not valid RDF (with line and column).
    """
    path = Path(path)
    if path.is_dir():
        graph_file = path / RELEASE_GRAPH
        if not graph_file.is_file():
            raise InputError(
                f"{path} is a directory without {RELEASE_GRAPH}, so not a release; give a "
                "directory written by `lpkg build`, or a Turtle or N-Triples file."
            )
        path = graph_file
    elif not path.exists():
        raise MissingFileError(path)
    return parse_file(path, max_bytes=MAX_RELEASE_BYTES, max_triples=MAX_RELEASE_TRIPLES)


def diff_graphs(old: Graph, new: Graph) -> Delta:
    """The triples added and removed from ``old`` to ``new``, and a summary of what they mean.

    Blank nodes are compared by what they say and who refers to them, never by their labels
    (see :func:`stable_blank_nodes`); isomorphic graphs give an empty delta.

    >>> from lpkg.namespaces import LP
    >>> old, new = Graph(), Graph()
    >>> _ = new.add((LP.trmice, RDF.type, LPKG.LocalPartnership))
    >>> delta = diff_graphs(old, new)
    >>> delta.new_partnerships, len(delta.added), len(delta.removed), delta.identical
    ([rdflib.term.URIRef('https://w3id.org/lpkg/id/partnership/trmice')], 1, 0, False)
    """
    old_c, new_c = stable_blank_nodes(old), stable_blank_nodes(new)
    if _isomorphic(old, new):
        return Delta(old=old_c, new=new_c, added=new_graph(), removed=new_graph())
    old_triples, new_triples = set(old_c), set(new_c)
    added, removed = new_graph(), new_graph()
    for triple in new_triples - old_triples:
        added.add(triple)
    for triple in old_triples - new_triples:
        removed.add(triple)
    delta = Delta(old=old_c, new=new_c, added=added, removed=removed)
    if delta.identical:
        return delta

    partnerships_before = _instances(old_c, PARTNERSHIP_CLASSES)
    partnerships_after = _instances(new_c, PARTNERSHIP_CLASSES)
    delta.new_partnerships.extend(sorted(partnerships_after - partnerships_before))
    delta.removed_partnerships.extend(sorted(partnerships_before - partnerships_after))

    # a partnership is an org:Organization too, but is listed as a partnership only
    organizations_before = _instances(old_c, ORGANIZATION_CLASSES) - partnerships_before
    organizations_after = _instances(new_c, ORGANIZATION_CLASSES) - partnerships_after
    delta.new_organizations.extend(sorted(organizations_after - organizations_before))
    delta.removed_organizations.extend(sorted(organizations_before - organizations_after))

    memberships_before = _instances(old_c, MEMBERSHIP_CLASSES)
    memberships_after = _instances(new_c, MEMBERSHIP_CLASSES)
    delta.new_memberships.extend(
        _membership(new_c, iri) for iri in sorted(memberships_after - memberships_before)
    )
    delta.removed_memberships.extend(
        _membership(old_c, iri) for iri in sorted(memberships_before - memberships_after)
    )

    listed = set(delta.new_partnerships) | set(delta.new_organizations) | memberships_after
    listed |= set(delta.removed_partnerships) | set(delta.removed_organizations)
    listed |= memberships_before
    subjects_before, subjects_after = _iri_subjects(old_c), _iri_subjects(new_c)
    delta.new_resources.extend(sorted(subjects_after - subjects_before - listed))
    delta.removed_resources.extend(sorted(subjects_before - subjects_after - listed))

    touched = {s for s, p, _ in (*added, *removed) if p in LABEL_PROPERTIES}
    for subject in sorted(s for s in touched & subjects_before & subjects_after):
        delta.label_changes.extend(_label_changes(old_c, new_c, subject))

    counts: dict[URIRef, list[int]] = defaultdict(lambda: [0, 0])
    for index, (triples, context) in enumerate(((added, new_c), (removed, old_c))):
        for s, p, _ in triples:
            anchor, path = _anchor(context, s)
            if isinstance(anchor, URIRef) and not (p in LABEL_PROPERTIES and not path):
                counts[anchor][index] += 1
    delta.changed_resources.extend(
        ResourceChange(iri, *counts[iri])
        for iri in sorted(counts.keys() & subjects_before & subjects_after)
    )
    log.debug("diff: %d triples added, %d removed", len(added), len(removed))
    return delta


def _isomorphic(old: Graph, new: Graph) -> bool:
    """Whether the graphs differ only in their blank node labels. The canonical labelling, whose
    work :func:`canonical_graph` bounds, runs only when the cheap tests cannot tell.

    Raises:
        LimitError: the blank nodes are too symmetric to compare within the bound.
    """
    if len(old) != len(new):
        return False
    ground_old = {t for t in old if not any(isinstance(term, BNode) for term in t)}
    ground_new = {t for t in new if not any(isinstance(term, BNode) for term in t)}
    if ground_old != ground_new:
        return False
    # a whole release needs more work than one file (the dataset of 19 partnerships, 7.4k
    # triples, between 400,000 and 2,000,000 steps): the bound grows with the release
    steps = max(CANONICAL_STEPS, 300 * len(old))
    return set(canonical_graph(old, steps=steps)) == set(canonical_graph(new, steps=steps))


def diff_releases(old: Path | str, new: Path | str) -> Delta:
    """:func:`diff_graphs` of two releases read with :func:`load_release`."""
    old_graph, new_graph_ = load_release(old), load_release(new)
    try:
        return diff_graphs(old_graph, new_graph_)
    except LimitError as err:
        raise LimitError(f"Comparing {old} with {new}: {err}") from None


def release_notes(
    previous: Path | str,
    current: Path | str,
    *,
    langs: Sequence[str] = LANGS,
    version: str | None = None,
    day: date | None = None,
) -> str:
    """Release notes in Markdown (:func:`render_markdown`) from release ``previous`` to
    ``current``; each is a release directory or a Turtle or N-Triples file. The heading names
    ``version`` and ``day``, by default those of ``current`` (:func:`release_version`).

    Raises:
        MissingFileError, InputError, ParseError: as :func:`load_release`.
    """
    delta = diff_releases(previous, current)
    if version is None:
        version, day = release_version(current, delta.new)
    return render_markdown(delta, langs=langs, version=version, day=day)


def release_version(release: Path | str, graph: Graph) -> tuple[str | None, date | None]:
    """The version and date of a release: from its DCAT record (``catalog/dataset.ttl``, as
    ``lpkg build`` writes it: ``dcat:version``, ``dcterms:modified``), else from the ontology in
    ``graph``, the release's graph (``owl:versionInfo``, ``dcterms:modified``); None for what
    neither states.

    Raises:
        ParseError: the DCAT record is malformed.
    """
    from .metadata import DATASET, DCAT_VERSION

    record = Path(release) / "catalog" / "dataset.ttl"
    if record.is_file():
        graph, subjects, version_property = parse_file(record), [DATASET], DCAT_VERSION
    else:
        subjects = sorted(graph.subjects(RDF.type, OWL.Ontology), key=str)
        version_property = OWL.versionInfo
    for subject in subjects:
        version = graph.value(subject, version_property)
        if version is not None:
            return str(version), _date(graph, subject)
    return None, None


def _date(graph: Graph, subject: Node) -> date | None:
    for prop in (DCTERMS.modified, DCTERMS.issued):
        for value in sorted((str(o)[:10] for o in graph.objects(subject, prop)), reverse=True):
            try:
                return date.fromisoformat(value)
            except ValueError:
                continue
    return None


# --- the summary -------------------------------------------------------------------------


def stable_blank_nodes(graph: Graph) -> Graph:
    """A copy of ``graph`` (with the project's prefixes) whose blank nodes are labelled by what
    they say and by who refers to them, so that the same structure gets the same label in two
    releases however the files labelled it.

    ``rdflib.compare.to_canonical_graph`` is not enough for a diff: its labels are canonical for
    the graph as a whole, so a blank node added in one place relabels unchanged blank nodes
    elsewhere. Here a label hashes the blank node's triples (blank objects by their own content,
    recursively) and the triples that refer to it (a blank referrer by its own label). Blank
    nodes that agree in both are interchangeable; they are numbered in turn.

    >>> from lpkg.namespaces import LP
    >>> from rdflib.namespace import TIME
    >>> one, two = Graph(), Graph()
    >>> for g, label in ((one, "x"), (two, "y")):
    ...     _ = g.add((LP.most, TIME.hasTime, BNode(label)))
    ...     _ = g.add((BNode(label), RDF.type, TIME.Instant))
    >>> set(stable_blank_nodes(one)) == set(stable_blank_nodes(two))
    True
    """
    content: dict[BNode, str] = {}
    labels: dict[BNode, str] = {}

    def digest(parts: Iterable[str]) -> str:
        return hashlib.sha256("\n".join(sorted(parts)).encode("utf-8")).hexdigest()

    def below(node: BNode, seen: frozenset[BNode]) -> str:
        if node in seen:
            return "cycle"
        if node not in content:
            seen |= {node}
            content[node] = digest(
                f"{p.n3()} {below(o, seen) if isinstance(o, BNode) else o.n3()}"
                for p, o in graph.predicate_objects(node)
            )
        return content[node]

    def label(node: BNode, seen: frozenset[BNode]) -> str:
        if node in seen:
            return "cycle"
        if node not in labels:
            seen |= {node}
            above = (
                f"{label(s, seen) if isinstance(s, BNode) else s.n3()} {p.n3()}"
                for s, p in graph.subject_predicates(node)
            )
            labels[node] = digest([below(node, frozenset()), "^", *above])
        return labels[node]

    blank = sorted(
        {t for triple in graph for t in triple if isinstance(t, BNode)},
        key=lambda node: label(node, frozenset()),
    )
    renamed: dict[BNode, BNode] = {}
    taken: defaultdict[str, int] = defaultdict(int)
    for node in blank:
        key = label(node, frozenset())
        renamed[node] = BNode(f"b{key[:32]}" + (f"n{taken[key]}" if taken[key] else ""))
        taken[key] += 1
    target = new_graph()
    for s, p, o in graph:
        target.add(
            (
                renamed.get(s, s) if isinstance(s, BNode) else s,
                p,
                renamed.get(o, o) if isinstance(o, BNode) else o,
            )
        )
    return target


def _instances(graph: Graph, classes: Iterable[URIRef]) -> set[URIRef]:
    return {
        s
        for cls in classes
        for s in graph.subjects(RDF.type, cls)
        if isinstance(s, URIRef)  # a blank node has no identity across releases
    }


def _iri_subjects(graph: Graph) -> set[URIRef]:
    return {s for s in graph.subjects(unique=True) if isinstance(s, URIRef)}


def _membership(graph: Graph, iri: URIRef) -> MembershipChange:
    member = graph.value(iri, ORG.member)
    partnership = graph.value(iri, ORG.organization)
    names = sorted(str(v) for v in graph.objects(iri, LPKG.listedName) if isinstance(v, Literal))
    return MembershipChange(
        iri=iri,
        member=member if isinstance(member, URIRef) else None,
        partnership=partnership if isinstance(partnership, URIRef) else None,
        listed_names=tuple(names),
    )


def _label_changes(old: Graph, new: Graph, subject: URIRef) -> Iterator[LabelChange]:
    for prop in LABEL_PROPERTIES:
        before, after = _values_by_lang(old, subject, prop), _values_by_lang(new, subject, prop)
        for lang in sorted(before.keys() | after.keys()):
            was, now = before.get(lang, ()), after.get(lang, ())
            if was != now:
                yield LabelChange(subject, prop, lang, was, now)


def _values_by_lang(graph: Graph, subject: URIRef, prop: URIRef) -> dict[str, tuple[str, ...]]:
    values: dict[str, list[str]] = defaultdict(list)
    for value in graph.objects(subject, prop):
        if isinstance(value, Literal):
            values[value.language or ""].append(str(value))
    return {lang: tuple(sorted(texts)) for lang, texts in values.items()}


# --- triples grouped by subject ----------------------------------------------------------

_Path = tuple[URIRef, ...]
"""The predicates from a subject IRI down to the blank node a triple is about."""


def _anchor(graph: Graph, node: Node) -> tuple[Node, _Path]:
    """The IRI subject that refers (perhaps through other blank nodes) to a blank node ``node``,
    and the predicates on the way; a blank node nothing refers to is its own anchor."""
    path: list[URIRef] = []
    seen = {node}
    while isinstance(node, BNode):
        referrers = sorted(graph.subject_predicates(node), key=lambda sp: (str(sp[0]), sp[1]))
        if not referrers:
            break
        parent, predicate = referrers[0]
        if parent in seen:
            break
        seen.add(parent)
        assert isinstance(predicate, URIRef)
        path.insert(0, predicate)
        node = parent
    return node, tuple(path)


@dataclass(frozen=True, order=True)
class _Line:
    path: tuple[str, ...]
    predicate: str
    obj: str
    sign: str


def _grouped(delta: Delta) -> list[tuple[Node, list[_Line]]]:
    """Added (``+``) and removed (``-``) triples by the IRI subject they are about, sorted."""
    groups: dict[Node, list[_Line]] = defaultdict(list)
    for sign, triples, context in (("-", delta.removed, delta.old), ("+", delta.added, delta.new)):
        for s, p, o in triples:
            anchor, path = _anchor(context, s)
            shown_path = tuple(curie(step) for step in path)
            groups[anchor].append(_Line(shown_path, _term(p), _term(o), sign))
    return [
        (subject, sorted(groups[subject]))
        for subject in sorted(groups, key=lambda n: (isinstance(n, BNode), str(n)))
    ]


def _term(term: Node) -> str:
    if isinstance(term, BNode):
        return "[]"
    if isinstance(term, Literal):
        text = '"' + str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None:
            return f"{text}^^{curie(term.datatype)}"
        return text
    return display(term)


def _triple_lines(lines: list[_Line]) -> list[str]:
    return [
        f"{line.sign} {' / '.join((*(f'{step} []' for step in line.path), line.predicate))} "
        f"{line.obj}"
        for line in lines
    ]


# --- rendering ---------------------------------------------------------------------------

_MESSAGES = {
    "en": {
        "language": "English",
        "identical": "The releases are identical (no triple added or removed).",
        "none": "No changes.",
        "new_partnerships": "New partnerships",
        "removed_partnerships": "Removed partnerships",
        "new_organizations": "New organizations",
        "removed_organizations": "Removed organizations",
        "new_memberships": "New memberships",
        "removed_memberships": "Removed memberships",
        "new_resources": "Other new resources",
        "removed_resources": "Other removed resources",
        "label_changes": "Changed labels and names",
        "changed_resources": "Other changes to existing resources",
        "counts": "{added} triples added, {removed} removed",
        "partnership": "Partnership",
        "organization": "Organization",
        "membership": "{partnership}: {member}",
        "listed": "listed as {names}",
        "resource": "{cls}",
        "triples": "Triples: {added} added, {removed} removed.",
        "by_subject": "Triples by subject",
        "details": "Triples by subject: {added} added, {removed} removed",
        "added_value": "added {after}",
        "removed_value": "removed {before}",
        "unknown": "(unknown)",
        "quotes": "“”",
    },
    "cs": {
        "language": "Česky",
        "identical": "Vydání jsou shodná (žádná trojice nepřibyla ani neubyla).",
        "none": "Beze změn.",
        "new_partnerships": "Nová partnerství",
        "removed_partnerships": "Odebraná partnerství",
        "new_organizations": "Nové organizace",
        "removed_organizations": "Odebrané organizace",
        "new_memberships": "Nová členství",
        "removed_memberships": "Odebraná členství",
        "new_resources": "Další nové zdroje",
        "removed_resources": "Další odebrané zdroje",
        "label_changes": "Změněné štítky a názvy",
        "changed_resources": "Další změny stávajících zdrojů",
        "counts": "trojic přidáno {added}, odebráno {removed}",
        "partnership": "Partnerství",
        "organization": "Organizace",
        "membership": "{partnership}: {member}",
        "listed": "uvedeno jako {names}",
        "resource": "{cls}",
        "triples": "Trojice: {added} přidáno, {removed} odebráno.",
        "by_subject": "Trojice podle subjektu",
        "details": "Trojice podle subjektu: {added} přidáno, {removed} odebráno",
        "added_value": "přidáno {after}",
        "removed_value": "odebráno {before}",
        "unknown": "(neuvedeno)",
        "quotes": "„“",
    },
}


def _messages(lang: str) -> dict[str, str]:
    if lang not in _MESSAGES:
        raise InputError(f"unknown language {lang!r}; lpkg speaks {', '.join(_MESSAGES)}.")
    return _MESSAGES[lang]


def _quoted(texts: Iterable[str], lang: str) -> str:
    start, end = _messages(lang)["quotes"]
    return ", ".join(f"{start}{text}{end}" for text in texts)


def _name(graph: Graph, node: URIRef | None, lang: str, unknown: str) -> str:
    return unknown if node is None else label_of(graph, node, lang)


def _membership_text(graph: Graph, change: MembershipChange, lang: str, emphasis: str) -> str:
    m = _messages(lang)
    text = m["membership"].format(
        member=emphasis + _name(graph, change.member, lang, m["unknown"]) + emphasis,
        partnership=_name(graph, change.partnership, lang, m["unknown"]),
    )
    if change.listed_names:
        text += ", " + m["listed"].format(names=_quoted(change.listed_names, lang))
    return text


def _label_change_text(change: LabelChange, lang: str) -> str:
    m = _messages(lang)
    prop = curie(change.prop) + (f"@{change.lang}" if change.lang else "")
    if change.before and change.after:
        what = f"{_quoted(change.before, lang)} → {_quoted(change.after, lang)}"
    elif change.after:
        what = m["added_value"].format(after=_quoted(change.after, lang))
    else:
        what = m["removed_value"].format(before=_quoted(change.before, lang))
    return f"{prop}: {what}"


def _classes(graph: Graph, node: URIRef) -> str:
    return ", ".join(
        sorted(curie(c) for c in graph.objects(node, RDF.type) if isinstance(c, URIRef))
    )


@dataclass(frozen=True)
class _Item:
    """One line of the summary: its text and the IRI it is about."""

    text: str
    iri: URIRef

    def suffix(self, template: str) -> str:
        """The CURIE of the IRI in ``template`` after a space, unless the text shows it."""
        shown = curie(self.iri)
        return "" if shown in self.text else " " + template.format(shown)


def _sections(delta: Delta, lang: str, emphasis: str = "") -> list[tuple[str, str, list[_Item]]]:
    """The summary as (kind, heading, items); kind is ``added``, ``changed`` or ``removed``."""
    m = _messages(lang)

    def named(graph: Graph, iri: URIRef) -> str:
        return f"{emphasis}{label_of(graph, iri, lang)}{emphasis}"

    def resource(graph: Graph, iri: URIRef) -> str:
        classes = _classes(graph, iri)
        return named(graph, iri) + (f" ({classes})" if classes else "")

    new, old = delta.new, delta.old
    return [
        ("added", m["new_partnerships"], [_Item(named(new, i), i) for i in delta.new_partnerships]),
        (
            "added",
            m["new_organizations"],
            [_Item(named(new, i), i) for i in delta.new_organizations],
        ),
        (
            "added",
            m["new_memberships"],
            [_Item(_membership_text(new, c, lang, emphasis), c.iri) for c in delta.new_memberships],
        ),
        ("added", m["new_resources"], [_Item(resource(new, i), i) for i in delta.new_resources]),
        (
            "changed",
            m["label_changes"],
            [
                _Item(f"{named(new, c.subject)}: {_label_change_text(c, lang)}", c.subject)
                for c in delta.label_changes
            ],
        ),
        (
            "changed",
            m["changed_resources"],
            [
                _Item(
                    f"{named(new, c.iri)}: {m['counts'].format(added=c.added, removed=c.removed)}",
                    c.iri,
                )
                for c in delta.changed_resources
            ],
        ),
        (
            "removed",
            m["removed_partnerships"],
            [_Item(named(old, i), i) for i in delta.removed_partnerships],
        ),
        (
            "removed",
            m["removed_organizations"],
            [_Item(named(old, i), i) for i in delta.removed_organizations],
        ),
        (
            "removed",
            m["removed_memberships"],
            [
                _Item(_membership_text(old, c, lang, emphasis), c.iri)
                for c in delta.removed_memberships
            ],
        ),
        (
            "removed",
            m["removed_resources"],
            [_Item(resource(old, i), i) for i in delta.removed_resources],
        ),
    ]


def render_text(delta: Delta, *, lang: str = "cs") -> str:
    """The summary, then every added (``+``) and removed (``-``) triple under its subject, as
    plain text for a terminal. Triples about a blank node are shown under the subject that
    refers to it, the path written ``predicate [] / predicate object``.
    """
    m = _messages(lang)
    if delta.identical:
        return m["identical"] + "\n"
    out: list[str] = []
    marks = {"added": "+", "changed": "~", "removed": "-"}
    for kind, heading, items in _sections(delta, lang):
        if items:
            out.append(f"{heading} ({len(items)}):")
            out.extend(f"  {marks[kind]} {item.text}{item.suffix('({})')}" for item in items)
    out.append(m["triples"].format(added=len(delta.added), removed=len(delta.removed)))
    out.append("")
    out.append(m["by_subject"] + ":")
    for subject, lines in _grouped(delta):
        graph = delta.new if (subject, None, None) in delta.new else delta.old
        out.append("")
        out.append(_subject_heading(graph, subject, lang))
        out.extend("  " + line for line in _triple_lines(lines))
    return "\n".join(out) + "\n"


def _subject_heading(graph: Graph, subject: Node, lang: str) -> str:
    shown = display(subject)
    label = label_of(graph, subject, lang)
    return shown if label == shown else f"{shown} — {label}"


def render_markdown(
    delta: Delta,
    *,
    langs: Sequence[str] = LANGS,
    version: str | None = None,
    day: date | None = None,
) -> str:
    """Release notes for ``CHANGELOG.md``: a heading ``## VERSION (DAY)`` (when a version is
    given), then for each language in ``langs`` the summary as ``Added``, ``Changed`` and
    ``Removed`` sections (Keep a Changelog; the headings stay in English, the format's keywords)
    with one bullet per resource and names as in the data, then the triples per subject in a
    collapsed ``<details>`` block, once (labels in the first language).

    One language gives Keep a Changelog's ``###`` sections; several give a ``### Česky`` /
    ``### English`` heading each, with the sections one level down.

    Raises:
        InputError: an unknown language, or none.
    """
    if not langs:
        raise InputError(f"no language for the release notes; choose from {', '.join(LANGS)}.")
    out: list[str] = []
    if version is not None:
        out += [f"## {version}" + (f" ({day.isoformat()})" if day else ""), ""]
    level = "###" if len(langs) == 1 else "####"
    for lang in langs:
        m = _messages(lang)
        if len(langs) > 1:
            out += [f"### {m['language']}", ""]
        if delta.identical:
            out += [m["none"], ""]
            continue
        for kind in ("added", "changed", "removed"):
            sections = [
                (h, items) for k, h, items in _sections(delta, lang, "**") if k == kind and items
            ]
            if not sections:
                continue
            out += [f"{level} {kind.capitalize()}", ""]
            for heading, items in sections:
                out.append(f"- {heading} ({len(items)}):")
                out.extend(f"  - {item.text}{item.suffix('(`{}`)')}" for item in items)
            out.append("")
    if not delta.identical:
        out += _details(delta, langs)
    return "\n".join(out).rstrip("\n") + "\n"


def _details(delta: Delta, langs: Sequence[str]) -> list[str]:
    """The triples per subject in a collapsed block, labelled in the first language."""
    summary = " / ".join(
        _messages(lang)["details"].format(added=len(delta.added), removed=len(delta.removed))
        for lang in langs
    )
    out = ["<details>", f"<summary>{summary}</summary>"]
    for subject, lines in _grouped(delta):
        graph = delta.new if (subject, None, None) in delta.new else delta.old
        out += ["", f"#### {_md_heading(graph, subject, langs[0])}", "", "```diff"]
        out.extend(_triple_lines(lines))
        out.append("```")
    return [*out, "", "</details>"]


def _md_heading(graph: Graph, subject: Node, lang: str) -> str:
    shown = display(subject)
    label = label_of(graph, subject, lang)
    return f"`{shown}`" if label == shown else f"`{shown}` — {label}"


def render_turtle(delta: Delta, *, part: str = "added", fmt: str = "turtle") -> str:
    """One half of the delta as an RDF document: ``part`` is ``added`` (the triples only the
    new release has) or ``removed`` (those only the old one has); ``fmt`` is ``turtle``
    (canonical Turtle with a header comment) or ``n-triples`` (sorted lines).

    Applying the delta is ``old - removed + added``, which gives a graph isomorphic to the new
    one. Blank nodes carry labels made from their content (:func:`stable_blank_nodes`), the
    same in both parts of one delta.

    Raises:
        InputError: an unknown ``part`` or ``fmt``.
    """
    from ..fmt import canonical_turtle

    if part not in PARTS:
        raise InputError(f"unknown part {part!r}; choose one of {', '.join(PARTS)}.")
    graph = delta.added if part == "added" else delta.removed
    if fmt == "turtle":
        other = "removed" if part == "added" else "added"
        header = (
            f"# lpkg diff: the {len(graph)} triples {part} from the old release to the new one "
            f"(`--part {other}` gives the {other} ones).\n"
        )
        return canonical_turtle(graph, header)
    if fmt == "n-triples":
        lines = sorted(graph.serialize(format="nt").splitlines())
        return "".join(line + "\n" for line in lines if line.strip())
    raise InputError(f"unknown RDF format {fmt!r}; choose turtle or n-triples.")
