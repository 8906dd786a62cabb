"""The class heat map: for each word of the interview, how many readers marked it.

Drawn from :class:`closereading.analysis.agreement.WordCount` records; nothing here counts.

- :func:`heatmap_html` lays the counts over the text. Consecutive words of one sentence (given
  ``sentence_of``; else of one turn) marked by the same number of readers form one passage, tinted by the share of the class (five steps, each also
  thicker underlined) and followed by the count as text, so that nothing rests on colour. Each
  passage can be reached with the Tab key and tells a screen reader its count and moves.
- :func:`heatmap_figure` draws the counts along the turns: one bar per word, stacked by family,
  each family with its own colour and hatch, the turns banded and named.

>>> from closereading.analysis.agreement import WordCount
>>> counts = [WordCount(0, 0, 2, "We", 0, 4, 3, {"hedge": 3}, {"metadiscourse": 3}, {}),
...           WordCount(1, 3, 9, "<know>", 0, 4, 0, {}, {}, {})]
>>> html = heatmap_html(counts, "We <know>")
>>> "3 of 4" in html, "&lt;know&gt;" in html, "<know>" in html
(True, True, False)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from closereading.analysis.agreement import WordCount
from closereading.views._figure import axes_for, finish, plain
from closereading.views.display import TextView
from closereading.views.style import OKABE_ITO, styles_for

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["HEATMAP_CSS", "heatmap_figure", "heatmap_html", "heatmap_view", "level"]

#: Background alpha and underline width (px) of the five steps of intensity.
_STEPS = ((0.12, 1), (0.28, 2), (0.45, 3), (0.62, 4), (0.8, 5))
_BLUE = OKABE_ITO["sky blue"]


def _css() -> str:
    r, g, b = (int(_BLUE[i : i + 2], 16) for i in (1, 3, 5))
    steps = "\n".join(
        f".heat .h{n} {{ background: rgba({r}, {g}, {b}, {alpha}); "
        f"border-bottom: {width}px solid #0072B2; }}"
        for n, (alpha, width) in enumerate(_STEPS, start=1)
    )
    return f"""
.heat {{ line-height: 2.1; white-space: pre-wrap; font-size: 1rem; }}
.heat .hw {{ border-radius: 2px; -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
.heat .hw:focus {{ outline: 3px solid #000; outline-offset: 1px; }}
.heat .n {{ font-size: 0.72em; font-weight: 700; vertical-align: super; margin-left: 1px; }}
{steps}
"""


#: The heat map's stylesheet (a report includes it once).
HEATMAP_CSS = _css()


def level(share: float) -> int:
    """The step of intensity (1–5) for a share of the class above zero; 0 for none.

    >>> [level(x) for x in (0, 0.05, 0.2, 0.5, 1.0)]
    [0, 1, 1, 3, 5]
    """
    if share <= 0:
        return 0
    return min(5, 1 + int(share * 5 - 1e-9)) if share < 1 else 5


def _count(word: WordCount, scope: str, name: str) -> tuple[int, Mapping[str, int]]:
    if scope == "family":
        return word.families.get(name, 0), word.moves
    if scope == "move":
        n = word.moves.get(name, 0)
        return n, ({name: n} if n else {})
    return word.marked, word.moves


def heatmap_html(
    counts: Sequence[WordCount],
    text: str,
    scope: str = "all",
    name: str = "",
    start: int = 0,
    labels: Mapping[str, str] | None = None,
    family_of: Mapping[str, str] | None = None,
    sentence_of: Sequence[int] | None = None,
) -> str:
    """The text from ``start`` with each marked passage tinted by how many readers marked it.

    ``scope`` is ``"all"``, ``"family"`` or ``"move"`` with ``name`` the family or move id;
    ``labels`` gives moves' display names and ``family_of`` each move's family (to list only a
    family's moves in its map); ``sentence_of`` each word's sentence (by its ``index``): a
    passage never runs past the end of one.
    """
    labels = labels or {}
    parts = []
    at = start
    for run in _runs(counts, scope, name, start, sentence_of):
        first, last = run[0], run[-1]
        parts.append(escape(text[at : first.start]))
        n = _count(first, scope, name)[0]
        moves = _most(_count(w, scope, name)[1] for w in run)
        if scope == "family" and family_of is not None:
            moves = {m: k for m, k in moves.items() if family_of.get(m) == name}
        parts.append(_mark(text[first.start : last.end], n, first.readers, moves, labels))
        at = last.end
    parts.append(escape(text[at:]))
    return f'<div class="heat">{"".join(parts)}</div>'


def heatmap_view(
    counts: Sequence[WordCount],
    text: str,
    scope: str = "all",
    name: str = "",
    start: int = 0,
    labels: Mapping[str, str] | None = None,
    sentence_of: Sequence[int] | None = None,
) -> TextView:
    """The heat map for a notebook: HTML with its stylesheet, and as text each marked passage
    followed by its count in brackets (what a reader without HTML sees).

    >>> from closereading.analysis.agreement import WordCount
    >>> print(heatmap_view([WordCount(0, 0, 2, "We", 0, 4, 3, {}, {}, {})], "We know."))
    We[3] know.
    """
    parts, at = [], start
    for run in _runs(counts, scope, name, start, sentence_of):
        parts.append(text[at : run[0].start])
        parts.append(f"{text[run[0].start : run[-1].end]}[{_count(run[0], scope, name)[0]}]")
        at = run[-1].end
    parts.append(text[at:])
    html = heatmap_html(counts, text, scope, name, start, labels, sentence_of=sentence_of)
    return TextView("".join(parts), f"<style>{HEATMAP_CSS}</style>{html}")


def _runs(
    counts: Sequence[WordCount],
    scope: str,
    name: str,
    start: int,
    sentence_of: Sequence[int] | None = None,
) -> list[list[WordCount]]:
    runs: list[list[WordCount]] = []
    for word in counts:
        if word.start < start:
            continue
        n = _count(word, scope, name)[0]
        if not n:
            continue
        if runs:
            last = runs[-1][-1]
            same = last.index == word.index - 1 and last.turn == word.turn
            if sentence_of is not None:
                same = same and sentence_of[last.index] == sentence_of[word.index]
            if same and _count(last, scope, name)[0] == n:
                runs[-1].append(word)
                continue
        runs.append([word])
    return runs


def _most(tallies: Iterable[Mapping[str, int]]) -> dict[str, int]:
    """Per move, the most readers who gave it to any one word of a passage."""
    best: dict[str, int] = {}
    for tally in tallies:
        for move, k in tally.items():
            best[move] = max(best.get(move, 0), k)
    return best


def _mark(
    quote: str, n: int, readers: int, moves: Mapping[str, int], labels: Mapping[str, str]
) -> str:
    listing = ", ".join(
        f"{labels.get(m, m)} {k}" for m, k in sorted(moves.items(), key=lambda i: (-i[1], i[0]))
    )
    said = f"{quote}: marked by {n} of {readers}" + (f" ({listing})" if listing else "")
    said = escape(" ".join(said.split()))
    step = level(n / readers if readers else 0)
    return (
        f'<span class="hw h{step}" tabindex="0" role="note" aria-label="{said}" title="{said}">'
        f'{escape(quote)}<span class="n" aria-hidden="true">{n}</span></span>'
    )


def heatmap_figure(
    counts: Sequence[WordCount],
    turns: Sequence[Any],
    families: Sequence[tuple[str, str]],
    ax: Axes | None = None,
) -> Axes:
    """One step per word, its height the readers who marked it, stacked by family.

    ``turns`` are the transcript's turns (``index``, ``speaker``) and ``families`` the
    ``(id, label)`` pairs in taxonomy order.
    """
    ax = axes_for(ax, 11, 3.6)
    edges = [i - 0.5 for i in range(len(counts) + 1)]
    from matplotlib.patches import StepPatch

    bottom = [0] * len(counts)
    handles: list[Any] = []
    styles = styles_for(f for f, _ in families)
    for family, label in families:
        heights = [c.families.get(family, 0) for c in counts]
        if not any(heights):
            continue
        top = [b + h for b, h in zip(bottom, heights)]
        style = styles[family]
        # One filled step outline per family (a bar per word would be 400 patches per family),
        # added without autoscaling: the limits are set below, and autoscaling walks every step.
        patch = StepPatch(
            top,
            edges,
            baseline=bottom,  # type: ignore[arg-type]  # an array of baselines is accepted
            fill=True,
            facecolor=style.color,
            hatch=style.hatch,
            edgecolor="white",
            linewidth=0.3,
            label=plain(label),
        )
        ax.add_artist(patch)
        handles.append(patch)
        bottom = top
    _turn_bands(ax, counts, turns)
    readers = counts[0].readers if counts else 0
    ax.set_xlim(-0.5, max(len(counts), 1) - 0.5)
    ax.set_ylim(0, max(max(bottom, default=0), readers, 1) * 1.2)
    if any(bottom):
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.2), fontsize=8,
                  ncols=len(families), frameon=False)  # fmt: skip
    return finish(
        ax,
        "Where the class marked the interview",
        "words of the interview, in order (turns banded)",
        "readers who marked the word",
        _description(counts, turns),
    )


def _turn_bands(ax: Axes, counts: Sequence[WordCount], turns: Sequence[Any]) -> None:
    """Every other turn shaded, each named inside the top of the plot (a short turn by its
    number alone, so that neighbouring names do not collide)."""
    for turn in turns:
        where = [c.index for c in counts if c.turn == turn.index]
        if not where:
            continue
        if turn.index % 2:
            ax.axvspan(where[0] - 0.5, where[-1] + 0.5, color="#000000", alpha=0.05, lw=0)
        name = f"{turn.speaker} {turn.index + 1}" if len(where) >= 40 else str(turn.index + 1)
        ax.text((where[0] + where[-1]) / 2, 0.98, plain(name), transform=ax.get_xaxis_transform(),
                ha="center", va="top", fontsize=8)  # fmt: skip


def _description(counts: Sequence[WordCount], turns: Sequence[Any]) -> str:
    if not counts or not counts[0].readers:
        return "No readers: the chart is empty."
    readers = counts[0].readers
    marked = sum(1 for c in counts if c.marked)
    top = max(counts, key=lambda c: (c.marked, -c.index))
    speaker = {t.index: t.speaker for t in turns}.get(top.turn, "")
    return (
        f"Bars show, for each of the {len(counts)} words of the interview's turns, how many of "
        f"the {readers} readers marked it, stacked by family of moves; {marked} words were marked "
        f"by at least one reader, and the most marked, '{top.text}' in {speaker}'s turn "
        f"{top.turn + 1}, by {top.marked}."
    )
