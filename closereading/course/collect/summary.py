"""A class's figures from its collected files: word labels, the heat map's counts, alpha and
kappa, each reader beside the reference, and the passages worth discussing.

>>> from closereading.base.paths import DATA_DIR
>>> from closereading.course.collect import collect
>>> figures = summarise(collect(DATA_DIR / "sample-class", progress=False))
>>> figures.alpha[0].scope, len(figures.counts) == len(figures.words)
('all', True)
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from closereading.analysis.agreement import (
    AlphaRow,
    KappaPair,
    WordCount,
    class_alpha,
    kappa_with,
    pairwise_kappa,
    word_counts,
    word_labels,
)
from closereading.analysis.discussion import (
    Choice,
    Discussion,
    chosen_differently,
    passages_to_discuss,
)
from closereading.annotation.model import AnnotationSet
from closereading.base.paths import DATA_DIR, REFERENCE_PATH

if TYPE_CHECKING:
    from closereading.course.collect import ClassWork, StudentFile
    from closereading.text.records import Token

__all__ = ["ClassFigures", "summarise"]


@dataclass(frozen=True)
class ClassFigures:
    """Everything the report shows, as data. ``readers`` lists the highlight files in folder
    order; ``labels`` maps the name of each reader in the agreement figures to its word values.
    Readers who marked nothing in the current text (``empty``) are left out of the counts, alpha
    and kappa by default: every word they leave unmarked would count as agreement. Alpha with
    them is kept beside (``alpha_with_empty``) so that both figures can be shown."""

    work: ClassWork
    readers: tuple[StudentFile, ...]
    words: tuple[Token, ...]
    labels: dict[str, list[frozenset[str]]]
    counts: tuple[WordCount, ...]
    alpha: tuple[AlphaRow, ...]
    kappa: tuple[KappaPair, ...]
    reference: AnnotationSet | None
    reference_kappa: dict[str, float | None]
    discussion: Discussion
    codes: tuple[Choice, ...] = ()
    pronouns: tuple[Choice, ...] = ()
    empty: tuple[str, ...] = ()
    alpha_with_empty: tuple[AlphaRow, ...] = ()

    def kappa_summary(self) -> dict[str, float | int | None]:
        """How many pairs, and the lowest, median and highest kappa among them."""
        values = [p.kappa for p in self.kappa if p.kappa is not None]
        return {
            "pairs": len(self.kappa),
            "min": min(values, default=None),
            "median": statistics.median(values) if values else None,
            "max": max(values, default=None),
        }

    def mean_kappa(self) -> dict[str, float | None]:
        """Each reader's mean kappa with every other reader."""
        sums: dict[str, list[float]] = {name: [] for name in self.labels}
        for pair in self.kappa:
            if pair.kappa is not None:
                sums[pair.a].append(pair.kappa)
                sums[pair.b].append(pair.kappa)
        return {name: statistics.fmean(v) if v else None for name, v in sums.items()}


def summarise(
    work: ClassWork,
    reference: AnnotationSet | str | Path | None = REFERENCE_PATH,
    *,
    include_empty: bool = False,
) -> ClassFigures:
    """The class's figures. ``reference``: a reading to compare with (a set, or the path of a
    file); None for none. ``include_empty``: count readers who marked nothing in the agreement
    figures too (they are listed in ``empty`` either way)."""
    if isinstance(reference, (str, Path)):
        reference = AnnotationSet.load(reference, work.transcript, work.moves)
    readers = work.of_kind("highlights")
    words = tuple(work.transcript.words)
    spans = [(w.start, w.end) for w in words]
    everyone = {f.name: word_labels(f.content, spans) for f in readers}
    empty = tuple(name for name, values in everyone.items() if not any(values))
    labels = everyone if include_empty else {n: v for n, v in everyone.items() if n not in empty}
    family_of = {m.id: m.family for m in work.moves}
    counts = word_counts(labels, words, family_of)
    families = [f.id for f in work.moves.families]
    alpha = class_alpha(counts, families, work.moves.ids)
    with_empty = alpha
    if empty and not include_empty:
        with_empty = class_alpha(word_counts(everyone, words, family_of), families, work.moves.ids)
    ref_labels = word_labels(reference, spans) if reference is not None else None
    reference_kappa = kappa_with(labels, ref_labels) if ref_labels is not None else {}
    discussion = passages_to_discuss(
        counts,
        work.transcript.text,
        [w.sentence for w in words],
        reference=list(reference) if reference is not None else (),
        reference_labels=ref_labels,
    )
    return ClassFigures(
        work,
        readers,
        words,
        labels,
        counts,
        alpha,
        pairwise_kappa(labels),
        reference,
        reference_kappa,
        discussion,
        _codes(work),
        _pronouns(work),
        empty,
        with_empty if empty else (),
    )


def _codes(work: ClassWork) -> tuple[Choice, ...]:
    """Each question unit's codes across the readers who coded it (outcome, and the form of a
    non-reply, in the coding scheme's words), with the reference coding's beside: the units
    coded most differently first."""
    from closereading.annotation.code_store import REFERENCE_CODING_PATH, load

    by_reader: dict[str, dict[Any, str]] = {}
    about: dict[Any, tuple[str, str]] = {}
    for f in work.of_kind("answer codes"):
        for unit in f.content.units:
            about.setdefault(unit.id, (unit.label, unit.text))
        by_reader[f.name] = {c.unit: _code_label(c) for c in f.content.codes if c.outcome}
    reference: dict[Any, str] = {}
    if by_reader:
        try:
            coding = load(REFERENCE_CODING_PATH, work.transcript)
        except (OSError, ValueError):  # no reference for this text: the column stays empty
            coding = None
        if coding is not None:
            reference = {c.unit: _code_label(c) for c in coding.codes if c.outcome}
    ordered = dict(sorted(about.items(), key=lambda item: int(str(item[0]).lstrip("u") or 0)))
    return chosen_differently(by_reader, ordered, reference)


def _code_label(code: Any) -> str:
    from closereading.annotation.codes import NON_REPLY_FORMS, OUTCOMES

    words = {f.id: f.label for f in (*OUTCOMES, *NON_REPLY_FORMS)}
    outcome = words.get(code.outcome, code.outcome)
    return outcome + (f" ({words.get(code.form, code.form)})" if code.form else "")


#: Where the course keeps its reference reading of the pronouns (lesson 06).
PRONOUN_REFERENCE_PATH = DATA_DIR / "pronouns" / "reference.json"


def _pronouns(work: ClassWork) -> tuple[Choice, ...]:
    """Each pronoun's referents across the readers who assigned one, in the table's words, with
    the reference's beside; most divided first."""
    from closereading.annotation.pronouns import PronounAssignments, label

    by_reader: dict[str, dict[Any, str]] = {}
    about: dict[Any, tuple[str, str]] = {}
    text = work.transcript.text
    for f in work.of_kind("pronoun referents"):
        by_reader[f.name] = {}
        for a in f.content.assignments():
            turn = work.transcript.turn_at(a.start)
            where = f"'{a.quote}' in turn {turn.index + 1}" if turn is not None else repr(a.quote)
            about.setdefault(a.start, (where, context(text, a.start, a.end)))
            by_reader[f.name][a.start] = label(a.referent)
    reference: dict[Any, str] = {}
    if by_reader:
        try:
            held = PronounAssignments.load(PRONOUN_REFERENCE_PATH, work.transcript)
        except (OSError, ValueError):
            held = None
        if held is not None:
            reference = {a.start: label(a.referent) for a in held.assignments()}
    return chosen_differently(by_reader, dict(sorted(about.items())), reference)


def context(text: str, start: int, end: int, width: int = 60) -> str:
    """The words around ``text[start:end]``, about ``width`` characters each side, cut between
    words (never inside one), with an ellipsis where the text goes on.

    >>> context("one two three four five", 8, 13, width=5)
    '… two three four …'
    """
    lo, hi = max(0, start - width), min(len(text), end + width)
    if lo > 0 and not text[lo - 1].isspace():
        space = next((i for i in range(lo, start) if text[i].isspace()), start)
        lo = space + 1 if space < start else start
    if hi < len(text) and not text[hi].isspace():
        space = next((i for i in range(hi - 1, end - 1, -1) if text[i].isspace()), end)
        hi = space if space >= end else end
    shown = text[lo:hi].strip()
    return ("… " if lo > 0 else "") + shown + (" …" if hi < len(text) else "")
