"""The explorers and the note box, driven from Python as a test (no browser, no kernel)."""

from __future__ import annotations

import html

import pytest
from traitlets import TraitError

import closereading
from closereading import parse_transcript
from closereading.annotation.notes import load_note, note_path
from closereading.widgets.explorers import ALL_SPEAKERS, FrequencyExplorer, KWICExplorer
from closereading.widgets.notes import NoteBox

INTERVIEW = closereading.load_interview()

TINY = parse_transcript("""---
speaker: Q | interviewer
speaker: A | interviewee
---
Q: Is <b>this</b> a test? Is it a test of tests? Don't.

A: Yes, a test. We test & we <i>test</i>.""")


@pytest.fixture(autouse=True)
def no_stdout(capsys):
    """Widget callbacks must never print: nbval would see it as output."""
    yield
    assert capsys.readouterr().out == ""


# --- FrequencyExplorer --------------------------------------------------------------------------


def test_frequency_explorer_starts_with_the_settings_asked_for():
    explorer = FrequencyExplorer(INTERVIEW, speaker="Saunders", stopwords=False, top_n=3)
    assert [(r.term, r.count) for r in explorer.rows()] == [("the", 8), ("to", 6), ("and", 5)]
    assert explorer._speaker_box.value == "Saunders"
    assert explorer._stopword_box.value is False
    assert explorer._top_box.value == 3


def test_setting_a_trait_moves_the_control_and_redraws():
    explorer = FrequencyExplorer(INTERVIEW, top_n=5)
    before = explorer.png
    explorer.stem = True
    assert explorer._stem_box.value is True
    assert explorer.png != before
    assert "concern 3" in repr(explorer)
    assert explorer.description.startswith("Peskov's 5 most frequent stems")


def test_moving_a_control_sets_the_trait():
    explorer = FrequencyExplorer(INTERVIEW)
    explorer._speaker_box.value = "Saunders"
    explorer._top_box.value = 4
    assert explorer.speaker == "Saunders" and explorer.top_n == 4
    assert [r.term for r in explorer.rows()] == ["believe", "russian", "states", "united"]


def test_all_speakers_shows_each_speaker():
    explorer = FrequencyExplorer(INTERVIEW, speaker=ALL_SPEAKERS, top_n=3)
    lines = repr(explorer).splitlines()
    assert lines[1].startswith("Saunders (133 words): ")
    assert lines[2].startswith("Peskov (293 words): russian 7")
    assert "top three per speaker" in explorer.description


def test_speaker_names_are_checked_and_top_n_is_kept_in_range():
    explorer = FrequencyExplorer(INTERVIEW)
    explorer.speaker = "peskov"
    assert explorer.speaker == "Peskov"
    with pytest.raises(TraitError, match="Saunders"):
        explorer.speaker = "Putin"
    explorer.top_n = 500
    assert explorer.top_n == FrequencyExplorer.MAX_TOP
    with pytest.raises(TypeError, match="no setting"):
        FrequencyExplorer(INTERVIEW, colour="red")


def test_frequency_fallbacks_are_full_deterministic_and_escaped():
    explorer = FrequencyExplorer(TINY, speaker="Q", stopwords=False, top_n=30)
    bundle = explorer._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert (
        data["text/plain"]
        == repr(explorer)
        == repr(FrequencyExplorer(TINY, speaker="Q", stopwords=False, top_n=30))
    )
    assert len(data["text/plain"]) > 110  # not cut short like ipywidgets' own repr
    assert "0x" not in data["text/plain"]
    assert "application/vnd.jupyter.widget-view+json" in data
    assert "<caption>Q (13 words)</caption>" in data["text/html"]
    assert "<td>don&#x27;t</td>" in data["text/html"]


def test_chart_is_png_and_nothing_reaches_pyplot():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    explorer = FrequencyExplorer(INTERVIEW)
    explorer.top_n = 7
    assert explorer.png[:8] == b"\x89PNG\r\n\x1a\n"
    assert f'alt="{html.escape(explorer.description)}"' in explorer._chart.value
    assert plt.get_fignums() == before


# --- KWICExplorer -------------------------------------------------------------------------------


def test_kwic_explorer_finds_lines_and_selects_the_first():
    explorer = KWICExplorer(INTERVIEW, query="sanctions")
    assert [line.speaker for line in explorer.lines] == ["Saunders", "Peskov", "Peskov", "Peskov"]
    assert explorer.selected == 0 and explorer._list.index == 0
    assert explorer.turn_text().startswith(
        "Turn 1 · Saunders: Do you believe that additional **sanctions**"
    )


def test_choosing_a_line_shows_its_turn_both_ways():
    explorer = KWICExplorer(INTERVIEW, query="diplomacy")
    explorer.select(2)
    assert explorer._list.index == 1
    assert "capacity of **diplomacy** 100 percent" in explorer.turn_text()
    explorer._list.index = 0
    assert explorer.selected == 0
    assert "**Diplomacy** is preferable" in explorer.turn_text()
    assert "(line 1)" in explorer._turn.value


def test_query_sort_speaker_and_stem_change_the_lines():
    explorer = KWICExplorer(INTERVIEW, query="concern")
    assert len(explorer.lines) == 2
    explorer.stem = True
    assert len(explorer.lines) == 6
    explorer.speaker = "Saunders"
    assert {line.speaker for line in explorer.lines} == {"Saunders"}
    explorer._query_box.value = "we"
    assert explorer.query == "we" and explorer.lines == ()
    assert "No lines" in explorer._status.value
    explorer.speaker = ALL_SPEAKERS
    explorer.stem = False
    explorer.sort = "right"
    assert [line.right.split()[0] for line in explorer.lines[:4]] == ["are"] * 4
    with pytest.raises(TraitError):
        explorer.sort = "random"


def test_a_query_without_words_is_a_message_not_an_error():
    explorer = KWICExplorer(INTERVIEW, query="...")
    assert explorer.lines == () and explorer.selected == -1
    assert "Type a word" in repr(explorer)
    explorer.query = "take into account"
    assert len(explorer.lines) == 2 and explorer.problem == ""


def test_kwic_fallbacks_escape_the_text():
    explorer = KWICExplorer(TINY, query="test")
    explorer.select(5)
    bundle = explorer._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert data["text/plain"] == repr(explorer)
    assert "We test &amp; we &lt;i&gt;<mark" in data["text/html"]
    assert "<i>" not in data["text/html"] and "<b>this" not in data["text/html"]
    assert "Turn 2 · A: Yes, a test. We test & we <i>**test**</i>." in data["text/plain"]


def test_kwic_repr_is_deterministic():
    assert repr(KWICExplorer(INTERVIEW, query="we", sort="right")) == repr(
        KWICExplorer(INTERVIEW, query="we", sort="right")
    )


# --- NoteBox ------------------------------------------------------------------------------------


def test_note_box_saves_as_you_type_and_loads_next_time(tmp_path, monkeypatch):
    monkeypatch.setenv("CLOSEREADING_WORK_DIR", str(tmp_path))
    box = NoteBox("01-first-impressions", prompt="Write")
    assert "empty" in repr(box)
    box._area.value = "Peskov speaks for a government."
    assert box.text == "Peskov speaks for a government."
    assert load_note("01-first-impressions") == "Peskov speaks for a government."
    assert (tmp_path / "notes" / "01-first-impressions.md").exists()
    again = NoteBox("01-first-impressions")
    assert again._area.value == "Peskov speaks for a government."
    assert repr(again) == (
        "Note '01-first-impressions', kept in work/notes/01-first-impressions.md: 5 words."
    )


def test_note_box_reports_a_failed_save(tmp_path, monkeypatch):
    monkeypatch.setenv("CLOSEREADING_WORK_DIR", str(tmp_path))
    box = NoteBox("01-test")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("closereading.widgets.notes.write_note", refuse)
    box.text = "words"
    assert box.problem.startswith("Not saved: Permission denied")
    assert "Not saved" in box._status.value


def test_note_box_refuses_bad_names(tmp_path, monkeypatch):
    monkeypatch.setenv("CLOSEREADING_WORK_DIR", str(tmp_path))
    with pytest.raises(ValueError, match="hyphens"):
        NoteBox("../escape")
    assert not (tmp_path.parent / "escape.md").exists()
    assert note_path("ok-name").parent == tmp_path / "notes"


def test_snapshots_freeze_what_the_explorers_show():
    frequency_explorer = FrequencyExplorer(INTERVIEW, top_n=3)
    frozen = frequency_explorer.snapshot()
    frequency_explorer.speaker = "Saunders"
    assert repr(frozen).splitlines()[1].startswith("Peskov (293 words)")
    assert repr(frequency_explorer.snapshot()).splitlines()[1].startswith("Saunders (133 words)")
    kwic_explorer = KWICExplorer(INTERVIEW, query="diplomacy")
    view = kwic_explorer.snapshot()
    assert repr(view) == repr(kwic_explorer)
    assert "<mark" in view._repr_html_()


def test_the_frequency_explorer_counts_once_per_change(monkeypatch):
    """The chart and the table beside it show one count: term_table runs once per redraw, and
    the chart draws its rows (nothing else counts)."""
    from closereading.analysis import frequency

    calls = []
    real = frequency.term_table

    def counted(*args, **kwargs):
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(frequency, "term_table", counted)
    monkeypatch.setattr(frequency, "term_counts", lambda *a, **k: pytest.fail("recounted"))
    explorer = FrequencyExplorer(speaker="Peskov", top_n=4)
    assert len(calls) == 1
    explorer.speaker = "All speakers"
    assert len(calls) == 2
    shown = [row for label in explorer.speakers_shown() for row in explorer.rows(label)]
    assert all(f"{row.term} {row.count}" in repr(explorer) for row in shown[:3])


def test_kwic_lines_keep_punctuation_with_its_word():
    """The text has "foreign NGOs." with no space before the full stop: the list shows none."""
    explorer = KWICExplorer(query="NGOs")
    labels = explorer.line_labels()
    assert any("NGOs." in label for label in labels), labels
    assert not any("NGOs  ." in label or "NGOs ." in label for label in labels)
