"""The pronoun table of notebook 06 in a real JupyterLab: a referent chosen with the mouse and one
with the keyboard (with a note) are saved to work/, and come back from disk after a reload. (With
the kernel gone: ``test_dead_kernel_browser.py``.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .lab import open_and_run, poll

pytestmark = pytest.mark.browser

NOTEBOOK = "notebooks/06-positioning.ipynb"
TABLE = ".closereading-pronouns"


def assignments(work_dir: Path) -> dict[str, dict]:
    path = work_dir / "pronouns" / "student.json"
    if not path.exists():
        return {}
    return {str(a["start"]): a for a in json.loads(path.read_text("utf-8"))["assignments"]}


def wait_for(work_dir: Path, check, what: str, timeout: float = 15) -> dict[str, dict]:
    failure = f"work/pronouns/student.json never {what}"
    return poll(lambda: assignments(work_dir), check, failure, timeout)


@pytest.fixture(scope="module")
def page(module_page):
    """One page for the module."""
    return module_page


def open_table(page, lab):
    return open_and_run(page, lab, NOTEBOOK, TABLE, "select.cr-pronoun-1")


def test_referents_by_mouse_and_keyboard_are_saved_and_restored(page, lab, artifacts):
    (lab.work_dir / "pronouns" / "student.json").unlink(missing_ok=True)
    from closereading import load_interview
    from closereading.analysis.positioning import pronouns

    we = [m for m in pronouns(load_interview()) if m.group == "first-person plural"]
    first, second = str(we[0].start), str(we[1].start)
    table = open_table(page, lab)

    # 1. Mouse: click the first list, choose "the government".
    choice = table.locator("select.cr-pronoun-1")
    choice.click()
    choice.select_option(label="the government")
    wait_for(
        lab.work_dir,
        lambda a: a.get(first, {}).get("referent") == "government",
        "held the mouse choice",
    )

    # 2. Keyboard only: focus the second list, arrow down to the last referent ("ambiguous"),
    #    Tab to its note, type, Enter. (More presses than options: the last one stays chosen.)
    table.locator("select.cr-pronoun-2").focus()
    for _ in range(10):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.type("who witnessed? <not said>")
    page.keyboard.press("Enter")  # a note may have several lines
    page.keyboard.type("second line")
    page.keyboard.press("Tab")  # leaving the box saves it
    saved = wait_for(
        lab.work_dir,
        lambda a: a.get(second, {}).get("note") == "who witnessed? <not said>\nsecond line",
        "held the keyboard choice and note",
    )
    assert saved[second]["referent"] == "ambiguous"

    # 3. Type to jump by any word of a referent: "n" is Russia as a nation, "wh" the whole
    #    world (four labels begin with "the", so first letters alone cannot tell them apart).
    third = str(we[2].start)
    table.locator("select.cr-pronoun-3").focus()
    page.keyboard.type("n")
    wait_for(lab.work_dir, lambda a: a.get(third, {}).get("referent") == "nation", "jumped to n")
    page.wait_for_timeout(1000)  # a pause starts a new search
    page.keyboard.type("wh")
    wait_for(
        lab.work_dir, lambda a: a.get(third, {}).get("referent") == "whole-world", "jumped to wh"
    )
    # "Saving…" until Python's answer arrives (just after the file is written), then its word.
    expect(table.locator("[role=status]")).to_contain_text("3 given a referent")
    table.scroll_into_view_if_needed()
    table.screenshot(path=str(artifacts / "pronoun-table.png"))

    # 3. Reload and run again: both choices and the note come back from the file.
    page.reload()
    table = open_table(page, lab)
    assert table.locator("select.cr-pronoun-1").input_value() == "government"
    assert table.locator("select.cr-pronoun-2").input_value() == "ambiguous"
    assert (
        table.locator("textarea.cr-pronoun-note-2").input_value()
        == "who witnessed? <not said>\nsecond line"
    )
    lab.shut_down_kernels()
