"""Start and stop a private JupyterLab for the browser tests, and drive its page.

Everything the server writes (config, settings, runtime files, IPython profile, the student's
highlights) goes under one temporary folder; nothing touches the user's own Jupyter set-up or
the course's ``work/`` folder. No network: news, update checks and the announcements pop-up are
off.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests import kernel_ports

ROOT = Path(__file__).resolve().parents[2]
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: A note box: an ipywidgets box that holds a kernel watch.
NOTE_BOX = ".widget-box:has(> .lm-Widget > .cr-kernel-watch)"
KERNEL_IDLE = re.compile(r"\(ipykernel\) \| Idle")


def chromium_path() -> Path:
    return Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))


def browser_required() -> bool:
    """In CI (or when asked) a missing browser is a failure, not a skip."""
    return bool(os.environ.get("CI")) or os.environ.get("CLOSEREADING_REQUIRE_BROWSER") == "1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LabServer:
    """A running JupyterLab; ``work_dir`` is where its kernels save student work."""

    process: subprocess.Popen
    port: int
    token: str
    work_dir: Path
    log_path: Path
    runtime_dir: Path
    _log: object = field(repr=False, default=None)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        """A page URL with the token, e.g. ``url("lab/tree/notebooks/x.ipynb")``."""
        sep = "&" if "?" in path else "?"
        return f"{self.base_url}/{path.lstrip('/')}{sep}token={self.token}"

    def api(self, method: str, path: str) -> object:
        request = urllib.request.Request(
            f"{self.base_url}/api/{path.lstrip('/')}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def wait_for_idle_kernel(self, path: str, settle: float = 1.0, timeout: float = 60) -> None:
        """Wait until the notebook at ``path`` has a kernel that has stayed idle for ``settle``
        seconds (asked of the server: Notebook 7 has no status bar, and its toolbar says idle
        before a kernel exists; the settling rides over the gaps between cells in Run All)."""
        deadline = time.monotonic() + timeout
        idle_since = None
        while time.monotonic() < deadline:
            states = [
                s["kernel"]["execution_state"]
                for s in self.api("GET", "sessions") or []
                if s.get("path") == path
            ]
            if states == ["idle"]:
                idle_since = idle_since or time.monotonic()
                if time.monotonic() - idle_since >= settle:
                    return
            else:
                idle_since = None
            time.sleep(0.1)
        raise TimeoutError(f"no idle kernel for {path} after {timeout:.0f} s")

    def connection_file(self, path: str) -> Path:
        """The connection file the server wrote for the kernel of the notebook at ``path``."""
        [kernel_id] = [
            s["kernel"]["id"] for s in self.api("GET", "sessions") or [] if s.get("path") == path
        ]
        return self.runtime_dir / f"kernel-{kernel_id}.json"

    def run_in_kernel(self, path: str, code: str, timeout: float = 15) -> str:
        """Run ``code`` in the kernel of the notebook at ``path`` (as a second client, through
        the connection file the server wrote) and return what it printed."""
        from jupyter_client import BlockingKernelClient

        client = BlockingKernelClient(connection_file=str(self.connection_file(path)))
        client.load_connection_file()
        client.start_channels()
        printed: list[str] = []

        def keep(message: dict) -> None:
            if message["msg_type"] == "stream":
                printed.append(message["content"]["text"])
            elif message["msg_type"] == "error":
                printed.append("\n".join(message["content"]["traceback"]))

        try:
            reply = client.execute_interactive(
                code, timeout=timeout, output_hook=keep, store_history=False
            )
        finally:
            client.stop_channels()
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"the kernel could not run {code!r}:\n{''.join(printed)}")
        return "".join(printed)

    def fresh_workspace(self, keep_kernels: bool = False) -> None:
        """No remembered tabs, as for a student opening the course the first time, and no
        kernels (``keep_kernels``: none that has died; a busy one is still finishing what the
        last test asked of it, and a page may still be using it).

        Otherwise JupyterLab's workspace reopens, on every page load, each notebook an earlier
        test opened and starts a kernel for it; on a loaded machine that slows the page down
        and moves the keyboard focus late, while a test is typing."""
        self.shut_down_kernels(only_unusable=keep_kernels)
        forget_workspace(self.base_url, self.token)

    def shut_down_kernels(self, only_unusable: bool = False) -> None:
        """End every session (and so its kernel) through the REST API; ``only_unusable``: only
        those whose kernel has died."""
        for session in self.api("GET", "sessions") or []:
            if only_unusable and session["kernel"]["execution_state"] != "dead":
                continue
            self.api("DELETE", f"sessions/{session['id']}")

    def stop(self) -> None:
        if self.process.poll() is None:
            # The server is going away anyway; terminating it ends its kernels.
            with contextlib.suppress(OSError, urllib.error.URLError):
                self.shut_down_kernels()
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        if self._log is not None:
            self._log.close()

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


def forget_workspace(base_url: str, token: str) -> None:
    """Delete the tabs JupyterLab remembers on the server at ``base_url`` (its default
    workspace), so that the next page load opens only what its address names."""
    request = urllib.request.Request(
        f"{base_url}/lab/api/workspaces/default",
        method="DELETE",
        headers={"Authorization": f"token {token}"},
    )
    try:
        urllib.request.urlopen(request, timeout=10).close()
    except urllib.error.HTTPError as error:
        if error.code != 404:  # 404: nothing saved yet
            raise


def start_lab(base: Path, log_path: Path, timeout: float = 60) -> LabServer:
    """Start ``jupyter lab`` on 127.0.0.1 with a private configuration under ``base``."""
    dirs = {name: base / name for name in ("config", "data", "runtime", "ipython", "work")}
    for folder in dirs.values():
        folder.mkdir(parents=True, exist_ok=True)
    labconfig = dirs["config"] / "labconfig"
    labconfig.mkdir(exist_ok=True)
    (labconfig / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}})
    )
    # The tests run and change a course notebook; they must never save it over the real file.
    docmanager = dirs["config"] / "lab" / "user-settings" / "@jupyterlab" / "docmanager-extension"
    docmanager.mkdir(parents=True, exist_ok=True)
    (docmanager / "plugin.jupyterlab-settings").write_text(json.dumps({"autosave": False}))
    # Its kernels' ports are handed out from a block no other test process uses.
    (dirs["config"] / "jupyter_server_config.py").write_text(
        kernel_ports.server_config(os.environ.get("PYTEST_XDIST_WORKER"))
    )

    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(dirs["config"]),
        JUPYTER_DATA_DIR=str(dirs["data"]),
        JUPYTER_RUNTIME_DIR=str(dirs["runtime"]),
        IPYTHONDIR=str(dirs["ipython"]),
        CLOSEREADING_WORK_DIR=str(dirs["work"]),
        PYTHONUNBUFFERED="1",
    )
    env.pop("JUPYTERLAB_SETTINGS_DIR", None)
    env.pop("JUPYTERLAB_WORKSPACES_DIR", None)
    port, token = free_port(), secrets.token_hex(16)
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--allow-root",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={ROOT}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 - open while the server runs
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    server = LabServer(process, port, token, dirs["work"], log_path, dirs["runtime"], log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            server.stop()
            raise RuntimeError(
                f"jupyter lab exited with {process.returncode}:\n{server.log_tail()}"
            )
        try:
            server.api("GET", "status")
            return server
        except (OSError, urllib.error.URLError):
            time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"jupyter lab did not answer within {timeout:.0f} s:\n{server.log_tail()}")


# --- the page ----------------------------------------------------------------------------------


def wait_for_kernel_idle(page, timeout: float = 60_000) -> None:
    """Wait until the status bar reads "... (ipykernel) | Idle" (the toolbar says idle earlier,
    before a kernel exists)."""
    page.locator("#jp-main-statusbar").get_by_text(KERNEL_IDLE).wait_for(timeout=timeout)


def run_all(page) -> None:
    """Run > Run All Cells, from the menu bar (JupyterLab and Notebook 7 share it)."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()


def open_note_box(page, lab: LabServer, notebook: str, note: str) -> Any:
    """Open ``notebook``, run it all, and return its note box ``note`` once the kernel is idle,
    with the box's text area clicked, ready for typing (the note's file is removed first)."""
    (lab.work_dir / "notes" / f"{note}.md").unlink(missing_ok=True)
    page.goto(lab.url(f"lab/tree/{notebook}"))
    wait_for_kernel_idle(page)
    run_all(page)
    box = page.locator(".widget-box", has_text=f"work/notes/{note}.md").last
    area = box.locator("textarea")
    area.wait_for(timeout=60_000)
    wait_for_kernel_idle(page)
    area.click()
    return box


def open_and_run(
    page,
    lab: LabServer,
    notebook: str,
    widget: str,
    ready: str,
    timeout: float = 60_000,
    settle: float = 2.0,
) -> Any:
    """Run ``notebook`` in JupyterLab and return its widget (the CSS selector ``widget``) once
    ``ready``, a selector inside it, shows and the kernel has stayed idle for ``settle`` seconds.

    A page that does not show the notebook yet opens it. A page that does (a module keeping one
    page for its tests, or a test that has just reloaded it) runs it again in place: Run All
    makes a new widget from the student's file, as re-running does for a student, and the
    earlier widgets are marked so that only the new one is returned; the page load and
    JupyterLab's start-up, seconds each, are not paid again. Sturdy on a loaded machine: Run
    All is asked again when nothing started within 15 s (the page had not joined the kernel
    yet; the old wait was a whole minute), and the kernel must stay idle for ``settle`` seconds
    (focus jumps to the last cell when Run All ends; a test that types needs it where it will
    stay)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    if f"lab/tree/{notebook}" in page.url:
        page.evaluate(
            "(sel) => document.querySelectorAll(sel)"
            ".forEach((node) => { node.dataset.crEarlier = '1'; })",
            widget,
        )
        page.keyboard.press("Escape")  # out of any text box an earlier test left focused
    else:
        page.goto(lab.url(f"lab/tree/{notebook}"))
    wait_for_kernel_idle(page)
    fresh = page.locator(f"{widget}:not([data-cr-earlier])")
    for attempt in (1, 2, 3):
        run_all(page)
        try:
            # Within seconds the kernel is busy (the status bar says so) or the widget is there;
            # if neither, the page had not yet joined the kernel and Run All did nothing.
            page.wait_for_function(
                _RUN_STARTED_JS, arg=f"{widget}:not([data-cr-earlier]) {ready}", timeout=15_000
            )
            break
        except PlaywrightTimeout:
            if attempt == 3:
                raise
    fresh.locator(ready).first.wait_for(timeout=timeout)
    lab.wait_for_idle_kernel(notebook, settle=settle, timeout=120)
    return fresh


_RUN_STARTED_JS = """
(ready) => {
  const bar = document.querySelector('#jp-main-statusbar');
  return (bar && /\\| Busy/.test(bar.textContent)) || document.querySelector(ready) !== null;
}
"""


def poll(read, check, failure: str, timeout: float = 15) -> Any:
    """Call ``read()`` every 0.1 s until ``check`` holds of what it returns (``None`` never
    does); after ``timeout`` seconds, fail with ``failure`` and what was last read."""
    import pytest

    deadline = time.monotonic() + timeout
    while True:
        value = read()
        if value is not None and check(value):
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"{failure}; it holds {value!r}")
        time.sleep(0.1)


def widget_errors(page) -> list[str]:
    """Uncaught errors thrown by widget code: anywidget loads each widget's module from a blob:
    URL, so its frames are the blob: ones (JupyterLab's and Notebook 7's own are not ours)."""
    return [m for m in page.console_messages if m.startswith("pageerror") and "blob:" in m]


def set_theme(page, name: str) -> None:
    """Settings > Theme > ``name`` (e.g. "JupyterLab Dark")."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Settings$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Theme$")).hover()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(name)}$")).click()


def light_theme(page) -> None:
    """An earlier test may have switched JupyterLab to the dark theme; screenshots are light."""
    if page.evaluate("document.body.dataset.jpThemeLight") == "false":
        set_theme(page, "JupyterLab Light")
        page.wait_for_function("document.body.dataset.jpThemeLight === 'true'")


def open_in_tab(page, lab: LabServer, notebook: str) -> None:
    """File > Open from Path: ``notebook`` in a new tab; the page is not loaded again. Returns
    once the notebook's kernel has started and stayed idle for half a second: for a moment the
    status bar still says "Idle" of the tab before, and a Run All sent then, while the new
    kernel starts, can be lost."""
    page.keyboard.press("Escape")
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^File$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Open from Path")).click()
    page.locator(".jp-Dialog input").fill(notebook)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/lab/tree/{notebook}*")
    lab.wait_for_idle_kernel(notebook, settle=0.5)


def show_tab(page, notebook: str) -> None:
    """Bring the tab of ``notebook``, open in the page, to the front."""
    page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", has_text=notebook.split("/")[-1]).click()
    page.wait_for_url(f"**/lab/tree/{notebook}*")


# Where a phrase is on screen, inside the highlighter's text (found by CSS class): the middle of
# its first character and of its last, so a drag between them starts and ends inside words
# (the raw selection misses half a letter at each end) and relies on the widget to snap to
# whole words. The phrase is scrolled into view first
# (page.mouse does not scroll).
PHRASE_POINTS_JS = """
([root, phrase]) => {
  const text = root.querySelector('.cr-text');
  const segs = [...text.querySelectorAll('.cr-seg')];
  const whole = segs.map((s) => s.textContent).join('');
  const at = whole.indexOf(phrase);
  if (at < 0) return null;
  function place(offset) {
    let seen = 0;
    for (const seg of segs) {
      if (offset < seen + seg.textContent.length) return [seg, offset - seen];
      seen += seg.textContent.length;
    }
    return null;
  }
  place(at)[0].scrollIntoView({block: 'center', behavior: 'instant'});
  function point(offset) {
    const [seg, i] = place(offset);
    const range = document.createRange();
    range.setStart(seg.firstChild, i);
    range.setEnd(seg.firstChild, i + 1);
    const box = range.getBoundingClientRect();
    // Whole pixels: Chromium 156 does not extend a selection from a press at a fractional
    // position (the caret just follows the pointer).
    const x = Math.round(box.left + box.width / 2), y = Math.round(box.top + box.height / 2);
    // Still there: nothing covers it and the page has not scrolled it away.
    const hit = document.elementFromPoint(x, y);
    return {x, y, visible: Boolean(hit && seg.contains(hit))};
  }
  return {start: point(at), end: point(at + phrase.length - 1)};
}
"""


_SHARED: dict[str, Any] = {}


def shared_chromium(path: Path) -> Any:
    """One Playwright and one headless Chromium for the whole test process.

    Playwright's sync API cannot run twice at once in one thread, so the browser tests, the site
    tests and the hub test all use this one browser (each in its own page or context); it is
    closed when the process ends."""
    if "browser" not in _SHARED:
        import atexit

        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        _SHARED["playwright"] = playwright
        _SHARED["browser"] = playwright.chromium.launch(
            executable_path=str(path), args=LAUNCH_ARGS, headless=True
        )

        def stop() -> None:
            with contextlib.suppress(Exception):  # the process is ending either way
                _SHARED["browser"].close()
                _SHARED["playwright"].stop()

        atexit.register(stop)
    return _SHARED["browser"]
