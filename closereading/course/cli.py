"""The ``closereading`` command.

    closereading lab [JUPYTER-OPTION...]   open the course in JupyterLab, at lesson 00
    closereading notebook [OPTION...]      the same in Notebook 7
    closereading execute NOTEBOOK...   run notebooks top to bottom and save their outputs
    closereading release               write the student copies of the exercises
    closereading doctor                check that this machine can run the course offline
    closereading collect DIR           the class report from a folder of students' files
    closereading link HUB REPO         print the nbgitpuller link that gives students the course
    closereading edition student OUT   write the course as students receive it (no solutions)
                                       as a new commit on the branch 'student' of the git
                                       repository OUT, for nbgitpuller links
    closereading gather INBOX          copy a hub's highlights, codes and pronoun files from every
                                       home (/home/jupyter-*) into INBOX, for collect
    closereading hand-in               copy your own files, named by kind, into work/hand-in/
    closereading recover FILE          merge a damaged student file (highlights, codes,
                                       pronouns, pins), its backup and its recovered file into
                                       a good file (nothing is deleted)

Each subcommand is a small function that returns an exit status; the work itself lives in the
package's modules so that tests and notebooks can call it directly.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from closereading.base.paths import ROOT


def _execute(args: argparse.Namespace) -> int:
    """Run each notebook in a fresh kernel, in its own folder, and write the outputs back."""
    import nbformat
    from nbclient import NotebookClient

    status = 0
    with tempfile.TemporaryDirectory(prefix="closereading-work-") as scratch:
        # Committed outputs must not depend on a student's work/ folder.
        os.environ["CLOSEREADING_WORK_DIR"] = str(Path(scratch) / "work")
        os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
        for name in args.notebooks:
            path = Path(name).resolve()
            notebook = nbformat.read(path, as_version=4)
            # store_widget_state=False: saved widget state makes static viewers fetch widget code
            # from the internet; without it they show each widget's own text fallback.
            client = NotebookClient(
                notebook,
                timeout=args.timeout,
                kernel_name="python3",
                store_widget_state=False,
                record_timing=False,
                resources={"metadata": {"path": str(path.parent)}},
            )
            try:
                client.execute()
            except Exception as error:  # report which notebook failed, then go on to the next
                print(f"{path.relative_to(ROOT)}: {type(error).__name__}: {error}", file=sys.stderr)
                status = 1
                continue
            # ... and state saved by an earlier run or an editor would do the same, for widgets
            # that no output shows any more.
            notebook.metadata.pop("widgets", None)
            nbformat.write(notebook, path)
            print(f"executed {path.relative_to(ROOT)}")
    return status


def _open(args: argparse.Namespace) -> int:
    from closereading.course.launch import course_root, open_course

    try:
        root = course_root()
    except FileNotFoundError as error:
        print(f"closereading {args.command}: {error}", file=sys.stderr)
        return 2
    return open_course(args.command, root, args.jupyter_options)


def _release(args: argparse.Namespace) -> int:
    from closereading.course.release import ReleaseError, release_all

    try:
        paths = release_all(check=args.check)
    except ReleaseError as error:
        print(error, file=sys.stderr)
        return 1
    for path in paths:
        print(("up to date: " if args.check else "wrote ") + str(path.relative_to(ROOT)))
    return 0


def _doctor(args: argparse.Namespace) -> int:
    from closereading.course.doctor import run_checks

    results = run_checks()
    for ok, message in results:
        print(("ok    " if ok else "FAIL  ") + message)
    return 0 if all(ok for ok, _ in results) else 1


def _link(args: argparse.Namespace) -> int:
    from closereading.course.link import LinkError, pull_link

    try:
        print(
            pull_link(
                args.hub,
                args.repo,
                branch=args.branch,
                notebook=args.notebook,
                folder=args.folder,
                app=args.app,
                course=ROOT,
            )
        )
    except LinkError as error:
        print(f"closereading link: {error}", file=sys.stderr)
        return 2
    return 0


def _add_link(commands) -> None:
    from closereading.course.edition import BRANCH
    from closereading.course.link import DEFAULT_FOLDER, DEFAULT_NOTEBOOK

    link = commands.add_parser("link", help="print an nbgitpuller link for a JupyterHub")
    link.add_argument("hub", help="the hub's address, e.g. https://hub.example.edu")
    link.add_argument("repo", help="the course repository git clones, e.g. https://github.com/...")
    link.add_argument("--branch", default=BRANCH, help="the student edition's branch by default")
    link.add_argument("--notebook", default=DEFAULT_NOTEBOOK, help="opened after the pull")
    link.add_argument("--folder", default=DEFAULT_FOLDER, help="folder of each student's home")
    link.add_argument("--app", choices=("lab", "notebook"), default="lab")
    link.set_defaults(func=_link)


def _add_edition(commands) -> None:
    from closereading.course.edition import add_parser

    add_parser(commands)


def _gather(args: argparse.Namespace) -> int:
    from closereading.course.gather import gather, hand_in

    if args.command == "hand-in":
        result = hand_in(args.out)
        target = result.copied[0].parent if result.copied else args.out or "work/hand-in"
        print("\n".join(result.lines(Path(target))))
        return 0 if result.copied else 1
    result = gather(args.inbox, args.homes or None, args.folder)
    print("\n".join(result.lines(Path(args.inbox))))
    if result.copied:
        print(f"next: closereading collect {args.inbox} --out class-report")
    return 0 if result.copied else 1


def _add_gather(commands) -> None:
    from closereading.course.gather import HOMES

    gather = commands.add_parser(
        "gather", help="copy every student's files on a hub into one folder for collect"
    )
    gather.add_argument("inbox", help="the folder to copy into (one subfolder per home)")
    gather.add_argument(
        "homes", nargs="*", help=f"the students' home folders (default: every {HOMES})"
    )
    gather.add_argument(
        "--folder", default="closereading-lab", help="the course's folder in each home"
    )
    gather.set_defaults(func=_gather)
    hand_in = commands.add_parser(
        "hand-in", help="copy your highlights, codes and pronoun files, named by kind"
    )
    hand_in.add_argument("--out", help="where (default: work/hand-in)")
    hand_in.set_defaults(func=_gather)


def _add_collect(commands) -> None:
    from closereading.course.collect.command import add_parser

    add_parser(commands)


def _recover(args: argparse.Namespace) -> int:
    from closereading.base.workfile import WorkFileError
    from closereading.course.recover import run
    from closereading.text.records import TranscriptError

    try:
        lines, _ = run(args.file, args.transcript, dry_run=args.dry_run)
    except (WorkFileError, TranscriptError, OSError) as error:
        print(f"closereading recover: {error}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


def _add_recover(commands) -> None:
    recover = commands.add_parser(
        "recover", help="merge a damaged student file, its .bak and its recovered file"
    )
    recover.add_argument(
        "file", help="the file, e.g. work/annotations/ana.json or work/codes/ana.json"
    )
    recover.add_argument(
        "--transcript", help="the transcript file (the course's interview by default)"
    )
    recover.add_argument("--dry-run", action="store_true", help="only show what each file holds")
    recover.set_defaults(func=_recover)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="closereading", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    for interface, name in (("lab", "JupyterLab"), ("notebook", "Notebook 7")):
        opener = commands.add_parser(
            interface,
            help=f"open the course in {name} at lesson 00 (other options go to Jupyter)",
        )
        opener.set_defaults(func=_open, takes_jupyter_options=True)

    execute = commands.add_parser("execute", help="run notebooks and save their outputs")
    execute.add_argument("notebooks", nargs="+")
    execute.add_argument("--timeout", type=int, default=300, help="seconds per cell")
    execute.set_defaults(func=_execute)

    release = commands.add_parser("release", help="write the student copies of the exercises")
    release.add_argument(
        "--check",
        action="store_true",
        help="only check that the committed student copies are up to date",
    )
    release.set_defaults(func=_release)

    doctor = commands.add_parser("doctor", help="check that the course can run offline here")
    doctor.set_defaults(func=_doctor)
    _add_link(commands)
    _add_edition(commands)
    _add_collect(commands)
    _add_gather(commands)
    _add_recover(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, rest = parser.parse_known_args(argv)
    if rest and not getattr(args, "takes_jupyter_options", False):
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    args.jupyter_options = rest
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
