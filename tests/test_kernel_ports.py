"""Kernels started by the tests take their ports from a block of their process's own
(tests/kernel_ports.py), so two workers starting kernels at once cannot be handed the same port."""

from __future__ import annotations

import os
import subprocess
import sys

from jupyter_client.manager import start_new_kernel

from tests import kernel_ports


def test_a_kernel_started_here_listens_on_this_workers_block():
    ours = kernel_ports.block(kernel_ports.worker_slot(os.environ.get("PYTEST_XDIST_WORKER")))
    manager, client = start_new_kernel(kernel_name="python3", startup_timeout=60)
    try:
        ports = [
            manager.shell_port,
            manager.iopub_port,
            manager.stdin_port,
            manager.hb_port,
            manager.control_port,
        ]
        assert client.execute_interactive("1 + 1", timeout=30)["content"]["status"] == "ok"
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    assert len(set(ports)) == 5
    assert all(port in ours for port in ports), (ports, ours)


def test_blocks_of_different_slots_never_overlap_and_stay_below_the_ephemeral_range():
    blocks = [set(kernel_ports.block(slot)) for slot in range(kernel_ports.SLOTS)]
    assert all(a.isdisjoint(b) for i, a in enumerate(blocks) for b in blocks[i + 1 :])
    assert max(max(b) for b in blocks) < 32_768
    assert kernel_ports.server_slot("gw0") != kernel_ports.worker_slot("gw0")


def test_the_servers_config_installs_the_servers_block(tmp_path):
    config = tmp_path / "jupyter_server_config.py"
    config.write_text(kernel_ports.server_config("gw1"))
    found = subprocess.run(
        [
            sys.executable,
            "-c",
            f"exec(open({str(config)!r}).read())\n"
            "from jupyter_client.connect import LocalPortCache\n"
            "print(LocalPortCache.instance().find_available_port('127.0.0.1'))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert int(found) in kernel_ports.block(kernel_ports.server_slot("gw1"))
