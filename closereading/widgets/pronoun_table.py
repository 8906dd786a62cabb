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

import traitlets

from closereading.analysis.positioning import Marker, pronouns
from closereading.annotation.pronouns import REFERENTS, PronounAssignments, label
from closereading.base.paths import display_path
from closereading.base.strings import plural
from closereading.text.transcript import Transcript, load_interview
from closereading.widgets._frontend import STATIC as _STATIC
from closereading.widgets._frontend import module
from closereading.widgets._saved import SavedWidget, whole

__all__ = ["PronounTable"]


class PronounTable(SavedWidget):
    """Assign a referent to each pronoun of ``groups`` (default: "we", "us", "our" ...)."""

    _esm = module("pronoun_table")
    _css = _STATIC / "pronoun_table.css"
    EDITS = frozenset({"assign", "note"})
    EXPECTED = (OSError, ValueError, IndexError)
    NAME = "The pronoun table"
    SHARE_KIND = "pronouns"
    rows = traitlets.List(traitlets.Dict()).tag(sync=True)
    referents: traitlets.List[list[str]] = traitlets.List().tag(sync=True)

    def shared_file(self) -> Path | None:
        return self.store.save_path

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
        #: Notes written before their pronoun has a referent: shown, saved with the referent.
        self._pending: dict[int, str] = {}
        self._sync()
        self._show_status()

    # --- changes (the browser's and Python's alike) -----------------------------------------

    def assign(self, number: int, referent: str, note: str | None = None) -> None:
        """Choose ``referent`` (an id, or "" to clear) for pronoun ``number`` (from 1)."""
        if not 1 <= number <= len(self.markers):
            raise IndexError(
                f"there is no pronoun {number}; the table has 1 to {len(self.markers)}"
            )
        marker = self.markers[number - 1]
        if note is None and referent:
            note = self._pending.pop(number, None)
        try:
            if referent:
                self.store.assign(marker.start, referent, note)
            else:
                self.store.clear(marker.start)
            what = label(referent) if referent else "unassigned"
            merged = self.store.file.save_message() if self.store.file else ""
            self._show_status(f"Saved: pronoun {number} is now {what}. {merged}".strip())
        except OSError as error:
            self._show_status(f"Not saved: {error.strerror or error}.")
        self._sync()

    def note(self, number: int, text: str) -> None:
        """Write the note of pronoun ``number``; kept once the pronoun has a referent."""
        current = self.rows[number - 1]["referent"]
        if current:
            self.assign(number, current, text)
            return
        self._pending[number] = text
        self._show_status(
            f"The note on pronoun {number} is kept here and saved as soon as you choose its "
            "referent."
        )
        self._sync()

    def writes(self) -> int:
        return self.store.writes

    # --- messages from the browser ----------------------------------------------------------

    def on_assign(self, content: dict[str, Any]) -> None:
        referent = content.get("referent")
        if not isinstance(referent, str):
            raise ValueError(f"a referent must be text, got {referent!r}")
        self.assign(self._number(content), referent)

    def on_note(self, content: dict[str, Any]) -> None:
        self.note(self._number(content), str(content.get("note", "")))

    def _number(self, content: dict[str, Any]) -> int:
        number = whole(content, "number")
        if not 1 <= number <= len(self.markers):
            raise IndexError(
                f"there is no pronoun {number}; the table has 1 to {len(self.markers)}"
            )
        return number

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
                    "note": item.note if item else self._pending.get(number, ""),
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
        parts = [self.store.problem, self.store.notice, message, self._summary()]
        if self.store.orphans:
            parts.append(
                f"{plural(len(self.store.orphans), 'saved assignment')} no longer match the text "
                "and are kept in the file."
            )
        self.status = " ".join(p for p in parts if p)

    def __repr__(self) -> str:
        return self._summary()

    def static_text(self) -> str:
        lines = [self._summary()]
        for number, marker in enumerate(self.markers, 1):
            lines.append(
                f"{number:>2}. turn {marker.turn + 1} · {marker.speaker}: … {marker.left} "
                f"[{marker.text}] {marker.right} … → {self._chosen(marker)}"
            )
        return "\n".join(lines)

    def static_html(self) -> str:
        cells = [
            f"<tr><td>{number}</td><td>{_context_html(marker)}</td>"
            f"<td>{escape(self._chosen(marker))}</td></tr>"
            for number, marker in enumerate(self.markers, 1)
        ]
        return (
            f"<p>{escape(self._summary())} (run the notebook to choose).</p><table>"
            "<tr><th>#</th><th>pronoun in context</th><th>referent</th></tr>"
            + "".join(cells)
            + "</table>"
        )

    def _chosen(self, marker: Marker) -> str:
        return label(self.store.referent_of(marker.start) or "") or "—"


def _context_html(marker: Marker) -> str:
    return (
        f"<span><small>turn {marker.turn + 1} · {escape(marker.speaker)}</small> … "
        f"{escape(marker.left)} <strong><u>{escape(marker.text)}</u></strong> "
        f"{escape(marker.right)} …</span>"
    )
