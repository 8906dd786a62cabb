"""The key-word-in-context explorer: type a word or phrase, see every line it occurs in, pick a
line to read its whole turn.

>>> kwic = KWICExplorer(query="diplomacy")
>>> len(kwic.lines), kwic.selected
(2, 0)
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from html import escape
from typing import Any, cast

import ipywidgets as widgets
from traitlets import Bool, Int, TraitError, Unicode, observe, validate

from closereading.analysis.concordance import KWICLine, Sort, kwic
from closereading.base.strings import one_line
from closereading.text.transcript import Transcript, load_interview
from closereading.views.concordance import kwic_html
from closereading.views.display import TextView
from closereading.widgets._controls import ALL_SPEAKERS, SORTS, choose_speaker
from closereading.widgets._fallback import with_fallback

__all__ = ["KWICExplorer"]


_STYLE = (
    "<style>.closereading-kwic-lines select{font-family:var(--jp-code-font-family,"
    "monospace);font-size:12px;white-space:pre}</style>"
)


class KWICExplorer(widgets.VBox):
    """Type a word or phrase, see every line it occurs in; pick a line to read its whole turn.

    :attr:`lines` holds the current :class:`closereading.analysis.concordance.KWICLine` records,
    :attr:`selected` the index of the chosen line (``-1`` when there is none) and
    :meth:`turn_text` the turn it comes from with the keyword marked ``**like this**``.
    """

    query = Unicode("sanctions")
    sort = Unicode("position")
    speaker = Unicode(ALL_SPEAKERS)
    stem = Bool(False)
    width = Int(40)
    selected = Int(-1)

    def __init__(self, transcript: Transcript | None = None, **state: Any):
        self._ready = False  # no searching until every setting is in place
        self.transcript = transcript if transcript is not None else load_interview()
        self.choices = [ALL_SPEAKERS] + [s.label for s in self.transcript.speakers]
        self.lines: tuple[KWICLine, ...] = ()
        self.problem = ""
        self._query_box = widgets.Text(
            description="Word(s)", placeholder="e.g. we, concern*", continuous_update=False
        )
        self._sort_box = widgets.Dropdown(
            options=[(label, key) for key, label in SORTS.items()], description="Sort by"
        )
        self._speaker_box = widgets.Dropdown(options=self.choices, description="Speaker")
        self._stem_box = widgets.Checkbox(description="All forms (stem)", indent=False)
        self._status = widgets.HTML()
        self._list = widgets.Select(
            options=[],
            rows=8,
            description="Lines",
            layout=widgets.Layout(width="100%", max_width="980px"),
        )
        self._list.add_class("closereading-kwic-lines")
        self._turn = widgets.HTML(layout=widgets.Layout(max_width="980px"))
        super().__init__(
            children=[
                widgets.HBox([self._query_box, self._stem_box]),
                widgets.HBox([self._sort_box, self._speaker_box]),
                self._status,
                self._list,
                self._turn,
            ]
        )
        with self.hold_trait_notifications():
            for name, value in state.items():
                if name not in ("query", "sort", "speaker", "stem", "width"):
                    raise TypeError(
                        f"KWICExplorer has no setting {name!r}; use query, sort, "
                        "speaker, stem or width"
                    )
                setattr(self, name, value)
        for name, box in (
            ("query", self._query_box),
            ("sort", self._sort_box),
            ("speaker", self._speaker_box),
            ("stem", self._stem_box),
        ):
            widgets.link((self, name), (box, "value"))
        # The list's index is None when nothing is chosen; ours is -1, so sync by hand.
        self._list.observe(self._list_picked, names=["index"])
        self._ready = True
        self._search()

    def _list_picked(self, change) -> None:
        self.selected = -1 if change["new"] is None else change["new"]

    @validate("speaker")
    def _valid_speaker(self, proposal):
        return choose_speaker(getattr(self, "choices", None), proposal["value"])

    @validate("sort")
    def _valid_sort(self, proposal):
        if proposal["value"] not in SORTS:
            raise TraitError(f"sort must be one of {list(SORTS)}, not {proposal['value']!r}")
        return proposal["value"]

    @validate("selected")
    def _valid_selected(self, proposal):
        value = proposal["value"]
        if value is None:
            return -1
        return value if -1 <= value < len(getattr(self, "lines", ())) else -1

    @observe("query", "sort", "speaker", "stem", "width")
    def _changed(self, change) -> None:
        if getattr(self, "_ready", False):
            self._search()

    @observe("selected")
    def _selected_changed(self, change) -> None:
        if getattr(self, "_ready", False):
            index = None if self.selected < 0 else self.selected
            if self._list.index != index:
                self._list.index = index
            self._turn.value = self.turn_html()

    # --- plain data ---------------------------------------------------------------------------

    def select(self, number: int) -> None:
        """Choose a line by its number as displayed (from 1)."""
        self.selected = number - 1

    def settings(self) -> str:
        who = "all speakers" if self.speaker == ALL_SPEAKERS else self.speaker
        forms = ", all forms" if self.stem else ""
        return f"{self.query!r}{forms}, {who}, sorted by {SORTS[self.sort]}"

    def line_labels(self) -> list[str]:
        """The lines as aligned text, numbered from 1, as the list shows them."""
        who = max((len(line.speaker) for line in self.lines), default=0)
        labels = []
        for i, line in enumerate(self.lines, start=1):
            # Two spaces set the keyword apart, except where the text itself has no space.
            left = one_line(line.left) + ("  " if line.space_before else "")
            right = ("  " if line.space_after else "") + one_line(line.right)
            labels.append(
                f"{i:>2}. {line.speaker:<{who}} turn {line.turn + 1} | "
                f"{left:>{self.width + 2}}{one_line(line.keyword)}{right}".rstrip()
            )
        return labels

    def turn_text(self) -> str:
        """The selected line's whole turn, its keyword between ``**``; ``""`` if none.

        (Not brackets: the interview has its own, in ``[state-to-state]``.)"""
        if self.selected < 0:
            return ""
        line = self.lines[self.selected]
        turn = self.transcript.turns[line.turn]
        text = self.transcript.text
        marked = (
            text[turn.start : line.start]
            + "**"
            + text[line.start : line.end]
            + "**"
            + text[line.end : turn.end]
        )
        return f"Turn {line.turn + 1} · {line.speaker}: " + " ".join(marked.split())

    def turn_html(self) -> str:
        if self.selected < 0:
            return (
                "" if self.problem else "<p><em>Pick a line above to read its whole turn.</em></p>"
            )
        line = self.lines[self.selected]
        turn = self.transcript.turns[line.turn]
        text = self.transcript.text

        def flat(s: str) -> str:  # white space (non-breaking too) collapsed, not trimmed
            return escape(re.sub(r"\s+", " ", s))

        before = flat(text[turn.start : line.start])
        after = flat(text[line.end : turn.end])
        return (
            f"<div style='border-left:4px solid #0072B2;padding:0.3em 0.8em;"
            f"line-height:1.5'><strong>Turn {line.turn + 1} · {escape(line.speaker)}"
            f"</strong> (line {self.selected + 1})<br>{before}"
            f"<mark style='font-weight:bold'>{flat(text[line.start : line.end])}</mark>"
            f"{after}</div>"
        )

    # --- searching ----------------------------------------------------------------------------

    def _search(self) -> None:
        self.problem = ""
        found: Sequence[KWICLine]
        try:
            found = kwic(
                self.transcript,
                self.query,
                width=self.width,
                by="stem" if self.stem else None,
                sort=cast(Sort, self.sort),  # checked by _valid_sort
                speaker=None if self.speaker == ALL_SPEAKERS else self.speaker,
            )
        except ValueError:
            found = []
            self.problem = "Type a word or a phrase (letters or digits) to search for."
        self.lines = tuple(found)
        count = len(self.lines)
        if self.problem:
            status = self.problem
        elif count:
            status = f"{count} line{'s' if count != 1 else ''} for {self.settings()}."
        else:
            status = (
                f"No lines for {self.settings()}. Try another form of the word, "
                "a * at the end (concern*), or 'All forms'."
            )
        self._status.value = _STYLE + f"<p>{escape(status)}</p>"
        self.selected = -1
        self._list.options = list(zip(self.line_labels(), range(count)))
        self._list.rows = max(2, min(10, count))
        self.selected = 0 if count else -1
        self._turn.value = self.turn_html()

    # --- fallbacks ----------------------------------------------------------------------------

    def snapshot(self) -> TextView:
        """What the explorer shows now (the lines, and the chosen line's turn) as text and HTML.
        Unlike the widget, it does not change when the settings do."""
        return TextView(repr(self), self._repr_html_fallback())

    def __repr__(self) -> str:
        count = len(self.lines)
        head = f"KWIC explorer: {self.settings()} — {count} line{'s' if count != 1 else ''}"
        if self.problem:
            return f"{head}\n{self.problem}"
        parts = [head, *self.line_labels()]
        if self.selected >= 0:
            parts.append(f"Line {self.selected + 1} in its turn:")
            parts.append(
                textwrap.fill(self.turn_text(), 96, initial_indent="  ", subsequent_indent="  ")
            )
        return "\n".join(parts)

    def _repr_html_fallback(self) -> str:
        head = (
            f"<p><strong>KWIC explorer</strong> (run the notebook to search): "
            f"{escape(self.settings())}</p>"
        )
        return head + kwic_html(self.lines) + self.turn_html()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return with_fallback(
            widgets.VBox._repr_mimebundle_(self, **kwargs), repr(self), self._repr_html_fallback()
        )
