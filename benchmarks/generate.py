"""Deterministic synthetic datasets shaped like data/, for benchmarks, with injected violations.

What it writes, under OUT/data/ (the data folder of a project whose ontology/, shapes/ and
queries/ are the repository's; ``benchmarks/scale.py`` copies those next to it):

- partnerships/gen-pNNNNN.trig: one partnership per file, in the named graph of its own source
  page (described there as a prov:Entity and foaf:Document), with its town (and sometimes a
  municipal part), the coordinating post, 8–14 memberships of shared organizations with
  org:memberDuring intervals (some with participating units), a founding event and meetings, a
  strategic plan and projects with times, durations, counts, places and themes;
- organizations/gen-rNNN.trig: the shared organizations, 50 per register page, with labels,
  types and legal forms, some with a unit (org:unitOf and a lpkg:UnitOfRelation in time, some
  with an ended one too), an IČO-like identifier (a blank node citing its page), a founding
  date, a former name as a SKOS-XL label with its time, links and places;
- gen-places.trig: the districts the towns lie in.

Every resource cites its page with prov:wasDerivedFrom. All text says it is generated: the IRIs
carry the slug prefix ``gen-`` under https://w3id.org/lpkg/id/ (no real slug starts so) and the
pages are under https://example.org/lpkg-generated/ (a domain reserved for examples).

Size: ``--triples`` counts what lpkg loads (ontology/ and data/ together, as ``lpkg stats``
reports); the result lands within 5 % of it. The same arguments give byte-identical files.

Injected violations (``--inject N``): N of every kind below, each in a resource no other
injection touches, so that each causes exactly the results listed in the manifest (focus node,
constraint component, source shape). A kind is a constraint component the shapes use at the top
level of a shape, or one SHACL-SPARQL rule (shapes/rules.ttl). sh:hasValue and sh:not occur
only inside sh:node, sh:or and sh:qualifiedValueShape, so their violations are reported as
those components and have no kind of their own. The manifest (JSON) lists each expected result;
a blank-node focus is given as the resource and the predicates leading to it (``via``).

Run from the repository root:

    .venv/bin/python benchmarks/generate.py --triples 10000 --out /tmp/gen [--seed 0]
        [--inject 1] [--manifest FILE] [--contribution FILE]

``--contribution FILE`` also writes a contribution of about 100 triples (a new partnership in a
new town with members from the generated organizations, as TriG) for ``lpkg validate FILE``
and ``lpkg add FILE``.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lpkg.load import parse_files
from lpkg.namespaces import PREFIXES
from lpkg.paths import turtle_files

ROOT = Path(__file__).resolve().parents[1]

PAGES = "https://example.org/lpkg-generated/"
"""Where the generated source pages are: a domain reserved for examples, never a real page."""
SYNTHETIC_NOTE = (
    '"Vygenerovaná data pro měření výkonu; nepopisují žádné skutečné partnerství."@cs',
    '"Generated data for benchmarks; it describes no real partnership."@en',
)
ORGS_PER_PARTNERSHIP = 3
ORGS_PER_PAGE = 50
TOWNS_PER_DISTRICT = 10
NATIONAL = 5
"""The first organizations are members of most partnerships, as the Agency and the Police are."""

Term = str
"""An RDF term in Turtle syntax: a CURIE, <IRI>, or a literal."""


# --- A small model of Turtle: resources with (predicate, object) pairs, objects nested ---------


@dataclass
class Node:
    """A description: (predicate, object) pairs; an object is a term or a nested blank node."""

    props: list[tuple[str, Term | Node]] = field(default_factory=list)

    def add(self, predicate: str, *objects: Term | Node) -> Node:
        self.props.extend((predicate, o) for o in objects)
        return self

    def drop(self, predicate: str, keep: Callable[[Term | Node], bool] = lambda _: False) -> None:
        self.props = [(p, o) for p, o in self.props if p != predicate or keep(o)]

    def objects(self, predicate: str) -> list[Term | Node]:
        return [o for p, o in self.props if p == predicate]

    def count(self) -> int:
        return sum(1 + (o.count() if isinstance(o, Node) else 0) for _, o in self.props)

    def turtle(self, indent: str) -> str:
        lines: list[str] = []
        previous = None
        for predicate, obj in self.props:
            text = f"[ {obj.turtle(indent + '    ')} ]" if isinstance(obj, Node) else obj
            if predicate == previous:
                lines[-1] += f", {text}"
            else:
                lines.append(f"{predicate} {text}")
            previous = predicate
        return f" ;\n{indent}".join(lines)


@dataclass
class Resource:
    name: Term
    node: Node


@dataclass
class NamedGraph:
    page: str
    resources: list[Resource] = field(default_factory=list)

    def add(self, name: Term, *types: Term) -> Node:
        node = Node()
        if types:
            node.add("a", *types)
        self.resources.append(Resource(name, node))
        return node

    def count(self) -> int:
        return sum(r.node.count() for r in self.resources)


def cs(text: str) -> Term:
    return f'"{text}"@cs'


def en(text: str) -> Term:
    return f'"{text}"@en'


def typed(value: str, datatype: str) -> Term:
    return f'"{value}"^^{datatype}'


def year(value: int) -> Term:
    return typed(str(value), "xsd:gYear")


def instant(date: Term) -> Node:
    prop = {
        "xsd:gYear": "time:inXSDgYear",
        "xsd:gYearMonth": "time:inXSDgYearMonth",
        "xsd:date": "time:inXSDDate",
    }[date.rsplit("^^", 1)[1]]
    return Node().add("a", "time:Instant").add(prop, date)


def interval(kind: str = "time:Interval", **bounds: Term) -> Node:
    node = Node().add("a", kind)
    for key, prop in (("begin", "time:hasBeginning"), ("end", "time:hasEnd")):
        if key in bounds:
            node.add(prop, instant(bounds[key]))
    if "inside" in bounds:
        node.add("time:inside", instant(bounds["inside"]))
    return node


def labelled(node: Node, czech: str, english: str, *, pref: bool = False) -> Node:
    if pref:
        node.add("skos:prefLabel", cs(czech), en(english))
    return node.add("rdfs:label", cs(czech), en(english))


def expand(curie: Term) -> str:
    """The full IRI of a CURIE or <IRI>."""
    if curie.startswith("<"):
        return curie[1:-1]
    prefix, _, local = curie.partition(":")
    return PREFIXES[prefix] + local


# --- The dataset -------------------------------------------------------------------------------


@dataclass
class Organization:
    index: int
    name: Term
    graph: NamedGraph
    node: Node
    units: list[tuple[Term, Node]] = field(default_factory=list)
    relations: list[tuple[Term, Node]] = field(default_factory=list)
    """Current unit-of relations (unit, parent = this organization)."""


@dataclass
class Partnership:
    index: int
    name: Term
    town: Term
    graph: NamedGraph
    node: Node
    post: Resource
    memberships: list[tuple[Resource, Organization]] = field(default_factory=list)
    meetings: list[Resource] = field(default_factory=list)
    projects: list[Resource] = field(default_factory=list)
    documents: list[Resource] = field(default_factory=list)


@dataclass
class Generated:
    files: dict[str, list[NamedGraph]]
    partnerships: list[Partnership]
    organizations: list[Organization]
    districts: list[Term]

    def count(self) -> int:
        return sum(g.count() for graphs in self.files.values() for g in graphs)


def page(kind: str, number: int) -> str:
    return f"{PAGES}{kind}/{number:05d}"


def page_graph(iri: str, czech: str, english: str) -> NamedGraph:
    graph = NamedGraph(iri)
    graph.add(f"<{iri}>", "prov:Entity", "foaf:Document").add("rdfs:label", cs(czech), en(english))
    return graph


def cite(node: Node, graph: NamedGraph) -> Node:
    return node.add("prov:wasDerivedFrom", f"<{graph.page}>")


ORG_TYPES = (
    ("orgtype:ngo", "legalform:zs"),
    ("orgtype:ngo", "legalform:ops"),
    ("orgtype:church-charity", "legalform:po"),
    ("orgtype:school", "legalform:po"),
    ("orgtype:municipal-company", "legalform:sro"),
    ("orgtype:state-body", None),
)
THEMES = ("education", "employment", "family-support", "health", "housing", "debt")
STATUSES = ("done", "planned", "under-way", "prepared")


def organizations(
    count: int, towns: list[Term]
) -> tuple[dict[str, list[NamedGraph]], list[Organization]]:
    files: dict[str, list[NamedGraph]] = {}
    found: list[Organization] = []
    for start in range(0, count, ORGS_PER_PAGE):
        number = start // ORGS_PER_PAGE
        graph = page_graph(
            page("register", number),
            f"Vygenerovaný rejstřík organizací {number} (syntetická data)",
            f"Generated register of organizations {number} (synthetic data)",
        )
        files[f"organizations/gen-r{number:03d}.trig"] = [graph]
        for j in range(start, min(count, start + ORGS_PER_PAGE)):
            found.append(organization(j, graph, towns))
    for org in found:  # ended placements under the next organization, as reorganizations leave
        if org.index % 8 == 4 and org.units and org.index + 1 < count:
            unit, _ = org.units[0]
            parent = found[org.index + 1]
            relation = org.graph.add(
                f"lunit:{unit[5:]}--gen-o{parent.index:05d}", "lpkg:UnitOfRelation"
            )
            labelled(
                relation,
                f"Útvar 1 generované organizace {org.index} dříve pod organizací {parent.index}",
                f"Unit 1 of generated organization {org.index} formerly under {parent.index}",
            )
            relation.add("lpkg:unit", unit).add("lpkg:parent", parent.name)
            relation.add("time:hasTime", interval(begin=year(2001), end=year(2004)))
            cite(relation, org.graph)
    return files, found


def organization(j: int, graph: NamedGraph, towns: list[Term]) -> Organization:
    rng = random.Random(f"organization {j}")
    name = f"lorg:gen-o{j:05d}"
    node = graph.add(name, "org:Organization", "org:FormalOrganization")
    labelled(node, f"Generovaná organizace {j}", f"Generated organization {j}", pref=True)
    kind, form = ORG_TYPES[j % len(ORG_TYPES)]
    node.add("org:classification", kind, *([form] if form else []))
    if j % 3 == 0:
        node.add("schema:foundingDate", year(1990 + j % 15))
    if j % 5 == 0:
        identifier = Node().add("a", "adms:Identifier")
        identifier.add("skos:notation", typed(f"99{j:06d}", "xsd:string"))
        identifier.add("dcterms:type", "idtype:ico")
        node.add("adms:identifier", cite(identifier, graph))
    if j % 7 == 3:
        former = f"Generovaná organizace {j}, dřívější název"
        node.add("lpkg:formerName", cs(former))
        label = Node().add("a", "skosxl:Label").add("skosxl:literalForm", cs(former))
        label.add("time:hasTime", interval(inside=year(2005 + j % 5)))
        node.add("skosxl:altLabel", label)
    if j % 6 == 1 and j > 0:
        node.add("org:linkedTo", f"lorg:gen-o{j - 1:05d}")
    if towns and j % 4 == 2:
        node.add("schema:areaServed", rng.choice(towns))
    if j % 9 == 0:
        node.add("dcterms:subject", f"theme:{THEMES[j % len(THEMES)]}")
    cite(node, graph)
    org = Organization(j, name, graph, node)
    if j % 4 == 0:
        unit = f"lorg:gen-o{j:05d}-u1"
        unit_node = graph.add(unit, "org:Organization", "org:OrganizationalUnit")
        labelled(
            unit_node,
            f"Útvar 1 generované organizace {j}",
            f"Unit 1 of generated organization {j}",
            pref=True,
        )
        unit_node.add("org:classification", "orgtype:town-office-department")
        unit_node.add("org:unitOf", name)
        cite(unit_node, graph)
        relation_name = f"lunit:gen-o{j:05d}-u1--gen-o{j:05d}"
        relation = graph.add(relation_name, "lpkg:UnitOfRelation")
        labelled(
            relation,
            f"Útvar 1 generované organizace {j} jako její útvar",
            f"Unit 1 of generated organization {j} as its unit",
        )
        relation.add("lpkg:unit", unit).add("lpkg:parent", name)
        relation.add("time:hasTime", interval(begin=year(2005)))
        cite(relation, graph)
        org.units.append((unit, unit_node))
        org.relations.append((relation_name, relation))
    return org


def partnership(i: int, orgs: list[Organization], district: Term) -> tuple[Partnership, NamedGraph]:
    rng = random.Random(f"partnership {i}")
    graph = page_graph(
        page("page", i),
        f"Vygenerovaná stránka partnerství {i} (syntetická data)",
        f"Generated page of partnership {i} (synthetic data)",
    )
    slug = f"gen-p{i:05d}"
    name, town = f"lp:{slug}", f"lplace:gen-t{i:05d}"
    founded = 2008 + i % 3
    town_node = graph.add(town, "schema:City", "schema:Place")
    labelled(town_node, f"Generované město {i}", f"Generated town {i}")
    cite(town_node.add("schema:containedInPlace", district), graph)
    places = [town]
    if i % 3 == 0:
        part = f"lplace:gen-t{i:05d}-cast-1"
        part_node = graph.add(part, "schema:Place", "lpkg:MunicipalPart")
        labelled(
            part_node, f"Místní část 1 generovaného města {i}", f"Part 1 of generated town {i}"
        )
        cite(part_node.add("schema:containedInPlace", town), graph)
        places.append(part)

    post_name = f"lpost:{slug}-koordinator"
    post = graph.add(post_name, "org:Post")
    labelled(
        post,
        f"Koordinátor generovaného partnerství {i}",
        f"Coordinator of generated partnership {i}",
    )
    cite(post.add("org:postIn", orgs[0].name), graph)

    node = graph.add(
        name, "org:Organization", "org:OrganizationalCollaboration", "lpkg:LocalPartnership"
    )
    labelled(node, f"Generované partnerství {i}", f"Generated partnership {i}", pref=True)
    node.add("lpkg:town", town).add("schema:areaServed", town)
    node.add("lpkg:coordinatedBy", post_name)
    node.add("lpkg:memberListComplete", "true" if i % 4 else "false")
    node.add("schema:foundingDate", year(founded))
    node.add(
        "org:purpose",
        cs(f"Účel generovaného partnerství {i}"),
        en(f"Purpose of generated partnership {i}"),
    )
    node.add("skos:editorialNote", *SYNTHETIC_NOTE)
    cite(node, graph)
    result = Partnership(i, name, town, graph, node, Resource(post_name, post))

    national = [o for o in orgs[:NATIONAL] if rng.random() < 0.6]
    others = rng.sample(
        orgs[NATIONAL:], min(len(orgs) - NATIONAL, rng.randint(8, 14) - len(national))
    )
    for org in sorted(national + others, key=lambda o: o.index):
        membership(result, org, rng)

    event(
        result,
        "ustaveni",
        "eventtype:founding",
        year(founded),
        "Ustavení",
        "Founding",
        ("org:ChangeEvent",),
    ).add("org:resultingOrganization", name)
    members = [org for _, org in result.memberships]
    for k in range(1, rng.randint(2, 4) + 1):
        date = typed(f"{founded + k}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "xsd:date")
        meeting = event(
            result, f"schuzka-{k}", "eventtype:meeting", date, f"Schůzka {k}", f"Meeting {k}"
        )
        meeting.add("prov:wasAssociatedWith", rng.choice(members).name)
        result.meetings.append(graph.resources[-1])

    theme = f"theme:{THEMES[i % len(THEMES)]}"
    plan_name = f"ldoc:{slug}-strategicky-plan"
    plan = graph.add(plan_name, "prov:Plan", "foaf:Document", "lpkg:Document")
    labelled(
        plan,
        f"Strategický plán generovaného partnerství {i}",
        f"Strategic plan of generated partnership {i}",
    )
    plan.add("dcterms:type", "doctype:strategic-plan").add("dcterms:creator", name)
    plan.add("lpkg:partnership", name).add("dcterms:subject", theme)
    plan.add("time:hasTime", interval("time:ProperInterval", end=year(founded + 5)))
    cite(plan, graph)
    result.documents.append(graph.resources[-1])

    for k in range(1, rng.randint(2, 5) + 1):
        project = graph.add(f"lproj:{slug}-projekt-{k}", "prov:Activity", "lpkg:Project")
        labelled(
            project,
            f"Projekt {k} generovaného partnerství {i}",
            f"Project {k} of generated partnership {i}",
        )
        project.add("adms:status", f"status:{rng.choice(STATUSES)}")
        project.add("lpkg:partnership", name).add("dcterms:subject", theme)
        project.add("prov:wasAssociatedWith", rng.choice(members).name)
        project.add("prov:atLocation", rng.choice(places))
        project.add("prov:used", plan_name)
        project.add("lpkg:participantCount", str(rng.randint(5, 60)))
        span = interval(
            "time:ProperInterval",
            begin=typed(f"{founded + 1}-{rng.randint(1, 12):02d}", "xsd:gYearMonth"),
        )
        span.add(
            "time:hasDuration",
            Node()
            .add("a", "time:Duration")
            .add("time:numericDuration", str(rng.randint(1, 3)))
            .add("time:unitType", "time:unitYear"),
        )
        project.add("time:hasTime", span)
        cite(project, graph)
        result.projects.append(graph.resources[-1])
    return result, graph


def membership(p: Partnership, org: Organization, rng: random.Random, suffix: str = "") -> Resource:
    i = p.index
    name = f"lmem:gen-p{i:05d}--gen-o{org.index:05d}{suffix}"
    node = p.graph.add(name, "org:Membership")
    labelled(
        node,
        f"Generovaná organizace {org.index} – člen generovaného partnerství {i}",
        f"Generated organization {org.index} – member of generated partnership {i}",
    )
    node.add("lpkg:listedName", cs(f"Generovaná organizace {org.index}"))
    node.add("org:member", org.name).add("org:organization", p.name)
    if org.units and rng.random() < 0.5:
        node.add("lpkg:participatingUnit", org.units[0][0])
    start = 2008 + i % 3
    if rng.random() < 0.5:
        node.add("org:memberDuring", interval(inside=year(start + 2)))
    else:
        node.add(
            "org:memberDuring", interval(begin=year(start), end=year(start + rng.randint(1, 6)))
        )
    cite(node, p.graph)
    resource = p.graph.resources[-1]
    p.memberships.append((resource, org))
    return resource


def event(
    p: Partnership,
    slug: str,
    kind: Term,
    date: Term,
    czech: str,
    english: str,
    extra: tuple[Term, ...] = (),
) -> Node:
    node = p.graph.add(f"lev:gen-p{p.index:05d}-{slug}", *extra, "prov:Activity", "lpkg:Event")
    labelled(
        node,
        f"{czech} generovaného partnerství {p.index}",
        f"{english} of generated partnership {p.index}",
    )
    node.add("dcterms:type", kind).add("lpkg:partnership", p.name)
    node.add("time:hasTime", instant(date))
    return cite(node, p.graph)


def generate_partnerships(count: int) -> Generated:
    """``count`` partnerships with three times as many shared organizations (fewer at least 20)."""
    districts = [f"lplace:gen-d{d:03d}" for d in range(-(-count // TOWNS_PER_DISTRICT))]
    places = page_graph(
        page("gazetteer", 0),
        "Vygenerovaný místopis (syntetická data)",
        "Generated gazetteer (synthetic data)",
    )
    for d, district in enumerate(districts):
        node = places.add(district, "schema:Place", "lpkg:District")
        cite(labelled(node, f"Generovaný okres {d}", f"Generated district {d}"), places)
    towns = [f"lplace:gen-t{i:05d}" for i in range(count)]
    files, orgs = organizations(max(20, ORGS_PER_PARTNERSHIP * count), towns)
    files["gen-places.trig"] = [places]
    found = []
    for i in range(count):
        p, graph = partnership(i, orgs, districts[i // TOWNS_PER_DISTRICT])
        files[f"partnerships/gen-p{i:05d}.trig"] = [graph]
        found.append(p)
    return Generated(files, found, orgs, districts)


def ontology_triples(root: Path = ROOT) -> int:
    return len(parse_files(turtle_files(root, "ontology")))


def generate(triples: int, *, inject: int = 0, root: Path = ROOT) -> tuple[Generated, list[dict]]:
    """A dataset of about ``triples`` triples with the ontology (within 5 %), and the results
    its ``inject`` injections of every kind must cause."""
    base = ontology_triples(root)
    wanted = max(triples - base, 1)
    least = max(2, PARTNERSHIP_KINDS * inject)  # those kinds each break a partnership of its own
    count = max(least, round(wanted / 380))
    for _ in range(6):  # the size is nearly linear in the partnerships: a few steps converge
        generated = generate_partnerships(count)
        expected = inject_all(generated, inject)
        size = generated.count()
        if abs(size + base - triples) <= 0.02 * triples or count == least and size > wanted:
            break
        count = max(least, round(count * wanted / size))
    return generated, expected


# --- Injected violations -------------------------------------------------------------------------

SH = "http://www.w3.org/ns/shacl#"
SHAPES = "https://w3id.org/lpkg/shapes#"


class Pool:
    """Resources to break, each at most once, spread over the partnerships."""

    def __init__(self, generated: Generated) -> None:
        self.generated = generated
        self.used: set[int] = set()

    def take(self, candidates: Iterator[object], what: str) -> object:
        for candidate in candidates:
            # a candidate is a resource, or a tuple led by one; resources live as long as the pool
            key = id(candidate[0] if isinstance(candidate, tuple) else candidate)
            if key not in self.used:
                self.used.add(key)
                return candidate
        raise ValueError(f"the dataset is too small for that many injections ({what})")

    def spread(self, per_partnership: Callable[[Partnership], list]) -> Iterator[object]:
        lists = [per_partnership(p) for p in self.generated.partnerships]
        for k in range(max(map(len, lists), default=0)):
            for items in lists:
                if k < len(items):
                    yield items[k]

    def partnership(self) -> Partnership:
        return self.take(iter(self.generated.partnerships), "partnerships")  # type: ignore[return-value]

    def membership(
        self, where: Callable[[Resource, Organization], bool] = lambda m, o: True
    ) -> tuple[Resource, Organization, Partnership]:
        items = self.spread(lambda p: [(m, o, p) for m, o in p.memberships if where(m, o)])
        return self.take(items, "memberships")  # type: ignore[return-value]

    def project(self) -> tuple[Resource, Partnership]:
        return self.take(self.spread(lambda p: [(r, p) for r in p.projects]), "projects")  # type: ignore[return-value]

    def meeting(self) -> Resource:
        return self.take(self.spread(lambda p: p.meetings), "meetings")  # type: ignore[return-value]

    def organization(self, where: Callable[[Organization], bool]) -> Organization:
        orgs = self.generated.organizations
        return self.take((o for o in orgs[NATIONAL:] if where(o)), "organizations")  # type: ignore[return-value]


def result(focus: Term, component: str, shape: str, via: tuple[str, ...] = ()) -> dict:
    return {
        "focus": expand(focus),
        "via": [expand(p) for p in via],
        "component": component
        if component.startswith("http")
        else f"{SH}{component}ConstraintComponent",
        "shape": f"{SHAPES}{shape}",
    }


def rename(resource: Resource, graph: NamedGraph, new: Term) -> None:
    old = resource.name
    resource.name = new
    for other in graph.resources:
        other.node.props = [(p, new if o == old else o) for p, o in other.node.props]


PARTNERSHIP_KINDS = 4
"""How many kinds below break a partnership (sh:maxCount, sh:class, sh:datatype and the town rule):
the dataset has at least this many partnerships per injection."""


def _min_count(pool: Pool) -> list[dict]:
    m, _, _ = pool.membership()
    m.node.drop("lpkg:listedName")
    return [result(m.name, "MinCount", "ListedNameProperty")]


def _max_count(pool: Pool) -> list[dict]:
    p = pool.partnership()
    other = pool.generated.partnerships[(p.index + 1) % len(pool.generated.partnerships)]
    p.node.add("lpkg:town", other.town)
    return [result(p.name, "MaxCount", "TownProperty")]


def _class(pool: Pool) -> list[dict]:
    p = pool.partnership()
    p.node.drop("lpkg:coordinatedBy")
    p.node.add("lpkg:coordinatedBy", pool.generated.organizations[0].name)
    return [result(p.name, "Class", "CoordinatedByProperty")]


def _datatype(pool: Pool) -> list[dict]:
    p = pool.partnership()
    p.node.drop("lpkg:memberListComplete")
    p.node.add("lpkg:memberListComplete", '"true"')
    return [result(p.name, "Datatype", "MemberListCompleteProperty")]


def _node_kind(pool: Pool) -> list[dict]:
    post = pool.take(pool.spread(lambda p: [p.post]), "posts")
    post.node.add("prov:wasDerivedFrom", f'"{PAGES}page"')  # type: ignore[attr-defined]
    return [result(post.name, "NodeKind", "SourceProperty")]  # type: ignore[attr-defined]


def _node(pool: Pool) -> list[dict]:
    document = pool.take(pool.spread(lambda p: p.documents), "documents")
    document.node.add("dcterms:subject", "status:done")  # type: ignore[attr-defined]
    return [result(document.name, "Node", "SubjectProperty")]  # type: ignore[attr-defined]


def _or(pool: Pool) -> list[dict]:
    org = pool.organization(lambda o: not o.node.objects("schema:foundingDate"))
    org.node.add("schema:foundingDate", '"1999"')
    return [result(org.name, "Or", "FoundingDateProperty")]


def _pattern(pool: Pool) -> list[dict]:
    project, p = pool.project()
    rename(project, p.graph, project.name.replace("projekt", "Projekt"))
    return [result(project.name, "Pattern", "ProjectShape")]


def _language_in(pool: Pool) -> list[dict]:
    m, o, _ = pool.membership()
    m.node.drop("lpkg:listedName")
    m.node.add("lpkg:listedName", en(f"Generated organization {o.index}"))
    return [result(m.name, "LanguageIn", "ListedNameProperty")]


def _unique_lang(pool: Pool) -> list[dict]:
    project, _ = pool.project()
    project.node.add("rdfs:label", cs("Druhý český popisek (vygenerovaná chyba)"))
    return [result(project.name, "UniqueLang", "LabelProperty")]


def _in(pool: Pool) -> list[dict]:
    project, _ = pool.project()
    (span,) = project.node.objects("time:hasTime")
    (duration,) = span.objects("time:hasDuration")  # type: ignore[union-attr]
    duration.drop("time:unitType")  # type: ignore[union-attr]
    duration.add("time:unitType", "time:unitCentury")  # type: ignore[union-attr]
    return [result(project.name, "In", "UnitTypeProperty", ("time:hasTime", "time:hasDuration"))]


def _qualified_min_count(pool: Pool) -> list[dict]:
    m, _, _ = pool.membership()
    m.node.drop("rdfs:label", keep=lambda o: isinstance(o, str) and o.endswith("@en"))
    return [result(m.name, "QualifiedMinCount", "CzechLabelProperty")]


def _min_inclusive(pool: Pool) -> list[dict]:
    project, _ = pool.project()
    project.node.drop("lpkg:participantCount")
    project.node.add("lpkg:participantCount", "-5")
    return [result(project.name, "MinInclusive", "CountProperty")]


SPARQL = f"{SH}SPARQLConstraintComponent"


def _duplicate_membership(pool: Pool) -> list[dict]:
    m, org, p = pool.membership()
    duplicate = membership(p, org, random.Random(0), suffix="-dup")
    pool.used.add(id(duplicate))
    return [
        result(m.name, SPARQL, "DuplicateMembershipRule"),
        result(duplicate.name, SPARQL, "DuplicateMembershipRule"),
    ]


def _unit_parent(pool: Pool) -> list[dict]:
    org = pool.organization(lambda o: bool(o.units))
    unit, node = org.units[0]
    node.add("org:unitOf", pool.generated.districts[0])
    return [result(unit, SPARQL, "UnitParentRule")]


def _cited_source(pool: Pool) -> list[dict]:
    m, _, _ = pool.membership()
    m.node.add("prov:wasDerivedFrom", f"<{PAGES}undescribed/{len(pool.used):05d}>")
    return [result(m.name, SPARQL, "CitedSourceRule")]


def _partnership_town(pool: Pool) -> list[dict]:
    p = pool.partnership()
    p.node.drop("lpkg:town")
    p.node.add("lpkg:town", pool.generated.districts[p.index // TOWNS_PER_DISTRICT])
    return [result(p.name, SPARQL, "PartnershipTownRule")]


def _participating_unit(pool: Pool) -> list[dict]:
    m, _, _ = pool.membership(lambda m, o: not o.units)
    other = next(o for o in pool.generated.organizations if o.units)
    m.node.add("lpkg:participatingUnit", other.units[0][0])
    return [result(m.name, SPARQL, "ParticipatingUnitRule")]


def _future_date(pool: Pool) -> list[dict]:
    meeting = pool.meeting()
    meeting.node.drop("time:hasTime")  # type: ignore[attr-defined]
    meeting.node.add("time:hasTime", instant(typed("2099-05-01", "xsd:date")))  # type: ignore[attr-defined]
    return [result(meeting.name, SPARQL, "FutureDateRule")]  # type: ignore[attr-defined]


def _event_before_founding(pool: Pool) -> list[dict]:
    meeting = pool.meeting()
    meeting.node.drop("time:hasTime")  # type: ignore[attr-defined]
    meeting.node.add("time:hasTime", instant(typed("2001-05-01", "xsd:date")))  # type: ignore[attr-defined]
    return [result(meeting.name, SPARQL, "EventBeforeFoundingRule")]  # type: ignore[attr-defined]


def _interval_order(pool: Pool) -> list[dict]:
    m, _, _ = pool.membership()
    m.node.drop("org:memberDuring")
    m.node.add("org:memberDuring", interval(begin=year(2013), end=year(2010)))
    return [result(m.name, SPARQL, "IntervalOrderRule", ("org:memberDuring",))]


def _ended_unit_of(pool: Pool) -> list[dict]:
    org = pool.organization(lambda o: bool(o.relations))
    name, relation = org.relations[0]
    (span,) = relation.objects("time:hasTime")
    span.add("time:hasEnd", instant(year(2020)))  # type: ignore[union-attr]
    return [result(name, SPARQL, "EndedUnitOfRule")]


def _current_unit_of(pool: Pool) -> list[dict]:
    org = pool.organization(lambda o: bool(o.units))
    unit, _ = org.units[0]
    parent = pool.generated.organizations[0]
    name = f"lunit:{unit[5:]}--{parent.name[5:]}"
    relation = org.graph.add(name, "lpkg:UnitOfRelation")
    labelled(relation, "Vygenerovaný vztah bez org:unitOf", "Generated relation without org:unitOf")
    relation.add("lpkg:unit", unit).add("lpkg:parent", parent.name)
    relation.add("time:hasTime", interval(begin=year(2015)))
    cite(relation, org.graph)
    return [result(name, SPARQL, "CurrentUnitOfRule")]


def _xl_label_plain(pool: Pool) -> list[dict]:
    org = pool.organization(lambda o: not o.node.objects("skosxl:altLabel"))
    label = Node().add("a", "skosxl:Label")
    label.add("skosxl:literalForm", cs(f"Vygenerovaný název {org.index} jen jako SKOS-XL"))
    label.add("time:hasTime", interval(inside=year(2012)))
    org.node.add("skosxl:altLabel", label)
    return [result(org.name, SPARQL, "XlLabelPlainRule", ("skosxl:altLabel",))]


KINDS: dict[str, Callable[[Pool], list[dict]]] = {
    "sh:minCount (ListedNameProperty)": _min_count,
    "sh:maxCount (TownProperty)": _max_count,
    "sh:class (CoordinatedByProperty)": _class,
    "sh:datatype (MemberListCompleteProperty)": _datatype,
    "sh:nodeKind (SourceProperty)": _node_kind,
    "sh:node (SubjectProperty)": _node,
    "sh:or (FoundingDateProperty)": _or,
    "sh:pattern (ProjectShape)": _pattern,
    "sh:languageIn (ListedNameProperty)": _language_in,
    "sh:uniqueLang (LabelProperty)": _unique_lang,
    "sh:in (UnitTypeProperty)": _in,
    "sh:qualifiedMinCount (CzechLabelProperty)": _qualified_min_count,
    "sh:minInclusive (CountProperty)": _min_inclusive,
    "DuplicateMembershipRule": _duplicate_membership,
    "UnitParentRule": _unit_parent,
    "CitedSourceRule": _cited_source,
    "PartnershipTownRule": _partnership_town,
    "ParticipatingUnitRule": _participating_unit,
    "FutureDateRule": _future_date,
    "EventBeforeFoundingRule": _event_before_founding,
    "IntervalOrderRule": _interval_order,
    "EndedUnitOfRule": _ended_unit_of,
    "CurrentUnitOfRule": _current_unit_of,
    "XlLabelPlainRule": _xl_label_plain,
}
"""Every kind of violation injected: the constraint components used at the top level of the
shapes (with the shape that is broken) and the SHACL-SPARQL rules of shapes/rules.ttl."""


def inject_all(generated: Generated, count: int) -> list[dict]:
    pool = Pool(generated)
    expected = []
    for n in range(count):
        for kind, inject in KINDS.items():
            for item in inject(pool):
                expected.append({"kind": kind, "injection": n, **item})
    return expected


# --- Output ------------------------------------------------------------------------------------


def trig(graphs: list[NamedGraph]) -> str:
    used = sorted(PREFIXES)
    lines = [
        "# Generated by benchmarks/generate.py: synthetic data for benchmarks, not facts.",
        "",
        *(f"@prefix {prefix}: <{PREFIXES[prefix]}> ." for prefix in used),
        "",
    ]
    for graph in graphs:
        lines.append(f"<{graph.page}> {{")
        for resource in graph.resources:
            lines.append(f"    {resource.name} {resource.node.turtle('        ')} .")
            lines.append("")
        lines.append("}")
        lines.append("")
    return "\n".join(lines)


def write(generated: Generated, out: Path) -> list[Path]:
    written = []
    for relative, graphs in sorted(generated.files.items()):
        path = out / "data" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(trig(graphs), encoding="utf-8")
        written.append(path)
    return written


def contribution(generated: Generated, number: int = 0) -> tuple[str, int]:
    """A new partnership in a new town with six members from the generated organizations (one
    with a participating unit), as TriG of about 100 triples, and its triple count."""
    index = 90000 + number  # above the generated partnerships' numbers (2,630 at 10^6)
    orgs = generated.organizations
    with_unit = next(o for o in orgs[NATIONAL:] if o.units)
    members = [*orgs[:3], with_unit, *orgs[NATIONAL + 1 : NATIONAL + 3]]
    district = generated.districts[0]
    graph = _contribution_partnership(index, members, district)
    text = trig([graph]).replace(
        "# Generated by benchmarks/generate.py: synthetic data for benchmarks, not facts.",
        f"# Generated contribution {number} (benchmarks/generate.py): a synthetic partnership "
        "with members, for\n# benchmarks of lpkg validate FILE and lpkg add; not facts.",
    )
    return text, graph.count()


def _contribution_partnership(
    index: int, members: list[Organization], district: Term
) -> NamedGraph:
    rng = random.Random(f"contribution {index}")
    graph = page_graph(
        page("contribution", index),
        f"Vygenerovaný příspěvek {index} (syntetická data)",
        f"Generated contribution {index} (synthetic data)",
    )
    name, town = f"lp:gen-p{index:05d}", f"lplace:gen-t{index:05d}"
    town_node = graph.add(town, "schema:City", "schema:Place")
    labelled(town_node, f"Generované město {index}", f"Generated town {index}")
    cite(town_node.add("schema:containedInPlace", district), graph)
    node = graph.add(
        name, "org:Organization", "org:OrganizationalCollaboration", "lpkg:LocalPartnership"
    )
    labelled(node, f"Generované partnerství {index}", f"Generated partnership {index}", pref=True)
    node.add("lpkg:town", town).add("lpkg:memberListComplete", "true")
    node.add("schema:foundingDate", year(2010)).add("skos:editorialNote", *SYNTHETIC_NOTE)
    cite(node, graph)
    p = Partnership(index, name, town, graph, node, Resource("", Node()))  # without a post
    for org in members:
        membership(p, org, rng)
    return graph


def query_params(generated: Generated, expected: list[dict]) -> dict[str, str]:
    """Parameters for the named queries whose defaults name real resources: two towns whose
    partnerships share members, neither touched by an injection."""
    touched = {e["focus"] for e in expected}
    clean = [p for p in generated.partnerships if expand(p.name) not in touched]
    for a in clean:
        for b in clean:
            if b.index > a.index and {o.index for _, o in a.memberships} & {
                o.index for _, o in b.memberships
            }:
                return {
                    "town1": expand(a.town),
                    "town2": expand(b.town),
                    "partnership": expand(a.name),
                }
    raise ValueError("no two partnerships share a member; generate more data")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=10_000, help="size with the ontology")
    parser.add_argument("--out", type=Path, required=True, help="the folder to write data/ into")
    parser.add_argument("--inject", type=int, default=0, metavar="N", help="violations per kind")
    parser.add_argument("--manifest", type=Path, help="default: OUT/manifest.json")
    parser.add_argument("--contribution", type=Path, help="also write a 100-triple contribution")
    args = parser.parse_args(argv)
    generated, expected = generate(args.triples, inject=args.inject)
    if (args.out / "data").exists():
        raise SystemExit(f"{args.out / 'data'} exists; give an empty folder.")
    files = write(generated, args.out)
    size = generated.count() + ontology_triples()
    manifest = {
        "requested": args.triples,
        "triples": size,
        "partnerships": len(generated.partnerships),
        "organizations": len(generated.organizations),
        "files": len(files),
        "inject": args.inject,
        "kinds": list(KINDS),
        "params": query_params(generated, expected),
        "expected": expected,
    }
    if args.contribution:
        text, triples = contribution(generated)
        args.contribution.write_text(text, encoding="utf-8")
        manifest["contribution"] = {"file": str(args.contribution), "triples": triples}
    target = args.manifest or args.out / "manifest.json"
    target.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{size} triples in {len(files)} files under {args.out / 'data'}; manifest {target}")


if __name__ == "__main__":
    main()
