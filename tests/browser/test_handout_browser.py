"""The exported handout in Chromium: it renders from the file alone (no request leaves it),
reads as a finished piece (title, name, the reading under the student's headings, the passages
it cites with highlights, codes and referents marked) and, for a reading of about 800 words,
prints on at most three pages of A4 and of US Letter."""

from __future__ import annotations

import re

import pytest

from .handout_sample import HIGHLIGHTS, PRIVATE_NOTES, READING

pytestmark = pytest.mark.browser

#: The lesson promises one or two sheets: three pages at most, printed on both sides.
MOST_PAGES = 3


@pytest.fixture()
def handout(tmp_path, monkeypatch):
    monkeypatch.setenv("CLOSEREADING_WORK_DIR", str(tmp_path / "work"))
    import closereading
    from closereading.annotation import code_store
    from closereading.annotation.codes import Coding
    from closereading.annotation.model import AnnotationSet
    from closereading.annotation.notes import save_note
    from closereading.annotation.pronouns import PronounAssignments
    from closereading.base.paths import annotation_path
    from closereading.course.handout import NAME_NOTE
    from closereading.course.writing import export_handout

    interview = closereading.load_interview()
    marks = AnnotationSet(interview, author="ana")
    for move, words, note in HIGHLIGHTS:
        start = interview.text.index(words)
        marks.add(move, start, start + len(words), note=note)
    marks.save(annotation_path("ana"))
    coding = Coding(interview, author="ana")
    coding.set_outcome("u1571", "non-reply", "declining-to-answer")
    start = interview.text.index("cannot take into account")
    coding.add_evidence("u1571", start, start + len("cannot take into account"))
    coding.justify("u1571", "The concern is ruled out, not answered.")
    code_store.save(coding, code_store.codes_path("ana"))
    referents = PronounAssignments(interview, "ana")
    referents.assign(interview.text.index("we cannot take"), "government")
    referents.assign(interview.text.index("we are a country"), "nation")
    for name, text in {**READING, **PRIVATE_NOTES, NAME_NOTE: "Ana Lima"}.items():
        save_note(name, text)
    return export_handout("ana", interview)


def _pages(pdf: bytes) -> int:
    try:
        from io import BytesIO

        from pypdf import PdfReader
    except ImportError:  # count the page objects; "/Type /Pages" is the tree, not a page
        return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    return len(PdfReader(BytesIO(pdf)).pages)


def test_the_handout_renders_offline_and_reads_as_a_finished_piece(page, handout, artifacts):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(handout.as_uri())
    page.get_by_role("heading", name="Doors that close politely", level=1).wait_for()
    assert all(url.startswith("file://") for url in requests), requests
    assert len(requests) == 1  # the file itself, nothing else

    assert page.get_by_role("heading", level=1).count() == 1
    assert page.get_by_role("heading", name="Two refusals").count() == 1
    assert page.get_by_text("by Ana Lima").count() == 1
    body = page.locator("body").inner_text()
    for absent in ("by student", "Evidence 1", "Interpretation 1", "07-claim", "06-agency",
                   "No highlights yet", "Image:", PRIVATE_NOTES["06-agency"]):  # fmt: skip
        assert absent not in body, absent
    assert body.count("Resetting the U.S.-Russian Reset") == 2  # the byline and works cited

    passages = page.locator(".cr-passage")
    assert passages.count() == 2
    assert passages.nth(1).inner_text().startswith("Turn 4 · Peskov · sentences 5–7")
    for kind, count in (("move", 4), ("code", 1), ("referent", 2)):
        assert page.locator(f".cr-passage mark[data-kind='{kind}']").count() == count, kind
    legend = page.locator("table.cr-legend")
    assert legend.locator("tr").count() == 1 + 4 + 1 + 1  # heading, 4 moves, 1 outcome, referent
    assert page.locator(".cr-passage sup", has_text="→ Russia as a nation").count() == 1
    assert page.get_by_text("Closes the door <firmly>.").count() == 1  # escaped, shown as text
    page.screenshot(path=str(artifacts / "handout.png"), full_page=False)


def test_an_800_word_reading_prints_on_three_pages_of_a4_and_of_letter(page, handout, artifacts):
    page.goto(handout.as_uri())
    page.emulate_media(media="print")
    # Page 1 as printed on A4: the page's width and height less the print margins, at 96 dpi.
    page.set_viewport_size({"width": 673, "height": 1005})
    page.screenshot(path=str(artifacts / "handout-a4-page1.png"), full_page=False)
    counts = {}
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper, prefer_css_page_size=False)
        assert pdf.startswith(b"%PDF")
        (artifacts / f"handout-{paper.lower()}.pdf").write_bytes(pdf)
        counts[paper] = _pages(pdf)
    (artifacts / "handout-pages.txt").write_text(
        "".join(f"{paper}: {n} pages\n" for paper, n in counts.items()), encoding="utf-8"
    )
    assert all(1 <= n <= MOST_PAGES for n in counts.values()), counts
