"""Self-checks, table-driven: for every task, answers a careful reader can defend (written in
different ways) get ✓, wrong ones get a specific hint that does not give the answer away, and
an empty answer gets "Not answered yet"."""

from __future__ import annotations

import re

import pytest

from closereading.analysis.frequency import log_likelihood
from closereading.course import exercises
from closereading.course.checks import _answers
from closereading.course.exercises import TASKS, Feedback, check, options

# Worked out here by hand from the text (turn word counts 9, 112, 118, 177, 6, 4; Peskov says
# "our" 4 times in 293 words, Saunders never in 133), so that a check and this file would have
# to be wrong in the same way to agree.
SHARE = 100 * 118 / (118 + 177)  # 40.0
OUR_RATE = 1000 * 4 / 293  # 13.65
OUR_G2 = log_likelihood(4, 0, 293, 133)  # 2.99
NOTE_1 = "The words 'numerous times' present the claim as proved by long experience."
NOTE_2 = "Saunders puts the concern in the mouths of 'many people', so it is never his own view."
NOTE_3 = "'Frankly' tells the listener that what follows is simply true, beyond dispute."

DEFENSIBLE = {
    "01-exchange-share": [SHARE, 40, "40", "40%", 39.9, 0.4],
    # Sentences 1, 2, 6 and 7 can each be read as an answer by implication; 8 is "none of them".
    "01-ngo-reply": [1, 2, 6, 7, 8, "7", 7.0, (2, 7), [6, 8]],
    # Exact, the lesson's one decimal (rounded or cut off), a whole number.
    "02-our-rate": [OUR_RATE, 13.65, 13.7, 13.6, 14],
    # The four numbers, in either direction (G2 is symmetric), or the score itself, rounded.
    "02-our-g2": [(4, 0, 293, 133), (0, 4, 133, 293), [4, 0, 293, 133], OUR_G2, 2.99, 3.0, 3],
    "03-engage-forms": ["engag*", "engage*", "Engag*"],
    "03-engage-reading": [2, 3, (2, 3), "3"],
    "04-passage-1": [
        (2, NOTE_1),
        ("booster", NOTE_1),
        (11, "The 'we' who witnessed is Russia's government, which Saunders is not part of."),
        (10, "Here 'we' could mean everyone who watched sanctions fail, Saunders included."),
        (3, "Calling the situations 'very grave' judges them as terrible, a feeling, not a fact."),
        ((2, 11), NOTE_1 + " And 'we' speaks for Russia, not for Saunders."),
    ],
    "04-passage-2": [
        (1, NOTE_2),
        ("Hedge", NOTE_2),
        (12, "It sets people 'in the United States' judging against Russia, two opposed groups."),
        ((1, 12), NOTE_2),
    ],
    "04-passage-3": [
        (2, NOTE_3),
        (3, "'Frankly' signals the speaker's stance: he wants to be heard as sincere and candid."),
        (5, "'Frankly speaking' turns to the listener and prepares him for an unwelcome reply."),
    ],
    "04-label-reason": [2, "2"],
}

# Wrong answers, each with a fragment of the hint it should get.
WRONG = {
    "01-exchange-share": [
        (60, "Peskov's share"),
        (100 * 133 / 426, "whole interview"),
        (100 * 118 / 426, "every word in the interview"),
        (100 * 9 / 121, "first exchange"),
        (100 * 118 / 177, "divided Saunders's words by Peskov's"),
        (100 * 177 / 118, "divided Peskov's words by Saunders's"),
        (30, "too low"),
        (55, "too high"),
        (120, "between 0 and 100"),
        ("forty", "give the percentage as a number"),
        ([40], "single number"),
        (True, "single number"),
        (float("nan"), "not a finite number"),
    ],
    "01-ngo-reply": [
        (3, "another of Saunders's questions"),
        (4, "Who are 'them'"),
        (5, "subject of this sentence"),
        ((2, 3), "Sentence 3"),
        (9, "no option 9"),
        (0, "no option 0"),
        (2.5, "whole number"),
        ("seven", "not one of the options"),
        (True, "not True"),
    ],
    "02-our-rate": [
        (4, "a count"),
        (OUR_RATE / 10, "per 100"),
        (OUR_RATE / 1000, "proportion"),
        (1000 * 4 / 426, "all the words in the interview"),
        (1000 * 4 / 133, "Saunders's words"),
        (1000 * 10 / 293, "rate for 'we'"),
        (0, "stop word"),
        (20, "too high"),
        (10, "too low"),
        ("often", "as a number"),
    ],
    "02-our-g2": [
        ((4, 0, 426, 133), "For Peskov's size"),
        ((4, 0, 293, 426), "For Saunders's size"),
        ((4, 0, 133, 293), "wrong way round"),
        ((10, 0, 293, 133), "G2 of 'we'"),
        (7.49, "G2 of 'we'"),
        ((4, None, 293, 133), "our_saunders is still None"),
        ((4, 293, 0, 133), "counts come first"),
        ((4, 0, 293), "four numbers"),
        ((4, "no", 293, 133), "our_saunders"),
        (-2, "never negative"),
        (10, "four numbers in this order"),
    ],
    "03-engage-forms": [
        ("engage", "another form too"),
        ("engagement", "another form too"),
        ("e*", "not forms of 'engage'"),
        ("engage with", "phrase"),
        ("tango", "no lines"),
        ("?", "cannot be searched"),
        (42, "Type your query as one word"),
        ([1, 2], "Type your query as one word"),
    ],
    "03-engage-reading": [
        (1, "promise"),
        (4, "whose turns"),
        (5, "who engages with whom"),
        ((2, 5), "Reading 5"),
        (6, "no option 6"),
    ],
    "04-passage-1": [
        ((1, NOTE_1), "weaker or stronger"),
        ((6, NOTE_1), "gives evidence about sanctions"),
        ((12, NOTE_1), "which of them says how sure"),
        ((2, "banana table blue"), "too short"),
        ((2, "apple banana table blue green house river"), "does not name any word"),
        ((2, "asdf qwer zxcv numerous asdf qwer zxcv"), "too short"),
        ((2, "numerous times we have witnessed sanctions booster"), "does not say why"),
        ((2, ""), "note is empty"),
        ((2, 42), "as text in the note's answer cell"),
        ((None, NOTE_1), "Choose a move"),
        ((22, NOTE_1), "no option 22"),
        ("booster", "each in its own answer cell"),
    ],
    "04-passage-2": [
        ((6, NOTE_2), "Saunders is the one who is about to ask"),
        ((3, NOTE_2), "Whose feeling"),
        ((5, NOTE_2), "addresses the listener directly"),
        ((14, NOTE_2), "out of bounds"),
        ((2, NOTE_2), "whose view the sentence reports"),
    ],
    "04-passage-3": [
        ((4, NOTE_3), "I, me, my"),
        ((1, NOTE_3), "weaker"),
        ((6, NOTE_3), "The refusal comes in the words after"),
        ((7, NOTE_3), "on their own"),
    ],
    "04-label-reason": [
        (3, "other label, making a political point"),
        (1, "reason for a hedge"),
        (4, "say openly"),
        (5, "Whom does 'we' cover"),
        ((2, 3), "Reason 3"),
    ],
}

# Exercise 05 works on the practice exchange (constructed for practice, not a real interview).
WHY_INSPECTORS = "The words 'This government has invested' boast about spending, not inspectors."
WHY_TIMELINE = "He says 'not going to go into the timeline' and hands the matter to the inquiry."
WHY_IGNORED = "The words 'Nobody ignored anyone' flatly deny the claim, so the answer is no."
WHY_PREMISE = "He first says the question 'assumes something' false: an attack on its premise."
WHY_RIVER = (
    "The line 'We all want a healthy river' reassures everyone and says nothing of inspectors."
)
WHY_AHEAD = "Saying it 'would be wrong for me to get ahead' of the inquiry makes refusing a duty."
WHY_CASE = "Calling the premise 'simply not the case' rejects how the question was put, first."
COPIED_QUESTION = "Will you let independent inspectors visit the site? Invested."
WORD_SALAD = (
    "government invested water river inspectors site dam flow ministry report engineers cracks"
)
LOREM = "Lorem ipsum dolor sit amet government invested, consectetur adipiscing elit sed do eiusmod"
DEFENSIBLE.update(
    {
        "05-framing": [(1, 3, 8), (1, 3), [8, 3, 1]],
        "05-costly": [1, 2, (1, 2), "2"],
        "05-code-inspectors": [
            (3, 7, "This government has invested more in water", WHY_INSPECTORS),
            ("non-reply", "political-point", "This government has invested", WHY_INSPECTORS),
            (3, 1, "we will go on listening", "Inspectors are never named; he talks of listening."),
            (3, 8, ["we have always listened"], "He answers about listening, never inspectors."),
            # A reassurance in place of an answer: the forms table files it as a political point.
            (3, 7, "We all want a healthy river", WHY_RIVER),
        ],
        "05-code-timeline": [
            (3, 6, "I’m not going to go into the timeline", WHY_TIMELINE),
            ("Non-reply", "Declines to answer", "That is a matter for the inquiry", WHY_TIMELINE),
            (3, 6, "it would be wrong for me to get ahead of it", WHY_AHEAD),
        ],
        "05-code-ignored": [
            (1, None, "Nobody ignored anyone.", WHY_IGNORED),
            ("reply", "", ["Nobody ignored anyone"], WHY_IGNORED),
            (3, 4, "That question assumes something that is simply not the case.", WHY_PREMISE),
            (3, 4, "simply not the case", WHY_CASE),
        ],
    }
)
WRONG.update(
    {
        "05-framing": [
            (2, "Sentence 2 ends with a question mark"),
            ((1, 3, 6), "Sentence 6 ends with a question mark"),
            (1, "Some framing is still missing"),
            (9, "no option 9"),
        ],
        "05-costly": [(3, "'any' and 'at all'"), ((1, 3), "'any' and 'at all'")],
        "05-code-inspectors": [
            ((1, None, "Yes.", WHY_INSPECTORS), "say whether inspectors may visit"),
            ((2, None, "we will go on listening", WHY_INSPECTORS), "infer yes or no"),
            ((3, 6, "we will go on listening", WHY_INSPECTORS), "hard to defend here"),
            ((3, None, "we will go on listening", WHY_INSPECTORS), "needs its form"),
            ((1, 7, "we will go on listening", WHY_INSPECTORS), "Only a non-reply has a form"),
            ((3, 7, "We will publish everything", WHY_INSPECTORS), "is not in the answer"),
            ((3, 7, "The full findings will be on", WHY_INSPECTORS), "is not in the answer"),
            ((3, 7, "we will go on listening", WHY_INSPECTORS), "evidence does not yet show"),
            ((3, 7, "This government has invested", "short"), "justification does not yet"),
            ((3, 7, "This government has invested", ""), "note is empty"),
            ((3, 7, "This government has invested", COPIED_QUESTION), "repeats the question"),
            ((3, 7, "This government has invested", WORD_SALAD), "not read as a sentence"),
            ((3, 7, "This government has invested", LOREM), "English"),
            ((3, 7, "water", WHY_INSPECTORS), "evidence does not yet show"),
            ((3, 7, 5, WHY_INSPECTORS), "copy words of the answer into the evidence cell"),
            ((3, 7), "Give all four, each in its own answer cell"),
            (((1, 3), None, "x", WHY_INSPECTORS), "Choose one outcome"),
            ((9, None, "x", WHY_INSPECTORS), "no option 9"),
        ],
        "05-code-timeline": [
            ((1, None, "That is a matter for the inquiry", WHY_TIMELINE), "give a time"),
            ((4, None, "That is a matter for the inquiry", WHY_TIMELINE), "request for"),
            ((3, 1, "That is a matter for the inquiry", WHY_TIMELINE), "first sentence"),
            ((3, 6, "the", WHY_TIMELINE), "evidence does not yet show"),
        ],
        "05-code-ignored": [
            ((2, None, "Nobody ignored anyone.", WHY_IGNORED), "only implied"),
            ((4, None, "Nobody ignored anyone.", WHY_IGNORED), "leans"),
            ((3, 6, "We must let the inquiry finish", WHY_IGNORED), "hard to defend here"),
            ((1, None, "That question assumes something", WHY_IGNORED), "evidence does not yet"),
        ],
    }
)

EMPTY = [None, ..., "", "   ", (None, ""), (None, None, None, None)]


def test_every_task_is_covered_by_a_table():
    """Exercises 01-05 are tabled here; 06 and 07 beside their lessons' own tests."""
    from tests.test_evidence import EX07_DEFENSIBLE, EX07_WRONG
    from tests.test_positioning import EX06_DEFENSIBLE, EX06_WRONG

    defensible = {**DEFENSIBLE, **EX06_DEFENSIBLE, **EX07_DEFENSIBLE}
    wrong = {**WRONG, **EX06_WRONG, **EX07_WRONG}
    assert set(defensible) == set(TASKS) == set(wrong)


@pytest.mark.parametrize(
    "task, answer", [(t, a) for t, answers in DEFENSIBLE.items() for a in answers]
)
def test_defensible_answers_get_a_tick_with_a_reason(task, answer):
    result = check(task, answer)
    assert result.ok, str(result)
    assert str(result).startswith("✓ ")
    assert len(result.message.split()) >= 8, "a tick says why the answer holds"


@pytest.mark.parametrize(
    "task, answer, hint", [(t, a, h) for t, cases in WRONG.items() for a, h in cases]
)
def test_wrong_answers_get_a_specific_hint(task, answer, hint):
    result = check(task, answer)
    assert not result.ok, str(result)
    assert str(result).startswith("✗ ")
    assert hint in result.message


@pytest.mark.parametrize("task", sorted(TASKS))
@pytest.mark.parametrize("answer", EMPTY, ids=repr)
def test_an_empty_answer_is_not_answered_yet(task, answer):
    result = check(task, answer)
    assert not result.ok and result.message.startswith("Not answered yet")


# Ways each expected answer could be written out in a hint.
LEAKS = {
    "01-exchange-share": [r"\b40\b", r"\b118\b", r"\b295\b"],
    "01-ngo-reply": [],
    "02-our-rate": [r"13\.\d", r"\b14\b", r"\b293\b"],
    "02-our-g2": [r"2\.9", r"3\.0", r"\b293\b", r"\b133\b"],
    "03-engage-forms": [r"engag\*", r"engage\*"],  # the lines found are the query's own
    "03-engage-reading": [],
    "04-passage-1": [],
    "04-passage-2": [],
    "04-passage-3": [],
    "04-label-reason": [r"\b2\b"],
}
# Exercise 05: no hint names a defensible form or quotes the decisive words.
LEAKS.update(
    {
        task: [r"political-point", r"Nobody ignored anyone"]
        for task in WRONG
        if task.startswith("05-")
    }
)


@pytest.mark.parametrize("task", sorted(WRONG))
def test_hints_never_give_the_answer_away(task):
    defensible_numbers = {
        "01-ngo-reply": (1, 2, 6, 7, 8),
        "03-engage-reading": (2, 3),
    }
    for answer, _ in WRONG[task]:
        message = check(task, answer).message
        for pattern in LEAKS[task]:
            if isinstance(answer, str) and re.search(pattern, answer, re.IGNORECASE):
                continue  # echoing what the student searched for gives nothing away
            assert not re.search(pattern, message, re.IGNORECASE), (task, answer, message)
        # A hint about a wrong option never points at a defensible one by its number.
        for number in defensible_numbers.get(task, ()):
            assert f"option {number}" not in message and f"Reading {number} " not in message


def test_a_move_that_holds_up_with_a_poor_note_says_which_part_failed():
    result = check("04-passage-1", (2, "numerous"))
    assert not result.ok and "the move holds up; the note does not yet" in result.message


def test_a_second_label_that_does_not_hold_names_the_one_that_does():
    result = check("04-passage-1", ((2, 1), NOTE_1))
    assert not result.ok
    assert "(Booster holds up.)" in result.message and '"Hedge"' in result.message


def test_unknown_task_names_the_tasks():
    with pytest.raises(KeyError, match="01-exchange-share"):
        check("01-no-such-task", 1)


def test_feedback_is_plain_deterministic_text():
    result = check("01-exchange-share", 60)
    assert isinstance(result, Feedback)
    assert repr(result) == str(result) == str(check("01-exchange-share", 60))
    assert not bool(result)
    assert "0x" not in repr(result)
    assert not hasattr(result, "_repr_html_")


def test_every_task_states_its_question():
    for task_id, task in TASKS.items():
        assert task.id == task_id and task.question


def test_options_are_numbered_and_escaped():
    view = options("04-passage-1")
    assert view.text.splitlines()[0].split() == ["1", "Hedge", "(hedge)"]
    assert "Inclusive &quot;we&quot;" in view.html and '"we"' not in view.html
    with pytest.raises(KeyError, match="not answered by choosing"):
        options("02-our-rate")


def test_the_ngo_options_are_the_sentences_of_turn_4_then_none():
    from closereading.course.checks.ex01 import NONE_OF_THEM, ngo_reply_options

    found = ngo_reply_options()
    assert len(found) == 8 and found[-1] == NONE_OF_THEM
    assert found[0].startswith("Well, any element") and "abroad" in found[6]


def test_passages_of_exercise_04_occur_once_and_are_not_lesson_examples():
    from closereading.annotation.taxonomy import load_moves
    from closereading.course.checks.ex04 import PASSAGES, passage_turns

    text = _answers.interview().text
    examples = " ".join(e for m in load_moves() for e in m.examples)
    for passage in PASSAGES:
        assert text.count(passage) == 1, passage
        assert passage not in examples and not any(e in passage for e in examples.split("”"))
    assert list(passage_turns().values()) == [2, 3, 4]
    for rule in PASSAGES.values():
        assert set(rule["defensible"]) <= set(load_moves().ids)


def test_concordance_for_never_raises():
    assert "No query yet" in repr(exercises.concordance_for(None))
    assert "cannot be searched" in repr(exercises.concordance_for("?"))
    assert "2 lines" in repr(exercises.concordance_for("engag*"))


def test_checks_read_the_interview_once():
    _answers.interview.cache_clear()
    for task, answers in DEFENSIBLE.items():
        check(task, answers[0])
    assert _answers.interview.cache_info().misses == 1


def test_number_rules_follow_the_lessons_precision():
    assert _answers.holds(13.6, 13.652) and _answers.holds(14, 13.652)
    assert not _answers.holds(13.5, 13.652) and not _answers.holds(13, 13.652)
    assert _answers.holds(40.4, 40.0, decimals=0) and not _answers.holds(41, 40.0, decimals=0)


def test_a_note_of_nonsense_never_holds_up():
    """Word salad that names the passage's words, and lorem ipsum, are refused with a hint; a
    plain sentence about the same words holds up."""
    from closereading.course.checks._answers import note_problem

    passage = "we don’t believe that sanctions are the best way"
    salad = (
        "believe sanctions banana purple elephant window piano carpet orange running democracy "
        "yesterday freedom"
    )
    lorem = "Lorem ipsum dolor sit amet believe sanctions consectetur adipiscing elit sed do"
    assert "list of words" in note_problem(salad, passage)
    assert note_problem(lorem, passage)  # refused, by whichever hint comes first
    fair = "The word 'believe' turns a flat refusal into an opinion, which softens the no."
    assert note_problem(fair, passage) == ""
