"""``closereading doctor``: can this machine run the course, offline?

Each check returns ``(ok, message)``; the messages say what to do when a check fails.
"""

from __future__ import annotations

import importlib
import sys

from closereading.base.paths import DATA_DIR, display_path, work_dir

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
