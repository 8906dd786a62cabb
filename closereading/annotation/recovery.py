"""Recovering a student's highlights after a file was damaged: one path, nothing lost.

A highlights file ``ana.json`` may have up to three places where work lives: the file itself (maybe
damaged: cut short by a full disk, edited by hand), its previous version ``ana.json.bak``, and
``ana-recovered.json``, where the highlighter saves while the file cannot be read.
:func:`inspect` reads all three, salvaging every valid highlight from a damaged one;
:func:`recover` merges them into a good ``ana.json`` under the file's lock. The damaged file is
kept aside as ``ana.damaged-<time>.json`` and the recovered file as
``ana-recovered.merged-<time>.json``; nothing is deleted.

The merge keeps every id found in any source. Where one id is in several sources, the version
with the latest ``modified`` time is kept, and a differing note of another version is appended
to it (as in :mod:`closereading.annotation.sync`). A highlight deleted after the backup was made
may therefore come back: recovery prefers restoring too much to losing anything.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from closereading.annotation.model import AnnotationSet
from closereading.annotation.records import Annotation, AnnotationFileError, text_sha256
from closereading.annotation.store import StoredFile, parse_annotation_bytes, parse_record
from closereading.annotation.sync import place_all, resolve_conflict
from closereading.annotation.taxonomy import Taxonomy
from closereading.base.files import backup_path, file_lock, fsync_folder, remove_stale_temps
from closereading.base.strings import plural

__all__ = ["RecoveryResult", "Source", "inspect", "recover", "recovered_path"]


def recovered_path(path: Path) -> Path:
    """Where the highlighter saves while ``path`` cannot be read: ``<name>-recovered.json``."""
    return path.with_name(f"{path.stem}-recovered.json")


@dataclass(frozen=True)
class Source:
    """One place highlights were found: ``role`` is ``file``, ``backup`` or ``recovered``."""

    role: str
    path: Path
    exists: bool
    #: What is wrong with it ("" when it reads cleanly).
    problem: str = ""
    annotations: list[Annotation] = field(default_factory=list)
    #: Records that could not be salvaged, each with the reason.
    skipped: list[str] = field(default_factory=list)
    author: str = ""

    @property
    def damaged(self) -> bool:
        return self.exists and bool(self.problem)

    def describe(self) -> str:
        """One line for the reader: what this source holds."""
        if not self.exists:
            return f"{self.role}: {self.path.name} does not exist"
        found = plural(len(self.annotations), "highlight")
        if not self.problem:
            return f"{self.role}: {self.path.name} reads cleanly: {found}"
        line = f"{self.role}: {self.path.name} is damaged ({self.problem}); salvaged {found}"
        if self.skipped:
            line += f", {plural(len(self.skipped), 'record')} could not be read"
        return line


@dataclass(frozen=True)
class RecoveryResult:
    """What :func:`recover` did: the good file, what it holds, and where old files were put."""

    path: Path
    sources: list[Source]
    total: int
    orphans: int
    kept_aside: list[Path]

    def message(self) -> str:
        """A sentence for the reader."""
        used = [s for s in self.sources if s.annotations]
        where = ", ".join(f"{s.path.name} ({len(s.annotations)})" for s in used) or "nothing"
        text = f"Recovered {plural(self.total, 'highlight')} into {self.path.name} from {where}."
        if self.orphans:
            text += f" {plural(self.orphans, 'highlight')} no longer match the text and are listed."
        if self.kept_aside:
            text += " Kept aside, not deleted: " + ", ".join(p.name for p in self.kept_aside) + "."
        return text


def inspect(path: str | Path, transcript: Any, moves: Taxonomy) -> list[Source]:
    """What the file, its backup and its recovered file hold (damaged ones salvaged)."""
    path = Path(path)
    places = [("file", path), ("backup", backup_path(path)), ("recovered", recovered_path(path))]
    return [_read_source(role, where, transcript, moves) for role, where in places]


def recover(path: str | Path, transcript: Any, moves: Taxonomy) -> RecoveryResult:
    """Merge the file, its backup and its recovered file into a good file at ``path``."""
    path = Path(path)
    with file_lock(path):
        remove_stale_temps(path)
        sources = inspect(path, transcript, moves)
        newest: dict[str, Annotation] = {}
        for source in sources:
            for a in source.annotations:
                newest[a.id] = resolve_conflict(newest[a.id], a) if a.id in newest else a
        author = next((s.author for s in sources if s.author), "")
        result = AnnotationSet(transcript, author=author, moves=moves)
        result.replace_all(list(newest.values()))
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        aside = []
        if sources[0].damaged:
            aside.append(_move_aside(path, path.with_name(f"{path.stem}.damaged-{stamp}.json")))
        result.save(path)  # a readable file is merged with, never overwritten
        if sources[2].exists:
            target = path.with_name(f"{path.stem}-recovered.merged-{stamp}.json")
            aside.append(_move_aside(recovered_path(path), target))
    return RecoveryResult(path, sources, len(result), len(result.orphans), aside)


def _move_aside(path: Path, target: Path) -> Path:
    os.replace(path, target)
    fsync_folder(path.parent)
    return target


def _read_source(role: str, path: Path, transcript: Any, moves: Taxonomy) -> Source:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Source(role, path, exists=False)
    except OSError as error:
        return Source(role, path, True, problem=(error.strerror or str(error)).lower())
    try:
        stored = parse_annotation_bytes(raw, path, transcript.id, moves)
    except AnnotationFileError as error:
        records, skipped = _salvage(raw, path, moves)
        sha = re.search(r'"sha256"\s*:\s*"([0-9a-f]{64})"', raw.decode("utf-8", "replace"))
        stored = StoredFile("", sha.group(1) if sha else None, records)
        placed = _placed(stored, transcript)
        return Source(role, path, True, error.problem, placed, skipped, _author(raw))
    return Source(role, path, True, "", _placed(stored, transcript), author=stored.author)


def _placed(stored: StoredFile, transcript: Any) -> list[Annotation]:
    same = stored.sha256 == text_sha256(transcript)
    anchored, orphans, _ = place_all(stored, transcript.text, same)
    return [*anchored.values(), *orphans]


def _salvage(
    raw: bytes, path: Path, moves: Taxonomy
) -> tuple[list[tuple[Annotation, bool]], list[str]]:
    """Every complete, valid highlight record in a damaged file, and why the others were not."""
    text = raw.decode("utf-8", "replace")
    decoder = json.JSONDecoder()
    found: list[tuple[Annotation, bool]] = []
    skipped: list[str] = []
    seen: set[str] = set()
    at = text.find("{", 1)
    while at != -1:
        try:
            record, end = decoder.raw_decode(text, at)
        except json.JSONDecodeError:
            at = text.find("{", at + 1)
            continue
        if isinstance(record, dict) and {"id", "move", "quote"} <= set(record):
            try:
                annotation, orphan = parse_record(record, len(found), path, moves)
            except AnnotationFileError as error:
                skipped.append(error.problem)
            else:
                if annotation.id not in seen:
                    seen.add(annotation.id)
                    found.append((annotation, orphan))
            at = text.find("{", end)
        else:
            at = text.find("{", at + 1)
    return found, skipped


def _author(raw: bytes) -> str:
    match = re.search(r'"author"\s*:\s*("(?:[^"\\]|\\.)*")', raw.decode("utf-8", "replace"))
    try:
        return str(json.loads(match.group(1))) if match else ""
    except json.JSONDecodeError:
        return ""
