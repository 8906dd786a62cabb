"""A student's marks on the text (highlights of lesson 04, answer codes of 05, referents of 06)
as one kind of plain record, and passages of the text drawn with them, for the handout.

A :class:`Mark` is what is drawn: the words it covers (``start``/``end`` in the transcript's
text), an underline (style, colour, thickness) and a symbol written after the words, so that no
mark is told by colour alone. Highlights look as they do on screen (their move's tint,
underline and symbol, :mod:`closereading.views.highlights`); an answer code's evidence has the
answer coder's thick blue underline and its unit and outcome symbol (``Q4 ✗``); a pronoun's
referent is the pronoun in bold with an arrow to whom it refers (``→ the government``).

>>> from closereading import parse_transcript
>>> t = parse_transcript("---\\nspeaker: Q | interviewer\\nspeaker: A | interviewee\\n---\\n"
...                      "Q: Why?\\n\\nA: We <believe> so.")
>>> start = t.text.index("<believe>")
>>> marks = move_marks([{"move": "hedge", "start": start, "end": start + 9}])
>>> html = marked_html(t.text, t.turns[1].start, t.turns[1].end, marks)
>>> "&lt;believe&gt;</mark>" in html and "wavy" in html and ">H</sup>" in html
True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from closereading.annotation.codes import NON_REPLY_FORMS, OUTCOMES
from closereading.annotation.pronouns import label as referent_label
from closereading.annotation.taxonomy import Taxonomy, load_moves
from closereading.base.strings import shorten
from closereading.views.highlights import assign_lanes, segments
from closereading.views.style import NEUTRAL, OKABE_ITO, UNDERLINE_GAP_PX, tint

__all__ = [
    "CODE_COLOUR",
    "OUTCOME_SYMBOLS",
    "Mark",
    "code_marks",
    "legend_html",
    "marked_html",
    "marks_notes_html",
    "move_marks",
    "referent_marks",
]

#: The answer coder's colour for evidence (Okabe–Ito blue), drawn thick and solid.
CODE_COLOUR = OKABE_ITO["blue"]
#: The symbol of each outcome, as the answer coder shows it beside a unit.
OUTCOME_SYMBOLS = {"reply": "✓", "intermediate": "≈", "non-reply": "✗", "no-question": "–"}
_OUTCOME_LABELS = {o.id: o.label for o in OUTCOMES}
_FORM_LABELS = {f.id: f.label for f in NON_REPLY_FORMS}
_COLOUR_NAMES = {hex_.lower(): name for name, hex_ in OKABE_ITO.items()}


@dataclass(frozen=True, slots=True)
class Mark:
    """One mark as the handout draws it. ``kind`` is ``"move"``, ``"code"`` or ``"referent"``;
    ``key`` tells marks of one kind apart in the legend (a move's id, an outcome's id);
    ``symbol`` follows the words; ``label`` names the mark; ``note`` is the student's own words
    about this one."""

    start: int
    end: int
    kind: str
    key: str
    symbol: str
    label: str
    colour: str
    underline: str = "solid"
    thickness: int = 2
    tinted: bool = True
    bold: bool = False
    note: str = ""


def _get(record: Any, name: str, default: Any = "") -> Any:
    if isinstance(record, dict):
        return record.get(name, default)
    return getattr(record, name, default)


def move_marks(annotations: Iterable[Any], moves: Taxonomy | None = None) -> list[Mark]:
    """Highlights (``Annotation`` objects or dicts with ``move``, ``start``, ``end``, ``note``)
    as marks: each in its move's colour, underline and symbol; an unknown move in grey, ``?``."""
    moves = moves if moves is not None else load_moves()
    found = []
    for a in annotations:
        move_id = str(_get(a, "move"))
        move = moves.get(move_id) if move_id in moves else None
        found.append(
            Mark(
                _get(a, "start"),
                _get(a, "end"),
                "move",
                move_id,
                move.symbol if move else "?",
                move.label if move else move_id,
                move.colour if move else NEUTRAL,
                move.marker if move else "solid",
                note=_get(a, "note") or "",
            )
        )
    return found


def code_marks(coding: Any) -> list[Mark]:
    """A coding's codes (those with an outcome) as marks on their evidence, or on the question
    when there is no evidence: ``Q4 ✗``, a thick blue underline; the note gives the form of a
    non-reply and the justification."""
    units = {u.id: u.label for u in coding.units}
    found = []
    for code in coding.codes:
        if not code.outcome:
            continue
        unit = units.get(code.unit, code.unit)
        words = [_FORM_LABELS.get(code.form, code.form), code.justification.strip()]
        note = ". ".join(w.rstrip(".") for w in words if w) + "." if any(words) else ""
        for span in code.evidence or (code.question,):
            found.append(
                Mark(
                    span.start,
                    span.end,
                    "code",
                    code.outcome,
                    f"{unit} {OUTCOME_SYMBOLS.get(code.outcome, '?')}",
                    _OUTCOME_LABELS.get(code.outcome, code.outcome),
                    CODE_COLOUR,
                    "solid",
                    thickness=3,
                    note=note,
                )
            )
    return found


def referent_marks(assignments: Iterable[Any]) -> list[Mark]:
    """Pronoun referents as marks: the pronoun in bold, underlined in black, followed by an
    arrow and the referent (``→ the government``)."""
    found = []
    for a in assignments:
        name = referent_label(a.referent)
        if a.referent == "other":
            name = shorten(a.note, 30) if a.note.strip() else "someone else"
        found.append(
            Mark(
                a.start,
                a.end,
                "referent",
                "referent",
                f"→ {name}",
                "Referent",
                "#000000",
                "solid",
                thickness=1,
                tinted=False,
                bold=True,
                note=a.note,
            )
        )
    return found


def marked_html(text: str, start: int, end: int, marks: Sequence[Mark]) -> str:
    """``text[start:end]``, escaped, with the marks that touch it drawn on it. A mark that runs
    past either end is cut there and keeps its symbol; overlapping marks nest, each underline
    in a lane of its own, as in the highlighter."""
    inside = sorted(
        (m for m in marks if m.start < end and start < m.end), key=lambda m: (m.start, m.end)
    )
    spans = [(max(m.start, start), min(m.end, end)) for m in inside]
    lanes = assign_lanes(spans)
    out = []
    for a, b, covering in segments(start, end, spans):
        piece = escape(text[a:b])
        for i in sorted(covering, key=lambda i: -lanes[i]):
            piece = _wrap(inside[i], lanes[i], piece)
        out.append(piece)
        out.extend(_symbol(inside[i]) for i in covering if spans[i][1] == b)
    return "".join(out)


def _wrap(mark: Mark, lane: int, inner: str) -> str:
    background = tint(mark.colour) if mark.tinted else "transparent"
    style = (
        f"background-color: {background}; color: inherit; padding: 0; "
        f"text-decoration: underline {mark.underline} {mark.colour}; "
        f"text-decoration-thickness: {mark.thickness}px; text-decoration-skip-ink: none; "
        f"text-underline-offset: {3 + UNDERLINE_GAP_PX * lane}px"
        + ("; font-weight: bold" if mark.bold else "")
    )
    return (
        f'<mark class="cr-mark" data-kind="{escape(mark.kind)}" data-mark="{escape(mark.key)}" '
        f'style="{style}">{inner}</mark>'
    )


def _symbol(mark: Mark) -> str:
    if mark.kind == "referent":
        look = "color: #000; background-color: #fff; border: 1px solid #000"
    elif mark.kind == "code":
        look = f"color: #fff; background-color: {mark.colour}"
    else:
        look = f"color: #000; background-color: {mark.colour}"
    return (
        f'<sup class="cr-symbol" style="{look}; border-radius: 3px; padding: 0 0.2em; '
        f'margin-left: 1px; font-weight: bold; white-space: nowrap">{escape(mark.symbol)}</sup>'
    )


def _underline_words(mark: Mark) -> str:
    colour = _COLOUR_NAMES.get(mark.colour.lower(), "grey" if mark.colour == NEUTRAL else "")
    thick = "thick " if mark.thickness > 2 else "thin " if mark.thickness < 2 else ""
    return f"{thick}{mark.underline} {colour} underline".replace("  ", " ")


def legend_html(marks: Sequence[Mark]) -> str:
    """One row for each kind of mark used, in order of first use: a sample drawn as in the text
    (underline and symbol), what the mark is, and its underline in words. ``""`` without marks."""
    first: dict[tuple[str, str], Mark] = {}
    for mark in sorted(marks, key=lambda m: m.start):
        first.setdefault((mark.kind, mark.key), mark)
    if not first:
        return ""
    rows = []
    for mark in first.values():
        sample = "we" if mark.kind == "referent" else "words"
        shown = _wrap(mark, 0, sample) + _symbol(_sample_symbol(mark))
        what = f"{_legend_label(mark)}; {_underline_words(mark)}"
        rows.append(f"<tr><td class='cr-sample'>{shown}</td><td>{escape(what)}</td></tr>")
    return (
        "<table class='cr-legend'><caption>The marks: each has an underline and a symbol, "
        "so none is told by colour alone</caption>"
        "<tr><th scope='col'>as in the text</th><th scope='col'>what it marks</th></tr>"
        + "".join(rows)
        + "</table>"
    )


def _sample_symbol(mark: Mark) -> Mark:
    if mark.kind == "referent":
        return Mark(0, 0, mark.kind, mark.key, "→ whom", mark.label, mark.colour)
    if mark.kind == "code":
        symbol = "Q " + OUTCOME_SYMBOLS.get(mark.key, "?")
        return Mark(0, 0, mark.kind, mark.key, symbol, mark.label, mark.colour)
    return mark


def _legend_label(mark: Mark) -> str:
    if mark.kind == "referent":
        return "Referent (lesson 06): whom the pronoun refers to, in my reading"
    if mark.kind == "code":
        return f"Answer code (lesson 05): {mark.label}, after the question unit (Q1, Q2 …)"
    return f"Move (lesson 04): {mark.label}"


def marks_notes_html(text: str, marks: Sequence[Mark]) -> str:
    """The student's notes on the marks, one line each in text order: symbol, what, the words
    and the note. Marks without a note are left out, and a note given to several spans of one
    code appears once. ``""`` when there is none."""
    seen = set()
    items = []
    for mark in sorted(marks, key=lambda m: (m.start, m.end)):
        if not mark.note.strip() or (mark.key, mark.symbol, mark.note) in seen:
            continue
        seen.add((mark.key, mark.symbol, mark.note))
        quote = shorten(text[mark.start : mark.end], 60)
        items.append(
            f"<li>{_symbol(mark)} <strong>{escape(mark.label)}</strong> "
            f"“{escape(quote)}”: {escape(mark.note.strip())}</li>"
        )
    return "<ul class='cr-mark-notes'>" + "".join(items) + "</ul>" if items else ""
