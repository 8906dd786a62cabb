"""A document kept in its file: what every saved widget and store builds on."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Generic, Protocol

from closereading.base.paths import display_path
from closereading.base.strings import plural
from closereading.base.workfile.records import Kind, R, WorkFileError, read
from closereading.base.workfile.recovery import (
    Opened,
    Recovery,
    Source,
    inspect,
    open_file,
    recover,
    recovered_path,
)
from closereading.base.workfile.saving import SaveResult, Synced, save, synced

# --- a document kept in its file -----------------------------------------------------------


class Document(Protocol[R]):
    """What :class:`WorkFile` needs of the thing it keeps (a set of highlights, a coding ...)."""

    def records(self) -> list[R]:
        """Every record to save, those that no longer fit the text included."""
        ...

    def header(self) -> dict[str, Any]:
        """The file's fields besides the records (author, transcript ...)."""
        ...

    def adopt(self, records: list[R], header: dict[str, Any]) -> None:
        """Hold exactly ``records`` (after a merge, an undo or a recovery); ``header`` holds the
        file's other fields (empty for a new file)."""
        ...


class WorkFile(Generic[R]):
    """``document`` kept in the file at ``path`` as records of ``kind``: opened with recovery (:func:`open_file`),
    saved after every change with the merge (:func:`save`), recovered on request
    (:func:`recover`). ``writes`` counts successful saves, so a page can be told a change is on
    disk; ``last_save`` says what the last save merged."""

    def __init__(self, path: str | Path, kind: Kind[R], document: Document[R]) -> None:
        self.path = Path(path)
        self.document = document
        self.kind = kind
        self.writes = 0
        self.last_save: SaveResult[R] | None = None
        self._moved = ""
        self._take(open_file(self.path, self.kind))

    def _take(self, opened: Opened[R]) -> None:
        self.save_path, self.base = opened.save_path, opened.base
        self.problem, self.notice = opened.problem, opened.notice
        self.set_aside = list(opened.contents.set_aside)
        if opened.contents.digest is not None:
            self.document.adopt(opened.contents.records, opened.contents.header)
        elif self.base is None and self.save_path is not None:
            self.base = Synced(self.save_path.resolve(), None, {})

    def save(self) -> SaveResult[R] | None:
        """Write the document (merged with another writer's changes); None when there is
        nowhere to save. A failed write raises and leaves the file as it was."""
        self.last_save, self._moved = None, ""
        if self.save_path is None:
            return None
        try:
            result = self._save_to(self.save_path)
        except WorkFileError as error:
            if self.save_path != self.path:
                raise
            # The file was damaged while open: it is left untouched, and work goes on beside it.
            recovered = recovered_path(self.path)
            self.problem = (
                f"{display_path(self.path)} was damaged while open ({error.problem}); it is left "
                "untouched"
            )
            self._moved = (
                f"{self.problem}. Your work is now saved in {display_path(recovered)}; run "
                f"`closereading recover {display_path(self.path)}` to merge the two."
            )
            self.save_path, self.base = recovered, None
            result = self._save_to(recovered)
        if result.merged:
            self.document.adopt(result.records, result.header)
        self.base, self.set_aside = result.synced, list(result.set_aside)
        self.writes += 1
        self.last_save = result
        return result

    def _save_to(self, path: Path) -> SaveResult[R]:
        return save(
            path,
            self.kind,
            self.document.header(),
            self.document.records(),
            self.base,
            self.set_aside,
        )

    def save_message(self) -> str:
        """What the last save merged from another window, or where it had to go because the
        file was damaged meanwhile, as sentences ("" if nothing)."""
        merged = self.last_save.message() if self.last_save is not None else ""
        return " ".join(p for p in (self._moved, merged) if p)

    def recover(self) -> Recovery:
        """Merge the file, its backup and its recovered file into a good file (this document's
        unsaved work first saved, so it is part of the merge) and go on from it."""
        if self.save_path is not None:
            self.save()
        result = recover(self.path, self.kind)
        contents = read(self.path, self.kind)
        self._take(Opened(contents, self.path, synced(self.path, contents, self.kind)))
        self.notice = result.message()
        self.writes += 1
        return result

    def sources(self) -> list[Source[R]]:
        """What the file, its backup and its recovered file hold (for a recovery view)."""
        return inspect(self.path, self.kind)

    def set_aside_message(self) -> str:
        """The records that could not be read, and why ("" if none)."""
        if not self.set_aside:
            return ""
        reasons = "; ".join(a.reason for a in self.set_aside[:3])
        more = f" (and {len(self.set_aside) - 3} more)" if len(self.set_aside) > 3 else ""
        return (
            f"{plural(len(self.set_aside), 'record')} of {display_path(self.path)} could not be "
            f"read and {'is' if len(self.set_aside) == 1 else 'are'} kept aside in the file: "
            f"{reasons}{more}."
        )
