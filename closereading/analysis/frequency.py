"""Counting words: frequencies, rates and tables of terms.

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

Keyness (which words one speaker uses more than another) is in :mod:`closereading.analysis.keyness`,
n-grams and collocations in :mod:`closereading.analysis.ngrams`, stop words and stems in
:mod:`closereading.analysis.words`; their public names are also importable from here, so a
notebook needs one ``from closereading import frequency``.

>>> import closereading
>>> from closereading.analysis.frequency import ranked, term_counts
>>> interview = closereading.load_interview()
>>> ranked(term_counts(interview, stopwords=True), top=3)
[('russian', 10), ('believe', 4), ('domestic', 4)]
>>> term_counts(interview, speaker="Saunders", stem=True)["concern"]
3
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from closereading.analysis.keyness import (
    RELIABLE_G2,
    RELIABLE_MIN_EXPECTED,
    SIGNIFICANCE_LEVELS,
    WORDFREQ_FLOOR,
    WORDFREQ_REFERENCE_SIZE,
    Keyness,
    expected_counts,
    general_english_keyness,
    keyness,
    log_likelihood,
    log_ratio,
    speaker_keyness,
)
from closereading.analysis.ngrams import Collocation, collocations, ngrams
from closereading.analysis.words import (
    STOPWORDS_PATH,
    Stopwords,
    fold,
    load_stopwords,
    rate_per_1000,
    speaker_turns,
    stem,
    turn_indices,
    word_norms,
)
from closereading.text.tokens import normalize

if TYPE_CHECKING:
    from closereading.text.transcript import Transcript

_Term = TypeVar("_Term", str, tuple[str, ...])

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
    counts = Counter(word_norms(transcript, speaker_turns(transcript, speaker)))
    return fold(counts, stopwords, stem, min_length)


def ranked(counts: Mapping[_Term, int], top: int | None = None) -> list[tuple[_Term, int]]:
    """``(term, count)`` pairs from the most frequent down, ties in alphabetical order (terms
    may be words or n-gram tuples, which sort word by word).

    Use this rather than ``Counter.most_common``, which orders ties by where each word first
    occurs in the text. ``top`` keeps that many pairs; see :func:`cutoff` for the ties it cuts.

    >>> ranked({"way": 4, "society": 3, "country": 3, "best": 2}, top=3)
    [('way', 4), ('country', 3), ('society', 3)]
    >>> ranked({("of", "the"): 2, ("as", "a"): 2}, top=1)
    [(('as', 'a'), 2)]
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
        (s.label, turn_indices(transcript, [s.label])) for s in transcript.speakers
    ]
    groups.append((None, None))
    rows: list[TermRow] = []
    for label, turns in groups:
        norms = word_norms(transcript, turns)
        counts = fold(Counter(norms), stopwords, stem, min_length)
        total = len(norms)
        for term, count in ranked(counts, top):
            rows.append(TermRow(term, count, rate_per_1000(count, total), label, total))
    return rows
