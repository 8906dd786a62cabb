"""The "Share with my class" switch, driven from Python: switching on sends the widget's file
through the outbox, every later change follows, switching off withdraws, and the widget says
whether and when the last change reached the class."""

from __future__ import annotations

import time

import pytest
from test_live_client import Service  # the stand-in service on loopback

from closereading.annotation import sharing as sharing_module
from closereading.text.transcript import load_interview


@pytest.fixture
def service(monkeypatch, tmp_path):
    s = Service()
    monkeypatch.setenv("CLOSEREADING_WORK_DIR", str(tmp_path / "work"))
    monkeypatch.setenv("CLOSEREADING_LIVE_URL", s.url)
    monkeypatch.setattr(sharing_module, "_SHARING", None)
    yield s
    s.stop()


def span(phrase: str) -> tuple[int, int]:
    text = load_interview().text
    start = text.index(phrase, text.index("Peskov:", text.index("Saunders:")))
    return start, start + len(phrase)


def until(check, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_the_highlighter_shares_each_change_and_withdraws(service):
    from closereading.widgets.highlighter import Highlighter

    widget = Highlighter(load_interview(), author="student")
    assert widget.share_kind == "highlights" and not widget.shared
    assert widget.share_status == "Not shared with your class."
    widget.add("hedge", *span("sanctions"))
    widget.share(True)
    until(lambda: "reached it at" in widget.share_status)
    [(method, path, body)] = service.got
    assert (method, path) == ("PUT", "/services/closereading/api/readings/highlights")
    assert [a["move"] for a in body["reading"]["annotations"]] == ["hedge"]

    # A change made through the page (a message) follows to the class.
    start, end = span("Diplomacy")
    widget._handle_message(widget, {"type": "add", "move": "booster", "start": start, "end": end})
    until(lambda: len(service.got) == 2)
    assert [a["move"] for a in service.got[1][2]["reading"]["annotations"]] == ["hedge", "booster"]
    assert service.got[1][2]["version"] > body["version"]

    widget.on_share({"on": False})
    until(lambda: service.got[-1][0] == "DELETE")
    until(lambda: "withdrawn at" in widget.share_status)
    assert not widget.shared


def test_a_new_widget_shows_the_switch_as_it_was_and_resends_what_waited(service, tmp_path):
    from closereading.widgets.highlighter import Highlighter

    service.status = 503
    first = Highlighter(load_interview(), author="student")
    first.add("hedge", *span("sanctions"))
    first.share(True)
    until(lambda: "waiting to be sent" in first.share_status)
    service.status = 200
    sharing_module._SHARING = None  # a new kernel
    again = Highlighter(load_interview(), author="student")
    assert again.shared
    until(lambda: "reached it at" in again.share_status)
    assert service.got[-1][0] == "PUT"


def test_the_answer_coder_and_the_pronoun_table_have_the_switch(service):
    from closereading.widgets.answer_coder import AnswerCoder
    from closereading.widgets.pronoun_table import PronounTable

    assert AnswerCoder(load_interview()).share_kind == "codes"
    assert PronounTable(load_interview()).share_kind == "pronouns"


def revealed_payload() -> dict:
    """What the service sends a student once the instructor revealed the heat map of three
    readers of the sample class (through JSON, as on the wire)."""
    import json as json_module

    from closereading.base.paths import DATA_DIR
    from closereading.course.live.store import Reading
    from closereading.course.live.view import heatmap_only

    readings = [
        Reading("a", p.stem, "highlights", 1, p.read_text("utf-8"), 0.0)
        for p in sorted((DATA_DIR / "sample-class").glob("*.json"))[:3]
    ]
    return json_module.loads(json_module.dumps({"seminar": heatmap_only(readings)}))


def test_the_revealed_heat_map_is_drawn_in_the_kernel_from_numbers_only():
    import json as json_module

    from closereading.widgets._share_switch import class_heatmap

    sent = revealed_payload()
    assert sent["seminar"]["readers"] == 3
    assert "<" not in json_module.dumps(sent) and "note" not in json_module.dumps(sent)
    view = class_heatmap(sent)
    assert view.text.startswith("The class seminar: 3 readers, no names")
    assert "[3]" in view.text and 'class="heat"' in view.html
    assert "No class heat map" in class_heatmap({}).text


def test_the_class_heat_map_is_drawn_in_the_widget_when_asked(service, monkeypatch):
    from closereading.widgets.highlighter import Highlighter

    widget = Highlighter(load_interview(), author="student")
    assert widget.class_view == ""
    # The stand-in service answers no GET: the widget says so, in escaped words.
    widget._handle_message(widget, {"type": "class-view", "show": True})
    assert "cannot be fetched now" in widget.class_view and "<script" not in widget.class_view
    sent = revealed_payload()
    monkeypatch.setattr(sharing_module.Sharing, "revealed", lambda self, timeout=20.0: sent)
    widget._handle_message(widget, {"type": "class-view", "show": True})
    assert "The class seminar: 3 readers, no names" in widget.class_view
    assert 'class="heat"' in widget.class_view
    widget._handle_message(widget, {"type": "class-view", "show": False})
    assert widget.class_view == ""
    monkeypatch.setattr(sharing_module.Sharing, "revealed", lambda self, timeout=20.0: {})
    widget.show_class()
    assert "No class heat map to show" in widget.class_view
