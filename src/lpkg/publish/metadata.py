"""Release metadata: the DCAT-AP-CZ record (DCAT-AP 3), the local catalogue, and VoID.

The record follows the Czech profile "DCAT-AP-CZ: Rozhraní katalogů otevřených dat" (2024-05-28),
which is built on DCAT-AP 3.0.1: byte sizes are ``xsd:nonNegativeInteger`` and checksums SHA-256
(both DCAT 3), and every value the record refers to is typed with the class DCAT-AP 3 expects, so
that the record conforms to the official DCAT-AP 3 shapes on its own. :mod:`lpkg.publish.lkod`
writes the same graphs as the JSON-LD a local open-data catalogue (LKOD) publishes.
"""

from __future__ import annotations

import calendar
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, RDFS, SKOS, TIME, VOID, XSD
from rdflib.term import Node

from ..errors import DoesNotConformError, InputError, MissingFileError
from ..load import new_graph, parse_file, parse_files
from ..namespaces import ADMS, BASE, IDTYPE, LPKG, PREFIXES, SCHEMA
from ..paths import project_root
from . import Download

__all__ = [
    "CATALOG",
    "DATASET",
    "DEFAULT_BASE_URL",
    "METADATA_PREFIXES",
    "Release",
    "catalog_metadata",
    "catalog_shapes",
    "check_metadata",
    "dataset_metadata",
    "previous_version",
    "ruian_iri",
    "temporal_coverage",
    "void_description",
]

DEFAULT_BASE_URL = "https://w3id.org/lpkg/dist/"
"""Where a release's files are published unless ``--base-url`` says otherwise."""

DATASET = URIRef(BASE + "dataset")
"""The dataset's IRI in the catalogue and in VoID; the same in every release (its latest one)."""

CATALOG = URIRef(BASE + "catalog")
"""The local catalogue (``dcat:Catalog``) that lists the dataset."""

PUBLISHER = URIRef(BASE + "id/agent/lpkg-contributors")
DCAT_VERSION = URIRef(str(DCAT) + "version")
"""dcat:version (DCAT 3), which rdflib's DCAT namespace does not define."""
DCAT_PREVIOUS_VERSION = URIRef(str(DCAT) + "previousVersion")
"""dcat:previousVersion (DCAT 3)."""

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
TERMS_OF_USE = Namespace("https://data.gov.cz/slovník/podmínky-užití/")
"""The Czech terms-of-use vocabulary (``pu:``) that DCAT-AP-CZ requires on every distribution."""
FREQUENCY = Namespace("http://publications.europa.eu/resource/authority/frequency/")
DATA_THEME = Namespace("http://publications.europa.eu/resource/authority/data-theme/")
FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
COUNTRY = Namespace("http://publications.europa.eu/resource/authority/country/")
LANGUAGE = Namespace("http://publications.europa.eu/resource/authority/language/")
AVAILABILITY = Namespace("http://publications.europa.eu/resource/authority/planned-availability/")
PUBLISHER_TYPE = Namespace("http://purl.org/adms/publishertype/")
RUIAN_OBEC = "https://linked.cuzk.cz/resource/ruian/obec/"
MEDIA_TYPE = "http://www.iana.org/assignments/media-types/"
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")
NO_PERSONAL_DATA = URIRef("https://data.gov.cz/podmínky-užití/neobsahuje-osobní-údaje/")
ONTOLOGY = URIRef(BASE + "ontology")

METADATA_PREFIXES = {
    "dcat": str(DCAT),
    "dcatap": str(DCATAP),
    "vcard": str(VCARD),
    "spdx": str(SPDX),
    "pu": str(TERMS_OF_USE),
    "void": str(VOID),
    "frequency": str(FREQUENCY),
    "datatheme": str(DATA_THEME),
    "filetype": str(FILE_TYPE),
    "country": str(COUNTRY),
    "language": str(LANGUAGE),
    "availability": str(AVAILABILITY),
    "publishertype": str(PUBLISHER_TYPE),
    "ruianobec": RUIAN_OBEC,
}
"""Prefixes for the metadata files, beside the project's own."""

FORMATS: dict[str, tuple[str, str]] = {
    ".ttl": ("text/turtle", "RDF_TURTLE"),
    ".nt": ("application/n-triples", "RDF_N_TRIPLES"),
    ".trig": ("application/trig", "RDF_TRIG"),
    ".nq": ("application/n-quads", "RDF_N_QUADS"),
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
CATALOG_TITLE = {
    "cs": "Lokální katalog otevřených dat projektu lpkg",
    "en": "The local open-data catalogue of the lpkg project",
}
CATALOG_DESCRIPTION = {
    "cs": "Katalog otevřených dat, který uvádí Znalostní graf lokálních partnerství.",
    "en": "An open-data catalogue that lists the Local Partnerships Knowledge Graph.",
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
TOWN_CLASS = SCHEMA.City
LABELS: dict[URIRef, dict[str, str]] = {
    DATA_THEME.SOCI: {"en": "Population and society"},
    AVAILABILITY.STABLE: {"en": "stable"},
    PUBLISHER_TYPE["PrivateIndividual(s)"]: {"en": "Private Individual(s)"},
}
"""skos:prefLabel of the authority concepts the record uses (DCAT-AP 3 requires one)."""

DATA_DATES = (
    TIME.inXSDDate,
    TIME.inXSDDateTimeStamp,
    TIME.inXSDgYear,
    TIME.inXSDgYearMonth,
    SCHEMA.foundingDate,
    SCHEMA.dissolutionDate,
)
"""The properties whose values are the data's own dates: when events, plans and approvals happened
(``time:`` instants) and when organizations were founded or dissolved. Metadata dates such as the
ontology's ``dcterms:modified`` are not among them."""


@dataclass(frozen=True)
class Release:
    """What the metadata says about a release besides its files.

    ``issued`` is the release date; without one, dcterms:issued and dcterms:modified are left out.
    ``previous_version`` is the version of the release this one follows (``--previous``);
    ``contact_email`` the address the record's contact point gives (``mailto:``).
    """

    version: str
    base_url: str = DEFAULT_BASE_URL
    issued: date | None = None
    previous_version: str | None = None
    contact_email: str | None = None


def distribution_iri(name: str) -> URIRef:
    """The IRI of the distribution of the release file ``name``.

    >>> str(distribution_iri("queries/members.csv"))
    'https://w3id.org/lpkg/dataset/distribution/queries/members.csv'
    """
    return URIRef(f"{DATASET}/distribution/{name}")


def version_iri(version: str) -> URIRef:
    """The IRI of one release of the dataset (``DATASET`` itself denotes the latest).

    >>> str(version_iri("1.2.3"))
    'https://w3id.org/lpkg/dataset/1.2.3'
    """
    return URIRef(f"{DATASET}/{version}")


def file_format(name: str) -> tuple[str, str, bool]:
    """(media type, EU file-type code, gzipped?) of a release file, from its name.

    >>> file_format("lpkg.nt.gz")
    ('application/n-triples', 'GZIP', True)
    """
    gzipped = name.endswith(".gz")
    inner = name[:-3] if gzipped else name
    media_type, code = FORMATS.get(Path(inner).suffix, FORMATS[""])
    return media_type, "GZIP" if gzipped else code, gzipped


def site_url(base_url: str) -> URIRef:
    """The release's website, the dataset's landing page."""
    return URIRef(base_url + "site/index.html")


def citation(release: Release) -> str:
    """How to cite the release (the text of ``dcterms:bibliographicCitation``).

    >>> citation(Release("1.2.3", issued=date(2025, 1, 15)))
    'lpkg contributors (2025). Local Partnerships Knowledge Graph (version 1.2.3) [Data set]. https://w3id.org/lpkg/dataset/1.2.3'
    """
    year = f" ({release.issued.year})" if release.issued else ""
    return (
        f"{PUBLISHER_NAME['en']}{year}. {TITLE['en']} (version {release.version}) [Data set]. "
        f"{version_iri(release.version)}"
    )


# --- DCAT-AP-CZ ----------------------------------------------------------------------------


def dataset_metadata(
    graph: Graph,
    downloads: Sequence[Download],
    titles: Mapping[str, Mapping[str, str]],
    release: Release,
) -> Graph:
    """The DCAT-AP-CZ record of a release: the dataset and one distribution per download.

    Parameters:
        graph: the asserted graph (for the places, the dates it covers and the ontology).
        downloads: the files the record describes.
        titles: per file name, its title by language (``cs``, ``en``).
        release: version, base URL, release date, previous version and contact.
    """
    g = _metadata_graph()
    d = DATASET
    g.add((d, RDF.type, DCAT.Dataset))
    _texts(g, d, DCTERMS.title, TITLE)
    _texts(g, d, DCTERMS.description, DESCRIPTION)
    for lang in ("cs", "en"):
        for keyword in KEYWORDS[lang]:
            g.add((d, DCAT.keyword, Literal(keyword, lang=lang)))
    _publisher(g, d)
    _contact(g, d, release)
    g.add((d, DCTERMS.license, CC_BY))
    g.add((CC_BY, RDF.type, DCTERMS.LicenseDocument))
    g.add((d, DCTERMS.accrualPeriodicity, FREQUENCY.IRREG))
    g.add((FREQUENCY.IRREG, RDF.type, DCTERMS.Frequency))
    _concept(g, d, DCAT.theme, DATA_THEME.SOCI)
    for language in (LANGUAGE.CES, LANGUAGE.ENG):
        g.add((d, DCTERMS.language, language))
        g.add((language, RDF.type, DCTERMS.LinguisticSystem))
    site = site_url(release.base_url)
    for prop in (DCAT.landingPage, FOAF.page):
        g.add((d, prop, site))
    g.add((site, RDF.type, FOAF.Document))
    _conforms_to_ontology(g, graph)
    unverified = _spatial(g, graph)
    _versions(g, release, unverified)
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


def catalog_metadata(release: Release) -> Graph:
    """The local catalogue (``dcat:Catalog``) that lists the dataset, for LKOD's ``katalog``."""
    g = _metadata_graph()
    c = CATALOG
    g.add((c, RDF.type, DCAT.Catalog))
    _texts(g, c, DCTERMS.title, CATALOG_TITLE)
    _texts(g, c, DCTERMS.description, CATALOG_DESCRIPTION)
    _publisher(g, c)
    _contact(g, c, release)
    g.add((c, DCAT.dataset, DATASET))
    site = site_url(release.base_url)
    g.add((c, FOAF.homepage, site))
    g.add((site, RDF.type, FOAF.Document))
    return g


def _metadata_graph() -> Graph:
    g = new_graph()
    for name, iri in METADATA_PREFIXES.items():
        g.bind(name, iri)
    return g


def _texts(g: Graph, node: URIRef, prop: URIRef, texts: Mapping[str, str]) -> None:
    for lang, text in texts.items():
        g.add((node, prop, Literal(text, lang=lang)))


def _concept(g: Graph, node: URIRef, prop: URIRef, concept: URIRef) -> None:
    g.add((node, prop, concept))
    g.add((concept, RDF.type, SKOS.Concept))
    _texts(g, concept, SKOS.prefLabel, LABELS[concept])


def _publisher(g: Graph, node: URIRef) -> None:
    g.add((node, DCTERMS.publisher, PUBLISHER))
    g.add((PUBLISHER, RDF.type, FOAF.Agent))
    _texts(g, PUBLISHER, FOAF.name, PUBLISHER_NAME)
    _concept(g, PUBLISHER, DCTERMS.type, PUBLISHER_TYPE["PrivateIndividual(s)"])


def _contact(g: Graph, node: URIRef, release: Release) -> None:
    contact = URIRef(f"{DATASET}#contact-point")
    g.add((node, DCAT.contactPoint, contact))
    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, RDF.type, VCARD.Kind))  # DCAT-AP 3 checks the class itself, not a subclass
    _texts(g, contact, VCARD.fn, PUBLISHER_NAME)
    if release.contact_email:
        g.add((contact, VCARD.hasEmail, URIRef("mailto:" + release.contact_email)))


def _conforms_to_ontology(g: Graph, graph: Graph) -> None:
    """``dcterms:conformsTo`` the ontology, with the ontology's own version, not the release's."""
    g.add((DATASET, DCTERMS.conformsTo, ONTOLOGY))
    g.add((ONTOLOGY, RDF.type, DCTERMS.Standard))
    for title in graph.objects(ONTOLOGY, DCTERMS.title):
        g.add((ONTOLOGY, DCTERMS.title, title))
    for info in graph.objects(ONTOLOGY, OWL.versionInfo):
        g.add((ONTOLOGY, OWL.versionInfo, info))


def _spatial(g: Graph, graph: Graph) -> list[str]:
    """Add the spatial coverage; return the names of the towns without a verified RÚIAN code."""
    g.add((DATASET, DCTERMS.spatial, COUNTRY.CZE))
    g.add((COUNTRY.CZE, RDF.type, DCTERMS.Location))
    unverified = []
    for town in towns(graph):
        place = ruian_iri(graph, town) or town
        g.add((DATASET, DCTERMS.spatial, place))
        g.add((place, RDF.type, DCTERMS.Location))
        if place == town:
            unverified.append(_english_label(graph, town))
    # a region is no municipality, so it has no RÚIAN municipality code to miss
    for region in regions(graph):
        g.add((DATASET, DCTERMS.spatial, region))
        g.add((region, RDF.type, DCTERMS.Location))
    return sorted(unverified)


def _english_label(graph: Graph, node: Node) -> str:
    labels = [o for o in graph.objects(node, RDFS.label) if getattr(o, "language", None) == "en"]
    return str(min(labels)) if labels else str(node)


def ruian_iri(graph: Graph, place: Node) -> URIRef | None:
    """The RÚIAN IRI of a town, from its ``adms:identifier`` of type ``idtype:ruian-obec``."""
    for identifier in graph.objects(place, ADMS.identifier):
        if (identifier, DCTERMS.type, IDTYPE["ruian-obec"]) in graph:
            code = graph.value(identifier, SKOS.notation)
            if code is not None:
                return URIRef(RUIAN_OBEC + str(code))
    return None


def _versions(g: Graph, release: Release, unverified: Sequence[str]) -> None:
    d = DATASET
    g.add((d, DCAT_VERSION, Literal(release.version)))
    if release.issued is not None:
        issued = Literal(release.issued.isoformat(), datatype=XSD.date)
        g.add((d, DCTERMS.issued, issued))
        g.add((d, DCTERMS.modified, issued))
    if release.previous_version is not None:
        previous = version_iri(release.previous_version)
        g.add((d, DCAT_PREVIOUS_VERSION, previous))
        g.add((previous, DCAT_VERSION, Literal(release.previous_version)))
    g.add((d, DCTERMS.bibliographicCitation, Literal(citation(release))))
    _texts(g, d, ADMS.versionNotes, version_notes(release, unverified))


def version_notes(release: Release, unverified: Sequence[str]) -> dict[str, str]:
    """The release's ``adms:versionNotes``: what it follows, and which RÚIAN codes are missing.

    >>> print(version_notes(Release("1.1.0", previous_version="1.0.0"), ["Most"])["en"])
    ... # doctest: +NORMALIZE_WHITESPACE
    Release 1.1.0, following 1.0.0 (NOTES.md lists the changes). The spatial coverage names
    Most by the dataset's own IRI: no public page stating its RÚIAN code was found.
    """
    cs = f"Vydání {release.version}"
    en = f"Release {release.version}"
    if release.previous_version is not None:
        cs += f", navazuje na {release.previous_version} (změny uvádí NOTES.md)"
        en += f", following {release.previous_version} (NOTES.md lists the changes)"
    cs += "."
    en += "."
    if unverified:
        names = ", ".join(unverified)
        cs += (
            f" Územní pokrytí uvádí {names} vlastním IRI datové sady: veřejná stránka s kódem "
            "obce v RÚIAN nebyla nalezena."
        )
        en += (
            f" The spatial coverage names {names} by the dataset's own IRI: no public page "
            "stating "
            + ("its RÚIAN code" if len(unverified) == 1 else "their RÚIAN codes")
            + " was found."
        )
    return {"cs": cs, "en": en}


def _distribution(g: Graph, download: Download, titles: Mapping[str, str], base: str) -> None:
    dist = distribution_iri(download.name)
    url = URIRef(base + download.name)
    media_type, code, gzipped = file_format(download.name)
    g.add((DATASET, DCAT.distribution, dist))
    g.add((dist, RDF.type, DCAT.Distribution))
    for lang, title in sorted(titles.items()):
        g.add((dist, DCTERMS.title, Literal(title, lang=lang)))
        g.add((dist, DCTERMS.description, Literal(_describe(title, download, lang), lang=lang)))
    g.add((dist, DCAT.downloadURL, url))
    g.add((dist, DCAT.accessURL, url))
    _media_type(g, dist, DCAT.mediaType, media_type)
    g.add((dist, DCTERMS.format, FILE_TYPE[code]))
    g.add((FILE_TYPE[code], RDF.type, DCTERMS.MediaTypeOrExtent))
    if gzipped:
        _media_type(g, dist, DCAT.compressFormat, "application/gzip")
    g.add((dist, DCTERMS.license, CC_BY))
    _concept(g, dist, DCATAP.availability, AVAILABILITY.STABLE)
    g.add((dist, DCAT.byteSize, Literal(str(download.size), datatype=XSD.nonNegativeInteger)))
    checksum = URIRef(f"{dist}#checksum")
    g.add((dist, SPDX.checksum, checksum))
    g.add((checksum, RDF.type, SPDX.Checksum))
    g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    g.add((checksum, SPDX.checksumValue, Literal(download.sha256, datatype=XSD.hexBinary)))
    _terms_of_use(g, dist)


def _describe(title: str, download: Download, lang: str) -> str:
    if lang == "cs":
        return f"{title}: soubor {download.name} vydání, {download.size} bajtů."
    return f"{title}: the release file {download.name}, {download.size} bytes."


def _media_type(g: Graph, dist: URIRef, prop: URIRef, media_type: str) -> None:
    iri = URIRef(MEDIA_TYPE + media_type)
    g.add((dist, prop, iri))
    g.add((iri, RDF.type, DCTERMS.MediaType))


def _terms_of_use(g: Graph, dist: URIRef) -> None:
    """The Czech terms of use (DCAT-AP-CZ "podmínky užití"): CC BY 4.0 for the work, the database
    and the database maker's sui generis right, no personal data."""
    pu = TERMS_OF_USE
    terms = URIRef(f"{dist}#terms-of-use")
    g.add((dist, pu.specifikace, terms))
    g.add((terms, RDF.type, pu.Specifikace))
    for prop in ("autorské-dílo", "databáze-jako-autorské-dílo"):
        g.add((terms, pu[prop], CC_BY))
    g.add((terms, pu["databáze-chráněná-zvláštními-právy"], CC_BY))
    for prop in ("autor", "autor-databáze"):
        _texts(g, terms, pu[prop], PUBLISHER_NAME)
    g.add((terms, pu["osobní-údaje"], NO_PERSONAL_DATA))


def towns(graph: Graph) -> list[URIRef]:
    """The towns the partnerships work in (``lpkg:town``), else every ``schema:City``."""
    found = {o for o in graph.objects(None, LPKG.town) if isinstance(o, URIRef)}
    if not found:
        found = {s for s in graph.subjects(RDF.type, TOWN_CLASS) if isinstance(s, URIRef)}
    return sorted(found, key=str)


def regions(graph: Graph) -> list[URIRef]:
    """The areas (``schema:areaServed``) of the partnerships of a region, which have no town."""
    found = {
        area
        for partnership in graph.subjects(RDF.type, LPKG.LocalPartnership)
        if (partnership, LPKG.town, None) not in graph
        for area in graph.objects(partnership, SCHEMA.areaServed)
        if isinstance(area, URIRef)
    }
    return sorted(found, key=str)


_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def temporal_coverage(graph: Graph) -> tuple[date, date] | None:
    """The first and last day of the time the data's own dates span (:data:`DATA_DATES`), or None.

    A year counts from its 1 January to its 31 December, a month from its first to its last day.

    >>> from rdflib import URIRef
    >>> g = Graph()
    >>> a, b, o = (URIRef(f"http://ex/{name}") for name in "abo")
    >>> _ = g.add((a, TIME.inXSDgYear, Literal("2008", datatype=XSD.gYear)))
    >>> _ = g.add((b, TIME.inXSDgYearMonth, Literal("2010-02", datatype=XSD.gYearMonth)))
    >>> _ = g.add((o, DCTERMS.modified, Literal("2026-11-25", datatype=XSD.date)))
    >>> [d.isoformat() for d in temporal_coverage(g)]
    ['2008-01-01', '2010-02-28']
    """
    starts, ends = [], []
    for prop in DATA_DATES:
        for o in graph.objects(None, prop):
            match = _DATE.match(str(o))
            if not isinstance(o, Literal) or match is None:
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


def previous_version(folder: Path | str) -> str:
    """The version of the release in ``folder``, read from its catalogue record.

    Raises:
        MissingFileError: the folder has no ``catalog/dataset.ttl``.
        InputError: the record states no ``dcat:version``.
    """
    path = Path(folder) / "catalog" / "dataset.ttl"
    if not path.is_file():
        raise MissingFileError(path)
    version = parse_file(path).value(DATASET, DCAT_VERSION)
    if version is None:
        raise InputError(f"{path} states no dcat:version of {DATASET}; it is not an lpkg release.")
    return str(version)


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
    # published shapes of others: pySHACL, the reference, which may add triples to its graphs
    report = validate(copy, shapes, engine="pyshacl")
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
    for feature in ("Turtle", "N-Triples", "JSON-LD", "TriG", "N-Quads"):
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
