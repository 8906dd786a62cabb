"""Student copies: generated from the sources like nbgrader would, byte-stable, and free of
solutions."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from closereading.course import release
from closereading.course.cli import main
from closereading.course.release import (
    CODE_STUB,
    OWN_COPY_TAG,
    TEXT_STUB,
    ReleaseError,
    StaleCopiesError,
    check_marks,
    rebase_links,
    release_all,
    release_cell_source,
    release_notebook,
    release_text,
    solution_lines,
    source_notebooks,
)
from tests.graded import graded_cells, shown_text

SOURCES = source_notebooks()


def marks(
    grade_id: str,
    solution: bool = False,
    grade: bool = False,
    locked: bool = False,
    points: float | None = None,
) -> dict:
    found = {
        "schema_version": 3,
        "solution": solution,
        "grade": grade,
        "locked": locked,
        "grade_id": grade_id,
    }
    if points is not None:
        found["points"] = points
    return found


def write_notebook(path: Path, cells: list) -> Path:
    notebook = nbformat.v4.new_notebook(
        cells=cells,
        metadata={
            "kernelspec": {
                "display_name": "Python 3 (ipykernel)",
                "language": "python",
                "name": "python3",
            },
            "language_info": {"name": "python", "version": "3.11.7"},
            "widgets": {"state": {}},
        },
    )
    for number, cell in enumerate(notebook.cells):
        cell.id = f"cell-{number}"
    nbformat.write(notebook, path)
    return path


# --- the committed copies ---------------------------------------------------------------------


def test_there_are_exercises():
    assert SOURCES, "exercises/source/ holds no NN-*.ipynb"


def test_committed_student_copies_match_a_fresh_release():
    try:
        release_all(check=True)
    except StaleCopiesError as error:
        pytest.fail(str(error))


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_student_copy_contains_no_solution_line(source):
    copy = release.RELEASE_DIR / source.name
    text = "\n".join(cell.source for cell in nbformat.read(copy, as_version=4).cells)
    present = {line.strip() for line in text.splitlines()}
    leaked = sorted(solution_lines(source) & present)
    assert not leaked, f"{copy.name} still contains solution lines: {leaked}"
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
        assert marker not in text


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_sources_carry_valid_nbgrader_metadata_on_every_marked_cell(source):
    notebook = nbformat.read(source, as_version=4)
    ids = []
    kinds = set()
    for number, cell in enumerate(notebook.cells, start=1):
        found = cell.metadata.get("nbgrader")
        has_marker = any(m in cell.source for m in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS"))
        if has_marker:
            assert found, f"{source.name}, cell {number}: markers without nbgrader metadata"
        if found:
            check_marks(found, cell.cell_type, f"{source.name}, cell {number}")
            ids.append(found["grade_id"])
            kinds.add((cell.cell_type, found["solution"], found["grade"]))
    assert len(ids) == len(set(ids)), f"{source.name}: grade_ids repeat: {ids}"
    assert ("code", True, False) in kinds, f"{source.name}: no code task"
    assert ("code", False, True) in kinds, f"{source.name}: no auto-graded check"
    assert ("markdown", True, True) in kinds, f"{source.name}: no written task"


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_check_cells_open_with_a_docstring_and_show_a_self_check(source):
    """A student's copy keeps only the visible part of a check cell: it must still check."""
    for cell in nbformat.read(source, as_version=4).cells:
        found = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and found.get("grade"):
            first = cell.source.splitlines()[0]
            assert first.startswith('"""') and first.endswith('"""'), first
            visible = release_cell_source(cell.source, "code", grade=True)
            assert "check" in visible.split('"""', 2)[-1], visible


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_answer_cells_start_unanswered_and_never_raise(source):
    """Each answer cell is an ``%%answer`` cell, typed as plain text, whose solution region
    becomes nothing in the student copy: "Run All" cannot stop at an unanswered task."""
    assert "raise" not in CODE_STUB
    for cell in nbformat.read(source, as_version=4).cells:
        found = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and found.get("solution"):
            assert re.match(
                r"%%answer \d\d-[a-z0-9-]+( [a-z]+)?\n### BEGIN SOLUTION\n", cell.source
            )
            student = release_cell_source(cell.source, "code", solution=True)
            assert student == cell.source.split("\n")[0] + "\n", student


def test_release_is_deterministic():
    for source in SOURCES:
        assert release_text(source) == release_text(source)


def test_cli_release_check_succeeds(capsys):
    assert main(["release", "--check"]) == 0
    assert "up to date: exercises/" in capsys.readouterr().out


# --- the rules, on small literal notebooks ----------------------------------------------------


def test_code_solution_region_becomes_the_stub_indented_like_its_marker():
    source = "def f():\n    ### BEGIN SOLUTION\n    return 42\n    ### END SOLUTION\nf()"
    expected = "def f():\n    # YOUR ANSWER HERE\nf()"
    assert release_cell_source(source, "code", solution=True) == expected


def test_solution_cell_without_markers_is_replaced_whole():
    assert release_cell_source("A strong answer says ...", "markdown", solution=True) == TEXT_STUB
    assert release_cell_source("x = 1", "code", solution=True) == CODE_STUB


def test_hidden_tests_are_removed_and_visible_lines_kept():
    source = '"""Check."""\n### BEGIN HIDDEN TESTS\nassert x == 1\n### END HIDDEN TESTS\ncheck(x)'
    assert release_cell_source(source, "code", grade=True) == '"""Check."""\ncheck(x)'


@pytest.mark.parametrize(
    "source, kwargs, problem",
    [
        ("### BEGIN SOLUTION\nx\n### END SOLUTION", {}, "not marked as a solution cell"),
        ("### BEGIN HIDDEN TESTS\nx\n### END HIDDEN TESTS", {}, "not marked as a grade cell"),
        ("### BEGIN SOLUTION\nx", {"solution": True}, "no matching"),
        ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION", {"solution": True}, "inside"),
        ("x\n### END SOLUTION", {"solution": True}, "without"),
    ],
)
def test_bad_markers_are_reported(source, kwargs, problem):
    with pytest.raises(ReleaseError, match=problem):
        release_cell_source(source, "code", **kwargs)


@pytest.mark.parametrize(
    "found, problem",
    [
        ({"solution": True}, "lacks"),
        ({**marks("a", grade=True)}, "points exactly"),
        ({**marks("a", points=1)}, "points exactly"),
        ({**marks("a"), "task": False}, "unexpected"),
        ({**marks("a b")}, "grade_id"),
        ({**marks("a"), "schema_version": 2}, "schema_version"),
        ({**marks("a", grade=True, points=-1)}, "0 or more"),
    ],
)
def test_bad_nbgrader_metadata_is_reported(found, problem):
    with pytest.raises(ReleaseError, match=problem):
        check_marks(found, "code")


def test_graded_text_cell_must_be_a_written_answer():
    with pytest.raises(ReleaseError, match="solution cell"):
        check_marks(marks("a", grade=True, points=1), "markdown")
    check_marks(marks("a", solution=True, grade=True, points=1), "markdown")


def test_release_notebook_clears_outputs_metadata_and_rebases_links(tmp_path):
    source_dir = tmp_path / "exercises" / "source"
    source_dir.mkdir(parents=True)
    answer = nbformat.v4.new_code_cell(
        "x = None\n### BEGIN SOLUTION\nx = 2\n### END SOLUTION\nx",
        metadata={
            "nbgrader": marks("answer", solution=True),
            "execution": {"iopub.status.idle": "2026-01-01T00:00:00Z"},
            "scrolled": True,
        },
        execution_count=3,
        outputs=[nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=3)],
    )
    path = write_notebook(
        source_dir / "01-demo.ipynb",
        [
            nbformat.v4.new_markdown_cell(
                "See [the lesson](../../notebooks/01-demo.ipynb#part) "
                "and [the web](https://example.org/a)."
            ),
            answer,
            nbformat.v4.new_markdown_cell(
                "A strong answer ...",
                metadata={"nbgrader": marks("essay", solution=True, grade=True, points=2)},
            ),
        ],
    )
    notebook = release_notebook(path)
    text, code, note, call, essay = notebook.cells
    assert [note.id, call.id] == ["own-copy-note", "own-copy-cell"]
    assert note.metadata["tags"] == call.metadata["tags"] == [OWN_COPY_TAG]
    assert "work/exercises/01-demo-my-answers.ipynb" in note.source
    # after the first code cell, which stays imports only; with its own import here
    assert call.source == 'from closereading import exercises\nexercises.own_copy("01-demo.ipynb")'
    assert text.source == (
        "See [the lesson](../notebooks/01-demo.ipynb#part) and [the web](https://example.org/a)."
    )
    assert code.source == "x = None\n# YOUR ANSWER HERE\nx"
    assert code.outputs == [] and code.execution_count is None
    assert set(code.metadata) == {"nbgrader"}
    assert essay.source == TEXT_STUB
    assert dict(notebook.metadata) == {
        "kernelspec": {
            "display_name": "Python 3 (ipykernel)",
            "language": "python",
            "name": "python3",
        },
        "language_info": {"name": "python"},
    }
    assert [c.id for c in notebook.cells] == [
        "cell-0",
        "cell-1",
        "own-copy-note",
        "own-copy-cell",
        "cell-2",
    ]


def test_duplicate_grade_ids_are_refused(tmp_path):
    path = write_notebook(
        tmp_path / "01-demo.ipynb",
        [
            nbformat.v4.new_code_cell("x = 1", metadata={"nbgrader": marks("same", solution=True)}),
            nbformat.v4.new_code_cell("y = 1", metadata={"nbgrader": marks("same", solution=True)}),
        ],
    )
    with pytest.raises(ReleaseError, match="used twice"):
        release_notebook(path)


def test_release_all_writes_then_detects_stale_and_missing_copies(tmp_path):
    sources, copies = tmp_path / "source", tmp_path
    sources.mkdir()
    write_notebook(sources / "01-demo.ipynb", [nbformat.v4.new_code_cell("import math")])
    write_notebook(sources / "02-more.ipynb", [nbformat.v4.new_code_cell("import os")])
    written = release_all(source_dir=sources, release_dir=copies)
    assert [p.name for p in written] == ["01-demo.ipynb", "02-more.ipynb"]
    assert release_all(check=True, source_dir=sources, release_dir=copies) == written

    stale = copies / "01-demo.ipynb"
    data = json.loads(stale.read_text(encoding="utf-8"))
    data["cells"][0]["source"] = "import math  # edited by hand"
    stale.write_text(json.dumps(data), encoding="utf-8")
    (copies / "02-more.ipynb").unlink()
    with pytest.raises(StaleCopiesError) as caught:
        release_all(check=True, source_dir=sources, release_dir=copies)
    assert caught.value.stale == [stale, copies / "02-more.ipynb"]
    assert "closereading release" in str(caught.value)


def test_solution_lines_cover_regions_hidden_tests_and_whole_written_answers(tmp_path):
    path = write_notebook(
        tmp_path / "01-demo.ipynb",
        [
            nbformat.v4.new_code_cell(
                "x = None\n### BEGIN SOLUTION\nx = 2\n### END SOLUTION",
                metadata={"nbgrader": marks("a", solution=True)},
            ),
            nbformat.v4.new_code_cell(
                "### BEGIN HIDDEN TESTS\nassert x == 2\n### END HIDDEN TESTS",
                metadata={"nbgrader": marks("b", grade=True, locked=True, points=1)},
            ),
            nbformat.v4.new_markdown_cell(
                "Strong answers say\n\nthis.",
                metadata={"nbgrader": marks("c", solution=True, grade=True, points=1)},
            ),
        ],
    )
    assert solution_lines(path) == {"x = 2", "assert x == 2", "Strong answers say", "this."}


def test_rebase_links_leaves_anchors_absolute_paths_and_web_links_alone():
    here, there = Path("/c/exercises/source"), Path("/c/exercises")
    text = "[a](#top) [b](/abs/x.md) [c](mailto:a@b.c) [d](../../course/syllabus.md)"
    assert rebase_links(text, here, there) == (
        "[a](#top) [b](/abs/x.md) [c](mailto:a@b.c) [d](../course/syllabus.md)"
    )


# --- a student copy runs top to bottom --------------------------------------------------------


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_a_fresh_student_copy_runs_all_without_an_error(source, tmp_path, monkeypatch):
    """ "Run All" in an untouched student copy reaches the end: no cell raises, and every check
    says the task is not answered yet. (The kernel inherits CLOSEREADING_WORK_DIR, so the own
    copy it makes goes to a temporary folder.)"""
    from nbclient import NotebookClient

    monkeypatch.setenv("CLOSEREADING_WORK_DIR", str(tmp_path / "work"))
    copy = release.RELEASE_DIR / source.name
    notebook = nbformat.read(copy, as_version=4)
    NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(copy.parent)}},
    ).execute()
    errors = [
        f"{output.ename}: {output.evalue}"
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error" or output.get("name") == "stderr"
    ]
    assert not errors, errors
    checks = graded_cells(notebook)
    assert checks
    for cell in checks:
        said = shown_text(cell)
        assert said.startswith("✗ Not answered yet"), said
    assert (tmp_path / "work" / "exercises" / release.own_copy_name(source.name)).exists()
