"""The answer coder's state without the widget: one reader's coding, saved after every change,
with undo, the keyboard selection and the records the front end draws.

Kept apart from the widget so it can be read and tested without anywidget. The file work (the
merge with another window's saves, recovery of a damaged file) is :class:`FileSession`'s, the
same as for every kind of student file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from closereading.analysis.questions import QuestionUnit, question_form
from closereading.annotation.code_store import CodeKind
from closereading.annotation.codes import NON_REPLY_FORMS, OUTCOMES, AnswerCode, Coding
from closereading.base.paths import display_path
from closereading.base.strings import plural, shorten
from closereading.text.selection import Cursor, WordIndex
from closereading.text.transcript import Transcript
from closereading.widgets._file_session import FileSession

#: The keys that choose an outcome, in the order of ``OUTCOMES``.
OUTCOME_KEYS = ("1", "2", "3", "4")
_LABELS = {f.id: f.label for f in (*OUTCOMES, *NON_REPLY_FORMS)}


class CoderSession(FileSession[AnswerCode]):
    """A coding saved to ``path`` after every change (:class:`FileSession`: the merge with
    another window's saves, recovery of a damaged file, undo by unit)."""

    def __init__(self, transcript: Transcript, path: Path, author: str) -> None:
        self.transcript = transcript
        self.coding = Coding(transcript, author)
        self.words = WordIndex(transcript)
        self.cursor: Cursor | None = None
        super().__init__(path, CodeKind(transcript), self.coding)

    # --- what the reader is told --------------------------------------------------------------

    def opening_messages(self) -> tuple[str, str]:
        coded = len([c for c in self.coding.codes if c.outcome])
        units = plural(len(self.coding.units), "question unit")
        status = f"{units}, {coded} coded."
        if self.save_path is not None and not self.problem:
            status += f" Codes are saved to {display_path(self.save_path)} as you go."
        if self.coding.orphans:
            status += (
                f" {plural(len(self.coding.orphans), 'code')} no longer fit the text; "
                "kept in the file, not shown."
            )
        if self.coding.layout_problem:
            status += f" The saved layout of units was not used: {self.coding.layout_problem}."
        return self.told(status, "codes")

    def summary(self) -> str:
        """How many units are coded and how, and where they are saved (deterministic)."""
        codes = [c for c in self.coding.codes if c.outcome]
        counts: dict[str, int] = {}
        for code in codes:
            counts[code.outcome] = counts.get(code.outcome, 0) + 1
        parts = ", ".join(
            f"{_LABELS[o.id].lower()} {counts[o.id]}" for o in OUTCOMES if o.id in counts
        )
        coded = len([c for c in codes if is_coded(c)])
        text = f"{coded} of {plural(len(self.coding.units), 'question unit')} coded"
        if len(codes) > coded:
            text += f", {len(codes) - coded} chosen without evidence or a reason yet"
        text += f" ({parts})" if parts else ""
        return f"{text}; {self.saved_where()}"

    def all_coded(self) -> bool:
        """Whether every unit is coded: an outcome, with evidence or a reason."""
        return all(is_coded(self.coding.get(u.id)) for u in self.coding.units)

    # --- what the front end draws ------------------------------------------------------------

    def records(self) -> list[dict[str, Any]]:
        """Each unit with its sentences, its answer's span and its code, in text order."""
        return [self._record(unit) for unit in self.coding.units]

    def _record(self, unit: QuestionUnit) -> dict[str, Any]:
        code = self.coding.get(unit.id)
        turns = self.transcript.turns
        answer = turns[unit.answer_turn] if unit.answer_turn is not None else None
        following = (
            self.coding.units[unit.index + 1] if unit.index + 1 < len(self.coding.units) else None
        )
        return {
            "id": unit.id,
            "label": unit.label,
            "kind": unit.kind,
            "turn": unit.turn,
            "speaker": turns[unit.turn].speaker,
            "start": unit.start,
            "end": unit.end,
            "segments": [
                {
                    "role": s.role,
                    "start": s.start,
                    "end": s.end,
                    "form": question_form(s.text),
                    "short": shorten(s.text, 48),
                }
                for s in unit.segments
            ],
            "answer": None
            if answer is None
            else {
                "turn": answer.index,
                "speaker": answer.speaker,
                "start": answer.start,
                "end": answer.end,
            },
            "can_merge": following is not None and following.turn == unit.turn,
            "code": None
            if code is None
            else {
                "outcome": code.outcome,
                "form": code.form,
                "summary": _summary(code),
                "justification": code.justification,
                "evidence": [
                    {"start": e.start, "end": e.end, "short_quote": shorten(e.quote)}
                    for e in code.evidence
                ],
            },
        }


def is_coded(code: AnswerCode | None) -> bool:
    """A unit is *coded* when it has an outcome and evidence or a reason; an outcome alone is
    only *chosen*."""
    return code is not None and bool(code.outcome) and bool(code.evidence or code.justification)


def _summary(code: AnswerCode) -> str:
    if not code.outcome:
        return "not coded yet"
    label = _LABELS[code.outcome]
    return f"{label}: {_LABELS[code.form]}" if code.form else label


def choices_state() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The outcomes (with their keys) and the forms of non-reply, as the front end lists them."""
    outcomes = [
        {"id": o.id, "label": o.label, "description": o.description, "key": key}
        for o, key in zip(OUTCOMES, OUTCOME_KEYS)
    ]
    forms = [{"id": f.id, "label": f.label, "description": f.description} for f in NON_REPLY_FORMS]
    return outcomes, forms
