"""The highlighter's state without the widget: one reader's highlights, saved after every change,
with undo, the keyboard selection and the data the front end draws.

Kept apart from the widget so it can be read and tested without anywidget. Snapping a selection
to whole words inside one turn is :mod:`closereading.text.selection`'s; lanes for overlapping
highlights are :func:`closereading.views.highlights.assign_lanes`'s, as in the static view.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from closereading.annotation.model import Annotation, AnnotationError, AnnotationSet
from closereading.annotation.taxonomy import Taxonomy
from closereading.base.paths import display_path
from closereading.base.strings import plural, shorten
from closereading.text.selection import Cursor, SelectionError, WordIndex
from closereading.views.highlights import assign_lanes
from closereading.views.style import NEUTRAL, UNDERLINE_GAP_PX
from closereading.widgets._file_session import FileSession


class HighlightSession(FileSession[Annotation]):
    """Highlights saved to ``path`` after every change (:class:`FileSession`: the merge with
    another window's saves, recovery of a damaged file, undo), with the keyboard selection."""

    def __init__(self, transcript: Any, path: Path, author: str, moves: Taxonomy) -> None:
        self.transcript = transcript
        self.moves = moves
        self.words = WordIndex(transcript)
        #: The keyboard selection (anchor and focus word indexes), kept after a highlight is made
        #: so the next arrow key starts from where the reader was.
        self.cursor: Cursor | None = None
        self.annotations = AnnotationSet(transcript, author=author, moves=moves)
        super().__init__(path, self.annotations.kind(), self.annotations)

    # --- changes ---------------------------------------------------------------------------

    def _snap(self, start: int, end: int) -> tuple[int, int]:
        try:
            return self.words.snap(start, end)
        except SelectionError as error:  # one error type for every bad highlight
            raise AnnotationError(str(error)) from error

    def add(self, move: str, start: int, end: int, note: str = "") -> Annotation:
        self.moves.get(move)  # an unknown move is named before anything else is checked
        start, end = self._snap(start, end)
        return self.change("add", lambda: self.annotations.add(move, start, end, note))

    def remove(self, annotation_id: str) -> Annotation:
        return self.change("remove", lambda: self.annotations.remove(annotation_id))

    def update_note(self, annotation_id: str, note: str) -> Annotation:
        old = self.annotations.get(annotation_id)
        if note == old.note:
            return old
        return self.change("note", lambda: self.annotations.update(annotation_id, note=note))

    def reattach(self, annotation_id: str, start: int, end: int) -> Annotation:
        """Anchor the orphan ``annotation_id`` to ``text[start:end]``, snapped to whole words in
        one turn like a new highlight; its move, note and id are kept. Saved at once."""
        self._orphan(annotation_id)
        start, end = self._snap(start, end)
        return self.change(
            "reattach", lambda: self.annotations.update(annotation_id, start=start, end=end)
        )

    def delete_orphan(self, annotation_id: str) -> Annotation:
        """Delete the orphan ``annotation_id`` (undo brings it back, still an orphan)."""
        self._orphan(annotation_id)
        return self.change("remove", lambda: self.annotations.remove(annotation_id))

    def _orphan(self, annotation_id: str) -> Annotation:
        for orphan in self.annotations.orphans:
            if orphan.id == annotation_id:
                return orphan
        raise AnnotationError(
            f"{annotation_id!r} is not a highlight that no longer matches the text"
        )

    # --- what the reader is told --------------------------------------------------------------

    def opening_messages(self) -> tuple[str, str]:
        """The status and error to show when the widget opens."""
        n = len(self.annotations)
        if self.save_path is None:
            status = f"{plural(n, 'highlight')}."
        elif n:
            status = f"Loaded {plural(n, 'highlight')} from {display_path(self.save_path)}."
        else:
            status = (
                f"No highlights yet. They are saved to {display_path(self.save_path)} as you go."
            )
        if self.annotations.orphans:
            k = len(self.annotations.orphans)
            verb, kept = (
                ("no longer matches", "it is") if k == 1 else ("no longer match", "they are")
            )
            status += (
                f" {plural(k, 'highlight')} {verb} the text; {kept} kept in the file and"
                " listed below the text, to re-attach or delete."
            )
        return self.told(status, "highlights")

    def summary(self) -> str:
        """How many highlights of which moves, and where they are saved (deterministic)."""
        counts = Counter(a.move for a in self.annotations)
        parts = ", ".join(f"{m} {counts[m]}" for m in self.moves.ids if counts[m])
        text = plural(len(self.annotations), "highlight") + (f" ({parts})" if parts else "")
        return f"{text}; {self.saved_where()}"

    # --- what the front end draws ----------------------------------------------------------

    def orphan_records(self) -> list[dict[str, Any]]:
        """The highlights that no longer match the text, for the list the reader re-attaches or
        deletes them from: ``id``, ``move``, ``label``, ``quote``, ``short_quote``, ``note``."""
        return [
            {
                "id": o.id,
                "move": o.move,
                "label": self.moves.get(o.move).label,
                "quote": o.quote,
                "short_quote": shorten(o.quote),
                "note": o.note,
            }
            for o in self.annotations.orphans
        ]

    def records(self) -> list[dict[str, Any]]:
        """The highlights in the static view's order, each with its underline ``lane`` (the same
        as the static view's) and the ``short_quote`` that labels and lists show."""
        ordered = sorted(self.annotations, key=lambda a: (a.start, a.end, a.move))
        lanes = assign_lanes([(a.start, a.end) for a in ordered])
        return [
            {
                "id": a.id,
                "move": a.move,
                "start": a.start,
                "end": a.end,
                "quote": a.quote,
                "short_quote": shorten(a.quote),
                "note": a.note,
                "lane": lane,
            }
            for a, lane in zip(ordered, lanes)
        ]


def document_state(transcript: Any) -> dict[str, Any]:
    """The transcript as the front end draws it (text, parts, turns) and the drawing constants
    it shares with the static view."""
    return {
        "id": transcript.id,
        "title": transcript.title,
        "text": transcript.text,
        "parts": [{"kind": p.kind, "start": p.start, "end": p.end} for p in transcript.parts],
        "turns": [
            {
                "index": t.index,
                "speaker": t.speaker,
                "role": t.role,
                "start": t.start,
                "end": t.end,
                "label_start": t.label_start,
                "label": transcript.text[t.label_start : t.start].strip(),
            }
            for t in transcript.turns
        ],
        "style": {"neutral": NEUTRAL, "underline_gap_px": UNDERLINE_GAP_PX},
    }


def palette_state(moves: Taxonomy) -> list[dict[str, str]]:
    """The moves as the palette and legend show them, in taxonomy order."""
    families = {f.id: f.label for f in moves.families}
    return [
        {
            "id": m.id,
            "label": m.label,
            "family": m.family,
            "family_label": families[m.family],
            "definition": m.definition,
            "colour": m.colour,
            "marker": m.marker,
            "symbol": m.symbol,
            "key": m.key,
        }
        for m in moves
    ]
