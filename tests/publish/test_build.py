"""Tests of ``lpkg build``: layout, gating, atomicity, determinism, round-trips, the CLI."""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from lpkg.cli import main
from lpkg.errors import DoesNotConformError, MissingFileError, WouldOverwriteError
from lpkg.fmt import canonical_turtle, read_header
from lpkg.load import load_shapes, parse_files
from lpkg.paths import turtle_files
from lpkg.publish.build import DUMPS, BuildResult, build
from lpkg.publish.dumps import inferred_only
from lpkg.publish.metadata import METADATA_PREFIXES
from lpkg.queries import list_queries
from tests import FIXTURES, ROOT
from tests.publish.test_dumps import oxigraph_graph

VERSION = "1.2.3"
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
        "context.jsonld",
        "ontology.ttl",
        "shapes.ttl",
        "inferred.ttl",
        "void.ttl",
        "catalog/dataset.ttl",
        "catalog/dataset.jsonld",
        "catalog/katalog.jsonld",
        "SHA256SUMS",
        *(f"{name}.gz" for name in DUMPS),
    }
    for query in list_queries(ROOT):
        expected |= {f"queries/{query.name}.csv", f"queries/{query.name}.json"}
    assert expected <= names
    assert "NOTES.md" not in names
    assert {n for n in names if not n.startswith("site/")} == expected


def test_no_temporary_folders_are_left(release: BuildResult) -> None:
    assert [p.name for p in release.out.parent.iterdir()] == ["dist"]


def test_sha256sums_cover_every_file_but_itself_and_the_site(release: BuildResult) -> None:
    lines = (release.out / "SHA256SUMS").read_text().splitlines()
    listed = {}
    for line in lines:
        digest, name = line.split("  ", 1)
        listed[name] = digest
    assert [line.split("  ", 1)[1] for line in lines] == sorted(listed)
    files = _files(release.out)
    expected = {n for n in files if n != "SHA256SUMS" and not n.startswith("site/")}
    assert set(listed) == expected
    for name, digest in listed.items():
        assert hashlib.sha256(files[name]).hexdigest() == digest


def test_downloads_match_the_files(release: BuildResult) -> None:
    files = _files(release.out)
    assert {d.name for d in release.downloads} == {n for n in files if not n.startswith("site/")}
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


def test_jsonld_uses_the_context_file(release: BuildResult) -> None:
    import json

    context = json.loads((release.out / "context.jsonld").read_text())["@context"]
    document = json.loads((release.out / "lpkg.jsonld").read_text())
    assert document["@context"] == context


# --- validation gating and atomicity -------------------------------------------------------


def test_nonconforming_data_writes_nothing(scratch_root: Path, tmp_path: Path) -> None:
    _break(scratch_root)
    out = tmp_path / "out" / "dist"
    with pytest.raises(DoesNotConformError) as caught:
        build(out, root=scratch_root, version=VERSION)
    assert not caught.value.report.conforms  # type: ignore[attr-defined]
    assert not out.exists() and not out.parent.exists()


def test_nonconforming_data_leaves_an_old_release_intact(
    scratch_root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "dist"
    out.mkdir()
    (out / "SHA256SUMS").write_text("old\n")
    _break(scratch_root)
    with pytest.raises(DoesNotConformError):
        build(out, root=scratch_root, version=VERSION)
    assert _files(out) == {"SHA256SUMS": b"old\n"}


@pytest.mark.parametrize("old_release", [False, True], ids=["no-old-release", "old-release"])
def test_failure_half_way_leaves_no_partial_release(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, old_release: bool
) -> None:
    """An exception after some files are written (here: while writing VoID) must leave the
    folder as it was: absent, or the old release byte for byte, and no temporary folder."""
    import lpkg.publish.build as build_module

    def explode(*args: object, **kwargs: object) -> Graph:
        raise RuntimeError("injected failure")

    monkeypatch.setattr(build_module, "void_description", explode)
    out = tmp_path / "dist"
    if old_release:
        out.mkdir()
        (out / "lpkg.ttl").write_text("# old\n")
    with pytest.raises(RuntimeError, match="injected"):
        build(out, root=ROOT, version=VERSION)
    if old_release:
        assert _files(out) == {"lpkg.ttl": b"# old\n"}
    else:
        assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == (["dist"] if old_release else [])


def test_a_folder_that_is_not_a_release_is_not_replaced(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.txt").write_text("precious")
    with pytest.raises(WouldOverwriteError):
        build(out, root=ROOT, version=VERSION)
    assert _files(out) == {"thesis.txt": b"precious"}


def test_a_previous_release_without_lpkg_ttl_is_refused(tmp_path: Path) -> None:
    with pytest.raises(MissingFileError):
        build(tmp_path / "dist", root=ROOT, previous=tmp_path)
    assert not (tmp_path / "dist").exists()


@pytest.mark.skipif(not HAS_DIFF, reason="lpkg.publish.diff (release notes) is not there yet")
def test_previous_release_gives_notes_and_the_release_is_replaced(
    release: BuildResult, tmp_path: Path
) -> None:
    previous = tmp_path / "previous"
    shutil.copytree(release.out, previous)
    out = tmp_path / "dist"
    shutil.copytree(release.out, out)
    (out / "stale.txt").write_text("from the old release")
    result = build(out, root=ROOT, version=VERSION, release_day=DAY, previous=previous)
    assert result.notes
    files = _files(out)
    assert "stale.txt" not in files
    assert files["NOTES.md"]
    assert "  NOTES.md\n" in files["SHA256SUMS"].decode()
    # the record differs: it lists NOTES.md and names the previous version (test_metadata.py)
    for name, data in _files(release.out).items():
        if name != "SHA256SUMS" and not name.startswith(("site/", "catalog/dataset.")):
            assert files[name] == data, name


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
    first, second = _files(release.out), _files(out)
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
    for option in ("--out", "--version", "--base-url", "--previous", "--date"):
        assert option in text
    assert "https://w3id.org/lpkg/dist/" in text
    assert "0 built, 1 the data does not conform, 2 unusable input" in text


def test_cli_nonconforming_data_exits_1_with_the_report(scratch_root: Path, tmp_path: Path) -> None:
    _break(scratch_root)
    out = tmp_path / "dist"
    result = CliRunner().invoke(
        main, ["--root", str(scratch_root), "build", "--out", str(out), "--lang", "en"]
    )
    assert result.exit_code == 1, result.output
    assert "does not conform" in result.output
    assert "most--novy-spolek" in result.output
    assert not out.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["--version", "one"],
        ["--date", "15.1.2025"],
        ["--base-url", "https://example.org/no-slash"],
        ["--previous", "/nonexistent/previous"],
    ],
    ids=["bad-version", "bad-date", "bad-base-url", "missing-previous"],
)
def test_cli_unusable_input_exits_2(args: list[str], tmp_path: Path) -> None:
    out = tmp_path / "dist"
    result = CliRunner().invoke(main, ["--root", str(ROOT), "build", "--out", str(out), *args])
    assert result.exit_code == 2, result.output
    assert not out.exists()
