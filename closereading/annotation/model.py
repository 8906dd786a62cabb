"""Highlights ("annotations"): each one marks a span of a transcript with a rhetorical move.

An annotation is anchored twice, as in the W3C Web Annotation model: by position (``start``,
``end`` into ``Transcript.text``) and by quote (the text itself with up to 32 characters of
context either side). If the transcript changes, loading re-anchors each annotation by its quote
and context; one that can no longer be found is kept as an *orphan* — reported, saved back out,
never dropped.

Saves are atomic (a temporary file in the same folder, flushed and fsynced, then ``os.replace``)
and keep the previous version beside the file as ``<name>.json.bak``.

>>> from closereading import load_interview
>>> highlights = AnnotationSet(load_interview(), author="Ana")
>>> start = highlights.transcript.text.index("Diplomacy is preferable")
>>> a = highlights.add("attitude-marker", start, start + len("Diplomacy is preferable"))
>>> a.id, a.quote
('a1', 'Diplomacy is preferable')
>>> len(highlights)
1
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import os
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any, Protocol

from closereading.annotation.taxonomy import Taxonomy, load_moves

__all__ = [
    "CONTEXT_CHARS",
    "CSV_COLUMNS",
    "SCHEMA",
    "W3C_CONTEXT",
    "Annotation",
    "AnnotationError",
    "AnnotationFileError",
    "AnnotationSet",
    "UnknownAnnotationError",
]

SCHEMA = "closereading.annotations/1"
W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
#: How many characters of context are stored either side of a quote.
CONTEXT_CHARS = 32
CSV_COLUMNS = ("id", "move", "label", "start", "end", "quote", "note", "created", "modified")

_REQUIRED_TEXT = ("id", "move", "quote")
_OPTIONAL_TEXT = ("prefix", "suffix", "note", "created", "modified", "author")


class AnnotationError(ValueError):
    """An annotation cannot be made as asked (bad offsets, unknown id...)."""


class UnknownAnnotationError(KeyError):
    """No annotation (or orphan) has this id."""

    def __init__(self, annotation_id: object) -> None:
        self.annotation_id = annotation_id
        super().__init__(f"no annotation with id {annotation_id!r}")

    def __str__(self) -> str:  # KeyError would show the message with quotes around it
        return str(self.args[0])


class AnnotationFileError(ValueError):
    """An annotation file cannot be read; the message names the file and the problem.

    The file is never modified when this is raised.
    """

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class _Text(Protocol):
    """What annotations need from a transcript (``closereading.Transcript`` has it all)."""

    text: str

    @property
    def id(self) -> str: ...


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


def _now() -> str:
    """The current time, ISO-8601 UTC to the second (tests replace this)."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _sha256(transcript: _Text) -> str:
    digest = getattr(transcript, "sha256", None)
    if isinstance(digest, str) and digest:
        return digest
    return hashlib.sha256(transcript.text.encode("utf-8")).hexdigest()


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

    def __init__(self, transcript: _Text, author: str = "", moves: Taxonomy | None = None) -> None:
        self.transcript = transcript
        self.author = author
        self.moves = moves if moves is not None else load_moves()
        self.orphans: list[Annotation] = []
        #: ids of annotations that loading moved to a new position.
        self.reanchored: list[str] = []
        self._items: dict[str, Annotation] = {}
        self._counter = 0

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
        return f"<AnnotationSet{who} on {self.transcript.id!r}: {len(self)} annotations{orphans}>"

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
        number = re.fullmatch(r"a(\d+)", annotation.id)
        if number:
            self._counter = max(self._counter, int(number.group(1)))
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
        text = self.transcript.text
        return {
            "quote": text[start:end],
            "prefix": text[max(0, start - CONTEXT_CHARS) : start],
            "suffix": text[end : end + CONTEXT_CHARS],
        }

    def _new_id(self) -> str:
        self._counter += 1
        while f"a{self._counter}" in self:
            self._counter += 1
        return f"a{self._counter}"

    # --- files -----------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The set in the file format (orphans included, marked ``"orphan": true``)."""
        annotations = [a.to_dict() for a in self]
        annotations += [{**o.to_dict(), "orphan": True} for o in self.orphans]
        return {
            "schema": SCHEMA,
            "transcript": {"id": self.transcript.id, "sha256": _sha256(self.transcript)},
            "author": self.author,
            "annotations": annotations,
        }

    def save(self, path: str | Path) -> Path:
        """Write the set to ``path`` atomically, keeping the previous file as ``<path>.bak``.

        Parent folders are created. If writing fails, the file at ``path`` is left as it was.
        """
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.StringIO()
        json.dump(self.to_dict(), buffer, ensure_ascii=False, indent=2)
        buffer.write("\n")
        content = buffer.getvalue().encode("utf-8")
        temps = [_write_temp(path, content)]
        try:
            if path.exists():
                backup = path.with_suffix(path.suffix + ".bak")
                temps.append(_write_temp(backup, path.read_bytes()))
                os.replace(temps[-1], backup)
            os.replace(temps[0], path)
        finally:
            for temp in temps:  # already moved into place unless something failed
                temp.unlink(missing_ok=True)
        _fsync_folder(path.parent)
        return path

    @classmethod
    def load(
        cls, path: str | Path, transcript: _Text, moves: Taxonomy | None = None
    ) -> AnnotationSet:
        """Read a saved set for ``transcript``, re-anchoring annotations if the text changed.

        Raises :class:`AnnotationFileError` (naming the file and the problem, leaving the file
        untouched) for a file that is not valid JSON, not an annotation file, of another schema,
        or for another transcript. Annotations whose quote cannot be found go to ``.orphans``.
        """
        path = Path(path)
        data = _read_json(path)
        if not isinstance(data, dict) or "schema" not in data:
            raise AnnotationFileError(path, 'not a Close Reading Lab annotation file (no "schema")')
        if data["schema"] != SCHEMA:
            raise AnnotationFileError(
                path, f"has schema {data['schema']!r}; this version reads {SCHEMA!r}"
            )
        about = data.get("transcript")
        if not isinstance(about, dict) or not isinstance(about.get("id"), str):
            raise AnnotationFileError(path, '"transcript" must be an object with an "id"')
        if about["id"] != transcript.id:
            raise AnnotationFileError(
                path, f"holds annotations of transcript {about['id']!r}, not {transcript.id!r}"
            )
        author = data.get("author", "")
        if not isinstance(author, str):
            raise AnnotationFileError(path, '"author" must be text')
        records = data.get("annotations")
        if not isinstance(records, list):
            raise AnnotationFileError(path, '"annotations" must be a list')

        result = cls(transcript, author=author, moves=moves)
        stored = [_parse_record(record, i, path, result.moves) for i, record in enumerate(records)]
        seen: set[str] = set()
        for annotation, _ in stored:
            if annotation.id in seen:
                raise AnnotationFileError(path, f"annotation id {annotation.id!r} is used twice")
            seen.add(annotation.id)

        same_text = about.get("sha256") == _sha256(transcript)
        for annotation, was_orphan in stored:
            trust = same_text and not was_orphan
            placed = _place(annotation, transcript.text, trust_position=trust)
            if placed is None:
                result.orphans.append(annotation)
                continue
            if (placed.start, placed.end) != (annotation.start, annotation.end) or was_orphan:
                result.reanchored.append(annotation.id)
            result._items[placed.id] = placed
        numbers = [int(m.group(1)) for i in seen if (m := re.fullmatch(r"a(\d+)", i))]
        result._counter = max(numbers, default=0)
        return result

    # --- export ----------------------------------------------------------------------------

    def to_records(self) -> list[dict[str, Any]]:
        """Anchored annotations as plain dicts (with the move's ``label`` and ``family``)."""
        records = []
        for a in self:
            move = self.moves.get(a.move)
            records.append(
                {
                    "id": a.id,
                    "move": a.move,
                    "label": move.label,
                    "family": move.family,
                    "start": a.start,
                    "end": a.end,
                    "quote": a.quote,
                    "prefix": a.prefix,
                    "suffix": a.suffix,
                    "note": a.note,
                    "created": a.created,
                    "modified": a.modified,
                    "author": a.author or self.author,
                }
            )
        return records

    def to_csv(self, path_or_buffer: str | Path | IO[str]) -> None:
        """Write anchored annotations as CSV with columns :data:`CSV_COLUMNS`."""
        rows = [{column: r[column] for column in CSV_COLUMNS} for r in self.to_records()]
        if isinstance(path_or_buffer, (str, Path)):
            with open(path_or_buffer, "w", encoding="utf-8", newline="") as handle:
                _write_csv(handle, rows)
        else:
            _write_csv(path_or_buffer, rows)

    def to_w3c(self, source: str | None = None) -> dict[str, Any]:
        """Anchored annotations as a W3C Web Annotation ``AnnotationCollection`` (JSON-LD).

        ``source`` is the IRI of the annotated text; by default a URN naming the transcript.
        Each annotation has a tagging body (the move id), a commenting body for a note, and a
        target with a ``TextPositionSelector`` and a ``TextQuoteSelector``.
        """
        source = source or f"urn:closereading:transcript:{self.transcript.id}"
        items = []
        for a in self:
            body: list[dict[str, str]] = [
                {"type": "TextualBody", "purpose": "tagging", "value": a.move}
            ]
            if a.note:
                body.append(
                    {
                        "type": "TextualBody",
                        "purpose": "commenting",
                        "value": a.note,
                        "format": "text/plain",
                    }
                )
            item: dict[str, Any] = {
                "type": "Annotation",
                "id": f"{source}#annotation-{a.id}",
                "body": body,
                "target": {
                    "source": source,
                    "selector": [
                        {"type": "TextPositionSelector", "start": a.start, "end": a.end},
                        {
                            "type": "TextQuoteSelector",
                            "exact": a.quote,
                            "prefix": a.prefix,
                            "suffix": a.suffix,
                        },
                    ],
                },
            }
            item.update(
                {
                    key: value
                    for key, value in (("created", a.created), ("modified", a.modified))
                    if value
                }
            )
            creator = a.author or self.author
            if creator:
                item["creator"] = {"type": "Person", "name": creator}
            items.append(item)
        label = f"Highlights on {self.transcript.id}"
        if self.author:
            label += f" by {self.author}"
        return {
            "@context": W3C_CONTEXT,
            "type": "AnnotationCollection",
            "label": label,
            "total": len(items),
            "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
        }


# --- private helpers ---------------------------------------------------------------------------


def _write_temp(path: Path, content: bytes) -> Path:
    """Write ``content`` to a new temporary file beside ``path``, flushed and fsynced to disk.

    The caller moves it into place with ``os.replace``. The file gets the usual permissions (the
    umask applies), unlike ``tempfile.mkstemp``'s owner-only ones. On failure nothing is left.
    """
    temp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def _fsync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX); Windows cannot open folders, and needs no such step."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _read_json(path: Path) -> Any:
    raw = path.read_bytes()  # a missing file raises FileNotFoundError, which names it
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


def _parse_record(record: Any, index: int, path: Path, moves: Taxonomy) -> tuple[Annotation, bool]:
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


def _place(annotation: Annotation, text: str, trust_position: bool) -> Annotation | None:
    """The annotation anchored in ``text``, or None if its quote is not there.

    With ``trust_position`` (the text is the one it was made on) a position that still holds the
    quote is kept. Otherwise every occurrence of the quote is scored by how much of the stored
    prefix and suffix surround it; ties go to the occurrence nearest the old position.
    """
    a = annotation
    if trust_position and 0 <= a.start < a.end <= len(text) and text[a.start : a.end] == a.quote:
        return a
    candidates = _occurrences(text, a.quote)
    if not candidates:
        return None

    def score(span: tuple[int, int]) -> tuple[int, int, int]:
        start, end = span
        before = _common_suffix(a.prefix, text[max(0, start - len(a.prefix)) : start])
        after = _common_prefix(a.suffix, text[end : end + len(a.suffix)])
        return (before + after, -abs(start - a.start), -start)

    start, end = max(candidates, key=score)
    return dataclasses.replace(
        a,
        start=start,
        end=end,
        quote=text[start:end],
        prefix=text[max(0, start - CONTEXT_CHARS) : start],
        suffix=text[end : end + CONTEXT_CHARS],
    )


def _occurrences(text: str, quote: str) -> list[tuple[int, int]]:
    """Every (possibly overlapping) span of ``quote`` in ``text``; failing an exact match, spans
    that differ only in whitespace or in straight versus curly apostrophes."""
    spans = []
    at = text.find(quote)
    while at != -1:
        spans.append((at, at + len(quote)))
        at = text.find(quote, at + 1)
    if spans:
        return spans
    words = re.split(r"(\s+|['’])", quote.strip())
    pattern = "".join(
        r"\s+" if part.isspace() else "['’]" if part in ("'", "’") else re.escape(part)
        for part in words
        if part
    )
    if not pattern:
        return []
    return [(m.start(1), m.end(1)) for m in re.finditer(f"(?=({pattern}))", text)]


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])


def _spreadsheet_safe(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``) gets a leading
    apostrophe, which spreadsheets show as text: a student's note must never run as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _write_csv(handle: IO[str], rows: list[dict[str, Any]]) -> None:
    writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    writer.writerows({k: _spreadsheet_safe(v) for k, v in row.items()} for row in rows)
