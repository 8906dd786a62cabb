"""The "Share with my class" switch every saved widget that holds a reading has: what the reader
is told about the last change sent to the class service (see
:mod:`closereading.annotation.sharing`)."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

from closereading.annotation.sharing import Entry

__all__ = ["class_heatmap", "read_reading", "share_text"]


def share_text(entry: Entry | None) -> str:
    """One sentence: whether the reading is shared, and whether and when its last change
    reached the class.

    >>> from closereading.annotation.sharing import Entry
    >>> share_text(Entry("highlights", True, 2, {}, "x", 2, "2026-12-07T10:15:02Z"))
    'Shared with your class: the last change reached it at 10:15:02 UTC.'
    """
    if entry is None:
        return "Not shared with your class."
    when = entry.sent[11:19] + " UTC" if len(entry.sent) >= 19 else entry.sent
    if entry.problem.startswith("refused"):
        return f"Not shared: {entry.problem}."
    if not entry.share:
        if entry.pending:
            return "Withdrawing from your class: waiting for the class service."
        return f"Not shared with your class (withdrawn at {when})."
    if entry.pending:
        reason = f" ({entry.problem})" if entry.problem else ""
        return f"Shared with your class: the last change is waiting to be sent{reason}."
    return f"Shared with your class: the last change reached it at {when}."


def read_reading(path: Path | None) -> dict[str, Any] | None:
    """The widget's file as JSON (None when there is no file yet)."""
    if path is None or not Path(path).is_file():
        return None
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else None


def class_heatmap(revealed: dict[str, Any]) -> Any:
    """The class heat maps the instructor revealed (:meth:`Sharing.revealed`), drawn here from
    their numbers by the class report's own heat map, as a view with a text fallback; a
    sentence when there is none to show."""
    from closereading.analysis.agreement import WordCount
    from closereading.annotation.taxonomy import load_moves
    from closereading.text.transcript import load_interview
    from closereading.views.display import TextView
    from closereading.views.heatmap import heatmap_view

    if not revealed:
        said = (
            "No class heat map to show: your instructor has not revealed one, or you have not "
            "shared a reading with that class yet."
        )
        return TextView(said, f"<p>{escape(said)}</p>")
    transcript = load_interview()
    labels = {m.id: m.label for m in load_moves()}
    start = transcript.turns[0].label_start if transcript.turns else 0
    texts, pages = [], []
    for klass, found in sorted(revealed.items()):
        if found.get("transcript") not in ("", transcript.id):
            continue  # another text's class
        counts = [WordCount(**c) for c in found.get("counts", [])]
        view = heatmap_view(counts, transcript.text, start=start, labels=labels,
                            sentence_of=found.get("sentences") or None)  # fmt: skip
        readers = int(found.get("readers", 0))
        head = f"The class {klass}: {readers} readers, no names"
        texts.append(f"{head}\n{view.text}")
        pages.append(f"<h4>{escape(head)}</h4>{view.html}")
    return TextView("\n\n".join(texts), "".join(pages))
