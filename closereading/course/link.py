"""Links that hand out the course through a JupyterHub: nbgitpuller's ``git-pull`` links.

A student who clicks the link logs in to the hub; nbgitpuller then clones the course's student
edition (the branch ``student`` that ``closereading edition student`` writes, with no solutions:
:mod:`closereading.course.edition`) into a folder of their home (``closereading-lab/`` unless told otherwise), or, if it is already
there, merges the newest commit into it (git's merge with ``-Xours``: where both sides changed the
same lines the student's lines win; the course's other changes, to that file and every other,
come in), and opens the notebook the link names. A file git does not track is left alone, unless
the new commits add a file at its path: then nbgitpuller renames the student's file first (a
timestamp in its name). The course's ``work/`` folder (highlights, notes, the student's own
exercise copies) is ignored by git, so no commit ever adds a file there.

>>> print(pull_link("https://hub.example.edu", "https://github.com/example/closereading-lab"))
https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fexample%2Fclosereading-lab&branch=student&urlpath=lab%2Ftree%2Fclosereading-lab%2Fnotebooks%2F00-start-here.ipynb&targetpath=closereading-lab
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path, PurePosixPath
from urllib.parse import quote, urlsplit

from closereading.course.edition import BRANCH, in_edition

__all__ = ["DEFAULT_FOLDER", "LinkError", "pull_link"]

#: The folder of each student's home that the course is pulled into.
DEFAULT_FOLDER = "closereading-lab"
DEFAULT_NOTEBOOK = "notebooks/00-start-here.ipynb"
_APPS = {"lab": "lab/tree", "notebook": "notebooks"}
_REPO_SCHEMES = ("https", "http", "file")


class LinkError(ValueError):
    """A link cannot be made from what was given; the message says which part and the fix."""


def _check_hub(hub: str) -> str:
    parts = urlsplit(hub)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise LinkError(
            f"hub address {hub!r}: give the address students open in the browser, starting with "
            "https:// (for example https://hub.example.edu)"
        )
    if parts.query or parts.fragment:
        raise LinkError(
            f"hub address {hub!r}: give the address without '?' or '#' and what follows"
        )
    path = parts.path.rstrip("/")
    cut = (path + "/").find("/hub/")
    if cut >= 0:  # a page of the hub was pasted (.../hub/home): keep the hub's own base
        path = path[:cut]
    return f"{parts.scheme}://{parts.netloc}{path}"


def _check_repo(repo: str) -> None:
    if urlsplit(repo).scheme not in _REPO_SCHEMES:
        raise LinkError(
            f"course repository {repo!r}: give a URL git can clone from the hub, starting with "
            "https:// (for example https://github.com/you/closereading-lab), or file:///path "
            "for a repository on the hub's own disk"
        )


def _check_relative(value: str, what: str) -> str:
    path = PurePosixPath(value.replace("\\", "/"))
    if not value or path.is_absolute() or ".." in path.parts:
        raise LinkError(
            f"{what} {value!r}: give a path inside the course folder, such as {DEFAULT_NOTEBOOK}"
        )
    return path.as_posix()


def _check_in_course(notebook: str, course: Path) -> None:
    """Refuse a path the student edition of ``course`` does not hold, naming close matches."""
    if in_edition(notebook) and (course / notebook).is_file():
        return
    offered = sorted(
        path.relative_to(course).as_posix()
        for path in course.glob("*/*.ipynb")
        if in_edition(path.relative_to(course).as_posix())
    )
    if not in_edition(notebook):
        problem = "is not in the student edition (students never receive it)"
    else:
        problem = f"is not in the course at {course}"
    close = difflib.get_close_matches(notebook, offered, n=3, cutoff=0.6)
    hint = f"did you mean {' or '.join(close)}?" if close else f"choose one of {', '.join(offered)}"
    raise LinkError(f"notebook {notebook!r} {problem}: {hint}")


def pull_link(
    hub: str,
    repo: str,
    *,
    branch: str = BRANCH,
    notebook: str = DEFAULT_NOTEBOOK,
    folder: str = DEFAULT_FOLDER,
    app: str = "lab",
    course: Path | None = None,
) -> str:
    """The nbgitpuller link that pulls ``repo`` at ``branch`` (the student edition's branch unless
    told) into ``folder`` of a student's home on ``hub`` and opens ``notebook`` (a path inside the
    course) in JupyterLab or, with ``app="notebook"``, in Notebook 7. Given the ``course`` folder,
    the notebook must be one of its files that the student edition holds.

    >>> pull_link("https://hub.example.edu/hub/", "file:///srv/course.git",
    ...           notebook="notebooks/04-rhetorical-moves.ipynb", app="notebook")[:60]
    'https://hub.example.edu/hub/user-redirect/git-pull?repo=file'
    >>> pull_link("hub.example.edu", "https://github.com/x/y")
    Traceback (most recent call last):
    ...
    closereading.course.link.LinkError: hub address 'hub.example.edu': give the address students open in the browser, starting with https:// (for example https://hub.example.edu)
    """
    base = _check_hub(hub)
    _check_repo(repo)
    if app not in _APPS:
        raise LinkError(f"app {app!r}: choose one of {', '.join(sorted(_APPS))}")
    if not re.fullmatch(r"[A-Za-z0-9._-]+", folder) or folder in (".", ".."):
        raise LinkError(
            f"folder {folder!r}: give one folder name of letters, digits, '.', '_' or '-', "
            f"such as {DEFAULT_FOLDER}"
        )
    if not branch or branch.startswith("-") or any(c.isspace() for c in branch):
        raise LinkError(f"branch {branch!r}: give the name of a branch, such as main")
    notebook = _check_relative(notebook, "notebook")
    if course is not None:
        _check_in_course(notebook, course)
    urlpath = f"{_APPS[app]}/{folder}/{notebook}"
    query = "&".join(
        f"{key}={quote(value, safe='')}"
        for key, value in (
            ("repo", repo),
            ("branch", branch),
            ("urlpath", urlpath),
            ("targetpath", folder),
        )
    )
    return f"{base}/hub/user-redirect/git-pull?{query}"
