"""The class report in a real browser: made by ``closereading collect`` from the sample class
with a hostile student file added, opened from disk with the network cut off, then checked the
way an instructor and a keyboard user meet it.

Screenshots go to ``tests/browser/artifacts/`` (git-ignored): the page on screen
(``class-report.png``) and as printed (``class-report-print.pdf``), and the projector view at
1280 x 720 (``class-report-projector.png``, its smallest text size in
``class-report-projector.txt``).
"""

from __future__ import annotations

import json
import shutil

import pytest

from closereading.base.paths import DATA_DIR
from closereading.course.cli import main

from .a11y import audit, serious

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


def offline(page) -> None:
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())


def test_the_report_passes_axe(page, report):
    offline(page)
    page.goto(report.as_uri())
    for summary in page.locator("details > summary").all():
        summary.click()  # the notes and the sides too
    found = serious(audit(page))
    assert found == [], "\n".join(map(str, found))


def test_notes_keep_the_page_short(page, report, tmp_path):
    """Notes sit, collapsed, under the passages they belong to: with them the page grows by a
    line or two a passage, not by a table of every note (it grew by 5,400 px that way)."""
    out = tmp_path / "without-notes"
    assert main(["collect", str(report.parent.parent / "class"), "--out", str(out)]) == 0
    offline(page)
    heights = []
    for index in (out / "index.html", report):
        page.goto(index.as_uri())
        heights.append(page.evaluate("document.documentElement.scrollHeight"))
    assert heights[1] - heights[0] < 1200, heights


#: Body text the back of a room can read at 1280 x 720 (the projector's common resolution).
PROJECTOR_MIN_PX = 24.0

#: Every visible element with text of its own: its computed font size, and what it says.
TEXT_SIZES = """() => [...document.querySelectorAll('body *')].filter(e =>
  e.offsetParent !== null && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())
).map(e => [parseFloat(getComputedStyle(e).fontSize), e.tagName, e.textContent.trim().slice(0, 40)])"""


def test_the_projector_view_is_large_one_passage_at_a_time_and_names_no_one(
    chromium, report, artifacts
):
    context = chromium.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        offline(page)
        projector = report.with_name("projector.html")
        page.goto(projector.as_uri())
        assert page.locator("script").count() == 0
        assert page.locator("#start").is_visible() and not page.locator("#p1").is_visible()
        assert serious(audit(page)) == []
        page.locator('#start a[href="#p1"]').click()
        assert page.locator("#p1").is_visible() and not page.locator("#start").is_visible()
        assert page.locator("section.slide:visible").count() == 1
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(artifacts / "class-report-projector.png"))
        for summary in page.locator("#p1 details > summary").all():
            summary.click()  # who would defend each reading, and the reference
        assert "Who would defend" in page.locator("#p1").inner_text()
        found = serious(audit(page))
        assert found == [], "\n".join(map(str, found))
        sizes = page.evaluate(TEXT_SIZES)
        smallest = min(sizes)
        (artifacts / "class-report-projector.txt").write_text(
            f"smallest text at 1280x720: {smallest[0]} px ({smallest[1]}: {smallest[2]!r})\n"
            + "".join(f"{px} px {tag} {text!r}\n" for px, tag, text in sorted(sizes)),
            encoding="utf-8",
        )
        assert smallest[0] >= PROJECTOR_MIN_PX, smallest
        page.screenshot(path=str(artifacts / "class-report-projector-open.png"), full_page=True)
        # the next passage with the keyboard alone
        for _ in range(30):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.textContent") == "Next passage":
                break
        else:
            pytest.fail("the link to the next passage was not reached with the Tab key")
        page.keyboard.press("Enter")
        assert page.url.endswith("#p2") and page.locator("#p2").is_visible()
        assert not page.locator("#p1").is_visible()
        # no student is named: not the sample class's names, nor the hostile author
        text = page.content()
        for name in ("Amara", "Okafor", "Hartley", "Chloé", "onerror"):
            assert name not in text
    finally:
        context.close()


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
