"""What every saved widget's session shares: the reader's document kept in its file (opened with
recovery, saved after every change, merged with another window's saves), undo, and what the
reader is told.

The file work is :class:`closereading.base.workfile.WorkFile`'s, the same for every kind of
file. Undo is by record: a change remembers the previous version of each record it touched (and
of the file's other fields, such as the answer coder's layout of units), so undoing it puts
back only those, and a record another window added or changed meanwhile stays as it is.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from closereading.base.paths import display_path
from closereading.base.workfile import (
    Document,
    Kind,
    Recovery,
    SaveResult,
    Source,
    WorkFile,
)

R = TypeVar("R")
T = TypeVar("T")


@dataclass(frozen=True)
class Step(Generic[R]):
    """One change undo can take back: what it was, each touched record's previous version by
    id (None: the record did not exist), and the file's other fields before it (None: unchanged)."""

    what: str
    records: dict[str, R | None]
    header: dict[str, Any] | None = None
    #: The touched records as the change left them (None: it deleted the record).
    after: dict[str, R | None] | None = None
    #: The file's other fields as the change left them.
    header_after: dict[str, Any] | None = None
    #: After an undo: what was not put back because another window changed it since.
    kept: tuple[str, ...] = ()

    def record(self) -> R | None:
        """The record the change was about (its version before, else after), for a message."""
        found = [*self.records.values(), *(self.after or {}).values()]
        return next((r for r in found if r is not None), None)


class FileSession(Generic[R]):
    """``document`` saved to ``path`` after every change, with undo."""

    def __init__(self, path: str | Path, kind: Kind[R], document: Document[R]) -> None:
        self.path = Path(path)
        self.document = document
        self.file = WorkFile(self.path, kind, document)
        self._undo: list[Step[R]] = []

    # --- the file ------------------------------------------------------------------------------

    @property
    def save_path(self) -> Path | None:
        """Where work is saved: the file, its recovered file, or None (nowhere)."""
        return self.file.save_path

    @property
    def problem(self) -> str:
        return self.file.problem

    @property
    def notice(self) -> str:
        return self.file.notice

    @property
    def writes(self) -> int:
        """Successful saves so far (a change is saved when it made one)."""
        return self.file.writes

    @property
    def last_save(self) -> SaveResult[R] | None:
        return self.file.last_save

    def save(self) -> SaveResult[R] | None:
        return self.file.save()

    def save_message(self) -> str:
        return self.file.save_message()

    def recover(self) -> Recovery:
        """Merge the file, its backup and its recovered file into a good file (nothing is
        deleted) and go on from it; undo starts afresh."""
        result = self.file.recover()
        self._undo.clear()
        return result

    def sources(self) -> list[Source[R]]:
        return self.file.sources()

    # --- changes and undo ------------------------------------------------------------------------

    def _current(self) -> dict[str, R]:
        kind = self.file.kind
        return {kind.ident(r): r for r in self.document.records()}

    def change(self, what: str, action: Callable[[], T]) -> T:
        """Run ``action`` on the document; if it changed anything, remember how to undo it and
        save. An action that raises changes nothing."""
        before, header = self._current(), self.document.header()
        result = action()
        after, header_after = self._current(), self.document.header()
        touched = {k: before.get(k) for k in {*before, *after} if before.get(k) != after.get(k)}
        moved = header if header_after != header else None
        if touched or moved is not None:
            made = {k: after.get(k) for k in touched}
            self._undo.append(Step(what, touched, moved, made, header_after))
            self.save()
        return result

    def undo(self) -> Step[R] | None:
        """Take back the last change (None if there is nothing to undo).

        Only what is still as this change left it is put back: a record (or the layout) that
        another window changed since is kept as it is now, and the returned step lists it in
        ``kept``, so an undo never takes back someone else's work."""
        if not self._undo:
            return None
        step = self._undo.pop()
        current = self._current()
        kept = []
        for key, old in step.records.items():
            left = (step.after or {}).get(key)
            if current.get(key) != left:
                kept.append(key)  # changed (or deleted) elsewhere since: leave it
            elif old is None:
                current.pop(key, None)
            else:
                current[key] = old
        header = self.document.header()
        if step.header is not None:
            if header == step.header_after:
                header = step.header
            else:
                kept.append("the layout")
        self.document.adopt(list(current.values()), header)
        self.save()
        return dataclasses.replace(step, kept=tuple(kept))

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    # --- what the reader is told -------------------------------------------------------------------

    def told(self, status: str, noun: str) -> tuple[str, str]:
        """The status line and the error (``""`` if none) for a widget opening on this file:
        ``status`` says what the document holds; ``noun`` names its records ("highlights")."""
        parts = [self.notice, status, self.file.set_aside_message()]
        if self.problem:
            parts.append(
                f"{noun.capitalize()} are NOT saved until the file is fixed."
                if self.save_path is None
                else f"New {noun} are saved to {display_path(self.save_path)} instead."
            )
        line = " ".join(p for p in parts if p)
        if not self.problem:
            return line, ""
        return line, (
            f"{self.problem}. Run `closereading recover {display_path(self.path)}` (or the "
            "widget's Recover button) to merge the file, its backup and the recovered file into "
            "a good file; nothing is deleted."
        )

    def saved_where(self) -> str:
        """Where the work is saved, for a summary line (deterministic)."""
        if self.save_path is None:
            return f"not saved ({display_path(self.path)} cannot be read)"
        return f"saved in {display_path(self.save_path)}"
