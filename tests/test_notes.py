"""The student's notes: named files in work/notes/, saved atomically."""

from __future__ import annotations

import pytest

from closereading.annotation import notes


@pytest.fixture
def work(tmp_path, monkeypatch):
    monkeypatch.setenv("CLOSEREADING_WORK_DIR", str(tmp_path))
    return tmp_path


def test_a_note_round_trips_and_starts_empty(work):
    assert notes.load_note("01-first-impressions") == ""
    path = notes.save_note("01-first-impressions", "Peskov answers «for» a government.\n")
    assert path == work / "notes" / "01-first-impressions.md"
    assert notes.load_note("01-first-impressions") == "Peskov answers «for» a government.\n"
    assert [p.name for p in (work / "notes").iterdir()] == ["01-first-impressions.md"]


@pytest.mark.parametrize("name", ["", "First", "a b", "../x", "a/b", "x.md", "-a"])
def test_bad_names_are_refused(work, name):
    with pytest.raises(ValueError, match="hyphens"):
        notes.note_path(name)


def test_a_failed_save_leaves_the_old_note_and_no_temporary_file(work, monkeypatch):
    notes.save_note("keep", "old")

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(notes.os, "replace", broken)
    with pytest.raises(OSError, match="disk full"):
        notes.save_note("keep", "new")
    assert notes.load_note("keep") == "old"
    assert [p.name for p in (work / "notes").iterdir()] == ["keep.md"]


def test_shown_path_is_the_same_everywhere(work):
    assert notes.shown_note_path("x") == "work/notes/x.md"
