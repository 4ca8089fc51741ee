"""Tests of the release metadata: the DCAT-AP-CZ record, its profile shapes, the LKOD form, VoID."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, SH, SKOS, VOID, XSD

from lpkg.errors import DoesNotConformError, InputError, MissingFileError
from lpkg.load import parse_file
from lpkg.namespaces import ADMS
from lpkg.publish.build import BuildResult, build
from lpkg.publish.lkod import CONTEXT_PREFIXES, LKOD_CONTEXT
from lpkg.publish.metadata import (
    CATALOG,
    DATASET,
    SPDX,
    TERMS_OF_USE,
    VCARD,
    catalog_shapes,
    check_metadata,
    previous_version,
)
from lpkg.publish.releases import MARKER
from lpkg.validate import meta_validate, validate
from tests import EXTERNAL, FIXTURES, ROOT, require

VALID = FIXTURES / "publish" / "dataset.valid.ttl"
DS = URIRef("https://example.org/dataset")
DIST = URIRef("https://example.org/dataset/distribution/data.ttl")
CHECKSUM = URIRef(str(DIST) + "#checksum")
TERMS = URIRef(str(DIST) + "#terms-of-use")
CONTACT = URIRef(str(DS) + "#contact")
TEMPORAL = URIRef(str(DS) + "#temporal")
PUBLISHER = URIRef("https://example.org/publisher")
PUBLISHER2 = URIRef("https://example.org/publisher2")
IANA = "http://www.iana.org/assignments/media-types/"
DCAT_VERSION = URIRef(str(DCAT) + "version")
DCAT_PREVIOUS = URIRef(str(DCAT) + "previousVersion")
AVAILABILITY = URIRef("http://data.europa.eu/r5r/availability")
RUIAN = "https://linked.cuzk.cz/resource/ruian/obec/"
RELEASE_URL = "https://w3id.org/lpkg/dist/1.2.3/"
"""Where the release built below is published: its version's folder under the default --base-url."""
CZ_PROFILE = EXTERNAL / "dcat-ap-cz-2024"
DCAT_AP_3 = EXTERNAL / "dcat-ap-3.0.1"


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """A release that follows a previous one (1.2.2), with a contact address."""
    work = tmp_path_factory.mktemp("metadata")
    previous = work / "previous"
    (previous / "catalog").mkdir(parents=True)
    (previous / "lpkg.ttl").write_text("<https://example.org/s> <https://example.org/p> 1 .\n")
    (previous / "catalog" / "dataset.ttl").write_text(
        f'<{DATASET}> <{DCAT_VERSION}> "1.2.2" .\n', encoding="utf-8"
    )
    return build(
        work / "dist",
        root=ROOT,
        version="1.2.3",
        release_day=date(2025, 1, 15),
        previous=previous,
        contact_email="lpkg@example.org",
    )


@pytest.fixture(scope="module")
def record(release: BuildResult) -> Graph:
    return Graph().parse(release.out / "catalog" / "dataset.ttl", format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return catalog_shapes(ROOT)


def _expand(path: Path) -> Graph:
    """An LKOD JSON-LD file as RDF, expanded offline with the profile's published context."""
    from pyld import jsonld

    context = json.loads((require(CZ_PROFILE, "LPKG_EXTERNAL") / "kontext.jsonld").read_text())

    def loader(url: str, options: object = None) -> dict[str, object]:
        if url != LKOD_CONTEXT:  # only the profile's context, never the network
            raise ValueError(f"refusing to load {url}")
        return {"contextUrl": None, "documentUrl": url, "document": context}

    document = json.loads(path.read_text(encoding="utf-8"))
    quads = jsonld.to_rdf(document, {"documentLoader": loader, "format": "application/n-quads"})
    return Graph().parse(data=quads, format="nt")  # the default graph only: N-Triples lines


# --- the record of a release ---------------------------------------------------------------


def test_record_and_catalogue_conform_to_the_profile_without_warnings(
    release: BuildResult, record: Graph, shapes: Graph
) -> None:
    catalog = _expand(release.out / "catalog" / "katalog.jsonld")
    assert validate(record + catalog, shapes).results == []


def test_record_and_catalogue_conform_to_the_official_dcat_ap_3_shapes(
    release: BuildResult, record: Graph
) -> None:
    """shapes.ttl (cardinalities, datatypes) and range.ttl (the classes of the values): the
    record types every value it refers to, and its basis is DCAT-AP 3 (SHA-256, byte sizes)."""
    folder = require(DCAT_AP_3, "LPKG_EXTERNAL")
    official = parse_file(folder / "shapes.ttl") + parse_file(folder / "range.ttl")
    catalog = _expand(release.out / "catalog" / "katalog.jsonld")
    report = validate(record + catalog, official)
    violations = [r for r in report.results if r.severity == SH.Violation]
    assert violations == [], report.to_text("en")


def test_record_has_the_dataset_fields(record: Graph) -> None:
    titles = {o.language for o in record.objects(DATASET, DCTERMS.title)}  # type: ignore[union-attr]
    assert titles == {"cs", "en"}
    assert record.value(DATASET, DCTERMS.issued) == Literal("2025-01-15", datatype=XSD.date)
    assert record.value(DATASET, DCAT_VERSION) == Literal("1.2.3")
    site = URIRef(RELEASE_URL + "site/index.html")
    assert record.value(DATASET, DCAT.landingPage) == site
    assert record.value(DATASET, FOAF.page) == site
    contact = record.value(DATASET, DCAT.contactPoint)
    assert record.value(contact, VCARD.hasEmail) == URIRef("mailto:lpkg@example.org")
    assert (record.value(DATASET, DCTERMS.publisher), DCTERMS.type, None) in record


def test_the_ontology_keeps_its_own_version(record: Graph) -> None:
    """The release is 1.2.3; the ontology it conforms to is at its own version (ontology/)."""
    ontology = URIRef("https://w3id.org/lpkg/ontology")
    assert record.value(DATASET, DCTERMS.conformsTo) == ontology
    assert record.value(ontology, OWL.versionInfo) == Literal("0.1.0")
    assert (ontology, RDF.type, DCTERMS.Standard) in record


def test_referenced_values_are_typed(record: Graph) -> None:
    def typed(prop: URIRef, cls: URIRef) -> None:
        values = set(record.objects(None, prop))
        assert values and all((v, RDF.type, cls) in record for v in values), prop

    typed(DCTERMS.spatial, DCTERMS.Location)
    typed(DCTERMS.license, DCTERMS.LicenseDocument)
    typed(DCAT.mediaType, DCTERMS.MediaType)
    typed(DCAT.compressFormat, DCTERMS.MediaType)
    typed(DCTERMS.format, DCTERMS.MediaTypeOrExtent)
    typed(DCAT.contactPoint, VCARD.Kind)
    typed(DCTERMS.publisher, FOAF.Agent)
    typed(DCAT.theme, SKOS.Concept)


def test_towns_by_ruian_iri_where_a_page_states_the_code(record: Graph) -> None:
    """The 17 towns of the partnerships (lpkg:town in data/partnerships/): Trmice's code 553697
    is in data/partnerships/trmice.trig with its page, the other 16 were not found, so they keep
    the dataset's IRIs and the version notes name them. Jesenicko and Šluknovsko are regions
    (schema:areaServed of a partnership without a town): no municipality code to look for."""
    spatial = {str(o) for o in record.objects(DATASET, DCTERMS.spatial)}
    unverified = (
        "bilina breclav broumov cheb decin duchcov holesov jachymov kadan kutna-hora litvinov "
        "most ostrava prerov roudnice-nad-labem usti-nad-labem"
    ).split()
    assert spatial == {
        "http://publications.europa.eu/resource/authority/country/CZE",
        RUIAN + "553697",
        *(f"https://w3id.org/lpkg/id/place/{slug}" for slug in unverified),
        "https://w3id.org/lpkg/id/place/jesenicko",
        "https://w3id.org/lpkg/id/place/sluknovsko",
    }
    notes = {o.language: str(o) for o in record.objects(DATASET, ADMS.versionNotes)}  # type: ignore[union-attr]
    for language in ("cs", "en"):
        assert "Litvínov, Most, Ostrava" in notes[language]
        assert "Trmice" not in notes[language] and "Jesenicko" not in notes[language]
    assert "RÚIAN" in notes["en"]


def test_temporal_coverage_spans_the_data_dates_not_the_ontology_edit(record: Graph) -> None:
    """The earliest date in data/ is Diakonie ČCE's founding, 1989-06-01; the latest is the
    agency's move, 2020-01 (a month, so it ends on 31 January). The ontology's dcterms:modified
    (2026-12-02) is metadata and must not count."""
    period = record.value(DATASET, DCTERMS.temporal)
    assert record.value(period, DCAT.startDate) == Literal("1989-06-01", datatype=XSD.date)
    assert record.value(period, DCAT.endDate) == Literal("2020-01-31", datatype=XSD.date)


def test_versions_notes_and_citation(record: Graph) -> None:
    assert record.value(DATASET, DCAT_PREVIOUS) == URIRef(f"{DATASET}/1.2.2")
    notes = {o.language: str(o) for o in record.objects(DATASET, ADMS.versionNotes)}  # type: ignore[union-attr]
    assert notes["en"].startswith("Release 1.2.3, following 1.2.2")
    cited = str(record.value(DATASET, DCTERMS.bibliographicCitation))
    assert cited == (
        "lpkg contributors (2025). Local Partnerships Knowledge Graph (version 1.2.3) "
        "[Data set]. https://w3id.org/lpkg/dataset/1.2.3"
    )


def test_citation_file_matches_the_record(record: Graph) -> None:
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")

    def field(name: str) -> str:
        match = re.search(rf'^\s*-?\s*{name}: "?([^"\n]+)"?$', text, re.MULTILINE)
        assert match, name
        return match.group(1)

    assert field("cff-version") == "1.2.0" and field("type") == "dataset"
    assert Literal(field("title"), lang="en") in set(record.objects(DATASET, DCTERMS.title))
    assert field("name") in str(record.value(DATASET, DCTERMS.bibliographicCitation))
    assert field("license") == "CC-BY-4.0"
    assert record.value(DATASET, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert field("url") == str(DATASET)


def test_previous_version_needs_a_record_with_a_version(tmp_path: Path) -> None:
    with pytest.raises(MissingFileError):
        previous_version(tmp_path)
    (tmp_path / "catalog").mkdir()
    (tmp_path / "catalog" / "dataset.ttl").write_text(f"<{DATASET}> a <{DCAT.Dataset}> .\n")
    with pytest.raises(InputError, match="dcat:version"):
        previous_version(tmp_path)


def test_one_distribution_per_file_with_size_and_checksum(
    release: BuildResult, record: Graph
) -> None:
    """Every file but the catalogue files and SHA256SUMS (written after the record) is a
    distribution whose byte size and SHA-256 are those of the file, and whose URL is under
    --base-url; each has a description, an availability and the Czech terms of use."""
    files = {
        p.relative_to(release.out).as_posix(): p.read_bytes()
        for p in release.out.rglob("*")
        if p.is_file() and not p.relative_to(release.out).as_posix().startswith("site/")
    }
    catalogue = {"catalog/dataset.ttl", "catalog/dataset.jsonld", "catalog/katalog.jsonld"}
    described = set(files) - {"SHA256SUMS", MARKER} - catalogue
    seen = set()
    for dist in record.objects(DATASET, DCAT.distribution):
        url = str(record.value(dist, DCAT.downloadURL))
        assert url.startswith(RELEASE_URL)
        name = url.removeprefix(RELEASE_URL)
        seen.add(name)
        size = record.value(dist, DCAT.byteSize)
        assert size == Literal(str(len(files[name])), datatype=XSD.nonNegativeInteger)
        checksum = record.value(dist, SPDX.checksum)
        value = str(record.value(checksum, SPDX.checksumValue))
        assert value == hashlib.sha256(files[name]).hexdigest()
        assert record.value(dist, DCAT.accessURL) == URIRef(url)
        descriptions = {o.language for o in record.objects(dist, DCTERMS.description)}  # type: ignore[union-attr]
        assert descriptions == {"cs", "en"}
        assert record.value(dist, AVAILABILITY) is not None
        terms = record.value(dist, TERMS_OF_USE.specifikace)
        assert record.value(terms, TERMS_OF_USE["osobní-údaje"]) is not None
    assert seen == described


def test_media_types_and_formats(record: Graph) -> None:
    def dist(name: str) -> URIRef:
        return URIRef(f"{DATASET}/distribution/{name}")

    eu = "http://publications.europa.eu/resource/authority/file-type/"
    expected = {
        "lpkg.ttl": ("text/turtle", "RDF_TURTLE", None),
        "lpkg.nt.gz": ("application/n-triples", "GZIP", "application/gzip"),
        "lpkg.jsonld": ("application/ld+json", "JSON_LD", None),
        "lpkg.trig": ("application/trig", "RDF_TRIG", None),
        "lpkg.nq": ("application/n-quads", "RDF_N_QUADS", None),
        "lpkg.nq.gz": ("application/n-quads", "GZIP", "application/gzip"),
        "queries/members.csv": ("text/csv", "CSV", None),
        "queries/members.json": ("application/sparql-results+json", "JSON", None),
    }
    for name, (media_type, code, compress) in expected.items():
        assert record.value(dist(name), DCAT.mediaType) == URIRef(IANA + media_type)
        assert record.value(dist(name), DCTERMS.format) == URIRef(eu + code)
        packed = record.value(dist(name), DCAT.compressFormat)
        assert packed == (URIRef(IANA + compress) if compress else None)


# --- the LKOD JSON-LD ----------------------------------------------------------------------


def test_lkod_record_uses_the_2024_profile_keys(release: BuildResult) -> None:
    lkod = json.loads((release.out / "catalog" / "dataset.jsonld").read_text())
    assert lkod["@context"] == (
        "https://ofn.gov.cz/dcat-ap-cz-rozhraní-katalogů-otevřených-dat/2024-05-28/kontexty/"
        "rozhraní-katalogů-otevřených-dat.jsonld"
    )
    assert lkod["typ"] == "Datová sada" and lkod["iri"] == str(DATASET)
    assert set(lkod["název"]) == {"cs", "en"}
    assert "sociální začleňování" in lkod["klíčové_slovo"]["cs"]
    assert lkod["periodicita_aktualizace"].endswith("/frequency/IRREG")
    assert lkod["prvek_rúian"] == [RUIAN + "553697"]
    assert lkod["časové_pokrytí"]["začátek"] == "1989-06-01"
    assert lkod["kontaktní_bod"]["e-mail"] == "mailto:lpkg@example.org"
    assert all(d["typ"] == "Distribuce" and d["podmínky_užití"] for d in lkod["distribuce"])
    catalog = json.loads((release.out / "catalog" / "katalog.jsonld").read_text())
    assert catalog["typ"] == "Katalog" and catalog["iri"] == str(CATALOG)
    assert catalog["datová_sada"] == [str(DATASET)]


def test_lkod_record_says_what_the_turtle_record_says(release: BuildResult, record: Graph) -> None:
    """Expanded offline with the profile's context, the JSON-LD is the Turtle record's graph:
    licence, byte sizes, checksums, dates, languages, version and terms of use included."""
    assert isomorphic(_expand(release.out / "catalog" / "dataset.jsonld"), record)


def test_compact_keys_use_the_prefixes_the_profile_context_defines() -> None:
    context = json.loads((require(CZ_PROFILE, "LPKG_EXTERNAL") / "kontext.jsonld").read_text())
    defined = {k: v for k, v in context["@context"].items() if isinstance(v, str)}
    assert {k: defined.get(k) for k in CONTEXT_PREFIXES} == CONTEXT_PREFIXES


@pytest.mark.parametrize(
    ("schema", "document"),
    [("schema-datova-sada.json", "dataset.jsonld"), ("schema-katalog.json", "katalog.jsonld")],
)
def test_lkod_files_are_valid_against_the_profile_schemas(
    release: BuildResult, schema: str, document: str
) -> None:
    """The schemas name the basic-data-type schemas by their public URLs; the registry maps those
    URLs to the local copies, so nothing is fetched."""
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    folder = require(CZ_PROFILE, "LPKG_EXTERNAL")
    registry: Registry = Registry()
    for name in ("zdt-text.json", "zdt-vice-textu.json"):
        contents = json.loads((folder / name).read_text(encoding="utf-8"))
        registry = registry.with_resource(contents["$id"], Resource.from_contents(contents))
    validator = Draft202012Validator(
        json.loads((folder / schema).read_text(encoding="utf-8")), registry=registry
    )
    data = json.loads((release.out / "catalog" / document).read_text(encoding="utf-8"))
    assert [error.message for error in validator.iter_errors(data)] == []


def test_the_schemas_catch_an_old_context(release: BuildResult) -> None:
    """Regression: the 2021 OFN context the record used to name is not the 2024 profile's."""
    from jsonschema import Draft202012Validator

    folder = require(CZ_PROFILE, "LPKG_EXTERNAL")
    schema = json.loads((folder / "schema-katalog.json").read_text(encoding="utf-8"))
    context = schema["properties"]["@context"]
    old = (
        "https://ofn.gov.cz/rozhraní-katalogů-otevřených-dat/2021-01-11/kontexty/"
        "rozhraní-katalogů-otevřených-dat.jsonld"
    )
    assert not Draft202012Validator(context).is_valid(old)
    assert Draft202012Validator(context).is_valid(LKOD_CONTEXT)


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
    assert {"lpkg.trig", "lpkg.nq"} <= {d.rsplit("/", 1)[1] for d in dumps}
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
    "Dataset-publisher": lambda g: (  # a second publisher, of the same type
        _add(DS, DCTERMS.publisher, PUBLISHER2)(g),
        _add(PUBLISHER2, DCTERMS.type, g.value(PUBLISHER, DCTERMS.type))(g),
    ),
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
    "Dataset-landingPage": _drop(DS, DCAT.landingPage),
    "Dataset-page": _set(DS, FOAF.page, Literal("https://example.org/site/")),
    "Dataset-conformsTo": _drop(DS, DCTERMS.conformsTo),
    "Dataset-language": _set(DS, DCTERMS.language, Literal("cs")),
    "Dataset-publisherType": _drop(PUBLISHER, DCTERMS.type),
    "Dataset-previousVersion": _add(DS, DCAT_PREVIOUS, URIRef("https://example.org/dataset/1.2.1")),
    "Dataset-versionNotes": _add(DS, ADMS.versionNotes, Literal("Druhá poznámka.", lang="cs")),
    "Dataset-bibliographicCitation": _drop(DS, DCTERMS.bibliographicCitation),
    "Distribution-description-cs": _drop(DIST, DCTERMS.description),
    "Distribution-availability": _set(DIST, AVAILABILITY, URIRef("https://example.org/stable")),
    "Distribution-termsOfUse": _drop(TERMS, TERMS_OF_USE["osobní-údaje"]),
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


def test_contact_email_must_be_a_mailto_iri(shapes: Graph) -> None:
    graph = parse_file(VALID)
    graph.set((CONTACT, VCARD.hasEmail, URIRef("https://example.org/contact")))
    found = {str(r.source_shape).rsplit("#", 1)[-1] for r in validate(graph, shapes).results}
    assert found == {"Dataset-contactPoint"}


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
