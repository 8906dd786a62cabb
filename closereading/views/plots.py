"""Figures for the course, drawn with matplotlib from the plain records of the analyses.

One convention for every function here:

* it takes an optional ``ax`` (a new figure is made when it is ``None``) and **returns that one
  matplotlib Axes**; it never calls ``plt.show()``;
* it sets a title and both axis labels, and uses the Okabe-Ito palette (:data:`PALETTE`), with a
  hatch or marker shape next to every colour so that no meaning rests on colour alone;
* it stores a one-sentence description of what the figure shows, computed from the data, which
  :func:`describe` returns: alt text for screen-reader users, and something tests can read.

matplotlib is imported inside the functions, so ``import closereading`` stays light. In a
notebook, end a plotting cell with ``;`` so that the Axes' repr (with its memory address) does
not become output.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import closereading
>>> ax = share_of_talk(closereading.load_interview())
>>> describe(ax)
'Peskov speaks 293 of 426 words (69%); Saunders 133 (31%).'
>>> ax.get_title()
'Share of talk: words spoken by each speaker'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal
from weakref import WeakKeyDictionary

from closereading.analysis.concordance import word_positions
from closereading.analysis.frequency import Keyness, term_counts
from closereading.views.style import MARKERS, PALETTE, SpeakerStyle, speaker_style

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from closereading.text.transcript import Transcript

__all__ = [
    "PALETTE",
    "SpeakerStyle",
    "describe",
    "dispersion",
    "keyness_bars",
    "share_of_talk",
    "speaker_style",
    "top_terms",
]

_DESCRIPTIONS: WeakKeyDictionary = WeakKeyDictionary()


def describe(ax: Axes) -> str:
    """The one-sentence text description of a figure drawn by this module (its alt text)."""
    try:
        return _DESCRIPTIONS[ax]
    except KeyError:
        raise LookupError(
            "this Axes was not drawn by closereading.views.plots, so it has no description"
        ) from None


def _finish(ax: Axes, title: str, xlabel: str, ylabel: str, description: str) -> Axes:
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    _DESCRIPTIONS[ax] = description
    return ax


def _axes(ax: Axes | None, width: float, height: float) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=(width, height), layout="constrained")
    return ax


def _plain(text: str) -> str:
    """Text for a matplotlib label: a ``$`` would otherwise start mathtext."""
    return text.replace("$", r"\$")


def _num(x: float) -> str:
    """A count for a label: whole numbers without decimals, others with one."""
    return f"{x:,.0f}" if abs(x - round(x)) < 1e-6 else f"{x:,.1f}"


# ---------------------------------------------------------------------------------------------


def share_of_talk(transcript: Transcript, ax: Axes | None = None) -> Axes:
    """Words spoken by each speaker, one bar each, labelled with the count and percentage.

    >>> import closereading
    >>> ax = share_of_talk(closereading.load_interview())
    >>> [t.get_text() for t in ax.texts]
    ['133 words (31%)', '293 words (69%)']
    """
    words = transcript.words_by_speaker()
    total = sum(words.values())
    styles = speaker_style(transcript)
    labels = list(words)
    ax = _axes(ax, 6.4, 0.6 * len(labels) + 1.6)
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
    if total and ranked:
        first, *rest = ranked
        parts = [f"{first} speaks {words[first]} of {total} words ({share[first]:.0f}%)"]
        parts += [f"{s} {words[s]} ({share[s]:.0f}%)" for s in rest]
        description = "; ".join(parts) + "."
    else:
        description = "No words are spoken in this transcript."
    return _finish(
        ax, "Share of talk: words spoken by each speaker", "Words spoken", "Speaker", description
    )


def top_terms(
    transcript: Transcript,
    n: int = 15,
    stopwords: bool | Iterable[str] = True,
    stem: bool = False,
    ax: Axes | None = None,
) -> Axes:
    """Each speaker's ``n`` most frequent terms, as grouped horizontal bars labelled with counts.

    The rows are every term in any speaker's top ``n``, most frequent overall first, so a word
    one speaker uses and the other never does shows as a bar beside a zero.

    >>> import closereading
    >>> describe(top_terms(closereading.load_interview(), n=2))
    'Most frequent words (stop words removed), top three per speaker: Saunders (133 words):
    believe 3, russian 3; Peskov (293 words): russian 7, way 4.'
    """
    styles = speaker_style(transcript)
    words = transcript.words_by_speaker()
    counts = {
        label: term_counts(transcript, label, stopwords=stopwords, stem=stem) for label in styles
    }
    tops = {
        label: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:n] for label, c in counts.items()
    }
    terms = sorted(
        {term for top in tops.values() for term, _ in top},
        key=lambda t: (-sum(c[t] for c in counts.values()), t),
    )
    speakers = [label for label in styles if words[label]]
    ax = _axes(ax, 7.0, 0.22 * len(terms) * max(1, len(speakers)) + 1.8)
    height = 0.8 / max(1, len(speakers))
    for k, label in enumerate(speakers):
        style = styles[label]
        ys = [i - 0.4 + height * (k + 0.5) for i in range(len(terms))]
        bars = ax.barh(
            ys,
            [counts[label][t] for t in terms],
            height=height,
            color=style.color,
            hatch=style.hatch,
            edgecolor="black",
            linewidth=0.6,
            label=f"{label} ({words[label]} words)",
        )
        ax.bar_label(bars, padding=2, fontsize=8)
    ax.set_yticks(range(len(terms)), [_plain(t) for t in terms])
    ax.invert_yaxis()
    ax.margins(x=0.12)
    if speakers:
        ax.legend(loc="lower right")
    kind = "stems" if stem else "words"
    filtered = " (stop words removed)" if stopwords else ""
    parts = [
        f"{label} ({words[label]} words): "
        + ", ".join(f"{term} {count}" for term, count in tops[label][:3])
        for label in speakers
        if tops[label]
    ]
    description = (
        f"Most frequent {kind}{filtered}, top three per speaker: " + "; ".join(parts) + "."
        if parts
        else f"No {kind} to count."
    )
    return _finish(
        ax,
        f"Most frequent {kind} by speaker{filtered}",
        "Occurrences (count)",
        "Stem" if stem else "Word",
        description,
    )


def keyness_bars(
    records: Sequence[Keyness],
    n: int = 10,
    ax: Axes | None = None,
    title: str | None = None,
    labels: tuple[str, str] = ("target", "reference"),
    value: Literal["g2", "log_ratio"] = "g2",
    colors: tuple[str, str] = ("#0072B2", "#D55E00"),
) -> Axes:
    """Diverging bars: up to ``n`` key terms for the target (right) and the reference (left).

    ``labels`` names the two sides (e.g. ``("Peskov", "Saunders")``) and ``colors`` colours them;
    the side a bar points to says the same thing without colour. Bars that are not ``reliable``
    are hatched and faded, and the legend says why. ``value`` picks the bar length: ``"g2"``
    (evidence, signed by direction) or ``"log_ratio"`` (effect size).

    >>> import closereading
    >>> from closereading.analysis.frequency import speaker_keyness
    >>> records = speaker_keyness(closereading.load_interview(), "Peskov", stopwords=True)
    >>> ax = keyness_bars(records, n=2, labels=("Peskov", "Saunders"))
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['way', 'country', 'states', 'united']
    """
    from matplotlib.patches import Patch

    if value not in ("g2", "log_ratio"):
        raise ValueError(f"value must be 'g2' or 'log_ratio', not {value!r}")
    target, reference = labels
    ranked = sorted(records, key=lambda k: (-k.g2, k.term))
    for_target = [k for k in ranked if k.direction == "target"][:n]
    for_reference = [k for k in ranked if k.direction == "reference"][:n]
    shown = for_target + for_reference

    def length(k: Keyness) -> float:
        if value == "log_ratio":
            return k.log_ratio
        return k.g2 if k.direction == "target" else -k.g2

    ax = _axes(ax, 7.0, 0.32 * len(shown) + 1.8)
    for i, k in enumerate(shown):
        colour = colors[0] if k.direction == "target" else colors[1]
        ax.barh(
            i,
            length(k),
            color=colour,
            alpha=1.0 if k.reliable else 0.4,
            hatch="" if k.reliable else "///",
            edgecolor=colour,
            linewidth=0.8,
        )
        x = length(k)
        ax.annotate(
            f"{_num(k.target_count)} vs {_num(k.reference_count)}",
            (x, i),
            xytext=(4 if x >= 0 else -4, 0),
            textcoords="offset points",
            ha="left" if x >= 0 else "right",
            va="center",
            fontsize=8,
        )
    ax.set_yticks(range(len(shown)), [_plain(k.term) for k in shown])
    ax.invert_yaxis()
    ax.axvline(0, color="black", linewidth=0.8)
    ax.margins(x=0.25)
    handles = [
        Patch(facecolor=colors[0], edgecolor=colors[0], label=_plain(f"more in {target} (right)")),
        Patch(
            facecolor=colors[1], edgecolor=colors[1], label=_plain(f"more in {reference} (left)")
        ),
        Patch(
            facecolor="white",
            edgecolor="black",
            hatch="///",
            label="hatched: unreliable (few occurrences or small expected counts)",
        ),
    ]
    # Below the axes, where it can never cover a bar or its label.
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=1, fontsize=8)
    measure = "G2 (log-likelihood)" if value == "g2" else "log ratio (log2 of the rate ratio)"
    unreliable = sum(not k.reliable for k in shown)

    def strongest(group: list[Keyness], side: str) -> str:
        if not group:
            return f"no term is more frequent in {side}"
        k = group[0]
        return (
            f"the strongest for {side} is '{k.term}' (G2 = {k.g2:.1f}, {k.significance}, "
            f"{_num(k.target_count)} vs {_num(k.reference_count)})"
        )

    if shown:
        description = (
            f"Of {len(shown)} key terms shown, {strongest(for_target, target)}; "
            f"{strongest(for_reference, reference)}; "
            f"{unreliable} of {len(shown)} are flagged unreliable."
        )
    else:
        description = "No key terms to show."
    return _finish(
        ax,
        title or _plain(f"Key terms: {target} compared with {reference}"),
        _plain(f"{measure}\n← more in {reference}  |  more in {target} →"),
        "Term",
        description,
    )


def dispersion(
    transcript: Transcript,
    terms: str | Sequence[str],
    ax: Axes | None = None,
    by: Literal["word", "stem", "phrase"] | None = None,
) -> Axes:
    """Where each term occurs across the interview, over bands for each speaker's turns.

    The x axis counts words spoken (1 = the first word of the first turn); each turn is a band
    in its speaker's colour and hatch, labelled with the speaker where there is room. Terms are
    queries as in :func:`closereading.analysis.concordance.kwic` (``"concern*"``, phrases, ``by="stem"``).

    >>> import closereading
    >>> describe(dispersion(closereading.load_interview(), ["diplomacy", "tango"]))
    "Across 426 words in 6 turns: 'diplomacy' 2 times (Peskov 2), words 74 to 89; 'tango' never."
    """
    from matplotlib.patches import Patch

    if isinstance(terms, str):
        terms = [terms]
    styles = speaker_style(transcript)
    words = [t for t in transcript.tokens if t.is_word]
    total = len(words)
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for i, token in enumerate(words):
        first.setdefault(token.turn, i)
        last[token.turn] = i
    speaker_of = {turn.index: turn.speaker for turn in transcript.turns}

    ax = _axes(ax, 9.0, 0.45 * len(terms) + 2.2)
    for turn_index in sorted(first):
        style = styles[speaker_of[turn_index]]
        lo, hi = first[turn_index] + 0.5, last[turn_index] + 1.5
        ax.axvspan(
            lo,
            hi,
            facecolor=style.color,
            alpha=0.15,
            hatch=style.hatch,
            edgecolor=style.color,
            linewidth=0,
        )
        ax.axvline(lo, color="grey", linewidth=0.6)
        if hi - lo >= 0.08 * total:  # a label only where it fits; the legend covers the rest
            ax.text(
                (lo + hi) / 2,
                -0.8,
                _plain(speaker_of[turn_index]),
                ha="center",
                va="center",
                fontsize=8,
            )
    hits = {}
    for row, term in enumerate(terms):
        positions = word_positions(transcript, term, by=by)
        hits[term] = positions
        ax.plot(
            [p + 1 for p in positions],
            [row] * len(positions),
            linestyle="none",
            marker=MARKERS[row % len(MARKERS)],
            color="black",
            markersize=7,
        )
    ax.set_yticks(range(len(terms)), [_plain(f"{t} ({len(hits[t])})") for t in terms])
    ax.set_ylim(len(terms) - 0.5, -1.1)  # the top strip holds the speaker labels
    ax.set_xlim(0.5, total + 0.5)
    ax.legend(
        handles=[
            Patch(
                facecolor=s.color,
                alpha=0.35,
                hatch=s.hatch,
                edgecolor=s.color,
                label=f"{label}'s turns",
            )
            for label, s in styles.items()
        ],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.18),
        ncol=len(styles),
        fontsize=8,
    )

    def summary(term: str) -> str:
        positions = hits[term]
        if not positions:
            return f"'{term}' never"
        who = Counter(speaker_of[words[p].turn] for p in positions)
        by_speaker = ", ".join(f"{label} {who[label]}" for label in styles if who[label])
        times = "once" if len(positions) == 1 else f"{len(positions)} times"
        return (
            f"'{term}' {times} ({by_speaker}), words {positions[0] + 1} to {positions[-1] + 1}"
            if len(positions) > 1
            else f"'{term}' {times} ({by_speaker}), at word {positions[0] + 1}"
        )

    description = (
        f"Across {total} words in {len(first)} turns: " + "; ".join(summary(t) for t in terms) + "."
    )
    return _finish(
        ax,
        "Where the terms occur in the interview",
        f"Word position in the interview (1 to {total})",
        "Term",
        description,
    )
