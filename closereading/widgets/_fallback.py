"""One way for every widget to carry its static view in its own output bundle.

A live widget shows in JupyterLab; everywhere else (a static notebook viewer, nbconvert, nbval,
a screen reader in a viewer without the widget's JavaScript) the ``text/plain`` and
``text/html`` entries of the same output are what a reader gets. Each course widget passes its
deterministic text and escaped HTML here, so no viewer shows an empty box or fetches code.
"""

from __future__ import annotations

from typing import Any


def with_fallback(bundle: Any, text: str, html: str) -> Any:
    """``bundle`` (from ``Widget._repr_mimebundle_``) with ``text`` and ``html`` in place of
    ipywidgets' own short repr; ``None`` stays ``None`` (no frontend to show anything)."""
    if bundle is None:
        return None
    if isinstance(bundle, tuple):
        data, metadata = bundle
        return {**data, "text/plain": text, "text/html": html}, metadata
    return {**bundle, "text/plain": text, "text/html": html}
