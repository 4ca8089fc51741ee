"""lpkg.bindings.mentions: whether a query may use a keyword, so that only such a query needs
rdflib's parse to be refused. Each case is a way pyoxigraph 0.5 reads a keyword (tried by hand)
or a place where it reads none."""

from __future__ import annotations

import pytest

from lpkg.bindings import mentions

REFUSED = ("SERVICE", "FROM", "GRAPH")


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }",
        "SELECT * WHERE { graph ?g { ?s ?p ?o } }",  # any case
        "SELECT * WHERE { ?s ?p ?o SERVICE<http://example.org/> { } }",
        # pyoxigraph reads "true SERVICE" and "1 SERVICE": a keyword needs no space before it
        "SELECT * WHERE { ?s ?p trueSERVICE <http://example.org/> { } }",
        "SELECT * WHERE { ?s ?p 1SERVICE <http://example.org/> { } }",
        # "ex:" and "." (a local name cannot start with a dot), then SERVICE
        "SELECT * WHERE { ?s ?p ex:.SERVICE <http://example.org/> { } }",
        # a CR ends a comment as a LF does
        "SELECT * WHERE { ?s ?p ?o # note\rSERVICE <http://example.org/> { } }",
        # an escape could spell a keyword, or turn a # into part of a name
        "SELECT * WHERE { ?s ?p ?o SERVIC\\u0045 <http://example.org/> { } }",
        "SELECT * WHERE { ?s ?p ex:a\\# SERVICE <http://example.org/> { } }",
    ],
)
def test_a_keyword_outside_comments_strings_iris_and_names_counts(text: str) -> None:
    assert mentions(text, REFUSED)


@pytest.mark.parametrize(
    "text",
    [
        "# FROM a comment\nSELECT * WHERE { ?s ?p ?o }",
        'SELECT * WHERE { ?s ?p "SERVICE", """GRAPH "" FROM""", \'from\' }',
        "SELECT * WHERE { ?s ?p <http://example.org/graph/from> }",
        "SELECT ?from ?graph $service WHERE { ?from ?graph $service }",
        "SELECT * WHERE { ?s prov:wasDerivedFrom ?o ; lpkg:sourceGraph ex:a.service }",
    ],
)
def test_a_keyword_in_a_comment_string_iri_variable_or_local_name_does_not(text: str) -> None:
    assert not mentions(text, REFUSED)
