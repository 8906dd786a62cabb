"""Self-checks for the exercises: ✓ when an answer holds up, otherwise a hint that says what
looks wrong and where to look, without printing the answer.

Every expected value is computed from the interview when the check runs, so the checks stay
true if the text is corrected. A hint names a likely mistake when the answer matches one (a
fraction instead of a percentage, the wrong speaker, a total that includes the headline), and
otherwise says which way the answer is off and how to redo the step.

>>> check("01-share-of-talk", 31.2)
✗ That is Saunders's share of the talk. The task asks for Peskov's.
>>> bool(check("01-share-of-talk", 31.2))
False
>>> sorted(TASKS)[:2]
['01-question-count', '01-share-of-talk']
"""

from __future__ import annotations

import math
import numbers
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from typing import Any

__all__ = ["TASKS", "Feedback", "Task", "check"]


@dataclass(frozen=True)
class Feedback:
    """The result of a check: ``ok`` and a message; shown as ``✓ ...`` or ``✗ ...``."""

    task: str
    ok: bool
    message: str

    def __str__(self) -> str:
        return ("✓ " if self.ok else "✗ ") + self.message

    __repr__ = __str__

    def __bool__(self) -> bool:
        return self.ok


@dataclass(frozen=True)
class Task:
    id: str
    question: str
    checker: Callable[[Any], tuple[bool, str]]


TASKS: dict[str, Task] = {}


def _task(task_id: str, question: str):
    def register(checker: Callable[[Any], tuple[bool, str]]):
        TASKS[task_id] = Task(task_id, question, checker)
        return checker

    return register


def check(task: str, answer: Any) -> Feedback:
    """Check ``answer`` for the exercise task ``task`` (e.g. ``"01-share-of-talk"``)."""
    if task not in TASKS:
        raise KeyError(f"no exercise task {task!r}; the tasks are: {', '.join(sorted(TASKS))}")
    if answer is None or answer is Ellipsis:
        return Feedback(
            task,
            False,
            "No answer yet: set the answer in the cell above, run that "
            "cell, then run this check again.",
        )
    ok, message = TASKS[task].checker(answer)
    return Feedback(task, ok, message)


# ---------------------------------------------------------------------------------------------
# Helpers


@lru_cache(maxsize=1)
def _interview():
    from closereading.text.transcript import load_interview

    return load_interview()


def _speaker_words(label: str) -> int:
    return _interview().words_by_speaker()[label]


def _number(answer: Any, what: str) -> tuple[float | None, str]:
    """``(value, "")`` for a real number; ``(None, hint)`` for anything else."""
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        if isinstance(answer, str):
            return None, (
                f"Your answer is text in quotes ({answer!r}); give {what} as a number, "
                "without quotes, e.g. 12.5."
            )
        return (
            None,
            f"Give {what} as a single number, e.g. 12.5 (you gave a {type(answer).__name__}).",
        )
    value = float(answer)
    if math.isnan(value) or math.isinf(value):
        return None, f"Your answer is not a finite number; give {what} as a number."
    return value, ""


def _close(a: float, b: float, tolerance: float) -> bool:
    return abs(a - b) <= tolerance


def _off(value: float, expected: float) -> str:
    return "too high" if value > expected else "too low"


# ---------------------------------------------------------------------------------------------
# Exercise 01: first reading


@_task("01-share-of-talk", "Peskov's share of the words spoken in the six turns, as a percentage")
def _share_of_talk(answer: Any) -> tuple[bool, str]:
    value, problem = _number(answer, "the percentage")
    if value is None:
        return False, problem
    peskov, saunders = _speaker_words("Peskov"), _speaker_words("Saunders")
    spoken = peskov + saunders
    expected = 100 * peskov / spoken
    tolerance = 0.3
    if _close(value, expected, tolerance):
        return True, (
            "Right: Peskov speaks about two words in three. Now ask what the number "
            "hides: which of his turns carries most of it, and how long is the "
            "question it answers?"
        )
    if 0 < value <= 1 and _close(100 * value, expected, tolerance):
        return False, (
            "That is a fraction between 0 and 1. The task asks for a percentage: multiply by 100."
        )
    if _close(value, 100 * saunders / spoken, tolerance):
        return False, "That is Saunders's share of the talk. The task asks for Peskov's."
    peskov_turns = [t.index for t in _interview().turns if t.speaker == "Peskov"]
    by_turn = _interview().words_per_turn
    for size in range(1, len(peskov_turns)):
        for chosen in combinations(peskov_turns, size):
            if _close(value, 100 * sum(by_turn[i] for i in chosen) / spoken, tolerance):
                numbers = [str(i + 1) for i in peskov_turns]
                shown = ", ".join(numbers[:-1]) + " and " + numbers[-1]
                return False, (
                    f"Some of Peskov's words are missing. He speaks in turns {shown}; "
                    "count every one of them, even the shortest."
                )
    if _close(value, 100 * peskov / saunders, 1.0):
        return False, (
            "You divided Peskov's words by Saunders's. A share divides one speaker's "
            "words by the words both speakers say."
        )
    if value > 0:
        implied_total = 100 * peskov / value
        if spoken + 10 <= implied_total <= spoken + 80:
            return False, (
                "Your total seems to include words nobody speaks: the headline, "
                "dateline, standfirst or picture caption. Divide by the words in the "
                "six turns only."
            )
    return False, (
        f"Not yet: your percentage is {_off(value, expected)}. Add up the words of "
        "each of Peskov's turns (the table of words per turn in notebook 01 has them), "
        "divide by the words in all six turns, and multiply by 100."
    )


@_task("01-question-count", "How many questions Saunders asks (sentences ending in '?')")
def _question_count(answer: Any) -> tuple[bool, str]:
    value, problem = _number(answer, "the number of questions")
    if value is None:
        return False, problem
    if value != int(value):
        return False, "Questions come in whole numbers: give a count such as 2, not a fraction."
    count = int(value)
    interview = _interview()
    asked = [
        s
        for s in interview.sentences
        if interview.turns[s.turn].role == "interviewer" and s.text.rstrip().endswith("?")
    ]
    expected = len(asked)
    by_turn = Counter(s.turn for s in asked)
    if count == expected:
        return True, (
            'Right. Saunders announces "one final question" and then asks more than '
            "one in the same turn: which of them does Peskov take up?"
        )
    if count == 1:
        return False, (
            'Saunders says he will ask "one final question", but read on: count the '
            "sentences that end with a question mark in all his turns."
        )
    if count == len(by_turn):
        return False, (
            "You seem to have counted turns that contain questions. One turn holds "
            "several questions: count sentences, not turns."
        )
    biggest = max(by_turn.values(), default=0)
    if count == biggest:
        return False, (
            "You have counted the questions in one turn. Look at Saunders's other "
            "turns too, from the very first."
        )
    if count > expected:
        return False, (
            "Too many: count only sentences that end with a question mark. A sentence "
            'such as "Also, another big concern ..." works like a question but is '
            "written as a statement; keep it for your written answer."
        )
    return False, (
        "Too few: list Saunders's sentences that end with a question mark, e.g. with "
        'reading.sentences(interview, speaker="Saunders", ending="?"), and count '
        "them."
    )


# ---------------------------------------------------------------------------------------------
# Exercise 02: counting words


def _count_of(term: str, speaker: str) -> int:
    from closereading.analysis.frequency import term_counts

    return term_counts(_interview(), speaker=speaker)[term]


def _content_words(speaker: str) -> int:
    from closereading.analysis.frequency import term_counts

    return sum(term_counts(_interview(), speaker=speaker, stopwords=True).values())


@_task("02-we-rate", "How often Peskov says 'we', per 1,000 of his words")
def _we_rate(answer: Any) -> tuple[bool, str]:
    value, problem = _number(answer, "the rate per 1,000 words")
    if value is None:
        return False, problem
    we = _count_of("we", "Peskov")
    peskov = _speaker_words("Peskov")
    expected = 1000 * we / peskov
    if _close(value, expected, 0.1):
        return True, (
            "Right. A rate lets you compare speakers who say different amounts; "
            "Saunders's rate for 'we' is worth computing the same way."
        )
    if value == 0:
        return False, (
            "Zero 'we's: you probably left out stop words. 'we' is on the stop word "
            "list, so count with stop words kept (stopwords=False)."
        )
    if _close(value, we, 0.01):
        return False, (
            "That is how many times he says it, a count. Turn it into a rate: divide "
            "by the number of words Peskov speaks and multiply by 1,000."
        )
    if _close(value, expected / 1000, 0.0005):
        return (
            False,
            "That is a proportion of his words. Per 1,000 words means multiplying by 1,000.",
        )
    if _close(value, expected / 10, 0.02):
        return False, "That is a rate per 100 words. The task asks per 1,000."
    spoken = _speaker_words("Peskov") + _speaker_words("Saunders")
    if _close(value, 1000 * we / spoken, 0.1):
        return False, (
            "You divided by all the words in the interview. A speaker's rate is per "
            "1,000 of that speaker's own words."
        )
    if _close(value, 1000 * we / _content_words("Peskov"), 0.1):
        return False, (
            "You divided by the words left after removing stop words. Rates are per "
            "1,000 of all the words the speaker says, stop words included."
        )
    return False, (
        f"Not yet: your rate is {_off(value, expected)}. Take the count of 'we' in "
        "Peskov's turns, divide by the number of words he speaks, multiply by 1,000."
    )


@_task("02-we-g2", "The log-likelihood (G2) of 'we' for Peskov against Saunders")
def _we_g2(answer: Any) -> tuple[bool, str]:
    from closereading.analysis.frequency import log_likelihood

    value, problem = _number(answer, "the G2 score")
    if value is None:
        return False, problem
    a, b = _count_of("we", "Peskov"), _count_of("we", "Saunders")
    c, d = _speaker_words("Peskov"), _speaker_words("Saunders")
    expected = log_likelihood(a, b, c, d)
    tolerance = 0.01
    if _close(value, expected, tolerance):
        return True, (
            "Right. Now compare it with 3.84 (p < 0.05) and 6.63 (p < 0.01), and ask "
            "how much it would change if Saunders had said 'we' once."
        )
    mistakes = [
        (
            log_likelihood(a, b, c + d, d),
            "For Peskov's size you used all the words in the interview. Use the words Peskov "
            "speaks for him and the words Saunders speaks for him.",
        ),
        (
            log_likelihood(a, b, c, c + d),
            "For Saunders's size you used all the words in the interview. Use the words Saunders "
            "speaks.",
        ),
        (
            log_likelihood(a, b, d, c),
            "The two sizes are the wrong way round: the first size belongs with the first count "
            "(Peskov's), the second with the second (Saunders's).",
        ),
        (
            log_likelihood(a, b, _content_words("Peskov"), _content_words("Saunders")),
            "Your sizes count only the words left after removing stop words. Use all the words each "
            "speaker says.",
        ),
    ]
    for wrong, hint in mistakes:
        if _close(value, wrong, tolerance):
            return False, hint
    if value < 0:
        return False, "G2 is never negative. Check the four numbers you gave log_likelihood."
    return False, (
        "Not yet. log_likelihood takes four numbers in this order: how often Peskov "
        "says 'we', how often Saunders says it, how many words Peskov speaks, how "
        "many words Saunders speaks (all words, stop words included)."
    )


# ---------------------------------------------------------------------------------------------
# Exercise 03: words in context


@_task("03-concern-lines", "A concordance of every form of 'concern', in both speakers' turns")
def _concern_lines(answer: Any) -> tuple[bool, str]:
    from closereading.analysis.concordance import KWICLine, kwic

    if isinstance(answer, str):
        return False, (
            "That is text, not a concordance. Pass the table that "
            "concordance.concordance(...) gives you."
        )
    try:
        lines = list(answer)
    except TypeError:
        return False, (
            "Pass the concordance itself: the result of concordance.concordance(interview, ...)."
        )
    if not all(isinstance(line, KWICLine) for line in lines):
        return False, (
            "Some items are not concordance lines. Pass the result of "
            "concordance.concordance(interview, ...) unchanged."
        )
    expected = {(line.start, line.end) for line in kwic(_interview(), "concern", by="stem")}
    given = {(line.start, line.end) for line in lines}
    words = [line.keyword.casefold() for line in lines]
    if given == expected:
        return True, (
            "Right: every form, both speakers. Sort the lines by the left context: who "
            "is concerned, and about what, in each speaker's mouth?"
        )
    if not given:
        return False, (
            "Your concordance is empty. Check the spelling of the query, and try "
            "'concern*' or by=\"stem\"."
        )
    if any(len(line.keyword.split()) > 1 for line in lines):
        return False, (
            "Your query is a phrase of several words. Search for the single word "
            "'concern', with a * at the end or by=\"stem\"."
        )
    if given - expected:
        return False, (
            "Some lines are not forms of 'concern'. Search for 'concern' itself, with "
            'a * at the end or by="stem".'
        )
    speakers = {line.speaker for line in lines}
    missing_speakers = {_interview().turn_at(s).speaker for s, _ in expected - given} - speakers
    if len(speakers) == 1 and missing_speakers:
        return False, (
            f"All your lines are {next(iter(speakers))}'s. Leave out speaker=... so "
            "that both speakers' lines appear."
        )
    if len(set(words)) == 1:
        return False, (
            f"You found only the form '{words[0]}'. The word comes in other forms "
            "too: end the query with * ('concern*') or add by=\"stem\"."
        )
    return False, (
        "Some forms of the word are missing. End the query with * ('concern*') or "
        'add by="stem", and keep both speakers.'
    )


@_task("03-after-we", "The word that most often comes right after Peskov's 'we'")
def _after_we(answer: Any) -> tuple[bool, str]:
    from closereading.analysis.concordance import kwic
    from closereading.text.tokens import is_word, normalize, word_spans

    if not isinstance(answer, str):
        return False, 'Give the word as text in quotes, e.g. "believe".'
    words = [normalize(t) for _, _, t in word_spans(answer) if is_word(t)]
    if len(words) != 1:
        return False, 'Give one word, in quotes, e.g. "believe".'
    word = words[0]
    following: Counter = Counter()
    for line in kwic(_interview(), "we", speaker="Peskov"):
        after = [normalize(t) for _, _, t in word_spans(line.right) if is_word(t)]
        if after:
            following[after[0]] += 1
    best = max(following.values())
    leaders = sorted(w for w, n in following.items() if n == best)
    if word in leaders:
        return True, (
            "Right. Read those lines again: is the 'we' the same each time, or does it "
            "shift between the government and the country?"
        )
    if word == "we":
        return False, "That is the keyword itself. Which word comes right after it?"
    if following[word]:
        times = "once" if following[word] == 1 else f"{following[word]} times"
        return False, (
            f"'{word}' follows Peskov's 'we' {times}, but another word follows it "
            'more often. Sort the lines by the word after (sort="right") and count '
            "each group."
        )
    return False, (
        f"'{word}' never comes right after 'we' in Peskov's turns. Make the "
        'concordance for \'we\' with speaker="Peskov" and sort="right", then read '
        "the first word after the keyword."
    )
