"""What the explorers share: the speaker choice that means "everyone", checking a speaker
choice whatever its case, and a matplotlib figure as PNG bytes for an ``Image`` widget."""

from __future__ import annotations

import io
from typing import Any

from traitlets import TraitError

#: The speaker choice that shows every speaker side by side (frequency) or every line (KWIC).
ALL_SPEAKERS = "All speakers"

#: KWIC sort orders: the value :func:`closereading.analysis.concordance.kwic` takes, and its label.
SORTS = {"position": "text order", "left": "word before (left)", "right": "word after (right)"}


def png(figure: Any) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=96, metadata={"Software": None})
    return buffer.getvalue()


def choose_speaker(choices: list[str] | None, value: str) -> str:
    """The choice ``value`` names, whatever its case (any value before the choices are known)."""
    for choice in choices if choices is not None else [value]:
        if choice.casefold() == value.casefold():
            return choice
    raise TraitError(f"speaker must be one of {choices}, not {value!r}")
