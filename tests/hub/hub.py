"""Start and stop a real JupyterHub on 127.0.0.1 for the hub test (and for measuring a student's
memory use).

The hub is the one a department would run, configured small: the dummy authenticator (one shared
password), the simple local-process spawner giving each student a home folder of their own under
a temporary folder, an in-memory database, and configurable-http-proxy from npm in front. Each
student's ``CLOSEREADING_WORK_DIR`` points at ``work/`` inside the course folder nbgitpuller
makes in their home, exactly as ``course/deploying.md`` tells IT staff to set it. The students'
servers and kernels run in the environment the page's image recipe installs
(:mod:`tests.hub.student_env`), not in the development environment the hub runs in; what they
pull is the course's student edition, written by ``closereading edition student``.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from closereading.course.edition import write_edition
from closereading.course.link import DEFAULT_FOLDER

from .student_env import student_environment

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "seminar-password"


def hub_required() -> bool:
    """In CI (or when asked) a missing proxy or browser fails the hub test instead of skipping it."""
    return bool(os.environ.get("CI")) or os.environ.get("CLOSEREADING_REQUIRE_HUB") == "1"


def proxy_command() -> str | None:
    return shutil.which("configurable-http-proxy")


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


CONFIG = """
import os
c = get_config()  # noqa: F821
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.pid_file = {base!r} + "/proxy.pid"
c.JupyterHub.db_url = "sqlite:///:memory:"
c.JupyterHub.cookie_secret_file = {base!r} + "/cookie_secret"
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {password!r}
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {base!r} + "/home/{{username}}"
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.args = {args!r}
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 90
c.Spawner.http_timeout = 90
c.Spawner.environment = {{
    "PATH": {path!r},
    "JUPYTER_CONFIG_DIR": {base!r} + "/jupyter-config",
    "NLTK_DATA": {base!r} + "/nltk_data",
    # Each student's highlights, notes and own exercise copies: work/ in their course folder.
    "CLOSEREADING_WORK_DIR": lambda spawner: spawner.home_dir + "/{folder}/work",
}}
c.JupyterHub.cleanup_servers = True
"""


@dataclass
class Hub:
    process: subprocess.Popen
    port: int
    base: Path
    log_path: Path
    environment: Path
    _log: object = field(repr=False, default=None)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def home(self, user: str) -> Path:
        return self.base / "home" / user

    def course(self, user: str) -> Path:
        """The course folder nbgitpuller made in ``user``'s home."""
        return self.home(user) / DEFAULT_FOLDER

    def stop(self) -> None:
        if self.process.poll() is None:
            # The hub stops the students' servers (cleanup_servers) and its proxy on SIGTERM.
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        if self._log is not None:
            self._log.close()

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


def _write_config(base: Path, port: int, environment: Path, extra: str = "") -> Path:
    bin_dir = environment / "bin"
    args = [
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.insert(0, "--allow-root")  # CI runs as root
    labconfig = base / "jupyter-config" / "labconfig"
    labconfig.mkdir(parents=True)
    (labconfig / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}})
    )
    (base / "nltk_data").mkdir()
    config = base / "jupyterhub_config.py"
    config.write_text(
        CONFIG.format(
            port=port,
            hub_port=free_port(),
            proxy_api_port=free_port(),
            proxy=proxy_command(),
            base=str(base),
            password=PASSWORD,
            singleuser=str(bin_dir / "jupyterhub-singleuser"),
            args=args,
            path=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
            folder=DEFAULT_FOLDER,
        )
        + extra
    )
    return config


def start_hub(
    base: Path,
    log_path: Path,
    timeout: float = 90,
    extra_config: str = "",
    environment: Path | None = None,
) -> Hub:
    """Start JupyterHub with its configuration and state under ``base``; wait until it answers.
    ``extra_config``: lines added to the end of ``jupyterhub_config.py``. Students' servers run
    in ``environment`` (by default the image recipe's, made if need be)."""
    environment = environment or student_environment()
    port = free_port()
    config = _write_config(base, port, environment, extra_config)
    env = dict(os.environ, CONFIGPROXY_AUTH_TOKEN=secrets.token_hex(16), PYTHONUNBUFFERED="1")
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 - open while the hub runs
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyterhub", "-f", str(config)],
        cwd=base,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, so a stuck hub can be killed whole
    )
    hub = Hub(process, port, base, log_path, environment, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            hub.stop()
            raise RuntimeError(f"jupyterhub exited with {process.returncode}:\n{hub.log_tail()}")
        with (
            contextlib.suppress(OSError, urllib.error.URLError),
            urllib.request.urlopen(f"{hub.url}/hub/api", timeout=5) as response,
        ):
            if response.status == 200:
                return hub
        time.sleep(0.3)
    hub.stop()
    raise RuntimeError(f"jupyterhub did not answer within {timeout:.0f} s:\n{hub.log_tail()}")


def course_repository(base: Path) -> Path:
    """The student edition of this repository's committed course, made by ``closereading
    edition`` from an instructor's clone (``base/course``) into ``base/student-edition``: what
    students pull."""
    clone = base / "course"
    subprocess.run(
        ["git", "clone", "--quiet", "--branch", "main", str(ROOT), str(clone)], check=True
    )
    edition = base / "student-edition"
    write_edition(edition, source=clone)
    return edition


def commit_to_course(edition: Path, change) -> None:
    """A course update: ``change(folder)`` edits the instructor's clone, which is committed, and
    the student edition is written again (a new commit on its branch)."""
    clone = edition.parent / "course"
    git = ["git", "-C", str(clone), "-c", "user.name=Instructor", "-c", "user.email=i@example.edu"]
    change(clone)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "--quiet", "-m", "Course update for week 3"], check=True)
    assert write_edition(edition, source=clone).changed
