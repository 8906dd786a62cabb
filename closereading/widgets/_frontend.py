"""The browser side of the course's widgets.

Each widget's front end is one anywidget module: its own file in ``static/`` with
``static/connection.js`` (how a page talks to Python and notices a kernel that has gone) put in
front of it, so that the three widgets share that logic without a build step or a bundler.
"""

from __future__ import annotations

from pathlib import Path

STATIC = Path(__file__).parent / "static"


def module(name: str) -> str:
    """The ES module for the widget whose front end is ``static/<name>.js``."""
    shared = (STATIC / "connection.js").read_text(encoding="utf-8")
    own = (STATIC / f"{name}.js").read_text(encoding="utf-8")
    return f"{shared}\n{own}"
