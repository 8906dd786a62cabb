"""What a check can tell about a student's words: nonsense never reads as writing, and fair
writing (a paragraph, a telegraphic note, a limits paragraph without keywords) always does."""

from __future__ import annotations

import pytest

from closereading.analysis.prose import read_prose

PROMPT = "What does the pronoun “we” do in Peskov's answers, and who is included in it?"
LOREM = (
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt "
    "ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation."
)
SALAD = (
    "river banana quickly sanctions purple government elephant yesterday democracy orange "
    "window piano freedom table running carpet opposition"
)


@pytest.mark.parametrize(
    "text, hint",
    [
        (LOREM, "English words"),
        (SALAD, "list of words"),
        (PROMPT, "repeats the question"),
        ("What does the pronoun we do in Peskov's answers? It includes.", "repeats the question"),
        ("", "nothing is written"),
    ],
)
def test_nonsense_is_never_writing(text, hint):
    reading = read_prose(text, PROMPT)
    assert not reading.readable
    assert any(hint in p for p in reading.problems), reading.problems


@pytest.mark.parametrize(
    "text",
    [
        "Peskov widens “we” from the government to the whole country when sanctions come up, "
        "so criticism of the Kremlin sounds like criticism of every Russian.",
        "Peskov: sanctions illegal, NGO law domestic, opposition marginal; three deflections, "
        "each reframing the question as foreign interference.",
        "My evidence cannot show what Peskov intended: the interview was translated, the "
        "magazine may have cut parts, and the codes are mine, so another reader could differ.",
        "Песков говорит «мы»: the government first, then Russia as a nation.",  # some Russian
    ],
)
def test_fair_writing_is_always_writing(text):
    reading = read_prose(text, PROMPT)
    assert reading.readable, reading.problems


def test_a_minimum_length_is_said_with_the_count():
    assert read_prose("Too short.", min_words=10).problems == ("it has 2 words; write at least 10",)
