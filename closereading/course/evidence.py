"""Notebook 07: the evidence board, the reading draft and the exported handout.

- :func:`cite` turns a pair of offsets into a precise citation: turn, speaker, sentence within
  the turn, and the quotation, all read from the transcript.
- :class:`EvidenceBoard` gathers one student's work: highlights (``work/annotations/``), answer
  codes (``work/codes/``, from notebook 05), pronoun referents (``work/pronouns/``), notes
  (``work/notes/``) and the concordance lines and counts they pin here (``work/evidence/``),
  each with its citation.

The reading itself and the handout are :mod:`closereading.course.writing`'s.

The pins file is one kind of student file (:mod:`closereading.base.workfile`): saved atomically,
merged with another window's saves; a pins file that cannot be read is left untouched, and new
pins go to ``<name>-recovered.json`` beside it. The board reads the other files without changing
them: a damaged one is salvaged and named, a record that cannot be read is counted, not a crash.

>>> import closereading
>>> t = closereading.load_interview()
>>> start = t.text.index("in no way")
>>> str(cite(t, start, start + len("in no way")))
'turn 4 (Peskov), sentence 5: “in no way”'
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from closereading.base.files import read_bytes
from closereading.base.paths import annotation_path, display_path, safe_name, work_dir
from closereading.base.strings import one_line, plural, shorten
from closereading.base.workfile import (
    Kind,
    RecordError,
    WorkFile,
    WorkFileError,
    decode_text,
    parse,
    salvage,
)
from closereading.text.transcript import Transcript, load_interview
from closereading.views.display import TextView

__all__ = ["Citation", "Evidence", "EvidenceBoard", "cite", "evidence_records"]


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a quotation is: ``turn`` and ``sentence`` count from 1 (the sentence within the
    turn), ``start``/``end`` are offsets into the transcript's text."""

    turn: int
    speaker: str
    sentence: int
    quote: str
    start: int
    end: int

    def __str__(self) -> str:
        return f"turn {self.turn} ({self.speaker}), sentence {self.sentence}: “{self.quote}”"


def cite(transcript: Transcript, start: int, end: int) -> Citation:
    """The citation of ``transcript.text[start:end]``; raises ValueError outside every turn."""
    turn = transcript.turn_at(start)
    if turn is None or not start < end <= turn.end:
        raise ValueError(
            f"offsets {start}-{end} are not inside one speaker's turn of {transcript.id!r}; "
            "cite words that someone says"
        )
    sentences = [s for s in transcript.sentences if s.turn == turn.index]
    number = next(
        (n for n, s in enumerate(sentences, 1) if s.start <= start < s.end),
        len([s for s in sentences if s.start <= start]) or 1,
    )
    quote = one_line(transcript.text[start:end])
    return Citation(turn.index + 1, turn.speaker, number, quote, start, end)


@dataclass(frozen=True, slots=True)
class Evidence:
    """One item on the board: its ``kind`` (highlight, answer code, pronoun, concordance line,
    count, note), a ``label`` (the move, the code, the referent ...), its citation if it has one
    and the student's ``detail`` (note, reason, value)."""

    id: str
    kind: str
    label: str
    citation: Citation | None
    detail: str = ""

    def row(self) -> dict[str, str]:
        return {
            "id": self.id,
            "kind": self.kind,
            "label": self.label,
            "citation": str(self.citation) if self.citation else "—",
            "detail": self.detail,
        }


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

    def to_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "label": self.label,
            "detail": self.detail,
        }
        if self.start is not None:
            found.update(start=self.start, end=self.end)
        return {**found, "modified": self.modified} if self.modified else found


_PIN_KINDS = ("concordance line", "count")


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
        for key in ("detail", "modified"):
            if not isinstance(raw.get(key, ""), str):
                raise RecordError(f"{where}: {key!r} must be text")
        start: Any = raw.get("start")
        end: Any = raw.get("end")
        if raw["kind"] == "concordance line":
            if not _whole(start) or not _whole(end):
                raise RecordError(f"{where}: a line needs whole-number 'start' and 'end'")
            try:
                cite(self.transcript, start, end)
            except ValueError as error:
                raise RecordError(f"{where}: {error}") from None
        else:
            start = end = None
        return Pin(
            raw["id"],
            raw["kind"],
            raw["label"],
            raw.get("detail", ""),
            start,
            end,
            raw.get("modified", ""),
        )

    def dump(self, record: Pin) -> dict[str, Any]:
        return record.to_dict()

    def ident(self, record: Pin) -> str:
        return record.id

    def renamed(self, record: Pin, taken: set[str]) -> Pin:
        return dataclasses.replace(record, id=_free_id(taken))

    def merge_header(
        self, base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any]
    ) -> dict[str, Any]:
        """The author as usual; the next pin number is the larger of the two, so that no
        window hands out again a number another window used."""
        merged = super().merge_header(base, ours, theirs)
        merged["next"] = max(_number(ours.get("next")), _number(theirs.get("next")))
        return merged


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _number(value: Any) -> int:
    return value if _whole(value) and value > 0 else 1


def _free_id(taken: set[str], start: int = 1) -> str:
    """``pin<N>``, ``N`` above every pin number in ``taken`` and at least ``start``."""
    numbers = [int(t[3:]) for t in taken if t.startswith("pin") and t[3:].isdigit()]
    return f"pin{max([start - 1, *numbers]) + 1}"


class EvidenceBoard:
    """One student's evidence, gathered from their files, with what they pin here."""

    SCHEMA = PinKind.schema

    def __init__(self, transcript: Transcript | None = None, author: str = "student") -> None:
        self.transcript = transcript if transcript is not None else load_interview()
        self.author = author
        self._pins: list[Pin] = []
        #: The next pin's number: never one used before in this file, so that an id deleted in
        #: one window and edited in another is never given to a new pin.
        self._next = 1
        self._problems: list[str] = []
        path = work_dir() / "evidence" / f"{safe_name(author)}.json"
        self.file = WorkFile(path, PinKind(self.transcript), self)

    @property
    def path(self) -> Path | None:
        """Where pins are saved (the recovered file while the board's file is damaged; None
        when nothing can be saved)."""
        return self.file.save_path

    @property
    def problem(self) -> str:
        found = [
            self.file.problem and self.file.problem + ".",
            self.file.notice,
            self.file.set_aside_message(),
            *self._problems,
        ]
        return "".join(f"{p} " for p in found if p)

    @property
    def pins(self) -> list[dict[str, Any]]:
        """The pins as plain records."""
        return [p.to_dict() for p in self._pins]

    # --- its file ----------------------------------------------------------------------------

    def records(self) -> list[Pin]:
        return list(self._pins)

    def header(self) -> dict[str, Any]:
        return {"author": self.author, "next": self._next}

    def adopt(self, records: list[Pin], header: dict[str, Any]) -> None:
        self._pins = list(records)
        self._next = max(_number(header.get("next")), self._next)

    # --- pins -------------------------------------------------------------------------------

    def pin_line(self, line: Any, note: str = "") -> Evidence:
        """Pin a concordance line (a ``KWICLine`` from ``kwic`` or ``concordance``)."""
        return self._pin("concordance line", line.keyword, note, line.start, line.end)

    def pin_count(self, label: str, value: Any, source: str, note: str = "") -> Evidence:
        """Pin a number the course printed, with where it came from (``source``)."""
        detail = f"{value} (from {source})" + (f"; {note}" if note else "")
        return self._pin("count", label, detail)

    def annotate(self, pin_id: str, note: str) -> Evidence:
        """Replace a pin's words (``detail``) with ``note``; saved at once."""
        pin = self._find(pin_id)
        stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        changed = dataclasses.replace(pin, detail=note, modified=stamp)
        self._pins = [changed if p.id == pin_id else p for p in self._pins]
        self._save()
        return self._pin_evidence(next((p for p in self._pins if p.id == pin_id), changed))

    def _find(self, pin_id: str) -> Pin:
        for pin in self._pins:
            if pin.id == pin_id:
                return pin
        known = ", ".join(p.id for p in self._pins) or "none yet"
        raise KeyError(f"there is no pin {pin_id!r}; the pins are: {known}")

    def unpin(self, pin_id: str) -> None:
        self._find(pin_id)
        self._pins = [p for p in self._pins if p.id != pin_id]
        self._save()

    def _pin(
        self, kind: str, label: str, detail: str, start: int | None = None, end: int | None = None
    ) -> Evidence:
        for pinned in self._pins:  # a cell run again pins nothing new
            if (pinned.kind, pinned.label, pinned.detail, pinned.start, pinned.end) == (
                kind,
                label,
                detail,
                start,
                end,
            ):
                return self._pin_evidence(pinned)
        stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        pin = Pin(
            _free_id({p.id for p in self._pins}, self._next), kind, label, detail, start, end, stamp
        )
        self._next = int(pin.id[3:]) + 1
        self._pins.append(pin)
        result = self._save()
        if result is not None:  # a merge may have renamed it: find it by its content
            pin = next((p for p in self._pins if dataclasses.replace(p, id=pin.id) == pin), pin)
        return self._pin_evidence(pin)

    def _save(self) -> Any:
        """Save the pins; what the save merged from another window is said on the board."""
        result = self.file.save()
        said = self.file.save_message()
        if said:
            self._say(said)
        return result

    def _pin_evidence(self, pin: Pin) -> Evidence:
        citation = None
        if pin.start is not None and pin.end is not None:
            citation = cite(self.transcript, pin.start, pin.end)
        return Evidence(pin.id, pin.kind, pin.label, citation, pin.detail)

    # --- gathering --------------------------------------------------------------------------

    def items(self) -> list[Evidence]:
        """Everything on the board: highlights, answer codes, pronouns, pins, then notes."""
        return [
            *self.highlights(),
            *self.answer_codes(),
            *self.pronouns(),
            *(self._pin_evidence(p) for p in self._pins),
            *self.notes(),
        ]

    def _read(self, path: Path, kind: Kind[Any], what: str) -> list[Any]:
        """The records of ``path`` that still fit the text, read without changing anything; a
        damaged file is salvaged and the board says so."""
        raw = read_bytes(path)
        if raw is None:
            return []
        try:
            contents = parse(raw, path, kind)
        except WorkFileError as error:
            contents = salvage(raw, kind)
            self._say(
                f"{display_path(path)} could not be read ({error.problem}); the board shows the "
                f"{plural(len(contents.records), kind.noun)} that could be. Run `closereading "
                f"recover {display_path(path)}` to repair it."
            )
        if contents.set_aside:
            self._say(
                f"{plural(len(contents.set_aside), what)} of {display_path(path)} could "
                "not be read and are not shown."
            )
        return contents.records

    def _say(self, problem: str) -> None:
        if problem not in self._problems:
            self._problems.append(problem)

    def _fits(self, start: int, end: int, quote: str) -> bool:
        return (
            self.transcript.text[start:end] == quote and self.transcript.turn_at(start) is not None
        )

    def highlights(self) -> list[Evidence]:
        from closereading.annotation.highlight_store import HighlightKind
        from closereading.annotation.taxonomy import load_moves

        kind = HighlightKind(self.transcript, load_moves())
        found = self._read(annotation_path(self.author), kind, "highlight")
        return [
            Evidence(a.id, "highlight", a.move, cite(self.transcript, a.start, a.end), a.note)
            for a in sorted(found, key=lambda a: a.start)
            if self._fits(a.start, a.end, a.quote)
        ]

    def answer_codes(self) -> list[Evidence]:
        """Notebook 05's codes, each cited by its first evidence span (or its question)."""
        from closereading.annotation import code_store

        found = []
        kind = code_store.CodeKind(self.transcript)
        for code in self._read(code_store.codes_path(self.author), kind, "answer code"):
            span = code.evidence[0] if code.evidence else code.question
            if not code.outcome or not self._fits(span.start, span.end, span.quote):
                continue
            label = code.outcome + (f" ({code.form})" if code.form else "")
            found.append(
                Evidence(
                    code.unit,
                    "answer code",
                    label,
                    cite(self.transcript, span.start, span.end),
                    code.justification,
                )
            )
        return found

    def pronouns(self) -> list[Evidence]:
        from closereading.annotation.pronouns import PronounKind, label, pronoun_path

        kind = PronounKind(self.transcript)
        found = self._read(pronoun_path(self.author), kind, "pronoun referent")
        return [
            Evidence(
                f"p{a.start}",
                "pronoun",
                label(a.referent),
                cite(self.transcript, a.start, a.end),
                a.note,
            )
            for a in sorted(found, key=lambda a: a.start)
            if self._fits(a.start, a.end, a.quote)
        ]

    def notes(self, prefixes: tuple[str, ...] = ("06-", "07-")) -> list[Evidence]:
        """The student's notes from notebooks 06 and 07 that hold text (in any encoding)."""
        folder = work_dir() / "notes"
        found = []
        for path in sorted(folder.glob("*.md")) if folder.exists() else []:
            if not path.stem.startswith(prefixes):
                continue
            text = decode_text(path.read_bytes())[0].strip()
            if text:
                found.append(Evidence(path.stem, "note", path.stem, None, text))
        return found

    # --- showing ----------------------------------------------------------------------------

    def view(self) -> TextView:
        from closereading.views.tables import table

        rows = [e.row() for e in self.items()]
        for row in rows:
            row["detail"] = shorten(row["detail"], 70)
        shown = table(rows, ["kind", "label", "citation", "detail"]) if rows else None
        head = self._summary()
        if shown is None:
            return TextView(head, f"<p>{_escape(head)}</p>")
        return TextView(f"{head}\n{shown.text}", f"<p>{_escape(head)}</p>{shown.html}")

    def _summary(self) -> str:
        items = self.items()
        kinds = ", ".join(
            plural(sum(e.kind == k for e in items), k) for k in dict.fromkeys(e.kind for e in items)
        )
        where = display_path(self.path) if self.path else "nowhere (see above)"
        found = kinds or "nothing yet: highlight, code, assign and write, then run this again"
        return f"{self.problem}Evidence board for {self.author!r}: {found}. Pins saved in {where}."

    def __repr__(self) -> str:
        return self.view().text

    def _repr_html_(self) -> str:
        return self.view().html


def _escape(text: str) -> str:
    from html import escape

    return escape(text)


def evidence_records(items: list[Evidence]) -> list[dict[str, Any]]:
    """The board as plain records (for a table or a CSV)."""
    return [{**e.row(), **({"start": e.citation.start} if e.citation else {})} for e in items]
