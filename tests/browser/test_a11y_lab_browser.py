# Over 300 lines: one audit feeds every test, with the widget states it brings about.
"""Accessibility audit of the course's notebooks live in JupyterLab, light and dark: axe-core on
every notebook's outputs, and the contrast of every text in the course's widgets computed from
the colours the browser paints.

Every notebook with widgets or rich output (00-07) is opened once, each in a tab of one page,
run and audited in the light theme; the theme is switched once and every tab audited in the
dark. Then the kernels are shut down and each widget's "not connected" state is measured, dark,
then light again (the theme the next module expects).

Counted by axe: serious and critical violations in a cell's outputs. JupyterLab's own (audited
with lesson 00) are listed in ``artifacts/a11y-jupyterlab-<notebook>.txt``, not counted.
Computed (``a11y.text_contrasts``): every text in a course widget (highlighter, answer coder,
pronoun table, note box, lesson 07's evidence board and reading draft) against what is painted
under it, at least 4.5:1 (3:1 for large text): as drawn, with the pointer on the controls, with
the keyboard focus on them, and not connected. One test plants faults in the live page and
checks that both checks report them. Screenshots, each widget's lowest ratio and the time of
each step go to ``artifacts/``. (The website's audit is ``test_a11y_site_browser.py``.)
"""

from __future__ import annotations

import doctest
import json
import re
import time
import urllib.request
from dataclasses import dataclass, field

import pytest

from . import a11y
from .a11y import TextContrast, audit, forced, painted_contrasts, serious, split_by_owner
from .a11y import text_contrasts as measure
from .lab import NOTE_BOX, open_and_run, open_in_tab, set_theme, show_tab

pytestmark = pytest.mark.browser

THEMES = {"light": "JupyterLab Light", "dark": "JupyterLab Dark"}
#: Where the course's widgets are: a cell's outputs, in the notebook tab on show.
OUTPUT = ".jp-OutputArea-output"
SHOWN, HIDDEN = ".jp-NotebookPanel:not(.lm-mod-hidden)", ".jp-NotebookPanel.lm-mod-hidden"
OUTPUTS = f"{SHOWN} {OUTPUT}"
#: Every notebook with widgets or rich output, in the course's order, and a selector that finds
#: a widget of it, once drawn, inside a cell's output.
NOTEBOOKS = {
    "notebooks/00-start-here.ipynb": f"{NOTE_BOX} textarea",
    "notebooks/01-first-reading.ipynb": f"{NOTE_BOX} textarea",
    "notebooks/02-counting-words.ipynb": ".widget-vbox img",
    "notebooks/03-words-in-context.ipynb": ".closereading-kwic-lines",
    "notebooks/04-rhetorical-moves.ipynb": ".closereading-highlighter .cr-seg",
    "notebooks/05-questions-and-answers.ipynb": ".closereading-answer-coder .ca-unit",
    "notebooks/06-positioning.ipynb": ".closereading-pronouns select",
    "notebooks/07-writing-the-reading.ipynb": f"{NOTE_BOX} textarea",
}
HIGHLIGHTER, CODER = ".closereading-highlighter", ".closereading-answer-coder"
#: The states each widget's texts are measured in; in the middle two, the controls a student
#: can point at or move the keyboard focus to are in that state (CSS pseudo-classes, forced on
#: one control of each look: see ``a11y.forced``).
STATES = ("as drawn", "with the pointer on", "keyboard focus on", "not connected")
PSEUDO = {"with the pointer on": ["hover"], "keyboard focus on": ["focus", "focus-visible"]}
CONTROLS = (
    *("button", "input", "select", "textarea", "summary", "a[href]", "[tabindex]", "label"),
    *("[role=option]", ".cr-mark"),  # a unit of the answer coder, a highlight: both clicked
)
#: The notes lesson 07's audit writes: the first shows its possible answer, the second offers it.
NOTES = ("07-same-way", "07-claim-or-topic")
#: The student files the audit makes, in the server's work folder.
MADE = tuple(f"{kind}/student*.json*" for kind in ("annotations", "codes", "evidence"))
MADE += tuple(f"notes/{note}.md" for note in NOTES)
#: Ten words and more, so that a note box offers its possible answer.
NOTE_TEXT = "Three items point the same way: each closes a door the question had opened."


@dataclass(frozen=True)
class Widget:
    """A course widget: the notebook that shows it, a selector for each copy of it (every
    element inside is measured), what says "not connected" in it (if it can), and, per state,
    texts that must have been measured (``where`` or the text holds them), so that a state never
    reached fails instead of passing with nothing measured."""

    notebook: str
    scope: str
    offline: str = ""
    required: dict[str, tuple[str, ...]] = field(default_factory=dict)


WIDGETS = {
    "highlighter": Widget(
        "04-rhetorical-moves",
        HIGHLIGHTER,
        ".cr-offline-message",
        {
            "as drawn": (
                *("cr-mark", "button.cr-move", "span.cr-chip", "cr-selected > q"),
                *("cr-card", "p.cr-rule", "p.cr-error"),  # a highlight's card, the comparison
            ),
            "not connected": ("p.cr-offline-message",),
        },
    ),
    "answer coder": Widget(
        "05-questions-and-answers",
        CODER,
        ".ca-offline-message",
        {
            "as drawn": (
                "li.ca-unit.ca-current > span.ca-unit-text",
                "span.ca-bracket",
                "span.ca-seg.ca-chosen",
                "p.ca-error",
                "table.ca-reference-table",
                "textarea.ca-justification",
            ),
            "not connected": ("p.ca-offline-message",),
        },
    ),
    "pronoun table": Widget(
        "06-positioning",
        ".closereading-pronouns",
        ".cr-offline-message",
        {
            "as drawn": ("select", "textarea", "note (optional)", "p.cr-status"),
            "not connected": ("p.cr-offline-message",),
        },
    ),
    "note box": Widget(
        "07-writing-the-reading",
        NOTE_BOX,
        ".cr-kernel-watch",
        {
            "as drawn": ("textarea", "small", "button", "One possible answer"),
            "not connected": ("p.cr-kernel-watch",),
        },
    ),
    "evidence board": Widget(
        "07-writing-the-reading",
        ".closereading-evidence",
        ".cr-offline-message",
        {
            "as drawn": ("tr.cr-pinned > td", "button.cr-pin", "button.cr-unpin", "p.cr-error"),
            "not connected": ("p.cr-offline-message",),
        },
    ),
    "reading draft": Widget("07-writing-the-reading", "[data-cr-audit='draft']"),
}
#: Run in a notebook's kernel once it has run, to show every state its widgets have: the
#: highlighter with every highlight of the reference reading as the student's own (notes
#: included), cue words, a selection, the comparison and an error message; the answer coder
#: with a code, its evidence in brackets, a selection, the reference coding and an error
#: message; the pronoun table with a referent and a note; the evidence board (which lists what
#: the student made in 04-06) with an item pinned and an error message.
PREPARE = {
    "04-rhetorical-moves": (
        "for a in AnnotationSet.load(REFERENCE_PATH, interview):\n"
        "    highlighter.add(a.move, a.start, a.end, note=a.note)\n"
        "highlighter.show_reference = highlighter.show_cues = True\n"
        "highlighter.error = 'An error message, shown to measure its colours.'\n"
    ),
    "05-questions-and-answers": (
        "unit = coder.units[0]\n"
        "coder.current, start = unit['id'], unit['answer']['start']\n"
        "coder.code(unit['id'], 'reply')\n"
        "coder.select(start, start + 30)\n"
        "coder.add_evidence(unit['id'])\n"
        "coder.select(start + 60, start + 100)\n"
        "coder.finished = coder.show_reference = True\n"
        "coder.error = 'An error message, shown to measure its colours.'\n"
    ),
    "06-positioning": "table.assign(1, table.referents[0][0], note='Peskov and the Kremlin')\n",
    "07-writing-the-reading": (
        "board.pin(board.rows[-1]['id'])\n"
        "board.error = 'An error message, shown to measure its colours.'\n"
    ),
}


@dataclass
class Audit:
    """What the audit found: per notebook, axe's violations (the course's and JupyterLab's); per
    widget, every text measured, as ``(theme, state, contrast)``; how long each step took."""

    counted: dict[str, list[str]] = field(default_factory=dict)
    listed: dict[str, list[str]] = field(default_factory=dict)
    texts: dict[str, list[tuple[str, str, TextContrast]]] = field(default_factory=dict)
    timings: list[str] = field(default_factory=list)


def stem(notebook: str) -> str:
    return notebook.split("/")[-1].removesuffix(".ipynb")


def save_theme(lab, theme: str) -> None:
    """Keep ``theme`` in the server's settings, for the next page load (an open page keeps its
    own until it is switched)."""
    request = urllib.request.Request(
        f"{lab.base_url}/lab/api/settings/@jupyterlab/apputils-extension:themes",
        data=json.dumps({"raw": json.dumps({"theme": theme})}).encode(),
        method="PUT",
        headers={"Authorization": f"token {lab.token}", "Content-Type": "application/json"},
    )
    urllib.request.urlopen(request, timeout=10).close()


def clear(lab) -> None:
    for made in MADE:
        for old in lab.work_dir.glob(made):
            old.unlink()


def switch_theme(page, mode: str) -> None:
    set_theme(page, THEMES[mode])
    page.wait_for_function(
        "(light) => document.body.dataset.jpThemeLight === light", arg=str(mode == "light").lower()
    )


def shut_down_all_kernels(page) -> None:
    """Kernel > Shut Down All Kernels, as a student might: the page learns at once that they
    have gone (shut down through the REST API, it may take the page ten seconds)."""
    page.keyboard.press("Escape")
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Kernel$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Shut Down All Kernels")).click()
    page.locator(".jp-Dialog .jp-mod-accept").click()


def prepare(page, lab, notebook: str) -> None:
    """Bring the notebook's widgets into every state a student sees (``PREPARE``); lesson 07:
    two note boxes with ten words, one showing its possible answer; the draft marked, to be
    found (it is HTML with no class of its own)."""
    name = stem(notebook)
    if name in PREPARE:
        lab.run_in_kernel(notebook, PREPARE[name], timeout=60)
    if name == "04-rhetorical-moves":
        page.locator(f"{SHOWN} .cr-mark").nth(23).wait_for()
        page.locator(f"{SHOWN} .cr-mark").first.click()  # its card in the side panel
        page.locator(f"{SHOWN} .cr-card").first.wait_for()
        select = "at = interview.text.index('in no way')\nhighlighter.select(at, at + 9)\n"
        lab.run_in_kernel(notebook, select)  # after the click, which leaves nothing selected
        page.locator(f"{SHOWN} .cr-selected q").wait_for()
        page.evaluate("document.activeElement.blur()")  # or Escape, next, clears the selection
    if name == "05-questions-and-answers":
        page.locator(f"{SHOWN} {CODER} .ca-error").wait_for()
    if name == "07-writing-the-reading":
        boxes = page.locator(f"{SHOWN} {NOTE_BOX}")
        for box in (boxes.nth(0), boxes.nth(1)):
            box.locator("textarea").fill(NOTE_TEXT)
            box.locator("button:enabled").wait_for()
        boxes.first.locator("button").click()
        boxes.first.get_by_role("note").wait_for()
        page.locator(f"{SHOWN} .closereading-evidence tr.cr-pinned").first.wait_for()
        page.locator(f"{SHOWN} {OUTPUT}", has_text="The reading so far").first.evaluate(
            "el => { el.dataset.crAudit = 'draft'; }"
        )


def measure_widgets(page, found: Audit, notebook: str, mode: str, states: tuple[str, ...]) -> None:
    """Every text of the widgets this notebook shows, in each of ``states``."""
    for kind, widget in WIDGETS.items():
        if widget.notebook != stem(notebook):
            continue
        scope = f"{SHOWN} {widget.scope}"
        for state in states:
            if state == "not connected" and not widget.offline:
                continue
            if state in PSEUDO:
                controls = ", ".join(f"{scope} {control}" for control in CONTROLS)
                with forced(page, controls, PSEUDO[state]):
                    texts = measure(page, within=scope)
            else:
                texts = measure(page, within=scope)
            found.texts.setdefault(kind, []).extend((mode, state, t) for t in texts)


def audit_notebook(page, found: Audit, notebook: str, mode: str, artifacts) -> None:
    # The outputs of the notebook on show: what is counted. JupyterLab around them, only listed,
    # is audited once per theme, with the first notebook (the rest of the page takes axe
    # seconds more in every notebook, most in its editors, for the same list).
    first = notebook == next(iter(NOTEBOOKS))
    context = {"exclude": [[HIDDEN]]} if first else OUTPUTS
    course, jupyterlab = split_by_owner(page, serious(audit(page, context)))
    found.counted.setdefault(notebook, []).extend(f"{mode}: {v}" for v in course)
    found.listed.setdefault(notebook, []).extend(f"{mode}: {v}" for v in jupyterlab)
    measure_widgets(page, found, notebook, mode, STATES[:3])
    page.locator(f"{SHOWN} {OUTPUT} {NOTEBOOKS[notebook]}").last.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / f"a11y-{stem(notebook)}-{mode}.png"))


def run_audit(page, lab, artifacts) -> Audit:
    """The whole audit, as the module's docstring tells it."""
    found, clock = Audit(), [time.monotonic()]

    def lap(what: str) -> None:
        clock.append(time.monotonic())
        found.timings.append(f"{clock[-1] - clock[-2]:5.1f} s  {what}")

    for number, notebook in enumerate(NOTEBOOKS):
        if number:
            open_in_tab(page, lab, notebook)
        # A short settle: nothing here types, and the audit comes after every notebook ran. A
        # long wait: in the full run this module starts beside the site audit, both in Chromium
        # on a two-core machine, and the first notebook waits for JupyterLab and its kernel.
        open_and_run(page, lab, notebook, OUTPUT, NOTEBOOKS[notebook], timeout=180_000, settle=0.5)
        prepare(page, lab, notebook)
        lap(f"open, run and prepare {stem(notebook)}")
    for mode in THEMES:
        if mode != "light":
            switch_theme(page, mode)
        for notebook in NOTEBOOKS:
            show_tab(page, notebook)
            audit_notebook(page, found, notebook, mode, artifacts)
            lap(f"audit {stem(notebook)} in the {mode} theme")
    shut_down_all_kernels(page)
    for mode in ("dark", "light"):
        if mode != "dark":
            switch_theme(page, mode)
        for notebook in NOTEBOOKS:
            offline = [w for w in WIDGETS.values() if w.offline and w.notebook == stem(notebook)]
            if offline:
                show_tab(page, notebook)
                for widget in offline:
                    page.locator(f"{SHOWN} {widget.scope} {widget.offline}").first.wait_for()
                measure_widgets(page, found, notebook, mode, ("not connected",))
                lap(f"{stem(notebook)} not connected, in the {mode} theme")
    return found


def write_reports(found: Audit, artifacts) -> None:
    for notebook in NOTEBOOKS:
        lists = {"JupyterLab's own (not counted)": found.listed, "the course's": found.counted}
        (artifacts / f"a11y-jupyterlab-{stem(notebook)}.txt").write_text(
            "".join(
                f"{title} serious or critical violations: {len(got[notebook])}\n"
                + "".join(f"  {v}\n" for v in got[notebook])
                for title, got in lists.items()
            )
        )
    lowest = [
        f"{kind}, {mode}, {state}: lowest {min(texts, key=lambda t: t.ratio)}"
        for kind, records in found.texts.items()
        for mode in THEMES
        for state in STATES
        if (texts := [t for m, s, t in records if (m, s) == (mode, state)])
    ]
    (artifacts / "a11y-text-contrast.txt").write_text("\n".join(lowest) + "\n")
    (artifacts / "a11y-lab-timing.txt").write_text("\n".join(found.timings) + "\n")


@pytest.fixture(scope="module")
def page(module_page):
    """One page for the module: every notebook in a tab of it."""
    return module_page


@pytest.fixture(scope="module")
def found(page, lab, artifacts) -> Audit:
    """The audit, run once for the module's tests, from a clean start: no tabs, none of the
    student files the audit makes (``MADE``; removed again at the end), the light theme."""
    lab.fresh_workspace()
    clear(lab)
    save_theme(lab, THEMES["light"])
    try:
        result = run_audit(page, lab, artifacts)
    except Exception:
        page.screenshot(path=str(artifacts / "a11y-lab-failed.png"))  # where the audit stopped
        raise
    finally:
        save_theme(lab, THEMES["light"])  # for the next module's page, whatever happened
        clear(lab)
    write_reports(result, artifacts)
    return result


@pytest.mark.parametrize("notebook", list(NOTEBOOKS))
def test_course_outputs_have_no_serious_violation_in_either_theme(found, notebook):
    assert found.counted[notebook] == [], "\n".join(found.counted[notebook])


@pytest.mark.parametrize("kind", list(WIDGETS))
def test_every_text_of_a_widget_has_enough_contrast_in_either_theme(found, kind):
    """axe checks colour contrast in almost nothing inside JupyterLab's notebook (measured: one
    element on the whole page), so the contrast of every text in each course widget is computed
    here, in both themes and every state; the highlighter shows at least 24 highlights."""
    records, widget = found.texts.get(kind, []), WIDGETS[kind]
    missing = []
    for mode in THEMES:
        for state in STATES if widget.offline else STATES[:3]:
            seen = [t for m, s, t in records if (m, s) == (mode, state)]
            wanted = widget.required.get(state, ())
            missing += [f"{mode}, {state}: no text at all"] if not seen else []
            missing += [
                f"{mode}, {state}: no {text!r}"
                for text in wanted
                if not any(text in t.where or text in t.text for t in seen)
            ]
        marks = sum((m, s) == (mode, STATES[0]) and "cr-mark" in t.where for m, s, t in records)
        if kind == "highlighter" and marks < 24:
            missing.append(f"{mode}: only {marks} highlighted texts")
    low = [f"{mode}, {state}: {t}" for mode, state, t in records if t.low]
    assert missing + low == [], (
        f"{kind}: states not reached: {missing}\n"
        f"{len(low)} texts below the contrast they need:\n" + "\n".join(low)
    )


def test_the_contrast_arithmetic():
    """The colour arithmetic the contrast check rests on (compositing, opacity, the ratio), by
    ``a11y``'s own examples."""
    result = doctest.testmod(a11y)
    assert result.attempted >= 10 and result.failed == 0


#: Put into the highlighter's output, in the page only: a hard-to-read paragraph; black text
#: faded by its parent's opacity; large text at 3.4:1 (enough for large text) and the same
#: size faded below 3:1; a button with no name.
PLANTED = """el => {
  const p = document.createElement('p'); p.id = 'planted';
  p.textContent = 'Planted text that is hard to read';
  p.style.cssText = 'color:#9a9a9a;background:#ffffff';
  const faded = document.createElement('div'); faded.style.cssText = 'opacity:0.4;background:#fff';
  faded.innerHTML = '<p style="color:#000">Planted faded text</p>'
    + '<p style="font-size:24px;color:#000">Planted faded large text</p>';
  const large = document.createElement('p'); large.textContent = 'Planted large text';
  large.style.cssText = 'font-size:24px;color:#8a8a8a;background:#fff';
  const b = document.createElement('button'); b.id = 'planted-button';
  el.prepend(p, faded, large, b);
}"""


def test_the_live_audit_reports_planted_faults(found, page):
    """Faults planted in the highlighter's output: axe reports the button with no name as the
    course's; the computed contrast catches the low paragraph and both faded texts, and lets the
    large text pass at 3.4:1."""
    show_tab(page, "notebooks/04-rhetorical-moves.ipynb")
    page.locator(f"{SHOWN} {HIGHLIGHTER}").first.evaluate(PLANTED)
    page.locator("#planted").scroll_into_view_if_needed()
    course, _ = split_by_owner(page, serious(audit(page, OUTPUTS)))
    assert [v.rule for v in course if "planted-button" in v.html] == ["button-name"]
    [(text, ratio)] = painted_contrasts(page, "#planted")
    assert text.startswith("Planted") and ratio < 4.5
    planted = {
        t.text: t for t in measure(page, within=f"{SHOWN} {HIGHLIGHTER}") if "Planted" in t.text
    }
    assert {text for text, t in planted.items() if t.low} == {
        "Planted text that is hard to read",
        "Planted faded text",
        "Planted faded large text",
    }
    assert planted["Planted large text"].large and 3 < planted["Planted large text"].ratio < 4.5
