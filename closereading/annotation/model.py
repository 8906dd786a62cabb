"""Highlights ("annotations"): each one marks a span of a transcript with a rhetorical move.

An annotation is anchored twice, as in the W3C Web Annotation model: by position (``start``,
``end`` into ``Transcript.text``) and by quote (the text itself with up to 32 characters of
context either side). If the transcript changes, loading re-anchors each annotation by its quote
and context; one that can no longer be found is kept as an *orphan* — reported, saved back out,
never dropped.

Saves are atomic (a temporary file in the same folder, flushed and fsynced, then ``os.replace``),
keep the previous version beside the file as ``<name>.json.bak``, and merge with what another
window saved to the same file in the meantime (:mod:`closereading.base.workfile`).

>>> from closereading import load_interview
>>> highlights = AnnotationSet(load_interview(), author="Ana")
>>> start = highlights.transcript.text.index("Diplomacy is preferable")
>>> a = highlights.add("attitude-marker", start, start + len("Diplomacy is preferable"))
>>> a.quote, a.id.startswith("h")
('Diplomacy is preferable', True)
>>> len(highlights)
1
"""

# Size: about 330 lines; the set's reading, changing and file methods belong to one class (the
# merge itself lives in base/workfile/, the file format in highlight_store.py, exports in
# export.py).

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from closereading.text.transcript import Transcript

from closereading.annotation import export
from closereading.annotation.anchoring import CONTEXT_CHARS, anchor
from closereading.annotation.export import CSV_COLUMNS, W3C_CONTEXT
from closereading.annotation.highlight_store import SCHEMA, HighlightKind, read_highlights
from closereading.annotation.records import (
    Annotation,
    AnnotationError,
    AnnotationFileError,
    UnknownAnnotationError,
    new_id,
)
from closereading.annotation.taxonomy import Taxonomy, load_moves
from closereading.base import workfile
from closereading.base.strings import plural
from closereading.base.workfile import SaveResult, SetAside, Synced

__all__ = [
    "CONTEXT_CHARS",
    "CSV_COLUMNS",
    "SCHEMA",
    "W3C_CONTEXT",
    "Annotation",
    "AnnotationError",
    "AnnotationFileError",
    "AnnotationSet",
    "SaveResult",
    "UnknownAnnotationError",
]


def _now() -> str:
    """The current time, ISO-8601 UTC to the second (tests replace this)."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


_UNSET: Any = object()


class AnnotationSet:
    """One reader's highlights on one transcript.

    The set is the source of truth that widgets and analyses share. Iteration yields the anchored
    annotations in text order; :attr:`orphans` holds those whose quote could not be found after
    the transcript changed.

    Args:
        transcript: the ``Transcript`` (anything with ``text``, ``id`` and ``sha256``).
        author: whose reading this is (saved in the file).
        moves: the taxonomy moves are checked against; the course's by default.
    """

    def __init__(
        self, transcript: Transcript, author: str = "", moves: Taxonomy | None = None
    ) -> None:
        self.transcript = transcript
        self.author = author
        self.moves = moves if moves is not None else load_moves()
        self.orphans: list[Annotation] = []
        #: ids of annotations that loading moved to a new position.
        self.reanchored: list[str] = []
        self._items: dict[str, Annotation] = {}
        #: Records of its file that could not be read, each with the reason; saved back out.
        self.set_aside: list[SetAside] = []
        #: What this set last read from or wrote to its file (the base of the next merge).
        self.synced: Synced[Annotation] | None = None
        #: What the last :meth:`save` did (merged from another window, etc.).
        self.last_save: SaveResult[Annotation] | None = None

    # --- reading ---------------------------------------------------------------------------

    def __iter__(self) -> Iterator[Annotation]:
        return iter(sorted(self._items.values(), key=lambda a: (a.start, a.end)))

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, annotation_id: object) -> bool:
        return annotation_id in self._items or any(o.id == annotation_id for o in self.orphans)

    def __repr__(self) -> str:
        who = f" by {self.author!r}" if self.author else ""
        orphans = f", {len(self.orphans)} orphaned" if self.orphans else ""
        count = plural(len(self), "annotation")
        return f"<AnnotationSet{who} on {self.transcript.id!r}: {count}{orphans}>"

    def get(self, annotation_id: str) -> Annotation:
        """The annotation (or orphan) with this id; :class:`UnknownAnnotationError` if none."""
        if annotation_id in self._items:
            return self._items[annotation_id]
        for orphan in self.orphans:
            if orphan.id == annotation_id:
                return orphan
        raise UnknownAnnotationError(annotation_id)

    def at(self, offset: int) -> list[Annotation]:
        """Annotations covering character ``offset`` (overlapping and nested ones included)."""
        return [a for a in self if a.start <= offset < a.end]

    # --- changing --------------------------------------------------------------------------

    def add(self, move: str, start: int, end: int, note: str = "") -> Annotation:
        """Highlight ``text[start:end]`` as ``move``; returns the new annotation.

        Raises ``UnknownMoveError`` (listing the valid moves) or :class:`AnnotationError`.
        """
        self.moves.get(move)
        self._check_span(start, end)
        if not isinstance(note, str):
            raise AnnotationError(f"note must be text, got {type(note).__name__}")
        stamp = _now()
        annotation = Annotation(
            id=self._new_id(),
            move=move,
            start=start,
            end=end,
            note=note,
            created=stamp,
            modified=stamp,
            **self._anchor(start, end),
        )
        self._items[annotation.id] = annotation
        return annotation

    def remove(self, annotation_id: str) -> Annotation:
        """Delete an annotation (or an orphan) and return it."""
        if annotation_id in self._items:
            return self._items.pop(annotation_id)
        for i, orphan in enumerate(self.orphans):
            if orphan.id == annotation_id:
                return self.orphans.pop(i)
        raise UnknownAnnotationError(annotation_id)

    def restore(self, annotation: Annotation) -> Annotation:
        """Put back an annotation under its own id and timestamps (e.g. to undo :meth:`remove`).

        Its move must be known, its id unused and its span must still hold its quote.
        """
        self.moves.get(annotation.move)
        if annotation.id in self:
            raise AnnotationError(f"an annotation with id {annotation.id!r} already exists")
        self._check_span(annotation.start, annotation.end)
        if self.transcript.text[annotation.start : annotation.end] != annotation.quote:
            raise AnnotationError(
                f"annotation {annotation.id!r}: the text at {annotation.start}..{annotation.end} "
                f"is no longer {annotation.quote!r}"
            )
        self._items[annotation.id] = annotation
        return annotation

    def update(
        self,
        annotation_id: str,
        *,
        move: str = _UNSET,
        note: str = _UNSET,
        start: int = _UNSET,
        end: int = _UNSET,
    ) -> Annotation:
        """Change an annotation's move, note or span; returns the new version.

        Giving an orphan a new ``start`` and ``end`` anchors it again.
        """
        old = self.get(annotation_id)
        changes: dict[str, Any] = {}
        if move is not _UNSET:
            self.moves.get(move)
            changes["move"] = move
        if note is not _UNSET:
            if not isinstance(note, str):
                raise AnnotationError(f"note must be text, got {type(note).__name__}")
            changes["note"] = note
        is_orphan = annotation_id not in self._items
        if start is not _UNSET or end is not _UNSET:
            new_start = old.start if start is _UNSET else start
            new_end = old.end if end is _UNSET else end
            if is_orphan and (start is _UNSET or end is _UNSET):
                raise AnnotationError(
                    f"annotation {annotation_id!r} is orphaned: "
                    "give both start and end to anchor it"
                )
            self._check_span(new_start, new_end)
            changes.update(start=new_start, end=new_end, **self._anchor(new_start, new_end))
        if not changes:
            return old
        new = dataclasses.replace(old, modified=_now(), **changes)
        if is_orphan:
            if "start" not in changes:
                self.orphans[:] = [new if o.id == annotation_id else o for o in self.orphans]
                return new
            self.orphans[:] = [o for o in self.orphans if o.id != annotation_id]
        self._items[annotation_id] = new
        return new

    def _check_span(self, start: Any, end: Any) -> None:
        length = len(self.transcript.text)
        for name, value in (("start", start), ("end", end)):
            if isinstance(value, bool) or not isinstance(value, int):
                raise AnnotationError(f"{name} must be a whole number, got {value!r}")
        if not 0 <= start < end <= length:
            raise AnnotationError(
                f"span {start}..{end} is not inside the text: need 0 <= start < end <= {length}"
            )

    def _anchor(self, start: int, end: int) -> dict[str, str]:
        return anchor(self.transcript.text, start, end)

    def _new_id(self) -> str:
        while (candidate := new_id()) in self:
            pass  # 48 random bits: a repeat is all but impossible, and still never used twice
        return candidate

    def replace_all(self, annotations: list[Annotation]) -> None:
        """Hold exactly ``annotations`` (after a merge): each one whose span still holds its
        quote is anchored, every other one is an orphan."""
        text = self.transcript.text
        self._items, self.orphans = {}, []
        for a in annotations:
            if 0 <= a.start < a.end <= len(text) and text[a.start : a.end] == a.quote:
                self._items[a.id] = a
            else:
                self.orphans.append(a)

    # --- files -----------------------------------------------------------------------------

    def kind(self) -> HighlightKind:
        """This set's kind of file (its transcript and moves)."""
        return HighlightKind(self.transcript, self.moves)

    def records(self) -> list[Annotation]:
        """Every highlight to save: the anchored ones in text order, then the orphans."""
        return [*self, *self.orphans]

    def header(self) -> dict[str, Any]:
        return self.kind().header(self.author)

    def adopt(self, records: list[Annotation], header: dict[str, Any]) -> None:
        """Hold exactly ``records`` (see :meth:`replace_all`); the file's author if it names one."""
        self.replace_all(records)
        if isinstance(header.get("author"), str) and header["author"]:
            self.author = header["author"]

    def to_dict(self) -> dict[str, Any]:
        """The set in the file format (orphans included, marked ``"orphan": true``)."""
        kind = self.kind()
        return {
            "schema": SCHEMA,
            **kind.header(self.author),
            "annotations": [kind.dump(a) for a in [*self, *self.orphans]],
        }

    def save(self, path: str | Path) -> Path:
        """Write the set to ``path`` atomically, keeping the previous file as ``<path>.bak``.

        If another window saved to ``path`` since this set read or wrote it, the two are merged
        first (:func:`closereading.base.workfile.save`); :attr:`last_save` says what happened.
        Parent folders are created. If writing fails, the file at ``path`` is left as it was;
        a file that changed and cannot be read is never overwritten (``AnnotationFileError``).
        """
        self.last_save = None
        kind = self.kind()
        try:
            result = workfile.save(
                path,
                kind,
                kind.header(self.author),
                [*self, *self.orphans],
                self.synced,
                self.set_aside,
            )
        except workfile.WorkFileError as error:
            raise AnnotationFileError(error.path, error.problem) from None
        if result.merged:
            self.replace_all(result.records)
        self.set_aside = list(result.set_aside)
        self.synced, self.last_save = result.synced, result
        return result.path

    @classmethod
    def load(
        cls,
        path: str | Path,
        transcript: Transcript,
        moves: Taxonomy | None = None,
        *,
        strict: bool = True,
    ) -> AnnotationSet:
        """Read a saved set for ``transcript``, re-anchoring annotations if the text changed.

        Raises :class:`AnnotationFileError` (naming the file and the problem, leaving the file
        untouched) for a file that is not valid JSON, not an annotation file, of another schema,
        or for another transcript. Annotations whose quote cannot be found go to ``.orphans``.
        A record that cannot be read raises too, unless ``strict`` is False: it is then set
        aside (:attr:`set_aside`, with the reason) and kept in the file.
        """
        result = cls(transcript, moves=moves)
        kind = result.kind()
        contents = read_highlights(path, kind, strict=strict)
        result.author = str(contents.header.get("author", ""))
        result.replace_all(contents.records)
        result.reanchored = list(kind.reanchored)
        result.set_aside = list(contents.set_aside)
        result.synced = workfile.synced(Path(path), contents, kind)
        return result

    def bind(self, path: str | Path) -> None:
        """Note that ``path`` had no file when this (new) set was made for it, so that a file
        another window creates there meanwhile is merged, not overwritten, on the next save."""
        self.synced = Synced(Path(path).resolve(), None, {})

    # --- export ----------------------------------------------------------------------------

    def to_records(self, *, orphans: bool = False) -> list[dict[str, Any]]:
        """Anchored annotations as plain dicts (with the move's ``label`` and ``family``).

        With ``orphans``, the orphans follow, and every record has ``"orphan": True/False``.
        """
        chosen = [(a, False) for a in self]
        if orphans:
            chosen += [(o, True) for o in self.orphans]
        records = []
        for a, is_orphan in chosen:
            move = self.moves.get(a.move)
            record = a.to_dict()
            record.update(label=move.label, family=move.family, author=a.author or self.author)
            if orphans:
                record["orphan"] = is_orphan
            records.append(record)
        return records

    def to_csv(self, path_or_buffer: str | Path | IO[str]) -> None:
        """Write every annotation as CSV, orphans included and flagged in the ``orphan`` column
        (see :func:`closereading.annotation.export.write_csv`)."""
        export.write_csv(self.to_records(orphans=True), path_or_buffer)

    def to_w3c(self, source: str | None = None) -> dict[str, Any]:
        """Every annotation as a W3C Web Annotation ``AnnotationCollection`` (JSON-LD); orphans
        carry only their quote and a body saying they are orphaned.

        ``source`` is the IRI of the annotated text; by default a URN naming the transcript.
        """
        source = source or f"urn:closereading:transcript:{self.transcript.id}"
        label = f"Highlights on {self.transcript.id}"
        if self.author:
            label += f" by {self.author}"
        collection = export.collection_id(self.transcript.id, self.author)
        return export.w3c_collection(self.to_records(orphans=True), source, label, collection)
