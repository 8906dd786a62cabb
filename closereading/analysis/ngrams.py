"""Words side by side: n-grams inside one sentence, and collocations scored by NLTK's
association measures.

>>> import closereading
>>> ngrams(closereading.load_interview(), 2, stopwords=True).most_common(1)
[(('united', 'states'), 3)]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from closereading.analysis.words import Stopwords, sentence_words, speaker_turns, stopword_set

if TYPE_CHECKING:
    from closereading.text.transcript import Transcript

__all__ = ["Collocation", "collocations", "ngrams"]


@dataclass(frozen=True, slots=True)
class Collocation:
    """Two words that occur side by side more than chance predicts, with the measure's score."""

    w1: str
    w2: str
    score: float
    count: int


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
    drop = stopword_set(stopwords)
    counts: Counter[tuple[str, ...]] = Counter()
    for words in sentence_words(transcript, speaker_turns(transcript, speaker)):
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
        sentence_words(transcript, speaker_turns(transcript, speaker))
    )
    finder.apply_freq_filter(min_freq)
    drop = stopword_set(stopwords)
    if drop:
        finder.apply_word_filter(drop.__contains__)
    scored = finder.score_ngrams(getattr(BigramAssocMeasures, measure))
    return [
        Collocation(w1, w2, float(score), finder.ngram_fd[(w1, w2)])
        for (w1, w2), score in scored[:top]
    ]
