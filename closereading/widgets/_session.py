"""The highlighter's state without the widget: one reader's highlights, saved after every change,
with undo, whole-word snapping and the data the front end draws.

Kept apart from the widget so it can be read and tested without anywidget.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
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


class WordIndex:
    """The transcript's words, for snapping a selection outward to whole words."""

    def __init__(self, transcript: Any) -> None:
        words = transcript.words
        self.starts = [w.start for w in words]
        self.ends = [w.end for w in words]
        self.turns = [w.turn for w in words]

    def snap(self, start: int, end: int) -> tuple[int, int]:
        """The smallest whole-word span covering every word that ``[start, end)`` touches.

        Raises ``AnnotationError`` if the span holds no word or runs across two turns.
        """
        for name, value in (("start", start), ("end", end)):
            if isinstance(value, bool) or not isinstance(value, int):
                raise AnnotationError(f"{name} must be a whole number, got {value!r}")
        if start >= end:
            raise AnnotationError("Select some words first (the selection is empty)")
        first = bisect_right(self.ends, start)  # first word ending after start
        last = bisect_left(self.starts, end) - 1  # last word starting before end
        if first > last:
            raise AnnotationError("Select at least one word inside a speaker's turn")
        if self.turns[first] != self.turns[last]:
            raise AnnotationError(
                "A highlight must stay inside one turn: select words from one speaker at a time"
            )
        return self.starts[first], self.ends[last]

    def flat(self) -> list[int]:
        """``[start0, end0, start1, end1, ...]``: compact for the front end."""
        return [n for pair in zip(self.starts, self.ends) for n in pair]


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
        start, end = self.words.snap(start, end)
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

    # --- what the front end draws ----------------------------------------------------------

    def records(self) -> list[dict[str, Any]]:
        return [
            {
                "id": a.id,
                "move": a.move,
                "start": a.start,
                "end": a.end,
                "quote": a.quote,
                "note": a.note,
            }
            for a in self.annotations
        ]


def _problem(error: AnnotationFileError | OSError) -> str:
    if isinstance(error, AnnotationFileError):
        return error.problem
    return (error.strerror or str(error)).lower()


def document_state(transcript: Any, words: WordIndex) -> dict[str, Any]:
    """The transcript as the front end needs it: text, parts, turns, sentences and words."""
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
        "sentences": [n for s in transcript.sentences for n in (s.start, s.end)],
        "words": words.flat(),
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
