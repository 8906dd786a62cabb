"""Tests for closereading.text.selection: whole words, one turn, and the arrow keys."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from closereading import load_interview, parse_transcript
from closereading.text.selection import SelectionError, WordIndex

TINY = parse_transcript(
    "---\nspeaker: Q | interviewer\nspeaker: A | interviewee\n---\n"
    "Title line\n\nQ: Why now? Not later.\n\nA: We believe so."
)


@pytest.fixture(scope="module")
def words() -> WordIndex:
    return WordIndex(TINY)


def at(phrase: str) -> tuple[int, int]:
    start = TINY.text.index(phrase)
    return start, start + len(phrase)


def snapped(words: WordIndex, start: int, end: int, **kwargs) -> str:
    return TINY.text[slice(*words.snap(start, end, **kwargs))]


def test_snap_widens_to_whole_words_and_drops_the_punctuation_at_the_edges(words):
    start, end = at("hy now? No")
    assert snapped(words, start, end) == "Why now? Not"
    assert snapped(words, *at(" now? ")) == "now"


def test_a_selection_across_two_turns_is_clipped_to_the_turn_where_it_starts(words):
    start, _ = at("later")
    _, end = at("We bel")
    assert snapped(words, start, end) == "later"
    assert snapped(words, start, end, backward=True) == "We believe"


@pytest.mark.parametrize(
    "start, end, problem",
    [
        (5, 5, "the selection is empty"),
        (9, 3, "the selection is empty"),
        (0, 5, "inside a speaker's turn"),  # the title has no words of any turn
        ("0", 5, "start must be a whole number"),
        (0, True, "end must be a whole number"),
    ],
)
def test_a_selection_without_a_word_is_refused(words, start, end, problem):
    with pytest.raises(SelectionError, match=problem):
        words.snap(start, end)


def test_the_title_is_skipped_when_a_drag_starts_there(words):
    """A drag from the title into the first turn keeps the first turn's words."""
    assert snapped(words, 0, at("Why")[1]) == "Why"


def text_of(words: WordIndex, cursor: tuple[int, int]) -> str:
    return TINY.text[slice(*words.span(*cursor))]


def test_arrow_keys_step_through_words(words):
    cursor = words.step(None, "word", forward=True)
    assert text_of(words, cursor) == "Why"
    cursor = words.step(cursor, "word", forward=True)
    assert text_of(words, cursor) == "now"
    cursor = words.step(cursor, "word", forward=False)
    assert text_of(words, cursor) == "Why"
    assert words.step(cursor, "word", forward=False) == cursor  # nothing before the first word


def test_shift_arrows_grow_and_shrink_inside_the_anchors_turn(words):
    start, end = at("later")
    first, last = words.words_in(start, end)
    cursor = (first, last)
    assert words.step(cursor, "word", forward=True, extend=True) == cursor  # "We" is A's
    grown = words.step(cursor, "word", forward=False, extend=True)
    assert text_of(words, grown) == "Not later"
    assert grown == (first, first - 1)  # the anchor stays where the selection began
    # With nothing selected, Shift does not extend: it moves.
    assert (
        text_of(words, words.step(cursor, "word", forward=True, extend=True, selected=False))
        == "We"
    )


def test_up_and_down_select_sentences(words):
    cursor = words.step(None, "sentence", forward=True)
    assert text_of(words, cursor) == "Why now"
    cursor = words.step(cursor, "sentence", forward=True)
    assert text_of(words, cursor) == "Not later"
    cursor = words.step(cursor, "sentence", forward=True)
    assert text_of(words, cursor) == "We believe so"
    assert words.step(cursor, "sentence", forward=True) == cursor  # the last stays
    # From a word, the first press selects its own sentence.
    one = words.words_in(*at("later"))
    assert text_of(words, words.step(one, "sentence", forward=False)) == "Not later"


def test_an_unknown_step_is_refused(words):
    with pytest.raises(SelectionError, match="'word' or 'sentence'"):
        words.step(None, "paragraph", forward=True)


INTERVIEW = load_interview()
INDEX = WordIndex(INTERVIEW)
TURN_OF = {i: t for t in INTERVIEW.turns for i in range(t.start, t.end)}


@settings(max_examples=300, deadline=None)
@given(
    st.integers(0, len(INTERVIEW.text)),
    st.integers(1, 400),
    st.booleans(),
)
def test_a_snapped_selection_is_whole_words_in_one_turn(start, length, backward):
    end = min(start + length, len(INTERVIEW.text))
    try:
        s, e = INDEX.snap(start, end, backward=backward)
    except SelectionError:
        first = next((w for w in INTERVIEW.words if w.end > start), None)
        assert first is None or first.start >= end  # no word touched at all
        return
    assert s in INDEX.starts and e in INDEX.ends
    assert TURN_OF[s] is TURN_OF[e - 1]
    kept = TURN_OF[e - 1] if backward else TURN_OF[s]
    touched = [w for w in INTERVIEW.words if w.end > start and w.start < end]
    in_turn = [w for w in touched if INTERVIEW.turns[w.turn] is kept]
    assert (s, e) == (in_turn[0].start, in_turn[-1].end)  # every touched word of that turn
    assert kept is (TURN_OF[touched[-1].start] if backward else TURN_OF[touched[0].start])
    assert INDEX.snap(s, e) == (s, e)  # snapping twice changes nothing
