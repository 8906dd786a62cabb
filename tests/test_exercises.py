"""Self-checks: ✓ for a right answer, a specific hint for a wrong one, never the answer."""

from __future__ import annotations

import re

import pytest

import closereading
from closereading.analysis.frequency import log_likelihood
from closereading.course import exercises
from closereading.course.exercises import TASKS, Feedback, check
from closereading.views import concordance

INTERVIEW = closereading.load_interview()

# What each task expects, worked out here by hand from the text (turn word counts 9, 112, 118,
# 177, 6, 4), so that the checks and this file would have to be wrong in the same way to agree.
SHARE = 100 * (112 + 177 + 4) / 426
WE_RATE = 1000 * 10 / 293
WE_G2 = log_likelihood(10, 0, 293, 133)

RIGHT = {
    "01-share-of-talk": [SHARE, round(SHARE, 1), 69],
    "01-question-count": [4, 4.0],
    "02-we-rate": [WE_RATE, 34.1],
    "02-we-g2": [WE_G2, 7.49],
    "03-concern-lines": [
        concordance.concordance(INTERVIEW, "concern*"),
        concordance.kwic(INTERVIEW, "concern", by="stem"),
        concordance.concordance(INTERVIEW, "concern*", sort="left"),
    ],
    "03-after-we": ["are", " Are ", "are."],
}

# Wrong answers with the hint each should get (a fragment of it).
WRONG = {
    "01-share-of-talk": [
        (SHARE / 100, "fraction"),
        (100 * 133 / 426, "Saunders's share"),
        (100 * (112 + 177) / 426, "Some of Peskov's words are missing"),
        (100 * 177 / 426, "Some of Peskov's words are missing"),
        (100 * 293 / 133, "divided Peskov's words by Saunders's"),
        (100 * 293 / 485, "words nobody speaks"),
        (50, "too low"),
        (99, "too high"),
        ("50", "text in quotes"),
        (True, "single number"),
        (float("nan"), "not a finite number"),
    ],
    "01-question-count": [
        (1, "one final question"),
        (2, "counted turns"),
        (3, "one turn"),
        (5, "statement"),
        (0, "Too few"),
        (3.5, "whole numbers"),
    ],
    "02-we-rate": [
        (0, "stop words"),
        (10, "a count"),
        (WE_RATE / 1000, "proportion"),
        (WE_RATE / 10, "per 100"),
        (1000 * 10 / 426, "all the words in the interview"),
        (1000 * 10 / 139, "left after removing stop words"),
        (50, "too high"),
    ],
    "02-we-g2": [
        (log_likelihood(10, 0, 426, 133), "For Peskov's size"),
        (log_likelihood(10, 0, 293, 426), "For Saunders's size"),
        (log_likelihood(10, 0, 133, 293), "wrong way round"),
        (log_likelihood(10, 0, 139, 73), "stop words"),
        (-2, "never negative"),
        (3.0, "four numbers"),
    ],
    "03-concern-lines": [
        (concordance.concordance(INTERVIEW, "concern"), "only the form 'concern'"),
        (concordance.concordance(INTERVIEW, "concerns"), "only the form 'concerns'"),
        (concordance.concordance(INTERVIEW, "concern*", speaker="Peskov"), "Peskov's"),
        (concordance.concordance(INTERVIEW, "concerns that"), "phrase"),
        (concordance.concordance(INTERVIEW, "we"), "not forms of 'concern'"),
        (concordance.concordance(INTERVIEW, "tango"), "empty"),
        ("concern*", "text, not a concordance"),
        (42, "concordance itself"),
        ([1, 2], "not concordance lines"),
    ],
    "03-after-we": [
        ("have", "another word follows it more often"),
        ("do", "once"),
        ("we", "keyword itself"),
        ("believe", "never comes right after"),
        ("are hoping", "one word"),
        (4, "text in quotes"),
    ],
}


def test_every_task_is_covered_here():
    assert set(RIGHT) == set(TASKS) == set(WRONG)


@pytest.mark.parametrize("task, answer", [(t, a) for t, answers in RIGHT.items() for a in answers])
def test_right_answers_get_a_tick(task, answer):
    result = check(task, answer)
    assert result.ok, str(result)
    assert str(result).startswith("✓ ")


@pytest.mark.parametrize(
    "task, answer, hint", [(t, a, h) for t, cases in WRONG.items() for a, h in cases]
)
def test_wrong_answers_get_a_specific_hint(task, answer, hint):
    result = check(task, answer)
    assert not result.ok
    assert str(result).startswith("✗ ")
    assert hint in result.message


# Ways each expected answer could be written out in a message.
LEAKS = {
    "01-share-of-talk": [r"68\.\d", r"\b69\b", r"\b293\b", r"\b426\b"],
    "01-question-count": [r"\b4\b", r"\bfour\b"],
    "02-we-rate": [r"34\.\d", r"\b293\b"],
    "02-we-g2": [r"7\.\d", r"\b293\b", r"\b133\b"],
    "03-concern-lines": [r"\b6\b", r"\bsix\b", r"concerned"],
    "03-after-we": [r"'are'", r"\bare\b"],
}


@pytest.mark.parametrize("task", sorted(WRONG))
def test_hints_never_give_the_answer_away(task):
    for answer, _ in WRONG[task]:
        message = check(task, answer).message
        for pattern in LEAKS[task]:
            assert not re.search(pattern, message, re.IGNORECASE), (
                f"{task}: the hint for {answer!r} gives away {pattern!r}: {message}"
            )


def test_no_answer_yet():
    for task in TASKS:
        result = check(task, None)
        assert not result.ok and "No answer yet" in result.message


def test_unknown_task_names_the_tasks():
    with pytest.raises(KeyError, match="01-share-of-talk"):
        check("01-no-such-task", 1)


def test_feedback_is_plain_deterministic_text():
    result = check("01-share-of-talk", 31.2)
    assert isinstance(result, Feedback)
    assert repr(result) == str(result) == str(check("01-share-of-talk", 31.2))
    assert not bool(result)
    assert "0x" not in repr(result)
    assert not hasattr(result, "_repr_html_")


def test_every_task_states_its_question():
    for task_id, task in TASKS.items():
        assert task.id == task_id and task.question


def test_checks_read_the_interview_once():
    exercises._interview.cache_clear()
    for task, answers in RIGHT.items():
        check(task, answers[0])
    assert exercises._interview.cache_info().misses == 1
