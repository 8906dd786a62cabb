"""One reader per kind of student file. A reader says which files it claims (by their
``schema``) and turns a claimed file into what the class view needs.

Highlights (notebook 04) are read here. Readers for the answer codes and pronoun assignments of
notebooks 05 and 06 plug in the same way once those file formats are in the course: add an
object with ``kind``, ``claims`` and ``read`` to :data:`READERS`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from closereading.annotation.model import AnnotationSet
from closereading.annotation.records import AnnotationFileError

if TYPE_CHECKING:
    from closereading.annotation.taxonomy import Taxonomy
    from closereading.text.transcript import Transcript

__all__ = ["READERS", "HighlightReader", "Reader", "reader_for"]


class Reader(Protocol):
    """What collect asks of a reader."""

    kind: str

    def claims(self, data: Any) -> bool:
        """True if the parsed JSON ``data`` is a file of this kind."""
        ...

    def read(self, path: Path, transcript: Transcript, moves: Taxonomy) -> Any:
        """The file's content for ``transcript``; raises ``ValueError`` naming the problem."""
        ...


class HighlightReader:
    """Highlight files, read through :meth:`AnnotationSet.load`, which checks the schema, each
    move id and the transcript, and re-anchors highlights if the text has changed since."""

    kind = "highlights"
    prefix = "closereading.annotations/"

    def claims(self, data: Any) -> bool:
        schema = data.get("schema") if isinstance(data, dict) else None
        return isinstance(schema, str) and schema.startswith(self.prefix)

    def read(self, path: Path, transcript: Transcript, moves: Taxonomy) -> AnnotationSet:
        try:
            return AnnotationSet.load(path, transcript, moves)
        except AnnotationFileError as error:
            raise ValueError(error.problem) from None


READERS: list[Reader] = [HighlightReader()]


def reader_for(data: Any) -> Reader | None:
    """The reader that claims ``data``, or None."""
    return next((reader for reader in READERS if reader.claims(data)), None)
