"""Tests for closereading.analysis.reference_comparison: matching highlights and the per-move
figures of one reading beside the reference."""

from __future__ import annotations

import pytest

from closereading.analysis.reference_comparison import (
    MATCH_RULE,
    MoveAgreement,
    compare_readings,
    overlap,
    spans_match,
)


def span(move, start, end, **extra):
    return {"move": move, "start": start, "end": end, **extra}


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ((0, 10), (0, 10), True),  # identical
        ((0, 10), (2, 6), True),  # one inside the other
        ((0, 10), (5, 30), True),  # overlap 5 = half of the shorter (10)
        ((0, 10), (6, 30), False),  # overlap 4 < 5
        ((0, 10), (10, 20), False),  # touching is not overlapping
        ((0, 1), (0, 1), True),  # one character
        ((0, 100), (99, 101), True),  # overlap 1 >= half of the 2-character span
    ],
)
def test_spans_match_needs_half_of_the_shorter(a, b, expected):
    assert spans_match(a, b) is expected
    assert spans_match(b, a) is expected


def test_overlap_counts_shared_characters():
    assert overlap(0, 10, 5, 30) == 5
    assert overlap(0, 10, 20, 30) == 0


def test_found_other_move_and_missed():
    reference = [span("hedge", 0, 10), span("booster", 20, 30), span("hedge", 50, 60)]
    student = [span("hedge", 2, 12), span("hedge", 20, 30), span("sovereignty", 80, 90)]
    result = compare_readings(student, reference, ["hedge", "booster", "sovereignty"])
    assert [p.status for p in result.passages] == ["found", "other-move", "missed"]
    assert result.passages[1].student_moves == ("hedge",)
    rows = {row.move: row for row in result.moves}
    assert rows["hedge"] == MoveAgreement("hedge", student=2, reference=2, found=1, agreeing=1)
    assert rows["booster"] == MoveAgreement("booster", student=0, reference=1, found=0, agreeing=0)
    assert rows["sovereignty"].reference == 0 and rows["sovereignty"].student == 1
    assert result.total == MoveAgreement("all", student=3, reference=3, found=1, agreeing=1)


def test_rows_follow_the_given_order_and_skip_unused_moves():
    result = compare_readings([span("b", 0, 5)], [span("a", 10, 15)], ["z", "b", "a"])
    assert [row.move for row in result.moves] == ["b", "a"]


def test_moves_missing_from_the_order_come_last_by_id():
    result = compare_readings([span("y", 0, 5), span("x", 6, 9)], [], ["y"])
    assert [row.move for row in result.moves] == ["y", "x"]


def test_one_long_student_highlight_can_find_two_short_reference_ones():
    reference = [span("hedge", 0, 4), span("hedge", 6, 10)]
    result = compare_readings([span("hedge", 0, 10)], reference)
    assert result.moves[0].found == 2
    assert result.moves[0].agreeing == 1


def test_recall_and_precision():
    row = MoveAgreement("hedge", student=4, reference=2, found=1, agreeing=2)
    assert row.recall == 0.5 and row.precision == 0.5
    assert MoveAgreement("x", 0, 0, 0, 0).recall is None
    assert MoveAgreement("x", 0, 0, 0, 0).precision is None


def test_empty_readings():
    result = compare_readings([], [])
    assert result.moves == () and result.passages == ()
    assert result.total.student == result.total.reference == 0


def test_takes_objects_with_attributes():
    from closereading import load_interview
    from closereading.annotation.model import AnnotationSet

    interview = load_interview()
    start = interview.text.index("Diplomacy is preferable")
    mine = AnnotationSet(interview)
    mine.add("attitude-marker", start, start + 23)
    theirs = AnnotationSet(interview)
    theirs.add("attitude-marker", start, start + 9)
    result = compare_readings(mine, theirs)
    assert result.passages[0].status == "found"
    assert result.to_dict()["passages"][0]["reference"]["quote"] == "Diplomacy"


def test_to_dict_is_plain_data():
    result = compare_readings([span("hedge", 0, 5)], [span("hedge", 0, 5, note="why")])
    data = result.to_dict()
    assert data["rule"] == MATCH_RULE
    assert data["moves"] == [
        {"move": "hedge", "student": 1, "reference": 1, "found": 1, "agreeing": 1}
    ]
    assert data["passages"][0] == {
        "reference": {"move": "hedge", "start": 0, "end": 5, "note": "why"},
        "status": "found",
        "student_moves": [],
    }


def test_the_highlighter_s_names_stay_importable_from_agreement():
    """The highlighter's modules import these three from analysis.agreement, where they lived."""
    from closereading.analysis import agreement, reference_comparison

    for name in ("MATCH_RULE", "Comparison", "compare_readings"):
        assert getattr(agreement, name) is getattr(reference_comparison, name)
