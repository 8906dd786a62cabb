"""Kernel ports that no other process of the test run can be handed.

jupyter_client chooses a new kernel's five ports by binding port 0, reading the number the system
gave and closing the socket; the kernel binds them itself a moment later. Two processes starting
kernels at once (two pytest-xdist workers running notebooks under nbval, a worker and its
JupyterLab) can be given the same free port in that moment, and the second kernel dies before it
answers ("Kernel died before replying to kernel_info"; jupyter_client issue 487). Its own
``LocalPortCache`` guards against this within one process only.

``install(slot)`` makes the process take its kernels' ports from a block of its own below the
system's ephemeral range, so that no other process of the run, and nothing that binds port 0,
is handed them. The root ``conftest.py`` installs it in every pytest process, and the browser
tests' JupyterLab in its server (``tests/browser/lab.py``), each with a different slot.
"""

from __future__ import annotations

import itertools
import socket

#: Below Linux's default ephemeral range (32768-60999), where bind(("", 0)) never looks.
FIRST_PORT = 12_000
BLOCK = 400
SLOTS = (32_768 - FIRST_PORT) // BLOCK  # 51


def block(slot: int) -> range:
    start = FIRST_PORT + (slot % SLOTS) * BLOCK
    return range(start, start + BLOCK)


def _bindable(ip: str, port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind((ip, port))
        except OSError:
            return False
    return True


def install(slot: int) -> None:
    """Hand this process's kernels ports from ``block(slot)`` in turn, skipping any port that a
    kernel of this process holds or that anything else has bound."""
    from jupyter_client.connect import LocalPortCache

    ports = itertools.cycle(block(slot))

    def find_available_port(self: LocalPortCache, ip: str) -> int:
        for _ in range(BLOCK):
            port = next(ports)
            if port not in self.currently_used_ports and _bindable(ip, port):
                self.currently_used_ports.add(port)
                return port
        raise RuntimeError(f"no free port for a kernel in {block(slot)} (tests/kernel_ports.py)")

    LocalPortCache.find_available_port = find_available_port


def worker_slot(worker: str | None) -> int:
    """0 for a run without workers; 1, 2, … for pytest-xdist's gw0, gw1, …"""
    return int(worker[2:]) + 1 if worker and worker.startswith("gw") else 0


def server_slot(worker: str | None) -> int:
    """The slot of a server that a test process starts: a block of its own again."""
    return worker_slot(worker) + SLOTS // 2


def server_config(worker: str | None) -> str:
    """The lines of a ``jupyter_server_config.py`` that install this in the server."""
    return (
        "import importlib.util\n"
        f"_spec = importlib.util.spec_from_file_location('kernel_ports', {__file__!r})\n"
        "_ports = importlib.util.module_from_spec(_spec)\n"
        "_spec.loader.exec_module(_ports)\n"
        f"_ports.install({server_slot(worker)})\n"
    )
