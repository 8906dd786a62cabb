"""Exercise 06 · Positioning, on the practice exchange (a text written for practice, which the
lesson never analysed): give two "we"s a referent with a note, group a modal, and say what a
negation does to agency.

Every referent or reading a careful reader can defend is accepted with the reason it holds; the
others get a hint that sends the student back to the words. Notes are checked for substance
(:mod:`._answers`).
"""

from __future__ import annotations

from functools import lru_cache, partial
from typing import Any

from closereading.course.checks._answers import choices, note_problem
from closereading.course.checks._registry import register
from closereading.text.transcript import Transcript

#: The referents offered for the practice exchange's "we".
REFERENTS = (
    "the ministry (the government the spokesperson speaks for)",
    "the ministry and the residents together",
    "everyone",
    "the reporters",
    "ambiguous: the words do not decide",
)

#: For each pronoun: the sentence, the pronoun's words, the referents a reading can defend
#: (by option number, with the reason) and hints for the others.
PRONOUNS: dict[str, dict[str, Any]] = {
    "06-we-all": {
        "sentence": "We all want a healthy river, and nobody wants that more than we do.",
        "words": "We all want a healthy river",
        "key": ("all",),
        "anchor": "want",
        "defensible": {
            2: "'all' stretches the 'we' past the ministry to the residents the answer has just "
            "mentioned, so the government and its critics seem to want the same thing.",
            3: "'We all want a healthy river' can be read as a truth about everyone, which is hard "
            "to deny and says nothing about the dam.",
            5: "the sentence does not say who 'all' are, and the vagueness is part of what it does.",
        },
        "hints": {
            1: "Read 'all'. Does it fit a 'we' that is only the ministry, in a sentence that goes "
            "on to compare the ministry with 'nobody'?",
            4: "Has the spokesperson spoken of the reporters anywhere in this turn?",
        },
    },
    "06-than-we-do": {
        "sentence": "We all want a healthy river, and nobody wants that more than we do.",
        "words": "nobody wants that more than we do",
        "key": ("than", "more"),
        "anchor": "nobody",
        "defensible": {
            1: "'than we do' sets the speaker's side against 'nobody': only a group that others "
            "can be compared with fits, the ministry the spokesperson speaks for.",
        },
        "hints": {
            2: "If 'we' took in the residents, who would be left for 'nobody' to stand for?",
            3: "Can 'nobody' want something more than everyone does? Read the comparison.",
            4: "Has the spokesperson spoken of the reporters anywhere in this turn?",
            5: "Read the comparison: 'nobody ... more than we do' needs a group set apart from "
            "others. Which group is it, in an answer for the ministry?",
        },
    },
}


@lru_cache(maxsize=1)
def practice() -> Transcript:
    """The practice exchange, read once for all the checks."""
    from closereading.base.paths import DATA_DIR
    from closereading.text.transcript import load_transcript

    return load_transcript(DATA_DIR / "interviews" / "practice-exchange.txt")


def _judge_pronoun(task: str, answer: Any) -> tuple[bool, str]:
    rule = PRONOUNS[task]
    if not isinstance(answer, tuple) or len(answer) != 2:
        return False, "Give the referent and the note, each in its own answer cell, and run both."
    chosen_referents, note = answer
    if chosen_referents is None or chosen_referents is Ellipsis:
        return (
            False,
            "Choose a referent: type the number of an option in the first answer cell, e.g. 1.",
        )
    chosen, problem = choices(chosen_referents, len(REFERENTS))
    if chosen is None:
        return False, problem
    if len(chosen) > 1:
        return False, "Choose one referent (if the words do not decide, that is the last option)."
    option = chosen[0]
    if option not in rule["defensible"]:
        return False, f"Option {option} is hard to defend here. {rule['hints'][option]}"
    problem = note_problem(note, rule["sentence"], ["referent", "we"])
    if problem.startswith("Your note does not name") and _names_key(note, rule["key"]):
        # The deciding word here ("all", "than") is a stop word, which the general rule does not
        # count as naming the passage; the note names it, so check the rest of the rule.
        problem = note_problem(f"{note} {rule['anchor']}", rule["sentence"], ["referent", "we"])
    if problem:
        return False, f"The referent holds up; the note does not yet. {problem}"
    others = len(rule["defensible"]) - 1
    more = (
        f" {others} other reading{'s' if others != 1 else ''} can be defended too."
        if others
        else ""
    )
    return True, f"Defensible, because {rule['defensible'][option]}{more}"


def _names_key(note: Any, keys: tuple[str, ...]) -> bool:
    if not isinstance(note, str):
        return False
    from closereading.text.tokens import normalize, word_spans

    return any(normalize(word) in keys for _, _, word in word_spans(note))


for _task in PRONOUNS:
    register(
        _task,
        f"Whom “we” refers to in “{PRONOUNS[_task]['words']}”, with a note giving the reason",
        options=lambda: REFERENTS,
    )(partial(_judge_pronoun, _task))


# --- Task 2: a modal's group -------------------------------------------------------------------

GROUPS = ("necessity", "possibility", "volition", "prediction")


@register(
    "06-not-going-to",
    "The group of “I'm not going to go into the timeline” (turn 6)",
    options=lambda: GROUPS,
)
def not_going_to(answer: Any) -> tuple[bool, str]:
    chosen, problem = choices(answer, len(GROUPS), [(g,) for g in GROUPS])
    if chosen is None:
        return False, problem
    if len(chosen) > 1:
        return False, "Choose the one group that says what the words do here."
    hints = {
        1: "Does anything oblige the spokesperson? Who decides what he will go into?",
        2: "Is the sentence about what he is able to do, or about what he chooses to do?",
        4: "'Be going to' often forecasts. But is the spokesperson forecasting his own words, "
        "or deciding them? Read who the subject is.",
    }
    if chosen[0] != 3:
        return False, hints[chosen[0]]
    return True, (
        "Volition: 'I' decides what 'I' will not do, so the sentence is a refusal, though its "
        "form, 'be going to', is the one English uses for forecasts. The course's finder reads it "
        "the same way because 'I' comes first."
    )


# --- Task 3: a negation and agency -------------------------------------------------------------

NOBODY = "Nobody ignored anyone."
NOBODY_READINGS = (
    "It names who ignored the engineers.",
    "It denies the question's claim while naming no one who acted: the ministry, the subject of "
    "the question, drops out of the answer.",
    "It hedges: the spokesperson commits to less than a flat denial would.",
    "It predicts what the inquiry will find.",
    "It accepts part of the question's claim.",
)
NOBODY_HINTS = {
    1: "Does the sentence name anyone? Read who its subject is.",
    3: "Is 'Nobody ignored anyone' softer or harder than 'The ministry did not ignore its "
    "engineers'? And what has changed besides strength?",
    4: "Is the verb about the future? Read its tense.",
    5: "Which part of the claim would it accept? Read the question in turn 7 again.",
}


@register(
    "06-nobody-ignored",
    f"What “{NOBODY}” (turn 8) does to agency",
    options=lambda: NOBODY_READINGS,
)
def nobody_ignored(answer: Any) -> tuple[bool, str]:
    chosen, problem = choices(answer, len(NOBODY_READINGS))
    if chosen is None:
        return False, problem
    wrong = next((c for c in chosen if c != 2), None)
    if wrong is not None:
        return False, f"Reading {wrong} does not hold. {NOBODY_HINTS[wrong]}"
    return True, (
        "The question made 'the ministry' the subject of 'ignored'. The answer denies with two "
        "negative pronouns, so no one is the subject of anything: the denial is total and the "
        "ministry never appears in it."
    )
