"""A student's own notes (first impressions, answers to "pause and look" questions), kept as
small Markdown files in ``work/notes/`` so that updating the course never touches them.

Notes are written with :func:`closereading.base.files.atomic_write` under the note's
cross-process lock; two note boxes editing one note never silently overwrite each other
(:func:`write_note`).

>>> shown_note_path("01-first-impressions")
'work/notes/01-first-impressions.md'
>>> note_path("First impressions!")
Traceback (most recent call last):
ValueError: a note name is lower-case words joined by hyphens, e.g. '01-first-impressions', not 'First impressions!'
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

from closereading.base.files import (
    atomic_write,
    digest,
    file_lock,
    read_bytes,
    remove_stale_temps,
    utf8,
)
from closereading.base.paths import ANSWERS_DIR, display_path, work_dir
from closereading.base.workfile import decode_text

__all__ = [
    "AnswersFileError",
    "NoteSave",
    "load_note",
    "note_path",
    "possible_answer",
    "save_note",
    "shown_note_path",
    "write_note",
]

_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_UNKNOWN: Any = object()
# The hash of what this process last loaded or saved for each note (None: there was no file).
_KNOWN: dict[Path, str | None] = {}


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
    """The note's text, or ``""`` if it has not been written yet. A note saved in another
    encoding (Latin-1 or UTF-16 by another editor, say) is read all the same
    (:func:`closereading.base.workfile.decode_text`) and saved back as UTF-8."""
    path = note_path(name)
    text = _text(read_bytes(path))
    _KNOWN[path.resolve()] = _digest(text)
    return text or ""


def _text(raw: bytes | None) -> str | None:
    return None if raw is None else decode_text(raw)[0]


def _digest(text: str | None) -> str | None:
    """The hash a note is compared by: of its text, whatever encoding it was saved in."""
    return None if text is None else digest(utf8(text.replace("\r\n", "\n")))


@dataclass(frozen=True)
class NoteSave:
    """What :func:`write_note` did: where the note is, and where the other window's differing
    version was kept (None when there was no conflict)."""

    path: Path
    conflict: Path | None = None

    def message(self) -> str:
        """A sentence for the reader, ``""`` when there is nothing to say."""
        if self.conflict is None:
            return ""
        return (
            f"This note was changed in another window meanwhile. Your text is saved; the other "
            f"version is kept in {display_path(self.conflict)}."
        )


def save_note(name: str, text: str, *, expected: Any = _UNKNOWN) -> Path:
    """Save the note atomically, keeping the previous version as ``<name>.md.bak``: a crash
    mid-save never leaves half a note. Returns its path; see :func:`write_note`."""
    return write_note(name, text, expected=expected).path


def write_note(name: str, text: str, *, expected: Any = _UNKNOWN) -> NoteSave:
    """Save the note, never silently over another window's changes.

    ``expected`` is the text this writer last loaded or saved (None: there was no note). By
    default it is what this process last loaded or saved. If the note on disk is neither that
    nor ``text``, free text cannot be merged: the version on disk is kept as
    ``<name>.conflict-<time>.md`` beside it, ``text`` is saved, and :class:`NoteSave` says so.
    All of it happens under the note's cross-process lock.
    """
    path = note_path(name)
    data = text.replace("\r\n", "\n")
    key = path.resolve()
    with file_lock(path):
        remove_stale_temps(path)
        on_disk = read_bytes(path)
        seen = _digest(_text(on_disk))
        base = _KNOWN.get(key, seen) if expected is _UNKNOWN else _digest(expected)
        conflict = None
        if on_disk is not None and seen not in (base, _digest(data)):
            conflict = _keep_other_version(path, name, on_disk)
        atomic_write(path, data, backup=True)
        _KNOWN[key] = _digest(data)
    return NoteSave(path, conflict)


def _keep_other_version(path: Path, name: str, content: bytes) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{name}.conflict-{stamp}.md")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{name}.conflict-{stamp}-{n}.md")
    return atomic_write(target, content)


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
