"""Every way a student file was found to crash a lesson, each now read: the bad record set aside
with its reason (kept in the file, said in the widget), never a crash."""

from __future__ import annotations

import json

from closereading.annotation import code_store
from closereading.annotation.codes import Coding
from closereading.course.evidence import EvidenceBoard
from closereading.widgets._coder_session import CoderSession
from closereading.widgets.pronoun_table import PronounTable


def _codes_file(interview, work, mutate):
    coding = Coding(interview, "ana")
    coding.set_outcome("u233", "reply")
    coding.set_outcome("u996", "non-reply")
    path = code_store.save(coding, code_store.codes_path("ana"))
    data = json.loads(path.read_text(encoding="utf-8"))
    mutate(data["annotations"])
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_code_whose_body_is_not_a_list_is_set_aside(interview, work):
    path = _codes_file(interview, work, lambda items: items[1].__setitem__("body", 5))
    session = CoderSession(interview, path, "ana")
    assert [c.unit for c in session.coding.codes] == ["u233"]
    status, error = session.opening_messages()
    assert "1 record of work/codes/ana.json could not be read" in status
    assert "'body' must be a list" in status and error == ""


def test_a_code_with_an_unknown_outcome_is_set_aside_and_the_coder_opens(interview, work):
    def unknown(items):
        items[1]["body"][0]["value"] = "evasion"

    path = _codes_file(interview, work, unknown)
    from closereading.widgets.answer_coder import AnswerCoder

    coder = AnswerCoder(interview, path=path)  # before: KeyError while drawing the units
    assert "unknown outcome 'evasion'" in coder.status
    coder.code("u1377", "reply")
    kept = json.loads(path.read_text(encoding="utf-8"))["set_aside"]
    assert kept[0]["record"]["body"][0]["value"] == "evasion"  # kept in the file, not dropped


def test_deep_nesting_in_codes_and_pronouns_is_set_aside(interview, work):
    path = _codes_file(interview, work, lambda items: items.append("DEEP"))
    deep = '{"x": ' * 5000 + "{}" + "}" * 5000
    path.write_text(path.read_text(encoding="utf-8").replace('"DEEP"', deep), encoding="utf-8")
    session = CoderSession(interview, path, "ana")  # before: RecursionError
    assert len(session.coding.codes) == 2  # too deep to read as a whole: the codes salvaged
    status, error = session.opening_messages()
    assert "nested too deeply" in error and "work/codes/ana-recovered.json" in status
    pronouns = work / "pronouns" / "ana.json"
    pronouns.parent.mkdir(parents=True)
    deep = "[" * 100_000 + "]" * 100_000
    pronouns.write_text(
        '{"schema": "closereading.pronouns/1", "transcript": {"id": "peskov-2013"}, '
        f'"assignments": {deep}}}',
        encoding="utf-8",
    )
    table = PronounTable(interview, author="ana")  # the whole file is unusable: recovered
    assert "could not be read" in table.status
    assert table.store.save_path == pronouns.with_name("ana-recovered.json")


def test_duplicate_pronoun_starts_are_set_aside_not_merged(interview, work):
    table = PronounTable(interview, author="ana")
    table.assign(1, "government")
    path = table.store.path
    data = json.loads(path.read_text(encoding="utf-8"))
    twin = dict(data["assignments"][0], referent="nation", note="the other reading")
    data["assignments"].append(twin)
    path.write_text(json.dumps(data), encoding="utf-8")
    again = PronounTable(interview, author="ana")
    assert again.rows[0]["referent"] == "government"
    assert "is used twice" in again.status
    again.assign(2, "nation")
    kept = json.loads(path.read_text(encoding="utf-8"))["set_aside"]
    assert kept[0]["record"]["note"] == "the other reading"


def test_a_malformed_pin_is_set_aside_and_new_pins_are_saved(interview, work):
    path = work / "evidence" / "ana.json"
    path.parent.mkdir(parents=True)
    pins = [
        {"id": "pin1", "kind": "count", "label": "we", "detail": "10"},
        {"id": "pin2", "kind": "concordance line", "label": "x", "start": "a"},
        "not a pin",
    ]
    path.write_text(
        json.dumps({"schema": "closereading.evidence/1", "author": "ana", "pins": pins}),
        encoding="utf-8",
    )
    board = EvidenceBoard(interview, "ana")
    shown = repr(board)  # before: a crash here, and no new pin could be saved
    assert "2 records of work/evidence/ana.json could not be read" in shown
    board.pin_count("us", 2, "notebook 02")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert [p["label"] for p in data["pins"]] == ["we", "us"]
    assert len(data["set_aside"]) == 2
