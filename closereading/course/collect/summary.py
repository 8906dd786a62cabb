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
from closereading.base.paths import REFERENCE_PATH

if TYPE_CHECKING:
    from closereading.course.collect import ClassWork, StudentFile
    from closereading.text.records import Token

__all__ = ["ClassFigures", "summarise"]


@dataclass(frozen=True)
class ClassFigures:
    """Everything the report shows, as data. ``labels`` maps each reader's name to its word
    values; ``readers`` lists the highlight files in folder order."""

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
    work: ClassWork, reference: AnnotationSet | str | Path | None = REFERENCE_PATH
) -> ClassFigures:
    """The class's figures. ``reference``: a reading to compare with (a set, or the path of a
    file); None for none."""
    if isinstance(reference, (str, Path)):
        reference = AnnotationSet.load(reference, work.transcript, work.moves)
    readers = work.of_kind("highlights")
    words = tuple(work.transcript.words)
    spans = [(w.start, w.end) for w in words]
    labels = {f.name: word_labels(f.content, spans) for f in readers}
    family_of = {m.id: m.family for m in work.moves}
    counts = word_counts(labels, words, family_of)
    families = [f.id for f in work.moves.families]
    alpha = class_alpha(counts, families, work.moves.ids)
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
    )


def _codes(work: ClassWork) -> tuple[Choice, ...]:
    """Each question unit's codes across the readers who coded it (outcome, and the form of a
    non-reply): the units coded most differently first."""
    by_reader: dict[str, dict[Any, str]] = {}
    about: dict[Any, tuple[str, str]] = {}
    for f in work.of_kind("answer codes"):
        for unit in f.content.units:
            about.setdefault(unit.id, (unit.label, unit.text))
        by_reader[f.name] = {
            c.unit: c.outcome + (f" ({c.form})" if c.form else "")
            for c in f.content.codes
            if c.outcome
        }
    ordered = dict(sorted(about.items(), key=lambda item: int(str(item[0]).lstrip("u") or 0)))
    return chosen_differently(by_reader, ordered)


def _pronouns(work: ClassWork) -> tuple[Choice, ...]:
    """Each pronoun's referents across the readers who assigned one, most divided first."""
    from closereading.annotation.pronouns import label

    by_reader: dict[str, dict[Any, str]] = {}
    about: dict[Any, tuple[str, str]] = {}
    text = work.transcript.text
    for f in work.of_kind("pronoun referents"):
        by_reader[f.name] = {}
        for a in f.content.assignments():
            turn = work.transcript.turn_at(a.start)
            where = f"'{a.quote}' in turn {turn.index + 1}" if turn is not None else repr(a.quote)
            about.setdefault(a.start, (where, text[max(0, a.start - 60) : a.end + 60]))
            by_reader[f.name][a.start] = label(a.referent)
    return chosen_differently(by_reader, dict(sorted(about.items())))
