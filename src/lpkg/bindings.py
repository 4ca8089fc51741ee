"""Parameters written into a SPARQL query as ``VALUES``, so that the text stays a standard
query that any store runs as it is."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from rdflib import Literal, URIRef
from rdflib.term import Variable

from .errors import UnknownValueError

Term = URIRef | Literal
"""What a parameter is bound to: a resource, or a date literal."""
Bindings = Mapping[Variable, Term]

# A WHERE keyword (not a variable ?where or a local name ex:where), or a brace; comments,
# strings and IRIs are matched whole so that nothing inside them is taken for either.
_SKIPPED = (
    r"#[^\n]*",  # a comment
    r'"""(?:[^"\\]|\\.|"(?!""))*"""',  # long strings, then short ones
    r"'{3}(?:[^'\\]|\\.|'(?!''))*'{3}",
    r'"(?:[^"\\\n]|\\.)*"',
    r"'(?:[^'\\\n]|\\.)*'",
    r'<[^<>"{}|^`\\\x00-\x20]*>',  # an IRI reference
)
_LEXEME = re.compile(
    "(?P<skip>" + "|".join(_SKIPPED) + r")|(?P<where>(?<![?$:\w])WHERE\b)|(?P<brace>\{)",
    re.IGNORECASE,
)
IRI_FORBIDDEN = re.compile(r'[<>"{}|^`\\\x00-\x20]')


def mentions(text: str, keywords: Collection[str]) -> bool:
    """Whether the SPARQL ``text`` may use one of ``keywords``: errs towards yes.

    Skipped are only what no parser reads a keyword in: comments, strings, IRIs, variables and
    the local part of a prefixed name after its colon (``prov:wasDerivedFrom``; a local name
    takes every name character that follows). Anywhere else the letters count, even inside a
    word: pyoxigraph reads ``trueSERVICE <x> {}`` as ``true SERVICE <x> {}``. A backslash
    anywhere counts too: SPARQL reads ``\\u`` escapes, which could spell a keyword, and
    ``ex:a\\#`` makes a ``#`` part of a name rather than the start of a comment.

    >>> mentions('SELECT * WHERE { ?from prov:wasDerivedFrom "SERVICE" } # FROM', ["FROM"])
    False
    >>> mentions("SELECT * WHERE { ?s ?p true SERVICE <x> { } }", ["SERVICE"])
    True
    """
    if "\\" in text:
        return True
    skipped = (
        r"#[^\r\n]*",  # a comment, which a CR ends too
        *_SKIPPED[1:],  # strings, IRIs
        r"[?$][A-Za-z0-9_]+",  # a variable
        r":[A-Za-z0-9_:][A-Za-z0-9_.:-]*",  # a local name ("ex:.SERVICE" is "ex:" and ".")
    )
    pattern = re.compile(
        "(?P<skip>" + "|".join(skipped) + ")|" + "|".join(map(re.escape, keywords)),
        re.IGNORECASE,
    )
    return any(not match["skip"] for match in pattern.finditer(text))


def bind(text: str, bindings: Mapping[Variable, Term]) -> str:
    """The query ``text`` with ``bindings`` written into it as ``VALUES`` at the top of its WHERE
    clause and of every sub-SELECT's WHERE clause, so that the evaluator starts from the values
    (rdflib applies ``initBindings`` only after enumerating everything), and the same text runs
    in any SPARQL engine.

    A parameter therefore means the same in every part of the query. The terms come from
    :func:`resolve_params`: IRIs with no character that could end an IRI reference, and literals
    serialized with escaping.

    >>> from rdflib import URIRef
    >>> bind("SELECT * WHERE { ?s ?p ?town }", {Variable("town"): URIRef("http://x/most")})
    'SELECT * WHERE { VALUES (?town) { (<http://x/most>) } ?s ?p ?town }'
    """
    if not bindings:
        return text
    names = " ".join(f"?{name}" for name in bindings)
    values = f" VALUES ({names}) {{ ({' '.join(sparql_term(t) for t in bindings.values())}) }}"
    after_where = False
    positions = []
    for match in _LEXEME.finditer(text):
        if match["where"]:
            after_where = True
        elif match["brace"] and after_where:
            positions.append(match.end())
            after_where = False
    if not positions:  # SELECT ... { ... } without the optional keyword
        positions = [m.end() for m in _LEXEME.finditer(text) if m["brace"]][:1]
    for at in reversed(positions):
        text = text[:at] + values + text[at:]
    return text


_ECHAR = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def sparql_term(term: Term) -> str:
    """The term in SPARQL syntax: an IRI that cannot end its own reference early, a literal
    with every character SPARQL escapes escaped (rdflib's ``n3()`` leaves tabs raw, which
    rdflib's parser then reads as spaces)."""
    if isinstance(term, URIRef):
        if IRI_FORBIDDEN.search(term):
            raise UnknownValueError("?", str(term), [])
        return f"<{term}>"
    text = f'"{str(term).translate(_ECHAR)}"'
    if term.language:
        return f"{text}@{term.language}"
    return f"{text}^^{sparql_term(term.datatype)}" if term.datatype else text
