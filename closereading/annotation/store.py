"""Reading an annotation file: check every field, and say exactly what is wrong and where.

A file that cannot be read raises :class:`AnnotationFileError` naming the file and the problem,
and is never modified. :class:`closereading.annotation.model.AnnotationSet` builds on this.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from closereading.annotation.records import Annotation, AnnotationFileError
from closereading.annotation.taxonomy import Taxonomy

__all__ = ["SCHEMA", "StoredFile", "parse_annotation_bytes", "parse_record", "read_annotation_file"]

SCHEMA = "closereading.annotations/1"

_REQUIRED_TEXT = ("id", "move", "quote")
_OPTIONAL_TEXT = ("prefix", "suffix", "note", "created", "modified", "author")


@dataclass(frozen=True)
class StoredFile:
    """What an annotation file holds: its author, the hash of the text it was made on, and each
    annotation with whether it was saved as an orphan."""

    author: str
    sha256: str | None
    annotations: list[tuple[Annotation, bool]]
    #: The SHA-256 of the file's bytes as read (what a later save compares the file with).
    digest: str | None = None


def read_annotation_file(path: str | Path, transcript_id: str, moves: Taxonomy) -> StoredFile:
    """Read and check the annotation file at ``path`` for the transcript ``transcript_id``."""
    path = Path(path)
    raw = path.read_bytes()  # a missing file raises FileNotFoundError, which names it
    return parse_annotation_bytes(raw, path, transcript_id, moves)


def parse_annotation_bytes(
    raw: bytes, path: Path, transcript_id: str, moves: Taxonomy
) -> StoredFile:
    """Check the bytes of the annotation file at ``path`` (named in every error)."""
    data = _read_json(raw, path)
    if not isinstance(data, dict) or "schema" not in data:
        raise AnnotationFileError(path, 'not a Close Reading Lab annotation file (no "schema")')
    if data["schema"] != SCHEMA:
        raise AnnotationFileError(
            path, f"has schema {data['schema']!r}; this version reads {SCHEMA!r}"
        )
    about = data.get("transcript")
    if not isinstance(about, dict) or not isinstance(about.get("id"), str):
        raise AnnotationFileError(path, '"transcript" must be an object with an "id"')
    if about["id"] != transcript_id:
        raise AnnotationFileError(
            path, f"holds annotations of transcript {about['id']!r}, not {transcript_id!r}"
        )
    author = data.get("author", "")
    if not isinstance(author, str):
        raise AnnotationFileError(path, '"author" must be text')
    records = data.get("annotations")
    if not isinstance(records, list):
        raise AnnotationFileError(path, '"annotations" must be a list')

    stored = [parse_record(record, i, path, moves) for i, record in enumerate(records)]
    seen: set[str] = set()
    for annotation, _ in stored:
        if annotation.id in seen:
            raise AnnotationFileError(path, f"annotation id {annotation.id!r} is used twice")
        seen.add(annotation.id)
    digest = about.get("sha256")
    text_digest = digest if isinstance(digest, str) else None
    return StoredFile(author, text_digest, stored, hashlib.sha256(raw).hexdigest())


def _read_json(raw: bytes, path: Path) -> Any:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problem = f"not UTF-8 text (bad byte at position {error.start})"
        raise AnnotationFileError(path, problem) from None
    if not text.strip():
        raise AnnotationFileError(path, "the file is empty")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise AnnotationFileError(
            path, f"not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})"
        ) from None


def parse_record(record: Any, index: int, path: Path, moves: Taxonomy) -> tuple[Annotation, bool]:
    """One checked record of the file at ``path`` and whether it was saved as an orphan."""
    if not isinstance(record, dict):
        raise AnnotationFileError(path, f"annotation {index} is not an object")
    name = repr(record["id"]) if isinstance(record.get("id"), str) else f"number {index}"
    for key in _REQUIRED_TEXT:
        if not isinstance(record.get(key), str) or not record[key]:
            problem = "is missing" if key not in record else "must be non-empty text"
            raise AnnotationFileError(path, f"annotation {name}: field {key!r} {problem}")
    for key in _OPTIONAL_TEXT:
        if not isinstance(record.get(key, ""), str):
            raise AnnotationFileError(path, f"annotation {name}: field {key!r} must be text")
    for key in ("start", "end"):
        value = record.get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise AnnotationFileError(
                path, f"annotation {name}: field {key!r} must be a whole number"
            )
    if record["move"] not in moves:
        valid = ", ".join(moves.ids)
        raise AnnotationFileError(
            path, f"annotation {name}: unknown move {record['move']!r}; valid moves are: {valid}"
        )
    annotation = Annotation(
        id=record["id"],
        move=record["move"],
        start=record["start"],
        end=record["end"],
        quote=record["quote"],
        **{key: record.get(key, "") for key in _OPTIONAL_TEXT},
    )
    return annotation, record.get("orphan") is True
