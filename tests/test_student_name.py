"""One name for one student: given once (notebook 00's ``your_name``) or taken from the hub
(``JUPYTERHUB_USER``), it names the file of every saved widget, reaches the evidence board and
the written reading, and is the name ``collect`` shows; files handed in or gathered from a hub
carry their kind in their names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from closereading.base import student
from closereading.course.collect import collect
from closereading.course.evidence import EvidenceBoard
from closereading.course.gather import hand_in
from closereading.widgets import Highlighter
from closereading.widgets.answer_coder import AnswerCoder
from closereading.widgets.pronoun_table import PronounTable


@pytest.fixture(autouse=True)
def no_hub(monkeypatch):
    monkeypatch.delenv(student.HUB_USER, raising=False)


def send(widget, content: dict) -> None:
    widget._handle_msg(
        {"content": {"data": {"method": "custom", "content": content}}, "buffers": []}
    )


def work_of_every_kind(interview) -> None:
    """What a student makes in notebooks 04 to 07, each notebook passing ``author="student"``
    as the committed notebooks do."""
    highlighter = Highlighter(interview, author="student")
    start = interview.text.index("in no way")
    highlighter.add("booster", start, start + len("in no way"))
    coder = AnswerCoder(interview, author="student")
    send(coder, {"type": "outcome", "unit": "u996", "outcome": "non-reply"})
    table = PronounTable(interview, author="student")
    table.store.assign(interview.text.index("we don’t"), "government")
    EvidenceBoard(interview, author="student").pin_count("Peskov's negations", 9, "notebook 06")


def files(work: Path) -> set[str]:
    return {p.relative_to(work).as_posix() for p in work.rglob("*.json")}


def test_a_name_given_once_names_every_widgets_file(work, interview):
    assert "'student'" in student.your_name("")  # nothing given yet: the placeholder, said
    said = student.your_name("Ana García")
    assert "Ana García" in said and "work/annotations/ana-garcía.json" in said
    work_of_every_kind(interview)
    assert files(work) == {
        "annotations/ana-garcía.json",
        "codes/ana-garcía.json",
        "pronouns/ana-garcía.json",
        "evidence/ana-garcía.json",
    }
    for kind in ("annotations", "codes", "pronouns"):
        data = json.loads((work / kind / "ana-garcía.json").read_text(encoding="utf-8"))
        assert data["author"] == "Ana García"
    board = EvidenceBoard(interview)  # the board finds all of it under the same name
    assert {e.kind for e in board.items()} >= {"highlight", "pronoun"}
    assert "the name you gave, 'Ana García'" in student.your_name("")


def test_on_a_hub_the_hub_name_is_used_and_a_given_name_wins(work, interview, monkeypatch):
    monkeypatch.setenv(student.HUB_USER, "ben")
    work_of_every_kind(interview)
    assert files(work) >= {"annotations/ben.json", "codes/ben.json", "pronouns/ben.json"}
    assert "your name on this hub, 'ben'" in student.your_name("")
    student.your_name("Benjamin")
    assert student.author_or_name("student") == "Benjamin"
    assert student.author_or_name("cy") == "cy"  # a name the notebook passes itself still wins


def test_a_name_that_cannot_name_a_file_is_refused(work):
    assert "cannot be used" in student.your_name("..")
    assert student.student_name() == "student"


def test_collect_reads_the_handed_in_files_under_the_one_name(work, interview, tmp_path):
    student.your_name("Ana")
    work_of_every_kind(interview)
    result = hand_in(tmp_path / "sent")
    assert sorted(p.name for p in result.copied) == [
        "ana-codes.json",
        "ana-highlights.json",
        "ana-pronouns.json",
    ]
    inbox = tmp_path / "inbox"
    for path in result.copied:  # three e-mailed attachments, saved in one folder: no collision
        (inbox / path.name).parent.mkdir(parents=True, exist_ok=True)
        (inbox / path.name).write_bytes(path.read_bytes())
    other = Highlighter(interview, author="Bo")  # a classmate's file in the earlier layout
    start = interview.text.index("Actually")
    other.add("hedge", start, start + len("Actually"))
    old = inbox / "jupyter-bo" / "annotations"
    old.mkdir(parents=True)
    (old / "bo.json").write_bytes((work / "annotations" / "bo.json").read_bytes())
    class_work = collect(inbox, interview, progress=False)
    assert not class_work.skipped
    shown = {(f.kind, f.name) for f in class_work.files}
    assert shown >= {("highlights", "Ana"), ("answer codes", "Ana"), ("pronoun referents", "Ana")}
    assert ("highlights", "Bo") in shown
