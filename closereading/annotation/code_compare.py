"""A reader's answer codes beside a reference coding: agreement and disagreement per unit, never
a grade.

>>> from closereading.text.transcript import load_interview
>>> from closereading.annotation.codes import Coding
>>> interview = load_interview()
>>> mine, reference = Coding(interview), Coding(interview)
>>> _ = mine.set_outcome("u233", "reply"); _ = reference.set_outcome("u233", "intermediate")
>>> [(row.unit_label, row.agreement) for row in compare(mine, reference)][:2]
[('Q1', 'different outcome'), ('Q2', 'neither coded')]
"""

from __future__ import annotations

from dataclasses import dataclass

from closereading.annotation.codes import NON_REPLY_FORMS, OUTCOMES, AnswerCode, Coding

__all__ = ["CodeComparison", "compare"]

_LABELS = {f.id: f.label for f in (*OUTCOMES, *NON_REPLY_FORMS)}


@dataclass(frozen=True)
class CodeComparison:
    """One unit: both readers' outcome and form, whether they cite overlapping evidence, the
    reference's rationale, and ``agreement``: ``same outcome and form``, ``same outcome``,
    ``different outcome``, ``only the reference coded it``, ``only you coded it`` or
    ``neither coded``."""

    unit: str
    unit_label: str
    mine: str
    reference: str
    agreement: str
    shared_evidence: bool
    rationale: str


def _describe(code: AnswerCode | None) -> str:
    if code is None or not code.outcome:
        return ""
    label = _LABELS.get(code.outcome, code.outcome)
    return f"{label}: {_LABELS.get(code.form, code.form)}" if code.form else label


def _agreement(mine: AnswerCode | None, theirs: AnswerCode | None) -> str:
    if not (mine and mine.outcome) and not (theirs and theirs.outcome):
        return "neither coded"
    if not (mine and mine.outcome):
        return "only the reference coded it"
    if not (theirs and theirs.outcome):
        return "only you coded it"
    if mine.outcome != theirs.outcome:
        return "different outcome"
    return "same outcome and form" if mine.form == theirs.form else "same outcome"


def _overlap(mine: AnswerCode | None, theirs: AnswerCode | None) -> bool:
    if mine is None or theirs is None:
        return False
    return any(a.start < b.end and b.start < a.end for a in mine.evidence for b in theirs.evidence)


def compare(mine: Coding, reference: Coding) -> list[CodeComparison]:
    """One row per unit of ``mine`` (the reference's code is matched by unit start)."""
    theirs = {c.question.start: c for c in reference.codes}
    rows = []
    for unit in mine.units:
        own, other = mine.get(unit.id), theirs.get(unit.start)
        rows.append(
            CodeComparison(
                unit.id,
                unit.label,
                _describe(own),
                _describe(other),
                _agreement(own, other),
                _overlap(own, other),
                other.justification if other else "",
            )
        )
    return rows
