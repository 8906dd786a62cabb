"""Exercise 03 · Words in context: a concordance of every form of *engage*, a word the lesson
never looked up, and a reading of what Peskov does with Saunders's word.

The lesson built concordances of *sanctions*, *diplomacy*, *domestic*, *we*, *our* and
*concern*; the student applies the same method to *engage* and answers a reading question by
choosing among readings, several of which can be defended.
"""

from __future__ import annotations

from typing import Any

from closereading.course.checks._answers import choices, interview, short
from closereading.course.checks._registry import register

WORD = "engage"


def _expected() -> set[tuple[int, int]]:
    from closereading.analysis.concordance import kwic

    return {(line.start, line.end) for line in kwic(interview(), WORD, by="stem")}


def _lines(answer: Any) -> tuple[list | None, str]:
    """The concordance lines a query (text) or a concordance (the result of
    ``concordance.concordance``) stands for, or ``(None, hint)``."""
    from closereading.analysis.concordance import KWICLine, kwic

    if isinstance(answer, str):
        try:
            return list(kwic(interview(), answer)), ""
        except ValueError:
            return None, (
                f"The query {short(answer)} cannot be searched: type one word, and put a "
                "* at its end to catch every ending, e.g. sanction*."
            )
    try:
        lines = list(answer)
    except TypeError:
        return None, "Type your query as one word, e.g. sanction*."
    if not all(isinstance(line, KWICLine) for line in lines):
        return None, (
            "Type your query as one word, e.g. sanction*, or give the concordance it makes, "
            "unchanged."
        )
    return lines, ""


def _show(lines: list) -> str:
    if not lines:
        return "Your query finds no lines."
    found = "; ".join(f"{line.speaker}, turn {line.turn + 1}: '{line.keyword}'" for line in lines)
    return f"Your query finds {len(lines)} line{'s' if len(lines) != 1 else ''} ({found})."


@register("03-engage-forms", "A query that finds every form of 'engage', in both speakers' turns")
def engage_forms(answer: Any) -> tuple[bool, str]:
    lines, problem = _lines(answer)
    if lines is None:
        return False, problem
    expected = _expected()
    given = {(line.start, line.end) for line in lines}
    if given == expected:
        return True, (
            "Right: every form, both speakers. Read the two lines side by side: who engages "
            "with whom, in each speaker's mouth? Task 2 asks."
        )
    shown = _show(lines)
    if not given:
        return False, (
            f"{shown} Check the spelling, and end the word with * to catch every ending."
        )
    if any(len(line.keyword.split()) > 1 for line in lines):
        return False, f"{shown} Your query is a phrase. Search for the single word, ending in *."
    if given - expected:
        return False, (
            f"{shown} Some lines are not forms of '{WORD}': your query catches other words "
            "too. Start it with the whole stem of the word."
        )
    speakers = {line.speaker for line in lines}
    if len({line.keyword.casefold() for line in lines}) == 1 or len(speakers) == 1:
        return False, (
            f"{shown} The word comes in another form too, in the other speaker's turn. End "
            "the query with * so that it catches every ending."
        )
    return False, f"{shown} Some forms are missing: end the query with *."


# --- Task 2: what Peskov does with Saunders's word --------------------------------------------

ENGAGE_READINGS = (
    "Peskov promises that the government will engage with the opposition.",
    "Peskov takes up Saunders's word but changes who engages: 'political engagement' is "
    "something growing in Russian society, and the government's engagement with the "
    "opposition is not mentioned.",
    "Peskov uses the word to present growing engagement as an achievement of 'we', in place "
    "of the answer Saunders asked for.",
    "Peskov never uses any form of the word.",
    "Both speakers use the word in the same sense: the government talking with the opposition.",
)

#: Option number -> why it is defensible, or a hint for an option that is not.
ENGAGE_REASONS = {
    2: (
        True,
        "Saunders's 'the Russian government to engage with Russia’s opposition' becomes "
        "'growing political engagement', with no one engaging with anyone in particular.",
    ),
    3: (
        True,
        "The sentence credits 'we' with 'a growing civil society, growing political "
        "engagement': a point in the government's favour where the question asked about "
        "plans. The move list calls that making a political point.",
    ),
    1: (
        False,
        "Read Peskov's line again: is there a promise in it, a future tense, a 'will'? Who "
        "is the subject of the sentence it comes from?",
    ),
    4: (
        False,
        "Look at your concordance from Task 1: whose turns do its lines come from?",
    ),
    5: (
        False,
        "Compare what stands around the word in each line: who engages with whom in "
        "Saunders's line, and in Peskov's?",
    ),
}


@register(
    "03-engage-reading",
    "What Peskov does with Saunders's word 'engage'",
    options=lambda: ENGAGE_READINGS,
)
def engage_reading(answer: Any) -> tuple[bool, str]:
    chosen, problem = choices(answer, len(ENGAGE_READINGS))
    if chosen is None:
        return False, problem
    reasons = []
    for number in chosen:
        ok, text = ENGAGE_REASONS[number]
        if not ok:
            return False, f"Reading {number} is hard to defend from the lines. {text}"
        reasons.append(f"{number}: defensible. {text}")
    if len(chosen) == 1:
        reasons.append("Another reading can be defended as well; can both hold at once?")
    return True, " ".join(reasons)


def concordance_for(query: Any, width: int = 60) -> Any:
    """The concordance a student's query makes, for reading; a short message instead of an
    error when there is no query yet or it cannot be searched."""
    from closereading.views.concordance import concordance
    from closereading.views.display import TextView

    if not isinstance(query, str) or not query.strip():
        message = "No query yet: type it in the answer cell of Task 1, and run that cell."
        return TextView(message, f"<p>{message}</p>")
    try:
        return concordance(interview(), query, width=width)
    except ValueError:
        message = f"The query {short(query)} cannot be searched: type one word, e.g. sanction*."
        from html import escape

        return TextView(message, f"<p>{escape(message)}</p>")
