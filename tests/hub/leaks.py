"""What students must never receive, and where it shows: the lines of the exercises' solutions
and hidden tests (read here from ``exercises/source/``, not by the code under test), and the
instructor's files. Used by ``tests/test_edition.py`` and by the hub test."""

from __future__ import annotations

import json
import re
from pathlib import Path

SOLUTION = re.compile(r"### BEGIN (SOLUTION|HIDDEN TESTS)\n(.*?)### END \1", re.DOTALL)
#: Folders and files of the course that students never receive.
KEPT_BACK = ("exercises/source/", "notebooks/instructor/", "course/instructor-guide.md", "tests/")


def squash(text: str) -> str:
    return " ".join(text.split())


def withheld(course: Path) -> set[str]:
    """Every line of a solution or hidden-test region of ``course``'s instructor notebooks longer
    than 30 characters, unless it quotes one of the course's interview texts (public)."""
    texts = squash(" ".join(p.read_text("utf-8") for p in course.glob("data/interviews/*.txt")))
    lines = set()
    for source in course.glob("exercises/source/*.ipynb"):
        for cell in json.loads(source.read_text("utf-8"))["cells"]:
            for _, region in SOLUTION.findall("".join(cell["source"])):
                lines |= {squash(line) for line in region.splitlines() if len(line.strip()) > 30}
    return {line for line in lines if line not in texts}


def readable_files(folder: Path) -> dict[str, str]:
    """Each text file under ``folder`` (git's own folder left out) as a reader sees it: a
    notebook's cells, or the file's text; whitespace collapsed."""
    found = {}
    for path in folder.rglob("*"):
        if ".git" in path.parts or not path.is_file():
            continue
        try:
            text = path.read_text("utf-8")
        except UnicodeDecodeError:
            continue
        if path.suffix == ".ipynb":
            cells = json.loads(text)["cells"]
            text = "\n".join("".join(cell["source"]) for cell in cells)
        found[path.relative_to(folder).as_posix()] = squash(text)
    return found


def what_leaked(folder: Path, lines: set[str]) -> list[str]:
    """Each withheld line, nbgrader marker in a notebook, or instructor's file under ``folder``."""
    found = []
    for name, text in readable_files(folder).items():
        found += [f"{name}: {line}" for line in lines if line in text]
        if name.endswith(".ipynb"):
            found += [f"{name}: {m}" for m in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS") if m in text]
    for path in folder.rglob("*"):
        name = path.relative_to(folder).as_posix()
        if ".git" not in path.parts and any(f"/{k}" in f"/{name}/" for k in KEPT_BACK):
            found.append(f"{name}: kept back from students")
    return found
