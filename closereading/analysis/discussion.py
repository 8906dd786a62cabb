"""The passages worth discussing: where a class splits, where it agrees, where it departs from the
reference reading.

Plain data from :func:`closereading.analysis.agreement.word_counts`. A *passage* is a run of
consecutive words of one sentence that at least :data:`MIN_SHARE` of the readers marked, cut
where the reading most readers gave changes. A *reading* of a word is its value in
:func:`~closereading.analysis.agreement.value_of`: one move, or two moves given together
(``booster+hedge``), which is a reading of its own rather than a disagreement. A passage's counts
are the most readers who gave each reading to any one of its words, so they never exceed the
class.

These are prompts for a seminar, not verdicts: "split" means readers chose different moves for
the same words, which is often where the reading is most interesting.

>>> from closereading.analysis.agreement import UNMARKED, WordCount
>>> def w(i, start, text, values):
...     marked = sum(values.values())
...     return WordCount(i, start, start + len(text), text, 1, 10, marked, values, {}, values)
>>> counts = [w(0, 0, "we", {"hedge": 5, "booster": 4}), w(1, 3, "believe", {"hedge": 5, "booster": 4}),
...           w(2, 11, "that", {})]
>>> found = passages_to_discuss(counts, "we believe that", sentence_of=[0, 0, 0])
>>> [(p.kind, p.quote, p.readings) for p in found.split]
[('split', 'we believe', (('hedge', 5), ('booster', 4)))]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from closereading.analysis.agreement import UNMARKED, WordCount

__all__ = [
    "DEPARTURE",
    "MIN_SHARE",
    "Choice",
    "Discussion",
    "Passage",
    "chosen_differently",
    "passages_to_discuss",
]

#: A word enters a passage when at least this share of the readers marked it.
MIN_SHARE = 0.2
#: A departure from the reference: at least this share of the readers did not give a reference
#: highlight its move, or marked words the reference leaves unmarked.
DEPARTURE = 0.5


@dataclass(frozen=True)
class Passage:
    """One passage: ``kind`` is ``"split"``, ``"agreed"``, ``"reference-only"`` (the reference
    marks it; few readers gave its move) or ``"class-only"`` (most readers marked it; the reference
    does not). ``readings`` are the competing readings (:func:`value_of`) with their reader counts, most
    first, and ``moves`` the same per single move; ``reference`` the reference reading's moves on
    these words."""

    kind: str
    start: int
    end: int
    quote: str
    turn: int
    readers: int
    marked: int
    readings: tuple[tuple[str, int], ...]
    moves: tuple[tuple[str, int], ...] = ()
    reference: tuple[str, ...] = ()

    @property
    def top(self) -> int:
        """How many readers gave the passage its most common reading."""
        return self.readings[0][1] if self.readings else 0

    @property
    def departing(self) -> int:
        """How many readers depart from the reference here: for words the reference leaves
        unmarked, the most readers who marked any one of them; for a reference highlight, the
        readers who did not give any of its words the reference's move."""
        if self.kind == "class-only":
            return self.marked
        given = dict(self.moves).get(self.reference[0], 0) if self.reference else 0
        return self.readers - given

    @property
    def adds_up(self) -> bool:
        """Whether the readings' counts add up to ``marked``. They need not: a reader who gave
        these words two moves in different places, or marked only some of them, may be counted
        under two readings (each count is the most readers one word had)."""
        return sum(n for _, n in self.readings) == self.marked


@dataclass(frozen=True)
class Discussion:
    """The passages, each list best first."""

    split: tuple[Passage, ...]
    agreed: tuple[Passage, ...]
    departures: tuple[Passage, ...]


def passages_to_discuss(
    counts: Sequence[WordCount],
    text: str,
    sentence_of: Sequence[int],
    reference: Iterable[Any] = (),
    reference_labels: Sequence[frozenset[str]] | None = None,
    limit: int = 5,
) -> Discussion:
    """The passages where the class splits most, agrees most and departs from the reference.

    ``sentence_of`` gives each word's sentence; ``reference`` the reference highlights (with
    ``move``, ``start``, ``end``) and ``reference_labels`` its moves per word.
    """
    runs = _runs(counts, text, sentence_of, reference_labels)
    split = sorted(
        (r for r in runs if len(r.readings) > 1 and r.readings[1][1] > 1),
        key=lambda r: (-_split_score(r), r.start),
    )
    agreed = sorted((r for r in runs if r.top), key=lambda r: (-r.top, -len(r.quote), r.start))
    departures: list[Passage] = _reference_only(counts, text, reference)
    if reference_labels is not None:
        departures += [_as(r, "class-only") for r in runs if not r.reference]
    # Ranked by how many readers depart, the longer passage first on a tie.
    departures = sorted(
        (p for p in departures if p.readers and p.departing / p.readers >= DEPARTURE),
        key=lambda p: (-p.departing, -(p.end - p.start), p.start),
    )
    return Discussion(
        tuple(_as(r, "split") for r in split[:limit]),
        tuple(_as(r, "agreed") for r in agreed[:limit]),
        tuple(departures[:limit]),
    )


def _split_score(p: Passage) -> float:
    """High when many readers marked the words and few of them chose the same move."""
    return (p.marked / p.readers) * (1 - p.top / p.marked) if p.marked else 0.0


def _as(p: Passage, kind: str) -> Passage:
    return Passage(
        kind, p.start, p.end, p.quote, p.turn, p.readers, p.marked, p.readings, p.moves, p.reference
    )


def _runs(
    counts: Sequence[WordCount],
    text: str,
    sentence_of: Sequence[int],
    reference_labels: Sequence[frozenset[str]] | None,
) -> list[Passage]:
    runs: list[list[WordCount]] = []
    for word in counts:
        if not word.readers or word.share < MIN_SHARE:
            continue
        last = runs[-1][-1] if runs else None
        if (
            last is not None
            and last.index == word.index - 1
            and sentence_of[last.index] == sentence_of[word.index]
            and _leader(last) == _leader(word)
        ):
            runs[-1].append(word)
        else:
            runs.append([word])
    return [_passage(run, text, reference_labels) for run in runs]


def _leader(word: WordCount) -> str:
    marked = [(v, n) for v, n in word.values.items() if v != UNMARKED]
    return min(marked, key=lambda item: (-item[1], item[0]))[0] if marked else ""


def _passage(
    run: list[WordCount], text: str, reference_labels: Sequence[frozenset[str]] | None
) -> Passage:
    reference: set[str] = set()
    if reference_labels is not None:
        for word in run:
            reference |= reference_labels[word.index]
    first, last = run[0], run[-1]
    return Passage(
        "run",
        first.start,
        last.end,
        text[first.start : last.end],
        first.turn,
        first.readers,
        max(w.marked for w in run),
        _most(w.values for w in run),
        _most(w.moves for w in run),
        tuple(sorted(reference)),
    )


def _most(tallies: Iterable[Mapping[str, int]]) -> tuple[tuple[str, int], ...]:
    """The most readers any one word had for each value, most first (unmarked left out)."""
    best: dict[str, int] = {}
    for tally in tallies:
        for value, n in tally.items():
            if value != UNMARKED:
                best[value] = max(best.get(value, 0), n)
    return tuple(sorted(best.items(), key=lambda item: (-item[1], item[0])))


def _reference_only(
    counts: Sequence[WordCount], text: str, reference: Iterable[Any]
) -> list[Passage]:
    found = []
    for item in reference:
        move, start, end = _get(item, "move"), _get(item, "start"), _get(item, "end")
        words = [c for c in counts if c.start < end and start < c.end]
        if not words:
            continue
        moves = _most(w.moves for w in words)
        given = dict(moves).get(move, 0)
        readers = words[0].readers
        if readers and given < readers:
            found.append(
                Passage(
                    "reference-only",
                    start,
                    end,
                    text[start:end],
                    words[0].turn,
                    readers,
                    max(w.marked for w in words),
                    _most(w.values for w in words),
                    moves,
                    (move,),
                )
            )
    return found


def _get(item: Any, name: str) -> Any:
    return item[name] if isinstance(item, Mapping) else getattr(item, name)


@dataclass(frozen=True)
class Choice:
    """One item the readers each chose a value for (a question unit's code, a pronoun's
    referent): ``label`` and ``quote`` say which, ``choices`` how many readers chose what, most
    first."""

    key: Any
    label: str
    quote: str
    readers: int
    choices: tuple[tuple[str, int], ...]
    #: The reference's choice for the item ("" where the reference has none).
    reference: str = ""

    @property
    def agreement(self) -> float:
        """The share of the readers who chose the most common value."""
        return self.choices[0][1] / self.readers if self.readers else 0.0


def chosen_differently(
    by_reader: Mapping[str, Mapping[Any, str]],
    about: Mapping[Any, tuple[str, str]],
    reference: Mapping[Any, str] | None = None,
) -> tuple[Choice, ...]:
    """Each item's choices across readers, the most divided first (then in the order of
    ``about``, which gives each item's label and quote), with the ``reference`` choice beside.
    Items nobody chose are left out.

    >>> chosen_differently({"a": {1: "reply"}, "b": {1: "non-reply"}, "c": {1: "reply"}},
    ...                    {1: ("Q1", "Will you?")})[0].choices
    (('reply', 2), ('non-reply', 1))
    """
    order = {key: i for i, key in enumerate(about)}
    found = []
    for key, (label, quote) in about.items():
        chosen = [values[key] for values in by_reader.values() if key in values]
        if not chosen:
            continue
        tally: dict[str, int] = {}
        for value in chosen:
            tally[value] = tally.get(value, 0) + 1
        ranked = tuple(sorted(tally.items(), key=lambda item: (-item[1], item[0])))
        found.append(Choice(key, label, quote, len(chosen), ranked, (reference or {}).get(key, "")))
    return tuple(sorted(found, key=lambda c: (c.agreement, order[c.key])))
