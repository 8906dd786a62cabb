"""Benchmark: a class of 300 student files, 50 highlights each, collected, compared and reported.

    .venv/bin/python benchmarks/bench_collect.py              # 300 files, about a minute
    .venv/bin/python benchmarks/bench_collect.py --files 100  # a quick look

Each student file holds 50 highlights of 1 to 6 words inside one sentence of the interview, with
random moves (seed 2013) and a note on one in five, written as the course writes them. Three
timings, each the best of three runs from files on disk, in one run of this script, as
wall-clock time and as the CPU time of the process (which a busy machine inflates less):

- floor: reading every file and parsing its JSON, nothing else;
- collect: ``collect(folder)`` (size and shape checks, ``AnnotationSet.load`` per file, duplicate
  detection);
- collect + compare + report: the same, then ``summarise`` (word labels, counts, alpha for every
  scope, kappa for every pair, the passages) and ``write_report`` with the notes (the HTML page
  with its figure and the notes on the passages, the projector view, the CSV files with the
  completion table, and the W3C collection).

matplotlib is imported before the timings (a cold import costs about a second on its own).
Memory: ``tracemalloc``'s peak during collect + compare (no report) at 100, 200 and 300 files.
Prints a table, with the machine's load average (the target is for an idle machine), and exits 0
whether or not the target is met.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
import tracemalloc
from pathlib import Path

from closereading import load_interview
from closereading.annotation.anchoring import anchor
from closereading.annotation.highlight_store import SCHEMA
from closereading.annotation.taxonomy import load_moves
from closereading.course.collect import collect
from closereading.course.collect.report import write_report
from closereading.course.collect.summary import summarise

TARGET_S = 2.0


def make_class(folder: Path, files: int, per_file: int, seed: int = 2013) -> None:
    rng = random.Random(seed)
    t = load_interview()
    words = t.words
    moves = load_moves().ids
    for n in range(files):
        items = []
        for k in range(per_file):
            first = rng.randrange(len(words))
            last = first
            for _ in range(rng.randint(0, 5)):
                if last + 1 < len(words) and words[last + 1].sentence == words[first].sentence:
                    last += 1
            start, end = words[first].start, words[last].end
            stamp = f"2026-11-30T{n % 24:02d}:{k:02d}:00Z"
            items.append({"id": f"h{n}x{k}", "move": rng.choice(moves), "start": start,
                          "end": end, **anchor(t.text, start, end),
                          "note": f"why {n}-{k}" if k % 5 == 0 else "",
                          "created": stamp, "modified": stamp})  # fmt: skip
        data = {"schema": SCHEMA, "transcript": {"id": t.id, "sha256": t.sha256},
                "author": f"Student {n:03d}", "annotations": items}  # fmt: skip
        (folder / f"student-{n:03d}.json").write_text(json.dumps(data, indent=2), encoding="utf-8")


def best(run, repeats: int = 3) -> tuple[float, float]:
    """The shortest wall-clock time of ``repeats`` runs, and the shortest CPU time of this
    process (on a busy machine the first includes waiting for a core, the second does not)."""
    walls, cpus = [], []
    for _ in range(repeats):
        start, cpu = time.perf_counter(), time.process_time()
        run()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def floor(folder: Path) -> None:
    for path in sorted(folder.glob("*.json")):
        json.loads(path.read_bytes())


def full(folder: Path, out: Path) -> None:
    work = collect(folder, progress=False)
    write_report(work, out, figures=summarise(work), notes=True)


def peak_mib(folder: Path) -> float:
    tracemalloc.start()
    summarise(collect(folder, progress=False))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--highlights", type=int, default=50)
    args = parser.parse_args()
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        folder, out = root / "class", root / "report"
        folder.mkdir()
        make_class(folder, args.files, args.highlights)
        assert load_interview().tokens  # the words, built once as in any session
        t_floor = best(lambda: floor(folder))
        t_collect = best(lambda: collect(folder, progress=False))
        t_full = best(lambda: full(folder, out))
        size = sum(p.stat().st_size for p in folder.glob("*.json")) / 2**20
        print(f"{args.files} files x {args.highlights} highlights ({size:.1f} MiB of JSON)")
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"load average (1, 5, 15 min): {load} on {os.cpu_count()} cores")
        print("| measure | time | CPU time | ratio to floor | target |")
        print("|---|---|---|---|---|")
        print(f"| floor: read + json.loads | {t_floor[0]:.3f} s | {t_floor[1]:.3f} s | 1.0 | |")
        print(f"| collect | {t_collect[0]:.3f} s | {t_collect[1]:.3f} s | "
              f"{t_collect[0] / t_floor[0]:.1f} | |")  # fmt: skip
        met = "met" if t_full[0] < TARGET_S else "NOT met"
        print(f"| collect + compare + report | {t_full[0]:.3f} s | {t_full[1]:.3f} s | "
              f"{t_full[0] / t_floor[0]:.1f} | < {TARGET_S:.0f} s: {met} |")  # fmt: skip
        print()
        print("| files | tracemalloc peak, collect + compare | per file |")
        print("|---|---|---|")
        for n in sorted({max(1, args.files // 3), max(1, 2 * args.files // 3), args.files}):
            part = root / f"part-{n}"
            part.mkdir()
            for path in sorted(folder.glob("*.json"))[:n]:
                (part / path.name).write_bytes(path.read_bytes())
            peak = peak_mib(part)
            print(f"| {n} | {peak:.1f} MiB | {peak * 1024 / n:.0f} KiB |")


if __name__ == "__main__":
    main()
