"""A kernel watch for widgets made of stock ipywidgets (the note box).

Such widgets cannot tell that their kernel has gone, so what a student types afterwards is never
saved and nothing says so. :class:`KernelWatch` sits inside them and shows nothing until the
kernel goes; then its front end (``static/kernel_watch.js``, with the shared
``static/prelude.js``) shows ``message`` in place and makes the surrounding box read-only.
"""

from __future__ import annotations

import anywidget
import ipywidgets
import traitlets

from ._frontend import STATIC, module

__all__ = ["KernelWatch"]


class KernelWatch(anywidget.AnyWidget):
    """Shown only when the kernel has gone: ``message`` says what to do."""

    _esm = module("kernel_watch")
    _css = STATIC / "kernel_watch.css"

    message = traitlets.Unicode(
        "Not connected to Python: this box can no longer save, so it is read-only now. "
        "Copy anything you wrote since the last save (the line above says how many words were "
        "saved), then re-run this cell."
    ).tag(sync=True)
    edits = traitlets.List(traitlets.Unicode(), [], read_only=True).tag(sync=True)

    def __init__(self, **kwargs: object) -> None:
        # Hidden until needed, margins and all, so that the page does not move when the watch's
        # code loads (a page that moves under a drag loses the selection).
        super().__init__(layout=ipywidgets.Layout(display="none"), **kwargs)
