#!/usr/bin/env python3
"""Set up and run Close Reading Lab with nothing but Python 3.10+.

    python run.py lab      open the course in JupyterLab (creates .venv on first use)
    python run.py test     run every test: unit tests, notebooks (nbval), browser test
    python run.py lock     refresh requirements/lock.txt from pyproject.toml
    python run.py bench    run the speed benchmarks

On Windows, type ``py run.py lab`` instead. This script uses only the standard library
so that it runs before anything is installed; everything else lives in ``.venv``.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements" / "lock.txt"
STAMP = VENV / "closereading-installed.txt"
MIN_PYTHON = (3, 10)


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def install_fingerprint() -> str:
    """What the environment was built from; a change means reinstall."""
    digest = hashlib.sha256()
    for path in (ROOT / "pyproject.toml", LOCK):
        digest.update(path.read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def say(message: str) -> None:
    print(f"[closereading] {message}", flush=True)


def run(*args: object, **kwargs) -> None:
    subprocess.run([str(a) for a in args], check=True, **kwargs)


def ensure_environment() -> Path:
    """Create .venv and install the pinned dependencies, once (again when the lock changes)."""
    if sys.version_info < MIN_PYTHON:
        sys.exit(
            f"Close Reading Lab needs Python {'.'.join(map(str, MIN_PYTHON))} or newer; "
            f"this is {sys.version.split()[0]}. Install a newer Python from python.org."
        )
    python = venv_python()
    fingerprint = install_fingerprint()
    if python.exists() and STAMP.exists() and STAMP.read_text().strip() == fingerprint:
        return python
    if not python.exists():
        say(f"creating the environment in {VENV.name}/ (first run only; a few minutes)")
        venv.EnvBuilder(with_pip=True, clear=VENV.exists()).create(VENV)
    say("installing the pinned packages from requirements/lock.txt")
    run(python, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(python, "-m", "pip", "install", "--quiet", "-c", LOCK, "-e", f"{ROOT}[test]")
    STAMP.write_text(fingerprint + "\n")
    return python


def lab(python: Path, extra: list[str]) -> int:
    (ROOT / "work").mkdir(exist_ok=True)
    start = ROOT / "notebooks" / "00-start-here.ipynb"
    cmd = [python, "-m", "jupyter", "lab", str(start.relative_to(ROOT)), *extra]
    return subprocess.call([str(c) for c in cmd], cwd=ROOT)


def test(python: Path, extra: list[str]) -> int:
    cmd = [python, "-m", "pytest", *extra]
    return subprocess.call([str(c) for c in cmd], cwd=ROOT)


def bench(python: Path, extra: list[str]) -> int:
    status = 0
    for script in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        say(f"running {script.relative_to(ROOT)}")
        status |= subprocess.call([str(python), str(script), *extra], cwd=ROOT)
    return status


def lock(python: Path, extra: list[str]) -> int:
    """Resolve once for every Python from 3.10 up and every platform, so Windows and Mac students
    get the same versions as the machine that wrote the lock."""
    run(python, "-m", "pip", "install", "--quiet", "uv")
    cmd = [
        python,
        "-m",
        "uv",
        "pip",
        "compile",
        "pyproject.toml",
        "--extra",
        "test",
        "--universal",
        "--python-version",
        "3.10",
        "--no-header",
        "--upgrade",
        "-o",
        str(LOCK.relative_to(ROOT)),
        *extra,
    ]
    return subprocess.call([str(c) for c in cmd], cwd=ROOT)


COMMANDS = {"lab": lab, "test": test, "bench": bench, "lock": lock}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__.strip())
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    command, extra = argv[0], argv[1:]
    python = ensure_environment()
    return COMMANDS[command](python, extra)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
