"""Views for lesson 05: question units, the outcomes and forms of non-reply, a coding, its
comparison with a reference, and the coverage plot. Each draws records it is given; none counts.

>>> import closereading
>>> from closereading.analysis.questions import question_units
>>> print(repr(units_table(question_units(closereading.load_interview()))).splitlines()[1])
Q1    1     interrogative (polar)  Do you believe that additional sanctions would be helpful?
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from closereading.analysis.answer_coverage import CoverageCell
from closereading.analysis.questions import QuestionUnit, question_form
from closereading.annotation.codes import NON_REPLY_FORMS, OUTCOMES, Coding
from closereading.base.strings import plural
from closereading.views._figure import axes_for, finish, plain
from closereading.views.display import TextView
from closereading.views.tables import table

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "coding_html",
    "coding_table",
    "comparison_table",
    "coverage_plot",
    "forms_table",
    "reference_view",
    "units_table",
]


def units_table(units: Sequence[QuestionUnit]) -> TextView:
    """One row per sentence of each unit: the unit, its turn (from 1), its role and its text."""
    rows = []
    for unit in units:
        for n, segment in enumerate(unit.segments):
            form = question_form(segment.text)
            rows.append(
                {
                    "unit": unit.label if n == 0 else "",
                    "turn": str(unit.turn + 1) if n == 0 else "",
                    "role": f"{segment.role} ({form})" if form else segment.role,
                    "sentence": segment.text,
                }
            )
    return table(rows)


def forms_table() -> TextView:
    """The outcomes (Bull 1994) and the eleven forms of non-reply (Bull & Mayer 1993)."""
    rows = [{"kind": "outcome", "id": o.id, "label": o.label, "meaning": o.description}
            for o in OUTCOMES]  # fmt: skip
    rows += [
        {"kind": f"non-reply form {n}", "id": f.id, "label": f.label, "meaning": f.description}
        for n, f in enumerate(NON_REPLY_FORMS, start=1)
    ]
    return table(rows)


def coding_table(coding: Coding) -> TextView:
    """A coding as a table: each unit with its outcome, form, evidence and justification."""
    return table(coding.to_records(), ["unit", "outcome", "form", "evidence", "justification"])


def coding_html(coding: Coding) -> str:
    """The static view of a coding (escaped HTML): the transcript's title, then the table."""
    title = escape(coding.transcript.title or coding.transcript.id)
    return f"<p style='margin:0 0 0.4em'><em>{title}</em></p>" + coding_table(coding).html


def comparison_table(rows: Sequence[Any]) -> TextView:
    """A coding beside the reference (``code_compare.compare``): agreement, not a grade."""
    records = [
        {
            "unit": r.unit_label,
            "yours": r.mine or "—",
            "reference": r.reference or "—",
            "agreement": r.agreement,
            "shared evidence": r.shared_evidence,
            "reference's rationale": r.rationale,
        }
        for r in rows
    ]
    return table(records)


def coverage_plot(cells: Sequence[CoverageCell], ax: Axes | None = None) -> Axes:
    """Question units (rows) against the sentences of their answers (columns).

    Each cell shows how many content words the unit and the sentence share, as a number and as
    a shade of grey; a cell the reader cited as evidence is framed in black and marked ``E``.
    Meaning never rests on colour: the numbers and the marks carry it.
    """
    from matplotlib.patches import Rectangle

    units = list(dict.fromkeys(c.unit_label for c in cells))
    columns = list(dict.fromkeys(c.sentence_label for c in cells))
    ax = axes_for(ax, max(6.0, 0.55 * len(columns) + 2.0), 0.6 * len(units) + 2.2)
    most = max((len(c.shared) for c in cells), default=0) or 1
    for cell in cells:
        x, y = columns.index(cell.sentence_label), units.index(cell.unit_label)
        shade = 1 - 0.55 * len(cell.shared) / most
        ax.add_patch(Rectangle((x - 0.5, y - 0.5), 1, 1, facecolor=str(shade),
                               edgecolor="black" if cell.evidence else "0.7",
                               linewidth=2.5 if cell.evidence else 0.8))  # fmt: skip
        label = str(len(cell.shared)) + (" E" if cell.evidence else "")
        ax.text(x, y, label, ha="center", va="center", fontsize=9,
                fontweight="bold" if cell.evidence else "normal")  # fmt: skip
    ax.set_xticks(range(len(columns)), [plain(c) for c in columns], rotation=45, ha="right")
    ax.set_yticks(range(len(units)), [plain(u) for u in units])
    ax.set_xlim(-0.5, len(columns) - 0.5)
    ax.set_ylim(len(units) - 0.5, -0.5)
    ax.set_aspect("auto")
    return finish(
        ax,
        "Which answer sentences share words with which question",
        "Sentence of the answer (T<turn>.<sentence>); E = cited as evidence",
        "Question unit",
        _description(cells, units),
    )


def _description(cells: Sequence[CoverageCell], units: Sequence[str]) -> str:
    parts = []
    for unit in units:
        mine = [c for c in cells if c.unit_label == unit]
        sharing = [c.sentence_label for c in mine if c.shared]
        cited = [c.sentence_label for c in mine if c.evidence]
        text = f"{unit} shares words with {len(sharing)} of {plural(len(mine), 'sentence')}"
        text += f" ({', '.join(sharing)})" if sharing else ""
        text += f", evidence in {', '.join(cited)}" if cited else ""
        parts.append(text)
    return "; ".join(parts) + "." if parts else "No question unit has an answer."


def reference_view(rows: Sequence[Any], show: bool) -> TextView:
    """The comparison with the reference coding (``code_compare.compare``), or, until the
    reader asks for it, a line saying how to ask: the reference is shown only on request."""
    if show:
        return comparison_table(rows)
    text = (
        "The reference coding is hidden. When you have coded every unit yourself, set "
        "show_reference = True in the cell above, run it, then run this cell again."
    )
    return TextView(text, f"<p><em>{escape(text)}</em></p>")
