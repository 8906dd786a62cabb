"""A reader's selection, widened to whole words and kept inside one speaker's turn.

This is the one place the rule lives; the highlighter's front end only reports where the reader
pressed and released (or which arrow key they pressed) and draws what comes back.

**The rule.** A selection covers every word it touches, whole, and stays inside the turn where it
starts: the turn of the first word it touches, or of the last one when it was made backwards
(dragged upwards, or extended with Shift+←). Words past that turn are dropped. Clipping is
friendlier than refusing: a drag that overshoots the end of an answer by a line still selects
the answer, instead of selecting nothing and showing an error.

>>> from closereading import parse_transcript
>>> t = parse_transcript("---\\nspeaker: Q | interviewer\\nspeaker: A | interviewee\\n---\\n"
...                      "Q: Why now?\\n\\nA: We believe so.")
>>> words = WordIndex(t)
>>> start, end = words.snap(t.text.index("hy"), t.text.index("believe") + 2)
>>> t.text[start:end]                        # clipped to the question, where the drag began
'Why now'
>>> start, end = words.snap(t.text.index("hy"), t.text.index("believe") + 2, backward=True)
>>> t.text[start:end]                        # dragged upwards: it began in the answer
'We believe'
>>> t.text[slice(*words.span(*words.step(None, "word", forward=True)))]   # → from nowhere
'Why'
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Any

__all__ = ["SelectionError", "WordIndex"]

#: A keyboard selection: the word it began at and the word the arrow keys move (word indexes).
Cursor = tuple[int, int]


class SelectionError(ValueError):
    """A selection that holds no word of any turn (or is not a pair of whole numbers)."""


class WordIndex:
    """The transcript's words and sentences, for snapping and stepping a selection.

    Words are taken from ``transcript.words`` (each with ``start``, ``end`` and ``turn``) and
    sentences from ``transcript.sentences``, both in text order.
    """

    def __init__(self, transcript: Any) -> None:
        words = transcript.words
        self.starts = [w.start for w in words]
        self.ends = [w.end for w in words]
        self.turns = [w.turn for w in words]
        self.sentences = [(s.start, s.end) for s in transcript.sentences]

    def __len__(self) -> int:
        return len(self.starts)

    # --- snapping ------------------------------------------------------------------------------

    def snap(self, start: int, end: int, *, backward: bool = False) -> tuple[int, int]:
        """The whole-word span for ``[start, end)``: every word it touches, clipped to the turn
        where the selection starts (its last word's turn when ``backward``).

        Raises :class:`SelectionError` if the span is empty or touches no word of any turn.
        """
        first, last = self.words_in(start, end)
        first, last = self.clip(first, last, backward=backward)
        return self.span(first, last)

    def words_in(self, start: int, end: int) -> tuple[int, int]:
        """The indexes of the first and last word that ``[start, end)`` touches."""
        for name, value in (("start", start), ("end", end)):
            if isinstance(value, bool) or not isinstance(value, int):
                raise SelectionError(f"{name} must be a whole number, got {value!r}")
        if start >= end:
            raise SelectionError("Select some words first (the selection is empty)")
        first = bisect_right(self.ends, start)  # first word ending after start
        last = bisect_left(self.starts, end) - 1  # last word starting before end
        if first > last:
            raise SelectionError("Select at least one word inside a speaker's turn")
        return first, last

    def clip(self, first: int, last: int, *, backward: bool = False) -> tuple[int, int]:
        """Words ``first..last`` cut back to the turn of ``first`` (of ``last`` when ``backward``)."""
        if backward:
            return max(first, bisect_left(self.turns, self.turns[last])), last
        return first, min(last, bisect_right(self.turns, self.turns[first]) - 1)

    def span(self, first: int, last: int) -> tuple[int, int]:
        """The character span from word ``first`` to word ``last`` (in either order)."""
        low, high = min(first, last), max(first, last)
        return self.starts[low], self.ends[high]

    # --- stepping from the keyboard ------------------------------------------------------------

    def step(
        self,
        at: Cursor | None,
        by: str,
        *,
        forward: bool,
        extend: bool = False,
        selected: bool = True,
    ) -> Cursor:
        """Where an arrow key takes a keyboard selection ``at`` (``(anchor, focus)``).

        ``by="word"``: ← → select the previous or next word; with ``extend`` (Shift) the focus
        moves one word, never out of the anchor's turn. ``by="sentence"``: ↑ ↓ select the
        sentence holding the selection, or the one before or after when that sentence is
        already selected. With no ``at`` yet, the first word or sentence. ``selected`` says
        whether the selection is still shown (after a highlight is made it is not, and the
        next key starts from where it was).
        """
        if not len(self):
            raise SelectionError("This transcript has no words to select")
        if by == "sentence":
            return self._step_sentence(at, forward, selected)
        if by != "word":
            raise SelectionError(f"a selection steps by 'word' or 'sentence', not {by!r}")
        if at is None:
            return 0, 0
        anchor, focus = at
        if extend and selected:
            moved = focus + (1 if forward else -1)
            if not 0 <= moved < len(self):
                return at
            low, high = min(anchor, moved), max(anchor, moved)
            kept = self.clip(low, high, backward=moved < anchor)
            return (anchor, moved) if kept == (low, high) else at
        low, high = min(at), max(at)
        word = min(high + 1, len(self) - 1) if forward else max(low - 1, 0)
        return word, word

    def _step_sentence(self, at: Cursor | None, forward: bool, selected: bool) -> Cursor:
        count = len(self.sentences)
        if not count:
            raise SelectionError("This transcript has no sentences to select")
        if at is None:
            return self._sentence_words(0)
        low, high = min(at), max(at)
        ends = [end for _, end in self.sentences]
        k = min(bisect_right(ends, self.starts[low]), count - 1)  # the sentence holding `low`
        if selected and self._sentence_words(k) == (low, high):
            k = max(0, min(count - 1, k + (1 if forward else -1)))
        return self._sentence_words(k)

    def _sentence_words(self, k: int) -> Cursor:
        start, end = self.sentences[k]
        return bisect_right(self.ends, start), bisect_left(self.starts, end) - 1
