"""Find the organizations in the graph that a name may stand for, precision first."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from .declension import town_base
from .errors import InputError
from .labels import curie, label_of, strip_diacritics
from .namespaces import LPKG, ORG, SCHEMA
from .paths import regular_file
from .spreadsheet import csv_text

DEFAULT_THRESHOLD = 85.0
"""Lowest score a candidate needs; names equal after normalizing score 95–100, typos less."""

# --- Normalization tables (folded: lower case, no diacritics) ---------------------------------

_ABBREVIATIONS: dict[str, tuple[str, str]] = {
    "cr": ("ČR", "česká republika"),
    "pcr": ("PČR", "policie česká republika"),
    "cce": ("ČCE", "českobratrská církev evangelická"),
    "dcce": ("DČCE", "diakonie českobratrská církev evangelická"),
    "up": ("ÚP", "úřad práce"),
    "mp": ("MP", "městská policie"),
    "mep": ("MěP", "městská policie"),
    "meu": ("MěÚ", "městský úřad"),
    "ou": ("OÚ", "obecní úřad"),
    "zs": ("ZŠ", "základní škola"),
    "ms": ("MŠ", "mateřská škola"),
    "ss": ("SŠ", "střední škola"),
    "sst": ("SŠT", "střední škola technická"),
    "ospod": ("OSPOD", "orgán sociálně právní ochrany dětí"),
    "osv": ("OSV", "odbor sociálních věcí"),
    "skpv": ("SKPV", "služba kriminální policie a vyšetřování"),
    "tj": ("TJ", "tělovýchovná jednota"),
    "mmr": ("MMR", "ministerstvo pro místní rozvoj"),
    "mpsv": ("MPSV", "ministerstvo práce a sociálních věcí"),
    "pms": ("PMS", "probační a mediační služba"),
}
"""Abbreviations common in the member lists: folded token → (as written, expansion)."""

_PHRASES: dict[tuple[str, ...], tuple[str, ...]] = {
    ("ceske", "republiky"): ("ceska", "republika"),
    ("ceske", "republice"): ("ceska", "republika"),
    ("ceskou", "republiku"): ("ceska", "republika"),
    ("ceskobratrske", "cirkve", "evangelicke"): ("ceskobratrska", "cirkev", "evangelicka"),
    # "české církve evangelické" (the Most page): a common slip for the church's name
    ("ceske", "cirkve", "evangelicke"): ("ceskobratrska", "cirkev", "evangelicka"),
    ("uradu", "prace"): ("urad", "prace"),
    ("uradu", "vlady"): ("urad", "vlady"),
    ("mesta",): ("mesto",),
    ("mestu",): ("mesto",),
    ("meste",): ("mesto",),
    ("magistratu",): ("magistrat",),
    ("mestskeho", "uradu"): ("mestsky", "urad"),
    ("mestskem", "urade"): ("mestsky", "urad"),
}
"""Inflected forms of common words and phrases → the form the dataset's names use."""

_PHRASES_FROM = {
    first: [(phrase, canonical) for phrase, canonical in _PHRASES.items() if phrase[0] == first]
    for first in dict.fromkeys(phrase[0] for phrase in _PHRASES)
}
""":data:`_PHRASES` by their first word, in their order: a word starts only those."""

_SEED_TOWNS = frozenset(
    "most litvinov trmice janov kopisty velebudice chanov usti labem trsice".split()
)
"""Towns and town parts (folded, base form) that names in the region mention whether or not the
graph describes them as places; :meth:`NameIndex.from_graph` adds every place the graph labels,
and :func:`lpkg.declension.town_base` finds their inflected forms by rule. Tršice (near Olomouc)
is one letter from Trmice: a town of its own, so that "ZŠ Tršice" is never a typo of "ZŠ
Trmice"."""

_COUNTRY = frozenset({"ceska", "republika"})
"""Tokens of the national qualifier "ČR": optional when comparing (Policie ČR = Policie)."""

_STOPWORDS = frozenset(
    "a i k ke v ve z ze s se o u do na nad pod pro při pri od po za of the and in for".split()
)

_GENERIC = frozenset(
    """
    mesto mestska mestsky mestske obec obecni magistrat urad uradu policie charita oblastni
    diakonie stredisko pracoviste centrum odbor oddeleni sekce socialni socialnich socialne
    pravni ochrany deti organ veci pomoci sluzba sluzby technicke technicka skola zakladni
    materska stredni specialni prakticka klub sportovni telovychovna jednota sdruzeni spolecnost
    organizace ministerstvo dum domov rada okres kraj lokalni
    town municipal police office labour department centre center social services school club
    district workplace assistance ministry house council
    """.split()
)
"""Words that many organizations share; a match must not rest on them (nor on a town)."""

_LETTER_VARIANTS = {
    "a": "aá",
    "c": "cč",
    "d": "dď",
    "e": "eéě",
    "i": "ií",
    "n": "nň",
    "o": "oó",
    "r": "rř",
    "s": "sš",
    "t": "tť",
    "u": "uúů",
    "y": "yý",
    "z": "zž",
}


def _loose(word: str) -> str:
    """A regex for ``word`` that accepts its letters with or without diacritics."""
    return "".join(f"[{_LETTER_VARIANTS[c]}]" if c in _LETTER_VARIANTS else c for c in word)


def _legal_form_pattern(form: str) -> str:
    parts = form.split()
    if all(len(p) == 1 for p in parts) and len(parts) > 1:
        # "o.s.", "o. s.", "o s" but never "os" glued: "ZŠ" folds to "zs", which is no "z. s."
        return r"(?:\.\s*|\s+)".join(_loose(p) for p in parts) + r"\.?"
    return r"\s+".join(_loose(p) for p in parts)


_LEGAL_FORMS = (
    "o p s",
    "o s",
    "z s",
    "z u",
    "p o",
    "spol s r o",
    "s r o",
    "a s",
    "v o s",
    "ops",
    "sro",
    "spolek",
    "zapsany spolek",
    "obcanske sdruzeni",
    "obecne prospesna spolecnost",
    "prispevkova organizace",
    "zapsany ustav",
)
_LEGAL_ALTERNATIVES = "|".join(
    _legal_form_pattern(f) for f in sorted(_LEGAL_FORMS, key=len, reverse=True)
)
_LEGAL_SUFFIX = re.compile(rf"(?:^|[\s,;]+)(?:{_LEGAL_ALTERNATIVES})\s*$", re.IGNORECASE)
# At the start only the dotted forms ("O.s. Drug-Out Klub"), so that no ordinary word is lost.
_LEGAL_PREFIX = re.compile(r"^(?:o\.\s*p\.\s*s\.|o\.\s*s\.|z\.\s*s\.)[\s,]*", re.IGNORECASE)
_NON_WORD = re.compile(r"[\W_]+")
_BRACKETS = re.compile(r"\([^()]*\)")


def _strip_legal_form(text: str) -> str:
    before = None
    while before != text:
        before = text
        stripped = _LEGAL_PREFIX.sub("", _LEGAL_SUFFIX.sub("", text)).strip()
        text = stripped or text
    return text


def _strip_punctuation(text: str) -> str:
    return _NON_WORD.sub(" ", text)


_BASIC_STEPS: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("case", str.casefold),
    ("diacritics", strip_diacritics),
    ("legal form", _strip_legal_form),
    ("punctuation", _strip_punctuation),
)


def _basic(name: str, skip: str | None = None) -> str:
    """Case, diacritics, legal form, punctuation and spacing normalized (``skip``: one step not)."""
    text = name
    for step, function in _BASIC_STEPS:
        if step != skip:
            text = function(text)
    return " ".join(text.split())


def _expand(tokens: list[str], notes: set[str], towns: Collection[str] = _SEED_TOWNS) -> list[str]:
    """Abbreviations expanded, inflected phrases and town forms reduced, the names of town
    offices, labour-office workplaces and the Office of the Government's departments put in one
    form; ``notes`` says which."""
    expanded: list[str] = []
    for token in tokens:
        if token in _ABBREVIATIONS:
            written, meaning = _ABBREVIATIONS[token]
            notes.add(f"abbreviation {written} = {meaning}")
            expanded += _basic(meaning).split()
        else:
            expanded.append(token)
    phrased: list[str] = []
    i = 0
    while i < len(expanded):
        for phrase, canonical in _PHRASES_FROM.get(expanded[i], ()):
            if tuple(expanded[i : i + len(phrase)]) == phrase:
                phrased += canonical
                i += len(phrase)
                break
        else:
            phrased.append(expanded[i])
            i += 1
    result: list[str] = []
    for token in phrased:
        base = town_base(token, towns)
        if base is not None and base != token:
            notes.add(f"town form {token} = {base}")
            token = base
        result.append(token)
    # "v Litvínově" → "Litvínov": the preposition before a town says nothing about the name
    result = [
        t
        for i, t in enumerate(result)
        if not (t in ("v", "ve") and i + 1 < len(result) and result[i + 1] in towns)
    ]
    return _kinds_of_bodies(result, notes)


def _kinds_of_bodies(tokens: list[str], notes: set[str]) -> list[str]:
    """One form for names that public bodies are listed under in several ways.

    - "Magistrát města X" is "Magistrát X": the office of the town X (an official name in the
      genitive, "Magistrát města Mostu", is reduced with the town).
    - "Úřad práce …, (kontaktní | dislokované) pracoviště X" is "Úřad práce X": the labour
      office's workplace in X; what stands between names the office it belongs to ("ČR", or a
      district office before 2011), not the workplace.
    - "Odbor pro Y" is "Agentura pro Y": the Office of the Government's agencies are its
      departments, named by their remit ("Odbor pro sociální začleňování (Agentura)").
    """
    if tokens[:2] == ["magistrat", "mesto"]:
        notes.add("Magistrát města X = Magistrát X")
        tokens = ["magistrat", *tokens[2:]]
    if tokens[:2] == ["urad", "prace"] and "pracoviste" in tokens[2:]:
        notes.add("Úřad práce …, pracoviště X = Úřad práce X")
        tokens = ["urad", "prace", *tokens[tokens.index("pracoviste", 2) + 1 :]]
    if tokens[:2] == ["odbor", "pro"]:
        notes.add("Odbor pro … = Agentura pro …")
        tokens = ["agentura", *tokens[1:]]
    return tokens


_WRITTEN_WORDS = frozenset(
    {w for _, meaning in _ABBREVIATIONS.values() for w in _basic(meaning).split()}
    | {w for canonical in _PHRASES.values() for w in canonical}
    | {"magistrat", "urad", "prace", "agentura"}  # what _kinds_of_bodies writes
)
"""The words lpkg itself writes into names (abbreviations' meanings, phrases' forms, the forms
of public bodies), whatever the name says: a new town that may change one of them may change
any name's analysis."""


def normalize_name(name: str) -> str:
    """The comparable form of an organization's name.

    Folds case and diacritics, turns punctuation into spaces, drops legal-form suffixes (o.s.,
    z. s., o.p.s., s.r.o., spolek, …), expands common abbreviations (ČR, ČCE, ÚP, MP, MěÚ, ZŠ,
    MŠ, OSPOD, …) and reduces inflected town names to their base form.

    >>> normalize_name("Most k naději, o.s.")
    'most k nadeji'
    >>> normalize_name("ÚP v Litvínově")
    'urad prace litvinov'
    >>> normalize_name("Oblastní charita v Mostě") == normalize_name("Oblastní charita Most")
    True
    >>> normalize_name("K srdci klíč o. p. s.")
    'k srdci klic'
    >>> normalize_name("O.s. Drug-Out Klub")
    'drug out klub'
    >>> normalize_name("Diakonie ČCE")
    'diakonie ceskobratrska cirkev evangelicka'
    >>> normalize_name("ZŠ a MŠ Litvínov – Janov")
    'zakladni skola a materska skola litvinov janov'
    """
    return " ".join(_expand(_basic(name).split(), set()))


# --- The analysed form of a name --------------------------------------------------------------


def _allowed_typos(length: int) -> int:
    """Edits a token of ``length`` letters may differ by: none up to 4 letters ("most")."""
    return 0 if length <= 4 else 1 if length <= 8 else 2


def _closest(token: str, vocabulary: Iterable[str]) -> str | None:
    """The word of ``vocabulary`` nearest to ``token`` within the typos it may have, if any."""
    if len(token) <= 4:
        return None
    # the words within the most typos any word may have, found by rapidfuzz in one call (a loop
    # in Python over the towns was most of the time indexing a large dataset's names)
    near = process.extract(
        token, vocabulary, scorer=OSA.distance, score_cutoff=_allowed_typos(9), limit=None
    )
    hits = [
        (distance, word)
        for word, distance, _ in near
        if distance <= _allowed_typos(max(len(token), len(word)))
    ]
    return min(hits)[1] if hits else None


def _nearest(token: str, towns: Collection[str]) -> str:
    """The town or generic word ``token`` is a typo of, else ``token``: a typo in such a word
    must not make it look distinctive."""
    return _closest(token, towns) or _closest(token, _GENERIC) or token


def _changed_words(words: Collection[str], towns: Iterable[str]) -> set[str]:
    """Those of ``words`` that :func:`_analyse` may take otherwise once ``towns`` are towns
    too: one of them, a form of one (:func:`lpkg.declension.town_base`) or a typo of one
    (:func:`_closest`), found town by town (a few new towns against every word of an index)."""
    changed = set()
    for town in towns:
        # a form keeps the town's letters but the base form's ending, at most 3 (-ice)
        stem = town[: max(0, len(town) - 3)]
        changed.update(w for w in words if w.startswith(stem) and town_base(w, (town,)))
        near = process.extract(
            town, words, scorer=OSA.distance, score_cutoff=_allowed_typos(9), limit=None
        )
        changed.update(
            w
            for w, distance, _ in near
            if len(w) > 4 and distance <= _allowed_typos(max(len(w), len(town)))
        )
    return changed


@dataclass(frozen=True)
class _Form:
    """A name taken apart for comparison."""

    raw: str
    basic: str
    full: str
    notes: frozenset[str]
    plain: str
    spelled: tuple[str, ...]
    words: tuple[str, ...]
    towns: frozenset[str]
    distinctive: tuple[str, ...]
    national: bool

    @property
    def too_generic(self) -> bool:
        """Only generic words, no town, no "ČR": such a name identifies no one organization."""
        return not self.distinctive and not self.towns and not self.national


def _analyse(name: str, towns: Collection[str], nearest: Callable[[str], str]) -> _Form:
    """``name`` normalized, with its words sorted into towns, generic and distinctive words;
    ``nearest`` is :func:`_nearest` against ``towns`` (as :class:`_Analyser` remembers it)."""
    notes: set[str] = set()
    basic = _basic(name)
    tokens = _expand(basic.split(), notes, towns)
    spelled: list[str] = []
    words: list[str] = []
    found_towns: set[str] = set()
    distinctive: list[str] = []
    for token in tokens:
        if token in _STOPWORDS or token in _COUNTRY:
            continue
        spelled.append(token)
        if token not in towns and token not in _GENERIC:
            token = nearest(token)
        words.append(token)
        if token in towns:
            found_towns.add(token)
        elif token not in _GENERIC:
            distinctive.append(token)
    return _Form(
        raw=name,
        basic=basic,
        full=" ".join(tokens),
        notes=frozenset(notes),
        plain=" ".join(t for t in tokens if t not in _COUNTRY),
        spelled=tuple(sorted(spelled)),
        words=tuple(words),
        towns=frozenset(found_towns),
        distinctive=tuple(sorted(distinctive)),
        national=any(t in _COUNTRY for t in tokens),
    )


class _Analyser:
    """:func:`_analyse` against one index's towns, each distinct name and word once: a
    dataset's names repeat (a member on many partnerships' lists), and finding the towns near a
    word was most of the time indexing a large one. Held for one index's build only, so that
    what it remembers never outgrows the index."""

    def __init__(self, towns: frozenset[str]) -> None:
        self.towns = towns
        self._forms: dict[str, _Form] = {}
        self._nearest: dict[str, str] = {}

    def form(self, name: str) -> _Form:
        found = self._forms.get(name)
        if found is None:
            found = self._forms[name] = _analyse(name, self.towns, self.nearest)
        return found

    def nearest(self, token: str) -> str:
        found = self._nearest.get(token)
        if found is None:
            found = self._nearest[token] = _nearest(token, self.towns)
        return found


def _align(left: tuple[str, ...], right: tuple[str, ...]) -> bool:
    """Whether the words pair off one to one, each pair within its allowed typos."""
    if len(left) != len(right):
        return False
    unused = list(right)
    for token in left:
        best = min(unused, key=lambda other: OSA.distance(token, other), default=None)
        if best is None:
            return False
        if OSA.distance(token, best) > _allowed_typos(max(len(token), len(best))):
            return False
        unused.remove(best)
    return True


def _same_words(query: _Form, name: _Form) -> bool:
    """Whether the words are the same, in the same order, each up to its allowed typos (a typo
    changes letters, not the order of words: "Naděje Most" is no typo of "Most k naději")."""
    return len(query.words) == len(name.words) and all(
        OSA.distance(a, b) <= _allowed_typos(max(len(a), len(b)))
        for a, b in zip(query.words, name.words, strict=True)
    )


# --- The index --------------------------------------------------------------------------------

_KIND_ORDER = ("listed", "pref", "label", "alt", "former")
_KIND_PROPERTIES = (
    ("pref", SKOS.prefLabel),
    ("label", RDFS.label),
    ("alt", SKOS.altLabel),
    ("former", LPKG.formerName),
)
PLACE_CLASSES = (SCHEMA.Place, SCHEMA.City, LPKG.MunicipalPart)
ORGANIZATION_CLASSES = (ORG.Organization, ORG.FormalOrganization, ORG.OrganizationalUnit)
"""The classes that make a resource an organization to match; the data asserts them directly
(no inference), and a contribution may assert only one of them."""


@dataclass(frozen=True)
class Candidate:
    """An existing organization a name may stand for, with how sure and why."""

    iri: URIRef
    label: str
    score: float
    reason: str
    parent: URIRef | None = None
    parent_label: str | None = None
    matched_name: str = ""


@dataclass(frozen=True)
class _Entry:
    iri: URIRef
    name: str
    kind: str
    where: str
    form: _Form


def town_words(labels: Iterable[object]) -> frozenset[str]:
    """The words that name towns, from the ``rdfs:label`` values of the places (with those
    of the towns lpkg knows without data)."""
    words = set(_SEED_TOWNS)
    for value in labels:
        words.update(
            t for t in normalize_name(str(value)).split() if t not in _STOPWORDS | _GENERIC
        )
    return frozenset(words)


class Triples:
    """Statements in dicts, read as :meth:`NameIndex.from_graph` reads an rdflib graph, with
    the same answers in the same order (rdflib's memory store too keeps a subject's objects and
    an object's subjects in dicts, in the order they came), without the cost of adding to an
    rdflib graph: most of the time indexing a large store's names went there."""

    def __init__(self) -> None:
        self._forward: dict[Node, dict[Node, dict[Node, None]]] = {}
        self._backward: dict[Node, dict[Node, dict[Node, None]]] = {}

    def add(self, triple: tuple[Node, Node, Node]) -> None:
        s, p, o = triple
        self._forward.setdefault(s, {}).setdefault(p, {})[o] = None
        self._backward.setdefault(p, {}).setdefault(o, {})[s] = None

    def subjects(self, predicate: Node, object: Node) -> Iterator[Node]:
        return iter(self._backward.get(predicate, {}).get(object, {}))

    def objects(self, subject: Node | None, predicate: Node) -> Iterator[Node]:
        if subject is None:
            by_object = self._backward.get(predicate, {})
            return (o for o, subjects in by_object.items() for _ in subjects)
        return iter(self._forward.get(subject, {}).get(predicate, {}))

    def value(self, subject: Node, predicate: Node) -> Node | None:
        return next(self.objects(subject, predicate), None)


@dataclass
class NameIndex:
    """Every name of every organization in a graph, ready to match names against."""

    entries: list[_Entry] = field(default_factory=list)
    labels: dict[URIRef, str] = field(default_factory=dict)
    parents: dict[URIRef, tuple[URIRef, str]] = field(default_factory=dict)
    towns: frozenset[str] = _SEED_TOWNS

    @cached_property
    def divided_by_town(self) -> frozenset[URIRef]:
        """Organizations with a unit named with a town (the Labour Office's workplaces): a name
        of theirs with a town stands for such a unit, never for the whole."""
        return frozenset(
            self.parents[e.iri][0] for e in self.entries if e.iri in self.parents and e.form.towns
        )

    @cached_property
    def _blocks(self) -> dict[tuple, list[int]]:
        """The positions of the entries by what a name must share with them to score at all
        (:func:`_keys`), so that a match looks only at those."""
        blocks: dict[tuple, list[int]] = {}
        for position, entry in enumerate(self.entries):
            for key in _keys(entry.form, query=False):
                blocks.setdefault(key, []).append(position)
        return blocks

    @classmethod
    def from_graph(
        cls, graph: Graph | Triples, *, lang: str = "cs", towns: frozenset[str] | None = None
    ) -> NameIndex:
        """Index the organizations of ``graph``: their labels, alternative and former names,
        and the names their memberships list; labels and parents in ``lang``. ``graph`` may be
        :class:`Triples` holding what this reads (a large store's answers). ``towns``: the
        words of the towns' names, where known (else read from the places of ``graph``).

        >>> from lpkg.load import load_graph
        >>> index = NameIndex.from_graph(load_graph())
        >>> [c.iri.split("/")[-1] for c in index.match("Most k naději, z. s.")]
        ['most-k-nadeji']
        """
        if towns is None:
            # places as the data types them (no inference), and every partnership's town
            places = {p for cls_ in PLACE_CLASSES for p in graph.subjects(RDF.type, cls_)}
            places.update(graph.objects(None, LPKG.town))
            labels = (v for place in places for v in graph.objects(place, RDFS.label))
            towns = town_words(labels)
        index = cls(towns=towns)
        analyser = _Analyser(index.towns)
        organizations = sorted(
            {s for cls_ in ORGANIZATION_CLASSES for s in graph.subjects(RDF.type, cls_)}
            - {s for s in graph.subjects(RDF.type, ORG.Membership)},
            key=str,
        )
        for iri in organizations:
            if not isinstance(iri, URIRef):
                continue
            index.labels[iri] = label_of(graph, iri, lang)
            parent = next(iter(sorted(graph.objects(iri, ORG.unitOf), key=str)), None)
            if isinstance(parent, URIRef):
                index.parents[iri] = (parent, label_of(graph, parent, lang))
            # in a stable order, so that the same graph gives the same index (and kept file)
            for kind, prop in _KIND_PROPERTIES:
                for value in sorted(graph.objects(iri, prop), key=str):
                    if isinstance(value, Literal):
                        index._add(analyser, iri, str(value), kind, "")
            memberships = sorted(graph.subjects(ORG.member, iri), key=str)
            index.add_listed(graph, iri, memberships, lang=lang, analyser=analyser)
        return index

    def add_listed(
        self,
        graph: Graph | Triples,
        iri: URIRef,
        memberships: Iterable[Node],
        *,
        lang: str = "cs",
        analyser: _Analyser | None = None,
    ) -> None:
        """Index the names that ``memberships`` of the organization ``iri`` list in ``graph``,
        with where they were listed (the partnership's town, else the partnership)."""
        analyser = analyser or _Analyser(self.towns)
        for membership in memberships:
            partnership = graph.value(membership, ORG.organization)
            town = graph.value(partnership, LPKG.town) if partnership is not None else None
            where = label_of(graph, town or partnership, lang) if partnership else ""
            for value in sorted(graph.objects(membership, LPKG.listedName), key=str):
                self._add(analyser, iri, str(value), "listed", where)

    def _add(self, analyser: _Analyser, iri: URIRef, name: str, kind: str, where: str) -> None:
        if name.strip():
            self.entries.append(_Entry(iri, name, kind, where, analyser.form(name)))

    def keep(self, path: Path, digest: str) -> None:
        """Write the index into the SQLite file ``path`` (replaced at once) for :meth:`kept`,
        with ``digest`` (what it was built from) and each distinct name's analysis once."""
        temporary = path.with_name(path.name + ".tmp")
        temporary.unlink(missing_ok=True)
        db = sqlite3.connect(temporary)
        try:
            db.executescript(_SCHEMA)
            self._insert(db, 0, 0)
            db.execute(
                "INSERT INTO meta VALUES (?, ?, ?, ?)",
                (_FORMAT, digest, _json(self.towns), _json(self.divided_by_town)),
            )
            db.execute("CREATE INDEX blocks_by_key ON blocks (key)")
            db.commit()
        finally:
            db.close()
        os.replace(temporary, path)

    def _insert(self, db: sqlite3.Connection, position: int, form: int) -> None:
        """Write the entries (numbered from ``position``), their blocks, each distinct name's
        analysis (numbered from ``form``), the labels and the parents into the tables of a
        kept index."""
        forms: dict[str, int] = {}
        for entry in self.entries:
            forms.setdefault(entry.name, form + len(forms))
        by_name = {e.name: e.form for e in self.entries}
        db.executemany(
            "INSERT INTO forms VALUES (?, ?)",
            ((i, _json(_form_fields(by_name[name]))) for name, i in forms.items()),
        )
        db.executemany(
            "INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?)",
            (
                (position + i, str(e.iri), forms[e.name], e.kind, e.where, bool(e.form.towns))
                for i, e in enumerate(self.entries)
            ),
        )
        db.executemany(
            "INSERT INTO blocks VALUES (?, ?)",
            (
                (text, position + i)
                for text, found in ((_json(k), f) for k, f in self._blocks.items())
                for i in found
            ),
        )
        db.executemany("INSERT INTO labels VALUES (?, ?)", map(_strings, self.labels.items()))
        db.executemany(
            "INSERT INTO parents VALUES (?, ?, ?)",
            ((str(iri), str(p), label) for iri, (p, label) in self.parents.items()),
        )

    def refresh_kept(
        self, path: Path, digest: str, new_digest: str, organizations: Collection[URIRef]
    ) -> bool:
        """In the index kept at ``path`` for ``digest``, replace what it holds of
        ``organizations`` (entries, labels, parents) by what this index holds of them, add
        this index's entries of other organizations to theirs, and keep it for
        ``new_digest``: after statements were added to the dataset, this index is
        :meth:`from_graph` of the organizations they may change the names of, and the names
        new memberships of others list (:meth:`add_listed`), which is much less than all
        (``lpkg add`` against 10^6 triples: a rebuild takes about 15 s). Where they bring new
        towns, ``organizations`` must hold those whose names the new towns' words may change
        (:meth:`_KeptIndex.analysed_otherwise`).

        A match gives what a rebuild gives: the new entries come after the others, and the
        order of entries does not change a match. Returns False, leaving the file as it was,
        where the kept index is not one for ``digest``, or the towns changed otherwise (every
        name's analysis depends on them): it is built anew when next needed.
        """
        opened = _open_kept(path, digest, "rw")
        if opened is None:
            return False
        db, towns, _ = opened
        iris = [(str(i),) for i in organizations]
        try:
            renamed = _analysed_otherwise(db, towns, self.towns)
            if renamed is None or not renamed <= set(organizations):
                return False
            db.execute("CREATE TEMPORARY TABLE changed (iri TEXT PRIMARY KEY)")
            db.executemany("INSERT OR IGNORE INTO changed VALUES (?)", iris)
            db.execute(
                "DELETE FROM blocks WHERE position IN (SELECT position FROM entries "
                "WHERE iri IN (SELECT iri FROM changed))"
            )
            for table in ("entries", "labels", "parents"):
                db.execute(f"DELETE FROM {table} WHERE iri IN (SELECT iri FROM changed)")
            position, form = db.execute(
                "SELECT (SELECT COALESCE(MAX(position), -1) + 1 FROM entries), "
                "(SELECT COALESCE(MAX(id), -1) + 1 FROM forms)"
            ).fetchone()
            self._insert(db, position, form)
            divided = db.execute(
                "SELECT DISTINCT p.parent FROM entries e JOIN parents p ON p.iri = e.iri "
                "WHERE e.towned ORDER BY p.parent"
            ).fetchall()
            db.execute(
                "UPDATE meta SET digest = ?, towns = ?, divided = ? WHERE digest = ?",
                (new_digest, _json(self.towns), _json([p for (p,) in divided]), digest),
            )
            db.commit()
        finally:
            db.close()
        return True

    @classmethod
    def kept(cls, path: Path, digest: str) -> _KeptIndex | None:
        """The index :meth:`keep` wrote at ``path``, read entry by entry as matches need
        them; None where there is no such file, or it was written for another digest, by an
        lpkg of another format, or is damaged."""
        opened = _open_kept(path, digest, "ro")
        return None if opened is None else _KeptIndex(*opened)

    def _entries_for(self, query: _Form) -> Iterator[_Entry]:
        """The entries a match of ``query`` looks at (those that can score), in index order."""
        blocks = self._blocks
        found = sorted({i for key in _keys(query, query=True) for i in blocks.get(key, ())})
        return (self.entries[i] for i in found)

    def match(
        self,
        name: str,
        *,
        limit: int = 5,
        threshold: float = DEFAULT_THRESHOLD,
        exclude: Collection[URIRef] = (),
    ) -> list[Candidate]:
        """The organizations ``name`` may stand for, best first, each with a score (0–100).

        A candidate needs the same towns as the name and the same distinctive words (up to a
        typo or two in long words): a shared town or generic word ("Most", "městská",
        "policie") is never enough. A name that matches nothing with its brackets is tried
        without them, as the member is the organization named outside the brackets
        ("Odbor pro sociální začleňování (Agentura)"). ``exclude`` leaves out organizations,
        e.g. the one a contribution introduces.

        Raises:
            InputError: the name is empty.
        """
        if not name or not name.strip():
            raise InputError("The name is empty: give the name of an organization to match.")
        found = self._match(name, limit, threshold, exclude)
        outside = " ".join(_BRACKETS.sub(" ", name).split())
        if found or not outside or outside == " ".join(name.split()):
            return found
        return [
            replace(c, reason=f"outside the brackets: {c.reason}")
            for c in self._match(outside, limit, threshold, exclude)
        ]

    def _match(
        self, name: str, limit: int, threshold: float, exclude: Collection[URIRef]
    ) -> list[Candidate]:
        query = _Analyser(self.towns).form(name)
        if query.too_generic:
            return []
        best: dict[URIRef, tuple[tuple[float, bool, int], _Entry, str]] = {}
        for entry in self._entries_for(query):
            if entry.iri in exclude:
                continue
            scored = _score(query, entry.form)
            if scored is None and entry.iri not in self.divided_by_town:
                scored = _national_with_town(query, entry.form)
            if scored is None or scored[0] < threshold:
                continue
            score, how = scored
            # ties: a name spelled exactly alike, then a name a page listed (a reconciliation
            # decision for that very spelling), then preferred, other and former names; then
            # the first name and place in text order, whatever the order of the entries (a
            # kept index appends an organization's new entries, :meth:`refresh_kept`)
            key = (score, how == "same name", -_KIND_ORDER.index(entry.kind))
            found = best.get(entry.iri)
            if (
                found is None
                or key > found[0]
                or (key == found[0] and (entry.name, entry.where) < (found[1].name, found[1].where))
            ):
                best[entry.iri] = (key, entry, how)
        ranked = sorted(best.values(), key=lambda b: (tuple(-k for k in b[0]), str(b[1].iri)))
        return [self._candidate(entry, key[0], how) for key, entry, how in ranked[:limit]]

    def _candidate(self, entry: _Entry, score: float, how: str) -> Candidate:
        parent = self.parents.get(entry.iri)
        return Candidate(
            iri=entry.iri,
            label=self.labels.get(entry.iri, curie(entry.iri)),
            score=score,
            reason=f"{how}; {_describe(entry)}",
            parent=parent[0] if parent else None,
            parent_label=parent[1] if parent else None,
            matched_name=entry.name,
        )


class _KeptIndex(NameIndex):
    """A :class:`NameIndex` in the SQLite file :meth:`NameIndex.keep` wrote: a match reads the
    entries of its blocks, a candidate its label and parent, nothing else is read."""

    def __init__(self, db: sqlite3.Connection, towns: frozenset[str], divided: list) -> None:
        parents = "SELECT parent, label FROM parents WHERE iri = ?"
        super().__init__(
            labels=_Column(db, "SELECT label FROM labels WHERE iri = ?", lambda r: r[0]),  # type: ignore[arg-type]
            parents=_Column(db, parents, lambda r: (URIRef(r[0]), r[1])),  # type: ignore[arg-type]
            towns=towns,
        )
        self._db = db
        self._divided = frozenset(URIRef(i) for i in divided)

    @property
    def divided_by_town(self) -> frozenset[URIRef]:  # type: ignore[override]
        return self._divided

    def analysed_otherwise(self, towns: frozenset[str]) -> frozenset[URIRef] | None:
        """The organizations with a name that ``towns`` (this index's and new ones) may make
        :func:`_analyse` take apart otherwise; None where that cannot be told."""
        return _analysed_otherwise(self._db, self.towns, towns)

    def _entries_for(self, query: _Form) -> Iterator[_Entry]:
        keys = [_json(key) for key in _keys(query, query=True)]
        rows = self._db.execute(
            "SELECT DISTINCT e.position, e.iri, e.kind, e.place, f.fields FROM blocks b "
            "JOIN entries e ON e.position = b.position JOIN forms f ON f.id = e.form "
            f"WHERE b.key IN ({', '.join('?' * len(keys))}) ORDER BY e.position",
            keys,
        )
        for _, iri, kind, place, fields in rows:
            form = _form(json.loads(fields))
            yield _Entry(URIRef(iri), form.raw, kind, place, form)


def _analysed_otherwise(
    db: sqlite3.Connection, kept: frozenset[str], towns: frozenset[str]
) -> frozenset[URIRef] | None:
    """The organizations of the kept index ``db`` (built with the towns ``kept``) with a name
    whose analysis may differ with ``towns``: a word of the name (before lpkg expands it) that
    a new town's word may change (:func:`_changed_words`). None where ``towns`` lacks one of
    ``kept``, or a new town may change a word lpkg itself puts into names (an abbreviation's
    meaning, a phrase's form): any name may hold it."""
    new = towns - kept
    if kept - towns:
        return None
    if not new:
        return frozenset()
    if _changed_words(_WRITTEN_WORDS, new):
        return None
    # each name's basic form: its words before lpkg expands them
    basics = db.execute("SELECT id, json_extract(fields, '$[1]') FROM forms").fetchall()
    changed = _changed_words({word for _, basic in basics for word in basic.split()}, new)
    forms = [form for form, basic in basics if not changed.isdisjoint(basic.split())]
    found: set[URIRef] = set()
    for at in range(0, len(forms), 500):  # within SQLite's limit of parameters
        part = forms[at : at + 500]
        query = f"SELECT DISTINCT iri FROM entries WHERE form IN ({', '.join('?' * len(part))})"
        found.update(URIRef(iri) for (iri,) in db.execute(query, part))
    return frozenset(found)


def _open_kept(
    path: Path, digest: str, mode: str
) -> tuple[sqlite3.Connection, frozenset[str], list] | None:
    """The kept index at ``path`` opened in ``mode`` (``ro``, ``rw``), with its towns and the
    organizations divided by town; None where there is none for ``digest`` of this format."""
    if not path.is_file():
        return None
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode={mode}", uri=True)
        row = db.execute("SELECT format, digest, towns, divided FROM meta").fetchone()
    except sqlite3.Error:
        return None
    if row is None or row[:2] != (_FORMAT, digest):
        db.close()
        return None
    return db, frozenset(json.loads(row[2])), json.loads(row[3])


class _Column:
    """Labels or parents of a kept index, read one IRI at a time (``dict.get``'s way)."""

    def __init__(self, db: sqlite3.Connection, query: str, value: Callable) -> None:
        self._db, self._query, self._value = db, query, value

    def get(self, iri: URIRef, default: object = None) -> object:
        row = self._db.execute(self._query, (str(iri),)).fetchone()
        return default if row is None else self._value(row)


_FORMAT = "lpkg name index 2"
"""Changes whenever :func:`_analyse`, :func:`_keys` or the index's fields change, so that an
index kept on disk by another lpkg is built anew."""

_SCHEMA = """
CREATE TABLE meta (format TEXT, digest TEXT, towns TEXT, divided TEXT);
CREATE TABLE forms (id INTEGER PRIMARY KEY, fields TEXT);
CREATE TABLE entries (
  position INTEGER PRIMARY KEY, iri TEXT, form INTEGER, kind TEXT, place TEXT, towned INTEGER
);
CREATE TABLE blocks (key TEXT, position INTEGER);
CREATE TABLE labels (iri TEXT PRIMARY KEY, label TEXT);
CREATE TABLE parents (iri TEXT PRIMARY KEY, parent TEXT, label TEXT);
"""


_ENCODER = json.JSONEncoder(
    ensure_ascii=False,
    separators=(",", ":"),
    default=lambda v: sorted(v) if isinstance(v, frozenset | set) else list(v),
)
"""One encoder for every call: ``json.dumps`` with these arguments makes one per call, most of
the time of writing a large index's blocks."""


def _json(value: object) -> str:
    """JSON of a block's key or a form's fields, sets sorted (the same text for equal keys)."""
    return _ENCODER.encode(value)


def _strings(pair: tuple[object, object]) -> tuple[str, str]:
    return str(pair[0]), str(pair[1])


def _form_fields(form: _Form) -> list:
    return [
        form.raw, form.basic, form.full, sorted(form.notes), form.plain, list(form.spelled),
        list(form.words), sorted(form.towns), list(form.distinctive), form.national,
    ]  # fmt: skip


def _form(fields: list) -> _Form:
    raw, basic, full, notes, plain, spelled, words, towns, distinctive, national = fields
    return _Form(
        raw, basic, full, frozenset(notes), plain, tuple(spelled), tuple(words),
        frozenset(towns), tuple(distinctive), national,
    )  # fmt: skip


def _describe(entry: _Entry) -> str:
    if entry.kind == "listed":
        return f"listed as „{entry.name}“ in {entry.where}"
    kind = {
        "pref": "preferred name",
        "label": "label",
        "alt": "alternative name",
        "former": "former name",
    }
    return f"{kind[entry.kind]} „{entry.name}“"


def _keys(form: _Form, *, query: bool) -> Iterator[tuple]:
    """What a query and a name that :func:`_score` or :func:`_national_with_town` do not turn
    down have in common: the same basic or full form, or the same towns and numbers of words
    (the name not too generic), or for a national name listed with a town the name's words."""
    yield "basic", form.basic
    yield "full", form.full
    if query or not form.too_generic:
        yield "words", form.towns, len(form.distinctive), len(form.words)
    if query and form.national and form.towns:
        yield "national", tuple(w for w in form.words if w not in form.towns)
    elif not query and form.national and not form.towns:
        yield "national", form.words


def _score(query: _Form, name: _Form) -> tuple[float, str] | None:
    """Score and reason of ``name`` for ``query``, or None when it must not match.

    Equal after normalizing: 100 (case, diacritics, punctuation, legal form), 98 (abbreviations
    and inflections), 95 (word order, "ČR", prepositions). Otherwise the same towns, the same
    distinctive words and the same other words, each up to its allowed typos, and the rapidfuzz
    similarity of the two names in their order, at most 94.
    """
    if query.basic == name.basic:
        return 100.0, _basic_reason(query.raw, name.raw)
    if query.full == name.full:
        notes = sorted(query.notes ^ name.notes) or sorted(query.notes | name.notes)
        return 98.0, "same name after " + ("; ".join(notes) or "normalizing")
    if name.too_generic or query.towns != name.towns:
        return None
    if not _align(query.distinctive, name.distinctive) or not _same_words(query, name):
        return None
    if query.spelled == name.spelled:
        return 95.0, "same words in another order or without ČR and prepositions"
    similarity = round(fuzz.ratio(query.plain, name.plain), 1)
    edits = OSA.distance(query.plain, name.plain)
    return min(similarity, 94.0), f"typo: edit distance {edits} (similarity {similarity:.0f})"


def _national_with_town(query: _Form, name: _Form) -> tuple[float, str] | None:
    """ "Policie ČR Břeclav" for the Police: a national organization ("ČR") listed with the town
    it works in, where the data has no unit for that town (see ``NameIndex.divided_by_town``).
    The words but the town must be the same; the score stays below the typo-free ones."""
    if not (query.national and name.national and query.towns and not name.towns):
        return None
    if tuple(w for w in query.words if w not in query.towns) != name.words:
        return None
    towns = ", ".join(sorted(query.towns))
    return 90.0, f"a national organization listed with the town it works in ({towns})"


def _basic_reason(query: str, name: str) -> str:
    """Which of case, diacritics, legal form and punctuation had to be normalized."""
    if " ".join(query.split()) == " ".join(name.split()):
        return "same name"
    needed = [step for step, _ in _BASIC_STEPS if _basic(query, step) != _basic(name, step)]
    if not needed:
        return "same name after normalizing spacing"
    listed = ", ".join(needed[:-1]) + (" and " if len(needed) > 1 else "") + needed[-1]
    return f"same name after normalizing {listed}"


# --- Lists of names in CSV --------------------------------------------------------------------

CSV_COLUMNS = ("name", "iri", "label", "score", "reason", "parent")


def read_names_csv(path: Path | str) -> list[str]:
    """The values of the ``name`` column of a UTF-8 CSV file, in order.

    Raises:
        MissingFileError: the file does not exist.
        InputError: the file is not UTF-8 CSV, has no ``name`` column, or a row has no name.
    """
    path = regular_file(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raw = path.read_bytes()
        line = raw.count(b"\n", 0, err.start) + 1
        raise InputError(f"{path}, line {line}: the file is not UTF-8 text.") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        fields = [f.strip() for f in reader.fieldnames or []]
        if "name" not in fields:
            found = ", ".join(repr(f) for f in fields) or "none"
            raise InputError(f"{path}, line 1: no column 'name' (the columns are: {found}).")
        column = (reader.fieldnames or [])[fields.index("name")]
        names = []
        for row in reader:
            value = (row.get(column) or "").strip()
            if not value:
                raise InputError(
                    f"{path}, line {reader.line_num}, column 'name': the name is empty."
                )
            names.append(value)
    except csv.Error as err:
        raise InputError(f"{path}, line {reader.line_num}: not valid CSV ({err}).") from None
    return names


def matches_to_csv(matches: Iterable[tuple[str, list[Candidate]]]) -> str:
    """Names and their candidates as CSV (:data:`CSV_COLUMNS`); a name without any gets one row
    with empty candidate columns. The names come from whoever wrote the list, so cells a
    spreadsheet would run as formulas are neutralised (:mod:`lpkg.spreadsheet`)."""
    rows: list[list[str]] = [list(CSV_COLUMNS)]
    for name, candidates in matches:
        if not candidates:
            rows.append([name, "", "", "", "no match", ""])
        rows.extend(
            [name, str(c.iri), c.label, f"{c.score:.0f}", c.reason, str(c.parent or "")]
            for c in candidates
        )
    return csv_text(rows, line_end="\n")
