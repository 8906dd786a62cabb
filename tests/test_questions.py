"""Question units: the rule on the course's interview, on a constructed practice exchange and on
transcripts in the other label styles (a press briefing, Q:/A:, timestamps), layouts a reader
chooses, design cues, and the coverage of answers."""

from __future__ import annotations

import pytest

from closereading import load_transcript, parse_transcript
from closereading.analysis.answer_coverage import coverage
from closereading.analysis.questions import (
    UnitLayoutError,
    answer_sentences,
    default_starts,
    design_cues,
    question_form,
    question_units,
)
from closereading.base.paths import DATA_DIR

PRACTICE = DATA_DIR / "interviews" / "practice-exchange.txt"

BRIEFING = """---
title: An invented briefing in the State Department's label style
speaker: MS. LEE | interviewee | a spokesperson (invented)
speaker: QUESTION | interviewer | reporters
---
MS. LEE: Good afternoon. I have nothing at the top.

QUESTION: On the talks. Are they over? What happens next?

MS. LEE: They are not over. We will meet again in March.

QUESTION: Follow-up.

QUESTION: Who will lead the delegation?

MS. LEE: The deputy secretary.
"""

TIMESTAMPED = """---
speaker: Host | interviewer | a host
speaker: Guest | interviewee | a guest
---
Host (00:01): Welcome. Why did you resign? Was it the budget?
Guest (00:09): It was time.
"""


def test_the_interview_has_five_units_three_of_them_in_saunders_second_turn(interview):
    units = question_units(interview)
    assert [(u.label, u.turn, u.kind) for u in units] == [
        ("Q1", 0, "question"),
        ("Q2", 2, "question"),
        ("Q3", 2, "question"),
        ("Q4", 2, "question"),
        ("Q5", 4, "statement"),
    ]
    q2, q3, q4 = units[1:4]
    assert q2.text.startswith("If I could just ask one final question")
    assert q2.text.endswith("engage with Russia’s opposition?")
    assert [s.role for s in q2.segments] == ["framing"] * 3 + ["interrogative"]
    assert q3.text.startswith("Also, another big concern")
    assert "even a reason" in q3.interrogatives[0].text
    # The coda after the last question stays with it.
    assert q4.segments[-1].text.startswith("Certainly many in the United States")
    assert [u.answer_turn for u in units] == [1, 3, 3, 3, 5]


def test_offsets_are_the_text_itself(interview):
    for unit in question_units(interview):
        assert interview.text[unit.start : unit.end] == unit.text
        for segment in unit.segments:
            assert interview.text[segment.start : segment.end] == segment.text
        turn = interview.turns[unit.turn]
        assert turn.start <= unit.start < unit.end <= turn.end


def test_no_unit_in_the_interviewees_turns(interview):
    for unit in question_units(interview):
        assert interview.turns[unit.turn].role == "interviewer"


@pytest.mark.parametrize(
    "text, form",
    [
        ("Do you believe that additional sanctions would be helpful?", "polar"),
        ("Also, do you agree?", "polar"),
        ("Isn't it true that they ignored it?", "negative polar"),
        ("Don’t you think so?", "negative polar"),
        ("Is it not the case?", "negative polar"),
        ("Why now?", "wh"),
        ("And how?", "wh"),
        ("You are leaving?", "declarative"),
        ("“Really?”", "declarative"),
        ("This is a statement.", ""),
    ],
)
def test_question_form(text, form):
    assert question_form(text) == form


def test_a_press_briefing_with_the_interviewer_answering_no_one(tmp_path):
    briefing = parse_transcript(BRIEFING)
    units = question_units(briefing)
    assert [(u.label, u.turn, u.kind, u.answer_turn) for u in units] == [
        ("Q1", 1, "question", 2),
        ("Q2", 1, "question", 2),
        ("Q3", 3, "statement", None),  # "Follow-up." is followed by another question
        ("Q4", 4, "question", 5),
    ]
    assert units[0].text == "On the talks. Are they over?"
    assert answer_sentences(briefing, units[2]) == []
    assert [s.text for s in answer_sentences(briefing, units[3])] == ["The deputy secretary."]


def test_q_and_a_labels_and_timestamps():
    qa = parse_transcript(
        "---\nspeaker: Q | interviewer\nspeaker: A | interviewee\n---\n"
        "Q: Tell us about it. Will it pass?\n\nA: Yes."
    )
    assert [u.text for u in question_units(qa)] == ["Tell us about it. Will it pass?"]
    timed = parse_transcript(TIMESTAMPED)
    assert [u.text for u in question_units(timed)] == [
        "Welcome. Why did you resign?",
        "Was it the budget?",
    ]


def test_the_practice_exchange_is_labelled_as_constructed_and_splits_as_intended():
    practice = load_transcript(PRACTICE)
    assert "constructed for practice, not a real interview" in practice.title
    assert "not a real interview" in practice.meta["constructed"]
    assert practice.parts[0].kind == "title" and "not a real interview" in practice.parts[0].text
    units = question_units(practice)
    assert [u.kind for u in units] == ["question"] * 5 + ["statement"]
    assert [question_form(u.interrogatives[0].text) for u in units[:5]] == [
        "polar",
        "polar",
        "polar",
        "polar",
        "negative polar",
    ]
    assert units[2].text == "And will you let independent inspectors visit the site?"


def test_a_reader_can_merge_and_split(interview):
    starts = default_starts(interview)
    q3 = interview.text.index("Also, another big concern")
    merged = question_units(interview, [s for s in starts if s != q3])
    assert [u.label for u in merged] == ["Q1", "Q2", "Q3", "Q4"]
    assert merged[1].text.endswith("foreign NGOs to operate in Russia?")
    split_at = interview.text.index("There are many people")
    split = question_units(interview, [*starts, split_at])
    assert split[1].text == "If I could just ask one final question . . ."
    assert split[1].kind == "statement"
    assert split[2].id == f"u{split_at}"


def test_the_first_sentence_of_a_turn_always_starts_a_unit(interview):
    assert question_units(interview, []) == question_units(
        interview, [t.start for t in interview.turns if t.role == "interviewer"]
    )
    assert len(question_units(interview, [])) == 3


@pytest.mark.parametrize("bad", [5, -1, "233", 1.5, True])
def test_a_start_that_is_not_a_sentence_start_is_refused_with_the_fix(interview, bad):
    with pytest.raises(UnitLayoutError, match="where a sentence of an interviewer's turn begins"):
        question_units(interview, [bad])


def test_a_start_in_an_answer_is_refused(interview):
    with pytest.raises(UnitLayoutError):
        question_units(interview, [interview.text.index("Diplomacy is preferable")])


def test_design_cues_find_footing_and_polarity_items(interview):
    cues = {(c.kind, c.text) for c in design_cues(interview, question_units(interview))}
    assert ("polarity item", "any") in cues
    assert ("polarity item", "even") in cues
    assert ("attribution", "another big concern") in cues
    assert ("preface", "If I could just ask one final question") in cues
    practice = load_transcript(PRACTICE)
    kinds = {c.kind for c in design_cues(practice, question_units(practice))}
    assert {"negative interrogative", "attribution", "polarity item"} <= kinds


def test_cue_offsets_are_the_text(interview):
    for cue in design_cues(interview, question_units(interview)):
        assert interview.text[cue.start : cue.end] == cue.text


def test_coverage_of_the_interview(interview):
    units = question_units(interview)
    cells = coverage(interview, units)
    q3 = [c for c in cells if c.unit_label == "Q3"]
    # The NGO question shares only "concern" with the answer: never "NGOs", never "foreign".
    assert {w for c in q3 for w in c.shared} == {"concern"}
    assert [c.sentence_label for c in cells if c.unit_label == "Q1"][:2] == ["T2.1", "T2.2"]
    assert not any(c.evidence for c in cells)
    start = interview.text.index("without any interference")
    cited = coverage(interview, units, {units[2].id: [(start, start + 10)]})
    assert [c.sentence_label for c in cited if c.evidence] == ["T4.7"]
