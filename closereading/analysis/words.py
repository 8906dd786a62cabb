"""Which words count, and how: stop words, stems, the words of one speaker, rates.

What counts as a word: the transcript's word tokens (``Token.is_word``), counted by their ``norm``
(case folded, curly apostrophes made straight), inside the speaker turns only. Stemming uses
NLTK's ``SnowballStemmer("english")`` (Porter2), which needs no NLTK download.

>>> load_stopwords() >= {"the", "we"}
True
>>> stem("sanctions"), rate_per_1000(4, 426)
('sanction', 9.389671361502348)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Union

from closereading.base.paths import STOPWORDS_PATH
from closereading.text.tokens import normalize

if TYPE_CHECKING:
    from nltk.stem.snowball import SnowballStemmer

    from closereading.text.transcript import Transcript

__all__ = [
    "STOPWORDS_PATH",
    "Stopwords",
    "fold",
    "load_stopwords",
    "rate_per_1000",
    "sentence_words",
    "speaker_turns",
    "stem",
    "stopword_set",
    "turn_indices",
    "word_norms",
]

#: ``False``/``None`` (keep every word), ``True`` (the course list) or your own words.
Stopwords = Union[bool, None, Iterable[str]]  # noqa: UP007 - a runtime alias on Python 3.10


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


def stopword_set(stopwords: Stopwords) -> frozenset[str]:
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


def turn_indices(transcript: Transcript, speakers: Iterable[str]) -> frozenset[int]:
    labels = {transcript.speaker(label).label for label in speakers}  # KeyError names the choices
    return frozenset(turn.index for turn in transcript.turns if turn.speaker in labels)


def word_norms(transcript: Transcript, turns: Collection[int] | None = None) -> list[str]:
    """The normalized words of the whole transcript, or of the given turns only."""
    if turns is None:
        return [token.norm for token in transcript.tokens if token.is_word]
    return [token.norm for token in transcript.tokens if token.is_word and token.turn in turns]


def speaker_turns(transcript: Transcript, speaker: str | None) -> frozenset[int] | None:
    return None if speaker is None else turn_indices(transcript, [speaker])


def fold(
    counts: Counter[str], stopwords: Stopwords, stem_words: bool, min_length: int
) -> Counter[str]:
    """Drop stop words and short words (judged on the word as written), then fold by stem."""
    drop = stopword_set(stopwords)
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


def rate_per_1000(count: float, total: float) -> float:
    """``count`` per 1,000 words of a text ``total`` words long (0.0 for an empty text).

    >>> rate_per_1000(4, 426)
    9.389671361502348
    """
    if total < 0 or count < 0:
        raise ValueError(f"counts cannot be negative (count={count}, total={total})")
    return 0.0 if total == 0 else 1000.0 * count / total


def sentence_words(transcript: Transcript, turns: Collection[int] | None) -> list[list[str]]:
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
