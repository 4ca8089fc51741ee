"""Publishing releases: dumps, catalogue metadata, the website, release notes."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Download:
    """A file of a release, as the catalogue and the website list it."""

    name: str
    title: str
    media_type: str
    size: int
    sha256: str
