"""``closereading gather``: a hub's homes (The Littlest JupyterHub's ``/home/jupyter-*``, here
fake homes under tmp_path) gathered into one inbox that ``closereading collect`` reads, every
kind of file, named by kind; links, backups and homes without the course are passed over."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from closereading.annotation.model import AnnotationSet
from closereading.annotation.pronouns import PronounAssignments
from closereading.base import student
from closereading.course.collect import collect
from closereading.course.gather import gather
from closereading.widgets.answer_coder import AnswerCoder

ROOT = Path(__file__).resolve().parent.parent


def send(widget, content: dict) -> None:
    widget._handle_msg(
        {"content": {"data": {"method": "custom", "content": content}}, "buffers": []}
    )


def make_home(
    base: Path, user: str, phrase: str, reading: tuple[str, str], monkeypatch, interview
) -> Path:
    """A student's home after a term: highlights, codes and referents under the placeholder name
    (the student never typed a name), made in their own work folder."""
    home = base / f"jupyter-{user}"
    work = home / "closereading-lab" / "work"
    monkeypatch.setenv("CLOSEREADING_WORK_DIR", str(work))
    highlights = AnnotationSet(interview, author="student")
    start = interview.text.index(phrase)
    highlights.add("hedge", start, start + len(phrase))
    highlights.save(work / "annotations" / "student.json")
    (work / "annotations" / "student.json.bak").write_text("{}")  # a backup: never copied
    outcome, referent = reading
    send(AnswerCoder(interview), {"type": "outcome", "unit": "u996", "outcome": outcome})
    PronounAssignments(interview).assign(interview.text.index("we don’t"), referent)
    if user == "ana":  # only Ana has written her reading yet
        (work / "reading").mkdir()
        (work / "reading" / "student.md").write_text("# Doors\n\nPeskov closes doors.\n")
        (work / "reading" / "student.md.bak").write_text("an older draft")  # never copied
    return home


@pytest.fixture
def homes(tmp_path, monkeypatch, interview):
    monkeypatch.delenv(student.HUB_USER, raising=False)
    base = tmp_path / "home"
    made = [
        make_home(base, "ana", "Actually", ("non-reply", "government"), monkeypatch, interview),
        make_home(base, "ben", "in no way", ("reply", "nation"), monkeypatch, interview),
    ]
    (base / "jupyter-cy").mkdir()  # logged in once, never opened the course
    secret = tmp_path / "secret.json"
    secret.write_text('{"not": "a student file"}')
    # A student's link to a file outside their home: gather (run as root) must not follow it.
    (made[1] / "closereading-lab" / "work" / "codes" / "teacher.json").symlink_to(secret)
    return base


def test_gather_copies_every_kind_named_by_kind_into_one_folder_per_home(homes, tmp_path):
    inbox = tmp_path / "inbox"
    result = gather(inbox, sorted(homes.iterdir()))
    copied = sorted(p.relative_to(inbox).as_posix() for p in result.copied)
    assert copied == sorted(
        [
            f"jupyter-{u}/student-{k}.json"
            for u in ("ana", "ben")
            for k in ("codes", "highlights", "pronouns")
        ]
        + ["jupyter-ana/reading/student.md"]
    )
    reasons = "\n".join(result.passed)
    assert "jupyter-cy: no closereading-lab/work folder" in reasons
    assert "jupyter-ben/codes/teacher.json: not a regular file (a link" in reasons
    assert not (inbox / "jupyter-ben" / "teacher-codes.json").exists()

    class_work = collect(inbox, progress=False)
    assert not class_work.skipped
    found = {(f.kind, f.name) for f in class_work.files}
    assert found == {
        (kind, user)
        for kind in ("highlights", "answer codes", "pronoun referents")
        for user in ("jupyter-ana", "jupyter-ben")
    } | {("written reading", "jupyter-ana")}
    from closereading.course.collect.completion import completion_rows

    rows = {r.student: r for r in completion_rows(class_work)}
    assert set(rows) == {"jupyter-ana", "jupyter-ben"}
    assert rows["jupyter-ana"].reading_words == 4 and rows["jupyter-ben"].reading_words == 0


def test_the_command_gathers_and_says_what_comes_next(homes, tmp_path):
    inbox = tmp_path / "inbox"
    env = dict(os.environ, CLOSEREADING_WORK_DIR=str(tmp_path / "own-work"))
    result = subprocess.run(
        [sys.executable, "-m", "closereading.course.cli", "gather", str(inbox),
         *map(str, sorted(homes.iterdir()))],
        capture_output=True, text=True, env=env, cwd=ROOT,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"7 files from 2 folders copied into {inbox}" in result.stdout
    assert f"next: closereading collect {inbox} --out class-report" in result.stdout
    nothing = subprocess.run(
        [sys.executable, "-m", "closereading.course.cli", "gather", str(inbox), str(homes / "jupyter-cy")],
        capture_output=True, text=True, env=env, cwd=ROOT,
    )  # fmt: skip
    assert nothing.returncode == 1 and "0 files" in nothing.stdout


def test_a_recovered_file_stays_beside_its_file(homes, tmp_path):
    codes = homes / "jupyter-ana" / "closereading-lab" / "work" / "codes"
    (codes / "student-recovered.json").write_bytes((codes / "student.json").read_bytes())
    result = gather(tmp_path / "inbox", [homes / "jupyter-ana"])
    assert {p.name for p in result.copied} >= {"student-codes.json", "student-codes-recovered.json"}
