"""Fixtures for the real-browser tests: a private JupyterLab and Debian's headless Chromium.

Without Chromium (``/usr/bin/chromium`` or ``$CHROMIUM_PATH``) or the playwright package the
tests are skipped, except in CI or with ``CLOSEREADING_REQUIRE_BROWSER=1``, where they fail.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .lab import browser_required, chromium_path, shared_chromium, start_lab

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def _unavailable(reason: str) -> None:
    if browser_required():
        pytest.fail(f"{reason} (required: CI or CLOSEREADING_REQUIRE_BROWSER=1 is set)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Screenshots, the server log and the browser console (git-ignored; overwritten each run)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def chromium():
    path = chromium_path()
    if not path.exists():
        _unavailable(
            f"no Chromium at {path}: install Debian's package (apt-get install chromium) "
            "or set CHROMIUM_PATH"
        )
    try:
        import playwright.sync_api  # noqa: F401 - only to say clearly when it is missing
    except ImportError:
        _unavailable("the playwright package is not installed (pip install playwright)")
    yield shared_chromium(path)


@pytest.fixture(scope="session")
def lab(tmp_path_factory, artifacts, chromium):
    """A private JupyterLab serving the repository; its kernels save work to ``lab.work_dir``."""
    server = start_lab(tmp_path_factory.mktemp("jupyter"), artifacts / "jupyter-server.log")
    yield server
    server.stop()


@pytest.fixture
def work(lab) -> Path:
    """The server's work folder, without highlights left by an earlier test."""
    for old in (lab.work_dir / "annotations").glob("student*.json*"):
        old.unlink()
    return lab.work_dir


@pytest.fixture(autouse=True)
def fresh_lab(request):
    """A test that uses JupyterLab starts with no kernels and no remembered tabs."""
    if "lab" in request.fixturenames:
        request.getfixturevalue("lab").fresh_workspace()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(chromium, artifacts, request):
    """A fresh page; the browser console goes to artifacts/<test>-console.log and, if the test
    fails, a screenshot to artifacts/<test>-failed.png."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    messages: list[str] = []
    page.on("console", lambda m: messages.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: messages.append(f"pageerror: {e.message}\n{e.stack}"))
    page.console_messages = messages
    yield page
    # A parametrised test's name can hold a path ("...[notebooks/04-...]"): flatten it.
    stem = re.sub(r"[^\w.\[\]-]+", "_", request.node.name)
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        page.screenshot(path=str(artifacts / f"{stem}-failed.png"), full_page=True)
    (artifacts / f"{stem}-console.log").write_text("\n".join(messages) + "\n", encoding="utf-8")
    context.close()
