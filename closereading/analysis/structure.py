"""The shape of a transcript as records: its parts, its turns, and who says how much.

>>> import closereading
>>> interview = closereading.load_interview()
>>> [(row.turn, row.speaker, row.words) for row in turn_rows(interview)][:2]
[(1, 'Saunders', 9), (2, 'Peskov', 112)]
>>> [(row.kind, row.words) for row in part_rows(interview)][:2]
[('title', 4), ('dateline', 8)]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from closereading.analysis.concordance import By, word_positions
from closereading.base.strings import one_line
from closereading.text.tokens import is_word, word_spans
from closereading.text.transcript import Transcript

__all__ = [
    "Dispersion",
    "PartRow",
    "TurnBand",
    "TurnRow",
    "dispersion",
    "part_rows",
    "turn_bands",
    "turn_rows",
]


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


@dataclass(frozen=True, slots=True)
class TurnBand:
    """Where one turn lies among the words spoken: words ``first`` to ``last`` (from 0)."""

    turn: int
    speaker: str
    first: int
    last: int


@dataclass(frozen=True, slots=True)
class Dispersion:
    """Where each term occurs among the ``total`` words spoken, over the turns' bands.

    ``hits`` maps each query to the word positions (from 0) where it starts, in text order.
    """

    total: int
    bands: tuple[TurnBand, ...]
    hits: dict[str, tuple[int, ...]]

    def speakers_of(self, term: str) -> dict[str, int]:
        """How many of ``term``'s hits fall in each speaker's turns."""
        counts: dict[str, int] = {}
        for position in self.hits[term]:
            band = next(b for b in self.bands if b.first <= position <= b.last)
            counts[band.speaker] = counts.get(band.speaker, 0) + 1
        return counts


def turn_bands(transcript: Transcript) -> tuple[TurnBand, ...]:
    """Each turn that has words, as a band of word positions (the x axis of a dispersion plot)."""
    bands = []
    first = 0
    for turn, words in zip(transcript.turns, transcript.words_per_turn):
        if words:
            bands.append(TurnBand(turn.index, turn.speaker, first, first + words - 1))
        first += words
    return tuple(bands)


def dispersion(
    transcript: Transcript, terms: str | Sequence[str], by: By | None = None
) -> Dispersion:
    """Where each of ``terms`` occurs: queries as in :func:`closereading.analysis.concordance.kwic`.

    >>> import closereading
    >>> where = dispersion(closereading.load_interview(), ["diplomacy", "tango"])
    >>> where.total, where.hits["diplomacy"], where.hits["tango"]
    (426, (73, 88), ())
    """
    if isinstance(terms, str):
        terms = [terms]
    hits = {term: tuple(word_positions(transcript, term, by=by)) for term in terms}
    return Dispersion(len(transcript.words), turn_bands(transcript), hits)
