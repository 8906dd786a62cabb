"""The two dependency lists (pip's pyproject.toml, conda's environment.yml) and the lock agree."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from tests.run_script import run

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
        extras = project["optional-dependencies"]
        requirements = project["dependencies"] + extras["test"] + extras["hub"]
    else:  # the same lists read without tomllib: quoted strings inside the two arrays
        blocks = re.findall(r"^(?:dependencies|test|hub) = \[(.*?)^\]", text, re.S | re.M)
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


# --- what each command installs: the runtime for a lab, the development set for the tests --------

#: Packages only the tests, the checks and the website need: a student's `run.py lab` must not
#: install any of them (together 134 of 296 MB of a single-platform wheelhouse when it did).
TEST_ONLY = {
    "axe-playwright-python",
    "hypothesis",
    "import-linter",
    "jupyterhub",
    "mypy",
    "myst-nb",
    "nbgitpuller",
    "nbgrader",
    "nbval",
    "playwright",
    "pytest",
    "pytest-xdist",
    "ruff",
    "sphinx",
    "sphinx-book-theme",
}


def test_the_test_only_packages_are_the_development_set_of_pyproject():
    assert run.direct_requirements(("test",)) - run.direct_requirements() >= TEST_ONLY
    assert not TEST_ONLY & run.direct_requirements()


def test_lab_and_notebook_install_the_runtime_only_and_test_adds_the_rest():
    for command in ("lab", "notebook"):
        assert run.extras_for(command) == ()
        args = [str(a) for a in run.install_args(None, run.extras_for(command))]
        assert args[args.index("-e") + 1] == str(ROOT), args  # the course, no [extra]
        assert args[args.index("-c") + 1] == str(run.LOCK)
    for command in ("test", "picture", "site"):
        args = [str(a) for a in run.install_args(None, run.extras_for(command))]
        assert args[args.index("-e") + 1] == f"{ROOT}[test]"
    offline = [str(a) for a in run.install_args(Path("wh"), ())]
    assert offline[offline.index("--find-links") + 1] == "wh" and "--no-index" in offline


def test_switching_from_lab_to_test_installs_the_rest_once(tmp_path, monkeypatch):
    python = tmp_path / "venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text("")
    monkeypatch.setattr(run, "venv_python", lambda folder=None: python)
    monkeypatch.setattr(run, "STAMP", tmp_path / "stamp.txt")
    monkeypatch.setattr(run, "has_wheelhouse", lambda folder=None: False)
    installs = []
    monkeypatch.setattr(
        run, "install_packages", lambda py, wheelhouse=None, extras=(): installs.append(extras)
    )
    run.ensure_environment(run.extras_for("lab"))
    run.ensure_environment(run.extras_for("lab"))  # nothing new to install
    run.ensure_environment(run.extras_for("test"))
    run.ensure_environment(run.extras_for("lab"))  # test's packages stay; nothing to do
    assert installs == [(), ("test",)]
    (tmp_path / "stamp.txt").write_text("an older lock\nextras:test\n")
    run.ensure_environment(run.extras_for("lab"))  # a new lock: what is there is updated too
    assert installs[-1] == ("test",)


def _closure(requirements, extras_of=None):
    """The distributions installing ``requirements`` brings in, resolved against this
    environment's own metadata (offline): markers evaluated here, extras followed."""
    from importlib.metadata import PackageNotFoundError, distribution

    from packaging.requirements import Requirement

    found, todo = set(), [(Requirement(r), {""}) for r in requirements]
    while todo:
        requirement, wanted = todo.pop()
        marker = requirement.marker
        if marker is not None and not any(marker.evaluate({"extra": e}) for e in wanted):
            continue
        name = _name(requirement.name)
        key = (name, frozenset(requirement.extras))
        if key in found:
            continue
        found.add(key)
        try:
            requires = distribution(requirement.name).requires or []
        except PackageNotFoundError:
            continue  # not for this machine (a marker's other side) or not installed here
        todo.extend((Requirement(r), {"", *requirement.extras}) for r in requires)
    return {name for name, _ in found}


def _listed(key):
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    block = re.search(rf"^{key} = \[(.*?)^\]", text, re.S | re.M).group(1)
    return re.findall(r'"([^"]+)"', block)


def test_the_runtime_resolves_to_no_test_only_package():
    """A real resolution, offline, against the installed versions (the lock's): what the course's
    runtime requirements pull in, followed through every installed package's own metadata."""
    runtime = _closure(_listed("dependencies"))
    assert {"jupyterlab", "jupyter-server", "ipykernel", "matplotlib", "numpy"} <= runtime
    assert not runtime & TEST_ONLY, sorted(runtime & TEST_ONLY)
    development = _closure(_listed("dependencies") + _listed("test"))
    assert development >= TEST_ONLY  # the same walk does see them when they are asked for
    hub = _closure(_listed("dependencies") + _listed("hub"))
    assert {"jupyterhub", "nbgitpuller"} <= hub and not hub & (
        TEST_ONLY - {"jupyterhub", "nbgitpuller"}
    )


def test_the_wheelhouse_sets_hold_what_the_resolution_needs():
    """The lock's ``# via`` graph, which ``run.py wheelhouse`` downloads from, holds everything
    the resolution above reaches, and no test-only package for a lab."""
    runtime = run.locked_names()
    assert _closure(_listed("dependencies")) <= runtime | {"closereading"}
    assert not runtime & TEST_ONLY
    assert run.locked_names(("test",)) >= TEST_ONLY
    assert {"jupyterhub", "nbgitpuller"} <= run.locked_names(("hub",))
