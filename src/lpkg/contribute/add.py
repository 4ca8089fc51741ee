"""Write a conforming contribution into ``data/``, all or nothing."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF

from ..errors import DoesNotConformError, InputError, WouldOverwriteError
from ..fmt import canonical_turtle, read_header
from ..load import load_graph, load_shapes, parse_file
from ..namespaces import LP, LPKG, ORG
from ..paths import project_root
from ..validate import ValidationReport, validate
from .check import check_contributions, read_contribution

log = logging.getLogger(__name__)


@dataclass
class Added:
    """What ``add_contribution`` did: the file it wrote, and the contribution's own report."""

    target: Path
    created: bool
    triples: int
    report: ValidationReport


def target_file(graph: Graph, root: Path, stem: str) -> Path:
    """The data file a contribution belongs in: its partnership's file, else a file of its own."""
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
        return root / "data" / "partnerships" / f"{str(partnership)[len(str(LP)) :]}.ttl"
    return root / "data" / f"{stem}.ttl"


def add_contribution(
    path: Path | str, *, root: Path | str | None = None, merge: bool = False
) -> Added:
    """Validate the contribution at ``path`` with the dataset and, only if it conforms, write it
    into ``data/`` in canonical form; then validate the whole dataset again. On any failure
    ``data/`` is left byte for byte as it was.

    Raises:
        DoesNotConformError: the contribution, or the dataset with it, does not conform.
        WouldOverwriteError: the target file exists and ``merge`` is false.
    """
    root = project_root(root)
    shapes = load_shapes(root)
    report = check_contributions([path], root=root, shapes=shapes)
    if not report.conforms:
        raise DoesNotConformError("The contribution does not conform; nothing was written.", report)
    contribution = read_contribution(path, load_graph(root=root))
    target = target_file(contribution.graph, root, Path(path).stem)
    created = not target.exists()
    graph = contribution.graph
    header = contribution.header
    if not created:
        if not merge:
            raise WouldOverwriteError(
                f"{target} exists. lpkg add does not change existing files unless asked: run it "
                "again with --merge to add the contribution's statements to that file."
            )
        graph = parse_file(target, _copy(graph))
        header = read_header(target.read_text(encoding="utf-8"))
    if not header.strip():
        raise InputError(
            f"{path}: start the file with a comment header (what it holds, its "
            "source); it becomes the header of the data file."
        )
    text = canonical_turtle(graph, header)
    _check_staged(root, target, text, shapes)
    before = None if created else target.read_bytes()
    _write(target, text.encode("utf-8"), exclusive=created)
    try:
        final = validate(load_graph(root=root), shapes)
        if not final.conforms:
            raise DoesNotConformError(
                "The dataset does not conform after the addition; it was undone.", final
            )
    except BaseException:
        _restore(target, before)
        raise
    return Added(target, created, len(contribution.graph), report)


def _copy(graph: Graph) -> Graph:
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    return copy


def _check_staged(root: Path, target: Path, text: str, shapes: Graph) -> None:
    """Validate the dataset as it would be, in a scratch copy, before touching ``data/``."""
    with tempfile.TemporaryDirectory(prefix="lpkg-add-") as scratch:
        staged = Path(scratch)
        for folder in ("ontology", "data"):
            shutil.copytree(root / folder, staged / folder)
        staged_target = staged / target.relative_to(root)
        staged_target.parent.mkdir(parents=True, exist_ok=True)
        staged_target.write_text(text, encoding="utf-8")
        report = validate(load_graph(root=staged), shapes)
    if not report.conforms:
        raise DoesNotConformError(
            "The dataset with the contribution would not conform; nothing was written.", report
        )


def _write(target: Path, data: bytes, *, exclusive: bool) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        if exclusive:
            os.link(temp, target)  # fails if the file appeared meanwhile: never overwrite
        else:
            os.replace(temp, target)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def _restore(target: Path, before: bytes | None) -> None:
    log.warning("restoring %s", target)
    if before is None:
        target.unlink(missing_ok=True)
    else:
        _write(target, before, exclusive=False)
