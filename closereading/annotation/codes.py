"""Answer codes: for each question unit, how the answer responds to it, with evidence.

A code links two places in the transcript: the **question unit** (from
:mod:`closereading.analysis.questions`) and one or more **evidence spans** in the answer. It
says which of Bull's (1994) three outcomes the answer is (a reply, an intermediate reply or a
non-reply; the course adds "not a question" for a unit that asks nothing, such as a thank-you),
for a non-reply which form from Bull and Mayer's (1993) typology it takes, and why, in the
reader's own words. Each code is kept as a W3C Web Annotation with two or more targets: the
question first, then the evidence (:mod:`.code_store` reads and writes the file).

>>> from closereading.text.transcript import load_interview
>>> coding = Coding(load_interview(), author="ana")
>>> [u.label for u in coding.units]
['Q1', 'Q2', 'Q3', 'Q4', 'Q5']
>>> code = coding.set_outcome("u233", "reply")
>>> start = coding.transcript.text.index("we don’t believe")
>>> code = coding.add_evidence("u233", start, start + 16)
>>> code.outcome, [e.quote for e in code.evidence]
('reply', ['we don’t believe'])
"""

# Size: about 370 lines; a third is the typology itself (four outcomes, eleven forms, each
# described), which reads best beside the model that checks codes against it.

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from closereading.analysis.questions import (
    QuestionUnit,
    UnitLayoutError,
    question_units,
    unit_starts,
)
from closereading.annotation.anchoring import anchor
from closereading.text.transcript import Transcript

__all__ = [
    "NON_REPLY_FORMS",
    "OUTCOMES",
    "AnswerCode",
    "Coding",
    "CodingError",
    "Form",
    "Span",
]


class CodingError(ValueError):
    """A change the coding cannot make; the message says why and what to do instead."""


@dataclass(frozen=True)
class Form:
    """An outcome, or a form of non-reply: ``id``, ``label`` and what it means."""

    id: str
    label: str
    description: str


#: Bull (1994): replies, intermediate replies and non-replies lie on a continuum; the course
#: adds "not a question" for a unit that asks nothing.
OUTCOMES = (
    Form("reply", "Reply", "The answer gives the information the question asked for."),
    Form(
        "intermediate",
        "Intermediate reply",
        "Between the two: the answer can be inferred but is not stated (an implicit reply). An "
        "answer the speaker starts and leaves unfinished is an incomplete reply, a non-reply.",
    ),
    Form("non-reply", "Non-reply", "The answer does not give what the question asked for."),
    Form("no-question", "Not a question", "The unit asks nothing (a thank-you, a remark)."),
)

#: The eleven forms of non-reply in Bull & Mayer (1993), described in the course's own words.
NON_REPLY_FORMS = (
    Form("ignores-the-question", "Ignores the question", "Goes on as if nothing was asked."),
    Form(
        "acknowledges-the-question",
        "Acknowledges the question without answering it",
        'Shows the question was heard ("a fair question") and gives no answer.',
    ),
    Form(
        "questions-the-question",
        "Questions the question",
        "Asks what the question means, or turns it back on the interviewer.",
    ),
    Form(
        "attacking-the-question",
        "Attacks the question",
        "Says the question misses the point, is hypothetical, rests on a false premise, is "
        "inaccurate or is objectionable.",
    ),
    Form("attacks-the-interviewer", "Attacks the interviewer", "Criticises the one who asks."),
    Form(
        "declining-to-answer",
        "Declines to answer",
        "Says openly that they cannot or will not answer, or that it is not for them to say.",
    ),
    Form(
        "political-point",
        "Makes a political point",
        "Praises their own side or its policy, criticises others, reassures or appeals to the "
        "nation in place of what was asked.",
    ),
    Form(
        "incomplete-reply",
        "Gives an incomplete reply",
        "Answers part of the question, starts an answer and leaves it, or says only what will "
        "not happen.",
    ),
    Form(
        "repeats-previous-answer",
        "Repeats the answer to a previous question",
        "Gives again an answer already given to an earlier question.",
    ),
    Form(
        "already-answered",
        "States or implies that the question has already been answered",
        "Says, or suggests, that the answer has been given before.",
    ),
    Form("apologises", "Apologises", "Says sorry in place of an answer."),
)
_OUTCOME_IDS = {f.id for f in OUTCOMES}
_FORM_IDS = {f.id for f in NON_REPLY_FORMS}


def _now() -> str:
    """The current time, ISO-8601 UTC to the second."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Span:
    """``text[start:end] == quote``, with up to 32 characters of context either side."""

    start: int
    end: int
    quote: str
    prefix: str = ""
    suffix: str = ""

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        return cls(start, end, **anchor(text, start, end))


@dataclass(frozen=True)
class AnswerCode:
    """One unit's code: ``outcome`` (an :data:`OUTCOMES` id), ``form`` (a
    :data:`NON_REPLY_FORMS` id, for a non-reply), the evidence and the justification."""

    unit: str
    question: Span
    outcome: str = ""
    form: str = ""
    evidence: tuple[Span, ...] = ()
    justification: str = ""
    created: str = ""
    modified: str = ""


class Coding:
    """One reader's codes for one transcript, and their layout of question units.

    Every method that changes something returns the new :class:`AnswerCode` (or the units);
    saving is :mod:`.code_store`'s, undo the widget's.
    """

    def __init__(
        self,
        transcript: Transcript,
        author: str = "",
        starts: Iterable[int] | None = None,
        codes: Iterable[AnswerCode] = (),
    ) -> None:
        self.transcript = transcript
        self.author = author
        self._starts = unit_starts(transcript, starts)
        self.units = question_units(transcript, self._starts)
        self._codes: dict[str, AnswerCode] = {}
        #: Codes kept in the file whose unit no longer exists (the text or layout changed).
        self.orphans: list[AnswerCode] = []
        #: Why the layout read from a file was not used ("" when it was, or none was read).
        self.layout_problem = ""
        for code in codes:
            (
                self._codes.__setitem__(code.unit, code)
                if self._has(code.unit)
                else self.orphans.append(code)
            )

    # --- reading -----------------------------------------------------------------------------

    @property
    def starts(self) -> list[int]:
        return list(self._starts)

    @property
    def codes(self) -> list[AnswerCode]:
        """The codes in the order of the units."""
        return [self._codes[u.id] for u in self.units if u.id in self._codes]

    def unit(self, unit_id: str) -> QuestionUnit:
        for unit in self.units:
            if unit.id == unit_id:
                return unit
        labels = ", ".join(f"{u.label} ({u.id})" for u in self.units)
        raise CodingError(f"there is no question unit {unit_id!r}; the units are {labels}")

    def get(self, unit_id: str) -> AnswerCode | None:
        self.unit(unit_id)
        return self._codes.get(unit_id)

    def _has(self, unit_id: str) -> bool:
        return any(u.id == unit_id for u in self.units)

    # --- changing codes ----------------------------------------------------------------------

    def _change(self, unit_id: str, **changes: Any) -> AnswerCode:
        unit = self.unit(unit_id)
        old = self._codes.get(unit_id)
        now = _now()
        if old is None:
            question = Span.of(self.transcript.text, unit.start, unit.end)
            old = AnswerCode(unit_id, question, created=now)
        new = dataclasses.replace(old, modified=now, **changes)
        self._codes[unit_id] = new
        return new

    def set_outcome(self, unit_id: str, outcome: str, form: str = "") -> AnswerCode:
        """Code the unit as ``outcome``; a form only goes with a non-reply (and is kept when
        the outcome stays a non-reply and no new form is given)."""
        if outcome not in _OUTCOME_IDS:
            raise CodingError(
                f"{outcome!r} is not an outcome; choose one of {', '.join(sorted(_OUTCOME_IDS))}"
            )
        if form and form not in _FORM_IDS:
            raise CodingError(f"{form!r} is not a form of non-reply; see NON_REPLY_FORMS")
        if form and outcome != "non-reply":
            raise CodingError("only a non-reply has a form; choose non-reply first")
        old = self._codes.get(unit_id)
        keep = old.form if old is not None and outcome == "non-reply" and not form else form
        return self._change(unit_id, outcome=outcome, form=keep)

    def set_form(self, unit_id: str, form: str) -> AnswerCode:
        """Give a non-reply its form (coding the unit a non-reply if it was not)."""
        return self.set_outcome(unit_id, "non-reply", form)

    def add_evidence(self, unit_id: str, start: int, end: int) -> AnswerCode:
        """Add ``text[start:end]`` as evidence; it must lie in the turn that answers the unit."""
        unit = self.unit(unit_id)
        if unit.answer_turn is None:
            raise CodingError(f"{unit.label} has no answer in the transcript to take evidence from")
        turn = self.transcript.turns[unit.answer_turn]
        if not (turn.start <= start < end <= turn.end):
            raise CodingError(
                f"evidence for {unit.label} must be words of the answer to it (turn "
                f"{turn.index + 1}, {turn.speaker}); select inside that turn"
            )
        old = self._codes.get(unit_id)
        evidence = old.evidence if old is not None else ()
        span = Span.of(self.transcript.text, start, end)
        if any((e.start, e.end) == (start, end) for e in evidence):
            raise CodingError(f"“{span.quote}” is already evidence for {unit.label}")
        ordered = tuple(sorted((*evidence, span), key=lambda e: (e.start, e.end)))
        return self._change(unit_id, evidence=ordered)

    def remove_evidence(self, unit_id: str, start: int, end: int) -> AnswerCode:
        code = self.get(unit_id)
        kept = tuple(e for e in (code.evidence if code else ()) if (e.start, e.end) != (start, end))
        if code is None or len(kept) == len(code.evidence):
            raise CodingError(f"{self.unit(unit_id).label} has no evidence at {start}–{end}")
        return self._change(unit_id, evidence=kept)

    def justify(self, unit_id: str, justification: str) -> AnswerCode:
        if not isinstance(justification, str):
            raise CodingError("a justification must be text")
        return self._change(unit_id, justification=justification)

    def clear(self, unit_id: str) -> AnswerCode | None:
        """Remove the unit's code; returns it (None if there was none)."""
        self.unit(unit_id)
        return self._codes.pop(unit_id, None)

    def restore(self, code: AnswerCode) -> None:
        """Put back a code exactly as it was (for undo)."""
        self.unit(code.unit)
        self._codes[code.unit] = code

    # --- merging and splitting units ----------------------------------------------------------

    def merge(self, unit_id: str) -> QuestionUnit:
        """Merge the unit with the next unit of the same turn. The merged unit keeps the first
        unit's code, or takes the second's if the first had none; a second code that would be
        lost makes the merge refuse (clear one first)."""
        unit = self.unit(unit_id)
        following = self.units[unit.index + 1] if unit.index + 1 < len(self.units) else None
        if following is None or following.turn != unit.turn:
            raise CodingError(f"{unit.label} is the last unit of its turn; nothing to merge with")
        first, second = self._codes.get(unit.id), self._codes.get(following.id)
        if first is not None and second is not None:
            raise CodingError(
                f"{unit.label} and {following.label} are both coded; clear one before merging"
            )
        self._relayout([s for s in self._starts if s != following.start])
        if second is not None:
            del self._codes[following.id]
            self._codes[unit.id] = dataclasses.replace(second, unit=unit.id)
        self._refresh_question(unit.id)
        return self.unit(unit.id)

    def split(self, unit_id: str, at: int) -> tuple[QuestionUnit, QuestionUnit]:
        """Split the unit where the sentence starting at ``at`` begins; its code stays with the
        first part."""
        unit = self.unit(unit_id)
        inner = [s.start for s in unit.segments[1:]]
        if at not in inner:
            raise CodingError(
                f"{unit.label} can only be split where one of its sentences begins ({inner or 'it has one sentence'})"
            )
        self._relayout([*self._starts, at])
        self._refresh_question(unit.id)
        return self.unit(unit.id), self.unit(f"u{at}")

    def _relayout(self, starts: list[int] | None) -> None:
        self._starts = unit_starts(self.transcript, starts)
        self.units = question_units(self.transcript, self._starts)

    def _refresh_question(self, unit_id: str) -> None:
        code = self._codes.get(unit_id)
        if code is not None:
            unit = self.unit(unit_id)
            question = Span.of(self.transcript.text, unit.start, unit.end)
            self._codes[unit_id] = dataclasses.replace(code, question=question)

    def restore_layout(self, starts: list[int], codes: Iterable[AnswerCode]) -> None:
        """Put back a layout and its codes exactly as they were (for undo)."""
        self._relayout(starts)
        self._codes = {c.unit: c for c in codes}

    # --- its file (see :mod:`.code_store`) -----------------------------------------------------

    def records(self) -> list[AnswerCode]:
        """Every code to save: those of the units, then those that no longer fit the text."""
        return [*self.codes, *self.orphans]

    def header(self) -> dict[str, Any]:
        """The file's fields besides the codes: the transcript, the author, the units' layout."""
        return {
            "transcript": {"id": self.transcript.id, "sha256": self.transcript.sha256},
            "author": self.author,
            "units": {"starts": self.starts},
        }

    def adopt(self, records: Iterable[AnswerCode], header: dict[str, Any]) -> None:
        """Hold exactly ``records``, in the layout ``header`` gives if it was made on this text
        (else the rule's layout); a code whose unit is not in the layout is an orphan. A layout
        that does not fit the text is replaced by the rule's, and :attr:`layout_problem` says
        why."""
        about, units = header.get("transcript"), header.get("units")
        starts = units.get("starts") if isinstance(units, dict) else None
        same_text = isinstance(about, dict) and about.get("sha256") == self.transcript.sha256
        self.layout_problem = ""
        try:
            self._relayout(starts if same_text and isinstance(starts, list) else None)
        except UnitLayoutError as error:
            self.layout_problem = str(error)
            self._relayout(None)
        if isinstance(header.get("author"), str) and header["author"]:
            self.author = header["author"]
        self._codes, self.orphans = {}, []
        for code in records:
            if self._has(code.unit) and code.unit not in self._codes:
                self._codes[code.unit] = code
            else:
                self.orphans.append(code)

    # --- export -------------------------------------------------------------------------------

    def to_records(self) -> list[dict[str, Any]]:
        """One row per unit (coded or not), for tables and CSV."""
        labels = {f.id: f.label for f in (*OUTCOMES, *NON_REPLY_FORMS)}
        rows = []
        for unit in self.units:
            code = self._codes.get(unit.id)
            rows.append(
                {
                    "unit": unit.label,
                    "question": unit.text,
                    "outcome": labels.get(code.outcome, "") if code else "",
                    "form": labels.get(code.form, "") if code else "",
                    "evidence": " … ".join(e.quote for e in code.evidence) if code else "",
                    "justification": code.justification if code else "",
                }
            )
        return rows

    def __repr__(self) -> str:
        return (
            f"<Coding of {self.transcript.id!r} by {self.author or 'nobody'}: "
            f"{len(self._codes)} of {len(self.units)} units coded>"
        )
