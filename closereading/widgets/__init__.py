"""Interactive widgets for the course.

Each widget is imported on first use, so ``import closereading`` (and even
``import closereading.widgets``) never loads anywidget or ipywidgets.

- ``Highlighter``: select text, tag a rhetorical move, saved at once (notebook 04).
- ``FrequencyExplorer``, ``KWICExplorer``: controls that redraw a frequency plot or a
  concordance (notebooks 02 and 03).
- ``NoteBox``: a box for a written answer, saved as you type (``work/notes/``).

>>> from closereading.widgets import Highlighter  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .explorers import FrequencyExplorer, KWICExplorer
    from .highlighter import Highlighter
    from .notes import NoteBox

_HOMES = {
    "Highlighter": "highlighter",
    "FrequencyExplorer": "frequency_explorer",
    "KWICExplorer": "kwic_explorer",
    "NoteBox": "notes",
}
__all__ = ["FrequencyExplorer", "Highlighter", "KWICExplorer", "NoteBox"]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        module = importlib.import_module(f".{_HOMES[name]}", __name__)
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
