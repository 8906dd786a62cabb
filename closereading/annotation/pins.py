"""The pins of a student's evidence board, ``work/evidence/<name>.json``, one kind of student
file (:mod:`closereading.base.workfile`): concordance lines and counts pinned from code, and the
items the board gathers (a highlight, an answer code, a pronoun, a note) pinned as evidence for
the reading. Pin numbers are never handed out twice, even across windows.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from closereading.annotation.citations import cite
from closereading.base.workfile import Kind, RecordError
from closereading.text.transcript import Transcript

__all__ = ["GATHERED", "Pin", "PinKind", "free_id", "number"]


@dataclass(frozen=True, slots=True)
class Pin:
    """A concordance line or a count a student pinned: ``start``/``end`` for a line (None for a
    count), the student's words in ``detail``."""

    id: str
    kind: str
    label: str
    detail: str = ""
    start: int | None = None
    end: int | None = None
    modified: str = ""
    #: For a gathered item pinned as evidence (a highlight, a code ...): its id on the board.
    ref: str = ""

    def to_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "label": self.label,
            "detail": self.detail,
        }
        if self.start is not None:
            found.update(start=self.start, end=self.end)
        if self.ref:
            found["ref"] = self.ref
        return {**found, "modified": self.modified} if self.modified else found


#: What can be pinned: lines and counts from code, and the items the board gathers.
_PIN_KINDS = ("concordance line", "count", "highlight", "answer code", "pronoun", "note")
GATHERED = ("highlight", "answer code", "pronoun", "note")


@dataclass
class PinKind(Kind[Pin]):
    """The pins of one board, in ``work/evidence/<name>.json``."""

    transcript: Transcript

    schema = "closereading.evidence/1"
    key = "pins"
    noun = "pin"
    folder = "evidence"
    note_field = "detail"

    def looks_like(self, raw: dict[str, Any]) -> bool:
        return {"id", "kind"} <= set(raw)

    def parse(self, raw: Any) -> Pin:
        if not isinstance(raw, dict):
            raise RecordError("a pin must be an object")
        for key in ("id", "kind", "label"):
            if not isinstance(raw.get(key), str) or not raw[key]:
                raise RecordError(f"a pin's {key!r} must be non-empty text")
        where = f"pin {raw['id']!r}"
        if raw["kind"] not in _PIN_KINDS:
            raise RecordError(f"{where}: its kind must be one of {', '.join(_PIN_KINDS)}")
        for key in ("detail", "modified", "ref"):
            if not isinstance(raw.get(key, ""), str):
                raise RecordError(f"{where}: {key!r} must be text")
        if raw["kind"] in GATHERED and not raw.get("ref"):
            raise RecordError(f"{where}: a pinned {raw['kind']} needs the 'ref' of what it pins")
        start: Any = raw.get("start")
        end: Any = raw.get("end")
        if raw["kind"] == "concordance line":
            if not _whole(start) or not _whole(end):
                raise RecordError(f"{where}: a line needs whole-number 'start' and 'end'")
            try:
                cite(self.transcript, start, end)
            except ValueError as error:
                raise RecordError(f"{where}: {error}") from None
        elif not (_whole(start) and _whole(end) and _cites(self.transcript, start, end)):
            start = end = None  # a count, or a pinned item whose place is gone: kept, uncited
        return Pin(
            raw["id"],
            raw["kind"],
            raw["label"],
            raw.get("detail", ""),
            start,
            end,
            raw.get("modified", ""),
            raw.get("ref", ""),
        )

    def dump(self, record: Pin) -> dict[str, Any]:
        return record.to_dict()

    def ident(self, record: Pin) -> str:
        return record.id

    def renamed(self, record: Pin, taken: set[str]) -> Pin:
        return dataclasses.replace(record, id=free_id(taken))

    def merge_header(
        self, base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any]
    ) -> dict[str, Any]:
        """The author as usual; the next pin number is the larger of the two, so that no
        window hands out again a number another window used."""
        merged = super().merge_header(base, ours, theirs)
        merged["next"] = max(number(ours.get("next")), number(theirs.get("next")))
        return merged


def _cites(transcript: Transcript, start: int, end: int) -> bool:
    try:
        cite(transcript, start, end)
    except ValueError:
        return False
    return True


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def number(value: Any) -> int:
    return value if _whole(value) and value > 0 else 1


def free_id(taken: set[str], start: int = 1) -> str:
    """``pin<N>``, ``N`` above every pin number in ``taken`` and at least ``start``."""
    numbers = [int(t[3:]) for t in taken if t.startswith("pin") and t[3:].isdigit()]
    return f"pin{max([start - 1, *numbers]) + 1}"
