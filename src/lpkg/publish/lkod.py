"""The catalogue record as the JSON-LD a Czech local open-data catalogue (LKOD) publishes.

DCAT-AP-CZ (2024-05-28) names a JSON-LD context and JSON Schemas for a dataset and a catalogue.
Their Czech keys cover only part of DCAT-AP 3, so the document is written from the RDF graph:
each statement goes under the profile's Czech key where the profile has one (in the shape its
schema asks for), and under a compact IRI (``dcat:byteSize``...) where it has none. Statements
about referenced resources (the licence's class, a theme's label) go to ``@included``. Expanding
the document with the profile's context therefore gives back the very graph it was written from.

The ``@context`` is the profile's URL, written as a string and never fetched. That context sets
``"@language": "cs"``, so every literal outside a Czech key is written as an explicit value object.
"""

from __future__ import annotations

import json

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD
from rdflib.term import Node

from .metadata import CATALOG, DATASET, RUIAN_OBEC, TERMS_OF_USE, VCARD

__all__ = ["LKOD_CONTEXT", "catalog_jsonld", "lkod_jsonld"]

LKOD_CONTEXT = (
    "https://ofn.gov.cz/dcat-ap-cz-rozhraní-katalogů-otevřených-dat/2024-05-28/kontexty/"
    "rozhraní-katalogů-otevřených-dat.jsonld"
)
"""The context an LKOD record names; written as a string, never fetched."""

CONTEXT_PREFIXES = {
    "adms": "http://www.w3.org/ns/adms#",
    "dcat": str(DCAT),
    "dcatap": "http://data.europa.eu/r5r/",
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "location": "http://www.w3.org/ns/locn#",
    "odrl": "http://www.w3.org/ns/odrl/2/",
    "prov": "http://www.w3.org/ns/prov#",
    "pu": str(TERMS_OF_USE),
    "rdf": str(RDF),
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "spdx": "http://spdx.org/rdf/terms#",
    "time": "http://www.w3.org/2006/time#",
    "vcard": str(VCARD),
    "xsd": str(XSD),
}
"""The prefixes the profile's context defines (its ``kontext.jsonld``)."""

CLASSES = {
    DCAT.Catalog: "Katalog",
    DCAT.Dataset: "Datová sada",
    DCAT.Distribution: "Distribuce",
    DCTERMS.PeriodOfTime: "Časový interval",
    VCARD.Organization: "Organizace",
    TERMS_OF_USE.Specifikace: "Specifikace podmínek užití",
}
"""Classes with a Czech term in the context; a node object's ``typ`` is one of them."""

# How a Czech key holds its values: "text" a language map with one string per language, "texts"
# a language map of lists, "iri" one IRI string, "iris" a list of IRI strings, "date" one date
# string (the context types it xsd:date), "node"/"nodes" nested node objects.
Terms = dict[URIRef, tuple[str, str]]
_DESCRIBED: Terms = {
    DCTERMS.title: ("název", "text"),
    DCTERMS.description: ("popis", "text"),
    DCTERMS.publisher: ("poskytovatel", "iri"),
}
"""What the catalogue and the dataset record both say about themselves."""
CATALOG_TERMS: Terms = {
    **_DESCRIBED,
    DCAT.dataset: ("datová_sada", "iris"),
    DCAT.contactPoint: ("kontaktní_bod", "node"),
    FOAF.homepage: ("domovská_stránka", "iri"),
}
DATASET_TERMS: Terms = {
    **_DESCRIBED,
    DCAT.theme: ("téma", "iris"),
    DCTERMS.accrualPeriodicity: ("periodicita_aktualizace", "iri"),
    DCAT.keyword: ("klíčové_slovo", "texts"),
    DCTERMS.temporal: ("časové_pokrytí", "node"),
    DCAT.contactPoint: ("kontaktní_bod", "node"),
    FOAF.page: ("dokumentace", "iri"),
    DCTERMS.conformsTo: ("specifikace", "iris"),
    DCAT.distribution: ("distribuce", "nodes"),
}
NESTED_TERMS: dict[URIRef, Terms] = {
    DCTERMS.PeriodOfTime: {
        DCAT.startDate: ("začátek", "date"),
        DCAT.endDate: ("konec", "date"),
    },
    VCARD.Organization: {
        VCARD.fn: ("jméno", "text"),
        VCARD.hasEmail: ("e-mail", "iri"),
    },
    DCAT.Distribution: {
        DCTERMS.title: ("název", "text"),
        TERMS_OF_USE.specifikace: ("podmínky_užití", "node"),
        DCAT.accessURL: ("přístupové_url", "iri"),
        DCAT.downloadURL: ("soubor_ke_stažení", "iri"),
        DCTERMS.format: ("formát", "iri"),
        DCAT.mediaType: ("typ_média", "iri"),
        DCAT.compressFormat: ("typ_média_komprese", "iri"),
    },
    TERMS_OF_USE.Specifikace: {
        TERMS_OF_USE["autorské-dílo"]: ("autorské_dílo", "iri"),
        TERMS_OF_USE.autor: ("autor", "text"),
        TERMS_OF_USE["databáze-jako-autorské-dílo"]: ("databáze_jako_autorské_dílo", "iri"),
        TERMS_OF_USE["autor-databáze"]: ("autor_databáze", "text"),
        TERMS_OF_USE["databáze-chráněná-zvláštními-právy"]: (
            "databáze_chráněná_zvláštními_právy",
            "iri",
        ),
        TERMS_OF_USE["osobní-údaje"]: ("osobní_údaje", "iri"),
    },
}


def lkod_jsonld(metadata: Graph) -> str:
    """The dataset record (:func:`~lpkg.publish.metadata.dataset_metadata`) as LKOD JSON-LD."""
    return _Writer(metadata).document(DATASET, DATASET_TERMS)


def catalog_jsonld(catalog: Graph) -> str:
    """The local catalogue (:func:`~lpkg.publish.metadata.catalog_metadata`) as LKOD JSON-LD."""
    return _Writer(catalog).document(CATALOG, CATALOG_TERMS)


class _Writer:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.written: set[tuple[Node, Node, Node]] = set()

    def document(self, root: URIRef, terms: Terms) -> str:
        record: dict[str, object] = {"@context": LKOD_CONTEXT}
        if root == DATASET:
            self.spatial(root, record)
        record.update(self.node(root, terms))
        included = self.included()
        if included:
            record["@included"] = included
        return json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    def node(self, subject: URIRef, terms: Terms) -> dict[str, object]:
        """A node object: its Czech type and keys, then its other statements as compact IRIs."""
        g = self.graph
        out: dict[str, object] = {"iri": str(subject)}
        types = sorted(o for o in g.objects(subject, RDF.type) if o in CLASSES)
        if types:
            out["typ"] = CLASSES[types[0]]  # type: ignore[index]
            self.written.add((subject, RDF.type, types[0]))
        for prop, (key, kind) in terms.items():
            values = sorted(g.objects(subject, prop), key=_sort_key)
            if not values:
                continue
            value = self.czech(subject, prop, kind, values)
            if value is not None:
                out[key] = value
        for prop in sorted(set(g.predicates(subject, None))):
            if prop == RDF.type:
                continue
            values = [
                o
                for o in sorted(g.objects(subject, prop), key=_sort_key)
                if (subject, prop, o) not in self.written
            ]
            if values:
                out[_compact(prop)] = [self.value(subject, prop, o) for o in values]
        return out

    def czech(self, subject: URIRef, prop: URIRef, kind: str, values: list[Node]) -> object:
        """The value of a Czech key, or None when the values do not fit its shape."""
        literals = [v for v in values if isinstance(v, Literal)]
        iris = [v for v in values if isinstance(v, URIRef)]
        result: object
        if kind in ("text", "texts"):
            if len(literals) != len(values) or any(not v.language for v in literals):
                return None
            by_lang: dict[str, list[str]] = {}
            for v in literals:
                by_lang.setdefault(str(v.language), []).append(str(v))
            if kind == "text" and any(len(texts) > 1 for texts in by_lang.values()):
                return None
            result = {k: v[0] if kind == "text" else v for k, v in by_lang.items()}
        elif kind in ("iri", "iris"):
            if len(iris) != len(values) or (kind == "iri" and len(iris) != 1):
                return None
            result = str(iris[0]) if kind == "iri" else [str(v) for v in iris]
        elif kind == "date":
            if len(values) != 1 or literals[0:1] != values or literals[0].datatype != XSD.date:
                return None
            result = str(literals[0])
        else:  # node, nodes
            if len(iris) != len(values) or (kind == "node" and len(iris) != 1):
                return None
            nodes = [self.nested(v) for v in iris]
            result = nodes[0] if kind == "node" else nodes
        self.written.update((subject, prop, v) for v in values)
        return result

    def nested(self, subject: URIRef) -> dict[str, object]:
        classes = [c for c in NESTED_TERMS if (subject, RDF.type, c) in self.graph]
        return self.node(subject, NESTED_TERMS[classes[0]] if classes else {})

    def spatial(self, subject: URIRef, record: dict[str, object]) -> None:
        """DCAT-AP-CZ splits dcterms:spatial: RÚIAN places under ``prvek_rúian`` (required, may
        be empty), other places under ``geografické_území``; both keys mean dcterms:spatial."""
        places = sorted(str(o) for o in self.graph.objects(subject, DCTERMS.spatial))
        record["prvek_rúian"] = [p for p in places if p.startswith(RUIAN_OBEC)]
        record["geografické_území"] = [p for p in places if not p.startswith(RUIAN_OBEC)]
        self.written.update((subject, DCTERMS.spatial, URIRef(p)) for p in places)

    def value(self, subject: Node, prop: Node, o: Node) -> object:
        self.written.add((subject, prop, o))
        if isinstance(o, Literal):
            out: dict[str, str] = {"@value": str(o)}
            if o.language:
                out["@language"] = o.language
            elif o.datatype is not None and o.datatype != XSD.string:
                out["@type"] = _compact(o.datatype)
            return out
        if isinstance(o, URIRef) and str(o).startswith(f"{subject}#"):
            return self.nested(o)  # a part of the subject (a checksum): described in place
        return {"iri": str(o)}

    def included(self) -> list[dict[str, object]]:
        """Node objects for every statement not written yet, one per subject."""
        left: dict[Node, list[tuple[Node, Node]]] = {}
        for s, p, o in self.graph:
            if (s, p, o) not in self.written:
                left.setdefault(s, []).append((p, o))
        out = []
        for subject in sorted(left, key=str):
            node: dict[str, object] = {"iri": str(subject)}
            for prop, o in sorted(left[subject], key=lambda po: (str(po[0]), _sort_key(po[1]))):
                if prop == RDF.type:
                    types = node.setdefault("typ", [])
                    types.append(CLASSES.get(o, _compact(o)))  # type: ignore[union-attr,arg-type]
                    self.written.add((subject, prop, o))
                else:
                    values = node.setdefault(_compact(prop), [])
                    values.append(self.value(subject, prop, o))  # type: ignore[union-attr]
            out.append(node)
        return out


def _compact(iri: Node) -> str:
    """``prefix:local`` with the context's prefixes, else the full IRI.

    >>> _compact(URIRef("http://www.w3.org/ns/dcat#byteSize"))
    'dcat:byteSize'
    >>> _compact(URIRef("http://www.w3.org/2002/07/owl#versionInfo"))
    'http://www.w3.org/2002/07/owl#versionInfo'
    """
    text = str(iri)
    for name, ns in sorted(CONTEXT_PREFIXES.items(), key=lambda item: -len(item[1])):
        if text.startswith(ns) and len(text) > len(ns):
            return f"{name}:{text[len(ns) :]}"
    return text


def _sort_key(node: Node) -> str:
    """A total order over IRIs and literals, for stable output."""
    return f"{type(node).__name__}:{node}"
