"""Tables for notebooks: records (frequency rows, keyness scores) as aligned text and HTML.

:func:`table` shows any list of records (dataclasses, dicts or tuples) with chosen columns;
:func:`keyness_table` shows keyness records with headings that name the two texts;
:func:`word_table` compares how often each speaker uses a list of words, and whether each word is
on the stop word list, which shows what leaving out stop words takes away.

>>> import closereading
>>> from closereading.analysis.frequency import speaker_keyness
>>> rows = speaker_keyness(closereading.load_interview(), "Peskov")[:2]
>>> print(table(rows, ["term", "target_count", "reference_count", "g2"]))
term    target_count  reference_count   g2
we                10                0  7.5
states             0                3  7.0
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import fields, is_dataclass
from html import escape
from typing import Any

from closereading.views.display import TextView

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


def _cell(value: Any, digits: int, spec: str | None = None) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if spec is not None and isinstance(value, (int, float)):
        return format(value, spec)
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
    formats: Mapping[str, str] | None = None,
) -> TextView:
    """``records`` as a table with the given ``columns`` (default: all fields).

    ``labels`` renames column headings (``{"g2": "G2"}``); floats are shown with ``digits``
    decimals, booleans as yes/no; ``formats`` gives a column its own format specification
    (``{"count": ",.0f"}``). Text columns are left-aligned, numbers right-aligned.
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


def word_table(transcript: Any, words: Sequence[str]) -> TextView:
    """How often each speaker uses each of ``words``, and whether the word is a stop word."""
    from closereading.analysis.frequency import load_stopwords, term_counts
    from closereading.text.tokens import normalize

    stop = load_stopwords()
    speakers = [s.label for s in transcript.speakers]
    counts = {label: term_counts(transcript, speaker=label) for label in speakers}
    rows = []
    for word in words:
        norm = normalize(word)
        row = {"word": norm, "stop word": norm in stop}
        row.update({label: counts[label][norm] for label in speakers})
        rows.append(row)
    return table(rows, ["word", "stop word", *speakers])


def keyness_table(
    records: Sequence[Any],
    top: int = 10,
    labels: tuple[str, str] = ("target", "reference"),
    digits: int = 1,
) -> TextView:
    """The first ``top`` keyness records (see :mod:`closereading.analysis.frequency`), with headings
    that name the two texts being compared, e.g. ``labels=("Peskov", "Saunders")``."""
    target, reference = labels
    return table(
        list(records)[:top],
        [
            "term",
            "target_count",
            "reference_count",
            "target_per_1000",
            "reference_per_1000",
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
            "g2": "G2",
            "log_ratio": "log ratio",
            "significance": "p",
        },
        digits=digits,
        # counts are whole numbers, or large ones (general English: millions of words)
        formats={"target_count": ",.0f", "reference_count": ",.0f"},
    )
