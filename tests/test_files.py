"""File names made from author names, the cross-process lock, and what killed saves leave behind."""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import pytest

from closereading import load_interview
from closereading.annotation.model import AnnotationSet
from closereading.annotation.taxonomy import load_moves
from closereading.base import files, paths
from closereading.widgets._session import HighlightSession

# --- names -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["", "   ", "..", ".", "/", "!!!", "\t\n"])
def test_a_name_without_letters_or_digits_is_refused_not_shared(work, name):
    """Before, every such name became student.json: several students silently shared one file."""
    with pytest.raises(ValueError, match="has no letter or digit"):
        paths.annotation_path(name)
    assert not (work / "annotations" / "student.json").exists()


def test_a_long_name_gets_a_short_stable_distinct_file_name(work):
    long_a = "Ana " * 100
    long_b = "Ana " * 99 + "Bo"
    name_a = paths.annotation_path(long_a).stem
    assert len(name_a) <= paths.MAX_NAME_LENGTH
    assert name_a == paths.annotation_path(long_a).stem  # stable
    assert name_a != paths.annotation_path(long_b).stem  # two long names stay apart
    assert name_a.startswith("ana-ana-")
    AnnotationSet(load_interview(), author=long_a).save(paths.annotation_path(long_a))


@pytest.mark.parametrize(
    "name, file", [("Ana María", "ana-maría"), ("nul", "nul-"), ("a_b", "a_b")]
)
def test_ordinary_names_keep_their_files(name, file):
    assert paths.safe_name(name) == file


# --- temporary files left by killed saves ------------------------------------------------------


def leftover(path: Path) -> Path:
    """A temporary file as a save killed between writing and renaming leaves it."""
    temp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.tmp")
    temp.write_text("half a file", encoding="utf-8")
    return temp


def test_opening_the_highlighter_removes_what_killed_saves_left(tmp_path):
    path = tmp_path / "ana.json"
    AnnotationSet(load_interview()).save(path)
    temps = [
        leftover(path),
        leftover(files.backup_path(path)),
        leftover(tmp_path / "ana-recovered.json"),
    ]
    unrelated = tmp_path / ".other.json.0123456789ab.tmp"
    unrelated.write_text("not ours", encoding="utf-8")
    HighlightSession(load_interview(), path, "ana", load_moves())
    assert [t.exists() for t in temps] == [False, False, False]
    assert unrelated.exists()


def test_a_temporary_file_is_not_removed_while_another_save_holds_the_lock(tmp_path):
    path = tmp_path / "ana.json"
    temp = leftover(path)
    with files.file_lock(path):
        assert files.remove_stale_temps(path) == [temp]  # the holder may clean up
    temp = leftover(path)
    # Opening while another window is saving (the lock is busy) leaves the file alone.
    import subprocess
    import sys

    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from closereading.base.files import file_lock\n"
            f"with file_lock({str(path)!r}):\n    print('held', flush=True); sys.stdin.readline()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with (
            pytest.raises(files.LockTimeoutError, match="being saved by another window"),
            files.file_lock(path, timeout=0.2),
        ):
            pass
        HighlightSession(load_interview(), path, "ana", load_moves())
        assert temp.exists()
    finally:
        holder.communicate("done\n", timeout=30)


# --- ids ---------------------------------------------------------------------------------------


def test_an_id_with_a_space_loads_saves_exports_and_is_removed(tmp_path):
    interview = load_interview()
    path = tmp_path / "ana.json"
    notes = AnnotationSet(interview, author="Ana")
    start = interview.text.index("Definitely")
    notes.add("booster", start, start + len("Definitely"))
    data = notes.to_dict()
    data["annotations"][0]["id"] = "my highlight 1"  # a hand-edited file
    path.write_text(json.dumps(data), encoding="utf-8")
    session = HighlightSession(interview, path, "ana", load_moves())
    assert [r["id"] for r in session.records()] == ["my highlight 1"]
    item = session.annotations.to_w3c()["first"]["items"][0]
    assert item["id"].endswith("#annotation-my%20highlight%201")
    session.update_note("my highlight 1", "a note")
    session.remove("my highlight 1")
    assert json.loads(path.read_text(encoding="utf-8"))["annotations"] == []
    assert session.undo() is not None and len(session.annotations) == 1


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_the_lock_file_is_hidden_and_ordinary(tmp_path):
    path = tmp_path / "ana.json"
    with files.file_lock(path):
        pass
    assert files.lock_path(path).name == ".ana.json.lock"
