"""Tests for what the course's widgets share between page and kernel: one front-end connection
module (``static/connection.js``) in front of each widget's own, and the same list of changes on
both sides."""

from __future__ import annotations

import json
import re

import pytest

from closereading.widgets import _coder_messages, _messages, pronoun_table
from closereading.widgets._frontend import STATIC, module

WIDGETS = {
    "highlighter": _messages.EDITS,
    "answer_coder": _coder_messages.EDITS,
    "pronoun_table": pronoun_table.EDITS,
}


@pytest.mark.parametrize("name", [*sorted(WIDGETS), "kernel_watch"])
def test_each_widget_module_starts_with_the_shared_connection(name):
    text = module(name)
    shared = (STATIC / "connection.js").read_text(encoding="utf-8")
    assert text.startswith(shared)
    assert text.endswith((STATIC / f"{name}.js").read_text(encoding="utf-8"))
    # The link is defined once, in the shared part; the widget's own file only uses it.
    assert text.count("class KernelLink") == 1
    assert "new KernelLink(" in text[len(shared) :]
    assert text.count("export default") == 1


@pytest.mark.parametrize("name", sorted(WIDGETS))
def test_the_page_and_python_agree_on_which_messages_change_the_file(name):
    own = (STATIC / f"{name}.js").read_text(encoding="utf-8")
    found = re.search(r"const EDITS = (\[[^\]]*\]);", own)
    assert found, f"{name}.js has no EDITS list"
    assert set(json.loads(found.group(1))) == set(WIDGETS[name])


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
    for name in [*WIDGETS, "kernel_watch"]:
        own = (STATIC / f"{name}.js").read_text(encoding="utf-8")
        assert "model.send(" not in own, name
        assert "save_changes(" not in own, name
