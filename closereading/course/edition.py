"""The student edition: the course as students receive it, as a git branch nbgitpuller can pull.

``closereading edition student OUT`` takes the course's last commit and writes, as a new commit on
the branch ``student`` of the git repository ``OUT``, everything a student works with and nothing
an instructor keeps back:

- in: the lessons (``notebooks/``), the student copies of the exercises (``exercises/*.ipynb``),
  the course pages (``course/``), the data, the package, ``run.py``, the README, the install files
  (``pyproject.toml``, ``requirements/``, ``environment.yml``, ``binder/``) and ``.gitignore``
  (which keeps ``work/``, the students' own work, out of git and so out of every update);
- out: ``exercises/source/`` (the solutions and hidden tests), ``notebooks/instructor/`` (the class
  report), ``course/instructor-guide.md`` (written for the instructor: the session plans, the
  difficulties students commonly meet, how to withhold and grade), the test suite (its tests
  hold the solutions the self-checks must accept), the website's sources, the benchmarks and the
  continuous-integration script.

What is left in is chosen by name (:func:`in_edition`), so a new instructor-only folder has to be
added there. As a second guard, before anything is committed, every file of the edition is
searched for each line of the solutions and hidden tests longer than 30 characters (a line that
quotes one of the course's interview texts excepted: the texts themselves are public), and for
nbgrader's markers in a notebook; one found stops the command with the file and the line.

Each run adds one commit whose parent is the edition before it, so a student who follows the
nbgitpuller link again gets the changes by git's merge, and their own work is left alone. A run
that would change nothing adds no commit. ``OUT`` may be a new or empty folder (made a git
repository with the branch ``student``), an edition made before (a clone or a bare repository),
or an empty repository, such as a fresh clone of an empty repository made on GitHub; anything
else is refused. With ``--branch NAME`` and no ``OUT``, the edition is the branch ``NAME`` of the
course repository itself (the files you are editing are not touched).

>>> in_edition("exercises/04-rhetorical-moves.ipynb"), in_edition("exercises/source/x.ipynb")
(True, False)
"""

from __future__ import annotations

import io
import json
import os
import posixpath
import re
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from closereading.base.paths import ROOT

__all__ = ["BRANCH", "Edition", "EditionError", "in_edition", "withheld_lines", "write_edition"]

#: The branch every student edition is written to, and the branch ``closereading link`` names.
BRANCH = "student"
#: The last line of every edition commit's message: how a later run knows the branch is an edition.
TRAILER = "Closereading-Edition: student"
#: A solution line shorter than this may well occur in a lesson by chance (``x = 2``).
SHORTEST_WITHHELD = 31

_TOP_FILES = {".gitignore", "LICENSE", "README.md", "run.py", "pyproject.toml", "environment.yml"}
_TOP_FOLDERS = {"binder", "closereading", "course", "data", "docs", "exercises", "notebooks"}
_TOP_FOLDERS |= {"requirements"}
_KEPT_BACK = ("exercises/source/", "notebooks/instructor/", "course/instructor-guide.md")
_MARKERS = ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS")


class EditionError(RuntimeError):
    """The edition cannot be written; the message names the folder or file and what to do."""


@dataclass(frozen=True)
class Edition:
    """What a run did: the repository and branch written, the commit (new, or the one that was
    already up to date), how many files it holds and the course commit it was made from."""

    repository: Path
    branch: str
    commit: str
    changed: bool
    files: int
    source_commit: str


def in_edition(path: str) -> bool:
    """Whether the course file at ``path`` (relative, with ``/``) goes to students."""
    parts = PurePosixPath(path).parts
    if not parts or path.startswith(_KEPT_BACK):
        return False
    if len(parts) == 1:
        return path in _TOP_FILES
    return parts[0] in _TOP_FOLDERS


_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")


def unlink_missing(name: str, text: str, present: set[str]) -> str:
    """``text`` of the Markdown file or notebook ``name`` with every relative link to a file or
    folder that is not in ``present`` (the edition's files) turned into its words and a note, so
    a student meets no link that leads nowhere: ``[instructor guide](course/instructor-guide.md)``
    becomes ``instructor guide (in the full course, kept by the instructor)``."""
    folder = PurePosixPath(name).parent

    def plain(match: re.Match[str]) -> str:
        target = match.group(2).split("#", 1)[0]
        if not target or ":" in target or target.startswith("/") or not re.search(r"[./]", target):
            return match.group(0)  # a web address, a mailto:, an anchor, or not a path at all
        resolved = posixpath.normpath(str(folder / target))
        if resolved in present or any(p.startswith(f"{resolved}/") for p in present):
            return match.group(0)
        return f"{match.group(1)} (in the full course, kept by the instructor)"

    return _LINK.sub(plain, text)


def _git(repo: Path, *args: str, env: dict | None = None, text: bool = True) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args],
        capture_output=True,
        text=text,
        env={**os.environ, **(env or {})},
    )
    if done.returncode != 0:
        err = done.stderr if text else done.stderr.decode(errors="replace")
        raise EditionError(f"git {args[0]} in {repo} failed: {err.strip()}")
    return done.stdout.strip() if text else done.stdout


def _maybe(repo: Path, *args: str) -> str:
    """What git prints, or "" where it fails (no such branch, a detached HEAD)."""
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else ""


def _squash(text: str) -> str:
    return " ".join(text.split())


def withheld_lines(sources: dict[str, str], texts: list[str]) -> set[str]:
    """Each line (whitespace collapsed) of a solution or hidden-test region, or of a solution cell
    without markers, in the notebooks ``sources`` (JSON by name), that is at least
    :data:`SHORTEST_WITHHELD` characters long and is not part of one of the public ``texts``."""
    from closereading.course.release import solution_lines

    public = _squash(" ".join(texts))
    lines: set[str] = set()
    with tempfile.TemporaryDirectory() as scratch:
        for name, content in sources.items():
            path = Path(scratch) / PurePosixPath(name).name
            path.write_text(content, encoding="utf-8")
            lines |= {_squash(line) for line in solution_lines(path)}
    return {line for line in lines if len(line) >= SHORTEST_WITHHELD and line not in public}


def _readable(path: str, data: bytes) -> str | None:
    """The text a student could read in a file: a notebook's strings, or the file's text."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if path.endswith(".ipynb"):
        strings: list[str] = []

        def walk(value) -> None:
            if isinstance(value, str):
                strings.append(value)
            elif isinstance(value, list | tuple):
                for item in value:
                    walk(item)
            elif isinstance(value, dict):
                for item in value.values():
                    walk(item)

        walk(json.loads(text))
        text = "\n".join(strings)
    return text


def _leaks(files: dict[str, tuple[bytes, int]], withheld: set[str]) -> list[str]:
    found = []
    for path, (data, _) in sorted(files.items()):
        text = _readable(path, data)
        if text is None:
            continue
        flat = _squash(text)
        found += [f"{path}: {line!r}" for line in sorted(withheld) if line in flat]
        if path.endswith(".ipynb"):
            found += [f"{path}: nbgrader's marker {m!r}" for m in _MARKERS if m in text]
    return found


def _read_course(source: Path, ref: str) -> tuple[str, dict[str, tuple[bytes, int]], set[str]]:
    """The course commit ``ref`` names, the edition's files (content and mode) and the lines
    withheld from students."""
    if not (source / ".git").exists():
        raise EditionError(
            f"{source} is not a git repository: the student edition is made from the course's "
            "committed files, so run this in a clone of the course repository"
        )
    commit = _git(source, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    archive = _git(source, "archive", "--format=tar", commit, text=False)
    files: dict[str, tuple[bytes, int]] = {}
    sources: dict[str, str] = {}
    texts: list[str] = []
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:  # type: ignore[arg-type]
        for member in tar.getmembers():
            if not member.isfile():
                continue
            data = tar.extractfile(member).read()  # type: ignore[union-attr]
            name = member.name
            if re.fullmatch(r"exercises/source/[^/]+\.ipynb", name):
                sources[name] = data.decode("utf-8")
            elif re.fullmatch(r"data/interviews/[^/]+\.txt", name):
                texts.append(data.decode("utf-8", errors="replace"))
            if in_edition(name):
                files[name] = (data, member.mode)
    present = set(files)
    for name, (data, mode) in files.items():
        if name.endswith((".md", ".ipynb")):
            text = unlink_missing(name, data.decode("utf-8"), present)
            files[name] = (text.encode("utf-8"), mode)
    return commit, files, withheld_lines(sources, texts)


def _target(out: Path | None, source: Path, branch: str) -> tuple[Path, bool]:
    """The repository to write the branch to, made if need be, and whether it has a working tree
    that shows the branch. Refuses a folder or repository that is not an edition."""
    if out is None:
        if _maybe(source, "symbolic-ref", "-q", "--short", "HEAD") == branch:
            raise EditionError(
                f"the branch {branch!r} is checked out in the course repository: the edition "
                f"needs a branch of its own, such as --branch {BRANCH}"
            )
        return source, False
    out = out.resolve()
    if out.exists() and not out.is_dir():
        raise EditionError(f"{out} is a file: give a new or empty folder, or an earlier edition")
    if not out.exists() or not any(out.iterdir()):
        out.mkdir(parents=True, exist_ok=True)
        _git(out, "init", "--quiet", f"--initial-branch={branch}")
        return out, True
    bare = (out / "HEAD").is_file() and (out / "objects").is_dir()
    if not bare and not (out / ".git").exists():
        raise EditionError(
            f"{out} holds files and is not a git repository: give a new or empty folder, or a "
            "student edition made before by this command"
        )
    heads = _git(out, "for-each-ref", "--format=%(refname:short)", "refs/heads").split()
    if heads and branch not in heads:
        raise EditionError(
            f"{out} is a git repository with branches of its own ({', '.join(heads)}) and no "
            f"branch {branch!r}: give a new or empty folder, or an empty repository"
        )
    if bare:
        return out, False
    current = _maybe(out, "symbolic-ref", "-q", "--short", "HEAD")
    if current != branch:
        if heads:  # the edition's branch exists but another is checked out
            raise EditionError(f"{out}: switch to the branch {branch!r} (git switch {branch})")
        _git(out, "symbolic-ref", "HEAD", f"refs/heads/{branch}")
    if _git(out, "status", "--porcelain"):
        raise EditionError(
            f"{out} has changes that are not committed: the edition replaces its files, so "
            "commit or remove those changes first (git status shows them)"
        )
    return out, True


def _identity(repo: Path) -> dict[str, str]:
    """An author for the commit where git has none configured (a build machine)."""
    env: dict[str, str] = {}
    for key, fallback in (("name", "Close Reading Lab"), ("email", "closereading@localhost")):
        done = subprocess.run(
            ["git", "-C", str(repo), "config", f"user.{key}"], capture_output=True, text=True
        )
        if done.returncode != 0 or not done.stdout.strip():
            env[f"GIT_AUTHOR_{key.upper()}"] = env[f"GIT_COMMITTER_{key.upper()}"] = fallback
    return env


def write_edition(
    out: Path | None,
    *,
    source: Path = ROOT,
    ref: str = "HEAD",
    branch: str = BRANCH,
) -> Edition:
    """Write the student edition of the course ``source`` at ``ref`` as a commit on ``branch`` of
    the repository ``out`` (or, with ``out=None``, of the course repository itself)."""
    source = Path(source).resolve()
    commit, files, withheld = _read_course(source, ref)
    if found := _leaks(files, withheld):
        shown = "\n  ".join(found[:10])
        raise EditionError(
            f"the student edition would show students solutions or hidden tests ({len(found)} "
            f"found):\n  {shown}\nRemove them from those files (or, for a new instructor-only "
            "file, leave it out in closereading/course/edition.py) and commit."
        )
    repo, worktree = _target(out, source, branch)
    ref_name = f"refs/heads/{branch}"
    parent = _maybe(repo, "rev-parse", "--verify", "--quiet", ref_name)
    if parent and TRAILER not in _git(repo, "log", "-1", "--format=%B", parent):
        raise EditionError(
            f"the branch {branch!r} of {repo} was not made by 'closereading edition': give "
            "another --branch, or a new or empty folder"
        )
    with tempfile.TemporaryDirectory(prefix="closereading-edition-") as scratch:
        tree = Path(scratch) / "tree"
        for name, (data, mode) in files.items():
            path = tree / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            path.chmod(mode & 0o755 | 0o600)
        git_dir = _git(repo, "rev-parse", "--absolute-git-dir")
        env = {"GIT_INDEX_FILE": str(Path(scratch) / "index")}
        _git(repo, f"--git-dir={git_dir}", f"--work-tree={tree}", "add", "-A", "-f", ".", env=env)
        new_tree = _git(repo, f"--git-dir={git_dir}", "write-tree", env=env)
    if parent and _git(repo, "rev-parse", f"{parent}^{{tree}}") == new_tree:
        return Edition(repo, branch, parent, False, len(files), commit)
    subject = _git(source, "log", "-1", "--format=%s", commit)
    message = (
        f"Student edition of the course at {commit[:12]}\n\nCourse commit: {subject}\n\n"
        f"{TRAILER}\nClosereading-Source: {commit}\n"
    )
    made = _git(
        repo,
        "commit-tree",
        new_tree,
        *(["-p", parent] if parent else []),
        "-m",
        message,
        env=_identity(repo),
    )
    _git(repo, "update-ref", ref_name, made, *([parent] if parent else []))
    if worktree:
        _git(repo, "reset", "--quiet", "--hard")
    return Edition(repo, branch, made, True, len(files), commit)


def uncommitted(source: Path = ROOT) -> list[str]:
    """The course's files that the edition would hold but that have changes not yet committed
    (the edition is made from the last commit, so these changes are not in it)."""
    lines = _maybe(source, "status", "--porcelain", "--untracked-files=no").splitlines()
    return [line[3:] for line in lines if in_edition(line[3:])]


def add_parser(commands) -> None:
    """Add ``edition`` to the ``closereading`` command's subparsers."""
    parser = commands.add_parser(
        "edition", help="write the student edition (no solutions) for nbgitpuller links"
    )
    parser.add_argument("kind", choices=("student",), help="the edition: student")
    parser.add_argument(
        "out",
        nargs="?",
        type=Path,
        help="a new or empty folder, or an edition made before (a clone or a bare repository)",
    )
    parser.add_argument(
        "--branch",
        default=None,
        help=f"the branch to write (default {BRANCH}); without OUT, a branch of the course "
        "repository itself",
    )
    parser.set_defaults(func=run)


def run(args) -> int:
    """The ``edition`` subcommand: write the edition and say what to push and link."""
    import sys

    if args.out is None and args.branch is None:
        sys.stderr.write(
            "closereading edition: give OUT, a folder for the edition's own repository, or "
            f"--branch {BRANCH} to write it to a branch of the course repository\n"
        )
        return 2
    try:
        edition = write_edition(args.out, branch=args.branch or BRANCH)
    except EditionError as error:
        sys.stderr.write(f"closereading edition: {error}\n")
        return 1
    if pending := uncommitted():
        sys.stderr.write(
            f"Note: {len(pending)} changed file(s) of the course are not committed, so they are "
            f"not in the edition ({', '.join(pending[:5])}). Commit them and run this again.\n"
        )
    where = f"branch {edition.branch!r} of {edition.repository}"
    if not edition.changed:
        sys.stdout.write(f"The student edition in {where} is up to date ({edition.commit[:12]}).\n")
        return 0
    sys.stdout.write(
        f"Wrote the student edition to {where}: commit {edition.commit[:12]}, "
        f"{edition.files} files, from course commit {edition.source_commit[:12]}.\n"
        f"Publish it with: git -C {edition.repository} push <remote> {edition.branch}\n"
        f"Hand it out with: closereading link <hub> <its public URL>"
        + ("" if edition.branch == BRANCH else f" --branch {edition.branch}")
        + "\n"
    )
    return 0
