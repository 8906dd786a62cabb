"""Tables for notebooks: records (frequency rows, keyness scores) as aligned text and HTML.

Tables never count: they show records that :mod:`closereading.analysis` computed.
:func:`table` shows any list of records (dataclasses, dicts or tuples) with chosen columns;
:func:`keyness_table` shows keyness records, expected counts included, with headings that name
the two texts; :func:`word_table` shows :func:`~closereading.analysis.frequency.word_use` records:
how often each speaker uses each word, and whether the word is on the stop word list, which
shows what leaving out stop words takes away.

>>> import closereading
>>> from closereading.analysis.frequency import speaker_keyness
>>> rows = speaker_keyness(closereading.load_interview(), "Peskov")[:2]
>>> print(table(rows, ["term", "target_count", "reference_count", "g2"]))
term    target_count  reference_count   g2
we                10                0  7.5
states             0                3  7.0
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import fields, is_dataclass
from html import escape
from typing import TYPE_CHECKING, Any, Union

from closereading.views.display import TextView

if TYPE_CHECKING:
    from closereading.analysis.frequency import WordUse

#: A column's format: a format specification (``",.0f"``) or a function from value to text.
Format = Union[str, Callable[[Any], str]]  # noqa: UP007 - a runtime alias on Python 3.10

__all__ = ["keyness_table", "table", "word_table"]


def _as_dict(record: Any, columns: Sequence[str] | None) -> dict[str, Any]:
    if is_dataclass(record):
        return {f.name: getattr(record, f.name) for f in fields(record)}
    if isinstance(record, Mapping):
        return dict(record)
    if isinstance(record, tuple) and hasattr(record, "_asdict"):
        return record._asdict()
    if isinstance(record, (tuple, list)) and columns:
        return dict(zip(columns, record))
    raise TypeError(
        f"cannot show a {type(record).__name__} as a table row; give dataclasses, "
        "dicts, or tuples with column names"
    )


def _cell(value: Any, digits: int, spec: Format | None = None) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if spec is not None and isinstance(value, (int, float)):
        return format(value, spec) if isinstance(spec, str) else spec(value)
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    if value is None:
        return "—"
    return str(value)


def table(
    records: Sequence[Any],
    columns: Sequence[str] | None = None,
    labels: Mapping[str, str] | None = None,
    digits: int = 1,
    formats: Mapping[str, Format] | None = None,
) -> TextView:
    """``records`` as a table with the given ``columns`` (default: all fields).

    ``labels`` renames column headings (``{"g2": "G2"}``); floats are shown with ``digits``
    decimals, booleans as yes/no; ``formats`` gives a column its own format specification
    (``{"count": ",.0f"}``) or a function from value to text. Text columns are left-aligned,
    numbers right-aligned.
    """
    rows = [_as_dict(record, columns) for record in records]
    if columns is None:
        columns = list(rows[0]) if rows else []
    labels = dict(labels or {})
    missing = [c for c in columns if rows and c not in rows[0]]
    if missing:
        raise KeyError(f"no column {missing[0]!r}; the records have {list(rows[0])}")
    heads = [labels.get(c, c) for c in columns]
    formats = dict(formats or {})
    cells = [[_cell(row[c], digits, formats.get(c)) for c in columns] for row in rows]
    numeric = [
        bool(rows)
        and all(isinstance(row[c], (int, float)) and not isinstance(row[c], bool) for row in rows)
        for c in columns
    ]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(heads)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(
            v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric)
        ).rstrip()

    text = "\n".join([line(heads), *(line(r) for r in cells)]) if rows else "(no rows)"
    align = ["right" if num else "left" for num in numeric]
    html = (
        "<table class='closereading-table'><thead><tr>"
        + "".join(f"<th style='text-align:{a}'>{escape(h)}</th>" for h, a in zip(heads, align))
        + "</tr></thead><tbody>"
        + "".join(
            "<tr>"
            + "".join(f"<td style='text-align:{a}'>{escape(v)}</td>" for v, a in zip(r, align))
            + "</tr>"
            for r in cells
        )
        + "</tbody></table>"
    )
    return TextView(text, html)


def word_table(records: Sequence[WordUse]) -> TextView:
    """:func:`~closereading.analysis.frequency.word_use` records as a table: each word, whether
    it is a stop word, and one count column per speaker.

    >>> import closereading
    >>> from closereading.analysis.frequency import word_use
    >>> print(word_table(word_use(closereading.load_interview(), ["we", "you"])))
    word  stop word  Saunders  Peskov
    we    yes               0      10
    you   yes               5       1
    """
    if not isinstance(records, Sequence) or not all(hasattr(r, "counts") for r in records):
        raise TypeError(
            "word_table shows word_use records; count first, then show: "
            "tables.word_table(frequency.word_use(interview, words))"
        )
    speakers = [label for label, _ in records[0].counts] if records else []
    rows = [{"word": r.word, "stop word": r.stop_word, **dict(r.counts)} for r in records]
    return table(rows, ["word", "stop word", *speakers])


def _expected(value: float) -> str:
    """An expected count readably: whole numbers when large, two significant digits when small,
    never in e-notation (an expected count of 0.000012 must not print as 0.0 or 1.2e-05)."""
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 1 or value <= 0:
        return f"{value:.2f}"
    decimals = 1 - math.floor(math.log10(value))
    return f"{value:.{decimals}f}"


def keyness_table(
    records: Sequence[Any],
    top: int = 10,
    labels: tuple[str, str] = ("target", "reference"),
    digits: int = 1,
) -> TextView:
    """The first ``top`` keyness records (see :mod:`closereading.analysis.frequency`), with headings
    that name the two texts being compared, e.g. ``labels=("Peskov", "Saunders")``.

    Beside each side's count and rate it shows the count that side would have if both texts
    drew on one pool (``expected``), which is what the ``reliable`` flag is judged on."""
    target, reference = labels
    return table(
        list(records)[:top],
        [
            "term",
            "target_count",
            "reference_count",
            "target_per_1000",
            "reference_per_1000",
            "target_expected",
            "reference_expected",
            "g2",
            "log_ratio",
            "significance",
            "reliable",
        ],
        labels={
            "target_count": target,
            "reference_count": reference,
            "target_per_1000": f"{target} per 1,000",
            "reference_per_1000": f"{reference} per 1,000",
            "target_expected": f"{target} expected",
            "reference_expected": f"{reference} expected",
            "g2": "G2",
            "log_ratio": "log ratio",
            "significance": "p",
        },
        digits=digits,
        # counts are whole numbers, or large ones (general English: millions of words)
        formats={
            "target_count": ",.0f",
            "reference_count": ",.0f",
            "target_expected": _expected,
            "reference_expected": _expected,
        },
    )
