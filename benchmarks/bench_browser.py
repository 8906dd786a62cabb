"""Key to painted: how long after a move key the highlighter shows the new highlight, in Chromium.

    .venv/bin/python benchmarks/bench_browser.py                     # this tree
    .venv/bin/python benchmarks/bench_browser.py --before bd5c3ba    # and an older commit beside it

Starts a private JupyterLab as the browser tests do (``tests/browser/lab.py``), opens
``notebooks/04-rhetorical-moves.ipynb`` in Debian's headless Chromium, runs it, and adds 0 and
then 200 highlights through the kernel (random 1-8 word spans inside one turn, seed 2013). For
each of ``--repeats`` presses: → selects the next word (Python's answer awaited), the page notes
``performance.now()`` at the keydown of "1" (hedge), and again in the first animation frame after

- a pending outline appears (``key → pending``; only where the widget draws one), and
- the new highlight's mark appears, drawn from Python's answer (``key → mark``; the widget's
  own redraw, where it reports one with ``performance.measure``, is shown beside it);

then Ctrl+Z takes the highlight back, so every press meets the same number of highlights.

``--before REV`` runs the same measurement on the package as it was at ``REV`` (extracted with
``git archive`` into a temporary folder and put first on the kernel's ``PYTHONPATH``; its front end
gets the same two lines of redraw timing, in that copy only), in the same run, so the two are compared on the same machine under the same load. Prints a table of medians
and 90th percentiles. A benchmark, not a test: it exits 0 whatever the figures.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.lab import (  # noqa: E402
    LAUNCH_ARGS,
    chromium_path,
    run_all,
    start_lab,
    wait_for_kernel_idle,
)

NOTEBOOK = "notebooks/04-rhetorical-moves.ipynb"
WIDGET = ".closereading-highlighter"

ADD_HIGHLIGHTS = """
import random
rng = random.Random(2013)
words = highlighter.transcript.words
made = 0
while made < {count}:
    i = rng.randrange(len(words))
    j = min(i + rng.randrange(8), len(words) - 1)
    while words[j].turn != words[i].turn:
        j -= 1
    highlighter.add(rng.choice(["hedge", "booster", "self-mention", "political-point"]),
                    words[i].start, words[j].end)
    made += 1
print(len(highlighter.annotations))
"""

# Listens once per press: the keydown, the first pending outline, the first new symbol (a new
# highlight's mark and its symbol are drawn together), each timed in the next animation frame.
ARM_JS = """
(root) => {
  const text = root.querySelector('.cr-text');
  const badges = () => text.querySelectorAll('.cr-badge').length;
  const run = {t0: null, pending: null, mark: null, base: badges()};
  window.__bench = run;
  const frame = (name) => requestAnimationFrame(() => {
    if (run[name] === null) run[name] = performance.now() - run.t0;
  });
  root.addEventListener('keydown', (event) => {
    if (event.key === '1' && run.t0 === null) run.t0 = performance.now();
  }, {capture: true, once: true});
  const observer = new MutationObserver(() => {
    if (run.t0 === null) return;
    if (run.pending === null && text.querySelector('.cr-pending')) frame('pending');
    if (badges() > run.base) { frame('mark'); observer.disconnect(); }
  });
  observer.observe(text, {childList: true, subtree: true});
}
"""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(page, widget, repeats: int) -> tuple[list[float], list[float]]:
    text = widget.locator(".cr-text")
    pending: list[float] = []
    marks: list[float] = []
    redraws: list[float] = []
    for _ in range(repeats):
        text.focus()
        before = widget.locator(".cr-selected").text_content()
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "([root, before]) => root.querySelector('.cr-selected').textContent !== before"
            " && root.querySelector('.cr-selected q')",
            arg=[widget.element_handle(), before],
        )
        page.evaluate("performance.clearMeasures('closereading-redraw')")
        page.evaluate(ARM_JS, widget.element_handle())
        page.keyboard.press("1")
        page.wait_for_function("window.__bench.mark !== null", timeout=10_000)
        page.wait_for_timeout(50)  # let the pending frame, if any, be recorded
        run = page.evaluate("window.__bench")
        redraws.extend(
            page.evaluate(
                "performance.getEntriesByName('closereading-redraw').map((e) => e.duration)"
            )
        )
        marks.append(run["mark"])
        if run["pending"] is not None:
            pending.append(run["pending"])
        base = run["base"]
        page.keyboard.press("Control+z")
        page.wait_for_function(
            "([root, n]) => root.querySelectorAll('.cr-text .cr-badge').length === n",
            arg=[widget.element_handle(), base],
        )
        page.wait_for_timeout(100)  # the save and the status settle before the next press
    return pending, marks, redraws


def run_version(browser, label: str, counts: list[int], repeats: int) -> list[dict]:
    base = Path(tempfile.mkdtemp(prefix="bench-browser-"))
    lab = start_lab(base, base / "jupyter-server.log")
    rows = []
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(60_000)
        page.goto(lab.url(f"lab/tree/{NOTEBOOK}"))
        wait_for_kernel_idle(page)
        run_all(page)
        widget = page.locator(WIDGET)
        widget.locator(".cr-seg").first.wait_for()
        wait_for_kernel_idle(page)
        widget.scroll_into_view_if_needed()
        have = 0
        for count in counts:
            if count > have:
                lab.run_in_kernel(NOTEBOOK, ADD_HIGHLIGHTS.format(count=count - have), timeout=120)
                page.wait_for_function(
                    "([root, n]) => root.querySelectorAll('.cr-text .cr-badge').length >= n",
                    arg=[widget.element_handle(), count],
                )
                have = count
            measure(page, widget, 3)  # warm-up
            pending, marks, redraws = measure(page, widget, repeats)
            rows.append(
                {
                    "version": label,
                    "highlights": count,
                    "pending": pending,
                    "marks": marks,
                    "redraws": redraws,
                }
            )
            print(f"  {label}, {count} highlights: done", file=sys.stderr)
        page.close()
    finally:
        lab.stop()
    return rows


def extract(rev: str) -> Path:
    """The package and its data as they were at ``rev``, in a temporary folder."""
    folder = Path(tempfile.mkdtemp(prefix="bench-before-"))
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "closereading", "data"],
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    instrument(folder / "closereading" / "widgets" / "static" / "highlighter.js")
    return folder


def instrument(script: Path) -> None:
    """Give an older front end the same redraw timing this tree's has, in the temporary copy
    only, so the redraw column compares like with like."""
    code = script.read_text(encoding="utf-8")
    head, body = "function redraw(state, view) {\n", "  paintSelection(state, view);\n"
    if "closereading-redraw" in code or head not in code:
        return
    start = code.index(head) + len(head)
    end = code.index(body, start) + len(body)
    code = (
        code[:start]
        + "  const started = performance.now();\n"
        + code[start:end]
        + '  performance.measure("closereading-redraw", { start: started, end: performance.now() });\n'
        + code[end:]
    )
    script.write_text(code, encoding="utf-8")


def cell(values: list[float]) -> str:
    if not values:
        return "—"
    return f"{statistics.median(values):.0f} / {percentile(values, 0.9):.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="a commit to measure beside this tree, e.g. bd5c3ba")
    parser.add_argument("--repeats", type=int, default=25)
    parser.add_argument("--highlights", type=int, nargs="+", default=[0, 200])
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    versions: list[tuple[str, str | None]] = []
    if args.before:
        versions.append((f"before ({args.before})", str(extract(args.before))))
    versions.append(("this tree", None))
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium_path()), args=LAUNCH_ARGS, headless=True
        )
        for label, path in versions:
            saved = os.environ.get("PYTHONPATH")
            if path:
                os.environ["PYTHONPATH"] = path
            try:
                rows += run_version(browser, label, sorted(args.highlights), args.repeats)
            finally:
                if saved is None:
                    os.environ.pop("PYTHONPATH", None)
                else:
                    os.environ["PYTHONPATH"] = saved
        version = browser.version
        browser.close()

    print(
        f"\nKey to painted, Chromium {version}, {platform.machine()}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f}, {time.strftime('%Y-%m-%d')}; "
        f"median / 90th percentile of {args.repeats} presses\n"
    )
    print("| version | highlights | key → pending outline | key → mark | of which: redraw |")
    print("|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['version']} | {row['highlights']} | {cell(row['pending'])} "
            f"| {cell(row['marks'])} | {cell(row['redraws'])} |"
        )


if __name__ == "__main__":
    main()
