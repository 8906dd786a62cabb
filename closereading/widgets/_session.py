"""The highlighter's state without the widget: one reader's highlights, saved after every change,
with undo, the keyboard selection and the data the front end draws.

Kept apart from the widget so it can be read and tested without anywidget. Snapping a selection
to whole words inside one turn is :mod:`closereading.text.selection`'s; lanes for overlapping
highlights are :func:`closereading.views.highlights.assign_lanes`'s, as in the static view.
"""

# Size: about 350 lines; opening (with recovery), changing, undo, orphans and what the reader is
# told are one session's state. The merge and the recovery themselves live in annotation/.

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
from closereading.annotation.recovery import (
    RecoveryResult,
    Source,
    inspect,
    recover,
    recovered_path,
)
from closereading.annotation.sync import SaveResult
from closereading.annotation.taxonomy import Taxonomy
from closereading.base.files import backup_path, file_lock, remove_stale_temps
from closereading.base.paths import display_path
from closereading.base.strings import plural, shorten
from closereading.text.selection import Cursor, SelectionError, WordIndex
from closereading.views.highlights import assign_lanes
from closereading.views.style import NEUTRAL, UNDERLINE_GAP_PX


@dataclass(frozen=True)
class Change:
    """One change that undo can revert: ``kind`` is ``add``, ``remove``, ``note`` or
    ``reattach``; ``annotation`` is the highlight as it was before the change (as made, for
    ``add``; the orphan, for ``reattach`` and for the removal of an orphan)."""

    kind: str
    annotation: Annotation


class HighlightSession:
    """Highlights saved to ``path`` after every change.

    Every save merges with what another window saved to the same file meanwhile
    (:mod:`closereading.annotation.sync`); :meth:`save` returns the
    :class:`~closereading.annotation.sync.SaveResult` and :meth:`save_message` says it in words.

    If ``path`` holds a file that cannot be read, it is left untouched and the session saves to
    ``<name>-recovered.json`` beside it instead (loading that file if it exists and can be read);
    :attr:`problem` says what is wrong, and :meth:`recover` merges the file, its ``.bak`` and the
    recovered file into a good file and reopens it. If ``path`` is gone but the recovered file
    is there (the student deleted the damaged file), that recovery runs on opening and
    :attr:`notice` says so. If nothing can be read, :attr:`save_path` is None and nothing is
    saved. Temporary files left by a killed save are removed on opening.
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
        #: What opening did that the reader should know (a recovery), "" if nothing.
        self.notice = ""
        #: What the last save did (None before the first save, or when it failed).
        self.last_save: SaveResult | None = None
        self.annotations, self.save_path = self._open(author)

    def _open(self, author: str) -> tuple[AnnotationSet, Path | None]:
        recovered = recovered_path(self.path)
        for path in (self.path, recovered):
            _remove_stale_temps(path)
        try:
            if recovered.exists() and not self.path.exists():
                self.notice = recover(self.path, self.transcript, self.moves).message()
            return self._load(self.path, author), self.path
        except (AnnotationFileError, OSError) as error:
            self.problem = f"{display_path(self.path)} could not be read: {_problem(error)}"
        try:
            return self._load(recovered, author), recovered
        except (AnnotationFileError, OSError) as error:
            self.problem += (
                f"; {display_path(recovered)} could not be read either: {_problem(error)}"
            )
            return AnnotationSet(self.transcript, author=author, moves=self.moves), None

    def _load(self, path: Path, author: str) -> AnnotationSet:
        if not path.exists():
            fresh = AnnotationSet(self.transcript, author=author, moves=self.moves)
            fresh.bind(path)  # a file another window creates meanwhile is merged, not overwritten
            return fresh
        return AnnotationSet.load(path, self.transcript, moves=self.moves)

    def recover(self) -> RecoveryResult:
        """Merge ``path``, its ``.bak`` and its recovered file into a good ``path`` (the damaged
        file is kept aside, renamed; nothing is deleted), then reopen on it. Highlights made in
        this session are saved first, so they are part of the merge."""
        if self.save_path is not None:
            self.save()
        result = recover(self.path, self.transcript, self.moves)
        self.problem, self.notice = "", result.message()
        self.annotations = AnnotationSet.load(self.path, self.transcript, moves=self.moves)
        self.save_path = self.path
        self._undo.clear()
        return result

    def sources(self) -> list[Source]:
        """What the file, its ``.bak`` and its recovered file hold (for a recovery view)."""
        return inspect(self.path, self.transcript, self.moves)

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

    def reattach(self, annotation_id: str, start: int, end: int) -> Annotation:
        """Anchor the orphan ``annotation_id`` to ``text[start:end]``, snapped to whole words in
        one turn like a new highlight; its move, note and id are kept. Saved at once."""
        orphan = self._orphan(annotation_id)
        try:
            start, end = self.words.snap(start, end)
        except SelectionError as error:
            raise AnnotationError(str(error)) from error
        annotation = self.annotations.update(annotation_id, start=start, end=end)
        self._record(Change("reattach", orphan))
        return annotation

    def delete_orphan(self, annotation_id: str) -> Annotation:
        """Delete the orphan ``annotation_id`` (undo brings it back, still an orphan)."""
        orphan = self._orphan(annotation_id)
        self.annotations.remove(annotation_id)
        self._record(Change("remove", orphan))
        return orphan

    def _orphan(self, annotation_id: str) -> Annotation:
        for orphan in self.annotations.orphans:
            if orphan.id == annotation_id:
                return orphan
        raise AnnotationError(
            f"{annotation_id!r} is not a highlight that no longer matches the text"
        )

    def undo(self) -> Change | None:
        """Revert the last change and return it (None if there is nothing to undo)."""
        if not self._undo:
            return None
        step = self._undo.pop()
        a = step.annotation
        current = {x.id: x for x in (*self.annotations, *self.annotations.orphans)}
        if step.kind == "add":
            current.pop(a.id, None)  # another window may have deleted it already
        else:  # back under its own id and timestamps, an orphan again if it was one
            current[a.id] = a
        self.annotations.replace_all(list(current.values()))
        self.save()
        return step

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def _record(self, step: Change) -> None:
        self._undo.append(step)
        self.save()

    def save(self) -> SaveResult | None:
        """Write the highlights to :attr:`save_path` (atomically, merged with another window's
        changes, via ``AnnotationSet.save``); None when there is nowhere to save."""
        self.last_save = None
        if self.save_path is None:
            return None
        self.annotations.save(self.save_path)
        self.last_save = self.annotations.last_save
        return self.last_save

    def save_message(self) -> str:
        """What the last save merged from another window, as a sentence ("" if nothing)."""
        return self.last_save.message() if self.last_save is not None else ""

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
        if self.notice:
            status = f"{self.notice} {status}"
        if not self.problem:
            return status, ""
        error = (
            f"{self.problem}. That file is left untouched. Its backup "
            f"{display_path(backup_path(self.path))} and the recovered file may hold more of your "
            f"work: run `closereading recover {display_path(self.path)}` (or the widget's "
            "Recover button) to merge all three into a good file; nothing is deleted."
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


def _remove_stale_temps(path: Path) -> None:
    """Clear what killed saves left beside ``path``; opening goes on if the lock is busy."""
    if not path.parent.is_dir():
        return
    try:
        with file_lock(path, timeout=2):
            remove_stale_temps(path)
    except OSError:  # another window is saving, or the folder is read-only: try next time
        return


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
