"""The class report: one self-contained HTML page (no script, no file or network fetched, styles
for print included), and the class's highlights as CSV and as one W3C ``AnnotationCollection``.

Everything that came from a student file (names, notes, quotes, file names, reasons) and every
label is escaped. The page draws a :class:`ReportData`, built by the course layer; nothing here
counts.

>>> data = ReportData(title="<Class>", summary={"read": 1}, readers=[], skipped=[("x.json", "<b>")])
>>> page = report_html(data)
>>> "&lt;Class&gt;" in page, "<b>" in page, page.startswith("<!DOCTYPE html>")
(True, False, True)
"""

# Size: over 300 lines; the page's sections are each a short function, kept together so that the
# whole page can be read in one place.

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

from closereading.analysis.agreement import AlphaRow
from closereading.views.class_completion import CompletionRow, completion_html
from closereading.views.class_discussion import DiscussionNotes, discussion_html, discussion_view
from closereading.views.class_export import class_w3c, csv_text, word_rows
from closereading.views.heatmap import HEATMAP_CSS

__all__ = [
    "CompletionRow",
    "ReaderRow",
    "ReportData",
    "choices_text",
    "class_w3c",
    "csv_text",
    "discussion_view",
    "report_html",
    "word_rows",
]


@dataclass(frozen=True)
class ReaderRow:
    """One reader in the report's table (``name`` already anonymised if asked)."""

    name: str
    source: str
    highlights: int
    reanchored: int
    orphans: int
    kappa_reference: float | None = None
    mean_kappa: float | None = None
    #: Why the reader stands apart (marked nothing, say), or "".
    note: str = ""


@dataclass(frozen=True)
class ReportData:
    """What the page shows. ``heatmaps`` are ``(heading, html)`` pairs from
    :func:`closereading.views.heatmap.heatmap_html`; ``figure_svg`` an inline SVG with its
    ``figure_description``; ``notes`` the students' notes laid out for the passages
    (:class:`~closereading.views.class_discussion.DiscussionNotes`), or None when notes were not
    asked for; ``completion`` a row per student for grading."""

    title: str
    summary: Mapping[str, int]
    readers: Sequence[ReaderRow]
    skipped: Sequence[tuple[str, str]]
    unit: str = ""
    alpha: Sequence[AlphaRow] = ()
    kappa: Mapping[str, Any] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)
    heatmaps: Sequence[tuple[str, str]] = ()
    figure_svg: str = ""
    figure_description: str = ""
    discussion: Any = None
    notes: DiscussionNotes | None = None
    #: Say, when there are no notes, how to show them.
    notes_hint: bool = False
    anonymised: bool = False
    #: What anonymising does and does not protect, shown when names are replaced.
    anonymised_note: str = ""
    #: Entries passed over as no student's file (not ``.json``, hidden, backups), with why.
    passed: Sequence[tuple[str, str]] = ()
    #: Readers who marked nothing, left out of the agreement figures, and alpha with them in.
    empty: Sequence[str] = ()
    alpha_with_empty: Sequence[AlphaRow] = ()
    kinds: Sequence[str] = ("highlights",)
    codes: Sequence[Any] = ()
    pronouns: Sequence[Any] = ()
    completion: Sequence[CompletionRow] = ()
    #: The projector view's address, relative to the page ("" for none).
    projector: str = ""


_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 60rem;
       margin: 1.5rem auto; padding: 0 1rem; color: #111; line-height: 1.45; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #999; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.92rem; }
th, td { border: 1px solid #bbb; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
.lead { font-size: 1.05rem; } .small { font-size: 0.88rem; color: #333; }
blockquote { margin: 0.3rem 0 0.3rem 1rem; padding-left: 0.6rem; border-left: 4px solid #0072B2; }
details { margin: 0.5rem 0; } summary { cursor: pointer; font-weight: 600; }
summary:focus, a:focus { outline: 3px solid #000; }
figure { margin: 1rem 0; } figure svg { max-width: 100%; height: auto; }
.passage { margin-bottom: 1rem; }
.flag { border-left: 4px solid #D55E00; padding-left: 0.6rem; }
details.notes, details.sides { margin: 0.3rem 0 0 1rem; } details ul { margin: 0.3rem 0; }
.passage details summary { font-weight: 600; font-size: 0.92rem; }
@media print { body { max-width: none; margin: 0; } details { display: block; }
  details > summary { list-style: none; } h2 { break-after: avoid; } .passage, tr { break-inside: avoid; } }
"""


def report_html(data: ReportData) -> str:
    """The whole report as one HTML page."""
    sections = [
        _summary(data),
        _heat(data),
        _agreement(data),
        _projector_link(data),
        discussion_html(data.discussion, data.labels, data.notes, notes_hint=data.notes_hint),
        _choices(
            data.codes,
            "codes",
            "Question units the class codes differently",
            "Each question unit with the codes readers gave it (outcome, and for a non-reply "
            "its form), the most divided first.",
        ),
        _choices(
            data.pronouns,
            "pronouns",
            "Pronouns the class reads differently",
            "Each pronoun with the referents readers gave it, the most divided first.",
        ),
        _readers(data),
        completion_html(data.completion),
        _skipped(data),
        _works_cited(),
    ]
    title = escape(data.title)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">"
        f"<style>{_CSS}{HEATMAP_CSS}</style></head>\n<body>\n<main>\n<h1>{title}</h1>\n"
        + "\n".join(s for s in sections if s)
        + "\n</main>\n</body></html>\n"
    )


def _number(x: float | None, places: int = 2) -> str:
    return "undefined" if x is None else f"{x:.{places}f}"


def _summary(data: ReportData) -> str:
    s = data.summary
    anonymised = ""
    if data.anonymised:
        anonymised = (
            f'<p class="small"><strong>Anonymised.</strong> {escape(data.anonymised_note)}</p>'
        )
    return (
        '<section aria-labelledby="summary"><h2 id="summary">What was collected</h2>'
        f'<p class="lead">{s.get("read", 0)} files read, {s.get("skipped", 0)} skipped. '
        f"{s.get('highlights', 0)} highlights, {s.get('reanchored', 0)} of them re-anchored to "
        f"the current text. {s.get('orphaned', 0)} items orphaned, their quote no longer in the "
        f"text (in {s.get('files with orphans', 0)} files): they are listed in highlights.csv, "
        "not drawn.</p>"
        f'<p class="small">Kinds of file read: {escape(", ".join(data.kinds))}.</p>'
        f"{anonymised}</section>"
    )


def _heat(data: ReportData) -> str:
    if not data.heatmaps:
        return ""
    first_heading, first = data.heatmaps[0]
    rest = "".join(
        f"<details><summary>{escape(heading)}</summary>{html}</details>"
        for heading, html in data.heatmaps[1:]
    )
    figure = ""
    if data.figure_svg:
        figure = (
            f'<figure><div role="img" aria-label="{escape(data.figure_description)}">'
            f'{data.figure_svg}</div><figcaption class="small">'
            f"{escape(data.figure_description)}</figcaption></figure>"
        )
    return (
        '<section aria-labelledby="heat"><h2 id="heat">Where the class marked the text</h2>'
        "<p>Each marked passage is tinted by the share of readers who marked it (five steps, the "
        "underline thicker at each) and followed by their number. Press Tab to move from passage "
        "to passage; each says its count and its moves.</p>"
        f"<h3>{escape(first_heading)}</h3>{first}{rest}{figure}</section>"
    )


def _agreement(data: ReportData) -> str:
    if not data.alpha:
        return ""
    rows = "".join(
        f"<tr><td>{escape(row.scope)}</td><td>{escape(data.labels.get(row.name, row.name))}</td>"
        f'<td class="num">{_number(row.alpha)}</td><td class="num">{row.words}</td></tr>'
        for row in data.alpha
    )
    k = data.kappa
    kappa = (
        f"<p>Cohen's kappa for each pair of readers, over the same units: {k.get('pairs', 0)} "
        f"pairs, lowest {_number(k.get('min'))}, median {_number(k.get('median'))}, highest "
        f"{_number(k.get('max'))}. Each reader's mean kappa with the others, and kappa with the "
        "reference reading, are in the table of readers.</p>"
    )
    return (
        '<section aria-labelledby="agreement"><h2 id="agreement">How far the class agrees</h2>'
        f"<p><strong>Unit of analysis.</strong> {escape(data.unit)}</p>"
        "<table><caption>Krippendorff's alpha (nominal), by scope</caption><thead><tr>"
        '<th scope="col">scope</th><th scope="col">moves</th><th scope="col" class="num">alpha'
        '</th><th scope="col" class="num">words marked by anyone</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>{_empty(data)}{kappa}"
        '<p class="small"><strong>Reading these figures.</strong> Alpha is 1 when every reader '
        "gives every word the same value and about 0 when they agree no more than chance would "
        "make them; it can fall below 0. Published cut-offs were proposed for trained coders "
        "working to a shared codebook (Krippendorff 2004), and Artstein and Poesio (2008) show how "
        "hard such values are to interpret across tasks; a seminar is neither, so read the "
        "figures as a comparison between moves and between readers, not as a pass mark. Most "
        "words are marked by nobody, and that agreement counts too. Low agreement on a move is a "
        "reason to discuss its definition, not a verdict on the students.</p></section>"
    )


def _empty(data: ReportData) -> str:
    """Readers who marked nothing: named, and alpha over all moves with and without them."""
    if not data.empty:
        return ""
    without = next((r.alpha for r in data.alpha if r.scope == "all"), None)
    with_them = next((r.alpha for r in data.alpha_with_empty if r.scope == "all"), None)
    n = len(data.empty)
    who = "reader" if n == 1 else "readers"
    return (
        f'<p class="flag"><strong>{n} {who} marked nothing</strong> in the current text '
        f"({escape(', '.join(data.empty))}) and are left out of the figures above, the heat map "
        "and the passages: every word they leave unmarked would count as agreement. Alpha over "
        f"all moves without them: {_number(without)}; with them: {_number(with_them)}.</p>"
    )


def choices_text(choices: Sequence[tuple[str, int]]) -> str:
    """``(("reply", 2), ("intermediate", 1))`` -> ``'reply: 2; intermediate: 1'``.

    >>> choices_text((("reply", 2), ("intermediate", 1)))
    'reply: 2; intermediate: 1'
    """
    return "; ".join(f"{value}: {n}" for value, n in choices)


def _choices(choices: Sequence[Any], anchor: str, heading: str, lead: str) -> str:
    if not choices:
        return ""
    rows = "".join(
        f'<tr><th scope="row">{escape(c.label)}</th><td>{escape(" ".join(c.quote.split()))}</td>'
        f'<td class="num">{c.readers}</td>'
        f"<td>{escape(choices_text(c.choices))}</td>"
        f"<td>{escape(getattr(c, 'reference', '') or 'none')}</td></tr>"
        for c in choices
    )
    return (
        f'<section aria-labelledby="{anchor}"><h2 id="{anchor}">{escape(heading)}</h2>'
        f'<p>{escape(lead)}</p><table><thead><tr><th scope="col">item</th>'
        '<th scope="col">words</th><th scope="col" class="num">readers</th>'
        '<th scope="col">choices</th><th scope="col">reference</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></section>"
    )


def _projector_link(data: ReportData) -> str:
    if not data.projector:
        return ""
    return (
        f'<p><strong><a href="{escape(data.projector)}">Projector view</a></strong>: the passages '
        "where the class splits, one to a screen in large type, with no student named.</p>"
    )


def _readers(data: ReportData) -> str:
    if not data.readers:
        return ""
    head = "".join(
        f'<th scope="col"{c}>{escape(h)}</th>'
        for h, c in (
            ("reader", ""),
            ("file", ""),
            ("highlights", ' class="num"'),
            ("re-anchored", ' class="num"'),
            ("orphaned", ' class="num"'),
            ("kappa with the reference", ' class="num"'),
            ("mean kappa with the others", ' class="num"'),
            ("note", ""),
        )
    )
    rows = "".join(
        f'<tr><th scope="row">{escape(r.name)}</th><td>{escape(r.source)}</td>'
        f'<td class="num">{r.highlights}</td><td class="num">{r.reanchored}</td>'
        f'<td class="num">{r.orphans}</td><td class="num">{_number(r.kappa_reference)}</td>'
        f'<td class="num">{_number(r.mean_kappa)}</td><td>{escape(r.note)}</td></tr>'
        for r in data.readers
    )
    return (
        '<section aria-labelledby="readers"><h2 id="readers">Readers</h2>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></section>"
    )


def _skipped(data: ReportData) -> str:
    if not data.skipped and not data.passed:
        return ""
    items = "".join(
        f"<li><code>{escape(source)}</code>: {escape(reason)}</li>"
        for source, reason in data.skipped
    )
    passed = "".join(
        f"<li><code>{escape(source)}</code>: {escape(reason)}</li>"
        for source, reason in data.passed
    )
    if passed:
        passed = (
            f"<details><summary>{len(data.passed)} other entries passed over, not students' "
            f'files</summary><ul class="small">{passed}</ul></details>'
        )
    return (
        '<section aria-labelledby="skipped"><h2 id="skipped">Files skipped</h2>'
        "<p>Each file or folder was left out for the reason given; none was changed.</p>"
        f"<ul>{items}</ul>{passed}</section>"
    )


def _works_cited() -> str:
    return (
        '<section aria-labelledby="cited"><h2 id="cited">Works cited</h2><ul class="small">'
        "<li>Artstein, R. &amp; Poesio, M. (2008) &ldquo;Inter-coder agreement for computational "
        "linguistics&rdquo;. <em>Computational Linguistics</em> 34(4), 555&ndash;596.</li>"
        "<li>Krippendorff, K. (2004) <em>Content Analysis: An Introduction to Its Methodology</em>, "
        "2nd edn. Thousand Oaks, CA: Sage.</li></ul></section>"
    )
