"""Writing the student's files so that a crash, a full disk or a killed kernel never leaves half
of one: the single atomic-write helper every file the course writes for a student goes through
(highlights, notes, exports).

:func:`atomic_write` writes a temporary file in the same folder, flushes and fsyncs it, keeps the
previous version as ``<name>.bak`` if asked, and moves the new file into place with
``os.replace``, which is atomic on Windows, macOS and Linux. If anything fails, the file at the
path is left exactly as it was.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> path = atomic_write(folder / "note.md", "first")
>>> path = atomic_write(folder / "note.md", "second", backup=True)
>>> path.read_text(), (folder / "note.md.bak").read_text()
('second', 'first')
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

__all__ = ["atomic_write", "backup_path", "fsync_folder"]


def backup_path(path: Path) -> Path:
    """Where the previous version of ``path`` is kept: ``<name>.bak`` beside it."""
    return path.with_suffix(path.suffix + ".bak")


def atomic_write(path: str | Path, content: str | bytes, *, backup: bool = False) -> Path:
    """Replace the file at ``path`` with ``content`` (text is written as UTF-8), all or nothing.

    Parent folders are created. With ``backup``, the file's previous version (if any) is kept as
    ``<name>.bak``, itself replaced atomically. Returns the path.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    temps = [_write_temp(path, data)]
    try:
        if backup and path.exists():
            temps.append(_write_temp(backup_path(path), path.read_bytes()))
            os.replace(temps[-1], backup_path(path))
        os.replace(temps[0], path)
    finally:
        for temp in temps:  # already moved into place unless something failed
            temp.unlink(missing_ok=True)
    fsync_folder(path.parent)
    return path


def _write_temp(path: Path, content: bytes) -> Path:
    """Write ``content`` to a new temporary file beside ``path``, flushed and fsynced to disk.

    The file gets the usual permissions (the umask applies), unlike ``tempfile.mkstemp``'s
    owner-only ones. On failure nothing is left behind.
    """
    temp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(temp, flags, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def fsync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX); Windows cannot open folders, and needs no such step."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
