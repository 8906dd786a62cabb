"""Measure what one student costs a JupyterHub: memory with notebooks 00-04 open and run, and
how long a kernel takes to start. The figures in ``course/deploying.md`` come from this script.

    .venv/bin/python -m tests.hub.measure

It starts the same hub as the hub test (the student's server and kernels run in the image
recipe's environment), logs one student in with headless Chromium, pulls the course's student
edition with the nbgitpuller link, opens notebooks 00 to 04 one after another in JupyterLab and runs
each (Run All), leaving all five kernels running as a student who works through a session would.
Then it sums the proportional set size (PSS: shared pages divided among the processes sharing
them) of the student's server and its kernels. Kernel start time is measured separately with
jupyter_client: start an ipykernel and wait until it answers, five times, median.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from browser.lab import LAUNCH_ARGS, chromium_path, run_all, wait_for_kernel_idle  # noqa: E402

from closereading.course.link import pull_link  # noqa: E402
from hub.hub import course_repository, start_hub  # noqa: E402
from hub.test_hub import log_in  # noqa: E402

NOTEBOOKS = [
    "notebooks/00-start-here.ipynb",
    "notebooks/01-first-reading.ipynb",
    "notebooks/02-counting-words.ipynb",
    "notebooks/03-words-in-context.ipynb",
    "notebooks/04-rhetorical-moves.ipynb",
]


def kernel_start_seconds(times: int = 5) -> list[float]:
    from jupyter_client.manager import start_new_kernel

    results = []
    for _ in range(times):
        started = time.perf_counter()
        manager, client = start_new_kernel(kernel_name="python3", startup_timeout=60)
        results.append(time.perf_counter() - started)
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    return results


def student_pss_mb(user: str) -> tuple[float, int]:
    """PSS of the student's single-user server and everything it started, and how many kernels."""
    import psutil

    [server] = [
        p
        for p in psutil.process_iter(["cmdline", "environ"])
        if "jupyterhub-singleuser" in " ".join(p.info["cmdline"] or [])
        and (p.info["environ"] or {}).get("JUPYTERHUB_USER") == user
    ]
    processes = [server, *server.children(recursive=True)]
    kernels = sum("ipykernel" in " ".join(p.cmdline()) for p in processes[1:])
    return sum(p.memory_full_info().pss for p in processes) / 1e6, kernels


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch)
        (base / "hub").mkdir()
        hub = start_hub(base / "hub", base / "jupyterhub.log")
        try:
            repo = course_repository(base)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(chromium_path()), args=LAUNCH_ARGS, headless=True
                )
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.set_default_timeout(120_000)
                log_in(page, hub, "ana")
                print(f"server only: {student_pss_mb('ana')[0]:.0f} MB")
                for notebook in NOTEBOOKS:
                    page.goto(pull_link(hub.url, repo.as_uri(), notebook=notebook))
                    page.wait_for_url(f"**/{notebook}")
                    wait_for_kernel_idle(page)
                    run_all(page)
                    time.sleep(3)
                    wait_for_kernel_idle(page)
                    time.sleep(2)
                    pss, kernels = student_pss_mb("ana")
                    print(f"after {notebook}: {pss:.0f} MB, {kernels} kernels")
                browser.close()
        finally:
            hub.stop()
    starts = kernel_start_seconds()
    print("kernel start (s):", ", ".join(f"{s:.2f}" for s in starts))
    print(f"median {statistics.median(starts):.2f} s")


if __name__ == "__main__":
    main()
