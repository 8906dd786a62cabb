"""``closereading edition student OUT``: the course as students receive it, without solutions."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from hub.leaks import what_leaked, withheld

from closereading.base.paths import ROOT
from closereading.course.cli import main
from closereading.course.edition import TRAILER, EditionError, uncommitted, write_edition


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


# --- the course itself -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def edition(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("edition") / "closereading-student"
    assert main(["edition", "student", str(out)]) == 0
    return out


def test_the_edition_holds_what_students_use(edition):
    committed = set(git(ROOT, "ls-files").splitlines())
    lessons = {p for p in committed if re.fullmatch(r"notebooks/\d\d-[^/]+\.ipynb", p)}
    copies = {p for p in committed if re.fullmatch(r"exercises/\d\d-[^/]+\.ipynb", p)}
    shipped = set(git(edition, "ls-files").splitlines())
    assert lessons and copies and lessons | copies <= shipped
    for name in (
        "README.md",
        "run.py",
        "pyproject.toml",
        "requirements/lock.txt",
        "course/syllabus.md",
        "course/rubric.md",
        "data/moves.json",
        "closereading/__init__.py",
        "closereading/course/checks/ex04.py",
    ):
        assert name in shipped, name
    assert "work/" in (edition / ".gitignore").read_text("utf-8").splitlines()
    assert git(edition, "status", "--porcelain") == ""  # the working tree shows the commit


def test_nothing_an_instructor_keeps_back_is_in_it(edition):
    shipped = set(git(edition, "ls-files").splitlines())
    for kept_back in ("exercises/source/", "notebooks/instructor/", "tests/"):
        assert not [p for p in shipped if p.startswith(kept_back)], kept_back
    assert "course/instructor-guide.md" not in shipped
    lines = withheld(ROOT)
    assert len(lines) > 40  # the course's solutions were really read
    assert what_leaked(ROOT / "exercises", lines)  # ... and would be found
    assert what_leaked(edition, lines) == []


def test_no_link_in_the_edition_leads_to_a_file_it_leaves_out(edition):
    from closereading.course.edition import _LINK

    shipped = set(git(edition, "ls-files").splitlines())
    dead = []
    for name in sorted(p for p in shipped if p.endswith((".md", ".ipynb"))):
        text = (edition / name).read_text("utf-8")
        for _, target in _LINK.findall(text):
            target = target.split("#", 1)[0]
            if not target or ":" in target or target.startswith("/"):
                continue
            resolved = os.path.normpath(str(Path(name).parent / target))
            if resolved not in shipped and not any(p.startswith(resolved + "/") for p in shipped):
                dead.append(f"{name}: {target}")
    assert dead == []
    readme = (edition / "README.md").read_text("utf-8")
    assert "instructor guide (in the full course, kept by the instructor)" in readme
    assert "(course/syllabus.md)" in readme  # links to what the edition holds stay links


# --- a small course, changed between runs ------------------------------------------------------


def notebook(*sources: str, solution: bool = False) -> str:
    cells = [
        {
            "cell_type": "code",
            "id": f"c{i}",
            "metadata": {
                "nbgrader": {
                    "solution": solution,
                    "grade": False,
                    "locked": False,
                    "schema_version": 3,
                    "grade_id": f"c{i}",
                }
            },
            "source": source,
            "outputs": [],
            "execution_count": None,
        }
        for i, source in enumerate(sources)
    ]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


ANSWER = "reply = 'Peskov hedges because the question presses him on timing'"


@pytest.fixture
def course(tmp_path) -> Path:
    root = tmp_path / "course"
    files = {
        ".gitignore": "work/\n",
        "README.md": "# A course\n",
        "notebooks/00-start.ipynb": notebook("print('hello')"),
        "notebooks/instructor/report.ipynb": notebook("print('class')"),
        "exercises/01-first.ipynb": notebook("reply = None\n# YOUR ANSWER HERE"),
        "exercises/source/01-first.ipynb": notebook(
            f"reply = None\n### BEGIN SOLUTION\n{ANSWER}\n### END SOLUTION", solution=True
        ),
        "course/instructor-guide.md": "Plans.\n",
        "course/syllabus.md": "Weeks.\n",
        "data/interviews/text.txt": "Saunders: Why?\n",
        "tests/test_x.py": "def test(): pass\n",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    commit(root, "The course")
    return root


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=I", "-c", "user.email=i@example.edu", "commit", "-qm", message)


def test_a_new_run_adds_a_commit_a_student_can_merge(course, tmp_path):
    out = tmp_path / "edition"
    first = write_edition(out, source=course)
    assert first.changed and TRAILER in git(out, "log", "-1", "--format=%B")
    assert sorted(git(out, "ls-files").splitlines()) == [
        ".gitignore",
        "README.md",
        "course/syllabus.md",
        "data/interviews/text.txt",
        "exercises/01-first.ipynb",
        "notebooks/00-start.ipynb",
    ]
    assert not write_edition(out, source=course).changed  # nothing new: no commit

    student = tmp_path / "student"
    git(tmp_path, "clone", "-q", "--depth", "1", "--branch", "student", out.as_uri(), str(student))
    (student / "work").mkdir()
    (student / "work" / "mine.txt").write_text("my notes")
    (course / "course" / "syllabus.md").write_text("Weeks, updated.\n")
    commit(course, "Update the syllabus")
    second = write_edition(out, source=course)
    assert second.changed and git(out, "rev-parse", f"{second.commit}^") == first.commit
    git(student, "fetch", "-q")  # as nbgitpuller fetches, then merges
    git(
        student,
        "-c",
        "user.name=S",
        "-c",
        "user.email=s@e.edu",
        "merge",
        "-q",
        "-Xours",
        "origin/student",
    )
    assert (student / "course" / "syllabus.md").read_text() == "Weeks, updated.\n"
    assert (student / "work" / "mine.txt").read_text() == "my notes"


def test_a_solution_that_slipped_into_a_lesson_stops_the_command(course, tmp_path):
    (course / "notebooks" / "00-start.ipynb").write_text(notebook(f"# {ANSWER}"))
    commit(course, "A lesson that quotes the solution")
    with pytest.raises(EditionError, match=r"notebooks/00-start\.ipynb: .*Peskov hedges"):
        write_edition(tmp_path / "edition", source=course)
    assert not (tmp_path / "edition").exists()


def test_the_branch_form_leaves_the_course_files_alone(course):
    (course / "README.md").write_text("# A course, being edited\n")
    made = write_edition(None, source=course, branch="student")
    assert made.repository == course.resolve()
    assert git(course, "symbolic-ref", "--short", "HEAD") == "main"
    assert git(course, "status", "--porcelain") == "M README.md"
    assert "exercises/source/01-first.ipynb" not in git(course, "ls-tree", "-r", "student")
    with pytest.raises(EditionError, match="'main' is checked out"):
        write_edition(None, source=course, branch="main")


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda out: out.write_text("x"), "is a file"),
        (lambda out: (out.mkdir(), (out / "essay.md").write_text("x")), "not a git repository"),
        (
            lambda out: subprocess.run(
                ["git", "clone", "-q", str(out.parent / "course"), str(out)], check=True
            ),
            "branches of its own",
        ),
    ],
)
def test_something_else_is_refused(course, tmp_path, make, says):
    out = tmp_path / "out"
    make(out)
    with pytest.raises(EditionError, match=says):
        write_edition(out, source=course)


def test_a_branch_of_the_same_name_not_made_by_the_command_is_refused(course):
    git(course, "branch", "student")
    with pytest.raises(EditionError, match="was not made by 'closereading edition'"):
        write_edition(None, source=course)


def test_uncommitted_changes_in_the_edition_are_refused(course, tmp_path):
    out = tmp_path / "edition"
    write_edition(out, source=course)
    (out / "README.md").write_text("edited by hand\n")
    with pytest.raises(EditionError, match="not committed"):
        write_edition(out, source=course)
    assert (out / "README.md").read_text() == "edited by hand\n"


def test_the_command_asks_for_a_place(capsys):
    assert main(["edition", "student"]) == 2
    assert "give OUT" in capsys.readouterr().err


def test_a_bare_repository_takes_the_edition(course, tmp_path):
    bare = tmp_path / "edition.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    made = write_edition(bare, source=course)
    assert "notebooks/00-start.ipynb" in git(bare, "ls-tree", "-r", "--name-only", made.commit)


def test_a_course_folder_without_git_is_refused(tmp_path):
    (tmp_path / "course").mkdir()
    with pytest.raises(EditionError, match="not a git repository: the student edition is made"):
        write_edition(tmp_path / "out", source=tmp_path / "course")


def test_uncommitted_course_changes_are_named(course):
    (course / "notebooks" / "00-start.ipynb").write_text(notebook("print('changed')"))
    (course / "exercises" / "source" / "01-first.ipynb").write_text(notebook("x = 1"))
    assert uncommitted(course) == ["notebooks/00-start.ipynb"]
