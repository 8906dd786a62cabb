"""The files Binder's repo2docker reads agree with the lock, the Python that made the committed
outputs, and the notebook a launch should open.

repo2docker reads ``binder/`` and then ignores configuration at the top of the repository (such as
``environment.yml``, which conda resolves for itself). ``binder/requirements.txt`` installs the
course with ``requirements/lock.txt`` as constraints, ``binder/runtime.txt`` names the Python,
and ``binder/postBuild`` sets the page a launch opens.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from packaging.markers import Marker

ROOT = Path(__file__).resolve().parent.parent
BINDER = ROOT / "binder"
LINUX = {"sys_platform": "linux", "os_name": "posix", "platform_system": "Linux"}


def _requirement_lines() -> list[str]:
    text = (BINDER / "requirements.txt").read_text(encoding="utf-8")
    return [
        line.split("#", 1)[0].strip() for line in text.splitlines() if line.split("#", 1)[0].strip()
    ]


def _runtime_version() -> str:
    runtime = (BINDER / "runtime.txt").read_text(encoding="utf-8").strip()
    match = re.fullmatch(r"python-(3\.\d+)", runtime)
    assert match, f"binder/runtime.txt: {runtime!r} is not of the form python-3.X"
    return match.group(1)


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement.strip(), maxsplit=1)[0].casefold().replace("_", "-")


def _lock_pins(environment: dict[str, str]) -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements" / "lock.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" not in line:
            continue
        requirement, _, marker = line.partition(";")
        if not marker.strip() or Marker(marker).evaluate(environment):
            name, version = requirement.strip().split("==")
            pins[_name(name)] = version
    return pins


def test_binder_folder_is_what_repo2docker_reads():
    # With binder/, repo2docker ignores the top folder's environment.yml; a second environment
    # file inside binder/ would be taken before requirements.txt and bypass the lock.
    assert (BINDER / "requirements.txt").is_file()
    assert not (BINDER / "environment.yml").exists()


def test_requirements_install_the_course_constrained_by_the_lock():
    lines = _requirement_lines()
    constraints = [line for line in lines if line.startswith("-c ")]
    assert constraints == ["-c ../requirements/lock.txt"]
    assert (BINDER / constraints[0][3:]).resolve() == ROOT / "requirements" / "lock.txt"
    # "-e ." is read from the top folder, where repo2docker runs pip.
    assert "-e ." in lines and (ROOT / "pyproject.toml").is_file()
    assert len(lines) == 2, f"binder/requirements.txt has more than the course: {lines}"


def test_every_course_dependency_is_pinned_for_binder_linux_python():
    import tomllib

    version = _runtime_version()
    pins = _lock_pins(dict(LINUX, python_version=version, python_full_version=f"{version}.0"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    unpinned = {_name(r) for r in project["dependencies"]} - set(pins)
    assert not unpinned, f"not pinned for Binder's Python {version}: {unpinned}"


def test_runtime_python_is_the_one_that_made_the_committed_outputs():
    version = _runtime_version()
    versions = [
        json.loads(path.read_text(encoding="utf-8"))["metadata"].get("language_info", {})
        for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    ]
    # A notebook saved before its first run has no version; every run one must agree.
    made_with = {".".join(v["version"].split(".")[:2]) for v in versions if "version" in v}
    assert made_with == {version}, (
        f"binder/runtime.txt says python-{version}; the notebooks' outputs were made with {made_with}"
    )
    low = re.search(r'requires-python = ">=(3\.\d+)"', (ROOT / "pyproject.toml").read_text())
    assert low and tuple(map(int, version.split("."))) >= tuple(map(int, low.group(1).split(".")))


def test_a_launch_opens_the_start_here_notebook():
    post_build = BINDER / "postBuild"
    text = post_build.read_text(encoding="utf-8")
    assert text.startswith("#!/bin/bash\n")
    if os.name == "posix":
        assert os.access(post_build, os.X_OK), "binder/postBuild must be executable"
    config = json.loads(text.split("<<'JSON'\n", 1)[1].split("\nJSON", 1)[0])
    url = config["ServerApp"]["default_url"]
    assert url == "/lab/tree/notebooks/00-start-here.ipynb"
    assert (ROOT / url.removeprefix("/lab/tree/")).is_file()
