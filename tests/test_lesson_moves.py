"""Tests for closereading.course.lesson_moves: the taxonomy views of notebook 04 and exercise 04's checks."""

from __future__ import annotations

import pytest

from closereading import load_interview, parse_transcript
from closereading.annotation.model import AnnotationSet
from closereading.annotation.taxonomy import load_moves, parse_moves
from closereading.base.paths import DATA_DIR
from closereading.course.exercises import Feedback
from closereading.course.lesson_moves import (
    PASSAGES,
    check_three_highlights,
    check_turn_4_count,
    family_view,
    judge_three_highlights,
    judge_turn_4_count,
    moves_table,
)

SAMPLE = {
    "schema": "closereading.moves/1",
    "families": [{"id": "tricks", "label": "Tricks <&>", "description": "Moves <b>made</b> up."}],
    "moves": [
        {
            "id": "dodge",
            "label": "Dodge <i>",
            "family": "tricks",
            "definition": "Says <script>alert(1)</script> instead.",
            "colour": "#E69F00",
            "marker": "wavy",
            "symbol": "<",
            "key": "1",
            "cues": ["well"],
            "examples": ["Well, <any> element"],
            "source": "Someone & Other (2000). <Title>.",
            "framework": "A frame",
            "note": "Mind the <gap>.",
        }
    ],
}


@pytest.fixture(scope="module")
def interview():
    return load_interview()


@pytest.fixture
def practice(interview):
    return AnnotationSet(interview, author="test")


def add_passages(practice, interview, moves, note="Because of the words here."):
    for passage, move in zip(PASSAGES, moves):
        start = interview.text.index(passage)
        practice.add(move, start, start + len(passage), note=note)


# --- views ---------------------------------------------------------------------------------------


def test_moves_table_lists_every_move_once_in_taxonomy_order():
    taxonomy = load_moves()
    view = moves_table(taxonomy)
    rows = view.text.splitlines()[1:]
    assert len(rows) == len(taxonomy)
    for row, move in zip(rows, taxonomy):
        assert move.label in row and f" {move.id} " in row and f" {move.key} " in row
        assert row.endswith(move.marker)
    assert view.html.count("<tr>") == len(taxonomy) + 1  # the header row too
    # each family's name appears once, on its first move's row
    assert [r.split()[0] for r in rows if not r.startswith(" ")] == [
        "Metadiscourse",
        "Equivocation",
        "Positioning",
        "Appeals",
    ]


def test_family_view_shows_definitions_examples_and_exact_sources():
    taxonomy = load_moves()
    for family in taxonomy.families:
        view = family_view(family.id, taxonomy)
        flat_text = " ".join(view.text.split())
        for move in taxonomy.by_family()[family.id]:
            assert move.definition in flat_text
            for example in move.examples:
                assert f"“{' '.join(example.split())}”" in flat_text
            assert " ".join(move.source.split()) in flat_text
            assert move.source.replace("&", "&amp;") in view.html


def test_family_view_names_the_framework_only_when_a_family_has_several_sources():
    assert "From:" not in family_view("metadiscourse").text
    assert (
        "From: Pronouns and political positioning (Wilson 1990)" in family_view("positioning").text
    )


def test_views_escape_every_string_that_reaches_html():
    taxonomy = parse_moves(SAMPLE)
    for html in (moves_table(taxonomy).html, family_view("tricks", taxonomy).html):
        assert "<script>" not in html and "<i>" not in html and "<any>" not in html
        assert "<gap>" not in html and "<b>made" not in html and "<Title>" not in html
    html = family_view("tricks", taxonomy).html
    assert "&lt;script&gt;" in html and "&lt;gap&gt;" in html and "Tricks &lt;&amp;&gt;" in html


def test_unknown_family_names_the_valid_ones():
    with pytest.raises(KeyError, match="metadiscourse"):
        family_view("rhetoric")


# --- exercise 04, task 1 -------------------------------------------------------------------------


def test_passages_occur_once_in_the_interview(interview):
    for passage in PASSAGES:
        assert interview.text.count(passage) == 1, passage


def test_three_defensible_highlights_pass(interview, practice):
    add_passages(practice, interview, ["hedge", "booster", "sovereignty"])
    feedback = check_three_highlights(practice)
    assert isinstance(feedback, Feedback) and feedback.ok and str(feedback).startswith("✓")


def test_either_of_two_moves_and_overlaps_are_accepted(interview, practice):
    add_passages(practice, interview, ["hedge", "attacking-the-question", "exclusive-we"])
    start = interview.text.index(list(PASSAGES)[2])
    practice.add(
        "sovereignty", start, start + len(list(PASSAGES)[2]), note="Domestic affairs, twice."
    )
    assert check_three_highlights(practice).ok


@pytest.mark.parametrize(
    "answer, expected",
    [
        (None, "No answer yet"),
        (..., "No answer yet"),
        ([], "not a list"),
    ],
)
def test_missing_or_wrong_kind_of_answer(answer, expected):
    feedback = check_three_highlights(answer)
    assert not feedback.ok and expected in feedback.message


def test_highlights_on_another_text_are_refused():
    other = parse_transcript(
        "---\nid: other\nspeaker: Q | interviewer\nspeaker: A | interviewee\n"
        "---\nQ: Why?\n\nA: Because."
    )
    feedback = check_three_highlights(AnnotationSet(other))
    assert not feedback.ok and "another text" in feedback.message


def test_a_missing_passage_is_named_by_number(interview, practice):
    add_passages(practice, interview, ["hedge"])
    feedback = check_three_highlights(practice)
    assert not feedback.ok and feedback.message.startswith("Passage 2,")


def test_a_highlight_that_is_not_exactly_the_passage_gets_the_recipe(interview, practice):
    passage = next(iter(PASSAGES))
    start = interview.text.index(passage)
    practice.add("hedge", start, start + 15, note="Softens the claim a lot.")
    feedback = check_three_highlights(practice)
    assert not feedback.ok and "interview.text.index(passage)" in feedback.message


def test_an_evasion_label_on_the_hedged_answer_explains_the_difference(interview, practice):
    add_passages(practice, interview, ["political-point", "booster", "sovereignty"])
    feedback = check_three_highlights(practice)
    assert not feedback.ok and "does take up the question" in feedback.message
    assert "hedge" not in feedback.message.lower()  # the hint never names the expected move


def test_a_wrong_move_gets_a_hint_without_the_answer(interview, practice):
    add_passages(practice, interview, ["hedge", "hedge", "sovereignty"])
    feedback = check_three_highlights(practice)
    assert not feedback.ok and feedback.message.startswith("Passage 2:")
    assert "booster" not in feedback.message.lower()


def test_every_highlight_needs_a_note(interview, practice):
    add_passages(practice, interview, ["hedge", "booster", "sovereignty"], note="")
    feedback = check_three_highlights(practice)
    assert not feedback.ok and "note" in feedback.message


# --- exercise 04, task 2 -------------------------------------------------------------------------


def expected_count(interview):
    reference = AnnotationSet.load(DATA_DIR / "annotations" / "reference.json", interview)
    turn = interview.turns[3]
    return sum(1 for a in reference if turn.start <= a.start and a.end <= turn.end)


def test_the_right_count_passes(interview):
    n = expected_count(interview)
    assert check_turn_4_count(n).ok and check_turn_4_count(float(n)).ok
    assert str(n) not in check_turn_4_count(n + 1).message


@pytest.mark.parametrize(
    "answer, expected",
    [
        (None, "No answer yet"),
        ("11", "text in quotes"),
        ([1, 2], "len(...)"),
        (2.5, "whole number"),
        (True, "whole number"),
        (23, "every highlight"),
        (20, "every one of Peskov's turns"),
        (0, "turn 5"),
        (8, "turn 2"),
        (100, "too high"),
    ],
)
def test_likely_slips_get_their_own_hint(answer, expected):
    feedback = check_turn_4_count(answer)
    assert not feedback.ok and expected in feedback.message


# --- the shape the exercise checks share ---------------------------------------------------------


def test_judges_return_ok_and_message_like_the_other_exercise_checks(interview, practice):
    add_passages(practice, interview, ["hedge", "booster", "sovereignty"])
    for judge, answer in ((judge_three_highlights, practice), (judge_turn_4_count, 1)):
        ok, message = judge(answer)
        assert isinstance(ok, bool) and isinstance(message, str) and message
    assert check_three_highlights(practice).task == "04-three-highlights"
    assert check_turn_4_count(None).task == "04-turn-4-count"
