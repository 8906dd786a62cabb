"""Writing the class report: the HTML page, the CSV files and the W3C collection, to a folder.

>>> import tempfile
>>> from closereading.base.paths import DATA_DIR
>>> from closereading.course.collect import collect
>>> out = tempfile.mkdtemp()
>>> paths = write_report(collect(DATA_DIR / "sample-class", progress=False), out)
>>> sorted(p.name for p in paths)
['agreement.csv', 'class-annotations.jsonld', 'completion.csv', 'highlights.csv', 'index.html', 'kappa.csv', 'projector.html', 'words.csv']
"""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from closereading.analysis.agreement import UNIT_OF_ANALYSIS
from closereading.base.files import atomic_write
from closereading.course.collect.anonymise import WHAT_IT_PROTECTS, class_key, codes_for, key_path
from closereading.course.collect.completion import completion_rows
from closereading.course.collect.summary import ClassFigures, summarise
from closereading.views.class_completion import completion_csv
from closereading.views.class_discussion import (
    DiscussionNotes,
    ReaderNote,
    attach_notes,
    readings_on,
    sides,
)
from closereading.views.class_projector import projector_html
from closereading.views.class_report import (
    ReaderRow,
    ReportData,
    class_w3c,
    csv_text,
    report_html,
    word_rows,
)
from closereading.views.heatmap import heatmap_figure, heatmap_html

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from closereading.course.collect import ClassWork

__all__ = ["HIGHLIGHT_COLUMNS", "report_data", "write_report"]

HIGHLIGHT_COLUMNS = ("reader", "move", "label", "family", "start", "end", "quote", "status")


def report_data(
    figures: ClassFigures, *, anonymise: bool = False, notes: bool = False, key: bytes | None = None
) -> ReportData:
    """The page's content; with ``anonymise``, names replaced by codes keyed by ``key`` (None:
    the class's key, :func:`~closereading.course.collect.anonymise.class_key`)."""
    work = figures.work
    names = _names(figures, anonymise, key)
    labels = {m.id: m.label for m in work.moves} | {f.id: f.label for f in work.moves.families}
    family_of = {m.id: m.family for m in work.moves}
    start = work.transcript.turns[0].label_start if work.transcript.turns else 0
    text = work.transcript.text
    sentences = [w.sentence for w in figures.words]
    maps = [
        (
            "All moves",
            heatmap_html(figures.counts, text, start=start, labels=labels, sentence_of=sentences),
        )
    ]
    maps += [
        (
            f"Family: {f.label}",
            heatmap_html(figures.counts, text, "family", f.id, start, labels, family_of, sentences),
        )
        for f in work.moves.families
        if any(c.families.get(f.id) for c in figures.counts)
    ]
    maps += [
        (
            f"Move: {m.label}",
            heatmap_html(figures.counts, text, "move", m.id, start, labels, None, sentences),
        )
        for m in work.moves
        if any(c.moves.get(m.id) for c in figures.counts)
    ]
    svg, description = _figure(figures)
    means = figures.mean_kappa()
    readers = [
        ReaderRow(
            names[f.name],
            "" if anonymise else f.source + (f" (with {f.merged}, merged)" if f.merged else ""),
            f.highlights,
            f.reanchored,
            f.orphans,
            figures.reference_kappa.get(f.name),
            means.get(f.name),
            _reader_note(f, figures),
        )
        for f in figures.readers
    ]
    skipped = [(s.source, s.reason) for s in work.skipped]
    passed = [(s.source, s.reason) for s in work.passed]
    if anonymise:
        skipped = _anonymous_skips(figures, names)
        passed = [(f"entry {i}", s.reason) for i, s in enumerate(work.passed, 1)]
    return ReportData(
        title=f"Class report: {work.transcript.title or work.transcript.id}",
        summary=work.summary(),
        readers=readers,
        skipped=skipped,
        unit=UNIT_OF_ANALYSIS,
        alpha=figures.alpha,
        kappa=figures.kappa_summary(),
        labels=labels,
        heatmaps=maps,
        figure_svg=svg,
        figure_description=description,
        discussion=figures.discussion,
        notes=discussion_notes(figures, names) if notes else None,
        notes_hint=True,
        anonymised=anonymise,
        anonymised_note=WHAT_IT_PROTECTS,
        passed=passed,
        empty=[names[n] for n in figures.empty],
        alpha_with_empty=figures.alpha_with_empty,
        kinds=sorted({f.kind for f in work.files}, key=list(work.kinds).index),
        codes=figures.codes,
        pronouns=figures.pronouns,
        completion=completion_rows(work, names),
    )


#: The projector view's file, beside the report's page.
PROJECTOR = "projector.html"


def discussion_notes(figures: ClassFigures, names: dict[str, str]) -> DiscussionNotes:
    """The readers' notes, each on the passages its highlight touches (the rest apart), and for
    each split passage a note for each of its readings."""
    found = [
        ReaderNote(names[f.name], a.move, a.start, a.end, a.quote, a.note)
        for f in figures.readers
        for a in f.content
        if a.note.strip()
    ]
    d = figures.discussion
    on, elsewhere = attach_notes((*d.split, *d.agreed, *d.departures), found)
    spans = [(w.start, w.end) for w in figures.words]
    labels = {names[name]: values for name, values in figures.labels.items()}
    return DiscussionNotes(
        on,
        elsewhere,
        {(p.start, p.end): sides(p, readings_on(p, labels, spans), found) for p in d.split},
    )


def _reader_note(f: Any, figures: ClassFigures) -> str:
    if f.name not in figures.empty:
        return ""
    left_out = "" if f.name in figures.labels else ": left out of the agreement figures"
    return "marked nothing in the current text" + left_out


def _anonymous_skips(figures: ClassFigures, names: dict[str, str]) -> list[tuple[str, str]]:
    """Skipped files as "file 1", "file 2"..., with any file name in a reason (a copy names its
    original) replaced the same way, so that no student's file name reaches the page."""
    work = figures.work
    label = {f.source: f"{names[f.name]}'s file" for f in figures.readers}
    label |= {f.source: f"a file of {f.kind}" for f in work.files if f.source not in label}
    label |= {s.source: f"file {i}" for i, s in enumerate(work.skipped, 1)}
    rows = []
    for s in work.skipped:
        reason = s.reason
        for source in sorted(label, key=len, reverse=True):
            reason = reason.replace(source, label[source])
        rows.append((label[s.source], reason))
    return rows


def _names(figures: ClassFigures, anonymise: bool, key: bytes | None) -> dict[str, str]:
    names = list(dict.fromkeys(f.name for f in figures.work.files))
    if not anonymise:
        return {n: n for n in names}
    return codes_for(names, key if key is not None else class_key(key_path(figures.work.folder)))


def _figure(figures: ClassFigures) -> tuple[str, str]:
    """The heat map along the turns as inline SVG (text kept as text, which matplotlib escapes;
    no date, so the same input gives the same bytes), and its description."""
    import matplotlib

    from closereading.views._figure import describe

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    families = [(f.id, f.label) for f in figures.work.moves.families]
    with matplotlib.rc_context({"svg.hashsalt": "closereading", "svg.fonttype": "none"}):
        ax = heatmap_figure(figures.counts, figures.work.transcript.turns, families)
        figure = cast("Figure", ax.figure)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
        description = describe(ax)
        plt.close(figure)
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :], description


def write_report(
    work: ClassWork,
    out: str | Path,
    *,
    anonymise: bool = False,
    notes: bool = False,
    figures: ClassFigures | None = None,
    key: bytes | None = None,
) -> list[Path]:
    """Write ``index.html``, ``projector.html``, ``highlights.csv``, ``words.csv``,
    ``agreement.csv``, ``kappa.csv``, ``completion.csv`` and ``class-annotations.jsonld`` to
    ``out``; returns their paths, the page's first."""
    out = Path(out)
    figures = figures if figures is not None else summarise(work)
    if anonymise and key is None:
        key = class_key(key_path(work.folder))
    # the link to the projector view, written beside the page here
    data = dataclasses.replace(
        report_data(figures, anonymise=anonymise, notes=notes, key=key), projector=PROJECTOR
    )
    names = _names(figures, anonymise, key)
    records = [(names[f.name], _records(f, notes, work.moves)) for f in figures.readers]
    columns = HIGHLIGHT_COLUMNS + (("note",) if notes else ())
    rows = [{**r, "reader": name} for name, items in records for r in items]
    rows += [
        {
            "reader": names[f.name],
            "move": o.move,
            "start": o.start,
            "end": o.end,
            "quote": o.quote,
            "status": "orphaned",
            **({"note": o.note} if notes else {}),
        }
        for f in figures.readers
        for o in f.content.orphans
    ]
    source = f"urn:closereading:transcript:{work.transcript.id}"
    collection = class_w3c(records, source, f"The class's highlights on {work.transcript.id}")
    moves = list(work.moves.ids)
    files: dict[str, str] = {
        "index.html": report_html(data),
        PROJECTOR: projector_html(
            data.title,
            figures.discussion.split,
            data.notes.sides if data.notes is not None else None,
            data.labels,
        ),
        "completion.csv": completion_csv(data.completion),
        "highlights.csv": csv_text(columns, rows),
        "words.csv": csv_text(
            ["word", "text", "turn", "start", "end", "readers", "marked", *moves],
            word_rows(figures.counts, moves),
            text_columns=("text",),
        ),
        "agreement.csv": csv_text(
            ["scope", "name", "alpha", "words", "readers"], [vars(a) for a in figures.alpha]
        ),
        "kappa.csv": csv_text(
            ["a", "b", "kappa", "observed"],
            (
                {"a": names[p.a], "b": names[p.b], "kappa": p.kappa, "observed": p.observed}
                for p in figures.kappa
            ),
            text_columns=("a", "b"),
        ),
        "class-annotations.jsonld": json.dumps(collection, ensure_ascii=False) + "\n",
    }
    return [atomic_write(out / name, content) for name, content in files.items()]


def _records(f: Any, notes: bool, moves: Any) -> list[dict[str, Any]]:
    """The reader's anchored highlights as export records (built field by field: a class of
    300 has 15,000 of them)."""
    reanchored = set(f.content.reanchored)
    items = []
    for a in f.content:
        move = moves.get(a.move)
        items.append(
            {
                "id": a.id, "move": a.move, "label": move.label, "family": move.family,
                "start": a.start, "end": a.end, "quote": a.quote, "prefix": a.prefix,
                "suffix": a.suffix, "note": a.note if notes else "", "created": a.created,
                "modified": a.modified,
                "status": "re-anchored" if a.id in reanchored else "anchored",
            }
        )  # fmt: skip
    return items
