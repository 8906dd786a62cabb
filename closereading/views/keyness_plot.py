"""Key terms as diverging bars: the keyness records of :mod:`closereading.analysis.frequency`
drawn, never recounted. Part of :mod:`closereading.views.plots`, which re-exports it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Literal

from closereading.analysis.frequency import Keyness
from closereading.views._figure import axes_for as _axes
from closereading.views._figure import finish as _finish
from closereading.views._figure import number as _num
from closereading.views._figure import plain as _plain
from closereading.views.style import NEUTRAL, PALETTE, SpeakerStyle

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["keyness_bars"]


def _side_colours(
    labels: tuple[str, str], styles: Mapping[str, SpeakerStyle] | None
) -> tuple[str, str]:
    """The colour of each side: its speaker's colour if it is a speaker, else grey."""
    if styles is None:
        return PALETTE[4], PALETTE[5]
    target, reference = (styles[side].color if side in styles else NEUTRAL for side in labels)
    if target == reference:  # two non-speakers: keep the sides apart
        reference = PALETTE[5] if target != PALETTE[5] else PALETTE[4]
    return target, reference


def keyness_bars(
    records: Sequence[Keyness],
    n: int = 10,
    ax: Axes | None = None,
    title: str | None = None,
    labels: tuple[str, str] = ("target", "reference"),
    value: Literal["g2", "log_ratio"] = "g2",
    styles: Mapping[str, SpeakerStyle] | None = None,
) -> Axes:
    """Diverging bars: up to ``n`` key terms for the target (right) and the reference (left).

    ``labels`` names the two sides (e.g. ``("Peskov", "Saunders")``). Pass the speakers' styles
    (``style.speaker_style(interview)``) so that a side that is a speaker takes that speaker's
    colour, as in every other chart; a side that is not (general English) is grey. The side a bar
    points to says the same thing without colour. Bars that are not ``reliable``
    are hatched and faded, and the legend says why. ``value`` picks the bar length: ``"g2"``
    (evidence, signed by direction) or ``"log_ratio"`` (effect size).

    >>> import closereading
    >>> from closereading.analysis.frequency import speaker_keyness
    >>> records = speaker_keyness(closereading.load_interview(), "Peskov", stopwords=True)
    >>> from closereading.views.style import speaker_style
    >>> styles = speaker_style(closereading.load_interview())
    >>> ax = keyness_bars(records, n=2, labels=("Peskov", "Saunders"), styles=styles)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['way', 'country', 'states', 'united']
    """
    if value not in ("g2", "log_ratio"):
        raise ValueError(f"value must be 'g2' or 'log_ratio', not {value!r}")
    target, reference = labels
    colors = _side_colours(labels, styles)
    ranked = sorted(records, key=lambda k: (-k.g2, k.term))
    for_target = [k for k in ranked if k.direction == "target"][:n]
    for_reference = [k for k in ranked if k.direction == "reference"][:n]
    shown = for_target + for_reference
    ax = _axes(ax, 7.0, 0.32 * len(shown) + 1.8)
    _draw_bars(ax, shown, value, colors)
    _legend(ax, labels, colors)
    measure = "G2 (log-likelihood)" if value == "g2" else "log ratio (log2 of the rate ratio)"
    if shown:
        unreliable = sum(not k.reliable for k in shown)
        description = (
            f"Of {len(shown)} key terms shown, {_strongest(for_target, target)}; "
            f"{_strongest(for_reference, reference)}; "
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


def _length(k: Keyness, value: str) -> float:
    if value == "log_ratio":
        return k.log_ratio
    return k.g2 if k.direction == "target" else -k.g2


def _draw_bars(ax: Axes, shown: list[Keyness], value: str, colors: tuple[str, str]) -> None:
    for i, k in enumerate(shown):
        colour = colors[0] if k.direction == "target" else colors[1]
        x = _length(k, value)
        ax.barh(
            i,
            x,
            color=colour,
            alpha=1.0 if k.reliable else 0.4,
            hatch="" if k.reliable else "///",
            edgecolor=colour,
            linewidth=0.8,
        )
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


def _legend(ax: Axes, labels: tuple[str, str], colors: tuple[str, str]) -> None:
    from matplotlib.patches import Patch

    target, reference = labels
    handles = [
        Patch(facecolor=colors[0], edgecolor=colors[0], label=_plain(f"more in {target} (right)")),
        Patch(
            facecolor=colors[1], edgecolor=colors[1], label=_plain(f"more in {reference} (left)")
        ),
        Patch(
            facecolor="white",
            edgecolor="black",
            hatch="///",
            label="hatched: not reliable by the course's rule (see the table)",
        ),
    ]
    # Below the axes, where it can never cover a bar or its label.
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=1, fontsize=8)


def _strongest(group: list[Keyness], side: str) -> str:
    if not group:
        return f"no term is more frequent in {side}"
    k = group[0]
    return (
        f"the strongest for {side} is '{k.term}' (G2 = {k.g2:.1f}, {k.significance}, "
        f"{_num(k.target_count)} vs {_num(k.reference_count)})"
    )
