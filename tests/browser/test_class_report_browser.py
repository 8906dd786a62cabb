"""The class report in a real browser: made by ``closereading collect`` from the sample class
with a hostile student file added, opened from disk with the network cut off, then checked the
way an instructor and a keyboard user meet it.

Screenshots go to ``tests/browser/artifacts/`` (git-ignored): the page on screen
(``class-report.png``) and as printed (``class-report-print.pdf``).
"""

from __future__ import annotations

import json
import shutil

import pytest

from closereading.base.paths import DATA_DIR
from closereading.course.cli import main

pytestmark = pytest.mark.browser

PAYLOAD = "<img src=x onerror=\"document.title='owned'\">"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    shutil.copytree(DATA_DIR / "sample-class", folder / "class")
    data = json.loads((folder / "class" / "amara-okafor.json").read_text(encoding="utf-8"))
    data["author"] = PAYLOAD
    for item in data["annotations"]:
        item["note"] = "<script>document.title='owned'</script>"
        item["created"] = "2026-12-01T00:00:00Z"  # not a copy of Amara's file
    (folder / "class" / "payload.json").write_text(json.dumps(data), encoding="utf-8")
    out = folder / "report"
    assert main(["collect", str(folder / "class"), "--out", str(out), "--notes"]) == 0
    return out / "index.html"


def test_the_report_opens_offline_escapes_and_is_keyboard_reachable(page, report, artifacts):
    requests: list[str] = []

    def only_files(route):
        requests.append(route.request.url)
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", only_files)
    page.goto(report.as_uri())
    assert page.title().startswith("Class report")
    assert [u for u in requests if not u.startswith("file:")] == []
    # the payloads arrive as text
    assert page.locator("img[src=x]").count() == 0
    assert page.locator("script").count() == 0
    assert (
        PAYLOAD
        in page.locator("#readers ~ table, section[aria-labelledby=readers]").first.inner_text()
    )
    # the summary names what was read and skipped
    lead = page.locator("p.lead").inner_text()
    assert "25 files read, 6 skipped" in lead and "orphaned" in lead
    # the first marked passage of the heat map is reached with Tab and says its count
    for _ in range(40):
        page.keyboard.press("Tab")
        label = page.evaluate("document.activeElement.getAttribute('aria-label')")
        if label and "marked by" in label:
            break
    else:
        pytest.fail("no heat-map passage was reached with the Tab key")
    assert " of 21 " in label  # 16 students, 4 on the older text and the hostile file
    page.screenshot(path=str(artifacts / "class-report.png"), full_page=False)
    page.emulate_media(media="print")
    page.pdf(path=str(artifacts / "class-report-print.pdf"))
    assert page.title().startswith("Class report")  # no script ran
