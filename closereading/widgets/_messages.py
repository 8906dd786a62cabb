"""The messages the highlighter's front end sends, and what each one does to the widget.

Each message is a dict with a ``type`` (listed in :mod:`.highlighter`'s docstring). A message
that fails in a way a reader can cause (a bad span, an unknown move, a file that cannot be
written) sets the widget's ``error``; anything else is a bug and surfaces.

Every message is answered as :mod:`._protocol` says, so that the page shows a change as pending
until Python has saved it and notices a kernel that has gone.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from closereading.annotation.model import AnnotationError, AnnotationFileError
from closereading.annotation.taxonomy import UnknownMoveError
from closereading.base.paths import display_path
from closereading.text.selection import SelectionError

from ._protocol import serve

if TYPE_CHECKING:
    from .highlighter import Highlighter

EXPECTED = (
    AnnotationError,
    AnnotationFileError,
    SelectionError,
    UnknownMoveError,
    KeyError,
    OSError,
)


#: The messages that change the student's file (the page's list in ``highlighter.js`` matches).
EDITS = frozenset({"tag", "add", "remove", "note", "undo", "reattach", "recover"})


def handle_message(widget: Highlighter, content: Any) -> None:
    """Do what ``content`` asks of ``widget``; an expected failure becomes ``widget.error``.

    A message with a ``seq`` is answered (see :mod:`._protocol`)."""

    def run(kind: Any, content: Any) -> bool:
        handler = _MESSAGES.get(kind)
        if handler is None:
            widget.error = f"The highlighter got a message it does not know: {kind!r}"
            return False
        try:
            with widget.hold_sync():  # every trait it changes reaches the browser in one message
                handler(widget, content)
        except EXPECTED as error:
            widget.error = explain(error)
            return False
        return True

    serve(widget, content, run, lambda: widget.saved_changes if widget.path is not None else 0)


def explain(error: BaseException) -> str:
    """An expected error as a sentence for the reader."""
    if isinstance(error, KeyError) and not isinstance(error, UnknownMoveError) and error.args:
        return str(error.args[0])
    if isinstance(error, OSError) and error.filename:
        return f"could not write {display_path(Path(error.filename))}: {error.strerror}"
    return str(error)


def _select(widget: Highlighter, content: Any) -> None:
    try:
        widget.select(
            content.get("start"), content.get("end"), backward=bool(content.get("backward"))
        )
    except SelectionError as error:  # a drag over the title or the gap between turns
        widget.selection = []
        widget.status = f"{error}."


def _clear(widget: Highlighter, content: Any) -> None:
    widget.selection = []


def _step(widget: Highlighter, content: Any) -> None:
    widget.step(
        content.get("by", "word"),
        forward=bool(content.get("forward", True)),
        extend=bool(content.get("extend")),
    )


def _tag(widget: Highlighter, content: Any) -> None:
    widget.tag(content.get("move"))


def _add(widget: Highlighter, content: Any) -> None:
    widget.add(
        content.get("move"), content.get("start"), content.get("end"), content.get("note", "")
    )


def _remove(widget: Highlighter, content: Any) -> None:
    widget.remove(_id(content))


def _note(widget: Highlighter, content: Any) -> None:
    widget.update_note(_id(content), content.get("note", ""))


def _id(content: Any) -> str:
    annotation_id = content.get("id")
    if not isinstance(annotation_id, str):
        raise AnnotationError(f"a highlight id must be text, got {annotation_id!r}")
    return annotation_id


def _undo(widget: Highlighter, content: Any) -> None:
    widget.undo()


def _reattach(widget: Highlighter, content: Any) -> None:
    widget.reattach(_id(content))


def _recover(widget: Highlighter, content: Any) -> None:
    widget.recover()


_MESSAGES = {
    "select": _select,
    "clear": _clear,
    "step": _step,
    "tag": _tag,
    "add": _add,
    "remove": _remove,
    "note": _note,
    "undo": _undo,
    "reattach": _reattach,
    "recover": _recover,
}
