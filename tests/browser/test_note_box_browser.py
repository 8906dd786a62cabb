"""The note box of notebook 00 in a real JupyterLab: what is typed is saved to work/notes/, and
when the kernel goes the box says so in place and turns read-only, so nothing more is typed into
a note that cannot be saved."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .lab import open_note_box, poll, widget_errors

pytestmark = pytest.mark.browser

NOTEBOOK = "notebooks/00-start-here.ipynb"
NOTE = "00-first-impressions"


def wait_for_note(work_dir, text: str, timeout: float = 15) -> None:
    path = work_dir / "notes" / f"{NOTE}.md"

    def read() -> str | None:
        return path.read_text(encoding="utf-8") if path.exists() else None

    poll(read, lambda saved: text in saved, f"work/notes/{NOTE}.md never held {text!r}", timeout)


def test_a_note_is_saved_and_a_dead_kernel_makes_the_box_read_only(page, lab, artifacts):
    box = open_note_box(page, lab, NOTEBOOK, NOTE)
    area = box.locator("textarea")
    page.keyboard.type("A headline that takes a side.")
    wait_for_note(lab.work_dir, "A headline that takes a side.")

    lab.shut_down_kernels()  # through the REST API, as a crash or "Shut Down Kernel" would
    notice = box.locator(".cr-kernel-watch")
    expect(notice).to_be_visible(timeout=20_000)
    expect(notice).to_contain_text("Not connected to Python")
    expect(area).not_to_be_editable()
    # The text stays on the screen, to be copied; the file keeps what was saved.
    assert area.input_value() == "A headline that takes a side."
    notice.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "note-box-kernel-gone.png"))
    assert not widget_errors(page)
