"""Contributions checked against a pyoxigraph store (lpkg.contribute.on_store) give the report of
the rdflib path, whose results tests/contribute/test_check.py works out by hand; the store on
disk is left as the files give it."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH, SKOS

from lpkg.contribute import on_store
from lpkg.contribute.check import check_contributions
from lpkg.contribute.on_store import _name_index, _names, _names_file, _refresh_names, _trial
from lpkg.load import dataset_files, load_shapes, parse_file
from lpkg.match import NameIndex, _form_fields, _json
from lpkg.namespaces import LMEM, LORG, LP, LPKG, LPLACE, ORG
from lpkg.shacl_sparql import compile_shapes, kept
from lpkg.shacl_sparql.compiler import _pattern_edges
from lpkg.store import OxigraphStore, digest_mark, files_digest, open_store
from lpkg.validate import ValidationReport, _json_term
from tests import FIXTURES, ROOT

CONTRIBUTIONS = FIXTURES / "contributions"
HOSTILE = FIXTURES / "hostile"
MOST = "http://www.socialni-zaclenovani.cz/lokalni-partnerstvi-most"
"""The page the Turtle fixtures' statements come from (each cites it)."""
TRMICE = ROOT / "docs" / "examples" / "trmice.trig"

CASES = [
    # (file, --source): valid ones, and one of each kind of problem
    (CONTRIBUTIONS / "new-member.valid.ttl", None),
    (CONTRIBUTIONS / "new-member.valid.ttl", MOST),  # the sources check, on the store's part
    (CONTRIBUTIONS / "new-member-two-pages.valid.trig", None),
    (CONTRIBUTIONS / "unsourced-member.invalid.trig", None),
    (CONTRIBUTIONS / "existing-organization.warning.ttl", None),
    (CONTRIBUTIONS / "existing-unit.warning.ttl", None),
    (CONTRIBUTIONS / "typed-only-organizational-unit.warning.ttl", None),
    (CONTRIBUTIONS / "undefined-reference.invalid.ttl", None),
    (CONTRIBUTIONS / "missing-czech-label.invalid.ttl", None),
    (CONTRIBUTIONS / "missing-english-label.warning.csv", None),
    (HOSTILE / "changes-existing-organization.hostile.ttl", None),
    (HOSTILE / "ontology-terms.hostile.ttl", None),
    (HOSTILE / "derived-inverse.hostile.ttl", None),
    (HOSTILE / "same-as-existing.hostile.ttl", None),
    (HOSTILE / "shape-deactivated.hostile.ttl", None),
    (HOSTILE / "nested-blank-nodes.hostile.ttl", None),
]


@pytest.fixture(scope="module")
def on_disk(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"oxigraph:{tmp_path_factory.mktemp('store') / 'dataset'}"


def _rows(report: ValidationReport) -> list[tuple[object, ...]]:
    return [
        (
            r.severity,
            str(r.focus),
            r.focus_label,
            _json_term(r.path),
            _json_term(r.value),
            r.component,
            r.file,
            r.line,
            r.column,
            r.messages,
        )
        for r in report.results
    ]


def _report(path: Path, source: str | None, store: str) -> ValidationReport | str:
    try:
        return check_contributions([path], root=ROOT, source=source, store=store)
    except Exception as err:  # a refused file is refused alike
        return f"{type(err).__name__}: {err}"


@pytest.mark.parametrize(
    ("path", "source"), CASES, ids=[f"{p.name}{'+source' if s else ''}" for p, s in CASES]
)
def test_the_store_gives_the_report_of_the_rdflib_path(
    path: Path, source: str | None, on_disk: str
) -> None:
    expected = _report(path, source, "memory")
    for store in ("oxigraph", on_disk):
        found = _report(path, source, store)
        if isinstance(expected, str) or isinstance(found, str):
            assert found == expected
        else:
            assert _rows(found) == _rows(expected)
            assert found.conforms == expected.conforms


def _index(index: NameIndex) -> tuple[object, ...]:
    return index.entries, index.labels, index.parents, index.towns


@pytest.mark.parametrize("english", [False, True])
def test_the_store_gives_the_names_index_of_the_rdflib_path(graph: Graph, english: bool) -> None:
    """The index of the possible-duplicates check, read from the store's answers (not an rdflib
    graph of them), has the same entries in the same order, labels, parents and towns."""
    lang = "en" if english else "cs"
    store = OxigraphStore()
    store.load_files(dataset_files(ROOT))
    expected = NameIndex.from_graph(graph, lang=lang)
    assert _index(NameIndex.from_graph(_names(store), lang=lang)) == _index(expected)
    assert len(expected.entries) > len(expected.labels) > len(expected.parents) > 0


def test_the_store_gives_the_names_index_of_units_and_memberships() -> None:
    """tests/fixtures/match/memberships.trig: names listed on two pages, a blank membership,
    a partnership without a town, a parent without a label."""
    path = FIXTURES / "match" / "memberships.trig"
    store = OxigraphStore()
    store.load_files([path])
    found = NameIndex.from_graph(_names(store))
    assert _index(found) == _index(NameIndex.from_graph(parse_file(path)))
    listed = sorted((e.name, e.where) for e in found.entries if e.kind == "listed")
    assert listed == [
        ("Klub Dvojí", "Most"),
        ("Spolek Vzor Most", "Regional partnership"),
        ("Spolek Vzor, z. s.", "Most"),
        ("Vzor", ""),
        ("Vzor Mostu", "Most"),
    ]
    assert found.parents[LORG["klub-dvoji"]] == (LORG["bez-nazvu"], "lorg:bez-nazvu")
    assert found.labels[LORG["english-only"]] == "English Only Club"


def test_the_store_on_disk_is_left_as_the_files_give_it(on_disk: str) -> None:
    path = Path(on_disk.partition(":")[2])
    store = open_store(on_disk, root=ROOT)
    assert isinstance(store, OxigraphStore)
    before = len(store)
    mark = digest_mark(path).read_text(encoding="ascii")
    del store  # one process holds the store at a time
    check_contributions([CONTRIBUTIONS / "new-member.valid.ttl"], root=ROOT, store=on_disk)
    assert digest_mark(path).read_text(encoding="ascii") == mark
    assert len(ox.Store(str(path))) == before


def test_a_check_killed_midway_leaves_no_mark_so_the_store_is_reloaded(tmp_path: Path) -> None:
    store = open_store(f"oxigraph:{tmp_path / 'dataset'}", root=ROOT)
    assert isinstance(store, OxigraphStore)
    mark = digest_mark(tmp_path / "dataset")
    quad = ox.Quad(
        ox.NamedNode("https://example.org/a"),
        ox.NamedNode("https://example.org/p"),
        ox.Literal("x"),
        ox.DefaultGraph(),
    )
    with _trial(store, [quad]):
        # a kill now leaves the quad in the store: without the mark, open_store reloads
        assert quad in store.store and not mark.exists()
    assert quad not in store.store and mark.is_file()
    with pytest.raises(RuntimeError), _trial(store, [quad]):
        raise RuntimeError
    assert quad not in store.store and mark.is_file()


@pytest.fixture
def queries_parsed() -> None:
    """The shapes' SHACL-SPARQL queries parsed before a test checks twice against one store on
    disk: rdflib's parser keeps the frames that call it alive, and so the store of the check
    that parses them first open in this process, where a second check cannot open it again."""
    for _, query in compile_shapes(load_shapes(ROOT)).reads.queries:
        _pattern_edges(query)


@pytest.mark.usefixtures("queries_parsed")
def test_a_store_on_disk_keeps_its_names_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Built once per loading of the files: a second check reads the kept index (the names'
    queries are not run again) and finds the same possible duplicate."""
    path = tmp_path / "dataset"
    warning = CONTRIBUTIONS / "existing-organization.warning.ttl"
    first = check_contributions([warning], root=ROOT, store=f"oxigraph:{path}")
    kept = path.with_name("dataset.names.sqlite")
    digest = digest_mark(path).read_text(encoding="ascii").strip()
    assert NameIndex.kept(kept, digest) is not None
    assert [r.value for r in first.results] == [LORG["most-k-nadeji"]]

    def unexpected(store: OxigraphStore) -> None:
        raise AssertionError("the names were read again")

    monkeypatch.setattr(on_store, "_names", unexpected)
    second = check_contributions([warning], root=ROOT, store=f"oxigraph:{path}")
    assert _rows(second) == _rows(first)


@pytest.mark.usefixtures("queries_parsed")
def test_a_store_on_disk_keeps_the_patterns_of_the_shapes_queries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second check reads the SHACL-SPARQL queries' patterns from the file beside the
    store (rdflib does not parse them again) and gives the same report."""
    path = tmp_path / "dataset"
    duplicate = (
        FIXTURES / "shacl_sparql" / "contributions" / "second-membership-of-an-existing-member.ttl"
    )
    first = _rows(check_contributions([duplicate], root=ROOT, store=f"oxigraph:{path}"))
    assert path.with_name("dataset.patterns.json").is_file()
    assert SH.SPARQLConstraintComponent in {row[5] for row in first}  # the duplicate

    def unexpected(query: str) -> None:
        raise AssertionError("a query was parsed again")

    monkeypatch.setattr(kept, "_pattern_edges", unexpected)
    second = check_contributions([duplicate], root=ROOT, store=f"oxigraph:{path}")
    assert _rows(second) == first


def test_a_kept_names_index_of_other_files_is_built_anew(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Kept for other files (another digest: NameIndex.kept says which others it refuses):
    built from the store, and kept again."""
    store = open_store(f"oxigraph:{tmp_path / 'dataset'}", root=ROOT)
    assert isinstance(store, OxigraphStore)
    expected = _name_index(store)
    digest = digest_mark(tmp_path / "dataset").read_text(encoding="ascii").strip()
    kept = tmp_path / "dataset.names.sqlite"
    expected.keep(kept, "0" * 64)
    calls = []
    monkeypatch.setattr(on_store, "_names", lambda s: calls.append(s) or _names(s))
    assert _index(_name_index(store)) == _index(expected)
    assert calls == [store]
    assert NameIndex.kept(kept, digest) is not None


def test_a_store_in_memory_keeps_no_names_index(monkeypatch: pytest.MonkeyPatch) -> None:
    def unexpected(index: NameIndex, path: Path, digest: str) -> None:
        raise AssertionError(f"kept at {path}")

    monkeypatch.setattr(NameIndex, "keep", unexpected)
    store = OxigraphStore()
    store.load_files(dataset_files(ROOT))
    assert _index(_name_index(store)) == _index(NameIndex.from_graph(_names(store)))


def _without_blank_nodes(store: ox.Store) -> set[ox.Quad]:
    return {
        q
        for q in store.quads_for_pattern(None, None, None, None)
        if not any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object))
    }


def test_add_leaves_the_store_as_loading_the_files_then_gives(
    root_before_trmice: Path, tmp_path: Path
) -> None:
    """lpkg add in a process of its own, as it runs: it checks in a forked child, which must be
    the first to open the store (RocksDB's threads do not survive a fork)."""
    root, path = root_before_trmice, tmp_path / "dataset"
    run = subprocess.run(
        [
            *(sys.executable, "-m", "lpkg", "--root", str(root)),
            *("add", str(TRMICE), "--store", f"oxigraph:{path}"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    # kept: marked as loaded from the files now, so the next open does not reload it
    assert digest_mark(path).read_text(encoding="ascii").strip() == files_digest(
        dataset_files(root)
    )
    kept = ox.Store(str(path))
    fresh = OxigraphStore()
    fresh.load_files(dataset_files(root))
    assert len(kept) == len(fresh)
    assert _without_blank_nodes(kept) == _without_blank_nodes(fresh.store)


def test_an_old_problem_of_a_node_the_contribution_reaches_is_not_reported(
    tmp_path: Path,
) -> None:
    """The dataset's membership of Oblastní charita Most in Most has a problem of its own (an
    English label tagged @de); a second membership of the charity reaches it (the
    duplicate-membership rule): only the duplicate is reported, on both memberships, by every
    store (the checks with results after the contribution run again before it)."""
    for folder in ("ontology", "data", "shapes"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    most = tmp_path / "data" / "partnerships" / "most.trig"
    text = most.read_text(encoding="utf-8")
    old = '"Oblastní charita Most – member of Local Partnership Most"@en'
    assert old in text
    most.write_text(text.replace(old, old.replace("@en", "@de")), encoding="utf-8")
    second = FIXTURES / "shacl_sparql" / "contributions"
    second /= "second-membership-of-an-existing-member.ttl"
    for store in ("memory", "oxigraph", f"oxigraph:{tmp_path / 'dataset'}"):
        report = check_contributions([second], root=tmp_path, store=store)
        found = sorted((str(r.focus), r.component) for r in report.results)
        assert found == [
            (str(LMEM["most--charita-most-znovu"]), SH.SPARQLConstraintComponent),
            (str(LMEM["most--oblastni-charita-most"]), SH.SPARQLConstraintComponent),
        ], store


def _add(root: Path, path: Path, contribution: Path, *options: str) -> None:
    run = subprocess.run(
        [
            *(sys.executable, "-m", "lpkg", "--root", str(root), "add", str(contribution)),
            *("--store", f"oxigraph:{path}", *options),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr


def test_add_refreshes_the_kept_names_index(tmp_path: Path) -> None:
    """After lpkg add, the index kept beside the store is for the files with the addition, and
    matches every name as an index built from the store anew does: the organizations an
    addition changes are indexed again."""
    root, path = tmp_path / "root", tmp_path / "dataset"
    for folder in ("ontology", "data", "shapes"):
        shutil.copytree(ROOT / folder, root / folder)
    # each in a file of its own, so that the store keeps what is written (no reload); the first
    # add builds the index (its check looks for possible duplicates of the new organization),
    # the second gives an existing organization another name
    header = "# {}\n@prefix lorg: <https://w3id.org/lpkg/id/organization/> .\n"
    new = CONTRIBUTIONS / "new-member.valid.ttl"
    prefixes = "".join(line for line in new.open(encoding="utf-8") if line.startswith("@prefix"))
    organization = new.read_text(encoding="utf-8").split("\n\n")[1]  # without its membership
    assert organization.startswith("lorg:zelena-zahrada a ")
    contributions = {
        "zelena-zahrada.ttl": f"# A new organization.\n{prefixes}\n{organization}\n",
        "other-name.ttl": header.format("Another name of the charity in Most.")
        + "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        'lorg:oblastni-charita-most skos:altLabel "Charita Zahrada Most"@cs .\n',
    }
    for name, text in contributions.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        _add(root, path, tmp_path / name, "--source", MOST, "--merge")
        assert (root / "data" / name.replace(".ttl", ".trig")).is_file()
    digest = digest_mark(path).read_text(encoding="ascii").strip()
    kept = NameIndex.kept(path.with_name("dataset.names.sqlite"), digest)
    assert kept is not None
    store = OxigraphStore()
    store.load_files(dataset_files(root))
    fresh = NameIndex.from_graph(_names(store))
    names = sorted({e.name for e in fresh.entries})
    assert "Zelená zahrada" in names and "Charita Zahrada Most" in names
    for name in names:
        assert kept.match(name) == fresh.match(name), name
    assert kept.divided_by_town == fresh.divided_by_town


def test_a_refreshed_names_index_follows_a_renamed_parent_and_town(tmp_path: Path) -> None:
    """The organizations a statement may change the entries of are indexed again: the units of
    a renamed organization (their parent's label) and the members listed in the partnership of
    a renamed town (where they were listed); the towns' words, from their rdfs:label, stay."""
    path = tmp_path / "dataset"
    store = OxigraphStore(path)
    store.load_files(dataset_files(ROOT))
    NameIndex.from_graph(_names(store)).keep(_names_file(path), "a")
    pref = _ox(SKOS.prefLabel)
    units = store.store.quads_for_pattern(None, _ox(ORG.unitOf), None)
    parent = min((q.object for q in units), key=str)
    most = _ox(LPLACE.most)
    changed = []
    # the parent's Czech preferred name replaced; the town, labelled by rdfs:label alone, given
    # one (a name to show, not one its words are taken from)
    for node, name in ((parent, "Přejmenovaný úřad"), (most, "Přejmenovaný Most")):
        old = [
            q for q in store.store.quads_for_pattern(node, pref, None) if q.object.language == "cs"
        ]
        for quad in old:
            store.store.remove(quad)
        graph = old[0].graph_name if old else ox.DefaultGraph()
        changed.append(ox.Quad(node, pref, ox.Literal(name, language="cs"), graph))
    store.store.extend(changed)
    _refresh_names(store, "a", "b", set(changed))
    kept = NameIndex.kept(_names_file(path), "b")
    fresh = NameIndex.from_graph(_names(store))
    assert kept is not None and kept.towns == fresh.towns
    reasons = set()
    for name in sorted({e.name for e in fresh.entries}):
        assert kept.match(name) == fresh.match(name), name
        reasons.update(c.reason for c in fresh.match(name))
        reasons.update(c.parent_label or "" for c in fresh.match(name))
    assert any("Přejmenovaný Most" in r for r in reasons)
    assert "Přejmenovaný úřad" in reasons


def test_a_refreshed_names_index_follows_a_new_town(tmp_path: Path) -> None:
    """A new partnership in a new town whose name is a word of names in the data ("Naději", of
    Most k naději): the organizations whose names lpkg now takes apart otherwise are indexed
    again, and the kept index answers as one built anew."""
    path = tmp_path / "dataset"
    store = OxigraphStore(path)
    store.load_files(dataset_files(ROOT))
    before = NameIndex.from_graph(_names(store))
    before.keep(_names_file(path), "a")
    place = ox.NamedNode(str(LPLACE["x-new"]))
    added = {
        ox.Quad(_ox(LP["x-new"]), _ox(LPKG.town), place, ox.DefaultGraph()),
        ox.Quad(place, _ox(RDFS.label), ox.Literal("Naději", language="cs"), ox.DefaultGraph()),
    }
    store.store.extend(added)
    _refresh_names(store, "a", "b", added)
    kept = NameIndex.kept(_names_file(path), "b")
    fresh = NameIndex.from_graph(_names(store))
    assert kept is not None and kept.towns == fresh.towns == before.towns | {"nadeji"}
    names = sorted({e.name for e in fresh.entries})
    for name in names:
        assert kept.match(name) == fresh.match(name), name
    assert kept.divided_by_town == fresh.divided_by_town
    assert _entries(fresh) != _entries(before)
    with sqlite3.connect(_names_file(path)) as db:
        rows = db.execute(
            "SELECT e.iri, e.kind, e.place, f.fields FROM entries e JOIN forms f ON f.id = e.form"
        ).fetchall()
    assert Counter(rows) == _entries(fresh)


def test_a_refreshed_names_index_adds_what_new_memberships_list(tmp_path: Path) -> None:
    """A new partnership whose members are existing organizations, and an organization joining
    an existing partnership: what their new memberships list is added to their entries (those
    they had stay where they were, as do the entries of the partnership's other members), one
    of them a name the organization was already listed under elsewhere; the kept index answers
    as one built anew."""
    path = tmp_path / "dataset"
    store = OxigraphStore(path)
    store.load_files(dataset_files(ROOT))
    NameIndex.from_graph(_names(store)).keep(_names_file(path), "a")
    # the charity gets a name listed; another member of Most keeps its entries as they were
    charity, other = str(LORG["oblastni-charita-most"]), str(LORG["most-k-nadeji"])
    with sqlite3.connect(_names_file(path)) as db:
        query = "SELECT position FROM entries WHERE iri = ?"
        before = {p for (p,) in db.execute(query, (charity,))}
        unchanged = {p for (p,) in db.execute(query, (other,))}
    partnership, place = _ox(LP["x-new"]), _ox(LPLACE["x-new"])
    graph = _ox(URIRef("https://example.org/x-new"))
    added = {
        ox.Quad(partnership, _ox(LPKG.town), place, graph),
        ox.Quad(place, _ox(RDFS.label), ox.Literal("Xyzov", language="cs"), graph),
    }
    listed = {
        ("oblastni-charita-most", partnership): "Oblastní charita Most",
        ("mesto-most", partnership): "Město Most, OSPOD",
        ("mesto-litvinov", _ox(LP.most)): "Město Litvínov",  # joins an existing partnership
    }
    for (slug, joined), name in listed.items():
        membership = _ox(LMEM[f"a-new--{slug}"])  # before the others in IRI order
        added |= {
            ox.Quad(membership, _ox(RDF.type), _ox(ORG.Membership), graph),
            ox.Quad(membership, _ox(ORG.member), _ox(LORG[slug]), graph),
            ox.Quad(membership, _ox(ORG.organization), joined, graph),
            ox.Quad(membership, _ox(LPKG.listedName), ox.Literal(name, language="cs"), graph),
        }
    store.store.extend(added)
    _refresh_names(store, "a", "b", added)
    kept = NameIndex.kept(_names_file(path), "b")
    fresh = NameIndex.from_graph(_names(store))
    assert kept is not None
    for name in sorted({e.name for e in fresh.entries} | {"Charita Xyzov"}):
        assert kept.match(name) == fresh.match(name), name
    assert kept.divided_by_town == fresh.divided_by_town
    with sqlite3.connect(_names_file(path)) as db:
        rows = db.execute(
            "SELECT e.iri, e.kind, e.place, f.fields FROM entries e JOIN forms f ON f.id = e.form"
        ).fetchall()
        after = {p for (p,) in db.execute(query, (charity,))}
        assert {p for (p,) in db.execute(query, (other,))} == unchanged != set()
    assert Counter(rows) == _entries(fresh)
    assert before < after
    assert ("Oblastní charita Most", "Xyzov") in {(e.name, e.where) for e in fresh.entries}


def _entries(index: NameIndex) -> Counter[tuple[str, str, str, str]]:
    """The entries of ``index`` as a kept index holds them (each name's analysis in JSON)."""
    return Counter(
        (str(e.iri), e.kind, e.where, _json(_form_fields(e.form))) for e in index.entries
    )


def _ox(iri: URIRef) -> ox.NamedNode:
    return ox.NamedNode(str(iri))
