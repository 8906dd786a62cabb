"""Answers typed as plain text in ``%%answer`` cells: kept exactly as typed, saved, read
leniently, checked as they stand now, and never able to stop "Run All"."""

from __future__ import annotations

import json

import nbformat
import pytest

from closereading.course import answers, release
from closereading.course.answers import answer_text, check_recorded, record
from closereading.course.checks import TASKS
from closereading.course.checks._reading import PARTS, read
from tests.graded import graded_cells, shown_text

LOREM = (
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt "
    "ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation."
)

#: What students paste or type, none of it Python.
TYPED = {
    "smart quotes": "He said “we” and ‘our’ — that’s the point…",
    "nested quotes": """The reporter asks "Is it true that 'nobody' knew?" and he says "no".""",
    "backslashes": "C:\\Users\\ana\\notes \\n is not a line break \\",
    "unclosed": "\"It's (open [brackets {and a quote",
    "python-looking": "raise SystemExit(1)\nimport os; os._exit(1)\n%%answer 01-ngo-reply",
    "long": ("x" * 9_999) + "é",
    "lorem": f"{LOREM}\n\n{LOREM}",
    "emoji and tabs": "👍🏽 first\tsecond\r\nthird",
    "prompt-like": ">>> he said\n... and then\nIn [1]: nothing",
}


@pytest.fixture(autouse=True)
def fresh(work):
    """Each test starts with nothing run in this process and its own work folder."""
    answers._RUN.clear()
    yield
    answers._RUN.clear()


def saved_text(task: str, ident: str) -> str:
    data = json.loads(answers.answers_path(task).read_text(encoding="utf-8"))
    assert data["schema"] == "closereading.answers/1"
    return next(a["text"] for a in data["answers"] if a["id"] == ident)


@pytest.mark.parametrize("name", TYPED)
def test_any_text_is_accepted_exactly_as_typed_and_saved(name):
    typed = TYPED[name]
    line = record("04-passage-1", "note", f"### BEGIN SOLUTION\n\n{typed}\n\n### END SOLUTION\n")
    assert line.startswith("Recorded your answer to 04-passage-1 (note): ")
    assert "\n" not in line
    assert line.endswith("Saved in work/answers/04-rhetorical-moves.json.")
    assert saved_text("04-passage-1", "04-passage-1/note") == typed
    feedback = check_recorded("04-passage-1")
    assert not feedback.ok
    assert feedback.answered.startswith("Your answer as last run: move: (empty) · note: ")


@pytest.mark.parametrize("name", TYPED)
def test_any_text_in_a_choice_or_number_cell_gets_a_hint_not_an_error(name):
    for task in ("05-framing", "01-exchange-share", "02-our-g2", "03-engage-forms"):
        record(task, "", TYPED[name])
        feedback = check_recorded(task)
        assert not feedback.ok and feedback.message, (task, feedback)
        assert feedback.answered.startswith("Your answer as last run: ")


def test_only_marker_lines_and_outer_blank_lines_are_dropped():
    cell = "\n### BEGIN SOLUTION\n  indented\n\n# a comment stays\n### END SOLUTION\n\n"
    assert answer_text(cell) == "  indented\n\n# a comment stays"
    assert answer_text("# YOUR ANSWER HERE\n") == ""


def test_an_empty_answer_says_so_and_the_check_says_not_answered():
    assert check_recorded("05-framing").message.startswith("Not answered yet: write your answer")
    line = record("05-framing", "", "\n\n")
    assert line.startswith("No answer to 05-framing yet: type it below the first line")
    feedback = check_recorded("05-framing")
    assert not feedback.ok and feedback.message.startswith("Not answered yet")
    assert saved_text("05-framing", "05-framing") == ""
    assert "cells above" in check_recorded("05-code-timeline").message


def test_the_check_states_the_answer_it_checked_so_it_is_never_stale():
    record("05-framing", "", "1, 3, 8")
    first = check_recorded("05-framing")
    assert first.ok
    assert str(first).splitlines()[0] == "Your answer as last run: 1, 3, 8"
    record("05-framing", "", "2")
    second = check_recorded("05-framing")
    assert not second.ok
    assert str(second).splitlines()[0] == "Your answer as last run: 2"
    assert str(second).splitlines()[1].startswith("✗ Sentence 2 ends with a question mark")


def test_an_answer_saved_earlier_and_not_run_since_is_named_as_such():
    record("07-claim-level", "", "3")
    answers._RUN.clear()  # a new kernel: the answer is only in the file
    feedback = check_recorded("07-claim-level")
    assert feedback.ok
    assert feedback.answered == (
        "Your answer as saved in work/answers/07-writing-the-reading.json (its cell has not "
        "been run since this notebook started): 3"
    )


def test_a_grade_comes_only_from_answers_run_in_the_notebook_handed_in():
    """nbgrader's hidden test asks more than the check cell: an answer saved by an earlier session
    (a deleted answer cell beside a saved file) is accepted by the check, never graded."""
    from closereading.course.answers import grade

    record("07-claim-level", "", "3")
    assert grade("07-claim-level")
    answers._RUN.clear()  # the answer cell is gone: the answer is only in the file
    assert check_recorded("07-claim-level").ok
    with pytest.raises(AssertionError, match="no answer was run in this notebook"):
        grade("07-claim-level")
    record("07-claim-level", "", "1")  # run here, but it does not hold up
    with pytest.raises(AssertionError, match="does not hold up") as raised:
        grade("07-claim-level")
    assert "developing" not in str(raised.value)
    record("06-we-all", "referent", "2")  # one part of two run here, the other only saved
    record("06-we-all", "note", "The word “all” stretches the group past the ministry to the town.")
    assert grade("06-we-all")
    del answers._RUN["06-we-all/note"]
    assert check_recorded("06-we-all").ok
    with pytest.raises(AssertionError, match="no answer was run"):
        grade("06-we-all")


def test_parts_are_checked_together():
    record("06-we-all", "referent", "2")
    record(
        "06-we-all",
        "note",
        "The word “all” stretches the group past the ministry to the residents.",
    )
    feedback = check_recorded("06-we-all")
    assert feedback.ok, feedback
    assert feedback.answered.startswith(
        "Your answer as last run: referent: 2 · note: The word “all”"
    )


def test_a_mangled_first_line_is_explained_not_raised(capsys):
    answers.answer_magic("", "1")
    answers.answer_magic("05-framng", "1")
    answers.answer_magic("04-passage-1 notes", "1")
    shown = capsys.readouterr().out.splitlines()
    assert shown[0].startswith("There is no task ''")
    assert shown[1].startswith("There is no task '05-framng'")
    assert "its parts: 'move', 'note'" in shown[2]
    assert not answers.answers_path("05-framing").exists()


def test_a_file_that_cannot_be_written_keeps_the_answer_for_the_check(work):
    work.mkdir(parents=True, exist_ok=True)
    (work / "answers").write_text("a file where the folder should be", encoding="utf-8")
    line = record("05-framing", "", "1, 3, 8")
    assert "could not be saved" in line
    assert check_recorded("05-framing").ok


def test_every_task_says_what_its_answer_is_made_of():
    assert set(PARTS) == set(TASKS)


@pytest.mark.parametrize(
    "kind, typed, value",
    [
        ("choice", "1, 3, 8", (1, 3, 8)),
        ("choice", "1 and 3", (1, 3)),
        ("choice", "1 3 8", (1, 3, 8)),
        ("choice", "(1, 3, 8)", (1, 3, 8)),
        ("choice", " 2\n", 2),
        ("choice", "Option 2.", 2),
        ("choice", "hedge", "hedge"),
        ("choice", "", None),
        ("number", "62.5", 62.5),
        ("number", "62,5", 62.5),
        ("number", "40 %", 40),
        ("number", "100 × 118 ÷ 295", 40.0),
        ("number", "2 ** 1000", "2 ** 1000"),
        ("number", "__import__('os')", "__import__('os')"),
        ("number", "1/0", "1/0"),
        ("numbers", "4 0 293 133", (4, 0, 293, 133)),
        ("numbers", "3.0", 3.0),
        ("query", "“engag*”", "engag*"),
        ("quotes", "“first words”\n'other words'", ("first words", "other words")),
        ("text", "  as typed  ", "  as typed  "),
    ],
)
def test_answers_are_read_leniently(kind, typed, value):
    assert read(kind, typed) == value


@pytest.mark.parametrize(
    "task, typed",
    [
        ("05-framing", "1 and 3 and 8"),
        ("05-framing", "(1, 3, 8)"),
        ("01-exchange-share", "40"),
        ("01-exchange-share", "40,0"),
        ("02-our-rate", "13,7"),
        ("02-our-g2", "4, 0, 293, 133"),
        ("03-engage-forms", '"engag*"'),
        ("07-claim-level", "developing"),
    ],
)
def test_answers_written_as_people_write_them_hold_up(task, typed):
    record(task, "", typed)
    assert check_recorded(task).ok, check_recorded(task)


# --- in a kernel ------------------------------------------------------------------------------


def run(notebook, work, where):
    from nbclient import NotebookClient

    NotebookClient(
        notebook,
        timeout=180,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(where)}},
    ).execute()
    return [
        f"cell {n}: {o.get('ename')}: {o.get('evalue')}{o.get('text', '')}"
        for n, cell in enumerate(notebook.cells)
        if cell.cell_type == "code"
        for o in cell.outputs
        if o.output_type == "error" or o.get("name") == "stderr"
    ]


def test_the_cell_magic_in_a_kernel_keeps_any_text_and_run_all_goes_on(work, monkeypatch, tmp_path):
    monkeypatch.setenv("CLOSEREADING_WORK_DIR", str(work))
    cells = [nbformat.v4.new_code_cell("from closereading import exercises")]
    for number, typed in enumerate(TYPED.values(), start=1):
        task = ("04-passage-1", "04-passage-2", "04-passage-3")[number % 3]
        cells.append(nbformat.v4.new_code_cell(f"%%answer {task} note\n{typed}"))
        cells.append(nbformat.v4.new_code_cell(f'exercises.check("{task}")'))
    cells.append(nbformat.v4.new_code_cell("%%answer 04-passage-1 note\n"))
    cells.append(nbformat.v4.new_code_cell('print("reached the end")'))
    notebook = nbformat.v4.new_notebook(cells=cells)
    assert run(notebook, work, tmp_path) == []
    assert notebook.cells[-1].outputs[0]["text"] == "reached the end\n"
    shown = [c.outputs[0].get("text", "") for c in notebook.cells[1:-2:2]]
    assert all(s.startswith("Recorded your answer to 04-passage-") for s in shown), shown
    # each passage's note is the last text typed for it, saved exactly as typed (Jupyter sends
    # a Windows line end as it is; the file keeps it)
    last = {}
    for number, typed in enumerate(TYPED.values(), start=1):
        last[("04-passage-1", "04-passage-2", "04-passage-3")[number % 3]] = typed
    last["04-passage-1"] = ""  # the empty answer run last
    for task, typed in last.items():
        assert saved_text(task, f"{task}/note") == typed, task


NONSENSE = "“);\\ raise\n'''\n%%bash\nrm -rf /\n{[(" + "ü" * 300


@pytest.mark.parametrize("source", release.source_notebooks(), ids=lambda p: p.name)
def test_run_all_of_a_student_copy_with_nonsense_in_every_answer_never_stops(
    source, work, monkeypatch
):
    monkeypatch.setenv("CLOSEREADING_WORK_DIR", str(work))
    copy = release.RELEASE_DIR / source.name
    notebook = nbformat.read(copy, as_version=4)
    filled = 0
    for cell in notebook.cells:
        if cell.cell_type == "code" and cell.source.startswith(release.ANSWER_MAGIC):
            cell.source = cell.source.rstrip("\n") + "\n" + NONSENSE
            filled += 1
    assert filled
    assert run(notebook, work, copy.parent) == []
    checks = graded_cells(notebook)
    assert checks
    for cell in checks:
        said = shown_text(cell)
        assert said.startswith("Your answer as last run: "), said
        assert "\n✗ " in said, said
