"""Notebook 07's handout, gathered from a student's files: the pieces
:func:`closereading.course.writing.export_handout` hands to
:func:`closereading.views.handout.handout_html`.

- **The name** is the first line of the note ``handout-name`` (the box in section 6 of notebook
  07; not a lesson note, so the evidence board leaves it out).
- **The reading** is the scaffold's parts in order, turned into prose (:func:`reading_blocks`):
  a blank line starts a new paragraph, each interpretation continues its evidence's paragraph,
  a line ``# Title`` at the very start gives the reading its title and a line ``## Heading``
  anywhere starts a section of the student's own.
- **The passages** are the sentences the reading cites, ``(turn 4, sentence 5)`` as the evidence
  board writes it, or quotes, “in no way” (:func:`cited_passages`).
- **The marks** are the student's highlights (04), answer codes (05) and referents (06), read
  without changing a file; one that cannot be read is left out with a warning.
- **Notes** from the earlier lessons only as the student asks, under the question they answer.

>>> blocks = reading_blocks([("# Doors\\n\\nPeskov refuses.", False), ("“in no way”", False),
...                          ("Boosters close.\\n\\nA second point.", True)])
>>> blocks[0], blocks[1]
('Doors', [('paragraph', 'Peskov refuses.'), ('paragraph', '“in no way” Boosters close.'), ('paragraph', 'A second point.')])
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from closereading.annotation.notes import load_note, note_path, shown_note_path
from closereading.base.paths import ROOT, annotation_path, display_path
from closereading.base.strings import one_line
from closereading.base.warnings import CloseReadingWarning
from closereading.text.transcript import Transcript
from closereading.views.handout import Passage
from closereading.views.marks import Mark, code_marks, move_marks, referent_marks

__all__ = [
    "NAME_NOTE",
    "cited_passages",
    "missing_name",
    "note_heading",
    "private_notes",
    "reading_blocks",
    "student_marks",
    "student_name",
]

#: The note that holds the name the handout is by.
NAME_NOTE = "handout-name"
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_CITATION = re.compile(
    r"\bturn\s+(\d+)\s*(?:\([^()]*\))?\s*,?\s*sentences?\s+(\d+)"
    r"(?:\s*(?:[–—-]|to|and)\s*(\d+))?",
    re.IGNORECASE,
)
_WHOLE_TURN = re.compile(r"\(\s*turn\s+(\d+)\s*(?:\([^()]*\))?\s*\)", re.IGNORECASE)
_QUOTED = re.compile(r"“([^“”]+)”|\"([^\"]+)\"")
_ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:…|\.\s*\.\s*\.)\s*\]|…|\.\s*\.\s*\.)\s*")
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " ", "\n": " "})


def student_name() -> str:
    """The name on the handout ("" if none): the first line of the note "Your name" in notebook
    07; else the name given once in notebook 00 (:mod:`closereading.base.student`), never the
    placeholder "student" and never a hub's user name, which is an account, not a name."""
    for line in load_note(NAME_NOTE).splitlines():
        if line.strip(" #\t"):
            return one_line(line.strip(" #\t"))
    from closereading.base.student import given_name

    return given_name()


def missing_name() -> str:
    """What the handout says when it has no name, and how to give one."""
    return (
        "No name is given for this handout yet. Write your name in the box “Your name” in "
        f"section 6 of notebook 07 (it is kept in {shown_note_path(NAME_NOTE)}), then export "
        "the handout again."
    )


def reading_blocks(texts: Iterable[tuple[str, bool]]) -> tuple[str, list[tuple[str, str]]]:
    """The reading's title ("" if none) and its ``("heading" | "paragraph", text)`` blocks.

    ``texts`` are the parts in order, each with whether it continues the paragraph before it
    (an interpretation continues its evidence). Lines of a paragraph are joined with spaces.
    """
    title = ""
    blocks: list[tuple[str, str]] = []
    lines: list[str] = []
    joined = False

    def close() -> None:
        nonlocal joined
        if lines:
            text = " ".join(lines)
            if joined and blocks and blocks[-1][0] == "paragraph":
                blocks[-1] = ("paragraph", f"{blocks[-1][1]} {text}")
            else:
                blocks.append(("paragraph", text))
            lines.clear()
        joined = False

    for text, continues in texts:
        if not text.strip():
            continue
        close()
        joined = continues
        for line in text.strip().splitlines():
            heading = _HEADING.match(line)
            if heading and heading.group(2):
                close()
                if heading.group(1) == "#" and not blocks and not title:
                    title = heading.group(2)
                else:
                    blocks.append(("heading", heading.group(2)))
            elif line.strip():
                lines.append(line.strip())
            else:
                close()
    close()
    return title, blocks


def cited_passages(transcript: Transcript, reading: str) -> list[Passage]:
    """The sentences ``reading`` cites, by turn: each ``turn N, sentence M`` (or ``sentences
    M–K``) and each ``(turn N)``, and the sentence(s) of each quotation of two words or more
    found in a turn (where it occurs more than once, the cited occurrence, else the first)."""
    by_turn: dict[int, list[Any]] = {}
    for sentence in transcript.sentences:
        by_turn.setdefault(sentence.turn, []).append(sentence)
    chosen: set[tuple[int, int]] = set()  # (turn index, sentence number from 1)
    for match in _CITATION.finditer(reading):
        turn, first = int(match.group(1)) - 1, int(match.group(2))
        last = int(match.group(3) or first)
        count = len(by_turn.get(turn, ()))
        chosen.update((turn, n) for n in range(first, min(last, count) + 1) if n >= 1)
    for match in _WHOLE_TURN.finditer(reading):
        turn = int(match.group(1)) - 1
        chosen.update((turn, n) for n in range(1, len(by_turn.get(turn, ())) + 1))
    for quote in _QUOTED.finditer(reading):
        for fragment in _ELLIPSIS.split(quote.group(1) or quote.group(2)):
            chosen |= _quoted(transcript, by_turn, fragment, chosen)
    passages = []
    for turn in sorted({t for t, _ in chosen}):
        numbers = tuple(sorted(n for t, n in chosen if t == turn))
        sentences = by_turn[turn]
        runs: list[tuple[int, int]] = []
        for n in numbers:
            s = sentences[n - 1]
            if runs and n - 1 in numbers:
                runs[-1] = (runs[-1][0], s.end)
            else:
                runs.append((s.start, s.end))
        speaker = transcript.turns[turn].speaker
        passages.append(Passage(turn + 1, speaker, numbers, tuple(runs)))
    return passages


def _fold(text: str) -> str:
    folded = text.translate(_FOLD)
    lower = folded.lower()
    return lower if len(lower) == len(folded) else folded


def _quoted(
    transcript: Transcript, by_turn: dict[int, list[Any]], quote: str, chosen: set[tuple[int, int]]
) -> set[tuple[int, int]]:
    """The sentences of one quotation's occurrence: one already cited if any, else the first."""
    words = " ".join(_fold(quote).split())
    if len(words.split()) < 2:
        return set()
    found = []
    for turn in transcript.turns:
        text = _fold(transcript.text[turn.start : turn.end])
        at = text.find(words)
        while at >= 0:
            start, end = turn.start + at, turn.start + at + len(words)
            found.append(
                {
                    (turn.index, n)
                    for n, s in enumerate(by_turn.get(turn.index, ()), 1)
                    if s.start < end and start < s.end
                }
            )
            at = text.find(words, at + 1)
    cited = [f for f in found if f and f <= chosen]
    return set() if cited else (found[0] if found else set())


def student_marks(author: str, transcript: Transcript) -> list[Mark]:
    """``author``'s highlights, answer codes and referents as marks, read without changing any
    file. A file that cannot be read is left out, with a :class:`CloseReadingWarning` naming
    it and how to repair it."""
    from closereading.annotation import code_store
    from closereading.annotation.model import AnnotationSet
    from closereading.annotation.pronouns import PronounAssignments, pronoun_path
    from closereading.annotation.records import AnnotationFileError

    marks: list[Mark] = []
    path = annotation_path(author)
    if path.exists():
        try:
            marks += move_marks(AnnotationSet.load(path, transcript, strict=False))
        except (AnnotationFileError, ValueError, OSError) as error:
            _left_out(path, "highlights", error)
    path = code_store.codes_path(author)
    if path.exists():
        try:
            marks += code_marks(code_store.load(path, transcript))
        except (code_store.CodeFileError, OSError) as error:
            _left_out(path, "answer codes", error)
    path = pronoun_path(author)
    if path.exists():
        try:
            marks += referent_marks(PronounAssignments.load(path, transcript).assignments())
        except (ValueError, OSError) as error:
            _left_out(path, "referents", error)
    return marks


def _left_out(path: Path, what: str, error: Exception) -> None:
    warnings.warn(
        f"The handout leaves out your {what}: {display_path(path)} could not be read ({error}). "
        f"Run `closereading recover {display_path(path)}` to repair it, then export again.",
        CloseReadingWarning,
        stacklevel=3,
    )


def private_notes(names: Sequence[str], reading: Iterable[str]) -> list[tuple[str, str]]:
    """The notes ``names`` (as in ``work/notes/``), each under the question it answers. Raises
    ValueError for a note that is part of the reading, or empty, or not written."""
    kept = set(reading) | {NAME_NOTE}
    found = []
    for name in dict.fromkeys(names):
        if name in kept:
            raise ValueError(
                f"{name!r} is part of the reading, which the handout prints already; leave it "
                "out of include_notes"
            )
        text = load_note(name).strip() if note_path(name).exists() else ""
        if not text:
            raise ValueError(
                f"there is no note {name!r} to include ({shown_note_path(name)} is empty or "
                "missing); check the name against the files in work/notes/"
            )
        found.append((note_heading(name), text))
    return found


def note_heading(name: str) -> str:
    """A note's heading for a reader: its lesson and the prompt it answers, from the notebook
    that asks it (its name's words when no notebook asks it)."""
    lesson, _, rest = name.partition("-")
    prompt = _prompts().get(name) or rest.replace("-", " ").capitalize()
    return f"Lesson {lesson}: {prompt}" if lesson.isdigit() else prompt


@lru_cache(maxsize=1)
def _prompts() -> dict[str, str]:
    """Each note box's prompt, by note name, from the course's notebooks."""
    box = re.compile(r"NoteBox\(\s*\"([a-z0-9-]+)\"\s*,\s*prompt=\"((?:[^\"\\]|\\.)*)\"")
    found: dict[str, str] = {}
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        try:
            cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        except (OSError, ValueError):
            continue
        for cell in cells:
            source = "".join(cell.get("source", ())) if cell.get("cell_type") == "code" else ""
            for name, prompt in box.findall(source):
                found.setdefault(name, prompt.replace('\\"', '"').rstrip(" .…"))
    return found
