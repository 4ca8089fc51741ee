"""Build a release: validate, then write dumps, query results, metadata, checksums and the site."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import OWL, RDF, SH

from ..errors import DoesNotConformError, InputError, MissingFileError, WouldOverwriteError
from ..fmt import canonical_turtle
from ..load import load_graph, load_shapes, parse_files
from ..paths import project_root, turtle_files
from . import Download
from .dumps import (
    canonical_graph,
    context_for,
    gzip_bytes,
    inferred_only,
    sha256_file,
    sha256sums,
    to_jsonld,
    to_ntriples,
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
    release_date,
    void_description,
)

log = logging.getLogger(__name__)

__all__ = ["DEFAULT_BASE_URL", "BuildResult", "build", "default_version"]

DUMPS = (
    "lpkg.ttl",
    "lpkg.nt",
    "lpkg.jsonld",
    "ontology.ttl",
    "shapes.ttl",
    "inferred.ttl",
)
"""The large files; each gets a ``.gz`` beside it."""

GRAPH_DUMPS = ("lpkg.ttl", "lpkg.nt", "lpkg.jsonld")
"""The files that hold the asserted graph (VoID's ``void:dataDump``)."""

TITLES: dict[str, dict[str, str]] = {
    "lpkg.ttl": {"cs": "Celý graf (Turtle)", "en": "The whole graph (Turtle)"},
    "lpkg.nt": {"cs": "Celý graf (N-Triples)", "en": "The whole graph (N-Triples)"},
    "lpkg.jsonld": {"cs": "Celý graf (JSON-LD)", "en": "The whole graph (JSON-LD)"},
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

_VERSION = re.compile(r"\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.\-+]*)?")
_RELEASE_MARKERS = ("SHA256SUMS", "lpkg.ttl")


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote."""

    out: Path
    version: str
    downloads: list[Download]
    notes: bool
    site: bool


def default_version(graph: Graph) -> str:
    """The ontology's ``owl:versionInfo``, else the installed package's version.

    >>> from lpkg.load import load_graph
    >>> default_version(load_graph()).count(".")
    2
    """
    for ontology in sorted(graph.subjects(RDF.type, OWL.Ontology), key=str):
        info = graph.value(ontology, OWL.versionInfo)
        if info is not None:
            return str(info)
    from importlib.metadata import version

    return version("lpkg")


def build(
    out: Path | str = "dist",
    *,
    root: Path | str | None = None,
    version: str | None = None,
    base_url: str = DEFAULT_BASE_URL,
    previous: Path | str | None = None,
    release_day: date | None = None,
    contact_email: str | None = None,
    on_step: Callable[[str], None] | None = None,
) -> BuildResult:
    """Validate the dataset and write a release into ``out``.

    The release is written into a temporary folder beside ``out`` and renamed into place when
    complete, so a failed build leaves no partial release and an older ``out`` untouched. An
    existing ``out`` is replaced only if it is empty or holds a release (``SHA256SUMS`` or
    ``lpkg.ttl``).

    Parameters:
        out: the release folder.
        root: the dataset folder (ontology/, data/, shapes/, queries/).
        version: the release version, X.Y.Z; default the ontology's ``owl:versionInfo``.
        base_url: where the files will be published; download URLs are ``base_url + name``.
        previous: a previous release folder; release notes against it go to ``NOTES.md``.
        release_day: dcterms:issued/modified of the release; default the ontology's
            ``dcterms:modified`` or ``dcterms:issued``, else none (never the clock).
        contact_email: the e-mail address of the catalogue record's contact point.
        on_step: called with a short description before each step.

    Raises:
        DoesNotConformError: the data (or the generated metadata) does not conform; nothing is
            written.
        InputError: a bad version or base URL; a previous release or folder that cannot be used.
    """
    step = on_step or (lambda _message: None)
    root = project_root(root)
    out = Path(out)
    if not base_url.endswith("/"):
        raise InputError(f"--base-url must end with '/': {base_url!r}.")
    if previous is not None and not (Path(previous) / "lpkg.ttl").is_file():
        raise MissingFileError(Path(previous) / "lpkg.ttl")
    _check_replaceable(out)

    step("Loading the dataset")
    graph = load_graph(root=root)
    step("Validating the dataset against the shapes")
    from ..validate import validate

    shapes = load_shapes(root)
    # pySHACL adds triples to the shapes graph it is given; the release gets the shapes as written
    report = validate(graph, _copy(shapes))
    if not report.conforms:
        raise DoesNotConformError(
            "The data does not conform to the shapes; no release was written.", report
        )
    version = version or default_version(graph)
    if not _VERSION.fullmatch(version):
        raise InputError(f"The version must look like X.Y.Z; got {version!r}.")

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".building"))
    tmp.chmod(0o755)  # mkdtemp makes it private; a release is for publishing
    try:
        writer = _ReleaseWriter(tmp, root, graph, shapes, step)
        downloads, notes, site = writer.write(
            Release(
                version,
                base_url,
                release_day or release_date(writer.ontology),
                contact_email=contact_email,
            ),
            previous,
        )
        step(f"Moving the release into {out}")
        _swap(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return BuildResult(out, version, downloads, notes, site)


def _check_replaceable(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise WouldOverwriteError(
            f"{out} exists and is not a folder; lpkg build will not replace it."
        )
    if out.is_dir() and any(out.iterdir()):
        if not any((out / marker).is_file() for marker in _RELEASE_MARKERS):
            raise WouldOverwriteError(
                f"{out} is a folder that does not hold a release (no SHA256SUMS or lpkg.ttl); "
                "lpkg build replaces only an earlier release. Give another --out."
            )


def _swap(new: Path, out: Path) -> None:
    """Put the finished release ``new`` at ``out``, replacing an old one only now."""
    if out.exists():
        old = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".old"))
        os.replace(out, old / "release")
        try:
            os.replace(new, out)
        except BaseException:
            os.replace(old / "release", out)
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(new, out)


class _ReleaseWriter:
    """Writes the files of one release into a folder."""

    def __init__(
        self, folder: Path, root: Path, graph: Graph, shapes: Graph, step: Callable[[str], None]
    ) -> None:
        self.folder = folder
        self.root = root
        self.graph = graph
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

        step("Computing the OWL 2 RL closure")
        from ..infer import infer

        closure = infer(self.graph)
        self.text(
            "inferred.ttl",
            canonical_turtle(
                inferred_only(self.graph, closure),
                header(
                    "OWL 2 RL entailments of lpkg.ttl that add information: not asserted,",
                    "not about RDF/RDFS/OWL/XSD terms, not reflexive sameAs/equivalence/subclass,",
                    "no blank nodes.",
                ),
            ),
        )

        step("Running the named queries")
        self.queries(canonical_graph(self.graph), canonical_graph(closure))

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

            self.text("NOTES.md", release_notes(Path(previous), self.folder))
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

        site = self.site(downloads, release)
        return downloads, notes, site

    def queries(self, asserted: Graph, closure: Graph) -> None:
        from ..queries import list_queries, run_query
        from ..results import to_csv, to_json

        for query in list_queries(self.root):
            result = run_query(query, closure if query.requires_inference else asserted)
            if not re.search(r"\bORDER\s+BY\b", _body(query.text), re.IGNORECASE):
                result.rows.sort(
                    key=lambda row: json.dumps(
                        [str(row.get(v)) for v in result.variables], ensure_ascii=False
                    )
                )
            for suffix, render, kind in ((".csv", to_csv, "CSV"), (".json", to_json, "JSON")):
                name = f"queries/{query.name}{suffix}"
                self.text(name, render(result))
                self.titles[name] = {lang: f"{query.title(lang)} ({kind})" for lang in ("cs", "en")}

    def site(self, downloads: list[Download], release: Release) -> bool:
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
            self.graph,
            downloads=downloads,
            version=release.version,
            base_url=release.base_url,
            root=self.root,
        )
        return True

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


def _body(query_text: str) -> str:
    return "\n".join(line for line in query_text.splitlines() if not line.lstrip().startswith("#"))


def _copy(graph: Graph) -> Graph:
    copy = Graph(bind_namespaces="none")
    for triple in graph:
        copy.add(triple)
    return copy


def _json(document: object) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
