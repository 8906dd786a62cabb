"""Counting words: frequencies, rates, n-grams, collocations and keyness.

Plain data in, plain data out: every function takes a :class:`~closereading.text.transcript.Transcript`
(or plain counts) and returns a ``Counter`` or a list of small frozen dataclasses. Nothing here
prints or draws; :mod:`closereading.views.plots` turns these records into figures.

What counts as a word: the transcript's word tokens (``Token.is_word``), counted by their ``norm``
(case folded, curly apostrophes made straight), inside the speaker turns only: the title,
dateline and image caption are not speech and are never counted.

Stemming uses NLTK's ``SnowballStemmer("english")`` (Porter's revised "Porter2" algorithm), which
needs no NLTK download and, unlike the original Porter stemmer, drops a possessive ``'s``
(``russia's`` -> ``russia``).

Keyness (which words one speaker uses more than another, or more than English in general):

* **G2**, the log-likelihood statistic in the two-cell form of Rayson & Garside (2000),
  ``G2 = 2 * sum(O * ln(O / E))`` over the target and reference cells, with ``0 * ln 0 = 0``.
* **Log ratio**, Hardie's (2014) effect size: the binary log of the ratio of the two relative
  frequencies; a log ratio of ±1 means "twice as often". A zero count would make it infinite, so
  a zero is treated as half an occurrence in the larger of the two texts (0.5 / its size).
  When the text with the zero is the larger one, the usual case against a big reference corpus,
  that is exactly the 0.5 adjustment Hardie describes for CQPweb; when it is the smaller one it
  keeps the sign right (a word Peskov says once in 293 words and Saunders never in 133 must not
  come out as Saunders's), and a zero against a non-zero count is always at least one binary
  log unit (twice as often) away.
* **reliable** is a course rule, not a law of nature: a term is flagged reliable when the side it
  is key for has at least ``min_count`` (3) occurrences *and* either both expected counts are at
  least ``min_expected`` (5; Cochran's 1954 rule for chi-squared tests) or G2 reaches 15.13
  (p < 0.0001), the stricter cut-off Rayson, Berridge & Francis (2004) suggest when expected
  counts are small. A word said once or twice is an anecdote, not a pattern; in a 426-word
  interview most keyness results are unreliable, and the flag says so.
* **significance** is the p-value band of G2 read against chi-squared with one degree of freedom:
  3.84 -> ``"p < 0.05"``, 6.63 -> ``"p < 0.01"``, 10.83 -> ``"p < 0.001"``,
  15.13 -> ``"p < 0.0001"``, otherwise ``"n.s."``.

References: W. G. Cochran (1954), "Some methods for strengthening the common chi-squared
tests", Biometrics 10, 417-451. P. Rayson and R. Garside (2000), "Comparing corpora using frequency profiling",
Proceedings of the Workshop on Comparing Corpora, ACL 2000, 1-6. P. Rayson, D. Berridge and
B. Francis (2004), "Extending the Cochran rule for the comparison of word frequencies between
corpora", JADT 2004, 926-936. A. Hardie (2014), "Log Ratio - an informal introduction", ESRC
Centre for Corpus Approaches to Social Science (CASS), Lancaster University.

>>> import closereading
>>> from closereading.analysis.frequency import term_counts
>>> interview = closereading.load_interview()
>>> term_counts(interview, stopwords=True).most_common(3)
[('russian', 10), ('believe', 4), ('sanctions', 4)]
>>> term_counts(interview, speaker="Saunders", stem=True)["concern"]
3
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Union

from closereading.base.paths import STOPWORDS_PATH
from closereading.text.tokens import normalize

if TYPE_CHECKING:
    from closereading.text.transcript import Transcript

__all__ = [
    "SIGNIFICANCE_LEVELS",
    "STOPWORDS_PATH",
    "WORDFREQ_FLOOR",
    "WORDFREQ_REFERENCE_SIZE",
    "Collocation",
    "Keyness",
    "TermRow",
    "collocations",
    "general_english_keyness",
    "keyness",
    "load_stopwords",
    "log_likelihood",
    "log_ratio",
    "ngrams",
    "rate_per_1000",
    "speaker_keyness",
    "stem",
    "term_counts",
    "term_table",
]

#: The course's stop word list (Snowball's English list; provenance in the file's comments).


#: Critical values of chi-squared with one degree of freedom, strictest first.
SIGNIFICANCE_LEVELS: tuple[tuple[float, str], ...] = (
    (15.13, "p < 0.0001"),
    (10.83, "p < 0.001"),
    (6.63, "p < 0.01"),
    (3.84, "p < 0.05"),
)

#: wordfreq's "large" English list stops at words seen about once per 100 million words, so a
#: word it does not know is given this proportion rather than zero.
WORDFREQ_FLOOR = 1e-8

#: General English treated as a corpus of this many words: the size at which wordfreq's floor is
#: one occurrence, the least the reference can say about a word. For a text of a few hundred
#: words G2 changes by under 1% between 100 million and 1 billion (it tends to the one-sample
#: G-test against wordfreq's proportions), so the choice does not drive the results.
WORDFREQ_REFERENCE_SIZE = 100_000_000

#: ``False``/``None`` (keep every word), ``True`` (the course list) or your own words.
Stopwords = Union[bool, None, Iterable[str]]  # noqa: UP007 - a runtime alias on Python 3.10

_ZERO_COUNT = 0.5  # half an occurrence stands in for a zero in the log ratio (Hardie 2014)
_RELIABLE_G2 = 15.13  # p < 0.0001: strict enough to trust despite small expected counts


@dataclass(frozen=True, slots=True)
class TermRow:
    """One row of a frequency table; ``speaker`` is ``None`` for the whole interview."""

    term: str
    count: int
    per_1000: float
    speaker: str | None


@dataclass(frozen=True, slots=True)
class Collocation:
    """Two words that occur side by side more than chance predicts, with the measure's score."""

    w1: str
    w2: str
    score: float
    count: int


@dataclass(frozen=True, slots=True)
class Keyness:
    """How strongly a term is key for the target (or the reference); see the module docstring.

    Counts are plain numbers; ``reference_count`` is fractional when the reference is general
    English (a proportion times an assumed corpus size).
    """

    term: str
    target_count: int
    reference_count: float
    target_per_1000: float
    reference_per_1000: float
    g2: float
    log_ratio: float
    direction: Literal["target", "reference", "neither"]
    reliable: bool
    significance: str


# ---------------------------------------------------------------------------------------------
# Stop words and stems


def load_stopwords(path: str | Path | None = None) -> frozenset[str]:
    """Read a stop word list (one word a line, ``#`` starts a comment), normalized; cached.

    >>> words = load_stopwords()
    >>> "the" in words, "sanctions" in words, "don't" in words
    (True, False, True)
    """
    return _read_stopwords(str(Path(path).resolve() if path is not None else STOPWORDS_PATH))


@lru_cache(maxsize=8)
def _read_stopwords(path: str) -> frozenset[str]:
    words = set()
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.add(normalize(word))
    return frozenset(words)


def _stopword_set(stopwords: Stopwords) -> frozenset[str]:
    if stopwords is None or stopwords is False:
        return frozenset()
    if stopwords is True:
        return load_stopwords()
    if isinstance(stopwords, str):
        raise TypeError(
            "stopwords must be True, False or a collection of words, not one string "
            f"({stopwords!r}); to pass one word, write {{{stopwords!r}}}"
        )
    return frozenset(normalize(word) for word in stopwords)


@lru_cache(maxsize=1)
def _stemmer():
    # Imported here so that ``import closereading`` stays light; Snowball needs no NLTK data.
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball (Porter2) stem of a normalized word.

    >>> stem("sanctions"), stem("concerned"), stem("russia's")
    ('sanction', 'concern', 'russia')
    """
    return _stemmer().stem(word)


# ---------------------------------------------------------------------------------------------
# Selecting words


def _turn_indices(transcript: Transcript, speakers: Iterable[str]) -> frozenset[int]:
    labels = {transcript.speaker(label).label for label in speakers}  # KeyError names the choices
    return frozenset(turn.index for turn in transcript.turns if turn.speaker in labels)


def _word_norms(transcript: Transcript, turns: Collection[int] | None = None) -> list[str]:
    """The normalized words of the whole transcript, or of the given turns only."""
    if turns is None:
        return [token.norm for token in transcript.tokens if token.is_word]
    return [token.norm for token in transcript.tokens if token.is_word and token.turn in turns]


def _speaker_turns(transcript: Transcript, speaker: str | None) -> frozenset[int] | None:
    return None if speaker is None else _turn_indices(transcript, [speaker])


def _fold(counts: Counter, stopwords: Stopwords, stem_words: bool, min_length: int) -> Counter:
    """Drop stop words and short words (judged on the word as written), then fold by stem."""
    drop = _stopword_set(stopwords)
    if drop or min_length > 1:
        counts = Counter(
            {w: n for w, n in counts.items() if w not in drop and len(w) >= min_length}
        )
    if stem_words:
        folded: Counter = Counter()
        for word, n in counts.items():
            folded[stem(word)] += n
        counts = folded
    return counts


# ---------------------------------------------------------------------------------------------
# Frequencies


def term_counts(
    transcript: Transcript,
    speaker: str | None = None,
    stopwords: Stopwords = False,
    stem: bool = False,
    min_length: int = 1,
) -> Counter:
    """Count the words of the interview, or of one speaker, by their normalized form.

    Stop words and ``min_length`` are judged on the word before stemming, so ``stem=True`` never
    drops a word the plain count keeps.

    >>> import closereading
    >>> counts = term_counts(closereading.load_interview(), speaker="Peskov", stem=True)
    >>> counts["sanction"], counts["concern"]
    (3, 3)
    """
    counts = Counter(_word_norms(transcript, _speaker_turns(transcript, speaker)))
    return _fold(counts, stopwords, stem, min_length)


def rate_per_1000(count: float, total: float) -> float:
    """``count`` per 1,000 words of a text ``total`` words long (0.0 for an empty text).

    >>> rate_per_1000(4, 426)
    9.389671361502348
    """
    if total < 0 or count < 0:
        raise ValueError(f"counts cannot be negative (count={count}, total={total})")
    return 0.0 if total == 0 else 1000.0 * count / total


def term_table(
    transcript: Transcript,
    stopwords: Stopwords = False,
    stem: bool = False,
    min_length: int = 1,
    top: int | None = None,
) -> list[TermRow]:
    """Rows ``(term, count, per_1000, speaker)`` for each speaker, then for the whole interview.

    Rates are per 1,000 of *all* the speaker's words, stop words included, so filtering changes
    which rows you see but never a rate. Within each speaker rows run from the most frequent
    term (ties alphabetical); ``top`` keeps that many rows per speaker. The whole-interview rows
    have ``speaker=None``.

    >>> import closereading
    >>> rows = term_table(closereading.load_interview(), stopwords=True, top=1)
    >>> [(r.speaker, r.term, r.count, round(r.per_1000, 1)) for r in rows]
    [('Saunders', 'believe', 3, 22.6), ('Peskov', 'russian', 7, 23.9), (None, 'russian', 10, 23.5)]
    """
    groups: list[tuple[str | None, frozenset[int] | None]] = [
        (s.label, _turn_indices(transcript, [s.label])) for s in transcript.speakers
    ]
    groups.append((None, None))
    rows: list[TermRow] = []
    for label, turns in groups:
        norms = _word_norms(transcript, turns)
        counts = _fold(Counter(norms), stopwords, stem, min_length)
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        for term, count in ranked[:top]:
            rows.append(TermRow(term, count, rate_per_1000(count, len(norms)), label))
    return rows


def _sentences(transcript: Transcript, turns: Collection[int] | None) -> list[list[str]]:
    """Normalized words sentence by sentence (a sentence never spans two turns)."""
    sentences: list[list[str]] = []
    current = -1
    for token in transcript.tokens:
        if not token.is_word or (turns is not None and token.turn not in turns):
            continue
        if token.sentence != current:
            current = token.sentence
            sentences.append([])
        sentences[-1].append(token.norm)
    return sentences


def ngrams(
    transcript: Transcript, n: int = 2, speaker: str | None = None, stopwords: Stopwords = False
) -> Counter:
    """Count runs of ``n`` consecutive words, inside one sentence only.

    Punctuation inside a sentence is skipped (``"Actually, we"`` gives ``("actually", "we")``),
    but no n-gram ever joins the end of one sentence to the start of the next, nor two turns.
    With stop words, an n-gram is dropped when *any* of its words is a stop word; words are never
    removed first, which would invent neighbours the text does not have.

    >>> import closereading
    >>> ngrams(closereading.load_interview(), 2, stopwords=True).most_common(2)
    [(('united', 'states'), 3), (('russian', 'government'), 3)]
    """
    if n < 1:
        raise ValueError(f"n must be 1 or more, not {n}")
    drop = _stopword_set(stopwords)
    counts: Counter = Counter()
    for words in _sentences(transcript, _speaker_turns(transcript, speaker)):
        grams = zip(*(words[i:] for i in range(n)))
        if drop:
            grams = (g for g in grams if not drop.intersection(g))
        counts.update(grams)
    return counts


_MEASURES = (
    "pmi",
    "likelihood_ratio",
    "chi_sq",
    "student_t",
    "dice",
    "jaccard",
    "poisson_stirling",
)


def collocations(
    transcript: Transcript,
    top: int = 10,
    min_freq: int = 2,
    measure: str = "pmi",
    speaker: str | None = None,
    stopwords: Stopwords = False,
) -> list[Collocation]:
    """The ``top`` word pairs by an association measure, from NLTK's ``BigramCollocationFinder``.

    Sentences are passed as separate documents (``from_documents``), so no pair spans a sentence
    break. ``min_freq`` drops pairs seen fewer times; ``measure`` names a method of NLTK's
    ``BigramAssocMeasures``: ``"pmi"`` or ``"likelihood_ratio"`` (also ``"chi_sq"``,
    ``"student_t"``, ``"dice"``, ``"jaccard"``, ``"poisson_stirling"``). Ties are broken
    alphabetically, so the order is stable.

    >>> import closereading
    >>> [(c.w1, c.w2, c.count) for c in collocations(closereading.load_interview(), top=2)]
    [('foreign', 'ngos', 2), ('into', 'account', 2)]
    """
    if measure not in _MEASURES:
        raise ValueError(f"unknown measure {measure!r}; choose one of {', '.join(_MEASURES)}")
    from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

    finder = BigramCollocationFinder.from_documents(
        _sentences(transcript, _speaker_turns(transcript, speaker))
    )
    finder.apply_freq_filter(min_freq)
    drop = _stopword_set(stopwords)
    if drop:
        finder.apply_word_filter(drop.__contains__)
    scored = finder.score_ngrams(getattr(BigramAssocMeasures, measure))
    return [
        Collocation(w1, w2, float(score), finder.ngram_fd[(w1, w2)])
        for (w1, w2), score in scored[:top]
    ]


# ---------------------------------------------------------------------------------------------
# Keyness


def log_likelihood(a: float, b: float, c: float, d: float) -> float:
    """G2 for a term seen ``a`` times in a target of ``c`` words and ``b`` times in ``d`` words.

    Rayson & Garside (2000): ``E1 = c(a+b)/(c+d)``, ``E2 = d(a+b)/(c+d)``,
    ``G2 = 2(a ln(a/E1) + b ln(b/E2))``, where a zero count contributes nothing.

    >>> round(log_likelihood(10, 0, 100, 100), 4)
    13.8629
    """
    if a + b == 0:
        return 0.0
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    g2 = 0.0
    if a > 0:
        g2 += a * math.log(a / e1)
    if b > 0:
        g2 += b * math.log(b / e2)
    return max(0.0, 2.0 * g2)  # never below zero; max() only hides rounding noise


def log_ratio(a: float, b: float, c: float, d: float) -> float:
    """Hardie's log ratio: ``log2((a/c) / (b/d))``; a zero count becomes 0.5 in ``max(c, d)``.

    >>> log_ratio(8, 2, 100, 100)
    2.0
    >>> log_ratio(4, 0, 100, 100)
    3.0
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


def keyness(
    target_counts: Mapping[str, float],
    reference_counts: Mapping[str, float],
    target_total: float | None = None,
    reference_total: float | None = None,
    min_count: int = 3,
    min_expected: float = 5.0,
) -> list[Keyness]:
    """Score every term seen in either count by G2 and log ratio; most key first.

    ``target_total``/``reference_total`` are the sizes of the two texts in words; they default
    to the sums of the counts, which is wrong if you removed stop words first (pass the full
    sizes then). ``direction`` is ``"target"`` when the term is relatively more frequent in the
    target, ``"reference"`` when less, ``"neither"`` when the rates are equal. The order is by
    G2, largest first, ties alphabetical. ``reliable`` and ``significance``: see the module
    docstring.

    >>> [(k.term, round(k.g2, 2), round(k.log_ratio, 2), k.direction, k.reliable)
    ...  for k in keyness({"we": 10, "you": 2}, {"we": 2, "you": 10}, 100, 100)]
    [('we', 5.82, 2.32, 'target', True), ('you', 5.82, -2.32, 'reference', True)]
    """
    c = float(sum(target_counts.values()) if target_total is None else target_total)
    d = float(sum(reference_counts.values()) if reference_total is None else reference_total)
    if c <= 0 or d <= 0:
        raise ValueError(f"both texts need words to compare (target has {c:g}, reference {d:g})")
    records = []
    for term in set(target_counts) | set(reference_counts):
        a = target_counts.get(term, 0)
        b = reference_counts.get(term, 0)
        if a == 0 and b == 0:
            continue
        if a > c or b > d:
            raise ValueError(
                f"{term!r} occurs more often than there are words "
                f"({a:g} of {c:g}, {b:g} of {d:g}); check the totals"
            )
        g2 = log_likelihood(a, b, c, d)
        lr = log_ratio(a, b, c, d)
        if a * d > b * c:
            direction, key_count = "target", a
        elif a * d < b * c:
            direction, key_count = "reference", b
        else:
            direction, key_count = "neither", max(a, b)
        e1 = c * (a + b) / (c + d)
        e2 = d * (a + b) / (c + d)
        reliable = key_count >= min_count and (min(e1, e2) >= min_expected or g2 >= _RELIABLE_G2)
        records.append(
            Keyness(
                term,
                a,
                b,
                rate_per_1000(a, c),
                rate_per_1000(b, d),
                g2,
                lr,
                direction,
                reliable,
                _significance(g2),
            )
        )
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
    min_expected: float = 5.0,
) -> list[Keyness]:
    """Keyness of one speaker's words against another speaker's (default: everyone else's).

    Text sizes are all the words each side speaks, so stop word filtering only hides rows.

    >>> import closereading
    >>> top = speaker_keyness(closereading.load_interview(), "Saunders", stopwords=True)[0]
    >>> top.term, top.target_count, top.reference_count, top.direction, top.reliable
    ('states', 3, 0, 'target', False)
    """
    target = _turn_indices(transcript, [speaker])
    if other is None:
        others = [
            s.label for s in transcript.speakers if s.label != transcript.speaker(speaker).label
        ]
    else:
        others = [other]
    reference = _turn_indices(transcript, others)
    target_words = _word_norms(transcript, target)
    reference_words = _word_norms(transcript, reference)
    return keyness(
        _fold(Counter(target_words), stopwords, stem, min_length),
        _fold(Counter(reference_words), stopwords, stem, min_length),
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
    min_expected: float = 5.0,
) -> list[Keyness]:
    """Keyness of the interview's words (or one speaker's) against general English.

    The reference is ``wordfreq.word_frequency(word, "en", wordlist="large")``, a proportion,
    turned into a count by treating general English as a corpus of ``reference_size`` words
    (see :data:`WORDFREQ_REFERENCE_SIZE`); words wordfreq does not know get ``floor`` (see
    :data:`WORDFREQ_FLOOR`) instead of zero. Only terms the target uses are scored: a list of
    every English word the speaker did *not* say would be endless. wordfreq looks up a
    hyphenated word such as ``state-to-state`` by its parts, which overstates its frequency.
    No stemming: wordfreq counts word forms, not stems.

    >>> import closereading
    >>> rows = general_english_keyness(closereading.load_interview(), stopwords=True)
    >>> [(k.term, k.target_count, k.direction, k.reliable) for k in rows[:2]]
    [('russian', 10, 'target', True), ('sanctions', 4, 'target', True)]
    """
    from wordfreq import word_frequency  # ships its data in the wheel: works offline

    words = _word_norms(transcript, _speaker_turns(transcript, speaker))
    counts = _fold(Counter(words), stopwords, False, min_length)
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
