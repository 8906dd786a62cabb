"""Notebook 07: the evidence board, the reading draft and the exported handout.

- :func:`cite` turns a pair of offsets into a precise citation: turn, speaker, sentence within
  the turn, and the quotation, all read from the transcript.
- :class:`EvidenceBoard` gathers one student's work: highlights (``work/annotations/``), answer
  codes (``work/codes/``, from notebook 05), pronoun referents (``work/pronouns/``), notes
  (``work/notes/``) and the concordance lines and counts they pin here (``work/evidence/``),
  each with its citation.

The reading itself and the handout are :mod:`closereading.course.writing`'s.

Every file is written with :func:`closereading.base.files.atomic_write`; a pins file that
cannot be read is left untouched, and new pins go to ``<name>-recovered.json`` beside it.

>>> import closereading
>>> t = closereading.load_interview()
>>> start = t.text.index("in no way")
>>> str(cite(t, start, start + len("in no way")))
'turn 4 (Peskov), sentence 5: “in no way”'
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from closereading.base.files import atomic_write
from closereading.base.paths import annotation_path, display_path, safe_name, work_dir
from closereading.base.strings import one_line, plural, shorten
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


class EvidenceBoard:
    """One student's evidence, gathered from their files, with what they pin here."""

    SCHEMA = "closereading.evidence/1"

    def __init__(self, transcript: Transcript | None = None, author: str = "student") -> None:
        self.transcript = transcript if transcript is not None else load_interview()
        self.author = author
        self.path: Path | None = work_dir() / "evidence" / f"{safe_name(author)}.json"
        self.problem = ""
        self.pins: list[dict[str, Any]] = self._read_pins()

    # --- pins -------------------------------------------------------------------------------

    def _read_pins(self) -> list[dict[str, Any]]:
        assert self.path is not None
        for path in (self.path, self.path.with_name(f"{self.path.stem}-recovered.json")):
            if not path.exists():
                self.path = path
                return []
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if not isinstance(data, dict) or data.get("schema") != self.SCHEMA:
                    raise ValueError(f'"schema" must be {self.SCHEMA!r}')
                if not isinstance(data.get("pins"), list):
                    raise ValueError('"pins" must be a list')
                self.path = path
                return list(data["pins"])
            except (OSError, UnicodeDecodeError, ValueError) as error:
                self.problem += (
                    f"{display_path(path)} could not be read ({error}); it is left untouched. "
                )
        self.path = None
        self.problem += "New pins are not saved."
        return []

    def pin_line(self, line: Any, note: str = "") -> Evidence:
        """Pin a concordance line (a ``KWICLine`` from ``kwic`` or ``concordance``)."""
        return self._pin(
            {
                "kind": "concordance line",
                "start": line.start,
                "end": line.end,
                "label": line.keyword,
                "detail": note,
            }
        )

    def pin_count(self, label: str, value: Any, source: str, note: str = "") -> Evidence:
        """Pin a number the course printed, with where it came from (``source``)."""
        detail = f"{value} (from {source})" + (f"; {note}" if note else "")
        return self._pin({"kind": "count", "label": label, "detail": detail})

    def unpin(self, pin_id: str) -> None:
        self.pins = [p for p in self.pins if p["id"] != pin_id]
        self._save()

    def _pin(self, pin: dict[str, Any]) -> Evidence:
        used = {p["id"] for p in self.pins}
        pin["id"] = next(f"pin{n}" for n in range(1, len(used) + 2) if f"pin{n}" not in used)
        self.pins.append(pin)
        self._save()
        return self._pin_evidence(pin)

    def _save(self) -> None:
        if self.path is None:
            return
        data = {"schema": self.SCHEMA, "author": self.author, "pins": self.pins}
        atomic_write(self.path, json.dumps(data, ensure_ascii=False, indent=1) + "\n", backup=True)

    def _pin_evidence(self, pin: dict[str, Any]) -> Evidence:
        citation = None
        if "start" in pin:
            citation = cite(self.transcript, int(pin["start"]), int(pin["end"]))
        return Evidence(
            str(pin["id"]),
            str(pin["kind"]),
            str(pin["label"]),
            citation,
            str(pin.get("detail", "")),
        )

    # --- gathering --------------------------------------------------------------------------

    def items(self) -> list[Evidence]:
        """Everything on the board: highlights, answer codes, pronouns, pins, then notes."""
        return [
            *self.highlights(),
            *self.answer_codes(),
            *self.pronouns(),
            *(self._pin_evidence(p) for p in self.pins),
            *self.notes(),
        ]

    def highlights(self) -> list[Evidence]:
        path = annotation_path(self.author)
        if not path.exists():
            return []
        from closereading.annotation.model import AnnotationSet

        try:
            found = AnnotationSet.load(path, self.transcript)
        except (ValueError, OSError) as error:
            self.problem += f"Highlights not shown: {error}. "
            return []
        return [
            Evidence(a.id, "highlight", a.move, cite(self.transcript, a.start, a.end), a.note)
            for a in sorted(found, key=lambda a: a.start)
        ]

    def answer_codes(self) -> list[Evidence]:
        """Notebook 05's codes, each cited by its first evidence span (or its question)."""
        try:
            from closereading.annotation import code_store
        except ImportError:  # notebook 05's module is not installed in this copy of the course
            return []
        path = code_store.codes_path(self.author)
        if not path.exists():
            return []
        try:
            coding = code_store.load(path, self.transcript)
        except (ValueError, OSError) as error:
            self.problem += f"Answer codes not shown: {error}. "
            return []
        found = []
        for code in coding.codes:
            span = code.evidence[0] if code.evidence else code.question
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
        from closereading.annotation.pronouns import PronounAssignments, label, pronoun_path

        if not pronoun_path(self.author).exists():
            return []
        store = PronounAssignments(self.transcript, self.author)
        if store.problem:
            self.problem += store.problem + " "
        return [
            Evidence(
                f"p{a.start}",
                "pronoun",
                label(a.referent),
                cite(self.transcript, a.start, a.end),
                a.note,
            )
            for a in store.assignments()
        ]

    def notes(self, prefixes: tuple[str, ...] = ("06-", "07-")) -> list[Evidence]:
        """The student's notes from notebooks 06 and 07 that hold text."""
        folder = work_dir() / "notes"
        found = []
        for path in sorted(folder.glob("*.md")) if folder.exists() else []:
            text = path.read_text(encoding="utf-8").strip()
            if text and path.stem.startswith(prefixes):
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
