"""The project's own checks, run by the same test command as everything else: style (ruff),
types (mypy, strict on the base, text and analysis layers) and the one-way layering of the
package (import-linter). A failure here names the file and line to fix."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CODE = ["closereading", "tests", "benchmarks", "run.py", "conftest.py"]


def _run(*command: str, cwd: Path = ROOT, env: dict[str, str] | None = None):
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)


def test_ruff_finds_no_problems():
    result = _run(str(BIN / "ruff"), "check", *CODE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_code_is_formatted():
    result = _run(str(BIN / "ruff"), "format", "--check", *CODE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_passes():
    result = _run(sys.executable, "-m", "mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_imports_run_one_way():
    result = _run(str(BIN / "lint-imports"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "wrong_way"),
    [
        ("text/tokens.py", "from closereading.views import style"),
        ("analysis/frequency.py", "from closereading.annotation import taxonomy"),
        ("views/display.py", "from closereading.widgets import _fallback"),
    ],
)
def test_a_wrong_way_import_breaks_the_contract(tmp_path, module, wrong_way):
    """The contract can fail: the same check on a copy of the package with one import that
    runs up the layers reports it."""
    copy = tmp_path / "closereading"
    shutil.copytree(ROOT / "closereading", copy, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = copy / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{wrong_way}\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    result = _run(str(BIN / "lint-imports"), "--no-cache", cwd=tmp_path, env=env)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout or "broken" in result.stdout
