"""The student's notes: named files in work/notes/, saved atomically."""

from __future__ import annotations

import pytest

from closereading.annotation import notes
from closereading.base import files


def shown(work) -> list[str]:
    """The files in work/notes/ a student sees (not the hidden lock files that guard saves)."""
    return sorted(p.name for p in (work / "notes").iterdir() if not p.name.startswith("."))


def test_a_note_round_trips_and_starts_empty(work):
    assert notes.load_note("01-first-impressions") == ""
    path = notes.save_note("01-first-impressions", "Peskov answers «for» a government.\n")
    assert path == work / "notes" / "01-first-impressions.md"
    assert notes.load_note("01-first-impressions") == "Peskov answers «for» a government.\n"
    assert shown(work) == ["01-first-impressions.md"]


@pytest.mark.parametrize("name", ["", "First", "a b", "../x", "a/b", "x.md", "-a"])
def test_bad_names_are_refused(work, name):
    with pytest.raises(ValueError, match="hyphens"):
        notes.note_path(name)


def test_a_failed_save_leaves_the_old_note_and_no_temporary_file(work, monkeypatch):
    notes.save_note("keep", "old")

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(files.os, "replace", broken)
    with pytest.raises(OSError, match="disk full"):
        notes.save_note("keep", "new")
    assert notes.load_note("keep") == "old"
    assert shown(work) == ["keep.md"]


def test_shown_path_is_the_same_everywhere(work):
    assert notes.shown_note_path("x") == "work/notes/x.md"


# --- possible answers -----------------------------------------------------------------------


@pytest.fixture
def answers(tmp_path, monkeypatch, work):
    folder = tmp_path / "answers"
    folder.mkdir()
    monkeypatch.setattr(notes, "ANSWERS_DIR", folder)
    notes._all_answers.cache_clear()
    yield folder
    notes._all_answers.cache_clear()


def _write_answers(folder, answers, schema="closereading.answers/1"):
    import json

    (folder / "99-test.json").write_text(
        json.dumps({"schema": schema, "notebook": "99-test", "answers": answers}), encoding="utf-8"
    )


def test_a_possible_answer_is_shown_only_after_the_student_has_written(answers):
    from closereading.widgets.notes import WORDS_BEFORE_ANSWER, NoteBox

    _write_answers(answers, {"99-prompt": "One <b>reading</b> of the passage."})
    box = NoteBox("99-prompt")
    assert "Write your own answer first" in box.reveal()
    assert not box.answer_shown and box._answer.value == ""
    box.text = "word " * (WORDS_BEFORE_ANSWER - 1)
    assert not box.answer_shown and box._button.disabled
    # Ten words of anything used to open it: lorem ipsum, a heap of words.
    for nonsense in (
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.",
        "river banana quickly sanctions purple government elephant yesterday democracy "
        "orange window piano",
    ):
        box.text = nonsense
        assert box._button.disabled and "Write your own answer first" in box.reveal()
        assert not box.answer_shown
    box.text = "Peskov speaks for the government here, and the word we hides who decides."
    assert not box._button.disabled
    assert box.reveal() == "One <b>reading</b> of the passage."
    assert box.answer_shown
    assert "&lt;b&gt;reading&lt;/b&gt;" in box._answer.value and "<b>" not in box._answer.value
    # The answer never reaches what a static viewer or nbval sees.
    assert "reading" not in repr(box)
    bundle = box._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert "of the passage" not in data["text/html"] and "of the passage" not in data["text/plain"]


def test_a_note_without_a_possible_answer_has_no_button(answers):
    from closereading.widgets.notes import NoteBox

    box = NoteBox("99-other")
    assert box.answer is None and box._button not in box.children
    assert "no possible answer" in box.reveal()


@pytest.mark.parametrize(
    "content",
    [
        '{"schema": "closereading.answers/1", "answers": {"Bad Name": "x"}}',
        '{"schema": "closereading.answers/1", "answers": {"99-a": ""}}',
        '{"schema": "other/1", "answers": {}}',
        "{not json",
    ],
)
def test_a_malformed_answers_file_is_named_with_the_fix(answers, content):
    (answers / "99-broken.json").write_text(content, encoding="utf-8")
    with pytest.raises(notes.AnswersFileError, match=r"99-broken\.json"):
        notes.possible_answer("99-a")


def test_every_shipped_answer_file_loads_and_names_real_notes():
    notes._all_answers.cache_clear()
    for name, text in notes._all_answers().items():
        assert name[:2].isdigit(), name
        assert len(text.split()) >= 20, f"{name}: a possible answer should be a real reading"


def test_a_save_keeps_the_previous_version_as_a_backup(work):
    notes.save_note("keep", "first")
    notes.save_note("keep", "second")
    assert (work / "notes" / "keep.md.bak").read_text(encoding="utf-8") == "first"


# --- two note boxes on one note -----------------------------------------------------------------


def test_a_note_changed_elsewhere_is_kept_beside_never_overwritten(work):
    notes.save_note("shared", "first draft")
    # Another window (another kernel) loads the note and rewrites it.
    other = notes.load_note("shared")
    notes.write_note("shared", other + ", extended elsewhere", expected=other)
    # This window still believes the note says "first draft".
    result = notes.write_note("shared", "first draft, my own ending", expected="first draft")
    assert notes.load_note("shared") == "first draft, my own ending"
    assert result.conflict is not None
    assert result.conflict.read_text(encoding="utf-8") == "first draft, extended elsewhere"
    assert result.conflict.name.startswith("shared.conflict-")
    assert "kept in work/notes/shared.conflict-" in result.message()


def test_two_processes_on_one_note_keep_both_texts(work):
    """Two kernels: each loads, then each saves; before, the second silently replaced the first."""
    import os
    import subprocess
    import sys

    script = (
        "import sys; from closereading.annotation import notes; "
        "notes.load_note('shared'); print('loaded', flush=True); sys.stdin.readline(); "
        "print(notes.write_note('shared', sys.argv[1]).conflict is not None, flush=True)"
    )
    env = {**os.environ, "CLOSEREADING_WORK_DIR": str(work)}
    windows = [
        subprocess.Popen(
            [sys.executable, "-c", script, text],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        for text in ("from window one", "from window two")
    ]
    # Both have loaded the note before either saves.
    assert [window.stdout.readline().strip() for window in windows] == ["loaded", "loaded"]
    answers = [window.communicate("go\n", timeout=60)[0].strip() for window in windows]
    assert answers == ["False", "True"]
    assert notes.load_note("shared") == "from window two"
    [kept] = (work / "notes").glob("shared.conflict-*.md")
    assert kept.read_text(encoding="utf-8") == "from window one"


def test_saving_the_same_text_again_is_no_conflict(work):
    notes.save_note("same", "text")
    assert notes.write_note("same", "text", expected="other").conflict is None


def test_two_boxes_on_one_note_never_overwrite_each_other(work):
    """Two boxes (two notebooks) on the same note: the second save keeps the first's text."""
    from closereading.widgets.notes import NoteBox

    first, second = NoteBox("99-shared"), NoteBox("99-shared")
    first.text = "The first box's reading of turn 2."
    second.text = "The second box's reading, written without seeing the first."
    assert notes.load_note("99-shared") == second.text
    kept = [p for p in (work / "notes").iterdir() if ".conflict-" in p.name]
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == first.text
    assert "another window" in second.problem
