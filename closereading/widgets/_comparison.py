"""The highlighter's comparison with the reference reading: figures, passages and their wording.

The reference reading is one careful reading, not an answer key, so everything here speaks of
where two readings agree and where they differ ("Both mark it", "Only the reference marks it"),
never of finding or missing. The wording is written here once; the front end only draws it.

>>> print(_row_summary(student=4, reference=3, found=2, agreeing=2))
2 of the reference's 3 highlights have a match in yours;
2 of your 4 highlights have a match in the reference.
>>> _row_summary(student=1, reference=1, found=1, agreeing=1)
'Both readings mark the same passages.'
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from closereading.analysis.agreement import MATCH_RULE, Comparison, compare_readings
from closereading.annotation.model import AnnotationSet
from closereading.annotation.taxonomy import Taxonomy
from closereading.base.paths import display_path
from closereading.base.strings import plural

#: The comparison table's column headings, in order.
COLUMNS = ("Move", "You", "Reference", "In both readings", "In words")

#: What the student did at one of the reference's highlights, by ``PassageMatch.status``; a
#: symbol leads each, so the difference never rests on colour alone.
VERDICTS = {
    "found": "✓ Both mark it",
    "other-move": "≈ You mark it as another move",
    "missed": "○ Only the reference marks it",
}


class ReferenceReading:
    """The reference reading at ``path``, read on first use, compared with a student's."""

    def __init__(self, path: Path, transcript: Any, moves: Taxonomy) -> None:
        self.path = path
        self.transcript = transcript
        self.moves = moves
        self._reading: AnnotationSet | None = None

    @property
    def reading(self) -> AnnotationSet:
        """The reference highlights (raises ``AnnotationFileError`` or ``OSError``)."""
        if self._reading is None:
            self._reading = AnnotationSet.load(self.path, self.transcript, moves=self.moves)
        return self._reading

    def compare(self, student: AnnotationSet) -> Comparison:
        return compare_readings(student, self.reading, self.moves.ids)

    def state(self, student: AnnotationSet) -> dict[str, Any]:
        """The comparison as the front end draws it, every text already worded."""
        result = self.compare(student)
        total = result.total
        return {
            "author": self.reading.author,
            "source": display_path(self.path),
            "rule": MATCH_RULE,
            "columns": list(COLUMNS),
            "moves": [self._row(row) for row in result.moves],
            "total": {**self._figures(total), "label": "All moves"},
            "passages": [self._passage(p) for p in result.passages],
        }

    def _move(self, move_id: str) -> dict[str, str]:
        move = self.moves.get(move_id)
        return {
            "move": move.id,
            "label": move.label,
            "symbol": move.symbol,
            "colour": move.colour,
            "marker": move.marker,
        }

    def _row(self, row: Any) -> dict[str, Any]:
        return {**self._move(row.move), **self._figures(row)}

    @staticmethod
    def _figures(row: Any) -> dict[str, Any]:
        return {
            "student": row.student,
            "reference": row.reference,
            "found": row.found,
            "agreeing": row.agreeing,
            "summary": _row_summary(row.student, row.reference, row.found, row.agreeing),
        }

    def _passage(self, match: Any) -> dict[str, Any]:
        a = match.reference
        labels = [self.moves.get(m).label for m in match.student_moves]
        verdict = VERDICTS.get(match.status, match.status)
        if labels:
            verdict += f" ({', '.join(labels)})"
        return {
            **self._move(a.move),
            "id": a.id,
            "start": a.start,
            "end": a.end,
            "quote": a.quote,
            "note": a.note,
            "status": match.status,
            "verdict": verdict,
            "student_labels": labels,
        }


def _row_summary(student: int, reference: int, found: int, agreeing: int) -> str:
    """One row of figures in words, as agreement and difference between two readings.

    ``found``: how many of the reference's highlights have a match among the student's;
    ``agreeing``: how many of the student's have a match among the reference's.
    """
    if not reference and not student:
        return "Neither reading marks anything here."
    if not reference:
        return f"Only you mark it ({plural(student, 'highlight')})."
    if not student:
        return f"Only the reference marks it ({plural(reference, 'highlight')})."
    if found == reference and agreeing == student:
        return "Both readings mark the same passages."
    if not found and not agreeing:
        return "You and the reference mark different passages."
    theirs = _share(found, reference, "the reference's", "yours")
    mine = _share(agreeing, student, "your", "the reference")
    return f"{theirs[0].upper()}{theirs[1:]}; {mine}."


def _share(matched: int, total: int, whose: str, other: str) -> str:
    """ "2 of your 4 have a match in the reference", "the reference's highlight has no match in yours"."""
    if total == 1:
        return f"{whose} highlight has {'a' if matched else 'no'} match in {other}"
    return f"{matched} of {whose} {total} highlights {'has' if matched == 1 else 'have'} a match in {other}"
