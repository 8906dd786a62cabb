"""The two explorers of notebooks 02 and 03, built from ipywidgets.

Each explorer is a ``VBox`` whose state lives in traitlets linked to its controls, so the Python
side is the source of truth: setting ``explorer.top_n = 5`` moves the slider and redraws, exactly
as moving the slider does. What an explorer shows is plain data (``FrequencyExplorer.rows()``,
``KWICExplorer.lines``) that tests read without a browser. Nothing prints or uses an ``Output``
widget; ``repr`` (what a static viewer or nbval shows) is plain text describing the current
state, and the HTML fallback is a table.

- :class:`~closereading.widgets.frequency_explorer.FrequencyExplorer` (notebook 02)
- :class:`~closereading.widgets.kwic_explorer.KWICExplorer` (notebook 03)
"""

from __future__ import annotations

from closereading.widgets._controls import ALL_SPEAKERS, SORTS
from closereading.widgets.frequency_explorer import FrequencyExplorer
from closereading.widgets.kwic_explorer import KWICExplorer

__all__ = ["ALL_SPEAKERS", "SORTS", "FrequencyExplorer", "KWICExplorer"]
