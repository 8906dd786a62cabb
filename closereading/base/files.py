"""Writing the student's files so that a crash, a full disk or a killed kernel never leaves half
of one: the single atomic-write helper every file the course writes for a student goes through
(highlights, notes, exports).

:func:`atomic_write` writes a temporary file in the same folder, flushes and fsyncs it, keeps the
previous version as ``<name>.bak`` if asked, and moves the new file into place with
``os.replace``, which is atomic on Windows, macOS and Linux. If anything fails, the file at the
path is left exactly as it was.

Two windows (two kernels) may write the same file. :func:`file_lock` is the cross-platform lock
(``filelock``: ``fcntl.flock`` on macOS and Linux, ``msvcrt.locking`` on Windows) a read-check-write
holds; :func:`digest` is how a writer tells that the file changed since it read it; and
:func:`remove_stale_temps` clears the temporary files a killed save left behind (only while the
lock is held, so another window's save in progress is never touched).

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> path = atomic_write(folder / "note.md", "first")
>>> path = atomic_write(folder / "note.md", "second", backup=True)
>>> path.read_text(), (folder / "note.md.bak").read_text()
('second', 'first')
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import filelock

__all__ = [
    "LockTimeoutError",
    "atomic_write",
    "backup_path",
    "digest",
    "file_lock",
    "fsync_folder",
    "lock_path",
    "read_bytes",
    "remove_stale_temps",
    "utf8",
]

#: How long a save waits for another window's save of the same file, in seconds.
LOCK_TIMEOUT = 15.0


class LockTimeoutError(OSError):
    """Another process held a file's lock for longer than :data:`LOCK_TIMEOUT` seconds."""


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
    data = utf8(content) if isinstance(content, str) else content
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


def utf8(text: str) -> bytes:
    """``text`` as UTF-8. Half a character (a lone surrogate, as a browser can send when an
    emoji is cut in two) becomes ``?`` rather than making every later save fail.

    >>> utf8("café " + chr(0xD83D))
    b'caf\xc3\xa9 ?'
    """
    return text.encode("utf-8", errors="replace")


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


def lock_path(path: Path) -> Path:
    """The lock file that guards ``path``: a hidden ``.<name>.lock`` beside it."""
    return path.with_name(f".{path.name}.lock")


@contextlib.contextmanager
def file_lock(path: str | Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the cross-process lock for ``path`` (created with its folder if need be).

    Raises :class:`LockTimeoutError`, naming the file, if another process holds it too long.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "ana.json"
    >>> with file_lock(target):
    ...     path = atomic_write(target, "{}")
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    key = str(lock_path(path).resolve())
    held: set[str] = _HELD.__dict__.setdefault("paths", set())
    if key in held:  # this thread holds it already (a recovery that saves): re-entrant
        yield
        return
    wait = LOCK_TIMEOUT if timeout is None else timeout
    lock = filelock.FileLock(key, timeout=wait, is_singleton=False, thread_local=True)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise LockTimeoutError(
            f"{path.name} is being saved by another window and has been for over {wait:g} s; "
            "try again in a moment"
        ) from None
    held.add(key)
    try:
        yield
    finally:
        held.discard(key)
        lock.release()


_HELD = threading.local()


def digest(content: bytes | None) -> str | None:
    """The SHA-256 of a file's bytes (None for a file that does not exist)."""
    return None if content is None else hashlib.sha256(content).hexdigest()


def read_bytes(path: Path) -> bytes | None:
    """The file's bytes, or None if there is no file at ``path``."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def remove_stale_temps(path: str | Path) -> list[Path]:
    """Delete the temporary files that saves of ``path`` (and of its ``.bak``) left behind when
    they were killed; returns what was removed. Call it holding :func:`file_lock` for ``path``:
    every save holds that lock, so no temporary file can belong to a save in progress."""
    path = Path(path)
    if not path.parent.is_dir():
        return []
    removed = []
    for name in (path.name, backup_path(path).name):
        for temp in path.parent.glob(f".{_glob_escape(name)}.*.tmp"):
            if len(temp.name) == len(name) + 18:  # ".<name>." + 12 hex digits + ".tmp"
                temp.unlink(missing_ok=True)
                removed.append(temp)
    return removed


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)
