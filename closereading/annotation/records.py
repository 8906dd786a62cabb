"""What a highlight is, and the errors that name what is wrong with one or with its file.

>>> Annotation("a1", "hedge", 0, 2, "We").to_dict()["quote"]
'We'
>>> len(new_id()), new_id() != new_id()
(13, True)
"""

from __future__ import annotations

import dataclasses
import hashlib
import uuid
from dataclasses import dataclass
from typing import Any

from closereading.base.workfile import WorkFileError

__all__ = [
    "Annotation",
    "AnnotationError",
    "AnnotationFileError",
    "UnknownAnnotationError",
    "new_id",
    "text_sha256",
]


def new_id() -> str:
    """A new highlight id: ``h`` and 12 random hex digits (48 bits), so that two windows adding
    highlights to one file at the same time never hand out the same id. Ids made by earlier
    versions (``a1``, ``a2``...) stay valid."""
    return "h" + uuid.uuid4().hex[:12]


def text_sha256(transcript: Any) -> str:
    """The SHA-256 of the transcript's text (its own ``sha256`` if it has one)."""
    digest = getattr(transcript, "sha256", None)
    if isinstance(digest, str) and digest:
        return digest
    return hashlib.sha256(transcript.text.encode("utf-8")).hexdigest()


class AnnotationError(ValueError):
    """An annotation cannot be made as asked (bad offsets, unknown id...)."""


class UnknownAnnotationError(KeyError):
    """No annotation (or orphan) has this id."""

    def __init__(self, annotation_id: object) -> None:
        self.annotation_id = annotation_id
        super().__init__(f"no annotation with id {annotation_id!r}")

    def __str__(self) -> str:  # KeyError would show the message with quotes around it
        return str(self.args[0])


class AnnotationFileError(WorkFileError):
    """An annotation file cannot be read; the message names the file and the problem.

    The file is never modified when this is raised.
    """


@dataclass(frozen=True)
class Annotation:
    """One highlight: ``move`` applied to ``text[start:end] == quote``.

    ``prefix`` and ``suffix`` are up to :data:`CONTEXT_CHARS` characters either side, used to
    find the quote again if the text changes. ``created`` and ``modified`` are ISO-8601 UTC.
    """

    id: str
    move: str
    start: int
    end: int
    quote: str
    prefix: str = ""
    suffix: str = ""
    note: str = ""
    created: str = ""
    modified: str = ""
    author: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The annotation as stored in a file (``author`` only when set)."""
        record = dataclasses.asdict(self)
        if not self.author:
            del record["author"]
        return record
