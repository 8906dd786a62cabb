"""Counting words: frequencies, rates, n-grams, collocations and keyness.

Plain data in, plain data out: every function takes a :class:`~closereading.text.transcript.Transcript`
(or plain counts) and returns a ``Counter`` or a list of small frozen dataclasses. Nothing here
prints or draws; :mod:`closereading.views.plots` and :mod:`closereading.views.tables` turn these
records into figures and tables.

What counts as a word: the transcript's word tokens (``Token.is_word``), counted by their ``norm``
(case folded, curly apostrophes made straight), inside the speaker turns only: the title,
dateline and image caption are not speech and are never counted.

Ties: wherever a list is ranked by a count or a score, terms with the same value are put in
alphabetical order, so a "top 10" is the same on every run. Where the cut falls inside a group of
tied terms, alphabetical order alone decides which of them are shown; :func:`cutoff` says how
many terms share the last place.

Stemming uses NLTK's ``SnowballStemmer("english")`` (Porter's revised "Porter2" algorithm), which
needs no NLTK download and, unlike the original Porter stemmer, drops a possessive ``'s``
(``russia's`` -> ``russia``).

Keyness (which words one speaker uses more than another, or more than English in general):

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
  Cochran's (1954) rule of thumb for chi-squared tests, which for a comparison of two texts
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

References: W. G. Cochran (1954), "Some methods for strengthening the common chi-squared
tests", Biometrics 10(4), 417-451. P. Rayson and R. Garside (2000), "Comparing corpora using
frequency profiling", Proceedings of the Workshop on Comparing Corpora, ACL 2000, 1-6.
P. Rayson, D. Berridge and B. Francis (2004), "Extending the Cochran rule for the comparison of
word frequencies between corpora", JADT 2004, 7es Journees internationales d'Analyse statistique
des Donnees Textuelles. A. Hardie (2014), "Log Ratio - an informal introduction", blog post,
ESRC Centre for Corpus Approaches to Social Science (CASS), Lancaster University, 28 April 2014.

>>> import closereading
>>> from closereading.analysis.frequency import ranked, term_counts
>>> interview = closereading.load_interview()
>>> ranked(term_counts(interview, stopwords=True), top=3)
[('russian', 10), ('believe', 4), ('domestic', 4)]
>>> term_counts(interview, speaker="Saunders", stem=True)["concern"]
3
"""

# Size: over 300 lines because counting, stop words, stems, n-grams, collocations and keyness share
# the same word selection (_word_norms, _fold); splitting keyness into its own module is the next step.

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
    from nltk.stem.snowball import SnowballStemmer

    from closereading.text.transcript import Transcript

__all__ = [
    "RELIABLE_G2",
    "RELIABLE_MIN_EXPECTED",
    "SIGNIFICANCE_LEVELS",
    "STOPWORDS_PATH",
    "WORDFREQ_FLOOR",
    "WORDFREQ_REFERENCE_SIZE",
    "Collocation",
    "Cutoff",
    "Keyness",
    "TermRow",
    "WordUse",
    "collocations",
    "cutoff",
    "expected_counts",
    "general_english_keyness",
    "keyness",
    "load_stopwords",
    "log_likelihood",
    "log_ratio",
    "ngrams",
    "ranked",
    "rate_per_1000",
    "speaker_keyness",
    "stem",
    "term_counts",
    "term_table",
    "word_use",
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

#: ``False``/``None`` (keep every word), ``True`` (the course list) or your own words.
Stopwords = Union[bool, None, Iterable[str]]  # noqa: UP007 - a runtime alias on Python 3.10

Direction = Literal["target", "reference", "neither"]

_ZERO_COUNT = 0.5  # the course's rule: a zero is half an occurrence in the larger text


@dataclass(frozen=True, slots=True)
class TermRow:
    """One row of a frequency table; ``speaker`` is ``None`` for the whole interview.

    ``total`` is the number of words the rate is per: all of that speaker's words (stop words
    included), or all the words of the interview; ``per_1000 == 1000 * count / total``.
    """

    term: str
    count: int
    per_1000: float
    speaker: str | None
    total: int


@dataclass(frozen=True, slots=True)
class WordUse:
    """How often each speaker uses one word, and whether the course's stop word list has it.

    ``counts`` pairs each speaker's label with their count, in the transcript's speaker order.
    """

    word: str
    stop_word: bool
    counts: tuple[tuple[str, int], ...]

    def count(self, speaker: str) -> int:
        """The count for one speaker (``KeyError`` for a label not in ``counts``)."""
        return dict(self.counts)[speaker]


@dataclass(frozen=True, slots=True)
class Cutoff:
    """Where a top-``top`` list ends: the count at its last place (``count``), how many terms
    with that count are in the list (``shown``) and how many have it in all (``tied``).
    ``tied > shown`` means alphabetical order, not frequency, chose the last rows."""

    top: int
    count: int
    shown: int
    tied: int


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
def _stemmer() -> SnowballStemmer:
    # Imported here so that ``import closereading`` stays light; Snowball needs no NLTK data.
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball (Porter2) stem of a normalized word.

    >>> stem("sanctions"), stem("concerned"), stem("russia's")
    ('sanction', 'concern', 'russia')
    """
    stemmed: str = _stemmer().stem(word)
    return stemmed


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


def _fold(
    counts: Counter[str], stopwords: Stopwords, stem_words: bool, min_length: int
) -> Counter[str]:
    """Drop stop words and short words (judged on the word as written), then fold by stem."""
    drop = _stopword_set(stopwords)
    if drop or min_length > 1:
        counts = Counter(
            {w: n for w, n in counts.items() if w not in drop and len(w) >= min_length}
        )
    if stem_words:
        folded: Counter[str] = Counter()
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
) -> Counter[str]:
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


def ranked(counts: Mapping[str, int], top: int | None = None) -> list[tuple[str, int]]:
    """``(term, count)`` pairs from the most frequent down, ties in alphabetical order.

    Use this rather than ``Counter.most_common``, which orders ties by where each word first
    occurs in the text. ``top`` keeps that many pairs; see :func:`cutoff` for the ties it cuts.

    >>> ranked({"way": 4, "society": 3, "country": 3, "best": 2}, top=3)
    [('way', 4), ('country', 3), ('society', 3)]
    """
    pairs = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return pairs if top is None else pairs[:top]


def cutoff(counts: Mapping[str, int], top: int) -> Cutoff:
    """Where ``ranked(counts, top)`` ends, and how many terms share the count at its last place.

    >>> cutoff({"way": 4, "society": 3, "country": 3, "best": 2}, top=2)
    Cutoff(top=2, count=3, shown=1, tied=2)
    """
    if top < 1:
        raise ValueError(f"top must be 1 or more, not {top}")
    shown = ranked(counts, top)
    if not shown:
        return Cutoff(top, 0, 0, 0)
    last = shown[-1][1]
    return Cutoff(
        top,
        last,
        sum(1 for _, n in shown if n == last),
        sum(1 for n in counts.values() if n == last),
    )


def word_use(transcript: Transcript, words: Iterable[str]) -> list[WordUse]:
    """For each of ``words`` (normalized), its count for every speaker and whether it is on the
    course's stop word list; one record per word, in the order given.

    >>> import closereading
    >>> [(w.word, w.stop_word, w.counts) for w in word_use(closereading.load_interview(), ["We"])]
    [('we', True, (('Saunders', 0), ('Peskov', 10)))]
    """
    if isinstance(words, str):
        raise TypeError(f"words must be a list of words, not one string ({words!r})")
    stop = load_stopwords()
    labels = [s.label for s in transcript.speakers]
    counts = {label: term_counts(transcript, speaker=label) for label in labels}
    records = []
    for word in words:
        norm = normalize(word)
        per_speaker = tuple((label, counts[label][norm]) for label in labels)
        records.append(WordUse(norm, norm in stop, per_speaker))
    return records


def term_table(
    transcript: Transcript,
    stopwords: Stopwords = False,
    stem: bool = False,
    min_length: int = 1,
    top: int | None = None,
) -> list[TermRow]:
    """Rows ``(term, count, per_1000, speaker, total)`` for each speaker, then for the whole
    interview.

    Rates are per 1,000 of *all* the speaker's words, stop words included, so filtering changes
    which rows you see but never a rate; ``total`` is that number of words. Within each speaker
    rows run from the most frequent term (ties alphabetical, see :func:`ranked`); ``top`` keeps
    that many rows per speaker. The whole-interview rows have ``speaker=None``.

    >>> import closereading
    >>> rows = term_table(closereading.load_interview(), stopwords=True, top=1)
    >>> [(r.speaker, r.term, r.count, round(r.per_1000, 1)) for r in rows]
    [('Saunders', 'believe', 3, 22.6), ('Peskov', 'russian', 7, 23.9), (None, 'russian', 10, 23.5)]
    >>> [r.total for r in rows]
    [133, 293, 426]
    """
    groups: list[tuple[str | None, frozenset[int] | None]] = [
        (s.label, _turn_indices(transcript, [s.label])) for s in transcript.speakers
    ]
    groups.append((None, None))
    rows: list[TermRow] = []
    for label, turns in groups:
        norms = _word_norms(transcript, turns)
        counts = _fold(Counter(norms), stopwords, stem, min_length)
        total = len(norms)
        for term, count in ranked(counts, top):
            rows.append(TermRow(term, count, rate_per_1000(count, total), label, total))
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
) -> Counter[tuple[str, ...]]:
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
    counts: Counter[tuple[str, ...]] = Counter()
    for words in _sentences(transcript, _speaker_turns(transcript, speaker)):
        grams: Iterable[tuple[str, ...]] = zip(*(words[i:] for i in range(n)))
        if drop:
            grams = [g for g in grams if not drop.intersection(g)]
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
