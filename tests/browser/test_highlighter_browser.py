"""The highlighter in a real JupyterLab, driven the way a student uses it.

Opens ``notebooks/04-rhetorical-moves.ipynb`` in JupyterLab, runs it, highlights with the mouse
(a drag across real text) and the keyboard, writes a note, checks the student's file on disk,
opens the comparison, reloads the page and re-runs to see the highlights restored from disk,
then deletes one; drags across two turns and checks, through the kernel, that the browser and
Python agree on the selection; then does a short round in Notebook 7. Finds the widget by its CSS class,
never by cell position. Saves, under ``tests/browser/artifacts/`` (git-ignored), the README's
picture (``highlighter.png``; ``python3 run.py picture`` copies it to ``docs/``), full-page
screenshots in the light and dark themes,
the comparison, Notebook 7, the server log and the browser console.

Run them alone with ``pytest -m browser`` (about 25 s on 2 cores).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from .lab import (
    PHRASE_POINTS_JS,
    open_and_run,
    poll,
    run_all,
    set_theme,
    widget_errors,
)

pytestmark = pytest.mark.browser

NOTEBOOK = "notebooks/04-rhetorical-moves.ipynb"
WIDGET = ".closereading-highlighter"


def saved(work_dir: Path) -> list[dict]:
    path = work_dir / "annotations" / "student.json"
    if not path.exists():
        return []
    return json.loads(path.read_text(encoding="utf-8"))["annotations"]


def wait_for_file(work_dir: Path, check, what: str, timeout: float = 15) -> list[dict]:
    """Poll the student's file until ``check(annotations)`` holds."""

    def read() -> list[dict] | None:
        try:
            return saved(work_dir)
        except json.JSONDecodeError:  # never expected (saves are atomic), but say so if it is
            return None

    return poll(read, check, f"the student's file never {what}", timeout)


def quotes(annotations: list[dict]) -> dict[str, str]:
    return {a["quote"]: a["move"] for a in annotations}


@pytest.fixture(scope="module")
def page(module_page):
    """One page for the module's JupyterLab tests (Notebook 7, last, opens its own address)."""
    return module_page


def open_highlighter(page, lab):
    """Notebook 04 run in JupyterLab (again, in place, if the page shows it); its highlighter."""
    return open_and_run(page, lab, NOTEBOOK, WIDGET, ".cr-seg")


def drag_across(page, widget, phrase: str) -> None:
    """Press inside the phrase's first word, drag to inside its last word, release."""
    points, deadline = None, time.monotonic() + 10
    while time.monotonic() < deadline:  # wait until the page stops moving (late outputs, scrolling)
        again = page.evaluate(PHRASE_POINTS_JS, [widget.element_handle(), phrase])
        if again == points and again and again["start"]["visible"] and again["end"]["visible"]:
            break
        points = again
        page.wait_for_timeout(150)
    assert points and points["start"]["visible"] and points["end"]["visible"], (
        f"{phrase!r} is not on the page, or never stays still: {points!r}"
    )
    page.mouse.move(points["start"]["x"], points["start"]["y"])
    page.mouse.down()
    page.mouse.move(points["end"]["x"], points["end"]["y"], steps=8)
    page.mouse.up()


def test_highlight_with_mouse_and_keyboard_saves_restores_and_deletes(page, lab, work, artifacts):
    widget = open_highlighter(page, lab)

    # 1. Mouse: drag from inside "we" to inside "way"; Python snaps the selection to whole words.
    drag_across(page, widget, "we don’t believe that sanctions are the best way")
    selected = widget.locator(".cr-selected q")
    expect(selected).to_have_text("we don’t believe that sanctions are the best way")
    widget.locator('.cr-move[data-move="hedge"]').click()
    mark = widget.locator('.cr-mark[data-move="hedge"]')
    mark.first.wait_for()
    assert mark.first.inner_text() == "we don’t believe that sanctions are the best way"
    wait_for_file(
        work,
        lambda a: quotes(a).get("we don’t believe that sanctions are the best way") == "hedge",
        "held the hedge",
    )

    # 2. Keyboard: in the text, ↑ selects the sentence where the last selection was, ↑ again the
    #    one before (the question); "5" tags it.
    widget.locator(".cr-text").focus()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("5")
    wait_for_file(
        work,
        lambda a: (
            quotes(a).get("Do you believe that additional sanctions would be helpful")
            == "engagement-marker"
        ),
        "held the keyboard highlight",
    )
    # The file is written before the browser redraws; a drag that starts before the redraw
    # loses its selection to it, so wait for the new highlight on the page first.
    widget.locator('.cr-mark[data-move="engagement-marker"]').first.wait_for()
    # The keys went to the highlighter, not to JupyterLab ("5" would turn the cell into a heading).
    assert page.locator(".jp-CodeCell", has=widget).count() == 1

    # 3. An overlapping highlight stays visible beside the first. The key is pressed at once,
    #    before Python's snapped selection has come back: it must still tag the dragged words.
    drag_across(page, widget, "Actually, we don’t believe")
    page.keyboard.press("2")
    wait_for_file(
        work,
        lambda a: quotes(a).get("Actually, we don’t believe") == "booster",
        "held the overlapping booster",
    )
    widget.locator(
        '.cr-mark[data-move="booster"] .cr-mark[data-move="hedge"], '
        '.cr-mark[data-move="hedge"] .cr-mark[data-move="booster"]'
    ).first.wait_for()

    # 4. Click the hedge's symbol, write a note, press Enter.
    widget.locator('.cr-badge[aria-label^="Hedge"]').click()
    note = widget.locator(".cr-side textarea.cr-note")
    note.fill("Softens the refusal: <b>belief</b>, not policy.")
    note.press("Enter")
    wait_for_file(
        work,
        lambda a: any(x["note"] == "Softens the refusal: <b>belief</b>, not policy." for x in a),
        "held the note",
    )

    # The README's picture: the widget with three highlights (two overlapping) and a note open.
    widget.evaluate("node => node.scrollIntoView({block: 'start', behavior: 'instant'})")
    widget.locator(".cr-text").evaluate("node => { node.scrollTop = 0; }")
    widget.screenshot(path=str(artifacts / "highlighter.png"))
    page.screenshot(path=str(artifacts / "lab-light.png"))

    # 5. The comparison opens on request.
    widget.get_by_role("button", name="Compare with the reference reading").click()
    comparison = widget.locator(".cr-compare")
    comparison.locator("table").wait_for()
    assert comparison.locator(".cr-passage").count() > 0
    comparison.evaluate("node => node.scrollIntoView({block: 'start', behavior: 'instant'})")
    page.screenshot(path=str(artifacts / "comparison-light.png"))

    # 6. Reload the page and run again: the highlights come back from disk.
    page.reload()
    widget = open_highlighter(page, lab)  # runs it again in the reloaded page
    widget.scroll_into_view_if_needed()
    restored = widget.locator('.cr-mark[data-move="hedge"]')
    restored.first.wait_for()
    # Overlapping highlights are drawn piece by piece; the hedge's pieces make up its quote.
    assert (
        "".join(restored.all_text_contents()) == "we don’t believe that sanctions are the best way"
    )
    assert widget.locator(".cr-badge").count() == 3
    assert "Loaded 3 highlights" in widget.locator(".cr-status").text_content()

    # 7. Delete the hedge: gone from the page and from the file.
    widget.locator('.cr-badge[aria-label^="Hedge"]').click()
    widget.get_by_role("button", name="Delete highlight").click()
    wait_for_file(
        work, lambda a: "hedge" not in {x["move"] for x in a} and len(a) == 2, "dropped the hedge"
    )
    # A highlight crossed by another is drawn as several spans: wait until none is left.
    expect(widget.locator('.cr-mark[data-move="hedge"]')).to_have_count(0, timeout=15_000)

    # 8. Dark theme, for a look (artefact only).
    set_theme(page, "JupyterLab Dark")
    page.wait_for_function("document.body.dataset.jpThemeLight === 'false'")
    widget.evaluate("node => node.scrollIntoView({block: 'start', behavior: 'instant'})")
    page.screenshot(path=str(artifacts / "lab-dark.png"))

    assert not widget_errors(page)


def test_a_drag_across_two_turns_selects_what_python_snaps(page, lab, work, artifacts):
    """Drag from inside Peskov's first answer (turn 2) into Saunders's next question (turn 3):
    the widget's selection, read back from the kernel, is Python's snap of the raw offsets
    (clipped to the turn where the drag began), and tagging it makes that very highlight."""
    from closereading import load_interview
    from closereading.text.selection import WordIndex

    interview = load_interview()
    text = interview.text
    # The drag presses in the middle of the phrase's first character and releases in the middle
    # of its last; the browser may put each end before or after that character. Every choice
    # must snap to the same span, or the check below would prove nothing.
    press = text.index("ttitude will be exposed.")
    release = text.index("If I could just") + len("If I coul") - 1
    assert interview.turn_at(press).index == 1 and interview.turn_at(release).index == 2
    words = WordIndex(interview)
    [expected] = {words.snap(s, e) for s in (press, press + 1) for e in (release, release + 1)}
    assert text[slice(*expected)] == "attitude will be exposed"

    widget = open_highlighter(page, lab)
    # The page joins turns without the break and the speaker's label between them.
    drag_across(page, widget, "ttitude will be exposed.If I coul")
    expect(widget.locator(".cr-selected q")).to_have_text("attitude will be exposed")
    shown = lab.run_in_kernel(NOTEBOOK, "print(highlighter.selection)")
    assert shown.strip() == str(list(expected))

    page.keyboard.press("1")
    [made] = wait_for_file(work, lambda a: len(a) == 1, "held the highlight")
    assert (made["start"], made["end"], made["move"]) == (*expected, "hedge")
    mark = widget.locator('.cr-mark[data-move="hedge"]')
    expect(mark).to_have_text("attitude will be exposed")
    widget.locator(".cr-badge").first.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "across-turns.png"))
    assert not widget_errors(page)


def test_notebook_7_highlights_too(page, lab, work, artifacts):
    page.goto(lab.url(f"notebooks/{NOTEBOOK}"))
    lab.wait_for_idle_kernel(NOTEBOOK)
    widget = page.locator(WIDGET)
    # The server may report the earlier test's kernel idle before this page has connected to
    # it; on a loaded machine Run All then does nothing (no cell runs), so ask once more.
    for attempt in (1, 2):
        run_all(page)
        try:
            widget.locator(".cr-seg").first.wait_for(timeout=30_000 * attempt)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    lab.wait_for_idle_kernel(NOTEBOOK)
    drag_across(page, widget, "Diplomacy is preferable")
    expect(widget.locator(".cr-selected q")).to_have_text("Diplomacy is preferable")
    page.keyboard.press("3")
    wait_for_file(
        work,
        lambda a: quotes(a) == {"Diplomacy is preferable": "attitude-marker"},
        "held the attitude marker",
    )
    widget.locator('.cr-mark[data-move="attitude-marker"]').first.wait_for()
    # The key went to the highlighter, not to Notebook 7's shortcuts ("3" makes a heading).
    assert page.locator(".jp-CodeCell", has=widget).count() == 1
    widget.evaluate("node => node.scrollIntoView({block: 'start', behavior: 'instant'})")
    page.screenshot(path=str(artifacts / "notebook7.png"))
    assert not widget_errors(page)
