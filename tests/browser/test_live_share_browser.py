"""The "Share with my class" switch in a real JupyterLab: in the pronoun table of notebook 06 the
switch (added to every saved widget by prelude.js's ``connectWidget``) asks Python to share; the
reading goes into the outbox in work/sharing/ and the widget says it is waiting, since this
JupyterLab runs on no hub; asking for the class's heat map says it cannot be fetched; switching
off withdraws. Keyboard only: Tab to the switch, Space."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .lab import open_and_run, poll

pytestmark = pytest.mark.browser

NOTEBOOK = "notebooks/06-positioning.ipynb"
TABLE = ".closereading-pronouns"


def outbox(work_dir: Path) -> dict:
    path = work_dir / "sharing" / "outbox.json"
    if not path.exists():
        return {}
    return {e["id"]: e for e in json.loads(path.read_text("utf-8"))["entries"]}


def test_the_switch_shares_into_the_outbox_and_says_what_happened(page, lab):
    (lab.work_dir / "sharing" / "outbox.json").unlink(missing_ok=True)
    table = open_and_run(page, lab, NOTEBOOK, TABLE, "select.cr-pronoun-1")
    switch = table.locator("input.cr-share-box")
    said = table.locator(".cr-share-status")
    expect(switch).not_to_be_checked()
    expect(said).to_have_text("Not shared with your class.")
    # A referent first, so that there is a file to share.
    table.locator("select.cr-pronoun-1").select_option(label="the government")
    switch.focus()
    page.keyboard.press("Space")
    entry = poll(lambda: outbox(lab.work_dir).get("pronouns"), lambda e: e and e["share"],
                 "the outbox never held the shared reading")  # fmt: skip
    assert entry["reading"]["schema"].startswith("closereading.pronouns/")
    expect(said).to_contain_text("waiting to be sent", timeout=15_000)
    expect(said).to_contain_text("not on a JupyterHub")
    expect(switch).to_be_checked()

    # The class's heat map, asked for in the widget: on no hub it says it cannot be fetched.
    show = table.get_by_role("button", name="Show the class's heat map")
    show.focus()
    page.keyboard.press("Enter")
    view = table.locator(".cr-class-view")
    expect(view).to_contain_text("cannot be fetched now")
    expect(view).to_contain_text("not on a JupyterHub")
    table.get_by_role("button", name="Hide the class's heat map").click()
    expect(view).to_be_hidden()

    switch.click()
    poll(lambda: outbox(lab.work_dir).get("pronouns"), lambda e: e and not e["share"],
         "the withdrawal never reached the outbox")  # fmt: skip
    expect(switch).not_to_be_checked()
