"""The handout: one self-contained HTML file that escapes everything, carries print styles for A4
and Letter, and is written atomically by the export."""

from __future__ import annotations

import re

import pytest

from closereading.annotation.model import AnnotationSet
from closereading.annotation.notes import save_note
from closereading.base.paths import annotation_path
from closereading.course import writing
from closereading.course.writing import export_handout
from closereading.views.handout import handout_html


def test_everything_is_escaped(interview):
    start = interview.text.index("Frankly")
    highlight = {
        "move": "booster",
        "start": start,
        "end": start + 7,
        "note": "<img src=x onerror=alert(1)>",
    }
    page = handout_html(
        interview,
        [highlight],
        notes=[("<b>06-agency</b>", "</p><script>alert(1)</script>")],
        reading=[("Claim <i>", "Peskov & co. <closes> doors")],
        works_cited=["<a href='javascript:x'>me</a>"],
        author="<Ana>",
    )
    assert "<script" not in page and "<img" not in page and "<a " not in page
    assert "&lt;script&gt;" in page and "Peskov &amp; co. &lt;closes&gt; doors" in page
    assert "by &lt;Ana&gt;" in page


def test_the_file_is_self_contained(interview):
    page = handout_html(interview, [])
    assert not re.search(r"<(script|link|img|iframe)\b", page)
    assert not re.search(r"(src|href)\s*=", page)
    assert "url(" not in page and "@import" not in page
    assert page.startswith("<!DOCTYPE html>") and "<meta charset='utf-8'>" in page


def test_print_styles_fit_a4_and_letter_or_either(interview):
    either = handout_html(interview, [])
    assert "@media print" in either and "@page { margin" in either and "@page { size" not in either
    assert "@page { size: A4; }" in handout_html(interview, [], paper="A4")
    assert "@page { size: letter; }" in handout_html(interview, [], paper="Letter")
    with pytest.raises(ValueError, match="paper must be one of"):
        handout_html(interview, [], paper="A5")


def test_the_legend_lists_each_move_used_with_symbol_and_underline(interview):
    start = interview.text.index("Frankly")
    page = handout_html(interview, [{"move": "booster", "start": start, "end": start + 7}])
    legend = page[page.index("cr-legend") : page.index("</table>")]
    assert "Booster" in legend and "double underline" in legend and ">B<" in legend
    assert "Hedge" not in legend
    assert "No highlights yet" in handout_html(interview, [])


def test_export_gathers_the_students_work(work, interview, monkeypatch):
    highlights = AnnotationSet(interview, author="ana")
    start = interview.text.index("in no way")
    highlights.add("booster", start, start + 9, note="closes the door")
    highlights.save(annotation_path("ana"))
    save_note("07-claim", "Peskov answers firmly where he refuses.")
    save_note("07-works-cited", "- Palmer, F. R. Modality and the English Modals.")
    save_note("06-agency", "Sanctions act in the grammar.")
    calls = []
    real = writing.atomic_write
    monkeypatch.setattr(writing, "atomic_write", lambda *a, **k: calls.append(k) or real(*a, **k))
    path = export_handout("ana", interview)
    assert path == work / "handout-ana.html" and calls == [{"backup": True}]
    page = path.read_text(encoding="utf-8")
    assert "Peskov answers firmly where he refuses." in page
    assert "Sanctions act in the grammar." in page and "<h3>06-agency</h3>" in page
    assert "<h3>07-claim</h3>" not in page  # a part of the reading, not a separate note
    assert "Palmer, F. R. Modality" in page and "The National Interest" in page
    assert "closes the door" in page
