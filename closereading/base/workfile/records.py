"""What a kind of student file is, and reading one: any encoding, a bad record set aside."""

from __future__ import annotations

import codecs
import contextlib
import dataclasses
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from closereading.base.files import (
    digest,
    read_bytes,
)

R = TypeVar("R")

#: The line put between a kept note and the other window's differing note.
NOTE_FROM_OTHER_WINDOW = "[note from another window]"


class WorkFileError(ValueError):
    """A student's file that cannot be used: names the file and the problem. The file is never
    modified when this is raised."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class RecordError(ValueError):
    """One record of a file that cannot be read; the message says why."""


@dataclass(frozen=True)
class SetAside:
    """A record that could not be read: where it was (from 1), why, and the record as found."""

    position: int
    reason: str
    record: Any

    def to_dict(self) -> dict[str, Any]:
        return {"reason": self.reason, "record": self.record}


class Kind(Generic[R]):
    """What one kind of file holds. Subclasses set the class attributes and :meth:`parse`,
    :meth:`dump` and :meth:`ident`; the rest has defaults that fit most kinds."""

    schema: str = ""
    #: The file's list of records.
    key: str = "records"
    #: One record, in words ("highlight"), and the kind's folder under ``work/``.
    noun: str = "record"
    folder: str = ""
    #: The record's field of free text, joined rather than lost when both windows changed it.
    note_field: str = "note"

    def parse(self, raw: Any) -> R:
        """One record from the file; raises :class:`RecordError` saying what is wrong."""
        raise NotImplementedError

    def dump(self, record: R) -> dict[str, Any]:
        raise NotImplementedError

    def ident(self, record: R) -> str:
        raise NotImplementedError

    def header_problem(self, data: dict[str, Any]) -> str:
        """What makes the file unusable beyond its schema (another transcript's, say); ""."""
        return ""

    @staticmethod
    def transcript_of(data: dict[str, Any]) -> str | None:
        """The id of the transcript a file says it is about (None when it says none)."""
        about = data.get("transcript")
        found = about.get("id") if isinstance(about, dict) else None
        return found if isinstance(found, str) else None

    def looks_like(self, raw: dict[str, Any]) -> bool:
        """Whether an object found in a damaged file is one of this kind's records."""
        return True

    def settle(self, records: list[R], header: dict[str, Any]) -> list[R]:
        """The records as this reader holds them (found again in a changed text, say)."""
        return records

    def merge_header(
        self, base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any]
    ) -> dict[str, Any]:
        """The file's other fields after a merge: ours, but a field only they changed is theirs."""
        return {
            k: theirs[k] if k in theirs and ours.get(k) == base.get(k) else v
            for k, v in ours.items()
        }

    def same(self, a: R, b: R) -> bool:
        return a == b

    def renamed(self, record: R, taken: set[str]) -> R | None:
        """``record`` under a new id not in ``taken``, for kinds whose ids are handed out (two
        windows may hand out the same one for different records); None where the id is the
        record's place (a unit, a pronoun), so that two versions are one record."""
        return None

    def resolve(self, ours: R, theirs: R) -> R:
        """Two versions of one record: the later ``modified`` wins (ours on a tie), and the
        other's differing note is appended after :data:`NOTE_FROM_OTHER_WINDOW`."""
        later = str(getattr(theirs, "modified", "")) > str(getattr(ours, "modified", ""))
        winner, loser = (theirs, ours) if later else (ours, theirs)
        mine, other = (str(getattr(x, self.note_field, "") or "") for x in (winner, loser))
        if other.strip() and other not in mine:
            joined = f"{mine}\n\n{NOTE_FROM_OTHER_WINDOW}\n{other}".strip()
            winner = dataclasses.replace(winner, **{self.note_field: joined})  # type: ignore[type-var]
        return winner


# --- reading -------------------------------------------------------------------------------


def decode_text(raw: bytes) -> tuple[str, str]:
    """Text from bytes in whatever encoding a student's file may arrive in: ``(text, encoding)``.

    A byte-order mark decides (UTF-8, UTF-16, UTF-32). Without one, each way of reading the
    bytes (UTF-8; Windows-1252, Latin-1 with curly quotes; UTF-16, either byte order) is tried,
    and the one that gives the fewest characters no one types (control characters, unassigned
    code points) wins; then the one whose characters keep to the fewest blocks of the code
    table (bytes read in the wrong order scatter); then that order. ``\r\n`` becomes
    ``\n``.

    >>> decode_text("café".encode("utf-16"))
    ('café', 'utf-16')
    >>> decode_text("café".encode("latin-1"))
    ('café', 'windows-1252')
    >>> decode_text("Мы, Россия".encode("utf-16-le"))
    ('Мы, Россия', 'utf-16-le')
    """
    boms = (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    )
    marked = next((name for bom, name in boms if raw.startswith(bom)), "")
    if marked:
        text = raw.decode(marked, errors="replace")
        return text.replace("\r\n", "\n"), marked.replace("-sig", "")
    try:  # valid UTF-8 is UTF-8, unless it is mostly characters no one types (UTF-16 text)
        text = raw.decode("utf-8")
        if "\x00" not in text and _untyped(text) * 20 <= len(text):
            return text.replace("\r\n", "\n"), "utf-8"
    except UnicodeDecodeError:
        pass
    # UTF-16 comes last: it reads any even number of bytes as some script, so it must do better,
    # not merely as well.
    candidates = [
        "utf-8",
        "windows-1252",
        *(["utf-16-le", "utf-16-be"] if len(raw) % 2 == 0 else []),
    ]
    best: tuple[int, int, int, str, str] | None = None
    for order, encoding in enumerate(candidates):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        # Real text keeps to few blocks of 128 code points (ASCII and one script); bytes read
        # in the wrong order scatter over many.
        blocks = len({ord(c) >> 7 for c in text})
        score = (_untyped(text), blocks, order, text, encoding)
        if best is None or score[:3] < best[:3]:
            best = score
    if best is None:  # one of the five bytes Windows-1252 leaves undefined
        return raw.decode("latin-1").replace("\r\n", "\n"), "latin-1"
    return best[3].replace("\r\n", "\n"), best[4]


def _untyped(text: str) -> int:
    """How many characters of ``text`` no one types: control characters (but tab and line
    ends), replacement characters, unassigned or private-use code points, lone surrogates."""
    return sum(
        1
        for c in text
        if (c not in "\t\n\r" and unicodedata.category(c) in ("Cc", "Cn", "Co", "Cs"))
        or c == "\ufffd"
    )


@dataclass
class Contents(Generic[R]):
    """What a file holds: its other fields (``header``), its records, what was set aside, the
    SHA-256 of its bytes (None: no file) and the encoding it was read in."""

    header: dict[str, Any]
    records: list[R]
    set_aside: list[SetAside] = field(default_factory=list)
    digest: str | None = None
    encoding: str = "utf-8"


def parse(raw: bytes, path: Path, kind: Kind[R]) -> Contents[R]:
    """Check the bytes of the file at ``path``: a file that cannot be used raises
    :class:`WorkFileError`; a record that cannot be read is set aside with its reason."""
    text, encoding = decode_text(raw)
    if not text.strip():
        raise WorkFileError(path, "the file is empty")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise WorkFileError(path, f"not valid JSON ({error.msg} at {where})") from None
    except RecursionError:
        raise WorkFileError(path, "not a file this course writes (nested too deeply)") from None
    if not isinstance(data, dict) or data.get("schema") != kind.schema:
        found = data.get("schema") if isinstance(data, dict) else None
        raise WorkFileError(
            path,
            f"not a Close Reading Lab file of {kind.noun}s (its schema is {found!r}; expected "
            f"{kind.schema!r})",
        )
    problem = kind.header_problem(data)
    if problem:
        raise WorkFileError(path, problem)
    items = data.get(kind.key)
    if not isinstance(items, list):
        raise WorkFileError(path, f'"{kind.key}" must be a list')
    header = {k: v for k, v in data.items() if k not in (kind.key, "set_aside")}
    earlier = _earlier_set_aside(data.get("set_aside"))
    # A record set aside earlier is read again: one that reads now (its move is known again,
    # say) comes back; the others stay aside with today's reason.
    records, aside = _records([*items, *(a.record for a in earlier)], kind)
    return Contents(header, kind.settle(records, header), aside, digest(raw), encoding)


def _records(items: Iterable[Any], kind: Kind[R]) -> tuple[list[R], list[SetAside]]:
    records: list[R] = []
    aside: list[SetAside] = []
    seen: set[str] = set()
    for position, item in enumerate(items, start=1):
        try:
            record = kind.parse(item)
        except (RecordError, RecursionError) as error:
            reason = str(error) if isinstance(error, RecordError) else "nested too deeply"
            aside.append(SetAside(position, reason, _plain(item)))
            continue
        key = kind.ident(record)
        if key in seen:
            reason = f"the id {key!r} is used twice (this is the second {kind.noun})"
            aside.append(SetAside(position, reason, _plain(item)))
            continue
        seen.add(key)
        records.append(record)
    return records, aside


def _earlier_set_aside(found: Any) -> list[SetAside]:
    if not isinstance(found, list):
        return []
    return [
        SetAside(0, str(item.get("reason", "")), item.get("record"))
        for item in found
        if isinstance(item, dict)
    ]


def _plain(item: Any) -> Any:
    """``item`` if it can be written back as JSON, else its text (a record nested too deeply)."""
    try:
        json.dumps(item)
    except (RecursionError, TypeError, ValueError):
        return repr(item)[:2000]
    return item


def read(path: str | Path, kind: Kind[R]) -> Contents[R]:
    """What the file at ``path`` holds (no records, digest None, when there is no file)."""
    path = Path(path)
    raw = read_bytes(path)
    return Contents({}, []) if raw is None else parse(raw, path, kind)


def salvage(raw: bytes, kind: Kind[R]) -> Contents[R]:
    """Every complete record that can be read in a damaged file (cut short, say)."""
    text = decode_text(raw)[0]
    decoder = json.JSONDecoder()
    found: list[Any] = []
    at = text.find("{", 1)
    while at != -1:
        try:
            item, end = decoder.raw_decode(text, at)
        except (json.JSONDecodeError, RecursionError):
            at = text.find("{", at + 1)
            continue
        if isinstance(item, dict) and kind.looks_like(item):
            found.append(item)
            at = text.find("{", end)
        else:
            at = text.find("{", at + 1)
    header: dict[str, Any] = {}
    author = re.search(r'"author"\s*:\s*("(?:[^"\\]|\\.)*")', text)
    if author:
        with contextlib.suppress(json.JSONDecodeError):
            header["author"] = json.loads(author.group(1))
    records, aside = _records(found, kind)
    return Contents(header, kind.settle(records, header), aside, digest(raw))


def encode(
    kind: Kind[R], header: dict[str, Any], records: Iterable[R], set_aside: Iterable[SetAside] = ()
) -> str:
    """The file's text: schema, the other fields, the records, then anything set aside."""
    data: dict[str, Any] = {"schema": kind.schema}
    data.update((k, v) for k, v in header.items() if k != "schema")
    data[kind.key] = [kind.dump(r) for r in records]
    aside = [a.to_dict() for a in set_aside]
    if aside:
        data["set_aside"] = aside
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
