"""Fixtures shared by the unit tests (the browser tests add their own in tests/browser/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from closereading import load_interview
from closereading.text.transcript import Transcript


@pytest.fixture(scope="session")
def interview() -> Transcript:
    """The course's interview, parsed once (a Transcript is immutable)."""
    return load_interview()


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A student's work folder of the test's own (``CLOSEREADING_WORK_DIR``); created on first
    use by the code under test, as in a real course folder."""
    folder = tmp_path / "work"
    monkeypatch.setenv("CLOSEREADING_WORK_DIR", str(folder))
    return folder
