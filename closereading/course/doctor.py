"""``closereading doctor``: can this machine run the course, offline?

Each check returns ``(ok, message)``; the messages say what to do when a check fails.

One check compares the course folder the student works in with the ``closereading`` package
Python imports. On a hub they are two things: nbgitpuller brings each student the newest
lessons, while the package was installed once, in an image or a shared environment, and does not
follow. The lessons call the package, so both must come from the same version of the course. The
check compares the package's own files (``closereading/``, which every copy of the course holds)
with the ones in the student's course folder; notebook 00 runs it too (:func:`check_course`).
"""

from __future__ import annotations

import hashlib
import importlib
import os
import sys
from pathlib import Path

from closereading.base.paths import DATA_DIR, display_path, work_dir
from closereading.base.student import Notice

#: What marks a folder as a copy of the course: lesson 00 and the package's own source.
COURSE_MARKERS = ("notebooks/00-start-here.ipynb", "closereading/__init__.py")
#: Where on a hub each student's copy is (``closereading link``'s folder), from their home.
HUB_FOLDER = "closereading-lab"

REQUIRED = ("anywidget", "ipywidgets", "jupyterlab", "matplotlib", "nltk", "wordfreq")


def run_checks() -> list[tuple[bool, str]]:
    results = [
        (sys.version_info >= (3, 10), f"Python {sys.version.split()[0]} (3.10 or newer needed)")
    ]
    for name in REQUIRED:
        try:
            module = importlib.import_module(name)
        except ImportError as error:
            results.append(
                (
                    False,
                    f"{name} is not installed ({error}); run `python run.py lab` "
                    "from the course folder, which installs it",
                )
            )
        else:
            results.append((True, f"{name} {getattr(module, '__version__', '')}".rstrip()))
    results.append(_check_interview())
    results.append(_check_work_dir())
    step = course_step()
    if step is not None:
        results.append(step)
    return results


def _check_interview() -> tuple[bool, str]:
    from closereading.text.transcript import TranscriptError, load_interview

    try:
        interview = load_interview()
        words = len(interview.words)  # sentence and word splitting need no NLTK downloads
    except (TranscriptError, LookupError) as error:
        return False, f"the interview does not load: {error}"
    return True, f"the interview loads: {len(interview.turns)} turns, {words} words"


def _check_work_dir() -> tuple[bool, str]:
    folder = work_dir()
    probe = folder / ".write-test"
    try:
        probe.write_text("ok", encoding="utf-8")
        probe.unlink()
    except OSError as error:
        return False, f"cannot save your work in {folder}: {error}"
    return True, f"your work is saved in {display_path(folder)}/ (data: {display_path(DATA_DIR)}/)"


# --- the course folder and the installed package ---------------------------------------------


def package_folder() -> Path:
    """The folder of the ``closereading`` package Python imports."""
    return Path(__file__).resolve().parents[1]


def find_course(start: Path | None = None) -> Path | None:
    """The copy of the course the student works in: the first folder holding lesson 00 and the
    package's source, from ``start`` (the current folder: a notebook's kernel starts in
    ``notebooks/``) upwards; else the folder of ``CLOSEREADING_WORK_DIR``'s ``work/``; else
    ``~/closereading-lab``, where a hub's link puts it."""
    here = (start or Path.cwd()).resolve()
    candidates = [here, *here.parents]
    if os.environ.get("CLOSEREADING_WORK_DIR"):
        candidates.append(work_dir().resolve().parent)
    candidates.append(Path.home() / HUB_FOLDER)
    for folder in candidates:
        if all((folder / marker).is_file() for marker in COURSE_MARKERS):
            return folder
    return None


def source_fingerprint(package: Path) -> str:
    """A SHA-256 over the package's files (names and bytes), caches and editor files apart."""
    digest = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.is_file()):
        relative = path.relative_to(package).as_posix()
        if "__pycache__" in relative or ".ipynb_checkpoints" in relative or path.suffix == ".pyc":
            continue
        digest.update(relative.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def step_message(course: Path, package: Path) -> str:
    """What the student reads, then what the administrator must do."""
    return (
        "This copy of the course and the Close Reading Lab package installed on this computer "
        "are different versions, so some cells may fail or show something other than the lesson "
        "says: please tell your instructor. For the administrator: the lessons in "
        f"{course} need the package from the same version of the course, but Python imports "
        f"the one in {package}; install the package again from the version the students pull "
        "(course/deploying.md, 'The lessons and the package in step')."
    )


def course_step(start: Path | None = None) -> tuple[bool, str] | None:
    """``(ok, message)`` on the course folder and the installed package; None when there is no
    copy of the course to compare (the command was run outside one)."""
    course = find_course(start)
    if course is None:
        return None
    package = package_folder()
    installed = package.parent
    if course.resolve() == installed.resolve():
        return True, "the package Python imports is this course folder's own"
    if source_fingerprint(course / "closereading") == source_fingerprint(package):
        return True, f"the course in {course} and the package in {installed} are the same version"
    return False, step_message(course, installed)


def check_course(start: Path | None = None) -> Notice | None:
    """:func:`course_step`'s message when the course and the package differ, for notebook 00,
    which shows it; None (nothing shown) when they agree."""
    step = course_step(start)
    return Notice(step[1]) if step is not None and not step[0] else None
