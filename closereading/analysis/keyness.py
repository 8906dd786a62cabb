"""Keyness: which words one speaker uses more than another, or more than English in general.

* **Expected counts.** If target (``c`` words) and reference (``d`` words) drew on one pool,
  a term seen ``a + b`` times in all would be shared in proportion to their sizes:
  ``E1 = c(a+b)/(c+d)`` in the target, ``E2 = d(a+b)/(c+d)`` in the reference. Every
  :class:`Keyness` record carries both (``target_expected``, ``reference_expected``).
* **G2**, the log-likelihood statistic in the two-cell form of Rayson & Garside (2000),
  ``G2 = 2 * sum(O * ln(O / E))`` over the target and reference cells, with ``0 * ln 0 = 0``.
* **Log ratio**, the binary log of the ratio of the two relative frequencies (Hardie 2014):
  ``log2((a/c) / (b/d))``; +1 means "twice as often in the target", -1 "twice as often in the
  reference". A zero count would make it infinite, so the course uses its own rule: a zero
  count is replaced by half an occurrence in a text the size of the *larger* of the two,
  ``0.5 / max(c, d)``. This keeps the sign right whichever text is larger (a word Peskov says
  once in 293 words and Saunders never in 133 comes out as Peskov's), and puts any non-zero
  count at least one unit (twice as often) away from a zero.
* **reliable** follows the rule of Rayson, Berridge & Francis (2004), plus a minimum count.
  The usual rule of thumb for chi-squared tests, which for a comparison of two texts
  comes down to expected counts of at least 5, would rule out almost every word of a short text.
  Rayson, Berridge and Francis tested by simulation how reliable G2 is for word frequencies and
  recommend it, in place of chi-squared, down to expected counts of 1, provided it is read at the
  0.01% level, where its critical value is 15.13. So a term is flagged reliable when it is key
  for one side (``direction`` is not ``"neither"``), that side has at least ``min_count`` (3)
  occurrences, both expected counts are at least ``min_expected`` (1), and G2 is at least 15.13.
  (With those defaults no word said fewer than five times can pass, so the minimum count only
  matters if you lower the other thresholds.)
  Against general English, a text of a few hundred words expects a fraction of one occurrence
  of almost any word, so there nothing is flagged reliable: G2 still ranks the words, but its
  p-values mean little.
* **significance** is the p-value band of G2 read against chi-squared with one degree of freedom:
  3.84 -> ``"p < 0.05"``, 6.63 -> ``"p < 0.01"``, 10.83 -> ``"p < 0.001"``,
  15.13 -> ``"p < 0.0001"``, otherwise ``"n.s."``. The band is reported whether or not the
  expected counts support reading G2 this way; ``reliable`` applies the rule above.

References: P. Rayson and R. Garside (2000), "Comparing corpora using
frequency profiling", Proceedings of the Workshop on Comparing Corpora, ACL 2000, 1-6.
P. Rayson, D. Berridge and B. Francis (2004), "Extending the Cochran rule for the comparison of
word frequencies between corpora", JADT 2004, 7es Journees internationales d'Analyse statistique
des Donnees Textuelles. A. Hardie (2014), "Log Ratio - an informal introduction", blog post,
ESRC Centre for Corpus Approaches to Social Science (CASS), Lancaster University, 28 April 2014.

>>> import closereading
>>> top = speaker_keyness(closereading.load_interview(), "Peskov")[0]
>>> top.term, top.target_count, top.reference_count, round(top.g2, 1)
('we', 10, 0, 7.5)
"""

# Size: over 300 lines, a third of them the docstring that states each rule with its source;
# the functions are short.

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from closereading.analysis.words import (
    Stopwords,
    fold,
    rate_per_1000,
    speaker_turns,
    turn_indices,
    word_norms,
)

if TYPE_CHECKING:
    from closereading.text.transcript import Transcript

__all__ = [
    "RELIABLE_G2",
    "RELIABLE_MIN_EXPECTED",
    "SIGNIFICANCE_LEVELS",
    "WORDFREQ_FLOOR",
    "WORDFREQ_REFERENCE_SIZE",
    "Keyness",
    "expected_counts",
    "general_english_keyness",
    "keyness",
    "log_likelihood",
    "log_ratio",
    "speaker_keyness",
]

#: Critical values of chi-squared with one degree of freedom, strictest first.
SIGNIFICANCE_LEVELS: tuple[tuple[float, str], ...] = (
    (15.13, "p < 0.0001"),
    (10.83, "p < 0.001"),
    (6.63, "p < 0.01"),
    (3.84, "p < 0.05"),
)

#: Rayson, Berridge & Francis (2004): G2 may be used down to expected counts of 1 ...
RELIABLE_MIN_EXPECTED = 1.0

#: ... if it is read at the 0.01% level, whose critical value is 15.13.
RELIABLE_G2 = 15.13

#: wordfreq's "large" English list stops at words seen about once per 100 million words, so a
#: word it does not know is given this proportion rather than zero.
WORDFREQ_FLOOR = 1e-8

#: General English treated as a corpus of this many words: the size at which wordfreq's floor is
#: one occurrence, the least the reference can say about a word. For a text of a few hundred
#: words G2 changes by under 1% between 100 million and 1 billion (it tends to the one-sample
#: G-test against wordfreq's proportions), so the choice does not drive the results.
WORDFREQ_REFERENCE_SIZE = 100_000_000

Direction = Literal["target", "reference", "neither"]

_ZERO_COUNT = 0.5  # the course's rule: a zero is half an occurrence in the larger text


@dataclass(frozen=True, slots=True)
class Keyness:
    """How strongly a term is key for the target (or the reference); see the module docstring.

    Counts are plain numbers; ``reference_count`` is fractional when the reference is general
    English (a proportion times an assumed corpus size). ``target_expected`` and
    ``reference_expected`` are the counts each side would have if both drew on one pool; the
    ``reliable`` flag depends on them.
    """

    term: str
    target_count: float
    reference_count: float
    target_per_1000: float
    reference_per_1000: float
    target_expected: float
    reference_expected: float
    g2: float
    log_ratio: float
    direction: Direction
    reliable: bool
    significance: str


def expected_counts(a: float, b: float, c: float, d: float) -> tuple[float, float]:
    """The counts ``(E1, E2)`` a term seen ``a + b`` times would have in texts of ``c`` and ``d``
    words if both drew on one pool: ``E1 = c(a+b)/(c+d)``, ``E2 = d(a+b)/(c+d)``.

    >>> [round(e, 2) for e in expected_counts(10, 0, 293, 133)]
    [6.88, 3.12]
    """
    return c * (a + b) / (c + d), d * (a + b) / (c + d)


def log_likelihood(a: float, b: float, c: float, d: float) -> float:
    """G2 for a term seen ``a`` times in a target of ``c`` words and ``b`` times in ``d`` words.

    Rayson & Garside (2000): ``G2 = 2(a ln(a/E1) + b ln(b/E2))`` with the expected counts of
    :func:`expected_counts`, where a zero count contributes nothing.

    >>> round(log_likelihood(10, 0, 100, 100), 4)
    13.8629
    """
    if a + b == 0:
        return 0.0
    e1, e2 = expected_counts(a, b, c, d)
    g2 = 0.0
    if a > 0:
        g2 += a * math.log(a / e1)
    if b > 0:
        g2 += b * math.log(b / e2)
    return max(0.0, 2.0 * g2)  # never below zero; max() only hides rounding noise


def log_ratio(a: float, b: float, c: float, d: float) -> float:
    """The log ratio ``log2((a/c) / (b/d))``; a zero count becomes 0.5 in ``max(c, d)`` words.

    The zero rule is the course's own (see the module docstring). Peskov's *we*, 10 in 293
    words against Saunders's 0 in 133: the zero becomes 0.5 in 293 words, and
    ``log2((10/293) / (0.5/293)) = log2(20) = 4.32``.

    >>> round(log_ratio(10, 0, 293, 133), 2)
    4.32
    >>> log_ratio(8, 2, 100, 100)
    2.0
    >>> log_ratio(1, 0, 293, 133) > 0   # never the wrong sign, whichever text is larger
    True
    """
    if a == 0 and b == 0:
        return 0.0
    zero_rate = _ZERO_COUNT / max(c, d)
    return math.log2((a / c if a else zero_rate) / (b / d if b else zero_rate))


def _significance(g2: float) -> str:
    for critical, band in SIGNIFICANCE_LEVELS:
        if g2 >= critical:
            return band
    return "n.s."


def _direction(a: float, b: float, c: float, d: float) -> tuple[Direction, float]:
    """Which side the term is relatively more frequent in, and its count on that side."""
    if a * d > b * c:
        return "target", a
    if a * d < b * c:
        return "reference", b
    return "neither", max(a, b)


def _is_reliable(
    direction: Direction,
    key_count: float,
    expected: float,
    g2: float,
    min_count: int,
    min_expected: float,
) -> bool:
    """The rule of the module docstring; ``expected`` is the smaller of the two expected counts."""
    return (
        direction != "neither"
        and key_count >= min_count
        and expected >= min_expected
        and g2 >= RELIABLE_G2
    )


def _score(
    term: str, a: float, b: float, c: float, d: float, min_count: int, min_expected: float
) -> Keyness:
    if a > c or b > d:
        raise ValueError(
            f"{term!r} occurs more often than there are words "
            f"({a:g} of {c:g}, {b:g} of {d:g}); check the totals"
        )
    g2 = log_likelihood(a, b, c, d)
    e1, e2 = expected_counts(a, b, c, d)
    direction, key_count = _direction(a, b, c, d)
    return Keyness(
        term=term,
        target_count=a,
        reference_count=b,
        target_per_1000=rate_per_1000(a, c),
        reference_per_1000=rate_per_1000(b, d),
        target_expected=e1,
        reference_expected=e2,
        g2=g2,
        log_ratio=log_ratio(a, b, c, d),
        direction=direction,
        reliable=_is_reliable(direction, key_count, min(e1, e2), g2, min_count, min_expected),
        significance=_significance(g2),
    )


def keyness(
    target_counts: Mapping[str, float],
    reference_counts: Mapping[str, float],
    target_total: float | None = None,
    reference_total: float | None = None,
    min_count: int = 3,
    min_expected: float = RELIABLE_MIN_EXPECTED,
) -> list[Keyness]:
    """Score every term seen in either count by G2 and log ratio; most key first.

    ``target_total``/``reference_total`` are the sizes of the two texts in words; they default
    to the sums of the counts, which is wrong if you removed stop words first (pass the full
    sizes then). ``direction`` is ``"target"`` when the term is relatively more frequent in the
    target, ``"reference"`` when less, ``"neither"`` when the rates are equal. The order is by
    G2, largest first, ties alphabetical. ``reliable`` and ``significance``: see the module
    docstring; ``min_count`` and ``min_expected`` are the rule's minimum count on the key side
    and its minimum expected count.

    >>> [(k.term, round(k.g2, 2), round(k.log_ratio, 2), k.direction, k.reliable)
    ...  for k in keyness({"we": 10, "you": 2}, {"we": 2, "you": 10}, 100, 100)]
    [('we', 5.82, 2.32, 'target', False), ('you', 5.82, -2.32, 'reference', False)]
    >>> [(k.term, round(k.g2, 2), k.reliable) for k in keyness({"we": 30}, {"we": 6}, 100, 100)]
    [('we', 17.47, True)]
    """
    c = float(sum(target_counts.values()) if target_total is None else target_total)
    d = float(sum(reference_counts.values()) if reference_total is None else reference_total)
    if c <= 0 or d <= 0:
        raise ValueError(f"both texts need words to compare (target has {c:g}, reference {d:g})")
    records = [
        _score(
            term,
            target_counts.get(term, 0),
            reference_counts.get(term, 0),
            c,
            d,
            min_count,
            min_expected,
        )
        for term in set(target_counts) | set(reference_counts)
        if target_counts.get(term, 0) or reference_counts.get(term, 0)
    ]
    records.sort(key=lambda k: (-k.g2, k.term))
    return records


def speaker_keyness(
    transcript: Transcript,
    speaker: str,
    other: str | None = None,
    stopwords: Stopwords = False,
    stem: bool = False,
    min_length: int = 1,
    min_count: int = 3,
    min_expected: float = RELIABLE_MIN_EXPECTED,
) -> list[Keyness]:
    """Keyness of one speaker's words against another speaker's (default: everyone else's).

    Text sizes are all the words each side speaks, so stop word filtering only hides rows.

    >>> import closereading
    >>> top = speaker_keyness(closereading.load_interview(), "Saunders", stopwords=True)[0]
    >>> top.term, top.target_count, top.reference_count, top.direction, top.reliable
    ('states', 3, 0, 'target', False)
    """
    target = turn_indices(transcript, [speaker])
    if other is None:
        others = [
            s.label for s in transcript.speakers if s.label != transcript.speaker(speaker).label
        ]
    else:
        others = [other]
    reference = turn_indices(transcript, others)
    target_words = word_norms(transcript, target)
    reference_words = word_norms(transcript, reference)
    return keyness(
        fold(Counter(target_words), stopwords, stem, min_length),
        fold(Counter(reference_words), stopwords, stem, min_length),
        target_total=len(target_words),
        reference_total=len(reference_words),
        min_count=min_count,
        min_expected=min_expected,
    )


def general_english_keyness(
    transcript: Transcript,
    speaker: str | None = None,
    stopwords: Stopwords = False,
    min_length: int = 1,
    reference_size: int = WORDFREQ_REFERENCE_SIZE,
    floor: float = WORDFREQ_FLOOR,
    min_count: int = 3,
    min_expected: float = RELIABLE_MIN_EXPECTED,
) -> list[Keyness]:
    """Keyness of the interview's words (or one speaker's) against general English.

    The reference is ``wordfreq.word_frequency(word, "en", wordlist="large")``, a proportion,
    turned into a count by treating general English as a corpus of ``reference_size`` words
    (see :data:`WORDFREQ_REFERENCE_SIZE`); words wordfreq does not know get ``floor`` (see
    :data:`WORDFREQ_FLOOR`) instead of zero. Only terms the target uses are scored: a list of
    every English word the speaker did *not* say would be endless. wordfreq looks up a
    hyphenated word such as ``state-to-state`` by its parts, which overstates its frequency.
    No stemming: wordfreq counts word forms, not stems.

    Against so large a reference the expected count in a short text is a fraction of one
    occurrence for all but the commonest words, below the reliability rule's minimum of 1, so
    such terms are never flagged ``reliable``: G2 still ranks them, but its p-values mean little.

    >>> import closereading
    >>> rows = general_english_keyness(closereading.load_interview(), stopwords=True)
    >>> [(k.term, k.target_count, round(k.target_expected, 3), k.reliable) for k in rows[:2]]
    [('russian', 10, 0.043, False), ('sanctions', 4, 0.004, False)]
    """
    from wordfreq import word_frequency  # ships its data in the wheel: works offline

    words = word_norms(transcript, speaker_turns(transcript, speaker))
    counts = fold(Counter(words), stopwords, False, min_length)
    reference = {
        term: reference_size * word_frequency(term, "en", wordlist="large", minimum=floor)
        for term in counts
    }
    return keyness(
        counts,
        reference,
        target_total=len(words),
        reference_total=reference_size,
        min_count=min_count,
        min_expected=min_expected,
    )
