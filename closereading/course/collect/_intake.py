"""Finding a class's files and reading each one without trusting it.

Every check here turns a bad file into a :class:`SkipFile` with a one-line reason; nothing a
student file holds can stop the run, become a path or change the file.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from closereading.base.strings import one_line

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_ITEMS",
    "Found",
    "RawFile",
    "SkipFile",
    "find_files",
    "is_written_reading",
    "read_bytes",
    "read_raw",
]

#: Files larger than this are not read (a class's highlight files are a few tens of kilobytes).
MAX_BYTES = 2_000_000
#: JSON nested deeper than this is refused (an annotation file is four levels deep).
MAX_DEPTH = 16
#: Lists longer than this are refused (a student makes dozens of highlights, not thousands).
MAX_ITEMS = 5_000


class SkipFile(Exception):
    """This file is left out of the class; ``reason`` says why in one line."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class RawFile:
    """A file's bytes, their SHA-256 and the JSON they hold, checked for size and shape."""

    path: Path
    sha256: str
    data: Any
    raw: bytes = b""


#: What a kind of entry is called in a reason.
_SPECIAL = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)


@dataclass(frozen=True)
class Found:
    """One entry met while searching: a file to read (``reason`` empty), or one passed over with
    its reason. ``student`` is False for what is plainly no student's file (not ``.json``,
    hidden, a backup), listed apart so that the files that matter stand out."""

    path: Path
    reason: str = ""
    student: bool = True


def _why(error: OSError) -> str:
    return (error.strerror or type(error).__name__).lower()


def is_written_reading(path: Path) -> bool:
    """A student's written reading as notebook 07 saves it: ``reading/<author>.md``."""
    return path.suffix.lower() == ".md" and path.parent.name == "reading"


def _kept_aside(name: str) -> bool:
    """Files ``closereading recover`` keeps aside: their work is already in the student's file."""
    return ".damaged-" in name or "-recovered.merged-" in name


def find_files(folder: Path, exclude: Path | None = None) -> Iterator[Found]:
    """Every entry under ``folder``, in sorted order (a folder's files, then its subfolders).

    Only regular files named ``.json``, and written readings (:func:`is_written_reading`), are
    offered for reading, and none is opened here. Every
    other entry is named with its reason: links (never followed, file or folder), named pipes
    and devices, folders that cannot be opened, hidden entries, backups. ``exclude`` (the
    report's own folder) is passed over silently.
    """
    stack = [folder]
    while stack:
        here = stack.pop()
        try:
            with os.scandir(here) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as error:
            if here == folder:
                raise
            yield Found(
                here, f"a folder that could not be opened ({_why(error)}): nothing in it was read"
            )
            continue
        folders = []
        for entry in entries:
            path, name = Path(entry.path), entry.name
            is_json = name.lower().endswith(".json")
            try:
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError as error:
                yield Found(path, f"could not be examined ({_why(error)})", is_json)
                continue
            if name.startswith("."):
                yield Found(path, "hidden: not searched", False)
            elif stat.S_ISLNK(mode):
                what = "a link to a folder" if _is_dir(path) else "a link, not a file"
                yield Found(path, f"{what}: links are not followed", is_json or _is_dir(path))
            elif stat.S_ISDIR(mode):
                if exclude is not None and _same(path, exclude):
                    continue
                if is_json:
                    yield Found(path, "a folder named like a file: searched as a folder")
                folders.append(path)
            elif not stat.S_ISREG(mode):
                what = next((w for test, w in _SPECIAL if test(mode)), "not a regular file")
                yield Found(path, f"{what}, not a regular file: never opened", is_json)
            elif name.endswith((".bak", ".tmp")):
                yield Found(path, "a backup or temporary file that saving keeps", False)
            elif not is_json and not is_written_reading(path):
                yield Found(path, "not a .json file", False)
            elif _kept_aside(name):
                yield Found(path, "kept aside by recovery: its work is in the student's file")
            else:
                yield Found(path)
        stack.extend(reversed(folders))


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def read_raw(path: Path, max_bytes: int = MAX_BYTES) -> RawFile:
    """Read ``path`` (opened read-only, without following a link or waiting on a pipe),
    refusing what is not a regular file, too big, not JSON, too deep or too long."""
    raw = read_bytes(path, max_bytes)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SkipFile(f"not UTF-8 text (bad byte at position {error.start})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise SkipFile(
            f"not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})"
        ) from None
    except RecursionError:
        raise SkipFile(f"JSON nested deeper than {MAX_DEPTH} levels") from None
    except ValueError as error:  # a number of more digits than Python converts
        raise SkipFile(
            f"holds a value that cannot be read ({one_line(str(error))[:120]})"
        ) from None
    _check_shape(data)
    return RawFile(path, hashlib.sha256(raw).hexdigest(), data, raw)


def read_bytes(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of ``path``, read as :func:`read_raw` reads them; an empty file is refused."""
    try:
        info = os.lstat(path)
    except OSError as error:
        raise SkipFile(f"could not be examined ({_why(error)})") from None
    if not stat.S_ISREG(info.st_mode):
        raise SkipFile("not a regular file: never opened")
    if info.st_size > max_bytes:
        raise SkipFile(f"{info.st_size:,} bytes, over the limit of {max_bytes:,}")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        handle = os.open(path, flags | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise SkipFile(f"could not be opened ({_why(error)})") from None
    try:
        # replaced by something else since it was examined: never read from a pipe
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise SkipFile("not a regular file: never read")
        with os.fdopen(handle, "rb", closefd=False) as stream:
            raw = stream.read(max_bytes + 1)
    except OSError as error:
        raise SkipFile(f"could not be read ({_why(error)})") from None
    finally:
        os.close(handle)
    if len(raw) > max_bytes:
        raise SkipFile(f"grew past the limit of {max_bytes:,} bytes while being read")
    if not raw.strip():
        raise SkipFile("the file is empty")
    return raw


def _check_shape(data: Any) -> None:
    """Refuse JSON nested deeper than :data:`MAX_DEPTH` or with a list or object longer than
    :data:`MAX_ITEMS`, without recursion (a deep file must not exhaust the stack)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, (list, dict)):
            if depth > MAX_DEPTH:
                raise SkipFile(f"JSON nested deeper than {MAX_DEPTH} levels")
            if len(value) > MAX_ITEMS:
                raise SkipFile(
                    f"a list or object of {len(value):,} items; the limit is {MAX_ITEMS:,}"
                )
            items = value.values() if isinstance(value, dict) else value
            stack.extend((item, depth + 1) for item in items if isinstance(item, (list, dict)))
