"""Reading a student's answer fairly: numbers at the precision the lessons print, choices from
a numbered list, and notes checked for substance.

The rules, in one place so that every exercise applies them the same way:

- **Numbers.** The lessons print rates and G2 to one decimal and shares of talk as whole
  percentages. An answer is right when it is the exact value, or the exact value rounded (or
  cut off) to what the lesson prints, or rounded to a whole number: for 13.652, the answers
  13.652, 13.65, 13.7, 13.6 and 14 all hold.
- **Choices.** The student writes the number of an option (``2``), or several (``2, 3``); the
  digits as text (``"2"``) and, where options have ids, the id or label (``"hedge"``) are
  read the same way.
- **Notes.** A note holds up when it names or quotes a word of the passage, has at least
  :data:`MIN_NOTE_WORDS` words, and says something of its own: at least
  :data:`MIN_OWN_WORDS` words that are neither the passage's words, nor stop words, nor the
  name of the move, nor (where a task gives it) the question's. "Real" words are ones general
  English uses (``wordfreq``) or the interview or the move list does; a string of made-up
  letters does not count. A check cannot tell a good reason from a poor one; it can tell a
  reason from no reason.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from closereading.text.transcript import Transcript

#: A note needs at least this many words...
MIN_NOTE_WORDS = 6
#: ... and at least this many of its own, beyond the passage, stop words and the move's name.
MIN_OWN_WORDS = 3
#: wordfreq's Zipf scale: 2 is about once per ten million words; made-up strings score lower.
_REAL_WORD_ZIPF = 2.0


@lru_cache(maxsize=1)
def interview() -> Transcript:
    """The course's interview, read once for all the checks."""
    from closereading.text.transcript import load_interview

    return load_interview()


# --- numbers ----------------------------------------------------------------------------------


def number(answer: Any, what: str) -> tuple[float | None, str]:
    """``(value, "")`` for a real number; ``(None, hint)`` for anything else."""
    if isinstance(answer, str):
        try:
            value = float(answer.strip().rstrip("%").replace(",", ""))
        except ValueError:
            return (
                None,
                f"Your answer is text ({short(answer)}); give {what} as a number, e.g. 12.5.",
            )
        if math.isfinite(value):
            return value, ""
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        kind = "a list" if isinstance(answer, (list, tuple, set)) else f"a {type(answer).__name__}"
        return None, f"Give {what} as a single number, e.g. 12.5 (you gave {kind})."
    value = float(answer)
    if not math.isfinite(value):
        return None, f"Your answer is not a finite number; give {what} as a number."
    return value, ""


def holds(value: float, exact: float, decimals: int = 1) -> bool:
    """True when ``value`` is ``exact`` (to within half a unit of the printed precision), or
    ``exact`` rounded or cut off to at most ``decimals`` places, or rounded to a whole number:
    for 13.652 and one decimal, 13.652, 13.65, 13.7, 13.6 and 14 all hold."""
    if abs(value - exact) <= 0.5 * 10**-decimals + 1e-9:
        return True
    for places in range(decimals + 1):
        scale = 10**places
        if abs(value - round(exact, places)) < 1e-9:
            return True
        if places and abs(value - math.trunc(exact * scale) / scale) < 1e-9:
            return True
    return False


def near(value: float, other: float, decimals: int = 1) -> bool:
    """``value`` looks like ``other`` written at the precision a student might give it."""
    return abs(value - other) <= 0.5 * 10**-decimals + 1e-9 or (
        value == int(value) and abs(value - other) <= 0.5 + 1e-9
    )


def off(value: float, expected: float) -> str:
    return "too high" if value > expected else "too low"


# --- choices ----------------------------------------------------------------------------------


def choices(
    answer: Any, count: int, names: Sequence[Iterable[str]] = ()
) -> tuple[list[int] | None, str]:
    """The option numbers (1-based) an answer chooses, or ``(None, hint)``.

    ``names`` gives, for each option in order, other words that choose it (an id, a label).
    """
    parts = list(answer) if isinstance(answer, (list, tuple, set, frozenset)) else [answer]
    lookup = {
        _fold(name): number for number, aliases in enumerate(names, start=1) for name in aliases
    }
    chosen: list[int] = []
    for part in parts:
        if part is None or part is Ellipsis:
            continue
        if isinstance(part, bool):
            return None, f"Give the number of an option, from 1 to {count}, not {part}."
        if isinstance(part, str):
            key = _fold(part)
            if key.isdigit():
                part = int(key)
            elif key in lookup:
                part = lookup[key]
            else:
                return None, (
                    f"{short(part)} is not one of the options. Give the number in front of the "
                    f"option you choose, from 1 to {count}, e.g. 2."
                )
        if isinstance(part, numbers.Real) and not isinstance(part, bool):
            value = float(part)
            if not math.isfinite(value) or value != int(value):
                return None, f"Give a whole number from the list, from 1 to {count}."
            part = int(value)
            if not 1 <= part <= count:
                return None, f"There is no option {part}: the options are numbered 1 to {count}."
            if part not in chosen:
                chosen.append(part)
            continue
        return None, (
            f"Give the number of the option you choose, e.g. 2 (you gave a {type(part).__name__})."
        )
    if not chosen:
        return None, "Choose an option: type its number, e.g. 2."
    return chosen, ""


def _fold(text: str) -> str:
    return " ".join(text.strip().strip("\"'“”‘’").casefold().split())


# --- notes ------------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    from closereading.analysis.prose import words_of

    return words_of(text)


@lru_cache(maxsize=1)
def _known_words() -> frozenset[str]:
    """Words that count as real though general English rarely uses them: the interview's and
    the move list's."""
    from closereading.annotation.taxonomy import load_moves

    words = set(_words(interview().text))
    for move in load_moves().moves:
        words.update(_words(f"{move.label} {move.id.replace('-', ' ')} {move.definition}"))
    return frozenset(words)


def _real(word: str) -> bool:
    from closereading.analysis.prose import english_word

    return word in _known_words() or english_word(word, _REAL_WORD_ZIPF)


def note_problem(
    note: Any, passage: str, move_names: Iterable[str] = (), question: str = ""
) -> str:
    """``""`` when ``note`` holds up as a reason for labelling ``passage`` (see the module
    docstring); otherwise a hint saying what the note lacks. ``question`` is the text the
    student was asked about (a reporter's question, say): its words are not the student's own,
    so a copy of it with a word added does not pass."""
    from closereading.analysis.frequency import load_stopwords, stem

    if not isinstance(note, str):
        return "Write your note as text in the note's answer cell, and run that cell."
    words = _words(note)
    if not words:
        return (
            "Your note is empty. Write a sentence in the note's answer cell: which words of the "
            "passage, and what they do."
        )
    real = [w for w in words if _real(w)]
    if len(real) < MIN_NOTE_WORDS:
        return (
            f"Your note is too short to give a reason ({len(real)} "
            f"word{'s' if len(real) != 1 else ''} the check recognises). Write a sentence of at "
            f"least {MIN_NOTE_WORDS} words: which words of the passage, and what they do."
        )
    from closereading.analysis.prose import read_prose

    prose = read_prose(note).problems  # lorem ipsum, a heap of words (no prompt, no minimum)
    if prose:
        return f"Your note does not read as a sentence of your own yet: {prose[0]}."
    stopwords = load_stopwords()
    passage_words = set(_words(passage))
    passage_stems = {stem(w) for w in passage_words if w not in stopwords and len(w) > 2}
    if not any(stem(w) in passage_stems for w in words):
        return (
            "Your note does not name any word of the passage. Quote the word or words that "
            "do the work, e.g. 'the word \"...\" makes ...'."
        )
    named = {w for name in move_names for w in _words(name.replace("-", " "))}
    asked = set(_words(question))
    own = [
        w
        for w in real
        if w not in stopwords
        and w not in passage_words
        and w not in named
        and w not in asked
        and len(w) > 2
    ]
    if question and len(own) < MIN_OWN_WORDS and len(set(words) & asked) >= MIN_OWN_WORDS:
        return (
            "Your note mostly repeats the question. Say, in your own words, what the answer's "
            "words do with it: which words, and what they do."
        )
    if len(own) < MIN_OWN_WORDS:
        return (
            "Your note repeats the passage or the move's name but does not say why. Add, "
            "in your own words, what the quoted words do: soften, insist, include, exclude, "
            "refuse ..."
        )
    return ""


_SPACES = re.compile(r"\s+")


def short(quote: str, limit: int = 60) -> str:
    """A quote shortened for a message: “first words …”."""
    quote = _SPACES.sub(" ", quote).strip()
    return f"“{quote}”" if len(quote) <= limit else f"“{quote[: limit - 1].rstrip()}…”"
