"""Where things live: the course's data, and the student's own work.

Student work (highlights, exports) goes to ``work/`` at the top of the course folder, which git
ignores, so updating the course never touches it. Set ``CLOSEREADING_WORK_DIR`` to put it
elsewhere (the tests do, so they never touch a real student's files).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data"
#: The course's interview, as the project keeps it.
INTERVIEW_PATH = DATA_DIR / "interviews" / "peskov-2013.txt"
#: The move taxonomy.
MOVES_PATH = DATA_DIR / "moves.json"
#: The instructor's reference reading of the interview.
REFERENCE_PATH = DATA_DIR / "annotations" / "reference.json"
#: One possible answer to each prompt of the lessons, shown after the student has written.
ANSWERS_DIR = DATA_DIR / "answers"
#: The course's stop word list.
STOPWORDS_PATH = DATA_DIR / "stopwords" / "english-snowball.txt"


def work_dir() -> Path:
    """The folder for the student's own work (created on first use)."""
    override = os.environ.get("CLOSEREADING_WORK_DIR")
    folder = Path(override) if override else ROOT / "work"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def safe_name(name: str) -> str:
    """A file-name-safe version of a student's name: ``"Ana María"`` -> ``"ana-maría"``."""
    cleaned = re.sub(r"[^\w-]+", "-", name.strip().casefold()).strip("-_")
    return cleaned or "student"


def annotation_path(author: str) -> Path:
    """Where ``author``'s highlights are saved: ``work/annotations/<author>.json``."""
    folder = work_dir() / "annotations"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{safe_name(author)}.json"


def display_path(path: Path) -> str:
    """``path`` as a student should read it, the same on every machine: ``work/annotations/ana.json``
    for a file in the work folder (wherever ``CLOSEREADING_WORK_DIR`` puts it), else relative to
    the course folder, with forward slashes; only the file name for a path outside both."""
    path = Path(path).resolve()
    work = work_dir().resolve()
    if path == work or work in path.parents:
        return "/".join(("work", *path.relative_to(work).parts))
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return path.name
