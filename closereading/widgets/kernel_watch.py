"""A watch for widgets made of stock ipywidgets (the note box): it says when Python has gone.

Such widgets cannot tell that their kernel, or the Jupyter server between page and kernel, has
gone, so what a student types afterwards is never saved and nothing says so. :class:`KernelWatch`
sits inside them and shows nothing until then; its front end (``static/kernel_watch.js``, with
the shared ``static/prelude.js``) follows the kernel's status and, while the student types in
the box, asks Python to answer (``{"type": "typed"}``, one at a time, answered as
:mod:`._protocol` says). When the kernel goes, or no answer comes, it shows ``message`` in place
and makes the surrounding box read-only.

>>> watch = KernelWatch()
>>> watch.edits
['typed']
"""

from __future__ import annotations

from typing import Any

import anywidget
import ipywidgets
import traitlets

from ._frontend import STATIC, module
from ._protocol import serve

__all__ = ["KernelWatch"]


class KernelWatch(anywidget.AnyWidget):
    """Shown only when Python has gone: ``message`` says what to do."""

    _esm = module("kernel_watch")
    _css = STATIC / "kernel_watch.css"

    message = traitlets.Unicode(
        "Not connected to Python: this box can no longer save, so it is read-only now. "
        "Copy anything you wrote since the last save (the line above says how many words were "
        "saved), then re-run this cell."
    ).tag(sync=True)
    # The page's question after a change in the box; Python's answer says that it is still there
    # and has had the text typed before it (the box's own messages go first, on the same line).
    edits = traitlets.List(traitlets.Unicode(), ["typed"], read_only=True).tag(sync=True)

    def __init__(self, **kwargs: object) -> None:
        # Hidden until needed, margins and all, so that the page does not move when the watch's
        # code loads (a page that moves under a drag loses the selection).
        super().__init__(layout=ipywidgets.Layout(display="none"), **kwargs)
        self.on_msg(self._answer)

    def _answer(self, _widget: Any, content: Any, _buffers: Any = None) -> None:
        serve(self, content, lambda kind, _content: kind == "typed", lambda: 0)
