"""The instructor's live view of a class, built from the service's stored readings by the same
code as the offline class report: the readings are written out in the ``collect`` layout
(:meth:`LiveStore.export`), read by :func:`closereading.course.collect.collect`, summarised and
drawn by the class report's views. The live page and ``closereading collect`` on an export
therefore show the same figures.

Three views: the instructor's page (anonymised unless names are asked for; notes included),
the projector view (the heat map and the passages to discuss; never names, never notes), and
the revealed aggregate a student may see (the heat map alone, anonymous).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from closereading.course.live.store import KIND_FILES, Reading

if TYPE_CHECKING:
    from closereading.course.collect import ClassWork

__all__ = ["LiveReport", "build_report", "class_work", "completion_html", "heatmap_only"]


@dataclass(frozen=True)
class LiveReport:
    """One drawing of a class: the page's content (``html``, to go inside ``<main>``), the
    stylesheet it needs, and how many students it shows."""

    html: str
    css: str
    students: int


def class_work(readings: Sequence[Reading], folder: str | Path | None = None) -> ClassWork:
    """The class's readings as ``collect`` reads them, from a folder written in its layout
    (a temporary folder unless ``folder`` is given)."""
    from closereading.base.files import atomic_write
    from closereading.course.collect import collect
    from closereading.course.live.store import folder_name

    def read(where: Path) -> ClassWork:
        for r in readings:
            atomic_write(where / folder_name(r.student) / KIND_FILES[r.kind], r.body)
        return collect(where, progress=False)

    if folder is not None:
        return read(Path(folder))
    with tempfile.TemporaryDirectory(prefix="closereading-live-") as scratch:
        return read(Path(scratch))


def _parts(page: str) -> tuple[str, str]:
    """The stylesheet and the content of ``<main>`` of a whole class-report page."""
    css = page[page.index("<style>") + 7 : page.index("</style>")]
    return css, page[page.index("<main>") + 6 : page.rindex("</main>")]


def build_report(
    readings: Sequence[Reading],
    key: bytes,
    *,
    names: bool = False,
    projector: bool = False,
    title: str = "",
) -> LiveReport:
    """The instructor's page (``projector``: the projector view) for these readings.
    ``names`` shows students' names; the projector view never does."""
    from closereading.course.collect.anonymise import WHAT_IT_PROTECTS, codes_for
    from closereading.course.collect.report import report_data
    from closereading.course.collect.summary import summarise
    from closereading.views.class_report import ReportData, report_html

    students = sorted({r.student for r in readings})
    if not readings:
        empty = report_html(ReportData(title=title, summary={}, readers=[], skipped=[]))
        css = _parts(empty)[0]
        return LiveReport(
            f"<h1>{escape(title)}</h1><p>No one has shared a reading yet.</p>", css, 0
        )
    work = class_work(readings)
    anonymise = projector or not names
    figures = summarise(work)
    data = report_data(figures, anonymise=anonymise, notes=not projector, key=key)
    data = replace(data, title=title or data.title)
    extra = ""
    if projector:
        data = ReportData(
            title=data.title,
            summary=data.summary,
            readers=[],
            skipped=[],
            labels=data.labels,
            heatmaps=data.heatmaps[:1],
            discussion=replace(data.discussion, departures=()),
            anonymised=True,
            anonymised_note=WHAT_IT_PROTECTS,
        )
    elif not hasattr(data, "completion"):  # a report without its own table of who shared
        shown = codes_for(students, key) if anonymise else {s: s for s in students}
        extra = completion_html(readings, shown)
    css, main = _parts(report_html(data))
    at = main.find("</h1>") + 5
    return LiveReport(main[:at] + extra + main[at:], css, len(students))


def completion_html(readings: Sequence[Reading], shown: dict[str, str]) -> str:
    """Who has shared what, and when it last changed: one row per student (``shown`` gives
    the name or code to show), a column per kind, each cell a word, never a colour alone."""
    kinds = list(KIND_FILES)
    latest: dict[str, dict[str, float]] = {}
    for r in readings:
        latest.setdefault(r.student, {})[r.kind] = r.updated
    head = "".join(f'<th scope="col">{escape(k)}</th>' for k in kinds)
    rows = []
    for student in sorted(latest, key=lambda s: shown[s].casefold()):
        cells = "".join(
            f"<td>shared {time.strftime('%H:%M:%S', time.localtime(latest[student][k]))}</td>"
            if k in latest[student]
            else "<td>not shared</td>"
            for k in kinds
        )
        rows.append(f'<tr><th scope="row">{escape(shown[student])}</th>{cells}</tr>')
    return (
        '<section aria-labelledby="shared"><h2 id="shared">Who has shared</h2>'
        f"<p>{len(latest)} students have shared a reading. Times are the service's clock.</p>"
        f'<table><thead><tr><th scope="col">student</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


def heatmap_only(readings: Sequence[Reading]) -> dict[str, Any]:
    """The class's anonymous heat map (all moves) for its students, once revealed: no names,
    no notes, no quotes beyond the text itself."""
    from closereading.course.collect.summary import summarise
    from closereading.views.heatmap import HEATMAP_CSS, heatmap_html

    highlights = [r for r in readings if r.kind == "highlights"]
    if not highlights:
        return {"readers": 0, "html": "", "css": HEATMAP_CSS}
    figures = summarise(class_work(highlights))
    transcript = figures.work.transcript
    labels = {m.id: m.label for m in figures.work.moves}
    start = transcript.turns[0].label_start if transcript.turns else 0
    sentences = [w.sentence for w in figures.words]
    html = heatmap_html(
        figures.counts, transcript.text, start=start, labels=labels, sentence_of=sentences
    )
    return {"readers": len(figures.readers), "html": html, "css": HEATMAP_CSS}
