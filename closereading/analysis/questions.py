"""Questions as data: the interviewer's turns split into question units, with offsets.

A turn of an interviewer often holds more than one question, and more than questions: a
preface that sets the scene ("There are many people in the United States who are concerned
..."), a question, another preface, another question, a remark after it. A **question unit** is
one question with the statements that frame it. The rule, sentence by sentence within one
interviewer turn:

- a sentence ending in ``?`` is an **interrogative** and closes a unit;
- a sentence without one is **framing**: it belongs to the next interrogative of the turn (a
  preface), or, after the turn's last interrogative, to the unit before it (a coda);
- a turn with no interrogative is one unit with no question (a thank-you, or a statement that
  may or may not work as a question: the reader decides).

Interrogative syntax is the usual sign of a question, not the only one: a declarative can ask,
and an interrogative can assert (Clayman & Heritage 2002, on questions in news interviews). The
rule is a starting point; a reader can merge units or split them at any sentence boundary by
giving the offsets where units start (``starts``).

>>> from closereading.text.transcript import parse_transcript
>>> t = parse_transcript('''---
... speaker: QUESTION | interviewer | a reporter
... speaker: MS. LEE | interviewee | a spokesperson
... ---
... QUESTION: Critics say the plan failed. Do you agree? And will you resign? Thanks.
...
... MS. LEE: No. And no.''')
>>> [(u.label, u.kind, u.text) for u in question_units(t)]
[('Q1', 'question', 'Critics say the plan failed. Do you agree?'), ('Q2', 'question', 'And will you resign? Thanks.')]
>>> [s.role for s in question_units(t)[0].segments]
['framing', 'interrogative']
>>> question_units(t)[0].answer_turn
1
>>> [u.text for u in question_units(t, starts=[t.turns[0].start])]
['Critics say the plan failed. Do you agree? And will you resign? Thanks.']
"""

# Size: just over 300 lines; the rule, the layouts a reader chooses and the design cues read
# together, and the docstrings carry runnable examples.

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from closereading.text.records import Sentence
from closereading.text.transcript import Transcript

__all__ = [
    "DesignCue",
    "QuestionUnit",
    "Segment",
    "UnitLayoutError",
    "answer_sentences",
    "default_starts",
    "design_cues",
    "question_form",
    "question_units",
    "unit_starts",
]

#: Words that open a yes/no (polar) interrogative, after an optional "and", "also", "so", "but".
_AUXILIARIES = [
    "do",
    "does",
    "did",
    "is",
    "are",
    "was",
    "were",
    "will",
    "would",
    "can",
    "could",
    "should",
    "shall",
    "may",
    "might",
    "must",
    "have",
    "has",
    "had",
    "am",
    "isn't",
    "aren't",
    "wasn't",
    "weren't",
    "don't",
    "doesn't",
    "didn't",
    "won't",
    "wouldn't",
    "can't",
    "couldn't",
    "shouldn't",
    "haven't",
    "hasn't",
    "hadn't",
]
_WH = ["who", "whom", "whose", "what", "when", "where", "why", "which", "how"]
_OPENERS = {"and", "also", "so", "but", "then", "or", "well", "now", "and,", "also,", "so,"}
_WORD = re.compile(r"[A-Za-z’']+")


class UnitLayoutError(ValueError):
    """A layout of question units that does not fit the transcript; the message says the fix."""


@dataclass(frozen=True, slots=True)
class Segment:
    """One sentence of a question unit: ``role`` is ``"interrogative"`` or ``"framing"``."""

    role: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class QuestionUnit:
    """One question with the statements that frame it, inside one interviewer turn.

    ``kind`` is ``"question"`` when the unit holds an interrogative, else ``"statement"``.
    ``answer_turn`` is the index of the turn that follows, if another speaker takes it.
    ``id`` (``"u<start>"``) stays the same when other units are merged or split.
    """

    index: int
    label: str
    turn: int
    start: int
    end: int
    text: str
    kind: str
    segments: tuple[Segment, ...]
    answer_turn: int | None

    @property
    def id(self) -> str:
        return f"u{self.start}"

    @property
    def interrogatives(self) -> tuple[Segment, ...]:
        return tuple(s for s in self.segments if s.role == "interrogative")


@dataclass(frozen=True, slots=True)
class DesignCue:
    """A place where a question's design shows: ``kind`` is one of :data:`CUE_KINDS`."""

    unit: str
    unit_label: str
    kind: str
    start: int
    end: int
    text: str


def _is_interrogative(text: str) -> bool:
    return text.rstrip(" \"'”’)]").endswith("?")


def question_form(text: str) -> str:
    """The grammatical form of an interrogative: ``"negative polar"`` (Isn't it…?), ``"polar"``
    (a yes/no question: Do you…?), ``"wh"`` (What…? Why…?) or ``"declarative"`` (a statement
    said as a question); ``""`` for a sentence that is not interrogative.

    >>> question_form("Do you see any opportunity?"), question_form("Isn't it true?")
    ('polar', 'negative polar')
    >>> question_form("And why not?"), question_form("You agree?"), question_form("No.")
    ('wh', 'declarative', '')
    """
    if not _is_interrogative(text):
        return ""
    words = [w.casefold().replace("’", "'") for w in _WORD.findall(text)]
    while words and words[0] in _OPENERS:
        words = words[1:]
    if not words:
        return "declarative"
    first = words[0]
    if first in _WH:
        return "wh"
    if first in _AUXILIARIES:
        negative = first.endswith("n't") or (len(words) > 2 and "not" in words[1:3])
        return "negative polar" if negative else "polar"
    return "declarative"


def _interviewer_sentences(transcript: Transcript) -> dict[int, list[Sentence]]:
    by_turn: dict[int, list[Sentence]] = {}
    for sentence in transcript.sentences:
        if transcript.turns[sentence.turn].role == "interviewer":
            by_turn.setdefault(sentence.turn, []).append(sentence)
    return by_turn


def default_starts(transcript: Transcript) -> list[int]:
    """Where the rule in the module docstring starts each unit (offsets of sentence starts)."""
    starts: list[int] = []
    for sentences in _interviewer_sentences(transcript).values():
        starts.append(sentences[0].start)
        asked = [i for i, s in enumerate(sentences) if _is_interrogative(s.text)]
        # Every interrogative but the last closes a unit: the next sentence opens another. What
        # follows the last interrogative is a coda and stays with it.
        starts.extend(sentences[i + 1].start for i in asked[:-1])
    return sorted(starts)


def unit_starts(transcript: Transcript, starts: Iterable[int] | None = None) -> list[int]:
    """``starts`` checked against the transcript (sorted, unique, each turn's first sentence
    included), or :func:`default_starts` when None.

    Raises :class:`UnitLayoutError` for an offset that is not where a sentence of an
    interviewer's turn begins.
    """
    if starts is None:
        return default_starts(transcript)
    by_turn = _interviewer_sentences(transcript)
    allowed = {s.start for sentences in by_turn.values() for s in sentences}
    chosen = set()
    for start in starts:
        if isinstance(start, bool) or not isinstance(start, int) or start not in allowed:
            raise UnitLayoutError(
                f"a question unit cannot start at {start!r}: units start where a sentence of an "
                "interviewer's turn begins. Merge or split units with the answer coder, or give "
                "the start of a sentence (transcript.sentences)"
            )
        chosen.add(start)
    chosen.update(sentences[0].start for sentences in by_turn.values())
    return sorted(chosen)


def question_units(
    transcript: Transcript, starts: Iterable[int] | None = None
) -> list[QuestionUnit]:
    """The interviewer's turns as question units, in order (see the module docstring).

    ``starts`` (offsets of sentence starts) gives a reader's own layout of merged or split
    units; without it the rule decides.
    """
    chosen = set(unit_starts(transcript, starts))
    units: list[QuestionUnit] = []
    for turn, sentences in _interviewer_sentences(transcript).items():
        groups: list[list[Sentence]] = []
        for sentence in sentences:
            if sentence.start in chosen or not groups:
                groups.append([])
            groups[-1].append(sentence)
        for group in groups:
            units.append(_unit(transcript, len(units), turn, group))
    return units


def _unit(transcript: Transcript, index: int, turn: int, group: Sequence[Sentence]) -> QuestionUnit:
    segments = tuple(
        Segment("interrogative" if _is_interrogative(s.text) else "framing", s.start, s.end, s.text)
        for s in group
    )
    start, end = group[0].start, group[-1].end
    following = turn + 1
    answer = (
        following
        if following < len(transcript.turns) and transcript.turns[following].role != "interviewer"
        else None
    )
    kind = "question" if any(s.role == "interrogative" for s in segments) else "statement"
    return QuestionUnit(
        index, f"Q{index + 1}", turn, start, end, transcript.text[start:end], kind, segments, answer
    )


def answer_sentences(transcript: Transcript, unit: QuestionUnit) -> list[Sentence]:
    """The sentences of the turn that answers ``unit`` (empty if no one answers it)."""
    if unit.answer_turn is None:
        return []
    return [s for s in transcript.sentences if s.turn == unit.answer_turn]


#: What :func:`design_cues` looks for: places to look, not verdicts.
CUE_KINDS = {
    "attribution": "a view put in others' mouths (footing: the interviewer relays, not asserts)",
    "polarity item": "'any', 'even', 'at all', 'ever': words that lower or raise the bar",
    "negative interrogative": "'Isn't it…?', 'Don't you…?': a question leaning towards 'yes'",
    "preface": "words that frame the asking itself ('If I could just ask', 'Also')",
}
_CUE_PATTERNS = {
    "attribution": re.compile(
        r"\b(?:many|some|people|critics|others|observers|residents)\b[^.?!]{0,60}?"
        r"\b(?:say|says|said|believe|believes|think|thinks|argue|argues|are concerned|concern)\b"
        r"|\b(?:another |a )?(?:big |major )?concern\b",
        re.IGNORECASE,
    ),
    "polarity item": re.compile(r"\b(?:any|anything|anyone|even|at all|ever)\b", re.IGNORECASE),
    "preface": re.compile(r"^(?:if i could (?:just )?ask[^.?!]*|also|and|finally)\b", re.I),
}


def design_cues(transcript: Transcript, units: Sequence[QuestionUnit]) -> list[DesignCue]:
    """Where each unit's design shows itself, in text order: attributions, polarity items,
    negative interrogatives and prefaces. A cue is a place to look, like notebook 04's cue
    words: whether "any" loads a question is for the reader to say."""
    cues: list[DesignCue] = []
    for unit in units:
        for segment in unit.segments:
            if question_form(segment.text) == "negative polar":
                cues.append(
                    _cue(transcript, unit, "negative interrogative", segment.start, segment.end)
                )
            for kind, pattern in _CUE_PATTERNS.items():
                for match in pattern.finditer(segment.text):
                    start = segment.start + match.start()
                    cues.append(_cue(transcript, unit, kind, start, start + len(match.group())))
    return sorted(cues, key=lambda c: (c.start, c.end, c.kind))


def _cue(transcript: Transcript, unit: QuestionUnit, kind: str, start: int, end: int) -> DesignCue:
    return DesignCue(unit.id, unit.label, kind, start, end, transcript.text[start:end])
