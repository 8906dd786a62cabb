"""Views for a first reading: parts, turns, questions beside answers, sentences, tokens."""

from __future__ import annotations

import pytest

import closereading
from closereading import parse_transcript
from closereading.analysis import structure
from closereading.views import reading

INTERVIEW = closereading.load_interview()

TINY = parse_transcript("""---
speaker: Q | interviewer
speaker: A | interviewee
---
A <headline>

Q: Will you <go>? Soon?

A: No. We take it as it comes.

Image: A photo & a credit.""")


def test_part_rows_follow_the_page_and_count_spoken_words():
    rows = structure.part_rows(INTERVIEW)
    assert [r.kind for r in rows] == [
        "title",
        "dateline",
        "title",
        "standfirst",
        "turn",
        "turn",
        "turn",
        "turn",
        "turn",
        "turn",
        "caption",
    ]
    assert [r.words for r in rows if r.kind == "turn"] == [9, 112, 118, 177, 6, 4]


def test_turn_rows_count_words_sentences_and_questions():
    rows = structure.turn_rows(INTERVIEW)
    assert [(r.turn, r.speaker, r.words, r.questions) for r in rows][:3] == [
        (1, "Saunders", 9, 1),
        (2, "Peskov", 112, 0),
        (3, "Saunders", 118, 3),
    ]
    assert sum(r.words for r in rows) == len(INTERVIEW.words)


def test_turns_table_adds_a_total_per_speaker():
    text = repr(reading.turns_table(INTERVIEW)).splitlines()
    assert text[-2].split() == ["all", "Saunders", "133", "10", "4"]
    assert text[-1].split() == ["all", "Peskov", "293", "14", "0"]


def test_question_answer_pairs_each_question_with_its_answer():
    view = reading.question_answer(TINY)
    lines = repr(view).splitlines()
    assert lines[2].startswith("Turn 1 · Q") and lines[2].endswith("| Turn 2 · A")
    assert "&lt;go&gt;" in view.html and "<go>" not in view.html


def test_sentences_filter_by_speaker_turn_ending_and_word():
    assert repr(reading.sentences(TINY, speaker="Q", ending="?")).splitlines() == [
        "Turn 1 · Q: Will you <go>?",
        "Turn 1 · Q: Soon?",
    ]
    assert repr(reading.sentences(TINY, turn=2)).count("Turn 2") == 2
    assert (
        repr(reading.sentences(TINY, containing="take*")) == "Turn 2 · A: We take it as it comes."
    )
    assert repr(reading.sentences(TINY, containing="TAKE")) == "Turn 2 · A: We take it as it comes."
    assert repr(reading.sentences(TINY, containing="tak")) == "(no sentences match)"
    with pytest.raises(KeyError):
        reading.sentences(TINY, speaker="Nobody")


def test_tokens_show_each_cut_and_escape_html():
    view = reading.tokens(TINY, sentence=1)
    assert repr(view).splitlines() == [
        "Sentence 1: 6 tokens, 3 of them words, 3 punctuation",
        "Will | you | < | go | > | ?",
    ]
    assert "&lt;" in view.html and "<go>" not in view.html
    with pytest.raises(ValueError, match="between 1 and"):
        reading.tokens(TINY, sentence=99)


def test_page_parts_escape_the_page():
    view = reading.page_parts(TINY)
    assert "&lt;headline&gt;" in view.html and "A photo &amp; a credit." in view.html
