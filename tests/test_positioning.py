"""Pronouns, modals and negations found as records with offsets, on the interview and on
transcripts that are not interviews; the charts drawn from those records."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest

import closereading
from closereading.analysis import positioning as P
from closereading.text.transcript import parse_transcript
from closereading.views import positioning as V
from closereading.views._figure import describe

# A press briefing in the State Department's label style: not an interview with one question and
# one answer a turn, and speakers labelled in capitals.
BRIEFING = """---
title: A constructed briefing
speaker: MS. NULAND | interviewee | The spokesperson
speaker: QUESTION | interviewer | Reporters
---
MS. NULAND: Good afternoon. We won't be able to say more today. We'll have to wait.

QUESTION: Can you tell us whether they're going to stay? Isn't that your decision?

MS. NULAND: I'm not going to get ahead of them. We never said that, and we shouldn't.
"""

# A statement: one speaker, no questions at all.
STATEMENT = """---
speaker: Minister | other | A minister reading a statement
---
Minister: Our people need to know that nobody will be left without help. You must be patient;
they cannot and will not abandon you. In no way is this the end.
"""


def test_every_marker_is_its_offsets(interview):
    for find in (P.pronouns, P.modals, P.negations):
        for marker in find(interview):
            assert interview.text[marker.start : marker.end] == marker.text
            turn = interview.turns[marker.turn]
            assert turn.start <= marker.start < marker.end <= turn.end
            assert turn.speaker == marker.speaker


def test_the_interview_counts(interview):
    pronouns = P.pronouns(interview)
    we = [m for m in pronouns if m.group == "first-person plural"]
    assert len(pronouns) == 27 and len(we) == 14
    assert {m.speaker for m in we} == {"Peskov"}
    assert [m.form for m in P.negations(interview)].count("in no way") == 1
    assert len(P.negations(interview)) == 9
    assert len(P.modals(interview)) == 9


def test_in_no_way_is_one_negation_and_negates_the_modal(interview):
    forms = [m.form for m in P.negations(interview)]
    assert "no" not in forms  # the "no" of "in no way" is not counted twice
    can = [m for m in P.modals(interview) if m.form == "can"]
    assert len(can) == 1 and can[0].negated


def test_will_after_we_cannot_and_is_volition_with_prediction_as_the_other_reading(interview):
    will = [m for m in P.modals(interview) if m.form == "will"]
    refusal = next(m for m in will if m.negated)
    assert refusal.group == "volition" and refusal.also == "prediction"
    exposed = next(m for m in will if "exposed" in m.right)
    assert exposed.group == "prediction" and exposed.also == "volition"


def test_a_briefing_in_capital_labels():
    t = parse_transcript(BRIEFING)
    assert [m.text for m in P.pronouns(t)] == [
        "We",
        "We",
        "you",
        "us",
        "they",
        "your",
        "them",
        "We",
        "we",
    ]
    modal = [(m.form, m.group, m.negated, m.text) for m in P.modals(t)]
    assert modal == [
        ("won't", "volition", True, "won't"),
        ("be able to", "possibility", True, "be able to"),
        ("will", "volition", False, "'ll"),
        ("have to", "necessity", False, "have to"),
        ("can", "possibility", False, "Can"),
        ("be going to", "prediction", False, "'re going to"),
        ("be going to", "volition", True, "'m not going to"),
        ("shouldn't", "necessity", True, "shouldn't"),
    ]
    assert [m.text for m in P.negations(t)] == ["won't", "Isn't", "not", "never", "shouldn't"]


def test_contracted_pronouns_keep_only_the_pronoun():
    t = parse_transcript(BRIEFING)
    we_ll = next(m for m in P.pronouns(t) if t.text[m.start : m.start + 5] == "We'll")
    assert we_ll.text == "We"
    will = next(m for m in P.modals(t) if m.form == "will")
    assert will.text == "'ll" and will.group == "volition"


def test_a_statement_with_one_speaker():
    t = parse_transcript(STATEMENT)
    assert [m.form for m in P.pronouns(t)] == ["our", "you", "they", "you"]
    groups = [(m.form, m.group) for m in P.modals(t)]
    assert groups == [
        ("need to", "necessity"),
        ("will", "prediction"),
        ("must", "necessity"),
        ("cannot", "possibility"),
        ("will", "prediction"),
    ]
    assert [m.form for m in P.negations(t)] == ["nobody", "without", "cannot", "not", "in no way"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("They have got to go.", [("have got to", "necessity")]),
        ("She wanted to win.", [("wanted to", "volition")]),
        ("He is willing to help.", [("be willing to", "volition")]),
        ("He was bound to lose.", [("be bound to", "necessity")]),
        ("It ought to end.", [("ought to", "necessity")]),
        # "able", "willing", "going" and "bound" count only after a form of "be"
        ("They felt able to speak, willing to wait and bound to lose.", []),
        ("A going to the market.", []),
    ],
)
def test_semi_modals_by_group_and_after_be(sentence, expected):
    t = parse_transcript(f"---\nspeaker: A | other | A speaker\n---\nA: {sentence}\n")
    assert [(m.form, m.group) for m in P.modals(t)] == expected


def test_it_only_when_asked(interview):
    assert not any(m.form == "it" for m in P.pronouns(interview))
    assert any(m.form == "it" for m in P.pronouns(interview, include_it=True))


def test_counts_by_turn_and_speaker_add_up(interview):
    system = P.modality_system(interview)
    rows = P.counts_by_turn(system, interview, P.SYSTEM_GROUPS)
    assert sum(sum(r[g] for g in P.SYSTEM_GROUPS) for r in rows) == len(system) == 18
    by_speaker = P.counts_by_speaker(system, interview, P.SYSTEM_GROUPS)
    assert sum(r["count"] for r in by_speaker) == 18
    peskov = {r["group"]: r for r in by_speaker if r["speaker"] == "Peskov"}
    assert peskov["negation"]["count"] == 9 and peskov["negation"]["per_1000"] == 30.7


def test_charts_draw_hand_made_records_without_counting(monkeypatch):
    for name in ("pronouns", "modals", "negations", "counts_by_turn", "counts_by_speaker"):
        monkeypatch.setattr(P, name, lambda *a, **k: pytest.fail("a view counted"))
    rows = [
        {"turn": 1, "speaker": "Q", "words": 5, "necessity": 2, "negation": 0},
        {"turn": 2, "speaker": "A", "words": 9, "necessity": 0, "negation": 3},
    ]
    ax = V.modality_by_turn(rows, ["necessity", "negation"])
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert "turn 1 · Q 2, turn 2 · A 3" in describe(ax)
    speakers = [
        {"speaker": "Q", "group": "negation", "count": 1, "per_1000": 200.0},
        {"speaker": "A", "group": "negation", "count": 3, "per_1000": 333.3},
    ]
    ax = V.modality_by_speaker(speakers)
    assert "A negation 333.3 (3)" in describe(ax)
    assert len(ax.get_legend().get_texts()) == 2


def test_shift_chart_names_each_run_of_referents():
    from closereading.annotation.pronouns import REFERENTS, ReferencePoint

    points = [
        ReferencePoint(1, 2, "A", "we", 0, "government", "the government", False),
        ReferencePoint(2, 2, "A", "our", 5, "nation", "Russia as a nation", True),
        ReferencePoint(3, 4, "A", "our", 9, "nation", "Russia as a nation", False),
    ]
    ax = V.reference_shifts(points, REFERENTS)
    assert describe(ax) == (
        "3 pronouns in text order; the referent changes 1 time: the government (1); "
        "then Russia as a nation (2)."
    )
    assert ax.get_yticklabels()[0].get_text() == "the government"
    empty = V.reference_shifts([], REFERENTS)
    assert "empty" in describe(empty)


def test_the_practice_exchange():
    t = closereading.load_transcript(
        closereading.paths.DATA_DIR / "interviews" / "practice-exchange.txt"
    )
    we = [m for m in P.pronouns(t) if m.group == "first-person plural"]
    assert [(m.turn + 1, m.text) for m in we] == [
        (4, "we"),
        (4, "we"),
        (4, "We"),
        (4, "we"),
        (5, "us"),
        (8, "We"),
        (8, "we"),
    ]
    refusal = next(m for m in P.modals(t) if m.form == "be going to")
    assert (refusal.text, refusal.group, refusal.negated) == ("'m not going to", "volition", True)
    assert [m.text for m in P.negations(t)] == ["nobody", "not", "Isn't", "not", "Nobody", "not"]


# --- Exercise 06's self-checks: every defensible answer accepted, wrong ones get a hint ---------

NOTE_ALL = "The word 'all' stretches the group past the ministry to the residents, one shared wish."
NOTE_THAN = "Nobody wants it more than we do: the comparison sets the ministry apart from others."
EX06_DEFENSIBLE = {
    "06-we-all": [
        (2, NOTE_ALL),
        (3, "Read as everyone, 'We all want a healthy river' is a truism nobody could deny."),
        (5, "Who 'all' covers is never said, and the vagueness lets the ministry share the wish."),
        ("2", NOTE_ALL),
    ],
    "06-than-we-do": [(1, NOTE_THAN), ("1", NOTE_THAN)],
    "06-findings-will": [3, 4, "prediction", "volition"],
    "06-nobody-ignored": [2, 4, (2, 4), "2"],
}
EX06_WRONG = {
    "06-we-all": [
        ((1, NOTE_ALL), "Read 'all'"),
        ((4, NOTE_ALL), "reporters"),
        ((2, "all"), "too short"),
        ((2, 3), "note"),
        (((2, 3), NOTE_ALL), "Choose one referent"),
        ((9, NOTE_ALL), "no option 9"),
        ("2", "Give the referent and the note, each in its own answer cell"),
    ],
    "06-than-we-do": [((2, NOTE_THAN), "nobody"), ((5, NOTE_THAN), "comparison")],
    "06-findings-will": [(1, "oblige"), (2, "can happen"), ((3, 4), "one group")],
    "06-nobody-ignored": [(1, "subject"), (3, "softer or harder"), ((2, 5), "Reading 5")],
}


@pytest.mark.parametrize(
    "task, answer", [(t, a) for t, answers in EX06_DEFENSIBLE.items() for a in answers]
)
def test_exercise_06_accepts_every_defensible_answer_with_a_reason(task, answer):
    from closereading.course.exercises import check

    result = check(task, answer)
    assert result.ok, str(result)
    assert len(result.message.split()) >= 8


@pytest.mark.parametrize(
    "task, answer, hint", [(t, a, h) for t, cases in EX06_WRONG.items() for a, h in cases]
)
def test_exercise_06_hints_without_giving_the_answer(task, answer, hint):
    from closereading.course.exercises import check

    result = check(task, answer)
    assert not result.ok and hint in result.message, str(result)
    assert "volition" not in result.message.lower()
    assert "prediction" not in result.message.lower()


def test_exercise_06_tasks_are_registered_and_unanswered_is_said():
    from closereading.course.exercises import TASKS, check

    assert set(EX06_DEFENSIBLE) == set(EX06_WRONG) == {t for t in TASKS if t.startswith("06-")}
    for task in EX06_DEFENSIBLE:
        assert check(task, None).message.startswith("Not answered yet")


def test_a_hypothetical_would_has_no_reading_as_volition(interview):
    """ "Do you believe that additional sanctions would be helpful?" speaks of a hypothetical
    case; "we will" keeps both readings."""
    from closereading.analysis import positioning

    found = positioning.modals(interview)
    would = next(m for m in found if m.form == "would" and m.turn == 0)
    assert (would.group, would.also) == ("prediction", "")
    assert any(m.form == "will" and m.also == "prediction" for m in found)
