"""The release files (dumps, catalogue record, VoID, query answers) at ``/release/NAME``.

The server serves a release that ``lpkg build`` wrote (``lpkg serve --release DIR``) rather than
building one itself: a build takes some 40 s (validation, inference, every named query, the
site), and serving the very files of a release makes them byte-identical to it by construction,
with no second writer of the release format to keep in step. The release must be complete and
unchanged (:func:`lpkg.publish.releases.unverified`); only the files its ``SHA256SUMS`` lists
(and ``SHA256SUMS`` itself) are served, looked up by name, so no path reaches another file.
Their checksums are the ETags.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from ..errors import InputError
from ..publish.build import TITLES
from ..publish.dumps import sha256_file
from ..publish.metadata import file_format
from ..publish.releases import release_version, unverified
from .problems import problem

SUMS = "SHA256SUMS"
PREFIX = "/release/"


@dataclass(frozen=True)
class ReleaseFile:
    name: str
    """The path in the release folder, with ``/`` (``catalog/dataset.ttl``)."""
    path: Path
    media_type: str
    size: int
    sha256: str

    @property
    def title(self) -> str:
        return TITLES.get(self.name, {}).get("en", self.name)


@dataclass(frozen=True)
class Release:
    version: str
    files: dict[str, ReleaseFile]


@lru_cache(maxsize=4)
def open_release(folder: Path) -> Release:
    """The release in ``folder`` (``dist/1.0.0`` or ``dist/latest``), checked once.

    Raises:
        InputError: ``folder`` is not a complete, unchanged release that lpkg wrote.
    """
    folder = folder.resolve()
    why = unverified(folder)
    if why is not None:
        raise InputError(
            f"--release {folder}: not a release that lpkg build wrote, as it wrote it: {why}. "
            "Give the folder of one version (dist/latest or dist/X.Y.Z)."
        )
    files = {}
    sums = (folder / SUMS).read_text(encoding="utf-8").splitlines()
    listed = [line.split("  ", 1) for line in sums]  # unverified() checked the format
    for digest, name in [*listed, [sha256_file(folder / SUMS), SUMS]]:
        path = folder / name
        media_type, _, gzipped = file_format(name)
        files[name] = ReleaseFile(
            name,
            path,
            "application/gzip" if gzipped else media_type,
            path.stat().st_size,
            digest,
        )
    return Release(release_version(folder) or folder.name, files)


def release_of(request: Request) -> Release | None:
    """The release the server was started with, if any."""
    folder = request.app.state.lpkg.settings.release
    return open_release(Path(folder)) if folder else None


async def download(request: Request) -> Response:
    release = release_of(request)
    name = request.path_params["name"]
    if release is None:
        return problem(
            request,
            404,
            "This server serves no release files: start it with --release DIR, the folder of "
            "a release that lpkg build wrote.",
        )
    if not name:
        return _listing(request, release)
    file = release.files.get(name)
    if file is None:
        return problem(
            request,
            404,
            f"The release has no file {name!r}; {PREFIX} lists its files.",
        )
    etag = f'"{file.sha256}"'
    headers = {"ETag": etag, "Cache-Control": "public, max-age=3600"}
    asked = request.headers.get("if-none-match", "")
    wanted = {tag.strip().removeprefix("W/") for tag in asked.split(",")}
    if etag in wanted or "*" in wanted:
        return Response(status_code=304, headers=headers)
    return FileResponse(file.path, media_type=file.media_type, headers=headers)


def _listing(request: Request, release: Release) -> Response:
    """The files as JSON; a browser is sent to the home page, which lists them."""
    if "text/html" in request.headers.get("accept", ""):
        return RedirectResponse("/#release", status_code=303)
    files = [
        {
            "name": f.name,
            "title": f.title,
            "url": PREFIX + f.name,
            "mediaType": f.media_type,
            "size": f.size,
            "sha256": f.sha256,
        }
        for f in release.files.values()
    ]
    return JSONResponse({"version": release.version, "files": files})


def routes() -> list[BaseRoute]:
    """The download route; the list of files is on the home page and at ``/release/``
    (:mod:`lpkg.serve.linked_data`)."""
    return [Route(PREFIX + "{name:path}", download, methods=["GET", "HEAD"])]
