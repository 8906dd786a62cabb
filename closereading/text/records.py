"""The records a transcript is made of: speakers, parts of the page, turns, sentences, tokens,
and the error that names what is wrong with a transcript file.

Each is a pair of offsets into the transcript's one canonical string, ``Transcript.text``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

__all__ = ["Part", "QAPair", "Sentence", "Speaker", "Token", "TranscriptError", "Turn"]


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
