"""Views of the rhetorical-move taxonomy for notebook 04: every move at a glance, one family in full.

Each view is a :class:`~closereading.views.display.TextView`: plain text (what a static viewer shows and
nbval compares) and escaped HTML (what JupyterLab shows). The content comes from
``data/moves.json`` through :func:`closereading.annotation.taxonomy.load_moves`, so the notebook never restates a
definition that the data could contradict.

The module also holds the self-checks of exercise 04. :func:`judge_three_highlights` and
:func:`judge_turn_4_count` return ``(ok, message)``, the shape of a checker in
``closereading.course.exercises.TASKS``; :func:`check_three_highlights` and :func:`check_turn_4_count`
wrap them in the same :class:`~closereading.course.exercises.Feedback` as the other exercises' checks:
✓ when an answer holds up, otherwise a hint that does not give the answer away.

>>> print(moves_table().text.splitlines()[1])
Metadiscourse  H       Hedge                     hedge                   1    wavy
>>> view = family_view("appeal")
>>> print(view.text.splitlines()[0])
Appeals
>>> "Article 2(7)" in view.text
True
>>> check_turn_4_count(23)
✗ That is every highlight in the reference reading. Keep only those inside turn 4.
"""

from __future__ import annotations

import numbers
import textwrap
from functools import lru_cache
from html import escape
from typing import TYPE_CHECKING, Any

from closereading.annotation.model import AnnotationSet
from closereading.annotation.taxonomy import Move, Taxonomy, load_moves
from closereading.base.paths import REFERENCE_PATH
from closereading.text.transcript import Transcript, load_interview
from closereading.views.display import TextView
from closereading.views.style import tint

if TYPE_CHECKING:
    from closereading.course.exercises import Feedback

__all__ = [
    "PASSAGES",
    "check_three_highlights",
    "check_turn_4_count",
    "family_view",
    "judge_three_highlights",
    "judge_turn_4_count",
    "moves_table",
]

_WIDTH = 92


def _sample(move: Move, text: str) -> str:
    """``text`` drawn as the highlighter draws ``move``: its tint, its underline and its symbol."""
    mark = (
        f'<mark style="background-color: {tint(move.colour)}; color: inherit; padding: 0; '
        f"text-decoration: underline {move.marker} {move.colour}; "
        f'text-decoration-thickness: 2px; text-underline-offset: 3px">{escape(text)}</mark>'
    )
    chip = (
        f'<sup style="color: #000; background-color: {move.colour}; border-radius: 3px; '
        f'padding: 0 0.2em; margin-left: 1px; font-weight: bold">{escape(move.symbol)}</sup>'
    )
    return mark + chip


def moves_table(moves: Taxonomy | None = None) -> TextView:
    """Every move in one table: family, symbol, label, id (the name code uses), highlighter key
    and underline style."""
    moves = moves if moves is not None else load_moves()
    families = {f.id: f.label for f in moves.families}
    rows = []
    for family_id, members in moves.by_family().items():
        for i, move in enumerate(members):
            rows.append((families[family_id] if i == 0 else "", move))
    header = ("Family", "Symbol", "Move", "Id", "Key", "Underline")
    cells = [(family, m.symbol, m.label, m.id, m.key, m.marker) for family, m in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    body = "".join(
        "<tr>"
        f"<th scope='row' style='text-align:left'>{escape(family)}</th>"
        f"<td style='text-align:left'>{_sample(m, m.label)}</td>"
        f"<td style='text-align:left'><code>{escape(m.id)}</code></td>"
        f"<td style='text-align:center'><kbd>{escape(m.key)}</kbd></td>"
        f"<td style='text-align:left'>{escape(m.marker)}</td>"
        "</tr>"
        for family, m in rows
    )
    html = (
        "<table class='closereading-moves' style='line-height:1.6'><thead><tr>"
        "<th style='text-align:left'>Family</th><th style='text-align:left'>Move, as the "
        "highlighter shows it</th><th style='text-align:left'>Id</th><th>Key</th><th style='text-align:left'>Underline</th>"
        "</tr></thead><tbody>" + body + "</tbody></table>"
    )
    return TextView("\n".join(lines), html)


def _wrap(text: str, indent: str, first: str | None = None) -> str:
    return textwrap.fill(
        " ".join(text.split()), _WIDTH, initial_indent=first or indent, subsequent_indent=indent
    )


def family_view(family_id: str, moves: Taxonomy | None = None) -> TextView:
    """One family in full: what it covers, its sources, and each move's definition, its examples
    from the interview and any note on how the course uses it.

    Raises ``KeyError`` naming the valid families for an unknown ``family_id``.
    """
    moves = moves if moves is not None else load_moves()
    family = moves.family(family_id)
    members = moves.by_family()[family.id]
    sources = list(dict.fromkeys(m.source for m in members))
    several = len(sources) > 1

    lines = [family.label, _wrap(family.description, "")]
    lines += [f"Source{'s' if several else ''}:"] + [_wrap(s, "    ", "  - ") for s in sources]
    for m in members:
        lines += [
            "",
            f"{m.symbol} · {m.label}  (id {m.id}, key {m.key}, {m.marker} underline)",
            _wrap(m.definition, "    "),
        ]
        for i, example in enumerate(m.examples):
            label = "In the interview: " if i == 0 else " " * 18
            lines.append(_wrap(f"“{example}”", "    " + " " * 18, "    " + label))
        if several:
            lines.append(_wrap(f"From: {m.framework}", "    "))
        if m.note:
            lines.append(_wrap(f"Note: {m.note}", "    "))

    def move_html(m: Move) -> str:
        examples = "".join(f"<li>“{escape(e)}”</li>" for e in m.examples)
        extra = (
            f"<p style='margin:0.2em 0'><em>From:</em> {escape(m.framework)}</p>" if several else ""
        )
        if m.note:
            extra += f"<p style='margin:0.2em 0'><em>Note:</em> {escape(m.note)}</p>"
        return (
            f"<div style='margin:0.8em 0 0.8em 0; padding-left:0.6em; "
            f"border-left:4px solid {m.colour}'>"
            f"<p style='margin:0 0 0.2em'><strong>{_sample(m, m.label)}</strong> "
            f"&nbsp;id <code>{escape(m.id)}</code>, key <kbd>{escape(m.key)}</kbd>, "
            f"{escape(m.marker)} underline</p>"
            f"<p style='margin:0.2em 0'>{escape(m.definition)}</p>"
            f"<p style='margin:0.2em 0'><em>In the interview:</em></p>"
            f"<ul style='margin:0.1em 0'>{examples}</ul>{extra}</div>"
        )

    html = (
        "<div class='closereading-family' style='max-width:52em; line-height:1.5'>"
        f"<p style='margin:0'><strong>{escape(family.label)}</strong>: "
        f"{escape(family.description)}</p>"
        f"<p style='margin:0.3em 0'><em>Source{'s' if several else ''}:</em> "
        + "<br>".join(escape(s) for s in sources)
        + "</p>"
        + "".join(move_html(m) for m in members)
        + "</div>"
    )
    return TextView("\n".join(lines), html)


# ---------------------------------------------------------------------------------------------
# Exercise 04: self-checks


#: The three passages of exercise 04, task 1, each with the moves a careful reading can defend
#: and, for other moves, a hint that sends the student back to the words.
PASSAGES: dict[str, dict[str, Any]] = {
    "So sanctions are not every time a good way or the best way.": {
        "moves": {"hedge"},
        "hint": (
            'Look at "not every time": does it make the claim stronger or weaker than a '
            'flat "sanctions are not a good way"? Section 2 of notebook 04 has the '
            "moves for how strongly a claim is made."
        ),
        "equivocation": (
            "This sentence does take up the question about sanctions, so a label for "
            "not answering does not fit. How strongly a claim is made and whether it "
            "answers the question are different matters (section 3 of notebook 04)."
        ),
    },
    "in no way can be an issue of [state-to-state] discussion": {
        "moves": {"booster", "attacking-the-question"},
        "hint": (
            'Does "in no way" soften the claim or harden it? And what does the passage do '
            "to the question Saunders asked? Two moves fit; either will do here."
        ),
    },
    "those are our domestic affairs, our domestic politics": {
        "moves": {"sovereignty", "exclusive-we"},
        "hint": (
            'Ask whose affairs "our" names, and what ground the passage gives for '
            "setting the concerns aside (sections 4 and 5 of notebook 04). Two moves fit; "
            "either will do here."
        ),
    },
}


@lru_cache(maxsize=1)
def _interview() -> Transcript:
    return load_interview()


def _short(quote: str, limit: int = 50) -> str:
    quote = " ".join(quote.split())
    return f"“{quote}”" if len(quote) <= limit else f"“{quote[: limit - 1].rstrip()}…”"


def judge_three_highlights(highlights: Any) -> tuple[bool, str]:
    """Exercise 04, task 1: each passage in :data:`PASSAGES` highlighted exactly, with a move a
    careful reading can defend, and a note of at least three words."""
    if highlights is None or highlights is Ellipsis:
        return False, (
            "No answer yet: build your highlights in the cell above, run that cell, "
            "then run this check again."
        )
    if not isinstance(highlights, AnnotationSet):
        return False, (
            "Pass the AnnotationSet you built (the one you called practice), not a "
            f"{type(highlights).__name__}."
        )
    interview = _interview()
    if highlights.transcript.id != interview.id:
        return False, (
            "These highlights are on another text. Build the set on the interview: "
            "AnnotationSet(interview, ...)."
        )
    moves = highlights.moves
    for number, (passage, rule) in enumerate(PASSAGES.items(), start=1):
        start = interview.text.index(passage)
        end = start + len(passage)
        exact = [a for a in highlights if (a.start, a.end) == (start, end)]
        if not exact:
            near = [a for a in highlights if a.start < end and start < a.end]
            if near:
                return False, (
                    f"Passage {number}: your highlight covers {_short(near[0].quote)}, "
                    "not exactly the passage. Use start = interview.text.index(passage) "
                    "and end = start + len(passage)."
                )
            return False, f"Passage {number}, {_short(passage)}, has no highlight yet."
        for a in exact:
            move = moves.get(a.move)
            if a.move not in rule["moves"]:
                hint = rule.get(move.family, rule["hint"])
                return False, f'Passage {number}: "{move.label}" is hard to defend here. {hint}'
            if len(a.note.split()) < 3:
                return False, (
                    f"Passage {number} needs a note of a sentence or so saying why it "
                    'is that move: add note="..." when you call practice.add(...).'
                )
    return True, (
        "All three hold up. Passages 2 and 3 can each carry two moves: would you mark "
        "both? Overlapping highlights are allowed."
    )


@lru_cache(maxsize=1)
def _reference_counts() -> tuple[int, tuple[int, ...]]:
    """How many highlights the reference reading has, and how many lie inside each turn."""
    reference = AnnotationSet.load(REFERENCE_PATH, _interview())
    inside = tuple(
        sum(1 for a in reference if turn.start <= a.start and a.end <= turn.end)
        for turn in _interview().turns
    )
    return len(reference), inside


def _inside(turn_index: int) -> int:
    return _reference_counts()[1][turn_index]


def judge_turn_4_count(answer: Any) -> tuple[bool, str]:
    """Exercise 04, task 2: how many of the reference reading's highlights lie inside turn 4."""
    if answer is None or answer is Ellipsis:
        return False, (
            "No answer yet: set the answer in the cell above, run that cell, then run "
            "this check again."
        )
    if isinstance(answer, str):
        return False, (
            f"Your answer is text in quotes ({answer!r}). Give the count as a number, "
            "without quotes, e.g. 5."
        )
    if not isinstance(answer, numbers.Real) and hasattr(answer, "__iter__"):
        return False, (
            "That is a collection of highlights. Give how many there are: len(...) "
            "counts the items in a list."
        )
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real) or answer != int(answer):
        return False, "Give a whole number, e.g. 5."
    count = int(answer)
    interview = _interview()
    expected = _inside(3)
    if count == expected:
        return True, (
            "Right. Compare it with turn 2, the answer about sanctions: where does the "
            "reference find more moves, and is that because the answer is longer or "
            "because it does more?"
        )
    if count == _reference_counts()[0]:
        return False, (
            "That is every highlight in the reference reading. Keep only those inside turn 4."
        )
    peskov = [t.index for t in interview.turns if t.speaker == "Peskov"]
    if count == sum(_inside(i) for i in peskov):
        return False, (
            "That counts every one of Peskov's turns. Keep only those inside turn 4, "
            "his second answer."
        )
    # The likeliest slips first: turns[4] for turn 4, then the turns either side of it.
    for index in (4, 2, 1, 5, 0):
        if index < len(interview.turns) and count == _inside(index):
            return False, (
                f"That is the count for turn {index + 1}. Python counts from 0, so "
                "turn 4 is interview.turns[3]."
            )
    direction = "too high" if count > expected else "too low"
    return False, (
        f"Not yet: your count is {direction}. A highlight is inside turn 4 when it "
        "starts at or after turn_4.start and ends at or before turn_4.end."
    )


def check_three_highlights(highlights: Any) -> Feedback:
    """:func:`judge_three_highlights` as a :class:`~closereading.course.exercises.Feedback`."""
    from closereading.course.exercises import Feedback

    return Feedback("04-three-highlights", *judge_three_highlights(highlights))


def check_turn_4_count(answer: Any) -> Feedback:
    """:func:`judge_turn_4_count` as a :class:`~closereading.course.exercises.Feedback`."""
    from closereading.course.exercises import Feedback

    return Feedback("04-turn-4-count", *judge_turn_4_count(answer))
