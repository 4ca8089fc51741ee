"""Escaping what data or input holds before lpkg shows it."""

from __future__ import annotations

import pytest

from lpkg.escape import EXCERPT_LENGTH, excerpt, printable, shorten


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b[2J", "\\u001b[2J"),  # CSI: clear the screen
        ("\x1b]0;owned\x07", "\\u001b]0;owned\\u0007"),  # OSC: retitle the terminal
        ("\x9b2J", "\\u009b2J"),  # the one-byte C1 CSI
        ("\x00\x7f", "\\u0000\\u007f"),
        ("abc\u202edcba", "abc\\u202edcba"),  # right-to-left override
        ("\u2066x\u2069", "\\u2066x\\u2069"),  # isolates
        ("over\rwrite", "over\\u000dwrite"),  # a lone CR rewrites the line
        ("a\r\nb\nc\td", "a\r\nb\nc\td"),  # line ends and tabs that formats need stay
        ("Úřad práce – Most", "Úřad práce – Most"),
    ],
)
def test_printable_escapes_controls_and_bidi_overrides(text: str, shown: str) -> None:
    assert printable(text) == shown


def test_an_excerpt_is_short_quoted_and_escaped() -> None:
    text = "\x1b[2J" + "x" * 1000
    shown = excerpt(text)
    assert "\x1b" not in shown
    # the first 60 characters: the 4 of the escape and 56 x's; 944 more are left out
    assert shown == "'\\x1b[2J" + "x" * 56 + "' + 944 more characters"
    assert excerpt("Most") == "'Most'"


def test_shorten_cuts_long_runs_and_keeps_short_messages() -> None:
    assert shorten("The prefix ex: has not been declared") == (
        "The prefix ex: has not been declared"
    )
    long = "y" * 5000
    assert shorten(f"bad {long} here") == f"bad {'y' * EXCERPT_LENGTH}… here"
