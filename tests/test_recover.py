"""One recovery path: a damaged highlights file, its backup and its recovered file, merged into a
good file with nothing lost and nothing deleted (``closereading recover`` and the session)."""

from __future__ import annotations

import json
from pathlib import Path

from closereading.annotation.model import AnnotationSet
from closereading.annotation.recovery import inspect, recover
from closereading.annotation.taxonomy import load_moves
from closereading.course.cli import main
from closereading.widgets._session import HighlightSession

PHRASES = ["we don’t believe", "Definitely", "Diplomacy", "Frankly"]


def quotes(path: Path) -> list[str]:
    return sorted(r["quote"] for r in json.loads(path.read_text(encoding="utf-8"))["annotations"])


def session(interview, path: Path) -> HighlightSession:
    return HighlightSession(interview, path, "ana", load_moves())


def add(target, interview, phrase: str) -> None:
    start = interview.text.index(phrase)
    target.add("hedge", start, start + len(phrase))


def damaged_history(interview, path: Path) -> HighlightSession:
    """Three highlights saved (the .bak holds two), the file then cut short by a full disk, and one
    more highlight made while it could not be read (saved to the recovered file)."""
    first = session(interview, path)
    for phrase in PHRASES[:3]:
        add(first, interview, phrase)
    content = path.read_bytes()
    path.write_bytes(content[: content.rindex(b'"quote"')])  # the last record is cut in half
    broken = session(interview, path)
    assert broken.save_path is not None and broken.save_path.name == "ana-recovered.json"
    add(broken, interview, PHRASES[3])
    return broken


def test_inspect_shows_what_each_place_holds(interview, tmp_path):
    path = tmp_path / "ana.json"
    damaged_history(interview, path)
    file, backup, rescued = inspect(path, interview, load_moves())
    assert file.damaged and len(file.annotations) == 2  # the complete records are salvaged
    assert "salvaged 2 highlights" in file.describe()
    assert [a.quote for a in backup.annotations] == ["we don’t believe", "Definitely"]
    assert [a.quote for a in rescued.annotations] == ["Frankly"]


def test_recover_merges_everything_and_deletes_nothing(interview, tmp_path):
    path = tmp_path / "ana.json"
    damaged_history(interview, path)
    damaged_bytes = path.read_bytes()
    result = recover(path, interview, load_moves())
    assert quotes(path) == sorted(["we don’t believe", "Definitely", "Diplomacy", "Frankly"])
    aside = {p.name.split("-20")[0]: p for p in result.kept_aside}
    assert aside["ana.damaged"].read_bytes() == damaged_bytes
    assert quotes(aside["ana-recovered.merged"]) == ["Frankly"]
    assert not (tmp_path / "ana-recovered.json").exists()
    assert "Recovered 4 highlights into ana.json" in result.message()
    assert len(AnnotationSet.load(path, interview)) == 4


def test_the_highlighter_opens_the_good_file_after_recovery(interview, tmp_path):
    path = tmp_path / "ana.json"
    broken = damaged_history(interview, path)
    result = broken.recover()
    assert broken.save_path == path and broken.problem == ""
    assert len(broken.annotations) == result.total == 4
    add(broken, interview, "preferable")
    assert len(quotes(path)) == 5


def test_recovered_highlights_are_not_ignored_after_the_damaged_file_is_deleted(
    interview, tmp_path
):
    """The student follows the old advice and deletes the damaged file: before, the highlights
    in the recovered file were then ignored and the highlighter opened empty."""
    path = tmp_path / "ana.json"
    damaged_history(interview, path)
    path.unlink()
    again = session(interview, path)
    # All but "Diplomacy", which only the deleted file held: the backup's two and the recovered one.
    assert sorted(a.quote for a in again.annotations) == sorted(set(PHRASES) - {"Diplomacy"})
    assert again.save_path == path and again.problem == ""
    assert again.opening_messages()[0].startswith("Recovered 3 highlights into ana.json")


def test_the_opening_error_names_the_backup_and_the_recover_command(interview, work):
    path = work / "annotations" / "ana.json"
    broken = damaged_history(interview, path)
    _, error = broken.opening_messages()
    assert "work/annotations/ana.json.bak" in error
    assert "closereading recover work/annotations/ana.json" in error


def test_the_recover_command(interview, work, capsys):
    path = work / "annotations" / "ana.json"
    damaged_history(interview, path)
    assert main(["recover", str(path), "--dry-run"]) == 0
    shown = capsys.readouterr().out
    assert "work/annotations/ana.json — file: ana.json is damaged" in shown
    assert "backup: ana.json.bak reads cleanly: 2 highlights" in shown
    assert "recovered: ana-recovered.json reads cleanly: 1 highlight" in shown
    assert "Nothing was changed" in shown
    assert main(["recover", str(path)]) == 0
    assert "Recovered 4 highlights" in capsys.readouterr().out
    assert len(quotes(path)) == 4


def test_recovering_a_good_file_keeps_it_and_adds_the_backup(interview, tmp_path):
    path = tmp_path / "ana.json"
    good = session(interview, path)
    for phrase in PHRASES[:2]:
        add(good, interview, phrase)
    good.remove(next(iter(good.annotations)).id)  # the .bak still holds it
    result = recover(path, interview, load_moves())
    assert result.kept_aside == [] and len(quotes(path)) == 2  # restored rather than lost
