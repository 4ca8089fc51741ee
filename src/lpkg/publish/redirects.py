"""The w3id.org entry of the dataset: Apache rewrite rules from its IRIs to a published release.

w3id.org serves ``https://w3id.org/lpkg/…`` from the ``lpkg/.htaccess`` file of its repository
(github.com/perma-id/w3id.org). The rules send each IRI, with a 303 See Other, to what the
release at ``--base-url`` holds for it: Turtle when the request's ``Accept`` names
``text/turtle``, JSON-LD when it names ``application/ld+json``, TriG (the statements in the graphs
of their source pages) when it names ``application/trig`` and the release has TriG of it, else the
HTML page. ``Accept`` is matched as text (mod_rewrite cannot weigh q-values), Turtle first.
"""

from __future__ import annotations

from ..errors import InputError
from ..namespaces import BASE

__all__ = ["HTACCESS", "htaccess"]

HTACCESS = "w3id/.htaccess"
"""Where a release holds the rules."""

_TURTLE = r"text/turtle"
_JSONLD = r"application/ld\+json"
_TRIG = r"application/trig"

# (what, pattern relative to lpkg/, then the targets relative to --base-url: Turtle, JSON-LD,
# HTML, TriG or None). Resources and vocabularies have a page, a .ttl, a .jsonld and a .trig each
# in site/ (the paths of site.page_path); an ontology term's #fragment never reaches the server,
# so the ontology and its version IRIs answer with the whole ontology (the site has no JSON-LD of
# it, lpkg.jsonld holds it with the data; it has no sources, so no TriG).
_RULES = (
    (
        "Resources and concepts",
        r"^((?:id|vocab)/[^/].*)$",
        ("site/$1.ttl", "site/$1.jsonld", "site/$1.html", "site/$1.trig"),
    ),
    (
        "The ontology and its version IRIs",
        r"^ontology(?:/.*)?$",
        ("ontology.ttl", "lpkg.jsonld", "site/ontology.html", None),
    ),
    (
        "The dataset: its DCAT-AP-CZ record",
        r"^dataset$",
        ("catalog/dataset.ttl", "catalog/dataset.jsonld", "site/index.html", None),
    ),
    (
        "The entry itself: the release",
        r"^$",
        ("lpkg.ttl", "lpkg.jsonld", "site/index.html", "lpkg.trig"),
    ),
)


def htaccess(base_url: str, version: str) -> str:
    """The ``.htaccess`` for w3id.org that redirects the dataset's IRIs to the release at
    ``base_url`` (lpkg build gives the releases folder's ``latest/``, so the rules need no change
    when a new version is published); ``version`` names the release that wrote them.

    Raises:
        InputError: ``base_url`` is not an http(s) URL ending in ``/``, or lies under
            ``https://w3id.org/lpkg/`` itself, where the rules would send requests back to
            w3id.org instead of to the server that holds the files.
    """
    if not base_url.startswith(("https://", "http://")) or not base_url.endswith("/"):
        raise InputError(f"The redirect target must be an http(s) URL ending in '/': {base_url!r}.")
    if base_url.startswith(BASE):
        raise InputError(
            f"{base_url} lies under {BASE}: the w3id.org rules must point at the server that "
            "holds the release; give it as --base-url."
        )
    lines = [
        "# w3id.org/lpkg: the IRIs of the lpkg dataset, redirected to the release at",
        f"# {base_url} (written by release {version})",
        "# Written by lpkg build; copy it to lpkg/.htaccess in https://github.com/perma-id/w3id.org.",
        "# Accept: text/turtle gives Turtle, application/ld+json JSON-LD, application/trig TriG",
        "# (where there is one), anything else HTML.",
        "",
        "Options +FollowSymLinks",
        "RewriteEngine on",
    ]
    for what, pattern, (turtle, jsonld, html, trig) in _RULES:
        lines += ["", f"# {what}"]
        for accept, target in ((_TURTLE, turtle), (_JSONLD, jsonld), (_TRIG, trig)):
            if target is not None:
                lines += [
                    f"RewriteCond %{{HTTP_ACCEPT}} {accept}",
                    f"RewriteRule {pattern} {base_url + target} [R=303,L]",
                ]
        lines.append(f"RewriteRule {pattern} {base_url + html} [R=303,L]")
    return "\n".join(lines) + "\n"
