"""What each message from the answer coder's front end does (the list is in
:mod:`.answer_coder`'s docstring). An unknown message sets ``error``; a failure a reader can
cause is turned into ``error`` by the widget."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from closereading.text.selection import SelectionError

if TYPE_CHECKING:
    from .answer_coder import AnswerCoder


def _int(content: Any, key: str) -> int:
    value = content.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise SelectionError(f"{key} must be a whole number, got {value!r}")
    return value


def _select(coder: AnswerCoder, content: Any) -> None:
    try:
        coder.select(
            _int(content, "start"), _int(content, "end"), backward=bool(content.get("backward"))
        )
    except SelectionError as error:  # a drag over the gap between turns
        coder.selection = []
        coder.status = f"{error}."


#: The messages that change the reader's file (the page's list in ``answer_coder.js`` matches).
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

_MESSAGES: dict[str, Any] = {
    "select": _select,
    "step": lambda c, m: c.step(
        m.get("by", "word"), forward=bool(m.get("forward", True)), extend=bool(m.get("extend"))
    ),
    "clear": lambda c, m: setattr(c, "selection", []),
    "outcome": lambda c, m: c.code(str(m.get("unit")), str(m.get("outcome"))),
    "form": lambda c, m: c.set_form(str(m.get("unit")), str(m.get("form"))),
    "evidence": lambda c, m: c.add_evidence(str(m.get("unit") or c.current)),
    "remove-evidence": lambda c, m: c.remove_evidence(
        str(m.get("unit")), _int(m, "start"), _int(m, "end")
    ),
    "justify": lambda c, m: c.justify(str(m.get("unit")), str(m.get("text", ""))),
    "merge": lambda c, m: c.merge(str(m.get("unit"))),
    "split": lambda c, m: c.split(str(m.get("unit")), _int(m, "at")),
    "clear-code": lambda c, m: c.clear_code(str(m.get("unit"))),
    "undo": lambda c, m: c.undo(),
}


def handle(coder: AnswerCoder, kind: Any, content: Any) -> bool:
    """Do what the message asks; False (and ``error`` set) for a message it does not know."""
    handler = _MESSAGES.get(kind) if isinstance(kind, str) else None
    if handler is None:
        coder.error = f"The answer coder got a message it does not know: {kind!r}"
        return False
    handler(coder, content)
    return True
