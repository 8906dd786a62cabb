"""Exercise 05 · Questions and answers: the lesson's method applied to material it did not
analyse, the practice exchange (``data/interviews/practice-exchange.txt``, constructed for
practice, not a real interview).

Tasks: which of the reporter's sentences frame rather than ask; which answer a question's design
makes costly; and three answers coded with an outcome, a form of non-reply, evidence quoted from
the answer and a justification. Every code a careful reader can defend is accepted with the
reason it holds; evidence must be words of the answer to that question; a justification is
checked for substance (:mod:`._answers`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from closereading.course.checks._answers import choices, note_problem, short
from closereading.course.checks._registry import register


@lru_cache(maxsize=1)
def practice() -> Any:
    """The practice exchange, read once for all the checks."""
    from closereading.base.paths import DATA_DIR
    from closereading.text.transcript import load_transcript

    return load_transcript(DATA_DIR / "interviews" / "practice-exchange.txt")


def _outcomes() -> tuple[Any, ...]:
    from closereading.annotation.codes import OUTCOMES

    return OUTCOMES


def _forms() -> tuple[Any, ...]:
    from closereading.annotation.codes import NON_REPLY_FORMS

    return NON_REPLY_FORMS


def outcome_options() -> list[str]:
    return [f"{o.label} ({o.id})" for o in _outcomes()]


def form_options() -> list[str]:
    return [f"{f.label} ({f.id})" for f in _forms()]


def reporter_sentences() -> list[str]:
    talk = practice()
    return [s.text for s in talk.sentences if talk.turns[s.turn].role == "interviewer"]


# --- Task 1: framing or asking ------------------------------------------------------------------


@register(
    "05-framing",
    "The reporter's sentences that frame a question rather than ask one",
    options=reporter_sentences,
)
def framing(answer: Any) -> tuple[bool, str]:
    sentences = reporter_sentences()
    chosen, problem = choices(answer, len(sentences))
    if chosen is None:
        return False, problem
    asking = [n for n in chosen if sentences[n - 1].rstrip().endswith("?")]
    if asking:
        return False, (
            f"Sentence {asking[0]} ends with a question mark: it is an interrogative, even if it "
            "reads like a request or an accusation. Which sentences ask nothing themselves?"
        )
    framing_ones = [n for n, s in enumerate(sentences, start=1) if not s.rstrip().endswith("?")]
    missing = [n for n in framing_ones if n not in chosen]
    if missing and missing != [framing_ones[-1]]:
        return (
            False,
            "Some framing is still missing: read each sentence that ends with a full stop.",
        )
    tail = (
        " You left out the closing thank-you; it frames nothing, but asks nothing either: a unit "
        "with no question."
        if missing
        else " The closing thank-you is a unit with no question at all."
    )
    return True, (
        "Right: these sentences set the scene or report others' views; the rule attaches each to "
        "the interrogative after it." + tail
    )


# --- Task 2: the answer a design makes costly -----------------------------------------------------

COSTLY = (
    "No: to deny that there is any problem at all is an extreme claim that the residents' "
    "report already contradicts.",
    "Yes: to accept any problem at all is an admission that would be quoted against the ministry.",
    "Neither: the question is neutral and leaves both answers equally open.",
)


@register(
    "05-costly",
    "Which answer the design of “Do you accept that there is any problem at all?” makes costly",
    options=lambda: COSTLY,
)
def costly(answer: Any) -> tuple[bool, str]:
    chosen, problem = choices(answer, len(COSTLY))
    if chosen is None:
        return False, problem
    if 3 in chosen:
        return False, (
            "Look again at 'any' and 'at all', and at what the sentence before it reports. "
            "Does the question leave both answers equally easy?"
        )
    if chosen == [1, 2] or chosen == [2, 1]:
        return True, (
            "Yes: both answers cost something, which is the situation in which, Bavelas and "
            "her colleagues argue, speakers equivocate. Compare what the spokesperson does."
        )
    which = (
        "'any ... at all' makes a flat denial extreme"
        if chosen == [1]
        else ("conceding even a small problem hands the reporter a headline")
    )
    return True, (
        f"Defensible: {which}. The other answer is costly too; a question that makes both "
        "costly invites an answer that gives neither."
    )


# --- Tasks 3 to 5: coding three answers ---------------------------------------------------------

#: For each coded unit: its question, the answer turn (from 0), the codes a careful reader can
#: defend (outcome, form) with the reason and the words that carry the point (the evidence must
#: contain one of them, within a longer quotation or alone), and hints for other codes.
UNITS: dict[str, dict[str, Any]] = {
    "05-code-inspectors": {
        "question": "And will you let independent inspectors visit the site?",
        "answer_turn": 3,
        "defensible": {
            ("non-reply", "ignores-the-question"): (
                "inspectors are never mentioned: the answer goes on as if this was not asked",
                (),
            ),
            ("non-reply", "political-point"): (
                "'This government has invested more in water than any government before it' "
                "praises the government, and 'We all want a healthy river' reassures, in place "
                "of the answer",
                (
                    "government has invested",
                    "invested more",
                    "healthy river",
                    "nobody wants that more",
                ),
            ),
            ("non-reply", "incomplete-reply"): (
                "read with the question before it, the answer takes up the residents' concern in "
                "general terms and never reaches the inspectors",
                (),
            ),
        },
        "hints": {
            "reply": "Which words of the answer say whether inspectors may visit?",
            "intermediate": "Can a listener infer yes or no about the inspectors from the "
            "answer? What would the inference rest on?",
            "no-question": "The sentence ends with a question mark and asks for a decision.",
            "non-reply": "That form is hard to defend here. Does the spokesperson say he will "
            "not answer, question the question, or simply talk about something else?",
        },
    },
    "05-code-timeline": {
        "question": "Can you tell us when the minister first knew about the cracks in the "
        "spillway?",
        "answer_turn": 5,
        "defensible": {
            ("non-reply", "declining-to-answer"): (
                "'I'm not going to go into the timeline' says openly that he will not answer, "
                "and gives the inquiry as the reason",
                ("not going to go into", "matter for the inquiry", "get ahead of it"),
            ),
        },
        "hints": {
            "reply": "Does the answer give a time, or say when the minister knew?",
            "intermediate": "Could a listener infer when the minister knew? From which words?",
            "no-question": "'Can you tell us…' is a request for information in the form of a "
            "question: what information?",
            "non-reply": "Read the first sentence of the answer: does he ignore the question, "
            "or say something about answering it?",
        },
    },
    "05-code-ignored": {
        "question": "Isn't it true that the ministry ignored its own engineers for two years?",
        "answer_turn": 7,
        "defensible": {
            ("reply", ""): (
                "'Nobody ignored anyone' answers the yes/no question: no",
                ("Nobody ignored",),
            ),
            ("non-reply", "attacking-the-question"): (
                "'That question assumes something that is simply not the case' attacks the "
                "question's premise before anything else",
                ("question assumes", "not the case"),
            ),
        },
        "hints": {
            "intermediate": "Is the answer only implied? Read the second sentence of the answer "
            "on its own.",
            "no-question": "A negative interrogative is still a question, one that leans "
            "towards 'yes'.",
            "non-reply": "That form is hard to defend here. What does the first sentence of "
            "the answer do to the question?",
        },
    },
}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip().casefold()


def _outcome_and_form(outcome: Any, form: Any) -> tuple[str | None, str, str]:
    """``(outcome id, form id, problem)`` read from numbers, ids or labels."""
    outcomes, forms = _outcomes(), _forms()
    picked, problem = choices(outcome, len(outcomes), [(o.id, o.label) for o in outcomes])
    if picked is None:
        return None, "", f"The outcome: {problem}"
    if len(picked) != 1:
        return None, "", "Choose one outcome (one number), the one you would defend."
    chosen = outcomes[picked[0] - 1].id
    if form is None or form is Ellipsis or form == "":
        return chosen, "", ""
    picked_form, problem = choices(form, len(forms), [(f.id, f.label) for f in forms])
    if picked_form is None or len(picked_form) != 1:
        return None, "", f"The form of non-reply: {problem or 'choose one number'}"
    return chosen, forms[picked_form[0] - 1].id, ""


def _evidence(evidence: Any, answer_text: str) -> tuple[list[str] | None, str]:
    quotes = [evidence] if isinstance(evidence, str) else evidence
    if (
        not isinstance(quotes, (list, tuple))
        or not quotes
        or not all(isinstance(q, str) and q.strip() for q in quotes)
    ):
        return (
            None,
            "Give the evidence: copy words of the answer into the evidence cell (one quotation a line).",
        )
    for quote in quotes:
        if _norm(quote) not in _norm(answer_text):
            return None, (
                f"{short(quote)} is not in the answer to this question. Copy the words exactly "
                "from the spokesperson's turn that follows it."
            )
    return list(quotes), ""


def _judge(task: str, answer: Any) -> tuple[bool, str]:
    rule = UNITS[task]
    if not isinstance(answer, tuple) or len(answer) != 4:
        return (
            False,
            "Give all four, each in its own answer cell: the outcome, the form, the evidence and why.",
        )
    outcome, form, evidence, why = answer
    chosen, chosen_form, problem = _outcome_and_form(outcome, form)
    if chosen is None:
        return False, problem
    if chosen_form and chosen != "non-reply":
        return (
            False,
            "Only a non-reply has a form: leave the form's cell empty, or choose non-reply.",
        )
    if chosen == "non-reply" and not chosen_form:
        return (
            False,
            "A non-reply needs its form: type the number of one from the list in the form's cell.",
        )
    key = (chosen, chosen_form)
    if key not in rule["defensible"]:
        return False, rule["hints"].get(chosen) or rule["hints"]["non-reply"]
    reason, anchors = rule["defensible"][key]
    answer_text = practice().turns[rule["answer_turn"]].text
    quotes, problem = _evidence(evidence, answer_text)
    if quotes is None:
        return False, problem
    if anchors and not any(_norm(a) in _norm(q) for a in anchors for q in quotes):
        return (
            False,
            "The code holds up; the evidence does not yet show it. Which words of the answer do?",
        )
    problem = note_problem(why, " ".join(quotes), [chosen, chosen_form], rule["question"])
    if problem:
        return False, f"The code and evidence hold up; the justification does not yet. {problem}"
    others = len(rule["defensible"]) - 1
    more = (
        f" {others} other code{'s' if others != 1 else ''} can be defended here too."
        if others
        else ""
    )
    return True, f"Defensible: {reason}.{more}"


def _register_unit(task: str) -> None:
    register(task, f"The code of “{UNITS[task]['question']}”, with evidence and a justification")(
        lambda answer: _judge(task, answer)
    )


for _task in UNITS:
    _register_unit(_task)
