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


#: The kinds of student file the widgets under test write (``work/<kind>/student.json``).
KINDS = ("annotations", "codes", "pronouns", "evidence")


@pytest.fixture
def work(lab) -> Path:
    """The server's work folder, without the highlights, codes, pronoun referents or pins an
    earlier test left."""
    for kind in KINDS:
        for old in (lab.work_dir / kind).glob("student*.json*"):
            old.unlink()
    return lab.work_dir


_LAST_MODULE: list[str] = []


@pytest.fixture(autouse=True)
def fresh_lab(request):
    """A test that uses JupyterLab starts with no remembered tabs, as for a student opening the
    course the first time. Kernels are ended when a new module starts, and a dead one always;
    within a module a notebook's kernel is kept, so the next test's Run All runs in it again
    (every object the notebook makes is made anew from the student's file) without waiting for
    a new kernel to start."""
    if "lab" in request.fixturenames:
        lab = request.getfixturevalue("lab")
        module = request.node.module.__name__
        lab.fresh_workspace(keep_kernels=_LAST_MODULE[-1:] == [module])
        _LAST_MODULE[:] = [module]


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _open_page(chromium) -> tuple[object, object]:
    """A page in a context of its own; what the browser console says is kept on the page."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    messages: list[str] = []
    page.on("console", lambda m: messages.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: messages.append(f"pageerror: {e.message}\n{e.stack}"))
    page.console_messages = messages
    return context, page


@pytest.fixture
def page(chromium):
    """A fresh page for one test."""
    context, page = _open_page(chromium)
    yield page
    context.close()


@pytest.fixture(scope="module")
def module_page(chromium):
    """One page for a whole module, for tests that each re-run the same notebook in it (a page
    load and JupyterLab's start-up cost seconds a test). A module that uses it defines
    ``page`` as this fixture."""
    context, page = _open_page(chromium)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def page_artefacts(request, artifacts):
    """Per test: what the browser console said during it goes to artifacts/<test>-console.log
    and, if the test fails, a screenshot to artifacts/<test>-failed.png."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    first = len(page.console_messages)
    yield
    # A parametrised test's name can hold a path ("...[notebooks/04-...]"): flatten it.
    stem = re.sub(r"[^\w.\[\]-]+", "_", request.node.name)
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed and not page.is_closed():
        page.screenshot(path=str(artifacts / f"{stem}-failed.png"), full_page=True)
    (artifacts / f"{stem}-console.log").write_text(
        "\n".join(page.console_messages[first:]) + "\n", encoding="utf-8"
    )
