"""A reader's pronoun referents: saved atomically, read back, a corrupt file left untouched with
a clear message, a changed text reported; the choice table drivable from Python."""

from __future__ import annotations

import json

import pytest

from closereading.annotation.pronouns import (
    REFERENTS,
    PronounAssignments,
    PronounFileError,
    reference_points,
)
from closereading.base.paths import DATA_DIR
from closereading.text.transcript import parse_transcript


def first_we(interview):
    return interview.text.index("we don’t")


def test_assign_saves_at_once_and_reads_back(interview, tmp_path):
    path = tmp_path / "ana.json"
    store = PronounAssignments(interview, author="ana", path=path)
    store.assign(first_we(interview), "government", note="the leadership")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema"] == "closereading.pronouns/1"
    assert data["transcript"] == {"id": "peskov-2013", "sha256": interview.sha256}
    [saved] = data["assignments"]
    assert saved["quote"] == "we" and saved["referent"] == "government"
    again = PronounAssignments(interview, author="ana", path=path)
    assert again.referent_of(first_we(interview)) == "government"
    assert again.get(first_we(interview)).note == "the leadership"


def test_every_save_goes_through_atomic_write_with_a_backup(interview, tmp_path, monkeypatch):
    calls = []
    from closereading.base.workfile import saving as workfile

    real = workfile.atomic_write
    monkeypatch.setattr(workfile, "atomic_write", lambda *a, **k: calls.append(k) or real(*a, **k))
    store = PronounAssignments(interview, path=tmp_path / "b.json")
    store.assign(first_we(interview), "nation")
    store.clear(first_we(interview))
    assert calls == [{"backup": True}, {"backup": True}]
    assert (tmp_path / "b.json.bak").exists()


def test_a_corrupt_file_is_left_untouched_and_work_goes_to_a_recovery_file(interview, tmp_path):
    path = tmp_path / "ana.json"
    path.write_text('{"schema": "closereading.pronouns/1", "assignments": [', encoding="utf-8")
    before = path.read_bytes()
    store = PronounAssignments(interview, path=path)
    assert "ana.json" in store.problem and "not valid JSON" in store.problem
    assert "left untouched" in store.problem
    store.assign(first_we(interview), "nation")
    assert path.read_bytes() == before
    recovered = tmp_path / "ana-recovered.json"
    assert json.loads(recovered.read_text())["assignments"][0]["referent"] == "nation"


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"\xff\xfe", "the file is empty"),
        (b"[]", "not a Close Reading Lab file of pronoun referents"),
        (b'{"schema": "closereading.pronouns/1", "transcript": {"id": "other"}}', "no assignments"),
        (
            b'{"schema": "closereading.pronouns/1", "transcript": {"id": "peskov-2013"},'
            b' "assignments": [{"start": 1, "end": 2, "quote": "x", "referent": "martians"}]}',
            "unknown referent 'martians'",
        ),
        (
            b'{"schema": "closereading.pronouns/1", "transcript": {"id": "peskov-2013"},'
            b' "assignments": [{"start": "1", "end": 2, "quote": "x", "referent": "nation"}]}',
            "'start' must be a whole number",
        ),
    ],
)
def test_bad_files_are_named_with_the_problem(interview, tmp_path, content, problem):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(PronounFileError) as error:
        PronounAssignments.load(path, interview)
    assert problem in str(error.value) and "bad.json" in str(error.value)
    assert path.read_bytes() == content


def test_an_assignment_whose_words_moved_is_kept_as_an_orphan(tmp_path):
    text = "---\nspeaker: Q | interviewer\nspeaker: A | interviewee\n---\nQ: And you?\n\nA: We act."
    t = parse_transcript(text)
    path = tmp_path / "x.json"
    PronounAssignments(t, path=path).assign(t.text.index("We"), "nation")
    changed = parse_transcript(text.replace("We act.", "Now we act."))
    store = PronounAssignments(changed, path=path)
    assert len(store) == 0 and [o.quote for o in store.orphans] == ["We"]
    store.assign(changed.text.index("we"), "government")
    kept = json.loads(path.read_text())["assignments"]
    assert [a["quote"] for a in kept] == ["we", "We"]  # the orphan is still in the file


def test_unknown_referents_and_non_pronouns_are_refused(interview, tmp_path):
    store = PronounAssignments(interview, path=tmp_path / "c.json")
    with pytest.raises(ValueError, match="unknown referent"):
        store.assign(first_we(interview), "everyone")
    with pytest.raises(ValueError, match="no pronoun starts at offset 0"):
        store.assign(0, "nation")
    assert not (tmp_path / "c.json").exists()


def test_the_reference_assignment_covers_every_pronoun_with_a_reason(interview):
    reference = PronounAssignments.load(DATA_DIR / "pronouns" / "reference.json", interview)
    assert len(reference) == 27 and not reference.orphans
    assert all(len(a.note.split()) >= 5 for a in reference.assignments())
    points = reference_points(reference)
    assert len(points) == 14 and sum(p.shift for p in points) == 8
    assert points[-1].label == "Russia as a nation"


def test_referent_ids_are_unique_and_labelled():
    ids = [ident for ident, _ in REFERENTS]
    assert len(ids) == len(set(ids)) and "ambiguous" in ids and "government" in ids


def test_the_table_is_driven_from_python_and_shows_a_text_fallback(interview, tmp_path):
    from closereading.widgets.pronoun_table import PronounTable

    path = tmp_path / "t.json"
    table = PronounTable(interview, path=path)
    assert len(table.markers) == 14
    table.assign(2, "ambiguous", note="<b>who</b> witnessed?")
    reloaded = PronounTable(interview, path=path)
    assert reloaded.rows[1]["referent"] == "ambiguous"
    assert reloaded.rows[1]["note"] == "<b>who</b> witnessed?"
    bundle = reloaded._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert " 2. turn 2 · Peskov" in data["text/plain"] and "→ ambiguous" in data["text/plain"]
    assert "<b>who" not in data["text/html"]
    table.assign(2, "")
    assert PronounAssignments(interview, path=path).referent_of(table.markers[1].start) is None
    with pytest.raises(IndexError, match="1 to 14"):
        table.assign(15, "nation")


def test_the_table_reports_a_corrupt_file_in_its_status(interview, tmp_path):
    from closereading.widgets.pronoun_table import PronounTable

    path = tmp_path / "s.json"
    path.write_text("{", encoding="utf-8")
    table = PronounTable(interview, path=path)
    assert "not valid JSON" in table.status
    assert "s-recovered.json" in repr(table) and "s-recovered.json" in table.status


def test_the_browser_messages_do_what_python_does(interview, tmp_path):
    from closereading.widgets.pronoun_table import PronounTable

    path = tmp_path / "m.json"
    table = PronounTable(interview, path=path)
    table._handle_message(None, {"type": "note", "number": 3, "note": "early"})
    assert "The note on pronoun 3 is kept here and saved as soon as you choose" in table.status
    assert table.rows[2]["note"] == "early"  # still shown, not emptied
    table._handle_message(None, {"type": "assign", "number": 3, "referent": "partners"})
    table._handle_message(None, {"type": "note", "number": 3, "note": "all at the table"})
    table._handle_message(None, {"type": "assign", "number": "3", "referent": "nation"})  # ignored
    table._handle_message(None, ["not", "a", "message"])  # ignored
    item = PronounAssignments(interview, path=path).get(table.markers[2].start)
    assert (item.referent, item.note) == ("partners", "all at the table")
    assert table.rows[2]["referent"] == "partners"
    assert "Saved: pronoun 3 is now Russia and its partners." in table.status


def test_every_change_is_answered_saved_only_once_it_is_on_disk(interview, tmp_path):
    """The page waits for these answers (static/prelude.js): "saved" only after a write."""
    from closereading.widgets.pronoun_table import PronounTable

    table = PronounTable(interview, path=tmp_path / "m.json")
    answers: list[dict] = []
    table.send = lambda content, buffers=None: answers.append(content)
    table._handle_message(None, {"type": "ping", "seq": 1})
    table._handle_message(None, {"type": "assign", "number": 1, "referent": "nation", "seq": 2})
    table._handle_message(None, {"type": "note", "number": 2, "note": "too early", "seq": 3})
    table._handle_message(None, {"type": "assign", "number": 99, "referent": "nation", "seq": 4})
    assert answers == [
        {"type": "pong", "seq": 1},
        {"type": "done", "seq": 2, "ok": True, "saved": True},
        {"type": "done", "seq": 3, "ok": True, "saved": False},  # kept, saved with the referent
        {"type": "done", "seq": 4, "ok": False, "saved": False},
    ]


def test_a_note_written_before_the_referent_is_saved_with_it(interview, tmp_path):
    """Before, a note typed first was emptied when the referent was chosen, though the status
    said it would be kept."""
    from closereading.widgets.pronoun_table import PronounTable

    path = tmp_path / "n.json"
    table = PronounTable(interview, path=path)
    table._handle_message(None, {"type": "note", "number": 2, "note": "the government, surely"})
    assert not path.exists()  # nothing to save until the pronoun has a referent
    table._handle_message(None, {"type": "assign", "number": 2, "referent": "government"})
    item = PronounAssignments(interview, path=path).get(table.markers[1].start)
    assert (item.referent, item.note) == ("government", "the government, surely")
    assert table.rows[1]["note"] == "the government, surely"
