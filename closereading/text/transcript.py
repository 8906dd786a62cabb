"""Transcripts: the file format, parsing, validation, and the records built from it.

A transcript file is UTF-8 text: a header of ``key: value`` lines between ``---`` fences that
declares the speakers, then the body as published. The body, with line endings made ``\\n``,
is the transcript's one canonical string, ``Transcript.text``; every part, turn, sentence and
token is a pair of offsets into it.

>>> t = parse_transcript('''---
... title: A short exchange
... speaker: Q | interviewer | The reporter
... speaker: A | interviewee | The minister
... ---
... Q: Will you resign?
...
... A: No. Not today.''')
>>> [(turn.speaker, turn.text) for turn in t.turns]
[('Q', 'Will you resign?'), ('A', 'No. Not today.')]
>>> [s.text for s in t.sentences]
['Will you resign?', 'No.', 'Not today.']
"""

from __future__ import annotations

import gc
import hashlib
import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

from closereading.base.paths import INTERVIEW_PATH
from closereading.base.warnings import CloseReadingWarning
from closereading.text.tokens import sentence_spans, tokenize

__all__ = [
    "ROLES",
    "Part",
    "QAPair",
    "Sentence",
    "Speaker",
    "Token",
    "Transcript",
    "TranscriptError",
    "Turn",
    "load_interview",
    "load_transcript",
    "parse_transcript",
]

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


class TranscriptError(ValueError):
    """A transcript file that cannot be read; the message names the file, the line and the fix."""

    def __init__(self, source: str, line: int | None, problem: str, fix: str):
        self.source, self.line, self.problem, self.fix = source, line, problem, fix
        where = f"{source}, line {line}" if line else source
        super().__init__(f"{where}: {problem}. {fix}")


@dataclass(frozen=True, slots=True)
class Speaker:
    """A speaker declared in the header: the label used in the body, a role and who they are."""

    label: str
    role: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Part:
    """A block of the page: ``title``, ``dateline``, ``standfirst``, ``turn``, ``caption`` or ``note``."""

    kind: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Turn:
    """One speaker's turn; ``start``/``end`` cover the words after the label."""

    index: int
    speaker: str
    role: str
    start: int
    end: int
    text: str
    label_start: int
    time: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    turn: int
    start: int
    end: int
    text: str


class Token(NamedTuple):
    """A token: ``text`` as written, ``norm`` folded for counting, ``is_word`` false for punctuation.

    A named tuple rather than a frozen dataclass: a long transcript has a million of these, and a
    tuple is built several times faster while reading the same (``token.norm``)."""

    index: int  # type: ignore[assignment]  # shadows tuple.index, on purpose: the token's number
    turn: int
    sentence: int
    start: int
    end: int
    text: str
    norm: str
    is_word: bool


@dataclass(frozen=True, slots=True)
class QAPair:
    """An interviewer's turn and the turn that answers it (``None`` if the interview ends first)."""

    question: Turn
    answer: Turn | None


@dataclass(frozen=True, eq=False)
class Transcript:
    """A parsed transcript. Build one with :func:`load_transcript` or :func:`parse_transcript`."""

    text: str
    meta: dict[str, Any]
    speakers: tuple[Speaker, ...]
    parts: tuple[Part, ...]
    turns: tuple[Turn, ...]
    source: str = "<string>"
    _line_offset: int = field(default=0, repr=False)

    @property
    def id(self) -> str:
        return str(self.meta.get("id") or Path(self.source).stem)

    @property
    def title(self) -> str:
        return str(self.meta.get("title", ""))

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        sentences: list[Sentence] = []
        for turn in self.turns:
            for s, e in sentence_spans(self.text, turn.start, turn.end):
                sentences.append(Sentence(len(sentences), turn.index, s, e, self.text[s:e]))
        return tuple(sentences)

    @cached_property
    def tokens(self) -> tuple[Token, ...]:
        text = self.text
        tokens: list[Token] = []
        append = tokens.append
        norms: dict[str, str] = {}
        make = Token._make
        # A million small objects and nothing to collect: pausing the cyclic garbage collector
        # while they are built saves about a third of the time.
        collecting = gc.isenabled()
        gc.disable()
        try:
            for sentence in self.sentences:
                turn, index = sentence.turn, sentence.index
                for s, e, word, norm, is_word in tokenize(
                    text, sentence.start, sentence.end, norms
                ):
                    append(make((len(tokens), turn, index, s, e, word, norm, is_word)))
        finally:
            if collecting:
                gc.enable()
        return tuple(tokens)

    @property
    def words(self) -> list[Token]:
        """The tokens that are words (no punctuation)."""
        return [t for t in self.tokens if t.is_word]

    @cached_property
    def words_per_turn(self) -> tuple[int, ...]:
        """How many words each turn has, in turn order."""
        counts = [0] * len(self.turns)
        for token in self.tokens:
            if token.is_word:
                counts[token.turn] += 1
        return tuple(counts)

    def words_by_speaker(self) -> dict[str, int]:
        """How many words each declared speaker says, in the header's order."""
        counts = {speaker.label: 0 for speaker in self.speakers}
        for turn, words in zip(self.turns, self.words_per_turn):
            counts[turn.speaker] += words
        return counts

    def speaker(self, label: str) -> Speaker:
        for speaker in self.speakers:
            if speaker.label.casefold() == label.casefold():
                return speaker
        raise KeyError(
            f"no speaker {label!r}; this transcript has {[s.label for s in self.speakers]}"
        )

    def turns_by(self, speaker: str) -> list[Turn]:
        return [t for t in self.turns if t.speaker.casefold() == speaker.casefold()]

    def turn_at(self, offset: int) -> Turn | None:
        """The turn that contains character ``offset``, if any."""
        for turn in self.turns:
            if turn.start <= offset < turn.end:
                return turn
        return None

    def qa_pairs(self) -> list[QAPair]:
        """Each interviewer turn with the turn that follows it, if that is not the interviewer's."""
        pairs = []
        for i, turn in enumerate(self.turns):
            if turn.role != "interviewer":
                continue
            following = self.turns[i + 1] if i + 1 < len(self.turns) else None
            answer = (
                following if following is not None and following.role != "interviewer" else None
            )
            pairs.append(QAPair(turn, answer))
        return pairs

    def line_of(self, offset: int) -> int:
        """The line of the source file (1-based, header included) that holds ``offset``."""
        return self._line_offset + self.text.count("\n", 0, offset) + 1

    def __repr__(self) -> str:
        return (
            f"<Transcript {self.id!r}: {len(self.turns)} turns, "
            f"{len(self.speakers)} speakers, {len(self.text)} characters>"
        )


# ---------------------------------------------------------------------------------------------
# Reading files


def load_interview() -> Transcript:
    """The course's interview: Saunders and Peskov, The National Interest, January 2013."""
    return load_transcript(INTERVIEW_PATH)


def load_transcript(path: str | Path) -> Transcript:
    """Read and parse a transcript file; raises :class:`TranscriptError` with the line and a fix."""
    path = Path(path)
    source = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise TranscriptError(
            source, None, "no such file", "Check the path; transcripts live in data/interviews/"
        ) from None
    except IsADirectoryError:
        raise TranscriptError(
            source,
            None,
            "this is a folder, not a file",
            "Give the path of a .txt transcript inside it",
        ) from None
    return parse_transcript(decode(data, source), source=source)


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


# ---------------------------------------------------------------------------------------------
# Parsing


def parse_transcript(text: str, source: str = "<string>") -> Transcript:
    """Parse the text of a transcript file (header + body) into a :class:`Transcript`."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise TranscriptError(
            source,
            None,
            "the file is empty",
            "Paste the interview under a header; see data/README.md for the format",
        )
    meta, speakers, body_start, body_line = _parse_header(text, source)
    body = text[body_start:]
    extra_fields = {f.strip().casefold() for f in meta.get("fields", "").split(",") if f.strip()}
    parts, turns = _parse_body(body, speakers, FIELD_LABELS | extra_fields, source, body_line)
    if not turns:
        labels = ", ".join(f"'{s.label}:'" for s in speakers)
        raise TranscriptError(
            source,
            body_line,
            f"the body has no speaker turns (no line starts with {labels})",
            "Start each turn on a new line with the speaker's label and a colon, "
            "e.g. 'Saunders: Do you believe ...'",
        )
    meta["speakers"] = [
        {"label": s.label, "role": s.role, "description": s.description} for s in speakers
    ]
    return Transcript(
        text=body,
        meta=meta,
        speakers=tuple(speakers),
        parts=tuple(parts),
        turns=tuple(turns),
        source=source,
        _line_offset=body_line - 1,
    )


def _parse_header(text: str, source: str) -> tuple[dict[str, Any], list[Speaker], int, int]:
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


def _parse_body(
    body: str, speakers: list[Speaker], field_labels: Iterable[str], source: str, first_line: int
) -> tuple[list[Part], list[Turn]]:
    by_label = {_label_key(s.label): s for s in speakers}
    field_labels = frozenset(field_labels)

    def line_at(offset: int) -> int:
        return first_line + body.count("\n", 0, offset)

    # Each line-start label splits the body: turns begin at speaker labels, page furniture at
    # field labels, and an unknown name-like label is an error rather than a silent guess.
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

    parts: list[Part] = []
    turns: list[Turn] = []
    first_turn = next((s for s, kind, _, _ in starts if kind == "turn"), len(body))
    for p_start, p_end in _paragraphs(body[:first_turn]):
        parts.append(
            Part(
                _front_matter_kind(body[p_start:p_end], parts), p_start, p_end, body[p_start:p_end]
            )
        )

    boundaries = [s for s, _, _, _ in starts if s >= first_turn] + [len(body)]
    for (start, kind, what, match), next_start in zip(
        (s for s in starts if s[0] >= first_turn), boundaries[1:]
    ):
        end = next_start
        while end > start and body[end - 1].isspace():
            end -= 1
        if kind == "field":
            parts.append(
                Part("caption" if what in _CAPTION_LABELS else "note", start, end, body[start:end])
            )
            continue
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
        speaker: Speaker = what  # type: ignore[assignment]
        turn = Turn(
            len(turns),
            speaker.label,
            speaker.role,
            words_start,
            end,
            body[words_start:end],
            start,
            match.group("time"),
        )
        turns.append(turn)
        parts.append(Part("turn", start, end, body[start:end]))
    return parts, turns


def _front_matter_kind(block: str, before: list[Part]) -> str:
    """Name a block above the first turn: the first is the title, then a dateline, a standfirst."""
    if not before:
        return "title"
    if any(p.kind == "title" and p.text == block for p in before):
        return "title"
    if _DATELINE.search(block) and len(block) < 200:
        return "dateline"
    return "standfirst"
