"""The evidence board of notebook 07 in a real JupyterLab: an item pinned and unpinned with the
keyboard alone (Tab to its button, Enter, then Space), saved to work/ at once; labels readable."""

from __future__ import annotations

import json
import os

import pytest
from playwright.sync_api import expect

from tests import kernel_ports

from .lab import open_and_run, poll

pytestmark = pytest.mark.browser

NOTEBOOK = "notebooks/07-writing-the-reading.ipynb"
BOARD = ".closereading-evidence"


def pins(work_dir):
    path = work_dir / "evidence" / "student.json"
    return json.loads(path.read_text("utf-8"))["pins"] if path.exists() else []


def test_an_item_is_pinned_and_unpinned_from_the_keyboard(page, lab, artifacts):
    from closereading import load_interview
    from closereading.annotation.model import AnnotationSet

    interview = load_interview()
    (lab.work_dir / "evidence" / "student.json").unlink(missing_ok=True)
    highlights = AnnotationSet(interview, author="student")
    start = interview.text.index("in no way")
    highlights.add("booster", start, start + len("in no way"), note="closes the door <firmly>")
    highlights.save(lab.work_dir / "annotations" / "student.json")
    try:
        board = open_and_run(page, lab, NOTEBOOK, BOARD, "button.cr-pin")
        # The server's kernels take their ports from its own block (tests/kernel_ports.py).
        info = json.loads(lab.connection_file(NOTEBOOK).read_text())
        block = kernel_ports.block(kernel_ports.server_slot(os.environ.get("PYTEST_XDIST_WORKER")))
        assert all(info[f"{name}_port"] in block for name in ("shell", "iopub", "stdin", "hb"))
        row = board.locator("tr", has_text="in no way")
        expect(row).to_contain_text("Booster")  # the move's label, not its id
        expect(row).to_contain_text("closes the door <firmly>")  # as text, not HTML
        button = row.locator("button")
        button.focus()
        page.keyboard.press("Enter")
        poll(lambda: pins(lab.work_dir), lambda p: len(p) == 1, "the pin never reached the file")
        expect(board.locator("tr.cr-pinned")).to_contain_text("in no way")
        expect(board.locator("tr.cr-pinned button")).to_have_text("Unpin")
        expect(board.locator("tr.cr-pinned button")).to_be_focused()  # focus stays on it
        board.scroll_into_view_if_needed()
        board.screenshot(path=str(artifacts / "evidence-board.png"))
        page.keyboard.press("Space")
        poll(lambda: pins(lab.work_dir), lambda p: p == [], "the unpin never reached the file")
        expect(board.locator("tr.cr-pinned")).to_have_count(0)
    finally:
        (lab.work_dir / "annotations" / "student.json").unlink(missing_ok=True)
        (lab.work_dir / "evidence" / "student.json").unlink(missing_ok=True)
