"""Fixtures for the hub test: a running JupyterHub, the course repository, headless Chromium.

Without configurable-http-proxy, Chromium or playwright the test is skipped, except in CI or with
``CLOSEREADING_REQUIRE_HUB=1``, where it fails (``.ci/run`` installs them and sets it).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .hub import course_repository, hub_required, proxy_command, start_hub

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def _unavailable(reason: str) -> None:
    if hub_required():
        pytest.fail(f"{reason} (required: CI or CLOSEREADING_REQUIRE_HUB=1 is set)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def artifacts() -> Path:
    """Screenshots of each student's notebook and the hub's log (git-ignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="module")
def chromium():
    from browser.lab import chromium_path, shared_chromium

    path = chromium_path()
    if not path.exists():
        _unavailable(f"no Chromium at {path}: apt-get install chromium, or set CHROMIUM_PATH")
    try:
        import playwright.sync_api  # noqa: F401 - only to say clearly when it is missing
    except ImportError:
        _unavailable("the playwright package is not installed (pip install playwright)")
    yield shared_chromium(path)


@pytest.fixture(scope="module")
def hub(tmp_path_factory, artifacts, chromium):
    if proxy_command() is None:
        _unavailable(
            "configurable-http-proxy is not on PATH: npm install -g configurable-http-proxy "
            "(Node.js from apt-get install nodejs npm where it is missing)"
        )
    server = start_hub(tmp_path_factory.mktemp("hub"), artifacts / "jupyterhub.log")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def course_repo(tmp_path_factory) -> Path:
    return course_repository(tmp_path_factory.mktemp("course"))
