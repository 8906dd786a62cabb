"""Who is "we"? A reader's referent for each pronoun, saved in ``work/pronouns/<author>.json``.

Each assignment keeps the pronoun's offsets and its exact words, so a changed text is noticed:
an assignment whose words are no longer at its offsets is reported (``orphans``) and kept in the
file, never dropped. The file is one kind of student file (:mod:`closereading.base.workfile`):
saved atomically with a ``.bak``, merged with another window's saves; a file that cannot be read
is left untouched, the reader's work then goes to ``<name>-recovered.json`` beside it, and
:attr:`PronounAssignments.problem` says why.

>>> from closereading import parse_transcript
>>> t = parse_transcript("---\\nspeaker: Q | interviewer\\nspeaker: A | interviewee\\n---\\n"
...                      "Q: Will you act?\\n\\nA: We will.")
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> store = PronounAssignments(t, path=folder / "ana.json")
>>> store.assign(t.text.index("We"), "government").referent
'government'
>>> PronounAssignments(t, path=folder / "ana.json").referent_of(t.text.index("We"))
'government'
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from closereading.base.paths import display_path, safe_name, work_dir
from closereading.base.student import author_or_name
from closereading.base.workfile import Kind, RecordError, WorkFile, WorkFileError, read
from closereading.text.transcript import Transcript

__all__ = [
    "REFERENTS",
    "SCHEMA",
    "Assignment",
    "PronounAssignments",
    "PronounFileError",
    "PronounKind",
    "ReferencePoint",
    "label",
    "pronoun_path",
    "reference_points",
]

SCHEMA = "closereading.pronouns/1"

#: The referents a reader chooses from: ``(id, label)``, in the order the table offers them.
REFERENTS: tuple[tuple[str, str], ...] = (
    ("government", "the government"),
    ("nation", "Russia as a nation"),
    ("partners", "Russia and its partners"),
    ("whole-world", "“the whole world”"),
    ("interviewer-country", "the interviewer's country"),
    ("addressee", "the person spoken to"),
    ("other", "someone else (say who in the note)"),
    ("ambiguous", "ambiguous"),
)
_IDS = {ident for ident, _ in REFERENTS}


class PronounFileError(ValueError):
    """A pronoun file that cannot be read: the message names the file and the fix."""

    def __init__(self, path: Path, problem: str) -> None:
        self.path, self.problem = path, problem
        super().__init__(
            f"{display_path(path)}: {problem}. The file is left as it is; fix it, or move it "
            "away to start afresh (a copy of the previous version may be beside it as .bak)"
        )


@dataclass(frozen=True, slots=True)
class Assignment:
    """A reader's referent for the pronoun at ``start``-``end`` (whose words are ``quote``)."""

    start: int
    end: int
    quote: str
    referent: str
    note: str = ""
    modified: str = ""


def pronoun_path(author: str) -> Path:
    """Where ``author``'s assignments are kept: ``work/pronouns/<author>.json``."""
    return work_dir() / "pronouns" / f"{safe_name(author)}.json"


@dataclass
class PronounKind(Kind[Assignment]):
    """Pronoun referents of ``transcript``, one per pronoun (its start is its id)."""

    transcript: Transcript

    schema = SCHEMA
    key = "assignments"
    noun = "pronoun referent"
    folder = "pronouns"

    def header_problem(self, data: dict[str, Any]) -> str:
        if self.transcript_of(data) != self.transcript.id:
            return f"holds no assignments for {self.transcript.id!r}"
        return ""

    def looks_like(self, raw: dict[str, Any]) -> bool:
        return {"start", "referent"} <= set(raw)

    def parse(self, raw: Any) -> Assignment:
        return _assignment(raw)

    def dump(self, record: Assignment) -> dict[str, Any]:
        return asdict(record)

    def ident(self, record: Assignment) -> str:
        return str(record.start)


class PronounAssignments:
    """One reader's referents for a transcript's pronouns, saved after every change (through
    :class:`closereading.base.workfile.WorkFile`: merged with another window's saves, a damaged
    file left untouched and its work recovered)."""

    def __init__(
        self, transcript: Transcript, author: str = "student", path: str | Path | None = None
    ) -> None:
        self.transcript = transcript
        self.author = author = author_or_name(author)  # "student": the name from notebook 00
        self.path = Path(path) if path is not None else pronoun_path(author)
        self.orphans: list[Assignment] = []
        self._items: dict[int, Assignment] = {}
        self.file: WorkFile[Assignment] | None = WorkFile(self.path, PronounKind(transcript), self)

    @property
    def problem(self) -> str:
        return self.file.problem if self.file is not None else ""

    @property
    def notice(self) -> str:
        """What opening did that the reader should know, and any record set aside ("" if none)."""
        if self.file is None:
            return ""
        return " ".join(p for p in (self.file.notice, self.file.set_aside_message()) if p)

    @property
    def save_path(self) -> Path | None:
        return self.file.save_path if self.file is not None else None

    @property
    def writes(self) -> int:
        return self.file.writes if self.file is not None else 0

    # --- reading ---------------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | Path, transcript: Transcript) -> PronounAssignments:
        """Read a file (the course's reference, or another reader's); raises
        :class:`PronounFileError` if it, or one of its assignments, cannot be read, and never
        writes to it."""
        path = Path(path)
        if not path.exists():
            raise PronounFileError(path, "there is no such file")
        try:
            contents = read(path, PronounKind(transcript))
        except WorkFileError as error:
            raise PronounFileError(path, error.problem) from None
        if contents.set_aside:
            raise PronounFileError(path, contents.set_aside[0].reason)
        store = cls.__new__(cls)
        store.transcript, store.path, store.file = transcript, path, None
        store.author = ""
        store.adopt(contents.records, contents.header)
        return store

    def records(self) -> list[Assignment]:
        return [*self.assignments(), *self.orphans]

    def header(self) -> dict[str, Any]:
        return {
            "transcript": {"id": self.transcript.id, "sha256": self.transcript.sha256},
            "author": self.author,
        }

    def adopt(self, records: list[Assignment], header: dict[str, Any]) -> None:
        """Hold exactly ``records``: those whose words are still at their offsets are assigned,
        the others are orphans."""
        self._items, self.orphans = {}, []
        for item in records:
            if self.transcript.text[item.start : item.end] == item.quote:
                self._items[item.start] = item
            else:
                self.orphans.append(item)
        if isinstance(header.get("author"), str) and header["author"]:
            self.author = header["author"]

    # --- changes ---------------------------------------------------------------------------

    def assign(self, start: int, referent: str, note: str | None = None) -> Assignment:
        """Give the pronoun that starts at ``start`` a referent (one of :data:`REFERENTS`'s ids)."""
        if referent not in _IDS:
            valid = ", ".join(sorted(_IDS))
            raise ValueError(f"unknown referent {referent!r}; choose one of: {valid}")
        end = self._pronoun_end(start)
        old = self._items.get(start)
        kept = old.note if old is not None and note is None else (note or "")
        item = Assignment(start, end, self.transcript.text[start:end], referent, kept, _now())
        self._items[start] = item
        self.save()
        return item

    def clear(self, start: int) -> None:
        """Forget the referent of the pronoun at ``start``."""
        if self._items.pop(start, None) is not None:
            self.save()

    def _pronoun_end(self, start: int) -> int:
        from closereading.analysis.positioning import pronouns

        for marker in pronouns(self.transcript, include_it=True):
            if marker.start == start:
                return marker.end
        raise ValueError(f"no pronoun starts at offset {start} of {self.transcript.id!r}")

    def save(self) -> Path | None:
        """Write the file atomically (keeping a ``.bak``, merged with another window's saves);
        None if there is nowhere to save."""
        if self.file is None:
            return None
        result = self.file.save()
        return None if result is None else result.path

    # --- reading back ----------------------------------------------------------------------

    def get(self, start: int) -> Assignment | None:
        """The assignment of the pronoun at ``start``, if it has one."""
        return self._items.get(start)

    def referent_of(self, start: int) -> str | None:
        item = self._items.get(start)
        return item.referent if item is not None else None

    def assignments(self) -> list[Assignment]:
        """The assignments in text order (orphans apart)."""
        return [self._items[k] for k in sorted(self._items)]

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        where = display_path(self.save_path) if self.save_path else "not saved"
        return f"<PronounAssignments by {self.author!r}: {len(self)} assigned; {where}>"


@dataclass(frozen=True, slots=True)
class ReferencePoint:
    """One assigned pronoun in text order, for a chart of where the reference shifts:
    ``position`` counts the pronouns shown from 1, ``turn`` the turns from 1; ``shift`` is true
    when the referent differs from the previous point's."""

    position: int
    turn: int
    speaker: str
    quote: str
    start: int
    referent: str
    label: str
    shift: bool


def reference_points(
    store: PronounAssignments, groups: tuple[str, ...] = ("first-person plural",)
) -> list[ReferencePoint]:
    """The pronouns of ``groups`` that ``store`` has assigned, in text order, with each shift."""
    from closereading.analysis.positioning import pronouns

    points: list[ReferencePoint] = []
    for marker in pronouns(store.transcript):
        referent = store.referent_of(marker.start)
        if marker.group not in groups or referent is None:
            continue
        shift = bool(points) and points[-1].referent != referent
        points.append(
            ReferencePoint(
                len(points) + 1,
                marker.turn + 1,
                marker.speaker,
                marker.text,
                marker.start,
                referent,
                label(referent),
                shift,
            )
        )
    return points


def label(referent: str) -> str:
    """The words a table shows for a referent id."""
    return dict(REFERENTS).get(referent, referent)


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _assignment(raw: Any) -> Assignment:
    if not isinstance(raw, dict):
        raise RecordError("an assignment must be an object")
    for key in ("start", "end"):
        if isinstance(raw.get(key), bool) or not isinstance(raw.get(key), int):
            raise RecordError(f"an assignment's {key!r} must be a whole number")
    where = f"the assignment at {raw['start']}"
    for key in ("quote", "referent"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            raise RecordError(f"{where}: {key!r} must be non-empty text")
    if raw["referent"] not in _IDS:
        valid = ", ".join(sorted(_IDS))
        raise RecordError(f"{where}: unknown referent {raw['referent']!r}; one of {valid}")
    note, modified = raw.get("note", ""), raw.get("modified", "")
    if not isinstance(note, str) or not isinstance(modified, str):
        raise RecordError(f"{where}: 'note' and 'modified' must be text")
    return Assignment(raw["start"], raw["end"], raw["quote"], raw["referent"], note, modified)
