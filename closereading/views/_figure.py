"""What every course figure shares: a new Axes when none is given, a title, labelled axes and a
one-sentence text description (alt text) that :func:`describe` returns."""

from __future__ import annotations

from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

if TYPE_CHECKING:
    from matplotlib.axes import Axes

_DESCRIPTIONS: WeakKeyDictionary[Axes, str] = WeakKeyDictionary()


def describe(ax: Axes) -> str:
    """The one-sentence text description of a figure drawn by the course (its alt text)."""
    try:
        return _DESCRIPTIONS[ax]
    except KeyError:
        raise LookupError(
            "this Axes was not drawn by closereading.views.plots, so it has no description"
        ) from None


def finish(ax: Axes, title: str, xlabel: str, ylabel: str, description: str) -> Axes:
    """Set the title and axis labels, and keep the description for :func:`describe`."""
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    _DESCRIPTIONS[ax] = description
    return ax


def axes_for(ax: Axes | None, width: float, height: float) -> Axes:
    """``ax``, or a new constrained-layout figure's Axes of the given size in inches."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, new = plt.subplots(figsize=(width, height), layout="constrained")
    return new


def plain(text: str) -> str:
    """Text for a matplotlib label: a ``$`` would otherwise start mathtext."""
    return text.replace("$", r"\$")


def number(x: float) -> str:
    """A count for a label: whole numbers without decimals, others with one."""
    return f"{x:,.0f}" if abs(x - round(x)) < 1e-6 else f"{x:,.1f}"
