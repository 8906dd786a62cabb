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

The front end reports what the reader does as custom messages, each a dict with a ``type``:
``{"type": "select", "start", "end", "backward"}`` (the raw offsets of a mouse selection, or of
"Show in text"), ``{"type": "step", "by": "word" | "sentence", "forward", "extend"}`` (an arrow
key), ``{"type": "clear"}``, ``{"type": "tag", "move"}`` (tag what is selected), ``{"type": "add", "move", "start",
"end"}``, ``{"type": "remove", "id"}``, ``{"type": "note", "id", "note"}`` and
``{"type": "undo"}``, ``{"type": "reattach", "id"}`` (anchor a highlight that no longer matches
the text to the selected words), ``{"type": "recover"}`` (merge a damaged file, its backup and the
recovered file into a good one) and ``{"type": "ping"}``. Python snaps every selection (:mod:`closereading.text.selection`) and
answers by updating traits; a message that fails sets ``error`` instead. Messages are handled in
the order they were sent, so a move key pressed right after a drag tags the dragged words even
before the browser has heard back. A message with a ``seq`` is answered when it has been handled
(:mod:`._saved`), so the front end says "Saved" only once Python has written the file, and
notices when the kernel has gone.

Highlights whose quote is no longer in the text (orphans) are listed in ``orphans``; each can be
re-attached to a new selection or deleted:

>>> h.orphans                                              # doctest: +SKIP
[{'id': 'a7', 'move': 'hedge', 'label': 'Hedge', 'quote': 'we do not believe', ...}]
>>> h.select(start, start + 16); h.reattach("a7").quote     # doctest: +SKIP
'we don’t believe'

Longer than the course's ~300-line guide: the widget's whole Python API (each method a few
lines that call the session and word the status) reads best in one class.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import traitlets

from closereading.analysis.agreement import Comparison
from closereading.annotation.model import (
    Annotation,
    AnnotationError,
    AnnotationFileError,
    AnnotationSet,
)
from closereading.annotation.taxonomy import Taxonomy, UnknownMoveError, find_cues, load_moves
from closereading.base.paths import REFERENCE_PATH, annotation_path, display_path
from closereading.base.strings import plural, shorten
from closereading.base.student import author_or_name
from closereading.base.workfile import WorkFileError
from closereading.text.selection import SelectionError
from closereading.text.transcript import Transcript, load_interview
from closereading.views.highlights import highlight_html

from ._comparison import ReferenceReading
from ._frontend import STATIC as _STATIC
from ._frontend import module
from ._saved import TextWidget, explain, whole
from ._session import HighlightSession, document_state, palette_state

__all__ = ["REFERENCE_PATH", "Highlighter"]


class Highlighter(TextWidget):
    """Highlight rhetorical moves in a transcript; saved to ``work/annotations/<author>.json``.

    Args:
        transcript: the transcript to read (the course's interview by default).
        path: where the highlights are saved (``closereading.base.paths.annotation_path(author)``).
        author: whose reading this is.
        show_reference: show the reference reading and the agreement figures at once.
        moves: the move taxonomy (the course's by default).
        reference_path: the reference reading to compare with.
    """

    _esm = module("highlighter")
    _css = _STATIC / "highlighter.css"
    EDITS = frozenset({"tag", "add", "remove", "note", "undo", "reattach", "recover"})
    EXPECTED = (
        AnnotationError,
        WorkFileError,
        SelectionError,
        UnknownMoveError,
        KeyError,
        OSError,
    )
    NAME = "The highlighter"
    SHARE_KIND = "highlights"

    moves: traitlets.List[dict[str, Any]] = traitlets.List().tag(sync=True)
    annotations: traitlets.List[dict[str, Any]] = traitlets.List().tag(sync=True)
    orphans: traitlets.List[dict[str, Any]] = traitlets.List().tag(sync=True)
    show_cues = traitlets.Bool(False).tag(sync=True)
    cues: traitlets.List[dict[str, Any]] = traitlets.List().tag(sync=True)
    show_reference = traitlets.Bool(False).tag(sync=True)
    reference = traitlets.Dict().tag(sync=True)
    can_recover = traitlets.Bool(False).tag(sync=True)

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
        author = author_or_name(author)  # "student": the name given once, in notebook 00
        self._author = author
        self._session = HighlightSession(
            transcript,
            Path(path) if path is not None else annotation_path(author),
            author,
            self._taxonomy,
        )
        self._reference = ReferenceReading(
            Path(reference_path) if reference_path else REFERENCE_PATH, transcript, self._taxonomy
        )
        super().__init__(
            document=document_state(transcript), moves=palette_state(self._taxonomy), **kwargs
        )
        self.observe(self._on_show_cues, names=["show_cues"])
        self.observe(self._on_show_reference, names=["show_reference"])
        self._sync()
        self.status, self.error = self._session.opening_messages()
        self.can_recover = bool(self._session.problem)
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
        """Highlight ``text[start:end]``, widened to whole words, as ``move``; saved at once.

        A span running into the next turn is clipped to the turn where it starts
        (:mod:`closereading.text.selection`).
        """
        try:
            annotation = self._session.add(move, start, end, note)
        finally:
            self._sync()
        self.selection = []
        self._done(f"Added {self._label(annotation)}.")
        return annotation

    def tag(self, move: str) -> Annotation | None:
        """Highlight the selected words as ``move``; with nothing selected, say so (None)."""
        if len(self.selection) != 2:
            label = self._taxonomy.get(move).label
            self.status = f"Select some words in the text first, then choose {label}."
            return None
        start, end = self.selection
        return self.add(move, start, end)

    def remove(self, annotation_id: str) -> Annotation:
        """Delete a highlight (or one that no longer matches the text); saved at once."""
        if any(o.id == annotation_id for o in self._session.annotations.orphans):
            return self._delete_orphan(annotation_id)
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

    def reattach(
        self, annotation_id: str, start: int | None = None, end: int | None = None
    ) -> Annotation:
        """Anchor a highlight that no longer matches the text (one of :attr:`orphans`) to
        ``text[start:end]`` (the selected words by default), snapped like any new highlight;
        saved at once."""
        if start is None or end is None:
            if len(self.selection) != 2:
                raise AnnotationError(
                    "Select the words this highlight belongs to first, then choose Re-attach."
                )
            start, end = self.selection
        try:
            annotation = self._session.reattach(annotation_id, start, end)
        finally:
            self._sync()
        self.selection = []
        self._done(f"Re-attached {self._label(annotation)}.")
        return annotation

    def _delete_orphan(self, annotation_id: str) -> Annotation:
        try:
            annotation = self._session.delete_orphan(annotation_id)
        finally:
            self._sync()
        self._done(f"Deleted {self._label(annotation)}, which no longer matched the text.")
        return annotation

    def recover(self) -> str:
        """Merge the damaged file, its backup and its recovered file into a good file
        (:func:`closereading.base.workfile.recover`), then go on from it; returns what was
        done, as a sentence (also the new ``status``)."""
        result = self._session.recover()
        self._sync()
        opening, self.error = self._session.opening_messages()
        self.status = f"{result.message()} {opening}"
        self.can_recover = bool(self._session.problem)
        return result.message()

    def undo(self) -> bool:
        """Revert the last add, delete or note change; saved at once. False if there was none."""
        try:
            change = self._session.undo()
        finally:
            self._sync()
        if change is None:
            self.status, self.error = "Nothing to undo.", ""
            return False
        what = {
            "add": "adding",
            "remove": "deleting",
            "note": "the note change on",
            "reattach": "re-attaching",
        }[change.what]
        record = change.record()
        label = self._label(record) if record else "a highlight"
        if change.kept:
            self._done(
                f"Did not undo {what} {label}: it was changed in another window since, and that "
                "change is kept."
            )
        else:
            self._done(f"Undid {what} {label}.")
        return True

    def step(
        self, by: str = "word", *, forward: bool = True, extend: bool = False
    ) -> tuple[int, int]:
        """Move the selection as an arrow key does: ``by`` ``"word"`` (← →; with ``extend``,
        Shift+← → grow or shrink it, inside one turn) or ``"sentence"`` (↑ ↓)."""
        session = self._session
        session.cursor = session.words.step(
            session.cursor, by, forward=forward, extend=extend, selected=bool(self.selection)
        )
        return self._show_selection(session.words.span(*session.cursor))

    def compare(self) -> Comparison:
        """Show the reference reading beside the student's, with agreement figures per move.

        Raises ``AnnotationFileError`` or ``FileNotFoundError`` if the reference cannot be read.
        """
        result = self._reference.compare(self._session.annotations)
        self.show_reference = True
        return result

    def static_html(self) -> str:
        """What a static notebook viewer shows: the transcript with the highlights, escaped."""
        caption = (
            f'<p style="margin: 0 0 0.8em"><strong>Rhetorical-move highlighter</strong> '
            f"(static view; run the notebook to highlight): {escape(self._session.summary())}</p>"
        )
        return caption + highlight_html(
            self.transcript, self._session.annotations, self._taxonomy, legend=True
        )

    def __repr__(self) -> str:
        return f"Highlighter for {self.transcript.id!r} — {self._session.summary()}"

    @property
    def saved_changes(self) -> int:
        """How many changes have been written to the file since the widget opened."""
        return self._session.writes

    def writes(self) -> int:
        return self._session.writes

    # --- messages from the browser (see the module's docstring) ---------------------------

    def on_step(self, content: dict[str, Any]) -> None:
        self.step(
            content.get("by", "word"),
            forward=bool(content.get("forward", True)),
            extend=bool(content.get("extend")),
        )

    def on_tag(self, content: dict[str, Any]) -> None:
        self.tag(str(content.get("move")))

    def on_add(self, content: dict[str, Any]) -> None:
        move, note = str(content.get("move")), str(content.get("note", ""))
        self.add(move, whole(content, "start"), whole(content, "end"), note)

    def on_remove(self, content: dict[str, Any]) -> None:
        self.remove(_id(content))

    def on_note(self, content: dict[str, Any]) -> None:
        self.update_note(_id(content), content.get("note", ""))

    def on_undo(self, content: dict[str, Any]) -> None:
        self.undo()

    def on_reattach(self, content: dict[str, Any]) -> None:
        self.reattach(_id(content))

    def on_recover(self, content: dict[str, Any]) -> None:
        self.recover()

    # --- keeping traits in step with the session ------------------------------------------

    def _sync(self) -> None:
        self.annotations = self._session.records()
        self.orphans = self._session.orphan_records()
        self.can_undo = self._session.can_undo
        if self.show_reference:
            self._show_comparison()

    def _done(self, what: str) -> None:
        self.can_recover = bool(self._session.problem)
        if self._session.save_path is None:
            self.status = f"{what} Not saved: {self._session.problem}"
            return
        n = len(self._session.annotations)
        where = display_path(self._session.save_path)
        merged = self._session.save_message()
        self.status = f"{what} Saved {plural(n, 'highlight')} to {where}." + (
            f" {merged}" if merged else ""
        )
        self.error = ""

    def _label(self, annotation: Annotation) -> str:
        return f"{self._taxonomy.get(annotation.move).label}: “{shorten(annotation.quote)}”"

    def _on_show_cues(self, change: dict) -> None:
        self.cues = (
            [
                {"move": c.move, "start": c.start, "end": c.end, "cue": c.cue}
                for c in find_cues(self.transcript.text, taxonomy=self._taxonomy)
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
            self.reference = self._reference.state(self._session.annotations)
        except (AnnotationFileError, OSError) as error:
            self.reference = {}
            self.error = f"The reference reading cannot be shown: {explain(error)}"


def _id(content: dict[str, Any]) -> str:
    annotation_id = content.get("id")
    if not isinstance(annotation_id, str):
        raise AnnotationError(f"a highlight id must be text, got {annotation_id!r}")
    return annotation_id
