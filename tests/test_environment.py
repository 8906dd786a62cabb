"""The two dependency lists (pip's pyproject.toml, conda's environment.yml) and the lock agree."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    tomllib = None


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement.strip(), maxsplit=1)[0].casefold().replace("_", "-")


def _pyproject_requirements() -> dict[str, str]:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    if tomllib is not None:
        project = tomllib.loads(text)["project"]
        requirements = project["dependencies"] + project["optional-dependencies"]["test"]
    else:  # the same lists read without tomllib: quoted strings inside the two arrays
        blocks = re.findall(r"^(?:dependencies|test) = \[(.*?)^\]", text, re.S | re.M)
        requirements = [r for block in blocks for r in re.findall(r'"([^"]+)"', block)]
    return {_name(r): r.replace(" ", "") for r in requirements}


def _conda_requirements() -> dict[str, str]:
    lines = (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines()
    found = {}
    in_deps = False
    for line in lines:
        if line.startswith("dependencies:"):
            in_deps = True
            continue
        match = re.match(r"^  - ([A-Za-z0-9_.\-]+.*)$", line)
        if in_deps and match and not match.group(1).startswith(("python", "pip")):
            found[_name(match.group(1))] = match.group(1).replace(" ", "")
    return found


def test_environment_yml_lists_the_same_packages_as_pyproject():
    assert _conda_requirements() == _pyproject_requirements()


def test_lock_pins_every_direct_dependency():
    lock = (ROOT / "requirements" / "lock.txt").read_text(encoding="utf-8")
    pinned = {
        _name(line) for line in lock.splitlines() if "==" in line and not line.startswith("#")
    }
    missing = set(_pyproject_requirements()) - pinned
    assert not missing, f"not pinned in requirements/lock.txt: {missing}; run `python run.py lock`"
