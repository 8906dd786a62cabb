"""The self-study website in Chromium, with the network cut off: search works; a keyboard alone
gets through a page; the site opens from a folder. (That every page loads only from the local
server is checked in ``test_a11y_site_browser.py``, on the same visit as the audit.)

The site is built once (``site_server.built_site``) and served on 127.0.0.1. A Playwright
route aborts, and records, any request to another host, so a CDN script or web font shows up
as a failure with its address. Screenshots go to ``tests/browser/artifacts/`` (git-ignored).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from .site_server import Requests, built_site, serve

pytestmark = pytest.mark.browser

LESSON_WITH_PLOT = "notebooks/01-first-reading.html"


@pytest.fixture(scope="module")
def site_url() -> Iterator[str]:
    with serve(built_site()) as url:
        yield url


def test_search_works_offline(page, site_url):
    requests = Requests(page, site_url)
    page.goto(f"{site_url}/search.html?q=sanctions")
    results = page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=20_000)
    titles = " ".join(results.all_inner_texts())
    assert "Counting words" in titles or "Words in context" in titles
    assert requests.remote == []


def test_a_lesson_page_with_a_plot(page, site_url, artifacts):
    page.goto(f"{site_url}/{LESSON_WITH_PLOT}")
    image = page.locator("img[alt^='Peskov speaks']")
    image.scroll_into_view_if_needed()
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    page.screenshot(path=str(artifacts / "site-lesson-plot.png"))
    run = page.locator("a.cr-run-button")
    assert run.inner_text() == "Download this notebook (.ipynb)"
    assert page.request.get(run.evaluate("a => a.href")).ok


FOCUS_STYLE_JS = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    text: (el.innerText || el.getAttribute('aria-label') || el.tagName).trim().slice(0, 60),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== 'none',
    visible: box.width > 0 && box.height > 0,
  };
}
"""


def test_the_keyboard_alone_reaches_the_skip_link_the_content_and_the_next_lesson(
    page, site_url, artifacts
):
    page.goto(f"{site_url}/{LESSON_WITH_PLOT}")
    page.keyboard.press("Tab")
    skip = page.evaluate("() => document.activeElement.textContent.trim()")
    assert skip == "Skip to main content"
    assert page.evaluate(FOCUS_STYLE_JS)["visible"], "the skip link stays hidden when focused"
    page.screenshot(path=str(artifacts / "site-skip-link.png"))
    page.keyboard.press("Enter")
    assert page.url.endswith("#main-content")
    # From the content, Tab goes on through the page: every stop shows where focus is.
    unseen, stops = [], []
    for _ in range(400):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_STYLE_JS)
        if focus is None:
            continue
        stops.append(focus["text"])
        if not (focus["outline"] or focus["shadow"]):
            unseen.append(focus["text"])
        if re.match(r"next\s+02", focus["text"], re.I):
            break
    assert any(text.startswith("Download this notebook") for text in stops), stops[:10]
    assert re.match(r"next\s+02", stops[-1], re.I), f"never reached the next lesson: {stops[-5:]}"
    assert unseen == [], f"focus not visible on: {unseen}"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"02-counting-words\.html$"))


def test_the_site_opens_from_a_folder_too(page, artifacts):
    """No server at all: the pages open from file:// and nothing leaves the folder."""
    requests: list[str] = []
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(("file://", "data:"))
            else (requests.append(route.request.url), route.abort())
        ),
    )
    index = Path(built_site(), "index.html").resolve()
    page.goto(index.as_uri())
    page.get_by_role("link", name=re.compile(r"^01 · First reading")).first.click()
    page.wait_for_load_state("load")
    assert page.locator("img[alt^='Peskov speaks']").count() == 1
    assert requests == []
