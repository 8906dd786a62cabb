"""What each student has handed in, for grading: a table in the class report and a CSV file.

One :class:`CompletionRow` per student (built by the course layer from the files it read); this
module only lays the rows out. Every cell from a student's file is escaped in HTML and made safe
for a spreadsheet in CSV (:func:`closereading.views.class_export.csv_text`).

>>> rows = [CompletionRow("<b>Ana</b>", 12, None, 3, 0, "2026-11-30T10:02:00Z")]
>>> "&lt;b&gt;Ana&lt;/b&gt;" in completion_html(rows), "<b>Ana" in completion_html(rows)
(True, False)
>>> completion_csv([CompletionRow("=1+1", 1, 2, 3, 640, "")]).splitlines()[1]
"'=1+1,1,2,3,yes (640 words),"
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from html import escape

from closereading.views.class_export import csv_text

__all__ = ["COMPLETION_COLUMNS", "CompletionRow", "completion_csv", "completion_html", "when"]

COMPLETION_COLUMNS = (
    "student",
    "highlights",
    "units coded",
    "pronouns assigned",
    "reading saved",
    "last change",
)


@dataclass(frozen=True)
class CompletionRow:
    """One student's work as collected. A count is None when no file of that kind was read for
    the student (not handed in, or skipped: the report's list of skipped files says why);
    ``reading_words`` is the length of their saved written reading, 0 when none was found;
    ``last_change`` the latest ISO 8601 time any of their records was changed ("" if none)."""

    student: str
    highlights: int | None
    units_coded: int | None
    pronouns: int | None
    reading_words: int
    last_change: str

    @property
    def reading(self) -> str:
        return f"yes ({self.reading_words} words)" if self.reading_words else "no"


def when(stamp: str) -> str:
    """An ISO 8601 time as a reader reads it, in UTC: ``'2026-11-30 10:02 UTC'``; "" if none.

    >>> when("2026-11-30T11:02:00+01:00"), when("")
    ('2026-11-30 10:02 UTC', '')
    """
    if not stamp:
        return ""
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        return moment.strftime("%Y-%m-%d %H:%M")
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


_NUM = ' class="num"'


def _count(n: int | None) -> str:
    return "none read" if n is None else str(n)


def completion_html(rows: Sequence[CompletionRow]) -> str:
    """The report's section: one row per student (empty string for no rows)."""
    if not rows:
        return ""
    text = ("student", "reading saved", "last change")
    head = "".join(
        f'<th scope="col"{"" if c in text else _NUM}>{escape(c)}</th>' for c in COMPLETION_COLUMNS
    )
    body = "".join(
        f'<tr><th scope="row">{escape(r.student)}</th><td class="num">{_count(r.highlights)}</td>'
        f'<td class="num">{_count(r.units_coded)}</td><td class="num">{_count(r.pronouns)}</td>'
        f"<td>{escape(r.reading)}</td><td>{escape(when(r.last_change))}</td></tr>"
        for r in rows
    )
    return (
        '<section aria-labelledby="completion"><h2 id="completion">What each student handed in'
        "</h2><p>For grading: the highlights each student made (those orphaned by a change of "
        "the text included), the question units they coded, the pronouns they gave a referent, "
        "whether their written reading was saved, and when they last changed any of it (the "
        "times their files record). &ldquo;None read&rdquo; means no file of that kind was read "
        "for them: not handed in, or skipped for the reason listed below. The same table is in "
        "<code>completion.csv</code>.</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></section>"
    )


def completion_csv(rows: Sequence[CompletionRow]) -> str:
    """The rows as CSV, one per student; a count is empty when no file of that kind was read."""
    return csv_text(
        COMPLETION_COLUMNS,
        (
            {
                "student": r.student,
                "highlights": "" if r.highlights is None else r.highlights,
                "units coded": "" if r.units_coded is None else r.units_coded,
                "pronouns assigned": "" if r.pronouns is None else r.pronouns,
                "reading saved": r.reading,
                "last change": r.last_change,
            }
            for r in rows
        ),
        text_columns=("student", "reading saved", "last change"),
    )
