"""Notebook 07: the reading, written in a claim–evidence–interpretation scaffold, and the handout.

The scaffold is a series of note boxes (``work/notes/07-claim.md``, ``07-evidence-1.md`` ...),
so every part is saved as it is typed. :class:`ReadingDraft` reads them back in order, counts the
words, says what the draft still lacks (600 to 900 words; a claim; evidence that quotes and cites
the text; an interpretation for each piece of evidence; the limits, which are required) and saves
the whole reading to ``work/reading/<author>.md``. :func:`export_handout` writes the printable
handout to ``work/handout-<author>.html``. Both files go through
:func:`closereading.base.files.atomic_write`.

>>> draft = ReadingDraft({"07-claim": "Peskov closes doors.", "07-limits": ""})
>>> draft.words
3
>>> print(draft.problems()[0])
The reading has 3 words; aim for 600 to 900 (the parts above the limits carry the argument).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from closereading.analysis.prose import read_prose
from closereading.annotation.notes import load_note
from closereading.base.files import atomic_write
from closereading.base.paths import display_path, safe_name, work_dir
from closereading.base.strings import plural
from closereading.base.student import author_or_name
from closereading.text.transcript import Transcript, load_interview
from closereading.views.display import TextView

__all__ = [
    "LIMIT_TOPICS",
    "PARTS",
    "PROMPTS",
    "WORDS",
    "ReadingDraft",
    "export_handout",
    "interview_citation",
]

#: The scaffold's parts: note name and heading, in the order of the reading.
PARTS: tuple[tuple[str, str], ...] = (
    ("07-claim", "Claim"),
    ("07-context", "Context"),
    *(
        pair
        for n in (1, 2, 3)
        for pair in (
            (f"07-evidence-{n}", f"Evidence {n}"),
            (f"07-interpretation-{n}", f"Interpretation {n}"),
        )
    ),
    ("07-limits", "Limits"),
    ("07-conclusion", "Conclusion"),
)
#: The length the reading aims at, in words.
WORDS = (600, 900)
#: What a limits section often speaks to (suggestions: the check reads length and language, not
#: these words, because a real limit can be put in many ways).
LIMIT_TOPICS: tuple[str, ...] = (
    "the text is an edited excerpt",
    "whose English it is (second language or interpretation)",
    "the text is very short",
    "the labels and codes are one reader's",
)
#: The prompt each part's note box shows (notebook 07); a part that copies it says nothing new.
PROMPTS: dict[str, str] = {
    "07-claim": "My claim, in one or two sentences, and what text it is about ...",
    "07-context": "The context my claim needs: the interview, January 2013, the law on NGOs ...",
    **{f"07-evidence-{n}": "“quotation” (turn N, sentence M) ..." for n in (1, 2, 3)},
    "07-interpretation-1": (
        "What the words do, which word does the work, the other reading and why mine ..."
    ),
    "07-interpretation-2": "What evidence 2 shows, and how ...",
    "07-interpretation-3": "What evidence 3 shows, and how ...",
    "07-limits": "What my evidence cannot show, and why the claim still holds ...",
    "07-conclusion": "The claim again, and what to look for next ...",
}
_QUOTE = re.compile(r"[“\"‘'][^“”\"]{3,}[”\"’']")
_CITED = re.compile(r"\bturns?\s+\d+", re.IGNORECASE)


class ReadingDraft:
    """The reading as it stands in the scaffold's notes (or in ``parts``, for tests)."""

    def __init__(self, parts: dict[str, str] | None = None, works: str | None = None) -> None:
        names = [name for name, _ in PARTS]
        self.parts = (
            {n: (parts or {}).get(n, "") for n in names}
            if parts is not None
            else {n: load_note(n) for n in names}
        )
        self.works = (
            works if works is not None else (load_note("07-works-cited") if parts is None else "")
        )

    @property
    def words(self) -> int:
        return sum(len(text.split()) for text in self.parts.values())

    def sections(self) -> list[tuple[str, str]]:
        """``(heading, text)`` for every part that holds text, in order."""
        return [(h, self.parts[n].strip()) for n, h in PARTS if self.parts[n].strip()]

    def works_cited(self, transcript: Transcript | None = None) -> list[str]:
        own = [line.strip(" -*•\t") for line in self.works.splitlines() if line.strip(" -*•\t")]
        return [interview_citation(transcript or load_interview()), *own]

    def problems(self) -> list[str]:
        """What the draft still lacks, most important first; empty when every check passes.

        The checks are of form, never of judgement: the length; a claim that is a sentence, not a
        topic; evidence that quotes and cites the text, each followed by an interpretation; the
        limits written out; and every part readable English in the writer's own words
        (:func:`closereading.analysis.prose.read_prose`: lorem ipsum, a heap of words or a
        copy of the part's prompt are named). Whether the reading is right, no check can say."""
        found = []
        low, high = WORDS
        if not low <= self.words <= high:
            found.append(
                f"The reading has {plural(self.words, 'word')}; aim for {low} to {high} (the "
                "parts above the limits carry the argument)."
            )
        claim = self.parts["07-claim"]
        if not claim.strip():
            found.append(
                "State your claim: one or two sentences that evidence could support or weaken."
            )
        elif read_prose(claim, PROMPTS["07-claim"], min_words=6).problems:
            found.append(
                "Claim: "
                + "; ".join(read_prose(claim, PROMPTS["07-claim"], min_words=6).problems)
                + ". A claim is a sentence that evidence could support or weaken, not a topic."
            )
        evidence = [n for n in (1, 2, 3) if self.parts[f"07-evidence-{n}"].strip()]
        if not evidence:
            found.append(
                "Evidence: quote at least one passage and cite it (turn N, sentence M); copy "
                "the citation from the board."
            )
        for n in evidence:
            quoted, meaning = self.parts[f"07-evidence-{n}"], self.parts[f"07-interpretation-{n}"]
            if not (_QUOTE.search(quoted) and _CITED.search(quoted)):
                found.append(
                    f"Evidence {n}: quote the words and give the turn (copy the citation from the board)."
                )
            if not meaning.strip():
                found.append(
                    f"Interpretation {n}: say what evidence {n} shows, and how it bears on the claim."
                )
        for name, heading in PARTS:
            if name == "07-claim" or name.startswith("07-evidence") or not self.parts[name].strip():
                continue
            reading = read_prose(self.parts[name], PROMPTS[name])
            if reading.problems:
                found.append(f"{heading}: " + "; ".join(reading.problems) + ".")
        found.extend(self._limit_problems())
        return found

    def _limit_problems(self) -> list[str]:
        if len(self.parts["07-limits"].split()) < 40:
            return [
                "The limits are required: at least 40 words on what this evidence cannot show "
                "(for example: " + "; ".join(LIMIT_TOPICS) + ")."
            ]
        return []

    def prose(self) -> tuple[str, list[tuple[str, str]]]:
        """The reading as it is handed in: the student's own title ("" if none) and
        ``("heading" | "paragraph", text)`` blocks, each interpretation joined to its evidence
        (:func:`closereading.course.handout.reading_blocks`); the scaffold's part names are for
        drafting and appear nowhere."""
        from closereading.course.handout import reading_blocks

        return reading_blocks((self.parts[n], n.startswith("07-interpretation-")) for n, _ in PARTS)

    def text(self, title: str = "My reading") -> str:
        """The reading as Markdown: the student's title (else ``title``), their own headings and
        paragraphs, and the works cited."""
        own_title, blocks = self.prose()
        body = [f"# {own_title or title}"]
        body += [f"## {t}" if kind == "heading" else t for kind, t in blocks]
        works = self.works_cited()
        body.append("## Works cited\n\n" + "\n".join(f"- {w}" for w in works))
        return "\n\n".join(body) + "\n"

    def save(self, author: str = "student") -> Path:
        """Write the reading to ``work/reading/<author>.md`` (atomically, keeping a ``.bak``)."""
        path = work_dir() / "reading" / f"{safe_name(author_or_name(author))}.md"
        return atomic_write(path, self.text(), backup=True)

    def view(self) -> TextView:
        from html import escape

        lines = [
            f"The reading so far: {plural(self.words, 'word')} in {plural(len(self.sections()), 'part')}."
        ]
        problems = self.problems()
        lines += [f"  ✗ {p}" for p in problems] or [
            f"  ✓ Checked: {WORDS[0]} to {WORDS[1]} words; a claim; each piece of evidence quoted, "
            "cited and interpreted; the limits written; every part in readable English of your "
            "own.",
            "  Not checked, because no program can: whether the claim is true of the text, whether "
            "the evidence is the strongest, whether the interpretation convinces. That is for "
            "you, and your reader, to judge.",
        ]
        items = "".join(f"<li>{escape(line.strip())}</li>" for line in lines[1:])
        return TextView("\n".join(lines), f"<p>{escape(lines[0])}</p><ul>{items}</ul>")

    def __repr__(self) -> str:
        return self.view().text

    def _repr_html_(self) -> str:
        return self.view().html


def interview_citation(transcript: Transcript) -> str:
    """The transcript as an entry in works cited, from its header."""
    meta = transcript.meta
    people = " and ".join(s.description.split(",")[0] for s in transcript.speakers if s.description)
    bits = [f"{people}." if people else "", f"“{transcript.title}”." if transcript.title else ""]
    bits += [f"{meta['publication']}," if meta.get("publication") else ""]
    bits += [f"published {meta['published']}." if meta.get("published") else ""]
    bits += [str(meta.get("source", ""))]
    return " ".join(b for b in bits if b).strip()


def export_handout(
    author: str = "student",
    transcript: Transcript | None = None,
    paper: str | None = None,
    path: str | Path | None = None,
    include_notes: Sequence[str] = (),
) -> Path:
    """Write ``author``'s handout to ``work/handout-<author>.html`` (or ``path``) and return
    where: the reading as prose, by the name in the note ``handout-name``, its works cited, and the
    passages it cites with the student's highlights, codes and referents marked
    (:mod:`closereading.course.handout`). Notes of earlier lessons only as named in
    ``include_notes`` (``["06-agency"]``); ``paper`` is ``"A4"``, ``"Letter"`` or None (either)."""
    from closereading.course import handout
    from closereading.views.handout import handout_html

    transcript = transcript or load_interview()
    author = author_or_name(author)  # "student": the name given once, in notebook 00
    draft = ReadingDraft()
    names = [name for name, _ in PARTS]
    title, blocks = draft.prose()
    name = handout.student_name()
    page = handout_html(
        transcript,
        blocks,
        title=title,
        name=name,
        missing_name=handout.missing_name(),
        marks=handout.student_marks(author, transcript),
        passages=handout.cited_passages(transcript, "\n\n".join(draft.parts.values())),
        uncited=_UNCITED,
        notes=handout.private_notes(include_notes, [*names, "07-works-cited"]),
        works_cited=draft.works_cited(transcript),
        paper=paper,
    )
    target = Path(path) if path is not None else work_dir() / f"handout-{safe_name(author)}.html"
    return atomic_write(target, page, backup=True)


_UNCITED = (
    "The reading cites no sentence of the text yet. Cite as the evidence board does, "
    "“words” (turn N, sentence M), and the passages you cite appear here with your marks."
)


def shown(path: Path) -> str:
    """``path`` as the notebook prints it."""
    return display_path(path)
