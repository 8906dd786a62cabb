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
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from closereading.base.paths import INTERVIEW_PATH
from closereading.text.parsing import FIELD_LABELS, ROLES, decode, parse_body, parse_header
from closereading.text.records import (
    Part,
    QAPair,
    Sentence,
    Speaker,
    Token,
    TranscriptError,
    Turn,
)
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
    "decode",
    "load_interview",
    "load_transcript",
    "parse_transcript",
]


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
    meta, speakers, body_start, body_line = parse_header(text, source)
    body = text[body_start:]
    extra_fields = {f.strip().casefold() for f in meta.get("fields", "").split(",") if f.strip()}
    parts, turns = parse_body(body, speakers, FIELD_LABELS | extra_fields, source, body_line)
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
