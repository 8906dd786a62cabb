"""The exported handout: one self-contained, printable HTML file of a student's reading.

:func:`handout_html` lays out what a student hands in: the title and their name, the reading as
continuous prose under their own headings, the works cited, then the passages the reading cites
with the student's marks on them (highlights, answer codes, referents; see
:mod:`closereading.views.marks`) and a legend, and last any notes the student chose to add.
Everything is in the one file: the styles are inline, there is no script, no font, no image and
no address to fetch, so it opens offline and prints the same anywhere. Print styles fit A4 and
US Letter alike (``paper=None``), or set the page to one of them. Every piece of text (the
transcript, labels, notes, the reading, the name) is escaped; ``*words*`` in the reading and the
works cited are set in italics, after escaping.

>>> from closereading import parse_transcript
>>> t = parse_transcript("---\\ntitle: <T>\\nspeaker: Q | interviewer\\nspeaker: A | interviewee\\n---\\n"
...                      "Q: Why?\\n\\nA: We believe so.")
>>> page = handout_html(t, [("paragraph", "x < y")], notes=[("<note>", "a & b")],
...                     works_cited=["Author (2000). <i>Book</i>. *Title*."], name="Ana")
>>> "&lt;note&gt;" in page and "a &amp; b" in page and "x &lt; y" in page and "<i>" not in page
True
>>> "<em>Title</em>" in page, "by Ana" in page, "<script" in page, "http" in page
(True, True, False, False)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Any

from closereading.base.strings import plural
from closereading.views.marks import Mark, legend_html, marked_html, marks_notes_html

__all__ = ["PAPERS", "Passage", "handout_html"]

#: Page sizes the print styles can be set to; ``None`` fits both.
PAPERS = {"A4": "A4", "Letter": "letter"}


@dataclass(frozen=True, slots=True)
class Passage:
    """Sentences of one turn that a reading cites: ``turn`` and ``sentences`` count from 1 (the
    sentence within the turn); ``runs`` are the offsets of each run of consecutive sentences."""

    turn: int
    speaker: str
    sentences: tuple[int, ...]
    runs: tuple[tuple[int, int], ...]


_CSS = """
body { font-family: Georgia, 'Times New Roman', serif; color: #111; background: #fff;
       max-width: 44em; margin: 2em auto; padding: 0 1.2em; line-height: 1.5; }
h1 { font-size: 1.55em; margin: 0 0 0.15em; line-height: 1.25; }
h2 { font-size: 1.15em; margin: 1.3em 0 0.4em; }
h2.cr-part { border-bottom: 1px solid #999; font-size: 1.05em; }
h3 { font-size: 1em; margin: 1em 0 0.2em; }
p { margin: 0 0 0.7em; }
.cr-byline { margin: 0 0 1.2em; } .cr-about { color: #333; }
.cr-missing { border: 2px solid #000; padding: 0.3em 0.5em; font-style: normal; }
ul.cr-works { padding-left: 0; list-style: none; }
ul.cr-works li { padding-left: 2em; text-indent: -2em; margin-bottom: 0.2em; }
table.cr-legend { border-collapse: collapse; margin: 0.3em 0 0.8em; font-size: 0.9em; }
table.cr-legend caption { text-align: left; font-style: italic; padding-bottom: 0.2em; }
table.cr-legend th, table.cr-legend td { border: 1px solid #999; padding: 0.1em 0.5em;
  text-align: left; vertical-align: middle; line-height: 1.7; }
table.cr-legend th:first-child, td.cr-sample { white-space: nowrap; }
.cr-passage { line-height: 2.1; margin: 0 0 0.6em; }
.cr-where { font-family: system-ui, sans-serif; font-size: 0.8em; font-weight: bold;
  color: #333; margin-right: 0.4em; }
.cr-gap { color: #555; } .cr-aside { color: #444; font-size: 0.9em; }
ul.cr-mark-notes { font-size: 0.9em; padding-left: 1.2em; line-height: 1.6; }
.cr-note { white-space: pre-wrap; }
@page { margin: 15mm 16mm 16mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; line-height: 1.42; }
  h1, h2, h3 { break-after: avoid; } li, tr, .cr-passage { break-inside: avoid; }
  mark, sup, .cr-symbol { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .cr-passage { line-height: 1.95; }
}
"""


def handout_html(
    transcript: Any,
    reading: Sequence[tuple[str, str]] = (),
    *,
    title: str = "",
    name: str = "",
    missing_name: str = "No name is given.",
    marks: Sequence[Mark] = (),
    passages: Sequence[Passage] = (),
    uncited: str = "",
    notes: Sequence[tuple[str, str]] = (),
    works_cited: Sequence[str] = (),
    paper: str | None = None,
) -> str:
    """The whole handout as one HTML page (see the module docstring).

    ``reading`` is ``(kind, text)`` blocks in order, ``kind`` being ``"heading"`` or
    ``"paragraph"``; ``title`` is the student's own (else "A reading of “<the text's title>”");
    ``missing_name`` is said, plainly, when ``name`` is empty; ``uncited`` is said where the
    passages would be when there are none; ``notes`` are ``(heading, text)``.
    """
    if paper is not None and paper not in PAPERS:
        raise ValueError(f"paper must be one of {sorted(PAPERS)} or None, not {paper!r}")
    size = f"@page {{ size: {PAPERS[paper]}; }}" if paper else ""
    heading = title or f"A reading of “{transcript.title or transcript.id}”"
    sections = [
        f"<h1>{escape(heading)}</h1>",
        _byline(transcript, name, missing_name, own_title=bool(title)),
        _reading(reading),
        _works(works_cited),
        _passages(transcript, passages, marks, uncited),
        _notes(notes),
    ]
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{escape(heading)}</title><style>{_CSS}{size}</style></head><body>"
        + "".join(s for s in sections if s)
        + "</body></html>\n"
    )


def _byline(transcript: Any, name: str, missing_name: str, own_title: bool) -> str:
    meta = getattr(transcript, "meta", {}) or {}
    about = [f"a reading of “{transcript.title}”"] if own_title and transcript.title else []
    about += [str(meta["publication"])] if meta.get("publication") else []
    about += [_day(str(meta["published"]))] if meta.get("published") else []
    line = f"<span class='cr-about'>{escape(', '.join(about))}</span>" if about else ""
    if name.strip():
        by = f"by {escape(name.strip())}" + (" · " if line else "")
        return f"<p class='cr-byline'>{by}{line}</p>"
    return f"<p class='cr-byline'>{line}</p><p class='cr-missing'>{escape(missing_name)}</p>"


def _day(iso: str) -> str:
    """``2013-01-24`` -> ``24 January 2013``; anything else as it is."""
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day} {day:%B %Y}"


_ITALIC = re.compile(r"\*(?=\S)([^*\n]+?)(?<=\S)\*")


def _prose(text: str) -> str:
    """``text`` escaped, with ``*words*`` in italics."""
    return _ITALIC.sub(r"<em>\1</em>", escape(text))


def _reading(reading: Sequence[tuple[str, str]]) -> str:
    blocks = [
        f"<h2 class='cr-part'>{_prose(text)}</h2>"
        if kind == "heading"
        else f"<p>{_prose(text)}</p>"
        for kind, text in reading
    ]
    return f"<div class='cr-reading'>{''.join(blocks)}</div>" if blocks else ""


def _works(works: Sequence[str]) -> str:
    if not works:
        return ""
    items = "".join(f"<li>{_prose(w)}</li>" for w in works)
    return f"<h2>Works cited</h2><ul class='cr-works'>{items}</ul>"


def _where(passage: Passage) -> str:
    numbers = passage.sentences
    if len(numbers) == 1:
        said = f"sentence {numbers[0]}"
    elif list(numbers) == list(range(numbers[0], numbers[-1] + 1)):
        said = f"sentences {numbers[0]}–{numbers[-1]}"
    else:
        said = "sentences " + ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"
    return f"Turn {passage.turn} · {passage.speaker} · {said}"


def _passages(
    transcript: Any, passages: Sequence[Passage], marks: Sequence[Mark], uncited: str
) -> str:
    head = "<h2>The passages cited, with my marks</h2>"
    if not passages:
        return head + (f"<p class='cr-aside'>{escape(uncited)}</p>" if uncited else "")
    text = transcript.text
    runs = [run for p in passages for run in p.runs]
    shown = [m for m in marks if any(m.start < e and s < m.end for s, e in runs)]
    blocks = []
    for passage in passages:
        pieces = [marked_html(text, s, e, shown) for s, e in passage.runs]
        body = " <span class='cr-gap'>[…]</span> ".join(pieces)
        blocks.append(
            f"<p class='cr-passage'><span class='cr-where'>{escape(_where(passage))}</span>"
            f"{body}</p>"
        )
    left = len(marks) - len(shown)
    verb = "is" if left == 1 else "are"
    aside = (
        f"<p class='cr-aside'>{plural(left, 'more mark')}, on passages the reading does not "
        f"cite, {verb} left out.</p>"
        if left
        else ""
    )
    return head + legend_html(shown) + "".join(blocks) + marks_notes_html(text, shown) + aside


def _notes(notes: Sequence[tuple[str, str]]) -> str:
    if not notes:
        return ""
    items = [f"<h3>{escape(h)}</h3><p class='cr-note'>{escape(t)}</p>" for h, t in notes]
    return "<h2>Notes</h2>" + "".join(items)
