"""The note box of notebook 00 when the Jupyter server, not the kernel, stops answering: the
kernel still runs, so its status says nothing, but what is typed can no longer reach it. The box
must say so in place and turn read-only instead of taking text that is never saved. The server
is frozen (SIGSTOP) and woken again (SIGCONT) so that the module's later tests still have it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
import urllib.error

import pytest
from playwright.sync_api import expect

from .lab import open_note_box, poll, widget_errors

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(sys.platform == "win32", reason="freezes the server with SIGSTOP"),
]

NOTEBOOK = "notebooks/00-start-here.ipynb"
NOTE = "00-first-impressions"


@contextlib.contextmanager
def frozen(lab):
    """The server stops answering, its connections left open, as when it hangs."""
    os.kill(lab.process.pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(lab.process.pid, signal.SIGCONT)
        deadline = time.monotonic() + 30
        while True:
            try:
                lab.api("GET", "status")
                break
            except (OSError, urllib.error.URLError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)


def test_a_server_that_stops_answering_makes_the_note_box_read_only(page, lab, artifacts):
    path = lab.work_dir / "notes" / f"{NOTE}.md"
    box = open_note_box(page, lab, NOTEBOOK, NOTE)
    area = box.locator("textarea")
    page.keyboard.type("Saved before.")
    poll(
        lambda: path.read_text(encoding="utf-8") if path.exists() else None,
        lambda saved: "Saved before." in saved,
        f"work/notes/{NOTE}.md never held the first words",
    )
    notice = box.locator(".cr-kernel-watch")
    expect(notice).to_be_hidden()

    with frozen(lab):
        page.keyboard.type(" Typed while the server hangs.")
        # The watch's question goes unanswered, then its ping: about eight seconds.
        expect(notice).to_be_visible(timeout=25_000)
        expect(notice).to_contain_text("Not connected to Python")
        expect(area).not_to_be_editable()
        # What was typed stays on the screen, to be copied.
        assert area.input_value() == "Saved before. Typed while the server hangs."
        notice.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / "note-box-server-frozen.png"))
    assert not widget_errors(page)
