"""Opening a student file with recovery, and recovering a damaged one: nothing deleted."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Generic

from closereading.base.files import (
    backup_path,
    file_lock,
    fsync_folder,
    read_bytes,
    remove_stale_temps,
)
from closereading.base.paths import display_path
from closereading.base.strings import plural
from closereading.base.workfile.records import (
    Contents,
    Kind,
    R,
    SetAside,
    WorkFileError,
    parse,
    read,
    salvage,
)
from closereading.base.workfile.saving import Synced, save, synced

# --- opening, with recovery ----------------------------------------------------------------


def recovered_path(path: Path) -> Path:
    """Where work goes while ``path`` cannot be read: ``<stem>-recovered.json`` beside it."""
    return path.with_name(f"{path.stem}-recovered{path.suffix}")


@dataclass
class Opened(Generic[R]):
    """A file ready to change: what it holds, where it is saved (None: nowhere, with the
    reason in ``problem``), the base of the next save, and what the reader should know."""

    contents: Contents[R]
    save_path: Path | None
    base: Synced[R] | None
    problem: str = ""
    notice: str = ""


def open_file(path: str | Path, kind: Kind[R]) -> Opened[R]:
    """Open ``path`` for changing, with the recovery described in the module's docstring."""
    path = Path(path)
    recovered = recovered_path(path)
    for where in (path, recovered):
        _clear_temps(where)
    notice = ""
    if recovered.exists() and not path.exists():  # the student moved the damaged file away
        notice = recover(path, kind).message() + " "
    try:
        contents = read(path, kind)
    except (WorkFileError, OSError) as error:
        problem = f"{display_path(path)} could not be read ({_reason(error)}); it is left untouched"
    else:
        if recovered.exists():
            notice += _still_recovered(path, recovered, kind)
        return Opened(contents, path, synced(path, contents, kind), notice=notice.strip())
    shown = display_path(recovered)
    if recovered.exists():
        try:
            contents = read(recovered, kind)
        except (WorkFileError, OSError) as error:
            problem += f", and {shown} could not be read either ({_reason(error)})"
            return Opened(Contents({}, []), None, None, problem)
        return Opened(
            contents,
            recovered,
            synced(recovered, contents, kind),
            f"{problem}. Your work is saved in {shown}",
        )
    try:
        start = read(backup_path(path), kind)
        how = f"it starts from the previous version, {display_path(backup_path(path))}"
        if start.digest is None:
            raise FileNotFoundError(backup_path(path))
    except (WorkFileError, OSError):
        start = salvage(_bytes(path), kind)
        how = f"it starts from the {plural(len(start.records), kind.noun)} that could be read"
    try:
        made = save(recovered, kind, start.header, start.records, None, start.set_aside)
    except OSError as error:  # a read-only folder, a full disk: nothing can be saved
        problem += f", and {shown} cannot be written either ({_reason(error)}); nothing is saved"
        return Opened(start, None, None, problem)
    contents = Contents(made.header, made.records, list(made.set_aside), made.synced.digest)
    return Opened(
        contents, recovered, made.synced, f"{problem}. New work is saved in {shown}; {how}"
    )


def _bytes(path: Path) -> bytes:
    """What can be read of ``path`` (nothing, for a folder or an unreadable file)."""
    try:
        return read_bytes(path) or b""
    except OSError:
        return b""


def _still_recovered(path: Path, recovered: Path, kind: Kind[R]) -> str:
    try:
        count = plural(len(read(recovered, kind).records), kind.noun)
    except (WorkFileError, OSError):
        count = "work"
    return (
        f"{display_path(recovered)} still holds {count} saved while {display_path(path)} could "
        f"not be read: run `closereading recover {display_path(path)}` (or the Recover button) "
        "to merge it in; nothing is deleted."
    )


def _clear_temps(path: Path) -> None:
    """Clear what killed saves left beside ``path``; opening goes on if the lock is busy."""
    if not path.parent.is_dir():
        return
    try:
        with file_lock(path, timeout=2):
            remove_stale_temps(path)
    except OSError:  # another window is saving, or the folder is read-only: next time
        return


def _reason(error: Exception) -> str:
    if isinstance(error, WorkFileError):
        return error.problem
    if isinstance(error, OSError):
        return (error.strerror or str(error)).lower()
    return str(error)


# --- recovery ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source(Generic[R]):
    """One place work was found: ``role`` is ``file``, ``backup`` or ``recovered``."""

    role: str
    path: Path
    exists: bool
    problem: str = ""
    contents: Contents[R] = field(default_factory=lambda: Contents({}, []))
    noun: str = "record"

    @property
    def records(self) -> list[R]:
        return self.contents.records

    @property
    def damaged(self) -> bool:
        return self.exists and bool(self.problem)

    def describe(self) -> str:
        """One line for the reader: what this place holds."""
        if not self.exists:
            return f"{self.role}: {self.path.name} does not exist"
        found = plural(len(self.records), self.noun)
        aside = self.contents.set_aside
        extra = f", {plural(len(aside), 'record')} set aside" if aside else ""
        if not self.problem:
            return f"{self.role}: {self.path.name} reads cleanly: {found}{extra}"
        return f"{self.role}: {self.path.name} is damaged ({self.problem}); salvaged {found}{extra}"


@dataclass(frozen=True)
class Recovery:
    """What :func:`recover` did: the good file, what it holds and where old files were put."""

    path: Path
    sources: list[Source[Any]]
    total: int
    kept_aside: list[Path]
    noun: str = "record"
    #: Records the readable file did not hold (back from the backup: perhaps deleted since).
    returned: int = 0

    def message(self) -> str:
        used = [s for s in self.sources if s.records]
        where = ", ".join(f"{s.path.name} ({len(s.records)})" for s in used) or "nothing"
        text = f"Recovered {plural(self.total, self.noun)} into {self.path.name} from {where}."
        if self.returned:
            text += (
                f" {plural(self.returned, self.noun)} came back that {self.path.name} no longer "
                "held (perhaps deleted since): delete them again if so."
            )
        if self.kept_aside:
            text += " Kept aside, not deleted: " + ", ".join(p.name for p in self.kept_aside) + "."
        return text


def inspect(path: str | Path, kind: Kind[R]) -> list[Source[R]]:
    """What the file, its backup and its recovered file hold (damaged ones salvaged)."""
    path = Path(path)
    places = [("file", path), ("backup", backup_path(path)), ("recovered", recovered_path(path))]
    return [_source(role, where, kind) for role, where in places]


def _source(role: str, path: Path, kind: Kind[R]) -> Source[R]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Source(role, path, False, noun=kind.noun)
    except OSError as error:
        return Source(role, path, True, _reason(error), noun=kind.noun)
    try:
        return Source(role, path, True, "", parse(raw, path, kind), kind.noun)
    except WorkFileError as error:
        return Source(role, path, True, error.problem, salvage(raw, kind), kind.noun)


def recover(path: str | Path, kind: Kind[R]) -> Recovery:
    """Merge the file, its backup and its recovered file into a good file at ``path``. The
    newest version of each record is kept (a differing note of another is appended); a record
    deleted after the backup was made may come back: recovery prefers too much to too little."""
    path = Path(path)
    with file_lock(path):
        remove_stale_temps(path)
        sources = inspect(path, kind)
        newest: dict[str, R] = {}
        aside: list[SetAside] = []
        for source in sources:
            for record in source.records:
                key = kind.ident(record)
                newest[key] = kind.resolve(newest[key], record) if key in newest else record
            aside += [a for a in source.contents.set_aside if a not in aside]
        header = next(
            (s.contents.header for s in sources if s.contents.header and not s.problem),
            next((s.contents.header for s in sources if s.contents.header), {}),
        )
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        moved = []
        if sources[0].damaged:
            moved.append(
                _move_aside(path, path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}"))
            )
        base = synced(path, sources[0].contents, kind) if not sources[0].damaged else None
        save(path, kind, header, newest.values(), base, aside)
        if sources[2].exists:
            target = path.with_name(f"{path.stem}-recovered.merged-{stamp}{path.suffix}")
            moved.append(_move_aside(recovered_path(path), target))
    returned = 0
    if sources[0].exists and not sources[0].damaged:
        held = {kind.ident(r) for r in sources[0].records}
        returned = len([key for key in newest if key not in held])
    return Recovery(path, list(sources), len(newest), moved, kind.noun, returned)


def _move_aside(path: Path, target: Path) -> Path:
    os.replace(path, target)
    fsync_folder(path.parent)
    return target
