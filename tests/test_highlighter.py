"""Tests for the highlighter widget, driven from Python the way the browser drives it.

No browser: messages go through the widget's comm message handler exactly as a front-end
message would. Every test writes only under tmp_path (CLOSEREADING_WORK_DIR).
"""

from __future__ import annotations

import errno
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from closereading import parse_transcript
from closereading.annotation.model import AnnotationError, AnnotationSet
from closereading.annotation.taxonomy import UnknownMoveError
from closereading.base.workfile import saving
from closereading.widgets import Highlighter

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@pytest.fixture
def highlighter(work, interview):
    return Highlighter(interview, author="student")


def offsets(widget, phrase: str) -> tuple[int, int]:
    start = widget.document["text"].index(phrase)
    return start, start + len(phrase)


def on_disk(work: Path, name: str = "student.json") -> list[dict]:
    return json.loads((work / "annotations" / name).read_text(encoding="utf-8"))["annotations"]


def send(widget, content: dict) -> None:
    """Deliver a custom message as the comm does when the front end calls model.send()."""
    widget._handle_msg(
        {"content": {"data": {"method": "custom", "content": content}}, "buffers": []}
    )


# --- adding, snapping, saving ------------------------------------------------------------------


def test_add_snaps_to_whole_words_and_saves_at_once(highlighter, work):
    start, end = offsets(highlighter, "we don’t believe")
    annotation = highlighter.add("hedge", start + 1, end - 2)  # "e don’t belie"
    assert annotation.quote == "we don’t believe"
    assert [(a["quote"], a["move"]) for a in on_disk(work)] == [("we don’t believe", "hedge")]
    assert highlighter.annotations == [
        {
            "id": annotation.id,
            "move": "hedge",
            "start": start,
            "end": end,
            "quote": "we don’t believe",
            "short_quote": "we don’t believe",
            "note": "",
            "lane": 0,
        }
    ]
    assert highlighter.status == (
        "Added Hedge: “we don’t believe”. Saved 1 highlight to work/annotations/student.json."
    )
    assert highlighter.error == ""
    assert highlighter.can_undo


def test_trailing_punctuation_and_spaces_are_trimmed(highlighter):
    start, end = offsets(highlighter, " problems in the international arena. ")
    assert highlighter.add("hedge", start, end).quote == "problems in the international arena"


def test_add_clears_the_selection(highlighter):
    start, end = offsets(highlighter, "Diplomacy is preferable")
    highlighter.select(start, end)
    highlighter.add("attitude-marker", start, end)
    assert highlighter.selection == []


def test_select_snaps(highlighter):
    start, end = offsets(highlighter, "Diplomacy is preferable")
    assert highlighter.select(start + 2, end - 1) == (start, end)
    assert highlighter.selection == [start, end]


def test_unknown_move_is_rejected_with_the_valid_ids(highlighter, work):
    start, end = offsets(highlighter, "Diplomacy")
    with pytest.raises(UnknownMoveError, match="valid moves are: hedge, booster"):
        highlighter.add("hegde", start, end)
    assert not (work / "annotations" / "student.json").exists()
    assert highlighter.annotations == []


def test_a_span_outside_every_turn_is_refused(highlighter):
    start, end = offsets(highlighter, "Resetting the U.S.-Russian Reset")  # the title
    with pytest.raises(AnnotationError, match="inside a speaker's turn"):
        highlighter.add("hedge", start, end)


def test_a_span_across_two_turns_is_clipped_to_the_turn_where_it_starts(highlighter):
    start, end = offsets(highlighter, "be helpful?\n\nPeskov: Actually")
    assert highlighter.add("hedge", start + 1, end).quote == "be helpful"


def test_an_empty_span_is_refused(highlighter):
    with pytest.raises(AnnotationError, match="Select some words"):
        highlighter.add("hedge", 300, 300)


# --- selecting: the browser reports raw offsets and keys; Python snaps -----------------------------


def test_a_raw_mouse_selection_is_snapped_by_python(highlighter):
    start, end = offsets(highlighter, "we don’t believe")
    send(highlighter, {"type": "select", "start": start + 1, "end": end - 2})
    assert highlighter.selection == [start, end]
    assert highlighter.selected_quote == "we don’t believe"
    send(highlighter, {"type": "clear"})
    assert highlighter.selection == [] and highlighter.selected_quote == ""


def test_a_selection_across_two_turns_keeps_the_turn_where_it_starts(highlighter):
    text = highlighter.document["text"]
    start, end = offsets(highlighter, "be helpful?\n\nPeskov: Actually")
    send(highlighter, {"type": "select", "start": start + 1, "end": end - 1})
    assert text[slice(*highlighter.selection)] == "be helpful"
    # dragged upwards, from "Actually" to "be": it started in Peskov's turn
    send(highlighter, {"type": "select", "start": start + 1, "end": end - 1, "backward": True})
    assert text[slice(*highlighter.selection)] == "Actually"


def test_a_selection_with_no_word_is_explained_not_an_error(highlighter):
    highlighter.select(*offsets(highlighter, "Diplomacy"))
    send(
        highlighter,
        {
            "type": "select",
            **dict(zip(("start", "end"), offsets(highlighter, "Resetting the U.S."))),
        },
    )
    assert highlighter.selection == []
    assert highlighter.status == "Select at least one word inside a speaker's turn."
    assert highlighter.error == ""


def test_tag_highlights_the_selection_python_made(highlighter, work):
    start, end = offsets(highlighter, "Diplomacy is preferable")
    # A drag then a key, both sent before any answer comes back: handled in order.
    send(highlighter, {"type": "select", "start": start + 3, "end": end - 3})
    send(highlighter, {"type": "tag", "move": "attitude-marker"})
    assert quotes_on_disk(work) == {"Diplomacy is preferable": "attitude-marker"}
    assert highlighter.selection == []
    # A second press of the key finds nothing selected and says so; nothing is added twice.
    send(highlighter, {"type": "tag", "move": "attitude-marker"})
    assert highlighter.status == "Select some words in the text first, then choose Attitude marker."
    assert len(on_disk(work)) == 1


def quotes_on_disk(work: Path) -> dict[str, str]:
    return {a["quote"]: a["move"] for a in on_disk(work)}


def selected(widget) -> str:
    return widget.document["text"][slice(*widget.selection)]


def test_arrow_keys_step_by_word_and_sentence(highlighter):
    def key(by: str, forward: bool, extend: bool = False) -> str:
        send(highlighter, {"type": "step", "by": by, "forward": forward, "extend": extend})
        return selected(highlighter)

    assert key("word", True) == "Do"  # from nowhere: the first word
    assert key("word", True) == "you"
    assert key("word", True, extend=True) == "you believe"
    assert key("word", False, extend=True) == "you"
    assert key("word", False, extend=True) == "Do you"  # now growing to the left
    assert key("sentence", True) == "Do you believe that additional sanctions would be helpful"
    assert key("sentence", True).startswith("Actually, we don’t believe")


def test_shift_arrow_never_leaves_the_turn_where_the_selection_began(highlighter):
    highlighter.select(*offsets(highlighter, "helpful"))
    send(highlighter, {"type": "step", "by": "word", "forward": True, "extend": True})
    assert selected(highlighter) == "helpful"
    send(highlighter, {"type": "step", "by": "word", "forward": False, "extend": True})
    assert selected(highlighter) == "be helpful"  # the very next press shrinks or grows it again
    highlighter.select(*offsets(highlighter, "Actually"))
    send(highlighter, {"type": "step", "by": "word", "forward": False, "extend": True})
    assert selected(highlighter) == "Actually"


def test_up_selects_the_sentence_where_the_last_highlight_was(highlighter):
    highlighter.select(*offsets(highlighter, "we don’t believe"))
    highlighter.tag("hedge")
    highlighter.step("sentence", forward=False)
    assert selected(highlighter).startswith("Actually, we don’t believe")
    highlighter.step("sentence", forward=False)
    assert selected(highlighter) == "Do you believe that additional sanctions would be helpful"


def test_records_carry_the_static_views_lanes_and_short_quotes(highlighter):
    from closereading.views.highlights import assign_lanes

    long_phrase = "we don’t believe that sanctions are the best way to solve problems"
    highlighter.add("hedge", *offsets(highlighter, long_phrase))
    highlighter.add("booster", *offsets(highlighter, "Actually, we don’t believe"))
    highlighter.add("attitude-marker", *offsets(highlighter, "Actually"))
    records = highlighter.annotations
    assert [r["quote"].split()[0] for r in records] == ["Actually", "Actually,", "we"]
    assert [r["lane"] for r in records] == [0, 1, 0]
    assert [r["lane"] for r in records] == assign_lanes([(r["start"], r["end"]) for r in records])
    assert (
        records[2]["short_quote"] == "we don’t believe that sanctions are the best way to solve p…"
    )
    assert len(records[2]["short_quote"]) == 60


# --- remove, notes, undo ---------------------------------------------------------------------


def test_remove_and_undo(highlighter, work):
    start, end = offsets(highlighter, "Diplomacy is preferable")
    a = highlighter.add("attitude-marker", start, end, note="a value word")
    highlighter.remove(a.id)
    assert on_disk(work) == [] and highlighter.annotations == []
    assert highlighter.status.startswith("Deleted Attitude marker: “Diplomacy is preferable”.")
    assert highlighter.undo() is True
    [restored] = on_disk(work)
    assert (restored["quote"], restored["move"], restored["note"]) == (
        "Diplomacy is preferable",
        "attitude-marker",
        "a value word",
    )
    assert highlighter.status.startswith("Undid deleting Attitude marker")


def test_update_note_and_undo(highlighter, work):
    start, end = offsets(highlighter, "Diplomacy is preferable")
    a = highlighter.add("attitude-marker", start, end)
    highlighter.update_note(a.id, "first")
    highlighter.update_note(a.id, "second")
    assert on_disk(work)[0]["note"] == "second"
    highlighter.undo()
    assert on_disk(work)[0]["note"] == "first"
    highlighter.undo()
    assert on_disk(work)[0]["note"] == ""
    highlighter.undo()
    assert on_disk(work) == []
    assert highlighter.undo() is False
    assert highlighter.status == "Nothing to undo."
    assert not highlighter.can_undo


def test_undo_reaches_past_a_restored_delete(highlighter, work):
    """A deleted highlight comes back under a new id; older steps still find it."""
    start, end = offsets(highlighter, "Diplomacy is preferable")
    a = highlighter.add("attitude-marker", start, end)
    highlighter.update_note(a.id, "why")
    highlighter.remove(a.id)
    highlighter.undo()  # the highlight is back, with its note
    assert on_disk(work)[0]["note"] == "why"
    highlighter.undo()  # the note change is undone on the restored highlight
    assert on_disk(work)[0]["note"] == ""
    highlighter.undo()  # and the add itself
    assert on_disk(work) == []


def test_an_unchanged_note_is_not_a_change(highlighter):
    start, end = offsets(highlighter, "Diplomacy")
    a = highlighter.add("attitude-marker", start, end, note="same")
    highlighter.update_note(a.id, "same")
    highlighter.undo()
    assert highlighter.annotations == []


# --- messages from the front end ----------------------------------------------------------------


def test_messages_drive_the_widget(highlighter, work):
    start, end = offsets(highlighter, "Diplomacy is preferable")
    send(highlighter, {"type": "add", "move": "attitude-marker", "start": start, "end": end})
    [record] = highlighter.annotations
    send(highlighter, {"type": "note", "id": record["id"], "note": "evaluative"})
    assert on_disk(work)[0]["note"] == "evaluative"
    send(highlighter, {"type": "remove", "id": record["id"]})
    assert on_disk(work) == []
    send(highlighter, {"type": "undo"})
    assert [a["quote"] for a in on_disk(work)] == ["Diplomacy is preferable"]
    assert highlighter.error == ""


@pytest.mark.parametrize(
    "content, expected",
    [
        ({"type": "add", "move": "nope", "start": 300, "end": 310}, "unknown move 'nope'"),
        (
            {"type": "add", "move": "hedge", "start": "x", "end": 310},
            "start must be a whole number",
        ),
        ({"type": "add", "move": "hedge"}, "start must be a whole number"),
        ({"type": "remove", "id": "a99"}, "no annotation with id 'a99'"),
        ({"type": "remove", "id": ["a1"]}, "id must be text"),
        ({"type": "note", "id": "a99", "note": "x"}, "no annotation with id 'a99'"),
        ({"type": "explode"}, "does not know: 'explode'"),
        ("not a dict", "does not know: None"),
    ],
)
def test_bad_messages_set_error_and_never_raise(highlighter, work, content, expected):
    send(highlighter, content)
    assert expected in highlighter.error
    assert not (work / "annotations" / "student.json").exists()


def test_a_good_message_clears_the_error(highlighter):
    send(highlighter, {"type": "remove", "id": "a99"})
    start, end = offsets(highlighter, "Diplomacy")
    send(highlighter, {"type": "add", "move": "hedge", "start": start, "end": end})
    assert highlighter.error == ""


def test_a_failed_save_is_reported_and_the_highlight_kept(highlighter, work, monkeypatch):
    def full_disk(path, content, backup=False):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(saving, "atomic_write", full_disk)
    start, end = offsets(highlighter, "Diplomacy")
    send(highlighter, {"type": "add", "move": "hedge", "start": start, "end": end})
    assert highlighter.error == (
        "could not write work/annotations/student.json: No space left on device"
    )
    assert [a["quote"] for a in highlighter.annotations] == ["Diplomacy"]


def test_a_folder_in_place_of_the_file_is_reported(work, interview):
    (work / "annotations" / "student.json").mkdir(parents=True)
    widget = Highlighter(interview, author="student")
    assert "work/annotations/student.json could not be read (is a directory)" in widget.error
    assert widget.path.name == "student-recovered.json"


# --- reopening, corrupt files -----------------------------------------------------------------


def test_reopening_restores_every_highlight(highlighter, work, interview):
    for phrase, move in (("we don’t believe", "hedge"), ("Definitely", "booster")):
        highlighter.add(move, *offsets(highlighter, phrase), note=f"on {phrase}")
    again = Highlighter(interview, author="student")
    assert again.annotations == highlighter.annotations
    assert again.status == "Loaded 2 highlights from work/annotations/student.json."
    assert again.error == ""


@pytest.mark.parametrize(
    "count, said",
    [
        (1, "1 highlight no longer matches the text; it is"),
        (2, "2 highlights no longer match the text; they are"),
    ],
)
def test_highlights_that_no_longer_match_are_counted_in_good_english(work, interview, count, said):
    widget = Highlighter(interview, author="student")
    for phrase in ("Diplomacy", "Definitely", "Frankly")[: count + 1]:
        widget.add("hedge", *offsets(widget, phrase))
    path = work / "annotations" / "student.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["transcript"]["sha256"] = "0" * 64  # as if the text had changed
    for record in data["annotations"][:count]:
        record["quote"], record["prefix"], record["suffix"] = "nowhere in the text", "", ""
    path.write_text(json.dumps(data), encoding="utf-8")
    again = Highlighter(interview, author="student")
    assert (
        again.status
        == f"Loaded 1 highlight from work/annotations/student.json. {said} kept in the file"
        " and listed below the text, to re-attach or delete."
    )


def test_a_corrupt_file_is_left_untouched_and_reported(work, interview):
    path = work / "annotations" / "student.json"
    path.parent.mkdir(parents=True)
    path.write_bytes(b'{"schema": "closereading.annotations/1", "annotations": [')
    before = path.read_bytes()
    widget = Highlighter(interview, author="student")
    assert "work/annotations/student.json could not be read" in widget.error
    assert "left untouched" in widget.error
    assert "saved to work/annotations/student-recovered.json instead" in widget.status
    widget.add("hedge", *offsets(widget, "Diplomacy"))
    assert path.read_bytes() == before
    assert [a["quote"] for a in on_disk(work, "student-recovered.json")] == ["Diplomacy"]
    # Next time the recovered file is picked up again, and the broken one still left alone.
    again = Highlighter(interview, author="student")
    assert [a["quote"] for a in again.annotations] == ["Diplomacy"]
    assert path.read_bytes() == before


def test_when_nothing_can_be_saved_it_says_so(work, interview):
    folder = work / "annotations"
    folder.mkdir(parents=True)
    for name in ("student.json", "student-recovered.json"):
        (folder / name).write_text("not json", encoding="utf-8")
    widget = Highlighter(interview, author="student")
    assert widget.path is None
    assert "NOT saved" in widget.status
    widget.add("hedge", *offsets(widget, "Diplomacy"))
    assert "Not saved" in widget.status
    assert (folder / "student.json").read_text() == "not json"
    assert "not saved" in repr(widget)


def test_an_explicit_path(tmp_path, work, interview):
    widget = Highlighter(interview, path=tmp_path / "elsewhere" / "mine.json")
    widget.add("hedge", *offsets(widget, "Diplomacy"))
    assert (tmp_path / "elsewhere" / "mine.json").exists()


# --- the static fallback ------------------------------------------------------------------------


def test_repr_and_bundle_are_deterministic_and_keep_the_widget_view(
    highlighter, work, interview, tmp_path
):
    highlighter.add("hedge", *offsets(highlighter, "we don’t believe"))
    highlighter.add("hedge", *offsets(highlighter, "Diplomacy is preferable"))
    highlighter.add("booster", *offsets(highlighter, "Definitely"))
    text = (
        "Highlighter for 'peskov-2013' — 3 highlights (hedge 2, booster 1); "
        "saved in work/annotations/student.json"
    )
    assert repr(highlighter) == text
    data, _ = highlighter._repr_mimebundle_()
    assert WIDGET_VIEW in data
    assert data["text/plain"] == text
    again = Highlighter(interview, author="student")
    assert again._repr_mimebundle_()[0]["text/html"] == data["text/html"]
    for shown in (data["text/plain"], data["text/html"]):
        assert str(tmp_path) not in shown and " at 0x" not in shown
        assert "created" not in shown and "2026" not in shown


def test_notes_with_markup_are_escaped_in_the_fallback(highlighter):
    a = highlighter.add("hedge", *offsets(highlighter, "we don’t believe"))
    highlighter.update_note(a.id, f"{SCRIPT} {IMG}")
    html = highlighter._repr_mimebundle_()[0]["text/html"]
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_transcript_text_with_markup_is_escaped_in_the_fallback(work):
    transcript = parse_transcript(
        f"---\nid: tricky\ntitle: {SCRIPT}\nspeaker: Q | interviewer\nspeaker: A | interviewee\n---\n"
        f"{SCRIPT}\n\nQ: Is {IMG} safe?\n\nA: We believe it is."
    )
    widget = Highlighter(transcript, author="student")
    widget.add("hedge", *offsets(widget, "believe"))
    data = widget._repr_mimebundle_()[0]
    assert "<script>" not in data["text/html"] and "<img" not in data["text/html"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in data["text/html"]
    assert data["text/plain"].startswith("Highlighter for 'tricky' — 1 highlight (hedge 1)")


# --- cues and the reference reading -------------------------------------------------------------


def test_cue_words_only_when_asked(highlighter):
    assert highlighter.cues == []
    highlighter.show_cues = True
    cues = highlighter.cues
    assert {
        "move": "booster",
        "start": highlighter.document["text"].index("Actually"),
        "end": highlighter.document["text"].index("Actually") + 8,
        "cue": "actually",
    } in cues
    highlighter.show_cues = False
    assert highlighter.cues == []


@pytest.fixture
def reference(tmp_path, interview):
    """A two-highlight reference reading, written to tmp_path."""
    reading = AnnotationSet(interview, author="Teacher")
    text = interview.text
    for phrase, move, note in (
        ("we don’t believe that sanctions are the best way", "hedge", "why 1"),
        ("Definitely", "booster", "why 2"),
    ):
        start = text.index(phrase)
        reading.add(move, start, start + len(phrase), note=note)
    return reading.save(tmp_path / "reference.json")


def test_compare_shows_the_reference_only_on_request(work, interview, reference):
    widget = Highlighter(interview, author="student", reference_path=reference)
    assert widget.reference == {}
    widget.add("hedge", *offsets(widget, "we don’t believe"))
    widget.add("self-mention", *offsets(widget, "Definitely we"))
    result = widget.compare()
    assert widget.show_reference
    assert [(r.move, r.student, r.reference, r.found) for r in result.moves] == [
        ("hedge", 1, 1, 1),
        ("booster", 0, 1, 0),
        ("self-mention", 1, 0, 0),
    ]
    shown = widget.reference
    assert shown["author"] == "Teacher"
    assert [p["status"] for p in shown["passages"]] == ["found", "other-move"]
    assert shown["passages"][1]["student_labels"] == ["Self-mention"]
    assert shown["passages"][0]["note"] == "why 1"
    assert shown["moves"][0]["summary"] == "Both readings mark the same passages."
    assert shown["moves"][1]["summary"] == "Only the reference marks it (1 highlight)."
    assert shown["moves"][2]["summary"] == "Only you mark it (1 highlight)."
    assert shown["total"]["summary"] == (
        "1 of the reference's 2 highlights has a match in yours; "
        "1 of your 2 highlights has a match in the reference."
    )
    assert [p["verdict"] for p in shown["passages"]] == [
        "✓ Both mark it",
        "≈ You mark it as another move (Self-mention)",
    ]
    assert shown["columns"] == ["Move", "You", "Reference", "In both readings", "In words"]
    # it follows the student's changes, and hides again
    widget.add("booster", *offsets(widget, "Definitely"))
    assert [p["status"] for p in widget.reference["passages"]] == ["found", "found"]
    assert [p["verdict"] for p in widget.reference["passages"]] == ["✓ Both mark it"] * 2
    widget.show_reference = False
    assert widget.reference == {}


def test_show_reference_at_construction(work, interview, reference):
    widget = Highlighter(interview, show_reference=True, reference_path=reference)
    assert widget.reference["total"]["reference"] == 2


def test_a_missing_reference_is_an_error_message_not_a_crash(work, interview, tmp_path):
    widget = Highlighter(interview, reference_path=tmp_path / "none.json")
    widget.show_reference = True
    assert widget.reference == {}
    assert "reference reading cannot be shown" in widget.error
    with pytest.raises(FileNotFoundError):
        widget.compare()


def test_the_course_reference_reading_loads(highlighter):
    result = highlighter.compare()
    assert result.total.reference > 0
    assert all(p["note"] for p in highlighter.reference["passages"])


# --- the package stays light ---------------------------------------------------------------------


def test_importing_the_widgets_package_does_not_load_anywidget():
    code = (
        "import sys, closereading.widgets; "
        "print('anywidget' in sys.modules, 'ipywidgets' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


# --- answers to the front end: "Saved" only once Python has written the file ---------------------


@pytest.fixture
def answers(highlighter, monkeypatch):
    """What the widget sends back to the front end (custom messages)."""
    sent: list[dict] = []
    monkeypatch.setattr(highlighter, "send", lambda content, buffers=None: sent.append(content))
    return sent


def test_a_change_with_a_seq_is_answered_once_it_is_on_disk(highlighter, work, answers):
    start, end = offsets(highlighter, "Diplomacy is preferable")
    send(highlighter, {"type": "select", "start": start, "end": end, "seq": 1})
    send(highlighter, {"type": "tag", "move": "attitude-marker", "seq": 2})
    assert [a["quote"] for a in on_disk(work)] == ["Diplomacy is preferable"]
    assert answers == [
        {"type": "done", "seq": 1, "ok": True, "saved": False},  # a selection writes nothing
        {"type": "done", "seq": 2, "ok": True, "saved": True},
    ]


def test_a_change_that_could_not_be_saved_is_answered_so(highlighter, answers, monkeypatch):
    def full_disk(path, content, backup=False):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(saving, "atomic_write", full_disk)
    start, end = offsets(highlighter, "Diplomacy")
    send(highlighter, {"type": "add", "move": "hedge", "start": start, "end": end, "seq": 7})
    send(highlighter, {"type": "tag", "move": "hedge", "seq": 8})  # nothing selected
    send(highlighter, {"type": "explode", "seq": 9})
    assert answers == [
        {"type": "done", "seq": 7, "ok": False, "saved": False},
        {"type": "done", "seq": 8, "ok": True, "saved": False},
        {"type": "done", "seq": 9, "ok": False, "saved": False},
    ]


def test_a_ping_is_answered_and_messages_without_seq_are_not(highlighter, answers):
    send(highlighter, {"type": "ping", "seq": 3})
    send(highlighter, {"type": "clear"})
    send(highlighter, {"type": "clear", "seq": True})  # not a sequence number
    assert answers == [{"type": "pong", "seq": 3}]


# --- highlights that no longer match the text: listed, re-attached, deleted ------------------------


def orphaned(work, interview, phrases: dict[str, str]) -> Highlighter:
    """A widget whose file holds highlights on ``phrases``, the first one's quote gone from the
    text (as if the text had changed), with ``{phrase: note}``."""
    widget = Highlighter(interview, author="student")
    for phrase, note in phrases.items():
        widget.add("hedge", *offsets(widget, phrase), note=note)
    path = work / "annotations" / "student.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["transcript"]["sha256"] = "0" * 64
    first = data["annotations"][0]
    first["quote"], first["prefix"], first["suffix"] = "we do not believe", "", ""
    path.write_text(json.dumps(data), encoding="utf-8")
    return Highlighter(interview, author="student")


def test_orphans_are_listed_with_quote_move_and_note(work, interview):
    widget = orphaned(work, interview, {"Diplomacy": f"gone {SCRIPT}", "Definitely": ""})
    [orphan] = widget.orphans
    assert orphan == {
        "id": orphan["id"],
        "move": "hedge",
        "label": "Hedge",
        "quote": "we do not believe",
        "short_quote": "we do not believe",
        "note": f"gone {SCRIPT}",  # drawn as text by the front end, never as HTML
    }
    assert [a["quote"] for a in widget.annotations] == ["Definitely"]


def test_an_orphan_is_reattached_to_the_selection_and_saved(work, interview):
    widget = orphaned(work, interview, {"Diplomacy": "my reason", "Definitely": ""})
    [orphan] = widget.orphans
    send(widget, {"type": "reattach", "id": orphan["id"]})
    assert "Select the words this highlight belongs to first" in widget.error
    start, end = offsets(widget, "we don’t believe")
    send(widget, {"type": "select", "start": start + 1, "end": end - 1})
    send(widget, {"type": "reattach", "id": orphan["id"]})
    assert widget.error == "" and widget.orphans == []
    assert widget.status.startswith("Re-attached Hedge: “we don’t believe”. Saved 2 highlights")
    saved = {a["quote"]: a for a in on_disk(work)}
    assert saved["we don’t believe"]["note"] == "my reason"
    assert (
        saved["we don’t believe"]["id"] == orphan["id"]
        and "orphan" not in saved["we don’t believe"]
    )
    assert widget.selection == []


def test_an_orphan_is_deleted_from_the_list_and_the_file(work, interview):
    widget = orphaned(work, interview, {"Diplomacy": "", "Definitely": ""})
    [orphan] = widget.orphans
    send(widget, {"type": "remove", "id": orphan["id"]})
    assert widget.error == "" and widget.orphans == []
    assert [a["quote"] for a in on_disk(work)] == ["Definitely"]
    assert "no longer matched the text" in widget.status


# --- contrast (WCAG 2.2 AA), computed from the stylesheet and the palette actually used ----------

STYLESHEET = Path(__file__).resolve().parents[1] / "closereading/widgets/static/highlighter.css"
CSS = re.sub(r"/\*.*?\*/", "", STYLESHEET.read_text(encoding="utf-8"), flags=re.S)
ROOT_RULE = ".closereading-highlighter {"


def _light_theme() -> dict[str, str]:
    """JupyterLab's light theme variables (from the installed theme), then the widget's own."""
    import jupyterlab

    shared = Path(jupyterlab.__file__).resolve().parents[4] / "share/jupyter/lab/themes"
    theme = (shared / "@jupyterlab/theme-light-extension/index.css").read_text(encoding="utf-8")
    names: dict[str, str] = {}
    for name, value in re.findall(r"(--[\w-]+)\s*:\s*([^;}]+)", theme):
        names.setdefault(name, value.strip())
    names.update(_declarations(ROOT_RULE))
    return names


def _declarations(selector: str) -> dict[str, str]:
    block = CSS[CSS.index(selector) + len(selector) :]
    block = block[: block.index("}")]
    return {
        name.strip(): value.strip()
        for name, value in re.findall(r"([\w-]+)\s*:\s*([^;]+);", block.split("{")[-1])
    }


def _resolve(value: str, names: dict[str, str]) -> str:
    pattern = re.compile(r"var\((--[\w-]+)(?:\s*,\s*([^()]*(?:\([^()]*\))?[^()]*))?\)")
    while "var(" in value:
        value = pattern.sub(
            lambda m: names.get(m.group(1), m.group(2) or "").strip(), value, count=1
        )
    return value


def _colour(text: str, names: dict[str, str]) -> tuple[float, float, float, float]:
    """An sRGB colour (0-255 per channel, alpha 0-1) from the CSS forms the stylesheet uses."""
    text = _resolve(text, names).strip()
    words = {"white": "#ffffff", "black": "#000000"}
    text = words.get(text, text)
    if text == "transparent":
        return (0.0, 0.0, 0.0, 0.0)
    if text.startswith("#"):
        h = text[1:]
        h = "".join(c * 2 for c in h) if len(h) == 3 else h
        return (int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16), 1.0)
    rgba = re.fullmatch(r"rgba?\(([^)]*)\)", text)
    if rgba:
        parts = [float(p) for p in re.split(r"[,\s/]+", rgba.group(1).strip())]
        return (parts[0], parts[1], parts[2], parts[3] if len(parts) > 3 else 1.0)
    mix = re.fullmatch(r"color-mix\(in srgb,\s*(.+?)\s+([\d.]+)%\s*,\s*(.+)\)", text)
    assert mix, f"cannot read the colour {text!r}"
    a, share, b = (
        _colour(mix.group(1), names),
        float(mix.group(2)) / 100,
        _colour(mix.group(3), names),
    )
    alpha = a[3] * share + b[3] * (1 - share)  # premultiplied, as CSS Color 5 mixes
    if alpha == 0:
        return (0.0, 0.0, 0.0, 0.0)
    return (
        *((a[i] * a[3] * share + b[i] * b[3] * (1 - share)) / alpha for i in range(3)),
        alpha,
    )


def _over(top, bottom):
    return (*(top[i] * top[3] + bottom[i] * (1 - top[3]) for i in range(3)), 1.0)


def _contrast(one, two) -> float:
    def luminance(c):
        lin = [
            (v / 255) / 12.92 if v / 255 <= 0.04045 else ((v / 255 + 0.055) / 1.055) ** 2.4
            for v in c[:3]
        ]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contrast_sums_match_wcag():
    names = {}
    assert round(_contrast(_colour("#fff", names), _colour("#000", names)), 2) == 21.0
    assert round(_contrast(_colour("#767676", names), _colour("white", names)), 2) == 4.54
    half = _colour("color-mix(in srgb, #000 50%, transparent)", names)
    assert half == (0.0, 0.0, 0.0, 0.5)


def test_key_labels_reach_4_5_to_1_in_the_light_theme():
    names = _light_theme()
    kbd = _declarations(".closereading-highlighter kbd {")
    background = _over(_colour(kbd["background"], names), _colour("var(--cr-bg)", names))
    text = _over(_colour(kbd["color"], names), background)
    assert _contrast(text, background) >= 4.5


def test_underlines_and_the_selection_reach_3_to_1_against_the_page_in_the_light_theme():
    names = _light_theme()
    page = _colour("var(--cr-bg)", names)
    mark = _declarations(".closereading-highlighter .cr-mark {")
    for colour, tint, two_tints in _move_grounds(names, mark, page):
        shown = _over(
            _colour(mark["text-decoration-color"], {**names, "--cr-colour": colour}), page
        )
        for ground in (page, tint, two_tints):
            assert _contrast(shown, ground) >= 3, (colour, ground)
    selection = _declarations("::highlight(closereading-selection) {")
    tinted = _over(_colour(selection["background-color"], names), page)
    assert _contrast(tinted, page) >= 3
    text = _over(_colour("var(--cr-fg)", names), tinted)
    assert _contrast(text, tinted) >= 4.5  # the selected words stay readable


def test_the_pending_outline_reaches_3_to_1_in_the_light_theme():
    names = _light_theme()
    page = _colour("var(--cr-bg)", names)
    mark = _declarations(".closereading-highlighter .cr-mark {")
    line = _declarations(".closereading-highlighter .cr-pending {")["border"].split(" dashed ")[1]
    for colour, tint, two_tints in _move_grounds(names, mark, page):
        shown = _over(_colour(line, {**names, "--cr-colour": colour}), page)
        for ground in (page, tint, two_tints):
            assert _contrast(shown, ground) >= 3, (colour, ground)


def _move_grounds(names, mark, page):
    """Each move's colour (and the neutral one), with the page under one and two of its tints."""
    from closereading.annotation.taxonomy import load_moves
    from closereading.views.style import NEUTRAL

    for colour in sorted({m.colour for m in load_moves()} | {NEUTRAL}):
        tint = _over(_colour(mark["background-color"], {**names, "--cr-colour": colour}), page)
        two = _over(_colour(mark["background-color"], {**names, "--cr-colour": colour}), tint)
        yield colour, tint, two


# --- every widget's output carries its static view: nbclient with widget state, then nbconvert ----

WIDGETS_NOTEBOOK = [
    "from closereading.widgets import FrequencyExplorer, Highlighter, KWICExplorer, NoteBox",
    "h = Highlighter(author='student')\n"
    "s = h.document['text'].index('Diplomacy is preferable')\n"
    "h.add('attitude-marker', s, s + 23, note='A <b>value</b> judgement, not a policy')\n"
    "h",
    "box = NoteBox('static-view-check', prompt='Write here')\n"
    "box.text = 'The standfirst sets the frame before Peskov speaks.'\n"
    "box",
    "FrequencyExplorer()",
    "KWICExplorer()",
]


def _without_scripts(html: str) -> str:
    return re.sub(r"<script\b.*?</script>", "", html, flags=re.S | re.I)


def test_every_widget_output_carries_its_static_view_through_nbconvert(work, tmp_path):
    """Run a notebook with each widget as a viewer would get it (nbclient, widget state stored),
    then convert it to HTML: the highlights and notes are in the page itself, not behind a
    script that fetches a widget manager from a CDN."""
    import nbformat
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(source) for source in WIDGETS_NOTEBOOK]
    )
    NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        store_widget_state=True,
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    state = notebook.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    for cell in notebook.cells[1:]:
        [output] = [o for o in cell.outputs if o.output_type == "execute_result"]
        assert {WIDGET_VIEW, "text/plain", "text/html"} <= set(output.data), cell.source
        assert output.data[WIDGET_VIEW]["model_id"] in state
        assert "<script" not in output.data["text/html"].lower()

    # nbconvert prefers the widget view whenever its state is stored (its widgets data-type
    # filter), which needs @jupyter-widgets/html-manager from a CDN and, for the highlighter,
    # anywidget's module too. Offline, the static view must come first.
    from traitlets.config import Config

    stock = _without_scripts(HTMLExporter().from_notebook_node(notebook)[0])
    priority = HTMLExporter().default_config.NbConvertBase.display_data_priority
    static_first = ["text/html", *[m for m in priority if m != "text/html"]]
    exporter = HTMLExporter(
        config=Config({"NbConvertBase": {"display_data_priority": static_first}})
    )
    page = _without_scripts(exporter.from_notebook_node(notebook)[0])
    assert "Diplomacy is preferable</mark>" in page
    assert "A &lt;b&gt;value&lt;/b&gt; judgement, not a policy" in page
    assert "The standfirst sets the frame before Peskov speaks." in page
    assert "Diplomacy is preferable</mark>" not in stock  # what stock nbconvert does today


# --- the session's merges and recovery, as the widget tells them -----------------------------------


def test_recover_merges_the_damaged_file_its_backup_and_the_recovered_file(work, interview):
    widget = Highlighter(interview, author="student")
    widget.add("hedge", *offsets(widget, "we don’t believe"))
    widget.add("booster", *offsets(widget, "Definitely"))  # the backup holds the first
    path = work / "annotations" / "student.json"
    path.write_bytes(b'{"schema": "closereading.annotations/1", "annotations": [')
    damaged = Highlighter(interview, author="student")
    # Work goes on in the recovered file, started from the backup.
    assert damaged.can_recover and [a["quote"] for a in damaged.annotations] == ["we don’t believe"]
    damaged.add("attitude-marker", *offsets(damaged, "Diplomacy is preferable"))  # -recovered
    answers: list[dict] = []
    damaged.send = lambda content, buffers=None: answers.append(content)
    send(damaged, {"type": "recover", "seq": 4})
    assert answers == [{"type": "done", "seq": 4, "ok": True, "saved": True}]
    assert damaged.error == "" and not damaged.can_recover
    assert damaged.status.startswith("Recovered 2 highlights into student.json")
    assert sorted(a["quote"] for a in on_disk(work)) == [
        "Diplomacy is preferable",
        "we don’t believe",
    ]
    assert sorted(a["quote"] for a in damaged.annotations) == [
        "Diplomacy is preferable",
        "we don’t believe",
    ]


def test_a_save_that_merged_another_windows_highlights_says_so(work, interview):
    one = Highlighter(interview, author="student")
    two = Highlighter(interview, author="student")
    one.add("hedge", *offsets(one, "we don’t believe"))
    two.add("booster", *offsets(two, "Definitely"))
    assert "Merged with changes saved from another window: 1 highlight added there." in two.status
    assert sorted(a["quote"] for a in two.annotations) == ["Definitely", "we don’t believe"]


def test_undo_takes_back_a_reattach(work, interview):
    widget = orphaned(work, interview, {"Diplomacy": "", "Definitely": ""})
    [orphan] = widget.orphans
    widget.reattach(orphan["id"], *offsets(widget, "we don’t believe"))
    assert widget.orphans == []
    assert widget.undo()
    assert widget.status.startswith("Undid re-attaching Hedge")
    assert [o["id"] for o in widget.orphans] == [orphan["id"]]
