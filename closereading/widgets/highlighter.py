"""The rhetorical-move highlighter: select words in the interview, tag them with a move.

Python is the source of truth. Every change is saved at once (atomically) to the student's file,
and everything the browser can do, Python can do too, so the widget runs and tests without one:

>>> from closereading.widgets import Highlighter          # doctest: +SKIP
>>> h = Highlighter(author="ana")                          # doctest: +SKIP
>>> start = h.document["text"].index("we don’t believe")   # doctest: +SKIP
>>> h.add("hedge", start, start + 10).quote                # snapped to whole words  # doctest: +SKIP
'we don’t believe'
>>> h.status                                               # doctest: +SKIP
'Added Hedge: “we don’t believe”. Saved 1 highlight to work/annotations/ana.json.'

The front end sends custom messages, each a dict with a ``type``:
``{"type": "add", "move", "start", "end"}``, ``{"type": "remove", "id"}``,
``{"type": "note", "id", "note"}`` and ``{"type": "undo"}``. Python answers by updating traits;
a message that fails sets ``error`` instead.
"""

from __future__ import annotations

from collections import Counter
from html import escape
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from closereading.analysis.agreement import MATCH_RULE, Comparison, compare_readings
from closereading.annotation.model import (
    Annotation,
    AnnotationError,
    AnnotationFileError,
    AnnotationSet,
)
from closereading.annotation.taxonomy import Taxonomy, UnknownMoveError, find_cues, load_moves
from closereading.base.paths import REFERENCE_PATH, annotation_path, display_path
from closereading.text.transcript import Transcript, load_interview
from closereading.views.highlights import highlight_html

from ._session import HighlightSession, document_state, palette_state

__all__ = ["REFERENCE_PATH", "Highlighter"]

_STATIC = Path(__file__).parent / "static"

# What a message from the browser may fail with; anything else is a bug and should surface.
_EXPECTED = (AnnotationError, AnnotationFileError, UnknownMoveError, KeyError, OSError)


class Highlighter(anywidget.AnyWidget):
    """Highlight rhetorical moves in a transcript; saved to ``work/annotations/<author>.json``.

    Args:
        transcript: the transcript to read (the course's interview by default).
        path: where the highlights are saved (``closereading.base.paths.annotation_path(author)``).
        author: whose reading this is.
        show_reference: show the reference reading and the agreement figures at once.
        moves: the move taxonomy (the course's by default).
        reference_path: the reference reading to compare with.
    """

    _esm = _STATIC / "highlighter.js"
    _css = _STATIC / "highlighter.css"

    document = traitlets.Dict().tag(sync=True)
    moves = traitlets.List().tag(sync=True)
    annotations = traitlets.List().tag(sync=True)
    selection = traitlets.List(traitlets.Int(), maxlen=2).tag(sync=True)
    show_cues = traitlets.Bool(False).tag(sync=True)
    cues = traitlets.List().tag(sync=True)
    show_reference = traitlets.Bool(False).tag(sync=True)
    reference = traitlets.Dict().tag(sync=True)
    can_undo = traitlets.Bool(False).tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)
    error = traitlets.Unicode("").tag(sync=True)

    def __init__(
        self,
        transcript: Transcript | None = None,
        path: str | Path | None = None,
        author: str = "student",
        show_reference: bool = False,
        *,
        moves: Taxonomy | None = None,
        reference_path: str | Path | None = None,
        **kwargs: Any,
    ) -> None:
        transcript = transcript if transcript is not None else load_interview()
        self._taxonomy = moves if moves is not None else load_moves()
        self._session = HighlightSession(
            transcript,
            Path(path) if path is not None else annotation_path(author),
            author,
            self._taxonomy,
        )
        self._reference_path = Path(reference_path) if reference_path else REFERENCE_PATH
        self._reference_set: AnnotationSet | None = None
        super().__init__(
            document=document_state(transcript, self._session.words),
            moves=palette_state(self._taxonomy),
            **kwargs,
        )
        self.on_msg(self._handle_message)
        self.observe(self._on_show_cues, names=["show_cues"])
        self.observe(self._on_show_reference, names=["show_reference"])
        self._sync()
        self.status, self.error = self._opening_messages()
        self.show_reference = show_reference

    # --- the Python API --------------------------------------------------------------------

    @property
    def annotations_set(self) -> AnnotationSet:
        """The highlights as an ``AnnotationSet`` (for analyses; change them through the widget)."""
        return self._session.annotations

    @property
    def transcript(self) -> Transcript:
        return self._session.transcript

    @property
    def path(self) -> Path | None:
        """The file the highlights are saved to (None when no file can be written)."""
        return self._session.save_path

    def add(self, move: str, start: int, end: int, note: str = "") -> Annotation:
        """Highlight ``text[start:end]``, widened to whole words, as ``move``; saved at once."""
        try:
            annotation = self._session.add(move, start, end, note)
        finally:
            self._sync()
        self.selection = []
        self._done(f"Added {self._label(annotation)}.")
        return annotation

    def remove(self, annotation_id: str) -> Annotation:
        """Delete a highlight; saved at once."""
        try:
            annotation = self._session.remove(annotation_id)
        finally:
            self._sync()
        self._done(f"Deleted {self._label(annotation)}.")
        return annotation

    def update_note(self, annotation_id: str, note: str) -> Annotation:
        """Replace a highlight's note; saved at once."""
        try:
            annotation = self._session.update_note(annotation_id, note)
        finally:
            self._sync()
        self._done(f"Saved the note on {self._label(annotation)}.")
        return annotation

    def undo(self) -> bool:
        """Revert the last add, delete or note change; saved at once. False if there was none."""
        try:
            change = self._session.undo()
        finally:
            self._sync()
        if change is None:
            self.status, self.error = "Nothing to undo.", ""
            return False
        what = {"add": "adding", "remove": "deleting", "note": "the note change on"}[change.kind]
        self._done(f"Undid {what} {self._label(change.annotation)}.")
        return True

    def select(self, start: int, end: int) -> tuple[int, int]:
        """Select ``text[start:end]`` widened to whole words; returns the snapped span."""
        start, end = self._session.words.snap(start, end)
        self.selection = [start, end]
        return start, end

    def compare(self) -> Comparison:
        """Show the reference reading beside the student's, with agreement figures per move.

        Raises ``AnnotationFileError`` or ``FileNotFoundError`` if the reference cannot be read.
        """
        result = self._comparison()
        self.show_reference = True
        return result

    def static_html(self) -> str:
        """What a static notebook viewer shows: the transcript with the highlights, escaped."""
        caption = (
            f'<p style="margin: 0 0 0.8em"><strong>Rhetorical-move highlighter</strong> '
            f"(static view; run the notebook to highlight): {escape(self._summary())}</p>"
        )
        return caption + highlight_html(self.transcript, self._session.annotations, self._taxonomy)

    def __repr__(self) -> str:
        return f"Highlighter for {self.transcript.id!r} — {self._summary()}"

    def _repr_mimebundle_(self, **kwargs: Any) -> tuple[dict, dict] | None:
        # Keep the live widget view; add a deterministic text and HTML fallback for static
        # viewers and nbval (no paths outside the course, no times, no memory addresses).
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is None:
            return None
        data, metadata = bundle
        return {**data, "text/plain": repr(self), "text/html": self.static_html()}, metadata

    # --- messages from the browser ---------------------------------------------------------

    def _handle_message(self, _widget: Any, content: Any, _buffers: Any = None) -> None:
        kind = content.get("type") if isinstance(content, dict) else None
        handler = _MESSAGES.get(kind)
        if handler is None:
            self.error = f"The highlighter got a message it does not know: {kind!r}"
            return
        try:
            handler(self, content)
        except _EXPECTED as error:
            self.error = _message(error)

    # --- keeping traits in step with the session ------------------------------------------

    def _sync(self) -> None:
        self.annotations = self._session.records()
        self.can_undo = self._session.can_undo
        if self.show_reference:
            self._show_comparison()

    def _done(self, what: str) -> None:
        if self._session.save_path is None:
            self.status = f"{what} Not saved: {self._session.problem}"
            return
        n = len(self._session.annotations)
        where = display_path(self._session.save_path)
        self.status = f"{what} Saved {n} highlight{'s' * (n != 1)} to {where}."
        self.error = ""

    def _opening_messages(self) -> tuple[str, str]:
        session = self._session
        n = len(session.annotations)
        if session.save_path is None:
            status = f"{n} highlight{'s' * (n != 1)}."
        elif n:
            status = f"Loaded {n} highlight{'s' * (n != 1)} from {display_path(session.save_path)}."
        else:
            status = (
                f"No highlights yet. They are saved to {display_path(session.save_path)} as you go."
            )
        if session.annotations.orphans:
            k = len(session.annotations.orphans)
            status += (
                f" {k} highlight{'s' * (k != 1)} no longer match the text; "
                "they are kept in the file, not shown."
            )
        if not session.problem:
            return status, ""
        error = f"{session.problem}. That file is left untouched; fix or delete it, then run this cell again."
        if session.save_path is not None:
            status += f" New highlights are saved to {display_path(session.save_path)} instead."
        else:
            status += " Highlights are NOT saved until the file is fixed."
        return status, error

    def _summary(self) -> str:
        counts = Counter(a.move for a in self._session.annotations)
        n = sum(counts.values())
        parts = ", ".join(f"{m} {counts[m]}" for m in self._taxonomy.ids if counts[m])
        text = f"{n} highlight{'s' * (n != 1)}" + (f" ({parts})" if parts else "")
        if self._session.save_path is None:
            return f"{text}; not saved ({display_path(self._session.path)} cannot be read)"
        return f"{text}; saved in {display_path(self._session.save_path)}"

    def _label(self, annotation: Annotation) -> str:
        return f"{self._taxonomy.get(annotation.move).label}: “{_short(annotation.quote)}”"

    def _on_show_cues(self, change: dict) -> None:
        self.cues = (
            [
                {"move": c.move, "start": c.start, "end": c.end, "cue": c.cue}
                for c in find_cues(self.transcript, taxonomy=self._taxonomy)
            ]
            if change["new"]
            else []
        )

    def _on_show_reference(self, change: dict) -> None:
        self._show_comparison()

    def _show_comparison(self) -> None:
        if not self.show_reference:
            self.reference = {}
            return
        try:
            result = self._comparison()
        except (AnnotationFileError, OSError) as error:
            self.reference = {}
            self.error = f"The reference reading cannot be shown: {_message(error)}"
            return
        self.reference = _reference_state(
            result, self._reference_set, self._reference_path, self._taxonomy
        )

    def _comparison(self) -> Comparison:
        if self._reference_set is None:
            self._reference_set = AnnotationSet.load(
                self._reference_path, self.transcript, moves=self._taxonomy
            )
        return compare_readings(self._session.annotations, self._reference_set, self._taxonomy.ids)


def _add(widget: Highlighter, content: dict) -> None:
    widget.add(
        content.get("move"), content.get("start"), content.get("end"), content.get("note", "")
    )


def _remove(widget: Highlighter, content: dict) -> None:
    widget.remove(_id(content))


def _note(widget: Highlighter, content: dict) -> None:
    widget.update_note(_id(content), content.get("note", ""))


def _id(content: dict) -> str:
    annotation_id = content.get("id")
    if not isinstance(annotation_id, str):
        raise AnnotationError(f"a highlight id must be text, got {annotation_id!r}")
    return annotation_id


def _undo(widget: Highlighter, content: dict) -> None:
    widget.undo()


_MESSAGES = {"add": _add, "remove": _remove, "note": _note, "undo": _undo}


def _message(error: BaseException) -> str:
    if isinstance(error, KeyError) and not isinstance(error, UnknownMoveError) and error.args:
        return str(error.args[0])
    if isinstance(error, OSError) and error.filename:
        return f"could not write {display_path(Path(error.filename))}: {error.strerror}"
    return str(error)


def _short(quote: str, limit: int = 60) -> str:
    quote = " ".join(quote.split())
    return quote if len(quote) <= limit else quote[: limit - 1].rstrip() + "…"


def _reference_state(
    result: Comparison, reference: AnnotationSet | None, path: Path, moves: Taxonomy
) -> dict[str, Any]:
    """The comparison as the front end draws it, with its wording written here once."""

    def move_info(move_id: str) -> dict[str, str]:
        move = moves.get(move_id)
        return {
            "move": move.id,
            "label": move.label,
            "symbol": move.symbol,
            "colour": move.colour,
            "marker": move.marker,
        }

    rows = []
    for row in result.moves:
        rows.append(
            {
                **move_info(row.move),
                "student": row.student,
                "reference": row.reference,
                "found": row.found,
                "agreeing": row.agreeing,
                "summary": _row_summary(row.student, row.reference, row.found, row.agreeing),
            }
        )
    passages = []
    for p in result.passages:
        a = p.reference
        passages.append(
            {
                **move_info(a.move),
                "id": a.id,
                "start": a.start,
                "end": a.end,
                "quote": a.quote,
                "note": a.note,
                "status": p.status,
                "student_labels": [moves.get(m).label for m in p.student_moves],
            }
        )
    total = result.total
    return {
        "author": reference.author if reference is not None else "",
        "source": display_path(path),
        "rule": MATCH_RULE,
        "moves": rows,
        "total": {
            "student": total.student,
            "reference": total.reference,
            "found": total.found,
            "agreeing": total.agreeing,
            "summary": _row_summary(total.student, total.reference, total.found, total.agreeing),
        },
        "passages": passages,
    }


def _row_summary(student: int, reference: int, found: int, agreeing: int) -> str:
    """One row of figures in words: "You found 2 of the reference's 3; 2 of your 4 match it."."""
    if not reference:
        return f"The reference marks none here; you marked {student}."
    found_text = f"You found {found} of the reference's {reference}"
    if not student:
        return f"{found_text}."
    if student == 1:
        return f"{found_text}; yours {'matches' if agreeing else 'does not match'} it."
    return f"{found_text}; {agreeing} of your {student} match it."
