"""The handout: one self-contained HTML file that escapes everything and carries print styles for
A4 and Letter; what a student hands in (their name, the reading as prose under their own
headings, the passages it cites with their marks, works cited, no private note unless asked);
written atomically by the export."""

from __future__ import annotations

import json
import re

import pytest

from closereading.annotation import code_store
from closereading.annotation.codes import Coding
from closereading.annotation.model import AnnotationSet
from closereading.annotation.notes import save_note
from closereading.annotation.pronouns import PronounAssignments
from closereading.base.paths import annotation_path
from closereading.base.warnings import CloseReadingWarning
from closereading.course import writing
from closereading.course.handout import (
    NAME_NOTE,
    cited_passages,
    note_heading,
    reading_blocks,
)
from closereading.course.writing import export_handout
from closereading.views.handout import Passage, handout_html
from closereading.views.marks import move_marks


def _at(interview, words: str) -> tuple[int, int]:
    start = interview.text.index(words)
    return start, start + len(words)


def test_everything_is_escaped(interview):
    start, _ = _at(interview, "Frankly")
    highlight = {"move": "booster", "start": start, "end": start + 7, "note": "<img src=x>"}
    turn = interview.turn_at(start)
    page = handout_html(
        interview,
        [("heading", "<b>Part</b>"), ("paragraph", "Peskov & co. <closes> doors")],
        title="<Title>",
        name="<Ana>",
        marks=move_marks([highlight]),
        passages=[Passage(turn.index + 1, "<Peskov>", (6,), ((turn.start, turn.end),))],
        notes=[("<b>06-agency</b>", "</p><script>alert(1)</script>")],
        works_cited=["<a href='javascript:x'>me</a>"],
    )
    assert "<script" not in page and "<img" not in page and "<a " not in page
    assert "<b>" not in page and "&lt;b&gt;Part&lt;/b&gt;" in page
    assert "&lt;script&gt;" in page and "Peskov &amp; co. &lt;closes&gt; doors" in page
    assert "by &lt;Ana&gt;" in page and "&lt;Title&gt;" in page and "&lt;Peskov&gt;" in page
    assert "&lt;img src=x&gt;" in page


def test_the_file_is_self_contained(interview):
    page = handout_html(interview, [("paragraph", "A reading.")])
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


def test_the_legend_shows_each_mark_used_with_its_symbol_and_underline(interview):
    start, end = _at(interview, "in no way")
    turn = interview.turn_at(start)
    passage = Passage(turn.index + 1, turn.speaker, (5,), ((start - 10, end + 10),))
    page = handout_html(
        interview, [], marks=move_marks([{"move": "booster", "start": start, "end": end}]),
        passages=[passage],
    )  # fmt: skip
    legend = page[page.index("cr-legend") : page.index("</table>")]
    assert "Booster" in legend and "double sky blue underline" in legend and ">B</sup>" in legend
    assert "Hedge" not in legend
    assert "Turn 4 · Peskov · sentence 5" in page


def test_the_reading_is_prose_under_the_students_own_headings():
    title, blocks = reading_blocks(
        [
            ("# Doors that close\n\nMy claim.\nIt goes on.", False),
            ("## Two refusals\nFirst “in no way” (turn 4, sentence 5).", False),
            ("What it shows.\n\nA second paragraph.", True),
            ("", False),
            ("# Not a title here", False),
        ]
    )
    assert title == "Doors that close"
    assert blocks == [
        ("paragraph", "My claim. It goes on."),
        ("heading", "Two refusals"),
        ("paragraph", "First “in no way” (turn 4, sentence 5). What it shows."),
        ("paragraph", "A second paragraph."),
        ("heading", "Not a title here"),
    ]
    assert reading_blocks([("No heading at all.", False)]) == (
        "",
        [("paragraph", "No heading at all.")],
    )


def test_the_passages_are_the_sentences_the_reading_cites_or_quotes(interview):
    reading = (
        'He says “in no way” (turn 4, sentence 5), and "We are hoping for reciprocal '
        'understanding"; later, sentences 6–7 of turn 4 (turn 4, sentences 6–7). In turn 2 he '
        "hedges, and 'the best way' is not a quotation of two words in double quotes. "
        "“we don't believe ... the best way” (turn 9, sentence 1)."
    )
    passages = cited_passages(interview, reading)
    assert [(p.turn, p.speaker, p.sentences) for p in passages] == [
        (2, "Peskov", (1, 5)),
        (4, "Peskov", (5, 6, 7)),
    ]
    four = passages[1]
    assert len(four.runs) == 1 and interview.text[slice(*four.runs[0])].startswith("But, as a")
    assert interview.text[slice(*four.runs[0])].endswith("from abroad.")
    assert cited_passages(interview, "No citation; turn 4 is mentioned in passing.") == []
    assert [p.sentences for p in cited_passages(interview, "(turn 1)")] == [(1,)]


def test_a_quotation_found_twice_takes_the_cited_place_else_the_first(interview):
    first = cited_passages(interview, "“the best way”")
    assert [(p.turn, p.sentences) for p in first] == [(2, (1,))]
    cited = cited_passages(interview, "“the best way” (turn 2, sentence 3)")
    assert [(p.turn, p.sentences) for p in cited] == [(2, (3,))]


def test_a_note_is_headed_by_the_question_it_answers_not_its_file_name():
    heading = note_heading("06-agency")
    assert heading.startswith("Lesson 06: ") and "06-agency" not in heading
    assert note_heading("09-no-such-box") == "Lesson 09: No such box"


def _students_work(interview):
    highlights = AnnotationSet(interview, author="ana")
    highlights.add("booster", *_at(interview, "in no way"), note="closes the door")
    highlights.add("hedge", *_at(interview, "we don’t believe"), note="a belief")
    highlights.save(annotation_path("ana"))
    coding = Coding(interview, author="ana")
    coding.set_outcome("u1571", "non-reply", "declining-to-answer")
    coding.add_evidence("u1571", *_at(interview, "cannot take into account"))
    coding.justify("u1571", "Not ours to discuss.")
    code_store.save(coding, code_store.codes_path("ana"))
    referents = PronounAssignments(interview, "ana")
    referents.assign(interview.text.index("we cannot take"), "government")
    save_note("07-claim", "# Doors that close\n\nPeskov answers firmly where he refuses.")
    save_note("07-evidence-1", "## The refusal\n“in no way” (turn 4, sentence 5)")
    save_note("07-interpretation-1", "Boosters close the door.")
    save_note("07-evidence-2", "“concerns that we cannot take into account” (turn 4, sentence 6)")
    save_note("07-works-cited", "- Palmer, F. R. *Modality and the English Modals*.")
    save_note("06-agency", "Sanctions act in the grammar.")
    save_note("01-first-impressions", "Calm, almost bored.")


def test_export_gathers_the_students_work_as_a_finished_piece(work, interview, monkeypatch):
    _students_work(interview)
    save_note(NAME_NOTE, "Ana Lima\n")
    calls = []
    real = writing.atomic_write
    monkeypatch.setattr(writing, "atomic_write", lambda *a, **k: calls.append(k) or real(*a, **k))
    path = export_handout("ana", interview)
    assert path == work / "handout-ana.html" and calls == [{"backup": True}]
    page = path.read_text(encoding="utf-8")
    body = page[page.index("<body>") :]
    assert "<h1>Doors that close</h1>" in body and "by Ana Lima" in body
    assert "<h2 class='cr-part'>The refusal</h2>" in body
    assert "<p>“in no way” (turn 4, sentence 5) Boosters close the door.</p>" in body
    for scaffold in ("Claim", "Evidence 1", "Interpretation 1", "Limits", "07-claim"):
        assert f">{scaffold}<" not in body
    above_works = body[: body.index("<h2>Works cited</h2>")]
    assert above_works.count(interview.title) == 1 and body.count("<h1>") == 1
    assert "Image:" not in body and "by student" not in body
    assert "Sanctions act" not in body and "Calm, almost bored" not in body
    assert "<em>Modality and the English Modals</em>" in body and "The National Interest" in body
    assert "Turn 4 · Peskov · sentences 5–6" in body
    kinds = re.findall(r"data-kind=\"(\w+)\" data-mark=\"([\w-]+)\"", body)
    assert {("move", "booster"), ("code", "non-reply"), ("referent", "referent")} <= set(kinds)
    assert ">Q4 ✗</sup>" in body and ">→ the government</sup>" in body
    assert "Declines to answer. Not ours to discuss." in body and "closes the door" in body
    assert "1 more mark, on passages the reading does not cite, is left out." in body


def test_the_saved_reading_is_the_prose_not_the_scaffold(work, interview):
    _students_work(interview)
    from closereading.course.writing import ReadingDraft

    text = ReadingDraft().save("ana").read_text(encoding="utf-8")
    assert text.startswith("# Doors that close\n")
    assert "## The refusal" in text
    assert "“in no way” (turn 4, sentence 5) Boosters close the door." in text
    for scaffold in ("Claim", "Evidence 1", "Interpretation 1", "Limits", "07-claim"):
        assert f"## {scaffold}\n" not in text
    assert "## Works cited" in text and "The National Interest" in text


def test_private_notes_only_when_asked_under_their_question(work, interview):
    _students_work(interview)
    page = export_handout("ana", interview, include_notes=["06-agency"]).read_text("utf-8")
    assert "Sanctions act in the grammar." in page and "Calm, almost bored" not in page
    assert "<h3>Lesson 06: " in page and ">06-agency<" not in page
    with pytest.raises(ValueError, match="no note '06-nothing' to include"):
        export_handout("ana", interview, include_notes=["06-nothing"])
    with pytest.raises(ValueError, match="'07-claim' is part of the reading"):
        export_handout("ana", interview, include_notes=["07-claim"])


def test_without_a_name_the_handout_says_so_and_how_to_give_one(work, interview):
    save_note("07-claim", "A claim (turn 2, sentence 1).")
    page = export_handout("student", interview).read_text("utf-8")
    assert "by student" not in page and "by " not in page[page.index("<body>") :]
    assert "No name is given for this handout yet" in page
    assert "work/notes/handout-name.md" in page and "“Your name”" in page


def test_the_name_given_once_in_notebook_00_names_the_handout(work, interview, monkeypatch):
    from closereading.base.student import set_student_name

    monkeypatch.setenv("JUPYTERHUB_USER", "jupyter-ana")  # an account, never printed as a name
    save_note("07-claim", "A claim (turn 2, sentence 1).")
    body = export_handout("student", interview).read_text("utf-8")
    assert "by jupyter-ana" not in body
    assert "No name is given for this handout yet" in body
    set_student_name("Ana Lima")
    assert "by Ana Lima" in export_handout("student", interview).read_text("utf-8")
    save_note(NAME_NOTE, "Ana Lima Garcia\n")  # the box in notebook 07 wins
    assert "by Ana Lima Garcia" in export_handout("student", interview).read_text("utf-8")


def test_a_reading_that_cites_nothing_says_how_to_cite(work, interview):
    save_note("07-claim", "A claim with no citation.")
    page = export_handout("student", interview).read_text("utf-8")
    assert "The reading cites no sentence of the text yet" in page
    assert "class='cr-passage'" not in page and "Saunders:" not in page


def test_a_damaged_codes_file_is_left_out_with_a_warning(work, interview):
    _students_work(interview)
    path = code_store.codes_path("ana")
    data = json.loads(path.read_text("utf-8"))
    path.write_text(json.dumps({**data, "transcript": {"id": "another"}}), encoding="utf-8")
    before = path.read_bytes()
    with pytest.warns(CloseReadingWarning, match=r"leaves out your answer codes: work/codes/ana"):
        page = export_handout("ana", interview).read_text("utf-8")
    assert path.read_bytes() == before
    assert 'data-kind="move"' in page and 'data-kind="code"' not in page
