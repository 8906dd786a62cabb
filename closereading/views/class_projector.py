"""The projector view of the class report: the passages where the class splits, one to a screen,
in type large enough to read from the back of a room, with no student named.

A page of its own, as self-contained as the report (no script, nothing fetched). Each passage is
a section shown only when the address names it (CSS ``:target``), so the links "Next passage"
and "Previous passage", the keyboard (Tab, Enter) and the browser's Back button move through
them; the list of passages shows when the address names none. The readings are listed with
their counts; a note for each reading ("who would defend this?") and the reference reading are
behind ``<details>``, opened when the class is ready for them. Printed, each passage takes a
page.

The page is drawn from passages and :class:`~closereading.views.class_discussion.Side` records
only: it is never given a reader's name, and never shows one.

>>> from closereading.analysis.discussion import Passage
>>> p = Passage("split", 0, 9, "<we> do not", 0, 12, 9, (("hedge", 5), ("booster", 4)))
>>> page = projector_html("Class", [p], labels={"hedge": "Hedge"})
>>> 'id="p1"' in page, "&lt;we&gt; do not" in page, "<we>" in page
(True, True, False)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from closereading.views.class_discussion import Side, reading_label

__all__ = ["PROJECTOR_CSS", "projector_html"]

#: Body text is 28 px (at least 24 px at any zoom of 100 % or more); the quotation larger still.
PROJECTOR_CSS = """
html { font-size: 28px; }
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #111;
       background: #fff; line-height: 1.35; }
header { padding: 0.3rem 1rem; border-bottom: 2px solid #111; }
header h1 { font-size: 1rem; margin: 0; }
main { max-width: 46rem; margin: 0 auto; padding: 0.4rem 1rem 1rem; }
h2 { font-size: 1.15rem; margin: 0.4rem 0; }
.slide { display: none; }
.slide:target { display: block; }
.slide:target ~ .cover { display: none; }
blockquote { font-size: 1.45rem; margin: 0.4rem 0; padding-left: 0.6rem;
             border-left: 0.3rem solid #0072B2; }
ul, ol { margin: 0.3rem 0; padding-left: 1.4rem; }
.small { font-size: 0.9rem; }
details { margin: 0.4rem 0; } summary { cursor: pointer; font-weight: 600; }
nav ul { list-style: none; padding: 0; display: flex; gap: 0.8rem; flex-wrap: wrap; }
nav a { display: inline-block; padding: 0.1rem 0.5rem; border: 2px solid #111; color: #111; }
a { color: #003f8a; }
a:focus, summary:focus { outline: 4px solid #000; outline-offset: 2px; }
@media print { html { font-size: 18pt; } .slide, .cover { display: block; break-after: page; }
  nav { display: none; } details > * { display: block; } }
"""


def projector_html(
    title: str,
    passages: Sequence[Any],
    sides: Mapping[tuple[int, int], Sequence[Side]] | None = None,
    labels: Mapping[str, str] | None = None,
) -> str:
    """The projector page for the split ``passages``; ``sides`` (a note for each reading, no
    reader named) by ``(start, end)``, when the students' notes were collected."""
    labels = labels or {}
    count = len(passages)
    slides = "".join(
        _slide(p, n, count, (sides or {}).get((p.start, p.end), ()), labels, sides is not None)
        for n, p in enumerate(passages, start=1)
    )
    page_title = escape(f"{title}: where the class splits")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8"><title>{page_title}</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">"
        f"<style>{PROJECTOR_CSS}</style></head>\n<body>\n<header><h1>{page_title}</h1></header>\n"
        f"<main>\n{slides}{_cover(passages)}\n</main>\n</body></html>\n"
    )


def _cover(passages: Sequence[Any]) -> str:
    if not passages:
        items = "<p>No passage split the class: no reading had two or more readers against it.</p>"
    else:
        links = "".join(
            f'<li><a href="#p{n}">Passage {n}</a>: turn {p.turn + 1}, '
            f"&ldquo;{escape(_shorter(p.quote, 60))}&rdquo;</li>"
            for n, p in enumerate(passages, start=1)
        )
        items = (
            "<p>Choose a passage, or start with the first; each screen links to the next.</p>"
            f'<nav aria-label="Passages"><ol>{links}</ol></nav>'
        )
    return (
        '<section class="cover" id="start" aria-labelledby="start-h">'
        f'<h2 id="start-h">{len(passages)} passages where the class splits</h2>{items}</section>'
    )


def _shorter(text: str, limit: int) -> str:
    """``text`` on one line, cut between words to at most about ``limit`` characters."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0]
    return (cut or flat[:limit]) + " …"


def _slide(
    p: Any, n: int, count: int, found: Sequence[Side], labels: Mapping[str, str], notes: bool
) -> str:
    readings = "".join(
        f"<li><strong>{escape(reading_label(value, labels))}</strong>: {_readers(k)}</li>"
        for value, k in p.readings
    )
    why = ""
    if not getattr(p, "adds_up", True):
        why = (
            '<p class="small">The counts add up to more than the readers who marked the '
            "passage: a reader who gave different words of it different readings is counted "
            "under each.</p>"
        )
    reference = ", ".join(labels.get(m, m) for m in p.reference) or "not marked"
    links = [f'<li><a href="#p{n - 1}">Previous passage</a></li>'] if n > 1 else []
    if n < count:
        links.append(f'<li><a href="#p{n + 1}">Next passage</a></li>')
    links.append('<li><a href="#start">All passages</a></li>')
    return (
        f'<section class="slide" id="p{n}" aria-labelledby="p{n}-h">'
        f'<h2 id="p{n}-h">Passage {n} of {count}, turn {p.turn + 1}</h2>'
        f"<blockquote>{escape(' '.join(p.quote.split()))}</blockquote>"
        f"<p>Marked by {p.marked} of {p.readers} readers. Their readings:</p>"
        f"<ul>{readings}</ul>{why}{_defend(found, labels, notes)}"
        f"<details><summary>The reference reading</summary><p>{escape(reference)}</p></details>"
        f'<nav aria-label="Passage {n}"><ul>{"".join(links)}</ul></nav></section>'
    )


def _readers(k: int) -> str:
    return f"{k} reader" if k == 1 else f"{k} readers"


def _defend(found: Sequence[Side], labels: Mapping[str, str], notes: bool) -> str:
    """Each reading with a note by a reader who chose it; no name is ever given here."""
    if not notes:
        return ""
    items = "".join(
        f"<li><strong>{escape(reading_label(s.reading, labels))}</strong>: "
        + (
            f"<q>{escape(_shorter(s.note.note, 280))}</q>"
            if s.note is not None
            else "no note from a reader who chose it."
        )
        + "</li>"
        for s in found
    )
    return (
        "<details><summary>Who would defend each reading?</summary>"
        f'<p class="small">A note by a reader who chose each reading, unnamed.</p><ul>{items}</ul>'
        "</details>"
    )
