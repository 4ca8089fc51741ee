"""Build a release: validate, then write dumps, query results, metadata, checksums and the site."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Dataset, Graph
from rdflib.namespace import SH

from ..errors import DoesNotConformError, InputError, MissingFileError
from ..fmt import canonical_trig, canonical_turtle
from ..load import load_dataset, load_shapes, parse_files
from ..paths import project_root, turtle_files
from ..queries import NamedQuery, QueryResult
from ..store import Store
from . import Download
from .dumps import (
    context_for,
    gzip_bytes,
    inferred_only,
    sha256_file,
    sha256sums,
    to_jsonld,
    to_nquads,
    to_ntriples,
    union_graph,
)
from .lkod import catalog_jsonld, lkod_jsonld
from .metadata import (
    DEFAULT_BASE_URL,
    METADATA_PREFIXES,
    Release,
    catalog_metadata,
    catalog_shapes,
    check_metadata,
    dataset_metadata,
    file_format,
    previous_version,
    void_description,
)
from .releases import LATEST, ReleasesFolder, dataset_date, release_version

if TYPE_CHECKING:
    from ..validate import ValidationReport

log = logging.getLogger(__name__)

__all__ = ["DEFAULT_BASE_URL", "BuildResult", "build"]

DUMPS = (
    "lpkg.ttl",
    "lpkg.nt",
    "lpkg.jsonld",
    "lpkg.trig",
    "lpkg.nq",
    "ontology.ttl",
    "shapes.ttl",
    "inferred.ttl",
)
"""The large files; each gets a ``.gz`` beside it."""

GRAPH_DUMPS = ("lpkg.ttl", "lpkg.nt", "lpkg.jsonld", "lpkg.trig", "lpkg.nq")
"""The files that hold the asserted data (VoID's ``void:dataDump``): the union of all graphs as
triples, and the same statements as quads, each in the graph of the page that states it."""

TITLES: dict[str, dict[str, str]] = {
    "lpkg.ttl": {"cs": "Celý graf (Turtle)", "en": "The whole graph (Turtle)"},
    "lpkg.nt": {"cs": "Celý graf (N-Triples)", "en": "The whole graph (N-Triples)"},
    "lpkg.jsonld": {"cs": "Celý graf (JSON-LD)", "en": "The whole graph (JSON-LD)"},
    "lpkg.trig": {
        "cs": "Celý graf se zdroji, graf pro každou stránku (TriG)",
        "en": "The whole graph with its sources, a graph per page (TriG)",
    },
    "lpkg.nq": {
        "cs": "Celý graf se zdroji, graf pro každou stránku (N-Quads)",
        "en": "The whole graph with its sources, a graph per page (N-Quads)",
    },
    "context.jsonld": {"cs": "Kontext JSON-LD", "en": "The JSON-LD context"},
    "ontology.ttl": {
        "cs": "Ontologie a číselníky (Turtle)",
        "en": "The ontology and vocabularies (Turtle)",
    },
    "shapes.ttl": {"cs": "Tvary SHACL (Turtle)", "en": "The SHACL shapes (Turtle)"},
    "inferred.ttl": {
        "cs": "Odvozené trojice, OWL 2 RL (Turtle)",
        "en": "The inferred triples, OWL 2 RL (Turtle)",
    },
    "void.ttl": {"cs": "Statistiky VoID (Turtle)", "en": "VoID statistics (Turtle)"},
    "catalog/dataset.ttl": {
        "cs": "Katalogizační záznam DCAT-AP-CZ (Turtle)",
        "en": "The DCAT-AP-CZ catalogue record (Turtle)",
    },
    "catalog/dataset.jsonld": {
        "cs": "Katalogizační záznam pro LKOD (JSON-LD)",
        "en": "The catalogue record for an LKOD (JSON-LD)",
    },
    "catalog/katalog.jsonld": {
        "cs": "Lokální katalog pro LKOD (JSON-LD)",
        "en": "The local catalogue for an LKOD (JSON-LD)",
    },
    "NOTES.md": {"cs": "Poznámky k vydání", "en": "Release notes"},
    "SHA256SUMS": {"cs": "Kontrolní součty SHA-256", "en": "SHA-256 checksums"},
}


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote."""

    out: Path
    """The release's own folder, ``out/<version>``."""
    version: str
    downloads: list[Download]
    notes: bool
    site: bool
    latest: bool
    """Whether ``out/latest`` now points at this release (it is the highest version)."""


def build(
    out: Path | str = "dist",
    *,
    version: str,
    root: Path | str | None = None,
    base_url: str = DEFAULT_BASE_URL,
    previous: Path | str | None = None,
    release_day: date | None = None,
    force: bool = False,
    contact_email: str | None = None,
    on_step: Callable[[str], None] | None = None,
    store: Store | None = None,
) -> BuildResult:
    """Validate the dataset and write release ``version`` into ``out/<version>``.

    ``out`` is a releases folder: each release goes to its own version folder, and the link
    ``out/latest`` points at the highest version (:mod:`lpkg.publish.releases`). The release is
    written into a temporary folder inside ``out`` and renamed into place when complete, so a
    failed or killed build leaves no partial release and every older one untouched.

    Parameters:
        out: the releases folder.
        version: the release's own version, X.Y.Z (Semantic Versioning), not the ontology's.
        root: the dataset folder (ontology/, data/, shapes/, queries/).
        base_url: where the releases folder ``out`` will be published; the release's download
            URLs are ``base_url + version + "/" + name``.
        previous: a previous release folder; release notes against it go to ``NOTES.md``.
        release_day: dcterms:issued/modified of the release; default the day the dataset last
            changed (its last git commit), else none (never the clock).
        force: replace an existing ``out/<version>``, if it is an unchanged release lpkg wrote.
        contact_email: the e-mail address of the catalogue record's contact point.
        on_step: called with a short description before each step.
        store: where the validation step runs (:func:`lpkg.validate.validate_store`), before
            the dataset is loaded into rdflib and no longer referenced then (pass it without
            keeping it, and its memory is free for the writing); None: on rdflib, on the graph
            the release is written from. The release is always written from the files.

    Raises:
        DoesNotConformError: the data (or the generated metadata) does not conform; nothing is
            written.
        InputError: a bad version or base URL; a previous release of the same version or one
            that cannot be used; a version folder that exists (without ``force``) or that lpkg
            did not write.
    """
    step = on_step or (lambda _message: None)
    root = project_root(root)
    releases = ReleasesFolder(Path(out), version, force=force)
    if not base_url.endswith("/"):
        raise InputError(f"--base-url must end with '/': {base_url!r}.")
    if previous is not None:
        _check_previous(Path(previous), version)
    releases.check()

    from ..sources import validate_store_with_sources, with_sources
    from ..validate import validate

    shapes = load_shapes(root)
    # pySHACL adds triples to the shapes graph it is given; the release gets the shapes as written
    on_store = store is not None
    if store is not None:
        step("Validating the dataset against the shapes")
        _conforming(validate_store_with_sources(store, _copy(shapes)))
        # a store the caller did not keep is freed before rdflib holds the dataset too (at
        # 10^6 triples, a few hundred MiB off the build's peak)
        del store
    step("Loading the dataset to write the release from" if on_store else "Loading the dataset")
    dataset = load_dataset(root=root)
    graph = union_graph(dataset)
    if not on_store:
        step("Validating the dataset against the shapes")
        _conforming(with_sources(validate(graph, _copy(shapes)), root))

    with releases.building() as tmp:
        writer = _ReleaseWriter(tmp, root, dataset, graph, shapes, step, releases_url=base_url)
        downloads, notes, site = writer.write(
            Release(
                version,
                f"{base_url}{version}/",
                release_day or dataset_date(root),
                contact_email=contact_email,
            ),
            previous,
        )
        step(f"Moving the release into {releases.target}")
        latest = releases.place(tmp)
    return BuildResult(releases.target, version, downloads, notes, site, latest)


def _conforming(report: ValidationReport) -> None:
    if not report.conforms:
        raise DoesNotConformError(
            "The data does not conform to the shapes; no release was written.", report
        )


def _check_previous(previous: Path, version: str) -> None:
    if not (previous / "lpkg.ttl").is_file():
        raise MissingFileError(previous / "lpkg.ttl")
    if release_version(previous) == version:
        raise InputError(
            f"The previous release {previous} has version {version} too; the new release needs "
            "a version of its own. Give a higher --version."
        )


class _ReleaseWriter:
    """Writes the files of one release into a folder."""

    def __init__(
        self,
        folder: Path,
        root: Path,
        dataset: Dataset,
        graph: Graph,
        shapes: Graph,
        step: Callable[[str], None],
        *,
        releases_url: str,
    ) -> None:
        self.folder = folder
        self.releases_url = releases_url
        self.root = root
        self.dataset = dataset
        self.graph = graph
        """The union of the dataset's graphs: what validation, queries and inference read."""
        self.shapes = shapes
        self.step = step
        self.ontology = parse_files(turtle_files(root, "ontology"))
        self.titles: dict[str, dict[str, str]] = {k: dict(v) for k, v in TITLES.items()}
        self.written: list[str] = []

    def write(
        self, release: Release, previous: Path | str | None
    ) -> tuple[list[Download], bool, bool]:
        step = self.step
        header = _header(release.version)
        prefixes = {**METADATA_PREFIXES, "sh": str(SH)}

        step("Writing the graph as Turtle, N-Triples and JSON-LD")
        self.text(
            "lpkg.ttl",
            canonical_turtle(
                self.graph,
                header("The asserted graph: the ontology, the vocabularies and the data."),
            ),
        )
        self.text("lpkg.nt", to_ntriples(self.graph))
        context = context_for(self.graph)
        self.text("context.jsonld", _json({"@context": context}))
        self.text("lpkg.jsonld", to_jsonld(self.graph, context))
        step("Writing the statements in their source graphs as TriG and N-Quads")
        self.text(
            "lpkg.trig",
            canonical_trig(
                self.dataset,
                header(
                    "The asserted statements, each in the graph named by the public page that",
                    "states it (the ontology and vocabularies in the default graph).",
                ),
            ),
        )
        self.text("lpkg.nq", to_nquads(self.dataset))
        self.text(
            "ontology.ttl",
            canonical_turtle(
                self.ontology, header("The ontology and its SKOS vocabularies (ontology/).")
            ),
        )
        self.text(
            "shapes.ttl",
            canonical_turtle(
                self.shapes,
                header("The SHACL shapes the data conforms to (shapes/*.ttl)."),
                prefixes=prefixes,
            ),
        )

        step("Inferring what the ontology's axioms entail")
        from ..infer import derive

        derived = derive(self.graph)
        self.text(
            "inferred.ttl",
            canonical_turtle(
                inferred_only(self.graph, derived),
                header(
                    "OWL 2 RL entailments of lpkg.ttl that add information: not asserted,",
                    "not about RDF/RDFS/OWL/XSD terms, not reflexive sameAs/equivalence/subclass,",
                    "no blank nodes.",
                ),
            ),
        )

        step("Running the named queries")
        results = self.queries(derived)

        step("Compressing the dumps")
        for name in DUMPS:
            data = (self.folder / name).read_bytes()
            self.bytes(name + ".gz", gzip_bytes(data))
            self.titles[name + ".gz"] = {
                lang: f"{title} (gzip)" for lang, title in self.titles[name].items()
            }

        step("Describing the release (VoID)")
        dumps = [n for name in GRAPH_DUMPS for n in (name, name + ".gz")]
        void = void_description(self.graph, base_url=release.base_url, dumps=dumps)
        self.text(
            "void.ttl",
            canonical_turtle(
                void,
                header(
                    "VoID statistics of lpkg.ttl: void:entities counts the IRI subjects in",
                    "https://w3id.org/lpkg/; class partitions count every typed subject,",
                    "blank nodes included; distinctSubjects/Objects count every term.",
                ),
                prefixes=prefixes,
            ),
        )

        notes = False  # written before the record, which lists it as a distribution
        if previous is not None:
            step("Writing the release notes")
            from .diff import release_notes

            notes_text = release_notes(
                Path(previous), self.folder, version=release.version, day=release.issued
            )
            self.text("NOTES.md", notes_text)
            notes = True

        step("Writing and checking the DCAT-AP-CZ record")
        if previous is not None and release.previous_version is None:
            release = replace(release, previous_version=previous_version(previous))
        described = self.downloads(self.written)
        metadata = dataset_metadata(self.graph, described, self.titles, release)
        catalog = catalog_metadata(release)
        check_metadata(metadata + catalog, catalog_shapes(self.root))
        self.text(
            "catalog/dataset.ttl",
            canonical_turtle(
                metadata,
                header(
                    "The DCAT-AP-CZ record of this release (DCAT-AP-CZ 2024-05-28 on DCAT-AP 3):",
                    "the dataset and one distribution per file.",
                ),
                prefixes=prefixes,
            ),
        )
        self.text("catalog/dataset.jsonld", lkod_jsonld(metadata))
        self.text("catalog/katalog.jsonld", catalog_jsonld(catalog))

        step("Writing SHA256SUMS")
        (self.folder / "SHA256SUMS").write_bytes(
            sha256sums(self.folder, self.written).encode("utf-8")
        )
        self.written.append("SHA256SUMS")
        downloads = self.downloads(self.written)

        site = self.site(downloads, release, results)
        self.redirects(release)
        return downloads, notes, site

    def queries(self, derived: Graph) -> list[tuple[NamedQuery, QueryResult]]:
        """Write each named query's answer as CSV and JSON; the answers, for the site."""
        from functools import partial

        from ..queries import list_queries
        from ..results import to_json, to_labelled_csv
        from .answers import release_answers

        # The CSV is for spreadsheets: Czech labels (the data's own language) beside the IRIs,
        # formulas neutralised; the JSON is the exact SPARQL 1.1 result for machines.
        to_csv = partial(to_labelled_csv, lang="cs")

        results = release_answers(list_queries(self.root), self.graph, derived)
        for query, result in results:
            for suffix, render, kind in ((".csv", to_csv, "CSV"), (".json", to_json, "JSON")):
                name = f"queries/{query.name}{suffix}"
                self.text(name, render(result))
                self.titles[name] = {lang: f"{query.title(lang)} ({kind})" for lang in ("cs", "en")}
        return results

    def site(
        self,
        downloads: list[Download],
        release: Release,
        results: list[tuple[NamedQuery, QueryResult]],
    ) -> bool:
        try:
            from .site import write_site
        except ModuleNotFoundError as err:
            if err.name != f"{__package__}.site":
                raise
            log.warning("lpkg.publish.site is not installed; the release has no site/.")
            return False
        self.step("Writing the website")
        write_site(
            self.folder / "site",
            self.dataset,
            downloads=downloads,
            version=release.version,
            base_url=release.base_url,
            root=self.root,
            results=results,
            graph=self.graph,
        )
        return True

    def redirects(self, release: Release) -> None:
        """The w3id.org rules, pointing at the releases folder's ``latest`` link so that the IRIs
        follow each new release; like site/, not a download (they go into w3id.org's
        repository), and left out when the base URL cannot be their target."""
        from .redirects import HTACCESS, htaccess

        try:
            rules = htaccess(f"{self.releases_url}{LATEST}/", release.version)
        except InputError as err:
            log.info("No %s: %s", HTACCESS, err)
            return
        self.step("Writing the w3id.org redirect rules")
        path = self.folder / HTACCESS
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(rules.encode("utf-8"))

    def text(self, name: str, text: str) -> None:
        self.bytes(name, text.encode("utf-8"))

    def bytes(self, name: str, data: bytes) -> None:
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.written.append(name)

    def downloads(self, names: list[str]) -> list[Download]:
        result = []
        for name in sorted(names):
            path = self.folder / name
            media_type, _, gzipped = file_format(name)
            if gzipped:
                media_type = "application/gzip"
            title = self.titles.get(name, {}).get("cs", name)
            result.append(Download(name, title, media_type, path.stat().st_size, sha256_file(path)))
        return result


def _header(version: str) -> Callable[..., str]:
    def header(*lines: str) -> str:
        text = [f"# Local Partnerships Knowledge Graph (lpkg) {version}."]
        text += [f"# {line}" for line in lines]
        text.append("# License: CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/).")
        return "\n".join(text) + "\n"

    return header


def _copy(graph: Graph) -> Graph:
    copy = Graph(bind_namespaces="none")
    for triple in graph:
        copy.add(triple)
    return copy


def _json(document: object) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
