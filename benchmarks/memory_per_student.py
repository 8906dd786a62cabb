"""Memory one student uses on a hub: their Jupyter server and a kernel that has run lesson 04.

    .venv/bin/python benchmarks/memory_per_student.py [NOTEBOOK...]

Starts a Jupyter server on the course folder (as a hub's single-user server starts, with its
own work folder), loads JupyterLab's page once, opens a session on each notebook (lesson 04 unless
others are named; each kernel starts in ``notebooks/``, as when a student opens it) and runs every
code cell in that kernel, the highlighter included, leaving the kernels running. Then it prints the resident set size (RSS) and the proportional set size
(PSS: shared pages divided among the processes sharing them) of the server, of the kernel and
of the two together. Nothing is downloaded; the server listens on 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import nbformat
import psutil
from jupyter_client import BlockingKernelClient
from jupyter_core.paths import jupyter_runtime_dir

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _call(url: str, token: str, method: str = "GET", body: dict | None = None) -> bytes:
    request = urllib.request.Request(
        url,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read()


def _memory(process: psutil.Process) -> tuple[float, float]:
    info = process.memory_full_info()
    return info.rss / 1e6, getattr(info, "pss", info.rss) / 1e6


def _run_in_a_session(base: str, token: str, notebook: str) -> None:
    session = json.loads(
        _call(f"{base}/api/sessions", token, "POST",
              {"path": notebook, "type": "notebook", "kernel": {"name": "python3"}})
    )  # fmt: skip
    client = BlockingKernelClient()
    client.load_connection_file(
        Path(jupyter_runtime_dir()) / f"kernel-{session['kernel']['id']}.json"
    )
    client.start_channels()
    client.wait_for_ready(timeout=60)
    for cell in nbformat.read(ROOT / notebook, as_version=4).cells:
        if cell.cell_type == "code":
            reply = client.execute_interactive(cell.source, timeout=300, output_hook=lambda m: None)
            if reply["content"]["status"] != "ok":
                raise RuntimeError(f"{notebook}: a cell failed: {cell.source[:80]!r}")
    client.stop_channels()


def measure(notebooks: list[str]) -> dict[str, tuple[float, float]]:
    port, token = _free_port(), secrets.token_hex(16)
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as scratch, open(Path(scratch) / "server.log", "w") as log:
        env = dict(os.environ, CLOSEREADING_WORK_DIR=str(Path(scratch) / "work"))
        server = subprocess.Popen(
            [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}",
             "--ip=127.0.0.1", "--allow-root", f"--IdentityProvider.token={token}",
             f"--ServerApp.root_dir={ROOT}"],
            env=env, stdout=subprocess.DEVNULL, stderr=log,
        )  # fmt: skip
        try:
            for _ in range(360):
                try:
                    _call(f"{base}/api/status", token)
                    break
                except OSError:
                    if server.poll() is not None:
                        raise RuntimeError((Path(scratch) / "server.log").read_text()) from None
                    time.sleep(0.5)
            _call(f"{base}/lab?token={token}", token)  # JupyterLab's page, as a browser loads it
            for notebook in notebooks:  # one kernel each, left running, as a student leaves them
                _run_in_a_session(base, token, notebook)
            serving = psutil.Process(server.pid)
            kernels = serving.children(recursive=True)
            figures = {"server": _memory(serving)}
            figures[f"{len(kernels)} kernel" + "s" * (len(kernels) > 1)] = tuple(
                map(sum, zip(*(_memory(k) for k in kernels)))
            )
            figures["together"] = tuple(map(sum, zip(*figures.values())))
            return figures
        finally:
            server.terminate()
            server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "notebooks", nargs="*", default=["notebooks/04-rhetorical-moves.ipynb"],
        help="the notebooks to open and run, each in its own kernel (default: lesson 04)",
    )  # fmt: skip
    args = parser.parse_args()
    for name, (rss, pss) in measure(args.notebooks).items():
        print(f"{name:9} RSS {rss:6.0f} MB   PSS {pss:6.0f} MB")


if __name__ == "__main__":
    main()
