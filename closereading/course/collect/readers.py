"""One reader per kind of student file. A reader says which files it claims (by their
``schema``) and turns a claimed file into what the class view needs.

Three kinds are read: highlights (notebook 04), answer codes (05) and pronoun referents (06).
Another kind plugs in the same way: add an object with ``kind``, ``claims``, ``store`` and
``build`` to :data:`READERS`. Every kind is read by :func:`read`, from bytes already read.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from closereading.annotation.model import AnnotationSet
from closereading.base.workfile import Contents, Kind, WorkFileError, parse

if TYPE_CHECKING:
    from closereading.annotation.taxonomy import Taxonomy
    from closereading.text.transcript import Transcript

__all__ = [
    "READERS",
    "CodeReader",
    "HighlightReader",
    "PronounReader",
    "Reader",
    "read",
    "reader_for",
]


class Reader(Protocol):
    """What collect asks of a reader."""

    kind: str

    def claims(self, data: Any) -> bool:
        """True if the parsed JSON ``data`` is a file of this kind."""
        ...

    def store(self, transcript: Transcript, moves: Taxonomy) -> Kind[Any]:
        """The store's kind for these files (:mod:`closereading.base.workfile`)."""
        ...

    def build(
        self, store: Kind[Any], contents: Contents[Any], transcript: Transcript, path: Path
    ) -> Any:
        """What the class view needs from the records read; raises ``ValueError``."""
        ...


def _has_schema(data: Any, prefix: str) -> bool:
    schema = data.get("schema") if isinstance(data, dict) else None
    return isinstance(schema, str) and schema.startswith(prefix)


def read(
    reader: Reader,
    sources: Sequence[tuple[Path, bytes]],
    transcript: Transcript,
    moves: Taxonomy,
) -> Any:
    """One reader's work from the bytes already read (never opened again): their file, then the
    ``-recovered.json`` file kept beside it, merged in memory as recovery would merge them (by
    record id, the later change winning), nothing written. A record that cannot be read
    raises ``ValueError`` naming it (and the recovered file, if it was there)."""
    store = reader.store(transcript, moves)
    found = []
    for n, (path, raw) in enumerate(sources):
        where = f"its recovered file {path.name}: " if n else ""
        try:
            contents = parse(raw, path, store)
        except WorkFileError as error:
            raise ValueError(where + error.problem) from None
        if contents.set_aside:
            raise ValueError(where + contents.set_aside[0].reason)
        found.append(contents)
    newest: dict[str, Any] = {}
    for contents in found:
        for record in contents.records:
            key = store.ident(record)
            newest[key] = store.resolve(newest[key], record) if key in newest else record
    header = found[0].header
    return reader.build(store, Contents(header, list(newest.values())), transcript, sources[0][0])


class HighlightReader:
    """Highlight files, read as :meth:`AnnotationSet.load` reads them: the schema, each move id
    and the transcript checked, highlights re-anchored if the text has changed since."""

    kind = "highlights"
    prefix = "closereading.annotations/"

    def claims(self, data: Any) -> bool:
        return _has_schema(data, self.prefix)

    def store(self, transcript: Transcript, moves: Taxonomy) -> Kind[Any]:
        from closereading.annotation.highlight_store import HighlightKind

        return HighlightKind(transcript, moves)

    def build(
        self, store: Kind[Any], contents: Contents[Any], transcript: Transcript, path: Path
    ) -> Any:
        result = AnnotationSet(transcript, moves=getattr(store, "moves", None))
        result.author = str(contents.header.get("author", ""))
        result.replace_all(contents.records)
        held = {r.id for r in contents.records}
        result.reanchored = list(dict.fromkeys(i for i in store.reanchored if i in held))  # type: ignore[attr-defined]
        return result


class CodeReader:
    """Answer-code files, read as :func:`closereading.annotation.code_store.load` reads them:
    every field checked and each span found again if the text has changed."""

    kind = "answer codes"
    prefix = "closereading.codes/"

    def claims(self, data: Any) -> bool:
        return _has_schema(data, self.prefix)

    def store(self, transcript: Transcript, moves: Taxonomy) -> Kind[Any]:
        from closereading.annotation.code_store import CodeKind

        return CodeKind(transcript)

    def build(
        self, store: Kind[Any], contents: Contents[Any], transcript: Transcript, path: Path
    ) -> Any:
        from closereading.annotation.codes import Coding

        coding = Coding(transcript)
        coding.adopt(contents.records, contents.header)
        if coding.layout_problem:
            raise ValueError(f"its units do not fit the text ({coding.layout_problem})")
        return coding


class PronounReader:
    """Pronoun-referent files, read as :meth:`PronounAssignments.load` reads them."""

    kind = "pronoun referents"
    prefix = "closereading.pronouns/"

    def claims(self, data: Any) -> bool:
        return _has_schema(data, self.prefix)

    def store(self, transcript: Transcript, moves: Taxonomy) -> Kind[Any]:
        from closereading.annotation.pronouns import PronounKind

        return PronounKind(transcript)

    def build(
        self, store: Kind[Any], contents: Contents[Any], transcript: Transcript, path: Path
    ) -> Any:
        from closereading.annotation.pronouns import PronounAssignments

        held = PronounAssignments.__new__(PronounAssignments)  # read only: no file behind it
        held.transcript, held.path, held.file, held.author = transcript, path, None, ""
        held.adopt(contents.records, contents.header)
        return held


READERS: list[Reader] = [HighlightReader(), CodeReader(), PronounReader()]


def reader_for(data: Any) -> Reader | None:
    """The reader that claims ``data``, or None."""
    return next((reader for reader in READERS if reader.claims(data)), None)
