"""The highlighter's state without the widget: one reader's highlights, saved after every change,
with undo, the keyboard selection and the data the front end draws.

Kept apart from the widget so it can be read and tested without anywidget. Snapping a selection
to whole words inside one turn is :mod:`closereading.text.selection`'s; lanes for overlapping
highlights are :func:`closereading.views.highlights.assign_lanes`'s, as in the static view.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from closereading.annotation.model import (
    Annotation,
    AnnotationError,
    AnnotationFileError,
    AnnotationSet,
)
from closereading.annotation.taxonomy import Taxonomy
from closereading.base.paths import display_path
from closereading.base.strings import plural, shorten
from closereading.text.selection import Cursor, SelectionError, WordIndex
from closereading.views.highlights import assign_lanes
from closereading.views.style import NEUTRAL, UNDERLINE_GAP_PX


@dataclass(frozen=True)
class Change:
    """One change that undo can revert: ``kind`` is ``add``, ``remove`` or ``note``;
    ``annotation`` is the highlight as it was before the change (as made, for ``add``)."""

    kind: str
    annotation: Annotation


class HighlightSession:
    """Highlights saved to ``path`` after every change.

    If ``path`` holds a file that cannot be read, it is left untouched and the session saves to
    ``<name>-recovered.json`` beside it instead (loading that file if it exists and can be read);
    :attr:`problem` says what is wrong. If that fails too, :attr:`save_path` is None and nothing
    is saved.
    """

    def __init__(self, transcript: Any, path: Path, author: str, moves: Taxonomy) -> None:
        self.transcript = transcript
        self.moves = moves
        self.path = Path(path)
        self.problem = ""
        self.words = WordIndex(transcript)
        #: The keyboard selection (anchor and focus word indexes), kept after a highlight is made
        #: so the next arrow key starts from where the reader was.
        self.cursor: Cursor | None = None
        self._undo: list[Change] = []
        self.annotations, self.save_path = self._open(author)

    def _open(self, author: str) -> tuple[AnnotationSet, Path | None]:
        try:
            return self._load(self.path, author), self.path
        except (AnnotationFileError, OSError) as error:
            self.problem = f"{display_path(self.path)} could not be read: {_problem(error)}"
        recovered = self.path.with_name(f"{self.path.stem}-recovered.json")
        try:
            return self._load(recovered, author), recovered
        except (AnnotationFileError, OSError) as error:
            self.problem += (
                f"; {display_path(recovered)} could not be read either: {_problem(error)}"
            )
            return AnnotationSet(self.transcript, author=author, moves=self.moves), None

    def _load(self, path: Path, author: str) -> AnnotationSet:
        if not path.exists():
            return AnnotationSet(self.transcript, author=author, moves=self.moves)
        return AnnotationSet.load(path, self.transcript, moves=self.moves)

    # --- changes ---------------------------------------------------------------------------

    def add(self, move: str, start: int, end: int, note: str = "") -> Annotation:
        self.moves.get(move)  # an unknown move is named before anything else is checked
        try:
            start, end = self.words.snap(start, end)
        except SelectionError as error:  # one error type for every bad highlight
            raise AnnotationError(str(error)) from error
        annotation = self.annotations.add(move, start, end, note)
        self._record(Change("add", annotation))
        return annotation

    def remove(self, annotation_id: str) -> Annotation:
        annotation = self.annotations.remove(annotation_id)
        self._record(Change("remove", annotation))
        return annotation

    def update_note(self, annotation_id: str, note: str) -> Annotation:
        old = self.annotations.get(annotation_id)
        if note == old.note:
            return old
        new = self.annotations.update(annotation_id, note=note)
        self._record(Change("note", old))
        return new

    def undo(self) -> Change | None:
        """Revert the last change and return it (None if there is nothing to undo)."""
        if not self._undo:
            return None
        step = self._undo.pop()
        a = step.annotation
        if step.kind == "add":
            self.annotations.remove(a.id)
        elif step.kind == "note":
            self.annotations.update(a.id, note=a.note)
        else:
            self.annotations.restore(a)  # back under its own id and timestamps
        self.save()
        return step

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def _record(self, step: Change) -> None:
        self._undo.append(step)
        self.save()

    def save(self) -> Path | None:
        """Write the highlights to :attr:`save_path` (atomically, via ``AnnotationSet.save``)."""
        if self.save_path is None:
            return None
        return self.annotations.save(self.save_path)

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
                f" {plural(k, 'highlight')} {verb} the text; {kept} kept in the file, not shown."
            )
        if not self.problem:
            return status, ""
        error = (
            f"{self.problem}. That file is left untouched; fix or delete it, "
            "then run this cell again."
        )
        if self.save_path is not None:
            status += f" New highlights are saved to {display_path(self.save_path)} instead."
        else:
            status += " Highlights are NOT saved until the file is fixed."
        return status, error

    def summary(self) -> str:
        """How many highlights of which moves, and where they are saved (deterministic)."""
        counts = Counter(a.move for a in self.annotations)
        parts = ", ".join(f"{m} {counts[m]}" for m in self.moves.ids if counts[m])
        text = plural(len(self.annotations), "highlight") + (f" ({parts})" if parts else "")
        if self.save_path is None:
            return f"{text}; not saved ({display_path(self.path)} cannot be read)"
        return f"{text}; saved in {display_path(self.save_path)}"

    # --- what the front end draws ----------------------------------------------------------

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


def _problem(error: AnnotationFileError | OSError) -> str:
    if isinstance(error, AnnotationFileError):
        return error.problem
    return (error.strerror or str(error)).lower()


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
