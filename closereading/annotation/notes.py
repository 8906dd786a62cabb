"""A student's own notes (first impressions, answers to "pause and look" questions), kept as
small Markdown files in ``work/notes/`` so that updating the course never touches them.

>>> shown_note_path("01-first-impressions")
'work/notes/01-first-impressions.md'
>>> note_path("First impressions!")
Traceback (most recent call last):
ValueError: a note name is lower-case words joined by hyphens, e.g. '01-first-impressions', not 'First impressions!'
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from closereading.base.paths import display_path, work_dir

__all__ = ["load_note", "note_path", "save_note", "shown_note_path"]

_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def note_path(name: str) -> Path:
    """Where the note called ``name`` (lower-case words joined by hyphens) is kept."""
    if not _NAME.match(name):
        raise ValueError(
            f"a note name is lower-case words joined by hyphens, e.g. "
            f"'01-first-impressions', not {name!r}"
        )
    folder = work_dir() / "notes"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{name}.md"


def shown_note_path(name: str) -> str:
    """The note's path as a student should read it, the same on every machine."""
    return display_path(note_path(name))


def load_note(name: str) -> str:
    """The note's text, or ``""`` if it has not been written yet."""
    path = note_path(name)
    return path.read_text(encoding="utf-8") if path.exists() else ""


def save_note(name: str, text: str) -> Path:
    """Save the note atomically (a temporary file in the same folder, then a rename), so that
    a crash mid-save never leaves half a note."""
    path = note_path(name)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
