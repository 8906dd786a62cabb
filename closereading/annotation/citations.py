"""Where a quotation is: a pair of offsets turned into turn, speaker, sentence within the turn
and the words, all read from the transcript, so a citation never drifts from the text.

>>> import closereading
>>> t = closereading.load_interview()
>>> start = t.text.index("in no way")
>>> str(cite(t, start, start + len("in no way")))
'turn 4 (Peskov), sentence 5: “in no way”'
"""

from __future__ import annotations

from dataclasses import dataclass

from closereading.base.strings import one_line
from closereading.text.transcript import Transcript

__all__ = ["Citation", "cite"]


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
