"""Tests of ``lpkg build``: layout, gating, atomicity, determinism, round-trips, the CLI."""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import time
import weakref
from collections import Counter
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from lpkg.cli import main
from lpkg.errors import DoesNotConformError, InputError, MissingFileError, WouldOverwriteError
from lpkg.fmt import canonical_trig, canonical_turtle, read_header
from lpkg.load import load_shapes, parse_files
from lpkg.paths import turtle_files
from lpkg.publish.build import DUMPS, BuildResult, build
from lpkg.publish.dumps import inferred_only, union_graph
from lpkg.publish.metadata import METADATA_PREFIXES
from lpkg.publish.releases import LATEST, MARKER, unverified
from lpkg.queries import list_queries
from lpkg.store import Store, open_store
from tests import FIXTURES, ROOT
from tests.publish.test_dumps import oxigraph_dataset, oxigraph_graph, same_dataset

VERSION = "1.2.3"
RELEASES = FIXTURES / "releases"
DAY = date(2025, 1, 15)
HAS_SITE = importlib.util.find_spec("lpkg.publish.site") is not None
HAS_DIFF = importlib.util.find_spec("lpkg.publish.diff") is not None


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    out = tmp_path_factory.mktemp("release") / "dist"
    return build(out, root=ROOT, version=VERSION, release_day=DAY)


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def scratch_root(tmp_path: Path) -> Path:
    """A copy of the dataset to break."""
    root = tmp_path / "root"
    for folder in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(ROOT / folder, root / folder)
    return root


def _break(root: Path) -> None:
    shutil.copy(FIXTURES / "shapes" / "czech-label-missing.invalid.ttl", root / "data" / "x.ttl")


# --- layout --------------------------------------------------------------------------------


def test_release_has_the_fixed_file_names(release: BuildResult) -> None:
    names = set(_files(release.out))
    expected = {
        "lpkg.ttl",
        "lpkg.nt",
        "lpkg.jsonld",
        "lpkg.trig",
        "lpkg.nq",
        "context.jsonld",
        "ontology.ttl",
        "shapes.ttl",
        "inferred.ttl",
        "void.ttl",
        "catalog/dataset.ttl",
        "catalog/dataset.jsonld",
        "catalog/katalog.jsonld",
        "SHA256SUMS",
        MARKER,
        *(f"{name}.gz" for name in DUMPS),
    }
    for query in list_queries(ROOT):
        expected |= {f"queries/{query.name}.csv", f"queries/{query.name}.json"}
    assert expected <= names
    assert "NOTES.md" not in names
    assert {n for n in names if not n.startswith("site/")} == expected


def test_the_release_is_in_its_version_folder_with_latest_and_nothing_else(
    release: BuildResult,
) -> None:
    releases = release.out.parent
    assert release.out.name == VERSION and releases.name == "dist"
    assert sorted(p.name for p in releases.iterdir()) == [VERSION, LATEST]
    assert os.readlink(releases / LATEST) == VERSION and release.latest
    assert [p.name for p in releases.parent.iterdir()] == ["dist"]


def test_the_marker_and_sha256sums_list_every_file(release: BuildResult) -> None:
    assert unverified(release.out) is None
    lines = (release.out / MARKER).read_text().splitlines()
    assert lines[0] == f"# lpkg release {VERSION}"
    marked = {line.split("  ", 1)[1] for line in lines[1:]}
    site = {n for n in _files(release.out) if n.startswith("site/")}
    assert marked == {"SHA256SUMS"} | site


def test_sha256sums_cover_every_file_but_itself_and_the_site(release: BuildResult) -> None:
    lines = (release.out / "SHA256SUMS").read_text().splitlines()
    listed = {}
    for line in lines:
        digest, name = line.split("  ", 1)
        listed[name] = digest
    assert [line.split("  ", 1)[1] for line in lines] == sorted(listed)
    files = _files(release.out)
    expected = {n for n in files if n not in ("SHA256SUMS", MARKER) and not n.startswith("site/")}
    assert set(listed) == expected
    for name, digest in listed.items():
        assert hashlib.sha256(files[name]).hexdigest() == digest


def test_downloads_match_the_files(release: BuildResult) -> None:
    files = _files(release.out)
    published = {n for n in files if n != MARKER and not n.startswith("site/")}
    assert {d.name for d in release.downloads} == published
    for download in release.downloads:
        assert download.size == len(files[download.name])
        assert download.sha256 == hashlib.sha256(files[download.name]).hexdigest()
        assert download.title


@pytest.mark.parametrize("name", DUMPS)
def test_each_dump_has_a_deterministic_gzip(release: BuildResult, name: str) -> None:
    packed = (release.out / f"{name}.gz").read_bytes()
    assert gzip.decompress(packed) == (release.out / name).read_bytes()
    assert packed[4:8] == b"\0\0\0\0" and packed[3] & 0x08 == 0


def test_turtle_dumps_are_canonical_with_a_header(release: BuildResult) -> None:
    text = (release.out / "lpkg.ttl").read_text()
    assert text.startswith(f"# Local Partnerships Knowledge Graph (lpkg) {VERSION}.")
    graph = Graph().parse(data=text, format="turtle")
    assert canonical_turtle(graph, read_header(text)) == text


def test_queries_requiring_inference_see_the_closure(
    release: BuildResult, sources: dict[str, Graph]
) -> None:
    from lpkg.queries import get_query, run_query

    query = get_query("both-towns-inferred", ROOT)
    assert query.requires_inference
    rows = (release.out / "queries" / "both-towns-inferred.csv").read_text().splitlines()
    on_asserted = run_query(query, sources["lpkg.ttl"]).rows
    assert len(rows) - 1 > len(on_asserted)


def test_query_csv_has_czech_label_columns(release: BuildResult) -> None:
    lines = (release.out / "queries" / "both-towns.csv").read_text().splitlines()
    # the columns of the answers are headed by the towns' Czech names
    assert lines[0] == "organization,organizationLabel,Litvínov,Most,incompleteLists"
    lorg = "https://w3id.org/lpkg/id/organization/"
    assert f"{lorg}most-k-nadeji,Most k naději,member,member," in lines


def test_each_query_and_the_closure_run_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The release's files and its site share one closure and one answer per query."""
    import importlib

    import lpkg.publish.answers
    import lpkg.queries

    infer_module = importlib.import_module("lpkg.infer")  # lpkg.infer is also the function
    calls: Counter[str] = Counter()
    materialize, run_query = infer_module.materialize, lpkg.queries.run_query

    def counted_materialize(target):  # type: ignore[no-untyped-def]
        calls["closure"] += 1
        return materialize(target)

    def counted_run_query(query, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls[query.name] += 1
        return run_query(query, *args, **kwargs)

    monkeypatch.setattr(infer_module, "materialize", counted_materialize)
    monkeypatch.setattr(lpkg.queries, "run_query", counted_run_query)
    monkeypatch.setattr(lpkg.publish.answers, "run_query", counted_run_query)
    if HAS_SITE:
        import lpkg.publish.site

        monkeypatch.setattr(lpkg.publish.site, "run_query", counted_run_query)
    build(tmp_path / "dist", root=ROOT, version=VERSION, release_day=DAY)
    assert calls == Counter({"closure": 1, **{q.name: 1 for q in list_queries(ROOT)}})


# --- round-trips ---------------------------------------------------------------------------


def _sources() -> dict[str, Graph]:
    from lpkg.infer import infer
    from lpkg.load import load_graph

    graph = load_graph(root=ROOT)
    return {
        "lpkg.ttl": graph,
        "lpkg.nt": graph,
        "lpkg.jsonld": graph,
        "ontology.ttl": parse_files(turtle_files(ROOT, "ontology")),
        "shapes.ttl": load_shapes(ROOT),
        "inferred.ttl": inferred_only(graph, infer(graph)),
    }


@pytest.fixture(scope="module")
def sources() -> dict[str, Graph]:
    return _sources()


_OX_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES}
_OX_FORMATS[".jsonld"] = ox.RdfFormat.JSON_LD
_RDFLIB_FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld"}


@pytest.mark.parametrize(
    "name",
    [
        "lpkg.ttl",
        "lpkg.nt",
        "lpkg.jsonld",
        "ontology.ttl",
        "shapes.ttl",
        "inferred.ttl",
        "void.ttl",
        "catalog/dataset.ttl",
    ],
)
def test_rdf_files_round_trip_with_rdflib_and_oxigraph(
    release: BuildResult, sources: dict[str, Graph], name: str
) -> None:
    path = release.out / name
    data = path.read_bytes()
    with_rdflib = Graph().parse(data=data.decode(), format=_RDFLIB_FORMATS[path.suffix])
    with_oxigraph = oxigraph_graph(data, _OX_FORMATS[path.suffix])
    assert len(with_rdflib) > 0
    assert isomorphic(with_rdflib, with_oxigraph)
    if name in sources:
        assert isomorphic(with_rdflib, sources[name])
    if path.suffix == ".ttl":  # written canonically: the parsed graph writes back to the file
        text = data.decode()
        prefixes = {**METADATA_PREFIXES, "sh": "http://www.w3.org/ns/shacl#"}
        assert canonical_turtle(with_rdflib, read_header(text), prefixes=prefixes) == text


def test_quad_dumps_round_trip_to_the_dataset(release: BuildResult, dataset: Dataset) -> None:
    """lpkg.nq and lpkg.trig hold the dataset graph by graph; TriG is written canonically."""
    quads = oxigraph_dataset((release.out / "lpkg.nq").read_bytes(), ox.RdfFormat.N_QUADS)
    text = (release.out / "lpkg.trig").read_text(encoding="utf-8")
    trig = oxigraph_dataset(text.encode(), ox.RdfFormat.TRIG)
    assert same_dataset(quads, dataset) and same_dataset(trig, dataset)
    assert canonical_trig(trig, read_header(text)) == text


def test_union_of_the_quads_is_the_triple_dump(release: BuildResult) -> None:
    quads = oxigraph_dataset((release.out / "lpkg.nq").read_bytes(), ox.RdfFormat.N_QUADS)
    triples = oxigraph_graph((release.out / "lpkg.nt").read_bytes(), ox.RdfFormat.N_TRIPLES)
    assert isomorphic(union_graph(quads), triples)


def test_jsonld_uses_the_context_file(release: BuildResult) -> None:
    import json

    context = json.loads((release.out / "context.jsonld").read_text())["@context"]
    document = json.loads((release.out / "lpkg.jsonld").read_text())
    assert document["@context"] == context


# --- validation gating, atomicity and what may be replaced -----------------------------------


def _old_releases(tmp_path: Path) -> Path:
    """A releases folder holding a release 1.0.0 that lpkg wrote, with latest pointing at it."""
    out = tmp_path / "dist"
    shutil.copytree(RELEASES / "valid", out)
    os.symlink("1.0.0", out / LATEST)
    return out


def _entries(folder: Path) -> dict[str, bytes | str]:
    """Files with their bytes and links with their targets."""
    return {
        p.relative_to(folder).as_posix(): os.readlink(p) if p.is_symlink() else p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_symlink() or p.is_file()
    }


def test_nonconforming_data_writes_nothing(scratch_root: Path, tmp_path: Path) -> None:
    _break(scratch_root)
    out = tmp_path / "out" / "dist"
    with pytest.raises(DoesNotConformError) as caught:
        build(out, root=scratch_root, version=VERSION)
    assert not caught.value.report.conforms  # type: ignore[attr-defined]
    assert not out.exists() and not out.parent.exists()


def test_nonconforming_data_leaves_the_old_releases_intact(
    scratch_root: Path, tmp_path: Path
) -> None:
    out = _old_releases(tmp_path)
    before = _entries(out)
    _break(scratch_root)
    with pytest.raises(DoesNotConformError):
        build(out, root=scratch_root, version=VERSION)
    assert _entries(out) == before


def test_a_store_validated_on_is_freed_before_the_dataset_is_loaded(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The store lpkg build validates on is not needed for writing: one the caller does not
    keep is gone before rdflib loads the dataset (memory, not both at once)."""
    import lpkg.publish.build as build_module

    class Stop(Exception):
        pass

    opened: list[weakref.ref[Store]] = []
    alive = []

    def store() -> Store:
        made = open_store("oxigraph", root=ROOT)
        opened.append(weakref.ref(made))
        return made

    def load_dataset(**_: object) -> Dataset:
        alive.append(opened[0]() is not None)
        raise Stop

    monkeypatch.setattr(build_module, "load_dataset", load_dataset)
    with pytest.raises(Stop):
        build(tmp_path / "dist", root=ROOT, version=VERSION, store=store())  # as the CLI does
    assert alive == [False]


def test_a_statement_without_a_source_writes_nothing(scratch_root: Path, tmp_path: Path) -> None:
    """A fact in the default graph of a data file names no page: the release refuses it as
    `lpkg validate` does (lpkg.sources), though the shapes have nothing against it."""
    (scratch_root / "data" / "x.trig").write_text(
        "<https://w3id.org/lpkg/id/organization/most-k-nadeji> "
        "<https://schema.org/url> <https://example.org/> .\n",
        encoding="utf-8",
    )
    out = tmp_path / "out" / "dist"
    with pytest.raises(DoesNotConformError) as caught:
        build(out, root=scratch_root, version=VERSION)
    components = {str(r.component) for r in caught.value.report.results}  # type: ignore[attr-defined]
    assert [c.rsplit("#", 1)[-1] for c in components] == ["NoSource"]
    assert not out.exists()


@pytest.mark.parametrize(
    ("old", "version", "force"),
    [(False, VERSION, False), (True, VERSION, False), (True, "1.0.0", True)],
    ids=["no-old-release", "old-release", "forced-over-the-same-version"],
)
def test_failure_half_way_leaves_no_partial_release(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, old: bool, version: str, force: bool
) -> None:
    """An exception after some files are written (here: while writing VoID) must leave the
    folder as it was: absent, or the old releases and latest byte for byte, and no temporary
    folder."""
    import lpkg.publish.build as build_module

    def explode(*args: object, **kwargs: object) -> Graph:
        raise RuntimeError("injected failure")

    monkeypatch.setattr(build_module, "void_description", explode)
    out = _old_releases(tmp_path) if old else tmp_path / "dist"
    before = _entries(out) if old else None
    with pytest.raises(RuntimeError, match="injected"):
        build(out, root=ROOT, version=version, force=force)
    if old:
        assert _entries(out) == before
        assert sorted(p.name for p in out.iterdir()) == ["1.0.0", LATEST]
    else:
        assert list(tmp_path.iterdir()) == []


def test_a_killed_build_leaves_the_old_releases_and_the_next_build_cleans_up(
    tmp_path: Path,
) -> None:
    """A real ``lpkg build`` killed with SIGKILL while it writes: the old release and latest are
    untouched; its temporary folder is removed when the next build starts writing."""
    from lpkg.publish.releases import ReleasesFolder

    out = _old_releases(tmp_path)
    before = _entries(out)
    command = [sys.executable, "-m", "lpkg", "--root", str(ROOT), "build", "--out", str(out)]
    process = subprocess.Popen([*command, "--version", "1.1.0"], stderr=subprocess.DEVNULL)
    try:
        for _ in range(6000):  # up to 10 minutes on a loaded machine
            if list(out.glob(".lpkg-1.1.0.*.building/lpkg.ttl")):
                break
            assert process.poll() is None, "the build ended before it was killed"
            time.sleep(0.1)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        assert process.wait() == -signal.SIGKILL
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["1.0.0", LATEST]
    leftovers = [p for p in out.iterdir() if p.name.startswith(".lpkg-")]
    assert len(leftovers) == 1 and (leftovers[0] / "lpkg.ttl").is_file()
    assert {n: v for n, v in _entries(out).items() if not n.startswith(".lpkg-")} == before
    releases = ReleasesFolder(out, "1.1.0")
    with pytest.raises(RuntimeError, match="stop"), releases.building():
        raise RuntimeError("stop")  # the start of the next build is enough
    assert _entries(out) == before


def test_the_bug_report_folder_is_never_deleted(tmp_path: Path) -> None:
    """A folder with lpkg.ttl, thesis.txt and photos/, given as --out or as the version folder
    (even with --force): exit 2 with the reason, nothing deleted."""
    mine = tmp_path / "mine"
    shutil.copytree(RELEASES / "user-folder", mine)
    result = CliRunner().invoke(main, ["build", "--out", str(mine), "--version", VERSION])
    assert result.exit_code == 2, result.output
    assert "holds a release (or its files) itself" in result.output
    out = tmp_path / "dist"
    shutil.copytree(RELEASES / "user-folder", out / VERSION)
    args = ["build", "--out", str(out), "--version", VERSION, "--force"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "is not a release lpkg wrote" in result.output
    assert _entries(mine) == _entries(out / VERSION) == _entries(RELEASES / "user-folder")
    assert sorted(p.name for p in out.iterdir()) == [VERSION]


@pytest.mark.parametrize(
    "case", sorted(p.name for p in RELEASES.glob("*.invalid")), ids=lambda name: name
)
def test_force_refuses_a_version_folder_lpkg_did_not_write_as_it_is(
    tmp_path: Path, case: str
) -> None:
    out = tmp_path / "dist"
    shutil.copytree(RELEASES / case, out)
    before = _entries(out)
    with pytest.raises(WouldOverwriteError, match="is not a release lpkg wrote"):
        build(out, root=ROOT, version="1.0.0", force=True)
    assert _entries(out) == before


def test_an_existing_version_is_refused_without_force(tmp_path: Path) -> None:
    out = _old_releases(tmp_path)
    args = ["--root", str(ROOT), "build", "--out", str(out), "--version", "1.0.0"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "never rebuilt in place" in result.output and "--force" in result.output


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_release_has_its_own_version_date_and_url(
    monkeypatch: pytest.MonkeyPatch, scratch_root: Path, tmp_path: Path
) -> None:
    """Without --date the release date is the day of the dataset's last commit, not the
    ontology's dcterms:modified (2026-12-02) nor today; the version is --version, not the
    ontology's owl:versionInfo; the files are published under BASE_URL/VERSION/."""
    import lpkg.publish.build as build_module
    from lpkg.publish.metadata import Release

    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    env |= {"GIT_AUTHOR_DATE": "2024-03-05T12:00:00Z", "GIT_COMMITTER_DATE": "2024-03-05T12:00:00Z"}
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "dataset"]):
        subprocess.run(["git", "-C", str(scratch_root), *args], env=env, check=True)
    seen: list[Release] = []

    def stop(graph: Graph, downloads: object, titles: object, release: Release) -> Graph:
        seen.append(release)
        raise RuntimeError("stop")

    monkeypatch.setattr(build_module, "dataset_metadata", stop)
    with pytest.raises(RuntimeError, match="stop"):
        build(tmp_path / "dist", root=scratch_root, version="0.4.0", base_url="https://e.org/d/")
    (release,) = seen
    assert (release.version, release.base_url, release.issued) == (
        "0.4.0",
        "https://e.org/d/0.4.0/",
        date(2024, 3, 5),
    )


def test_a_previous_release_without_lpkg_ttl_is_refused(tmp_path: Path) -> None:
    with pytest.raises(MissingFileError):
        build(tmp_path / "dist", root=ROOT, version=VERSION, previous=tmp_path)
    assert not (tmp_path / "dist").exists()


@pytest.mark.parametrize("marker", [True, False], ids=["marker", "lpkg-ttl-header-only"])
def test_a_previous_release_of_the_same_version_is_refused(tmp_path: Path, marker: bool) -> None:
    previous = tmp_path / "previous"
    shutil.copytree(RELEASES / "valid" / "1.0.0", previous)
    if not marker:  # a release written before the marker existed
        (previous / MARKER).unlink()
    with pytest.raises(InputError, match="has version 1.0.0 too") as caught:
        build(tmp_path / "dist", root=ROOT, version="1.0.0", previous=previous)
    assert caught.value.exit_code == 2
    assert not (tmp_path / "dist").exists()


@pytest.mark.skipif(not HAS_DIFF, reason="lpkg.publish.diff (release notes) is not there yet")
def test_a_new_version_beside_the_previous_gets_notes_and_latest(
    release: BuildResult, tmp_path: Path
) -> None:
    out = tmp_path / "dist"
    shutil.copytree(release.out.parent, out, symlinks=True)
    before = _entries(out)
    result = build(out, root=ROOT, version="1.3.0", release_day=DAY, previous=out / LATEST)
    assert result.notes and result.latest and result.out == out / "1.3.0"
    files = _files(result.out)
    # the same data as the previous release: no changes, said in both languages
    assert files["NOTES.md"].decode() == (
        "## 1.3.0 (2025-01-15)\n\n### Česky\n\nBeze změn.\n\n### English\n\nNo changes.\n"
    )
    assert "  NOTES.md\n" in files["SHA256SUMS"].decode()
    assert os.readlink(out / LATEST) == "1.3.0"
    assert {n: v for n, v in _entries(out).items() if n.startswith(f"{VERSION}/")} == {
        n: v for n, v in before.items() if n.startswith(f"{VERSION}/")
    }
    assert sorted(p.name for p in out.iterdir()) == [VERSION, "1.3.0", LATEST]


# --- determinism ---------------------------------------------------------------------------


def test_two_builds_are_byte_identical(release: BuildResult, tmp_path: Path) -> None:
    """The second build runs in another process with another hash seed, so set and dict order
    and rdflib's random blank-node ids differ; every file must still be the same."""
    out = tmp_path / "again"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    command = [sys.executable, "-m", "lpkg", "--root", str(ROOT), "build", "--out", str(out)]
    command += ["--version", VERSION, "--date", DAY.isoformat()]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    # the default base URL lies under w3id.org/lpkg/ itself: no redirect rules, and a note why
    assert "Note: no w3id/.htaccess" in done.stderr
    first, second = _files(release.out), _files(out / VERSION)
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert different == []


@pytest.mark.skipif(not HAS_SITE, reason="lpkg.publish.site (the website) is not there yet")
def test_the_site_is_written(release: BuildResult) -> None:
    assert release.site
    assert (release.out / "site" / "index.html").is_file()


# --- the command line ----------------------------------------------------------------------


def test_help_documents_the_options_and_exit_codes() -> None:
    result = CliRunner().invoke(main, ["build", "--help"])
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    for option in ("--out", "--version", "--base-url", "--previous", "--date", "--force"):
        assert option in text
    assert "https://w3id.org/lpkg/dist/" in text
    assert "write release --version into DIR/VERSION/" in text
    assert "point the link DIR/latest at the highest version" in text
    assert "DIR/.lpkg-VERSION.*.building" in text
    assert "0 built, 1 the data does not conform, 2 unusable input" in text


def test_the_readme_describes_the_layout_and_what_is_replaced() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = " ".join(text.split("## Publishing a release", 1)[1].split("\n## ", 1)[0].split())
    for phrase in (
        "└── latest -> 0.2.0",
        "`BASE_URL/VERSION/FILE`",
        "`DIR/.lpkg-VERSION.*.building`",
        "an existing `DIR/VERSION` is refused unless `--force`",
        "`renameat2(RENAME_EXCHANGE)`",
        "one with the same version is refused (exit 2)",
        "never the clock",
    ):
        assert phrase in section, phrase


def test_cli_nonconforming_data_exits_1_with_the_report(scratch_root: Path, tmp_path: Path) -> None:
    _break(scratch_root)
    out = tmp_path / "dist"
    result = CliRunner().invoke(
        main,
        ["--root", str(scratch_root), "build", "--out", str(out), "--version", VERSION]
        + ["--lang", "en"],
    )
    assert result.exit_code == 1, result.output
    assert "does not conform" in result.output
    assert "most--novy-spolek" in result.output
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--version", "one"], "must look like X.Y.Z"),
        (["--version", "../1.2.3"], "must look like X.Y.Z"),
        (["--version", "latest"], "must look like X.Y.Z"),
        (["--date", "15.1.2025"], "--date"),
        (["--base-url", "https://example.org/no-slash"], "must end with '/'"),
        (["--previous", "/nonexistent/previous"], "--previous"),
        (["--previous", str(RELEASES / "valid" / "1.0.0"), "--version", "1.0.0"], "too"),
    ],
    ids=[
        "bad-version",
        "version-as-path",
        "version-latest",
        "bad-date",
        "bad-base-url",
        "missing-previous",
        "previous-same-version",
    ],
)
def test_cli_unusable_input_exits_2(args: list[str], message: str, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    command = ["--root", str(ROOT), "build", "--out", str(out), "--version", VERSION, *args]
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.output.split())
    assert not out.exists()


def test_cli_requires_the_release_s_own_version(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    result = CliRunner().invoke(main, ["--root", str(ROOT), "build", "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "Missing option '--version'" in result.output
    assert not out.exists()
