"""Two windows on one file, for every kind of student file besides highlights (whose own test is
``test_concurrency.py``) and notes (``test_notes.py``: free text is kept beside, not merged):
answer codes, pronoun referents and evidence pins; and kills during saves, for all five kinds.

Each window is a real Python process driven through stdin, one JSON command per line, and keeps
its own copy of the file's records, as two notebooks (or one notebook opened twice) do. Before
every kind was saved through :mod:`closereading.base.workfile`, the second window to save rewrote
the file from its own copy: codes, pronouns and pins lost the other window's changes.

A window knows four commands: ``set`` a record (a key and a text: a code's justification, a
pronoun's note, a pin's detail), ``drop`` one, ``many`` keys set one after the other, and
``quit``. A record's key is a question unit, a pronoun's number or a pin's label.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from windows import Window

WINDOW = r"""
import json, os, sys
from pathlib import Path
from closereading import load_interview

kind, path = sys.argv[1], Path(sys.argv[2])
interview = load_interview()
if kind == "codes":
    from closereading.widgets._coder_session import CoderSession
    session = CoderSession(interview, path, "ana")
    def put(key, text):
        def act():
            session.coding.set_outcome(key, "reply")
            return session.coding.justify(key, text)
        session.change("code", act)
    def drop(key):
        session.change("clear", lambda: session.coding.clear(key))
    def held():
        return {c.unit: c.justification for c in session.coding.codes}
    message = lambda: session.save_message()
elif kind == "pronouns":
    from closereading.analysis.positioning import pronouns
    from closereading.annotation.pronouns import PronounAssignments
    store = PronounAssignments(interview, "ana", path=path)
    starts = [m.start for m in pronouns(interview) if m.group == "first-person plural"]
    put = lambda key, text: store.assign(starts[int(key)], "government", text)
    drop = lambda key: store.clear(starts[int(key)])
    held = lambda: {str(starts.index(a.start)): a.note for a in store.assignments()}
    message = lambda: store.file.save_message()
elif kind == "pins":
    from closereading.course.evidence import EvidenceBoard
    board = EvidenceBoard(interview, "ana")
    def find(key):
        return next((p for p in board.pins if p["label"] == key), None)
    def put(key, text):
        pin = find(key)
        if pin is None:
            board.pin_count(key, 1, "a test", note=text)
        else:
            board.annotate(pin["id"], text)
    drop = lambda key: board.unpin(find(key)["id"])
    held = lambda: {p["label"]: p["detail"] for p in board.pins}
    message = lambda: board.file.save_message()
print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    command = json.loads(line)
    if command["do"] == "quit":
        break
    if command["do"] == "set":
        put(command["key"], command["text"])
    elif command["do"] == "drop":
        drop(command["key"])
    elif command["do"] == "many":
        for key in command["keys"]:
            put(key, "from " + command["who"])
    print(json.dumps({"held": held(), "message": message()}), flush=True)
"""

KINDS = ["codes", "pronouns", "pins"]
KEYS = {
    "codes": ["u233", "u996", "u1377", "u1571", "u2801"],
    "pronouns": [str(n) for n in range(14)],
    "pins": [f"count {n}" for n in range(14)],
}


def on_disk(kind: str, path: Path) -> dict[str, str]:
    """What the file holds: each record's key and its text."""
    data = json.loads(path.read_text(encoding="utf-8"))
    from closereading import load_interview

    if kind == "codes":
        return {
            a["id"].rpartition("#code-")[2]: next(
                (b["value"] for b in a["body"] if b["purpose"] == "commenting"), ""
            )
            for a in data["annotations"]
        }
    if kind == "pronouns":
        from closereading.analysis.positioning import pronouns

        starts = [m.start for m in pronouns(load_interview()) if m.group == "first-person plural"]
        return {str(starts.index(a["start"])): a["note"] for a in data["assignments"]}
    return {p["label"]: p["detail"] for p in data["pins"]}


def detail(kind: str, text: str) -> str:
    """A record's text as the file keeps it (a pin's detail begins with its count)."""
    return f"1 (from a test); {text}" if kind == "pins" else text


@pytest.fixture
def windows(tmp_path):
    opened: list[Window] = []
    work = tmp_path / "work"

    def open_window(kind: str) -> tuple[Window, Path]:
        folder = {"codes": "codes", "pronouns": "pronouns", "pins": "evidence"}[kind]
        path = work / folder / "ana.json"
        opened.append(Window(WINDOW, kind, str(path), env={"CLOSEREADING_WORK_DIR": str(work)}))
        return opened[-1], path

    yield open_window
    for window in opened:
        window.close()


@pytest.mark.parametrize("kind", KINDS)
def test_two_windows_adding_keep_both(kind, windows):
    (a, path), (b, _) = windows(kind), windows(kind)  # both open before either saves
    first, second = KEYS[kind][0], KEYS[kind][1]
    a.do(do="set", key=first, text="from a")
    answer = b.do(do="set", key=second, text="from b")
    assert on_disk(kind, path) == {first: detail(kind, "from a"), second: detail(kind, "from b")}
    assert answer["held"] == on_disk(kind, path)  # the second window now shows both
    assert "Merged with changes saved from another window" in answer["message"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_deletion_in_one_window_and_an_addition_in_the_other_are_both_kept(kind, windows):
    (a, path), _ = windows(kind), None
    kept, gone, added = KEYS[kind][:3]
    a.do(do="set", key=kept, text="kept")
    a.do(do="set", key=gone, text="deleted later")
    b, _ = windows(kind)  # opens the file with both
    a.do(do="drop", key=gone)
    answer = b.do(do="set", key=added, text="added")
    assert on_disk(kind, path) == {kept: detail(kind, "kept"), added: detail(kind, "added")}
    assert "deleted there" in answer["message"]


@pytest.mark.parametrize("kind", KINDS)
def test_the_same_record_changed_in_two_windows_keeps_both_texts(kind, windows):
    (a, path), _ = windows(kind), None
    key = KEYS[kind][0]
    a.do(do="set", key=key, text="first version")
    b, _ = windows(kind)
    a.do(do="set", key=key, text="written in the first window")
    answer = b.do(do="set", key=key, text="written in the second window")
    text = on_disk(kind, path)[key]
    assert "written in the first window" in text and "written in the second window" in text
    assert "[note from another window]" in text
    assert "changed in both windows" in answer["message"]


@pytest.mark.parametrize("kind", KINDS)
def test_two_windows_saving_at_once_lose_nothing(kind, windows):
    (a, path), (b, _) = windows(kind), windows(kind)
    keys = KEYS[kind]
    a.send(do="many", keys=keys[0::2], who="a")
    b.send(do="many", keys=keys[1::2], who="b")
    a._answer(), b._answer()
    assert sorted(on_disk(kind, path)) == sorted(keys)


KILLER = r"""
import itertools, os, sys
from pathlib import Path
from closereading import load_interview
from closereading.analysis.positioning import pronouns
from closereading.annotation.notes import write_note
from closereading.annotation.pronouns import PronounAssignments
from closereading.annotation.taxonomy import load_moves
from closereading.course.evidence import EvidenceBoard
from closereading.text.selection import WordIndex
from closereading.widgets._coder_session import CoderSession
from closereading.widgets._session import HighlightSession

kind, path = sys.argv[1], Path(sys.argv[2])
interview, moves = load_interview(), load_moves()
words = WordIndex(interview)
starts = [m.start for m in pronouns(interview) if m.group == "first-person plural"]


def saver():
    # Opened afresh in each child, as a new kernel opens the file.
    if kind == "highlights":
        session = HighlightSession(interview, path, "ana", moves)
        def put(n):
            start, end = words.span(10 + n % 300, 10 + n % 300)
            session.add("hedge", start, end, note=f"save {n}")
        return put
    if kind == "codes":
        coder = CoderSession(interview, path, "ana")
        units = [u.id for u in coder.coding.units]
        return lambda n: coder.change("code", lambda: coder.coding.justify(units[n % 5], f"save {n}"))
    if kind == "pronouns":
        store = PronounAssignments(interview, "ana", path=path)
        return lambda n: store.assign(starts[n % 14], "government", f"save {n}")
    if kind == "pins":
        board = EvidenceBoard(interview, "ana")
        return lambda n: board.pin_count(f"count {n}", n, "a test")
    return lambda n: write_note("06-we", f"save {n}\n" * 50)


for line in sys.stdin:
    if line.strip() == "open":  # a last window opens the file and saves once
        saver()(99999)
        print("opened", flush=True)
        continue
    pid = os.fork()
    if pid == 0:
        put = saver()
        print(f"saving {os.getpid()}", flush=True)
        for n in itertools.count():
            put(n)
    os.waitpid(pid, 0)
"""


@pytest.mark.parametrize("kind", ["highlights", "codes", "pronouns", "pins", "notes"])
@pytest.mark.skipif(not hasattr(os, "fork"), reason="kills forked savers (POSIX)")
def test_killing_a_save_never_tears_the_file_nor_leaves_temporary_files(kind, tmp_path):
    """30 kills (SIGKILL, as when a kernel is killed) at random moments of a stream of saves:
    after each, the file reads, and the next window to open it clears what the kill left."""
    import random
    import signal
    import time

    folder = {
        "highlights": "annotations",
        "codes": "codes",
        "pronouns": "pronouns",
        "pins": "evidence",
        "notes": "notes",
    }[kind]
    path = tmp_path / folder / ("06-we.md" if kind == "notes" else "ana.json")
    env = {**os.environ, "CLOSEREADING_WORK_DIR": str(tmp_path)}
    chance = random.Random(kind)
    forker = subprocess.Popen(
        [sys.executable, "-c", KILLER, kind, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert forker.stdin is not None and forker.stdout is not None
    try:
        for _ in range(30):
            forker.stdin.write("save\n")
            forker.stdin.flush()
            word, pid = forker.stdout.readline().split()
            assert word == "saving"
            time.sleep(chance.uniform(0.0, 0.1))
            os.kill(int(pid), signal.SIGKILL)
            time.sleep(0.01)
            if path.exists():
                content = path.read_text(encoding="utf-8")
                if kind == "notes":
                    assert content.startswith("save ") and len(set(content.splitlines())) == 1
                else:
                    json.loads(content)  # never torn
        # The next window to open the file clears the temporary files the kills left.
        forker.stdin.write("open\n")
        forker.stdin.flush()
        assert forker.stdout.readline() == "opened\n"
    finally:
        forker.stdin.close()
        forker.wait(timeout=60)
    left = sorted(p.name for p in path.parent.iterdir() if p.name.endswith(".tmp"))
    assert left == [], f"{len(left)} temporary files left beside {path.name}"
