"""The answer coder, driven from Python the way the browser drives it: messages go through the
comm's message handler exactly as a front-end message would. Every test writes only under
tmp_path (CLOSEREADING_WORK_DIR)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from closereading import load_interview, load_transcript, parse_transcript
from closereading.annotation.code_store import load
from closereading.base.paths import DATA_DIR
from closereading.widgets.answer_coder import AnswerCoder

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def coder(work, interview):
    return AnswerCoder(interview, author="student")


def send(widget, content: dict) -> None:
    widget._handle_msg(
        {"content": {"data": {"method": "custom", "content": content}}, "buffers": []}
    )


def at(widget, phrase: str) -> tuple[int, int]:
    start = widget.document["text"].index(phrase)
    return start, start + len(phrase)


def on_disk(work: Path, name: str = "student.json") -> list[dict]:
    return json.loads((work / "codes" / name).read_text(encoding="utf-8"))["annotations"]


def test_opens_on_the_first_unit_and_says_where_codes_go(coder, work):
    assert coder.current == "u233"
    assert [u["label"] for u in coder.units] == ["Q1", "Q2", "Q3", "Q4", "Q5"]
    assert coder.status == (
        "5 question units, 0 coded. Codes are saved to work/codes/student.json as you go."
    )
    assert not (work / "codes" / "student.json").exists()  # nothing written until a change


def test_a_whole_coding_by_messages_is_saved_at_each_step(coder, work):
    send(coder, {"type": "outcome", "unit": "u996", "outcome": "non-reply"})
    assert on_disk(work)[0]["body"][0]["value"] == "non-reply"
    send(coder, {"type": "form", "unit": "u996", "form": "declining-to-answer"})
    coder.current = "u996"
    start, end = at(coder, "in no way can be an issue")
    send(coder, {"type": "select", "start": start + 1, "end": end - 2})
    assert coder.selection == [start, end]  # snapped to whole words by Python
    assert coder.selected_quote == "in no way can be an issue"
    send(coder, {"type": "evidence", "unit": "u996"})
    assert coder.selection == []
    send(coder, {"type": "justify", "unit": "u996", "text": "“in no way” rules the topic out."})
    [saved] = on_disk(work)
    assert [t["selector"][1]["exact"] for t in saved["target"]][1:] == ["in no way can be an issue"]
    assert saved["body"][-1]["value"] == "“in no way” rules the topic out."
    unit = next(u for u in coder.units if u["id"] == "u996")
    assert unit["code"]["summary"] == "Non-reply: Declines to answer"
    assert coder.error == ""
    assert coder.status.startswith("Saved the justification of Q2. 1 of 5")


def test_the_keyboard_selection_stays_in_the_answer(coder):
    coder.current = "u233"
    first = coder.step()
    text = coder.document["text"]
    assert text[slice(*first)] == "Actually"
    assert text[slice(*coder.step(extend=True))] == "Actually, we"
    sentence = text[slice(*coder.step("sentence"))]  # ↓ first takes the whole sentence
    assert sentence.startswith("Actually, we don’t believe") and sentence.endswith("arena")
    assert text[slice(*coder.step("sentence"))].startswith("We have witnessed")
    for _ in range(20):  # past the last sentence of the answer, it stays there
        span = coder.step("sentence")
    assert text[slice(*span)].startswith("It definitely takes a cooperative attitude")


def test_changing_unit_drops_the_selection(coder):
    coder.step()
    coder.current = "u996"
    assert coder.selection == [] and coder.selected_quote == ""


def test_evidence_outside_the_answer_is_refused_with_a_reason(coder):
    coder.select(*at(coder, "Diplomacy is preferable"))
    send(coder, {"type": "evidence", "unit": "u996"})
    assert "evidence for Q2 must be words of the answer to it (turn 4, Peskov)" in coder.error


def test_adding_evidence_with_nothing_selected_says_so(coder):
    send(coder, {"type": "evidence", "unit": "u233"})
    assert coder.error == "select words of the answer first, then add them as evidence"


def test_merge_split_and_undo_are_saved(coder, work):
    send(coder, {"type": "merge", "unit": "u996"})
    assert [u["label"] for u in coder.units] == ["Q1", "Q2", "Q3", "Q4"]
    layout = json.loads((work / "codes" / "student.json").read_text())["units"]["starts"]
    assert 1377 not in layout
    send(coder, {"type": "undo"})
    assert [u["id"] for u in coder.units][2] == "u1377"
    assert 1377 in json.loads((work / "codes" / "student.json").read_text())["units"]["starts"]
    send(coder, {"type": "split", "unit": "u996", "at": at(coder, "There are many")[0]})
    assert len(coder.units) == 6
    reopened = AnswerCoder(load_interview(), author="student")
    assert len(reopened.units) == 6
    assert reopened.status.startswith("6 question units, 0 coded.")


def test_undo_takes_back_codes_evidence_and_justifications_in_order(coder, work):
    coder.code("u233", "reply")
    coder.select(*at(coder, "we don’t believe"))
    coder.add_evidence()
    coder.justify("u233", "first")
    coder.justify("u233", "second")
    assert coder.undo() and coder.coding.get("u233").justification == "first"
    assert coder.undo() and coder.coding.get("u233").justification == ""
    assert coder.undo() and coder.coding.get("u233").evidence == ()
    assert coder.undo() and coder.coding.get("u233") is None
    assert not coder.undo() and coder.status == "Nothing to undo."
    assert not coder.can_undo
    assert on_disk(work) == []


def test_undoing_a_merge_returns_to_a_unit_that_exists(coder):
    coder.merge("u996")
    coder.current = "u996"
    coder.undo()
    assert coder.current in {u["id"] for u in coder.units}


@pytest.mark.parametrize(
    "content, expected",
    [
        ({"type": "dance"}, "does not know: 'dance'"),
        ("not a dict", "does not know: None"),
        ({"type": "outcome", "unit": "u233", "outcome": "yes"}, "not an outcome"),
        ({"type": "outcome", "unit": "nope", "outcome": "reply"}, "no question unit 'nope'"),
        ({"type": "select", "start": "a", "end": 3}, ""),
        ({"type": "split", "unit": "u233", "at": None}, "at must be a whole number"),
        ({"type": "remove-evidence", "unit": "u233", "start": 1, "end": 2}, "has no evidence"),
    ],
)
def test_bad_messages_set_error_and_never_raise(coder, content, expected):
    send(coder, content)
    assert expected in coder.error or expected in coder.status


def test_a_good_change_clears_the_error(coder):
    send(coder, {"type": "dance"})
    coder.code("u233", "reply")
    assert coder.error == ""


def test_reopening_restores_every_code(coder, work, interview):
    coder.code("u1377", "non-reply", "ignores-the-question")
    coder.current = "u1377"
    coder.select(*at(coder, "without any interference from abroad"))
    coder.add_evidence()
    again = AnswerCoder(interview, author="student")
    assert again.coding.codes == coder.coding.codes
    assert again.status.startswith("5 question units, 1 coded.")


def test_a_corrupt_file_is_kept_reported_and_work_goes_on_beside_it(work, interview):
    path = work / "codes" / "student.json"
    path.parent.mkdir(parents=True)
    path.write_text('{"schema": "closereading.codes/1", "annotations": [', encoding="utf-8")
    coder = AnswerCoder(interview, author="student")
    assert "work/codes/student.json could not be read (not valid JSON" in coder.error
    assert "left untouched" in coder.error and "work/codes/student-recovered.json" in coder.error
    coder.code("u233", "reply")
    assert path.read_text(encoding="utf-8").endswith("[")
    assert on_disk(work, "student-recovered.json")[0]["body"][0]["value"] == "reply"
    assert coder.path == work / "codes" / "student-recovered.json"


def test_when_nothing_can_be_saved_the_status_says_so(work, interview):
    folder = work / "codes"
    folder.mkdir(parents=True)
    (folder / "student.json").write_text("{", encoding="utf-8")
    (folder / "student-recovered.json").write_text("{", encoding="utf-8")
    coder = AnswerCoder(interview, author="student")
    assert coder.path is None
    assert "NOT saved" in coder.status
    coder.code("u233", "reply")
    assert "NOT saved" in coder.status


def test_repr_and_fallback_are_deterministic_escaped_and_keep_the_widget_view(work):
    transcript = parse_transcript(
        f"---\ntitle: {SCRIPT}\nspeaker: Q | interviewer\nspeaker: A | interviewee\n---\n"
        f"Q: Is {SCRIPT} fine?\n\nA: No."
    )
    coder = AnswerCoder(transcript, author="student")
    unit = coder.units[0]["id"]
    coder.code(unit, "non-reply", "attacks-the-interviewer")
    coder.justify(unit, SCRIPT)
    data, _ = coder._repr_mimebundle_()
    assert WIDGET_VIEW in data
    assert data["text/plain"] == (
        "Answer coder for '<string>' — 1 of 1 question unit coded (non-reply 1); "
        "saved in work/codes/student.json"
    )
    assert SCRIPT not in data["text/html"]
    assert "&lt;script&gt;" in data["text/html"]
    assert "Attacks the interviewer" in data["text/html"]


def test_the_reference_is_shown_only_on_request(coder, interview):
    assert coder.reference == []
    coder.code("u233", "reply")
    coder.show_reference = True
    # Before, it showed with 0 of 5 units coded: now it waits for a coding of one's own.
    assert coder.reference == [] and "opens when every unit is coded" in coder.reference_note
    coder.finished = True
    assert coder.reference_note == ""
    assert "shared_evidence" in coder.reference[0]
    assert [r["agreement"] for r in coder.reference][:2] == [
        "same outcome and form",
        "only the reference coded it",
    ]
    rows = coder.compare()
    assert rows[0].rationale.startswith("A yes/no question")
    coder.show_reference = False
    assert coder.reference == []


def test_a_missing_reference_is_an_error_not_a_crash(work, interview, tmp_path):
    coder = AnswerCoder(interview, author="x", reference_path=tmp_path / "none.json")
    coder.finished = True
    coder.show_reference = True
    assert coder.reference == [] and "reference coding cannot be shown" in coder.error


def test_the_practice_exchange_is_shown_as_constructed(work):
    practice = load_transcript(DATA_DIR / "interviews" / "practice-exchange.txt")
    coder = AnswerCoder(practice, author="student")
    assert "not a real interview" in coder.document["constructed"]
    assert "not a real interview" in coder.static_html()
    assert len(coder.units) == 6


def test_the_saved_file_is_the_coding_the_widget_shows(coder, work, interview):
    coder.code("u2801", "no-question")
    assert load(coder.path, interview).codes == coder.coding.codes


def test_importing_the_widgets_package_does_not_load_the_coder():
    import subprocess
    import sys

    code = (
        "import sys, closereading.widgets; "
        "print('closereading.widgets.answer_coder' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_the_same_justification_again_is_not_a_change(coder):
    coder.code("u233", "reply")
    send(coder, {"type": "justify", "unit": "u233", "text": "Because “we don’t believe”."})
    send(coder, {"type": "justify", "unit": "u233", "text": "Because “we don’t believe”."})
    assert coder.undo() and coder.coding.get("u233").justification == ""


def test_every_change_is_answered_saved_only_once_it_is_on_disk(coder, work, monkeypatch):
    """The page waits for these answers (static/prelude.js): "saved" only after a write."""
    answers: list[dict] = []
    monkeypatch.setattr(coder, "send", lambda content, buffers=None: answers.append(content))
    send(coder, {"type": "ping", "seq": 1})
    send(coder, {"type": "outcome", "unit": "u233", "outcome": "reply", "seq": 2})
    send(coder, {"type": "outcome", "unit": "u233", "outcome": "yes", "seq": 3})
    send(coder, {"type": "dance", "seq": 4})
    send(coder, {"type": "step", "by": "word", "forward": True, "seq": 5})
    send(coder, {"type": "undo"})  # no seq: handled, not answered
    assert answers == [
        {"type": "pong", "seq": 1},
        {"type": "done", "seq": 2, "ok": True, "saved": True},
        {"type": "done", "seq": 3, "ok": False, "saved": False},
        {"type": "done", "seq": 4, "ok": False, "saved": False},
        {"type": "done", "seq": 5, "ok": True, "saved": False},
    ]
    assert on_disk(work) == []  # the undo was saved too


def test_the_reference_opens_when_every_unit_is_coded_not_merely_chosen(coder, interview):
    """An outcome alone is chosen, not coded: the reference waits for evidence or a reason."""
    coder.show_reference = True
    units = [u.id for u in coder.coding.units]
    for unit in units:
        coder.code(unit, "reply")
    assert coder.reference == []
    assert "0 of 5 question units coded, 5 chosen without evidence or a reason yet" in repr(coder)
    for unit in units:
        coder.justify(unit, "He answers what was asked, in so many words.")
    assert len(coder.reference) == 5 and coder.reference_note == ""
