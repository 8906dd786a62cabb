# Over 300 lines: it tests both concordance modules (analysis and views) on shared fixtures.
"""Tests for closereading.analysis.concordance and closereading.views.concordance: KWIC lines,
offsets, context, sorting, queries, lazy lines, text and HTML display, adding tables."""

from __future__ import annotations

import doctest
import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import closereading
from closereading.analysis import concordance as finder
from closereading.analysis.frequency import stem
from closereading.text.tokens import is_word, normalize, word_spans
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


# --- the same lines as a straightforward reference --------------------------------------------


def _cut_left(before: str, width: int) -> str:
    """The most whole chunks from the end of ``before`` that fit in ``width`` characters."""
    kept: list[str] = []
    for chunk in reversed(before.split()):
        if len(" ".join([chunk, *kept])) > width:
            break
        kept.insert(0, chunk)
    return " ".join(kept)


def _cut_right(after: str, width: int) -> str:
    kept: list[str] = []
    for chunk in after.split():
        if len(" ".join([*kept, chunk])) > width:
            break
        kept.append(chunk)
    return " ".join(kept)


def _retokenized(context: str) -> list[str]:
    return [normalize(tok) for _, _, tok in word_spans(context) if is_word(tok)]


def _fits(term: str, norm: str, by: str) -> bool:
    if "*" in term:
        return re.fullmatch(".*".join(map(re.escape, term.split("*"))), norm) is not None
    return stem(norm) == stem(term) if by == "stem" else norm == term


def reference_kwic(t, query, width=40, by=None, sort="position", speaker=None) -> list[KWICLine]:
    """Every word position tried in turn; context cut from the whole turn; sort keys re-tokenized."""
    terms = finder._query_terms(query)
    by = by or ("phrase" if len(terms) > 1 else "word")
    words, text, n = t.words, t.text, len(terms)
    label = t.speaker(speaker).label if speaker is not None else None
    lines = []
    for i in range(len(words) - n + 1):
        first, last, turn = words[i], words[i + n - 1], t.turns[words[i].turn]
        if last.turn != first.turn or label not in (None, turn.speaker):
            continue
        if all(_fits(term, words[i + k].norm, by) for k, term in enumerate(terms)):
            lines.append(
                KWICLine(
                    _cut_left(text[turn.start : first.start], width),
                    text[first.start : last.end],
                    _cut_right(text[last.end : turn.end], width),
                    turn.speaker,
                    turn.index,
                    first.start,
                    last.end,
                    first.start == turn.start or text[first.start - 1].isspace(),
                    last.end == turn.end or text[last.end].isspace(),
                )
            )
    if sort == "left":
        lines.sort(key=lambda line: _retokenized(line.left)[::-1])
    elif sort == "right":
        lines.sort(key=lambda line: _retokenized(line.right))
    return lines


_WORDS = ["sanctions", "Sanctions", "we", "don’t", "don't", "U.S.", "NGOs", "concern", "concerns"]
_WORDS += ["concerned", "state-to-state", "100", "3.5", "20%", "e.g.", "Mr.", "I"]
_PUNCT = [".", ",", ";", "?", "!", "(", ")", '"', "“", "”", "...", ". . .", "—", "-", "'", "’"]
_GAPS = [" ", " ", " ", "  ", "\u00a0", "\n", "", " \u00a0 ", "\t"]
_TURN = st.lists(
    st.tuples(st.sampled_from(_WORDS + _PUNCT), st.sampled_from(_GAPS)), min_size=1, max_size=30
).map(lambda pairs: "".join(token + gap for token, gap in pairs).strip())


def _queries(t) -> list[str]:
    words = t.words
    pairs = [f"{words[k].text} {words[k + 1].text}" for k in range(0, len(words) - 1, 3)]
    return [*sorted({word.norm for word in words}), "con*", "*s", "s*s", *pairs]


def _assert_same_as_reference(t, width: int) -> None:
    for query, by, sort, speaker in itertools.product(
        _queries(t), (None, "stem"), ("position", "left", "right"), (None, "A")
    ):
        try:
            want = reference_kwic(t, query, width, by, sort, speaker)
        except KeyError:  # no such speaker in this transcript
            continue
        got = kwic(t, query, width=width, by=by, sort=sort, speaker=speaker)
        assert got == want, (query, by, sort, speaker, width)


@settings(max_examples=80, deadline=None)
@given(
    turns=st.lists(_TURN.filter(lambda s: any(c.isalnum() for c in s)), min_size=1, max_size=4),
    width=st.sampled_from([0, 1, 3, 7, 12, 25, 40]),
)
def test_the_same_lines_as_the_reference_on_made_up_texts(turns, width):
    body = "\n\n".join(("Q: ", "A: ")[k % 2] + turn for k, turn in enumerate(turns))
    _assert_same_as_reference(make(body), width)


@pytest.mark.parametrize("width", [0, 10, 40, 80])
def test_the_same_lines_as_the_reference_on_the_interview(width):
    t = INTERVIEW
    for query in ["concern*", "united states", "as a matter of fact", "russia’s ngo", "the"]:
        for by, sort, speaker in itertools.product(
            (None, "stem"), ("position", "left", "right"), (None, "Peskov")
        ):
            want = reference_kwic(t, query, width, by, sort, speaker)
            assert kwic(t, query, width=width, by=by, sort=sort, speaker=speaker) == want
    assert [line.keyword for line in kwic(t, "opposition", sort="left")] == ["opposition"] * 4


# --- lines are built when read ----------------------------------------------------------------


def test_lines_are_built_only_when_read(monkeypatch):
    t = make("Q: " + " ".join(["the cat sat on the mat."] * 200))
    built = []
    real = finder._left_context
    monkeypatch.setattr(finder, "_left_context", lambda *args: built.append(1) or real(*args))
    lines = kwic(t, "the")
    assert len(lines) == 400 and built == []
    first = lines[:3]
    assert isinstance(first, finder.KWICLines) and built == []
    the = [word.start for word in t.words if word.norm == "the"]
    assert [line.start for line in first] == the[:3] and len(built) == 3
    assert lines[-1].start == t.words[-2].start and len(built) == 4
    assert lines[1:3] == list(lines)[1:3] and lines[1:3] == tuple(list(lines)[1:3])
    assert lines[::-1][0] == lines[-1] and lines.count(lines[0]) == 1 and lines[0] in lines
    with pytest.raises(IndexError):
        lines[400]


def test_lines_behave_like_the_list_kwic_used_to_return():
    lines = kwic(INTERVIEW, "sanctions")
    as_list = list(lines)
    assert lines == as_list and lines != as_list[:-1] and lines != "sanctions"
    assert lines + as_list == as_list + lines == as_list * 2
    assert repr(lines) == repr(as_list)
    assert hash(lines) == hash(tuple(as_list))


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


def test_punctuation_after_the_keyword_stays_against_it():
    ngos = concordance.concordance(INTERVIEW, "NGOs")
    rows = ngos.to_text().splitlines()[1:]
    assert "foreign  NGOs. Do you see" in rows[0] and "NGOs ." not in ngos.to_text()
    assert "foreign  NGOs  to operate" in rows[1]
    assert len({row.index("NGOs") for row in rows}) == 1  # the keyword column lines up
    page = ngos.to_html()
    assert "<strong>NGOs</strong>.</td>" in page and "NGOs ." not in page
    assert '<td style="text-align:left">Do you see' in page  # the full stop left the After cell
    enough = concordance.concordance(INTERVIEW, "enough")
    rows = enough.to_text().splitlines()[1:]
    assert "popular  enough; some of them" in rows[2] and "enough ;" not in enough.to_text()
    assert len({row.index("enough") for row in rows}) == 1
    assert "<strong>enough</strong>;</td>" in enough.to_html()


def test_punctuation_before_the_keyword_stays_against_it():
    t = make('Q: They said "sanctions" and (sanctions), then sanctions.')
    table = concordance.concordance(t, "sanctions", width=12)
    rows = table.to_text().splitlines()[1:]
    assert 'said "sanctions" and' in rows[0]
    assert "and (sanctions), then" in rows[1]
    assert "then  sanctions." in rows[2]
    assert len({row.index("sanctions") for row in rows}) == 1
    page = table.to_html()
    assert "&quot;<strong>sanctions</strong>&quot;</td>" in page
    assert "(<strong>sanctions</strong>),</td>" in page
    assert "<strong>sanctions</strong>.</td>" in page


def test_punctuation_against_the_keyword_is_escaped_too():
    t = make("Q: x<i>sanctions</i>y now")
    page = concordance.concordance(t, "sanctions").to_html()
    assert "x&lt;i&gt;<strong>sanctions</strong>&lt;/i&gt;y</td>" in page and "<i>" not in page


# --- adding tables ----------------------------------------------------------------------------


def test_tables_of_two_queries_add_up_in_text_order():
    concern = concordance.concordance(INTERVIEW, "concern")
    concerns = concordance.concordance(INTERVIEW, "concerns", sort="right")
    both = concern + concerns
    assert isinstance(both, KWICTable) and both.queries == ("concern", "concerns")
    assert len(both) == len(concern) + len(concerns) == 5
    assert [line.start for line in both] == sorted(line.start for line in [*concern, *concerns])
    assert repr(both).splitlines()[0] == "KWIC for 'concern' + 'concerns': 5 lines"
    assert "KWIC for &#x27;concern&#x27; + &#x27;concerns&#x27;: 5 lines" in both.to_html()
    three = both + concordance.concordance(INTERVIEW, "concerned")
    assert three.queries == ("concern", "concerns", "concerned") and len(three) == 6


def test_adding_tables_keeps_each_keyword_span_once():
    every = concordance.concordance(INTERVIEW, "concern*")
    assert list(every + concordance.concordance(INTERVIEW, "concerns")) == list(every)
    assert list(every + every) == list(every)


@pytest.mark.parametrize("other", [["concerns"], "concerns", 1, kwic(INTERVIEW, "concerns")])
def test_adding_anything_else_says_what_to_do(other):
    table = concordance.concordance(INTERVIEW, "concern")
    with pytest.raises(TypeError, match=r"another table .* concordance\(interview, 'concern\*'\)"):
        table + other
    with pytest.raises(TypeError, match=r"another table .* concordance\(interview, 'concern\*'\)"):
        other + table


def test_tables_of_two_transcripts_do_not_add_up():
    table = concordance.concordance(INTERVIEW, "concerns")
    with pytest.raises(TypeError, match="another transcript"):
        table + concordance.concordance(make("Q: Any concerns?"), "concerns")


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
