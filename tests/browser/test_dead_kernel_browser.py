"""The course's widgets when their kernel dies, in a real JupyterLab: one notebook shows the note
box, the highlighter, the answer coder and the pronoun table, as lessons 00, 04, 05 and 06 make
them; one kernel is shut down through the server's REST API (as a crash or "Shut Down Kernel"
would), and every widget says so in place, counts the changes that were not saved and refuses new
ones. The note box keeps what was typed on the screen, read-only, and its file what was saved.

One notebook for all four, so that the lessons are not each opened and run again for this.
Screenshots of each widget go to ``tests/browser/artifacts/`` (git-ignored), as does the notebook.
"""

from __future__ import annotations

import nbformat
import pytest
from playwright.sync_api import expect

from .lab import NOTE_BOX, ROOT, light_theme, open_and_run, poll, widget_errors
from .test_answer_coder_browser import codes
from .test_highlighter_safety import select_by_keyboard
from .test_pronouns_browser import assignments

pytestmark = pytest.mark.browser

NOTE = "00-first-impressions"


def wait_for_note(work_dir, text: str, timeout: float = 15) -> None:
    path = work_dir / "notes" / f"{NOTE}.md"

    def read() -> str | None:
        return path.read_text(encoding="utf-8") if path.exists() else None

    poll(read, lambda saved: text in saved, f"work/notes/{NOTE}.md never held {text!r}", timeout)


#: Each widget made as its lesson makes it (the note box is lesson 00's first).
CELLS = (
    "import closereading as cr\n"
    "from closereading.widgets import Highlighter\n"
    "from closereading.widgets.answer_coder import AnswerCoder\n"
    "from closereading.widgets.notes import NoteBox\n"
    "from closereading.widgets.pronoun_table import PronounTable\n"
    "interview = cr.load_interview()",
    f'NoteBox("{NOTE}", prompt="My first impressions of the interview ...")',
    'highlighter = Highlighter(author="student")\nhighlighter',
    'coder = AnswerCoder(author="student")\ncoder',
    'table = PronounTable(interview, author="student")\ntable',
)


@pytest.fixture
def notebook(artifacts) -> str:
    """The notebook, written under the folder the test's JupyterLab serves; its path there."""
    path = artifacts / "all-widgets.ipynb"
    made = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    made.metadata["kernelspec"] = {
        "name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"
    }  # fmt: skip
    nbformat.write(made, path)
    return path.relative_to(ROOT).as_posix()


def test_every_widget_says_in_place_that_its_kernel_died_and_refuses_changes(
    page, lab, work, notebook, artifacts
):
    (work / "notes" / f"{NOTE}.md").unlink(missing_ok=True)
    table = open_and_run(page, lab, notebook, ".closereading-pronouns", "select.cr-pronoun-1")
    light_theme(page)
    box = page.locator(NOTE_BOX).filter(has_text=f"work/notes/{NOTE}.md")
    highlighter = page.locator(".closereading-highlighter")
    coder = page.locator(".closereading-answer-coder")

    # Before: a note typed and saved; a passage selected in the highlighter.
    area = box.locator("textarea")
    area.click()
    page.keyboard.type("A headline that takes a side.")
    wait_for_note(work, "A headline that takes a side.")
    select_by_keyboard(page, highlighter)

    lab.shut_down_kernels()
    # The pronoun table first, at once: a list is disabled as soon as the page hears that the
    # kernel has gone, so a choice can only be tried before. It is refused and counted; then
    # every list and box refuses.
    table.locator("select.cr-pronoun-1").select_option(label="the government")
    message = table.locator(".cr-offline-message")
    expect(message).to_be_visible(timeout=20_000)
    expect(message).to_contain_text("Not connected to Python — re-run this cell")
    expect(message).to_contain_text("1 change was not saved")
    assert "Saved" not in table.locator("[role=status]").inner_text()
    assert table.locator("select.cr-pronoun-2").is_disabled()
    assert not table.locator("textarea.cr-pronoun-note-1").is_editable()  # read-only
    assert assignments(work) == {}

    # The highlighter: a move's key on the passage selected before. If the key went out before
    # the page heard, its outline stays, marked as not saved; if the page had heard, the key was
    # refused and no outline was drawn. Either way the change is counted and nothing looks as if
    # it were still being saved.
    highlighter.locator(".cr-text").focus()
    page.keyboard.press("1")
    message = highlighter.locator(".cr-offline-message")
    expect(message).to_be_visible(timeout=20_000)
    expect(message).to_contain_text("Not connected to Python — re-run this cell")
    expect(message).to_contain_text("1 change was not saved")
    expect(highlighter.locator(".cr-pending:not(.cr-unsaved)")).to_have_count(0)
    assert highlighter.locator(".cr-pending.cr-unsaved").count() <= 1
    highlighter.locator(".cr-text").focus()
    page.keyboard.press("2")
    expect(message).to_contain_text("2 changes were not saved")
    assert highlighter.locator(".cr-move").first.is_disabled()
    assert "Saved" not in highlighter.locator(".cr-status").text_content()
    assert highlighter.locator(".cr-text .cr-mark").count() == 0
    assert not (work / "annotations" / "student.json").exists()
    message.scroll_into_view_if_needed()
    highlighter.screenshot(path=str(artifacts / "kernel-gone.png"))

    # The answer coder: an outcome's key is refused and counted, then another; all disabled.
    coder.locator(".ca-list, .ca-units").first.focus()
    page.keyboard.press("1")
    message = coder.locator(".ca-offline-message")
    expect(message).to_be_visible(timeout=20_000)
    expect(message).to_contain_text("Not connected to Python — re-run this cell")
    expect(message).to_contain_text("1 change was not saved")
    page.keyboard.press("2")
    expect(message).to_contain_text("2 changes were not saved")
    assert coder.locator("button").first.is_disabled()
    assert "Saved" not in coder.locator(".ca-status").text_content()
    assert codes(work)["annotations"] == []
    message.scroll_into_view_if_needed()
    coder.screenshot(path=str(artifacts / "answer-coder-kernel-gone.png"))

    # The note box: read-only, its text still on the screen to be copied; the file keeps it.
    notice = box.locator(".cr-kernel-watch")
    expect(notice).to_be_visible(timeout=20_000)
    expect(notice).to_contain_text("Not connected to Python")
    expect(area).not_to_be_editable()
    assert area.input_value() == "A headline that takes a side."
    wait_for_note(work, "A headline that takes a side.")
    notice.scroll_into_view_if_needed()
    box.screenshot(path=str(artifacts / "note-box-kernel-gone.png"))
    assert not widget_errors(page)
