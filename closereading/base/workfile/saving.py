"""Saving a student file: under its lock, merged by record id with another writer's saves."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic

from closereading.base.files import (
    atomic_write,
    digest,
    file_lock,
    read_bytes,
    remove_stale_temps,
    utf8,
)
from closereading.base.paths import display_path
from closereading.base.strings import plural
from closereading.base.workfile.records import (
    Contents,
    Kind,
    R,
    SetAside,
    WorkFileError,
    encode,
    parse,
)

# --- the merge -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Merge(Generic[R]):
    """What to keep after a three-way merge, and which ids came from the other writer."""

    kept: list[R]
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    conflicts: tuple[str, ...] = ()


def merge(kind: Kind[R], base: dict[str, R], ours: dict[str, R], theirs: dict[str, R]) -> Merge[R]:
    """Merge three versions of a file's records by id (the rules are in the module's docstring)."""
    kept: list[R] = []
    report: dict[str, list[str]] = {"added": [], "removed": [], "updated": [], "conflicts": []}
    for key in dict.fromkeys([*base, *ours, *theirs]):
        b, o, t = base.get(key), ours.get(key), theirs.get(key)
        if o is not None and t is not None:
            fresh = kind.renamed(o, {*base, *ours, *theirs}) if b is None else None
            if fresh is not None and not kind.same(o, t):  # one id handed out twice: keep both
                kept += [t, fresh]
                report["added"].append(key)
            elif (b is None and not kind.same(o, t)) or (
                b is not None
                and not kind.same(o, b)
                and not kind.same(t, b)
                and not kind.same(o, t)
            ):
                kept.append(kind.resolve(o, t))
                report["conflicts"].append(key)
            elif b is not None and kind.same(o, b) and not kind.same(t, b):
                kept.append(t)
                report["updated"].append(key)
            else:
                kept.append(o)
        elif o is not None:  # not in theirs: new here, or deleted there
            if b is None:
                kept.append(o)
            elif not kind.same(o, b):
                kept.append(o)  # changed here, deleted there: the change is kept
            else:
                report["removed"].append(key)
        elif t is not None:  # not in ours: new there, or deleted here
            if b is None:
                kept.append(t)
                report["added"].append(key)
            elif not kind.same(t, b):
                kept.append(t)  # deleted here, changed there: the change is kept
                report["updated"].append(key)
    return Merge(kept, *(tuple(report[k]) for k in ("added", "removed", "updated", "conflicts")))


# --- saving --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Synced(Generic[R]):
    """What a writer last read from or wrote to ``path``: the file's hash (None: no file), its
    records by id and its other fields (the base of the next three-way merge)."""

    path: Path
    digest: str | None
    records: dict[str, R]
    header: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SaveResult(Generic[R]):
    """What a save did: the records and fields now in the file (the caller holds these from now
    on), and, when the file had changed since it was read, what the merge took from it."""

    path: Path
    records: list[R]
    header: dict[str, Any]
    synced: Synced[R]
    noun: str = "record"
    merged: bool = False
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    conflicts: tuple[str, ...] = ()
    recreated: bool = False
    set_aside: tuple[SetAside, ...] = ()

    @property
    def changed(self) -> bool:
        """True when the merge changed this writer's records (the view must be redrawn)."""
        return bool(self.added or self.removed or self.updated or self.conflicts)

    def message(self) -> str:
        """One sentence for the reader, ``""`` when there is nothing to say."""
        parts = [
            f"{plural(len(ids), self.noun)} {what}"
            for ids, what in (
                (self.added, "added there"),
                (self.removed, "deleted there"),
                (self.updated, "changed there"),
                (
                    self.conflicts,
                    "changed in both windows (the later change kept, both notes kept)",
                ),
            )
            if ids
        ]
        if parts:
            return "Merged with changes saved from another window: " + "; ".join(parts) + "."
        if self.recreated:
            return "The file had been deleted since it was opened; it was written again."
        return ""


def synced(path: Path, contents: Contents[R], kind: Kind[R]) -> Synced[R]:
    """The base for the next save of what was just read from ``path``."""
    records = {kind.ident(r): r for r in contents.records}
    return Synced(Path(path).resolve(), contents.digest, records, dict(contents.header))


def save(
    path: str | Path,
    kind: Kind[R],
    header: dict[str, Any],
    records: Iterable[R],
    base: Synced[R] | None,
    set_aside: Iterable[SetAside] = (),
) -> SaveResult[R]:
    """Write ``records`` to ``path``, merged with what another writer saved there since ``base``
    was read (None: nothing was read). A file that changed and cannot be read now is not
    overwritten: :class:`WorkFileError` says so."""
    path = Path(path)
    ours = {kind.ident(r): r for r in records}
    aside = list(set_aside)
    with file_lock(path):
        remove_stale_temps(path)
        raw = read_bytes(path)
        if base is not None and base.path != path.resolve():
            base = None
        outcome: dict[str, Any] = {}
        kept, head = list(ours.values()), dict(header)
        if base is None or digest(raw) != base.digest:
            if raw is not None:
                try:
                    theirs = parse(raw, path, kind)
                except WorkFileError as error:
                    raise WorkFileError(
                        path,
                        f"changed on disk since it was opened and cannot be read now "
                        f"({error.problem}); it was not overwritten. Run `closereading recover "
                        f"{display_path(path)}` on it.",
                    ) from None
                was = base.records if base else {}
                done = merge(kind, was, ours, {kind.ident(r): r for r in theirs.records})
                kept = done.kept
                head = kind.merge_header(base.header if base else header, header, theirs.header)
                aside += [
                    a for a in theirs.set_aside if a.to_dict() not in [x.to_dict() for x in aside]
                ]
                outcome = {
                    "merged": True,
                    "added": done.added,
                    "removed": done.removed,
                    "updated": done.updated,
                    "conflicts": done.conflicts,
                }
            elif base is not None and base.digest is not None:
                outcome = {"recreated": True}
        content = encode(kind, head, kept, aside)
        atomic_write(path, content, backup=True)
        now = Synced(path.resolve(), digest(utf8(content)), {kind.ident(r): r for r in kept}, head)
    return SaveResult(path, kept, head, now, kind.noun, set_aside=tuple(aside), **outcome)
