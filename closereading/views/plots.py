"""Figures for the course, drawn with matplotlib from the plain records the analyses return.

Views draw; they never count. A notebook calls the analysis, keeps its result in a variable and
hands it to the plot, so the student holds the numbers the chart draws:

* :func:`share_of_talk` draws ``transcript.words_by_speaker()``;
* :func:`top_terms` and :func:`term_bars` draw the rows of
  :func:`closereading.analysis.frequency.term_table`;
* :func:`keyness_bars` draws keyness records (:mod:`closereading.views.keyness_plot`);
* :func:`dispersion` draws :func:`closereading.analysis.structure.dispersion`.

One convention for every function: it takes an optional ``ax`` (a new figure when ``None``) and
returns that Axes, never calls ``plt.show()``, sets a title and both axis labels, uses the
course's style (:mod:`closereading.views.style`: a hatch or marker beside every colour), and
keeps a one-sentence description that :func:`describe` returns (alt text). matplotlib loads only
when a function runs. In a notebook, end a plotting cell with ``;``.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import closereading
>>> words = closereading.load_interview().words_by_speaker()
>>> ax = share_of_talk(words)
>>> describe(ax)
'Peskov speaks 293 of 426 words (69%); Saunders 133 (31%).'
>>> ax.get_title()
'Share of talk: words spoken by each speaker'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from closereading.analysis.frequency import TermRow
from closereading.analysis.structure import Dispersion
from closereading.views._figure import axes_for, describe, finish, plain
from closereading.views.keyness_plot import keyness_bars
from closereading.views.style import MARKERS, SpeakerStyle, styles_for

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "describe",
    "dispersion",
    "keyness_bars",
    "share_of_talk",
    "term_bars",
    "top_terms",
]


def share_of_talk(words: Mapping[str, int], ax: Axes | None = None) -> Axes:
    """Words spoken by each speaker (``transcript.words_by_speaker()``), one bar each.

    >>> ax = share_of_talk({"Saunders": 133, "Peskov": 293})
    >>> [t.get_text() for t in ax.texts]
    ['133 words (31%)', '293 words (69%)']
    """
    total = sum(words.values())
    styles = styles_for(words)
    labels = list(words)
    ax = axes_for(ax, 6.4, 0.6 * len(labels) + 1.6)
    bars = ax.barh(
        labels,
        [words[s] for s in labels],
        color=[styles[s].color for s in labels],
        hatch=[styles[s].hatch for s in labels],
        edgecolor="black",
        linewidth=0.8,
    )
    share = {s: (100 * n / total if total else 0.0) for s, n in words.items()}
    ax.bar_label(bars, labels=[f"{words[s]} words ({share[s]:.0f}%)" for s in labels], padding=4)
    ax.set_xlim(0, max(words.values(), default=0) * 1.35 or 1)
    ax.invert_yaxis()
    ranked = sorted(labels, key=lambda s: (-words[s], labels.index(s)))
    if total:
        first, *rest = ranked
        parts = [f"{first} speaks {words[first]} of {total} words ({share[first]:.0f}%)"]
        parts += [f"{s} {words[s]} ({share[s]:.0f}%)" for s in rest]
        description = "; ".join(parts) + "."
    else:
        description = "No words are spoken in this transcript."
    return finish(
        ax, "Share of talk: words spoken by each speaker", "Words spoken", "Speaker", description
    )


def _by_speaker(rows: Sequence[TermRow]) -> dict[str, list[TermRow]]:
    """The speakers' rows (not the whole-interview ones), most frequent first, ties A-Z."""
    groups: dict[str, list[TermRow]] = {}
    for row in rows:
        if row.speaker is not None:
            groups.setdefault(row.speaker, []).append(row)
    for group in groups.values():
        group.sort(key=lambda r: (-r.count, r.term))
    return groups


def _unit(stem: bool, stopwords: bool) -> tuple[str, str]:
    return ("stems" if stem else "words"), (" (stop words removed)" if stopwords else "")


def top_terms(
    rows: Sequence[TermRow],
    n: int = 15,
    ax: Axes | None = None,
    *,
    stem: bool = False,
    stopwords: bool = True,
) -> Axes:
    """Each speaker's ``n`` most frequent terms as grouped bars, from ``term_table`` rows.

    Give the whole table (``term_table(...)`` without ``top``), so a word one speaker uses and the
    other never does shows as a bar beside a zero; ``stem`` and ``stopwords`` say how the rows
    were counted, for the title. Terms run from the most frequent overall, ties A-Z.

    >>> import closereading
    >>> from closereading.analysis.frequency import term_table
    >>> rows = term_table(closereading.load_interview(), stopwords=True)
    >>> describe(top_terms(rows, n=2))
    'Most frequent words (stop words removed), top two per speaker: Saunders (133 words):
    believe 3, russian 3; Peskov (293 words): russian 7, way 4.'
    """
    groups = _by_speaker(rows)
    tops = {label: group[:n] for label, group in groups.items()}
    counts = {label: {r.term: r.count for r in group} for label, group in groups.items()}
    terms = sorted(
        {r.term for top in tops.values() for r in top},
        key=lambda t: (-sum(c.get(t, 0) for c in counts.values()), t),
    )
    totals = {label: group[0].total for label, group in groups.items()}
    styles = styles_for(groups)
    ax = axes_for(ax, 7.0, 0.22 * len(terms) * max(1, len(groups)) + 1.8)
    height = 0.8 / max(1, len(groups))
    for k, (label, style) in enumerate(styles.items()):
        ys = [i - 0.4 + height * (k + 0.5) for i in range(len(terms))]
        bars = ax.barh(
            ys,
            [counts[label].get(t, 0) for t in terms],
            height=height,
            color=style.color,
            hatch=style.hatch,
            edgecolor="black",
            linewidth=0.6,
            label=f"{label} ({totals[label]} words)",
        )
        ax.bar_label(bars, padding=2, fontsize=8)
    ax.set_yticks(range(len(terms)), [plain(t) for t in terms])
    ax.invert_yaxis()
    ax.margins(x=0.12)
    if groups:
        ax.legend(loc="lower right")
    kind, filtered = _unit(stem, stopwords)
    description = _top_description(tops, totals, min(n, 3), f"{kind}{filtered}")
    return finish(
        ax,
        f"Most frequent {kind} by speaker{filtered}",
        "Occurrences (count)",
        "Stem" if stem else "Word",
        description,
    )


def _top_description(
    tops: dict[str, list[TermRow]], totals: dict[str, int], shown: int, what: str
) -> str:
    parts = [
        f"{label} ({totals[label]} words): " + ", ".join(f"{r.term} {r.count}" for r in top[:3])
        for label, top in tops.items()
    ]
    if not parts:
        return f"No {what.split(' ')[0]} to count."
    count = {1: "one", 2: "two", 3: "three"}.get(shown, str(shown))
    return f"Most frequent {what}, top {count} per speaker: " + "; ".join(parts) + "."


def term_bars(
    rows: Sequence[TermRow],
    ax: Axes | None = None,
    *,
    style: SpeakerStyle | None = None,
    stem: bool = False,
    stopwords: bool = True,
) -> Axes:
    """One speaker's rows (``term_table`` rows, already chosen) as bars, in the order given.

    >>> import closereading
    >>> from closereading.analysis.frequency import term_table
    >>> rows = [r for r in term_table(closereading.load_interview(), stopwords=True)
    ...         if r.speaker == "Peskov"][:3]
    >>> describe(term_bars(rows))
    "Peskov's 3 most frequent words (stop words removed); the first 3: russian 7, way 4, country 3."
    """
    style = style or styles_for(["_"])["_"]
    who = rows[0].speaker or "The interview" if rows else "Nobody"
    total = rows[0].total if rows else 0
    ax = axes_for(ax, 7.0, 0.3 * len(rows) + 1.6)
    bars = ax.barh(
        range(len(rows)),
        [row.count for row in rows],
        color=style.color,
        hatch=style.hatch,
        edgecolor="black",
        linewidth=0.6,
    )
    ax.bar_label(bars, padding=2, fontsize=8)
    ax.set_yticks(range(len(rows)), [plain(row.term) for row in rows])
    ax.invert_yaxis()
    ax.margins(x=0.12)
    kind, filtered = _unit(stem, stopwords)
    listing = ", ".join(f"{row.term} {row.count}" for row in rows[:5])
    description = (
        f"{who}'s {len(rows)} most frequent {kind}{filtered}; the first "
        f"{min(5, len(rows))}: {listing}."
        if rows
        else f"No {kind} to count."
    )
    return finish(
        ax,
        plain(f"{who}: the {len(rows)} most frequent {kind}{filtered}"),
        f"Occurrences (count) in {total} words spoken",
        "Stem" if stem else "Word",
        description,
    )


def dispersion(where: Dispersion, ax: Axes | None = None) -> Axes:
    """Where each term occurs (``structure.dispersion(...)``), over a band for each turn.

    The x axis counts words spoken (1 = the first word of the first turn); each turn is a band in
    its speaker's colour and hatch, labelled with the speaker where there is room.

    >>> import closereading
    >>> from closereading.analysis.structure import dispersion as find
    >>> describe(dispersion(find(closereading.load_interview(), ["diplomacy", "tango"])))
    "Across 426 words in 6 turns: 'diplomacy' 2 times (Peskov 2), words 74 to 89; 'tango' never."
    """
    from matplotlib.patches import Patch

    terms = list(where.hits)
    styles = styles_for(dict.fromkeys(b.speaker for b in where.bands))
    ax = axes_for(ax, 9.0, 0.45 * len(terms) + 2.2)
    for band in where.bands:
        style = styles[band.speaker]
        lo, hi = band.first + 0.5, band.last + 1.5
        ax.axvspan(lo, hi, facecolor=style.color, alpha=0.15, hatch=style.hatch,
                   edgecolor=style.color, linewidth=0)  # fmt: skip
        ax.axvline(lo, color="grey", linewidth=0.6)
        if hi - lo >= 0.08 * where.total:  # a label only where it fits; the legend has the rest
            ax.text((lo + hi) / 2, -0.8, plain(band.speaker), ha="center", va="center", fontsize=8)
    for row, term in enumerate(terms):
        positions = where.hits[term]
        ax.plot([p + 1 for p in positions], [row] * len(positions), linestyle="none",
                marker=MARKERS[row % len(MARKERS)], color="black", markersize=7)  # fmt: skip
    ax.set_yticks(range(len(terms)), [plain(f"{t} ({len(where.hits[t])})") for t in terms])
    ax.set_ylim(len(terms) - 0.5, -1.1)  # the top strip holds the speaker labels
    ax.set_xlim(0.5, where.total + 0.5)
    handles = [
        Patch(
            facecolor=s.color,
            alpha=0.35,
            hatch=s.hatch,
            edgecolor=s.color,
            label=f"{label}'s turns",
        )
        for label, s in styles.items()
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.18),
              ncol=max(1, len(styles)), fontsize=8)  # fmt: skip
    description = (
        f"Across {where.total} words in {len(where.bands)} turns: "
        + "; ".join(_where_summary(where, t) for t in terms)
        + "."
    )
    return finish(
        ax,
        "Where the terms occur in the interview",
        f"Word position in the interview (1 to {where.total})",
        "Term",
        description,
    )


def _where_summary(where: Dispersion, term: str) -> str:
    positions = where.hits[term]
    if not positions:
        return f"'{term}' never"
    who = where.speakers_of(term)
    by_speaker = ", ".join(f"{label} {count}" for label, count in who.items())
    if len(positions) == 1:
        return f"'{term}' once ({by_speaker}), at word {positions[0] + 1}"
    return (
        f"'{term}' {len(positions)} times ({by_speaker}), "
        f"words {positions[0] + 1} to {positions[-1] + 1}"
    )
