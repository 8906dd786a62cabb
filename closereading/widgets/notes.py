"""A box to write a note in, saved as you type to ``work/notes/<name>.md``, with one possible
answer to compare with once you have written your own.

The text lives in the ``text`` traitlet, linked to the box; every change is saved with
:func:`closereading.annotation.notes.save_note`. If the course offers a possible answer for the
note (``data/answers/``), a button shows it, but only after the note holds at least
:data:`WORDS_BEFORE_ANSWER` words: the point is to compare, not to copy. ``repr`` (what a static
viewer or nbval shows) says where the note is kept and how long it is, never a machine's path and
never the possible answer.

>>> box = NoteBox("doctest-scratch-note", prompt="Write here")
>>> box.text = "Two sentences. About the standfirst."
>>> repr(box)
"Note 'doctest-scratch-note', kept in work/notes/doctest-scratch-note.md: 5 words."
>>> box.clear()
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as widgets
from traitlets import Bool, Unicode, observe

from closereading.analysis.prose import read_prose
from closereading.annotation.notes import (
    load_note,
    note_path,
    possible_answer,
    shown_note_path,
    write_note,
)
from closereading.base.files import file_lock
from closereading.base.strings import plural
from closereading.widgets._fallback import with_fallback
from closereading.widgets.kernel_watch import KernelWatch

__all__ = ["WORDS_BEFORE_ANSWER", "NoteBox"]

#: How many words a note needs before its possible answer can be shown.
WORDS_BEFORE_ANSWER = 10


class NoteBox(widgets.VBox):
    """A text box for one of the student's notes; what is typed is saved straight away."""

    text = Unicode("")
    answer_shown = Bool(False)

    def __init__(self, name: str, prompt: str = "", rows: int = 6) -> None:
        note_path(name)  # checks the name before anything is shown
        self.name = name
        self.prompt = prompt
        self.problem = ""
        self.answer = possible_answer(name)
        self._area = widgets.Textarea(
            placeholder=prompt,
            rows=rows,
            continuous_update=True,
            layout=widgets.Layout(width="100%", max_width="760px"),
        )
        self._area.description_allow_html = False
        self._status = widgets.HTML()
        self._button = widgets.Button(
            description="Show one possible answer",
            tooltip="Compare your note with one reading",
            layout=widgets.Layout(width="max-content"),  # the whole label, not "Show one possi…"
        )
        self._button.on_click(lambda _button: self.reveal())
        self._answer = widgets.HTML()
        # Says so in place, and makes the box read-only, if the kernel or the server goes (see
        # .kernel_watch).
        children = [self._area, self._status, KernelWatch()]
        if self.answer is not None:
            children += [self._button, self._answer]
        super().__init__(children=children)
        # What this box last read or wrote: a save compares it with the file, so a note that
        # another box or window changed meanwhile is kept beside it, never overwritten.
        self._on_disk: str | None = load_note(name) if note_path(name).exists() else None
        self.set_trait("text", self._on_disk or "")
        widgets.link((self, "text"), (self._area, "value"))
        self._show_status()

    @observe("text")
    def _save(self, change: Any) -> None:
        if not hasattr(self, "_status"):
            return
        try:
            saved = write_note(self.name, self.text, expected=self._on_disk)
            self._on_disk = self.text
            self.problem = saved.message()
        except OSError as error:
            self.problem = f"Not saved: {error.strerror or error}. Copy your text somewhere safe."
        self._show_status()

    def clear(self) -> None:
        """Empty the box and delete the saved note (its last text stays in the ``.bak``)."""
        self.text = ""  # saved empty first, so the text before is kept as the backup
        path = note_path(self.name)
        with file_lock(path):  # not while another window is saving it
            path.unlink(missing_ok=True)
        self._on_disk = None

    def words(self) -> int:
        return len(self.text.split())

    def reveal(self) -> str:
        """Show the possible answer (and return it) once the note is long enough; otherwise say
        how much more to write, and show nothing."""
        if self.answer is None:
            return "The course offers no possible answer for this note."
        waiting = self._not_yet()
        if waiting:
            return waiting
        self.answer_shown = True
        self._answer.value = (
            "<div role='note' style='border-left:4px solid #0072B2;padding:0.3em 0.8em;"
            "max-width:760px'><p><strong>One possible answer</strong> (not the only one; "
            f"compare it with yours):</p><p>{escape(self.answer)}</p></div>"
        )
        self._show_status()
        return self.answer

    def _summary(self) -> str:
        where = f"kept in {shown_note_path(self.name)}"
        if not self.text.strip():
            return f"{where}: empty. Click in the box and write; it is saved as you type."
        return f"{where}: {plural(self.words(), 'word')}."

    def _not_yet(self) -> str:
        """Why the possible answer cannot be shown yet ("" when it can): the note must be the
        student's own writing, at least :data:`WORDS_BEFORE_ANSWER` words of readable English
        that say more than the prompt (lorem ipsum or a heap of words never opens it)."""
        missing = WORDS_BEFORE_ANSWER - self.words()
        if missing > 0:
            return f"Write your own answer first: {plural(missing, 'more word')} at least."
        problems = read_prose(self.text, self.prompt).problems
        if problems:
            return f"Write your own answer first: {problems[0]}."
        return ""

    def _answer_hint(self) -> str:
        if self.answer is None or self.answer_shown:
            return ""
        if self.words() < WORDS_BEFORE_ANSWER:
            return (
                f" One possible answer can be shown after you have written at least "
                f"{plural(WORDS_BEFORE_ANSWER, 'word')}."
            )
        waiting = self._not_yet()
        if waiting:
            return f" {waiting}"
        return " You can now compare with one possible answer."

    def _show_status(self) -> None:
        message = self.problem or (self._summary() + self._answer_hint())
        self._status.value = f"<small>{escape(message)}</small>"
        self._button.disabled = bool(self._not_yet()) or self.answer_shown

    def __repr__(self) -> str:
        return f"Note {self.name!r}, {self._summary()}"

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        offer = (
            " One possible answer is offered once you have written your own."
            if self.answer is not None
            else ""
        )
        html = (
            f"<p><strong>Note box</strong> (run the notebook to write in it): "
            f"{escape(self._summary())}{escape(offer)}</p>"
        )
        bundle = widgets.VBox._repr_mimebundle_(self, **kwargs)
        return with_fallback(bundle, repr(self), html)
