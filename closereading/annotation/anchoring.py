"""Finding a highlight again after the text changed.

A highlight is anchored twice, as in the W3C Web Annotation model: by position (``start`` and
``end`` into ``Transcript.text``) and by quote (the text itself with up to :data:`CONTEXT_CHARS`
characters of context either side). :func:`place` keeps a position that still holds the quote;
otherwise it scores every occurrence of the quote by how much of the stored context surrounds it.

>>> from closereading.annotation.records import Annotation
>>> text = "We said no. Then we said no again."
>>> old = Annotation("a1", "hedge", 3, 10, "said no", prefix="We ", suffix=". Then")
>>> moved = place(old, "Oh. " + text, trust_position=False)
>>> moved.start, moved.quote
(7, 'said no')
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from closereading.annotation.records import Annotation

__all__ = ["CONTEXT_CHARS", "anchor", "place"]

#: How many characters of context are stored either side of a quote.
CONTEXT_CHARS = 32


def anchor(text: str, start: int, end: int) -> dict[str, str]:
    """The quote and its context for ``text[start:end]``: ``quote``, ``prefix`` and ``suffix``."""
    return {
        "quote": text[start:end],
        "prefix": text[max(0, start - CONTEXT_CHARS) : start],
        "suffix": text[end : end + CONTEXT_CHARS],
    }


def place(annotation: Annotation, text: str, trust_position: bool) -> Annotation | None:
    """The annotation anchored in ``text``, or None if its quote is not there.

    With ``trust_position`` (the text is the one it was made on) a position that still holds the
    quote is kept. Otherwise every occurrence of the quote is scored by how much of the stored
    prefix and suffix surround it; ties go to the occurrence nearest the old position.
    """
    a = annotation
    if trust_position and 0 <= a.start < a.end <= len(text) and text[a.start : a.end] == a.quote:
        return a
    candidates = _occurrences(text, a.quote)
    if not candidates:
        return None

    def score(span: tuple[int, int]) -> tuple[int, int, int]:
        start, end = span
        before = _common_suffix(a.prefix, text[max(0, start - len(a.prefix)) : start])
        after = _common_prefix(a.suffix, text[end : end + len(a.suffix)])
        return (before + after, -abs(start - a.start), -start)

    start, end = max(candidates, key=score)
    return dataclasses.replace(a, start=start, end=end, **anchor(text, start, end))


def _occurrences(text: str, quote: str) -> list[tuple[int, int]]:
    """Every (possibly overlapping) span of ``quote`` in ``text``; failing an exact match, spans
    that differ only in whitespace or in straight versus curly apostrophes."""
    spans = []
    at = text.find(quote)
    while at != -1:
        spans.append((at, at + len(quote)))
        at = text.find(quote, at + 1)
    if spans:
        return spans
    words = re.split(r"(\s+|['’])", quote.strip())
    pattern = "".join(
        r"\s+" if part.isspace() else "['’]" if part in ("'", "’") else re.escape(part)
        for part in words
        if part
    )
    if not pattern:
        return []
    return [(m.start(1), m.end(1)) for m in re.finditer(f"(?=({pattern}))", text)]


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])
