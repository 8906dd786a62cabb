"""Two windows on one highlights file: two real processes, each a highlighter's Python session.

Each "window" is a separate Python process (as two notebooks, two kernels, or one notebook opened
twice are) driven through stdin with one JSON command per line. Before the merge, the second
window to save rewrote the whole file from its own copy, and both handed out id ``a1``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from windows import Window

from closereading import load_interview

WINDOW = r"""
import json, sys
from pathlib import Path
from closereading import load_interview
from closereading.annotation.taxonomy import load_moves
from closereading.widgets._session import HighlightSession

interview = load_interview()
session = HighlightSession(interview, Path(sys.argv[1]), "ana", load_moves())
print(json.dumps({"ready": len(session.annotations)}), flush=True)
for line in sys.stdin:
    command = json.loads(line)
    if command["do"] == "quit":
        break
    if command["do"] == "add":
        start = interview.text.index(command["phrase"])
        made = session.add(command["move"], start, start + len(command["phrase"]))
        answer = {"id": made.id}
    elif command["do"] == "remove":
        answer = {"id": session.remove(command["id"]).id}
    elif command["do"] == "note":
        answer = {"id": session.update_note(command["id"], command["note"]).id}
    elif command["do"] == "many":
        ids = []
        for start, end in command["spans"]:
            ids.append(session.add("hedge", start, end).id)
        answer = {"ids": ids}
    last = getattr(session, "last_save", None)
    answer["message"] = last.message() if last is not None else ""
    answer["count"] = len(session.annotations)
    print(json.dumps(answer), flush=True)
"""


@pytest.fixture
def path(tmp_path):
    return tmp_path / "annotations" / "ana.json"


@pytest.fixture
def windows(path):
    opened: list[Window] = []

    def open_window() -> Window:
        env = {"PYTHONWARNINGS": "error::DeprecationWarning:closereading"}
        opened.append(Window(WINDOW, str(path), env=env))
        return opened[-1]

    yield open_window
    for window in opened:
        window.close()


def saved(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["annotations"]


def test_two_windows_adding_keep_both_highlights_under_different_ids(path, windows):
    a, b = windows(), windows()  # both open the (missing) file before either saves
    hedge = a.do(do="add", move="hedge", phrase="we don’t believe")
    booster = b.do(do="add", move="booster", phrase="Definitely")
    assert hedge["id"] != booster["id"]
    assert sorted(r["quote"] for r in saved(path)) == ["Definitely", "we don’t believe"]
    assert booster["count"] == 2
    assert booster["message"] == (
        "Merged with changes saved from another window: 1 highlight added there."
    )


def test_a_deletion_in_one_window_and_an_addition_in_the_other_are_both_kept(path, windows):
    first = windows()
    kept = first.do(do="add", move="hedge", phrase="we don’t believe")["id"]
    gone = first.do(do="add", move="booster", phrase="Definitely")["id"]
    other = windows()  # opens the file with both highlights
    first.do(do="remove", id=gone)
    added = other.do(do="add", move="hedge", phrase="Diplomacy")
    assert {r["id"] for r in saved(path)} == {kept, added["id"]}
    assert "1 highlight deleted there" in added["message"]


def test_the_same_note_edited_in_two_windows_keeps_the_later_and_both_texts(path, windows):
    first = windows()
    made = first.do(do="add", move="hedge", phrase="we don’t believe")["id"]
    other = windows()
    first.do(do="note", id=made, note="written in the first window")
    answer = other.do(do="note", id=made, note="written in the second window")
    [record] = saved(path)
    # The later change wins (the second window's, or this window's on a tie of whole seconds);
    # the other text is kept below it, so no writing is lost.
    assert record["note"] == (
        "written in the second window\n\n[note from another window]\nwritten in the first window"
    )
    assert "1 highlight changed in both windows" in answer["message"]


def test_two_windows_saving_at_once_lose_nothing(path, windows):
    words = _words(40)
    a, b = windows(), windows()
    assert a.process.stdin is not None and b.process.stdin is not None
    # Both start at once and save after every highlight, racing for the file.
    a.process.stdin.write(json.dumps({"do": "many", "spans": words[0::2]}) + "\n")
    b.process.stdin.write(json.dumps({"do": "many", "spans": words[1::2]}) + "\n")
    a.process.stdin.flush()
    b.process.stdin.flush()
    ids = a._answer()["ids"] + b._answer()["ids"]
    on_disk = saved(path)
    assert len(set(ids)) == 40
    assert sorted(r["id"] for r in on_disk) == sorted(ids)


def _words(count: int) -> list[tuple[int, int]]:
    """The spans of ``count`` different words in the interview's answers."""
    from closereading.text.selection import WordIndex

    index = WordIndex(load_interview())
    return [index.span(k, k) for k in range(10, 10 + 3 * count, 3)]
