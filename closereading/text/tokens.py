"""Offline sentence and word tokenization with exact character offsets.

Nothing here needs NLTK data: sentences come from NLTK's Punkt tokenizer built with a fixed list
of abbreviations (no ``punkt_tab`` download), and words from one regular expression. Every span
is a ``(start, end)`` pair into the string it came from, so ``text[start:end]`` is the thing
itself.

>>> [text for _, _, text in word_spans("We don’t take state-to-state 100 percent.")]
['We', 'don’t', 'take', 'state-to-state', '100', 'percent', '.']
>>> normalize("Don’t")
"don't"
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nltk.tokenize.punkt import PunktSentenceTokenizer
from functools import lru_cache

__all__ = [
    "ABBREVIATIONS",
    "is_word",
    "normalize",
    "sentence_spans",
    "tokenize",
    "word_spans",
]

#: Lower-case abbreviations, without their final period, that do not end a sentence. "No." and
#: "etc." are left out on purpose: in interviews "No." is far more often a whole answer.
ABBREVIATIONS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "jr",
        "sr",
        "gen",
        "col",
        "sen",
        "rep",
        "gov",
        "amb",
        "pres",
        "lt",
        "capt",
        "rev",
        "hon",
        "mt",
        "vs",
        "e.g",
        "i.e",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "d.c",
        "u.s.a",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    }
)

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'"})

# One pattern for every token, tried in order:
#   an ellipsis written as spaced or unspaced dots;
#   an abbreviation with inner periods, optionally joined to a hyphenated word (U.S.-Russian);
#   a number with inner commas or decimals, or a percentage (1,000  3.5  20%);
#   a word of letters/digits with inner apostrophes (don’t, Russia’s) and hyphens (state-to-state);
#   any other single non-space character (punctuation, brackets, symbols).
_TOKEN = re.compile(
    r"""
    (?P<ellipsis>\.(?:[ \u00a0]?\.){2,})
  | (?P<word>
        (?:[^\W\d_]\.){2,}(?:-[^\W_]+)*               # U.S.  U.S.-Russian
      | \d+(?:[.,]\d+)+%?(?![^\W_])                  # 1,000  3.5  2.5%
      | \d+%                                         # 20%
      | [^\W_]+(?:['\u2019\u02bc][^\W\d_]+)*          # word, don’t, Russia’s, 1990s
        (?:-[^\W_]+(?:['\u2019\u02bc][^\W\d_]+)*)*    # -to-state
    )
  | (?P<other>\S)
    """,
    re.VERBOSE,
)
_HAS_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


def normalize(token: str) -> str:
    """Fold case and unify curly and straight apostrophes, so ``Don’t`` and ``don't`` count as one."""
    return token.translate(_APOSTROPHES).casefold()


def is_word(token: str) -> bool:
    """True for a token that counts as a word: it holds at least one letter or digit."""
    return _HAS_LETTER_OR_DIGIT.search(token) is not None


def word_spans(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int, str]]:
    """Yield ``(start, end, token)`` for every token in ``text[start:end]``; offsets are into ``text``."""
    end = len(text) if end is None else end
    for s, e, token, _, _ in tokenize(text, start, end, {}):
        yield s, e, token


def tokenize(
    text: str, start: int, end: int, norms: dict[str, str]
) -> list[tuple[int, int, str, str, bool]]:
    """``(start, end, token, norm, is_word)`` for every token in ``text[start:end]``: the fast path
    that builds a transcript's tokens. ``norms`` caches :func:`normalize` across calls, since a
    text repeats its words."""
    out: list[tuple[int, int, str, str, bool]] = []
    append = out.append
    for match in _TOKEN.finditer(text, start, end):
        s, e = match.span()
        word = match.lastgroup == "word"  # the same test as is_word(): only words hold \w
        token = text[s:e]
        norm = norms.get(token)
        if norm is None:
            norm = norms[token] = normalize(token)
        append((s, e, token, norm, word))
    return out


@lru_cache(maxsize=1)
def _punkt() -> PunktSentenceTokenizer:
    # Imported here so that ``import closereading`` stays light.
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


_ONLY_DOTS = re.compile(r"[.\s\u00a0]+\Z")


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentences; return ``(start, end)`` offsets into ``text``.

    Punkt alone breaks a spaced ellipsis (``. . .``) into one-dot "sentences"; those fragments
    are joined back to the sentence they close. Spans never include surrounding white space.
    """
    end = len(text) if end is None else end
    chunk = text[start:end]
    spans: list[tuple[int, int]] = []
    for s, e in _punkt().span_tokenize(chunk):
        if spans and _ONLY_DOTS.match(chunk, s, e):
            spans[-1] = (spans[-1][0], e)
        else:
            spans.append((s, e))
    result = []
    for s, e in spans:
        # Punkt may keep a leading or trailing non-breaking space; trim to the words.
        while s < e and chunk[s].isspace():
            s += 1
        while e > s and chunk[e - 1].isspace():
            e -= 1
        if s < e:
            result.append((start + s, start + e))
    return result
