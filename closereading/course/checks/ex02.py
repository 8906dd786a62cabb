"""Exercise 02 · Counting words: the rate and the G2 of *our*, a word the lesson counted but
did not score, with a prediction made before the computation. The G2 task takes the four
numbers ``log_likelihood`` needs (or the score itself), so the student chooses the inputs and
no code has to be written.

The lesson worked both steps through for *we* (34.1 per 1,000; G2 7.5). Here the student
applies them to *our*, which Peskov says four times and Saunders never, and finds that four
against none is not significant at p < 0.05.
"""

from __future__ import annotations

from typing import Any

from closereading.course.checks._answers import holds, interview, near, number, off
from closereading.course.checks._registry import register

WORD = "our"


def _count(term: str, speaker: str) -> int:
    from closereading.analysis.frequency import term_counts

    return term_counts(interview(), speaker=speaker)[term]


def _size(speaker: str, stopwords: bool = False) -> int:
    from closereading.analysis.frequency import term_counts

    return sum(term_counts(interview(), speaker=speaker, stopwords=stopwords).values())


@register("02-our-rate", "How often Peskov says 'our', per 1,000 of his words")
def our_rate(answer: Any) -> tuple[bool, str]:
    value, problem = number(answer, "the rate per 1,000 words")
    if value is None:
        return False, problem
    ours, words = _count(WORD, "Peskov"), _size("Peskov")
    expected = 1000 * ours / words
    # The lesson prints rates to one decimal; that, a whole number or more decimals all hold.
    if holds(value, expected, decimals=1):
        return True, (
            "Right. Set it beside his rate for 'we' in the lesson: together they show how often "
            "Peskov speaks for a group. Saunders, who never says 'our', has a rate of 0; does "
            "that make the difference significant? Task 2 asks."
        )
    if near(value, 1000 * _count("we", "Peskov") / words):
        return False, (
            "That is Peskov's rate for 'we', which the lesson computed. Do the same for 'our': "
            "its count comes from the table above."
        )
    mistakes = [
        (
            float(ours),
            "That is how many times he says it, a count. Turn it into a rate: divide "
            "by the number of words Peskov speaks and multiply by 1,000.",
        ),
        (expected / 10, "That is a rate per 100 words. The task asks per 1,000."),
        (
            1000 * ours / (words + _size("Saunders")),
            "You divided by all the words in the "
            "interview. A speaker's rate is per 1,000 of that speaker's own words.",
        ),
        (
            1000 * ours / _size("Peskov", stopwords=True),
            "You divided by the words left after "
            "removing stop words. Rates are per 1,000 of all the words the speaker says.",
        ),
        (
            1000 * ours / _size("Saunders"),
            "You divided by Saunders's words. The rate is per 1,000 of Peskov's own words.",
        ),
    ]
    if abs(value - expected / 1000) < 0.0005:
        return (
            False,
            "That is a proportion of his words. Per 1,000 words means multiplying by 1,000.",
        )
    for wrong, hint in mistakes:
        if near(value, wrong):
            return False, hint
    if value == 0:
        return False, (
            "Zero is Saunders's count. 'our' is on the stop word list, so count Peskov's "
            "words with stop words kept."
        )
    return False, (
        f"Not yet: your rate is {off(value, expected)}. Take the count of 'our' in Peskov's "
        "turns, divide by the number of words he speaks, multiply by 1,000."
    )


_G2_INPUTS = ("our_peskov", "our_saunders", "size_peskov", "size_saunders")


def _g2_value(answer: Any) -> tuple[float | None, str]:
    """The G2 an answer stands for: a number, or the four numbers ``log_likelihood`` takes."""
    from closereading.analysis.frequency import log_likelihood

    if not isinstance(answer, (tuple, list)):
        return number(answer, "the G2 score")
    if len(answer) != len(_G2_INPUTS):
        return None, "Give the four numbers: two counts, then two sizes."
    missing = [name for name, part in zip(_G2_INPUTS, answer) if part is None]
    if missing:
        verb = "is" if len(missing) == 1 else "are"
        return None, f"Fill in every number: {', '.join(missing)} {verb} still None."
    values = []
    for name, part in zip(_G2_INPUTS, answer):
        value, problem = number(part, name)
        if value is None:
            return None, problem
        if value < 0:
            return None, f"{name} is negative; counts and sizes are 0 or more."
        values.append(value)
    if values[2] == 0 or values[3] == 0 or values[0] > values[2] or values[1] > values[3]:
        return None, (
            "A size must be at least as large as the count that goes with it, and more than 0: "
            "check that the counts come first and the sizes second."
        )
    return log_likelihood(*values), ""


@register("02-our-g2", "The log-likelihood (G2) of 'our' for Peskov against Saunders")
def our_g2(answer: Any) -> tuple[bool, str]:
    from closereading.analysis.frequency import log_likelihood

    value, problem = _g2_value(answer)
    if value is None:
        return False, problem
    a, b = _count(WORD, "Peskov"), _count(WORD, "Saunders")
    c, d = _size("Peskov"), _size("Saunders")
    expected = log_likelihood(a, b, c, d)
    # The lesson's tables print G2 to one decimal ("7.5"); that, a whole number or more decimals hold.
    if holds(value, expected, decimals=1):
        verdict = (
            "below 3.84, so not significant even at p < 0.05" if expected < 3.84 else "above 3.84"
        )
        return True, (
            f"Right: G2 = {expected:.2f}. It is {verdict}, although Peskov says 'our' {a} times and Saunders "
            f"{'never' if b == 0 else f'{b} times'}. Was that your prediction? Compare it with "
            "the lesson's 'we', and ask what the difference in counts does to the score."
        )
    if near(value, log_likelihood(_count("we", "Peskov"), _count("we", "Saunders"), c, d)):
        return False, (
            "That is the G2 of 'we', from the lesson. Use the counts of 'our' from the table above."
        )
    mistakes = [
        (
            log_likelihood(a, b, c + d, d),
            "For Peskov's size you used all the words in the "
            "interview. Use the words Peskov speaks for him and the words Saunders speaks for him.",
        ),
        (
            log_likelihood(a, b, c, c + d),
            "For Saunders's size you used all the words in the "
            "interview. Use the words Saunders speaks.",
        ),
        (
            log_likelihood(a, b, d, c),
            "The two sizes are the wrong way round: the first size "
            "belongs with the first count (Peskov's), the second with the second (Saunders's).",
        ),
        (
            log_likelihood(a, b, _size("Peskov", True), _size("Saunders", True)),
            "Your sizes "
            "count only the words left after removing stop words. Use all the words each speaker "
            "says.",
        ),
    ]
    for wrong, hint in mistakes:
        if near(value, wrong, decimals=2):
            return False, hint
    if value < 0:
        return False, "G2 is never negative. Check the four numbers you gave log_likelihood."
    return False, (
        "Not yet. log_likelihood takes four numbers in this order: how often Peskov says 'our', "
        "how often Saunders says it, how many words Peskov speaks, how many words Saunders "
        "speaks (all words, stop words included)."
    )
