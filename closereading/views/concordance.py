"""Concordance tables: KWIC lines shown as aligned text (like NLTK's ``print_concordance``) and
as an escaped HTML table.

:func:`closereading.analysis.concordance.kwic` finds the lines; :func:`concordance` is the thin
notebook wrapper that finds and shows them, as NLTK's ``concordance`` wraps
``concordance_list``. ``kwic``, ``KWICLine`` and ``word_positions`` are re-exported here so a
notebook needs one import.

>>> import closereading
>>> print(concordance(closereading.load_interview(), "diplomacy", width=30))
KWIC for 'diplomacy': 2 lines
Peskov 2 |    a good way or the best way.  Diplomacy  is preferable, and we have to
Peskov 2 |  enough to use the capacity of  diplomacy  100 percent. We are hoping for
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from closereading.analysis.concordance import By, KWICLine, Sort, kwic, word_positions
from closereading.base.strings import one_line

if TYPE_CHECKING:
    from closereading.text.transcript import Transcript

__all__ = ["KWICLine", "KWICTable", "concordance", "kwic", "kwic_html", "word_positions"]


def kwic_html(lines: Sequence[KWICLine], caption: str | None = None, show_turn: bool = True) -> str:
    """An HTML table of KWIC lines; every string, speaker labels included, is escaped.

    >>> line = KWICLine("a <b>", "c&d", "e", "<Q>", 0, 0, 3)
    >>> "&lt;Q&gt;" in kwic_html([line]) and "<Q>" not in kwic_html([line])
    True
    """
    esc = html.escape
    head = ['<th scope="col">Speaker</th>']
    if show_turn:
        head.append('<th scope="col">Turn</th>')
    head += [
        '<th scope="col" style="text-align:right">Before</th>',
        '<th scope="col" style="text-align:center">Keyword</th>',
        '<th scope="col" style="text-align:left">After</th>',
    ]
    out = ['<table class="closereading-kwic">']
    if caption is not None:
        out.append(f"<caption>{esc(caption)}</caption>")
    out.append(f"<thead><tr>{''.join(head)}</tr></thead>")
    out.append("<tbody>")
    for line in lines:
        cells = [f"<td>{esc(line.speaker)}</td>"]
        if show_turn:
            cells.append(f'<td style="text-align:right">{line.turn + 1}</td>')
        cells += [
            f'<td style="text-align:right">{esc(one_line(line.left))}</td>',
            f'<td style="text-align:center"><strong>{esc(one_line(line.keyword))}</strong></td>',
            f'<td style="text-align:left">{esc(one_line(line.right))}</td>',
        ]
        out.append(f"<tr>{''.join(cells)}</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _text_lines(lines: Sequence[KWICLine], width: int) -> list[str]:
    who = max((len(line.speaker) for line in lines), default=0)
    turn = max((len(str(line.turn + 1)) for line in lines), default=1)
    return [
        f"{line.speaker:<{who}} {line.turn + 1:>{turn}} | {one_line(line.left):>{width}}  "
        f"{one_line(line.keyword)}  {one_line(line.right)}".rstrip()
        for line in lines
    ]


@dataclass(frozen=True)
class KWICTable(Sequence):
    """KWIC lines for a notebook: HTML in JupyterLab, aligned text anywhere else.

    It is a sequence of :class:`KWICLine`; ``repr`` is deterministic, so notebook outputs can be
    checked by nbval.

    >>> import closereading
    >>> table = concordance(closereading.load_interview(), "diplomacy")
    >>> len(table), table[0].speaker
    (2, 'Peskov')
    """

    query: str
    lines: tuple[KWICLine, ...]
    width: int = 40

    def __len__(self) -> int:
        return len(self.lines)

    def __getitem__(self, item):
        return self.lines[item]

    def __iter__(self) -> Iterator[KWICLine]:
        return iter(self.lines)

    def speakers(self) -> Counter:
        """How many lines each speaker has."""
        return Counter(line.speaker for line in self.lines)

    def _caption(self) -> str:
        count = len(self.lines)
        return f"KWIC for {self.query!r}: {count} line{'s' if count != 1 else ''}"

    def to_text(self) -> str:
        """Aligned plain text: keywords in one column, like NLTK's ``print_concordance``."""
        if not self.lines:
            return self._caption() + " (no matches)"
        return "\n".join([self._caption(), *_text_lines(self.lines, self.width)])

    def to_html(self) -> str:
        """The lines as an escaped HTML table, captioned with the query and the count."""
        return kwic_html(self.lines, caption=self._caption())

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        return self.to_text()

    __str__ = __repr__


def concordance(
    transcript: Transcript,
    query: str,
    width: int = 40,
    by: By | None = None,
    sort: Sort = "position",
    speaker: str | None = None,
) -> KWICTable:
    """:func:`kwic` wrapped in a :class:`KWICTable`, for showing in a notebook."""
    return KWICTable(
        query, tuple(kwic(transcript, query, width=width, by=by, sort=sort, speaker=speaker)), width
    )
