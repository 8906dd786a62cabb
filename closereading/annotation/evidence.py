"""Notebook 07's evidence, as data: one student's work gathered with a citation for each item,
and what they pin for their reading (the widget that shows it is
:class:`closereading.widgets.evidence_board.EvidenceBoard`).

- :func:`cite` turns a pair of offsets into a precise citation: turn, speaker, sentence within
  the turn, and the quotation, all read from the transcript.
- :class:`Board` gathers the student's highlights (``work/annotations/``), answer codes
  (``work/codes/``, from notebook 05), pronoun referents (``work/pronouns/``) and notes
  (``work/notes/``), each with readable labels and its citation, and keeps their pins
  (``work/evidence/``): concordance lines and counts pinned from code, and any gathered item
  pinned as evidence for the reading.

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

from closereading.annotation.citations import Citation, cite
from closereading.annotation.pins import Pin, PinKind, free_id, number
from closereading.base.files import read_bytes
from closereading.base.paths import annotation_path, display_path, safe_name, work_dir
from closereading.base.strings import plural, shorten
from closereading.base.student import author_or_name
from closereading.base.workfile import (
    Kind,
    WorkFile,
    WorkFileError,
    decode_text,
    parse,
    salvage,
)
from closereading.text.transcript import Transcript, load_interview

__all__ = ["Board", "Citation", "Evidence", "Pin", "PinKind", "cite", "evidence_records"]


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
    #: What the item is about, when its label does not say (the question an answer code answers).
    about: str = ""

    def row(self) -> dict[str, str]:
        return {
            "id": self.id,
            "kind": self.kind,
            "label": self.label,
            "citation": str(self.citation) if self.citation else "—",
            "about": self.about,
            "detail": self.detail,
        }


class Board:
    """One student's evidence, gathered from their files, with what they pin for their reading."""

    SCHEMA = PinKind.schema

    def __init__(self, transcript: Transcript | None = None, author: str = "student") -> None:
        self.transcript = transcript if transcript is not None else load_interview()
        self.author = author = author_or_name(author)  # "student": the name from notebook 00
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
        self._next = max(number(header.get("next")), self._next)

    # --- pins -------------------------------------------------------------------------------

    def pin_line(self, line: Any, note: str = "") -> Evidence:
        """Pin a concordance line (a ``KWICLine`` from ``kwic`` or ``concordance``)."""
        return self._pin("concordance line", line.keyword, note, line.start, line.end)

    def pin_count(self, label: str, value: Any, source: str, note: str = "") -> Evidence:
        """Pin a number the course printed, with where it came from (``source``)."""
        detail = f"{value} (from {source})" + (f"; {note}" if note else "")
        return self._pin("count", label, detail)

    def pin(self, item_id: str) -> Evidence:
        """Pin a gathered item (a highlight, an answer code, a pronoun or a note, by its id on
        the board) as evidence for the reading; pinning it again changes nothing."""
        item = next((e for e in self.gathered() if e.id == item_id), None)
        if item is None:
            raise KeyError(f"there is no item {item_id!r} on the board to pin")
        for pinned in self._pins:
            if pinned.ref == item_id:
                return self._pin_evidence(pinned)
        start = item.citation.start if item.citation else None
        end = item.citation.end if item.citation else None
        return self._pin(item.kind, item.label, "", start, end, ref=item_id)

    def pinned_refs(self) -> dict[str, str]:
        """The gathered items pinned for the reading: item id -> pin id."""
        return {p.ref: p.id for p in self._pins if p.ref}

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
        self,
        kind: str,
        label: str,
        detail: str,
        start: int | None = None,
        end: int | None = None,
        ref: str = "",
    ) -> Evidence:
        wanted = (kind, label, detail, start, end, ref)
        for pinned in self._pins:  # a cell run again pins nothing new
            if (
                pinned.kind,
                pinned.label,
                pinned.detail,
                pinned.start,
                pinned.end,
                pinned.ref,
            ) == wanted:
                return self._pin_evidence(pinned)
        stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        number = free_id({p.id for p in self._pins}, self._next)
        pin = Pin(number, kind, label, detail, start, end, stamp, ref)
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
        """Everything on the board: the pinned lines and counts, then highlights, answer codes,
        pronouns and notes (a gathered item once, pinned or not; :meth:`pinned_refs` says which)."""
        return [
            *(self._pin_evidence(p) for p in self._pins if not p.ref),
            *self.gathered(),
        ]

    def gathered(self) -> list[Evidence]:
        """What the student made in lessons 04 to 07, read from their files."""
        return [*self.highlights(), *self.answer_codes(), *self.pronouns(), *self.notes()]

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

        moves = load_moves()
        kind = HighlightKind(self.transcript, moves)
        found = self._read(annotation_path(self.author), kind, "highlight")
        labels = {m.id: m.label for m in moves}
        return [
            Evidence(
                a.id,
                "highlight",
                labels.get(a.move, a.move),
                cite(self.transcript, a.start, a.end),
                a.note,
            )
            for a in sorted(found, key=lambda a: a.start)
            if self._fits(a.start, a.end, a.quote)
        ]

    def answer_codes(self) -> list[Evidence]:
        """Notebook 05's codes, each cited by its first evidence span (or its question)."""
        from closereading.annotation import code_store
        from closereading.annotation.codes import NON_REPLY_FORMS, OUTCOMES, Coding

        names = {f.id: f.label for f in (*OUTCOMES, *NON_REPLY_FORMS)}
        units = {u.id: u for u in Coding(self.transcript).units}
        found = []
        kind = code_store.CodeKind(self.transcript)
        for code in self._read(code_store.codes_path(self.author), kind, "answer code"):
            span = code.evidence[0] if code.evidence else code.question
            if not code.outcome or not self._fits(span.start, span.end, span.quote):
                continue
            label = names.get(code.outcome, code.outcome)
            label += f": {names.get(code.form, code.form)}" if code.form else ""
            question = (
                f"{units[code.unit].label}: {shorten(units[code.unit].text, 90)}"
                if (code.unit in units)
                else shorten(code.question.quote, 90)
            )
            found.append(
                Evidence(
                    code.unit,
                    "answer code",
                    label,
                    cite(self.transcript, span.start, span.end),
                    code.justification,
                    question,
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
                lesson, _, name = path.stem.partition("-")
                label = f"lesson {lesson}: {name.replace('-', ' ')}"
                found.append(Evidence(path.stem, "note", label, None, text))
        return found

    # --- in words ---------------------------------------------------------------------------

    def summary(self, items: list[Evidence] | None = None) -> str:
        """What the board holds (``items``, read now if not given) and where the pins are saved,
        after anything reading them had to report."""
        items = self.items() if items is None else items
        kinds = ", ".join(
            plural(sum(e.kind == k for e in items), k) for k in dict.fromkeys(e.kind for e in items)
        )
        where = display_path(self.path) if self.path else "nowhere (see above)"
        found = kinds or "nothing yet: highlight, code, assign and write, then run this again"
        pinned = plural(len(self._pins), "pin")
        return (
            f"{self.problem}Evidence board for {self.author!r}: {found}; {pinned} for the "
            f"reading, saved in {where}."
        )


def evidence_records(items: list[Evidence]) -> list[dict[str, Any]]:
    """The board as plain records (for a table or a CSV)."""
    return [{**e.row(), **({"start": e.citation.start} if e.citation else {})} for e in items]
