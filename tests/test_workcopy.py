"""The student's own copy of an exercise: made once in work/exercises/, never overwritten."""

from __future__ import annotations

import re

import nbformat
import pytest

from closereading.base.paths import ROOT
from closereading.course import release
from closereading.course.release import OWN_COPY_TAG
from closereading.course.workcopy import main, own_copy, own_copy_path

NAME = "01-first-reading.ipynb"


def test_a_copy_is_made_once_in_the_work_folder(work):
    made = own_copy("01")
    mine = work / "exercises" / "01-first-reading-my-answers.ipynb"
    assert made.created and made.path == mine == own_copy_path(NAME)
    assert "ready: work/exercises/01-first-reading-my-answers.ipynb" in repr(made)
    again = own_copy(NAME)
    assert not again.created and again.path == made.path
    assert "already exists" in repr(again) and "left exactly as it is" in repr(again)


def test_running_it_again_leaves_the_students_answers_intact(work):
    path = own_copy("01-first-reading").path
    notebook = nbformat.read(path, as_version=4)
    answer = next(c for c in notebook.cells if c.source.startswith("%%answer 01-exchange-share"))
    answer.source = answer.source.rstrip("\n") + "\n40"
    nbformat.write(notebook, path)
    before = path.read_bytes()
    own_copy("01")
    assert main(["01"]) == 0
    assert path.read_bytes() == before


def test_the_copy_is_the_course_copy_without_the_make_a_copy_cells(work):
    path = own_copy("03").path
    course = nbformat.read(release.RELEASE_DIR / path.name.replace("-my-answers", ""), as_version=4)
    mine = nbformat.read(path, as_version=4)
    assert len(mine.cells) == len(course.cells) - 1
    assert not any("own_copy(" in c.source for c in mine.cells)
    assert not any(OWN_COPY_TAG in c.metadata.get("tags", []) for c in mine.cells)
    assert [c.source.startswith("**This is your own copy**") for c in mine.cells].count(True) == 1
    # links rewritten for the copy's folder: they lead to the same lesson
    link = re.search(r"\]\(([^)]+03-words-in-context\.ipynb)\)", mine.cells[0].source).group(1)
    assert (path.parent / link).resolve() == ROOT / "notebooks" / "03-words-in-context.ipynb"
    marked = [c for c in mine.cells if c.metadata.get("nbgrader")]
    assert marked and len(marked) == len([c for c in course.cells if c.metadata.get("nbgrader")])


def test_html_view_links_to_the_copy_and_escapes(work):
    made = own_copy("02")
    link = re.search(
        r"<a href='([^']+)'>work/exercises/02-counting-words-my-answers.ipynb</a>",
        made._repr_html_(),
    )
    assert (release.RELEASE_DIR / link.group(1)).resolve() == made.path.resolve()


def test_an_unknown_exercise_names_the_exercises(work, capsys):
    with pytest.raises(FileNotFoundError, match=r"01-first-reading\.ipynb"):
        own_copy("99")
    assert main(["99"]) == 1
    assert "no single exercise matches '99'" in capsys.readouterr().err
    assert main([]) == 2


def test_on_a_hub_links_stay_inside_the_students_own_course_folder(tmp_path, monkeypatch):
    # The package is installed from one shared folder (ROOT); the student's course, pulled into
    # their home, holds their work/. Links must lead into that course, which JupyterLab can open.
    home_course = tmp_path / "home" / "closereading-lab"
    for folder in ("exercises", "notebooks", "course"):
        (home_course / folder).mkdir(parents=True)
    monkeypatch.setenv("CLOSEREADING_WORK_DIR", str(home_course / "work"))
    made = own_copy("03")
    links = re.findall(r"\]\(([^)#]+\.(?:ipynb|md))", nbformat.read(made.path, 4).cells[0].source)
    assert links
    for link in links:
        target = (made.path.parent / link).resolve()
        assert target.is_relative_to(home_course), link
    page = re.search(r"<a href='([^']+)'>", made._repr_html_()).group(1)
    assert (home_course / "exercises" / page).resolve() == made.path.resolve()


def test_a_copy_made_under_the_course_s_name_is_still_the_students(work):
    """Copies were once named like the course's file; such a copy is used where it is, never
    replaced by a new empty one."""
    earlier = work / "exercises" / NAME
    earlier.parent.mkdir(parents=True, exist_ok=True)
    earlier.write_text("{}", encoding="utf-8")
    found = own_copy("01")
    assert found.path == earlier and not found.created and earlier.read_text() == "{}"
