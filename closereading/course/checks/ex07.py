"""Exercise 07 · Writing the reading: judge a short paragraph about the practice exchange against
the course's rubric, and find the evidence that weakens its claim.

The paragraph was written for the exercise, with faults a rubric should catch. Every level a
careful marker can defend is accepted with its reason; every piece of evidence that weakens the
claim is accepted.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from closereading.course.checks._answers import choices
from closereading.course.checks._registry import register

PARAGRAPH = (
    "The spokesperson evades every question he is asked. When the reporter asks about the river, "
    "he answers 'we will go on listening' (turn 4), which shows that the ministry does not care "
    "about the residents. This proves that the government is hiding the cracks in the spillway."
)

LEVELS = ("strong", "sound", "developing", "weak")

LEVEL_RULES: dict[str, dict[str, Any]] = {
    "07-claim-level": {
        "criterion": "claim",
        "defensible": {
            3: "the paragraph states a claim about the text, but it is contradicted by the text "
            "and its last sentence claims what no transcript can settle (what the government is "
            "hiding).",
            4: "the claim that matters most, that the government is hiding the cracks, is about "
            "the world rather than the text.",
        },
        "hints": {
            1: "A strong claim is one the text can settle. Can a transcript show what a "
            "government is hiding? And does every answer in the exchange evade?",
            2: "A sound claim is testable against the text. Test 'every question' against turn 2.",
        },
    },
    "07-evidence-level": {
        "criterion": "evidence",
        "defensible": {
            2: "it quotes exactly and gives the turn, though it leans on one passage and gives no "
            "sentence.",
            3: "one short quotation, without its sentence, carries a claim about every answer; "
            "the rubric asks for at least three pieces from two turns.",
            4: "the one quotation does not bear on what the paragraph claims: 'we will go on "
            "listening' shows neither that every question is evaded nor that anything is "
            "hidden, and the rubric's weak line names evidence that does not bear on the claim.",
        },
        "hints": {
            1: "Strong evidence means three or more pieces from two or more turns, each cited by "
            "turn and sentence. Count the paragraph's quotations.",
        },
    },
}


def _judge_level(task: str, answer: Any) -> tuple[bool, str]:
    rule = LEVEL_RULES[task]
    chosen, problem = choices(answer, len(LEVELS), [(level,) for level in LEVELS])
    if chosen is None:
        return False, problem
    if len(chosen) > 1:
        return False, "Choose one level: a mark is a decision."
    level = chosen[0]
    if level not in rule["defensible"]:
        return False, rule["hints"][level]
    others = " or ".join(LEVELS[n - 1] for n in rule["defensible"] if n != level)
    return True, (
        f"Defensible: {LEVELS[level - 1]}, because {rule['defensible'][level]} A marker could "
        f"also say {others}; say which words decide it."
    )


for _task, _rule in LEVEL_RULES.items():
    register(
        _task,
        f"The paragraph's level on the rubric's {_rule['criterion']} criterion",
        options=lambda: LEVELS,
    )(partial(_judge_level, _task))


# --- Task 2: evidence that weakens the claim ---------------------------------------------------

EVIDENCE = (
    "“Yes. The full findings will be on the ministry's website by Friday, with the data tables.” "
    "(turn 2)",
    "“we have always listened to the people who live along the river” (turn 4)",
    "“I'm not going to go into the timeline.” (turn 6)",
    "“That question assumes something that is simply not the case. Nobody ignored anyone.” "
    "(turn 8)",
    "“Thank you.” (turn 9)",
)
WEAKENS = {
    1: "turn 2 answers the question asked, yes or no, and adds when and what: a reply, so not "
    "every question is evaded.",
    4: "turn 8 answers 'Isn't it true ...?' with a denial: a denial can be coded a reply to a "
    "yes-or-no question (exercise 05 also accepts it as attacking the question), so it is no "
    "clear case of evasion.",
}
DOES_NOT = {
    2: "This passage is the one the paragraph uses. Does it weaken the claim or support it?",
    3: "Declining to give the timeline supports the claim of evasion. Which passage goes against it?",
    5: "Who says this, and is it an answer to a question?",
}


@register(
    "07-weakening-evidence",
    "Evidence from the practice exchange that weakens the claim “The spokesperson evades every "
    "question”",
    options=lambda: EVIDENCE,
)
def weakening_evidence(answer: Any) -> tuple[bool, str]:
    chosen, problem = choices(answer, len(EVIDENCE))
    if chosen is None:
        return False, problem
    wrong = next((c for c in chosen if c not in WEAKENS), None)
    if wrong is not None:
        return False, f"Passage {wrong} does not weaken the claim. {DOES_NOT[wrong]}"
    reasons = " ".join(f"Passage {c}: {WEAKENS[c]}" for c in chosen)
    more = " Another passage weakens it too." if len(chosen) < len(WEAKENS) else ""
    return True, reasons + more
