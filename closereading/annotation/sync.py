"""Saving a set of highlights when another window may be saving the same file.

Two highlighters on one file (two notebooks, two kernels, or one notebook opened twice) each keep
their own copy. A save therefore never simply overwrites: under the file's cross-process lock
(:func:`closereading.base.files.file_lock`) it compares the file's SHA-256 with the one this set
last read or wrote. If they differ, the file is read again and merged by id, three ways: what this
set last saw (the *base*), what it holds now (*ours*) and what is on disk (*theirs*).

The rules, for each id:

- added on one side only: kept;
- deleted on one side, unchanged on the other: deleted;
- deleted on one side, changed on the other: the changed one is kept (an edit beats a delete);
- changed on one side only: that change is kept;
- changed on both sides: the version with the later ``modified`` time is kept (this window's on
  a tie); if the other version's note differs, it is appended to the kept note after the line
  ``[note from another window]``, so no writing is lost;
- the same id added on both sides with different content (only possible with ids made by older
  versions): both are kept, this window's under a new id.

A file that changed and can no longer be read (damaged, or another transcript's) is not
overwritten: :class:`~closereading.annotation.records.AnnotationFileError` says so. Every save
returns a :class:`SaveResult` saying what was merged.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from closereading.annotation.anchoring import place
from closereading.annotation.records import Annotation, AnnotationFileError, new_id, text_sha256
from closereading.annotation.store import StoredFile, parse_annotation_bytes
from closereading.base.files import (
    atomic_write,
    digest,
    file_lock,
    read_bytes,
    remove_stale_temps,
)
from closereading.base.strings import plural

if TYPE_CHECKING:
    from closereading.annotation.model import AnnotationSet

__all__ = [
    "NOTE_FROM_OTHER_WINDOW",
    "SaveResult",
    "Synced",
    "merge_records",
    "place_all",
    "resolve_conflict",
    "save_set",
]

#: The line put between a kept note and the other window's differing note.
NOTE_FROM_OTHER_WINDOW = "[note from another window]"


@dataclass(frozen=True)
class Synced:
    """What a set last read from or wrote to ``path``: the file's hash (None: no file) and its
    highlights by id (the base of the next three-way merge)."""

    path: Path
    digest: str | None
    records: dict[str, Annotation]


@dataclass(frozen=True)
class SaveResult:
    """What a save did. ``merged`` is True when the file had changed since this set read it; the
    id lists say what the merge took from the file on disk."""

    path: Path
    merged: bool = False
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    conflicts: tuple[str, ...] = ()
    recreated: bool = False

    @property
    def changed(self) -> bool:
        """True when the merge changed this set (the view must be redrawn)."""
        return bool(self.added or self.removed or self.updated or self.conflicts)

    def message(self) -> str:
        """One sentence for the reader, ``""`` when there is nothing to say.

        >>> SaveResult(Path("a.json"), merged=True, added=("x",), conflicts=("y", "z")).message()
        'Merged with changes saved from another window: 1 highlight added there; 2 highlights changed in both windows (the later change kept, both notes kept).'
        """
        parts = []
        if self.added:
            parts.append(f"{plural(len(self.added), 'highlight')} added there")
        if self.removed:
            parts.append(f"{plural(len(self.removed), 'highlight')} deleted there")
        if self.updated:
            parts.append(f"{plural(len(self.updated), 'highlight')} changed there")
        if self.conflicts:
            parts.append(
                f"{plural(len(self.conflicts), 'highlight')} changed in both windows "
                "(the later change kept, both notes kept)"
            )
        if parts:
            return "Merged with changes saved from another window: " + "; ".join(parts) + "."
        if self.recreated:
            return "The file had been deleted since it was opened; it was written again."
        return ""


def place_all(
    stored: StoredFile, transcript_text: str, same_text: bool
) -> tuple[dict[str, Annotation], list[Annotation], list[str]]:
    """Anchor a file's highlights in the text: (anchored by id, orphans, re-anchored ids)."""
    anchored: dict[str, Annotation] = {}
    orphans: list[Annotation] = []
    moved: list[str] = []
    for annotation, was_orphan in stored.annotations:
        placed = place(annotation, transcript_text, trust_position=same_text and not was_orphan)
        if placed is None:
            orphans.append(annotation)
            continue
        if (placed.start, placed.end) != (annotation.start, annotation.end) or was_orphan:
            moved.append(annotation.id)
        anchored[placed.id] = placed
    return anchored, orphans, moved


def save_set(annotations: AnnotationSet, path: str | Path) -> SaveResult:
    """Save ``annotations`` to ``path`` safely against other writers (see the module's rules)."""
    path = Path(path)
    with file_lock(path):
        remove_stale_temps(path)
        raw = read_bytes(path)
        base = annotations.synced if annotations.synced is not None else None
        if base is not None and base.path != _key(path):
            base = None
        result = SaveResult(path)
        if base is None or digest(raw) != base.digest:
            if raw is not None:
                result = _merge(annotations, base.records if base else {}, raw, path)
            elif base is not None and base.digest is not None:
                result = SaveResult(path, recreated=True)
        content = json.dumps(annotations.to_dict(), ensure_ascii=False, indent=2) + "\n"
        atomic_write(path, content, backup=True)
        annotations.synced = snapshot(annotations, path, content.encode("utf-8"))
    return result


def snapshot(annotations: AnnotationSet, path: Path, content: bytes | None) -> Synced:
    """The base for the next save: the set as it is now, and the hash of ``content``."""
    records = {a.id: a for a in annotations}
    records.update((o.id, o) for o in annotations.orphans)
    return Synced(_key(path), digest(content), records)


def _key(path: Path) -> Path:
    return Path(path).resolve()


def _merge(
    annotations: AnnotationSet, base: dict[str, Annotation], raw: bytes, path: Path
) -> SaveResult:
    transcript = annotations.transcript
    try:
        stored = parse_annotation_bytes(raw, path, transcript.id, annotations.moves)
    except AnnotationFileError as error:
        raise AnnotationFileError(
            path,
            f"changed on disk since it was opened and cannot be read now ({error.problem}); "
            "it was not overwritten. Run `closereading recover` on it.",
        ) from None
    anchored, orphans, _ = place_all(
        stored, transcript.text, stored.sha256 == text_sha256(transcript)
    )
    theirs = {**anchored, **{o.id: o for o in orphans}}
    ours = {a.id: a for a in annotations}
    ours.update((o.id, o) for o in annotations.orphans)
    kept, report = merge_records(base, ours, theirs)
    annotations.replace_all(kept)
    return SaveResult(
        path,
        merged=True,
        added=report["added"],
        removed=report["removed"],
        updated=report["updated"],
        conflicts=report["conflicts"],
    )


def merge_records(
    base: dict[str, Annotation], ours: dict[str, Annotation], theirs: dict[str, Annotation]
) -> tuple[list[Annotation], dict[str, tuple[str, ...]]]:
    """Merge three versions by id (the module's rules): what to keep, and what came from theirs."""
    kept: list[Annotation] = []
    report: dict[str, list[str]] = {"added": [], "removed": [], "updated": [], "conflicts": []}
    for key in dict.fromkeys([*base, *ours, *theirs]):
        b, o, t = base.get(key), ours.get(key), theirs.get(key)
        if o is not None and t is not None:
            if b is None and not _same(o, t):  # one id made twice: keep both
                kept += [t, dataclasses.replace(o, id=_fresh_id(ours, theirs))]
                report["added"].append(key)
            elif _same(o, t) or (b is not None and _same(t, b)):
                kept.append(o)
            elif b is not None and _same(o, b):
                kept.append(t)
                report["updated"].append(key)
            else:
                kept.append(resolve_conflict(o, t))
                report["conflicts"].append(key)
        elif o is not None:  # not on disk: added here, or deleted there
            if b is None or not _same(o, b):
                kept.append(o)
            else:
                report["removed"].append(key)
        elif t is not None:  # not here: added there, or deleted here
            if b is None:
                kept.append(t)
                report["added"].append(key)
            elif not _same(t, b):
                kept.append(t)
                report["updated"].append(key)
    return kept, {name: tuple(ids) for name, ids in report.items()}


def _same(a: Annotation, b: Annotation) -> bool:
    return (a.move, a.quote, a.note, a.modified, a.created) == (
        b.move,
        b.quote,
        b.note,
        b.modified,
        b.created,
    )


def resolve_conflict(ours: Annotation, theirs: Annotation) -> Annotation:
    """Two versions of one highlight: the later ``modified`` wins (``ours`` on a tie), and the
    other's differing note is appended after :data:`NOTE_FROM_OTHER_WINDOW`."""
    winner, loser = (theirs, ours) if theirs.modified > ours.modified else (ours, theirs)
    if loser.note.strip() and loser.note not in winner.note:
        joined = f"{winner.note}\n\n{NOTE_FROM_OTHER_WINDOW}\n{loser.note}".strip()
        winner = dataclasses.replace(winner, note=joined)
    return winner


def _fresh_id(*taken: dict[str, Annotation]) -> str:
    while True:
        candidate = new_id()
        if not any(candidate in ids for ids in taken):
            return candidate
