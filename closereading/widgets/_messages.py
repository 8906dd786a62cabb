"""The messages the highlighter's front end sends, and what each one does to the widget.

Each message is a dict with a ``type`` (listed in :mod:`.highlighter`'s docstring). A message
that fails in a way a reader can cause (a bad span, an unknown move, a file that cannot be
written) sets the widget's ``error``; anything else is a bug and surfaces.

A message that carries a whole-number ``seq`` is answered once it has been handled, with
``{"type": "done", "seq", "ok", "saved"}``: ``saved`` is true only when the change is on disk.
The front end shows a change as pending until that answer comes, and counts the ones that never
do. ``{"type": "ping", "seq"}`` is answered with ``{"type": "pong", "seq"}``: the front end asks
when an answer is late, to tell a busy kernel from one that is gone.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from closereading.annotation.model import AnnotationError, AnnotationFileError
from closereading.annotation.taxonomy import UnknownMoveError
from closereading.base.paths import display_path
from closereading.text.selection import SelectionError

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


#: The messages that change the student's file.
EDITS = frozenset({"tag", "add", "remove", "note", "undo", "reattach", "recover"})


def handle_message(widget: Highlighter, content: Any) -> None:
    """Do what ``content`` asks of ``widget``; an expected failure becomes ``widget.error``.

    A message with a ``seq`` is answered (see the module's docstring)."""
    kind: Any = content.get("type") if isinstance(content, dict) else None
    seq = content.get("seq") if isinstance(content, dict) else None
    if kind == "ping":
        _answer(widget, {"type": "pong", "seq": seq})
        return
    handler = _MESSAGES.get(kind)
    ok = handler is not None
    before = widget.saved_changes
    if handler is None:
        widget.error = f"The highlighter got a message it does not know: {kind!r}"
    else:
        try:
            with widget.hold_sync():  # every trait it changes reaches the browser in one message
                handler(widget, content)
        except EXPECTED as error:
            widget.error = explain(error)
            ok = False
    if isinstance(seq, int) and not isinstance(seq, bool):
        saved = ok and kind in EDITS and widget.saved_changes > before and widget.path is not None
        _answer(widget, {"type": "done", "seq": seq, "ok": ok, "saved": saved})


def _answer(widget: Highlighter, content: dict[str, Any]) -> None:
    widget.send(content)


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
