"""A box to write a note in, saved as you type to ``work/notes/<name>.md``.

The text lives in the ``text`` traitlet, linked to the box; every change is saved with
:func:`closereading.annotation.notes.save_note`. ``repr`` (what a static viewer or nbval shows) says where
the note is kept and how long it is, never the path of a particular machine.

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
from traitlets import Unicode, observe

from closereading.annotation.notes import load_note, note_path, save_note, shown_note_path

__all__ = ["NoteBox"]


class NoteBox(widgets.VBox):
    """A text box for one of the student's notes; what is typed is saved straight away."""

    text = Unicode("")

    def __init__(self, name: str, prompt: str = "", rows: int = 6):
        note_path(name)  # checks the name before anything is shown
        self.name = name
        self.prompt = prompt
        self.problem = ""
        self._area = widgets.Textarea(
            placeholder=prompt,
            rows=rows,
            continuous_update=True,
            layout=widgets.Layout(width="100%", max_width="760px"),
        )
        self._status = widgets.HTML()
        super().__init__(children=[self._area, self._status])
        self.set_trait("text", load_note(name))
        widgets.link((self, "text"), (self._area, "value"))
        self._show_status()

    @observe("text")
    def _save(self, change) -> None:
        if not hasattr(self, "_status"):
            return
        try:
            save_note(self.name, self.text)
            self.problem = ""
        except OSError as error:
            self.problem = f"Not saved: {error.strerror or error}. Copy your text somewhere safe."
        self._show_status()

    def clear(self) -> None:
        """Empty the box and delete the saved note."""
        self.text = ""
        note_path(self.name).unlink(missing_ok=True)

    def words(self) -> int:
        return len(self.text.split())

    def _summary(self) -> str:
        where = f"kept in {shown_note_path(self.name)}"
        if not self.text.strip():
            return f"{where}: empty. Click in the box and write; it is saved as you type."
        count = self.words()
        return f"{where}: {count} word{'s' if count != 1 else ''}."

    def _show_status(self) -> None:
        message = self.problem or self._summary()
        self._status.value = f"<small>{escape(message)}</small>"

    def __repr__(self) -> str:
        return f"Note {self.name!r}, {self._summary()}"

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        html = (
            f"<p><strong>Note box</strong> (run the notebook to write in it): "
            f"{escape(self._summary())}</p>"
        )
        bundle = widgets.VBox._repr_mimebundle_(self, **kwargs)
        if bundle is None:
            return None
        if isinstance(bundle, tuple):
            data, metadata = bundle
            return {**data, "text/plain": repr(self), "text/html": html}, metadata
        return {**bundle, "text/plain": repr(self), "text/html": html}
