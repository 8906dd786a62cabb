"""The highlighter in a real JupyterLab when things go wrong or get crowded.

- A new highlight is outlined as pending at once and replaced by the mark once Python has saved
  it; redrawing touches only the turn that changed.
- Keyboard and screen-reader details: one Tab stop for the highlights' symbols (arrow keys move
  among them), Escape leaves the note box for the text, every ``aria-describedby`` points at
  something, and four stacked underlines do not run into the next line.
- One walk-through with the keyboard alone, from the first control into the text: select, tag,
  write a note, delete, undo.
- Highlights that no longer match the text are listed (quote, move, note) and can be re-attached
  to a selection or deleted, with the keyboard.
- A kernel that dies while the widget is shown: ``test_dead_kernel_browser.py``, with the other
  widgets in one notebook.

Screenshots go to ``tests/browser/artifacts/`` (git-ignored).
"""

from __future__ import annotations

import json
import re
import time

import pytest
from playwright.sync_api import expect

from .lab import light_theme, open_and_run, widget_errors
from .test_highlighter_browser import NOTEBOOK, quotes, wait_for_file

pytestmark = pytest.mark.browser

# Records, in order, how many pending outlines and how many marks of a move the text holds after
# every change to it.
WATCH_JS = """
([root, move]) => {
  const text = root.querySelector('.cr-text');
  window.__crLog = [];
  const note = () => window.__crLog.push([
    text.querySelectorAll('.cr-pending').length,
    text.querySelectorAll(`.cr-mark[data-move="${move}"]`).length,
  ]);
  window.__crTurns = [...text.querySelectorAll('p')];
  new MutationObserver(note).observe(text, {childList: true, subtree: true});
}
"""

# The deepest underline in the text and the room left under it before the next line's letters:
# the underline's bottom is at most the text box's bottom plus its offset and thickness (the box
# reaches below the baseline), and the next line's letters start one line height below this one's.
UNDERLINE_ROOM_JS = """
(root) => {
  let deepest = null;
  for (const mark of root.querySelectorAll('.cr-text .cr-mark')) {
    const offset = parseFloat(mark.style.getPropertyValue('--cr-offset'));
    if (!deepest || offset > deepest.offset) deepest = {mark, offset};
  }
  const p = deepest.mark.closest('p');
  const lineHeight = parseFloat(getComputedStyle(p).lineHeight);
  const box = deepest.mark.querySelector('.cr-seg').getClientRects()[0];
  const thickness = parseFloat(getComputedStyle(deepest.mark).textDecorationThickness);
  return {offset: deepest.offset, lineHeight,
          room: box.top + lineHeight - (box.bottom + deepest.offset + thickness)};
}
"""

DANGLING_JS = """
(root) => [...root.querySelectorAll('[aria-describedby]')]
  .flatMap((node) => node.getAttribute('aria-describedby').split(/\\s+/))
  .filter((id) => !document.getElementById(id))
"""


def focused(page) -> dict:
    return page.evaluate(
        "() => { const a = document.activeElement;"
        " return {cls: a.className, ann: a.dataset ? a.dataset.ann || null : null}; }"
    )


@pytest.fixture(scope="module")
def page(module_page):
    """One page for the module: each test runs notebook 04 again in it (lab.open_and_run)."""
    return module_page


def open_highlighter(page, lab):
    """Notebook 04 run (again) in the module's page; its new highlighter."""
    return open_and_run(page, lab, NOTEBOOK, ".closereading-highlighter", ".cr-seg")


def select_by_keyboard(page, widget) -> str:
    """In the text, ↓ selects the first sentence (of Saunders's first question); its quote."""
    widget.locator(".cr-text").focus()
    page.keyboard.press("ArrowDown")
    selected = widget.locator(".cr-selected q")
    expect(selected).to_have_text(re.compile(r"\w"))
    return selected.text_content()


def test_a_new_highlight_is_pending_until_python_has_saved_it(page, lab, work, artifacts):
    widget = open_highlighter(page, lab)
    quote = select_by_keyboard(page, widget)
    page.evaluate(WATCH_JS, [widget.element_handle(), "attitude-marker"])
    page.keyboard.press("3")
    wait_for_file(work, lambda a: quotes(a) == {quote: "attitude-marker"}, "held it")
    expect(widget.locator('.cr-mark[data-move="attitude-marker"]')).to_have_count(1)
    expect(widget.locator(".cr-pending")).to_have_count(0)
    log = page.evaluate("window.__crLog")
    # First the outline alone, then the mark; at the end the mark alone.
    assert log[0] == [1, 0], log
    assert log[-1] == [0, 1], log
    # Only the turn with the new highlight was drawn again; every other paragraph is the same
    # element.
    kept = page.evaluate(
        "() => window.__crTurns.map((p) => p.isConnected)",
    )
    assert kept.count(False) == 1, kept
    assert "Saved 1 highlight" in widget.locator(".cr-status").text_content()
    assert not widget_errors(page)


FOUR_ON_ONE_PHRASE = (
    "t = highlighter.document['text']; s = t.index('Diplomacy is preferable')\n"
    "for move, n in (('hedge', 9), ('booster', 12), ('attitude-marker', 23), "
    "('self-mention', 23)):\n"
    "    highlighter.add(move, s, s + n)\n"
)


def four_stacked(page, lab, widget):
    """Four highlights on the same words (four underline lanes), made through the kernel."""
    lab.run_in_kernel(NOTEBOOK, FOUR_ON_ONE_PHRASE)
    expect(widget.locator(".cr-badge")).to_have_count(4)


def test_four_stacked_underlines_leave_the_next_line_alone(page, lab, work, artifacts):
    widget = open_highlighter(page, lab)
    light_theme(page)
    four_stacked(page, lab, widget)
    room = page.evaluate(UNDERLINE_ROOM_JS, widget.element_handle())
    widget.locator(".cr-text .cr-mark").first.evaluate(
        "node => node.closest('p').scrollIntoView({block: 'center', behavior: 'instant'})"
    )
    page.screenshot(path=str(artifacts / "four-lanes.png"))
    assert room["room"] >= 0, room
    assert not widget_errors(page)


def test_one_tab_stop_for_the_symbols_and_arrow_keys_among_them(page, lab, work):
    widget = open_highlighter(page, lab)
    four_stacked(page, lab, widget)
    badges = widget.locator(".cr-badge")
    assert badges.evaluate_all("bs => bs.filter((b) => b.tabIndex === 0).length") == 1
    widget.locator(".cr-text").focus()
    page.keyboard.press("Tab")
    first = focused(page)
    assert "cr-badge" in first["cls"]
    page.keyboard.press("ArrowRight")
    second = focused(page)
    assert "cr-badge" in second["cls"] and second["ann"] != first["ann"]
    assert badges.evaluate_all("bs => bs.filter((b) => b.tabIndex === 0).length") == 1
    page.keyboard.press("Tab")  # past the symbols: into the side panel
    assert "cr-badge" not in focused(page)["cls"]
    page.keyboard.press("Shift+Tab")
    assert focused(page)["ann"] == second["ann"]  # back to the symbol last used
    assert not widget_errors(page)


def test_escape_leaves_the_note_and_no_description_dangles(page, lab, work):
    widget = open_highlighter(page, lab)
    assert page.evaluate(DANGLING_JS, widget.element_handle()) == []
    lab.run_in_kernel(
        NOTEBOOK,
        "s = highlighter.document['text'].index('Diplomacy')\nhighlighter.add('hedge', s, s + 9)\n",
    )
    widget.locator(".cr-badge").click()  # opens the highlight's details, the note focused
    note = widget.locator(".cr-side textarea.cr-note")
    expect(note).to_be_focused()
    # With the details open (the help list gone), the text's description is still there.
    assert page.evaluate(DANGLING_JS, widget.element_handle()) == []
    note.fill("Four readings of one phrase.")
    page.keyboard.press("Escape")
    assert "cr-text" in focused(page)["cls"]
    wait_for_file(
        work, lambda a: any(x["note"] == "Four readings of one phrase." for x in a), "held it"
    )
    assert not widget_errors(page)


def wait_for_focus_to_settle(page, quiet: float = 1.5, timeout: float = 15) -> None:
    """Wait until JupyterLab has stopped moving the focus: when Run All ends, it focuses the last
    cell, and on a loaded machine that can come after the kernel reports idle."""
    deadline = time.monotonic() + timeout
    last, since = None, time.monotonic()
    while time.monotonic() < deadline:
        now = page.evaluate(
            "() => { const a = document.activeElement;"
            " return a ? a.tagName + '.' + a.className : ''; }"
        )
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
        time.sleep(0.1)


def tab_until(page, cls: str, limit: int = 40) -> int:
    """Press Tab until the focused element has class ``cls``; how many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if cls in focused(page)["cls"].split():
            return presses
    pytest.fail(f"{limit} presses of Tab never reached .{cls}; focus is on {focused(page)}")


def test_a_keyboard_only_walk_through_select_tag_note_delete_undo(page, lab, work, artifacts):
    """No mouse from the first control on: every step is a key press, and each is checked
    on the page and in the student's file."""
    widget = open_highlighter(page, lab)
    wait_for_focus_to_settle(page)
    cells = page.locator(".jp-Cell").count()
    # Into the widget at its first control (where Tab from the cell above lands), then Tab
    # along the move buttons and toggles to the text.
    widget.locator("button, input, [tabindex='0']").first.focus()
    tab_until(page, "cr-text")

    # Select: ↓ the first sentence, Shift+← gives back its last word.
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Shift+ArrowLeft")
    selected = widget.locator(".cr-selected q")
    expect(selected).to_have_text("Do you believe that additional sanctions would be")
    # Tag: "5" is the engagement marker's key.
    page.keyboard.press("5")
    wait_for_file(
        work,
        lambda a: (
            quotes(a) == {"Do you believe that additional sanctions would be": "engagement-marker"}
        ),
        "held the keyboard highlight",
    )
    expect(widget.locator('.cr-mark[data-move="engagement-marker"]')).to_have_count(1)
    # The redraw that drew the mark left the keyboard where it was.
    expect(widget.locator(".cr-text")).to_be_focused()

    # Note: Tab from the text to the highlight's symbol, Enter opens it with the note focused.
    tab_until(page, "cr-badge", limit=3)
    page.keyboard.press("Enter")
    note = widget.locator(".cr-side textarea.cr-note")
    expect(note).to_be_focused()
    page.keyboard.type("Asks Peskov directly; a yes or no is the full answer.")
    page.keyboard.press("Enter")
    wait_for_file(
        work,
        lambda a: (
            [x["note"] for x in a] == ["Asks Peskov directly; a yes or no is the full answer."]
        ),
        "held the note",
    )
    page.screenshot(path=str(artifacts / "keyboard-note.png"))

    # Delete: Tab from the note to "Delete highlight", Enter.
    tab_until(page, "cr-delete", limit=3)
    page.keyboard.press("Enter")
    wait_for_file(work, lambda a: a == [], "dropped the highlight")
    expect(widget.locator(".cr-text .cr-mark")).to_have_count(0)

    # Undo: Ctrl+Z (focus is back in the text) brings it back, note and all.
    assert "cr-text" in focused(page)["cls"]
    page.keyboard.press("Control+z")
    wait_for_file(
        work,
        lambda a: (
            [(x["move"], x["note"]) for x in a]
            == [("engagement-marker", "Asks Peskov directly; a yes or no is the full answer.")]
        ),
        "held the highlight again after undo",
    )
    expect(widget.locator('.cr-mark[data-move="engagement-marker"]')).to_have_count(1)
    # None of the keys reached JupyterLab (a digit would turn the cell into a heading, Ctrl+Z
    # would undo in the notebook).
    assert page.locator(".jp-Cell").count() == cells
    assert not widget_errors(page)


def write_orphans(work_dir) -> None:
    """A file with three highlights whose first two quotes are no longer in the text."""
    from closereading import load_interview
    from closereading.annotation.model import AnnotationSet

    interview = load_interview()
    text = interview.text
    reading = AnnotationSet(interview, author="student")
    for phrase, move, note in (
        ("Diplomacy", "hedge", "was <b>softer</b> in the first version"),
        ("Definitely", "booster", ""),
        ("Frankly speaking", "booster", ""),
    ):
        start = text.index(phrase)
        reading.add(move, start, start + len(phrase), note)
    path = work_dir / "annotations" / "student.json"
    reading.save(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["transcript"]["sha256"] = "0" * 64  # as if the text had changed
    for record, gone in zip(data["annotations"], ("we were never sure", "without any doubt")):
        record["quote"], record["prefix"], record["suffix"] = gone, "", ""
    path.write_text(json.dumps(data), encoding="utf-8")


def test_orphans_are_listed_reattached_and_deleted_with_the_keyboard(page, lab, work, artifacts):
    write_orphans(work)
    widget = open_highlighter(page, lab)
    light_theme(page)
    orphans = widget.locator(".cr-orphans .cr-orphan")
    expect(orphans).to_have_count(2)
    hedge = orphans.filter(has_text="we were never sure")
    expect(hedge).to_contain_text("Hedge")
    expect(hedge).to_contain_text("was <b>softer</b> in the first version")  # as text
    widget.locator(".cr-orphans").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "orphans.png"))

    # Select the words (the mouse and the arrow keys are tested elsewhere; here Python selects
    # them, as "Show in text" does), then re-attach from the keyboard.
    lab.run_in_kernel(
        NOTEBOOK,
        "s = highlighter.document['text'].index('Diplomacy is preferable')\n"
        "highlighter.select(s, s + 23)\n",
    )
    expect(widget.locator(".cr-selected q")).to_have_text("Diplomacy is preferable")
    hedge.get_by_role("button", name=re.compile("^Re-attach the Hedge")).focus()
    page.keyboard.press("Enter")
    wait_for_file(
        work,
        lambda a: any(
            x["quote"] == "Diplomacy is preferable" and x["move"] == "hedge" and "orphan" not in x
            for x in a
        ),
        "held the re-attached hedge",
    )
    expect(orphans).to_have_count(1)
    expect(widget.locator('.cr-mark[data-move="hedge"]')).to_have_text("Diplomacy is preferable")

    orphans.get_by_role("button", name=re.compile("^Delete the Booster")).focus()
    page.keyboard.press("Space")
    wait_for_file(
        work,
        lambda a: sorted(x["quote"] for x in a) == ["Diplomacy is preferable", "Frankly speaking"],
        "dropped the deleted booster",
    )
    expect(widget.locator(".cr-orphans")).to_be_hidden()
    assert not widget_errors(page)
