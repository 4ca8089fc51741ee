"""Release metadata: the DCAT-AP-CZ record (RDF and LKOD JSON-LD) and the VoID description."""

from __future__ import annotations

import calendar
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, VOID, XSD
from rdflib.term import Node

from ..errors import DoesNotConformError, MissingFileError
from ..load import new_graph, parse_files
from ..namespaces import BASE, PREFIXES
from ..paths import project_root
from . import Download

__all__ = [
    "DATASET",
    "DEFAULT_BASE_URL",
    "METADATA_PREFIXES",
    "Release",
    "catalog_shapes",
    "check_metadata",
    "dataset_metadata",
    "lkod_jsonld",
    "temporal_coverage",
    "void_description",
]

DEFAULT_BASE_URL = "https://w3id.org/lpkg/dist/"
"""Where a release's files are published unless ``--base-url`` says otherwise."""

DATASET = URIRef(BASE + "dataset")
"""The dataset's IRI in the catalogue and in VoID; the same in every release."""

PUBLISHER = URIRef(BASE + "id/agent/lpkg-contributors")
DCAT_VERSION = URIRef(str(DCAT) + "version")
"""dcat:version (DCAT 3), which rdflib's DCAT namespace does not define."""

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
FREQUENCY = Namespace("http://publications.europa.eu/resource/authority/frequency/")
DATA_THEME = Namespace("http://publications.europa.eu/resource/authority/data-theme/")
FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
COUNTRY = Namespace("http://publications.europa.eu/resource/authority/country/")
LANGUAGE = Namespace("http://publications.europa.eu/resource/authority/language/")
MEDIA_TYPE = "http://www.iana.org/assignments/media-types/"
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")
LKOD_CONTEXT = (
    "https://ofn.gov.cz/rozhraní-katalogů-otevřených-dat/2021-01-11/kontexty/"
    "rozhraní-katalogů-otevřených-dat.jsonld"
)
"""The context an LKOD record names; written as a string, never fetched."""

METADATA_PREFIXES = {
    "dcat": str(DCAT),
    "vcard": str(VCARD),
    "spdx": str(SPDX),
    "void": str(VOID),
    "frequency": str(FREQUENCY),
    "datatheme": str(DATA_THEME),
    "filetype": str(FILE_TYPE),
    "country": str(COUNTRY),
    "language": str(LANGUAGE),
}
"""Prefixes for the metadata files, beside the project's own."""

FORMATS: dict[str, tuple[str, str]] = {
    ".ttl": ("text/turtle", "RDF_TURTLE"),
    ".nt": ("application/n-triples", "RDF_N_TRIPLES"),
    ".jsonld": ("application/ld+json", "JSON_LD"),
    ".csv": ("text/csv", "CSV"),
    ".json": ("application/sparql-results+json", "JSON"),
    ".md": ("text/markdown", "TXT"),
    "": ("text/plain", "TXT"),
}
"""File suffix → (IANA media type, EU file-type authority code)."""

TITLE = {
    "cs": "Znalostní graf lokálních partnerství",
    "en": "Local Partnerships Knowledge Graph",
}
DESCRIPTION = {
    "cs": "Propojená data o lokálních partnerstvích pro sociální začleňování, která Agentura pro "
    "sociální začleňování založila v Litvínově, Mostě a Trmicích: partnerství, jejich členové, "
    "organizace a jejich útvary, města a lokality, plány, projekty a události, každý údaj "
    "s odkazem na veřejnou stránku, z níž pochází. Obsahuje ontologii, číselníky (SKOS), tvary "
    "SHACL a výsledky pojmenovaných dotazů SPARQL.",
    "en": "Linked data about the local partnerships for social inclusion that the Czech Agency "
    "for Social Inclusion set up in Litvínov, Most and Trmice: the partnerships, their members, "
    "organizations and their units, towns and localities, plans, projects and events, each fact "
    "with the public page it comes from. Includes the ontology, SKOS vocabularies, SHACL shapes "
    "and the results of the named SPARQL queries.",
}
KEYWORDS = {
    "cs": (
        "lokální partnerství",
        "sociální začleňování",
        "sociální vyloučení",
        "Litvínov",
        "Most",
        "Trmice",
        "propojená data",
    ),
    "en": (
        "local partnership",
        "social inclusion",
        "social exclusion",
        "Litvínov",
        "Most",
        "Trmice",
        "linked data",
    ),
}
PUBLISHER_NAME = {"cs": "přispěvatelé lpkg", "en": "lpkg contributors"}
TOWN_CLASS = URIRef("https://schema.org/City")


@dataclass(frozen=True)
class Release:
    """What the metadata says about a release besides its files.

    ``issued`` is the release date (``--date``, else the ontology's ``dcterms:modified`` or
    ``dcterms:issued``); without one, dcterms:issued and dcterms:modified are left out.
    """

    version: str
    base_url: str = DEFAULT_BASE_URL
    issued: date | None = None


def distribution_iri(name: str) -> URIRef:
    """The IRI of the distribution of the release file ``name``.

    >>> str(distribution_iri("queries/members.csv"))
    'https://w3id.org/lpkg/dataset/distribution/queries/members.csv'
    """
    return URIRef(f"{DATASET}/distribution/{name}")


def file_format(name: str) -> tuple[str, str, bool]:
    """(media type, EU file-type code, gzipped?) of a release file, from its name.

    >>> file_format("lpkg.nt.gz")
    ('application/n-triples', 'GZIP', True)
    """
    gzipped = name.endswith(".gz")
    inner = name[:-3] if gzipped else name
    media_type, code = FORMATS.get(Path(inner).suffix, FORMATS[""])
    return media_type, "GZIP" if gzipped else code, gzipped


# --- DCAT-AP-CZ ----------------------------------------------------------------------------


def dataset_metadata(
    graph: Graph,
    downloads: Sequence[Download],
    titles: Mapping[str, Mapping[str, str]],
    release: Release,
) -> Graph:
    """The DCAT-AP-CZ record of a release: the dataset and one distribution per download.

    Parameters:
        graph: the asserted graph (for the places and the dates it covers).
        downloads: the files the record describes.
        titles: per file name, its title by language (``cs``, ``en``).
        release: version, base URL and release date.
    """
    g = _metadata_graph()
    d = DATASET
    g.add((d, RDF.type, DCAT.Dataset))
    for lang in ("cs", "en"):
        g.add((d, DCTERMS.title, Literal(TITLE[lang], lang=lang)))
        g.add((d, DCTERMS.description, Literal(DESCRIPTION[lang], lang=lang)))
        for keyword in KEYWORDS[lang]:
            g.add((d, DCAT.keyword, Literal(keyword, lang=lang)))
    g.add((d, DCTERMS.publisher, PUBLISHER))
    g.add((PUBLISHER, RDF.type, FOAF.Agent))
    for lang, name in PUBLISHER_NAME.items():
        g.add((PUBLISHER, FOAF.name, Literal(name, lang=lang)))
    contact = URIRef(f"{DATASET}#contact-point")
    g.add((d, DCAT.contactPoint, contact))
    g.add((contact, RDF.type, VCARD.Organization))
    for lang, name in PUBLISHER_NAME.items():
        g.add((contact, VCARD.fn, Literal(name, lang=lang)))
    g.add((contact, VCARD.hasURL, URIRef(BASE)))
    g.add((d, DCTERMS.license, CC_BY))
    g.add((d, DCTERMS.accrualPeriodicity, FREQUENCY.IRREG))
    g.add((d, DCAT.theme, DATA_THEME.SOCI))
    g.add((d, DCTERMS.language, LANGUAGE.CES))
    g.add((d, DCTERMS.language, LANGUAGE.ENG))
    g.add((d, DCTERMS.spatial, COUNTRY.CZE))
    for town in towns(graph):
        g.add((d, DCTERMS.spatial, town))
    g.add((d, OWL.versionInfo, Literal(release.version)))
    g.add((d, DCAT_VERSION, Literal(release.version)))
    if release.issued is not None:
        issued = Literal(release.issued.isoformat(), datatype=XSD.date)
        g.add((d, DCTERMS.issued, issued))
        g.add((d, DCTERMS.modified, issued))
    coverage = temporal_coverage(graph)
    if coverage is not None:
        period = URIRef(f"{DATASET}#temporal-coverage")
        g.add((d, DCTERMS.temporal, period))
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        g.add((period, DCAT.startDate, Literal(coverage[0].isoformat(), datatype=XSD.date)))
        g.add((period, DCAT.endDate, Literal(coverage[1].isoformat(), datatype=XSD.date)))
    for download in downloads:
        _distribution(g, download, titles.get(download.name, {}), release.base_url)
    return g


def _metadata_graph() -> Graph:
    g = new_graph()
    for name, iri in METADATA_PREFIXES.items():
        g.bind(name, iri)
    return g


def _distribution(g: Graph, download: Download, titles: Mapping[str, str], base: str) -> None:
    dist = distribution_iri(download.name)
    url = URIRef(base + download.name)
    media_type, code, gzipped = file_format(download.name)
    g.add((DATASET, DCAT.distribution, dist))
    g.add((dist, RDF.type, DCAT.Distribution))
    for lang, title in sorted(titles.items()):
        g.add((dist, DCTERMS.title, Literal(title, lang=lang)))
    g.add((dist, DCAT.downloadURL, url))
    g.add((dist, DCAT.accessURL, url))
    g.add((dist, DCAT.mediaType, URIRef(MEDIA_TYPE + media_type)))
    g.add((dist, DCTERMS.format, FILE_TYPE[code]))
    if gzipped:
        g.add((dist, DCAT.compressFormat, URIRef(MEDIA_TYPE + "application/gzip")))
    g.add((dist, DCTERMS.license, CC_BY))
    g.add((dist, DCAT.byteSize, Literal(str(download.size), datatype=XSD.nonNegativeInteger)))
    checksum = URIRef(f"{dist}#checksum")
    g.add((dist, SPDX.checksum, checksum))
    g.add((checksum, RDF.type, SPDX.Checksum))
    g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    g.add((checksum, SPDX.checksumValue, Literal(download.sha256, datatype=XSD.hexBinary)))


def towns(graph: Graph) -> list[URIRef]:
    """The towns the partnerships work in (``lpkg:town``), else every ``schema:City``."""
    from ..namespaces import LPKG

    found = {o for o in graph.objects(None, LPKG.town) if isinstance(o, URIRef)}
    if not found:
        found = {s for s in graph.subjects(RDF.type, TOWN_CLASS) if isinstance(s, URIRef)}
    return sorted(found, key=str)


_DATE_TYPES = (XSD.date, XSD.gYear, XSD.gYearMonth, XSD.dateTime)
_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def temporal_coverage(graph: Graph) -> tuple[date, date] | None:
    """The first and last day of the time the data's dates span, or None without dates.

    A year counts from its 1 January to its 31 December, a month from its first to its last day.

    >>> from rdflib import URIRef
    >>> g = Graph()
    >>> _ = g.add((URIRef("http://ex/a"), RDF.value, Literal("2008", datatype=XSD.gYear)))
    >>> _ = g.add((URIRef("http://ex/b"), RDF.value, Literal("2010-02", datatype=XSD.gYearMonth)))
    >>> [d.isoformat() for d in temporal_coverage(g)]
    ['2008-01-01', '2010-02-28']
    """
    starts, ends = [], []
    for o in graph.objects():
        if not isinstance(o, Literal) or o.datatype not in _DATE_TYPES:
            continue
        match = _DATE.match(str(o))
        if match is None:
            continue
        year, month, day = match.groups()
        y = int(year)
        m_start, m_end = (int(month), int(month)) if month else (1, 12)
        d_start = int(day) if day else 1
        d_end = int(day) if day else calendar.monthrange(y, m_end)[1]
        try:
            starts.append(date(y, m_start, d_start))
            ends.append(date(y, m_end, d_end))
        except ValueError:
            continue
    if not starts:
        return None
    return min(starts), max(ends)


def release_date(ontology: Graph) -> date | None:
    """The ontology's ``dcterms:modified`` (else ``dcterms:issued``) as a date, if it has one."""
    for prop in (DCTERMS.modified, DCTERMS.issued):
        values = sorted(str(o)[:10] for o in ontology.objects(None, prop))
        for value in reversed(values):
            try:
                return date.fromisoformat(value)
            except ValueError:
                continue
    return None


# --- the LKOD JSON-LD ----------------------------------------------------------------------


def lkod_jsonld(metadata: Graph) -> str:
    """The record as the JSON-LD a Czech local open-data catalogue (LKOD) publishes.

    Built directly from the record (:func:`dataset_metadata`) with the keys of the OFN
    "Rozhraní katalogů otevřených dat" (2021-01-11); its ``@context`` is the OFN context's URL,
    written as a string and never fetched.
    """
    d = DATASET

    def texts(node: Node, prop: URIRef) -> dict[str, object]:
        by_lang: dict[str, list[str]] = {}
        for o in metadata.objects(node, prop):
            if isinstance(o, Literal) and o.language:
                by_lang.setdefault(o.language, []).append(str(o))
        return {k: sorted(v) if prop == DCAT.keyword else sorted(v)[0] for k, v in by_lang.items()}

    def iris(node: Node, prop: URIRef) -> list[str]:
        return sorted(str(o) for o in metadata.objects(node, prop))

    def one(node: Node, prop: URIRef) -> str | None:
        values = iris(node, prop)
        return values[0] if values else None

    record: dict[str, object] = {
        "@context": LKOD_CONTEXT,
        "iri": str(d),
        "typ": "Datová sada",
        "název": texts(d, DCTERMS.title),
        "popis": texts(d, DCTERMS.description),
        "poskytovatel": one(d, DCTERMS.publisher),
        "téma": iris(d, DCAT.theme),
        "periodicita_aktualizace": one(d, DCTERMS.accrualPeriodicity),
        "klíčové_slovo": texts(d, DCAT.keyword),
        "geografické_území": iris(d, DCTERMS.spatial),
        "prvek_rúian": [],
        "koncept_euroVoc": [],
    }
    contact = metadata.value(d, DCAT.contactPoint)
    if contact is not None:
        record["kontaktní_bod"] = {"typ": "Organizace", "jméno": texts(contact, VCARD.fn)}
    period = metadata.value(d, DCTERMS.temporal)
    if period is not None:
        record["časové_pokrytí"] = {
            "typ": "Časový interval",
            "začátek": str(metadata.value(period, DCAT.startDate)),
            "konec": str(metadata.value(period, DCAT.endDate)),
        }
    authors = {"cs": PUBLISHER_NAME["cs"], "en": PUBLISHER_NAME["en"]}
    distributions = []
    for dist in sorted(metadata.objects(d, DCAT.distribution), key=str):
        item: dict[str, object] = {
            "iri": str(dist),
            "typ": "Distribuce",
            "název": texts(dist, DCTERMS.title),
            "podmínky_užití": {
                "typ": "Specifikace podmínek užití",
                "autorské_dílo": str(CC_BY),
                "autor": authors,
                "databáze_jako_autorské_dílo": str(CC_BY),
                "autor_databáze": authors,
                "databáze_chráněná_zvláštními_právy": str(CC_BY),
                "osobní_údaje": "https://data.gov.cz/podmínky-užití/neobsahuje-osobní-údaje/",
            },
            "soubor_ke_stažení": one(dist, DCAT.downloadURL),
            "přístupové_url": one(dist, DCAT.accessURL),
            "typ_média": one(dist, DCAT.mediaType),
            "formát": one(dist, DCTERMS.format),
        }
        compress = one(dist, DCAT.compressFormat)
        if compress is not None:
            item["typ_média_komprese"] = compress
        distributions.append(item)
    record["distribuce"] = distributions
    return json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


# --- the shapes of the metadata ------------------------------------------------------------


def catalog_shapes(root: Path | str | None = None) -> Graph:
    """The DCAT-AP-CZ profile shapes in ``shapes/catalog/``.

    Raises:
        MissingFileError: there are none.
    """
    files = sorted((project_root(root) / "shapes" / "catalog").glob("*.ttl"))
    if not files:
        raise MissingFileError(project_root(root) / "shapes" / "catalog" / "*.ttl")
    return parse_files(files)


def check_metadata(metadata: Graph, shapes: Graph) -> None:
    """Validate a release's metadata against the profile shapes.

    Raises:
        DoesNotConformError: the metadata does not conform (the report is attached).
    """
    from ..validate import validate

    copy = Graph(bind_namespaces="none")
    for triple in metadata:
        copy.add(triple)
    report = validate(copy, shapes)  # pySHACL may add triples to the graphs it is given
    if not report.conforms:
        raise DoesNotConformError(
            "The release metadata does not conform to the DCAT-AP-CZ profile in shapes/catalog/; "
            "no release was written.",
            report,
        )


# --- VoID ----------------------------------------------------------------------------------


def void_description(graph: Graph, *, base_url: str, dumps: Iterable[str]) -> Graph:
    """VoID statistics of ``graph`` (the asserted graph of ``lpkg.ttl``).

    ``void:entities`` counts the distinct IRI subjects in the dataset's URI space
    (``https://w3id.org/lpkg/``); a class partition's ``void:entities`` counts the distinct
    subjects typed with the class, blank nodes included; ``void:distinctSubjects`` and
    ``void:distinctObjects`` count every distinct term, blank nodes and literals included.
    """
    g = _metadata_graph()
    d = DATASET
    g.add((d, RDF.type, VOID.Dataset))
    for lang in ("cs", "en"):
        g.add((d, DCTERMS.title, Literal(TITLE[lang], lang=lang)))
    g.add((d, DCTERMS.license, CC_BY))
    g.add((d, VOID.uriSpace, Literal(BASE)))
    subjects = set(graph.subjects())
    g.add((d, VOID.triples, _count(len(graph))))
    entities = {s for s in subjects if isinstance(s, URIRef) and str(s).startswith(BASE)}
    g.add((d, VOID.entities, _count(len(entities))))
    g.add((d, VOID.distinctSubjects, _count(len(subjects))))
    g.add((d, VOID.distinctObjects, _count(len(set(graph.objects())))))
    instances: dict[Node, set[Node]] = {}
    for s, o in graph.subject_objects(RDF.type):
        instances.setdefault(o, set()).add(s)
    g.add((d, VOID.classes, _count(len(instances))))
    properties = Counter(p for _, p, _ in graph)
    g.add((d, VOID.properties, _count(len(properties))))
    for cls, members in instances.items():
        partition = URIRef(f"{DATASET}#class-{_slug(cls)}")
        g.add((d, VOID.classPartition, partition))
        g.add((partition, VOID["class"], cls))
        g.add((partition, VOID.entities, _count(len(members))))
    for prop, count in properties.items():
        partition = URIRef(f"{DATASET}#property-{_slug(prop)}")
        g.add((d, VOID.propertyPartition, partition))
        g.add((partition, VOID.property, prop))
        g.add((partition, VOID.triples, _count(count)))
    for name in dumps:
        g.add((d, VOID.dataDump, URIRef(base_url + name)))
    for vocabulary in _vocabularies(set(properties) | {c for c in instances}):
        g.add((d, VOID.vocabulary, URIRef(vocabulary)))
    for feature in ("Turtle", "N-Triples", "JSON-LD"):
        g.add((d, VOID.feature, URIRef(f"http://www.w3.org/ns/formats/{feature}")))
    return g


def _count(n: int) -> Literal:
    return Literal(str(n), datatype=XSD.integer)


def _slug(term: Node) -> str:
    """A readable fragment for a partition: ``prefix-local``, else a hash of the IRI.

    >>> _slug(URIRef("https://w3id.org/lpkg/ontology#LocalPartnership"))
    'lpkg-LocalPartnership'
    """
    text = str(term)
    namespaces = {**PREFIXES, **METADATA_PREFIXES}
    for name, ns in sorted(namespaces.items(), key=lambda item: -len(item[1])):
        local = text[len(ns) :]
        if text.startswith(ns) and re.fullmatch(r"[A-Za-z0-9_.\-]+", local):
            return f"{name}-{local}"
    return "h" + hashlib.sha256(text.encode()).hexdigest()[:16]


def _vocabularies(terms: Iterable[Node]) -> list[str]:
    """The namespaces of ``terms``: a known prefix's, else the IRI up to its last ``#`` or ``/``."""
    namespaces = sorted({**PREFIXES, **METADATA_PREFIXES}.values(), key=len, reverse=True)
    found = set()
    for term in terms:
        if isinstance(term, BNode | Literal):
            continue
        text = str(term)
        match = next((ns for ns in namespaces if text.startswith(ns)), None)
        if match is None:
            cut = max(text.rfind("#"), text.rfind("/"))
            match = text[: cut + 1]
        found.add(match)
    return sorted(found)
