"""Tests for closereading.views.heatmap: counts drawn over the text and along the turns, from
hand-made records (nothing here counts)."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from closereading.analysis.agreement import WordCount
from closereading.views._figure import describe
from closereading.views.heatmap import heatmap_figure, heatmap_html, level

TEXT = "Q: <Why>?\n\nA: We do not & will not."


def word(i, text, turn, marked, moves=None, families=None):
    start = TEXT.index(text)
    return WordCount(
        i, start, start + len(text), text, turn, 10, marked, moves or {}, families or {}, {}
    )


COUNTS = [
    word(0, "<Why>", 0, 0),
    word(1, "We", 1, 8, {"hedge": 6, "booster": 3}, {"metadiscourse": 8}),
    word(2, "do", 1, 8, {"hedge": 6}, {"metadiscourse": 8}),
    word(3, "not", 1, 2, {"sovereignty": 2}, {"appeal": 2}),
    word(4, "will", 1, 0),
]


class Turn:
    def __init__(self, index, speaker):
        self.index, self.speaker = index, speaker


def test_text_is_escaped_and_words_nobody_marked_stay_plain():
    html = heatmap_html(COUNTS, TEXT)
    assert "&lt;Why&gt;" in html and "<Why>" not in html and "&amp; will" in html
    assert html.count('class="hw') == 2  # "We do" (8 readers) and "not" (2)


def test_each_passage_carries_its_count_as_text_and_for_screen_readers():
    html = heatmap_html(COUNTS, TEXT, labels={"hedge": "Hedge <h>", "booster": "Booster"})
    first = re.search(r'<span class="hw h(\d)" tabindex="0"[^>]*aria-label="([^"]*)"', html)
    assert first.group(1) == "4"  # 8 of 10
    assert first.group(2) == "We do: marked by 8 of 10 (Hedge &lt;h&gt; 6, Booster 3)"
    assert '<span class="n" aria-hidden="true">8</span>' in html


def test_family_and_move_scopes_count_their_own_readers():
    family = heatmap_html(COUNTS, TEXT, "family", "appeal")
    assert family.count('class="hw') == 1 and "marked by 2 of 10" in family
    move = heatmap_html(COUNTS, TEXT, "move", "booster")
    assert "We: marked by 3 of 10 (booster 3)" in move


@pytest.mark.parametrize(
    "share, step", [(0, 0), (0.01, 1), (0.2, 1), (0.21, 2), (0.6, 3), (0.99, 5), (1, 5)]
)
def test_five_steps_of_intensity(share, step):
    assert level(share) == step


def test_figure_stacks_families_along_the_turns_and_describes_itself():
    ax = heatmap_figure(
        COUNTS,
        [Turn(0, "Q"), Turn(1, "A")],
        [("metadiscourse", "Metadiscourse"), ("appeal", "Appeal"), ("positioning", "Positioning")],
    )
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Metadiscourse", "Appeal"]
    assert [t.get_text() for t in ax.texts] == ["1", "2"]  # short turns: their numbers only
    text = describe(ax)
    assert "5 words" in text and "10 readers" in text and "'We' in A's turn 2, by 8" in text
    plt.close(ax.figure)


def test_figure_of_an_empty_class_says_so():
    ax = heatmap_figure([], [], [("appeal", "Appeal")])
    assert describe(ax) == "No readers: the chart is empty."
    plt.close(ax.figure)


def test_a_passage_never_runs_past_the_end_of_a_sentence():
    text = "No. We will."
    counts = [
        WordCount(i, text.index(w), text.index(w) + len(w), w, 0, 4, 3, {"hedge": 3}, {}, {})
        for i, w in enumerate(("No", "We", "will"))
    ]
    marks = re.findall(r'aria-label="([^"]*)"', heatmap_html(counts, text, sentence_of=[0, 1, 1]))
    assert [m.split(":")[0] for m in marks] == ["No", "We will"]
    # without sentences, the turn alone bounds a passage, as before
    assert len(re.findall("aria-label", heatmap_html(counts, text))) == 1
