"""The answer every course widget gives its page, so that the page can tell a change saved from
one lost (the page's side is ``static/prelude.js``).

A message that carries a whole-number ``seq`` is answered once it has been handled, with
``{"type": "done", "seq", "ok", "saved"}``: ``saved`` is true only when the change reached the
disk. The page shows a change as waiting until that answer comes, and counts the ones that never
do. ``{"type": "ping", "seq"}`` is answered with ``{"type": "pong", "seq"}``: the page asks when
an answer is late, to tell a busy kernel from one that has gone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol


class _Sends(Protocol):
    def send(self, content: Any, buffers: Any = None) -> None: ...


def serve(
    widget: _Sends,
    content: Any,
    run: Callable[[Any, Any], bool],
    writes: Callable[[], int],
) -> None:
    """Handle one message from ``widget``'s page and answer it (see the module's docstring).

    ``run(kind, content)`` does what the message asks and says whether it went well; ``writes()``
    counts the widget's successful writes so far (a change is ``saved`` when it made one)."""
    kind: Any = content.get("type") if isinstance(content, dict) else None
    seq = content.get("seq") if isinstance(content, dict) else None
    if kind == "ping":
        widget.send({"type": "pong", "seq": seq})
        return
    before = writes()
    ok = run(kind, content)
    if isinstance(seq, int) and not isinstance(seq, bool):
        widget.send({"type": "done", "seq": seq, "ok": ok, "saved": ok and writes() > before})
