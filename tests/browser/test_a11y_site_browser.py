"""The self-study website, every page visited once with the network cut off: each must load only
from the local server that serves ``_site/`` (a Playwright route aborts and records any request
to another host, so a CDN script or web font shows up as a failure with its address), and pass an
accessibility audit with axe-core in the light and the dark mode.

Counted: serious and critical violations on every page of the site. The contrast of each
highlight on notebook 04's page is computed from the browser's colours (WCAG 2 formula, at
least 4.5:1). One test plants a low-contrast element in a scratch copy of the site and checks
that the audit reports it. (The widgets live in JupyterLab: ``test_a11y_lab_browser.py``; the
two are separate modules so that they run on two workers at once.)
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from .a11y import audit, painted_contrasts, serious
from .site_server import Requests, built_site, serve, site_pages

pytestmark = pytest.mark.browser


def set_site_mode(page, mode: str) -> None:
    """The book theme's light or dark mode, as its switcher sets it; returns once the colours
    have finished their transition to the new mode (an audit mid-way measures neither)."""
    page.evaluate(
        "async (mode) => { localStorage.setItem('theme', mode); localStorage.setItem('mode', mode);"
        " document.documentElement.dataset.theme = mode;"
        " document.documentElement.dataset.mode = mode;"
        " await Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null))); }",
        mode,
    )


@pytest.fixture(scope="module")
def site_url() -> Iterator[str]:
    with serve(built_site()) as url:
        yield url


@dataclass
class Visit:
    """What one visit of every page of the site found."""

    pages: list[str]
    requests: Requests
    violations: dict[str, list[str]] = field(default_factory=dict)


@pytest.fixture(scope="module")
def visit(chromium, site_url, artifacts) -> Iterator[Visit]:
    """Every page of the site, visited once, with the network cut off: the page is loaded until
    no request has been open for a quarter of a second, audited with every axe rule in the light mode, then switched to the
    dark mode and audited for what the mode changes, colour contrast (the other rules would
    repeat the light audit at twice the cost)."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    found = Visit(site_pages(), Requests(page, site_url), {"light": [], "dark": []})
    for name in found.pages:
        page.goto(f"{site_url}/{name}")
        found.requests.wait_until_quiet(page)
        found.requests.recording = False
        for mode, rules in (("light", None), ("dark", ["color-contrast"])):
            set_site_mode(page, mode)
            found.violations[mode] += [f"{name}: {v}" for v in serious(audit(page, rules=rules))]
        found.requests.recording = True
    context.close()
    for mode, lines in found.violations.items():
        (artifacts / f"a11y-site-{mode}.txt").write_text("\n".join(lines) + "\n")
    yield found


def test_every_page_loads_only_from_the_local_server(visit):
    assert len(visit.pages) >= 10
    assert visit.requests.remote == [], f"requests to other hosts: {visit.requests.remote}"
    assert visit.requests.failed == [], f"missing files: {visit.requests.failed}"
    assert any(url.endswith(".css") for url in visit.requests.local)
    assert any(url.endswith(".png") for url in visit.requests.local)  # the plots


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_every_site_page_has_no_serious_violation(visit, mode):
    assert visit.violations[mode] == [], "\n".join(visit.violations[mode])


def test_the_site_audit_reports_a_planted_low_contrast_element(page, tmp_path):
    copy = tmp_path / "_site"
    shutil.copytree(built_site(), copy)
    lesson = copy / "notebooks" / "01-first-reading.html"
    lesson.write_text(
        lesson.read_text().replace(
            '<p class="cr-run-link">',
            '<p style="color:#9a9a9a;background:#fff">Planted text that is hard to read</p>'
            '<p class="cr-run-link">',
            1,
        )
    )
    with serve(copy) as url:
        page.goto(f"{url}/notebooks/01-first-reading.html")
        found = serious(audit(page))
    assert [v.rule for v in found if "Planted" in v.html] == ["color-contrast"]


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_highlights_on_the_site_keep_their_contrast(page, site_url, mode, artifacts):
    page.goto(f"{site_url}/notebooks/04-rhetorical-moves.html")
    set_site_mode(page, mode)
    ratios = painted_contrasts(page, ".cell_output mark, .cell_output mark *")
    assert len(ratios) >= 10
    low = [(text, round(ratio, 2)) for text, ratio in ratios if ratio < 4.5]
    assert low == []
    # For a look: the reference reading in the text, with its legend (artefact only).
    page.get_by_text("The reference reading: 24 highlights").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / f"site-04-reference-{mode}.png"))
