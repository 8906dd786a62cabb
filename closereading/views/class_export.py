"""The class report's files besides the page: CSV that no spreadsheet runs as a formula, the
class's highlights as one W3C ``AnnotationCollection`` (student-supplied dates checked), and the
word table.

>>> class_w3c([("Ana", [{"id": "a1", "move": "hedge", "label": "Hedge", "family": "f",
...   "start": 0, "end": 1, "quote": "W", "prefix": "", "suffix": "", "note": "",
...   "created": "<script>", "modified": "2026-11-30T10:00:00Z"}])], "urn:x:t", "t")[
...   "first"]["items"][0].get("created", "dropped")
'dropped'
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any
from urllib.parse import quote

from closereading.analysis.agreement import WordCount
from closereading.annotation import export

__all__ = ["class_w3c", "csv_text", "iso_time", "word_rows"]

# The export module's formula guard (public as ``spreadsheet_safe`` in newer versions).
_spreadsheet_safe: Any = vars(export).get("spreadsheet_safe") or vars(export)["_spreadsheet_safe"]

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?")


def iso_time(value: Any) -> str:
    """``value`` if it is an ISO 8601 date or time (as the course writes them), else "".

    >>> iso_time("2026-11-30T10:00:00Z"), iso_time("<script>"), iso_time("2026-13-01")
    ('2026-11-30T10:00:00Z', '', '')
    """
    if not isinstance(value, str) or not _ISO.fullmatch(value):
        return ""
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return ""
    return value


def csv_text(
    columns: Sequence[str],
    rows: Iterable[Mapping[str, Any]],
    text_columns: Collection[str] | None = None,
) -> str:
    """Rows as CSV text; any text cell a spreadsheet would run as a formula is made plain text.

    ``text_columns`` names the columns that may hold text (all, by default): the others are
    numbers and are written as they are, which keeps 45,000 rows of kappa quick.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    safe: dict[str, Any] = {}  # names and labels repeat on every row: guard each once

    def cell(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        if value not in safe:
            safe[value] = _spreadsheet_safe(value)
        return safe[value]

    guarded = [text_columns is None or c in text_columns for c in columns]
    writer.writerows(
        [cell(row.get(c, "")) if g else row.get(c, "") for c, g in zip(columns, guarded)]
        for row in rows
    )
    return buffer.getvalue()


def class_w3c(
    readings: Sequence[tuple[str, Sequence[Mapping[str, Any]]]], source: str, label: str
) -> dict[str, Any]:
    """The whole class as one W3C ``AnnotationCollection``: each reader's records with ids made
    unique across the class (``r03-a1``) and the reader as ``creator``. A ``created`` or
    ``modified`` that is not an ISO 8601 time (:func:`iso_time`) is left out."""
    records = [
        {
            **item,
            "id": f"r{n:03d}-{_safe_id(item['id'], k)}",
            "author": name,
            "created": iso_time(item.get("created")),
            "modified": iso_time(item.get("modified")),
        }
        for n, (name, reading) in enumerate(readings, start=1)
        for k, item in enumerate(reading, start=1)
    ]
    collection = f"urn:closereading:class:{quote(source.rsplit(':', 1)[-1], safe='-._~')}"
    return export.w3c_collection(records, source, label, collection)


def _safe_id(highlight_id: Any, number: int) -> str:
    """The highlight's own id when it needs no escaping in an IRI, else its number."""
    text = str(highlight_id)
    return text if re.fullmatch(r"[A-Za-z0-9._~-]{1,64}", text) else f"n{number}"


def word_rows(counts: Sequence[WordCount], moves: Sequence[str]) -> list[dict[str, Any]]:
    """One CSV row per word: its place, the readers who marked it and the count per move."""
    return [
        {
            "word": c.index + 1,
            "text": c.text,
            "turn": c.turn + 1,
            "start": c.start,
            "end": c.end,
            "readers": c.readers,
            "marked": c.marked,
            **{m: c.moves.get(m, 0) for m in moves},
        }
        for c in counts
    ]
