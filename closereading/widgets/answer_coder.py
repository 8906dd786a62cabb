"""The answer coder: for each question unit, how the answer responds, with evidence and a reason.

For each unit the reader chooses an outcome (reply, intermediate reply, non-reply, or "not a
question"; Bull 1994), for a non-reply one of Bull and Mayer's (1993) forms, selects the words
of the answer that show it, and writes why. Units can be merged or split. Python is the source
of truth and every change is saved at once to ``work/codes/<author>.json``, so everything the
browser does, Python can do:

>>> from closereading.widgets.answer_coder import AnswerCoder      # doctest: +SKIP
>>> coder = AnswerCoder(author="ana")                                # doctest: +SKIP
>>> coder.code("u233", "reply")                                      # doctest: +SKIP
>>> start = coder.document["text"].index("we don’t believe")         # doctest: +SKIP
>>> coder.select(start, start + 5); coder.add_evidence()             # doctest: +SKIP

The front end sends messages, each a dict with a ``type``: ``select`` (``start``, ``end``,
``backward``), ``step`` (``by``, ``forward``, ``extend``), ``clear``, ``outcome`` (``unit``,
``outcome``), ``form`` (``unit``, ``form``), ``evidence`` (``unit``: add the selection),
``remove-evidence`` (``unit``, ``start``, ``end``), ``justify`` (``unit``, ``text``), ``merge``
(``unit``), ``split`` (``unit``, ``at``), ``clear-code`` (``unit``) and ``undo``. It sets
``current`` (the unit on show) and ``show_reference`` directly.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import traitlets

from closereading.annotation.code_compare import compare
from closereading.annotation.code_store import (
    REFERENCE_CODING_PATH,
    CodeFileError,
    codes_path,
    load,
)
from closereading.annotation.codes import AnswerCode, CodingError
from closereading.base.student import author_or_name
from closereading.base.workfile import WorkFileError
from closereading.text.selection import SelectionError
from closereading.text.transcript import Transcript, load_interview
from closereading.views.qa import coding_html

from ._coder_session import CoderSession, choices_state
from ._frontend import STATIC as _STATIC
from ._frontend import module
from ._saved import TextWidget, whole
from ._session import document_state

__all__ = ["AnswerCoder"]


class AnswerCoder(TextWidget):
    """Code each question unit's answer; saved to ``work/codes/<author>.json`` as you go.

    Args:
        transcript: the transcript (the course's interview by default).
        path: where the codes are saved (``work/codes/<author>.json`` by default).
        author: whose coding this is.
        reference_path: a reference coding to compare with (the course's, for the interview).
    """

    _esm = module("answer_coder")
    _css = _STATIC / "answer_coder.css"
    EDITS = frozenset(
        {
            "outcome",
            "form",
            "evidence",
            "remove-evidence",
            "justify",
            "merge",
            "split",
            "clear-code",
            "undo",
        }
    )
    EXPECTED = (CodingError, WorkFileError, SelectionError, OSError)
    NAME = "The answer coder"
    SHARE_KIND = "codes"

    outcomes: traitlets.List[dict[str, Any]] = traitlets.List().tag(sync=True)
    forms: traitlets.List[dict[str, Any]] = traitlets.List().tag(sync=True)
    units: traitlets.List[dict[str, Any]] = traitlets.List().tag(sync=True)
    current = traitlets.Unicode("").tag(sync=True)
    show_reference = traitlets.Bool(False).tag(sync=True)
    #: The reader says they have finished (the reference coding opens without every unit coded).
    finished = traitlets.Bool(False).tag(sync=True)
    #: Why the reference coding is not shown yet ("" when it is, or is not asked for).
    reference_note = traitlets.Unicode("").tag(sync=True)
    reference: traitlets.List[dict[str, Any]] = traitlets.List().tag(sync=True)

    def __init__(
        self,
        transcript: Transcript | None = None,
        path: str | Path | None = None,
        author: str = "student",
        *,
        reference_path: str | Path | None = None,
        **kwargs: Any,
    ) -> None:
        transcript = transcript if transcript is not None else load_interview()
        author = author_or_name(author)  # "student": the name given once, in notebook 00
        self._session = CoderSession(
            transcript, Path(path) if path is not None else codes_path(author), author
        )
        self._reference_path = Path(reference_path or REFERENCE_CODING_PATH)
        outcomes, forms = choices_state()
        document = document_state(transcript)
        document["constructed"] = str(transcript.meta.get("constructed", ""))
        super().__init__(document=document, outcomes=outcomes, forms=forms, **kwargs)
        self.observe(self._on_current, names=["current"])
        self.observe(lambda _: self._sync(), names=["show_reference", "finished"])
        self._sync()
        self.current = self._session.coding.units[0].id if self._session.coding.units else ""
        self.status, self.error = self._session.opening_messages()

    # --- the Python API ---------------------------------------------------------------------

    @property
    def coding(self) -> Any:
        """The codes as a :class:`~closereading.annotation.codes.Coding` (read it; change it
        through the widget so that every change is saved and can be undone)."""
        return self._session.coding

    @property
    def path(self) -> Path | None:
        """The file the codes are saved to (None when no file can be written)."""
        return self._session.save_path

    def code(self, unit: str, outcome: str, form: str = "") -> AnswerCode:
        """Give ``unit`` an outcome (and, for a non-reply, a form); saved at once."""
        label = self.coding.unit(unit).label
        return self._do(f"coding {label}", lambda: self.coding.set_outcome(unit, outcome, form))

    def set_form(self, unit: str, form: str) -> AnswerCode:
        label = self.coding.unit(unit).label
        return self._do(f"the form of {label}", lambda: self.coding.set_form(unit, form))

    def step(
        self, by: str = "word", *, forward: bool = True, extend: bool = False
    ) -> tuple[int, int]:
        """Move the keyboard selection as the arrow keys do, inside the current unit's answer."""
        session, unit = self._session, self.coding.unit(self.current)
        if unit.answer_turn is None:
            raise CodingError(f"{unit.label} has no answer to select in")
        turn = self.coding.transcript.turns[unit.answer_turn]
        cursor = session.cursor
        inside = cursor is not None and all(
            turn.start <= session.words.span(i, i)[0] < turn.end for i in cursor
        )
        if not inside:
            first = session.words.words_in(turn.start, turn.start + 1)[0]
            session.cursor = (first, first)
        else:
            moved = session.words.step(cursor, by, forward=forward, extend=extend, selected=True)
            if all(turn.start <= session.words.span(i, i)[0] < turn.end for i in moved):
                session.cursor = moved
        assert session.cursor is not None
        return self._show_selection(session.words.span(*session.cursor))

    def add_evidence(self, unit: str | None = None) -> AnswerCode:
        """Add the selected words as evidence for ``unit`` (the current unit by default)."""
        unit = unit or self.current
        if len(self.selection) != 2:
            raise CodingError("select words of the answer first, then add them as evidence")
        start, end = self.selection
        label = self.coding.unit(unit).label
        code = self._do(f"evidence for {label}", lambda: self.coding.add_evidence(unit, start, end))
        self.selection = []
        return code

    def remove_evidence(self, unit: str, start: int, end: int) -> AnswerCode:
        label = self.coding.unit(unit).label
        return self._do(
            f"removing evidence from {label}", lambda: self.coding.remove_evidence(unit, start, end)
        )

    def justify(self, unit: str, text: str) -> AnswerCode:
        """Replace the unit's justification; saved at once. The same text again is no change
        (a box that loses focus after Enter sends what it already sent)."""
        label = self.coding.unit(unit).label
        code = self.coding.get(unit)
        if code is not None and code.justification == text:
            return code
        return self._do(f"the justification of {label}", lambda: self.coding.justify(unit, text))

    def clear_code(self, unit: str) -> None:
        label = self.coding.unit(unit).label
        self._do(f"clearing {label}", lambda: self.coding.clear(unit))

    def merge(self, unit: str) -> Any:
        """Merge ``unit`` with the next unit of its turn; saved at once."""
        label = self.coding.unit(unit).label
        merged = self._do(f"merging {label} with the next unit", lambda: self.coding.merge(unit))
        self.current = merged.id
        return merged

    def split(self, unit: str, at: int) -> Any:
        """Split ``unit`` where the sentence starting at ``at`` begins; saved at once."""
        label = self.coding.unit(unit).label
        return self._do(f"splitting {label}", lambda: self.coding.split(unit, at))

    def undo(self) -> bool:
        """Take back the last change; saved at once. False if there was nothing to undo."""
        step = self._session.undo()
        self._sync()
        if step is None:
            self.status, self.error = "Nothing to undo.", ""
            return False
        if not any(u["id"] == self.current for u in self.units):
            self.current = self.units[0]["id"] if self.units else ""
        if step.kept:
            self._saved(
                f"Did not undo all of {step.what}: {', '.join(step.kept)} changed in another "
                "window since, and that change is kept."
            )
        else:
            self._saved(f"Undid {step.what}.")
        return True

    def compare(self) -> list[Any]:
        """Show the reference coding beside yours (agreement and disagreement, not a grade);
        in the widget it opens once every unit is coded or :attr:`finished` is set."""
        self.show_reference = True
        return compare(self.coding, load(self._reference_path, self.coding.transcript))

    def static_html(self) -> str:
        caption = (
            "<p style='margin:0 0 0.6em'><strong>Answer coder</strong> (static view; run the "
            f"notebook to code): {escape(self._session.summary())}</p>"
        )
        return caption + coding_html(self.coding)

    def __repr__(self) -> str:
        return f"Answer coder for {self.coding.transcript.id!r} — {self._session.summary()}"

    # --- plumbing ------------------------------------------------------------------------------

    def _do(self, what: str, action: Any) -> Any:
        try:
            result = self._session.change(what, action)
        finally:
            self._sync()
        self._saved(f"Saved {what}.")
        return result

    def _saved(self, what: str) -> None:
        if self._session.save_path is None:
            self.status = f"{what[:-1]}, but NOT saved: {self._session.problem}."
            return
        merged = self._session.save_message()
        self.status = " ".join(p for p in (what, merged, self._session.summary() + ".") if p)
        self.error = ""

    def _on_current(self, change: dict[str, Any]) -> None:
        self._session.cursor = None
        self.selection = []

    def _sync(self) -> None:
        self.units = self._session.records()
        self.can_undo = self._session.can_undo
        opens = self._session.all_coded() or self.finished
        self.reference = self._reference_rows() if self.show_reference and opens else []
        self.reference_note = (
            ""
            if opens or not self.show_reference
            else "The reference coding opens when every unit is coded (an outcome, with evidence "
            "or a reason), or when you tick “I have finished coding”: compare once your own "
            "reading is made, not before."
        )

    def _reference_rows(self) -> list[dict[str, Any]]:
        try:
            rows = compare(self.coding, load(self._reference_path, self.coding.transcript))
        except (CodeFileError, OSError) as error:
            self.error = f"The reference coding cannot be shown: {error}"
            return []
        return [row.__dict__ for row in rows]

    def writes(self) -> int:
        return self._session.writes

    # --- messages from the browser (see the module's docstring) ---------------------------------

    def on_step(self, m: dict[str, Any]) -> None:
        self.step(
            m.get("by", "word"), forward=bool(m.get("forward", True)), extend=bool(m.get("extend"))
        )

    def on_outcome(self, m: dict[str, Any]) -> None:
        self.code(str(m.get("unit")), str(m.get("outcome")))

    def on_form(self, m: dict[str, Any]) -> None:
        self.set_form(str(m.get("unit")), str(m.get("form")))

    def on_evidence(self, m: dict[str, Any]) -> None:
        self.add_evidence(str(m.get("unit") or self.current))

    def on_remove_evidence(self, m: dict[str, Any]) -> None:
        self.remove_evidence(str(m.get("unit")), whole(m, "start"), whole(m, "end"))

    def on_justify(self, m: dict[str, Any]) -> None:
        self.justify(str(m.get("unit")), str(m.get("text", "")))

    def on_merge(self, m: dict[str, Any]) -> None:
        self.merge(str(m.get("unit")))

    def on_split(self, m: dict[str, Any]) -> None:
        self.split(str(m.get("unit")), whole(m, "at"))

    def on_clear_code(self, m: dict[str, Any]) -> None:
        self.clear_code(str(m.get("unit")))

    def on_undo(self, m: dict[str, Any]) -> None:
        self.undo()
