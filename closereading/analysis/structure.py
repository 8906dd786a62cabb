"""The shape of a transcript as records: its parts, its turns, and who says how much.

>>> import closereading
>>> interview = closereading.load_interview()
>>> [(row.turn, row.speaker, row.words) for row in turn_rows(interview)][:2]
[(1, 'Saunders', 9), (2, 'Peskov', 112)]
>>> [(row.kind, row.words) for row in part_rows(interview)][:2]
[('title', 4), ('dateline', 8)]
"""

from __future__ import annotations

from dataclasses import dataclass

from closereading.base.strings import one_line
from closereading.text.tokens import is_word, word_spans
from closereading.text.transcript import Transcript

__all__ = ["PartRow", "TurnRow", "part_rows", "turn_rows"]


def _words(text: str) -> int:
    return sum(1 for _, _, token in word_spans(text) if is_word(token))


@dataclass(frozen=True, slots=True)
class PartRow:
    """One block of the page, in order: its kind, how many words it has and its text."""

    number: int
    kind: str
    words: int
    text: str


def part_rows(transcript: Transcript) -> list[PartRow]:
    """The parts of the page in order (numbered from 1), with their word counts; a turn's count
    leaves out the speaker's label, so it is the number of words spoken."""
    spoken = {turn.label_start: _words(turn.text) for turn in transcript.turns}
    return [
        PartRow(
            i,
            part.kind,
            spoken.get(part.start, _words(part.text)) if part.kind == "turn" else _words(part.text),
            one_line(part.text),
        )
        for i, part in enumerate(transcript.parts, start=1)
    ]


@dataclass(frozen=True, slots=True)
class TurnRow:
    """One turn: its number (from 1), speaker, words, sentences and sentences ending in "?"."""

    turn: int
    speaker: str
    words: int
    sentences: int
    questions: int


def turn_rows(transcript: Transcript) -> list[TurnRow]:
    """How long each turn is, in words and sentences, and how many of its sentences are questions."""
    rows = []
    for turn in transcript.turns:
        own = [s for s in transcript.sentences if s.turn == turn.index]
        words = transcript.words_per_turn[turn.index]
        rows.append(
            TurnRow(
                turn.index + 1,
                turn.speaker,
                words,
                len(own),
                sum(1 for s in own if s.text.rstrip().endswith("?")),
            )
        )
    return rows
