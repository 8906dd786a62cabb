"""A student's own notes (first impressions, answers to "pause and look" questions), kept as
small Markdown files in ``work/notes/`` so that updating the course never touches them.

>>> shown_note_path("01-first-impressions")
'work/notes/01-first-impressions.md'
>>> note_path("First impressions!")
Traceback (most recent call last):
ValueError: a note name is lower-case words joined by hyphens, e.g. '01-first-impressions', not 'First impressions!'
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from closereading.base.files import atomic_write
from closereading.base.paths import ANSWERS_DIR, display_path, work_dir

__all__ = [
    "AnswersFileError",
    "load_note",
    "note_path",
    "possible_answer",
    "save_note",
    "shown_note_path",
]

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
    """Save the note atomically (see :func:`closereading.base.files.atomic_write`), keeping the
    previous version as ``<name>.md.bak``: a crash mid-save never leaves half a note."""
    return atomic_write(note_path(name), text.replace("\r\n", "\n"), backup=True)


# --- one possible answer ------------------------------------------------------------------------

ANSWERS_SCHEMA = "closereading.answers/1"


class AnswersFileError(ValueError):
    """A file of possible answers is malformed; the message names the file and the fix."""


def possible_answer(name: str) -> str | None:
    """One possible answer to the prompt whose note is called ``name``, or None if the course
    offers none. Answers live in ``data/answers/<notebook>.json``, apart from the exercises'
    graded solutions, and are shown to a student only after they have written their own.

    >>> possible_answer("no-such-note") is None
    True
    """
    return _all_answers().get(name)


@lru_cache(maxsize=1)
def _all_answers() -> dict[str, str]:
    answers: dict[str, str] = {}
    for path in sorted(ANSWERS_DIR.glob("*.json")):
        answers.update(_read_answers(path))
    return answers


def _read_answers(path: Path) -> dict[str, str]:
    shown = display_path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise AnswersFileError(
            f"{shown}: not valid UTF-8 JSON ({error}); fix or restore the file"
        ) from None
    if not isinstance(data, dict) or data.get("schema") != ANSWERS_SCHEMA:
        raise AnswersFileError(f'{shown}: "schema" must be {ANSWERS_SCHEMA!r}')
    answers = data.get("answers")
    if not isinstance(answers, dict) or not all(
        isinstance(k, str) and _NAME.match(k) and isinstance(v, str) and v.strip()
        for k, v in answers.items()
    ):
        raise AnswersFileError(
            f'{shown}: "answers" must map note names (lower-case words joined by hyphens) '
            "to non-empty text"
        )
    return answers
