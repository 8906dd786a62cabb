"""Key word in context (KWIC): every place a word or phrase occurs, with the words around it.

:func:`kwic` returns plain :class:`KWICLine` records; :func:`kwic_html` and :class:`KWICTable`
only format them (escaped HTML for notebooks, aligned plain text like NLTK's
``print_concordance``). :func:`concordance` is the thin notebook wrapper that does both.

Queries match normalized tokens, so case and curly/straight apostrophes do not matter
(``Don’t`` finds ``don't``). A query with a space is a phrase; a ``*`` matches any letters
(``concern*`` finds ``concern``, ``concerned``, ``concerns``); ``by="stem"`` matches every word
with the same Snowball stem. Context comes from the same speaker turn only, is cut at ``width``
characters on whole words, and has its white space (non-breaking spaces too) collapsed for
display; the keyword itself is the exact slice ``transcript.text[start:end]``.

Displays number turns from 1 (``KWICLine.turn`` keeps the 0-based ``Turn.index``).

The first query on a transcript builds an index (word -> positions) that later queries reuse;
it lives as long as the transcript does.

>>> import closereading
>>> interview = closereading.load_interview()
>>> lines = kwic(interview, "sanctions", width=25)
>>> [(line.speaker, line.left, line.keyword, line.right) for line in lines[:2]]
[('Saunders', 'believe that additional', 'sanctions', 'would be helpful?'),
 ('Peskov', 'we don’t believe that', 'sanctions', 'are the best way to solve')]
>>> all(interview.text[line.start:line.end] == line.keyword for line in lines)
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal
from weakref import WeakKeyDictionary

from closereading.text.tokens import is_word, normalize, word_spans

if TYPE_CHECKING:
    from closereading.text.transcript import Transcript

__all__ = [
    "KWICLine",
    "kwic",
    "word_positions",
]

By = Literal["word", "stem", "phrase"]
Sort = Literal["position", "left", "right"]


@dataclass(frozen=True, slots=True)
class KWICLine:
    """One hit: context either side, the keyword as written, who said it and where.

    ``start``/``end`` are offsets of the keyword in ``transcript.text``; ``turn`` is the
    0-based ``Turn.index``.
    """

    left: str
    keyword: str
    right: str
    speaker: str
    turn: int
    start: int
    end: int


# ---------------------------------------------------------------------------------------------
# The index


class _Index:
    """Word tokens of one transcript as parallel lists, and where each normalized word occurs."""

    __slots__ = (
        "_stems",
        "ends",
        "norms",
        "positions",
        "starts",
        "text",
        "turn_bounds",
        "turn_speakers",
        "turns",
    )

    def __init__(self, transcript: Transcript):
        self.text = transcript.text
        words = [token for token in transcript.tokens if token.is_word]
        self.norms = [token.norm for token in words]
        self.starts = [token.start for token in words]
        self.ends = [token.end for token in words]
        self.turns = [token.turn for token in words]
        positions: dict[str, list[int]] = {}
        setdefault = positions.setdefault
        for i, norm in enumerate(self.norms):
            setdefault(norm, []).append(i)
        self.positions = positions
        self.turn_bounds = [(turn.start, turn.end) for turn in transcript.turns]
        self.turn_speakers = [turn.speaker for turn in transcript.turns]
        self._stems: dict[str, list[str]] | None = None

    def stems(self) -> dict[str, list[str]]:
        """Stem -> the vocabulary's words with that stem (stems each distinct word once)."""
        if self._stems is None:
            from closereading.analysis.frequency import stem

            stems: dict[str, list[str]] = {}
            for norm in self.positions:
                stems.setdefault(stem(norm), []).append(norm)
            self._stems = stems
        return self._stems


_INDEXES: WeakKeyDictionary = WeakKeyDictionary()


def _index(transcript: Transcript) -> _Index:
    index = _INDEXES.get(transcript)
    if index is None or index.text is not transcript.text:
        index = _INDEXES[transcript] = _Index(transcript)
    return index


# ---------------------------------------------------------------------------------------------
# Queries


def _query_terms(query: str) -> list[str]:
    """Split a query as the transcript was tokenized: ``"Russia’s NGO law,"`` -> 3 words."""
    terms: list[str] = []
    for piece in query.split():
        if "*" in piece:
            terms.append(normalize(piece.strip(".,;:!?\"'()[]")))
        else:
            terms.extend(normalize(tok) for _, _, tok in word_spans(piece) if is_word(tok))
    return terms


def _wildcard(term: str, vocabulary) -> set[str]:
    pattern = re.compile(".*".join(map(re.escape, term.split("*"))))
    return {word for word in vocabulary if pattern.fullmatch(word)}


def _find(index: _Index, query: str, by: By | None) -> list[tuple[int, int]]:
    """``(first word, number of words)`` of every match, in text order."""
    terms = _query_terms(query)
    if not terms:
        raise ValueError(f"the query {query!r} has no words to look for")
    if by is None:
        by = "phrase" if len(terms) > 1 else "word"
    if by not in ("word", "stem", "phrase"):
        raise ValueError(f"by must be 'word', 'stem' or 'phrase', not {by!r}")
    if by == "word" and len(terms) > 1:
        raise ValueError(f"{query!r} is {len(terms)} words; use by='phrase' (or by='stem')")
    choices: list[set[str]] = []
    for term in terms:
        if "*" in term:
            choices.append(_wildcard(term, index.positions))
        elif by == "stem":
            from closereading.analysis.frequency import stem

            choices.append(set(index.stems().get(stem(term), ())))
        else:
            choices.append({term})
    first = choices[0]
    if len(first) == 1:
        starts = index.positions.get(next(iter(first)), [])
    else:
        starts = sorted(i for word in first for i in index.positions.get(word, ()))
    n = len(choices)
    if n == 1:
        return [(i, 1) for i in starts]
    norms, turns, size = index.norms, index.turns, len(index.norms)
    hits = []
    for i in starts:
        last = i + n - 1
        if (
            last < size
            and turns[last] == turns[i]
            and all(norms[i + k] in choices[k] for k in range(1, n))
        ):
            hits.append((i, n))
    return hits


def word_positions(
    transcript: Transcript, query: str, by: By | None = None, speaker: str | None = None
) -> list[int]:
    """Where ``query`` starts, as positions in ``transcript.words`` (0 = the first word spoken).

    >>> import closereading
    >>> word_positions(closereading.load_interview(), "sanction*")
    [5, 14, 32, 61]
    """
    index = _index(transcript)
    label = transcript.speaker(speaker).label if speaker is not None else None
    return [
        i
        for i, _ in _find(index, query, by)
        if label is None or index.turn_speakers[index.turns[i]] == label
    ]


# ---------------------------------------------------------------------------------------------
# Context


def _left_context(text: str, lo: int, start: int, width: int) -> str:
    """At most ``width`` characters of whole words before ``start``, not before ``lo``."""
    if width == 0:
        return ""
    a = max(lo, start - width - 1)
    while True:
        flat = " ".join(text[a:start].split())
        if len(flat) > width or a == lo:
            break
        a = max(lo, a - width - 1)  # white space collapsed away: look further back
    if len(flat) <= width:
        return flat
    cut = flat[-width:]
    if flat[-width - 1] != " ":  # the cut fell inside a word: drop the rest of it
        space = cut.find(" ")
        cut = cut[space + 1 :] if space >= 0 else ""
    return cut


def _right_context(text: str, end: int, hi: int, width: int) -> str:
    """At most ``width`` characters of whole words after ``end``, not after ``hi``."""
    if width == 0:
        return ""
    b = min(hi, end + width + 1)
    while True:
        flat = " ".join(text[end:b].split())
        if len(flat) > width or b == hi:
            break
        b = min(hi, b + width + 1)
    if len(flat) <= width:
        return flat
    cut = flat[:width]
    if flat[width] != " ":
        space = cut.rfind(" ")
        cut = cut[:space] if space >= 0 else ""
    return cut


def _sort_words(context: str) -> list[str]:
    return [normalize(tok) for _, _, tok in word_spans(context) if is_word(tok)]


def kwic(
    transcript: Transcript,
    query: str,
    width: int = 40,
    by: By | None = None,
    sort: Sort = "position",
    speaker: str | None = None,
) -> list[KWICLine]:
    """Every occurrence of ``query`` with up to ``width`` characters of context either side.

    ``by``: ``"word"`` (exact normalized word; the default for one word), ``"phrase"`` (words in
    sequence within one turn, punctuation between them ignored; the default when the query has
    a space) or ``"stem"`` (any word with the same Snowball stem). ``*`` is a wildcard in any
    mode. ``sort``: ``"position"`` (text order), ``"left"`` (by the words just before the
    keyword, nearest first, as AntConc does) or ``"right"`` (by the words after it); ties keep
    text order. ``speaker`` keeps only that speaker's turns.

    >>> import closereading
    >>> lines = kwic(closereading.load_interview(), "concern", by="stem", width=20, sort="right")
    >>> [line.keyword + " | " + line.right for line in lines]
    ['concerned | about the domestic', 'concern | in the United States', 'concern | of Russian',
     'concerns | that we cannot take', 'concerns | that you have', 'concerns | to Congress and the']
    """
    if width < 0:
        raise ValueError(f"width must be 0 or more, not {width}")
    if sort not in ("position", "left", "right"):
        raise ValueError(f"sort must be 'position', 'left' or 'right', not {sort!r}")
    index = _index(transcript)
    label = transcript.speaker(speaker).label if speaker is not None else None
    text, starts, ends, turns = index.text, index.starts, index.ends, index.turns
    bounds, speakers = index.turn_bounds, index.turn_speakers
    lines = []
    for i, n in _find(index, query, by):
        turn = turns[i]
        who = speakers[turn]
        if label is not None and who != label:
            continue
        start, end = starts[i], ends[i + n - 1]
        lo, hi = bounds[turn]
        lines.append(
            KWICLine(
                _left_context(text, lo, start, width),
                text[start:end],
                _right_context(text, end, hi, width),
                who,
                turn,
                start,
                end,
            )
        )
    if sort == "left":
        lines.sort(key=lambda line: _sort_words(line.left)[::-1])
    elif sort == "right":
        lines.sort(key=lambda line: _sort_words(line.right))
    return lines
