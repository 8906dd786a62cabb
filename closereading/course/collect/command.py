"""``closereading collect DIR [--out DIR] [--anonymise [--key FILE]] [--notes]``: the class
report from a folder of student files, with a summary on standard output and a line per file or
folder skipped (other entries passed over, such as notebooks, are counted here and named in the
report)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

__all__ = ["add_parser", "run"]


#: What the command writes, said by ``closereading collect --help``.
DESCRIPTION = (
    "Read every student file in FOLDER (highlights, answer codes, pronoun referents, and written "
    "readings saved as reading/<author>.md) and write the class report to --out: index.html "
    "(the report: heat map, agreement, the passages worth discussing, readers, what each "
    "student handed in), projector.html (the projector view: the passages where the class "
    "splits, one to a screen in large type, no student named; open it and follow 'Next "
    "passage', or press Tab and Enter), completion.csv (each student's highlights, units coded, "
    "pronouns assigned, written reading and last change, for grading), highlights.csv, "
    "words.csv, agreement.csv, kappa.csv and class-annotations.jsonld."
)


def add_parser(commands: Any) -> None:
    """Add the ``collect`` subcommand to the ``closereading`` command's subparsers."""
    from closereading.course.collect.anonymise import WHAT_IT_PROTECTS

    parser = commands.add_parser(
        "collect",
        help="read a class's highlight files and write the class report",
        description=DESCRIPTION,
    )
    parser.add_argument(
        "folder", help="the folder of the students' files (searched with its subfolders)"
    )
    parser.add_argument(
        "--out", default=None, help="where to write the report (default: work/class-report)"
    )
    parser.add_argument(
        "--anonymise",
        "--anonymize",
        action="store_true",
        help="replace names by codes, for projecting in class. "
        + WHAT_IT_PROTECTS.replace("%", "%%"),
    )
    parser.add_argument(
        "--key",
        default=None,
        help="the class's key file for --anonymise (default: one per class folder in "
        "work/class-keys/, made on first use; keep it, and keep it out of the report)",
    )
    parser.add_argument(
        "--notes",
        action="store_true",
        help="include the students' notes: under each passage they belong to, and for each "
        "reading of a split passage one note by a reader who chose it, without a name",
    )
    parser.add_argument("--max-bytes", type=int, default=None, help="skip files larger than this")
    parser.set_defaults(func=run)


def _say(line: str, error: bool = False) -> None:
    (sys.stderr if error else sys.stdout).write(line + "\n")


def run(args: argparse.Namespace) -> int:
    """Collect, summarise, write; 0 when a report was written, 1 when none could be."""
    from closereading.base.paths import display_path, work_dir
    from closereading.course.collect import collect
    from closereading.course.collect._intake import MAX_BYTES
    from closereading.course.collect.anonymise import class_key, key_path
    from closereading.course.collect.report import write_report

    out = Path(args.out) if args.out else work_dir() / "class-report"
    key = None
    if args.anonymise:
        where = Path(args.key) if args.key else key_path(args.folder)
        if where.resolve().is_relative_to(out.resolve()):
            _say(f"{where}: the class's key must not be kept in the report's folder", error=True)
            return 1
        try:
            key = class_key(where)
        except (OSError, ValueError) as error:
            _say(str(error), error=True)
            return 1
    try:
        work = collect(
            args.folder,
            max_bytes=args.max_bytes or MAX_BYTES,
            exclude=out,
        )
    except FileNotFoundError as error:
        _say(str(error), error=True)
        return 1
    for skipped in work.skipped:
        _say(f"skipped {skipped.source}: {skipped.reason}", error=True)
    for f in work.files:
        if f.merged:
            _say(f"merged {f.merged} into {f.source}: the same reader's recovered work")
    s = work.summary()
    _say(
        f"read {s['read']} files, skipped {s['skipped']}; {s['highlights']} highlights, "
        f"{s['reanchored']} re-anchored, {s['orphaned']} orphaned"
    )
    if work.passed:
        _say(
            f"passed over {len(work.passed)} other entries (not student files): named in the report"
        )
    if not work.of_kind("highlights"):
        _say("no highlight file could be read, so there is no report to write", error=True)
        return 1
    paths = write_report(work, out, anonymise=args.anonymise, notes=args.notes, key=key)
    _say(f"wrote {display_path(paths[0])} and {len(paths) - 1} more files in {display_path(out)}")
    _say(f"projector view (no names): {display_path(out / 'projector.html')}")
    return 0
