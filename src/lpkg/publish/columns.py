"""Readable names, in Czech and English, of the result columns of the named queries.

The query headers (``# column ?var: ...``) describe each column in a sentence; the website's
tables need a short heading instead. A variable means the same in every query that uses it, so
the names are kept by variable; a test checks that every column of every named query has one.
"""

from __future__ import annotations

COLUMN_NAMES: dict[str, tuple[str, str]] = {
    "date": ("Datum", "Date"),
    "documents": ("Dokumenty", "Documents"),
    "event": ("Událost", "Event"),
    "eventType": ("Druh události", "Kind of event"),
    "events": ("Události", "Events"),
    "how": ("Jak", "How"),
    "how1": ("Jak v prvním městě", "How in the first town"),
    "how2": ("Jak ve druhém městě", "How in the second town"),
    "incompleteLists": ("Neúplné seznamy členů", "Incomplete member lists"),
    "identifierType": ("Druh identifikátoru", "Kind of identifier"),
    "item": ("Položka", "Item"),
    "kind": ("Druh", "Kind"),
    "listedName": ("Název v seznamu členů", "Name as listed"),
    "members": ("Členové", "Members"),
    "memberListComplete": ("Úplný seznam členů", "Complete member list"),
    "membership": ("Členství", "Membership"),
    "name": ("Jiný název", "Other name"),
    "notation": ("Identifikátor", "Identifier"),
    "organization": ("Organizace", "Organization"),
    "parent": ("Nadřízená organizace", "Parent organization"),
    "partnership": ("Partnerství", "Partnership"),
    "partnershipCount": ("Počet partnerství", "Number of partnerships"),
    "prefLabel": ("Název", "Name"),
    "project": ("Projekt", "Project"),
    "projects": ("Projekty", "Projects"),
    "scheme": ("Slovník", "Scheme"),
    "source": ("Zdroj", "Source"),
    "status": ("Stav", "Status"),
    "theme": ("Téma", "Theme"),
    "topLevel": ("Nejvyšší organizace", "Top-level organization"),
    "town": ("Město", "Town"),
    "type": ("Typ", "Type"),
    "unit": ("Útvar", "Unit"),
    "unitMembers": ("Členové-útvary", "Members that are units"),
    "until": ("Do", "Until"),
    "via": ("Prostřednictvím", "Through"),
    "workingGroups": ("Pracovní skupiny", "Working groups"),
}
"""Column headings by query variable: (Czech, English)."""


def column_names(variable: str) -> tuple[str, str]:
    """The (Czech, English) heading of a result column; the variable's name if it has none.

    >>> column_names("listedName"), column_names("x")
    (('Název v seznamu členů', 'Name as listed'), ('x', 'x'))
    """
    return COLUMN_NAMES.get(variable, (variable, variable))
