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
import shutil
import signal
import subprocess
import sys
import time

import pytest

from closereading.base.paths import DATA_DIR

from .conftest import _unavailable
from .hub import proxy_command
from .live import restart_hub, run_client, start_live_hub

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
    base = tmp_path_factory.mktemp("live-hub")
    # The log is written beside the hub and copied to artifacts/ at the end, so that another
    # test run on the same machine cannot write into it meanwhile.
    server = start_live_hub(base, base / "jupyterhub.log")
    try:
        server.start_server("zoe1", "yan2", "xia3")
        yield server
    finally:
        server.hub.stop()
        shutil.copyfile(base / "jupyterhub.log", artifacts / "jupyterhub-live.log")


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
        if (text in (page.text_content("#live") or "")) == present:
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

    latencies = []
    for env, user, sample in ((zoe, "zoe1", "amara-okafor"), (yan, "yan2", "ben-hartley")):
        sent = run_client(env, "share", "highlights", reading(sample), wait=20)
        assert not sent["pending"], sent
        wait_for_text(instructor, user)
        # From the service's acknowledgement (as the student's kernel got it) to the page.
        latencies.append(time.time() - sent["acknowledged_at"])
    (artifacts / "live-latency.txt").write_text(f"{latencies}\n", "utf-8")
    assert max(latencies) < 2.0, f"the page took {latencies} s to show the readings"
    run_client(xia, "share", "highlights", reading("chloe-martin"), wait=20)
    page_revision = instructor.get_attribute("body", "data-revision")
    instructor.wait_for_timeout(1500)  # at least two of the page's questions
    assert instructor.get_attribute("body", "data-revision") == page_revision
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


def test_the_front_page_lists_only_the_classes_the_instructor_teaches(live, instructor):
    instructor.goto(live.service_url)
    links = instructor.locator("main a").all_inner_texts()
    assert links == ["seminar-a"], links  # seminar-b has readings too, but is not Ines's


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


# --- attacks on the same running service ------------------------------------------------------


def call(live, method: str, path: str, token: str | None = None, body=None, headers=None):
    """One request to the service through the proxy; (status, headers, body). No redirects."""
    import http.client
    from urllib.parse import urlsplit

    where = urlsplit(live.service_url + path)
    connection = http.client.HTTPConnection(where.hostname, where.port, timeout=60)
    sent = dict(headers or {})
    if token:
        sent["Authorization"] = f"token {token}"
    data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
    try:
        connection.request(
            method, where.path + (f"?{where.query}" if where.query else ""), data, sent
        )
        answer = connection.getresponse()
        return answer.status, dict(answer.getheaders()), answer.read()
    finally:
        connection.close()


def test_a_student_token_cannot_see_the_live_view(live):
    token = live.server_env("zoe1")["JUPYTERHUB_API_TOKEN"]
    for path in ("class/seminar-a/", "class/seminar-a/state?view=page&names=1", "class/seminar-b/"):
        status, _, body = call(live, "GET", path, token)
        assert status == 403, (path, status, body[:200])
        assert b"zoe1" not in body and b"annotations" not in body


def test_the_name_comes_from_the_token_never_from_the_body(live):
    import sqlite3

    token = live.server_env("xia3")["JUPYTERHUB_API_TOKEN"]
    forged = reading("dmitri-volkov")
    forged["author"] = "zoe1"
    status, _, body = call(live, "PUT", "api/readings/codes", token, {"version": 7, "reading": {
        **json.loads((DATA_DIR / "sample-class" / "codes" / "amara-okafor.json").read_text()),
        "author": "zoe1", "student": "zoe1"}})  # fmt: skip
    assert status == 200, body
    with sqlite3.connect(live.folder / "live.sqlite") as db:
        rows = db.execute(
            "SELECT class, student, json_extract(body, '$.author') FROM readings WHERE kind='codes'"
        ).fetchall()
    assert rows == [("seminar-b", "xia3", "xia3")]
    wrong = {"version": 8, "reading": {"schema": "closereading.codes/1", "units": []}}
    status, _, body = call(live, "PUT", "api/readings/highlights", token, wrong)
    assert status == 400 and b"not a file of highlights" in body
    status, _, _ = call(live, "PUT", "api/readings/notes", token, wrong)
    assert status == 404


def test_a_token_without_the_service_scope_is_refused(live):
    status, made = live.api("POST", "users/zoe1/tokens", {"scopes": ["read:users:name!user"]})
    assert status in (200, 201), status
    status, _, _ = call(live, "PUT", "api/readings/highlights", made["token"],
                        {"version": 1, "reading": reading("amara-okafor")})  # fmt: skip
    assert status == 403
    status, _, _ = call(live, "PUT", "api/readings/highlights", "not-a-token",
                        {"version": 1, "reading": reading("amara-okafor")})  # fmt: skip
    assert status == 403


def test_a_forged_cookie_is_not_a_login(live, instructor):
    instructor.goto(f"{live.url}/{PAGE}")  # signed in to the service: its cookie is set
    cookies = {c["name"]: c["value"] for c in instructor.context.cookies()}
    service_cookie = "service-closereading"  # the service's OAuth client id names its cookie
    assert service_cookie in cookies, sorted(cookies)
    status, _, body = call(live, "GET", "class/seminar-a/", headers={
        "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())})  # fmt: skip
    assert (
        status == 200 and b"Reader " in body
    )  # the real cookie works, so the forged one is what fails
    forged = {**cookies, service_cookie: cookies[service_cookie][:-6] + "AAAAAA"}
    header = "; ".join(f"{k}={v}" for k, v in forged.items())
    status, headers, body = call(live, "GET", "class/seminar-a/", headers={"Cookie": header})
    assert status in (302, 403), (status, body[:300])
    location = {k.lower(): v for k, v in headers.items()}.get("location", "")
    assert status != 302 or "/hub/api/oauth2/authorize" in location
    assert b"Reader " not in body


def test_a_cross_site_form_post_is_refused(live, instructor):
    import sqlite3

    target = f"{live.service_url}class/seminar-a/reveal"
    instructor.goto(f"{live.url}/{PAGE}")
    answer = instructor.request.post(target, form={"on": "1"}, max_redirects=0)
    assert answer.status == 403, answer.status  # no XSRF token: refused even from the same browser
    page = instructor.context.new_page()
    page.set_content(  # a page of no origin of the service's
        f'<form method="post" action="{target}"><input name="on" value="1"></form>'
    )
    with page.expect_navigation():
        page.evaluate("document.forms[0].submit()")
    page.close()
    with sqlite3.connect(live.folder / "live.sqlite") as db:
        assert db.execute("SELECT revealed FROM classes WHERE class='seminar-a'").fetchone() == (0,)


def test_script_in_notes_is_shown_as_text_and_never_runs(live, instructor):
    payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>"\'&'
    zoe = live.server_env("zoe1")
    assert not run_client(zoe, "share", "highlights", reading("amara-okafor", payload), wait=20)[
        "pending"
    ]
    answer = instructor.goto(f"{live.url}/{PAGE}?names=1")
    assert "script-src 'self'" in answer.headers["content-security-policy"]
    wait_for_text(instructor, payload, timeout=5)
    instructor.wait_for_timeout(1500)  # a live update has replaced the content at least once
    assert instructor.evaluate("() => window.__xss") is None
    assert instructor.locator("#live img[src=x], #live script").count() == 0


def test_a_huge_body_and_a_burst_are_refused_cleanly_and_others_go_on(live):
    from concurrent.futures import ThreadPoolExecutor

    zoe = live.server_env("zoe1")["JUPYTERHUB_API_TOKEN"]
    huge = b'{"version": 9, "reading": "' + b"x" * 50_000_000 + b'"}'
    status, _, _ = call(live, "PUT", "api/readings/highlights", zoe, huge)
    assert status == 413

    import http.client
    from urllib.parse import urlsplit

    where = urlsplit(live.service_url + "api/readings/highlights")

    def tiny(count: int) -> list[tuple[int, bytes]]:
        """``count`` tiny PUTs from Zoe on one kept-alive connection (a new one if it drops)."""
        got, connection = [], None
        for _ in range(count):
            for attempt in (1, 2):  # a kept-alive connection the other end closed: once more
                connection = connection or http.client.HTTPConnection(
                    where.hostname, where.port, timeout=60
                )
                try:
                    connection.request("PUT", where.path, b"{}", {"Authorization": f"token {zoe}"})
                    answer = connection.getresponse()
                    got.append((answer.status, answer.read()[:200]))
                    break
                except (OSError, http.client.HTTPException):
                    connection.close()
                    connection = None
                    if attempt == 2:
                        raise
        if connection:
            connection.close()
        return got

    started = time.monotonic()
    with ThreadPoolExecutor(16) as pool:
        answers = [a for part in pool.map(tiny, [625] * 16) for a in part]
    took = time.monotonic() - started
    statuses = [s for s, _ in answers]
    assert len(answers) == 10_000
    assert set(statuses) <= {400, 429}, {s: b for s, b in answers if s not in (400, 429)}
    assert statuses.count(429) > 9_000
    print(f"10,000 tiny requests from one student in {took:.1f} s")
    yan = live.server_env("yan2")
    shared = run_client(yan, "share", "pronouns", json.loads(
        (DATA_DIR / "sample-class" / "codes" / "ben-hartley.json").read_text()) | {
        "schema": "closereading.pronouns/1", "assignments": []}, wait=20)  # fmt: skip
    assert not shared["pending"], shared


def test_the_revealed_heat_map_reaches_only_students_of_the_class_who_shared(live, instructor):
    from playwright.sync_api import expect

    tokens = {u: live.server_env(u)["JUPYTERHUB_API_TOKEN"] for u in ("zoe1", "yan2", "xia3")}

    def revealed(user):
        status, _, body = call(live, "GET", "api/revealed", tokens[user])
        assert status == 200, body
        return json.loads(body)["revealed"]

    assert revealed("zoe1") == {}  # not revealed yet
    instructor.goto(f"{live.url}/{PAGE}")
    instructor.get_by_role("button", name="Reveal the anonymous heat map").click()
    expect(instructor.get_by_role("button", name="Hide the heat map")).to_be_visible()
    shown = revealed("zoe1")
    assert list(shown) == ["seminar-a"] and shown["seminar-a"]["readers"] >= 1
    assert "zoe1" not in json.dumps(shown) and "note" not in json.dumps(shown)  # numbers only
    drawn = subprocess.run(  # the student's kernel draws it, as widget.class_heatmap() does
        [sys.executable, "-c", "from closereading.annotation.sharing import Sharing; "
         "from closereading.widgets._share_switch import class_heatmap; "
         "print(class_heatmap(Sharing(background=False).revealed()).html)"],
        env={**os.environ, **{k: v for k, v in live.server_env("zoe1").items()
                              if k.startswith(("JUPYTERHUB_", "CLOSEREADING_"))}},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert drawn.returncode == 0, drawn.stderr
    assert 'class="heat"' in drawn.stdout and "The class seminar-a:" in drawn.stdout
    assert revealed("xia3") == {}  # seminar-b is not revealed
    assert list(revealed("yan2")) == ["seminar-a"]  # shares pronoun referents (above)
    withdrawn = run_client(live.server_env("yan2"), "withdraw", "pronouns", wait=20)
    assert not withdrawn["pending"], withdrawn
    assert revealed("yan2") == {}  # withdrew everything: shares nothing, sees nothing


def test_a_restarted_hub_loses_nothing_and_the_outbox_sends_what_waited(live, instructor):
    """The hub is stopped (its service and the students' servers with it); Zoe's change made
    meanwhile waits in her outbox; the hub comes back and her new server's kernel sends it."""
    before = live.server_env("zoe1")
    note = "written while the hub was down"
    waited = {}

    def zoe_keeps_working():
        waited.update(run_client(before, "share", "highlights", reading("amara-okafor", note)))

    restart_hub(live, zoe_keeps_working)
    assert waited["pending"], waited
    live.start_server("zoe1")
    after = live.server_env("zoe1")
    assert after["JUPYTERHUB_API_TOKEN"] != before["JUPYTERHUB_API_TOKEN"]
    sent = run_client(after, "share", "highlights", reading("amara-okafor", note), wait=30)
    assert not sent["pending"] and sent["version"] == waited["version"], sent
    instructor.goto(f"{live.url}/{PAGE}?names=1")
    wait_for_text(instructor, note, timeout=15)
    text = instructor.text_content("#live") or ""
    assert "zoe1" in text and "xia3" not in text


def test_a_student_shares_from_the_highlighter_in_jupyterlab(live, instructor, chromium, artifacts):
    """Wan, in JupyterLab on the hub, highlights a phrase, switches on "Share with my class",
    and is told when it reached the class; the instructor's page shows Wan; once revealed, the
    class's heat map is drawn in Wan's widget; a later highlight follows by itself."""
    import sqlite3

    import nbformat

    from .test_hub import WIDGET, highlight, log_in

    home = live.hub.home("wan4")
    home.mkdir(parents=True, exist_ok=True)
    cell = ("from closereading import load_interview\n"
            "from closereading.widgets import Highlighter\n"
            "Highlighter(load_interview())")  # fmt: skip
    coder = (
        "from closereading.widgets.answer_coder import AnswerCoder\nAnswerCoder(load_interview())"
    )
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(cell), nbformat.v4.new_code_cell(coder)]
    )
    notebook.metadata["kernelspec"] = {
        "name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"
    }  # fmt: skip
    nbformat.write(notebook, home / "share.ipynb")
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        log_in(page, live.hub, "wan4")
        page.goto(f"{live.url}/user/wan4/lab/tree/share.ipynb")
        from browser.lab import wait_for_kernel_idle

        wait_for_kernel_idle(page, timeout=90_000)
        highlight(page, "Diplomacy is preferable", "booster")
        widget = page.locator(WIDGET)
        switch = widget.locator("input.cr-share-box")
        switch.focus()
        page.keyboard.press("Space")
        said = widget.locator(".cr-share-status")
        said.filter(has_text="reached it at").wait_for(timeout=30_000)
        reached = time.monotonic()
        instructor.goto(f"{live.url}/{PAGE}?names=1")
        wait_for_text(instructor, "wan4", timeout=5)
        page.screenshot(path=str(artifacts / "live-student-shared.png"))

        # The instructor reveals the class's heat map; Wan draws it in the widget itself.
        instructor.goto(f"{live.url}/{PAGE}")
        reveal = instructor.get_by_role("button", name="Reveal the anonymous heat map")
        if reveal.count():
            reveal.click()
        instructor.get_by_role("button", name="Hide the heat map").wait_for()
        widget.get_by_role("button", name="Show the class's heat map").click()
        drawn = widget.locator(".cr-class-view")
        drawn.filter(has_text="The class seminar-a:").wait_for(timeout=30_000)
        assert drawn.locator(".heat").count() > 0 and "wan4" not in drawn.inner_text()
        page.screenshot(path=str(artifacts / "live-student-heatmap.png"))
        widget.get_by_role("button", name="Hide the class's heat map").click()

        def shared(kind: str) -> dict:
            with sqlite3.connect(live.folder / "live.sqlite") as db:
                row = db.execute(
                    "SELECT body FROM readings WHERE student='wan4' AND kind=?", (kind,)
                ).fetchone()
            return json.loads(row[0]) if row else {}

        def quotes() -> list[str]:
            return [a["quote"] for a in shared("highlights").get("annotations", [])]

        assert quotes() == ["Diplomacy is preferable"]
        assert time.monotonic() - reached < 10
        highlight_again = "we don’t believe that sanctions are the best way"
        highlight(page, highlight_again, "hedge")
        deadline = time.monotonic() + 15
        while highlight_again not in quotes():
            assert time.monotonic() < deadline, "the later highlight never reached the class"
            time.sleep(0.2)

        # The answer coder: an outcome chosen on the page, then its own switch.
        coder_widget = page.locator(".closereading-answer-coder")
        coder_widget.locator(".ca-outcome input").first.check()
        coder_widget.locator(".ca-status").filter(has_text="Saved").wait_for(timeout=30_000)
        coder_widget.locator("input.cr-share-box").check()
        coder_widget.locator(".cr-share-status").filter(has_text="reached it at").wait_for(
            timeout=30_000
        )
        codes = shared("codes")
        assert codes.get("schema", "").startswith("closereading.codes/")
        assert codes["author"] == "wan4"
    except Exception:
        page.screenshot(path=str(artifacts / "live-student-failed.png"))
        raise
    finally:
        context.close()
