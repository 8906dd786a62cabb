"""Agreement within a class: how far its readers agree, word by word (Krippendorff's alpha,
Cohen's kappa).

Plain data in, plain data out. A *reading* is any iterable of highlights that have ``move``,
``start`` and ``end`` (``Annotation`` objects, or dicts such as ``AnnotationSet.to_records()``).
One student's reading beside the reference, highlight by highlight, is in
:mod:`closereading.analysis.reference_comparison`.

The unit of analysis is the word (:data:`UNIT_OF_ANALYSIS`): every reader gives every word of the
interview's turns one value (:func:`word_labels`, :func:`word_counts`). Krippendorff's alpha
(nominal) and Cohen's kappa (:func:`class_alpha`, :func:`pairwise_kappa`) are computed here from
counts, so that a class of hundreds stays fast; the tests check both against
``nltk.metrics.agreement.AnnotationTask`` on the same data and alpha against Krippendorff's own
worked example.

>>> words = [(0, 2), (3, 5), (6, 8), (9, 11)]
>>> ana = word_labels([{"move": "hedge", "start": 0, "end": 5}], words)
>>> ben = word_labels([{"move": "hedge", "start": 0, "end": 2}, {"move": "booster", "start": 6, "end": 8}], words)
>>> [sorted(v) for v in ana], [sorted(v) for v in ben]
([['hedge'], ['hedge'], [], []], [['hedge'], [], ['booster'], []])
>>> round(cohen_kappa(ana, ben), 3)
0.2

What the figures can and cannot say is discussed by Krippendorff (2004) *Content Analysis: An
Introduction to Its Methodology*, 2nd edn (Thousand Oaks, CA: Sage) and by Artstein & Poesio
(2008) "Inter-coder agreement for computational linguistics", *Computational Linguistics* 34(4),
555–596. The report that shows them reads them as comparisons, not as pass marks.
"""

# Over 300 lines: word values, counts per word, alpha and kappa are one computation on one
# unit (the word), and kappa's packed form for large classes (_Packed) belongs with it.

from __future__ import annotations

import sys
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

# The reference comparison lives in reference_comparison.py. These three names stay importable
# from here because the highlighter's modules (widgets/highlighter.py, widgets/_comparison.py)
# import them from this module.
from closereading.analysis.reference_comparison import MATCH_RULE as MATCH_RULE
from closereading.analysis.reference_comparison import Comparison as Comparison
from closereading.analysis.reference_comparison import compare_readings as compare_readings
from closereading.analysis.reference_comparison import move_of, span_of

__all__ = [
    "UNIT_OF_ANALYSIS",
    "UNMARKED",
    "AlphaRow",
    "KappaPair",
    "WordCount",
    "class_alpha",
    "cohen_kappa",
    "kappa_with",
    "krippendorff_alpha",
    "pairwise_kappa",
    "value_of",
    "word_counts",
    "word_labels",
]

#: The value of a word that a reader did not highlight.
UNMARKED = "(not marked)"

UNIT_OF_ANALYSIS = (
    "The unit is the word: every reader gives every word of the interview's turns one value, the "
    "move of the highlight that covers it or 'not marked'. A word under two highlights of "
    "different moves takes the pair as one value (e.g. 'booster+hedge'). For a family or a move "
    "alone, the value is yes or no: did the reader mark this word with a move of that family, or "
    "with that move? Speaker labels, the headline and the dateline are not units."
)

Labels = Sequence[frozenset[str]]


def word_labels(reading: Iterable[Any], words: Sequence[tuple[int, int]]) -> list[frozenset[str]]:
    """For each word span (in text order), the moves of the highlights in ``reading`` covering it.

    A highlight covers a word when they share at least one character.
    """
    starts = [start for start, _ in words]
    ends = [end for _, end in words]
    found: dict[int, set[str]] = {}
    for item in reading:
        start, end = span_of(item)
        # words whose end is after the highlight's start and whose start is before its end
        for i in range(bisect_right(ends, start), bisect_left(starts, end)):
            found.setdefault(i, set()).add(move_of(item))
    unmarked: frozenset[str] = frozenset()
    return [frozenset(found[i]) if i in found else unmarked for i in range(len(words))]


def value_of(moves: frozenset[str]) -> str:
    """One nominal value for a word's moves: ``'hedge'``, ``'booster+hedge'`` or :data:`UNMARKED`."""
    return "+".join(sorted(moves)) if moves else UNMARKED


@dataclass(frozen=True)
class WordCount:
    """How a class marked one word: ``marked`` readers gave it some move; ``moves`` and
    ``families`` count readers per move and per family (only those above zero); ``values`` counts
    readers per nominal value (:func:`value_of`), :data:`UNMARKED` included."""

    index: int
    start: int
    end: int
    text: str
    turn: int
    readers: int
    marked: int
    moves: Mapping[str, int]
    families: Mapping[str, int]
    values: Mapping[str, int]

    @property
    def share(self) -> float:
        """The share of readers who marked the word (0 with no readers)."""
        return self.marked / self.readers if self.readers else 0.0


def word_counts(
    labels: Mapping[str, Labels], words: Sequence[Any], family_of: Mapping[str, str]
) -> tuple[WordCount, ...]:
    """Count, for each word, the readers who marked it: overall, per move and per family.

    ``labels`` maps each reader to :func:`word_labels` for ``words`` (tokens with ``start``,
    ``end``, ``text`` and ``turn``); ``family_of`` maps a move id to its family.
    """
    readings = list(labels.values())
    moves: list[Counter[str]] = [Counter() for _ in words]
    families: list[Counter[str]] = [Counter() for _ in words]
    values: list[Counter[str]] = [Counter() for _ in words]
    value: dict[frozenset[str], str] = {}
    family: dict[frozenset[str], set[str]] = {}
    for reading in readings:
        for i, here in enumerate(reading):
            if here:  # most words are marked by nobody: count only the marked ones
                if here not in value:
                    value[here] = value_of(here)
                    family[here] = {family_of.get(m, "") for m in here}
                values[i][value[here]] += 1
                moves[i].update(here)
                families[i].update(family[here])
    rows = []
    for i, word in enumerate(words):
        marked = sum(values[i].values())
        if len(readings) > marked:
            values[i][UNMARKED] = len(readings) - marked
        rows.append(
            WordCount(
                index=i,
                start=word.start,
                end=word.end,
                text=word.text,
                turn=word.turn,
                readers=len(readings),
                marked=marked,
                moves=dict(moves[i]),
                families=dict(families[i]),
                values=dict(values[i]),
            )
        )
    return tuple(rows)


def krippendorff_alpha(units: Iterable[Mapping[Any, int]]) -> float | None:
    """Krippendorff's alpha for nominal data, from each unit's count of readers per value.

    Units with fewer than two values are not pairable and are left out. Returns None when alpha
    is undefined: no pairable unit, or a single value throughout (no variation to agree on).

    >>> round(krippendorff_alpha([{"a": 2}, {"a": 1, "b": 1}, {"b": 2}]), 3)
    0.444
    """
    totals: Counter[Hashable] = Counter()
    observed = 0.0  # sum over units of disagreeing pairs / (m_u - 1)
    for unit in units:
        m = sum(unit.values())
        if m < 2:
            continue
        totals.update(unit)
        agreeing = sum(n * (n - 1) for n in unit.values())
        observed += (m * (m - 1) - agreeing) / (m - 1)
    n = sum(totals.values())
    expected = n * (n - 1) - sum(c * (c - 1) for c in totals.values())
    if n < 2 or expected == 0:
        return None
    return 1.0 - (n - 1) * observed / expected


@dataclass(frozen=True)
class AlphaRow:
    """Krippendorff's alpha for one scope: ``"all"`` (every move, the values of
    :func:`value_of`), ``"family"`` or ``"move"`` (yes/no). ``words`` is how many words at
    least one reader marked within the scope; ``alpha`` is None when it is undefined."""

    scope: str
    name: str
    alpha: float | None
    words: int
    readers: int


def class_alpha(
    counts: Sequence[WordCount],
    families: Sequence[str] = (),
    moves: Sequence[str] = (),
) -> tuple[AlphaRow, ...]:
    """Alpha over all moves, then for each family and each move that any reader used (in the
    order given, unused ones left out)."""
    readers = counts[0].readers if counts else 0
    rows = [
        AlphaRow(
            "all",
            "all moves",
            krippendorff_alpha(c.values for c in counts),
            sum(1 for c in counts if c.marked),
            readers,
        )
    ]
    for scope, names, field in (("family", families, "families"), ("move", moves, "moves")):
        for name in names:
            yes = [getattr(c, field).get(name, 0) for c in counts]
            if not any(yes):
                continue
            units = ({True: n, False: c.readers - n} for n, c in zip(yes, counts))
            rows.append(
                AlphaRow(scope, name, krippendorff_alpha(units), sum(1 for n in yes if n), readers)
            )
    return tuple(rows)


def cohen_kappa(a: Labels, b: Labels) -> float | None:
    """Cohen's kappa between two readers' word values (:func:`value_of`); None when both gave one
    and the same value to every word, where kappa is undefined."""
    if len(a) != len(b):
        raise ValueError(f"the readings cover {len(a)} and {len(b)} words; they must be equal")
    return _Packed({"a": a, "b": b}).kappa("a", "b")[0]


@dataclass(frozen=True)
class KappaPair:
    """Cohen's kappa for two readers (None when undefined), with the share of words on which
    they gave the same value (``observed``)."""

    a: str
    b: str
    kappa: float | None
    observed: float


def pairwise_kappa(labels: Mapping[str, Labels]) -> tuple[KappaPair, ...]:
    """Cohen's kappa for every pair of readers, in the order the readers are given.

    300 readers make 44,850 pairs, so a pair costs a few integer operations rather than a pass
    over the words (see :class:`_Packed`).
    """
    packed = _Packed(labels)
    return tuple(KappaPair(a, b, *packed.kappa(a, b)) for a, b in combinations(labels, 2))


def kappa_with(labels: Mapping[str, Labels], other: Labels) -> dict[str, float | None]:
    """Each reader's Cohen's kappa with one other reading (the reference, say)."""
    key = object()
    packed = _Packed({**labels, key: other})
    return {name: packed.kappa(name, key)[0] for name in labels}


class _Packed:
    """Readers' word values packed for kappa: one integer per reader, a fixed number of bytes
    per word holding the code of its value. The words two readers disagree on are the non-zero
    chunks of the XOR of their integers, counted with shifts and one ``bit_count``."""

    def __init__(self, labels: Mapping[Any, Labels]) -> None:
        memo: dict[frozenset[str], int] = {}
        codes = {name: [memo.setdefault(v, len(memo)) for v in seq] for name, seq in labels.items()}
        self.size = len(next(iter(codes.values()), []))
        width = 1 if len(memo) < 2**8 else 2 if len(memo) < 2**16 else 4
        kind = {1: "B", 2: "H", 4: "L" if array("L").itemsize == 4 else "I"}[width]
        self.packed: dict[Any, int] = {}
        for name, seq in codes.items():
            chunk = array(kind, seq)
            if sys.byteorder == "big":
                chunk.byteswap()
            self.packed[name] = int.from_bytes(chunk.tobytes(), "little")
        self.counts = {name: Counter(seq) for name, seq in codes.items()}
        self.low = int.from_bytes((b"\x01" + b"\x00" * (width - 1)) * self.size, "little")
        self.shifts = [1 << k for k in range(3 + width.bit_length() - 1)]

    def kappa(self, a: Any, b: Any) -> tuple[float | None, float]:
        """Cohen's kappa (None when undefined) and the share of words given the same value."""
        if not self.size:
            return None, 0.0
        differ = self.packed[a] ^ self.packed[b]
        for shift in self.shifts:  # bit 0 of each chunk becomes the OR of the chunk's bits
            differ |= differ >> shift
        observed = (self.size - (differ & self.low).bit_count()) / self.size
        ca, cb = self.counts[a], self.counts[b]
        chance = sum(ca[v] * cb[v] for v in ca.keys() & cb.keys()) / self.size**2
        if chance == 1.0:
            return None, observed
        return (observed - chance) / (1.0 - chance), observed
