"""What every course widget that saves a student's file shares: the status and error lines, the
undo flag, the list of messages that change the file (declared once, sent to the page), the
answer to each message (:mod:`._protocol`), and the static fallback.

A message ``{"type": "remove-evidence", ...}`` runs the widget's method ``on_remove_evidence``
with the message; a widget declares what it understands by its ``on_`` methods and nothing else.
A failure the reader can cause (one of the widget's :attr:`SavedWidget.EXPECTED` errors) becomes
``error``; anything else is a bug and surfaces.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import anywidget
import traitlets

from closereading.base.paths import display_path
from closereading.base.strings import shorten
from closereading.text.selection import SelectionError

from ._fallback import with_fallback
from ._protocol import serve

__all__ = ["SavedWidget", "TextWidget", "explain", "whole"]


def explain(error: BaseException) -> str:
    """An expected error as a sentence for the reader."""
    if type(error) is KeyError and error.args:  # a plain KeyError quotes its message
        return str(error.args[0])
    if isinstance(error, OSError) and error.filename:
        return f"could not write {display_path(Path(error.filename))}: {error.strerror}"
    return str(error)


def whole(content: dict[str, Any], key: str) -> int:
    """The whole number a message carries under ``key``; ``SelectionError`` otherwise."""
    value = content.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise SelectionError(f"{key} must be a whole number, got {value!r}")
    return value


class SavedWidget(anywidget.AnyWidget):
    """The shape of a widget that saves a student's file (see the module's docstring)."""

    #: The messages that change the student's file: the page counts them as unsaved until Python
    #: answers that they are on disk.
    EDITS: ClassVar[frozenset[str]] = frozenset()
    #: The errors a reader can cause, shown in ``error`` rather than raised.
    EXPECTED: ClassVar[tuple[type[BaseException], ...]] = (OSError,)
    #: The widget as a message names it ("The highlighter").
    NAME: ClassVar[str] = "The widget"
    #: The kind of reading the "Share with my class" switch sends ("": the widget has none).
    SHARE_KIND: ClassVar[str] = ""

    status = traitlets.Unicode("").tag(sync=True)
    error = traitlets.Unicode("").tag(sync=True)
    can_undo = traitlets.Bool(False).tag(sync=True)
    edits = traitlets.List(traitlets.Unicode(), read_only=True).tag(sync=True)
    #: The "Share with my class" switch: its kind ("" hides it), whether it is on, and whether
    #: and when the last change reached the class.
    share_kind = traitlets.Unicode("", read_only=True).tag(sync=True)
    shared = traitlets.Bool(False).tag(sync=True)
    share_status = traitlets.Unicode("").tag(sync=True)
    #: The class's anonymous heat map, drawn in the widget when the student asks (HTML made by
    #: the course's own escaping views; "" when not shown).
    class_view = traitlets.Unicode("").tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.set_trait("edits", sorted(self.EDITS))
        self.set_trait("share_kind", self.SHARE_KIND)
        self.on_msg(self._handle_message)
        if self.SHARE_KIND:
            self._resume_sharing()

    # --- sharing with the class ----------------------------------------------------------------

    def shared_file(self) -> Path | None:
        """The file whose content is shared (the widget's saved file)."""
        return getattr(self, "path", None)

    def share(self, on: bool = True) -> None:
        """Share this reading with the class (``on``), or withdraw it. Every later change that
        reaches the file is sent too, until the switch is off."""
        from closereading.annotation.sharing import sharing

        from ._share_switch import read_reading

        if not self.SHARE_KIND:
            raise ValueError(f"{self.NAME} holds no reading to share")
        box = sharing()
        box.listen(self._share_changed)
        self.shared = on
        if not on:
            box.withdraw(self.SHARE_KIND)
            return
        reading = read_reading(self.shared_file())
        if reading is None:
            self.share_status = "Shared with your class once you have saved something."
            return
        box.share(self.SHARE_KIND, reading)

    def class_heatmap(self) -> Any:
        """The anonymous heat map of the class, once the instructor has revealed it and this
        student has shared: a view to show below the widget (``display(widget.class_heatmap())``).
        Raises ``OSError`` when the class service cannot be reached."""
        from closereading.annotation.sharing import sharing

        from ._share_switch import class_heatmap

        return class_heatmap(sharing().revealed())

    def on_share(self, content: dict[str, Any]) -> None:
        self.share(bool(content.get("on")))

    def show_class(self, on: bool = True) -> None:
        """Draw the class's revealed heat map in the widget (``on``) or take it away. Until
        the instructor reveals it, or when the class service cannot be reached, the widget says
        so instead."""
        from html import escape

        if not on:
            self.class_view = ""
            return
        try:
            self.class_view = self.class_heatmap().html
        except (OSError, ValueError) as error:
            said = f"The class's heat map cannot be fetched now ({error}); try again later."
            self.class_view = f"<p>{escape(said)}</p>"

    def on_class_view(self, content: dict[str, Any]) -> None:
        self.show_class(bool(content.get("show")))

    def _resume_sharing(self) -> None:
        """A reading shared before (in another kernel or session) stays shared: the switch
        shows it, and what the class never acknowledged is sent again from the outbox."""
        from closereading.annotation.sharing import sharing

        from ._share_switch import share_text

        box = sharing()
        entry = box.entry(self.SHARE_KIND)
        self.share_status = share_text(entry)
        if entry is not None and entry.share:
            self.shared = True
            box.listen(self._share_changed)
            if entry.pending:
                box.start()

    def _share_changed(self, entry: Any) -> None:
        from ._share_switch import share_text

        if entry.id == self.SHARE_KIND:
            self.share_status = share_text(entry)

    def writes(self) -> int:
        """How many changes have reached the disk (a change is saved when it made one)."""
        raise NotImplementedError

    def static_html(self) -> str:
        """What a viewer without the widget's JavaScript shows (escaped)."""
        raise NotImplementedError

    def static_text(self) -> str:
        """The same as plain text (the widget's repr unless it says more)."""
        return repr(self)

    def _handle_message(self, _widget: Any, content: Any, _buffers: Any = None) -> None:
        before = self.writes()
        serve(self, content, self._run, self.writes)
        if self.shared and self.writes() != before:
            self.share(True)  # the change on disk follows to the class

    def _run(self, kind: Any, content: Any) -> bool:
        name = f"on_{kind.replace('-', '_')}" if isinstance(kind, str) else ""
        handler = getattr(self, name, None) if name.isidentifier() else None
        if handler is None:
            self.error = f"{self.NAME} got a message it does not know: {kind!r}"
            return False
        try:
            with self.hold_sync():  # every trait it changes reaches the browser in one message
                handler(content)
        except self.EXPECTED as error:
            self.error = explain(error)
            return False
        return True

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        # Keep the live view; add a deterministic text and HTML fallback for static viewers and
        # nbval (no paths outside the course, no times, no memory addresses).
        bundle = super()._repr_mimebundle_(**kwargs)
        return with_fallback(bundle, self.static_text(), self.static_html())


class TextWidget(SavedWidget):
    """A saved widget on a transcript's text (the highlighter, the answer coder): the text the
    page draws, and a selection snapped to whole words in one turn, with its quote.

    Its session (``_session``) has the ``transcript``, its ``words`` and the keyboard ``cursor``.
    """

    #: How long the "Selected: …" line's quote may be.
    QUOTE_LIMIT: ClassVar[int] = 90

    document = traitlets.Dict().tag(sync=True)
    selection = traitlets.List(traitlets.Int(), maxlen=2).tag(sync=True)
    selected_quote = traitlets.Unicode("").tag(sync=True)

    _session: Any

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.observe(self._on_selection, names=["selection"])

    def select(self, start: int, end: int, *, backward: bool = False) -> tuple[int, int]:
        """Select ``text[start:end]`` widened to whole words and clipped to the turn where the
        selection starts (where it ends, if ``backward``); returns the snapped span.

        Raises ``SelectionError`` if it holds no word of any turn.
        """
        words = self._session.words
        first, last = words.clip(*words.words_in(start, end), backward=backward)
        self._session.cursor = (last, first) if backward else (first, last)
        return self._show_selection(words.span(first, last))

    def on_select(self, content: dict[str, Any]) -> None:
        try:
            start, end = whole(content, "start"), whole(content, "end")
            self.select(start, end, backward=bool(content.get("backward")))
        except SelectionError as error:  # a drag over the title or the gap between turns
            self.selection = []
            self.status = f"{error}."

    def on_clear(self, content: dict[str, Any]) -> None:
        self.selection = []

    def _show_selection(self, span: tuple[int, int]) -> tuple[int, int]:
        with self.hold_sync():  # the span and its quote reach the browser together
            self.selection = list(span)
        return span

    def _on_selection(self, change: dict[str, Any]) -> None:
        span, text = change["new"], self._session.transcript.text
        quote = shorten(text[span[0] : span[1]], self.QUOTE_LIMIT) if len(span) == 2 else ""
        self.selected_quote = quote
