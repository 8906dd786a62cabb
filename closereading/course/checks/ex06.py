"""Exercise 06 · Positioning, on the practice exchange (a text written for practice, which the
lesson never analysed): give two "we"s a referent with a note, group a "will" that the course's
finder reads one way and a reader may read another, and say what a negation does to agency.

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


FINDINGS = "The full findings will be on the ministry's website by Friday"


@register(
    "06-findings-will",
    "The group of “will” in “The full findings will be on the ministry's website by Friday” "
    "(turn 2)",
    options=lambda: GROUPS,
)
def findings_will(answer: Any) -> tuple[bool, str]:
    chosen, problem = choices(answer, len(GROUPS), [(g,) for g in GROUPS])
    if chosen is None:
        return False, problem
    if len(chosen) > 1:
        return False, "Choose the one group you would defend; say in class why not the other."
    hints = {
        1: "Does anything in the sentence oblige anyone? Read what 'will' says about Friday.",
        2: "Is the sentence about what can happen, or about what is going to happen?",
    }
    if chosen[0] in hints:
        return False, hints[chosen[0]]
    if chosen[0] == 4:
        return True, (
            "Defensible: prediction. The subject is 'the full findings', not the speaker, so the "
            "sentence forecasts what Friday will bring; the course's finder reads it the same way, "
            "since no 'I' or 'we' comes before 'will'. A reader could also defend volition: say "
            "which words decide it for you."
        )
    return True, (
        "Defensible: volition. The sentence answers 'Yes' to 'Will the ministry publish ...?', so "
        "the forecast works as the ministry's undertaking, though the ministry, the one who "
        "undertakes, is left out of the sentence. The course's finder says prediction, because "
        "no 'I' or 'we' comes before 'will': a reading it cannot make."
    )


# --- Task 3: a negation and agency -------------------------------------------------------------

NOBODY = "Nobody ignored anyone."
NOBODY_READINGS = (
    "It keeps the ministry as the one who acted and simply denies what it did.",
    "It denies the question's claim while naming no one who acted: the ministry, the subject of "
    "the question, drops out of the answer.",
    "It hedges: the spokesperson commits to less than a flat denial would.",
    "It denies more than was asked: 'nobody' and 'anyone' stretch the denial from the ministry "
    "and its engineers to everyone, a claim too wide to check.",
    "It concedes that the engineers were ignored, but by someone other than the ministry.",
)
NOBODY_HOLDS = {
    2: "The question made 'the ministry' the subject of 'ignored'. The answer denies with two "
    "negative pronouns, so no one is the subject of anything and the ministry never appears.",
    4: "'Nobody ignored anyone' denies for every possible actor and every possible person "
    "ignored, far more than the question's claim about the ministry and its engineers, so the "
    "denial is total and no one can be held to it.",
}
NOBODY_HINTS = {
    1: "Who is the subject of 'ignored' in the answer? Is the ministry named anywhere in it?",
    3: "Is 'Nobody ignored anyone' softer or harder than 'The ministry did not ignore its "
    "engineers'? And what has changed besides strength?",
    5: "Does the sentence say that anyone was ignored? Read its two negative words together.",
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
    wrong = next((c for c in chosen if c not in NOBODY_HOLDS), None)
    if wrong is not None:
        return False, f"Reading {wrong} does not hold. {NOBODY_HINTS[wrong]}"
    reasons = " ".join(f"Reading {c}: {NOBODY_HOLDS[c]}" for c in chosen)
    more = " Another reading holds too; compare them." if len(chosen) < len(NOBODY_HOLDS) else ""
    return True, reasons + more
