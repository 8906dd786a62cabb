"""Tables of records as aligned text and escaped HTML."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

import closereading
from closereading.analysis import frequency
from closereading.views import tables

INTERVIEW = closereading.load_interview()


@dataclass(frozen=True)
class Row:
    term: str
    count: int
    score: float
    kept: bool


def test_table_aligns_text_left_and_numbers_right():
    view = tables.table([Row("we", 10, 7.4853, True), Row("<b>", 2, 0.5, False)])
    assert repr(view).splitlines() == [
        "term  count  score  kept",
        "we       10    7.5  yes",
        "<b>       2    0.5  no",
    ]
    assert "&lt;b&gt;" in view.html and "<b>" not in view.html


def test_table_takes_dicts_tuples_columns_labels_and_digits():
    rows = [{"w": "a", "n": 1.23456}, {"w": "b", "n": None}]
    assert repr(tables.table(rows, ["n"], labels={"n": "N"}, digits=3)).splitlines() == [
        "N",
        "1.235",
        "—",
    ]
    assert repr(tables.table([("x", 1)], ["word", "count"])).splitlines()[1] == "x         1"
    assert repr(tables.table([])) == "(no rows)"
    with pytest.raises(KeyError, match="no column"):
        tables.table(rows, ["missing"])
    with pytest.raises(TypeError):
        tables.table([object()])


def test_keyness_table_names_both_texts():
    view = tables.keyness_table(
        frequency.speaker_keyness(INTERVIEW, "Peskov"), top=1, labels=("Peskov", "Saunders")
    )
    head, first = repr(view).splitlines()
    assert head.split()[:3] == ["term", "Peskov", "Saunders"]
    assert first.split()[:3] == ["we", "10", "0"]
    assert "Peskov expected" in head and "Saunders expected" in head
    # expected counts 6.88 and 3.12, then G2 7.5
    assert first.split()[5:8] == ["6.88", "3.12", "7.5"]


def test_keyness_table_shows_small_expected_counts_readably():
    english = frequency.general_english_keyness(INTERVIEW, "Peskov", stopwords=True)
    view = tables.keyness_table(english, top=1, labels=("Peskov", "English"))
    _head, first = repr(view).splitlines()
    cells = first.split()
    assert cells[0] == "russian"
    # the text's expected count is a small fraction, never printed as 0.0 or in e-notation
    assert cells[5] == "0.030" and "e" not in cells[5]
    assert tables._expected(0.0000123) == "0.000012"
    assert [tables._expected(v) for v in (0.94, 6.877, 10206.9, 0.0)] == [
        "0.94",
        "6.88",
        "10,207",
        "0.00",
    ]


def test_word_table_shows_word_use_records():
    records = frequency.word_use(INTERVIEW, ["We", "will"])
    lines = repr(tables.word_table(records)).splitlines()
    assert lines[0].split() == ["word", "stop", "word", "Saunders", "Peskov"]
    assert lines[1].split() == ["we", "yes", "0", "10"]
    assert lines[2].split() == ["will", "no", "0", "3"]
    assert repr(tables.word_table([])) == "(no rows)"


def test_word_table_never_counts():
    """Given a transcript instead of records, it says how to count first."""
    with pytest.raises(TypeError, match="word_use"):
        tables.word_table(INTERVIEW)
