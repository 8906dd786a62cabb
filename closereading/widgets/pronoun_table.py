"""A choice table for notebook 06: each pronoun in its context, a referent to choose, a note.

One row per pronoun: the turn and speaker, the pronoun in a few words of context, a drop-down
list of referents (:data:`closereading.annotation.pronouns.REFERENTS`) and a box for a note.
Drop-down lists and text boxes are the browser's own controls, so the table works from the
keyboard as well as the mouse: Tab moves from control to control, the arrow keys (or the first
letter of a referent) choose, Enter in a note saves it. Every change is saved at once to
``work/pronouns/<author>.json`` (:class:`~closereading.annotation.pronouns.PronounAssignments`).

The Python side is the source of truth: :meth:`PronounTable.assign` does what a choice in the
browser does, so the table can be driven and tested without one. Where widgets cannot run, the
output shows the same table as text and escaped HTML.

>>> import closereading, tempfile, pathlib
>>> table = PronounTable(closereading.load_interview(),
...                      path=pathlib.Path(tempfile.mkdtemp()) / "ana.json")
>>> table.assign(1, "government")
>>> table.store.referent_of(table.markers[0].start)
'government'
>>> repr(table).split(";")[0]
"Pronoun table for 'peskov-2013': 14 pronouns, 1 given a referent"
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from closereading.analysis.positioning import Marker, pronouns
from closereading.annotation.pronouns import REFERENTS, PronounAssignments, label
from closereading.base.paths import display_path
from closereading.base.strings import plural
from closereading.text.transcript import Transcript, load_interview
from closereading.widgets._fallback import with_fallback

__all__ = ["PronounTable"]

_CHOOSE = ("— choose —", "")


class PronounTable(widgets.VBox):
    """Assign a referent to each pronoun of ``groups`` (default: "we", "us", "our" ...)."""

    def __init__(
        self,
        transcript: Transcript | None = None,
        author: str = "student",
        groups: tuple[str, ...] = ("first-person plural",),
        path: str | Path | None = None,
    ) -> None:
        self.transcript = transcript if transcript is not None else load_interview()
        self.store = PronounAssignments(self.transcript, author=author, path=path)
        self.markers: list[Marker] = [m for m in pronouns(self.transcript) if m.group in groups]
        self._choices: list[widgets.Dropdown] = []
        self._notes: list[widgets.Text] = []
        self._status = widgets.HTML()
        rows = [self._row(number, marker) for number, marker in enumerate(self.markers, 1)]
        super().__init__(children=[*rows, self._status])
        self.add_class("closereading-pronouns")
        self._show_status()

    def _row(self, number: int, marker: Marker) -> widgets.HBox:
        item = self.store.get(marker.start)
        choice = widgets.Dropdown(
            options=[_CHOOSE, *((name, ident) for ident, name in REFERENTS)],
            value=item.referent if item else "",
            description=f"{number}.",
            layout=widgets.Layout(width="20rem"),
            style={"description_width": "2.2rem"},
        )
        choice.add_class(f"cr-pronoun-{number}")
        note = widgets.Text(
            value=item.note if item else "",
            placeholder="note (optional)",
            continuous_update=False,
            layout=widgets.Layout(width="16rem"),
        )
        note.add_class(f"cr-pronoun-note-{number}")
        choice.observe(lambda change: self._chosen(number, change["new"]), names="value")
        note.observe(lambda change: self._noted(number, change["new"]), names="value")
        self._choices.append(choice)
        self._notes.append(note)
        context = widgets.HTML(_context_html(marker), layout=widgets.Layout(width="30rem"))
        return widgets.HBox([context, choice, note])

    # --- changes (the browser's and Python's alike) -----------------------------------------

    def assign(self, number: int, referent: str, note: str | None = None) -> None:
        """Choose ``referent`` (an id, or "" to clear) for pronoun ``number`` (from 1)."""
        if not 1 <= number <= len(self.markers):
            raise IndexError(
                f"there is no pronoun {number}; the table has 1 to {len(self.markers)}"
            )
        if note is not None:
            self._notes[number - 1].value = note
        self._choices[number - 1].value = referent  # saves through _chosen

    def _chosen(self, number: int, referent: str) -> None:
        marker = self.markers[number - 1]
        try:
            if referent:
                self.store.assign(marker.start, referent, self._notes[number - 1].value)
            else:
                self.store.clear(marker.start)
            self._show_status(f"Saved: pronoun {number} is now {label(referent) or 'unassigned'}.")
        except OSError as error:
            self._show_status(f"Not saved: {error.strerror or error}.")

    def _noted(self, number: int, note: str) -> None:
        referent = self._choices[number - 1].value
        if referent:
            self._chosen(number, referent)

    # --- what is shown ----------------------------------------------------------------------

    def _summary(self) -> str:
        done = sum(1 for m in self.markers if self.store.referent_of(m.start))
        where = (
            f"saved in {display_path(self.store.save_path)}"
            if self.store.save_path
            else "not saved (see the message)"
        )
        return (
            f"Pronoun table for {self.transcript.id!r}: {plural(len(self.markers), 'pronoun')}, "
            f"{done} given a referent; {where}"
        )

    def _show_status(self, message: str = "") -> None:
        parts = [self.store.problem, message, self._summary()]
        if self.store.orphans:
            parts.append(
                f"{plural(len(self.store.orphans), 'saved assignment')} no longer match the text "
                "and are kept in the file."
            )
        self._status.value = "<small role='status'>" + escape(" ".join(p for p in parts if p))
        self._status.value += "</small>"

    def __repr__(self) -> str:
        return self._summary()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        lines = [self._summary()]
        cells = []
        for number, marker in enumerate(self.markers, 1):
            chosen = label(self.store.referent_of(marker.start) or "") or "—"
            lines.append(
                f"{number:>2}. turn {marker.turn + 1} · {marker.speaker}: … {marker.left} "
                f"[{marker.text}] {marker.right} … → {chosen}"
            )
            cells.append(
                f"<tr><td>{number}</td><td>{_context_html(marker)}</td>"
                f"<td>{escape(chosen)}</td></tr>"
            )
        html = (
            f"<p>{escape(self._summary())} (run the notebook to choose).</p><table>"
            "<tr><th>#</th><th>pronoun in context</th><th>referent</th></tr>"
            + "".join(cells)
            + "</table>"
        )
        bundle = widgets.VBox._repr_mimebundle_(self, **kwargs)
        return with_fallback(bundle, "\n".join(lines), html)


def _context_html(marker: Marker) -> str:
    return (
        f"<span><small>turn {marker.turn + 1} · {escape(marker.speaker)}</small> … "
        f"{escape(marker.left)} <strong><u>{escape(marker.text)}</u></strong> "
        f"{escape(marker.right)} …</span>"
    )
