"""Charts for notebook 06: where the reference of "we" shifts, and modality and negation per turn
and per speaker.

Each chart draws records made elsewhere (``reference_points`` from
:mod:`closereading.annotation.pronouns`; rows from ``counts_by_turn`` and ``counts_by_speaker``
in :mod:`closereading.analysis.positioning`) and counts nothing itself. Each has a title,
labelled axes and a one-sentence description (:func:`closereading.views._figure.describe`), and
no meaning rests on colour alone: referents have their own marker shapes and are named on the
axis, groups their own hatches and a legend, and every bar is labelled with its number.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from closereading.base.strings import plural
from closereading.views._figure import axes_for, finish, number, plain
from closereading.views.style import MARKERS, NEUTRAL, PALETTE, styles_for

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from closereading.analysis.positioning import Marker
    from closereading.annotation.pronouns import ReferencePoint
    from closereading.views.display import TextView

__all__ = ["marker_table", "modality_by_speaker", "modality_by_turn", "reference_shifts"]

_HATCHES = ("", "//", "..", "xx", "\\\\", "--", "++", "oo")


def marker_table(markers: Sequence[Marker], show: Sequence[str] = ("group",)) -> TextView:
    """Markers as a concordance table: number, turn (from 1), speaker, context, the words found
    in square brackets, and the columns in ``show`` (``group``, ``also``, ``negated``)."""
    from closereading.views.tables import table

    rows = [
        {
            "#": n,
            "turn": m.turn + 1,
            "speaker": m.speaker,
            "before": m.left,
            "found": f"[{m.text}]",
            "after": m.right,
            **{column: getattr(m, column) for column in show},
        }
        for n, m in enumerate(markers, 1)
    ]
    labels = {"also": "or read as", "negated": "negated"}
    return table(rows, ["#", "turn", "speaker", "before", "found", "after", *show], labels=labels)


def reference_shifts(
    points: Sequence[ReferencePoint], referents: Sequence[tuple[str, str]], ax: Axes | None = None
) -> Axes:
    """Each assigned pronoun in text order (x) against its referent (y, named on the axis), a
    grey step line joining them, and a dashed line where a new turn begins."""
    ax = axes_for(ax, 9, 3.6)
    rows = {ident: i for i, (ident, _) in enumerate(referents)}
    xs = [p.position for p in points]
    ys = [rows.get(p.referent, len(rows) - 1) for p in points]
    if points:
        ax.step(xs, ys, where="mid", color=NEUTRAL, linewidth=1, zorder=1)
    for ident, row in rows.items():
        mine = [p for p in points if p.referent == ident]
        if mine:
            ax.scatter(
                [p.position for p in mine],
                [row] * len(mine),
                marker=MARKERS[row % len(MARKERS)],
                s=70,
                color=PALETTE[row % len(PALETTE)],
                edgecolor="black",
                zorder=2,
            )
    _turn_lines(ax, points, len(rows))
    ax.set_yticks(range(len(rows)), [plain(name) for _, name in referents])
    ax.set_ylim(-0.6, len(rows) + 0.2)
    if points:
        ax.set_xticks(xs, [plain(p.quote) for p in points], fontsize=8)
        ax.set_xlim(0.4, xs[-1] + 0.6)
    shifts = sum(p.shift for p in points)
    return finish(
        ax,
        "Whom the pronouns refer to, in the order they are spoken",
        "Pronouns in text order (each labelled with its word)",
        "Referent",
        _shift_description(points, shifts),
    )


def _turn_lines(ax: Axes, points: Sequence[ReferencePoint], height: int) -> None:
    previous = None
    for point in points:
        if point.turn != previous:
            if previous is not None:
                ax.axvline(point.position - 0.5, color=NEUTRAL, linestyle="--", linewidth=1)
            ax.text(
                point.position - 0.4,
                height - 0.3,
                plain(f"turn {point.turn} · {point.speaker}"),
                fontsize=8,
                va="bottom",
            )
            previous = point.turn


def _shift_description(points: Sequence[ReferencePoint], shifts: int) -> str:
    if not points:
        return "No pronoun has been given a referent yet, so the chart is empty."
    spans: list[tuple[str, int]] = []
    for point in points:
        if spans and spans[-1][0] == point.label:
            spans[-1] = (point.label, spans[-1][1] + 1)
        else:
            spans.append((point.label, 1))
    order = "; then ".join(f"{name} ({n})" for name, n in spans)
    return (
        f"{plural(len(points), 'pronoun')} in text order; the referent changes "
        f"{plural(shifts, 'time')}: {order}."
    )


def modality_by_turn(
    rows: Sequence[Mapping[str, Any]], groups: Sequence[str], ax: Axes | None = None
) -> Axes:
    """One horizontal bar per turn, split into ``groups`` (stacked, each with its own hatch and
    its count written in it); rows come from ``counts_by_turn``."""
    ax = axes_for(ax, 9, 0.5 * len(rows) + 1.6)
    labels = [f"turn {r['turn']} · {r['speaker']}" for r in rows]
    left = [0.0] * len(rows)
    for g, group in enumerate(groups):
        values = [float(r.get(group, 0) or 0) for r in rows]
        bars = ax.barh(
            range(len(rows)),
            values,
            left=left,
            color=PALETTE[g % len(PALETTE)],
            hatch=_HATCHES[g % len(_HATCHES)],
            edgecolor="black",
            label=plain(group),
        )
        for bar, value in zip(bars, values):
            if value:
                x = bar.get_x() + bar.get_width() / 2
                y = bar.get_y() + bar.get_height() / 2
                ax.text(
                    x,
                    y,
                    number(value),
                    ha="center",
                    va="center",
                    fontsize=8,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
                )
        left = [a + b for a, b in zip(left, values)]
    ax.set_yticks(range(len(rows)), [plain(label) for label in labels])
    ax.invert_yaxis()
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.08), ncol=len(groups), frameon=False)
    totals = ", ".join(f"{label} {number(total)}" for label, total in zip(labels, left))
    return finish(
        ax,
        "Modality and negation, turn by turn",
        "Occurrences (each bar split by group; the number is written in each part)",
        "Turn",
        f"Stacked bars of {', '.join(groups)} per turn; totals: {totals}.",
    )


def modality_by_speaker(rows: Sequence[Mapping[str, Any]], ax: Axes | None = None) -> Axes:
    """Grouped bars: each group's rate per 1,000 words for each speaker (colour, hatch and the
    count written on the bar); rows come from ``counts_by_speaker``."""
    ax = axes_for(ax, 9, 3.6)
    groups = list(dict.fromkeys(str(r["group"]) for r in rows))
    speakers = list(dict.fromkeys(str(r["speaker"]) for r in rows))
    styles = styles_for(speakers)
    width = 0.8 / max(1, len(speakers))
    for s, speaker in enumerate(speakers):
        mine = {str(r["group"]): r for r in rows if r["speaker"] == speaker}
        xs = [g + (s - (len(speakers) - 1) / 2) * width for g in range(len(groups))]
        rates = [float(mine[g]["per_1000"]) for g in groups]
        bars = ax.bar(
            xs,
            rates,
            width,
            color=styles[speaker].color,
            hatch=styles[speaker].hatch,
            edgecolor="black",
            label=plain(speaker),
        )
        for bar, group in zip(bars, groups):
            ax.annotate(
                f"n={mine[group]['count']}",
                (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                ha="center",
                va="bottom",
                fontsize=8,
            )
    ax.set_xticks(range(len(groups)), [plain(g) for g in groups])
    ax.legend(title="Speaker", frameon=False)
    parts = "; ".join(
        f"{r['speaker']} {r['group']} {number(float(r['per_1000']))} ({r['count']})" for r in rows
    )
    return finish(
        ax,
        "Modality and negation per speaker, per 1,000 of the speaker's words",
        "Group",
        "Rate per 1,000 words",
        f"Grouped bars, rate per 1,000 words with the count in brackets: {parts}.",
    )
