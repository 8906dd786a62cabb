"""Tests for closereading.analysis.frequency: counts, stop words, stems, n-grams, collocations, keyness."""

from __future__ import annotations

import doctest
import math
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import closereading
from closereading.analysis import frequency
from closereading.analysis.frequency import (
    Cutoff,
    Keyness,
    WordUse,
    collocations,
    cutoff,
    expected_counts,
    general_english_keyness,
    keyness,
    load_stopwords,
    log_likelihood,
    log_ratio,
    ngrams,
    ranked,
    rate_per_1000,
    speaker_keyness,
    term_counts,
    term_table,
    word_use,
)

HEADER = (
    "---\ntitle: test\nspeaker: Q | interviewer | asks\nspeaker: A | interviewee | answers\n---\n"
)


def make(body: str):
    return closereading.parse_transcript(HEADER + body)


# --- stop words -------------------------------------------------------------------------------


def test_stopwords_are_read_normalized_and_cached(tmp_path):
    """Comments are skipped, words are normalized, and a second load returns the same set."""
    words = load_stopwords()
    assert {"the", "we", "our", "don't"} <= words
    assert "sanctions" not in words and not any(w.startswith("#") for w in words)
    assert load_stopwords() is words
    own = tmp_path / "mine.txt"
    own.write_text("# a comment\nThe\nDON’T  # trailing comment\n\n", encoding="utf-8")
    assert load_stopwords(own) == frozenset({"the", "don't"})


def test_stopword_filtering():
    t = make("Q: The sanctions and the people.\n\nA: The people.")
    assert term_counts(t) == Counter({"the": 3, "people": 2, "sanctions": 1, "and": 1})
    assert term_counts(t, stopwords=True) == Counter({"people": 2, "sanctions": 1})
    assert term_counts(t, stopwords={"People", "THE"}) == Counter({"sanctions": 1, "and": 1})
    with pytest.raises(TypeError, match="one string"):
        term_counts(t, stopwords="the")


# --- counts -----------------------------------------------------------------------------------


def test_counts_by_speaker_fold_case_and_apostrophes():
    t = make("Q: Don't you? DON’T you!\n\nA: We don't.")
    assert term_counts(t, speaker="Q") == Counter({"don't": 2, "you": 2})
    assert term_counts(t, speaker="a") == Counter({"we": 1, "don't": 1})
    with pytest.raises(KeyError, match="no speaker"):
        term_counts(t, speaker="Nobody")


def test_only_speech_is_counted(interview):
    """The title, dateline and caption are not speech: 426 words are spoken, no 'resetting'."""
    counts = term_counts(interview)
    assert sum(counts.values()) == 426
    assert "resetting" not in counts and "wikimedia" not in counts
    assert sum(term_counts(interview, "Saunders").values()) == 133
    assert sum(term_counts(interview, "Peskov").values()) == 293


def test_stemming_folds_sanction_and_sanctions():
    t = make("Q: One sanction.\n\nA: Two sanctions, more Sanctions.")
    assert term_counts(t)["sanction"] == 1
    folded = term_counts(t, stem=True)
    assert folded["sanction"] == 3 and "sanctions" not in folded


def test_stop_words_are_judged_before_stemming():
    """'was' is a stop word; its stem 'wa' must not survive stemming."""
    t = make("Q: It was the answer.")
    assert "wa" not in term_counts(t, stopwords=True, stem=True)


def test_min_length():
    t = make("Q: I do see a big problem.")
    assert set(term_counts(t, min_length=3)) == {"see", "big", "problem"}


def test_rate_per_1000():
    assert rate_per_1000(4, 426) == pytest.approx(9.389671, rel=1e-6)
    assert rate_per_1000(0, 0) == 0.0
    with pytest.raises(ValueError):
        rate_per_1000(-1, 10)


def test_term_table_rates_use_all_words():
    t = make("Q: The sanctions.\n\nA: The people and the people.")
    rows = term_table(t, stopwords=True)
    assert [(r.speaker, r.term, r.count) for r in rows] == [
        ("Q", "sanctions", 1),
        ("A", "people", 2),
        (None, "people", 2),
        (None, "sanctions", 1),
    ]
    # Q says 2 words, A says 5, 7 in all: rates are per 1,000 of all of them, stop words included.
    assert [r.per_1000 for r in rows] == pytest.approx([500.0, 400.0, 2000 / 7, 1000 / 7])
    # total is the number of words each rate is per, so a row alone gives back its rate.
    assert [r.total for r in rows] == [2, 5, 7, 7]
    assert all(r.per_1000 == pytest.approx(1000 * r.count / r.total) for r in rows)
    assert len(term_table(t, top=1)) == 3


def test_term_table_totals_on_the_interview(interview):
    rows = term_table(interview, stopwords=True, top=1)
    assert [(r.speaker, r.total) for r in rows] == [("Saunders", 133), ("Peskov", 293), (None, 426)]


# --- ranking and ties -------------------------------------------------------------------------


def test_ranked_orders_ties_alphabetically_not_by_first_occurrence():
    counts = Counter({"zeta": 2, "alpha": 2, "mid": 5, "beta": 2})
    assert ranked(counts) == [("mid", 5), ("alpha", 2), ("beta", 2), ("zeta", 2)]
    assert ranked(counts, top=2) == [("mid", 5), ("alpha", 2)]
    # Counter.most_common keeps insertion order for ties; ranked does not depend on it.
    assert counts.most_common(2)[1] == ("zeta", 2)


def test_cutoff_reports_ties_at_the_last_place():
    counts = {"mid": 5, "alpha": 2, "beta": 2, "zeta": 2}
    assert cutoff(counts, 2) == Cutoff(top=2, count=2, shown=1, tied=3)
    assert cutoff(counts, 4) == Cutoff(top=4, count=2, shown=3, tied=3)
    assert cutoff(counts, 1) == Cutoff(top=1, count=5, shown=1, tied=1)
    assert cutoff({}, 3) == Cutoff(top=3, count=0, shown=0, tied=0)
    with pytest.raises(ValueError):
        cutoff(counts, 0)


def test_cutoff_on_peskovs_content_words(interview):
    """Peskov's top ten without stop words ends inside a tie at two occurrences."""
    counts = term_counts(interview, speaker="Peskov", stopwords=True)
    cut = cutoff(counts, 10)
    assert cut.count == 2 and cut.tied > cut.shown
    assert [t for t, _ in ranked(counts, 10)][:8] == [
        "russian",
        "way",
        "country",
        "domestic",
        "enough",
        "sanctions",
        "society",
        "will",
    ]


# --- word use ---------------------------------------------------------------------------------


def test_word_use_counts_each_speaker_and_marks_stop_words():
    t = make("Q: Will you? We will.\n\nA: We will, we said.")
    records = word_use(t, ["We", "will", "absent"])
    assert records == [
        WordUse("we", True, (("Q", 1), ("A", 2))),
        WordUse("will", False, (("Q", 2), ("A", 1))),
        WordUse("absent", False, (("Q", 0), ("A", 0))),
    ]
    assert records[0].count("A") == 2
    with pytest.raises(KeyError):
        records[0].count("Nobody")
    with pytest.raises(TypeError, match="one string"):
        word_use(t, "we")


def test_word_use_on_the_interview(interview):
    (we,) = word_use(interview, ["we"])
    assert we.counts == (("Saunders", 0), ("Peskov", 10))


# --- n-grams and collocations -----------------------------------------------------------------


def test_ngrams_never_cross_a_sentence_or_turn():
    t = make("Q: Stop here. Go now?\n\nA: Now then, go.")
    bigrams = ngrams(t, 2)
    assert bigrams == Counter(
        {("stop", "here"): 1, ("go", "now"): 1, ("now", "then"): 1, ("then", "go"): 1}
    )
    assert ("here", "go") not in bigrams and ("now", "now") not in bigrams
    assert ngrams(t, 3) == Counter({("now", "then", "go"): 1})


def test_ngrams_with_stopwords_drop_rather_than_skip():
    """Removing 'the' first would invent the bigram ('reset', 'russian')."""
    t = make("Q: Reset the Russian reset.")
    assert ngrams(t, 2, stopwords=True) == Counter({("russian", "reset"): 1})


def test_ngram_totals_match_sentence_lengths(interview):
    for n in (1, 2, 3):
        expected = 0
        for sentence in interview.sentences:
            words = sum(
                1 for tok in interview.tokens if tok.sentence == sentence.index and tok.is_word
            )
            expected += max(0, words - n + 1)
        assert sum(ngrams(interview, n).values()) == expected


def test_ngrams_by_speaker(interview):
    assert ngrams(interview, 2, speaker="Saunders")[("united", "states")] == 3
    assert ngrams(interview, 2, speaker="Peskov")[("united", "states")] == 0
    with pytest.raises(ValueError):
        ngrams(interview, 0)


def test_collocations_are_plain_records_inside_sentences():
    t = make("Q: Civil society matters. Civil society grows.\n\nA: Society civil.")
    found = collocations(t, top=5, min_freq=2)
    assert [(c.w1, c.w2, c.count) for c in found] == [("civil", "society", 2)]
    # "matters civil" and "grows society" would appear if sentences ran together.
    assert (
        collocations(
            t, top=5, min_freq=1, measure="likelihood_ratio", stopwords={"matters", "grows"}
        )
        != []
    )
    pairs = {(c.w1, c.w2) for c in collocations(t, top=50, min_freq=1)}
    assert ("matters", "civil") not in pairs and ("grows", "society") not in pairs
    with pytest.raises(ValueError, match="unknown measure"):
        collocations(t, measure="magic")


def test_collocation_scores_are_floats_and_sorted(interview):
    found = collocations(interview, top=10, measure="likelihood_ratio")
    scores = [c.score for c in found]
    assert scores == sorted(scores, reverse=True)
    assert all(isinstance(c.score, float) and c.count >= 2 for c in found)


# --- keyness: hand-computed values ------------------------------------------------------------


def test_g2_and_log_ratio_equal_sizes_one_zero():
    # a=10, b=0, c=d=100: E1 = E2 = 100*10/200 = 5.
    # G2 = 2 * (10 ln(10/5) + 0) = 20 ln 2 = 13.862944; 0 * ln 0 counts as 0.
    # log ratio: the zero becomes 0.5, log2((10/100) / (0.5/100)) = log2(20) = 4.321928.
    assert log_likelihood(10, 0, 100, 100) == pytest.approx(13.862944, abs=1e-6)
    assert log_ratio(10, 0, 100, 100) == pytest.approx(4.321928, abs=1e-6)


def test_g2_and_log_ratio_equal_sizes():
    # a=10, b=2, c=d=100: E1 = E2 = 6.
    # G2 = 2 * (10 ln(10/6) + 2 ln(2/6)) = 2 * (5.108256 - 2.197225) = 5.822063.
    # log ratio = log2(10/2) = 2.321928.
    assert log_likelihood(10, 2, 100, 100) == pytest.approx(5.822063, abs=1e-6)
    assert log_ratio(10, 2, 100, 100) == pytest.approx(2.321928, abs=1e-6)


def test_g2_and_log_ratio_unequal_sizes():
    # a=20 of c=1000, b=30 of d=5000: E1 = 1000*50/6000 = 8.333333, E2 = 41.666667.
    # G2 = 2 * (20 ln 2.4 + 30 ln 0.72) = 2 * (17.509374 - 9.855123) = 15.308502.
    # log ratio = log2(0.02 / 0.006) = log2(3.333333) = 1.736966.
    assert log_likelihood(20, 30, 1000, 5000) == pytest.approx(15.308502, abs=1e-5)
    assert log_ratio(20, 30, 1000, 5000) == pytest.approx(1.736966, abs=1e-6)


def test_log_ratio_zero_rule_for_we():
    """The course's rule, worked for Peskov's "we" (10 of 293 words; Saunders 0 of 133): the
    zero becomes half an occurrence in the larger text, 0.5 of 293, so the ratio is 10 / 0.5."""
    assert log_ratio(10, 0, 293, 133) == pytest.approx(math.log2((10 / 293) / (0.5 / 293)))
    assert log_ratio(10, 0, 293, 133) == pytest.approx(math.log2(20))
    assert round(log_ratio(10, 0, 293, 133), 1) == 4.3


def test_log_ratio_zero_correction_keeps_the_sign():
    # Reference larger: a zero is 0.5 in d words: log2((3/100) / (0.5/1000)).
    assert log_ratio(3, 0, 100, 1000) == pytest.approx(math.log2(0.03 / 0.0005))
    # Reference smaller: 0.5 of d=133 would be a higher rate than 1 in 293 and flip the sign;
    # 0.5 of the larger text keeps it: log2((1/293) / (0.5/293)) = 1.
    assert log_ratio(1, 0, 293, 133) == pytest.approx(1.0)
    assert log_ratio(0, 1, 293, 133) == pytest.approx(-math.log2((1 / 133) / (0.5 / 293)))


def test_equal_rates_give_zero():
    assert log_likelihood(5, 10, 100, 200) == pytest.approx(0.0, abs=1e-12)
    assert log_ratio(5, 10, 100, 200) == pytest.approx(0.0, abs=1e-12)
    assert log_likelihood(0, 0, 100, 200) == 0.0


def test_keyness_records_and_sign_conventions():
    records = keyness({"we": 20, "they": 30}, {"we": 30, "they": 20}, 1000, 5000)
    by_term = {k.term: k for k in records}
    we = by_term["we"]
    assert isinstance(we, Keyness)
    assert we.direction == "target" and we.log_ratio > 0
    assert we.g2 == pytest.approx(15.308502, abs=1e-5)
    assert we.target_per_1000 == pytest.approx(20.0) and we.reference_per_1000 == pytest.approx(6.0)
    # Swapping target and reference flips direction and the log ratio's sign, not G2.
    swapped = {
        k.term: k for k in keyness({"we": 30, "they": 20}, {"we": 20, "they": 30}, 5000, 1000)
    }
    assert swapped["we"].direction == "reference"
    assert swapped["we"].log_ratio == pytest.approx(-we.log_ratio)
    assert swapped["we"].g2 == pytest.approx(we.g2)
    # Most key first.
    assert [k.g2 for k in records] == sorted((k.g2 for k in records), reverse=True)


def test_keyness_neither_when_rates_are_equal():
    (record,) = keyness({"so": 5}, {"so": 10}, 100, 200)
    assert record.direction == "neither" and record.significance == "n.s."


def test_significance_bands():
    def band(g2_target: float) -> str:
        # Find a count that reaches at least ``g2_target`` against a zero.
        a = 1
        while log_likelihood(a, 0, 1000, 1000) < g2_target:
            a += 1
        return keyness({"w": a}, {"x": 1}, 1000, 1000)[0].significance

    assert band(3.84) == "p < 0.05"
    assert band(6.63) == "p < 0.01"
    assert band(10.83) == "p < 0.001"
    assert band(15.13) == "p < 0.0001"
    assert keyness({"w": 1}, {"w": 1}, 100, 100)[0].significance == "n.s."


def test_expected_counts():
    # 10 vs 0 in 293 vs 133 words: E1 = 293 * 10 / 426, E2 = 133 * 10 / 426.
    assert expected_counts(10, 0, 293, 133) == pytest.approx((2930 / 426, 1330 / 426))
    (we,) = keyness({"we": 10}, {"we": 0}, 293, 133)
    assert (we.target_expected, we.reference_expected) == pytest.approx((6.877934, 3.122066))


def test_reliable_flag_false_for_tiny_counts():
    # 4 vs 0 in 100 vs 100 words: E1 = E2 = 2 and G2 = 8 ln 2 = 5.5 < 15.13.
    (w,) = [k for k in keyness({"w": 4}, {"x": 50}, 100, 100) if k.term == "w"]
    assert w.g2 == pytest.approx(8 * math.log(2)) and not w.reliable
    # With the defaults no word said fewer than 5 times can pass: 5 vs 0 in 20 vs 80 words has
    # E1 = 1, E2 = 4 and G2 = 10 ln 5 = 16.1, just enough.
    (w,) = keyness({"w": 5}, {"w": 0}, 20, 80)
    assert w.target_expected == pytest.approx(1.0) and w.g2 == pytest.approx(10 * math.log(5))
    assert w.reliable
    assert not keyness({"w": 5}, {"w": 0}, 20, 80, min_count=6)[0].reliable
    # The minimum count matters once the expected threshold is lowered: 2 vs 0, E1 = 0.02.
    (w,) = [k for k in keyness({"w": 2}, {"x": 50}, 10, 1000, min_expected=0.01) if k.term == "w"]
    assert w.g2 >= 15.13 and not w.reliable
    (w,) = [
        k
        for k in keyness({"w": 2}, {"x": 50}, 10, 1000, min_count=2, min_expected=0.01)
        if k.term == "w"
    ]
    assert w.reliable


def test_reliable_needs_expected_counts_of_one_and_g2_of_15_13():
    """Rayson, Berridge & Francis (2004): expected counts of 1 or more, G2 at the 0.01% level."""
    # 7 vs 0 in 30 vs 70: E1 = 2.1, E2 = 4.9; G2 = 14 ln(100/30) = 16.9 >= 15.13: reliable.
    (w,) = keyness({"w": 7}, {"w": 0}, 30, 70)
    assert w.target_expected == pytest.approx(2.1) and w.reference_expected == pytest.approx(4.9)
    assert w.g2 == pytest.approx(14 * math.log(100 / 30)) and w.reliable
    # 20 vs 0 in 100 vs 100: E = 10 each, G2 = 40 ln 2 = 27.7; the key side's count is judged.
    (w,) = keyness({"w": 0}, {"w": 20}, 100, 100)
    assert w.direction == "reference" and w.reliable
    # 12 vs 2: E = 7 each, comfortably above 1, but G2 = 7.9 (p < 0.01) is short of 15.13.
    (w,) = keyness({"w": 12}, {"w": 2}, 100, 100)
    assert w.significance == "p < 0.01" and not w.reliable
    # Equal rates are key for neither side, so never reliable.
    (w,) = keyness({"w": 30}, {"w": 60}, 100, 200)
    assert w.direction == "neither" and not w.reliable


def test_not_reliable_when_an_expected_count_is_below_one():
    # E1 = 100 * 5 / 10_100 = 0.05: below 1, however large G2 is.
    (w,) = [k for k in keyness({"w": 4}, {"w": 1}, 100, 10_000) if k.term == "w"]
    assert w.target_expected < 1 and w.g2 > 15.13 and not w.reliable


def test_speaker_keyness_we_is_not_reliable(interview):
    """Peskov's "we": expected counts 6.88 and 3.12 are both above 1, but G2 = 7.5 (p < 0.01)
    is short of 15.13; the flag says no."""
    we = next(k for k in speaker_keyness(interview, "Peskov", "Saunders") if k.term == "we")
    assert round(we.g2, 1) == 7.5 and we.significance == "p < 0.01"
    assert round(we.reference_expected, 2) == 3.12 and not we.reliable


def test_keyness_checks_its_inputs():
    with pytest.raises(ValueError, match="need words"):
        keyness({}, {"x": 1})
    with pytest.raises(ValueError, match="more often"):
        keyness({"w": 5}, {"w": 1}, 3, 10)


def test_keyness_totals_default_to_sums():
    assert (
        keyness({"a": 10, "b": 0}, {"a": 2, "b": 8})[0]
        == keyness({"a": 10}, {"a": 2, "b": 8}, 10, 10)[0]
    )


# --- keyness on transcripts -------------------------------------------------------------------


def test_speaker_keyness_uses_all_words_as_sizes():
    t = make("Q: We we we we we the.\n\nA: They they the the the the the the.")
    records = {k.term: k for k in speaker_keyness(t, "Q", stopwords={"the"})}
    assert set(records) == {"we", "they"}
    we = records["we"]
    assert (we.target_count, we.reference_count) == (5, 0)
    # Sizes are 6 and 8 words (stop words included): E1 = 6*5/14.
    e1 = 6 * 5 / 14
    assert we.g2 == pytest.approx(2 * 5 * math.log(5 / e1))
    assert we.target_per_1000 == pytest.approx(5000 / 6)
    assert records["they"].direction == "reference"


def test_speaker_keyness_other(interview):
    both = speaker_keyness(interview, "Peskov")
    explicit = speaker_keyness(interview, "Peskov", other="Saunders")
    assert both == explicit
    assert sum(k.target_count for k in both) == 293
    assert sum(k.reference_count for k in both) == 133


def test_general_english_keyness():
    t = make("Q: Sanctions sanctions sanctions sanctions the zzxqvw.")
    records = {k.term: k for k in general_english_keyness(t)}
    sanctions = records["sanctions"]
    assert sanctions.direction == "target" and sanctions.significance == "p < 0.0001"
    # 6 words against 100 million: the expected count in the text is far below 1.
    assert sanctions.target_expected < 0.01 and not sanctions.reliable
    # A word wordfreq does not know is floored at 1e-8: one occurrence in 100 million words.
    assert records["zzxqvw"].reference_count == pytest.approx(1.0)
    assert records["zzxqvw"].reference_per_1000 == pytest.approx(1e-5)
    # "the" is about 5% of English and 1/6 of this text: key, but far less than "sanctions".
    assert records["the"].g2 < sanctions.g2


def test_general_english_keyness_flags_nothing_reliable_in_the_interview(interview):
    records = general_english_keyness(interview, "Peskov", stopwords=True)
    assert records and not any(k.reliable for k in records)
    assert max(k.target_expected for k in records) < 1


def test_general_english_keyness_is_insensitive_to_reference_size(interview):
    """From 100 million words up the assumed size hardly matters (see WORDFREQ_REFERENCE_SIZE)."""
    small = {k.term: k.g2 for k in general_english_keyness(interview, reference_size=10**8)}
    large = {k.term: k.g2 for k in general_english_keyness(interview, reference_size=10**9)}
    assert small.keys() == large.keys()
    assert all(abs(small[t] - large[t]) <= 0.01 * max(1.0, large[t]) + 0.05 for t in small)


# --- properties and examples ------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    a=st.integers(0, 500),
    b=st.integers(0, 500),
    extra_c=st.integers(0, 5000),
    extra_d=st.integers(0, 5000),
)
def test_keyness_properties(a, b, extra_c, extra_d):
    c, d = a + extra_c + 1, b + extra_d + 1
    g2 = log_likelihood(a, b, c, d)
    assert g2 >= 0 and math.isfinite(g2)
    assert g2 == pytest.approx(log_likelihood(b, a, d, c), abs=1e-9)
    lr = log_ratio(a, b, c, d)
    assert math.isfinite(lr)
    assert lr == pytest.approx(-log_ratio(b, a, d, c), abs=1e-9)
    if a * d > b * c:
        assert lr > 0
    elif a * d < b * c:
        assert lr < 0


def test_docstring_examples_run():
    """The >>> examples in frequency.py are kept true."""
    result = doctest.testmod(frequency, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
