"""``closereading recover FILE``: show what a damaged student file, its backup and its recovered
file hold, then merge them into a good file (the damaged one is kept aside, renamed).

Every kind of student file is known: highlights (``work/annotations/``), answer codes
(``work/codes/``), pronoun referents (``work/pronouns/``) and evidence pins (``work/evidence/``),
told apart by the schema the file names or, for a file too damaged to say, by its folder. The
work is :func:`closereading.base.workfile.recover`'s, as for the widgets' Recover button; this
module only finds the kind and says what happened. A note (``work/notes/*.md``) is free text: it
is read in whatever encoding it arrived in and saved back as UTF-8, the old bytes kept as
``.bak``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from closereading.annotation.code_store import CodeKind
from closereading.annotation.highlight_store import HighlightKind
from closereading.annotation.pronouns import PronounKind
from closereading.annotation.taxonomy import load_moves
from closereading.base.files import atomic_write, file_lock
from closereading.base.paths import display_path
from closereading.base.workfile import (
    Kind,
    Recovery,
    WorkFileError,
    decode_text,
    inspect,
    recover,
    recovered_path,
)
from closereading.course.evidence import PinKind
from closereading.text.transcript import Transcript, load_interview, load_transcript

__all__ = ["describe", "kind_of", "kinds", "run"]


def kinds(transcript: Transcript) -> list[Kind[Any]]:
    """Every kind of student file, for ``transcript``."""
    return [
        HighlightKind(transcript, load_moves()),
        CodeKind(transcript),
        PronounKind(transcript),
        PinKind(transcript),
    ]


def kind_of(path: Path, transcript: Transcript) -> Kind[Any]:
    """The kind of the file at ``path``: by the schema it names, else by its folder. Raises
    ``WorkFileError`` (naming the kinds) when neither says."""
    known = kinds(transcript)
    for where in (path, path.with_name(path.name + ".bak")):
        try:
            text = decode_text(where.read_bytes()[:4096])[0]
        except OSError:
            continue
        named = re.search(r'"schema"\s*:\s*"([^"]+)"', text)
        for kind in known:
            if named and named.group(1) == kind.schema:
                return kind
    folder = path.parent.name
    for kind in known:
        if folder == kind.folder:
            return kind
    folders = ", ".join(f"work/{k.folder}/" for k in known)
    raise WorkFileError(
        path,
        "is not a student file this command knows (its schema names none, and it is not in "
        f"{folders} or work/notes/); give the path of a file in one of those folders",
    )


def describe(sources: list[Any]) -> list[str]:
    """One line per place work can be, saying what it holds."""
    return [f"  {display_path(s.path)} — {s.describe()}" for s in sources]


def run(
    path: str | Path, transcript: str | Path | None = None, dry_run: bool = False
) -> tuple[list[str], Recovery | None]:
    """Show the three places of ``path``'s work and (unless ``dry_run``) merge them into
    ``path``. Returns the lines to print and the result (None for a dry run or a note)."""
    path = Path(path)
    if path.suffix == ".md" and path.parent.name == "notes":
        if not path.is_file():
            raise WorkFileError(path, "there is no such note; check the path (work/notes/...)")
        return _note(path, dry_run), None
    text: Transcript = load_transcript(transcript) if transcript else load_interview()
    kind = kind_of(path, text)
    places = (path, path.with_name(path.name + ".bak"), recovered_path(path))
    if not any(place.exists() for place in places):
        raise WorkFileError(
            path, "there is no such file, nor a backup or recovered file beside it; check the path"
        )
    lines = [f"The {kind.noun}s of {display_path(path)} can be in three places:"]
    lines += describe(inspect(path, kind))
    if dry_run:
        lines.append("Nothing was changed (--dry-run). Run again without it to merge them.")
        return lines, None
    result = recover(path, kind)
    lines.append(result.message())
    lines.append(f"Open the notebook again: it reads {display_path(result.path)}.")
    return lines, result


def _note(path: Path, dry_run: bool) -> list[str]:
    with file_lock(path):
        raw = path.read_bytes()
        text, encoding = decode_text(raw)
        shown = display_path(path)
        if (
            encoding in ("utf-8", "utf-8-sig")
            and b"\r\n" not in raw
            and not raw.startswith(b"\xef\xbb\xbf")
        ):
            return [f"{shown} is a note in UTF-8 and reads cleanly; nothing to do."]
        if dry_run:
            return [
                f"{shown} is a note saved as {encoding}; run again without --dry-run to "
                "save it as UTF-8."
            ]
        atomic_write(path, text, backup=True)
    return [
        f"{shown} was saved as {encoding}; it is now UTF-8 (the old bytes are in {path.name}.bak)."
    ]
