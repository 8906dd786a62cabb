"""Collect a class's work: read every student file in a folder tree, check each, re-anchor it to
the current text, and skip a bad file with a one-line reason instead of stopping.

>>> from closereading.base.paths import DATA_DIR
>>> work = collect(DATA_DIR / "sample-class", progress=False)
>>> work.summary()["read"] >= 20, all(s.reason for s in work.skipped)
(True, True)

Inputs are only ever opened for reading. Author names are shown, never used as paths. What is
read, and what each kind of file becomes, is in :mod:`closereading.course.collect.readers`;
the class's figures are in :mod:`closereading.course.collect.summary`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from closereading.annotation.taxonomy import Taxonomy, load_moves
from closereading.base.strings import one_line
from closereading.course.collect._intake import (
    MAX_BYTES,
    RawFile,
    SkipFile,
    find_files,
    is_written_reading,
    read_bytes,
    read_raw,
)
from closereading.course.collect.readers import READERS, Reader, reader_for
from closereading.course.collect.readers import read as read_sources

if TYPE_CHECKING:
    from closereading.text.transcript import Transcript

__all__ = ["ClassWork", "Skipped", "StudentFile", "WrittenReading", "collect"]

#: The kind of a student's written reading (notebook 07), read beside the JSON kinds.
WRITTEN = "written reading"

#: Longest author name shown; longer ones are cut (a name is a label, not a document).
NAME_LIMIT = 60


@dataclass(frozen=True)
class StudentFile:
    """One file that was read: whose it is (``name``, unique in the class), where it came from
    (``source``, relative to the folder), its ``kind`` and what the reader made of it."""

    name: str
    author: str
    source: str
    kind: str
    content: Any
    sha256: str
    #: The same reader's ``-recovered.json`` file, merged in (in memory), if there was one.
    merged: str = ""

    @property
    def reanchored(self) -> int:
        return len(getattr(self.content, "reanchored", ()))

    @property
    def orphans(self) -> int:
        return len(getattr(self.content, "orphans", ()))

    @property
    def items(self) -> int:
        """How many highlights, codes or referents the file holds (orphans apart)."""
        content = self.content
        if self.kind == "answer codes":
            return len(content.codes)
        if self.kind == WRITTEN:
            return 1
        return len(content)

    @property
    def highlights(self) -> int:
        return len(self.content) if self.kind == "highlights" else 0


@dataclass(frozen=True)
class WrittenReading:
    """A student's written reading (``reading/<author>.md``, notebook 07): only its length and
    whose it is are used; the text is not shown."""

    author: str
    words: int


@dataclass(frozen=True)
class Skipped:
    """A file or folder left out, and why (one line). ``student`` is False for what is plainly
    no student's file (not ``.json``, hidden, a backup): listed apart."""

    source: str
    reason: str
    student: bool = True


@dataclass(frozen=True)
class ClassWork:
    """What :func:`collect` found: the files read, in folder order, the files and folders
    skipped (every one with its reason) and the other entries passed over (``passed``)."""

    folder: Path
    transcript: Transcript
    moves: Taxonomy
    files: tuple[StudentFile, ...]
    skipped: tuple[Skipped, ...]
    kinds: tuple[str, ...] = field(default=(*(r.kind for r in READERS), WRITTEN))
    passed: tuple[Skipped, ...] = ()

    def of_kind(self, kind: str) -> tuple[StudentFile, ...]:
        return tuple(f for f in self.files if f.kind == kind)

    def summary(self) -> dict[str, int]:
        """How many files were read and skipped, how many highlights they hold and how many were
        re-anchored to the current text; how many items of any kind (highlights, codes,
        referents) are orphaned, their quote gone from the text."""
        return {
            "read": len(self.files),
            "skipped": len(self.skipped),
            "highlights": sum(f.highlights for f in self.files),
            "reanchored": sum(f.reanchored for f in self.files),
            "orphaned": sum(f.orphans for f in self.files),
            "files with orphans": sum(1 for f in self.files if f.orphans),
        }


def collect(
    folder: str | Path,
    transcript: Transcript | None = None,
    moves: Taxonomy | None = None,
    *,
    max_bytes: int = MAX_BYTES,
    exclude: str | Path | None = None,
    progress: bool | None = None,
) -> ClassWork:
    """Read every student file under ``folder``; see the module's docstring.

    ``progress``: a tqdm bar on standard error (None: only for 50 files or more, on a terminal).
    ``exclude``: a folder inside ``folder`` not to read (the report's own).
    """
    from tqdm import tqdm

    from closereading.text.transcript import load_interview

    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: no such folder; give the folder of the class's files")
    transcript = transcript if transcript is not None else load_interview()
    moves = moves if moves is not None else load_moves()
    found = list(find_files(folder, Path(exclude) if exclude is not None else None))
    offered = {f.path for f in found if not f.reason}
    partners = {
        path: twin
        for path in offered
        if (twin := path.with_name(f"{path.stem}-recovered{path.suffix}")) in offered
    }
    twins = set(partners.values())
    # tqdm's disable=None hides the bar when standard error is not a terminal
    disable = (True if len(found) < 50 else None) if progress is None else not progress
    files: list[StudentFile] = []
    skipped: list[Skipped] = []
    passed: list[Skipped] = []
    seen: dict[str, str] = {}
    for entry in tqdm(found, desc="collecting", unit="file", disable=disable):
        source = _relative(entry.path, folder)
        if entry.reason:
            (skipped if entry.student else passed).append(
                Skipped(source, entry.reason, entry.student)
            )
            continue
        if entry.path in twins:
            continue  # read with the file it was kept beside
        try:
            if is_written_reading(entry.path):
                read = _read_reading(entry.path, folder, max_bytes, seen)
            else:
                read = _read_one(entry.path, folder, transcript, moves, max_bytes, seen, skipped,
                                 partners.get(entry.path))  # fmt: skip
        except SkipFile as skip:
            skipped.append(Skipped(source, skip.reason))
        except Exception as error:  # an untrusted file must never stop the class's run
            reason = f"could not be read ({type(error).__name__}: {one_line(str(error))[:200]})"
            skipped.append(Skipped(source, reason))
        else:
            files.append(read)
    return ClassWork(
        folder,
        transcript,
        moves,
        tuple(_unique_names(files)),
        tuple(skipped),
        passed=tuple(passed),
    )


def _relative(path: Path, folder: Path) -> str:
    return path.relative_to(folder).as_posix()


def _read_one(
    path: Path,
    folder: Path,
    transcript: Transcript,
    moves: Taxonomy,
    max_bytes: int,
    seen: dict[str, str],
    skipped: list[Skipped],
    twin: Path | None,
) -> StudentFile:
    """The file at ``path``, merged with its recovered ``twin`` if there is one. A damaged file
    whose twin reads is skipped with a line saying so, and the twin read in its place."""
    source = _relative(path, folder)
    try:
        raw = read_raw(path, max_bytes)
        reader = reader_for(raw.data)
        if reader is None:
            kinds = ", ".join(r.kind for r in READERS)
            raise SkipFile(f"not a student file collect reads (it reads: {kinds})")
        if twin is None:
            content = _content(reader, [raw], transcript, moves)
    except SkipFile as skip:
        if twin is None:
            raise
        instead = f"; the same reader's {_relative(twin, folder)} is read in its place"
        skipped.append(Skipped(source, skip.reason + instead))
        return _read_one(twin, folder, transcript, moves, max_bytes, seen, skipped, None)
    merged = ""
    if twin is not None:
        twin_source = _relative(twin, folder)
        try:
            twin_raw = read_raw(twin, max_bytes)
            if reader_for(twin_raw.data) is not reader:
                raise SkipFile(f"not a file of {reader.kind} like {source}")
            content = _content(reader, [raw, twin_raw], transcript, moves)
            merged = twin_source
        except SkipFile as skip:
            skipped.append(Skipped(twin_source, f"{skip.reason}; {source} is read without it"))
            content = _content(reader, [raw], transcript, moves)
    if raw.sha256 in seen:
        raise SkipFile(f"a copy of {seen[raw.sha256]} (the same bytes)")
    fingerprint = _fingerprint(reader.kind, content)
    if fingerprint is not None and fingerprint in seen:
        raise SkipFile(f"the same highlights, ids and times as {seen[fingerprint]}: a copy")
    seen[raw.sha256] = source
    if fingerprint is not None:
        seen[fingerprint] = source
    author = getattr(content, "author", "") or ""
    return StudentFile("", author, source, reader.kind, content, raw.sha256, merged)


def _read_reading(path: Path, folder: Path, max_bytes: int, seen: dict[str, str]) -> StudentFile:
    """A written reading: UTF-8 text, its words counted; whose it is from its file's name (the
    course names it after the student), or its folder's for the widgets' default name."""
    raw = read_bytes(path, max_bytes)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SkipFile(f"not UTF-8 text (bad byte at position {error.start})") from None
    digest = hashlib.sha256(raw).hexdigest()
    source = _relative(path, folder)
    if digest in seen:
        raise SkipFile(f"a copy of {seen[digest]} (the same bytes)")
    seen[digest] = source
    words = len(re.findall(r"\w+(?:['’-]\w+)*", text))
    return StudentFile("", path.stem, source, WRITTEN, WrittenReading(path.stem, words), digest)


def _content(reader: Reader, raws: list[RawFile], transcript: Transcript, moves: Taxonomy) -> Any:
    try:
        return read_sources(reader, [(r.path, r.raw) for r in raws], transcript, moves)
    except ValueError as error:
        raise SkipFile(one_line(str(error))) from None


def _fingerprint(kind: str, content: Any) -> str | None:
    """Highlights copied from another student's file keep their ids and creation times."""
    if kind != "highlights" or not len(content):
        return None
    items = sorted((a.id, a.move, a.start, a.end, a.created) for a in content)
    return f"{kind}:{items!r}"


#: The author the course's widgets record when a student gives no name of their own.
UNNAMED = "student"


def display_base(author: str, source: str) -> str:
    """Whose a file is, for the report: its author, cut to one line; for a file with no name of
    its own (no author, or the widgets' default ``"student"``) in a subfolder, the subfolder, as
    in an inbox of one folder per student or a hub's homes; else the file's name.

    >>> display_base("Ana", "x/ana.json"), display_base("student", "jupyter-ben/student.json")
    ('Ana', 'jupyter-ben')
    >>> display_base("", "student.json")
    'student'
    """
    name = one_line(author)
    parts = Path(source).parts
    if name.casefold() in ("", UNNAMED) and len(parts) > 1:
        return parts[0]
    return name or Path(source).stem


def _unique_names(files: Sequence[StudentFile]) -> list[StudentFile]:
    """Each file's display name (see :func:`display_base`); a second "Ana" becomes "Ana (2)"."""
    counts: dict[tuple[str, str], int] = {}
    named = []
    for f in files:
        base = display_base(f.author, f.source)
        if len(base) > NAME_LIMIT:
            base = base[: NAME_LIMIT - 1] + "…"
        key = (f.kind, base.casefold())  # one student's highlights and codes share a name
        counts[key] = counts.get(key, 0) + 1
        n = counts[key]
        name = base if n == 1 else f"{base} ({n})"
        named.append(dataclasses.replace(f, name=name))
    return named
