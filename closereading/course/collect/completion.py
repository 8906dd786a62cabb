"""Each student's work as collected, for grading: one
:class:`~closereading.views.class_completion.CompletionRow` per student across every kind of
file read (highlights, answer codes, pronoun referents, the written reading).

A student's files are matched by the name the report gives them (the author in the file, or the
student's folder in a hub's homes); a written reading is named after its author as the course
saves it (``reading/ana-maría.md`` for "Ana María"), so names are compared in that form.

>>> from closereading.base.paths import DATA_DIR
>>> from closereading.course.collect import collect
>>> rows = completion_rows(collect(DATA_DIR / "sample-class", progress=False))
>>> [(r.student, r.highlights, r.units_coded) for r in rows][:1]
[('Amara Okafor', 21, 5)]
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from closereading.base.paths import safe_name
from closereading.views.class_completion import CompletionRow
from closereading.views.class_export import iso_time

if TYPE_CHECKING:
    from closereading.course.collect import ClassWork, StudentFile

__all__ = ["completion_rows", "student_key"]

#: Which count each kind of file gives.
_COUNTS = {"highlights": "highlights", "answer codes": "units", "pronoun referents": "pronouns"}


def student_key(name: str) -> str:
    """The form in which two files' names are compared: as the course names a student's file.

    >>> student_key("Ana María") == student_key("ana-maría")
    True
    """
    try:
        return safe_name(name)
    except ValueError:  # no letter or digit: compared as it is
        return name.casefold()


def completion_rows(work: ClassWork, names: Mapping[str, str] | None = None) -> list[CompletionRow]:
    """One row per student, in the order of the names shown (``names`` maps each file's name to
    the name shown, a code when anonymised)."""
    found: dict[str, dict[str, Any]] = {}
    for f in work.files:
        row = found.setdefault(student_key(f.name), {"stamps": [], "names": []})
        if f.kind == "written reading":
            row["reading"] = row.get("reading", 0) + f.content.words
            row["reading name"] = f.name
        else:
            row["names"].append(f.name)  # the name in a JSON file is shown in preference
            row[_COUNTS[f.kind]] = row.get(_COUNTS[f.kind], 0) + _count(f)
            row["stamps"] += _stamps(f)
    rows = []
    for r in found.values():
        name = r["names"][0] if r["names"] else r["reading name"]
        rows.append(CompletionRow(
            (names or {}).get(name, name),
            r.get("highlights"),
            r.get("units"),
            r.get("pronouns"),
            r.get("reading", 0),
            _latest(r["stamps"]),
        ))  # fmt: skip
    return sorted(rows, key=lambda r: (r.student.casefold(), r.student))


def _count(f: StudentFile) -> int:
    """Highlights made (orphans included), units given an outcome, pronouns given a referent."""
    content = f.content
    if f.kind == "highlights":
        return len(content) + len(content.orphans)
    if f.kind == "answer codes":
        return sum(1 for c in content.records() if c.outcome)
    return sum(1 for a in content.records() if a.referent)


def _stamps(f: StudentFile) -> list[str]:
    content = f.content
    items = [*content, *content.orphans] if f.kind == "highlights" else content.records()
    given = {
        getattr(item, "modified", "") for item in items
    }  # a few distinct times: check each once
    return [s for stamp in given if (s := iso_time(stamp))]


def _latest(stamps: list[str]) -> str:
    """The latest of ISO 8601 times that may carry different offsets (one without is taken as
    UTC)."""

    def moment(stamp: str) -> datetime:
        value = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)

    return max(stamps, key=moment, default="")
