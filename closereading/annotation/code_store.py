"""Answer-code files: ``work/codes/<name>.json``, written atomically, read with every field
checked, and a way back from a file that cannot be read.

The file is ``{schema, transcript: {id, sha256}, author, units: {starts}, annotations}``; each
entry of ``annotations`` is a W3C Web Annotation (motivation ``classifying``) whose first target
is the question unit and whose further targets are the evidence in the answer, each found by a
``TextPositionSelector`` and a ``TextQuoteSelector``. Its bodies carry the outcome
(``classifying``), the form of a non-reply (``tagging``) and the justification (``commenting``).

A file that cannot be read is never touched. :func:`open_coding` then works in
``<name>-recovered.json`` beside it, started from what can be saved: the recovered file of an
earlier session, else the previous version (``<name>.json.bak``), else every code of the broken
file that can still be read; :attr:`Opened.problem` says which.
"""

# Size: just over 300 lines; writing, checking every field on reading, and the recovery path
# for a broken file belong together.

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from closereading.annotation.anchoring import place
from closereading.annotation.codes import AnswerCode, Coding, Span
from closereading.annotation.export import collection_envelope, collection_id
from closereading.annotation.records import Annotation, AnnotationFileError
from closereading.base.files import atomic_write, backup_path
from closereading.base.paths import DATA_DIR, display_path, safe_name, work_dir
from closereading.text.transcript import Transcript

__all__ = [
    "REFERENCE_CODING_PATH",
    "SCHEMA",
    "CodeFileError",
    "Opened",
    "codes_path",
    "load",
    "open_coding",
    "save",
]

SCHEMA = "closereading.codes/1"
#: The course's reference coding of the interview (lesson 05), with a rationale per unit.
REFERENCE_CODING_PATH = DATA_DIR / "codings" / "reference-05.json"


class CodeFileError(AnnotationFileError):
    """An answer-code file that cannot be read: names the file and the problem."""


def codes_path(name: str) -> Path:
    """Where ``name``'s codes are saved: ``work/codes/<name>.json``."""
    return work_dir() / "codes" / f"{safe_name(name)}.json"


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


def w3c_collection(coding: Coding, source: str) -> dict[str, Any]:
    """The codes as an ``AnnotationCollection`` in the same envelope as the highlights' export,
    named ``urn:closereading:answer-codes:<transcript>:<author>``."""
    items = [w3c_annotation(c, source, coding.author) for c in coding.codes]
    label = f"Answer codes by {coding.author or 'a reader'}"
    collection = collection_id(coding.transcript.id, coding.author, kind="answer-codes")
    return collection_envelope(items, label, collection)


def to_dict(coding: Coding) -> dict[str, Any]:
    source = coding.transcript.id
    entries = [w3c_annotation(c, source) for c in coding.codes]
    entries += [{**w3c_annotation(c, source), "orphan": True} for c in coding.orphans]
    return {
        "schema": SCHEMA,
        "transcript": {"id": source, "sha256": coding.transcript.sha256},
        "author": coding.author,
        "units": {"starts": coding.starts},
        "annotations": entries,
    }


def save(coding: Coding, path: str | Path) -> Path:
    """Write ``coding`` to ``path`` atomically, keeping the previous file as ``<path>.bak``."""
    text = json.dumps(to_dict(coding), ensure_ascii=False, indent=2) + "\n"
    return atomic_write(path, text, backup=True)


# --- reading -----------------------------------------------------------------------------------


def _read_json(path: Path) -> Any:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CodeFileError(path, f"not UTF-8 text (bad byte at position {error.start})") from None
    if not text.strip():
        raise CodeFileError(path, "the file is empty")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise CodeFileError(
            path, f"not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None


def _span(target: Any, where: str) -> Span:
    try:
        position, quote = target["selector"]
        span = Span(
            int(position["start"]),
            int(position["end"]),
            str(quote["exact"]),
            str(quote.get("prefix", "")),
            str(quote.get("suffix", "")),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(f"{where} lacks a position and quote selector ({error!r})") from None
    return span


def _code(entry: Any, number: int) -> tuple[AnswerCode, bool]:
    """One stored entry as ``(code, orphan)``; ValueError says what is wrong with it."""
    where = f"code {number}"
    if not isinstance(entry, dict) or not isinstance(entry.get("target"), list):
        raise ValueError(f"{where} is not an annotation with a list of targets")
    bodies = {
        b.get("purpose"): b.get("value") for b in entry.get("body", []) if isinstance(b, dict)
    }
    spans = [_span(t, f"{where}, target {i + 1}") for i, t in enumerate(entry["target"])]
    if not spans:
        raise ValueError(f"{where} has no question target")
    code = AnswerCode(
        unit=str(entry.get("id", "")).rpartition("#code-")[2] or f"u{spans[0].start}",
        question=spans[0],
        outcome=str(bodies.get("classifying") or ""),
        form=str(bodies.get("tagging") or ""),
        evidence=tuple(spans[1:]),
        justification=str(bodies.get("commenting") or ""),
        created=str(entry.get("created", "")),
        modified=str(entry.get("modified", "")),
    )
    return code, bool(entry.get("orphan"))


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


def _header(
    data: Any, path: Path, transcript: Transcript
) -> tuple[str, list[int] | None, list[Any]]:
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        found = data.get("schema") if isinstance(data, dict) else None
        raise CodeFileError(
            path, f"not an answer-code file (schema {found!r}; expected {SCHEMA!r})"
        )
    about = data.get("transcript")
    if not isinstance(about, dict) or about.get("id") != transcript.id:
        raise CodeFileError(path, f"is not a coding of transcript {transcript.id!r}")
    entries = data.get("annotations")
    if not isinstance(entries, list):
        raise CodeFileError(path, '"annotations" must be a list')
    starts = (
        (data.get("units") or {}).get("starts") if isinstance(data.get("units"), dict) else None
    )
    return str(data.get("author", "")), starts, entries


def load(path: str | Path, transcript: Transcript) -> Coding:
    """Read a coding of ``transcript``, finding each span again by its quote if the text changed.

    Raises :class:`CodeFileError` (the file untouched) for a file that cannot be read, or
    ``FileNotFoundError``."""
    path = Path(path)
    data = _read_json(path)
    author, starts, entries = _header(data, path, transcript)
    trust = data["transcript"].get("sha256") == transcript.sha256
    codes: list[AnswerCode] = []
    orphans: list[AnswerCode] = []
    for number, entry in enumerate(entries, start=1):
        try:
            code, orphan = _code(entry, number)
        except ValueError as error:
            raise CodeFileError(path, str(error)) from None
        placed = None if orphan else _anchored(code, transcript.text, trust)
        (orphans if placed is None else codes).append(placed or code)
    try:
        coding = Coding(transcript, author, starts if trust else None, codes)
    except ValueError as error:
        raise CodeFileError(path, f"its units do not fit the text ({error})") from None
    coding.orphans.extend(orphans)
    return coding


def _salvage(path: Path, transcript: Transcript, author: str) -> tuple[Coding, str]:
    """What can be read of a broken file: each code that parses, else nothing."""
    try:
        data = _read_json(path)
        _, _, entries = _header(data, path, transcript)
    except (CodeFileError, OSError):
        return Coding(
            transcript, author
        ), "it starts empty: nothing in the broken file could be read"
    codes = []
    for number, entry in enumerate(entries, start=1):
        try:
            placed = _anchored(_code(entry, number)[0], transcript.text, trust=False)
        except ValueError:
            continue
        if placed is not None:
            codes.append(placed)
    coding = Coding(transcript, author, None, codes)
    return coding, (
        f"it holds the {len(coding.codes)} of {len(entries)} codes of the broken file that could "
        "still be read"
    )


@dataclass
class Opened:
    """A coding ready to change: where it is saved (None: nowhere) and what went wrong."""

    coding: Coding
    save_path: Path | None
    problem: str = ""


def open_coding(path: str | Path, transcript: Transcript, author: str) -> Opened:
    """Open ``path`` for changing, with the recovery described in the module docstring."""
    path = Path(path)
    try:
        coding = load(path, transcript) if path.exists() else Coding(transcript, author)
        return Opened(coding, path)
    except (CodeFileError, OSError) as error:
        problem = f"{display_path(path)} could not be read ({_reason(error)}); it is left untouched"
    recovered = path.with_name(f"{path.stem}-recovered.json")
    where = display_path(recovered)
    if recovered.exists():
        try:
            return Opened(load(recovered, transcript), recovered, f"{problem}. Working in {where}")
        except (CodeFileError, OSError) as error:
            return Opened(
                Coding(transcript, author),
                None,
                f"{problem}, and {where} could not be read either ({_reason(error)})",
            )
    try:
        coding = load(backup_path(path), transcript)
        how = f"it starts from the previous version, {display_path(backup_path(path))}"
    except (CodeFileError, OSError):
        coding, how = _salvage(path, transcript, author)
    save(coding, recovered)
    return Opened(coding, recovered, f"{problem}. New work is saved in {where}; {how}")


def _reason(error: CodeFileError | OSError) -> str:
    if isinstance(error, AnnotationFileError):
        return error.problem
    return (error.strerror or str(error)).lower()
