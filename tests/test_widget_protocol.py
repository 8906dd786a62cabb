"""Tests for what the course's widgets share between page and kernel: one front-end prelude
(``static/prelude.js``) in front of each widget's own module, and one list of the messages that
change the reader's file, declared in Python and synced to the page (the page's use of it is
tested in a bare browser page, ``tests/browser/test_prelude_browser.py``)."""

from __future__ import annotations

import re

import pytest

from closereading.widgets._frontend import PRELUDE, STATIC, module
from closereading.widgets.answer_coder import AnswerCoder
from closereading.widgets.highlighter import Highlighter
from closereading.widgets.pronoun_table import PronounTable

WIDGETS = {
    "highlighter": Highlighter.EDITS,
    "answer_coder": AnswerCoder.EDITS,
    "pronoun_table": PronounTable.EDITS,
}
MODULES = [*sorted(WIDGETS), "kernel_watch"]
# A name declared at the top of a file (a module may not declare one twice).
TOP_LEVEL = re.compile(r"^(?:async\s+)?(?:function\*?|class|const|let|var)\s+(\w+)", re.MULTILINE)


@pytest.mark.parametrize("name", MODULES)
def test_each_widget_module_starts_with_the_shared_prelude(name):
    text = module(name)
    shared = (STATIC / PRELUDE).read_text(encoding="utf-8")
    own = (STATIC / f"{name}.js").read_text(encoding="utf-8")
    assert text.startswith(shared)
    assert text.endswith(own)
    assert "new KernelLink(" in own or "connectWidget(" in own
    assert text.count("export default") == 1


@pytest.mark.parametrize("name", MODULES)
def test_no_widget_declares_again_what_the_prelude_declares(name):
    """The prelude's helpers exist once; a copy in a widget's own file would drift from it, and
    in one module it is a syntax error that tsc does not report for JavaScript."""
    shared = set(TOP_LEVEL.findall((STATIC / PRELUDE).read_text(encoding="utf-8")))
    own = set(TOP_LEVEL.findall((STATIC / f"{name}.js").read_text(encoding="utf-8")))
    assert {"h", "isTyping", "STEP_KEYS", "pointToOffset", "KernelLink"} <= shared
    assert not shared & own, f"{name}.js declares again: {sorted(shared & own)}"


@pytest.mark.parametrize("name", sorted(WIDGETS))
def test_python_declares_the_edits_once_and_syncs_them_to_the_page(name, work, interview):
    make = {"highlighter": Highlighter, "answer_coder": AnswerCoder, "pronoun_table": PronounTable}
    widget = make[name](interview)
    assert set(widget.edits) == set(WIDGETS[name])
    assert widget.trait_metadata("edits", "sync")
    assert "edits" in widget.get_state()
    own = (STATIC / f"{name}.js").read_text(encoding="utf-8")
    # The page reads the model's list; no widget keeps a list of its own to drift from Python's.
    assert not re.search(r"\bEDITS\b", own), f"{name}.js declares its own EDITS"


def test_every_note_box_carries_a_kernel_watch(tmp_path, monkeypatch):
    from closereading.widgets.kernel_watch import KernelWatch
    from closereading.widgets.notes import NoteBox

    monkeypatch.setenv("CLOSEREADING_WORK_DIR", str(tmp_path))
    box = NoteBox("protocol-check", prompt="Write here")
    watches = [child for child in box.children if isinstance(child, KernelWatch)]
    assert len(watches) == 1
    assert "re-run this cell" in watches[0].message


def test_no_widget_sends_to_python_past_the_link():
    """Every message and trait change from a page goes through the KernelLink, so that none is
    lost silently when the kernel has gone."""
    for name in MODULES:
        own = (STATIC / f"{name}.js").read_text(encoding="utf-8")
        assert "model.send(" not in own, name
        assert "save_changes(" not in own, name


@pytest.mark.parametrize("widget", [Highlighter, AnswerCoder, PronounTable])
def test_every_edit_has_a_handler_and_every_saved_widget_has_one_shape(widget):
    """One shape: each saved widget is a SavedWidget, and each message that changes the file is
    handled by an ``on_`` method of the widget (no message table to drift from the list)."""
    from closereading.widgets._saved import SavedWidget

    assert issubclass(widget, SavedWidget)
    for kind in widget.EDITS:
        assert callable(getattr(widget, "on_" + kind.replace("-", "_"), None)), kind
