"""Student copies of the exercises: ``exercises/source/NN-*.ipynb`` -> ``exercises/NN-*.ipynb``.

The source notebooks are the instructor's, written with nbgrader's markers and cell metadata so
that instructors who use nbgrader can take them as they are. This module does, without nbgrader,
what ``nbgrader generate_assignment`` does to them:

- a solution region (the lines from ``### BEGIN SOLUTION`` to ``### END SOLUTION``) becomes the
  stub ``# YOUR ANSWER HERE``, indented like the marker; in an answer cell (first line
  ``%%answer <task>``, :mod:`closereading.course.answers`) it becomes one empty line, where the
  student types. nbgrader's own stub adds ``raise NotImplementedError()``, which stops "Run All"
  at the first unanswered task; here the check below an empty answer reports "Not answered yet"
  instead (nbgrader users set ``ClearSolutions.code_stub`` to ``# YOUR ANSWER HERE``, which an
  answer cell ignores);
- a solution cell without markers (a written answer) becomes ``YOUR ANSWER HERE`` (or the code
  stub, for a code cell);
- hidden test regions (``### BEGIN HIDDEN TESTS`` to ``### END HIDDEN TESTS``) are removed;
- outputs and execution counts are cleared, and metadata that changes from run to run (timings,
  widget state, the Python version that ran the source) is dropped;
- relative links in text cells are rewritten for the student copy's folder, one level up from
  ``source/`` (``../../notebooks/01-first-reading.ipynb`` becomes
  ``../notebooks/01-first-reading.ipynb``), so that they lead to the same files;
- after the imports, two cells tagged ``own-copy`` tell the student to work in their own
  copy, ``work/exercises/NN-*.ipynb``, and make it (:mod:`closereading.course.workcopy`), so
  that a course update, which replaces this file, never touches their answers.

The result depends only on the source notebook, so the committed student copies can be checked
byte for byte against a fresh release (``closereading release --check``).

>>> from closereading.course.release import release_cell_source
>>> print(release_cell_source("x = None\\n### BEGIN SOLUTION\\nx = 2\\n### END SOLUTION", "code", True))
x = None
# YOUR ANSWER HERE
>>> release_cell_source("%%answer 05-framing\\n### BEGIN SOLUTION\\n1, 3\\n### END SOLUTION", "code", True)
'%%answer 05-framing\\n'
"""

# Size: just over 300 lines; writing, checking and comparing student copies share one notebook walk.

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path

from closereading.base.paths import ROOT

__all__ = [
    "ANSWER_MAGIC",
    "CODE_STUB",
    "OWN_COPY_TAG",
    "RELEASE_DIR",
    "SOURCE_DIR",
    "TEXT_STUB",
    "ReleaseError",
    "StaleCopiesError",
    "check_marks",
    "rebase_links",
    "release_all",
    "release_cell_source",
    "release_notebook",
    "release_text",
    "solution_lines",
    "source_notebooks",
]

SOURCE_DIR = ROOT / "exercises" / "source"
RELEASE_DIR = ROOT / "exercises"

# The delimiters of nbgrader's ClearSolutions and ClearHiddenTests (nbgrader 0.9) and its text stub;
# the code stub is a comment only, so that an unanswered task never stops "Run All".
CODE_STUB = "# YOUR ANSWER HERE"
#: The first line of an answer cell (:mod:`closereading.course.answers`): its solution region
#: becomes nothing, so that the cell is empty below that line.
ANSWER_MAGIC = "%%answer "
TEXT_STUB = "YOUR ANSWER HERE"
BEGIN_SOLUTION, END_SOLUTION = "BEGIN SOLUTION", "END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"

_NOTEBOOK_NAME = re.compile(r"^\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.ipynb$")
# Cell metadata worth keeping in a student copy; everything else (timings, "scrolled", ...) goes.
_KEEP_CELL_METADATA = ("nbgrader", "tags", "deletable", "editable")


#: The tag of the cells a release adds to a student copy to send the student to their own copy.
OWN_COPY_TAG = "own-copy"


class ReleaseError(ValueError):
    """A source exercise notebook whose markers or metadata do not make sense."""


class StaleCopiesError(ReleaseError):
    """Committed student copies that differ from a fresh release (or are missing)."""

    def __init__(self, stale: list[Path]):
        self.stale = stale
        names = ", ".join(
            p.relative_to(ROOT).as_posix() if p.is_relative_to(ROOT) else str(p) for p in stale
        )
        super().__init__(
            f"student copies out of date: {names}. "
            "Run `closereading release` and commit the result."
        )


def _nbgrader(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _replace_regions(
    source: str, begin: str, end: str, stub: str | None, where: str
) -> tuple[str, bool]:
    """Replace each ``begin``..``end`` region (marker lines included) by ``stub``, indented like
    the begin marker, or drop it when ``stub`` is None. Returns the new source and whether any
    region was found."""
    kept: list[str] = []
    inside = found = False
    for line in source.split("\n"):
        if begin in line:
            if inside:
                raise ReleaseError(f"{where}: '{begin}' inside another '{begin}' region")
            inside = found = True
            if stub is not None:
                indent = line[: len(line) - len(line.lstrip())]
                kept.extend(indent + stub_line for stub_line in stub.split("\n"))
        elif end in line:
            if not inside:
                raise ReleaseError(f"{where}: '{end}' without a '{begin}' before it")
            inside = False
        elif not inside:
            kept.append(line)
    if inside:
        raise ReleaseError(f"{where}: '{begin}' has no matching '{end}'")
    return "\n".join(kept), found


_MARK_KEYS = {"schema_version", "solution", "grade", "locked", "grade_id"}
_GRADE_ID = re.compile(r"^[A-Za-z0-9_-]+$")


def check_marks(marks: dict, cell_type: str, where: str = "cell") -> None:
    """Raise :class:`ReleaseError` unless ``marks`` is nbgrader cell metadata (schema 3) that
    stock nbgrader accepts: the five keys, ``points`` exactly when ``grade`` is true, and a
    graded text cell is also a solution cell (a written answer)."""
    missing = _MARK_KEYS - set(marks)
    if missing:
        raise ReleaseError(f"{where}: nbgrader metadata lacks {sorted(missing)}")
    extra = set(marks) - _MARK_KEYS - {"points"}
    if extra:
        raise ReleaseError(f"{where}: unexpected nbgrader metadata keys {sorted(extra)}")
    if marks["schema_version"] != 3:
        raise ReleaseError(f"{where}: nbgrader schema_version must be 3")
    if not all(isinstance(marks[k], bool) for k in ("solution", "grade", "locked")):
        raise ReleaseError(f"{where}: solution, grade and locked must be true or false")
    if not isinstance(marks["grade_id"], str) or not _GRADE_ID.match(marks["grade_id"]):
        raise ReleaseError(
            f"{where}: grade_id {marks['grade_id']!r} must be letters, digits, '-' or '_'"
        )
    if marks["grade"] != ("points" in marks):
        raise ReleaseError(f"{where}: give points exactly when grade is true")
    if "points" in marks and (
        isinstance(marks["points"], bool)
        or not isinstance(marks["points"], (int, float))
        or marks["points"] < 0
    ):
        raise ReleaseError(f"{where}: points must be a number, 0 or more")
    if cell_type == "markdown" and marks["grade"] and not marks["solution"]:
        raise ReleaseError(f"{where}: a graded text cell must also be a solution cell")


def release_cell_source(
    source: str, cell_type: str, solution: bool = False, grade: bool = False, where: str = "cell"
) -> str:
    """The student's version of one cell's source (see the module docstring for the rules)."""
    stub = CODE_STUB if cell_type == "code" else TEXT_STUB
    if cell_type == "code" and source.startswith(ANSWER_MAGIC):
        stub = ""  # the student types below the first line; a stub would be read as the answer
    source, replaced = _replace_regions(source, BEGIN_SOLUTION, END_SOLUTION, stub, where)
    if replaced and not solution:
        raise ReleaseError(
            f"{where}: a solution region in a cell not marked as a solution cell "
            "(set metadata.nbgrader.solution to true)"
        )
    if solution and not replaced:
        source = stub
    source, removed = _replace_regions(source, BEGIN_HIDDEN, END_HIDDEN, None, where)
    if removed and not grade:
        raise ReleaseError(
            f"{where}: hidden tests in a cell not marked as a grade cell "
            "(set metadata.nbgrader.grade to true)"
        )
    return source


_LINK = re.compile(r"(\]\()([^)\s]+)(\))")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def rebase_links(markdown: str, from_dir: Path, to_dir: Path) -> str:
    """Rewrite the relative targets of Markdown links ``[text](target)`` written for a file in
    ``from_dir`` so that they lead to the same files from ``to_dir``.

    >>> print(rebase_links("[lesson](../../notebooks/01-x.ipynb), [web](https://a.b/c)",
    ...                    Path("/c/exercises/source"), Path("/c/exercises")))
    [lesson](../notebooks/01-x.ipynb), [web](https://a.b/c)
    """

    def rebase(match: re.Match) -> str:
        target = match.group(2)
        path, hash_, anchor = target.partition("#")
        if not path or _SCHEME.match(path) or path.startswith("/"):
            return match.group(0)
        joined = os.path.normpath(os.path.join(from_dir, *path.split("/")))
        new = posixpath.join(*Path(os.path.relpath(joined, to_dir)).parts)
        return match.group(1) + new + hash_ + anchor + match.group(3)

    return _LINK.sub(rebase, markdown)


def release_notebook(source_path: str | Path, target_dir: str | Path | None = None):
    """The student copy of one source exercise notebook, as an ``nbformat.NotebookNode``.

    ``target_dir`` is where the copy will live (default: the folder above the source's
    folder, as ``exercises/`` is above ``exercises/source/``); relative links are rewritten
    for it.
    """
    import nbformat

    source_path = Path(source_path).resolve()
    target_dir = Path(target_dir).resolve() if target_dir else source_path.parent.parent
    notebook = nbformat.read(source_path, as_version=4)
    seen_ids: set[str] = set()
    for number, cell in enumerate(notebook.cells, start=1):
        where = f"{source_path.name}, cell {number}"
        marks = _nbgrader(cell)
        if marks:
            check_marks(marks, cell.cell_type, where)
            grade_id = marks["grade_id"]
            if grade_id in seen_ids:
                raise ReleaseError(f"{where}: grade_id {grade_id!r} is used twice")
            seen_ids.add(grade_id)
        cell.source = release_cell_source(
            cell.source,
            cell.cell_type,
            bool(marks.get("solution")),
            bool(marks.get("grade")),
            where,
        )
        if cell.cell_type == "markdown":
            cell.source = rebase_links(cell.source, source_path.parent, target_dir)
        cell.metadata = {k: cell.metadata[k] for k in _KEEP_CELL_METADATA if k in cell.metadata}
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    # After the imports (the first code cell stays imports only), before the first task.
    first_code = next((i for i, c in enumerate(notebook.cells) if c.cell_type == "code"), 0)
    imports = notebook.cells[first_code].source if notebook.cells else ""
    notebook.cells[first_code + 1 : first_code + 1] = own_copy_cells(
        source_path.name, imported=bool(re.search(r"import .*\bexercises\b", imports))
    )
    kernelspec = notebook.metadata.get(
        "kernelspec",
        {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
    )
    notebook.metadata = nbformat.from_dict(
        {"kernelspec": kernelspec, "language_info": {"name": "python"}}
    )
    return notebook


def own_copy_name(name: str) -> str:
    """The file name of the student's own copy of the exercise file ``name``: the course's name
    with ``-my-answers``, so that its tab in JupyterLab is never taken for the course's copy or
    for the lesson.

    >>> own_copy_name("05-questions-and-answers.ipynb")
    '05-questions-and-answers-my-answers.ipynb'
    """
    return f"{Path(name).name.removesuffix('.ipynb')}-my-answers.ipynb"


def own_copy_cells(name: str, imported: bool = False) -> list:
    """The two cells that follow a student copy's imports: why to work in one's own copy, and
    the call that makes it (with its import unless the imports have it). Their ids are fixed,
    so a release stays byte-stable."""
    import nbformat

    note = nbformat.v4.new_markdown_cell(
        "## Work in your own copy\n\n"
        "This file is the course's copy of the exercises: updating the course replaces it, and\n"
        "anything written in it would be lost. Run the next cell. It copies these exercises to\n"
        f"`work/exercises/{own_copy_name(name)}`, in your own `work/` folder, which updates never\n"
        "touch, and shows a link to the copy. Open that copy and write your answers there.\n"
        "Running the cell again never overwrites your copy: it only shows the link again.",
        id="own-copy-note",
        metadata={"tags": [OWN_COPY_TAG]},
    )
    call = nbformat.v4.new_code_cell(
        ("" if imported else "from closereading import exercises\n")
        + f'exercises.own_copy("{name}")',
        id="own-copy-cell",
        metadata={"tags": [OWN_COPY_TAG]},
    )
    return [note, call]


def release_text(source_path: str | Path, target_dir: str | Path | None = None) -> str:
    """The student copy as the exact text ``nbformat.write`` would save."""
    import nbformat

    text = nbformat.writes(release_notebook(source_path, target_dir))
    return text if text.endswith("\n") else text + "\n"


def source_notebooks(source_dir: Path = SOURCE_DIR) -> list[Path]:
    """The source exercise notebooks, ``exercises/source/NN-*.ipynb``, in order."""
    return sorted(p for p in Path(source_dir).glob("*.ipynb") if _NOTEBOOK_NAME.match(p.name))


def release_all(
    check: bool = False, source_dir: Path = SOURCE_DIR, release_dir: Path = RELEASE_DIR
) -> list[Path]:
    """Write every student copy, ``exercises/NN-*.ipynb``; return their paths.

    With ``check=True`` nothing is written: the committed copies are compared with a fresh
    release, and :class:`StaleCopiesError` lists those that differ or are missing.
    """
    release_dir = Path(release_dir)
    paths, stale = [], []
    for source in source_notebooks(source_dir):
        target = release_dir / source.name
        text = release_text(source, release_dir)
        if check:
            current = target.read_text(encoding="utf-8") if target.exists() else None
            if current != text:
                stale.append(target)
        else:
            target.write_text(text, encoding="utf-8", newline="\n")
        paths.append(target)
    if stale:
        raise StaleCopiesError(stale)
    return paths


def solution_lines(source_path: str | Path) -> set[str]:
    """Every non-blank line (stripped) that a student copy must not contain: the lines of each
    solution region and hidden-test region, and the whole text of solution cells without
    markers."""
    import nbformat

    notebook = nbformat.read(Path(source_path), as_version=4)
    lines: set[str] = set()
    for cell in notebook.cells:
        marks = _nbgrader(cell)
        body = cell.source.split("\n")
        regions = [(BEGIN_SOLUTION, END_SOLUTION), (BEGIN_HIDDEN, END_HIDDEN)]
        has_region = False
        for begin, end in regions:
            inside = False
            for line in body:
                if begin in line:
                    inside = has_region = True
                elif end in line:
                    inside = False
                elif inside and line.strip():
                    lines.add(line.strip())
        if marks.get("solution") and not has_region:
            lines.update(line.strip() for line in body if line.strip())
    return lines
