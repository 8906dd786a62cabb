# Over 300 lines: index, matching, context cuts and lazy lines all read the private _Index.
"""Key word in context (KWIC): every place a word or phrase occurs, with the words around it.

:func:`kwic` returns :class:`KWICLine` records; :mod:`closereading.views.concordance` shows
them (escaped HTML for notebooks, aligned plain text like NLTK's ``print_concordance``).

Queries match normalized tokens, so case and curly/straight apostrophes do not matter
(``Don’t`` finds ``don't``). A query with a space is a phrase; a ``*`` matches any letters
(``concern*`` finds ``concern``, ``concerned``, ``concerns``); ``by="stem"`` matches every word
with the same Snowball stem. Context comes from the same speaker turn only, is cut at ``width``
characters on whole words, and has its white space (non-breaking spaces too) collapsed for
display; the keyword itself is the exact slice ``transcript.text[start:end]``.

Displays number turns from 1 (``KWICLine.turn`` keeps the 0-based ``Turn.index``).

The first query on a transcript builds an index (word -> positions) that later queries reuse;
it lives as long as the transcript does. :func:`kwic` finds every hit at once but builds a
line only when it is read, so ``len(lines)`` and ``lines[:25]`` cost what they show.

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
from bisect import bisect_left
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import compress, count
from operator import attrgetter
from typing import TYPE_CHECKING, Literal, overload
from weakref import WeakKeyDictionary

from closereading.text.tokens import is_word, normalize, word_spans

if TYPE_CHECKING:
    from closereading.text.transcript import Token, Transcript

__all__ = [
    "KWICLine",
    "KWICLines",
    "kwic",
    "word_positions",
]

By = Literal["word", "stem", "phrase"]
Sort = Literal["position", "left", "right"]

_IS_WORD, _NORM, _START = attrgetter("is_word"), attrgetter("norm"), attrgetter("start")


@dataclass(frozen=True, slots=True)
class KWICLine:
    """One hit: context either side, the keyword as written, who said it and where.

    ``start``/``end`` are offsets of the keyword in ``transcript.text``; ``turn`` is the
    0-based ``Turn.index``. ``space_before``/``space_after`` say whether white space (or the
    edge of the turn) separates the keyword from its context in the text: ``space_after`` is
    false for ``NGOs.``, so a display keeps the full stop attached.
    """

    left: str
    keyword: str
    right: str
    speaker: str
    turn: int
    start: int
    end: int
    space_before: bool = True
    space_after: bool = True


# ---------------------------------------------------------------------------------------------
# The index


class _Index:
    """The word tokens of one transcript, and where each normalized word occurs among them."""

    __slots__ = ("_stems", "positions", "text", "turn_bounds", "turn_speakers", "words")

    def __init__(self, transcript: Transcript):
        self.text = transcript.text
        tokens = transcript.tokens
        # C loops (compress, map, a zero-length deque) rather than a Python for loop: a million
        # words are grouped about three times faster.
        self.words: list[Token] = list(compress(tokens, map(_IS_WORD, tokens)))
        positions: defaultdict[str, list[int]] = defaultdict(list)
        groups = map(positions.__getitem__, map(_NORM, self.words))
        deque(map(list.append, groups, count()), maxlen=0)
        self.positions = dict(positions)
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


_INDEXES: WeakKeyDictionary[Transcript, _Index] = WeakKeyDictionary()


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


def _wildcard(term: str, vocabulary: Iterable[str]) -> set[str]:
    pattern = re.compile(".*".join(map(re.escape, term.split("*"))))
    return {word for word in vocabulary if pattern.fullmatch(word)}


def _choices(index: _Index, query: str, by: By | None) -> list[set[str]]:
    """For each word of the query, the normalized words that match it."""
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
    return choices


def _find(index: _Index, query: str, by: By | None) -> tuple[list[int], int]:
    """The first word of every match, in text order, and how many words a match has.

    The list may be the index's own: read it, never change it."""
    choices = _choices(index, query, by)
    first = choices[0]
    if len(first) == 1:
        starts = index.positions.get(next(iter(first)), [])
    else:
        starts = sorted(i for word in first for i in index.positions.get(word, ()))
    n = len(choices)
    if n == 1:
        return starts, 1
    words, size = index.words, len(index.words)
    hits = [
        i
        for i in starts
        if i + n - 1 < size
        and words[i + n - 1].turn == words[i].turn
        and all(words[i + k].norm in choices[k] for k in range(1, n))
    ]
    return hits, n


def word_positions(
    transcript: Transcript, query: str, by: By | None = None, speaker: str | None = None
) -> list[int]:
    """Where ``query`` starts, as positions in ``transcript.words`` (0 = the first word spoken).

    >>> import closereading
    >>> word_positions(closereading.load_interview(), "sanction*")
    [5, 14, 32, 61]
    """
    index = _index(transcript)
    hits, _ = _find(index, query, by)
    return _by_speaker(transcript, index, hits, speaker)


def _by_speaker(
    transcript: Transcript, index: _Index, hits: list[int], speaker: str | None
) -> list[int]:
    if speaker is None:
        return list(hits)
    label = transcript.speaker(speaker).label
    speakers, words = index.turn_speakers, index.words
    return [i for i in hits if speakers[words[i].turn] == label]


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


def _sort_key_left(index: _Index, i: int, width: int) -> list[str]:
    """The words of the left context, nearest first, read from the index (no re-tokenizing)."""
    text, word = index.text, index.words[i]
    lo, _ = index.turn_bounds[word.turn]
    edge = word.start
    for chunk in reversed(_left_context(text, lo, word.start, width).split()):
        # Only white space follows this chunk before ``edge``, so its last occurrence is it.
        edge = text.rindex(chunk, lo, edge)
    first = bisect_left(index.words, edge, 0, i, key=_START)
    return list(map(_NORM, index.words[first:i][::-1]))


def _sort_key_right(index: _Index, i: int, n: int, width: int) -> list[str]:
    """The words of the right context, in order, read from the index."""
    text, word = index.text, index.words[i + n - 1]
    _, hi = index.turn_bounds[word.turn]
    edge = word.end
    for chunk in _right_context(text, word.end, hi, width).split():
        edge = text.index(chunk, edge, hi) + len(chunk)  # first occurrence: as on the left
    last = bisect_left(index.words, edge, i + n, key=_START)
    return list(map(_NORM, index.words[i + n : last]))


# ---------------------------------------------------------------------------------------------
# Lines


def _build(index: _Index, hits: Iterable[int], size: int, width: int) -> Iterator[KWICLine]:
    """The lines of ``hits`` (first words of matches ``size`` words long), one by one."""
    # Everything in locals: reading every line of a long concordance is the slow case.
    text, words, bounds, speakers = index.text, index.words, index.turn_bounds, index.turn_speakers
    for i in hits:
        word = words[i]
        turn, start, end = word.turn, word.start, words[i + size - 1].end
        lo, hi = bounds[turn]
        yield KWICLine(
            _left_context(text, lo, start, width),
            text[start:end],
            _right_context(text, end, hi, width),
            speakers[turn],
            turn,
            start,
            end,
            start <= lo or text[start - 1].isspace(),
            end >= hi or text[end].isspace(),
        )


class KWICLines(Sequence[KWICLine]):
    """The lines :func:`kwic` found, each built when it is read: ``len()`` costs nothing and
    ``lines[:25]`` (another ``KWICLines``) builds 25 lines, however many hits there are.

    It compares equal to a list or tuple of the same lines, and ``+`` gives a list, as
    :func:`kwic` did when it returned one.

    >>> import closereading
    >>> lines = kwic(closereading.load_interview(), "the")
    >>> len(lines), len(lines[:3]), lines[-1].keyword
    (25, 3, 'the')
    """

    __slots__ = ("_hits", "_index", "_size", "_width")

    def __init__(self, index: _Index, hits: list[int], size: int, width: int):
        self._index, self._hits, self._size, self._width = index, hits, size, width

    def __len__(self) -> int:
        return len(self._hits)

    @overload
    def __getitem__(self, item: int) -> KWICLine: ...

    @overload
    def __getitem__(self, item: slice) -> KWICLines: ...

    def __getitem__(self, item: int | slice) -> KWICLine | KWICLines:
        if isinstance(item, slice):
            return KWICLines(self._index, self._hits[item], self._size, self._width)
        return next(_build(self._index, (self._hits[item],), self._size, self._width))

    def __iter__(self) -> Iterator[KWICLine]:
        return _build(self._index, self._hits, self._size, self._width)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, (KWICLines, list, tuple)):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __add__(self, other: Sequence[KWICLine]) -> list[KWICLine]:
        if not isinstance(other, (KWICLines, list, tuple)):
            return NotImplemented
        return [*self, *other]

    def __radd__(self, other: Sequence[KWICLine]) -> list[KWICLine]:
        if not isinstance(other, (list, tuple)):
            return NotImplemented
        return [*other, *self]

    def __repr__(self) -> str:
        return repr(list(self))


def kwic(
    transcript: Transcript,
    query: str,
    width: int = 40,
    by: By | None = None,
    sort: Sort = "position",
    speaker: str | None = None,
) -> Sequence[KWICLine]:
    """Every occurrence of ``query`` with up to ``width`` characters of context either side.

    ``by``: ``"word"`` (exact normalized word; the default for one word), ``"phrase"`` (words in
    sequence within one turn, punctuation between them ignored; the default when the query has
    a space) or ``"stem"`` (any word with the same Snowball stem). ``*`` is a wildcard in any
    mode. ``sort``: ``"position"`` (text order), ``"left"`` (by the words just before the
    keyword, nearest first, as AntConc does) or ``"right"`` (by the words after it); ties keep
    text order. ``speaker`` keeps only that speaker's turns. The result is a sequence of
    :class:`KWICLine` that builds each line when it is read (:class:`KWICLines`).

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
    hits, size = _find(index, query, by)
    if speaker is not None:
        hits = _by_speaker(transcript, index, hits, speaker)
    if sort == "left":
        keys = [_sort_key_left(index, i, width) for i in hits]
    elif sort == "right":
        keys = [_sort_key_right(index, i, size, width) for i in hits]
    else:
        return KWICLines(index, hits, size, width)
    order = sorted(range(len(hits)), key=keys.__getitem__)  # stable: ties keep text order
    return KWICLines(index, [hits[k] for k in order], size, width)
