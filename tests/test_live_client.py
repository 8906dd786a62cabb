"""The student's side of sharing: the outbox under work/ keeps every change the service has not
acknowledged, across a new kernel, and the sender sends the newest version once it can."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from closereading.annotation.sharing import Sharing

READING = {"schema": "closereading.annotations/1", "author": "ana", "annotations": []}


class Service:
    """A stand-in for the class service on loopback: records what it is sent, answers
    ``status`` (200 unless told otherwise)."""

    def __init__(self) -> None:
        self.got: list[tuple[str, str, dict | None]] = []
        self.status = 200
        service = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, body):
                service.got.append((self.command, self.path, body))
                self.send_response(service.status)
                if service.status == 429:
                    self.send_header("Retry-After", "1")
                self.end_headers()
                self.wfile.write(b'{"acknowledged": true, "message": "no"}')

            def do_PUT(self):
                self._answer(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))

            def do_DELETE(self):
                self._answer(None)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/services/closereading/"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def service():
    s = Service()
    yield s
    s.stop()


def test_a_change_waits_in_the_outbox_until_the_service_acknowledges_it(tmp_path, service):
    outbox = tmp_path / "work" / "sharing" / "outbox.json"
    dead = Sharing(
        outbox, url="http://127.0.0.1:9/services/closereading/", background=False
    )  # nothing listens
    first = dead.share("highlights", READING)
    assert dead.send_pending() is True
    held = dead.entry("highlights")
    assert held.pending and "could not be reached" in held.problem

    # A new kernel (another Sharing on the same outbox) sends it once the service is there.
    again = Sharing(outbox, url=service.url, background=False)
    assert again.send_pending() is False
    [(method, path, body)] = service.got
    assert (method, path) == ("PUT", "/services/closereading/api/readings/highlights")
    assert body == {"version": first.version, "reading": READING}
    assert not again.entry("highlights").pending and again.entry("highlights").sent


def test_only_the_newest_version_is_sent_and_a_retry_sends_the_same_version(tmp_path, service):
    box = Sharing(tmp_path / "outbox.json", url=service.url, background=False)
    box.share("highlights", {**READING, "annotations": [1]})
    newest = box.share("highlights", {**READING, "annotations": [1, 2]})
    service.status = 503
    assert box.send_pending() is True
    service.status = 200
    assert box.send_pending() is False
    versions = [body["version"] for _, _, body in service.got]
    assert versions == [newest.version, newest.version]
    assert box.send_pending() is False and len(service.got) == 2  # nothing left to send


def test_versions_grow_even_when_the_outbox_is_lost(tmp_path, service):
    first = (
        Sharing(tmp_path / "a.json", url=service.url, background=False)
        .share("codes", READING)
        .version
    )
    second = Sharing(tmp_path / "b.json", url=service.url, background=False).share(
        "codes", {**READING, "x": 1}
    )
    assert second.version > first


def test_withdrawing_asks_the_service_to_delete_with_a_newer_version(tmp_path, service):
    box = Sharing(tmp_path / "outbox.json", url=service.url, background=False)
    shared = box.share("pronouns", READING)
    withdrawn = box.withdraw("pronouns")
    assert box.send_pending() is False
    [(method, path, _)] = service.got
    assert method == "DELETE" and path.endswith(
        f"/api/readings/pronouns?version={withdrawn.version}"
    )
    assert withdrawn.version > shared.version and not box.entry("pronouns").share


def test_a_refusal_is_kept_and_not_retried_until_the_next_change(tmp_path, service):
    box = Sharing(tmp_path / "outbox.json", url=service.url, background=False)
    box.share("highlights", READING)
    service.status = 400
    assert box.send_pending() is False
    assert box.entry("highlights").problem.startswith("refused by the class service (400")
    assert box.send_pending() is False and len(service.got) == 1


def test_too_many_requests_waits_as_the_service_says(tmp_path, service):
    box = Sharing(tmp_path / "outbox.json", url=service.url, background=False)
    box.share("highlights", READING)
    service.status = 429
    assert box.send_pending() is True and box.retry_after == 1.0
    assert box.entry("highlights").pending


def test_the_sender_thread_sends_without_being_asked(tmp_path, service):
    import time

    box = Sharing(tmp_path / "outbox.json", url=service.url)
    seen = []
    box.listen(seen.append)
    box.share("highlights", READING)
    deadline = time.monotonic() + 10
    while box.entry("highlights").pending and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not box.entry("highlights").pending
    assert seen[-1].sent and not seen[-1].pending


def test_not_on_a_hub_says_so(tmp_path, monkeypatch):
    for name in ("CLOSEREADING_LIVE_URL", "JUPYTERHUB_API_URL", "JUPYTERHUB_API_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    box = Sharing(tmp_path / "outbox.json", background=False)
    box.share("highlights", READING)
    assert box.send_pending() is True
    assert "not on a JupyterHub" in box.entry("highlights").problem


def test_a_listener_is_told_once_however_often_it_listens(tmp_path, service):
    box = Sharing(tmp_path / "outbox.json", url=service.url, background=False)
    seen = []
    for _ in range(3):
        box.listen(seen.append)
    box.share("highlights", READING)
    assert len(seen) == 1


def test_a_change_another_kernel_acknowledged_is_told_to_this_kernels_widgets(tmp_path, service):
    """Two notebooks, two kernels, one outbox: when the other kernel's sender gets the
    acknowledgement, this kernel's sender tells its widgets on its next pass, so they do not go
    on saying the change waits."""
    path = tmp_path / "outbox.json"
    here = Sharing(path, service.url, background=False)
    there = Sharing(path, service.url, background=False)
    told = []
    here.listen(told.append)
    service.status = 503
    here.share("highlights", READING)
    assert here.send_pending() is True  # still waiting: the service is down
    assert told[-1].pending
    service.status = 200
    assert there.send_pending() is False  # the other kernel's sender gets it through
    assert told[-1].pending  # nothing told here yet
    here.send_pending()
    assert not told[-1].pending and told[-1].acknowledged == told[-1].version
    count = len(told)
    here.send_pending()
    assert len(told) == count  # told once, not at every pass
