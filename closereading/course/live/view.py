"""The instructor's live view of a class, built from the service's stored readings by the same
code as the offline class report: the readings are written out in the ``collect`` layout
(:meth:`LiveStore.export`), read by :func:`closereading.course.collect.collect`, summarised and
drawn by the class report's views. The live page and ``closereading collect`` on an export
therefore show the same figures.

Three views: the instructor's page (the class report's page: anonymised unless names are
asked for, notes by passage, who has shared), the projector view (the class report's projector
view of the passages where the class splits, and the heat map; never a name), and the revealed
aggregate a student may see (the heat map alone, anonymous).
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from closereading.course.live.store import KIND_FILES, Reading

if TYPE_CHECKING:
    from closereading.course.collect import ClassWork

__all__ = ["LiveReport", "build_report", "class_work", "heatmap_only"]


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
    from closereading.course.collect.report import report_data
    from closereading.course.collect.summary import summarise
    from closereading.views.class_report import ReportData, report_html

    students = len({r.student for r in readings})
    if not readings:
        empty = report_html(ReportData(title=title, summary={}, readers=[], skipped=[]))
        css = _parts(empty)[0]
        return LiveReport(
            f"<h1>{escape(title)}</h1><p>No one has shared a reading yet.</p>", css, 0
        )
    figures = summarise(class_work(readings))
    # The projector view takes the notes only as the class report's projector view does: a
    # note for each reading of a split passage, with no name.
    data = report_data(figures, anonymise=projector or not names, notes=True, key=key)
    data = replace(data, title=title or data.title)
    if projector:
        return _projector(data, figures, students)
    css, main = _parts(report_html(data))
    return LiveReport(main, css, students)


def _projector(data: Any, figures: Any, students: int) -> LiveReport:
    """The class report's projector view (the passages where the class splits, one to a
    screen, no name) with the class's heat map (all moves) below it."""
    from closereading.views.class_projector import PROJECTOR_CSS, projector_html
    from closereading.views.heatmap import HEATMAP_CSS

    sides = data.notes.sides if data.notes is not None else None
    page = projector_html(data.title, figures.discussion.split, sides, data.labels)
    slides = page[page.index("<main>") + 6 : page.rindex("</main>")]
    heat = data.heatmaps[0][1] if data.heatmaps else ""
    html = (
        f"<h1>{escape(data.title)}: where the class splits</h1>{slides}"
        '<section aria-labelledby="heat"><h2 id="heat">Where the class marked the text</h2>'
        f"{heat}</section>"
    )
    return LiveReport(html, PROJECTOR_CSS + HEATMAP_CSS, students)


def heatmap_only(readings: Sequence[Reading]) -> dict[str, Any]:
    """The class's anonymous heat map for its students, once revealed, as numbers only: how
    many readers marked each word of the text and with which moves (no name, no note, no
    markup), with each word's sentence. The student's kernel draws it
    (:func:`closereading.widgets._share_switch.class_heatmap`)."""
    from dataclasses import asdict

    from closereading.course.collect.summary import summarise

    highlights = [r for r in readings if r.kind == "highlights"]
    if not highlights:
        return {"readers": 0, "transcript": "", "counts": [], "sentences": []}
    figures = summarise(class_work(highlights))
    return {
        "readers": len(figures.readers),
        "transcript": figures.work.transcript.id,
        "counts": [asdict(w) for w in figures.counts],
        "sentences": [w.sentence for w in figures.words],
    }
