"""Is this a piece of writing at all? What a check can tell about a student's words before a
reader judges them: English or not, sentences or a heap of words, something new or the
question's own words again.

A check never says a piece of interpretation is right; it can say that what was typed cannot be
one. Three measures, each cheap and offline:

- **English words**: the share of words that are common in English (``wordfreq``'s list, which
  ships inside the package, at a Zipf frequency of :data:`COMMON_ZIPF` or more). Lorem ipsum
  scores 0.2 to 0.3, a student's paragraph 0.9 or more, names and terms included.
- **Function words**: the share of the course's stop words (*the, of, is, because ...*). Prose
  scores 0.35 to 0.55; a heap of unrelated words almost nothing. Notes can be telegraphic
  ("Hedge: softens the denial; keeps options open."), so a text with few function words still
  passes when punctuation divides it into phrases.
- **New words**: content words (not stop words) that the question or prompt does not use. A copy
  of the question with a word added has almost none.

>>> read_prose("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod").problems[0]
'only 18% of its words are English words; write in English, in your own words'
>>> read_prose("Peskov widens we from the government to the whole country.").problems
()
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from closereading.analysis.words import load_stopwords
from closereading.text.tokens import is_word, normalize, word_spans

__all__ = ["COMMON_ZIPF", "ProseReading", "english_word", "read_prose", "words_of"]

#: A word counts as English at this Zipf frequency or more (about once per 10 million words).
COMMON_ZIPF = 3.0
#: Below this share of English words, a text is not English the course can read.
MIN_ENGLISH = 0.6
#: Below this share of function words (and without punctuation dividing it into phrases), a text
#: of :data:`HEAP_LENGTH` words or more reads as a heap of words, not sentences.
MIN_FUNCTION = 0.15
HEAP_LENGTH = 12
#: A text needs this many content words the prompt does not use.
MIN_NEW_WORDS = 3

_PHRASE_BREAK = re.compile(r"[.;:!?,—–()]")


@dataclass(frozen=True)
class ProseReading:
    """What :func:`read_prose` measured, and the problems it found (hints for the writer)."""

    words: int
    english: float
    function: float
    new_words: int
    problems: tuple[str, ...]

    @property
    def readable(self) -> bool:
        """True when nothing marks the text as not being writing at all."""
        return not self.problems


@lru_cache(maxsize=8192)
def english_word(word: str, zipf: float = COMMON_ZIPF) -> bool:
    """Whether ``word`` (folded, as :func:`closereading.text.tokens.normalize` makes it) is an
    English word at least as common as ``zipf`` on wordfreq's scale (3: about once per million
    words; 2: once per ten million). wordfreq ships its data in the wheel: it works offline."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en") >= zipf


def words_of(text: str) -> list[str]:
    """The words of ``text`` as the course counts them (:mod:`closereading.text.tokens`),
    folded."""
    return [normalize(t) for _, _, t in word_spans(text) if is_word(t)]


def read_prose(text: str, prompt: str = "", *, min_words: int = 0) -> ProseReading:
    """Measure ``text`` (against ``prompt``, the question it answers, if given)."""
    words = words_of(text)
    stop = load_stopwords()
    n = len(words)
    english = sum(english_word(w) for w in words) / n if n else 0.0
    function = sum(w in stop for w in words) / n if n else 0.0
    asked = set(words_of(prompt))
    new = {w for w in words if w not in stop and w not in asked}
    problems = []
    if not n:
        problems.append("nothing is written yet")
    elif n < min_words:
        problems.append(f"it has {n} words; write at least {min_words}")
    if n >= 3 and english < MIN_ENGLISH:
        problems.append(
            f"only {english:.0%} of its words are English words; write in English, in your own "
            "words"
        )
    breaks = len(_PHRASE_BREAK.findall(text))
    if n >= HEAP_LENGTH and function < MIN_FUNCTION and breaks * 8 < n:
        problems.append(
            "it reads as a list of words, not sentences; say how they connect (because, so, "
            "but, which ...)"
        )
    if prompt and n and len(new) < MIN_NEW_WORDS:
        problems.append(
            "it mostly repeats the question's own words; say something the question does not"
        )
    return ProseReading(n, english, function, len(new), tuple(problems))
