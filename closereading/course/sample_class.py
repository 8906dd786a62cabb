"""A sample class for trying the instructor's tools: 30 files made from the reference reading with
documented variations, written by a seeded generator so that anyone can make them again.

    python -m closereading.course.sample_class data/sample-class

- 16 students, each after one profile (:data:`PROFILES`): close to the reference, missing much of
  it, over-marking, mislabelling within a family, or reading some passages another way;
- ``older-text/``: 4 students who worked on an older version of the interview (:func:`older_text`),
  so their highlights must be re-anchored and two of their passages can no longer be found;
- ``codes/``: 4 of the students' answer codes for notebook 05;
- ``broken/``: 6 files that collect must skip, each for a different reason.

The same seed always writes the same bytes (a test checks the committed files against a fresh run).

>>> plan = class_plan()
>>> len(plan), plan[0][1]
(16, 'close')
"""

# Size: just over 300 lines; the profiles, the older text and the broken files are one recipe.

from __future__ import annotations

import dataclasses
import hashlib
import json
import random
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from closereading.annotation.anchoring import anchor
from closereading.annotation.highlight_store import SCHEMA
from closereading.annotation.taxonomy import load_moves
from closereading.base.files import atomic_write
from closereading.base.paths import REFERENCE_PATH
from closereading.text.records import Token
from closereading.text.transcript import Transcript, load_interview

__all__ = ["PROFILES", "SEED", "class_plan", "make_sample_class", "older_text"]

SEED = 2013

#: What each profile does to the reference reading.
PROFILES = {
    "close": "keeps about 85% of the reference highlights, some a word longer or shorter, and adds one or two of their own",
    "misses": "keeps only about 45% of the reference highlights",
    "over-marks": "keeps most of the reference and adds 8 to 12 highlights of their own, many on cue words",
    "mislabels": "keeps most of the reference but gives about 40% of it another move of the same family",
    "disagrees": "reads some passages another way: hedges as incomplete replies, attitude markers as appeals to shared values, us-versus-them as exclusive 'we', sovereignty as a political point",
}
#: What most of the class does whatever its profile, so that the class departs from the
#: reference in two places, as real classes do.
CLASS_HABITS = (
    "about three in four students mark Peskov's 'numerous times' as a booster, which the reference does not",
    "only about one in four keeps the reference's self-mention on Saunders's 'If I could just ask one final question'",
)

_NAMES = (
    ("Amara Okafor", "close"),
    ("Ben Hartley", "misses"),
    ("Chloé Martin", "over-marks"),
    ("Dmitri Volkov", "mislabels"),
    ("Elif Demir", "disagrees"),
    ("Farah Haddad", "close"),
    ("Gustav Lind", "misses"),
    ("Hana Sato", "mislabels"),
    ("Isaac Mensah", "disagrees"),
    ("Julia Nowak", "close"),
    ("Kofi Asante", "over-marks"),
    ("Lena Fischer", "mislabels"),
    ("Mateo Rossi", "disagrees"),
    ("Owen Price", "misses"),
    ("Quentin Moreau", "over-marks"),
    ("Sam O'Neill", "close"),
)
_OLDER = ("Uma Patel", "Viktor Berg", "Wen Li", "Yusuf Kaya")
#: Students who also sent their answer codes (notebook 05), in ``codes/``.
_CODERS = ("Amara Okafor", "Ben Hartley", "Dmitri Volkov", "Elif Demir")

_KEEP = {"close": 0.85, "misses": 0.45, "over-marks": 0.8, "mislabels": 0.8, "disagrees": 0.8}
_OTHER_READING = {
    "hedge": "incomplete-reply",
    "attitude-marker": "shared-values",
    "us-versus-them": "exclusive-we",
    "sovereignty": "political-point",
}
_NOTES = (
    "Softens the claim.",
    "Sounds certain, leaves no room.",
    "Who is 'we' here?",
    "Does not answer what was asked.",
    "Appeals to values the listener shares.",
)
#: The older version of the interview differed from the current one in these places.
OLDER_EDITS = (
    (
        'A key Putin aide notes in an interview with The National Interest that "it takes two to tango."',
        "A key Putin aide speaks to The National Interest.",
    ),
    ("don’t", "don't"),
    ("Diplomacy is preferable", "Diplomacy is always preferable"),
    ("It was my pleasure.", "It was a pleasure."),
)


def class_plan() -> list[tuple[str, str]]:
    """The 16 students and their profiles, in the order they are made."""
    return list(_NAMES)


def older_text(text: str) -> str:
    """The older version of ``text``: each of :data:`OLDER_EDITS` undone (new -> old)."""
    for new, old in OLDER_EDITS:
        if new not in text:
            raise ValueError(f"the interview no longer contains {new!r}; update OLDER_EDITS")
        text = text.replace(new, old)
    return text


def _slug(name: str) -> str:
    """``"Chloé Martin"`` -> ``"chloe-martin"``: plain ASCII file names travel best."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "-".join("".join(c for c in plain.lower() if c.isalnum() or c == " ").split())


def _reference() -> list[dict[str, Any]]:
    data = json.loads(REFERENCE_PATH.read_text(encoding="utf-8"))
    return [a for a in data["annotations"] if not a.get("orphan")]


def _family_siblings(moves: Sequence[Any], move_id: str) -> list[str]:
    family = next(m.family for m in moves if m.id == move_id)
    return [m.id for m in moves if m.family == family and m.id != move_id]


def _jitter(
    rng: random.Random, t: Transcript, words: list[Token], start: int, end: int
) -> tuple[int, int]:
    """Move a span's ends by a word at most, staying inside its turn."""
    inside = [i for i, w in enumerate(words) if w.start < end and start < w.end]
    if not inside:
        return start, end
    first = inside[0] + rng.choice((-1, 0, 0, 0, 1))
    last = inside[-1] + rng.choice((-1, 0, 0, 0, 1))
    turn = words[inside[0]].turn
    first = max(first, min(i for i, w in enumerate(words) if w.turn == turn))
    last = min(last, max(i for i, w in enumerate(words) if w.turn == turn))
    if last < first:
        return start, end
    return words[first].start, words[last].end


def _extra(rng: random.Random, words: list[Token], moves: Sequence[Any]) -> tuple[str, int, int]:
    """A highlight of the student's own: 1 to 5 words of one of Peskov's sentences, a move at
    random; when the first word is a move's cue word, that move."""
    peskov = [i for i, w in enumerate(words) if w.turn % 2 == 1]
    first = rng.choice(peskov)
    last = first
    for _ in range(rng.randint(0, 4)):
        if last + 1 < len(words) and words[last + 1].sentence == words[first].sentence:
            last += 1
    word = words[first].norm
    cued = [m.id for m in moves if any(c.lower() == word for c in m.cues)]
    move = rng.choice(cued) if cued else rng.choice([m.id for m in moves])
    return move, words[first].start, words[last].end


def _student(
    rng: random.Random,
    profile: str,
    t: Transcript,
    moves: Sequence[Any],
    jitter: bool = True,
    keep_all: Sequence[str] = (),
) -> list[tuple[str, int, int]]:
    words = list(t.words)
    spans = []
    for ref in _reference():
        keep = 0.25 if ref["id"] == "a10" else _KEEP[profile]
        if ref["id"] not in keep_all and rng.random() > keep:
            continue
        move, start, end = ref["move"], ref["start"], ref["end"]
        if jitter and ref["id"] not in keep_all and rng.random() < 0.3:
            start, end = _jitter(rng, t, words, start, end)
        if profile == "mislabels" and rng.random() < 0.4:
            move = rng.choice(_family_siblings(moves, move) or [move])
        if profile == "disagrees" and move in _OTHER_READING and rng.random() < 0.7:
            move = _OTHER_READING[move]
        spans.append((move, start, end))
    if rng.random() < 0.75:
        at = t.text.index("numerous times")
        spans.append(("booster", at, at + len("numerous times")))
    extras = {"close": rng.randint(1, 2), "over-marks": rng.randint(8, 12)}.get(profile, 0)
    spans += [_extra(rng, words, moves) for _ in range(extras)]
    return sorted(set(spans), key=lambda s: (s[1], s[2], s[0]))


def _file(
    author: str,
    text: str,
    sha: str,
    spans: list[tuple[str, int, int]],
    rng: random.Random,
    day: int,
) -> dict[str, Any]:
    annotations = []
    for n, (move, start, end) in enumerate(spans, start=1):
        stamp = f"2026-11-{day:02d}T{9 + n // 60:02d}:{n % 60:02d}:00Z"
        note = rng.choice(_NOTES) if rng.random() < 0.3 else ""
        annotations.append(
            {
                "id": f"a{n}",
                "move": move,
                "start": start,
                "end": end,
                **anchor(text, start, end),
                "note": note,
                "created": stamp,
                "modified": stamp,
            }
        )
    return {
        "schema": SCHEMA,
        "transcript": {"id": "peskov-2013", "sha256": sha},
        "author": author,
        "annotations": annotations,
    }


def _to_older(spans: list[tuple[str, int, int]], text: str, old: str) -> list[tuple[str, int, int]]:
    """The same highlights on the older text: each quote, edited as the text was, found nearest
    its old place (one that no longer fits is left out)."""
    moved = []
    for move, start, end in spans:
        quote = text[start:end]
        for new, before in OLDER_EDITS:
            quote = quote.replace(new, before)
        shift = len(old) - len(text)
        hits = [i for i in range(len(old)) if old.startswith(quote, i)]
        if hits:
            at = min(hits, key=lambda i: abs(i - (start + shift)))
            moved.append((move, at, at + len(quote)))
    return moved


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def make_sample_class(folder: str | Path, seed: int = SEED) -> list[Path]:
    """Write the sample class to ``folder``; returns the paths written."""
    folder = Path(folder)
    rng = random.Random(seed)
    t = load_interview()
    moves = list(load_moves())
    written = []
    for name, profile in class_plan():
        data = _file(name, t.text, t.sha256, _student(rng, profile, t, moves), rng, 30)
        written.append(atomic_write(folder / f"{_slug(name)}.json", _dump(data)))
    old = older_text(t.text)
    old_sha = hashlib.sha256(old.encode("utf-8")).hexdigest()
    for name in _OLDER:
        spans = _student(rng, "close", t, moves, jitter=False, keep_all=("a6", "a23"))
        data = _file(name, old, old_sha, _to_older(spans, t.text, old), rng, 20)
        written.append(atomic_write(folder / "older-text" / f"{_slug(name)}.json", _dump(data)))
    written += _broken(folder / "broken", folder, t, rng)
    written += _codes(folder / "codes", t, rng)
    written.append(atomic_write(folder / "README.md", _readme()))
    return written


_BROKEN = {
    "corrupt.json": "a file cut off part-way: not valid JSON",
    "other-transcript.json": "highlights of another transcript",
    "unknown-move.json": "a move the course does not have ('irony')",
    "copy-of-amara-okafor.json": "a byte-for-byte copy of another student's file",
    "renamed-copy.json": "another student's file with only the name changed",
    "deep.json": "JSON nested 5,000 levels deep",
}


def _readme() -> str:
    """The folder's README, written with the files so that it always says what they are."""
    lines = [
        "# A sample class",
        "",
        "Made by `python -m closereading.course.sample_class data/sample-class` (seed "
        f"{SEED}) from the reference reading, `data/annotations/reference.json`. Do not edit "
        "these files by hand: change the generator and run it again.",
        "",
        "Try it: `closereading collect data/sample-class --out work/class-report`.",
        "",
        "## Students and their profiles",
        "",
        "| file | profile |",
        "|---|---|",
        *[f"| `{_slug(name)}.json` | {profile} |" for name, profile in class_plan()],
        "",
        *[f"- **{name}**: {what}." for name, what in PROFILES.items()],
        "",
        "Whatever their profile, " + "; ".join(CLASS_HABITS) + ".",
        "",
        "## `older-text/`: a class that worked on an older version of the text",
        "",
        "Four students (" + ", ".join(_OLDER) + ") highlighted a version of the interview that "
        "differed from the current one in these places (current, then older):",
        "",
        *[f"- {new!r} was {old!r}" for new, old in OLDER_EDITS],
        "",
        "Their positions no longer fit, so collect re-anchors every highlight by its quote. The "
        "two highlights on 'Diplomacy is always preferable' and 'It was a pleasure.' can no longer "
        "be found and are reported as orphans.",
        "",
        "## `codes/`: answer codes (notebook 05)",
        "",
        "Four students (" + ", ".join(_CODERS) + ") also sent their codes of the question units: "
        "the reference coding (`data/codings/reference-05.json`) with each unit's outcome kept "
        "with probability 0.55 and otherwise changed (a non-reply with one of its forms).",
        "",
        "## `broken/`: files collect must skip",
        "",
        *[f"- `{name}`: {what}" for name, what in _BROKEN.items()],
        "",
    ]
    return "\n".join(lines)


def _codes(folder: Path, t: Transcript, rng: random.Random) -> list[Path]:
    """Four students' answer codes: the reference coding, each unit's outcome kept with
    probability 0.55 and otherwise another (a non-reply with one of its forms)."""
    from closereading.annotation import code_store
    from closereading.annotation.codes import NON_REPLY_FORMS, Coding

    reference = code_store.load(code_store.REFERENCE_CODING_PATH, t)
    outcomes = ("reply", "intermediate", "non-reply")
    written = []
    for name in _CODERS:
        codes = []
        for n, code in enumerate(reference.codes, start=1):
            outcome, form = code.outcome, code.form
            if outcome in outcomes and rng.random() > 0.55:
                outcome = rng.choice([o for o in outcomes if o != code.outcome])
                form = rng.choice(NON_REPLY_FORMS).id if outcome == "non-reply" else ""
            stamp = f"2026-12-01T09:{n:02d}:00Z"
            codes.append(
                dataclasses.replace(
                    code,
                    outcome=outcome,
                    form=form,
                    justification="",
                    created=stamp,
                    modified=stamp,
                )
            )
        coding = Coding(t, name, reference.starts, codes)
        written.append(
            atomic_write(folder / f"{_slug(name)}.json", _dump(code_store.to_dict(coding)))
        )
    return written


def _broken(folder: Path, students: Path, t: Transcript, rng: random.Random) -> list[Path]:
    """Six files collect must skip, one per reason."""
    good = json.loads((students / "amara-okafor.json").read_text(encoding="utf-8"))
    other = json.loads((students / "ben-hartley.json").read_text(encoding="utf-8"))
    unknown = {
        **other,
        "author": "Xavier Quinn",
        "annotations": [{**other["annotations"][0], "move": "irony"}],
    }
    renamed = {**good, "author": "Zara Quinn"}
    foreign = {
        **other,
        "author": "Yara Quinn",
        "transcript": {"id": "psaki-briefing-2014", "sha256": "0" * 64},
    }
    files = {
        "corrupt.json": _dump(good)[:700],
        "other-transcript.json": _dump(foreign),
        "unknown-move.json": _dump(unknown),
        "copy-of-amara-okafor.json": (students / "amara-okafor.json").read_text(encoding="utf-8"),
        "renamed-copy.json": _dump(renamed),
        "deep.json": "[" * 5000 + "]" * 5000 + "\n",
    }
    return [atomic_write(folder / name, content) for name, content in files.items()]


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("data/sample-class")
    for path in make_sample_class(target):
        sys.stdout.write(f"wrote {path}\n")
