"""The highlights file as one kind of student file (:mod:`closereading.base.workfile` does the
reading, merging, saving and recovery every kind shares): every field of a highlight checked on
reading, and each one found again in the text.

A record that cannot be read (an unknown move, a missing quote) is set aside with a reason that
names it and the fix; :func:`read_highlights` with ``strict=True`` raises
:class:`AnnotationFileError` for it instead, for readers that must see every record (a class's
files, say).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from closereading.annotation.anchoring import place
from closereading.annotation.records import (
    Annotation,
    AnnotationFileError,
    new_id,
    text_sha256,
)
from closereading.annotation.taxonomy import Taxonomy
from closereading.base.workfile import Contents, Kind, RecordError, WorkFileError, read

__all__ = ["SCHEMA", "HighlightKind", "read_highlights"]

SCHEMA = "closereading.annotations/1"

_REQUIRED_TEXT = ("id", "move", "quote")
_OPTIONAL_TEXT = ("prefix", "suffix", "note", "created", "modified", "author")


@dataclass
class HighlightKind(Kind[Annotation]):
    """Highlights of ``transcript`` with ``moves``. Reading a file notes which highlights it
    saved as orphans, for :meth:`settle`, which then lists the ones that moved
    (``reanchored``, for the file read last)."""

    transcript: Any
    moves: Taxonomy
    reanchored: list[str] = field(default_factory=list)
    _saved_orphans: set[str] = field(default_factory=set)

    schema = SCHEMA
    key = "annotations"
    noun = "highlight"
    folder = "annotations"

    def header_problem(self, data: dict[str, Any]) -> str:
        about = self.transcript_of(data)
        if about is None:
            return '"transcript" must be an object with an "id"'
        if about != self.transcript.id:
            return f"holds annotations of transcript {about!r}, not {self.transcript.id!r}"
        if not isinstance(data.get("author", ""), str):
            return '"author" must be text'
        return ""

    def looks_like(self, raw: dict[str, Any]) -> bool:
        return {"id", "move", "quote"} <= set(raw)

    def parse(self, raw: Any) -> Annotation:
        if not isinstance(raw, dict):
            raise RecordError("an annotation must be an object")
        name = repr(raw["id"]) if isinstance(raw.get("id"), str) else "without an id"
        for key in _REQUIRED_TEXT:
            if not isinstance(raw.get(key), str) or not raw[key]:
                problem = "is missing" if key not in raw else "must be non-empty text"
                raise RecordError(f"annotation {name}: field {key!r} {problem}")
        for key in _OPTIONAL_TEXT:
            if not isinstance(raw.get(key, ""), str):
                raise RecordError(f"annotation {name}: field {key!r} must be text")
        for key in ("start", "end"):
            if isinstance(raw.get(key), bool) or not isinstance(raw.get(key), int):
                raise RecordError(f"annotation {name}: field {key!r} must be a whole number")
        if raw["move"] not in self.moves:
            raise RecordError(
                f"annotation {name}: unknown move {raw['move']!r}; valid moves are: "
                + ", ".join(self.moves.ids)
            )
        if raw.get("orphan") is True:
            self._saved_orphans.add(raw["id"])
        return Annotation(
            id=raw["id"],
            move=raw["move"],
            start=raw["start"],
            end=raw["end"],
            quote=raw["quote"],
            **{key: raw.get(key, "") for key in _OPTIONAL_TEXT},
        )

    def dump(self, record: Annotation) -> dict[str, Any]:
        text = self.transcript.text
        placed = 0 <= record.start < record.end <= len(text)
        if placed and text[record.start : record.end] == record.quote:
            return record.to_dict()
        return {**record.to_dict(), "orphan": True}

    def ident(self, record: Annotation) -> str:
        return record.id

    def settle(self, records: list[Annotation], header: dict[str, Any]) -> list[Annotation]:
        """Each highlight anchored in the text (moved by its quote if the text changed); one
        whose quote is gone is kept as it was, an orphan."""
        about = header.get("transcript")
        sha = about.get("sha256") if isinstance(about, dict) else None
        same_text = sha == text_sha256(self.transcript)
        # What this file said; the next file read (a merge, a recovery) says its own.
        saved_orphans, self._saved_orphans = self._saved_orphans, set()
        self.reanchored = []
        settled = []
        for a in records:
            was_orphan = a.id in saved_orphans
            found = place(a, self.transcript.text, trust_position=same_text and not was_orphan)
            if found is None:
                settled.append(a)
                continue
            if (found.start, found.end) != (a.start, a.end) or was_orphan:
                self.reanchored.append(a.id)
            settled.append(found)
        return settled

    def same(self, a: Annotation, b: Annotation) -> bool:
        fields = ("move", "quote", "note", "modified", "created")
        return all(getattr(a, f) == getattr(b, f) for f in fields)

    def renamed(self, record: Annotation, taken: set[str]) -> Annotation:
        while (fresh := new_id()) in taken:
            pass
        return dataclasses.replace(record, id=fresh)

    def header(self, author: str) -> dict[str, Any]:
        """The file's fields besides the highlights."""
        return {
            "transcript": {"id": self.transcript.id, "sha256": text_sha256(self.transcript)},
            "author": author,
        }


def read_highlights(
    path: str | Path, kind: HighlightKind, *, strict: bool = False
) -> Contents[Annotation]:
    """What the highlights file at ``path`` holds (a missing file raises FileNotFoundError).
    With ``strict``, a record that cannot be read raises :class:`AnnotationFileError`."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(2, "No such file or directory", str(path))
    try:
        contents = read(path, kind)
    except WorkFileError as error:
        raise AnnotationFileError(path, error.problem) from None
    if strict and contents.set_aside:
        first = contents.set_aside[0]
        raise AnnotationFileError(path, first.reason)
    return contents
