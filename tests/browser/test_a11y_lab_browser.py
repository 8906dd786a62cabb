"""Accessibility audit with axe-core of the course's widgets live in JupyterLab, in the light
and the dark theme.

Counted: serious and critical violations in a cell's outputs, where the widgets are.
JupyterLab's own violations are listed in ``artifacts/a11y-jupyterlab.txt`` and not counted. The
contrast of each highlight and move symbol against what is painted under it is computed from the
browser's colours (WCAG 2 formula, at least 4.5:1). One test plants a low-contrast element and a
button with no name in the live page and checks that the audit reports them. Screenshots go to
``artifacts/``. (The website's audit is ``test_a11y_site_browser.py``.)
"""

from __future__ import annotations

import pytest

from .a11y import audit, painted_contrasts, serious, split_by_owner
from .lab import open_and_run, set_theme

pytestmark = pytest.mark.browser

THEMES = {"light": "JupyterLab Light", "dark": "JupyterLab Dark"}
#: Where the course's widgets are: a cell's outputs.
OUTPUT = ".jp-OutputArea-output"
#: Each course widget, the notebook that shows it, and a selector that finds it, once drawn,
#: inside a cell's output.
WIDGETS = {
    "notebooks/02-counting-words.ipynb": ".widget-vbox img",
    "notebooks/03-words-in-context.ipynb": ".closereading-kwic-lines",
    "notebooks/05-questions-and-answers.ipynb": ".closereading-answer-coder",
    "notebooks/06-positioning.ipynb": ".closereading-pronouns",
    # Last, so that the two tests after it audit the same page without opening it again.
    "notebooks/04-rhetorical-moves.ipynb": ".closereading-highlighter .cr-seg",
}
HIGHLIGHTS = ".closereading-highlighter .cr-mark"
#: Every element of the highlighter that shows text: the text and its highlights, the symbols,
#: the palette, the notes panel, the comparison.
HIGHLIGHTER_TEXT = ".closereading-highlighter *"
#: A hard-to-read paragraph and a button with no name, put into the page only.
PLANTED = (
    "el => { const p = document.createElement('p'); p.id = 'planted';"
    " p.textContent = 'Planted text that is hard to read';"
    " p.style.cssText = 'color:#9a9a9a;background:#ffffff'; el.prepend(p);"
    " const b = document.createElement('button'); b.id = 'planted-button'; el.prepend(b); }"
)


def report(title: str, violations) -> str:
    return f"{title}: {len(violations)}\n" + "\n".join(f"  {v}" for v in violations)


@pytest.fixture(scope="module")
def page(module_page):
    """One page for the module: notebook 04, opened for its own audit, stays open for the two
    tests after it."""
    return module_page


def open_notebook(page, lab, notebook: str) -> None:
    """Open ``notebook`` and run it all (lab.open_and_run), unless this page already shows it
    run: the tests after notebook 04's audit keep its page, highlights and theme as they are."""
    drawn = page.locator(f"{OUTPUT} {WIDGETS[notebook]}").first
    if f"lab/tree/{notebook}" in page.url and drawn.is_visible():
        return
    # Leave the notebook audited before, then forget it: an open page saves its tabs to the
    # server's workspace, which the next page load would open again beside this notebook.
    page.goto("about:blank")
    lab.fresh_workspace()
    for old in (lab.work_dir / "annotations").glob("student*.json*"):
        old.unlink()  # the highlights start from the reference alone (show_highlights)
    open_and_run(page, lab, notebook, OUTPUT, WIDGETS[notebook])


def show_highlights(lab, notebook: str) -> None:
    """Every highlight of the reference reading made the student's own (notes included), and
    the comparison open, so that every move's colour and marker is on the page (once: a test
    after the first finds them there)."""
    lab.run_in_kernel(
        notebook,
        "if not highlighter.annotations:\n"
        "    for a in AnnotationSet.load(REFERENCE_PATH, interview):\n"
        "        highlighter.add(a.move, a.start, a.end, note=a.note)\n"
        "highlighter.show_reference = True\n",
        timeout=60,
    )


@pytest.fixture
def lab_page(page, lab):
    """The module's page, in JupyterLab's light theme, put back to light at the end."""
    yield page
    if "lab/tree" in page.url:
        set_theme(page, THEMES["light"])
        page.wait_for_function("document.body.dataset.jpThemeLight === 'true'")


@pytest.mark.parametrize("notebook", list(WIDGETS))
def test_course_widgets_have_no_serious_violation_in_either_theme(
    lab_page, lab, artifacts, notebook
):
    page = lab_page
    open_notebook(page, lab, notebook)
    if "highlighter" in WIDGETS[notebook]:
        show_highlights(lab, notebook)
        page.locator(HIGHLIGHTS).first.wait_for()
    name = notebook.split("/")[-1].removesuffix(".ipynb")
    counted, listed = [], []
    for mode, theme in THEMES.items():
        set_theme(page, theme)
        page.wait_for_function(
            "(light) => document.body.dataset.jpThemeLight === light",
            arg=str(mode == "light").lower(),
        )
        course, jupyterlab = split_by_owner(page, serious(audit(page)))
        counted += [f"{mode}: {v}" for v in course]
        listed += [f"{mode}: {v}" for v in jupyterlab]
        page.locator(f"{OUTPUT} {WIDGETS[notebook]}").first.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / f"a11y-{name}-{mode}.png"))
    (artifacts / f"a11y-jupyterlab-{name}.txt").write_text(
        report("JupyterLab's own serious or critical violations (not counted)", listed)
        + "\n"
        + report("the course's (counted)", counted)
        + "\n"
    )
    assert counted == [], "\n".join(counted)


def test_highlight_contrast_is_computed_in_both_themes(lab_page, lab, artifacts):
    """axe checks colour contrast in almost nothing inside JupyterLab's notebook (measured: one
    element on the whole page), so the contrast of every text in the highlighter, highlights
    and symbols included, is computed here from the colours the browser paints."""
    page, notebook = lab_page, "notebooks/04-rhetorical-moves.ipynb"
    open_notebook(page, lab, notebook)
    show_highlights(lab, notebook)
    page.locator(HIGHLIGHTS).nth(23).wait_for()
    lowest = {}
    for mode, theme in THEMES.items():
        set_theme(page, theme)
        page.wait_for_function(
            "(light) => document.body.dataset.jpThemeLight === light",
            arg=str(mode == "light").lower(),
        )
        marks = painted_contrasts(page, f"{HIGHLIGHTS}, {HIGHLIGHTS} *")
        assert len(marks) >= 24, f"{mode}: only {len(marks)} highlighted passages found"
        ratios = painted_contrasts(page, HIGHLIGHTER_TEXT)
        lowest[mode] = min(ratios, key=lambda item: item[1])
        low = [(text, round(ratio, 2)) for text, ratio in ratios if ratio < 4.5]
        assert low == [], f"{mode}: below 4.5:1: {low}"
        if mode == "dark":
            page.locator(HIGHLIGHTS).first.scroll_into_view_if_needed()
            page.screenshot(path=str(artifacts / "a11y-highlighter-dark.png"))
    (artifacts / "a11y-highlight-contrast.txt").write_text(
        "\n".join(
            f"{mode}: lowest {ratio:.2f}:1 on {text!r}" for mode, (text, ratio) in lowest.items()
        )
        + "\n"
    )


def test_the_live_audit_reports_planted_faults(lab_page, lab):
    """A button with no name and a low-contrast paragraph, put into the highlighter's output
    (in the page only: no file changes): axe reports the button as the course's, and the
    computed contrast catches the paragraph."""
    page, notebook = lab_page, "notebooks/04-rhetorical-moves.ipynb"
    open_notebook(page, lab, notebook)
    page.locator(".closereading-highlighter").first.evaluate(PLANTED)
    page.locator("#planted").scroll_into_view_if_needed()
    course, _ = split_by_owner(page, serious(audit(page)))
    assert [v.rule for v in course if "planted-button" in v.html] == ["button-name"]
    [(text, ratio)] = painted_contrasts(page, "#planted")
    assert text.startswith("Planted") and ratio < 4.5
