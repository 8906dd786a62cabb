"""Speed of the text layer on a 1,000,000-word transcript, against NLTK in the same run.

    .venv/bin/python benchmarks/bench_text.py             # 1,000,000 words (about two minutes)
    .venv/bin/python benchmarks/bench_text.py --words 100000

The transcript is built from the interview's own sentences: alternating Saunders and Peskov
turns of a few sentences each, under a real header, read with ``parse_transcript``. Each timing
is the best of three (``time.perf_counter``); each repeat starts cold (a fresh transcript, a
fresh KWIC index, a fresh NLTK ``Text``). Measured:

a. parsing + sentences + tokens (target: 5 s or less for 1M words on 2 cores);
b. ``term_counts`` over the whole transcript vs NLTK ``FreqDist`` over the same normalized word
   list, which NLTK is handed ready-made (target ratio ours/NLTK <= 1.0);
c. 100 KWIC queries (words from the interview's vocabulary) vs ``Text(tokens).concordance_list``
   on the same tokens. Both sides return the first 25 lines of each query (NLTK's default
   ``lines``; ``--lines`` changes it), every string of each line built: ``list(kwic(...)[:25])``
   against ``concordance_list(word, width=79, lines=25)`` (target ratio <= 0.2). NLTK builds
   every line and then keeps 25; ``kwic`` builds only the lines that are read. c2 repeats (c)
   with every line of every query on both sides (target ratio <= 1.0). Lines and hit counts are
   checked equal;
d. ``import closereading`` in a fresh interpreter: does it load matplotlib or nltk, and how long.

This is a benchmark, not a test: it prints numbers and exits 0 whether or not targets are met.
"""

from __future__ import annotations

import argparse
import gc
import platform
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import closereading  # noqa: E402
from closereading.analysis import concordance as finder  # noqa: E402
from closereading.analysis.concordance import kwic  # noqa: E402
from closereading.analysis.frequency import term_counts  # noqa: E402

HEADER = """---
id: bench
title: Benchmark transcript built from the Peskov interview's sentences
speaker: Saunders | interviewer | Paul Saunders
speaker: Peskov | interviewee | Dmitry Peskov
---
"""


def build_text(target_words: int) -> tuple[str, int]:
    """Alternate Saunders (2 sentences) and Peskov (4 sentences) turns until ``target_words``."""
    interview = closereading.load_interview()
    sentences = [s.text for s in interview.sentences]
    size = [0] * len(sentences)
    for token in interview.tokens:
        size[token.sentence] += token.is_word
    turns, words, i, k = [], 0, 0, 0
    while words < target_words:
        speaker, n = ("Saunders", 2) if k % 2 == 0 else ("Peskov", 4)
        chunk = []
        for _ in range(n):
            chunk.append(sentences[i % len(sentences)])
            words += size[i % len(sentences)]
            i += 1
        turns.append(f"{speaker}: " + " ".join(chunk))
        k += 1
    return HEADER + "\n\n".join(turns) + "\n", words


def best_of(fn, repeat: int = 3):
    """Best wall time of ``repeat`` calls of ``fn`` and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def bench_parse(text: str):
    """Best of three cold parses; also the split of the best run into its three stages."""
    best, stages, transcript = float("inf"), (), None
    for _ in range(3):
        gc.collect()
        t0 = time.perf_counter()
        transcript = closereading.parse_transcript(text, source="bench")
        t1 = time.perf_counter()
        _ = transcript.sentences
        t2 = time.perf_counter()
        _ = transcript.tokens
        t3 = time.perf_counter()
        if t3 - t0 < best:
            best, stages = t3 - t0, (t1 - t0, t2 - t1, t3 - t2)
    return best, stages, transcript


def bench_counts(transcript):
    from nltk import FreqDist

    words = [token.norm for token in transcript.tokens if token.is_word]
    ours, counts = best_of(lambda: term_counts(transcript))
    theirs, fdist = best_of(lambda: FreqDist(words))
    assert dict(counts) == dict(fdist), "term_counts and FreqDist disagree"
    return ours, theirs


def bench_kwic(transcript, queries: list[str], lines: int):
    """100 queries, cold, on both sides; each query returns its first ``lines`` lines, built in
    full (every string of every line), or every line when ``lines`` is ``sys.maxsize``."""
    from nltk.text import Text

    tokens = [token.text for token in transcript.tokens]

    def ours():
        finder._INDEXES.pop(transcript, None)  # cold: build the index inside the timing
        return [list(kwic(transcript, q, width=40)[:lines]) for q in queries]

    def theirs():
        text = Text(tokens)
        return [text.concordance_list(q, width=79, lines=lines) for q in queries], text

    our_time, our_lines = best_of(ours)
    their_time, (their_lines, text) = best_of(theirs)
    # The same lines on both sides: the same keywords, and the same number of hits per query.
    assert [[line.keyword for line in found] for found in our_lines] == [
        [line.query for line in found] for found in their_lines
    ], "KWIC and NLTK returned different lines"
    hits = [len(kwic(transcript, q)) for q in queries]
    assert hits == [len(text._concordance_index.offsets(q)) for q in queries], "different hits"
    return our_time, their_time, sum(map(len, our_lines)), sum(hits)


def bench_import():
    code = (
        "import sys, time; t = time.perf_counter(); import closereading; "
        "dt = time.perf_counter() - t; "
        "print(dt, 'matplotlib' in sys.modules, 'nltk' in sys.modules)"
    )
    best, heavy = float("inf"), None
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
        )
        seconds, matplotlib_loaded, nltk_loaded = out.stdout.split()
        best = min(best, float(seconds))
        heavy = (matplotlib_loaded, nltk_loaded)
    return best, heavy


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument(
        "--lines", type=int, default=25, help="lines per KWIC query in (c); NLTK's default is 25"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)

    import nltk

    print(
        f"Python {platform.python_version()}, NLTK {nltk.__version__}, "
        f"{_cpu_count()} CPU cores, {platform.machine()}"
    )
    text, words = build_text(args.words)
    print(f"transcript: {words:,} words, {len(text):,} characters")

    parse_time, stages, transcript = bench_parse(text)
    print(
        f"  {len(transcript.turns):,} turns, {len(transcript.sentences):,} sentences, "
        f"{len(transcript.tokens):,} tokens"
    )
    print(
        "  (a) split: parse_transcript {:.2f} s, .sentences {:.2f} s, .tokens {:.2f} s".format(
            *stages
        )
    )

    vocabulary = sorted(
        {t.norm for t in closereading.load_interview().tokens if t.is_word and "'" not in t.norm}
    )  # NLTK does not fold apostrophes
    queries = random.Random(2013).sample(vocabulary, min(args.queries, len(vocabulary)))
    count_ours, count_nltk = bench_counts(transcript)
    shown_ours, shown_nltk, shown, hits = bench_kwic(transcript, queries, args.lines)
    every_ours, every_nltk, _, _ = bench_kwic(transcript, queries, sys.maxsize)
    import_time, (matplotlib_loaded, nltk_loaded) = bench_import()

    parsed = "met" if parse_time <= 5 else "MISSED"
    heavy = ("no matplotlib/nltk", f"matplotlib={matplotlib_loaded} nltk={nltk_loaded}")
    rows = [
        ("a. parse + sentences + tokens", f"{parse_time:.2f} s", "", "", "<= 5 s", parsed),
        _versus("b. term_counts vs FreqDist", count_ours, count_nltk, 1.0, digits=3),
        _versus(
            f"c. {len(queries)} KWIC queries, first {args.lines} lines each ({shown:,} lines)",
            shown_ours,
            shown_nltk,
            0.2,
        ),
        _versus(f"c2. the same, every line ({hits:,} lines)", every_ours, every_nltk, 1.0),
        ("d. import closereading", f"{import_time * 1000:.0f} ms", "", "", *heavy),
    ]
    _print_table(rows)
    print(
        f"\n(c) both sides return the first {args.lines} lines of each query "
        f"(NLTK's default is lines=25): list(kwic(t, word, width=40)[:{args.lines}]) vs "
        f"Text(tokens).concordance_list(word, width=79, lines={args.lines}); (c2) every line."
    )
    return 0


def _versus(label: str, ours: float, theirs: float, target: float, digits: int = 2) -> tuple:
    """A table row comparing our time with NLTK's against a target ratio."""
    ratio = ours / theirs
    result = "met" if ratio <= target else "MISSED"
    times = (f"{ours:.{digits}f} s", f"{theirs:.{digits}f} s", f"{ratio:.2f}")
    return (label, *times, f"<= {target}", result)


def _print_table(rows: list[tuple]) -> None:
    header = ("measure", "ours", "NLTK", "ratio", "target", "result")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    print()
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(str(cell).ljust(w) for cell, w in zip(row, widths)).rstrip())


def _cpu_count() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


if __name__ == "__main__":
    sys.exit(main())
