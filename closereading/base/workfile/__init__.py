"""One way to keep every kind of file a student writes: highlights, answer codes, pronoun
referents, evidence pins (notes, which are free text, share the reading and writing below).

A :class:`Kind` says what a file holds: its schema, the name of its list of records, how one
record is read and written, and each record's id. Everything else is the same for every kind and
lives here, so that one guarantee holds for all of them:

- **Reading** accepts any encoding a file may arrive in (:func:`decode_text`). A file that cannot
  be used at all raises :class:`WorkFileError`, naming the file and the problem; a record that
  cannot be read is *set aside* with its reason (:class:`SetAside`), kept in the file under
  ``"set_aside"`` and shown, never a crash and never dropped.
- **Saving** (:func:`save`) holds the file's cross-process lock, clears temporary files that a
  killed save left, and, if another writer changed the file since this one read it, merges the
  two by record id, three ways (:func:`merge`): added on one side, kept; deleted on one side and
  unchanged on the other, deleted; changed on one side, that change; changed on both, the later
  ``modified`` wins and a differing note of the other is appended after
  :data:`NOTE_FROM_OTHER_WINDOW`. The merge is pure: the caller applies what it returns. The file
  is written atomically, the previous version kept as ``<name>.bak``.
- **Opening** (:func:`open_file`) never touches a damaged file: work goes on in
  ``<stem>-recovered.json`` beside it, started from an earlier recovered file, else the backup,
  else every record that can still be read. A recovered file beside a readable file stays listed
  (:attr:`Opened.notice`) until :func:`recover` merges it.
- **Recovery** (:func:`recover`) merges the file, its backup and its recovered file into a good
  file; the damaged file and the recovered file are kept aside, renamed. Nothing is deleted.
"""

from __future__ import annotations

from closereading.base.workfile.keeping import Document, WorkFile
from closereading.base.workfile.records import (
    NOTE_FROM_OTHER_WINDOW,
    Contents,
    Kind,
    RecordError,
    SetAside,
    WorkFileError,
    decode_text,
    encode,
    parse,
    read,
    salvage,
)
from closereading.base.workfile.recovery import (
    Opened,
    Recovery,
    Source,
    inspect,
    open_file,
    recover,
    recovered_path,
)
from closereading.base.workfile.saving import Merge, SaveResult, Synced, merge, save, synced

__all__ = [
    "NOTE_FROM_OTHER_WINDOW",
    "Contents",
    "Document",
    "Kind",
    "Merge",
    "Opened",
    "RecordError",
    "Recovery",
    "SaveResult",
    "SetAside",
    "Source",
    "Synced",
    "WorkFile",
    "WorkFileError",
    "decode_text",
    "encode",
    "inspect",
    "merge",
    "open_file",
    "parse",
    "read",
    "recover",
    "recovered_path",
    "salvage",
    "save",
    "synced",
]
