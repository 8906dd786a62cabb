"""The answer coder's state without the widget: one reader's coding, saved after every change,
with undo, the keyboard selection and the records the front end draws.

Kept apart from the widget so it can be read and tested without anywidget. Opening a file that
cannot be read follows :func:`closereading.annotation.code_store.open_coding`: the file is left
untouched and work goes on in a recovered file beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from closereading.analysis.questions import QuestionUnit, question_form
from closereading.annotation.code_store import open_coding, save
from closereading.annotation.codes import NON_REPLY_FORMS, OUTCOMES, AnswerCode, Coding
from closereading.base.paths import display_path
from closereading.base.strings import plural, shorten
from closereading.text.selection import Cursor, WordIndex
from closereading.text.transcript import Transcript

T = TypeVar("T")

#: The keys that choose an outcome, in the order of ``OUTCOMES``.
OUTCOME_KEYS = ("1", "2", "3", "4")
_LABELS = {f.id: f.label for f in (*OUTCOMES, *NON_REPLY_FORMS)}


class CoderSession:
    """A coding saved to ``path`` after every change; ``undo`` takes back the last change."""

    def __init__(self, transcript: Transcript, path: Path, author: str) -> None:
        opened = open_coding(path, transcript, author)
        self.transcript = transcript
        self.path = Path(path)
        self.coding: Coding = opened.coding
        self.save_path = opened.save_path
        self.problem = opened.problem
        self.words = WordIndex(transcript)
        self.cursor: Cursor | None = None
        self._undo: list[tuple[str, list[int], list[AnswerCode]]] = []
        self.writes = 0  # successful saves, so that the page is told when a change is on disk

    def change(self, what: str, action: Callable[[], T]) -> T:
        """Run ``action`` on the coding; if it succeeds, remember how to undo it and save."""
        before = (self.coding.starts, self.coding.codes)
        result = action()
        self._undo.append((what, *before))
        self.save()
        return result

    def undo(self) -> str | None:
        """Take back the last change; returns what it was (None if there was nothing)."""
        if not self._undo:
            return None
        what, starts, codes = self._undo.pop()
        self.coding.restore_layout(starts, codes)
        self.save()
        return what

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def save(self) -> Path | None:
        if self.save_path is None:
            return None
        written = save(self.coding, self.save_path)
        self.writes += 1
        return written

    # --- what the reader is told --------------------------------------------------------------

    def opening_messages(self) -> tuple[str, str]:
        coded = len([c for c in self.coding.codes if c.outcome])
        units = plural(len(self.coding.units), "question unit")
        status = f"{units}, {coded} coded."
        if self.save_path is not None:
            status += f" Codes are saved to {display_path(self.save_path)} as you go."
        if self.coding.orphans:
            status += (
                f" {plural(len(self.coding.orphans), 'code')} no longer fit the text; "
                "kept in the file, not shown."
            )
        if not self.problem:
            return status, ""
        if self.save_path is None:
            return status + " Codes are NOT saved until the file is fixed.", self.problem + "."
        return status, self.problem + "."

    def summary(self) -> str:
        """How many units are coded and how, and where they are saved (deterministic)."""
        codes = [c for c in self.coding.codes if c.outcome]
        counts: dict[str, int] = {}
        for code in codes:
            counts[code.outcome] = counts.get(code.outcome, 0) + 1
        parts = ", ".join(
            f"{_LABELS[o.id].lower()} {counts[o.id]}" for o in OUTCOMES if o.id in counts
        )
        text = f"{len(codes)} of {plural(len(self.coding.units), 'question unit')} coded"
        text += f" ({parts})" if parts else ""
        if self.save_path is None:
            return f"{text}; not saved ({display_path(self.path)} cannot be read)"
        return f"{text}; saved in {display_path(self.save_path)}"

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
