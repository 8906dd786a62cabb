"""Exercise 01 · First reading: who holds the floor in one exchange, and which sentence of
Peskov's second answer, if any, responds to the questions about foreign NGOs.

The lesson printed each turn's length and each speaker's share of the whole interview; these
tasks ask for what it did not print: a share within one exchange, and a judgement about which
question a sentence answers.
"""

from __future__ import annotations

from typing import Any

from closereading.course.checks._answers import choices, holds, interview, near, number, off
from closereading.course.checks._registry import register

# --- Task 1: Saunders's share of the second exchange ------------------------------------------


def _exchange_words() -> tuple[int, int]:
    """Words in turn 3 (Saunders's question) and turn 4 (Peskov's answer)."""
    words = interview().words_per_turn
    return words[2], words[3]


@register("01-exchange-share", "Saunders's share of the words in turns 3 and 4, as a percentage")
def exchange_share(answer: Any) -> tuple[bool, str]:
    value, problem = number(answer, "the percentage")
    if value is None:
        return False, problem
    question, reply = _exchange_words()
    words = interview().words_per_turn
    spoken = sum(words)
    expected = 100 * question / (question + reply)
    # Shares of talk are printed as whole percentages in the lesson ("69%"): any rounding holds.
    if holds(value, expected, decimals=0):
        return True, (
            "Right. In the interview as a whole Saunders has under a third of the words; in this "
            "exchange he has much more. What is he doing with them before he asks?"
        )
    if 0 < value < 1 and holds(100 * value, expected, decimals=0):
        return True, (
            "Right, written as a fraction of 1; as a percentage it is 100 times that. In this "
            "exchange Saunders has far more of the words than in the interview as a whole."
        )
    mistakes = [
        (
            100 * reply / (question + reply),
            "That is Peskov's share of the exchange. The task asks for Saunders's.",
        ),
        (
            100 * question / spoken,
            "You divided by every word in the interview. Divide by the "
            "words of turns 3 and 4 only.",
        ),
        (
            100 * words[0] / (words[0] + words[1]),
            "That is the first exchange (turns 1 and 2). The task asks about turns 3 and 4.",
        ),
        (
            100 * sum(words[0::2]) / spoken,
            "That is Saunders's share of the whole interview, "
            "which the lesson printed. The task asks about turns 3 and 4 only.",
        ),
        (
            100 * question / reply,
            "You divided Saunders's words by Peskov's. A share divides "
            "one speaker's words by the words both speakers say in the exchange.",
        ),
        (
            100 * reply / question,
            "You divided Peskov's words by Saunders's. A share divides "
            "Saunders's words by the words both speakers say in the exchange.",
        ),
    ]
    for wrong, hint in mistakes:
        if near(value, wrong, decimals=0):
            return False, hint
    if not 0 <= value <= 100:
        return False, "A share as a percentage lies between 0 and 100."
    return False, (
        f"Not yet: your percentage is {off(value, expected)}. Take the words of turn 3 from the "
        "table, divide by the words of turns 3 and 4 together, and multiply by 100."
    )


# --- Task 2: which sentence answers the NGO questions? ----------------------------------------

NONE_OF_THEM = "None of them: Peskov never takes up the questions about foreign NGOs."

#: Sentences of turn 4 a careful reader can defend as a response to the NGO questions, found
#: by a phrase in them, each with the reason the check gives back.
DEFENSIBLE = {
    "Russian society": (
        "It takes up 'Russian society' from the question whether NGOs contribute to it, and "
        "makes society the leadership's concern: an answer by implication, not in words."
    ),
    "civil society": (
        "Civil society is where NGOs work. Saying that 'we' ensure a growing civil society "
        "implies that Russia needs no foreign help with it, an answer by implication."
    ),
    "concerns that you have mentioned": (
        "'These kinds of concerns that you have mentioned' covers all of Saunders's concerns, "
        "and one of them was the NGO law: the refusal to take them into account includes it."
    ),
    "interference from abroad": (
        "Foreign NGOs come from abroad: 'without any interference from abroad' can be read as "
        "the answer to whether they have a reason to operate in Russia."
    ),
}

#: Sentences that respond to another question, with a hint that sends the student back to them.
OTHER_QUESTION = {
    "members of the opposition": (
        "This sentence takes up another of Saunders's questions. Which of his words does it "
        "repeat, and which question was that word in?"
    ),
    "popular enough": (
        "Who are 'them' in this sentence? Read the sentence before it, and ask which of "
        "Saunders's questions that group belongs to."
    ),
    "the dialogue between": (
        "Read the subject of this sentence: the dialogue between which two parties cannot be "
        "discussed between Moscow and Washington? Which question was about them?"
    ),
}


def _turn_4_sentences() -> list[str]:
    talk = interview()
    return [" ".join(s.text.split()) for s in talk.sentences if s.turn == 3]


def ngo_reply_options() -> list[str]:
    return [*_turn_4_sentences(), NONE_OF_THEM]


def _reason(sentence: str, table: dict[str, str]) -> str | None:
    return next((reason for phrase, reason in table.items() if phrase in sentence), None)


@register(
    "01-ngo-reply",
    "The sentence of turn 4 that comes closest to answering the questions about foreign NGOs",
    options=ngo_reply_options,
)
def ngo_reply(answer: Any) -> tuple[bool, str]:
    options = ngo_reply_options()
    chosen, problem = choices(answer, len(options))
    if chosen is None:
        return False, problem
    reasons = []
    for number_ in chosen:
        option = options[number_ - 1]
        if option == NONE_OF_THEM:
            reasons.append(
                f"{number_}: defensible. Peskov never says 'NGO', and every candidate answers "
                "only by implication. Which sentence would a reader who disagrees quote?"
            )
            continue
        reason = _reason(option, DEFENSIBLE)
        if reason is None:
            hint = _reason(option, OTHER_QUESTION) or (
                "Read Saunders's NGO questions again, then this sentence: does it take up any "
                "of their words or their point?"
            )
            return (
                False,
                f"Sentence {number_} is hard to defend as a reply to the NGO questions. {hint}",
            )
        reasons.append(f"{number_}: defensible. {reason}")
    more = (
        " Other sentences can be defended too; in your written answer, say which reading you "
        "find strongest, and why."
    )
    return True, " ".join(reasons) + more
