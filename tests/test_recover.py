"""One recovery path for every kind of student file: a damaged file, its backup and its recovered
file, merged into a good file with nothing lost and nothing deleted (``closereading recover`` and
the sessions)."""

from __future__ import annotations

import json
from pathlib import Path

from closereading.annotation.highlight_store import HighlightKind
from closereading.annotation.model import AnnotationSet
from closereading.annotation.taxonomy import load_moves
from closereading.base import workfile
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


def inspect(path, interview, moves):
    return workfile.inspect(path, HighlightKind(interview, moves))


def recover(path, interview, moves):
    return workfile.recover(path, HighlightKind(interview, moves))


def damaged_history(interview, path: Path) -> HighlightSession:
    """Three highlights saved (the .bak holds two), the file then cut short by a full disk, and one
    more highlight made while it could not be read (saved to the recovered file, which starts
    from the backup's two)."""
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
    assert file.damaged and len(file.records) == 2  # the complete records are salvaged
    assert "salvaged 2 highlights" in file.describe()
    assert [a.quote for a in backup.records] == ["we don’t believe", "Definitely"]
    assert sorted(a.quote for a in rescued.records) == sorted([*PHRASES[:2], "Frankly"])


def test_recover_merges_everything_and_deletes_nothing(interview, tmp_path):
    path = tmp_path / "ana.json"
    damaged_history(interview, path)
    damaged_bytes = path.read_bytes()
    result = recover(path, interview, load_moves())
    assert quotes(path) == sorted(["we don’t believe", "Definitely", "Diplomacy", "Frankly"])
    aside = {p.name.split("-20")[0]: p for p in result.kept_aside}
    assert aside["ana.damaged"].read_bytes() == damaged_bytes
    assert quotes(aside["ana-recovered.merged"]) == sorted([*PHRASES[:2], "Frankly"])
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
    assert "work/annotations/ana.json.bak" in error or "ana.json.bak" in broken.problem
    assert "closereading recover work/annotations/ana.json" in error


def test_the_recover_command(interview, work, capsys):
    path = work / "annotations" / "ana.json"
    damaged_history(interview, path)
    assert main(["recover", str(path), "--dry-run"]) == 0
    shown = capsys.readouterr().out
    assert "work/annotations/ana.json — file: ana.json is damaged" in shown
    assert "backup: ana.json.bak reads cleanly: 2 highlights" in shown
    assert "recovered: ana-recovered.json reads cleanly: 3 highlights" in shown
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
    assert "1 highlight came back that ana.json no longer held (perhaps deleted since)" in (
        result.message()
    )


def _coding(interview, path: Path):
    from closereading.widgets._coder_session import CoderSession

    return CoderSession(interview, path, path.stem)


def test_the_recover_command_knows_a_healthy_codes_file(interview, work, capsys):
    """Before, it called a good codes file damaged and replaced it with an empty highlights file."""
    path = work / "codes" / "student.json"
    coder = _coding(interview, path)
    coder.change("coding", lambda: coder.coding.set_outcome("u233", "reply"))
    before = json.loads(path.read_text(encoding="utf-8"))
    assert main(["recover", str(path)]) == 0
    shown = capsys.readouterr().out
    assert "file: student.json reads cleanly: 1 answer code" in shown
    after = json.loads(path.read_text(encoding="utf-8"))
    assert (
        after["schema"] == "closereading.codes/1" and after["annotations"] == before["annotations"]
    )


def test_recovered_codes_stay_listed_until_they_are_merged(interview, work, capsys):
    """Before, codes saved to the recovered file vanished without a word once the original was
    repaired."""
    path = work / "codes" / "student.json"
    first = _coding(interview, path)
    first.change("coding", lambda: first.coding.set_outcome("u233", "reply"))
    good = path.read_bytes()
    path.write_bytes(good[:100])  # damaged
    broken = _coding(interview, path)
    assert broken.save_path == path.with_name("student-recovered.json")
    broken.change("coding", lambda: broken.coding.set_outcome("u996", "non-reply"))
    path.write_bytes(good)  # the student repairs the file by hand
    again = _coding(interview, path)
    status, _ = again.opening_messages()
    assert "work/codes/student-recovered.json still holds 1 answer code" in status
    assert "closereading recover work/codes/student.json" in status
    assert main(["recover", str(path)]) == 0
    merged = _coding(interview, path)
    assert {c.unit: c.outcome for c in merged.coding.codes} == {
        "u233": "reply",
        "u996": "non-reply",
    }
    assert "still holds" not in merged.opening_messages()[0]


def test_the_recover_command_knows_pronouns_pins_and_notes(interview, work, capsys):
    from closereading.annotation.pronouns import PronounAssignments
    from closereading.course.evidence import EvidenceBoard

    store = PronounAssignments(interview, "ana")
    store.assign(interview.text.index("We "), "government")
    store.assign(interview.text.index("We "), "nation")  # the .bak holds the first save
    board = EvidenceBoard(interview, "ana")
    board.pin_count("we", 10, "notebook 02")
    board.pin_count("us", 2, "notebook 02")
    for path, noun in ((store.path, "pronoun referent"), (board.path, "pin")):
        path.write_bytes(path.read_bytes()[:-40])  # cut short
        assert main(["recover", str(path)]) == 0
        shown = capsys.readouterr().out
        assert f"The {noun}s of" in shown and "is damaged" in shown
        assert f"backup: ana.json.bak reads cleanly: 1 {noun}" in shown
        assert f"Recovered 1 {noun} into ana.json from" in shown and "ana.json.bak (1)" in shown
        assert "Kept aside, not deleted: ana.damaged-" in shown
    note = work / "notes" / "06-we.md"
    note.parent.mkdir(parents=True, exist_ok=True)
    note.write_bytes("Péskov’s “we”".encode("utf-16"))
    assert main(["recover", str(note)]) == 0
    assert "was saved as utf-16; it is now UTF-8" in capsys.readouterr().out
    assert note.read_text(encoding="utf-8") == "Péskov’s “we”"


def test_a_file_of_no_known_kind_is_refused_with_the_folders(work, capsys):
    path = work / "elsewhere" / "x.json"
    path.parent.mkdir(parents=True)
    path.write_text("{", encoding="utf-8")
    assert main(["recover", str(path)]) == 1
    error = capsys.readouterr().err
    assert "work/annotations/" in error and "work/codes/" in error and path.read_text() == "{"
