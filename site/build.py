"""Build the self-study edition of the course: static HTML in ``_site/``, readable offline.

    .venv/bin/python site/build.py [--out DIR] [--work DIR]

(``python run.py site`` calls this with the course's environment.) The pages are made from the
files git tracks, as they are in this folder: the lessons ``notebooks/NN-*.ipynb``, the student
copies ``exercises/NN-*.ipynb`` and the pages in ``course/``. Nothing is executed: the notebooks'
saved outputs are shown as they are, since nbval already proves they are what a fresh run makes.
Instructors' material is left out: ``exercises/source/`` (solutions, hidden tests) and
``notebooks/instructor/`` (a class report needs a class's files, which a reader alone does not
have).

The "Run this notebook" link on each notebook page is set with environment variables; see
``site/README.md``.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE = Path(__file__).resolve().parent
#: Faults in a page's own text: reported (and failed by tests/test_site.py), not fatal.
CONTENT_WARNINGS = ("[myst.xref_missing]", "[myst.header]")
#: Links to what the edition leaves out on purpose (instructors' material): shown as plain text
#: on the site, not reported.
LEFT_OUT = re.compile(r"target not found: '[^']*(notebooks/instructor/|exercises/source/)")
#: What the edition shows, as git paths; anything else tracked is left out.
INCLUDE = ("notebooks/[0-9][0-9]-*.ipynb", "exercises/[0-9][0-9]-*.ipynb", "course/*.md")


def tracked_files(root: Path = ROOT) -> list[str]:
    """The course files git tracks (a copy without ``.git`` falls back to what is on disk)."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--", "notebooks", "exercises", "course"],
            cwd=root,
            capture_output=True,
            check=True,
        ).stdout.decode("utf-8")
        names = [name for name in listed.split("\0") if name]
    except (OSError, subprocess.CalledProcessError):
        names = [p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()]
    return sorted(
        name
        for name in names
        if any(fnmatch.fnmatchcase(name, pattern) for pattern in INCLUDE)
        and "/" not in name.split("/", 1)[1]  # not in a subfolder (source/, instructor/)
        and (root / name).is_file()
    )


def without_widget_state(path: Path) -> str:
    """The notebook at ``path`` without its saved widget state: the site shows each widget's
    static HTML, and the state would only be dead weight (and bait for a widget manager)."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    notebook.get("metadata", {}).pop("widgets", None)
    return json.dumps(notebook, ensure_ascii=False, indent=1) + "\n"


def stage(source: Path, root: Path = ROOT) -> list[str]:
    """Copy the pages into ``source`` with the repository's layout, so links between them
    (``../course/background.md``) still resolve; return the paths copied."""
    if source.exists():
        shutil.rmtree(source)
    names = tracked_files(root)
    for name in names:
        target = source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith(".ipynb"):
            target.write_text(without_widget_state(root / name), encoding="utf-8")
        else:
            shutil.copy2(root / name, target)
    shutil.copy2(SITE / "index.md", source / "index.md")
    return names


def build(out: Path, work: Path, quiet: bool = True) -> int:
    """Stage the pages and run Sphinx. Any warning fails the build, except two faults in a
    page's own text: a link to a page the site does not have (yet) and a skipped heading level.
    Those are reported, and ``tests/test_site.py`` fails on them, so a lesson committed before
    the page it links to still gets a site to read."""
    source = work / "source"
    names = stage(source)
    if not names:
        print(f"no course pages found under {ROOT}", file=sys.stderr)  # noqa: T201
        return 1
    warnings = work / "warnings.txt"
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        "html",
        "-c",
        str(SITE),
        "-d",
        str(work / "doctrees"),
        "-w",
        str(warnings),
        "-E",
        *(["-q"] if quiet else []),
        str(source),
        str(out),
    ]
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join([str(SITE), os.environ.get("PYTHONPATH", "")])
    )
    status = subprocess.call(command, cwd=ROOT, env=env)
    content, other = read_warnings(warnings, source)
    for line in content:
        print(f"[closereading] site: to fix in the page: {line}", file=sys.stderr)  # noqa: T201
    for line in other:
        print(f"[closereading] site: {line}", file=sys.stderr)  # noqa: T201
    return status or (1 if other else 0)


def read_warnings(path: Path, source: Path) -> tuple[list[str], list[str]]:
    """Sphinx's warnings, split into faults in a page's text (a link to a missing page, a
    skipped heading level) and everything else, with the staging folder's paths turned back
    into the repository's."""
    if not path.exists():
        return [], []
    broken, other = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if "WARNING" not in line and "ERROR" not in line:
            continue
        line = line.replace(f"{source}{os.sep}", "")
        if LEFT_OUT.search(line):
            continue
        (broken if line.endswith(CONTENT_WARNINGS) else other).append(line)
    return broken, other


def settings_problem() -> str | None:
    """What is wrong with the "Run this notebook" settings (``conf.py``'s, from the environment),
    checked before Sphinx starts, so that the message is not buried in Sphinx's crash report."""
    import runpy

    from sphinx.errors import ConfigError

    sys.path.insert(0, str(SITE))
    try:
        from closereading_site import check_run_settings

        check_run_settings(runpy.run_path(str(SITE / "conf.py"))["closereading_run"])
    except ConfigError as error:
        return str(error)
    finally:
        sys.path.remove(str(SITE))
    return None


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="run.py site", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "_site", help="where the HTML goes")
    parser.add_argument(
        "--work", type=Path, default=ROOT / "build" / "site", help="staging and Sphinx's cache"
    )
    parser.add_argument("--verbose", action="store_true", help="show Sphinx's progress")
    args = parser.parse_args(argv)
    problem = settings_problem()
    if problem is not None:
        print(f"[closereading] site: not built. {problem}", file=sys.stderr)  # noqa: T201
        return 2
    started = time.monotonic()
    if args.out.exists():
        shutil.rmtree(args.out)
    status = build(args.out.resolve(), args.work.resolve(), quiet=not args.verbose)
    if status == 0:
        pages = len(list(args.out.rglob("*.html")))
        print(  # noqa: T201 - a command-line script reports to its user
            f"[closereading] site: {pages} pages in {args.out} "
            f"({time.monotonic() - started:.0f} s); open {args.out / 'index.html'} in a browser"
        )
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
