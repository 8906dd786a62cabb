"""The student's name, asked once and used by every saved widget.

A student gives their name once, in notebook 00 (:func:`your_name`); it is kept in
``work/name.txt``. On a JupyterHub the hub's user name (``JUPYTERHUB_USER``, which the hub sets in
every student's server) is used when no name was given. Every widget that saves a file
(highlighter, answer coder, pronoun table, evidence board) and the written reading take this name
when the notebook passes none or the course's placeholder ``"student"``; a name the notebook
passes itself (``author="ana"``) still wins.

>>> author_or_name("ana")
'ana'
>>> is_placeholder("Student"), is_placeholder("ana")
(True, False)
"""

from __future__ import annotations

import os

from closereading.base.files import atomic_write
from closereading.base.paths import safe_name, work_dir

__all__ = [
    "HUB_USER",
    "NAME_FILE",
    "PLACEHOLDER",
    "Notice",
    "author_or_name",
    "given_name",
    "is_placeholder",
    "set_student_name",
    "student_name",
    "your_name",
]

#: The name the notebooks pass, standing for "whoever this student is".
PLACEHOLDER = "student"
#: Where the name given in notebook 00 is kept, inside the work folder.
NAME_FILE = "name.txt"
#: The environment variable JupyterHub sets to the user's name in each single-user server.
HUB_USER = "JUPYTERHUB_USER"


class Notice(str):
    """A sentence for the reader: a notebook shows it as plain text, without quotes."""

    def __repr__(self) -> str:
        return str(self)


def is_placeholder(author: str | None) -> bool:
    return author is None or author.strip().casefold() in ("", PLACEHOLDER)


def _saved_name() -> str:
    try:
        return (work_dir() / NAME_FILE).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def given_name() -> str:
    """The name the student gave in notebook 00 ("" if none was given)."""
    name = _saved_name()
    return "" if is_placeholder(name) else name


def student_name() -> str:
    """The name given in notebook 00; else the hub's user name; else ``"student"``."""
    for name in (_saved_name(), os.environ.get(HUB_USER, "").strip()):
        if name:
            try:
                safe_name(name)
            except ValueError:
                continue  # a name that cannot name a file is not used
            return name
    return PLACEHOLDER


def author_or_name(author: str | None) -> str:
    """``author`` as a widget should use it: the student's name for the placeholder."""
    return student_name() if is_placeholder(author) else str(author).strip()


def set_student_name(name: str) -> str:
    """Keep ``name`` as the student's name for every notebook; return it. Raises ``ValueError``
    for a name that cannot name a file (see :func:`closereading.base.paths.safe_name`)."""
    name = " ".join(name.split())
    safe_name(name)
    atomic_write(work_dir() / NAME_FILE, name + "\n")
    return name


def _files_of(name: str) -> str:
    safe = safe_name(name)
    return f"work/annotations/{safe}.json, work/codes/{safe}.json, work/pronouns/{safe}.json"


def your_name(name: str = "") -> Notice:
    """Notebook 00's cell: with a name, keep it; without one, say which name is in use."""
    if name.strip():
        try:
            name = set_student_name(name)
        except ValueError as error:
            return Notice(f"That name cannot be used: {error}.")
        return Notice(
            f"Your name is now {name!r}. Every notebook saves your work under it: "
            f"{_files_of(name)}."
        )
    current = student_name()
    if _saved_name() == current:
        where = "the name you gave"
    elif current != PLACEHOLDER:
        where = "your name on this hub"
    else:
        return Notice(
            f"Your work is saved under the name {PLACEHOLDER!r} ({_files_of(PLACEHOLDER)}). "
            'To put your own name on it, type it between the quotes, as in your_name("Ana '
            'García"), and run the cell again; notebooks 04 to 07 then use it.'
        )
    return Notice(f"Your work is saved under {where}, {current!r}: {_files_of(current)}.")
