"""Views of the rhetorical-move taxonomy for notebook 04: every move at a glance, one family in full.

Each view is a :class:`~closereading.views.display.TextView`: plain text (what a static viewer shows and
nbval compares) and escaped HTML (what JupyterLab shows). The content comes from
``data/moves.json`` through :func:`closereading.annotation.taxonomy.load_moves`, so the notebook never restates a
definition that the data could contradict.

Exercise 04's self-checks are not here: they join the other exercises' in
:mod:`closereading.course.checks` (``exercises.check("04-passage-1", ...)``).

>>> print(moves_table().text.splitlines()[1])
Metadiscourse  H       Hedge                     hedge                   1    wavy
>>> view = family_view("appeal")
>>> print(view.text.splitlines()[0])
Appeals
>>> "Article 2(7)" in view.text
True
"""

from __future__ import annotations

import textwrap
from html import escape

from closereading.annotation.taxonomy import Move, Taxonomy, load_moves
from closereading.views.display import TextView
from closereading.views.style import tint

__all__ = ["family_view", "moves_table"]

_WIDTH = 92


def _sample(move: Move, text: str) -> str:
    """``text`` drawn as the highlighter draws ``move``: its tint, its underline and its symbol."""
    mark = (
        f'<mark style="background-color: {tint(move.colour)}; color: inherit; padding: 0; '
        f"text-decoration: underline {move.marker} {move.colour}; "
        f'text-decoration-thickness: 2px; text-underline-offset: 3px">{escape(text)}</mark>'
    )
    chip = (
        f'<sup style="color: #000; background-color: {move.colour}; border-radius: 3px; '
        f'padding: 0 0.2em; margin-left: 1px; font-weight: bold">{escape(move.symbol)}</sup>'
    )
    return mark + chip


def moves_table(moves: Taxonomy | None = None) -> TextView:
    """Every move in one table: family, symbol, label, id (the name code uses), highlighter key
    and underline style."""
    moves = moves if moves is not None else load_moves()
    families = {f.id: f.label for f in moves.families}
    rows = []
    for family_id, members in moves.by_family().items():
        for i, move in enumerate(members):
            rows.append((families[family_id] if i == 0 else "", move))
    header = ("Family", "Symbol", "Move", "Id", "Key", "Underline")
    cells = [(family, m.symbol, m.label, m.id, m.key, m.marker) for family, m in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    body = "".join(
        "<tr>"
        f"<th scope='row' style='text-align:left'>{escape(family)}</th>"
        f"<td style='text-align:left'>{_sample(m, m.label)}</td>"
        f"<td style='text-align:left'><code>{escape(m.id)}</code></td>"
        f"<td style='text-align:center'><kbd>{escape(m.key)}</kbd></td>"
        f"<td style='text-align:left'>{escape(m.marker)}</td>"
        "</tr>"
        for family, m in rows
    )
    html = (
        "<table class='closereading-moves' style='line-height:1.6'><thead><tr>"
        "<th style='text-align:left'>Family</th><th style='text-align:left'>Move, as the "
        "highlighter shows it</th><th style='text-align:left'>Id</th><th>Key</th><th style='text-align:left'>Underline</th>"
        "</tr></thead><tbody>" + body + "</tbody></table>"
    )
    return TextView("\n".join(lines), html)


def _wrap(text: str, indent: str, first: str | None = None) -> str:
    return textwrap.fill(
        " ".join(text.split()), _WIDTH, initial_indent=first or indent, subsequent_indent=indent
    )


def family_view(family_id: str, moves: Taxonomy | None = None) -> TextView:
    """One family in full: what it covers, its sources, and each move's definition, its examples
    from the interview and any note on how the course uses it.

    Raises ``KeyError`` naming the valid families for an unknown ``family_id``.
    """
    moves = moves if moves is not None else load_moves()
    family = moves.family(family_id)
    members = moves.by_family()[family.id]
    sources = list(dict.fromkeys(m.source for m in members))
    several = len(sources) > 1

    lines = [family.label, _wrap(family.description, "")]
    lines += [f"Source{'s' if several else ''}:"] + [_wrap(s, "    ", "  - ") for s in sources]
    for m in members:
        lines += [
            "",
            f"{m.symbol} · {m.label}  (id {m.id}, key {m.key}, {m.marker} underline)",
            _wrap(m.definition, "    "),
        ]
        for i, example in enumerate(m.examples):
            label = "In the interview: " if i == 0 else " " * 18
            lines.append(_wrap(f"“{example}”", "    " + " " * 18, "    " + label))
        if several:
            lines.append(_wrap(f"From: {m.framework}", "    "))
        if m.note:
            lines.append(_wrap(f"Note: {m.note}", "    "))

    def move_html(m: Move) -> str:
        examples = "".join(f"<li>“{escape(e)}”</li>" for e in m.examples)
        extra = (
            f"<p style='margin:0.2em 0'><em>From:</em> {escape(m.framework)}</p>" if several else ""
        )
        if m.note:
            extra += f"<p style='margin:0.2em 0'><em>Note:</em> {escape(m.note)}</p>"
        return (
            f"<div style='margin:0.8em 0 0.8em 0; padding-left:0.6em; "
            f"border-left:4px solid {m.colour}'>"
            f"<p style='margin:0 0 0.2em'><strong>{_sample(m, m.label)}</strong> "
            f"&nbsp;id <code>{escape(m.id)}</code>, key <kbd>{escape(m.key)}</kbd>, "
            f"{escape(m.marker)} underline</p>"
            f"<p style='margin:0.2em 0'>{escape(m.definition)}</p>"
            f"<p style='margin:0.2em 0'><em>In the interview:</em></p>"
            f"<ul style='margin:0.1em 0'>{examples}</ul>{extra}</div>"
        )

    html = (
        "<div class='closereading-family' style='max-width:52em; line-height:1.5'>"
        f"<p style='margin:0'><strong>{escape(family.label)}</strong>: "
        f"{escape(family.description)}</p>"
        f"<p style='margin:0.3em 0'><em>Source{'s' if several else ''}:</em> "
        + "<br>".join(escape(s) for s in sources)
        + "</p>"
        + "".join(move_html(m) for m in members)
        + "</div>"
    )
    return TextView("\n".join(lines), html)
