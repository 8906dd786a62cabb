"""The answer coder in a real JupyterLab, driven the way a student uses it.

Opens ``notebooks/05-questions-and-answers.ipynb``, runs it, and codes with the mouse (clicking
a unit, dragging across words of the answer, choosing a form from the list) and with the
keyboard (↑ ↓ in the list of units, a number key for the outcome, arrow keys to select words,
E to add them as evidence, Enter to save a justification, Ctrl+Z to undo); merges two units;
checks the student's file on disk after each step; reloads the page, runs it again and finds
every code restored from disk. (With the kernel gone: ``test_dead_kernel_browser.py``.) Finds the widget by its CSS class, never by cell position.
Screenshots go to ``tests/browser/artifacts/`` (git-ignored).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .lab import open_and_run, poll, widget_errors

pytestmark = pytest.mark.browser

NOTEBOOK = "notebooks/05-questions-and-answers.ipynb"
WIDGET = ".closereading-answer-coder"

# The middle of a phrase's first and last characters inside the coder's answer text, which the
# test scrolls into view first (page.mouse does not scroll).
PHRASE_POINTS_JS = """
(root, phrase) => {
  const box = root.querySelector('.ca-answer-text');
  const segs = [...box.querySelectorAll('.ca-seg')];
  const whole = segs.map((s) => s.textContent).join('');
  const at = whole.indexOf(phrase);
  if (at < 0) return null;
  function place(offset) {
    let seen = 0;
    for (const seg of segs) {
      if (offset < seen + seg.textContent.length) return [seg.firstChild, offset - seen];
      seen += seg.textContent.length;
    }
    return null;
  }
  function middle(offset) {
    const [node, i] = place(offset);
    const range = document.createRange();
    range.setStart(node, i);
    range.setEnd(node, i + 1);
    const r = range.getBoundingClientRect();
    // Whole pixels: in headless Chromium here, a drag from a fractional point selected nothing.
    return { x: Math.round(r.left + r.width / 2), y: Math.round(r.top + r.height / 2) };
  }
  return { start: middle(at), end: middle(at + phrase.length - 1) };
}
"""


def codes(work_dir: Path) -> dict:
    path = work_dir / "codes" / "student.json"
    if not path.exists():
        return {"annotations": [], "units": {"starts": []}}
    return json.loads(path.read_text(encoding="utf-8"))


def wait_for_file(work_dir: Path, check, what: str, timeout: float = 15) -> dict:
    """Poll the student's file until ``check(data)`` holds."""
    return poll(lambda: codes(work_dir), check, f"the student's code file never {what}", timeout)


def coded(data: dict) -> dict[str, dict]:
    """unit id -> {outcome, form, evidence quotes, why}, from the W3C entries."""
    found = {}
    for entry in data["annotations"]:
        bodies = {b["purpose"]: b["value"] for b in entry["body"]}
        found[entry["id"].rpartition("#code-")[2]] = {
            "outcome": bodies.get("classifying"),
            "form": bodies.get("tagging"),
            "why": bodies.get("commenting"),
            "evidence": [t["selector"][1]["exact"] for t in entry["target"][1:]],
        }
    return found


def open_coder(page, lab):
    # Run All takes a while on a busy machine: the lesson has a plot and eight note boxes.
    widget = open_and_run(page, lab, NOTEBOOK, WIDGET, ".ca-unit", timeout=90_000)
    widget.scroll_into_view_if_needed()
    return widget


def active_cell_index(page) -> int:
    """The position of the cell JupyterLab has active (its keyboard focus among cells)."""
    return page.evaluate(
        "() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')]"
        ".findIndex((c) => c.classList.contains('jp-mod-active'))"
    )


def drag_across(page, widget, phrase: str) -> None:
    # Scroll first and let JupyterLab's windowed notebook settle: a drag that starts while it
    # is still placing cells after a scroll selects nothing.
    widget.locator(".ca-answer-text").evaluate(
        "node => node.scrollIntoView({block: 'center', behavior: 'instant'})"
    )
    page.wait_for_timeout(500)
    points, deadline = None, time.monotonic() + 10
    while time.monotonic() < deadline:
        points = widget.evaluate(PHRASE_POINTS_JS, phrase)
        if points:
            break
        time.sleep(0.1)
    assert points, f"{phrase!r} is not in the coder's answer text"
    page.mouse.move(points["start"]["x"], points["start"]["y"])
    page.mouse.down()
    page.mouse.move(points["end"]["x"], points["end"]["y"], steps=8)
    page.mouse.up()


def test_code_with_mouse_and_keyboard_undo_merge_and_restore(page, lab, work, artifacts):
    widget = open_coder(page, lab)
    expect(widget.locator(".ca-unit")).to_have_count(5)

    # 1. Mouse: click Q2, choose "Non-reply" and a form, drag across words of the answer.
    widget.locator('.ca-unit[data-unit="u996"]').click()
    expect(widget.locator(".ca-question h4")).to_have_text("Q2 · turn 3 · Saunders")
    widget.get_by_label("Non-reply", exact=False).first.check()
    wait_for_file(work, lambda d: coded(d).get("u996", {}).get("outcome") == "non-reply",
                  "held the outcome")  # fmt: skip
    widget.locator("select.ca-form").select_option("declining-to-answer")
    wait_for_file(work, lambda d: coded(d)["u996"]["form"] == "declining-to-answer",
                  "held the form")  # fmt: skip
    # Tab from the chosen outcome to the list of forms, then ↓: the list changes, not the cell
    # JupyterLab has active (the keys belong to the widget).
    active_before = active_cell_index(page)
    widget.get_by_label("Non-reply", exact=False).first.focus()
    page.keyboard.press("Tab")
    assert widget.evaluate("node => document.activeElement.matches('select.ca-form')")
    page.keyboard.press("ArrowDown")
    wait_for_file(work, lambda d: coded(d)["u996"]["form"] != "declining-to-answer",
                  "held the form chosen with ↓")  # fmt: skip
    assert active_cell_index(page) == active_before, "↓ in the list of forms moved the notebook"
    widget.locator("select.ca-form").select_option("declining-to-answer")
    wait_for_file(work, lambda d: coded(d)["u996"]["form"] == "declining-to-answer",
                  "held the form again")  # fmt: skip
    drag_across(page, widget, "cannot take into account and will not take into account")
    expect(widget.locator(".ca-selected")).to_have_text(
        "Selected: “cannot take into account and will not take into account”"
    )
    page.keyboard.press("e")  # the key goes to the coder, not to JupyterLab
    wait_for_file(
        work,
        lambda d: (
            coded(d)["u996"]["evidence"]
            == ["cannot take into account and will not take into account"]
        ),
        "held the dragged evidence",
    )
    expect(widget.locator(".ca-evidence")).not_to_have_count(0)
    assert page.locator(".jp-CodeCell", has=widget).count() == 1

    # 2. Keyboard: ↑ in the list to Q1, "1" codes a reply; → and Shift+→ select words of the
    #    answer, E adds them; a justification is saved with Enter.
    widget.locator(".ca-units").focus()
    page.keyboard.press("ArrowUp")
    expect(widget.locator(".ca-question h4")).to_have_text("Q1 · turn 1 · Saunders")
    page.keyboard.press("1")
    wait_for_file(work, lambda d: coded(d).get("u233", {}).get("outcome") == "reply",
                  "held the keyboard outcome")  # fmt: skip
    widget.locator(".ca-answer-text").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Shift+ArrowRight")
    expect(widget.locator(".ca-selected")).to_have_text("Selected: “Actually, we don’t”")
    page.keyboard.press("e")
    wait_for_file(work, lambda d: coded(d)["u233"]["evidence"] == ["Actually, we don’t"],
                  "held the keyboard evidence")  # fmt: skip
    why = widget.locator("textarea.ca-justification")
    why.fill("“we don’t believe” answers no: <b>sanctions</b> are not the best way.")
    why.press("Enter")
    wait_for_file(work, lambda d: (coded(d)["u233"]["why"] or "").startswith("“we don’t"),
                  "held the justification")  # fmt: skip
    widget.evaluate("node => node.scrollIntoView({block: 'start', behavior: 'instant'})")
    page.screenshot(path=str(artifacts / "answer-coder.png"))

    # 3. Ctrl+Z takes back the justification, on the page and on disk.
    widget.locator(".ca-units").focus()
    page.keyboard.press("Control+z")
    wait_for_file(work, lambda d: coded(d)["u233"]["why"] is None, "lost the justification")
    expect(widget.locator("textarea.ca-justification")).to_have_value("")

    # 4. Merge Q3 into Q2's turn neighbour: click Q3, merge it with Q4.
    widget.locator('.ca-unit[data-unit="u1377"]').click()
    widget.get_by_role("button", name="Merge with the next unit").click()
    expect(widget.locator(".ca-unit")).to_have_count(4)
    wait_for_file(work, lambda d: 1571 not in d["units"]["starts"], "held the merge")

    # 5. Reload and run again: every code and the merged layout come back from disk.
    page.reload()
    widget = open_coder(page, lab)
    expect(widget.locator(".ca-unit")).to_have_count(4)
    expect(widget.locator('.ca-unit[data-unit="u996"] .ca-unit-code')).to_have_text(
        "✗ Non-reply: Declines to answer"
    )
    expect(widget.locator('.ca-unit[data-unit="u233"] .ca-unit-code')).to_have_text("✓ Reply")
    assert "4 question units, 2 coded" in widget.locator(".ca-status").text_content()

    # 6. The reference coding, on request, once the reader has finished (not every unit is
    # coded here, so it waits and says why).
    widget.get_by_label("Show the reference coding").check()
    widget.locator(".ca-reference-note").wait_for()
    assert "opens when every unit is coded" in widget.locator(".ca-reference-note").inner_text()
    widget.get_by_label("I have finished coding").check()
    widget.locator(".ca-reference-table").wait_for()
    assert "Shared evidence" in widget.locator(".ca-reference-table thead").inner_text()
    assert widget.locator(".ca-reference-table tbody tr").count() == 4
    widget.locator(".ca-reference").evaluate(
        "node => node.scrollIntoView({block: 'start', behavior: 'instant'})"
    )
    page.screenshot(path=str(artifacts / "answer-coder-reference.png"))
    assert not widget_errors(page)
