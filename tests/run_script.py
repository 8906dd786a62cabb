"""``run.py``, the course's set-up script, loaded as a module for the tests that call its
functions (it is a script beside the package, not part of it)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_run_script():
    spec = importlib.util.spec_from_file_location("closereading_run_script", ROOT / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


run = load_run_script()
