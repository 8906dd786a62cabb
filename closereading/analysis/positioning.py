# Over 300 lines: the three finders share one set of word-window rules (clitics, "be" forms,
# sentence bounds, negation before and after); split apart, those rules would drift.
"""Positioning in grammar: pronouns, modality and negation, found as records with offsets.

Three finders, one record (:class:`Marker`), on any transcript:

- :func:`pronouns`: every first-person plural pronoun (*we, us, our, ours, ourselves*) and every
  second- and third-person personal pronoun (*you, your; he, she, they, them, their* ...). *It*
  and *its* are left out unless asked for (``include_it=True``): they mostly point to things or
  fill the subject slot ("It was my pleasure"), not to the people a speaker positions.
- :func:`modals`: the modal verbs and the semi-modals (*have to, need to, be able to, be going
  to, be willing to* ...), each in one of four groups: **necessity**, **possibility**,
  **volition** and **prediction**. The groups follow Palmer's account of the English modals
  (*Modality and the English Modals*, 2nd edition): possibility and necessity (chapters on
  epistemic, deontic and dynamic modality) and *will* and *shall* (chapter "WILL, SHALL and
  futurity"), where *will* serves both prediction and volition. A finder cannot tell those two
  apart, so a *will* form gets **volition** when *I* or *we* stands right before it ("we will")
  and **prediction** otherwise, and every such record names the other reading in ``also``,
  except a *would* with another subject ("would be helpful"), which speaks of a hypothetical
  case rather than anyone's will and has no second reading.
- :func:`negations`: *not* and *-n't*, *no*, *never*, *in no way*, *without*, *cannot*, and
  *none, nothing, nobody, no one, nowhere, neither, nor*. A phrase is found once: the *no* of
  *in no way* is not counted again.

A marker's ``turn`` is the 0-based ``Turn.index``; ``text`` is ``transcript.text[start:end]``;
``left`` and ``right`` are a few words of context from the same turn, on one line.

>>> from closereading import parse_transcript
>>> t = parse_transcript('''---
... speaker: Q | interviewer | A reporter
... speaker: A | interviewee | A minister
... ---
... Q: Will you resign?
...
... A: We cannot and we will not. They have to wait.''')
>>> [(m.form, m.group) for m in pronouns(t)]
[('you', 'second person'), ('we', 'first-person plural'), ('we', 'first-person plural'), ('they', 'third person')]
>>> [(m.form, m.group, m.negated) for m in modals(t)]
[('will', 'prediction', False), ('cannot', 'possibility', True), ('will', 'volition', True), ('have to', 'necessity', False)]
>>> [m.form for m in negations(t)]
['cannot', 'not']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from closereading.base.strings import one_line

if TYPE_CHECKING:
    from closereading.text.transcript import Token, Transcript

__all__ = [
    "MODAL_GROUPS",
    "NEGATION_FORMS",
    "PRONOUN_GROUPS",
    "SYSTEM_GROUPS",
    "Marker",
    "counts_by_speaker",
    "counts_by_turn",
    "modality_system",
    "modals",
    "negations",
    "pronouns",
]

#: Pronoun forms by group.
PRONOUN_GROUPS: dict[str, frozenset[str]] = {
    "first-person plural": frozenset({"we", "us", "our", "ours", "ourselves"}),
    "second person": frozenset({"you", "your", "yours", "yourself", "yourselves"}),
    "third person": frozenset(
        {
            *("he", "him", "his", "himself", "she", "her", "hers", "herself"),
            *("they", "them", "their", "theirs", "themselves"),
        }
    ),
}
_IT = frozenset({"it", "its", "itself"})

#: The four groups of modal meaning, in the order tables and charts show them.
MODAL_GROUPS = ("necessity", "possibility", "volition", "prediction")

# The will forms: prediction, or volition after "I" or "we" (see _will_reading).
_WILL_FORMS = ("will", "won't", "would", "wouldn't", "shall")
# The will forms of a hypothetical case ("would be helpful"): no second reading as volition
# unless "I" or "we" is the subject.
_HYPOTHETICAL = frozenset({"would", "wouldn't"})
# Single-word modals by group; the contracted negatives count as negated.
_MODAL_WORDS = {
    form: group
    for group, forms in (
        ("necessity", ("must", "mustn't", "should", "shouldn't")),
        ("possibility", ("can", "cannot", "can't", "could", "couldn't", "may", "might")),
        ("prediction", _WILL_FORMS),
    )
    for form in forms
}
# Clitics that make one token with a pronoun: "we're", "they'll", "you've".
_CLITICS = frozenset({"ll", "re", "ve", "d", "s", "m"})
_BE = frozenset({"am", "is", "are", "was", "were", "be", "been", "being", "'m", "'re", "'s"})
# Semi-modals by group: the words before "to" ("have got" for "have got to"). Those in _AFTER_BE
# count only after a form of "be" ("is able to", "are going to").
_SEMI_MODAL_WORDS = (
    ("necessity", ("have got", "has got", "have", "has", "had", "having")),
    ("necessity", ("need", "needs", "needed", "ought", "bound")),
    ("possibility", ("able", "unable")),
    ("volition", ("want", "wants", "wanted", "willing", "unwilling")),
    ("prediction", ("going",)),
)
_AFTER_BE = frozenset({"bound", "able", "unable", "willing", "unwilling", "going"})
_SEMI_MODALS: tuple[tuple[tuple[str, ...], str, bool], ...] = tuple(
    (tuple(words.split()), group, words in _AFTER_BE)
    for group, forms in _SEMI_MODAL_WORDS
    for words in forms
)

#: Negation forms: a phrase (tuple of words) and the form it is reported as.
NEGATION_FORMS: tuple[tuple[tuple[str, ...], str], ...] = tuple(
    (tuple(form.split()), form)
    for form in (
        *("in no way", "no one"),  # before "no", so that a phrase is found once
        *("cannot", "not", "no", "never", "without", "none", "nothing", "nobody", "nowhere"),
        *("neither", "nor"),
    )
)


@dataclass(frozen=True, slots=True)
class Marker:
    """One pronoun, modal or negation: what it is, where it is, who said it, and its context.

    ``kind`` is ``pronoun``, ``modal`` or ``negation``; ``form`` the folded form ("we",
    "have to", "in no way"); ``group`` its group (a pronoun's person, a modal's meaning, a
    negation's form); ``also`` another group a reader may prefer (a *will* form's other
    reading); ``negated`` is true for a modal with a negation ("cannot", "will not").
    """

    kind: str
    form: str
    group: str
    start: int
    end: int
    text: str
    turn: int
    sentence: int
    speaker: str
    left: str = ""
    right: str = ""
    also: str = ""
    negated: bool = False


def pronouns(transcript: Transcript, include_it: bool = False) -> list[Marker]:
    """Every first-person plural and second- and third-person pronoun, in text order."""
    groups = {form: group for group, forms in PRONOUN_GROUPS.items() for form in forms}
    if include_it:
        groups.update(dict.fromkeys(_IT, "third person"))
    words = _words(transcript)
    found = []
    for i, word in enumerate(words):
        base, _ = _clitic(word.norm)
        if base in groups:
            marker = _marker(transcript, words, i, i + 1, "pronoun", base, groups[base])
            found.append(_trim(transcript, marker, marker.start + len(base)))
    return found


def _clitic(norm: str) -> tuple[str, str]:
    """``"we'll"`` -> ``("we", "ll")``; a word without a clitic -> ``(word, "")``."""
    base, _, clitic = norm.partition("'")
    return (base, clitic) if clitic in _CLITICS else (norm, "")


def _trim(transcript: Transcript, marker: Marker, end: int) -> Marker:
    return replace(marker, end=end, text=transcript.text[marker.start : end])


def modals(transcript: Transcript) -> list[Marker]:
    """Every modal verb and semi-modal, grouped by meaning (see the module docstring)."""
    words = _words(transcript)
    found: list[Marker] = []
    for i, word in enumerate(words):
        base, clitic = _clitic(word.norm)
        if word.norm in _MODAL_WORDS:
            found.append(_single_modal(transcript, words, i))
            continue
        if clitic == "ll":  # "we'll": the will of volition or prediction, after the pronoun
            group, other = _will_reading(base in ("i", "we"))
            marker = _marker(transcript, words, i, i + 1, "modal", "will", group)
            found.append(_replace_span(transcript, marker, word.start + len(base), other, words, i))
            continue
        semi = _semi_modal(words, i)
        if semi is not None:
            first, last, group = semi
            form = " ".join(w.norm for w in words[i : last + 1])
            if first < i:  # a semi-modal with "be": named by its dictionary form
                form = "be " + form
            negated = _negated_before(words, first, i) or _negated_after(words, last)
            marker = _marker(
                transcript, words, first, last + 1, "modal", form, group, negated=negated
            )
            base, clitic = _clitic(words[first].norm)
            if clitic:  # "they're going to": the modal starts at the clitic, after the pronoun
                start = words[first].start + len(base)
                marker = replace(marker, start=start, text=transcript.text[start : marker.end])
            if form == "be going to":  # "I'm not going to": a refusal is will, not forecast
                subject = base if clitic else (words[first - 1].norm if first else "")
                group, also = _will_reading(subject in ("i", "we"))
                marker = replace(marker, group=group, also=also)
            found.append(marker)
    return found


def _replace_span(
    transcript: Transcript, marker: Marker, start: int, also: str, words: list[Token], i: int
) -> Marker:
    end = words[i].end
    return replace(
        marker,
        start=start,
        text=transcript.text[start:end],
        also=also,
        negated=_negated_after(words, i),
    )


def _single_modal(transcript: Transcript, words: list[Token], i: int) -> Marker:
    norm = words[i].norm
    group, also = _MODAL_WORDS[norm], ""
    if norm in _WILL_FORMS:
        group, also = _will_reading(_first_person_subject(words, i))
        if norm in _HYPOTHETICAL and group == "prediction":
            also = ""  # "would be helpful": a hypothetical case, not anyone's will
    negated = (
        norm == "cannot"
        or norm.endswith("n't")
        or _negated_after(words, i)
        or _negated_just_before(words, i)
    )
    return _marker(transcript, words, i, i + 1, "modal", norm, group, also=also, negated=negated)


def _semi_modal(words: list[Token], i: int) -> tuple[int, int, str] | None:
    """``(first, last, group)`` word positions of a semi-modal whose "to" follows word ``i``."""
    for parts, group, needs_be in _SEMI_MODALS:
        end = i + len(parts)
        if end >= len(words) or words[end].norm != "to":
            continue
        if tuple(w.norm for w in words[i:end]) != parts or not _same_sentence(words, i, end):
            continue
        first = i
        if needs_be:
            back = i - 1
            if back >= 0 and words[back].norm in ("not", "never") and back - 1 >= 0:
                back -= 1
            if back < 0 or not _same_sentence(words, back, i) or not _is_be(words[back].norm):
                continue
            first = back
        return first, end, group
    return None


def _will_reading(first_person: bool) -> tuple[str, str]:
    """A *will* form's group and the other reading a reader may prefer (the record's ``also``):
    volition after *I* or *we*, prediction otherwise (see the module docstring)."""
    return ("volition", "prediction") if first_person else ("prediction", "volition")


def _first_person_subject(words: list[Token], i: int) -> bool:
    """ "we will", or "we cannot ... and will not": *I* or *we* right before the modal, or before
    an earlier modal of the same sentence that this one is joined to by *and*, *or*, *but*."""
    before = words[i - 1].norm if i and _same_sentence(words, i - 1, i) else ""
    if before in ("i", "we"):
        return True
    if before not in ("and", "or", "but"):
        return False
    for j in range(i - 2, max(-1, i - 10), -1):
        if not _same_sentence(words, j, i):
            return False
        if words[j].norm in _MODAL_WORDS:
            return j > 0 and words[j - 1].norm in ("i", "we") and _same_sentence(words, j - 1, i)
    return False


def _negated_just_before(words: list[Token], i: int) -> bool:
    """ "never can", "in no way can": a negation right before the modal, in its sentence."""
    if i >= 1 and words[i - 1].norm in ("not", "never") and _same_sentence(words, i - 1, i):
        return True
    return i >= 3 and [w.norm for w in words[i - 3 : i]] == ["in", "no", "way"]


def _is_be(norm: str) -> bool:
    """A form of *be*, alone or as a clitic: "are", "they're", "I'm", "it's"."""
    return norm in _BE or _clitic(norm)[1] in ("re", "m", "s")


def _negated_after(words: list[Token], i: int) -> bool:
    return i + 1 < len(words) and words[i + 1].norm == "not" and _same_sentence(words, i, i + 1)


def _negated_before(words: list[Token], first: int, i: int) -> bool:
    """A negation between a form of "be" and the semi-modal, or a do-negation just before."""
    span = words[max(0, first - 1) : i]
    return any(w.norm in ("not", "never") or w.norm.endswith("n't") for w in span)


def negations(transcript: Transcript) -> list[Marker]:
    """Every negation, phrases first: "in no way" is one negation, not a "no" as well."""
    words = _words(transcript)
    found: list[Marker] = []
    i = 0
    while i < len(words):
        match = _negation_at(words, i)
        if match is None:
            i += 1
            continue
        size, form = match
        found.append(_marker(transcript, words, i, i + size, "negation", form, form))
        i += size
    return found


def _negation_at(words: list[Token], i: int) -> tuple[int, str] | None:
    for parts, form in NEGATION_FORMS:
        end = i + len(parts)
        if (
            end <= len(words)
            and tuple(w.norm for w in words[i:end]) == parts
            and (len(parts) == 1 or _same_sentence(words, i, end - 1))
        ):
            return len(parts), form
    norm = words[i].norm
    if norm.endswith("n't") and norm != "n't":
        return 1, "not"
    return None


#: The columns of notebook 06's tables and charts: the four modal groups, then negation.
SYSTEM_GROUPS = (*MODAL_GROUPS, "negation")


def modality_system(transcript: Transcript) -> list[Marker]:
    """Modals and negations together, in text order, every negation in the one group
    "negation" (its ``form`` still says which): the records behind notebook 06's charts.

    >>> import closereading
    >>> from collections import Counter
    >>> Counter(m.group for m in modality_system(closereading.load_interview()))
    Counter({'negation': 9, 'possibility': 4, 'prediction': 3, 'necessity': 1, 'volition': 1})
    """
    found = modals(transcript) + [replace(m, group="negation") for m in negations(transcript)]
    return sorted(found, key=lambda m: (m.start, m.kind))


def counts_by_turn(
    markers: Iterable[Marker], transcript: Transcript, groups: Sequence[str] | None = None
) -> list[dict[str, object]]:
    """For each turn, in order: its number (from 1), speaker, words, and how many markers of
    each group it holds. ``groups`` fixes the columns (default: the groups found, in order)."""
    markers = list(markers)
    if groups is None:
        groups = list(dict.fromkeys(m.group for m in markers))
    tally = Counter((m.turn, m.group) for m in markers)
    rows: list[dict[str, object]] = []
    for turn, words in zip(transcript.turns, transcript.words_per_turn):
        row: dict[str, object] = {"turn": turn.index + 1, "speaker": turn.speaker, "words": words}
        row.update({group: tally[turn.index, group] for group in groups})
        rows.append(row)
    return rows


def counts_by_speaker(
    markers: Iterable[Marker], transcript: Transcript, groups: Sequence[str] | None = None
) -> list[dict[str, object]]:
    """For each speaker and group: the count and the rate per 1,000 of the speaker's words.

    >>> import closereading
    >>> t = closereading.load_interview()
    >>> rows = counts_by_speaker(negations(t), t, ["not"])
    >>> [(r["speaker"], r["count"], r["per_1000"]) for r in rows]
    [('Saunders', 0, 0.0), ('Peskov', 5, 17.1)]
    """
    markers = list(markers)
    if groups is None:
        groups = list(dict.fromkeys(m.group for m in markers))
    tally = Counter((m.speaker, m.group) for m in markers)
    rows: list[dict[str, object]] = []
    for speaker, words in transcript.words_by_speaker().items():
        for group in groups:
            count = tally[speaker, group]
            rate = round(1000 * count / words, 1) if words else 0.0
            rows.append(
                {
                    "speaker": speaker,
                    "group": group,
                    "count": count,
                    "words": words,
                    "per_1000": rate,
                }
            )
    return rows


# --- helpers ----------------------------------------------------------------------------------


def _words(transcript: Transcript) -> list[Token]:
    return transcript.words


def _same_sentence(words: list[Token], i: int, j: int) -> bool:
    return words[i].sentence == words[j].sentence


def _marker(
    transcript: Transcript,
    words: list[Token],
    first: int,
    stop: int,
    kind: str,
    form: str,
    group: str,
    also: str = "",
    negated: bool = False,
) -> Marker:
    start, end = words[first].start, words[stop - 1].end
    turn = transcript.turns[words[first].turn]
    return Marker(
        kind=kind,
        form=form,
        group=group,
        start=start,
        end=end,
        text=transcript.text[start:end],
        turn=turn.index,
        sentence=words[first].sentence,
        speaker=turn.speaker,
        left=_context(transcript.text[turn.start : start], left=True),
        right=_context(transcript.text[end : turn.end], left=False),
        also=also,
        negated=negated,
    )


def _context(text: str, left: bool, words: int = 6) -> str:
    pieces = one_line(text).split(" ")
    pieces = [p for p in pieces if p]
    return " ".join(pieces[-words:] if left else pieces[:words])
