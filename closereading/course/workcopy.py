"""The student's own copy of an exercise, ``work/exercises/NN-*-my-answers.ipynb``, which a
course update never touches (its name tells its tab from the course's copy and the lesson).

The student copies in ``exercises/`` belong to the course: ``closereading release`` rewrites
them, and ``git pull`` or nbgitpuller replaces them when the course is updated. Answers written
there would be lost, or would block the update. :func:`own_copy` copies one of them into the
student's ``work/`` folder (git-ignored, like their highlights and notes) **once**: if the copy
exists, it is left exactly as it is, whatever it contains. The copy's links are rewritten for
its folder, and the cells that ask the student to make a copy are replaced by a line saying
that this is it.

On a hub the package may be installed once from a shared folder while each student has their
own copy of the course, holding their ``work/``. Links are then written for the student's copy
of the course (the folder around their ``work/``), which is the one JupyterLab can open.

From a terminal: ``python -m closereading.course.workcopy 01`` does the same.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from html import escape
from pathlib import Path

from closereading.base.paths import ROOT, display_path, work_dir
from closereading.course.release import OWN_COPY_TAG, RELEASE_DIR, own_copy_name, rebase_links

__all__ = ["OwnCopy", "own_copy", "own_copy_path"]


@dataclass(frozen=True)
class OwnCopy:
    """Where the student's copy is, and whether this call made it (``created``) or found it."""

    path: Path
    created: bool

    def _message(self) -> str:
        where = display_path(self.path)
        if self.created:
            return (
                f"Your own copy is ready: {where}. Open it (in the file browser: the folder "
                "work, then exercises) and write your answers there."
            )
        return (
            f"Your own copy already exists: {where}. It was left exactly as it is; open it to "
            "go on with your answers."
        )

    def __repr__(self) -> str:
        return self._message()

    def _repr_html_(self) -> str:
        import os

        link = Path(os.path.relpath(self.path, links_from(RELEASE_DIR))).as_posix()
        text = escape(self._message())
        where = escape(display_path(self.path))
        return (
            f"<p>{text.replace(where, f'<a href={escape(link, quote=True)!r}>{where}</a>', 1)}</p>"
        )


def _course_copy(name: str, release_dir: Path) -> Path:
    """The course's student copy for ``name``: ``"01"``, ``"01-first-reading"`` or the file name."""
    stem = Path(name).name.removesuffix(".ipynb")
    matches = sorted(release_dir.glob(f"{stem}.ipynb")) or sorted(
        release_dir.glob(f"{stem}-*.ipynb")
    )
    if len(matches) != 1:
        known = ", ".join(p.name for p in sorted(release_dir.glob("[0-9][0-9]-*.ipynb")))
        raise FileNotFoundError(f"no single exercise matches {name!r}; the exercises are: {known}")
    return matches[0]


def links_from(release_dir: Path) -> Path:
    """The folder whose exercises the student has open: ``release_dir`` as it is in the course
    copy around the student's ``work/`` when there is one (a hub: the package installed from a
    shared folder, the course pulled into each home), else ``release_dir`` itself."""
    try:
        inside = Path(release_dir).resolve().relative_to(ROOT)
    except ValueError:
        return Path(release_dir)
    own = work_dir().resolve().parent / inside
    return own if own.is_dir() else Path(release_dir)


def own_copy_path(name: str, release_dir: Path = RELEASE_DIR) -> Path:
    """Where the student's own copy of exercise ``name`` lives (made or not):
    ``work/exercises/NN-…-my-answers.ipynb``. A copy made by an earlier version under the
    course's own file name is the student's copy still, and is used where it is."""
    course = _course_copy(name, Path(release_dir)).name
    folder = work_dir() / "exercises"
    earlier, mine = folder / course, folder / own_copy_name(course)
    return earlier if earlier.exists() and not mine.exists() else mine


def _own_version(course_copy: Path, target_dir: Path, links_dir: Path) -> str:
    import nbformat

    notebook = nbformat.read(course_copy, as_version=4)
    cells = []
    for cell in notebook.cells:
        if OWN_COPY_TAG in cell.metadata.get("tags", []):
            if cell.cell_type == "markdown":
                cells.append(
                    nbformat.v4.new_markdown_cell(
                        "**This is your own copy** of these exercises, in your `work/` folder. "
                        "Updating the course\nnever changes it, so your answers are safe here.",
                        id=cell.get("id", "own-copy-note"),
                    )
                )
            continue
        if cell.cell_type == "markdown":
            cell.source = rebase_links(cell.source, links_dir, target_dir)
        cells.append(cell)
    notebook.cells = cells
    text = nbformat.writes(notebook)
    return text if text.endswith("\n") else text + "\n"


def own_copy(name: str, release_dir: Path = RELEASE_DIR) -> OwnCopy:
    """Copy exercise ``name`` (``"01"``, ``"01-first-reading.ipynb"``...) to
    ``work/exercises/`` unless a copy is already there; never overwrite it."""
    course_copy = _course_copy(name, Path(release_dir))
    target = own_copy_path(course_copy.name, release_dir)
    if target.exists():
        return OwnCopy(target, created=False)
    target.parent.mkdir(parents=True, exist_ok=True)
    text = _own_version(course_copy, target.parent, links_from(course_copy.parent))
    try:
        # "x": create only; if another process made the copy in the meantime, keep theirs.
        with open(target, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        return OwnCopy(target, created=False)
    return OwnCopy(target, created=True)


def main(argv: list[str] | None = None) -> int:
    """``python -m closereading.course.workcopy NN ...``: make the student's own copies."""
    names = sys.argv[1:] if argv is None else argv
    if not names:
        print("usage: python -m closereading.course.workcopy NN [NN ...]", file=sys.stderr)  # noqa: T201
        return 2
    status = 0
    for name in names:
        try:
            print(own_copy(name))  # noqa: T201
        except FileNotFoundError as error:
            print(error, file=sys.stderr)  # noqa: T201
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
