"""One student's reading beside the course's reference reading, move by move.

Plain data in, plain data out. A *reading* is any iterable of highlights that have ``move``,
``start`` and ``end`` (``Annotation`` objects, or dicts such as ``AnnotationSet.to_records()``).

Two highlights match when they mark the same move and their overlap covers at least half of the
shorter of the two (:data:`MIN_OVERLAP`). So "we don’t believe" matches "we don’t believe that
sanctions are the best way" (the shorter one lies wholly inside the longer), but two long
highlights that share a single word do not. Highlights that pass the overlap test with
*different* moves are reported as a disagreement about the move, not as a miss.

>>> student = [{"move": "hedge", "start": 0, "end": 10}, {"move": "booster", "start": 40, "end": 50}]
>>> reference = [{"move": "hedge", "start": 2, "end": 12}, {"move": "hedge", "start": 40, "end": 50}]
>>> result = compare_readings(student, reference)
>>> [(row.move, row.student, row.reference, row.found, row.agreeing) for row in result.moves]
[('booster', 1, 0, 0, 0), ('hedge', 1, 2, 1, 1)]
>>> [p.status for p in result.passages]
['found', 'other-move']

A whole class's agreement, word by word (Krippendorff's alpha, Cohen's kappa), is in
:mod:`closereading.analysis.agreement`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

__all__ = [
    "MATCH_RULE",
    "MIN_OVERLAP",
    "Comparison",
    "MoveAgreement",
    "PassageMatch",
    "compare_readings",
    "move_of",
    "overlap",
    "span_of",
    "spans_match",
]

#: The share of the shorter highlight that the overlap must cover for two highlights to match.
MIN_OVERLAP = 0.5

MATCH_RULE = (
    "Two highlights match when they mark the same move and overlap by at least half of the "
    "shorter one."
)


@dataclass(frozen=True)
class MoveAgreement:
    """The figures for one move.

    ``found``: how many of the reference's highlights of this move the student also made;
    ``agreeing``: how many of the student's highlights of this move the reference also made.
    """

    move: str
    student: int
    reference: int
    found: int
    agreeing: int

    @property
    def recall(self) -> float | None:
        """``found / reference`` ("you found N of the reference's M"), or None with no reference."""
        return self.found / self.reference if self.reference else None

    @property
    def precision(self) -> float | None:
        """``agreeing / student``, or None when the student made no highlight of this move."""
        return self.agreeing / self.student if self.student else None


@dataclass(frozen=True)
class PassageMatch:
    """One reference highlight and what the student did there.

    ``status`` is ``"found"`` (a student highlight of the same move matches it),
    ``"other-move"`` (the student highlighted it, as ``student_moves``) or ``"missed"``.
    """

    reference: Any
    status: str
    student_moves: tuple[str, ...] = ()


@dataclass(frozen=True)
class Comparison:
    """The per-move figures (moves in taxonomy order when given, else by id), the totals and
    one :class:`PassageMatch` per reference highlight, in text order."""

    moves: tuple[MoveAgreement, ...]
    total: MoveAgreement
    passages: tuple[PassageMatch, ...]
    rule: str = MATCH_RULE

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (the reference highlights as given, if they are dicts)."""
        return {
            "rule": self.rule,
            "moves": [asdict(row) for row in self.moves],
            "total": asdict(self.total),
            "passages": [
                {
                    "reference": _as_dict(p.reference),
                    "status": p.status,
                    "student_moves": list(p.student_moves),
                }
                for p in self.passages
            ],
        }


def overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    """How many characters two spans share (0 if they are apart)."""
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def spans_match(a: tuple[int, int], b: tuple[int, int], min_overlap: float = MIN_OVERLAP) -> bool:
    """True when spans ``a`` and ``b`` overlap by at least ``min_overlap`` of the shorter one.

    >>> spans_match((0, 10), (5, 30)), spans_match((0, 10), (8, 30))
    (True, False)
    """
    shared = overlap(a[0], a[1], b[0], b[1])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return shared > 0 and shared >= min_overlap * shorter


def compare_readings(
    student: Iterable[Any],
    reference: Iterable[Any],
    move_order: Sequence[str] | None = None,
    min_overlap: float = MIN_OVERLAP,
) -> Comparison:
    """Compare a student's highlights with a reference reading, move by move.

    ``move_order`` (e.g. ``taxonomy.ids``) fixes the order of the rows; moves that neither
    reading uses are left out.
    """
    mine = sorted(student, key=_sort_key)
    theirs = sorted(reference, key=_sort_key)

    def matches(a: Any, b: Any) -> bool:
        return spans_match(span_of(a), span_of(b), min_overlap)

    passages = []
    for ref in theirs:
        touching = [s for s in mine if matches(s, ref)]
        if any(move_of(s) == move_of(ref) for s in touching):
            passages.append(PassageMatch(ref, "found"))
        elif touching:
            moves = tuple(dict.fromkeys(move_of(s) for s in touching))
            passages.append(PassageMatch(ref, "other-move", moves))
        else:
            passages.append(PassageMatch(ref, "missed"))

    used = {move_of(a) for a in mine} | {move_of(a) for a in theirs}
    order = list(move_order or ())
    ids = [m for m in order if m in used] + sorted(used - set(order))
    rows = []
    for move in ids:
        my_moves = [s for s in mine if move_of(s) == move]
        ref_moves = [r for r in theirs if move_of(r) == move]
        rows.append(
            MoveAgreement(
                move=move,
                student=len(my_moves),
                reference=len(ref_moves),
                found=sum(1 for r in ref_moves if any(matches(s, r) for s in my_moves)),
                agreeing=sum(1 for s in my_moves if any(matches(s, r) for r in ref_moves)),
            )
        )
    total = MoveAgreement(
        move="all",
        student=len(mine),
        reference=len(theirs),
        found=sum(r.found for r in rows),
        agreeing=sum(r.agreeing for r in rows),
    )
    return Comparison(tuple(rows), total, tuple(passages))


def _field(item: Any, name: str) -> Any:
    return item[name] if isinstance(item, dict) else getattr(item, name)


def move_of(item: Any) -> str:
    """The move of a highlight in a reading (an object or a dict)."""
    return str(_field(item, "move"))


def span_of(item: Any) -> tuple[int, int]:
    """The ``(start, end)`` offsets of a highlight in a reading (an object or a dict)."""
    return _field(item, "start"), _field(item, "end")


def _sort_key(item: Any) -> tuple[int, int, str]:
    start, end = span_of(item)
    return start, end, move_of(item)


def _as_dict(item: Any) -> Any:
    if isinstance(item, dict):
        return dict(item)
    if hasattr(item, "to_dict"):
        return item.to_dict()
    return asdict(item)
