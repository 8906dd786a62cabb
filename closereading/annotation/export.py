"""Exporting highlights: CSV for spreadsheets and W3C Web Annotation JSON-LD, as functions over
plain records (the dicts :meth:`AnnotationSet.to_records` returns, or any with the same keys).

Every CSV field is quoted, and no cell can run as a formula in a spreadsheet, whatever separator
the spreadsheet is told to split on (:func:`spreadsheet_safe` gives the one rule, and the only
change it ever makes to a student's text). Records flagged ``"orphan": True`` (highlights whose
quote is no longer in the text) are exported too, flagged.

>>> record = {"id": "a1", "move": "hedge", "label": "Hedge", "start": 0, "end": 2, "quote": "We",
...           "prefix": "", "suffix": " are", "note": "=1+1", "created": "", "modified": ""}
>>> import io; buffer = io.StringIO(); write_csv([record], buffer)
>>> print(buffer.getvalue().splitlines()[1])
"a1","hedge","Hedge","0","2","We","'=1+1","","","no"
>>> w3c_collection([record], "urn:x", "Highlights", "urn:x:all")["first"]["items"][0]["body"][0]["value"]
'hedge'
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

from closereading.base.files import atomic_write

__all__ = [
    "CSV_COLUMNS",
    "ORPHAN_DESCRIPTION",
    "W3C_CONTEXT",
    "collection_envelope",
    "collection_id",
    "spreadsheet_safe",
    "w3c_annotation",
    "w3c_collection",
    "write_csv",
]

CSV_COLUMNS = (
    "id",
    "move",
    "label",
    "start",
    "end",
    "quote",
    "note",
    "created",
    "modified",
    "orphan",
)
W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
#: The describing body that flags an orphan in W3C export.
ORPHAN_DESCRIPTION = (
    "orphan: this quote is no longer found in the text, so the highlight has no position"
)

# A spreadsheet splits a line on its separator (comma, semicolon, tab or pipe, as the person
# importing chooses) and on line breaks, whatever the quotes say once the quoting no longer
# matches the separator. Each piece starting with one of these, after any white space, may run
# as a formula: = + - @ and their full-width forms.
_PIECE = re.compile(
    r"(^|[,;\t|\r\n\u2028\u2029\x0b\x0c\x85])([\s\u3000]*)([=+\-@\uff1d\uff0b\uff0d\uff20])"
)
# A signed number, maybe with a per cent sign, then nothing that could build an expression:
# "-5", "+3.5 %", "-5 % of voters". Such a piece is data, not a formula, and is left alone.
_SIGNED_NUMBER = re.compile(r"[+\-]\d[\d.,]*\s*%?(?:\s[^=+\-@*/^&|!:;(),<>]*)?")


def spreadsheet_safe(value: Any) -> Any:
    """``value`` as a CSV cell that no spreadsheet runs as a formula under any separator.

    Numbers are left as numbers. In text, every piece that would start a cell under some
    separator (the start of the text, or what follows a comma, semicolon, tab, pipe or line
    break) and begins, after white space, with ``=``, ``+``, ``-``, ``@`` or a full-width
    ``＝＋－＠`` gets an apostrophe just before that sign, which spreadsheets read as "this is
    text". Pieces that are signed numbers (``-5``, ``-5 % of voters``) are left as they are:
    they are data, and a spreadsheet shows them as such.

    >>> spreadsheet_safe("x;=1+1;"), spreadsheet_safe(" \uff1d1+1"), spreadsheet_safe(-5)
    ("x;'=1+1;", " '\uff1d1+1", -5)
    >>> spreadsheet_safe("-5 % of voters"), spreadsheet_safe("-2+3+cmd|' /C calc'!A0")
    ('-5 % of voters', "'-2+3+cmd|' /C calc'!A0")
    """
    if not isinstance(value, str):
        return value

    def guard(match: re.Match[str]) -> str:
        piece = value[match.start(3) :]
        end = min((piece.find(c, 1) for c in ",;\t|\r\n" if piece.find(c, 1) > 0), default=None)
        if _SIGNED_NUMBER.fullmatch(piece[:end]):
            return match.group(0)
        return match.group(1) + match.group(2) + "'" + match.group(3)

    return _PIECE.sub(guard, value)


def write_csv(records: Iterable[Mapping[str, Any]], target: str | Path | IO[str]) -> None:
    """Write ``records`` as CSV with columns :data:`CSV_COLUMNS`, to a path (atomically) or an
    open file. Every field is quoted and passed through :func:`spreadsheet_safe`; the ``orphan``
    column says ``yes`` for a highlight whose quote is no longer in the text."""
    rows = [{column: spreadsheet_safe(_cell(r, column)) for column in CSV_COLUMNS} for r in records]
    if isinstance(target, (str, Path)):
        buffer = io.StringIO(newline="")
        _write_rows(buffer, rows)
        atomic_write(target, buffer.getvalue())
    else:
        _write_rows(target, rows)


def _cell(record: Mapping[str, Any], column: str) -> Any:
    if column == "orphan":
        return "yes" if record.get("orphan") else "no"
    return record[column]


def _write_rows(handle: IO[str], rows: list[dict[str, Any]]) -> None:
    writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS, quoting=csv.QUOTE_ALL)
    writer.writeheader()
    writer.writerows(rows)


def collection_id(transcript_id: str, author: str = "", kind: str = "highlights") -> str:
    """The IRI naming one reader's collection of highlights (or another ``kind`` of
    annotation, such as ``"answer-codes"``) on a transcript.

    >>> collection_id("peskov-2013", "Ana María")
    'urn:closereading:highlights:peskov-2013:Ana%20Mar%C3%ADa'
    >>> collection_id("peskov-2013", kind="answer-codes")
    'urn:closereading:answer-codes:peskov-2013'
    """
    name = f"urn:closereading:{_iri_part(kind)}:" + _iri_part(transcript_id)
    return name + (":" + _iri_part(author) if author else "")


def _iri_part(text: str) -> str:
    return quote(text, safe="-._~")


def w3c_annotation(record: Mapping[str, Any], source: str) -> dict[str, Any]:
    """One record as a W3C ``Annotation``: a tagging body (the move id), a commenting body for a
    note, and a target with a ``TextPositionSelector`` and a ``TextQuoteSelector``.

    An orphan (``"orphan": True``) has no position selector (its old position is wrong) and a
    describing body, :data:`ORPHAN_DESCRIPTION`, that flags it. The id is the source's IRI with
    ``#annotation-<id>``, the highlight's id percent-encoded (an id may hold a space).
    """
    body: list[dict[str, str]] = [
        {"type": "TextualBody", "purpose": "tagging", "value": record["move"]}
    ]
    if record.get("note"):
        body.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": record["note"],
                "format": "text/plain",
            }
        )
    quote_selector = {
        "type": "TextQuoteSelector",
        "exact": record["quote"],
        "prefix": record.get("prefix", ""),
        "suffix": record.get("suffix", ""),
    }
    selectors: list[dict[str, Any]] = [quote_selector]
    if record.get("orphan"):
        body.append(
            {
                "type": "TextualBody",
                "purpose": "describing",
                "value": ORPHAN_DESCRIPTION,
                "format": "text/plain",
            }
        )
    else:
        position = {"type": "TextPositionSelector", "start": record["start"], "end": record["end"]}
        selectors.insert(0, position)
    item: dict[str, Any] = {
        "type": "Annotation",
        "id": f"{source}#annotation-{_iri_part(str(record['id']))}",
        "body": body,
        "target": {"source": source, "selector": selectors},
    }
    for key in ("created", "modified"):
        if record.get(key):
            item[key] = record[key]
    if record.get("author"):
        item["creator"] = {"type": "Person", "name": record["author"]}
    return item


def w3c_collection(
    records: Iterable[Mapping[str, Any]], source: str, label: str, collection: str
) -> dict[str, Any]:
    """``records`` as a W3C Web Annotation ``AnnotationCollection`` (JSON-LD) on ``source``,
    with the IRI ``collection`` as its ``id`` and one embedded ``AnnotationPage`` (all items),
    whose ``id`` is ``<collection>/page/1``."""
    items = [w3c_annotation(record, source) for record in records]
    return collection_envelope(items, label, collection)


def collection_envelope(
    items: Sequence[dict[str, Any]], label: str, collection: str
) -> dict[str, Any]:
    """W3C annotations ``items`` in an ``AnnotationCollection`` with the IRI ``collection`` and
    one embedded ``AnnotationPage`` (``<collection>/page/1``) holding them all."""
    return {
        "@context": W3C_CONTEXT,
        "id": collection,
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
        "first": {
            "id": f"{collection}/page/1",
            "type": "AnnotationPage",
            "partOf": collection,
            "startIndex": 0,
            "items": items,
        },
    }
