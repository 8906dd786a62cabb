"""The exported handout in Chromium: it renders from the file alone (no request leaves it), shows
the reading, the legend and the marks, and prints to A4 and to US Letter."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

LIMITS = (
    "This is an edited excerpt; the page does not say whether Peskov spoke English or was "
    "interpreted; the text is very short, 426 words; and the labels are one reader's, mine."
)


@pytest.fixture()
def handout(tmp_path, monkeypatch):
    monkeypatch.setenv("CLOSEREADING_WORK_DIR", str(tmp_path / "work"))
    import closereading
    from closereading.annotation.model import AnnotationSet
    from closereading.annotation.notes import save_note
    from closereading.base.paths import annotation_path
    from closereading.course.writing import export_handout

    interview = closereading.load_interview()
    marks = AnnotationSet(interview, author="ana")
    for move, words, note in (
        ("hedge", "we don’t believe that sanctions are the best way", "A belief, and 'the best'."),
        ("booster", "in no way", "Closes the door <firmly>."),
        ("sovereignty", "without any interference from abroad", "Who would interfere?"),
    ):
        start = interview.text.index(words)
        marks.add(move, start, start + len(words), note=note)
    marks.save(annotation_path("ana"))
    save_note("07-claim", "Peskov hedges on Iran and closes doors at home.")
    save_note("07-limits", LIMITS)
    save_note("06-agency", "Sanctions act; Iran must cooperate; no one refuses.")
    return export_handout("ana", interview)


def test_the_handout_renders_offline_and_prints_on_a4_and_letter(page, handout, artifacts):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(handout.as_uri())
    page.get_by_role("heading", name="The reading").wait_for()
    assert all(url.startswith("file://") for url in requests), requests
    assert len(requests) == 1  # the file itself, nothing else

    assert page.locator("table.cr-legend tr").count() == 4  # heading row and three moves
    assert page.get_by_text("Closes the door <firmly>.").count() == 1  # escaped, shown as text
    assert page.locator("mark, .cr-mark, [data-move]").count() >= 3
    page.screenshot(path=str(artifacts / "handout.png"), full_page=False)

    page.emulate_media(media="print")
    page.screenshot(path=str(artifacts / "handout-print.png"), full_page=False)
    a4 = page.pdf(format="A4", prefer_css_page_size=False)
    letter = page.pdf(format="Letter", prefer_css_page_size=False)
    for pdf in (a4, letter):
        assert pdf.startswith(b"%PDF")
        pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
        assert 1 <= pages <= 6, pages
    (artifacts / "handout-a4.pdf").write_bytes(a4)
    (artifacts / "handout-letter.pdf").write_bytes(letter)
