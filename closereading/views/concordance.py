"""Concordance tables: KWIC lines shown as aligned text (like NLTK's ``print_concordance``) and
as an escaped HTML table.

:func:`closereading.analysis.concordance.kwic` finds the lines; :func:`concordance` is the thin
notebook wrapper that finds and shows them, as NLTK's ``concordance`` wraps
``concordance_list``. ``kwic``, ``KWICLine`` and ``word_positions`` are re-exported here so a
notebook needs one import.

The keywords stand in one column. Punctuation written against a keyword stays against it
(``NGOs.``, not ``NGOs .``): the display never puts a space where the text has none.

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
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, overload

from closereading.analysis.concordance import By, KWICLine, Sort, kwic, word_positions
from closereading.base.strings import one_line

if TYPE_CHECKING:
    from closereading.text.transcript import Transcript

__all__ = ["KWICLine", "KWICTable", "concordance", "kwic", "kwic_html", "word_positions"]


def _attached(line: KWICLine) -> tuple[str, str, str, str]:
    """``(before, touching the keyword on its left, ... on its right, after)``: the context
    split where the text has no white space next to the keyword."""
    left, right = one_line(line.left), one_line(line.right)
    head = tail = ""
    if not line.space_before:
        left, _, head = left.rpartition(" ")
    if not line.space_after:
        tail, _, right = right.partition(" ")
    return left, head, tail, right


def kwic_html(lines: Sequence[KWICLine], caption: str | None = None, show_turn: bool = True) -> str:
    """An HTML table of KWIC lines; every string, speaker labels included, is escaped.

    Punctuation written against the keyword shares its cell, with no space between them.

    >>> line = KWICLine("a <b>", "c&d", "e", "<Q>", 0, 0, 3)
    >>> "&lt;Q&gt;" in kwic_html([line]) and "<Q>" not in kwic_html([line])
    True
    >>> ngos = KWICLine("Russia's", "NGOs", ". We", "Q", 0, 9, 13, space_after=False)
    >>> "<strong>NGOs</strong>.</td>" in kwic_html([ngos])
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
        before, left_on, right_on, after = _attached(line)
        keyword = f"{esc(left_on)}<strong>{esc(one_line(line.keyword))}</strong>{esc(right_on)}"
        cells = [f"<td>{esc(line.speaker)}</td>"]
        if show_turn:
            cells.append(f'<td style="text-align:right">{line.turn + 1}</td>')
        cells += [
            f'<td style="text-align:right">{esc(before)}</td>',
            f'<td style="text-align:center">{keyword}</td>',
            f'<td style="text-align:left">{esc(after)}</td>',
        ]
        out.append(f"<tr>{''.join(cells)}</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _text_lines(lines: Sequence[KWICLine], width: int) -> list[str]:
    """Keywords in one column, two spaces from their context unless the text has none."""
    lines = list(lines)  # build lazy lines once, not once per pass
    who = max((len(line.speaker) for line in lines), default=0)
    turn = max((len(str(line.turn + 1)) for line in lines), default=1)
    out = []
    for line in lines:
        left = one_line(line.left) + ("  " if line.space_before else "")
        right = ("  " if line.space_after else "") + one_line(line.right)
        out.append(
            f"{line.speaker:<{who}} {line.turn + 1:>{turn}} | {left:>{width + 2}}"
            f"{one_line(line.keyword)}{right}".rstrip()
        )
    return out


_ADD_HELP = (
    "A concordance table can only be added to another table of the same transcript "
    "(concordance(interview, 'concern') + concordance(interview, 'concerns')), not to {kind}. "
    "To find several forms at once, search once with a wildcard or by stem: "
    "concordance(interview, 'concern*') or concordance(interview, 'concern', by='stem')."
)


@dataclass(frozen=True)
class KWICTable(Sequence[KWICLine]):
    """KWIC lines for a notebook: HTML in JupyterLab, aligned text anywhere else.

    It is a sequence of :class:`KWICLine`; ``repr`` is deterministic, so notebook outputs can be
    checked by nbval. Two tables of one transcript add up to one table of both queries' lines
    in text order, each keyword span once.

    >>> import closereading
    >>> interview = closereading.load_interview()
    >>> table = concordance(interview, "diplomacy")
    >>> len(table), table[0].speaker
    (2, 'Peskov')
    >>> both = concordance(interview, "concern") + concordance(interview, "concerns")
    >>> both.queries, [line.keyword for line in both]
    (('concern', 'concerns'), ['concerns', 'concern', 'concern', 'concerns', 'concerns'])
    """

    query: str
    lines: Sequence[KWICLine]
    width: int = 40
    #: The queries of tables added to this one (``table + other``), after ``query``.
    added: tuple[str, ...] = ()
    transcript: Transcript | None = field(default=None, repr=False, compare=False)

    @property
    def queries(self) -> tuple[str, ...]:
        """Every query whose lines the table holds."""
        return (self.query, *self.added)

    def __len__(self) -> int:
        return len(self.lines)

    @overload
    def __getitem__(self, item: int) -> KWICLine: ...

    @overload
    def __getitem__(self, item: slice) -> Sequence[KWICLine]: ...

    def __getitem__(self, item: int | slice) -> KWICLine | Sequence[KWICLine]:
        return self.lines[item]

    def __iter__(self) -> Iterator[KWICLine]:
        return iter(self.lines)

    def __add__(self, other: Any) -> KWICTable:
        if not isinstance(other, KWICTable):
            raise TypeError(_ADD_HELP.format(kind=f"a {type(other).__name__}"))
        if self.transcript is not other.transcript:
            raise TypeError(_ADD_HELP.format(kind="a table of another transcript"))
        seen = {(line.start, line.end): line for line in other.lines}
        seen.update({(line.start, line.end): line for line in self.lines})
        lines = tuple(seen[span] for span in sorted(seen))
        added = (*self.added, *other.queries)
        return KWICTable(self.query, lines, max(self.width, other.width), added, self.transcript)

    def __radd__(self, other: Any) -> KWICTable:
        raise TypeError(_ADD_HELP.format(kind=f"a {type(other).__name__}"))

    def speakers(self) -> Counter[str]:
        """How many lines each speaker has."""
        return Counter(line.speaker for line in self.lines)

    def _caption(self) -> str:
        count = len(self.lines)
        queries = " + ".join(map(repr, self.queries))
        return f"KWIC for {queries}: {count} line{'s' if count != 1 else ''}"

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
    lines = kwic(transcript, query, width=width, by=by, sort=sort, speaker=speaker)
    return KWICTable(query, lines, width, transcript=transcript)
