"""The exported handout: one self-contained, printable HTML file of a student's reading.

:func:`handout_html` puts together the annotated text (with a legend of the moves used, each with
its colour, underline style and symbol), the student's notes, the reading itself and the works
cited. Everything is in the one file: the styles are inline, there is no script, no font, no
image and no address to fetch, so it opens offline and prints the same anywhere. Print styles
fit A4 and US Letter alike (``paper=None``), or set the page to one of them. Every piece of text
(the transcript, labels, notes, the reading, file names) is escaped.

>>> from closereading import parse_transcript
>>> t = parse_transcript("---\\ntitle: <T>\\nspeaker: Q | interviewer\\nspeaker: A | interviewee\\n---\\n"
...                      "Q: Why?\\n\\nA: We believe so.")
>>> page = handout_html(t, [], notes=[("<note>", "a & b")], reading=[("Claim", "x < y")],
...                     works_cited=["Author (2000). <i>Book</i>."], author="Ana")
>>> "&lt;note&gt;" in page and "a &amp; b" in page and "x &lt; y" in page and "<i>" not in page
True
>>> "<script" in page, "http" in page
(False, False)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

from closereading.annotation.taxonomy import Taxonomy, load_moves
from closereading.views.highlights import highlight_html, legend_html

__all__ = ["PAPERS", "handout_html"]

#: Page sizes the print styles can be set to; ``None`` fits both.
PAPERS = {"A4": "A4", "Letter": "letter"}

_CSS = """
body { font-family: Georgia, 'Times New Roman', serif; color: #111; background: #fff;
       max-width: 46em; margin: 2em auto; padding: 0 1.2em; line-height: 1.5; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { font-size: 1.25em; margin-top: 1.6em;
  border-bottom: 1px solid #999; } h3 { font-size: 1.05em; }
.cr-meta { color: #444; font-size: 0.95em; }
table.cr-legend { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.92em; }
table.cr-legend th, table.cr-legend td { border: 1px solid #999; padding: 0.2em 0.5em;
  text-align: left; vertical-align: top; }
.cr-swatch { display: inline-block; min-width: 1.4em; text-align: center; font-weight: bold;
  color: #000; border-radius: 3px; }
.cr-note, .cr-part { white-space: pre-wrap; }
.closereading-highlights { max-width: none !important; }
@page { margin: 16mm 16mm 18mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  h2 { break-after: avoid; } p, li, tr { break-inside: avoid; }
  mark, .cr-swatch { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def handout_html(
    transcript: Any,
    annotations: Iterable[Any],
    notes: Sequence[tuple[str, str]] = (),
    reading: Sequence[tuple[str, str]] = (),
    works_cited: Sequence[str] = (),
    author: str = "",
    moves: Taxonomy | None = None,
    paper: str | None = None,
) -> str:
    """The whole handout as one HTML page (see the module docstring)."""
    if paper is not None and paper not in PAPERS:
        raise ValueError(f"paper must be one of {sorted(PAPERS)} or None, not {paper!r}")
    moves = moves if moves is not None else load_moves()
    annotations = list(annotations)
    size = f"@page {{ size: {PAPERS[paper]}; }}" if paper else ""
    title = f"A reading of “{transcript.title or transcript.id}”"
    by = f" by {author}" if author else ""
    sections = [
        f"<h1>{escape(title)}</h1>",
        f"<p class='cr-meta'>{escape(_source_line(transcript))}{escape(by)}</p>",
        _reading(reading),
        "<h2>The annotated text</h2>",
        legend_html(annotations, moves)
        or "<p><em>No highlights yet: the text is shown without marks.</em></p>",
        highlight_html(transcript, annotations, moves),
        _notes(notes),
        _works(works_cited),
    ]
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{escape(title)}</title><style>{_CSS}{size}</style></head><body>"
        + "".join(s for s in sections if s)
        + "</body></html>\n"
    )


def _source_line(transcript: Any) -> str:
    meta = getattr(transcript, "meta", {}) or {}
    bits = [str(meta[k]) for k in ("publication", "published") if meta.get(k)]
    return ", ".join(bits) + (". " if bits else "") + "Handout from Close Reading Lab"


def _reading(reading: Sequence[tuple[str, str]]) -> str:
    if not reading:
        return ""
    parts = [f"<h3>{escape(h)}</h3><p class='cr-part'>{escape(t)}</p>" for h, t in reading]
    return "<h2>The reading</h2>" + "".join(parts)


def _notes(notes: Sequence[tuple[str, str]]) -> str:
    if not notes:
        return ""
    items = [f"<h3>{escape(h)}</h3><p class='cr-note'>{escape(t)}</p>" for h, t in notes]
    return "<h2>Notes</h2>" + "".join(items)


def _works(works: Sequence[str]) -> str:
    if not works:
        return ""
    return "<h2>Works cited</h2><ul>" + "".join(f"<li>{escape(w)}</li>" for w in works) + "</ul>"
