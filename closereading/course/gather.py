"""Gather a class's files from a hub's homes into one folder that ``closereading collect`` reads.

On The Littlest JupyterHub every student's home is on one machine (``/home/jupyter-<name>``), and
each student's work is in ``closereading-lab/work`` there: highlights in ``annotations/``,
answer codes in ``codes/``, pronoun referents in ``pronouns/``, the written reading in
``reading/``. :func:`gather` copies those files into ``<inbox>/<home>/``, one folder per home,
each JSON file named with its kind (``ana-highlights.json``, ``ana-codes.json``,
``ana-pronouns.json``) and the reading kept as ``reading/ana.md``, so that nothing collides
and a copied or e-mailed file still says what it is. A file kept beside a damaged one
(``ana-recovered.json``) keeps its place beside it (``ana-highlights-recovered.json``), and collect
merges the two as before. :func:`hand_in` makes the same copies of one student's own work folder,
for a class without a hub: the files to send.

Homes are not trusted: a link (file or folder) is never followed, only regular ``.json`` files
are copied, none larger than collect reads, and nothing in a home is changed.

>>> handed_in_name("annotations", "ana.json"), handed_in_name("codes", "ana-recovered.json")
('ana-highlights.json', 'ana-codes-recovered.json')
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from closereading.base.files import atomic_write

__all__ = ["HOMES", "KINDS", "Gathered", "gather", "hand_in", "handed_in_name"]

#: Each kind's folder in ``work/`` and the word its copies carry.
KINDS = {"annotations": "highlights", "codes": "codes", "pronouns": "pronouns"}
#: The folder of the written readings (notebook 07), copied under the same name.
READINGS = "reading"
#: Where The Littlest JupyterHub keeps its users' homes.
HOMES = "/home/jupyter-*"
#: The largest file copied: collect reads none larger (a class's files are a few tens of kB).
MAX_BYTES = 2_000_000
_RECOVERED = "-recovered"


def handed_in_name(folder: str, name: str) -> str:
    """The copy's name: the file's own name with its kind after it."""
    stem = name[: -len(".json")]
    twin = stem.endswith(_RECOVERED)
    if twin:
        stem = stem[: -len(_RECOVERED)]
    return f"{stem}-{KINDS[folder]}{_RECOVERED if twin else ''}.json"


@dataclass
class Gathered:
    """What :func:`gather` or :func:`hand_in` did: the copies made and, for each home or file
    passed over, why (one line each)."""

    copied: list[Path] = field(default_factory=list)
    passed: list[str] = field(default_factory=list)

    def lines(self, inbox: Path) -> list[str]:
        homes = {p.parent.parent if p.parent.name == READINGS else p.parent for p in self.copied}
        summary = f"{len(self.copied)} files from {len(homes)} folders copied into {inbox}"
        return [summary, *(f"  passed over: {reason}" for reason in self.passed)]


def _is_real_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _read(path: Path) -> bytes:
    """A regular file's bytes, opened without following a link; ``ValueError`` saying why not."""
    info = os.lstat(path)
    if not stat.S_ISREG(info.st_mode):
        raise ValueError("not a regular file (a link or something else): not copied")
    if info.st_size > MAX_BYTES:
        raise ValueError(f"{info.st_size:,} bytes, over collect's limit of {MAX_BYTES:,}")
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    handle = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise ValueError("not a regular file: not copied")
        with os.fdopen(handle, "rb", closefd=False) as stream:
            return stream.read(MAX_BYTES + 1)
    finally:
        os.close(handle)


def _copy_readings(work: Path, into: Path, label: str, result: Gathered) -> None:
    """Copy the written readings (``reading/<name>.md``, notebook 07) into ``into/reading/``:
    collect counts their words in the completion table."""
    folder = work / READINGS
    if not _is_real_folder(folder):
        return
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if not entry.name.endswith(".md") or entry.name.startswith("."):
            continue  # backups (.bak), temporary files, hidden files
        try:
            data = _read(Path(entry.path))
        except (OSError, ValueError) as error:
            result.passed.append(f"{label}/{READINGS}/{entry.name}: {error}")
            continue
        target = into / READINGS / entry.name
        atomic_write(target, data)
        result.copied.append(target)


def copy_work(work: Path, into: Path, label: str, result: Gathered) -> None:
    """Copy one work folder's files of every kind into ``into``, named by kind, and its written
    readings into ``into/reading/``."""
    _copy_readings(work, into, label, result)
    for folder in KINDS:
        kind_folder = work / folder
        if not _is_real_folder(kind_folder):
            continue
        for entry in sorted(os.scandir(kind_folder), key=lambda e: e.name):
            name = entry.name
            if not name.endswith(".json") or name.startswith("."):
                continue  # backups (.bak), temporary files, hidden files
            source = f"{label}/{folder}/{name}"
            try:
                data = _read(Path(entry.path))
            except (OSError, ValueError) as error:
                result.passed.append(f"{source}: {error}")
                continue
            target = into / handed_in_name(folder, name)
            if target in result.copied:
                result.passed.append(f"{source}: a second file named {target.name}: not copied")
                continue
            atomic_write(target, data)
            result.copied.append(target)


def gather(
    inbox: str | Path,
    homes: Iterable[str | Path] | None = None,
    folder: str = "closereading-lab",
) -> Gathered:
    """Copy every home's ``<folder>/work`` files into ``inbox/<home's name>/``.

    ``homes``: the home folders (default: every ``/home/jupyter-*``, The Littlest JupyterHub's).
    A home without the course's work folder is named among the passed over (a student who has
    not opened the course yet), as is a home or folder that is a link.
    """
    inbox = Path(inbox)
    pattern = Path(HOMES)
    found = pattern.parent.glob(pattern.name) if homes is None else homes
    chosen = sorted(Path(h) for h in found)
    result = Gathered()
    for home in chosen:
        work = home / folder / "work"
        hops = [home, home / folder, work]
        if not all(_is_real_folder(p) for p in hops):
            result.passed.append(f"{home}: no {folder}/work folder (the course not opened yet?)")
            continue
        copy_work(work, inbox / home.name, home.name, result)
    return result


def hand_in(out: str | Path | None = None) -> Gathered:
    """Copy this student's work files, named by kind, into ``out`` (``work/hand-in``)."""
    from closereading.base.paths import work_dir

    work = work_dir()
    target = Path(out) if out is not None else work / "hand-in"
    result = Gathered()
    copy_work(work, target, "work", result)
    return result
