"""Speed of the highlighter's Python side, on the interview and on a 20,000-word transcript.

    .venv/bin/python benchmarks/bench_highlighter.py
    .venv/bin/python benchmarks/bench_highlighter.py --words 50000 --repeats 100

Measured, each beside a peer timed in the same run:

a. ``Highlighter.add(...)`` until the widget's state is updated: snapping to words, the
   ``AnnotationSet`` change, the atomic save (temp file, fsync, ``os.replace``, ``.bak``) and the
   synced traits (``annotations``, ``status``, ``can_undo``) serialized for the comm. Peer: the
   floor, ``AnnotationSet.add`` + ``save`` alone on a set of the same size. Target: < 20 ms.
b. the full static HTML (``Highlighter.static_html()``: the escaped transcript with every
   highlight as ``<mark>``, the fallback a notebook viewer shows). Peer: ``html.escape`` of the
   whole text, the least any renderer must do. Target: < 200 ms.
c. building the widget (no target; it runs once per notebook cell).

Highlights are random 1-8 word spans inside one turn (seed 2013), with random moves. The widget
has no kernel here, so "updated" means the traits are set and serialized for the comm (the
widget's placeholder comm drops the message); the browser's redraw is not measured. This is a
benchmark, not a test: it prints numbers and exits 0 whether or not targets are met.
"""

from __future__ import annotations

import argparse
import html
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from closereading import load_interview, parse_transcript  # noqa: E402
from closereading.annotation.model import AnnotationSet  # noqa: E402
from closereading.annotation.taxonomy import load_moves  # noqa: E402

HEADER = """---
id: bench-highlighter
title: Benchmark transcript built from the Peskov interview's turns
speaker: Saunders | interviewer | Paul Saunders
speaker: Peskov | interviewee | Dmitry Peskov
---
"""


def long_transcript(target_words: int):
    """The interview's six turns, repeated in order until ``target_words``."""
    interview = load_interview()
    turns, words = [], 0
    while words < target_words:
        for turn in interview.turns:
            turns.append(f"{turn.speaker}: {turn.text}")
            words += sum(1 for t in interview.words if t.turn == turn.index)
    return parse_transcript(HEADER + "\n\n".join(turns), source="bench-highlighter.txt")


def random_spans(transcript, count: int, rng: random.Random) -> list[tuple[int, int]]:
    words = transcript.words
    spans = []
    while len(spans) < count:
        i = rng.randrange(len(words))
        j = min(i + rng.randrange(8), len(words) - 1)
        while words[j].turn != words[i].turn:
            j -= 1
        spans.append((words[i].start, words[j].end))
    return spans


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.{2 if seconds < 0.001 else 1}f} ms"


def run(name: str, transcript, existing: int, repeats: int, folder: Path) -> dict:
    from closereading.widgets import Highlighter

    rng = random.Random(2013)
    ids = load_moves().ids
    spans = random_spans(transcript, existing + repeats, rng)
    moves = [rng.choice(ids) for _ in spans]

    build = timed(lambda: Highlighter(transcript, path=folder / f"{name}-warm.json"))
    widget = Highlighter(transcript, path=folder / f"{name}.json")
    floor = AnnotationSet(transcript)
    for (start, end), move in zip(spans[:existing], moves[:existing]):
        widget.add(move, start, end)
        floor.add(move, start, end)

    adds, floors = [], []
    for (start, end), move in zip(spans[existing:], moves[existing:]):
        adds.append(timed(lambda m=move, s=start, e=end: widget.add(m, s, e)))
        floors.append(
            timed(
                lambda m=move, s=start, e=end: (
                    floor.add(m, s, e),
                    floor.save(folder / f"{name}-floor.json"),
                )
            )
        )
    renders = [timed(widget.static_html) for _ in range(5)]
    escapes = [timed(lambda: html.escape(transcript.text)) for _ in range(5)]
    return {
        "name": name,
        "words": len(transcript.words),
        "highlights": len(widget.annotations),
        "add": statistics.median(adds),
        "add_max": max(adds),
        "floor": statistics.median(floors),
        "render": min(renders),
        "escape": min(escapes),
        "build": build,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=50)
    args = parser.parse_args(argv)

    print(f"Python {platform.python_version()}, {os.cpu_count()} CPUs, {platform.machine()}")
    with tempfile.TemporaryDirectory(prefix="bench-highlighter-") as scratch:
        os.environ["CLOSEREADING_WORK_DIR"] = str(Path(scratch) / "work")
        folder = Path(scratch)
        results = [
            run("interview", load_interview(), 25, args.repeats, folder),
            run(f"{args.words // 1000}k", long_transcript(args.words), 200, args.repeats, folder),
        ]

    print()
    print(
        "| transcript | words | highlights | a. add → state (median / max) | floor: add + save "
        "| ratio | b. static HTML | floor: html.escape | c. build |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['name']} | {r['words']:,} | {r['highlights']} | {ms(r['add'])} / "
            f"{ms(r['add_max'])} | {ms(r['floor'])} | {r['add'] / r['floor']:.2f} | "
            f"{ms(r['render'])} | {ms(r['escape'])} | {ms(r['build'])} |"
        )
    print()
    for r in results:
        print(
            f"{r['name']}: a. {'met' if r['add'] < 0.020 else 'MISSED'} (< 20 ms), "
            f"b. {'met' if r['render'] < 0.200 else 'MISSED'} (< 200 ms)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
