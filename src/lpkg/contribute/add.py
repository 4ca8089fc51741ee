"""Write a conforming contribution into ``data/``, all or nothing."""

from __future__ import annotations

import fcntl
import logging
import os
import re
import stat
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.namespace import RDF

from ..errors import DoesNotConformError, InputError, WouldOverwriteError
from ..fmt import canonical_trig, read_header
from ..labels import display
from ..load import new_dataset, parse_file, parse_files
from ..namespaces import LP, LPKG, ORG
from ..paths import project_root, turtle_files, writable_target
from ..store import loaded_beforehand
from ..validate import ValidationReport, ValidationResult
from .check import CHANGES_EXISTING_DATA, checking_untrusted, read_contribution

log = logging.getLogger(__name__)

LOCK = Path("data") / ".lpkg.lock"
"""Held (``flock``) by ``lpkg add`` from reading the dataset to writing it; ignored by git."""
SCRATCH = Path("data") / ".lpkg-tmp"
"""Where files are written before they are renamed into place: inside data/, so on the same
filesystem as the target (a rename cannot cross filesystems), and ignored by git."""
_SLUG = re.compile(r"[a-z0-9-]+")


@dataclass
class Added:
    """What ``add_contribution`` did: the file it wrote, and the contribution's own report."""

    target: Path
    created: bool
    triples: int
    report: ValidationReport

    @property
    def changes(self) -> list[ValidationResult]:
        """The statements about resources data/ already described (written with ``--merge``)."""
        return changes_to_existing_data(self.report)


def changes_to_existing_data(report: ValidationReport) -> list[ValidationResult]:
    """The notes of ``report`` about statements that change what data/ already describes."""
    return [r for r in report.results if r.component == CHANGES_EXISTING_DATA]


def target_file(graph: Graph, root: Path, stem: str) -> Path:
    """The data file a contribution belongs in: its partnership's file, else a file of its own.

    Raises:
        InputError: the contribution names several partnerships, or the file's name (the
            partnership's slug, else ``stem``) is not a slug of ``[a-z0-9-]`` that stays in data/.
    """
    partnerships = set(graph.subjects(RDF.type, LPKG.LocalPartnership)) | {
        o for o in graph.objects(None, ORG.organization) if str(o).startswith(str(LP))
    }
    if len(partnerships) > 1:
        names = ", ".join(sorted(str(p) for p in partnerships))
        raise InputError(
            f"The contribution is about several partnerships ({names}); "
            "add one partnership per contribution."
        )
    if partnerships:
        (partnership,) = partnerships
        slug, folder, what = str(partnership)[len(str(LP)) :], "data/partnerships", partnership
    else:
        slug, folder, what = stem, "data", "the contribution's file name"
    # The slug becomes a file name: anything but [a-z0-9-] could climb out of data/ (../),
    # make folders (/) or hide the file (.); nothing is written then.
    target = root / folder / f"{slug}.trig"
    if not _SLUG.fullmatch(slug):
        raise InputError(
            f"{what}: the data file's name would be {slug!r}, which is not a slug of lower-case "
            "letters, digits and hyphens ([a-z0-9-]+) naming a file inside data/; nothing was "
            "written. Give the partnership an IRI such as lp:trmice."
        )
    # A link there, or on the way, would send the write elsewhere.
    return writable_target(target, inside=root / "data")


def add_contribution(
    path: Path | str,
    *,
    root: Path | str | None = None,
    merge: bool = False,
    source: str | None = None,
    store: str = "memory",
) -> Added:
    """Validate the contribution at ``path`` with the dataset and, only if it conforms, write it
    into ``data/`` as canonical TriG. The check is the only validation: the shapes are run on
    the focus nodes the contribution may affect (:func:`lpkg.validate.validate_contribution`).
    On any failure ``data/`` is left byte for byte as it was. Concurrent runs on one dataset
    take turns (an exclusive lock on ``data/.lpkg.lock``), so none can lose another's statements.

    The statements keep the graphs of their source pages: a TriG or N-Quads file names them, a
    CSV gives them per row (``source_url``); the statements of a file of triples (Turtle, ...)
    all go into the graph of the page ``source``, which such a file needs.

    ``store`` is where the dataset is read for the check (:func:`lpkg.store.open_store`); an
    on-disk store (``oxigraph:PATH``) is given the contribution's statements too once they are
    written, so the next run need not reload it.

    Raises:
        InputError: the target would not be a slug-named file inside data/; a file of triples
            comes without ``source``, or ``source`` comes with a file that names its sources;
            a blank node is in two graphs.
        DoesNotConformError: the contribution, or the dataset with it, does not conform; this
            includes statements a contribution may not make (``check.NOT_OWN``).
        WouldOverwriteError: without ``merge``, the target file exists or the contribution
            changes resources data/ already describes.
    """
    root = project_root(root)
    with _exclusive(root):
        return _add(Path(path), root, merge, source, store)


def _add(path: Path, root: Path, merge: bool, source: str | None, store: str) -> Added:
    # CSV codes are concepts of the vocabularies, which the ontology holds: data/ is not read
    vocabularies = parse_files(turtle_files(root, "ontology"))
    digest = loaded_beforehand(store, root=root)
    options = {"source": source, "store": store, "ontology": vocabularies, "digest": digest}
    # the check runs in a child process while this one prepares the write
    with checking_untrusted([path], root=root, **options) as checked:
        contribution = read_contribution(path, vocabularies, source=source)
        if not contribution.placed:
            raise InputError(
                f"{path} does not say which public page its statements come from, and every "
                f"statement of data/ needs one. Give the page: lpkg add {path} --source "
                "https://… (all its statements go into that page's named graph), or write the "
                "contribution as TriG, each statement in the named graph of the page that "
                "states it. Nothing was written."
            )
        target = target_file(contribution.graph, root, path.stem)
        created = not target.exists()
        if not created and not merge:
            raise WouldOverwriteError(
                f"{target} exists. lpkg add does not change existing files unless asked: run "
                "it again with --merge to add the contribution's statements to that file."
            )
        dataset = _copy(contribution.dataset)
        header = contribution.header
        if not created:
            parse_file(target, dataset)
            header = read_header(target.read_text(encoding="utf-8"))
        text = canonical_trig(dataset, header) if header.strip() else None
        if digest is not None:
            from .on_store import file_quads

            old = file_quads(target)
        report = checked()
    if not report.conforms:
        raise DoesNotConformError("The contribution does not conform; nothing was written.", report)
    changes = changes_to_existing_data(report)
    if changes and not merge:
        raise WouldOverwriteError(
            f"The contribution changes what data/ already describes ({_listed(changes)}). lpkg "
            "add does not change existing data unless asked: if these are corrections, run it "
            "again with --merge; the report then lists them."
        )
    if text is None:
        raise InputError(
            f"{path}: start the file with a comment header (what it holds, its "
            "source); it becomes the header of the data file."
        )
    # The check validated the dataset with the contribution, which is what data/ then holds:
    # no second validation of the whole (lpkg add used to validate four times).
    _write(root, target, text.encode("utf-8"), exclusive=created)
    if digest is not None:
        from .on_store import keep_written

        keep_written(Path(store.partition(":")[2]), root, target, old, digest)
    return Added(target, created, len(contribution.graph), report)


def _listed(changes: list[ValidationResult], most: int = 5) -> str:
    shown = [
        f"{r.location}: {display(r.focus)} {display(r.path)} {display(r.value)}"
        for r in changes[:most]
    ]
    if len(changes) > most:
        shown.append(f"and {len(changes) - most} more")
    return "; ".join(shown)


@contextmanager
def _exclusive(root: Path) -> Iterator[None]:
    """Hold the dataset's lock: read → validate → write happens for one add at a time. The lock
    goes with the process, so a killed add never leaves it held."""
    try:
        lock = open(root / LOCK, "a")  # closing it (below) releases the lock
    except OSError as err:
        raise InputError(f"{root / LOCK}: cannot open the lock file ({err.strerror}).") from err
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        # No other add runs now: whatever is in the scratch folder was left by a killed one.
        for leftover in (root / SCRATCH).glob("*.tmp"):
            leftover.unlink()
        yield


def _copy(dataset: Dataset) -> Dataset:
    copy = new_dataset()
    for quad in dataset.quads((None, None, None, None)):
        copy.add(quad)
    return copy


def _write(root: Path, target: Path, data: bytes, *, exclusive: bool) -> None:
    """Write ``data`` to a scratch file and rename it into place, so a reader (or a kill) sees the
    old file or the new one, never a part. A new file gets 0666 less the umask (0644 under the
    usual 022); an existing one keeps its mode."""
    scratch = root / SCRATCH
    scratch.mkdir(exist_ok=True)
    temp = scratch / f"{target.name}.{uuid.uuid4().hex}.tmp"
    mode = None if exclusive else stat.S_IMODE(target.stat().st_mode)
    handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(handle, "wb") as stream:
            if mode is not None:
                os.fchmod(stream.fileno(), mode)
            stream.write(data)
        target.parent.mkdir(exist_ok=True)
        if exclusive:
            try:
                os.link(temp, target)  # fails if the file appeared meanwhile: never overwrite
            except FileExistsError as err:
                raise WouldOverwriteError(
                    f"{target} appeared while lpkg add was running; nothing was written. Run "
                    "it again (with --merge to add to that file)."
                ) from err
        else:
            os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
