"""Reading and parsing transcript files: bytes to text, the header, and the body split into
parts of the page and speaker turns. :mod:`closereading.text.transcript` builds the
:class:`~closereading.text.transcript.Transcript` from what this returns.
"""

# Size: just over 300 lines; the label patterns and the header and body parsers read together.

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from closereading.base.warnings import CloseReadingWarning
from closereading.text.records import Part, Speaker, TranscriptError, Turn

__all__ = ["FIELD_LABELS", "ROLES", "decode", "parse_body", "parse_header"]

ROLES = ("interviewer", "interviewee", "other")

#: Labels that begin a line but never a turn: page furniture, not speech.
FIELD_LABELS = frozenset(
    {
        "image",
        "photo",
        "picture",
        "caption",
        "credit",
        "credits",
        "topic",
        "topics",
        "region",
        "tags",
        "tag",
        "source",
        "sources",
        "note",
        "notes",
        "editor's note",
        "editor’s note",
        "related",
        "read more",
        "update",
        "correction",
        "date",
        "dateline",
        "by",
        "filed under",
        "category",
        "categories",
        "location",
        "transcript",
        "video",
        "audio",
    }
)
_CAPTION_LABELS = frozenset({"image", "photo", "picture", "caption", "credit", "credits"})


# A label at the start of a line: one to five words, each starting with a capital letter or
# written in capitals ("Saunders", "MS. PSAKI", "QUESTION", "Q", "Jen Psaki"), an optional
# timestamp in brackets ("(00:02)", "(1:02:03.5)"), then a colon and white space or end of line.
_LABEL = re.compile(
    r"""
    ^(?P<label>
        (?:[A-Z][\w.’'-]*)
        (?:[ \u00a0](?:[A-Z][\w.’'-]*|of|de|van|von|der|al|bin|la|le)){0,4}
    )
    (?:[ \u00a0]*\((?P<time>\d{1,2}(?::\d{2}){1,2}(?:\.\d+)?)\))?
    [ \u00a0]*:(?=[ \u00a0\t]|$)
    """,
    re.VERBOSE | re.MULTILINE,
)
_DATELINE = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\s+\d{1,2},\s+\d{4}\b|\b\d{4}-\d{2}-\d{2}\b"
)


def decode(data: bytes, source: str = "<bytes>") -> str:
    """Bytes to text: UTF-8 (with or without BOM), else cp1252 with a warning; newlines to ``\\n``."""
    if not data.strip():
        raise TranscriptError(
            source,
            None,
            "the file is empty",
            "Paste the interview under a header; see data/README.md for the format",
        )
    if b"\x00" in data[:8192] or _looks_binary(data[:8192]):
        raise TranscriptError(
            source,
            None,
            "this looks like a binary file, not text",
            "Save the transcript as plain text (.txt, UTF-8) and load that",
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as cp_error:
            line = data.count(b"\n", 0, cp_error.start) + 1
            raise TranscriptError(
                source,
                line,
                f"byte 0x{data[utf8_error.start]:02x} is neither UTF-8 nor Windows-1252 text",
                "Open the file in a text editor and save it again as UTF-8",
            ) from None
        line = data.count(b"\n", 0, utf8_error.start) + 1
        warnings.warn(
            f"{source}: not UTF-8 (first at line {line}); read it as Windows-1252 (cp1252). "
            "Save the file as UTF-8 to silence this warning.",
            CloseReadingWarning,
            stacklevel=3,
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_binary(sample: bytes) -> bool:
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return control > max(4, len(sample) // 100)


def parse_header(text: str, source: str) -> tuple[dict[str, Any], list[Speaker], int, int]:
    lines = text.split("\n")
    if lines[0].strip() != "---":
        raise TranscriptError(
            source,
            1,
            "the file does not start with a header",
            "Begin with a line '---', then 'title: ...' and one 'speaker: Label | interviewer "
            "| who they are' line per speaker, then '---'; see data/README.md",
        )
    meta: dict[str, Any] = {}
    speakers: list[Speaker] = []
    offset = len(lines[0]) + 1
    for number, line in enumerate(lines[1:], start=2):
        offset += len(line) + 1
        stripped = line.strip()
        if stripped == "---":
            break
        if not stripped or stripped.startswith("#"):
            continue
        key, sep, value = stripped.partition(":")
        if not sep or not key.strip():
            raise TranscriptError(
                source,
                number,
                f"header line {stripped!r} is not 'key: value'",
                "Write it as 'key: value' or end the header with '---'",
            )
        key, value = key.strip().casefold(), value.strip()
        if key == "speaker":
            speakers.append(_parse_speaker(value, source, number, speakers))
        else:
            meta[key] = value
    else:
        raise TranscriptError(
            source,
            len(lines),
            "the header is never closed",
            "Add a line '---' after the last header line",
        )
    if not speakers:
        raise TranscriptError(
            source,
            number,
            "the header declares no speakers",
            "Add one line per speaker before '---', e.g. "
            "'speaker: Saunders | interviewer | Paul Saunders, The National Interest'",
        )
    return meta, speakers, min(offset, len(text)), number + 1


def _parse_speaker(value: str, source: str, line: int, known: list[Speaker]) -> Speaker:
    fields = [f.strip() for f in value.split("|")]
    if len(fields) < 2 or not fields[0]:
        raise TranscriptError(
            source,
            line,
            f"speaker line {value!r} needs a label and a role",
            f"Write 'speaker: Label | interviewer | description' (roles: {', '.join(ROLES)})",
        )
    label, role = fields[0], fields[1].casefold()
    if role not in ROLES:
        raise TranscriptError(
            source,
            line,
            f"speaker {label!r} has unknown role {fields[1]!r}",
            f"Use one of: {', '.join(ROLES)}",
        )
    if any(s.label.casefold() == label.casefold() for s in known):
        raise TranscriptError(
            source, line, f"speaker {label!r} is declared twice", "Declare each speaker once"
        )
    return Speaker(label, role, " | ".join(fields[2:]))


def _label_key(label: str) -> str:
    return " ".join(label.replace("\u00a0", " ").split()).casefold()


def _paragraphs(body: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each block of non-blank lines, trimmed of outer white space."""
    for match in re.finditer(r"\S(?:.|\n(?![ \t\u00a0]*\n))*", body):
        start, end = match.span()
        while end > start and body[end - 1].isspace():
            end -= 1
        yield start, end


def parse_body(
    body: str, speakers: list[Speaker], field_labels: Iterable[str], source: str, first_line: int
) -> tuple[list[Part], list[Turn]]:
    """Split the body into the parts of the page and the speaker turns."""

    def line_at(offset: int) -> int:
        return first_line + body.count("\n", 0, offset)

    starts = _label_starts(body, speakers, frozenset(field_labels), source, line_at)
    parts: list[Part] = []
    turns: list[Turn] = []
    first_turn = next((s for s, kind, _, _ in starts if kind == "turn"), len(body))
    for p_start, p_end in _paragraphs(body[:first_turn]):
        block = body[p_start:p_end]
        parts.append(Part(_front_matter_kind(block, parts), p_start, p_end, block))

    after = [s for s in starts if s[0] >= first_turn]
    boundaries = [s for s, _, _, _ in after[1:]] + [len(body)]
    for (start, kind, what, match), next_start in zip(after, boundaries):
        end = next_start
        while end > start and body[end - 1].isspace():
            end -= 1
        if kind == "field":
            kind_of = "caption" if what in _CAPTION_LABELS else "note"
            parts.append(Part(kind_of, start, end, body[start:end]))
            continue
        speaker: Speaker = what  # type: ignore[assignment]
        turns.append(_turn(body, len(turns), speaker, start, end, match, source, line_at))
        parts.append(Part("turn", start, end, body[start:end]))
    return parts, turns


def _label_starts(
    body: str,
    speakers: list[Speaker],
    field_labels: frozenset[str],
    source: str,
    line_at: Callable[[int], int],
) -> list[tuple[int, str, object, re.Match[str]]]:
    """Each line-start label: turns begin at speaker labels, page furniture at field labels, and
    an unknown name-like label is an error rather than a silent guess."""
    by_label = {_label_key(s.label): s for s in speakers}
    starts: list[tuple[int, str, object, re.Match[str]]] = []
    for match in _LABEL.finditer(body):
        key = _label_key(match.group("label"))
        if key in by_label:
            starts.append((match.start(), "turn", by_label[key], match))
        elif key in field_labels:
            starts.append((match.start(), "field", key, match))
        else:
            declared = ", ".join(s.label for s in speakers)
            raise TranscriptError(
                source,
                line_at(match.start()),
                f"the label '{match.group('label')}:' matches no declared speaker ({declared})",
                f"Declare it in the header ('speaker: {match.group('label')} | interviewee | ...'),"
                " fix its spelling, or list it under 'fields:' in the header if it is not a speaker",
            )
    return starts


def _turn(
    body: str,
    index: int,
    speaker: Speaker,
    start: int,
    end: int,
    match: re.Match[str],
    source: str,
    line_at: Callable[[int], int],
) -> Turn:
    """The turn whose label starts at ``start``: its words run from after the label to ``end``."""
    words_start = match.end()
    while words_start < end and body[words_start].isspace():
        words_start += 1
    if words_start >= end:
        raise TranscriptError(
            source,
            line_at(start),
            f"the label '{match.group('label')}:' has no words after it",
            "Put what the speaker said after the label, or delete the empty label",
        )
    return Turn(
        index,
        speaker.label,
        speaker.role,
        words_start,
        end,
        body[words_start:end],
        start,
        match.group("time"),
    )


def _front_matter_kind(block: str, before: list[Part]) -> str:
    """Name a block above the first turn: the first is the title, then a dateline, a standfirst."""
    if not before:
        return "title"
    if any(p.kind == "title" and p.text == block for p in before):
        return "title"
    if _DATELINE.search(block) and len(block) < 200:
        return "dateline"
    return "standfirst"
