"""Small read-only views for notebooks: the facts about an interview, and its turns numbered.

Each view is plain data with two renderings: text (``repr``, what a terminal or a static viewer
shows, and what nbval compares) and escaped HTML (what JupyterLab shows).

>>> from closereading import load_interview
>>> print(repr(numbered_turns(load_interview())).splitlines()[:2])
['Turn 1 · Saunders (interviewer)', '  Do you believe that additional sanctions would be helpful?']
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from html import escape

from closereading.base.strings import one_line
from closereading.text.transcript import Transcript

__all__ = ["TextView", "about", "numbered_turns"]


@dataclass(frozen=True)
class TextView:
    """Something to show in a notebook: the same content as text and as (escaped) HTML."""

    text: str
    html: str

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        return self.html


def about(transcript: Transcript) -> TextView:
    """Who, when, where: the header facts of a transcript."""
    meta = transcript.meta
    rows = [("Title", transcript.title)]
    for key, label in (
        ("publication", "Publication"),
        ("published", "Published"),
        ("conducted", "Conducted"),
        ("topic", "Topic"),
        ("region", "Region"),
    ):
        if meta.get(key):
            rows.append((label, meta[key]))
    for speaker in transcript.speakers:
        who = f"{speaker.role}" + (f" — {speaker.description}" if speaker.description else "")
        rows.append((f"Speaker: {speaker.label}", who))
    if meta.get("excerpt"):
        rows.append(("Note", meta["excerpt"]))
    width = max(len(k) for k, _ in rows)
    text = "\n".join(
        textwrap.fill(f"{k.ljust(width)}  {v}", 96, subsequent_indent=" " * (width + 2))
        for k, v in rows
    )
    html = (
        "<table class='closereading-about'>"
        + "".join(
            f"<tr><th style='text-align:left;vertical-align:top'>{escape(k)}</th>"
            f"<td style='text-align:left'>{escape(v)}</td></tr>"
            for k, v in rows
        )
        + "</table>"
    )
    return TextView(text, html)


def numbered_turns(transcript: Transcript, width: int = 92) -> TextView:
    """Every turn, numbered from 1, with its speaker and role, wrapped for reading."""
    blocks, items = [], []
    for turn in transcript.turns:
        heading = f"Turn {turn.index + 1} · {turn.speaker} ({turn.role})"
        body = textwrap.fill(
            one_line(turn.text), width, initial_indent="  ", subsequent_indent="  "
        )
        blocks.append(f"{heading}\n{body}")
        items.append(
            f"<li value='{turn.index + 1}' style='margin-bottom:0.6em'>"
            f"<strong>{escape(turn.speaker)}</strong> <em>({escape(turn.role)})</em>: "
            f"{escape(one_line(turn.text))}</li>"
        )
    html = (
        "<ol class='closereading-turns' style='max-width:52em;line-height:1.5'>"
        + "".join(items)
        + "</ol>"
    )
    return TextView("\n\n".join(blocks), html)
