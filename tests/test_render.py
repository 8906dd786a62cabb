"""Tests for closereading.views.highlights: escaped static HTML with overlapping highlights."""

from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path

import pytest

from closereading import parse_transcript
from closereading.annotation.taxonomy import load_moves, parse_moves
from closereading.views.highlights import (
    assign_lanes,
    highlight_html,
    legend_html,
    reading_view,
    segments,
)
from closereading.views.style import tint

ROOT = Path(__file__).resolve().parent.parent
CSS = ROOT / "closereading" / "widgets" / "static" / "highlighter.css"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


def span_of(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def tiny(body: str):
    return parse_transcript("---\nspeaker: Q | interviewer\nspeaker: A | interviewee\n---\n" + body)


def test_text_turn_labels_and_parts(interview):
    html = highlight_html(interview, [])
    assert html.count("<strong>Saunders:</strong>") == 3
    assert html.count("<strong>Peskov:</strong>") == 3
    assert "Resetting the U.S.-Russian Reset" in html
    assert "No highlights yet" in html


def test_a_highlight_is_a_mark_with_the_move_symbol_and_a_listing(interview):
    start, end = span_of(interview.text, "we don’t believe")
    html = highlight_html(
        interview, [{"move": "hedge", "start": start, "end": end, "note": "soft"}]
    )
    assert re.search(
        r'<mark class="cr-mark" data-move="hedge" title="Hedge: soft" [^>]*>'
        r"we don’t believe</mark><sup [^>]*>H</sup>",
        html,
    )
    assert "text-decoration: underline wavy #56B4E9" in html
    assert "<li><strong>H Hedge</strong>: “we don’t believe” — soft</li>" in html


def test_overlapping_highlights_nest_with_their_own_underline_rows(interview):
    text = interview.text
    a = dict(zip(("start", "end"), span_of(text, "Actually, we don’t believe")), move="booster")
    b = dict(zip(("start", "end"), span_of(text, "we don’t believe that sanctions")), move="hedge")
    html = highlight_html(interview, [a, b])
    # the shared words are inside both marks; each mark keeps its own underline offset
    shared = re.search(
        r'(<mark[^>]*data-move="booster"[^>]*><mark[^>]*data-move="hedge"[^>]*>'
        r"we don’t believe</mark></mark>)",
        html,
    )
    assert shared, html
    assert "text-underline-offset: 3px" in shared.group(1)
    assert "text-underline-offset: 8px" in shared.group(1)
    assert html.count(">B</sup>") == 1 and html.count(">H</sup>") == 1


def test_escapes_transcript_text_notes_and_quotes():
    t = tiny(f"Q: Is this {SCRIPT} safe?\n\nA: {IMG} No.")
    start, end = span_of(t.text, "No")
    html = highlight_html(
        t, [{"move": "hedge", "start": start, "end": end, "note": f"{SCRIPT} {IMG} \" '"}]
    )
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert 'title="Hedge: &lt;script&gt;' in html  # the attribute cannot be broken out of
    assert "&quot; &#x27;" in html


def test_escapes_move_labels_and_symbols():
    data = json.loads((ROOT / "data" / "moves.json").read_text(encoding="utf-8"))
    data["moves"][0]["label"] = "<TEST>"
    data["moves"][0]["symbol"] = "<b>"
    moves = parse_moves(data)
    t = tiny("Q: Why?\n\nA: We believe so.")
    start, end = span_of(t.text, "believe")
    html = highlight_html(t, [{"move": "hedge", "start": start, "end": end}], moves)
    assert "<TEST>" not in html and "&lt;TEST&gt;" in html
    assert "<b>" not in html and "&lt;b&gt;" in html


def test_unknown_move_is_shown_not_dropped():
    t = tiny("Q: Why?\n\nA: We believe so.")
    start, end = span_of(t.text, "believe")
    html = highlight_html(t, [{"move": "no-such-move", "start": start, "end": end}])
    assert 'data-move="no-such-move"' in html and ">?</sup>" in html


def test_accepts_annotation_objects_and_is_deterministic(interview):
    from closereading.annotation.model import AnnotationSet

    highlights = AnnotationSet(interview)
    start, end = span_of(interview.text, "Diplomacy is preferable")
    highlights.add("attitude-marker", start, end, note="a value word")
    first = highlight_html(interview, highlights, load_moves())
    assert first == highlight_html(interview, list(highlights), load_moves())
    assert "Diplomacy is preferable</mark>" in first
    assert "created" not in first and "0x" not in first


def test_the_legend_lists_each_move_used_once_in_order_of_first_use(interview):
    text = interview.text
    marks = [
        dict(zip(("start", "end"), span_of(text, phrase)), move=move)
        for phrase, move in [
            ("Diplomacy is preferable", "attitude-marker"),
            ("Actually", "booster"),
            ("we don’t believe", "hedge"),
            ("It definitely takes", "booster"),
        ]
    ]
    legend = legend_html(marks)
    rows = re.findall(r"<tr>(.*?)</tr>", legend)[1:]
    assert [re.findall(r">([^<>]+)</td>", row)[0] for row in rows] == [
        "Attitude marker",
        "Booster",
        "Hedge",
    ]
    # Each row names the underline and shows the symbol, so colour is never the only cue.
    assert ">dotted underline<" in legend and ">double underline<" in legend
    assert legend_html([]) == ""
    unknown = legend_html([{"move": SCRIPT, "start": 0, "end": 1}])
    assert SCRIPT not in unknown and "&lt;script&gt;" in unknown


def test_the_legend_comes_before_the_text_only_when_asked(interview):
    start, end = span_of(interview.text, "we don’t believe")
    marks = [{"move": "hedge", "start": start, "end": end}]
    assert "cr-legend" not in highlight_html(interview, marks)
    html = highlight_html(interview, marks, legend=True)
    assert html.index('class="cr-legend"') < html.index("<strong>Saunders:</strong>")


def test_a_reading_view_shows_text_legend_and_notes_and_a_line_per_highlight(interview):
    text = interview.text
    marks = [
        dict(
            zip(("start", "end"), span_of(text, "Diplomacy is preferable")),
            move="attitude-marker",
            note=IMG,
        ),
        dict(zip(("start", "end"), span_of(text, "Actually")), move="booster"),
    ]
    view = reading_view(interview, marks, title="A <reading>")
    assert repr(view).splitlines() == [
        "A <reading>: 2 highlights",
        "  B Booster: “Actually”",
        f"  A Attitude marker: “Diplomacy is preferable” — {IMG}",
    ]
    html = view._repr_html_()
    assert "A &lt;reading&gt;: 2 highlights" in html and "<reading>" not in html
    assert IMG not in html and escape(IMG) in html
    assert html.count('<mark class="cr-mark"') == 2 and 'class="cr-legend"' in html
    assert repr(reading_view(interview, [])) == "Highlights: 0 highlights"


def test_segments_and_lanes():
    assert segments(0, 5, []) == [(0, 5, [])]
    assert segments(3, 8, [(0, 5), (6, 20)]) == [(3, 5, [0]), (5, 6, []), (6, 8, [1])]
    assert assign_lanes([(0, 10), (2, 4), (3, 12), (11, 15)]) == [0, 1, 2, 0]


def test_tint():
    assert tint("#E69F00") == "rgba(230, 159, 0, 0.22)"


# --- contrast: text on highlights meets WCAG AA in JupyterLab's light and dark themes --------


def _luminance(rgb):
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _mix(top, bottom, alpha):
    return tuple(alpha * t + (1 - alpha) * b for t, b in zip(top, bottom))


def _contrast(a, b):
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _css_tints() -> tuple[float, float]:
    css = CSS.read_text(encoding="utf-8")
    light, dark = (float(x) / 100 for x in re.findall(r"--cr-tint:\s*(\d+)%", css))
    return light, dark


@pytest.mark.parametrize("layers", [1, 2])
def test_text_on_highlights_meets_wcag_aa(layers):
    """The widget tints at most two layers deep (a third overlapping highlight adds only its
    underline), so two stacked tints are the darkest background text ever sits on."""
    light_tint, dark_tint = _css_tints()
    themes = {
        # JupyterLab's layout-color0 and content-font-color1 (87% black / 87% white)
        "light": ((255, 255, 255), (0, 0, 0), light_tint),
        "dark": ((17, 17, 17), (255, 255, 255), dark_tint),
    }
    for move in load_moves():
        colour = tuple(int(move.colour[i : i + 2], 16) for i in (1, 3, 5))
        for theme, (page, ink, alpha) in themes.items():
            background = page
            for _ in range(layers):  # overlapping highlights stack their tints
                background = _mix(colour, background, alpha)
            text = _mix(ink, background, 0.87)
            ratio = _contrast(text, background)
            assert ratio >= 4.5, f"{move.id} in the {theme} theme, {layers} layers: {ratio:.2f}"


def test_symbols_on_move_colours_meet_wcag_aa():
    for move in load_moves():
        colour = tuple(int(move.colour[i : i + 2], 16) for i in (1, 3, 5))
        assert _contrast((0, 0, 0), colour) >= 4.5, move.id
