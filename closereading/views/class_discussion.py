"""The passages worth discussing, as the class report and a notebook show them: each passage with
its counts and readings, the readers' notes on its words, and for a split passage one note for
each competing reading ("who would defend this?"), behind ``<details>`` so the page needs no
script.

Plain records in, escaped HTML out. :func:`attach_notes` and :func:`sides` only match records by
their offsets (a note belongs to every passage its highlight shares a character with); the
counting is done before (:mod:`closereading.analysis.discussion`).

>>> from closereading.analysis.discussion import Passage
>>> p = Passage("split", 0, 9, "we do not", 0, 3, 2, (("hedge", 1), ("booster", 1)))
>>> notes = [ReaderNote("Ana", "hedge", 0, 2, "we", "<i>softens</i>"),
...          ReaderNote("Ben", "booster", 20, 25, "never", "far off")]
>>> on, elsewhere = attach_notes([p], notes)
>>> [n.reader for n in on[(0, 9)]], [n.reader for n in elsewhere]
(['Ana'], ['Ben'])
>>> [(s.reading, s.note and s.note.note) for s in sides(p, {"Ana": {"hedge"}}, notes)]
[('hedge', '<i>softens</i>'), ('booster', None)]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from html import unescape as html_unescape
from typing import Any

from closereading.analysis.agreement import UNMARKED, value_of
from closereading.views.display import TextView

__all__ = [
    "DiscussionNotes",
    "ReaderNote",
    "Side",
    "attach_notes",
    "discussion_html",
    "discussion_view",
    "reading_label",
    "readings_on",
    "sides",
    "sides_html",
]

#: Headings and leads of the three lists, in the order the report shows them.
GROUPS = (
    ("split", "Where the class splits", "Many readers marked these words, and they chose "
     "different moves."),
    ("agreed", "Where the class agrees", "Most readers gave these words the same reading."),
    ("departures", "Where the class departs from the reference",
     "Half the class or more did not give a reference highlight its move, or marked words the "
     "reference leaves alone. Ranked by how many readers depart: for a reference highlight, the "
     "readers who gave none of its words the reference's move; for words the reference leaves "
     "alone, the most readers who marked any one of them."),
)  # fmt: skip


@dataclass(frozen=True)
class ReaderNote:
    """A reader's note on one of their highlights: who (a name, or a code when anonymised), the
    highlight's move and place, and the note."""

    reader: str
    move: str
    start: int
    end: int
    quote: str
    note: str


@dataclass(frozen=True)
class Side:
    """One competing reading of a split passage, and one note by a reader who gave it (None when
    none of them left a note)."""

    reading: str
    note: ReaderNote | None


@dataclass(frozen=True)
class DiscussionNotes:
    """The notes laid out for the passages: ``on`` each passage (keyed by ``(start, end)``),
    those on no passage shown (``elsewhere``), and each split passage's ``sides``."""

    on: Mapping[tuple[int, int], Sequence[ReaderNote]] = field(default_factory=dict)
    elsewhere: Sequence[ReaderNote] = ()
    sides: Mapping[tuple[int, int], Sequence[Side]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """How many notes there are, each counted once."""
        placed = {n for notes in self.on.values() for n in notes}
        return len(placed | set(self.elsewhere))


def _overlaps(note: ReaderNote, passage: Any) -> bool:
    return note.start < passage.end and passage.start < note.end


def attach_notes(
    passages: Iterable[Any], notes: Sequence[ReaderNote]
) -> tuple[dict[tuple[int, int], tuple[ReaderNote, ...]], tuple[ReaderNote, ...]]:
    """Each passage's notes (those whose highlight shares a character with it), in the order of
    ``notes``; and the notes that belong to none of the passages."""
    on: dict[tuple[int, int], tuple[ReaderNote, ...]] = {}
    placed: set[int] = set()
    for p in passages:
        found = [i for i, n in enumerate(notes) if _overlaps(n, p)]
        on[(p.start, p.end)] = tuple(notes[i] for i in found)
        placed.update(found)
    return on, tuple(n for i, n in enumerate(notes) if i not in placed)


def readings_on(
    passage: Any,
    labels: Mapping[str, Sequence[frozenset[str]]],
    words: Sequence[tuple[int, int]],
) -> dict[str, set[str]]:
    """The readings (:func:`~closereading.analysis.agreement.value_of`) each reader gave some
    word of ``passage``, from their word labels (one set of moves per word of ``words``)."""
    inside = [
        i for i, (start, end) in enumerate(words) if start < passage.end and passage.start < end
    ]
    return {
        reader: {value_of(values[i]) for i in inside if values[i]}
        for reader, values in labels.items()
    }


def sides(
    passage: Any, readings: Mapping[str, set[str]], notes: Sequence[ReaderNote]
) -> tuple[Side, ...]:
    """For each competing reading of ``passage`` (most readers first), the longest note left on
    these words, on a highlight of that reading's moves, by a reader who gave it (``readings``:
    :func:`readings_on`); the first such note on a tie."""
    found = []
    for reading, _ in passage.readings:
        moves = set(reading.split("+"))
        chose = {reader for reader, given in readings.items() if reading in given}
        candidates = [
            n
            for n in notes
            if n.reader in chose and n.move in moves and n.note.strip() and _overlaps(n, passage)
        ]
        best = max(candidates, key=lambda n: len(n.note.strip()), default=None)
        found.append(Side(reading, best))
    return tuple(found)


def reading_label(value: str, labels: Mapping[str, str]) -> str:
    """A reading in the taxonomy's words: ``'booster+hedge'`` -> ``'Booster + Hedge'``."""
    if value == UNMARKED:
        return value
    return " + ".join(labels.get(m, m) for m in value.split("+"))


def _readings(pairs: Sequence[tuple[str, int]], labels: Mapping[str, str]) -> str:
    shown = "; ".join(f"{escape(reading_label(v, labels))}: {n}" for v, n in pairs[:4]) or "none"
    if len(pairs) > 4:
        shown += f"; {len(pairs) - 4} other readings"
    return shown


def _quote(text: str) -> str:
    return escape(" ".join(text.split()))


def discussion_html(
    discussion: Any,
    labels: Mapping[str, str],
    notes: DiscussionNotes | None = None,
    *,
    notes_hint: bool = False,
) -> str:
    """The report's section: the three lists, each passage with its notes and (split) its sides.
    ``notes_hint``: say how to show the notes when there are none."""
    if discussion is None:
        return ""
    parts = []
    for key, heading, lead in GROUPS:
        passages = getattr(discussion, key)
        items = "".join(_passage(p, labels, notes) for p in passages) or "<p>None found.</p>"
        parts.append(f"<h3>{escape(heading)}</h3><p>{escape(lead)}</p>{items}")
    if notes is not None and notes.elsewhere:
        parts.append(_elsewhere(notes.elsewhere, labels))
    if notes is None and notes_hint:
        parts.insert(
            0,
            '<p class="small">The readers\' notes are not shown. Collect with <code>--notes</code> '
            "to show, under each passage, the notes readers left on its words and, for each "
            "reading of a split passage, a note by a reader who chose it.</p>",
        )
    return (
        '<section aria-labelledby="discuss"><h2 id="discuss">Passages worth discussing</h2>'
        + "".join(parts)
        + "</section>"
    )


def _passage(p: Any, labels: Mapping[str, str], notes: DiscussionNotes | None) -> str:
    reference = ", ".join(labels.get(m, m) for m in p.reference) or "not marked"
    extra = ""
    if notes is not None:
        if p.kind == "split":
            extra += sides_html(notes.sides.get((p.start, p.end), ()), labels)
        extra += _notes_on(notes.on.get((p.start, p.end), ()), labels)
    return (
        f'<div class="passage"><blockquote>{_quote(p.quote)}</blockquote>'
        f'<p class="small">Turn {p.turn + 1}. Marked by {p.marked} of {p.readers} readers. '
        f"Readings: {_readings(p.readings, labels)}.{_why_not(p)} Reference reading: "
        f"{escape(reference)}.{_departing(p)}</p>{extra}</div>"
    )


def sides_html(found: Sequence[Side], labels: Mapping[str, str], open_: bool = False) -> str:
    """Each competing reading with one note by a reader who chose it, no reader named, in a
    ``<details>`` element (``open_``: shown open)."""
    if not found:
        return ""
    items = "".join(
        f"<li><strong>{escape(reading_label(s.reading, labels))}</strong>: "
        + (
            f"<q>{escape(' '.join(s.note.note.split()))}</q> "
            f'<span class="small">(on &ldquo;{_quote(s.note.quote)}&rdquo;)</span>'
            if s.note is not None
            else "no reader who chose it left a note here."
        )
        + "</li>"
        for s in found
    )
    return (
        f'<details class="sides"{" open" if open_ else ""}><summary>For discussion: who would '
        'defend each reading?</summary><p class="small">For each reading, the longest note a '
        "reader who gave it left on these words, without their name.</p>"
        f"<ul>{items}</ul></details>"
    )


def _note_item(n: ReaderNote, labels: Mapping[str, str], quote: bool = True) -> str:
    where = f" on &ldquo;{_quote(n.quote)}&rdquo;" if quote else ""
    return (
        f"<li><strong>{escape(n.reader)}</strong> ({escape(labels.get(n.move, n.move))}{where}): "
        f"{escape(' '.join(n.note.split()))}</li>"
    )


def _notes_on(found: Sequence[ReaderNote], labels: Mapping[str, str]) -> str:
    if not found:
        return ""
    items = "".join(_note_item(n, labels) for n in found)
    return (
        f'<details class="notes"><summary>Readers\' notes on these words ({len(found)})'
        f"</summary><ul>{items}</ul></details>"
    )


def _elsewhere(found: Sequence[ReaderNote], labels: Mapping[str, str]) -> str:
    items = "".join(_note_item(n, labels) for n in sorted(found, key=lambda n: n.start))
    return (
        f'<details class="notes"><summary>Notes on other passages ({len(found)}), in the order '
        f"of the text</summary><ul>{items}</ul></details>"
    )


def _why_not(p: Any) -> str:
    """Why the readings' counts do not add up to the readers who marked the passage."""
    if getattr(p, "adds_up", True) or not p.readings:
        return ""
    total = sum(n for _, n in p.readings)
    return (
        f" (These add up to {total}, not {p.marked}: each is the most readers who gave one word "
        "that reading, and a reader who gave these words two moves, or marked only some of "
        "them, can be counted under more than one.)"
    )


def _departing(p: Any) -> str:
    if p.kind not in ("class-only", "reference-only"):
        return ""
    return f" {p.departing} of {p.readers} readers depart from it."


def discussion_view(discussion: Any, labels: Mapping[str, str] | None = None) -> TextView:
    """The passages worth discussing, for a notebook: the report's section as HTML, and as text
    each passage's quotation with its counts and readings."""
    labels = labels or {}
    lines = []
    for key, heading, _ in GROUPS:
        passages = getattr(discussion, key)
        lines.append(heading)
        for p in passages or ():
            reference = ", ".join(labels.get(m, m) for m in p.reference) or "not marked"
            lines.append(f"  “{' '.join(p.quote.split())}” (turn {p.turn + 1})")
            lines.append(f"    marked by {p.marked} of {p.readers}; readings: "
                         f"{html_unescape(_readings(p.readings, labels))}; reference: {reference}")  # fmt: skip
        if not passages:
            lines.append("  none found")
    return TextView("\n".join(lines), discussion_html(discussion, labels))
