"""Codes in place of students' names, for a report that is projected or shared.

A code is a keyed hash (HMAC-SHA256) of the name, with a secret kept for each class by the
instructor (a key file in ``work/class-keys/``, made on first use and never written into the
report). The same name gets the same code in every run with that key, so a class's reports can
be compared week by week; without the key, no one can compute a student's code from a class list.

>>> key = bytes(32)
>>> anonymous_code("Ana", key) == anonymous_code(" ana ", key), anonymous_code("Ana", key)
(True, 'Reader AA50888B')
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

__all__ = ["WHAT_IT_PROTECTS", "anonymous_code", "class_key", "codes_for", "key_path"]

#: What anonymising does and does not do, said on the page and in ``--help``.
WHAT_IT_PROTECTS = (
    "Anonymising replaces each student's name with a code, and each file name with a number, "
    "on the page, in the CSV files and in the annotation collection. Codes come from a secret "
    "key kept with the instructor (not in the report): the same student keeps the same code in "
    "every run with that key, and no one without it can work out a code from a class list. It "
    "does not hide what students wrote: a quotation, a note or a way of reading may still show "
    "who a reader is to anyone who knows the class, and anyone holding the key file can link "
    "codes to names."
)

#: Bytes of a class's key.
KEY_BYTES = 32


def key_path(folder: str | Path) -> Path:
    """Where the key of the class whose files are in ``folder`` is kept: ``work/class-keys/``,
    one file per class folder (named by the folder's name and a hash of its full path)."""
    from closereading.base.paths import work_dir

    where = Path(folder).resolve()
    tag = hashlib.sha256(str(where).encode("utf-8", "surrogatepass")).hexdigest()[:10]
    stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in where.name)[:40] or "class"
    return work_dir() / "class-keys" / f"{stem}-{tag}.key"


def class_key(path: str | Path) -> bytes:
    """The key kept in ``path``, made (random, readable by its owner only) if there is none.
    A key file that cannot be read as a key raises ``ValueError`` naming it: a new key would
    give every student a new code."""
    path = Path(path)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fresh = secrets.token_hex(KEY_BYTES) + "\n"
        try:
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # made by another run meanwhile: use that one
            pass
        else:
            with os.fdopen(handle, "w", encoding="ascii") as stream:
                stream.write(fresh)
    text = path.read_text(encoding="ascii", errors="replace").strip()
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) < 16:
        raise ValueError(
            f"{path}: not a class key (expected {KEY_BYTES * 2} hex digits); restore it from a "
            "backup, or delete it to start new codes for every student"
        )
    return key


def anonymous_code(name: str, key: bytes, digits: int = 8) -> str:
    """A reader's code: ``digits`` hex digits of the HMAC-SHA256 of the name (trimmed, case
    folded) under the class's ``key``."""
    mac = hmac.new(key, name.strip().casefold().encode("utf-8", "surrogatepass"), hashlib.sha256)
    return f"Reader {mac.hexdigest()[:digits].upper()}"


def codes_for(names: list[str], key: bytes) -> dict[str, str]:
    """A code for each name, all codes lengthened in the unlikely case that two collide."""
    codes = {name: anonymous_code(name, key) for name in names}
    if len(set(codes.values())) < len({n.strip().casefold() for n in names}):
        codes = {name: anonymous_code(name, key, 16) for name in names}
    return codes
