"""Which parts of an answer address which question: one cell per question unit and sentence of
the answer that follows it.

Each cell holds the content words (stop words left out, compared by stem) that the unit and the
sentence share, and whether a reader cited words of that sentence as evidence for that unit.
Shared words are a first, mechanical sign of which question a sentence takes up; the evidence
is a reader's judgement. Where they part company is worth reading: a sentence can repeat the
question's words and not answer it, or answer it in other words.

>>> import closereading
>>> from closereading.analysis.questions import question_units
>>> interview = closereading.load_interview()
>>> cells = coverage(interview, question_units(interview))
>>> [(c.unit_label, c.sentence_label, c.shared) for c in cells if c.shared][:2]
[('Q1', 'T2.1', ('believe', 'sanctions')), ('Q1', 'T2.2', ('sanctions',))]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from closereading.analysis.questions import QuestionUnit, answer_sentences
from closereading.analysis.words import load_stopwords, stem
from closereading.text.tokens import is_word, normalize, word_spans
from closereading.text.transcript import Transcript

__all__ = ["CoverageCell", "coverage"]


@dataclass(frozen=True, slots=True)
class CoverageCell:
    """A question unit against one sentence of its answer: the words they share and whether
    the reader cited the sentence as evidence. ``sentence_label`` is ``T<turn>.<n>``, counted
    from 1 like the lessons' turn numbers."""

    unit: str
    unit_label: str
    sentence: int
    sentence_label: str
    start: int
    end: int
    shared: tuple[str, ...]
    evidence: bool


def _content(text: str, stop: frozenset[str]) -> dict[str, str]:
    """Stem -> first form, for the content words of ``text``."""
    words: dict[str, str] = {}
    for _, _, token in word_spans(text):
        word = normalize(token)
        if is_word(token) and word not in stop and len(word) > 2:
            words.setdefault(stem(word), word)
    return words


def coverage(
    transcript: Transcript,
    units: Sequence[QuestionUnit],
    evidence: Mapping[str, Iterable[tuple[int, int]]] | None = None,
) -> list[CoverageCell]:
    """One :class:`CoverageCell` per unit with an answer and per sentence of that answer.

    ``evidence`` maps a unit's id to the ``(start, end)`` spans cited for it.
    """
    stop = load_stopwords()
    cited = {unit: list(spans) for unit, spans in (evidence or {}).items()}
    cells: list[CoverageCell] = []
    for unit in units:
        asked = _content(unit.text, stop)
        for sentence in answer_sentences(transcript, unit):
            said = _content(sentence.text, stop)
            shared = tuple(sorted(asked[s] for s in asked.keys() & said.keys()))
            number = sentence.index - _first_sentence(transcript, sentence.turn) + 1
            hit = any(s < sentence.end and sentence.start < e for s, e in cited.get(unit.id, ()))
            cells.append(
                CoverageCell(
                    unit.id,
                    unit.label,
                    sentence.index,
                    f"T{sentence.turn + 1}.{number}",
                    sentence.start,
                    sentence.end,
                    shared,
                    hit,
                )
            )
    return cells


def _first_sentence(transcript: Transcript, turn: int) -> int:
    return next(s.index for s in transcript.sentences if s.turn == turn)
