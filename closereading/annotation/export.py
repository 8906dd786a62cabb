"""Exporting highlights: CSV for spreadsheets and W3C Web Annotation JSON-LD, as functions over
plain records (the dicts :meth:`AnnotationSet.to_records` returns, or any with the same keys).

>>> record = {"id": "a1", "move": "hedge", "label": "Hedge", "start": 0, "end": 2, "quote": "We",
...           "prefix": "", "suffix": " are", "note": "=1+1", "created": "", "modified": ""}
>>> import io; buffer = io.StringIO(); write_csv([record], buffer)
>>> buffer.getvalue().splitlines()[1]
"a1,hedge,Hedge,0,2,We,'=1+1,,"
>>> w3c_collection([record], "urn:x", "Highlights")["first"]["items"][0]["body"][0]["value"]
'hedge'
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO, Any

__all__ = ["CSV_COLUMNS", "W3C_CONTEXT", "w3c_annotation", "w3c_collection", "write_csv"]

CSV_COLUMNS = ("id", "move", "label", "start", "end", "quote", "note", "created", "modified")
W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def _spreadsheet_safe(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``) gets a leading
    apostrophe, which spreadsheets show as text: a student's note must never run as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def write_csv(records: Iterable[Mapping[str, Any]], target: str | Path | IO[str]) -> None:
    """Write ``records`` as CSV with columns :data:`CSV_COLUMNS`, to a path or an open file."""
    rows = [{column: _spreadsheet_safe(r[column]) for column in CSV_COLUMNS} for r in records]
    if isinstance(target, (str, Path)):
        with open(target, "w", encoding="utf-8", newline="") as handle:
            _write_rows(handle, rows)
    else:
        _write_rows(target, rows)


def _write_rows(handle: IO[str], rows: list[dict[str, Any]]) -> None:
    writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)


def w3c_annotation(record: Mapping[str, Any], source: str) -> dict[str, Any]:
    """One record as a W3C ``Annotation``: a tagging body (the move id), a commenting body for a
    note, and a target with a ``TextPositionSelector`` and a ``TextQuoteSelector``."""
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
    selectors = [
        {"type": "TextPositionSelector", "start": record["start"], "end": record["end"]},
        {
            "type": "TextQuoteSelector",
            "exact": record["quote"],
            "prefix": record.get("prefix", ""),
            "suffix": record.get("suffix", ""),
        },
    ]
    item: dict[str, Any] = {
        "type": "Annotation",
        "id": f"{source}#annotation-{record['id']}",
        "body": body,
        "target": {"source": source, "selector": selectors},
    }
    for key in ("created", "modified"):
        if record.get(key):
            item[key] = record[key]
    if record.get("author"):
        item["creator"] = {"type": "Person", "name": record["author"]}
    return item


def w3c_collection(records: Iterable[Mapping[str, Any]], source: str, label: str) -> dict[str, Any]:
    """``records`` as a W3C Web Annotation ``AnnotationCollection`` (JSON-LD) on ``source``."""
    items = [w3c_annotation(record, source) for record in records]
    return {
        "@context": W3C_CONTEXT,
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }
