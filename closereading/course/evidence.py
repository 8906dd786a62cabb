"""Notebook 07's evidence board, where the notebook imports it from: the widget
(:class:`closereading.widgets.evidence_board.EvidenceBoard`) on the data of
:mod:`closereading.annotation.evidence` (citations, the items gathered, the pins).

>>> import closereading
>>> t = closereading.load_interview()
>>> start = t.text.index("in no way")
>>> str(cite(t, start, start + len("in no way")))
'turn 4 (Peskov), sentence 5: “in no way”'
"""

from __future__ import annotations

from closereading.annotation.evidence import (
    Board,
    Citation,
    Evidence,
    Pin,
    PinKind,
    cite,
    evidence_records,
)
from closereading.widgets.evidence_board import EvidenceBoard

__all__ = [
    "Board",
    "Citation",
    "Evidence",
    "EvidenceBoard",
    "Pin",
    "PinKind",
    "cite",
    "evidence_records",
]
