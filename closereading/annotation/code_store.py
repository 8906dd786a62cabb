"""Answer-code files: ``work/codes/<name>.json``, one kind of student file
(:mod:`closereading.base.workfile` does the reading, merging, saving and recovery every kind
shares).

The file is ``{schema, transcript: {id, sha256}, author, units: {starts}, annotations}``; each
entry of ``annotations`` is a W3C Web Annotation (motivation ``classifying``) whose first target
is the question unit and whose further targets are the evidence in the answer, each found by a
``TextPositionSelector`` and a ``TextQuoteSelector``. Its bodies carry the outcome
(``classifying``), the form of a non-reply (``tagging``) and the justification (``commenting``).
Its targets' source is the transcript's IRI (:func:`source_iri`) and its id that IRI with the
fragment ``#code-<unit>``. A code is identified by its unit: two windows coding one unit are
merged like two versions of one highlight.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from closereading.annotation.anchoring import place
from closereading.annotation.codes import NON_REPLY_FORMS, OUTCOMES, AnswerCode, Coding, Span
from closereading.annotation.export import collection_envelope, collection_id
from closereading.annotation.records import Annotation, AnnotationFileError
from closereading.base.files import atomic_write
from closereading.base.paths import DATA_DIR, safe_name, work_dir
from closereading.base.workfile import Kind, RecordError, WorkFileError, read
from closereading.text.transcript import Transcript

__all__ = [
    "REFERENCE_CODING_PATH",
    "SCHEMA",
    "CodeFileError",
    "CodeKind",
    "codes_path",
    "load",
    "save",
    "source_iri",
    "to_dict",
    "w3c_annotation",
    "w3c_collection",
]

SCHEMA = "closereading.codes/1"
#: The course's reference coding of the interview (lesson 05), with a rationale per unit.
REFERENCE_CODING_PATH = DATA_DIR / "codings" / "reference-05.json"
_OUTCOMES = {o.id for o in OUTCOMES}
_FORMS = {f.id for f in NON_REPLY_FORMS}


class CodeFileError(AnnotationFileError):
    """An answer-code file that cannot be read: names the file and the problem."""


def codes_path(name: str) -> Path:
    """Where ``name``'s codes are saved: ``work/codes/<name>.json``."""
    return work_dir() / "codes" / f"{safe_name(name)}.json"


def source_iri(transcript_id: str) -> str:
    """The IRI of a transcript, as the highlights' export names it.

    >>> source_iri("peskov-2013")
    'urn:closereading:transcript:peskov-2013'
    """
    return f"urn:closereading:transcript:{transcript_id}"


# --- writing -----------------------------------------------------------------------------------


def _target(source: str, span: Span) -> dict[str, Any]:
    return {
        "source": source,
        "selector": [
            {"type": "TextPositionSelector", "start": span.start, "end": span.end},
            {
                "type": "TextQuoteSelector",
                "exact": span.quote,
                "prefix": span.prefix,
                "suffix": span.suffix,
            },
        ],
    }


def w3c_annotation(code: AnswerCode, source: str, author: str = "") -> dict[str, Any]:
    """One code as a W3C Web Annotation: the question target first, then the evidence."""
    body = [{"type": "TextualBody", "purpose": "classifying", "value": code.outcome}]
    if code.form:
        body.append({"type": "TextualBody", "purpose": "tagging", "value": code.form})
    if code.justification:
        body.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": code.justification,
                "format": "text/plain",
            }
        )
    item: dict[str, Any] = {
        "type": "Annotation",
        "id": f"{source}#code-{code.unit}",
        "motivation": "classifying",
        "body": body,
        "target": [_target(source, code.question)] + [_target(source, e) for e in code.evidence],
        "created": code.created,
        "modified": code.modified,
    }
    if author:
        item["creator"] = {"type": "Person", "name": author}
    return item


def w3c_collection(coding: Coding, source: str | None = None) -> dict[str, Any]:
    """The codes as an ``AnnotationCollection`` in the same envelope as the highlights' export,
    named ``urn:closereading:answer-codes:<transcript>:<author>``; ``source`` is the text's IRI
    (:func:`source_iri` by default)."""
    source = source or source_iri(coding.transcript.id)
    items = [w3c_annotation(c, source, coding.author) for c in coding.codes]
    label = f"Answer codes by {coding.author or 'a reader'}"
    collection = collection_id(coding.transcript.id, coding.author, kind="answer-codes")
    return collection_envelope(items, label, collection)


def to_dict(coding: Coding) -> dict[str, Any]:
    """The coding in the file format (codes that no longer fit the text marked ``orphan``)."""
    kind = CodeKind(coding.transcript)
    entries = [kind.dump(c) for c in coding.records()]
    return {"schema": SCHEMA, **coding.header(), "annotations": entries}


def save(coding: Coding, path: str | Path) -> Path:
    """Write ``coding`` to ``path`` atomically, keeping the previous file as ``<path>.bak``: a
    one-off copy. The answer coder saves through :class:`closereading.base.workfile.WorkFile`,
    which also merges with another window's saves."""
    text = json.dumps(to_dict(coding), ensure_ascii=False, indent=1) + "\n"
    return atomic_write(path, text, backup=True)


# --- reading -----------------------------------------------------------------------------------


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise RecordError(f"{where} must be text")
    return value


def _span(target: Any, where: str) -> Span:
    selectors = target.get("selector") if isinstance(target, dict) else None
    if not isinstance(selectors, list) or len(selectors) != 2:
        raise RecordError(f"{where} lacks a position selector and a quote selector")
    position, quote = selectors
    if not isinstance(position, dict) or not isinstance(quote, dict):
        raise RecordError(f"{where}: a selector must be an object")
    for key in ("start", "end"):
        value = position.get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise RecordError(f"{where}: {key!r} must be a whole number")
    return Span(
        position["start"],
        position["end"],
        _text(quote.get("exact"), f"{where}: the quote"),
        _text(quote.get("prefix", ""), f"{where}: the prefix"),
        _text(quote.get("suffix", ""), f"{where}: the suffix"),
    )


@dataclass
class CodeKind(Kind[AnswerCode]):
    """Answer codes of ``transcript``, each found again in the text on reading (a code whose
    question or evidence is gone is kept as it was, an orphan)."""

    transcript: Transcript

    schema = SCHEMA
    key = "annotations"
    noun = "answer code"
    folder = "codes"
    note_field = "justification"

    def header_problem(self, data: dict[str, Any]) -> str:
        if self.transcript_of(data) != self.transcript.id:
            return f"is not a coding of transcript {self.transcript.id!r}"
        return ""

    def looks_like(self, raw: dict[str, Any]) -> bool:
        return raw.get("type") == "Annotation"

    def parse(self, raw: Any) -> AnswerCode:
        if not isinstance(raw, dict) or not isinstance(raw.get("target"), list):
            raise RecordError("a code must be an annotation with a list of targets")
        where = f"code {raw['id']!r}" if isinstance(raw.get("id"), str) else "a code"
        if not isinstance(raw.get("body", []), list):
            raise RecordError(f"{where}: 'body' must be a list of bodies")
        bodies: dict[str, str] = {}
        for body in raw.get("body", []):
            if isinstance(body, dict) and isinstance(body.get("purpose"), str):
                bodies[body["purpose"]] = _text(body.get("value"), f"{where}: a body's value")
        spans = [_span(t, f"{where}, target {i + 1}") for i, t in enumerate(raw["target"])]
        if not spans:
            raise RecordError(f"{where} has no question target")
        outcome, form = bodies.get("classifying", ""), bodies.get("tagging", "")
        if outcome and outcome not in _OUTCOMES:
            valid = ", ".join(sorted(_OUTCOMES))
            raise RecordError(f"{where}: unknown outcome {outcome!r}; the outcomes are {valid}")
        if form and form not in _FORMS:
            raise RecordError(f"{where}: unknown form of non-reply {form!r}")
        unit = str(raw.get("id", "")).rpartition("#code-")[2] or f"u{spans[0].start}"
        return AnswerCode(
            unit=unit,
            question=spans[0],
            outcome=outcome,
            form=form,
            evidence=tuple(spans[1:]),
            justification=bodies.get("commenting", ""),
            created=_text(raw.get("created", ""), f"{where}: 'created'"),
            modified=_text(raw.get("modified", ""), f"{where}: 'modified'"),
        )

    def dump(self, record: AnswerCode) -> dict[str, Any]:
        item = w3c_annotation(record, source_iri(self.transcript.id))
        fits = _anchored(record, self.transcript.text, trust=True) == record
        return item if fits else {**item, "orphan": True}

    def ident(self, record: AnswerCode) -> str:
        return record.unit

    def settle(self, records: list[AnswerCode], header: dict[str, Any]) -> list[AnswerCode]:
        about = header.get("transcript")
        trust = isinstance(about, dict) and about.get("sha256") == self.transcript.sha256
        return [_anchored(c, self.transcript.text, trust) or c for c in records]


def _placed(span: Span, text: str, trust: bool) -> Span | None:
    stand_in = Annotation("x", "x", span.start, span.end, span.quote, span.prefix, span.suffix)
    found = place(stand_in, text, trust_position=trust)
    return (
        None
        if found is None
        else Span(found.start, found.end, found.quote, found.prefix, found.suffix)
    )


def _anchored(code: AnswerCode, text: str, trust: bool) -> AnswerCode | None:
    question = _placed(code.question, text, trust)
    evidence = [_placed(e, text, trust) for e in code.evidence]
    if question is None or any(e is None for e in evidence):
        return None
    kept = tuple(e for e in evidence if e is not None)
    return AnswerCode(
        code.unit if trust else f"u{question.start}",
        question,
        code.outcome,
        code.form,
        kept,
        code.justification,
        code.created,
        code.modified,
    )


def load(path: str | Path, transcript: Transcript) -> Coding:
    """Read a coding of ``transcript`` (the course's reference, a classmate's), finding each
    span again by its quote if the text changed. Raises :class:`CodeFileError` (the file
    untouched) for a file, or a code, that cannot be read; ``FileNotFoundError`` for no file."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(2, "No such file or directory", str(path))
    try:
        contents = read(path, CodeKind(transcript))
    except WorkFileError as error:
        raise CodeFileError(path, error.problem) from None
    if contents.set_aside:
        raise CodeFileError(path, contents.set_aside[0].reason)
    coding = Coding(transcript)
    coding.adopt(contents.records, contents.header)
    if coding.layout_problem:
        raise CodeFileError(path, f"its units do not fit the text ({coding.layout_problem})")
    return coding
