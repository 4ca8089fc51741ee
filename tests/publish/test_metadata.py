"""Tests of the release metadata: the DCAT-AP-CZ record, its profile shapes, the LKOD form, VoID."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, SH, VOID, XSD

from lpkg.errors import DoesNotConformError
from lpkg.load import parse_file
from lpkg.publish.build import BuildResult, build
from lpkg.publish.metadata import (
    DATASET,
    LKOD_CONTEXT,
    SPDX,
    VCARD,
    catalog_shapes,
    check_metadata,
)
from lpkg.validate import meta_validate, validate
from tests import FIXTURES, ROOT

VALID = FIXTURES / "publish" / "dataset.valid.ttl"
DS = URIRef("https://example.org/dataset")
DIST = URIRef("https://example.org/dataset/distribution/data.ttl")
CHECKSUM = URIRef(str(DIST) + "#checksum")
CONTACT = URIRef(str(DS) + "#contact")
TEMPORAL = URIRef(str(DS) + "#temporal")
IANA = "http://www.iana.org/assignments/media-types/"
DCAT_VERSION = URIRef(str(DCAT) + "version")


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    out = tmp_path_factory.mktemp("metadata") / "dist"
    return build(out, root=ROOT, version="1.2.3", release_day=date(2025, 1, 15))


@pytest.fixture(scope="module")
def record(release: BuildResult) -> Graph:
    return Graph().parse(release.out / "catalog" / "dataset.ttl", format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return catalog_shapes(ROOT)


# --- the record of a release ---------------------------------------------------------------


def test_record_conforms_without_warnings(record: Graph, shapes: Graph) -> None:
    assert validate(record, shapes).results == []


def test_record_has_the_dataset_fields(record: Graph) -> None:
    titles = {o.language for o in record.objects(DATASET, DCTERMS.title)}  # type: ignore[union-attr]
    assert titles == {"cs", "en"}
    assert record.value(DATASET, DCTERMS.issued) == Literal("2025-01-15", datatype=XSD.date)
    assert record.value(DATASET, DCAT_VERSION) == Literal("1.2.3")
    spatial = set(record.objects(DATASET, DCTERMS.spatial))
    assert URIRef("http://publications.europa.eu/resource/authority/country/CZE") in spatial
    assert URIRef("https://w3id.org/lpkg/id/place/most") in spatial
    period = record.value(DATASET, DCTERMS.temporal)
    assert period is not None and record.value(period, DCAT.startDate) is not None


def test_one_distribution_per_file_with_size_and_checksum(
    release: BuildResult, record: Graph
) -> None:
    """Every file but the record itself and SHA256SUMS (written after it) is a distribution
    whose byte size and SHA-256 are those of the file, and whose URL is under --base-url."""
    files = {
        p.relative_to(release.out).as_posix(): p.read_bytes()
        for p in release.out.rglob("*")
        if p.is_file() and not p.relative_to(release.out).as_posix().startswith("site/")
    }
    described = set(files) - {"SHA256SUMS", "catalog/dataset.ttl", "catalog/dataset.jsonld"}
    described.discard(".lpkg-release")  # lpkg's mark of a release, not published data
    seen = set()
    for dist in record.objects(DATASET, DCAT.distribution):
        url = str(record.value(dist, DCAT.downloadURL))
        assert url.startswith("https://w3id.org/lpkg/dist/1.2.3/")
        name = url.removeprefix("https://w3id.org/lpkg/dist/1.2.3/")
        seen.add(name)
        size = record.value(dist, DCAT.byteSize)
        assert size == Literal(str(len(files[name])), datatype=XSD.nonNegativeInteger)
        checksum = record.value(dist, SPDX.checksum)
        value = str(record.value(checksum, SPDX.checksumValue))
        assert value == hashlib.sha256(files[name]).hexdigest()
        assert record.value(dist, DCAT.accessURL) == URIRef(url)
    assert seen == described


def test_media_types_and_formats(record: Graph) -> None:
    def dist(name: str) -> URIRef:
        return URIRef(f"{DATASET}/distribution/{name}")

    eu = "http://publications.europa.eu/resource/authority/file-type/"
    expected = {
        "lpkg.ttl": ("text/turtle", "RDF_TURTLE", None),
        "lpkg.nt.gz": ("application/n-triples", "GZIP", "application/gzip"),
        "lpkg.jsonld": ("application/ld+json", "JSON_LD", None),
        "queries/members.csv": ("text/csv", "CSV", None),
        "queries/members.json": ("application/sparql-results+json", "JSON", None),
    }
    for name, (media_type, code, compress) in expected.items():
        assert record.value(dist(name), DCAT.mediaType) == URIRef(IANA + media_type)
        assert record.value(dist(name), DCTERMS.format) == URIRef(eu + code)
        packed = record.value(dist(name), DCAT.compressFormat)
        assert packed == (URIRef(IANA + compress) if compress else None)


def test_lkod_record_matches_the_turtle_record(release: BuildResult, record: Graph) -> None:
    lkod = json.loads((release.out / "catalog" / "dataset.jsonld").read_text())
    assert lkod["@context"] == LKOD_CONTEXT
    assert lkod["typ"] == "Datová sada" and lkod["iri"] == str(DATASET)
    assert set(lkod["název"]) == {"cs", "en"}
    assert "sociální začleňování" in lkod["klíčové_slovo"]["cs"]
    assert lkod["periodicita_aktualizace"].endswith("/frequency/IRREG")
    urls = {d["soubor_ke_stažení"] for d in lkod["distribuce"]}
    assert urls == {str(o) for o in record.objects(None, DCAT.downloadURL)}
    assert all(d["typ"] == "Distribuce" and d["podmínky_užití"] for d in lkod["distribuce"])


# --- VoID ----------------------------------------------------------------------------------


def test_void_counts_match_lpkg_ttl(release: BuildResult) -> None:
    """Counted again here from the parsed lpkg.ttl, by the rules void.ttl's header states."""
    data = Graph().parse(release.out / "lpkg.ttl", format="turtle")
    void = Graph().parse(release.out / "void.ttl", format="turtle")

    def count(node: object, prop: URIRef) -> int:
        return int(void.value(node, prop))  # type: ignore[arg-type]

    subjects = set(data.subjects())
    assert count(DATASET, VOID.triples) == len(data)
    assert count(DATASET, VOID.distinctSubjects) == len(subjects)
    assert count(DATASET, VOID.distinctObjects) == len(set(data.objects()))
    lpkg_iris = {s for s in subjects if str(s).startswith("https://w3id.org/lpkg/")}
    assert count(DATASET, VOID.entities) == len(lpkg_iris)
    classes = set(data.objects(None, RDF.type))
    properties = set(data.predicates())
    assert count(DATASET, VOID.classes) == len(classes)
    assert count(DATASET, VOID.properties) == len(properties)
    partitions = {
        void.value(p, VOID["class"]): p for p in void.objects(DATASET, VOID.classPartition)
    }
    assert set(partitions) == classes
    for cls, partition in partitions.items():
        assert count(partition, VOID.entities) == len(set(data.subjects(RDF.type, cls)))
    by_property = {
        void.value(p, VOID.property): p for p in void.objects(DATASET, VOID.propertyPartition)
    }
    assert set(by_property) == properties
    for prop, partition in by_property.items():
        assert count(partition, VOID.triples) == len(list(data.triples((None, prop, None))))
    dumps = {str(o) for o in void.objects(DATASET, VOID.dataDump)}
    assert "https://w3id.org/lpkg/dist/1.2.3/lpkg.ttl" in dumps
    assert URIRef("http://www.w3.org/ns/org#") in set(void.objects(DATASET, VOID.vocabulary))


# --- the profile shapes --------------------------------------------------------------------


def test_profile_shapes_are_valid_shacl(shapes: Graph) -> None:
    assert meta_validate(shapes).conforms


def test_profile_is_not_read_by_lpkg_validate() -> None:
    """Regression: shapes/catalog/ must not join the shapes the data is validated against."""
    from lpkg.load import load_shapes

    assert (None, SH.targetClass, DCAT.Dataset) not in load_shapes(ROOT)


def test_valid_fixture_has_no_results(shapes: Graph) -> None:
    assert validate(parse_file(VALID), shapes).results == []


def _set(s: URIRef, p: URIRef, o: object) -> Callable[[Graph], None]:
    def change(g: Graph) -> None:
        g.set((s, p, o))  # type: ignore[arg-type]

    return change


def _add(s: URIRef, p: URIRef, o: object) -> Callable[[Graph], None]:
    def change(g: Graph) -> None:
        g.add((s, p, o))  # type: ignore[arg-type]

    return change


def _drop(s: URIRef, p: URIRef, lang: str | None = None) -> Callable[[Graph], None]:
    def change(g: Graph) -> None:
        for o in list(g.objects(s, p)):
            if lang is None or getattr(o, "language", None) == lang:
                g.remove((s, p, o))

    return change


BREAKS: dict[str, Callable[[Graph], None]] = {
    "Dataset-title": _add(DS, DCTERMS.title, Literal("Druhý název", lang="cs")),
    "Dataset-title-cs": _drop(DS, DCTERMS.title, "cs"),
    "Dataset-title-en": _drop(DS, DCTERMS.title, "en"),
    "Dataset-description": _add(DS, DCTERMS.description, Literal("no language")),
    "Dataset-description-cs": _drop(DS, DCTERMS.description, "cs"),
    "Dataset-description-en": _drop(DS, DCTERMS.description, "en"),
    "Dataset-publisher": _drop(DS, DCTERMS.publisher),
    "Dataset-theme": _set(DS, DCAT.theme, URIRef("https://example.org/theme/social")),
    "Dataset-accrualPeriodicity": _add(
        DS,
        DCTERMS.accrualPeriodicity,
        URIRef("http://publications.europa.eu/resource/authority/frequency/ANNUAL"),
    ),
    "Dataset-keyword-cs": _drop(DS, DCAT.keyword, "cs"),
    "Dataset-keyword-en": _drop(DS, DCAT.keyword, "en"),
    "Dataset-spatial": _set(DS, DCTERMS.spatial, Literal("Czechia")),
    "Dataset-distribution": _drop(DIST, RDF.type),
    "Dataset-contactPoint": _drop(CONTACT, VCARD.fn),
    "Dataset-temporal": lambda g: (
        _drop(TEMPORAL, DCAT.startDate)(g),
        _drop(TEMPORAL, DCAT.endDate)(g),
    ),
    "Dataset-issued": _set(DS, DCTERMS.issued, Literal("15. 1. 2025")),
    "Dataset-modified": _drop(DS, DCTERMS.modified),
    "Dataset-version": _set(DS, DCAT_VERSION, Literal("v1")),
    "Dataset-license": _add(DS, DCTERMS.license, URIRef("https://example.org/license")),
    "Distribution-accessURL": _drop(DIST, DCAT.accessURL),
    "Distribution-downloadURL": _set(DIST, DCAT.downloadURL, Literal("https://example.org/x")),
    "Distribution-mediaType": _set(DIST, DCAT.mediaType, URIRef("https://example.org/turtle")),
    "Distribution-format": _drop(DIST, DCTERMS.format),
    "Distribution-license": _drop(DIST, DCTERMS.license),
    "Distribution-byteSize": _set(DIST, DCAT.byteSize, Literal(1234)),
    "Distribution-checksum": _set(
        CHECKSUM, SPDX.checksumValue, Literal("ABC", datatype=XSD.hexBinary)
    ),
    "Distribution-title-cs": _drop(DIST, DCTERMS.title),
    "Distribution-compressFormat": _add(
        DIST, DCAT.compressFormat, URIRef(IANA + "application/zip")
    ),
}


def test_every_profile_constraint_has_a_breaking_case(shapes: Graph) -> None:
    profile = "https://w3id.org/lpkg/shapes/catalog#"
    named = {
        str(o).removeprefix(profile)
        for o in shapes.objects(None, SH.property)
        if str(o).startswith(profile)
    }
    assert named == set(BREAKS)


@pytest.mark.parametrize("shape", sorted(BREAKS), ids=sorted(BREAKS))
def test_each_constraint_can_fail(shapes: Graph, shape: str) -> None:
    graph = parse_file(VALID)
    BREAKS[shape](graph)
    report = validate(graph, shapes)
    found = {str(r.source_shape).rsplit("#", 1)[-1]: r for r in report.results}
    assert set(found) == {shape}, report.to_text("en")
    expected = SH.Violation if shape in _violations(shapes) else SH.Warning
    assert found[shape].severity == expected
    assert found[shape].message("cs") and found[shape].message("en")
    assert found[shape].message("cs") != found[shape].message("en")


def _violations(shapes: Graph) -> set[str]:
    profile = "https://w3id.org/lpkg/shapes/catalog#"
    return {
        str(s).removeprefix(profile)
        for s in shapes.subjects(SH.path, None)
        if str(s).startswith(profile) and (s, SH.severity, SH.Warning) not in shapes
    }


def test_named_invalid_fixture_reports_its_violations(shapes: Graph) -> None:
    graph = parse_file(FIXTURES / "publish" / "dataset.no-distribution.invalid.ttl")
    with pytest.raises(DoesNotConformError) as caught:
        check_metadata(graph, shapes)
    violations = {
        str(r.source_shape).rsplit("#", 1)[-1]
        for r in caught.value.report.results  # type: ignore[attr-defined]
        if r.severity == SH.Violation
    }
    assert violations == {"Dataset-distribution", "Dataset-title-cs"}


def test_build_refuses_metadata_that_does_not_conform(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import lpkg.publish.build as build_module

    original = build_module.dataset_metadata

    def broken(*args: object, **kwargs: object) -> Graph:
        graph = original(*args, **kwargs)  # type: ignore[arg-type]
        graph.remove((DATASET, DCTERMS.publisher, None))
        return graph

    monkeypatch.setattr(build_module, "dataset_metadata", broken)
    out = tmp_path / "dist"
    with pytest.raises(DoesNotConformError, match="DCAT-AP-CZ"):
        build(out, root=ROOT, version="1.2.3")
    assert not out.exists() and list(tmp_path.iterdir()) == []
