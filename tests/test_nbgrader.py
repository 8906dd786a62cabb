"""The exercise sources under stock nbgrader: ``generate_assignment`` makes the student version,
and ``autograde`` passes every checked task for the solutions and fails it for empty answers.

Every exercise is one notebook of one assignment in one course folder, generated and autograded
once (nbgrader's start-up is most of its time), with the one setting the instructor guide asks
for: nbgrader's code stub is ``# YOUR ANSWER HERE``, which an answer cell
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
from tests.graded import graded_cells

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


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """One course folder with every exercise in one assignment, generated and autograded once
    for two students: the solutions, and the released copy with its answers left empty."""
    course = tmp_path_factory.mktemp("course")
    work = os.environ.get("CLOSEREADING_WORK_DIR")
    os.environ["CLOSEREADING_WORK_DIR"] = str(course / "work")
    try:
        (course / "source" / "ps").mkdir(parents=True)
        (course / "nbgrader_config.py").write_text(CONFIG, encoding="utf-8")
        for source in release.source_notebooks():
            shutil.copy(source, course / "source" / "ps" / source.name)
        nbgrader(course, "generate_assignment", "ps", "--force")
        for student, folder in (("solutions", "source"), ("empty", "release")):
            target = course / "submitted" / student / "ps"
            target.mkdir(parents=True)
            for notebook in (course / folder / "ps").glob("*.ipynb"):
                shutil.copy(notebook, target / notebook.name)
        nbgrader(course, "autograde", "ps", "--create", "--force")
    finally:
        if work is None:
            os.environ.pop("CLOSEREADING_WORK_DIR", None)
        else:
            os.environ["CLOSEREADING_WORK_DIR"] = work
    return course


@pytest.mark.parametrize("source", release.source_notebooks(), ids=lambda p: p.name)
def test_autograde_passes_the_solutions_and_fails_empty_answers(source, course):
    from nbgrader.api import Gradebook

    released = nbformat.read(course / "release" / "ps" / source.name, as_version=4)
    answers = [c.source for c in released.cells if c.metadata.get("nbgrader", {}).get("solution")]
    code_answers = [a for a in answers if a.startswith(release.ANSWER_MAGIC)]
    assert code_answers and all(
        a.rstrip("\n").split("\n")[1:] in ([], ["# YOUR ANSWER HERE"]) for a in code_answers
    ), code_answers

    checked = [
        c.metadata["nbgrader"]["grade_id"]
        for c in graded_cells(nbformat.read(source, as_version=4))
    ]
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
