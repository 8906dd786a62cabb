"""The exercise sources under stock nbgrader: ``generate_assignment`` makes the student version,
and ``autograde`` passes every checked task for the solutions and fails it for empty answers.

Each exercise runs in a course folder of its own (``tmp_path``), with the one setting the
instructor guide asks for: nbgrader's code stub is ``# YOUR ANSWER HERE``, which an answer cell
ignores. Skipped when nbgrader is not installed (it is in the ``test`` extra).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from closereading.course import release

pytest.importorskip("nbgrader")

CONFIG = """c = get_config()
c.CourseDirectory.course_id = "closereading"
c.ClearSolutions.code_stub = {"python": "# YOUR ANSWER HERE"}
c.ExecutePreprocessor.timeout = 300
"""


def nbgrader(course: Path, *args: str) -> None:
    env = dict(os.environ)
    # nbgrader runs alembic from the environment's bin folder.
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"


def graded_cells(notebook) -> list[str]:
    return [
        c.metadata["nbgrader"]["grade_id"]
        for c in notebook.cells
        if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")
    ]


@pytest.mark.parametrize("source", release.source_notebooks(), ids=lambda p: p.name)
def test_autograde_passes_the_solutions_and_fails_empty_answers(source, tmp_path, monkeypatch):
    from nbgrader.api import Gradebook

    monkeypatch.setenv("CLOSEREADING_WORK_DIR", str(tmp_path / "work"))
    course = tmp_path / "course"
    (course / "source" / "ps").mkdir(parents=True)
    (course / "nbgrader_config.py").write_text(CONFIG, encoding="utf-8")
    shutil.copy(source, course / "source" / "ps" / source.name)
    nbgrader(course, "generate_assignment", "ps", "--force")

    released = nbformat.read(course / "release" / "ps" / source.name, as_version=4)
    answers = [c.source for c in released.cells if c.metadata.get("nbgrader", {}).get("solution")]
    code_answers = [a for a in answers if a.startswith(release.ANSWER_MAGIC)]
    assert code_answers and all(
        a.rstrip("\n").split("\n")[1:] in ([], ["# YOUR ANSWER HERE"]) for a in code_answers
    ), code_answers

    for student, notebook in (("solutions", source), ("empty", released)):
        folder = course / "submitted" / student / "ps"
        folder.mkdir(parents=True)
        nbformat.write(
            notebook if isinstance(notebook, nbformat.NotebookNode) else nbformat.read(notebook, 4),
            folder / source.name,
        )
    nbgrader(course, "autograde", "ps", "--create", "--force")

    checked = graded_cells(nbformat.read(source, as_version=4))
    assert checked
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for student, passes in (("solutions", True), ("empty", False)):
            submission = gradebook.find_submission_notebook(source.stem, "ps", student)
            scores = {
                grade.name: (grade.auto_score, grade.max_score)
                for grade in submission.grades
                if grade.name in checked
            }
            assert set(scores) == set(checked), scores
            for name, (score, most) in scores.items():
                assert most > 0
                assert score == (most if passes else 0), (student, name, score, most)
