"""A hub with the class service, for the live tests and the load benchmark: the service started
by the hub as a managed service, a custom scope for instructors, classes as hub groups, and a
test service ("tester") whose token starts students' servers through the hub's API.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .hub import Hub, free_port, start_hub

SERVICE = "closereading"
TESTER_TOKEN = secrets.token_hex(16)

EXTRA = """
import sys
c.JupyterHub.services = [
    {{
        "name": "{service}",
        "url": "http://127.0.0.1:{service_port}",
        "command": [sys.executable, "-m", "closereading.course.live", "--folder", {folder!r}],
        "oauth_no_confirm": True,
        "oauth_client_allowed_scopes": ["custom:closereading:teach"],
    }},
    {{"name": "tester", "api_token": {token!r}}},
]
c.JupyterHub.custom_scopes = {{
    "custom:closereading:teach": {{"description": "See a class's shared readings, live"}},
}}
c.JupyterHub.load_groups = {groups!r}
c.JupyterHub.load_roles = [
    {{
        "name": "user",
        "scopes": ["self", "access:services!service={service}", "read:services!service={service}"],
    }},
    {{"name": "teacher-a", "users": ["ines"], "scopes": ["custom:closereading:teach!group=seminar-a"]}},
    {{"name": "live-service", "services": ["{service}"], "scopes": ["read:users:groups"]}},
    {{
        "name": "tester",
        "services": ["tester"],
        "scopes": ["admin:users", "admin:servers", "tokens", "read:services", "admin:groups"],
    }},
]
c.Spawner.server_token_scopes = [
    "access:servers!server", "users:activity!user",
    "access:services!service={service}", "read:services!service={service}",
]
c.Spawner.poll_interval = 2
# On disk, so that the hub can be restarted with its users, groups and tokens.
c.JupyterHub.db_url = "sqlite:///" + {database!r}
"""

GROUPS = {
    "seminar-a": {"users": ["zoe1", "yan2", "wan4", "ines"]},
    "seminar-b": {"users": ["xia3"]},
}


@dataclass
class LiveHub:
    hub: Hub
    folder: Path
    service_port: int

    @property
    def url(self) -> str:
        return self.hub.url

    @property
    def service_url(self) -> str:
        """The service through the hub's proxy, as browsers and students reach it."""
        return f"{self.hub.url}/services/{SERVICE}/"

    def api(self, method: str, path: str, body=None, token: str = TESTER_TOKEN):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.hub.url}/hub/api/{path}",
            data,
            {"Authorization": f"token {token}"},
            method=method,
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                raw = answer.read()
                return answer.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as error:
            return error.code, None

    def start_server(self, *users: str, timeout: float = 90) -> None:
        """Start the servers of ``users`` all at once, as a class arriving does, and return
        when every one is ready."""
        for user in users:
            self.api("POST", f"users/{user}")
            self.api("POST", f"users/{user}/server")
        waiting = set(users)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for user in sorted(waiting):
                status, model = self.api("GET", f"users/{user}")
                if status == 200 and (model.get("servers") or {}).get("", {}).get("ready"):
                    waiting.discard(user)
            if not waiting:
                return
            time.sleep(0.3)
        raise RuntimeError(f"{sorted(waiting)}: no server started:\n{self.hub.log_tail()}")

    def server_env(self, user: str) -> dict[str, str]:
        """The environment of ``user``'s single-user server, which its kernels inherit: its
        own hub token (``JUPYTERHUB_API_TOKEN``), the hub's API address, the work folder."""
        import psutil

        home = str(self.hub.home(user))
        for p in psutil.process_iter(["cmdline", "environ"]):
            env = p.info["environ"] or {}
            if (
                "jupyterhub-singleuser" in " ".join(p.info["cmdline"] or [])
                and env.get("JUPYTERHUB_USER") == user
                # this hub's, not another hub's on the same machine (a test run beside this one)
                and env.get("CLOSEREADING_WORK_DIR", "").startswith(home)
            ):
                return dict(env)
        raise RuntimeError(f"no single-user server of {user} is running")

    def service_pid(self) -> int:
        status, model = self.api("GET", f"services/{SERVICE}")
        assert status == 200, status
        return int(model["pid"])

    def wait_for_service(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.service_port}/", timeout=2):
                    return
            except urllib.error.HTTPError:
                return  # it answers (a 404 outside its prefix)
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"the class service did not come back:\n{self.hub.log_tail()}")


def restart_hub(live: LiveHub, meanwhile=None, timeout: float = 90) -> None:
    """Stop the hub (it stops its service, its proxy and the students' servers), run
    ``meanwhile()``, and start the hub again from the same configuration file: same ports, same
    database, same service folder."""
    import dataclasses
    import secrets as secret_tokens

    old = live.hub
    old.stop()
    if meanwhile is not None:
        meanwhile()
    env = dict(os.environ, CONFIGPROXY_AUTH_TOKEN=secret_tokens.token_hex(16), PYTHONUNBUFFERED="1")
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    log = open(old.log_path, "a", encoding="utf-8")  # noqa: SIM115 - open while the hub runs
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyterhub", "-f", str(old.base / "jupyterhub_config.py")],
        cwd=old.base,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    live.hub = dataclasses.replace(old, process=process, _log=log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"jupyterhub exited on restart:\n{live.hub.log_tail()}")
        try:
            status, _ = live.api("GET", "services/closereading")
        except OSError:  # not listening yet
            status = 0
        if status == 200:
            live.wait_for_service()
            return
        time.sleep(0.3)
    raise RuntimeError(f"jupyterhub did not come back:\n{live.hub.log_tail()}")


def start_live_hub(base: Path, log_path: Path) -> LiveHub:
    folder = base / "live-service"
    port = free_port()
    extra = EXTRA.format(
        service=SERVICE,
        service_port=port,
        folder=str(folder),
        token=TESTER_TOKEN,
        groups=GROUPS,
        database=str(base / "jupyterhub.sqlite"),
    )
    hub = start_hub(base, log_path, extra_config=extra)
    live = LiveHub(hub, folder, port)
    live.wait_for_service()
    return live


#: Run in a student's kernel environment: share (or withdraw) one kind and say when the service
#: acknowledged it, as JSON on one line.
CLIENT = """
import json, sys, time
from closereading.annotation.sharing import Sharing
action, kind, payload, wait = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
box = Sharing(background=False)
if action == "share":
    box.share(kind, json.loads(payload))
elif action == "withdraw":
    box.withdraw(kind)
deadline = time.monotonic() + wait
while box.send_pending() and time.monotonic() < deadline:
    time.sleep(0.5)
entry = box.entry(kind)
print(json.dumps({"pending": entry.pending, "version": entry.version, "problem": entry.problem,
                  "acknowledged_at": time.time()}))
"""


def run_client(env: dict[str, str], action: str, kind: str, reading=None, wait: float = 0) -> dict:
    """The kernel-side client, in ``env`` (a student's server's), in a process of its own."""
    done = subprocess.run(
        [sys.executable, "-c", CLIENT, action, kind, json.dumps(reading), str(wait)],
        env={
            **os.environ,
            **{k: v for k, v in env.items() if k.startswith(("JUPYTERHUB_", "CLOSEREADING_"))},
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])
