"""The project's namespaces and prefixes, defined once."""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

BASE = "https://w3id.org/lpkg/"

LPKG = Namespace(BASE + "ontology#")
"""Terms of the lpkg ontology (classes and properties)."""
LPKGSH = Namespace(BASE + "shapes#")
"""lpkg's shapes, and the components of the results lpkg's own checks add to SHACL's."""

# Instance IRIs: https://w3id.org/lpkg/id/{kind}/{slug}
LP = Namespace(BASE + "id/partnership/")
LORG = Namespace(BASE + "id/organization/")
LPLACE = Namespace(BASE + "id/place/")
LMEM = Namespace(BASE + "id/membership/")
LEV = Namespace(BASE + "id/event/")
LDOC = Namespace(BASE + "id/document/")
LPROJ = Namespace(BASE + "id/project/")
LPOST = Namespace(BASE + "id/post/")
LPROG = Namespace(BASE + "id/programme/")
LUNIT = Namespace(BASE + "id/unit-of/")
"""Unit-of relations in time (lpkg:UnitOfRelation): ``unit-of/<unit>--<parent>``."""

# SKOS concept schemes: https://w3id.org/lpkg/vocab/{scheme}/{code}
THEME = Namespace(BASE + "vocab/theme/")
ORGTYPE = Namespace(BASE + "vocab/organization-type/")
LEGALFORM = Namespace(BASE + "vocab/legal-form/")
STATUS = Namespace(BASE + "vocab/status/")
EVENTTYPE = Namespace(BASE + "vocab/event-type/")
DOCTYPE = Namespace(BASE + "vocab/document-type/")
IDTYPE = Namespace(BASE + "vocab/identifier-type/")

ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
ADMS = Namespace("http://www.w3.org/ns/adms#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
SKOSXL = Namespace("http://www.w3.org/2008/05/skos-xl#")

PREFIXES: dict[str, str] = {
    "lpkg": str(LPKG),
    "lp": str(LP),
    "lorg": str(LORG),
    "lplace": str(LPLACE),
    "lmem": str(LMEM),
    "lev": str(LEV),
    "ldoc": str(LDOC),
    "lproj": str(LPROJ),
    "lpost": str(LPOST),
    "lprog": str(LPROG),
    "lunit": str(LUNIT),
    "theme": str(THEME),
    "orgtype": str(ORGTYPE),
    "legalform": str(LEGALFORM),
    "status": str(STATUS),
    "eventtype": str(EVENTTYPE),
    "doctype": str(DOCTYPE),
    "idtype": str(IDTYPE),
    "org": str(ORG),
    "schema": str(SCHEMA),
    "adms": str(ADMS),
    "foaf": str(FOAF),
    "dcterms": str(DCTERMS),
    "owl": str(OWL),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "skosxl": str(SKOSXL),
    "time": str(TIME),
    "xsd": str(XSD),
}
"""Prefixes bound in every graph lpkg builds and accepted in CURIEs."""
