"""The evidence board of notebook 07, as a widget: everything the student made in lessons 04 to 07
with its citation, readable labels and, for an answer code, the question it answers; a Pin button
on each item chooses it as evidence for the reading, Unpin takes it back. Buttons are the
browser's own, so the mouse and the keyboard (Tab, then Enter or Space) both work; a long note or
justification opens in full on request (a disclosure). Pins are saved at once to
``work/evidence/<author>.json`` through the one store for student files; running the notebook
again pins nothing twice.

The data is :class:`closereading.annotation.evidence.Board`'s; Python is the source of truth:

>>> import closereading, tempfile, os                                 # doctest: +SKIP
>>> board = EvidenceBoard(closereading.load_interview(), author="ana")  # doctest: +SKIP
>>> board.pin_count("Peskov's negations", 9, "notebook 06")             # doctest: +SKIP
"""

from __future__ import annotations

from html import escape
from typing import Any

import traitlets

from closereading.annotation.evidence import Board, Evidence
from closereading.base.strings import shorten
from closereading.base.workfile import WorkFileError
from closereading.text.transcript import Transcript, load_interview

from ._frontend import STATIC as _STATIC
from ._frontend import module
from ._saved import SavedWidget

__all__ = ["EvidenceBoard"]

#: How much of a note or justification a row shows before "show all".
SHORT = 90


class EvidenceBoard(Board, SavedWidget):
    """One student's evidence, with what they pin for their reading (see the module)."""

    _esm = module("evidence_board")
    _css = _STATIC / "evidence_board.css"
    EDITS = frozenset({"pin", "unpin"})
    EXPECTED = (KeyError, ValueError, WorkFileError, OSError)
    NAME = "The evidence board"

    rows: traitlets.List[dict[str, Any]] = traitlets.List().tag(sync=True)

    def __init__(self, transcript: Transcript | None = None, author: str = "student") -> None:
        Board.__init__(self, transcript if transcript is not None else load_interview(), author)
        SavedWidget.__init__(self)
        self._show()

    def writes(self) -> int:
        return self.file.writes

    # --- changes ----------------------------------------------------------------------------

    def pin(self, item_id: str) -> Evidence:
        found = Board.pin(self, item_id)
        self._show(f"Pinned {found.kind} “{shorten(found.label, 40)}” for the reading.")
        return found

    def unpin(self, pin_id: str) -> None:
        Board.unpin(self, pin_id)
        self._show("Unpinned.")

    def pin_line(self, line: Any, note: str = "") -> Evidence:
        found = Board.pin_line(self, line, note)
        self._show()
        return found

    def pin_count(self, label: str, value: Any, source: str, note: str = "") -> Evidence:
        found = Board.pin_count(self, label, value, source, note)
        self._show()
        return found

    def on_pin(self, content: dict[str, Any]) -> None:
        self.pin(str(content.get("id")))

    def on_unpin(self, content: dict[str, Any]) -> None:
        self.unpin(str(content.get("id")))

    # --- what is shown ----------------------------------------------------------------------

    def board_rows(self, items: list[Evidence] | None = None) -> list[dict[str, Any]]:
        """Each item (read now if not given) as the page draws it: pinned ones first, each with
        its pin's id."""
        refs = self.pinned_refs()
        rows = []
        for item in self.items() if items is None else items:
            pin = item.id if item.kind in ("concordance line", "count") else refs.get(item.id, "")
            rows.append(
                {
                    "id": item.id,
                    "kind": item.kind,
                    "label": item.label,
                    "citation": str(item.citation) if item.citation else "",
                    "about": item.about,
                    "detail": item.detail,
                    "short": shorten(item.detail, SHORT),
                    "pin": pin,
                }
            )
        return sorted(rows, key=lambda r: not r["pin"])

    def _show(self, message: str = "") -> None:
        items = self.items()  # each student file read once for the rows and the summary
        self.rows = self.board_rows(items)
        self.status = " ".join(p for p in (message, self.summary(items)) if p)

    def static_text(self) -> str:
        items = self.items()
        lines = [self.summary(items)]
        for row in self.board_rows(items):
            mark = "[pinned] " if row["pin"] else ""
            where = f" — {row['citation']}" if row["citation"] else ""
            about = f" (on {row['about']})" if row["about"] else ""
            lines.append(f"{mark}{row['kind']}: {row['label']}{about}{where}")
            if row["detail"]:
                lines.append(f"      {row['short']}")
        return "\n".join(lines)

    def static_html(self) -> str:
        items = self.items()
        cells = []
        for row in self.board_rows(items):
            about = f"<br><small>on {escape(row['about'])}</small>" if row["about"] else ""
            cells.append(
                f"<tr><td>{'pinned' if row['pin'] else ''}</td><td>{escape(row['kind'])}</td>"
                f"<td>{escape(row['label'])}{about}</td><td>{escape(row['citation'] or '—')}</td>"
                f"<td>{escape(row['short'])}</td></tr>"
            )
        head = "".join(
            f"<th scope='col'>{h}</th>" for h in ("", "kind", "what", "where", "your words")
        )
        table = f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(cells)}</tbody></table>"
        return f"<p>{escape(self.summary(items))}</p>" + (table if cells else "")

    def __repr__(self) -> str:
        return self.static_text()

    def _repr_html_(self) -> str:
        return self.static_html()
