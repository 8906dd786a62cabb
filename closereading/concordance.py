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

import html
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal
from weakref import WeakKeyDictionary

from .tokens import is_word, normalize, word_spans

if TYPE_CHECKING:
    from .transcript import Transcript

__all__ = [
    "KWICLine",
    "KWICTable",
    "concordance",
    "kwic",
    "kwic_html",
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

    __slots__ = ("text", "norms", "starts", "ends", "turns", "positions", "turn_bounds",
                 "turn_speakers", "_stems")

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
            from .frequency import stem

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
            from .frequency import stem

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
        if last < size and turns[last] == turns[i] and all(
                norms[i + k] in choices[k] for k in range(1, n)):
            hits.append((i, n))
    return hits


def word_positions(transcript: Transcript, query: str, by: By | None = None,
                   speaker: str | None = None) -> list[int]:
    """Where ``query`` starts, as positions in ``transcript.words`` (0 = the first word spoken).

    >>> import closereading
    >>> word_positions(closereading.load_interview(), "sanction*")
    [5, 14, 32, 61]
    """
    index = _index(transcript)
    label = transcript.speaker(speaker).label if speaker is not None else None
    return [i for i, _ in _find(index, query, by)
            if label is None or index.turn_speakers[index.turns[i]] == label]


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
        cut = cut[space + 1:] if space >= 0 else ""
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


def kwic(transcript: Transcript, query: str, width: int = 40, by: By | None = None,
         sort: Sort = "position", speaker: str | None = None) -> list[KWICLine]:
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
        lines.append(KWICLine(_left_context(text, lo, start, width), text[start:end],
                              _right_context(text, end, hi, width), who, turn, start, end))
    if sort == "left":
        lines.sort(key=lambda line: _sort_words(line.left)[::-1])
    elif sort == "right":
        lines.sort(key=lambda line: _sort_words(line.right))
    return lines


# ---------------------------------------------------------------------------------------------
# Display


def _flat(text: str) -> str:
    return " ".join(text.split())


def kwic_html(lines: Sequence[KWICLine], caption: str | None = None,
              show_turn: bool = True) -> str:
    """An HTML table of KWIC lines; every string, speaker labels included, is escaped.

    >>> line = KWICLine("a <b>", "c&d", "e", "<Q>", 0, 0, 3)
    >>> "&lt;Q&gt;" in kwic_html([line]) and "<Q>" not in kwic_html([line])
    True
    """
    esc = html.escape
    head = ['<th scope="col">Speaker</th>']
    if show_turn:
        head.append('<th scope="col">Turn</th>')
    head += ['<th scope="col" style="text-align:right">Before</th>',
             '<th scope="col" style="text-align:center">Keyword</th>',
             '<th scope="col" style="text-align:left">After</th>']
    out = ['<table class="closereading-kwic">']
    if caption is not None:
        out.append(f"<caption>{esc(caption)}</caption>")
    out.append(f"<thead><tr>{''.join(head)}</tr></thead>")
    out.append("<tbody>")
    for line in lines:
        cells = [f"<td>{esc(line.speaker)}</td>"]
        if show_turn:
            cells.append(f'<td style="text-align:right">{line.turn + 1}</td>')
        cells += [f'<td style="text-align:right">{esc(_flat(line.left))}</td>',
                  f'<td style="text-align:center"><strong>{esc(_flat(line.keyword))}'
                  "</strong></td>",
                  f'<td style="text-align:left">{esc(_flat(line.right))}</td>']
        out.append(f"<tr>{''.join(cells)}</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _text_lines(lines: Sequence[KWICLine], width: int) -> list[str]:
    who = max((len(line.speaker) for line in lines), default=0)
    turn = max((len(str(line.turn + 1)) for line in lines), default=1)
    return [f"{line.speaker:<{who}} {line.turn + 1:>{turn}} | {_flat(line.left):>{width}}  "
            f"{_flat(line.keyword)}  {_flat(line.right)}".rstrip()
            for line in lines]


@dataclass(frozen=True)
class KWICTable(Sequence):
    """KWIC lines for a notebook: HTML in JupyterLab, aligned text anywhere else.

    It is a sequence of :class:`KWICLine`; ``repr`` is deterministic, so notebook outputs can be
    checked by nbval.

    >>> import closereading
    >>> print(concordance(closereading.load_interview(), "diplomacy", width=30))
    KWIC for 'diplomacy': 2 lines
    Peskov 2 |    a good way or the best way.  Diplomacy  is preferable, and we have to
    Peskov 2 |  enough to use the capacity of  diplomacy  100 percent. We are hoping for
    """

    query: str
    lines: tuple[KWICLine, ...]
    width: int = 40

    def __len__(self) -> int:
        return len(self.lines)

    def __getitem__(self, item):
        return self.lines[item]

    def __iter__(self) -> Iterator[KWICLine]:
        return iter(self.lines)

    def speakers(self) -> Counter:
        """How many lines each speaker has."""
        return Counter(line.speaker for line in self.lines)

    def _caption(self) -> str:
        count = len(self.lines)
        return f"KWIC for {self.query!r}: {count} line{'s' if count != 1 else ''}"

    def to_text(self) -> str:
        """Aligned plain text: keywords in one column, like NLTK's ``print_concordance``."""
        if not self.lines:
            return self._caption() + " (no matches)"
        return "\n".join([self._caption(), *_text_lines(self.lines, self.width)])

    def to_html(self) -> str:
        """The lines as an escaped HTML table, captioned with the query and the count."""
        return kwic_html(self.lines, caption=self._caption())

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        return self.to_text()

    __str__ = __repr__


def concordance(transcript: Transcript, query: str, width: int = 40, by: By | None = None,
                sort: Sort = "position", speaker: str | None = None) -> KWICTable:
    """:func:`kwic` wrapped in a :class:`KWICTable`, for showing in a notebook."""
    return KWICTable(query, tuple(kwic(transcript, query, width=width, by=by, sort=sort,
                                       speaker=speaker)), width)
