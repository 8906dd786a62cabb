"""Interactive widgets for the course.

``Highlighter`` is imported on first use, so ``import closereading`` (and even
``import closereading.widgets``) never loads anywidget or ipywidgets.

>>> from closereading.widgets import Highlighter  # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .highlighter import Highlighter

__all__ = ["Highlighter"]


def __getattr__(name: str) -> Any:
    if name == "Highlighter":
        from .highlighter import Highlighter

        return Highlighter
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
