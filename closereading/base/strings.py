"""Text helpers for display: the one place that collapses white space and shortens quotes.

>>> one_line("Peskov:\\u00a0 We  are\\nhoping")
'Peskov: We are hoping'
>>> shorten("Diplomacy is preferable, and we have to use it", 20)
'Diplomacy is prefer…'
"""

from __future__ import annotations

__all__ = ["one_line", "plural", "shorten"]


def one_line(text: str) -> str:
    """Collapse runs of white space (non-breaking spaces included) for display only."""
    return " ".join(text.split())


def shorten(text: str, limit: int = 60) -> str:
    """``text`` on one line, cut to at most ``limit`` characters with an ellipsis."""
    flat = one_line(text)
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    """``"1 highlight"``, ``"2 highlights"``: a count with its noun in the right number.

    >>> plural(1, "highlight"), plural(2, "highlight"), plural(2, "match", "matches")
    ('1 highlight', '2 highlights', '2 matches')
    """
    word = noun if count == 1 else (plural_form or noun + "s")
    return f"{count} {word}"
