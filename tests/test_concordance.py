"""Tests for closereading.analysis.concordance: KWIC lines, offsets, context, sorting, queries, HTML."""

from __future__ import annotations

import doctest
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import closereading
from closereading.analysis import concordance as finder
from closereading.views import concordance
from closereading.views.concordance import KWICLine, KWICTable, kwic, kwic_html, word_positions

HEADER = (
    "---\ntitle: test\nspeaker: Q | interviewer | asks\nspeaker: A | interviewee | answers\n---\n"
)


def make(body: str):
    return closereading.parse_transcript(HEADER + body)


INTERVIEW = closereading.load_interview()
VOCABULARY = sorted({tok.norm for tok in INTERVIEW.tokens if tok.is_word})


def _flat_before(t, line: KWICLine) -> str:
    turn = t.turns[line.turn]
    return " ".join(t.text[turn.start : line.start].split())


def _flat_after(t, line: KWICLine) -> str:
    turn = t.turns[line.turn]
    return " ".join(t.text[line.end : turn.end].split())


# --- matching ---------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(word=st.sampled_from(VOCABULARY), width=st.integers(0, 90))
def test_every_occurrence_with_exact_offsets_and_whole_word_context(word, width):
    lines = kwic(INTERVIEW, word, width=width)
    assert len(lines) == sum(1 for tok in INTERVIEW.tokens if tok.norm == word)
    for line in lines:
        assert INTERVIEW.text[line.start : line.end] == line.keyword
        assert len(line.left) <= width and len(line.right) <= width
        before, after = _flat_before(INTERVIEW, line), _flat_after(INTERVIEW, line)
        # The context is the text next to the keyword, collapsed, cut on a word boundary.
        assert before.endswith(line.left)
        assert line.left in ("", before) or before[-len(line.left) - 1] == " "
        assert after.startswith(line.right)
        assert line.right in ("", after) or after[len(line.right)] == " "
        assert INTERVIEW.turns[line.turn].speaker == line.speaker


def test_case_and_apostrophes_are_folded():
    t = make("Q: We DON'T know. We don’t!\n\nA: Don't.")
    assert [line.keyword for line in kwic(t, "don’t")] == ["DON'T", "don’t", "Don't"]
    assert len(kwic(t, "DON'T")) == 3


def test_wildcard_and_stem():
    assert [line.keyword for line in kwic(INTERVIEW, "concern*")] == [
        "concerned",
        "concerns",
        "concern",
        "concern",
        "concerns",
        "concerns",
    ]
    assert len(kwic(INTERVIEW, "concern", by="stem")) == 6
    assert len(kwic(INTERVIEW, "concern")) == 2
    assert {line.keyword for line in kwic(INTERVIEW, "*ian")} >= {"Russian", "Iranian"}


def test_phrases_match_in_sequence_within_a_turn():
    lines = kwic(INTERVIEW, "as a matter of fact")
    assert [line.keyword for line in lines] == ["as a matter of fact"]
    assert [line.keyword for line in kwic(INTERVIEW, "United  States")] == ["United States"] * 3
    assert kwic(INTERVIEW, "believe that", by="phrase") == kwic(INTERVIEW, "Believe That")
    t = make("Q: Tell me why\n\nA: Why not?")
    assert kwic(t, "why why") == []  # the last word of one turn and the first of the next
    assert len(kwic(t, "why")) == 2


def test_phrase_skips_punctuation_but_keeps_the_exact_slice():
    t = make("Q: Well, frankly speaking, no.")
    (line,) = kwic(t, "well frankly")
    assert line.keyword == "Well, frankly" == t.text[line.start : line.end]


def test_speaker_filter():
    assert {line.speaker for line in kwic(INTERVIEW, "russian", speaker="saunders")} == {"Saunders"}
    assert len(kwic(INTERVIEW, "russian", speaker="Peskov")) == 7
    with pytest.raises(KeyError):
        kwic(INTERVIEW, "russian", speaker="Putin")


def test_bad_queries():
    with pytest.raises(ValueError, match="no words"):
        kwic(INTERVIEW, " ?! ")
    with pytest.raises(ValueError, match="by='phrase'"):
        kwic(INTERVIEW, "united states", by="word")
    with pytest.raises(ValueError):
        kwic(INTERVIEW, "russian", by="lemma")
    with pytest.raises(ValueError):
        kwic(INTERVIEW, "russian", sort="random")
    assert kwic(INTERVIEW, "zzzz") == []


def test_word_positions(interview=INTERVIEW):
    words = interview.words
    positions = word_positions(interview, "sanctions")
    assert [words[i].norm for i in positions] == ["sanctions"] * 4
    assert word_positions(interview, "sanctions", speaker="Saunders") == positions[:1]


# --- context ----------------------------------------------------------------------------------


def test_context_stays_in_its_turn():
    t = make("Q: Why sanctions?\n\nA: Sanctions work.")
    first, second = kwic(t, "sanctions", width=80)
    assert (first.left, first.right, first.speaker) == ("Why", "?", "Q")
    assert (second.left, second.right, second.speaker) == ("", "work.", "A")
    for line in kwic(INTERVIEW, "the", width=200):
        assert "Saunders:" not in line.left + line.right
        assert "Peskov:" not in line.left + line.right
        assert "Image" not in line.right


def test_white_space_is_collapsed_for_display():
    t = make("Q: a\u00a0\u00a0big   \u00a0sanctions\n   and\tmore")
    (line,) = kwic(t, "sanctions")
    assert (line.left, line.right) == ("a big", "and more")


def test_context_cut_on_whole_words():
    t = make("Q: alpha beta gamma KEY delta epsilon zeta")
    (line,) = kwic(t, "key", width=11)
    assert (line.left, line.right) == ("beta gamma", "delta")
    (line,) = kwic(t, "key", width=3)
    assert (line.left, line.right) == ("", "")


def test_long_white_space_runs_do_not_starve_the_context():
    t = make("Q: one two" + " " * 300 + "three KEY")
    (line,) = kwic(t, "key", width=20)
    assert line.left == "one two three"


# --- sorting ----------------------------------------------------------------------------------


def test_sort_left_uses_the_nearest_words_first():
    t = make("Q: b x KEY zed.\n\nA: a y KEY one.\n\nQ: c x KEY two.")
    assert [line.right for line in kwic(t, "key")] == ["zed.", "one.", "two."]
    # Left: by the word just before the keyword, then the one before that (x b, x c, y a).
    assert [line.right for line in kwic(t, "key", sort="left")] == ["zed.", "two.", "one."]
    assert [line.left for line in kwic(t, "key", sort="right")] == ["a y", "c x", "b x"]


# --- rendering --------------------------------------------------------------------------------


def test_html_escapes_the_transcript_text():
    t = make('Q: Say <script>alert("x")</script> sanctions <img src=x onerror=alert(1)> now.')
    page = kwic_html(kwic(t, "sanctions"), caption="<caption trick>")
    assert "<script>" not in page and "<img" not in page and "<caption trick>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;caption trick&gt;" in page


def test_html_escapes_speaker_labels_and_keywords():
    line = KWICLine("<i>left", "<b>key</b>", "right & co", '<Q onclick="x">', 2, 0, 10)
    page = kwic_html([line])
    assert "&lt;Q onclick=&quot;x&quot;&gt;" in page and "<Q" not in page
    assert "&lt;b&gt;key&lt;/b&gt;" in page and "right &amp; co" in page
    assert '<td style="text-align:right">3</td>' in page  # turns shown from 1
    assert re.fullmatch(r"<table.*</table>", page, flags=re.S)


def test_table_renders_text_and_html_deterministically():
    table = concordance.concordance(INTERVIEW, "opposition", width=30)
    assert isinstance(table, KWICTable) and len(table) == 4 and table[0].keyword == "opposition"
    text = repr(table)
    assert (
        text
        == str(table)
        == table.to_text()
        == repr(concordance.concordance(INTERVIEW, "opposition", width=30))
    )
    assert text.splitlines()[0] == "KWIC for 'opposition': 4 lines"
    assert "0x" not in text
    # The keyword column lines up.
    columns = {line.index("opposition") for line in text.splitlines()[1:]}
    assert len(columns) == 1
    assert table._repr_html_().startswith('<table class="closereading-kwic">')
    assert table.speakers() == {"Saunders": 2, "Peskov": 2}
    empty = concordance.concordance(INTERVIEW, "zzzz")
    assert repr(empty) == "KWIC for 'zzzz': 0 lines (no matches)"


# --- the index --------------------------------------------------------------------------------


def test_index_is_built_once_per_transcript():
    t = make("Q: One two one.")
    first = finder._index(t)
    kwic(t, "one")
    assert finder._index(t) is first
    other = make("Q: One two one.")
    assert finder._index(other) is not first


def test_index_does_not_keep_its_transcript_alive():
    import gc
    import weakref

    t = make("Q: One two one.")
    kwic(t, "one")
    alive = weakref.ref(t)
    del t
    gc.collect()
    assert alive() is None


def test_docstring_examples_run():
    """The >>> examples in concordance.py are kept true."""
    result = doctest.testmod(concordance, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
