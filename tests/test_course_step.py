"""The lessons and the package in step: a course folder pulled newer (or older) than the installed
``closereading`` package is named, in notebook 00 and by ``closereading doctor``, with what the
student and the administrator must do; the same version says nothing in notebook 00."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from closereading.course import doctor

ROOT = Path(__file__).resolve().parent.parent
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints")


@pytest.fixture
def pulled(tmp_path) -> Path:
    """A student's copy of the course beside the installed package, at the same version: the
    package's files and lesson 00, as a pull brings them."""
    course = tmp_path / "home" / "closereading-lab"
    shutil.copytree(ROOT / "closereading", course / "closereading", ignore=IGNORE)
    (course / "notebooks").mkdir()
    shutil.copy2(ROOT / "notebooks" / "00-start-here.ipynb", course / "notebooks")
    return course


def _update(course: Path) -> None:
    """The course moves on: a new release changes a function the lessons call."""
    module = course / "closereading" / "analysis" / "frequency.py"
    module.write_text(
        module.read_text(encoding="utf-8") + "\n\ndef new_in_the_next_release():\n    return 1\n",
        encoding="utf-8",
    )


def test_the_same_version_says_nothing(pulled):
    ok, message = doctor.course_step(pulled / "notebooks")
    assert ok and "same version" in message
    assert doctor.check_course(pulled / "notebooks") is None


def test_a_newer_course_beside_an_older_package_is_named(pulled):
    _update(pulled)
    ok, message = doctor.course_step(pulled / "notebooks")
    assert not ok
    assert message.startswith("This copy of the course and the Close Reading Lab package")
    assert "please tell your instructor" in message
    assert str(pulled) in message and str(doctor.package_folder().parent) in message
    assert "install the package again" in message
    shown = doctor.check_course(pulled / "notebooks")
    assert shown == message and repr(shown) == message  # shown as text, without quotes


def test_the_course_folder_is_found_from_the_work_folder_and_the_home(
    pulled, tmp_path, monkeypatch
):
    _update(pulled)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.setenv("CLOSEREADING_WORK_DIR", str(pulled / "work"))
    assert doctor.find_course(elsewhere) == pulled.resolve()
    monkeypatch.delenv("CLOSEREADING_WORK_DIR")
    monkeypatch.setenv("HOME", str(pulled.parent))
    assert doctor.find_course(elsewhere) == pulled
    monkeypatch.setenv("HOME", str(elsewhere))
    assert doctor.find_course(elsewhere) is None and doctor.course_step(elsewhere) is None


def test_caches_do_not_count_as_a_difference(pulled):
    cache = pulled / "closereading" / "__pycache__"
    cache.mkdir(exist_ok=True)
    (cache / "x.cpython-311.pyc").write_bytes(b"\0")
    assert doctor.course_step(pulled)[0]


def test_doctor_names_a_newer_course_and_fails(pulled, tmp_path):
    _update(pulled)
    env = dict(os.environ, CLOSEREADING_WORK_DIR=str(tmp_path / "work"), HOME=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "closereading.course.cli", "doctor"],
        cwd=pulled / "notebooks",
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "FAIL  This copy of the course and the Close Reading Lab package" in result.stdout


def test_notebook_00_runs_the_check():
    import nbformat

    notebook = nbformat.read(ROOT / "notebooks" / "00-start-here.ipynb", as_version=4)
    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    assert "check_course()" in code
