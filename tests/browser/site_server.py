"""The self-study website for the tests: built once per test process, served on 127.0.0.1.

``built_site()`` runs ``site/build.py`` into a temporary folder the first time it is called in a
test run and returns the same folder after that (the unit tests and the browser modules, on every
worker, share one build).
``serve(folder)`` serves a folder over HTTP on a free local port, quietly, in a thread.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import http.server
import importlib.util
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock

ROOT = Path(__file__).resolve().parents[2]
_BUILT: dict[str, Path] = {}


def load_build_module():
    """``site/build.py`` as a module (a folder named ``site`` cannot be a package: it would
    shadow the standard library's ``site``)."""
    spec = importlib.util.spec_from_file_location("closereading_site_build", ROOT / "site/build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def built_site() -> Path:
    """The HTML of a fresh build, made once per test run.

    The root ``conftest.py`` names a folder for the whole run in ``CLOSEREADING_TEST_SITE``
    (the pytest-xdist workers inherit it) and removes it at the end; the first process to get
    here builds into it, under a file lock, and the others wait and use that build. Without
    that variable (a script importing this module) each process builds its own."""
    if "out" not in _BUILT:
        shared = os.environ.get("CLOSEREADING_TEST_SITE")
        if shared:
            folder = Path(shared)
            folder.mkdir(parents=True, exist_ok=True)
        else:
            folder = Path(tempfile.mkdtemp(prefix="closereading-site-"))
            atexit.register(shutil.rmtree, folder, ignore_errors=True)
        out, done = folder / "_site", folder / "built"
        with FileLock(str(folder / "build.lock")):
            if not done.exists():
                status = load_build_module().main(
                    ["--out", str(out), "--work", str(folder / "work")]
                )
                if status != 0:
                    raise RuntimeError(
                        f"the site build failed with status {status}; run python run.py site"
                    )
                done.touch()
        _BUILT["out"] = out
    return _BUILT["out"]


def site_pages() -> list[str]:
    """Every page of the site (not the theme's template fragments copied into _static/)."""
    site = built_site()
    return sorted(
        path.relative_to(site).as_posix()
        for path in site.rglob("*.html")
        if path.relative_to(site).parts[0] not in {"_static", "_sources"}
    )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 and yield its base URL (``http://127.0.0.1:PORT``)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class Requests:
    """Every request the page makes: local ones go through, any other is aborted and kept."""

    def __init__(self, page, base: str) -> None:
        self.base, self.local, self.remote, self.failed = base, [], [], []
        #: Off while axe audits the page: its CSS preloading fetches each ``@import`` relative to
        #: the document, not the stylesheet, and those misses are axe's, not the site's.
        self.recording = True
        self.in_flight: set[object] = set()
        page.route("**/*", self._route)
        page.on("response", self._response)
        page.on("request", lambda request: self.in_flight.add(request))
        page.on("requestfinished", lambda request: self.in_flight.discard(request))
        page.on("requestfailed", lambda request: self.in_flight.discard(request))

    def wait_until_quiet(self, page, quiet: float = 0.25, timeout: float = 15) -> None:
        """Wait until no request has been open for ``quiet`` seconds (Playwright's
        "networkidle" waits a fixed half second, on every page, even when nothing is left)."""
        deadline = time.monotonic() + timeout
        since = time.monotonic()
        while time.monotonic() < deadline:
            if self.in_flight:
                since = time.monotonic()
            elif time.monotonic() - since >= quiet:
                return
            page.wait_for_timeout(50)
        raise TimeoutError(f"requests still open after {timeout:.0f} s: {self.in_flight}")

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith((self.base + "/", "data:", "blob:")):
            self.local.append(url)
            route.continue_()
        else:
            self.remote.append(url)
            route.abort()

    def _response(self, response) -> None:
        if response.status >= 400 and self.recording:
            self.failed.append(f"{response.status} {response.url}")
