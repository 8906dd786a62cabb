"""Tests for closereading.views.plots: titles, labels, descriptions, palette, the ``ax`` contract."""

from __future__ import annotations

import doctest
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")  # no display in tests; must come before pyplot is imported

import matplotlib.pyplot as plt
import pytest

import closereading
from closereading.analysis import structure
from closereading.analysis.concordance import word_positions
from closereading.analysis.frequency import (
    general_english_keyness,
    keyness,
    speaker_keyness,
    term_table,
)
from closereading.views import plots
from closereading.views.plots import (
    describe,
    dispersion,
    keyness_bars,
    share_of_talk,
    term_bars,
    top_terms,
)
from closereading.views.style import PALETTE, speaker_style

INTERVIEW = closereading.load_interview()
WORDS = INTERVIEW.words_by_speaker()
ROWS = term_table(INTERVIEW, stopwords=True)


def where(terms):
    return structure.dispersion(INTERVIEW, terms)


@pytest.fixture(autouse=True)
def no_show_and_close(monkeypatch):
    """Fail if anything calls plt.show(); close every figure a test made."""

    def refuse(*args, **kwargs):
        raise AssertionError("plot functions must not call plt.show()")

    monkeypatch.setattr(plt, "show", refuse)
    yield
    plt.close("all")


def _words_by_speaker():
    counts = {s.label: 0 for s in INTERVIEW.speakers}
    for token in INTERVIEW.words:
        counts[INTERVIEW.turns[token.turn].speaker] += 1
    return counts


def _check_labelled(ax):
    assert ax.get_title().strip()
    assert ax.get_xlabel().strip() and ax.get_ylabel().strip()
    text = describe(ax)
    assert text.endswith(".") and text.count("\n") == 0
    return text


# --- palette and styles -----------------------------------------------------------------------


def test_palette_is_okabe_ito():
    assert PALETTE == (
        "#E69F00",
        "#56B4E9",
        "#009E73",
        "#F0E442",
        "#0072B2",
        "#D55E00",
        "#CC79A7",
        "#000000",
    )


def test_speaker_style_never_rests_on_colour_alone():
    styles = speaker_style(INTERVIEW)
    assert list(styles) == ["Saunders", "Peskov"]
    assert all(style.color in PALETTE for style in styles.values())
    for attribute in ("color", "hatch", "marker"):
        values = [getattr(style, attribute) for style in styles.values()]
        assert len(set(values)) == len(values), attribute


# --- share of talk ----------------------------------------------------------------------------


def test_share_of_talk_description_has_the_real_numbers():
    words = _words_by_speaker()
    total = sum(words.values())
    ax = share_of_talk(WORDS)
    text = _check_labelled(ax)
    assert text == (
        f"Peskov speaks {words['Peskov']} of {total} words "
        f"({100 * words['Peskov'] / total:.0f}%); Saunders {words['Saunders']} "
        f"({100 * words['Saunders'] / total:.0f}%)."
    )
    assert text == "Peskov speaks 293 of 426 words (69%); Saunders 133 (31%)."
    labels = {t.get_text() for t in ax.texts}
    assert {"293 words (69%)", "133 words (31%)"} <= labels


def test_share_of_talk_bars_carry_hatches():
    ax = share_of_talk(WORDS)
    styles = speaker_style(INTERVIEW)
    hatches = [bar.get_hatch() or "" for bar in ax.patches]
    assert hatches == [styles["Saunders"].hatch, styles["Peskov"].hatch]


# --- the ax contract --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "draw",
    [
        lambda ax: share_of_talk(WORDS, ax=ax),
        lambda ax: top_terms(ROWS, n=5, ax=ax),
        lambda ax: keyness_bars(speaker_keyness(INTERVIEW, "Peskov"), ax=ax),
        lambda ax: dispersion(where(["sanctions"]), ax=ax),
    ],
    ids=["share_of_talk", "top_terms", "keyness_bars", "dispersion"],
)
def test_draws_on_the_axes_it_is_given(draw):
    _fig, (left, right) = plt.subplots(1, 2)
    figures = plt.get_fignums()
    returned = draw(right)
    assert returned is right
    assert plt.get_fignums() == figures  # no new figure
    assert not left.has_data()
    _check_labelled(right)


@pytest.mark.parametrize(
    "draw",
    [
        lambda: share_of_talk(WORDS),
        lambda: top_terms(ROWS),
        lambda: keyness_bars(general_english_keyness(INTERVIEW, stopwords=True)),
        lambda: dispersion(where("opposition")),
    ],
    ids=["share_of_talk", "top_terms", "keyness_bars", "dispersion"],
)
def test_makes_a_figure_when_given_no_axes(draw):
    before = len(plt.get_fignums())
    ax = draw()
    assert isinstance(ax, matplotlib.axes.Axes)
    assert len(plt.get_fignums()) == before + 1
    _check_labelled(ax)
    ax.figure.canvas.draw()  # lays out without errors


def test_describe_refuses_foreign_axes():
    _, ax = plt.subplots()
    with pytest.raises(LookupError, match="not drawn by closereading"):
        describe(ax)


# --- top terms --------------------------------------------------------------------------------


def test_top_terms_bars_are_labelled_with_counts():
    ax = top_terms(ROWS, n=3)
    text = _check_labelled(ax)
    assert "Saunders (133 words): believe 3" in text and "Peskov (293 words): russian 7" in text
    assert "stop words removed" in ax.get_title()
    terms = [label.get_text() for label in ax.get_yticklabels()]
    assert terms[0] == "russian"  # most frequent overall first
    counts = [t.get_text() for t in ax.texts]
    assert "7" in counts and "3" in counts
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "Saunders (133 words)",
        "Peskov (293 words)",
    ]


def test_top_terms_with_stems():
    ax = top_terms(term_table(INTERVIEW, stem=True), n=3, stem=True, stopwords=False)
    assert ax.get_ylabel() == "Stem" and "stems" in describe(ax)


# --- keyness bars -----------------------------------------------------------------------------


def test_keyness_bars_diverge_and_mark_unreliable_terms():
    records = keyness(
        {"we": 40, "sanctions": 2, "our": 30}, {"you": 40, "we": 5, "our": 30}, 200, 200
    )
    ax = keyness_bars(records, labels=("Peskov", "Saunders"))
    text = _check_labelled(ax)
    by_term = {k.term: k for k in records}
    terms = [label.get_text() for label in ax.get_yticklabels()]
    assert terms == ["we", "sanctions", "you"]  # target side first, strongest first; "our" ties
    widths = [bar.get_width() for bar in ax.patches]
    assert widths[0] == pytest.approx(by_term["we"].g2) and widths[2] < 0
    hatches = [bar.get_hatch() or "" for bar in ax.patches]
    assert hatches == ["", "///", ""]  # "sanctions" (2 vs 0) is unreliable
    assert "1 of 3 are flagged unreliable" in text
    assert f"'we' (G2 = {by_term['we'].g2:.1f}" in text
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("not reliable" in entry for entry in legend)
    assert "Peskov" in ax.get_xlabel() and "Saunders" in ax.get_xlabel()


def test_keyness_bars_log_ratio_and_limits():
    records = speaker_keyness(INTERVIEW, "Peskov")
    ax = keyness_bars(records, n=3, value="log_ratio")
    assert len(ax.patches) == 6
    shown = {k.term: k for k in records}
    for bar, label in zip(ax.patches, ax.get_yticklabels()):
        assert bar.get_width() == pytest.approx(shown[label.get_text()].log_ratio)
    with pytest.raises(ValueError):
        keyness_bars(records, value="p")


def test_keyness_bars_with_nothing_to_show():
    ax = keyness_bars([])
    assert describe(ax) == "No key terms to show."


# --- dispersion -------------------------------------------------------------------------------


def test_dispersion_positions_markers_and_bands():
    terms = ["sanction*", "opposition", "we"]
    ax = dispersion(where(terms))
    text = _check_labelled(ax)
    lines = ax.get_lines()
    markers = [line.get_marker() for line in lines if line.get_linestyle() == "None"]
    assert len(markers) == 3 and len(set(markers)) == 3
    points = [line for line in lines if line.get_linestyle() == "None"]
    for term, line in zip(terms, points):
        assert list(line.get_xdata()) == [p + 1 for p in word_positions(INTERVIEW, term)]
    assert text.startswith("Across 426 words in 6 turns: ")
    assert "'sanction*' 4 times (Saunders 1, Peskov 3), words 6 to 62" in text
    assert "'we' 10 times (Peskov 10)" in text
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "sanction* (4)",
        "opposition (4)",
        "we (10)",
    ]
    labels = {t.get_text() for t in ax.texts}
    assert {"Saunders", "Peskov"} <= labels
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["Saunders's turns", "Peskov's turns"]


def test_views_draw_the_records_they_are_given_and_never_count(monkeypatch):
    """A chart drawn from hand-made records shows exactly those numbers: no recount."""
    from closereading.analysis import frequency

    def refuse(*args, **kwargs):
        raise AssertionError("a view counted")

    monkeypatch.setattr(frequency, "term_counts", refuse)
    monkeypatch.setattr(frequency, "term_table", refuse)
    rows = [
        frequency.TermRow("tango", 7, 70.0, "A", 100),
        frequency.TermRow("no", 2, 20.0, "B", 100),
    ]
    ax = top_terms(rows, n=5)
    assert "A (100 words): tango 7" in describe(ax) and "B (100 words): no 2" in describe(ax)
    assert "7" in [t.get_text() for t in ax.texts]
    ax = term_bars(rows[:1])
    assert describe(ax).startswith("A's 1 most frequent words")
    assert describe(share_of_talk({"A": 3, "B": 1})) == "A speaks 3 of 4 words (75%); B 1 (25%)."


def test_a_speaker_has_the_same_colour_in_every_chart():
    styles = speaker_style(INTERVIEW)
    share = share_of_talk(WORDS)
    by_label = dict(zip(WORDS, (bar.get_facecolor() for bar in share.patches)))
    for labels in (("Peskov", "Saunders"), ("Saunders", "Peskov")):
        ax = keyness_bars(speaker_keyness(INTERVIEW, labels[0]), n=3, labels=labels, styles=styles)
        for bar, label in zip(ax.patches, ax.get_yticklabels()):
            side = labels[0] if bar.get_width() >= 0 else labels[1]
            assert matplotlib.colors.same_color(bar.get_facecolor()[:3], by_label[side][:3]), label
    english = keyness_bars(
        general_english_keyness(INTERVIEW, "Peskov", stopwords=True),
        n=3,
        labels=("Peskov", "general English"),
        styles=styles,
    )
    assert matplotlib.colors.same_color(
        english.patches[0].get_facecolor()[:3], styles["Peskov"].color
    )


def test_dispersion_of_a_missing_term():
    ax = dispersion(where(["zzzz", "tango"]))
    assert "'zzzz' never" in describe(ax)


# --- laziness and examples --------------------------------------------------------------------


def test_importing_the_package_loads_neither_matplotlib_nor_nltk():
    code = (
        "import sys, closereading, closereading.analysis.frequency, closereading.analysis.concordance, "
        "closereading.views.plots; "
        "print([m in sys.modules for m in ('matplotlib', 'nltk', 'wordfreq')])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[False, False, False]"


def test_docstring_examples_run():
    """The >>> examples in plots.py are kept true."""
    result = doctest.testmod(plots, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
