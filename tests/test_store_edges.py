"""Edges of the one store for student files, each found by trying to lose a student's work:
an undo after another window's change, a pin number used twice, half an emoji, a file damaged
while open, a folder that cannot be written, a record set aside by a reader that did not know
its move, UTF-16 without a byte-order mark, merges nobody was told of, and recover on a typo."""

from __future__ import annotations

import errno
import json

import pytest

from closereading.annotation.pronouns import PronounAssignments
from closereading.annotation.taxonomy import load_moves
from closereading.base.workfile import decode_text
from closereading.course.cli import main
from closereading.course.evidence import EvidenceBoard
from closereading.widgets._session import HighlightSession
from closereading.widgets.pronoun_table import PronounTable


def _window(interview, path, moves=None):
    return HighlightSession(interview, path, "ana", moves or load_moves())


def _notes(path):
    return {a["id"]: a["note"] for a in json.loads(path.read_text(encoding="utf-8"))["annotations"]}


def test_an_undo_never_takes_back_another_windows_change(interview, work):
    path = work / "annotations" / "ana.json"
    a = _window(interview, path)
    made = a.add("hedge", 311, 320)
    a.update_note(made.id, "A's first note")
    b = _window(interview, path)  # another window, opened now
    b.update_note(made.id, "B's careful note")
    a.add("booster", 406, 415)  # saves, merging B's note in
    a.undo()  # takes back the second highlight
    step = a.undo()  # would put A's note back over B's
    assert step is not None and step.kept == (made.id,)
    assert _notes(path)[made.id] == "B's careful note"


def test_a_pin_number_is_never_handed_out_twice(interview, work):
    a = EvidenceBoard(interview, "ana")
    a.pin_count("first", 1, "a test")
    b = EvidenceBoard(interview, "ana")  # another window, with pin1
    a.unpin("pin1")
    a.pin_count("second", 2, "a test")  # before: pin1 again
    b.annotate("pin1", "B's note on the first pin")
    pins = {p["id"]: (p["label"], p["detail"]) for p in EvidenceBoard(interview, "ana").pins}
    assert pins["pin2"][0] == "second"  # A's new pin survives B's edit of the old one
    assert pins.get("pin1", ("first",))[0] == "first"


def test_half_an_emoji_is_saved_and_later_saves_go_on(interview, work):
    path = work / "annotations" / "ana.json"
    session = _window(interview, path)
    made = session.add("hedge", 311, 320)
    session.update_note(made.id, "cut emoji \ud83d")  # a lone surrogate, as a browser may send
    session.add("booster", 406, 415)
    assert _notes(path)[made.id] == "cut emoji ?"


def test_a_file_damaged_while_open_is_left_and_work_goes_on_beside_it(interview, work):
    path = work / "annotations" / "ana.json"
    session = _window(interview, path)
    session.add("hedge", 311, 320)
    path.write_bytes(b'{"schema": "closereading.annotations/1", "annot')  # damaged meanwhile
    session.add("booster", 406, 415)
    assert path.read_bytes().endswith(b'"annot')
    assert session.save_path == path.with_name("ana-recovered.json")
    assert "was damaged while open" in session.save_message()
    assert "closereading recover work/annotations/ana.json" in session.save_message()
    assert len(_notes(session.save_path)) == 2


def test_a_recovered_file_that_cannot_be_written_is_said_not_a_crash(interview, work, monkeypatch):
    from closereading.base.workfile import recovery

    path = work / "annotations" / "ana.json"
    path.parent.mkdir(parents=True)
    path.write_text("{", encoding="utf-8")

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(path))

    monkeypatch.setattr(recovery, "save", read_only)
    session = _window(interview, path)
    assert session.save_path is None
    assert "cannot be written either (read-only file system)" in session.problem
    assert "NOT saved" in session.opening_messages()[0]


def test_a_record_set_aside_for_an_unknown_move_comes_back(interview, work, tmp_path):
    from closereading.base.paths import DATA_DIR

    moves = json.loads((DATA_DIR / "moves.json").read_text(encoding="utf-8"))
    key = next(k for k, v in moves.items() if isinstance(v, list) and v and "family" in v[0])
    dropped = moves[key][-1]["id"]
    moves[key] = moves[key][:-1]
    (tmp_path / "moves.json").write_text(json.dumps(moves), encoding="utf-8")
    subset = load_moves(tmp_path / "moves.json")
    path = work / "annotations" / "ana.json"
    _window(interview, path).add(dropped, 311, 320, "a note on a move the other list lacks")
    other = _window(interview, path, subset)
    assert "could not be read and is kept aside" in other.opening_messages()[0]
    other.add(subset.ids[0], 406, 415)  # a save by the reader who does not know the move
    again = _window(interview, path)
    assert any(a.move == dropped for a in again.annotations)


@pytest.mark.parametrize("text", ["My first impression: he dodges.", "Песков уходит от ответа."])
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf_16_without_a_byte_order_mark_is_read(text, encoding):
    assert decode_text(text.encode(encoding)) == (text, encoding)


def test_the_pronoun_table_says_what_it_merged(interview, work):
    a = PronounTable(interview, author="ana")
    PronounAssignments(interview, "ana").assign(a.markers[0].start, "nation")  # another window
    a.assign(3, "partners")
    assert "Merged with changes saved from another window: 1 pronoun referent added" in a.status


def test_recover_on_a_mistyped_path_creates_nothing(work, capsys):
    path = work / "annotations" / "anna.json"
    assert main(["recover", str(path)]) == 1
    assert "check the path" in capsys.readouterr().err
    assert not path.exists()
    readme = work / "README.md"
    readme.parent.mkdir(parents=True, exist_ok=True)
    readme.write_bytes(b"# Not a note\r\n")
    assert main(["recover", str(readme)]) == 1  # a .md outside work/notes/ is not a note
    assert readme.read_bytes() == b"# Not a note\r\n"
