"""Where things live: the course's data, and the student's own work.

Student work (highlights, exports) goes to ``work/`` at the top of the course folder, which git
ignores, so updating the course never touches it. Set ``CLOSEREADING_WORK_DIR`` to put it
elsewhere (the tests do, so they never touch a real student's files).
"""

from __future__ import annotations

import hashlib
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


#: The longest file name (without ``.json``) made from an author's name; longer names are cut
#: and given a hash of the whole name, so two long names that share a beginning stay apart.
MAX_NAME_LENGTH = 60

# Names Windows reserves for devices: "con.json" cannot be created there.
_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}


def safe_name(name: str) -> str:
    """A file-name-safe, stable version of a student's name.

    Letters (any script), digits, ``_`` and ``-`` are kept, lower-cased; every other run of
    characters becomes one hyphen (as in earlier versions, so existing files keep their names). A
    name with no letter or digit (``""``, ``"  "``, ``".."``) is refused: two such students would
    otherwise share one file. A name longer than :data:`MAX_NAME_LENGTH` keeps its beginning and
    ends with 8 hex digits of the SHA-256 of the whole (cleaned) name: stable, and distinct.

    >>> safe_name("Ana María"), safe_name("CON")
    ('ana-maría', 'con-')
    >>> len(safe_name("x" * 500)), safe_name("x" * 500) == safe_name("x" * 499)
    (60, False)
    >>> safe_name("..")
    Traceback (most recent call last):
    ValueError: the name '..' has no letter or digit, so it cannot name a file; give a name such as 'ana' or 'student-7'
    """
    cleaned = re.sub(r"[^\w-]+", "-", name.strip().casefold()).strip("-_")
    if not cleaned:
        raise ValueError(
            f"the name {name!r} has no letter or digit, so it cannot name a file; "
            "give a name such as 'ana' or 'student-7'"
        )
    if len(cleaned) > MAX_NAME_LENGTH:
        tag = hashlib.sha256(cleaned.encode("utf-8")).hexdigest()[:8]
        cleaned = cleaned[: MAX_NAME_LENGTH - 9].rstrip("-") + "-" + tag
    if cleaned in _RESERVED:
        cleaned += "-"
    return cleaned


def annotation_path(author: str) -> Path:
    """Where ``author``'s highlights are saved: ``work/annotations/<safe_name(author)>.json``.

    Raises ``ValueError`` for a name that cannot name a file (see :func:`safe_name`).
    """
    name = safe_name(author)  # checked before any folder is made
    folder = work_dir() / "annotations"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{name}.json"


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
