"""Tests for closereading.analysis.agreement: a class's agreement word by word (Krippendorff's
alpha, Cohen's kappa), checked against NLTK and Krippendorff's worked example."""

from __future__ import annotations

from itertools import combinations

import pytest
from nltk.metrics.agreement import AnnotationTask

from closereading.analysis.agreement import (
    UNMARKED,
    class_alpha,
    cohen_kappa,
    kappa_with,
    krippendorff_alpha,
    pairwise_kappa,
    value_of,
    word_counts,
    word_labels,
)

# Krippendorff (2011) "Computing Krippendorff's Alpha-Reliability", Departmental Papers (ASC),
# University of Pennsylvania, https://repository.upenn.edu/asc_papers/43: the worked example of
# nominal data from four observers on twelve units with missing values (None), alpha = 0.743.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


def span(move, start, end):
    return {"move": move, "start": start, "end": end}


def test_alpha_matches_krippendorffs_worked_example():
    units = [
        {
            v: sum(1 for row in KRIPPENDORFF_2011 if row[u] == v)
            for v in {r[u] for r in KRIPPENDORFF_2011} - {None}
        }
        for u in range(12)
    ]
    assert round(krippendorff_alpha(units), 3) == 0.743
    task = AnnotationTask(
        [
            (f"c{c}", str(u), str(v))
            for c, row in enumerate(KRIPPENDORFF_2011)
            for u, v in enumerate(row)
            if v is not None
        ]
    )
    assert krippendorff_alpha(units) == pytest.approx(task.alpha(), abs=1e-12)


def test_alpha_is_undefined_without_variation_or_pairs():
    assert krippendorff_alpha([{"a": 3}, {"a": 2}]) is None
    assert krippendorff_alpha([{"a": 1}, {"b": 1}]) is None  # no unit has two values
    assert krippendorff_alpha([]) is None


def test_word_labels_cover_every_word_a_highlight_touches():
    words = [(0, 2), (3, 8), (9, 12)]
    labels = word_labels([span("hedge", 4, 10), span("booster", 0, 2)], words)
    assert labels == [frozenset({"booster"}), frozenset({"hedge"}), frozenset({"hedge"})]
    assert word_labels([span("hedge", 2, 3)], words) == [frozenset()] * 3  # only the space
    assert value_of(frozenset({"hedge", "booster"})) == "booster+hedge"
    assert value_of(frozenset()) == UNMARKED


def sample_class_labels():
    from closereading.base.paths import DATA_DIR
    from closereading.course.collect import collect
    from closereading.course.collect.summary import summarise

    return summarise(collect(DATA_DIR / "sample-class", progress=False))


@pytest.fixture(scope="module")
def figures():
    return sample_class_labels()


def nltk_task(labels, value):
    return AnnotationTask(
        [(name, str(i), value(v)) for name, values in labels.items() for i, v in enumerate(values)]
    )


def test_class_alpha_matches_nltk_on_the_sample_class(figures):
    rows = {(r.scope, r.name): r.alpha for r in figures.alpha}
    overall = nltk_task(figures.labels, value_of).alpha()
    assert rows[("all", "all moves")] == pytest.approx(overall, abs=1e-9)
    hedge = nltk_task(figures.labels, lambda v: str("hedge" in v)).alpha()
    assert rows[("move", "hedge")] == pytest.approx(hedge, abs=1e-9)
    family = {m.id: m.family for m in figures.work.moves}
    appeal = nltk_task(figures.labels, lambda v: str(any(family[m] == "appeal" for m in v))).alpha()
    assert rows[("family", "appeal")] == pytest.approx(appeal, abs=1e-9)


def test_pairwise_kappa_matches_nltk_on_the_sample_class(figures):
    task = nltk_task(figures.labels, value_of)
    pairs = {(p.a, p.b): p.kappa for p in figures.kappa}
    assert len(pairs) == len(figures.labels) * (len(figures.labels) - 1) // 2
    for a, b in list(combinations(figures.labels, 2))[:25]:
        assert pairs[(a, b)] == pytest.approx(task.kappa_pairwise(a, b), abs=1e-9)
        assert cohen_kappa(figures.labels[a], figures.labels[b]) == pytest.approx(pairs[(a, b)])


def test_kappa_is_undefined_when_both_readers_give_one_value_throughout():
    none = [frozenset()] * 3
    assert cohen_kappa(none, none) is None
    assert pairwise_kappa({"a": none, "b": none})[0].kappa is None
    with pytest.raises(ValueError, match="3 and 2 words"):
        cohen_kappa(none, none[:2])


def test_word_counts_count_readers_per_move_and_family():
    class W:
        def __init__(self, start, end, text):
            self.start, self.end, self.text, self.turn = start, end, text, 0

    words = [W(0, 2, "we"), W(3, 8, "think")]
    labels = {
        "a": [frozenset({"hedge", "booster"}), frozenset()],
        "b": [frozenset({"hedge"}), frozenset({"sovereignty"})],
        "c": [frozenset(), frozenset()],
    }
    family = {"hedge": "metadiscourse", "booster": "metadiscourse", "sovereignty": "appeal"}
    first, second = word_counts(labels, words, family)
    assert (first.readers, first.marked, first.moves) == (3, 2, {"hedge": 2, "booster": 1})
    assert first.families == {"metadiscourse": 2}  # one reader, one family, counted once
    assert first.values == {"booster+hedge": 1, "hedge": 1, UNMARKED: 1}
    assert second.families == {"appeal": 1}
    rows = class_alpha((first, second), ["metadiscourse", "appeal", "positioning"], ["hedge"])
    assert [(r.scope, r.name) for r in rows] == [
        ("all", "all moves"),
        ("family", "metadiscourse"),
        ("family", "appeal"),
        ("move", "hedge"),
    ]


@pytest.mark.parametrize("distinct", [3, 300, 70_000])
def test_kappa_packs_any_number_of_values(distinct):
    """One byte per word up to 255 values, two up to 65,535, four beyond: the same kappa."""
    size = max(distinct, 10)
    a = [frozenset({f"m{i % distinct}"}) for i in range(size)]
    b = [frozenset({f"m{(i * 7) % distinct}"}) if i % 3 else a[i] for i in range(size)]
    # Cohen's kappa written out (NLTK refuses more than 10,000 labels)
    from collections import Counter

    observed = sum(x == y for x, y in zip(a, b)) / size
    ca, cb = Counter(a), Counter(b)
    chance = sum(ca[v] * cb[v] for v in ca) / size**2
    assert cohen_kappa(a, b) == pytest.approx((observed - chance) / (1 - chance), abs=1e-9)


def test_kappa_with_one_reading_for_each_reader(figures):
    reference = next(iter(figures.labels.values()))
    result = kappa_with(figures.labels, reference)
    assert list(result) == list(figures.labels)
    assert all(
        result[n] == pytest.approx(cohen_kappa(v, reference)) for n, v in figures.labels.items()
    )
