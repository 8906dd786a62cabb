"""A choice table for notebook 06: each pronoun in its context, a referent to choose, a note.

One row per pronoun: the turn and speaker, the pronoun in a few words of context, a drop-down
list of referents (:data:`closereading.annotation.pronouns.REFERENTS`) and a box for a note. The
front end (``static/pronoun_table.js``) uses the browser's own lists and text boxes, inside an
element that tells JupyterLab to leave keys alone, so the table works from the keyboard as well as
the mouse: Tab moves from control to control, the arrow keys (or the first letter of a referent)
choose, Enter in a note saves it. Every change is saved at once to ``work/pronouns/<author>.json``
(:class:`~closereading.annotation.pronouns.PronounAssignments`).

The Python side is the source of truth: :meth:`PronounTable.assign` does what a choice in the
browser does, so the table can be driven and tested without one. Where widgets cannot run, the
output shows the same table as text and escaped HTML.

>>> import closereading, tempfile, pathlib
>>> table = PronounTable(closereading.load_interview(),
...                      path=pathlib.Path(tempfile.mkdtemp()) / "ana.json")
>>> table.assign(1, "government")
>>> table.rows[0]["referent"], table.store.referent_of(table.markers[0].start)
('government', 'government')
>>> repr(table).split(";")[0]
"Pronoun table for 'peskov-2013': 14 pronouns, 1 given a referent"
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from closereading.analysis.positioning import Marker, pronouns
from closereading.annotation.pronouns import REFERENTS, PronounAssignments, label
from closereading.base.paths import display_path
from closereading.base.strings import plural
from closereading.text.transcript import Transcript, load_interview
from closereading.widgets._fallback import with_fallback
from closereading.widgets._frontend import STATIC as _STATIC
from closereading.widgets._frontend import module
from closereading.widgets._protocol import serve

__all__ = ["PronounTable"]

#: The messages that change the reader's file (the page reads them from the ``edits`` trait).
EDITS = frozenset({"assign", "note"})


class PronounTable(anywidget.AnyWidget):
    """Assign a referent to each pronoun of ``groups`` (default: "we", "us", "our" ...)."""

    _esm = module("pronoun_table")
    _css = _STATIC / "pronoun_table.css"
    rows = traitlets.List(traitlets.Dict()).tag(sync=True)
    referents: traitlets.List[list[str]] = traitlets.List().tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)
    edits = traitlets.List(traitlets.Unicode(), sorted(EDITS), read_only=True).tag(sync=True)

    def __init__(
        self,
        transcript: Transcript | None = None,
        author: str = "student",
        groups: tuple[str, ...] = ("first-person plural",),
        path: str | Path | None = None,
    ) -> None:
        super().__init__()
        self.transcript = transcript if transcript is not None else load_interview()
        self.store = PronounAssignments(self.transcript, author=author, path=path)
        self.markers: list[Marker] = [m for m in pronouns(self.transcript) if m.group in groups]
        self.referents = [list(pair) for pair in REFERENTS]
        self.writes = 0  # successful saves, so that the page is told when a change is on disk
        self._sync()
        self._show_status()
        self.on_msg(self._handle_message)

    # --- changes (the browser's and Python's alike) -----------------------------------------

    def assign(self, number: int, referent: str, note: str | None = None) -> None:
        """Choose ``referent`` (an id, or "" to clear) for pronoun ``number`` (from 1)."""
        if not 1 <= number <= len(self.markers):
            raise IndexError(
                f"there is no pronoun {number}; the table has 1 to {len(self.markers)}"
            )
        marker = self.markers[number - 1]
        try:
            if referent:
                self.store.assign(marker.start, referent, note)
            else:
                self.store.clear(marker.start)
            if self.store.save_path is not None:
                self.writes += 1
            what = label(referent) if referent else "unassigned"
            self._show_status(f"Saved: pronoun {number} is now {what}.")
        except OSError as error:
            self._show_status(f"Not saved: {error.strerror or error}.")
        self._sync()

    def note(self, number: int, text: str) -> None:
        """Write the note of pronoun ``number``; kept once the pronoun has a referent."""
        current = self.rows[number - 1]["referent"]
        if current:
            self.assign(number, current, text)
        else:
            self._show_status(
                f"Choose a referent for pronoun {number} first; then its note is kept."
            )

    def _handle_message(self, _widget: Any, content: Any, _buffers: Any = None) -> None:
        serve(self, content, self._run, lambda: self.writes)

    def _run(self, kind: Any, content: Any) -> bool:
        number = content.get("number") if isinstance(content, dict) else None
        if not isinstance(number, int) or not 1 <= number <= len(self.markers):
            return False
        if kind == "assign" and isinstance(content.get("referent"), str):
            self.assign(number, content["referent"])
        elif kind == "note" and isinstance(content.get("note"), str):
            self.note(number, content["note"])
        else:
            return False
        return True

    def _sync(self) -> None:
        rows = []
        for number, marker in enumerate(self.markers, 1):
            item = self.store.get(marker.start)
            rows.append(
                {
                    "number": number,
                    "turn": marker.turn + 1,
                    "speaker": marker.speaker,
                    "left": marker.left,
                    "word": marker.text,
                    "right": marker.right,
                    "referent": item.referent if item else "",
                    "note": item.note if item else "",
                }
            )
        self.rows = rows

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
        self.status = " ".join(p for p in parts if p)

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
        bundle = super()._repr_mimebundle_(**kwargs)
        return with_fallback(bundle, "\n".join(lines), html)


def _context_html(marker: Marker) -> str:
    return (
        f"<span><small>turn {marker.turn + 1} · {escape(marker.speaker)}</small> … "
        f"{escape(marker.left)} <strong><u>{escape(marker.text)}</u></strong> "
        f"{escape(marker.right)} …</span>"
    )
