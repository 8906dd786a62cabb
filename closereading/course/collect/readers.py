"""One reader per kind of student file. A reader says which files it claims (by their
``schema``) and turns a claimed file into what the class view needs.

Three kinds are read: highlights (notebook 04), answer codes (05) and pronoun referents (06).
Another kind plugs in the same way: add an object with ``kind``, ``claims`` and ``read`` to
:data:`READERS`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from closereading.annotation.model import AnnotationSet
from closereading.annotation.records import AnnotationFileError

if TYPE_CHECKING:
    from closereading.annotation.taxonomy import Taxonomy
    from closereading.text.transcript import Transcript

__all__ = ["READERS", "CodeReader", "HighlightReader", "PronounReader", "Reader", "reader_for"]


class Reader(Protocol):
    """What collect asks of a reader."""

    kind: str

    def claims(self, data: Any) -> bool:
        """True if the parsed JSON ``data`` is a file of this kind."""
        ...

    def read(self, path: Path, transcript: Transcript, moves: Taxonomy) -> Any:
        """The file's content for ``transcript``; raises ``ValueError`` naming the problem."""
        ...


def _has_schema(data: Any, prefix: str) -> bool:
    schema = data.get("schema") if isinstance(data, dict) else None
    return isinstance(schema, str) and schema.startswith(prefix)


class HighlightReader:
    """Highlight files, read through :meth:`AnnotationSet.load`, which checks the schema, each
    move id and the transcript, and re-anchors highlights if the text has changed since."""

    kind = "highlights"
    prefix = "closereading.annotations/"

    def claims(self, data: Any) -> bool:
        return _has_schema(data, self.prefix)

    def read(self, path: Path, transcript: Transcript, moves: Taxonomy) -> AnnotationSet:
        try:
            return AnnotationSet.load(path, transcript, moves)
        except AnnotationFileError as error:
            raise ValueError(error.problem) from None


class CodeReader:
    """Answer-code files, read through :func:`closereading.annotation.code_store.load`, which
    checks every field and finds each span again if the text has changed."""

    kind = "answer codes"
    prefix = "closereading.codes/"

    def claims(self, data: Any) -> bool:
        return _has_schema(data, self.prefix)

    def read(self, path: Path, transcript: Transcript, moves: Taxonomy) -> Any:
        from closereading.annotation.code_store import load

        try:
            return load(path, transcript)
        except AnnotationFileError as error:
            raise ValueError(error.problem) from None


class PronounReader:
    """Pronoun-referent files, read through :meth:`PronounAssignments.load`, which never writes."""

    kind = "pronoun referents"
    prefix = "closereading.pronouns/"

    def claims(self, data: Any) -> bool:
        return _has_schema(data, self.prefix)

    def read(self, path: Path, transcript: Transcript, moves: Taxonomy) -> Any:
        from closereading.annotation.pronouns import PronounAssignments, PronounFileError

        try:
            return PronounAssignments.load(path, transcript)
        except PronounFileError as error:
            raise ValueError(error.problem) from None


READERS: list[Reader] = [HighlightReader(), CodeReader(), PronounReader()]


def reader_for(data: Any) -> Reader | None:
    """The reader that claims ``data``, or None."""
    return next((reader for reader in READERS if reader.claims(data)), None)
