"""Finding a class's files and reading each one without trusting it.

Every check here turns a bad file into a :class:`SkipFile` with a one-line reason; nothing a
student file holds can stop the run, become a path or change the file.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_ITEMS", "RawFile", "SkipFile", "find_files", "read_raw"]

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


def find_files(folder: Path, exclude: Path | None = None) -> Iterator[tuple[Path, str | None]]:
    """Every file under ``folder`` in sorted order, as ``(path, reason to skip or None)``.

    Hidden files and folders, editor backups (``.bak``) and ``exclude`` (the report's own folder)
    are passed over silently; links are skipped with a reason, since they may point anywhere.
    """
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".")
            and not (exclude is not None and _same(here / d, exclude))
            and not (here / d).is_symlink()
        )
        for name in sorted(files):
            path = here / name
            if name.startswith(".") or name.endswith((".bak", ".tmp")):
                continue
            if path.is_symlink():
                yield path, "a link, not a file: links are not followed"
            elif name.lower().endswith(".json"):
                yield path, None


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def read_raw(path: Path, max_bytes: int = MAX_BYTES) -> RawFile:
    """Read ``path`` (opened read-only), refusing what is too big, not JSON, too deep or too long."""
    size = path.stat().st_size
    if size > max_bytes:
        raise SkipFile(f"{size:,} bytes, over the limit of {max_bytes:,}")
    with open(path, "rb") as handle:
        raw = handle.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise SkipFile(f"grew past the limit of {max_bytes:,} bytes while being read")
    if not raw.strip():
        raise SkipFile("the file is empty")
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
    _check_shape(data)
    return RawFile(path, hashlib.sha256(raw).hexdigest(), data)


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
