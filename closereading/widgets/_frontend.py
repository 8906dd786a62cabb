"""The browser side of the course's widgets.

Each widget's front end is one anywidget module: its own file in ``static/`` with
``static/prelude.js`` put in front of it, so that the widgets share, without a build step or a
bundler, what every page needs: the element builder, the keys, the mapping from the page to
character offsets, the link to Python (every change answered; a kernel or server that has gone
said in place) and the notice that says so. The widget's Python class syncs ``edits``, the
message types that change the reader's file, which the link reads from the model.

``tsc --noEmit`` checks the modules as the browser gets them (``tests/test_frontend_types.py``),
with the types in ``static/*.d.ts``.
"""

from __future__ import annotations

from pathlib import Path

STATIC = Path(__file__).parent / "static"
PRELUDE = "prelude.js"


def module(name: str, folder: Path = STATIC) -> str:
    """The ES module for the widget whose front end is ``<folder>/<name>.js``."""
    shared = (folder / PRELUDE).read_text(encoding="utf-8")
    own = (folder / f"{name}.js").read_text(encoding="utf-8")
    return f"{shared}\n{own}"
