"""``closereading recover FILE``: show what a damaged highlights file, its backup and its recovered
file hold, then merge them into a good file (the damaged one is kept aside, renamed).

The work is :mod:`closereading.annotation.recovery`'s; this module only reads the transcript and
says what happened, so the command and the highlighter's own recovery do the same thing.
"""

from __future__ import annotations

from pathlib import Path

from closereading.annotation.recovery import RecoveryResult, Source, inspect, recover
from closereading.annotation.taxonomy import load_moves
from closereading.base.paths import display_path
from closereading.text.transcript import Transcript, load_interview, load_transcript

__all__ = ["describe", "run"]


def describe(sources: list[Source]) -> list[str]:
    """One line per place highlights can be, saying what it holds."""
    return [f"  {display_path(s.path)} — {s.describe()}" for s in sources]


def run(
    path: str | Path, transcript: str | Path | None = None, dry_run: bool = False
) -> tuple[list[str], RecoveryResult | None]:
    """Show the three sources of ``path`` and (unless ``dry_run``) merge them into ``path``.

    Returns the lines to print and the result (None for a dry run).
    """
    path = Path(path)
    text: Transcript = load_transcript(transcript) if transcript else load_interview()
    moves = load_moves()
    lines = [f"Highlights for {display_path(path)} can be in three places:"]
    lines += describe(inspect(path, text, moves))
    if dry_run:
        lines.append("Nothing was changed (--dry-run). Run again without it to merge them.")
        return lines, None
    result = recover(path, text, moves)
    lines.append(result.message())
    lines.append(f"Open the highlighter again: it reads {display_path(result.path)}.")
    return lines, result
