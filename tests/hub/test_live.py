"""The class, live, on a real JupyterHub: the class service started by the hub as a managed
service, behind configurable-http-proxy; students share from the kernel-side client with their
servers' own hub tokens; the instructor watches in Chromium.

Steps: Zoe and Yan (``zoe1``, ``yan2``: names no text contains; class ``seminar-a``) share their highlights; the instructor's page (Ines,
who holds ``custom:closereading:teach!group=seminar-a``) shows both within 2 s of the service's
acknowledgement, names only on request, never on the projector view. Yan withdraws and is gone.
The service is killed (-9); Zoe changes her reading meanwhile (it waits in her outbox); the hub
starts the service again; her outbox sends the change and the page shows it, and nothing
acknowledged before was lost. Xia (``xia3``), of ``seminar-b``, never appears in seminar-a.

One hub for the module (see ``test_live_security.py`` for the attacks on the same service).
Screenshots go to ``tests/hub/artifacts/``.
"""

from __future__ import annotations

import json
import os
import signal
import time

import pytest

from closereading.base.paths import DATA_DIR

from .conftest import _unavailable
from .hub import proxy_command
from .live import run_client, start_live_hub

pytestmark = pytest.mark.hub

PAGE = "services/closereading/class/seminar-a/"


def reading(sample: str, note: str = "") -> dict:
    data = json.loads((DATA_DIR / "sample-class" / f"{sample}.json").read_text("utf-8"))
    if note:
        data["annotations"][0]["note"] = note
    return data


@pytest.fixture(scope="module")
def live(tmp_path_factory, artifacts, chromium):
    if proxy_command() is None:
        _unavailable(
            "configurable-http-proxy is not on PATH: npm install -g configurable-http-proxy"
        )
    server = start_live_hub(tmp_path_factory.mktemp("live-hub"), artifacts / "jupyterhub-live.log")
    try:
        for user in ("zoe1", "yan2", "xia3"):
            server.start_server(user)
        yield server
    finally:
        server.hub.stop()


@pytest.fixture(scope="module")
def instructor(live, chromium):
    from .test_hub import log_in

    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)
    log_in(page, live.hub, "ines")
    yield page
    context.close()


def wait_for_text(page, text: str, present: bool = True, timeout: float = 15) -> float:
    """Seconds until ``text`` is (or is no longer) in the page's live content."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if (text in page.inner_text("#live")) == present:
            return time.monotonic() - started
        page.wait_for_timeout(50)
    pytest.fail(f"{text!r} {'never appeared' if present else 'never went'} within {timeout} s")


def test_shared_readings_reach_the_instructor_live_and_survive_a_killed_service(
    live, instructor, artifacts
):
    zoe, yan, xia = (live.server_env(u) for u in ("zoe1", "yan2", "xia3"))
    instructor.goto(f"{live.url}/{PAGE}?names=1")
    instructor.wait_for_selector("#live")
    assert "No one has shared" in instructor.inner_text("#live")
    csp = instructor.evaluate("() => document.querySelector('.live-status') !== null")
    assert csp

    sent = run_client(zoe, "share", "highlights", reading("amara-okafor"), wait=20)
    assert not sent["pending"], sent
    seconds = wait_for_text(instructor, "zoe1")
    assert seconds < 2.0 + 0.5, f"the page took {seconds:.1f} s to show Zoe's reading"
    run_client(yan, "share", "highlights", reading("ben-hartley"), wait=20)
    run_client(xia, "share", "highlights", reading("chloe-martin"), wait=20)
    shown_at = time.time()
    wait_for_text(instructor, "yan2", timeout=2.5)
    assert time.time() - shown_at < 2.5
    assert "xia3" not in instructor.inner_text("#live"), "another class's student appeared"
    instructor.screenshot(path=str(artifacts / "live-instructor-names.png"), full_page=False)

    # Anonymised by default, and the projector view never names anyone.
    instructor.goto(f"{live.url}/{PAGE}")
    text = instructor.inner_text("#live")
    assert "Reader " in text and "zoe1" not in text and "yan2" not in text
    instructor.goto(f"{live.url}/{PAGE}projector?names=1")
    text = instructor.inner_text("#live")
    assert "zoe1" not in text and "yan2" not in text
    instructor.screenshot(path=str(artifacts / "live-projector.png"), full_page=False)

    # Yan withdraws: their reading leaves the page.
    instructor.goto(f"{live.url}/{PAGE}?names=1")
    wait_for_text(instructor, "yan2")
    withdrawn = run_client(yan, "withdraw", "highlights", wait=20)
    assert not withdrawn["pending"], withdrawn
    wait_for_text(instructor, "yan2", present=False, timeout=3)

    # The service is killed; Zoe keeps working; her change waits in her outbox.
    os.kill(live.service_pid(), signal.SIGKILL)
    note = "written while the class service was down"
    waiting = run_client(zoe, "share", "highlights", reading("amara-okafor", note), wait=0)
    assert waiting["pending"] and "trying again" in waiting["problem"], waiting
    live.wait_for_service(timeout=90)  # the hub starts its service again
    resent = run_client(zoe, "share", "highlights", reading("amara-okafor", note), wait=30)
    assert not resent["pending"], resent
    assert resent["version"] == waiting["version"], "the outbox sent a new version, not its own"
    wait_for_text(instructor, note, timeout=15)
    text = instructor.inner_text("#live")
    assert "zoe1" in text and "yan2" not in text
    instructor.screenshot(path=str(artifacts / "live-after-restart.png"), full_page=False)


def test_nothing_acknowledged_is_lost_across_the_kill(live):
    import sqlite3

    with sqlite3.connect(live.folder / "live.sqlite") as db:
        rows = db.execute(
            "SELECT class, student, kind, body IS NOT NULL FROM readings ORDER BY class, student"
        ).fetchall()
    assert rows == [
        ("seminar-a", "yan2", "highlights", 0),
        ("seminar-a", "zoe1", "highlights", 1),
        ("seminar-b", "xia3", "highlights", 1),
    ]
