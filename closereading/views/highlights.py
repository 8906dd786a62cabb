"""Escaped, static HTML for transcripts and their highlights.

This is what a notebook shows where widgets cannot run (a static notebook viewer, nbval): the
transcript as paragraphs with bold speaker labels, each highlight a ``<mark>`` tinted and
underlined in its move's colour and style and followed by the move's symbol, so that meaning
never rests on colour alone. Overlapping highlights nest, each with its own underline. Every
piece of text, label and note is escaped.

>>> from closereading import parse_transcript
>>> t = parse_transcript("---\\nspeaker: Q | interviewer\\nspeaker: A | interviewee\\n---\\n"
...                      "Q: Why <now>?\\n\\nA: We believe so.")
>>> html = highlight_html(t, [{"move": "hedge", "start": t.text.index("believe"),
...                            "end": t.text.index(" so"), "note": "<b>soft</b>"}])
>>> "Why &lt;now&gt;?" in html, "<b>soft</b>" in html, "&lt;b&gt;soft&lt;/b&gt;" in html
(True, False, True)
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

from closereading.annotation.taxonomy import Move, Taxonomy, load_moves
from closereading.base.strings import shorten
from closereading.views.display import TextView
from closereading.views.style import NEUTRAL, UNDERLINE_GAP_PX, tint

__all__ = ["assign_lanes", "highlight_html", "legend_html", "reading_view", "segments"]


def assign_lanes(spans: Sequence[tuple[int, int]]) -> list[int]:
    """Give each span the lowest lane (underline row) free of every span it overlaps.

    Spans are taken in the order given, which should be text order.

    >>> assign_lanes([(0, 10), (5, 15), (12, 20), (30, 40)])
    [0, 1, 0, 0]
    """
    lanes: list[int] = []
    for i, (start, end) in enumerate(spans):
        taken = {lanes[j] for j, (s, e) in enumerate(spans[:i]) if s < end and start < e}
        lane = 0
        while lane in taken:
            lane += 1
        lanes.append(lane)
    return lanes


def segments(
    start: int, end: int, spans: Sequence[tuple[int, int]]
) -> list[tuple[int, int, list[int]]]:
    """Cut ``[start, end)`` at every span boundary; yield ``(seg_start, seg_end, covering)`` where
    ``covering`` lists the indexes of the spans that cover the piece, in the order given.

    >>> segments(0, 10, [(2, 6), (4, 8)])
    [(0, 2, []), (2, 4, [0]), (4, 6, [0, 1]), (6, 8, [1]), (8, 10, [])]
    """
    cuts = {start, end}
    for s, e in spans:
        cuts.update(c for c in (s, e) if start < c < end)
    ordered = sorted(cuts)
    starts_at: dict[int, list[int]] = {}
    for i, (s, e) in enumerate(spans):
        if s < end and start < e:
            starts_at.setdefault(max(s, start), []).append(i)
    active: list[int] = []
    pieces = []
    for a, b in itertools.pairwise(ordered):
        active = [i for i in active if spans[i][1] > a] + starts_at.get(a, [])
        active.sort()
        pieces.append((a, b, list(active)))
    return pieces


def highlight_html(
    transcript: Any,
    annotations: Iterable[Any],
    moves: Taxonomy | None = None,
    *,
    legend: bool = False,
) -> str:
    """The transcript as escaped HTML with ``annotations`` shown as ``<mark>`` spans.

    ``annotations`` are ``Annotation`` objects or dicts with ``move``, ``start``, ``end`` and
    optionally ``note``. Below the text, a list gives each highlight's move, quote and note;
    with ``legend=True`` a legend of the moves used (see :func:`legend_html`) comes first.
    """
    moves = moves if moves is not None else load_moves()
    text = transcript.text
    items = _items(annotations, text)
    spans = [(a["start"], a["end"]) for a in items]
    lanes = assign_lanes(spans)
    turns = {turn.label_start: turn for turn in getattr(transcript, "turns", ())}

    def run(start: int, end: int) -> str:
        out = []
        for a, b, covering in segments(start, end, spans):
            piece = escape(text[a:b])
            for i in sorted(covering, key=lambda i: -lanes[i]):
                piece = _mark(items[i], lanes[i], _move(moves, items[i]["move"]), piece)
            out.append(piece)
            out.extend(
                _symbol(_move(moves, items[i]["move"]), items[i])
                for i in covering
                if items[i]["end"] == b
            )
        return "".join(out)

    blocks = []
    parts = getattr(transcript, "parts", None) or ()
    for part in parts:
        turn = turns.get(part.start) if part.kind == "turn" else None
        if turn is not None:
            label = escape(text[turn.label_start : turn.start].strip())
            blocks.append(
                f'<p class="cr-turn" style="white-space: pre-wrap; margin: 0 0 0.8em">'
                f"<strong>{label}</strong> {run(turn.start, turn.end)}</p>"
            )
        else:
            style = _PART_STYLES.get(part.kind, "")
            blocks.append(
                f'<p class="cr-{escape(part.kind)}" style="white-space: pre-wrap; '
                f'margin: 0 0 0.8em;{style}">{run(part.start, part.end)}</p>'
            )
    if not parts:
        blocks.append(f'<p style="white-space: pre-wrap">{run(0, len(text))}</p>')

    blocks.append(_listing(items, moves))
    if legend:
        blocks.insert(0, legend_html(items, moves))
    return (
        '<div class="closereading-highlights" style="line-height: 2; max-width: 50em">'
        + "".join(blocks)
        + "</div>"
    )


_PART_STYLES = {
    "title": " font-weight: bold; font-size: 1.15em",
    "dateline": " opacity: 0.75; font-size: 0.9em",
    "standfirst": " font-style: italic",
    "caption": " opacity: 0.75; font-size: 0.9em",
    "note": " opacity: 0.75; font-size: 0.9em",
}


def legend_html(annotations: Iterable[Any], moves: Taxonomy | None = None) -> str:
    """A table of the moves ``annotations`` use, in order of first use: each move's symbol on its
    colour, its name, its underline style and what it is, so that no move is told by colour
    alone. Empty (``""``) when there are no annotations."""
    moves = moves if moves is not None else load_moves()
    used = list(dict.fromkeys(str(_get(a, "move")) for a in annotations))
    if not used:
        return ""
    cell = 'style="border: 1px solid #999; padding: 0.2em 0.5em; text-align: left"'
    rows = []
    for move_id in used:
        move = _move(moves, move_id)
        if move is None:
            rows.append(
                f"<tr><td {cell}>?</td><td {cell}>{escape(move_id)}</td>"
                f"<td {cell}></td><td {cell}></td></tr>"
            )
            continue
        swatch = (
            f'<span class="cr-swatch" style="background: {escape(move.colour)}; color: #000; '
            f'border-radius: 3px; padding: 0 0.3em; font-weight: bold">{escape(move.symbol)}</span>'
        )
        rows.append(
            f"<tr><td {cell}>{swatch}</td><td {cell}>{escape(move.label)}</td>"
            f"<td {cell}>{escape(move.marker)} underline</td>"
            f"<td {cell}>{escape(move.definition)}</td></tr>"
        )
    head = "".join(f"<th {cell}>{h}</th>" for h in ("symbol", "move", "underline", "what it is"))
    return (
        '<table class="cr-legend" style="border-collapse: collapse; margin: 0.5em 0 1em; '
        'font-size: 0.92em; line-height: 1.4"><caption style="text-align: left">Legend: each '
        "move's symbol, colour and underline (meaning never rests on colour alone)</caption>"
        f"<tr>{head}</tr>" + "".join(rows) + "</table>"
    )


def reading_view(
    transcript: Any,
    annotations: Iterable[Any],
    moves: Taxonomy | None = None,
    *,
    title: str = "Highlights",
) -> TextView:
    """A reading shown as the highlighter's static view shows it, for any notebook viewer and
    the course website: the legend, the text with its highlights, and each highlight's move,
    quote and note. As text (what nbval compares), one line per highlight."""
    moves = moves if moves is not None else load_moves()
    items = _items(annotations, transcript.text)
    lines = [f"{title}: {len(items)} highlight{'' if len(items) == 1 else 's'}"]
    for item in items:
        move = _move(moves, item["move"])
        label = f"{move.symbol} {move.label}" if move else f"? {item['move']}"
        note = f" — {item['note']}" if item["note"] else ""
        lines.append(f"  {label}: “{shorten(item['quote'], 70)}”{note}")
    caption = f'<p style="margin: 0 0 0.8em"><strong>{escape(lines[0])}</strong></p>'
    html = caption + highlight_html(transcript, items, moves, legend=True)
    return TextView("\n".join(lines), html)


def _items(annotations: Iterable[Any], text: str) -> list[dict[str, Any]]:
    return sorted(
        (_record(a, text) for a in annotations), key=lambda a: (a["start"], a["end"], a["move"])
    )


def _get(annotation: Any, name: str, default: Any = "") -> Any:
    if isinstance(annotation, dict):
        return annotation.get(name, default)
    return getattr(annotation, name, default)


def _record(annotation: Any, text: str) -> dict[str, Any]:
    def get(name: str, default: Any = "") -> Any:
        return _get(annotation, name, default)

    start, end = get("start"), get("end")
    return {
        "id": get("id"),
        "move": get("move"),
        "start": start,
        "end": end,
        "note": get("note") or "",
        "quote": get("quote") or text[start:end],
    }


def _move(moves: Taxonomy, move_id: str) -> Move | None:
    return moves.get(move_id) if move_id in moves else None


def _mark(item: dict, lane: int, move: Move | None, inner: str) -> str:
    colour = move.colour if move else NEUTRAL
    marker = move.marker if move else "solid"
    label = move.label if move else item["move"]
    title = f"{label}: {item['note']}" if item["note"] else label
    style = (
        f"background-color: {tint(colour)}; color: inherit; padding: 0; "
        f"text-decoration: underline {marker} {colour}; text-decoration-thickness: 2px; "
        f"text-decoration-skip-ink: none; "
        f"text-underline-offset: {3 + UNDERLINE_GAP_PX * lane}px"
    )
    return (
        f'<mark class="cr-mark" data-move="{escape(item["move"])}" title="{escape(title)}" '
        f'style="{style}">{inner}</mark>'
    )


def _symbol(move: Move | None, item: dict) -> str:
    symbol = move.symbol if move else "?"
    label = move.label if move else item["move"]
    colour = move.colour if move else NEUTRAL
    return (
        f'<sup class="cr-symbol" title="{escape(label)}" style="color: #000; '
        f"background-color: {colour}; border-radius: 3px; padding: 0 0.2em; "
        f'margin-left: 1px; font-weight: bold">{escape(symbol)}</sup>'
    )


def _listing(items: list[dict], moves: Taxonomy) -> str:
    if not items:
        return '<p class="cr-none"><em>No highlights yet.</em></p>'
    rows = []
    for item in items:
        move = _move(moves, item["move"])
        symbol = escape(move.symbol if move else "?")
        label = escape(move.label if move else item["move"])
        quote = escape(item["quote"])
        note = f" — {escape(item['note'])}" if item["note"] else ""
        rows.append(f"<li><strong>{symbol} {label}</strong>: “{quote}”{note}</li>")
    return (
        f'<p style="margin: 1em 0 0.2em"><strong>Highlights ({len(items)})</strong></p>'
        f'<ul class="cr-list" style="line-height: 1.5">{"".join(rows)}</ul>'
    )
