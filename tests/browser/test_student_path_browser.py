"""The student's path, exactly as the README gives it: ``python3 run.py lab``.

The course is started with the README's command and nothing but the options a student may add
(``--no-browser``, a port, and ``--allow-root`` where the tests run as root): no ``root_dir``, no
token of the test's choosing. The test opens the address Jupyter prints, as a student copies it
into a browser, sees lesson 00 open, and follows one link of each kind from it — a glossary
entry, a course page, an exercise, another lesson — to a page that renders. Notebook 7
(``python3 run.py notebook``) gets the same first look and one link.

Jupyter's own folders (settings, runtime files) are private to the test, as on a student's new
computer; the student's work goes where the test session puts it (``CLOSEREADING_WORK_DIR``).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .lab import ROOT, forget_workspace, free_port

pytestmark = pytest.mark.browser

URL = re.compile(r"(http://127\.0\.0\.1:\d+/\S+\?token=\w+)")


@dataclass
class Course:
    """A course started as the README says; ``url`` is the address it printed."""

    process: subprocess.Popen
    url: str
    output: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        """The server's address, e.g. ``http://127.0.0.1:8890``."""
        parts = urllib.parse.urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"

    def stop(self) -> None:
        """End the course as a terminal's kill would, and check that the server is gone: the
        process run.py started must be Jupyter itself (or pass the signal on), not a parent
        that dies and leaves a server running."""
        if self.process.poll() is None:
            self.process.terminate()  # Jupyter stops its kernels on SIGTERM
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        time.sleep(0.5)
        try:
            urllib.request.urlopen(f"{self.base}/api/status", timeout=5).close()
        except (urllib.error.URLError, OSError):
            return
        pytest.fail(f"the server at {self.base} still answers after run.py was stopped")


def readme_command(interface: str) -> list[str]:
    """What the README tells a student to type, and only what it allows them to add."""
    args = ["run.py", interface, "--no-browser", f"--port={free_port()}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")
    return [sys.executable, *args]


def start_course(interface: str, home: Path, log: Path, timeout: float = 90) -> Course:
    env = dict(os.environ)
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        env[name] = str(home / name.lower())
    # A setting, not a flag: the test opens course files and must never save one over the
    # course's own copy (a student's autosave is on; their files are theirs to change).
    settings = home / "jupyter_config_dir" / "lab" / "user-settings" / "@jupyterlab"
    (settings / "docmanager-extension").mkdir(parents=True)
    (settings / "docmanager-extension" / "plugin.jupyterlab-settings").write_text(
        '{"autosave": false}', encoding="utf-8"
    )
    env.pop("JUPYTERLAB_SETTINGS_DIR", None)
    env.pop("JUPYTERLAB_WORKSPACES_DIR", None)
    env.pop(  # a student's shell does not have it; run.py must not need it
        "CLOSEREADING_ALLOW_ROOT", None
    )
    process = subprocess.Popen(
        readme_command(interface),
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
    )
    lines: list[str] = []

    def read() -> None:
        assert process.stdout is not None
        with open(log, "w", encoding="utf-8") as out:
            for line in process.stdout:
                lines.append(line)
                out.write(line)
                out.flush()

    threading.Thread(target=read, daemon=True).start()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = next((URL.search(line) for line in lines if URL.search(line)), None)
        if found:
            return Course(process, found.group(1), lines)
        if process.poll() is not None:
            time.sleep(0.2)  # let the reader catch the last lines
            pytest.fail(f"run.py {interface} exited {process.returncode}:\n{''.join(lines)}")
        time.sleep(0.1)
    process.kill()
    pytest.fail(f"run.py {interface} printed no address in {timeout:.0f} s:\n{''.join(lines)}")


@pytest.fixture(scope="module")
def course(tmp_path_factory, artifacts, chromium) -> Iterator[Course]:
    started = start_course(
        "lab", tmp_path_factory.mktemp("student"), artifacts / "student-path-lab.log"
    )
    yield started
    started.stop()


def current_tab_path(page) -> str | None:
    """The path of the document in JupyterLab's current main-area tab (from its tooltip)."""
    tab = page.locator("#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current").first
    found = re.search(r"^Path: (.+)$", tab.get_attribute("title") or "", re.M)
    return found.group(1).strip() if found else None


@pytest.fixture(scope="module")
def page(module_page):
    """One page for the module, as one student's browser: lesson 00 stays open in its tab
    and each link is followed from it in turn."""
    return module_page


START_TAB = "#jp-main-dock-panel .lm-TabBar-tab[title*='Path: notebooks/00-start-here.ipynb']"
START_HEADING = ".jp-MainAreaWidget:visible .jp-RenderedMarkdown h1"


def open_lesson_00(page, course: Course) -> None:
    """The printed address, opened as a student would the first time (no tabs remembered from
    an earlier visit: JupyterLab keeps them in its workspace on the server); later, a click on
    lesson 00's tab brings it back to the front."""
    if page.url.startswith(f"{course.base}/lab"):
        page.locator(START_TAB).click()
    else:
        forget_workspace(course.base, course.url.rsplit("token=", 1)[1])
        page.goto(course.url)
    expect(page.locator(START_HEADING).first).to_contain_text("Start here", timeout=60_000)


def test_the_printed_address_opens_lesson_00_served_from_the_course_folder(course, page, artifacts):
    assert "/lab/tree/notebooks/00-start-here.ipynb?token=" in course.url
    # The server's root is the course folder, not notebooks/.
    printed = "".join(course.output)
    served = re.search(r"Serving notebooks from local directory: (.+)", printed)
    assert served and Path(served.group(1).strip()) == ROOT, printed
    open_lesson_00(page, course)
    assert current_tab_path(page) == "notebooks/00-start-here.ipynb"
    page.screenshot(path=str(artifacts / "student-path-00.png"))


@pytest.mark.parametrize(
    ("path", "fragment", "shows"),
    [
        ("course/glossary.md", "#turn", "Turn"),
        ("course/syllabus.md", "", "Syllabus"),
        ("exercises/01-first-reading.ipynb", "", "Exercise"),
        ("notebooks/01-first-reading.ipynb", "", "First reading"),
    ],
    ids=["glossary", "course-page", "exercise", "lesson"],
)
def test_each_kind_of_link_from_lesson_00_opens_a_page_that_renders(
    course, page, artifacts, path, fragment, shows
):
    """Lesson 00 writes each link relative to itself (``../course/glossary.md#turn``);
    JupyterLab resolves it against the server's root, so the root must be the course folder."""
    open_lesson_00(page, course)
    missing: list[str] = []

    def note_missing(response) -> None:
        if response.status == 404 and (
            "/files/" in response.url or "/api/contents/" in response.url
        ):
            missing.append(response.url)

    page.on("response", note_missing)
    # JupyterLab writes each resolved link as /files/PATH?_xsrf=...#fragment.
    ends = f'[href$="{fragment}"]' if fragment else ""
    link = page.locator(f'{START_HEADING.rsplit(" ", 1)[0]} a[href*="/files/{path}?"]{ends}')
    link.first.scroll_into_view_if_needed()
    link.first.click()
    page.wait_for_function(
        "(path) => [...document.querySelectorAll('#jp-main-dock-panel .lm-TabBar-tab')]"
        ".some((tab) => (tab.title || '').includes('Path: ' + path))",
        arg=path,
    )
    shown = page.locator("#jp-main-dock-panel .jp-MainAreaWidget:visible")
    expect(shown.first).to_contain_text(shows, timeout=30_000)
    page.remove_listener("response", note_missing)
    assert current_tab_path(page) == path
    assert not missing, f"404 while opening {path}: {missing}"
    page.screenshot(path=str(artifacts / f"student-path-{path.replace('/', '-')}.png"))


def test_notebook_7_opens_lesson_00_too_and_its_links_reach_the_course(
    tmp_path, page, artifacts, chromium
):
    """``python3 run.py notebook``: the same folder, the same first page, in Notebook 7."""
    course = start_course("notebook", tmp_path, artifacts / "student-path-notebook.log")
    try:
        assert "/notebooks/notebooks/00-start-here.ipynb?token=" in course.url
        page.goto(course.url)
        expect(page.locator(".jp-RenderedMarkdown h1").first).to_contain_text(
            "Start here", timeout=60_000
        )
        link = page.locator('.jp-RenderedMarkdown a[href*="/files/course/syllabus.md?"]').first
        link.scroll_into_view_if_needed()
        # Notebook 7 opens each document in a browser tab of its own.
        with page.context.expect_page() as opened:
            link.click()
        syllabus = opened.value
        expect(syllabus.locator("body")).to_contain_text("Syllabus", timeout=30_000)
        assert "course/syllabus.md" in syllabus.url
        syllabus.screenshot(path=str(artifacts / "student-path-notebook-syllabus.png"))
    finally:
        course.stop()
