"""The self-study website (``python run.py site``), built once for this module into a temporary
folder and read as files: what reaches ``_site/`` and what must never reach it.

Checked here: every lesson, exercise and course page is there; exercises only as student copies
(no solution line, no hidden test); each plot's alt text is the description its cell printed;
widgets as their static views; search, contents, previous/next and the "Run this notebook" link;
nothing loaded from another host. The browser checks (requests, keyboard, axe) are in
``tests/browser/test_site_browser.py`` and ``test_a11y_site_browser.py``.
"""

from __future__ import annotations

import ast
import json
import os
import re
import runpy
import shutil
import subprocess
import sys
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest
from browser.site_server import ROOT, built_site, load_build_module

SOLUTION = re.compile(r"### BEGIN (SOLUTION|HIDDEN TESTS)\n(.*?)### END \1", re.S)
#: The pages the site is made from: the files git tracks (a lesson still being written is not).
TRACKED = load_build_module().tracked_files()
LESSONS = [Path(name).stem for name in TRACKED if name.startswith("notebooks/")]


@pytest.fixture(scope="module")
def site() -> Path:
    return built_site()


def page(site: Path, name: str) -> str:
    return (site / name).read_text(encoding="utf-8")


class _Page(HTMLParser):
    """The text a reader sees, and every resource the page would load."""

    LOADS: ClassVar[dict[str, str]] = {
        "script": "src",
        "img": "src",
        "iframe": "src",
        "source": "src",
        "embed": "src",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.loads: list[str] = []
        self.images: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in self.LOADS and attributes.get(self.LOADS[tag]):
            self.loads.append(str(attributes[self.LOADS[tag]]))
        if tag == "link" and attributes.get("href") and attributes.get("rel") != "canonical":
            self.loads.append(str(attributes["href"]))
        if tag == "img":
            self.images.append(attributes)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> _Page:
    parser = _Page()
    parser.feed(html)
    return parser


def squash(text: str) -> str:
    return " ".join(text.split())


def solution_lines() -> list[tuple[str, str]]:
    """``(notebook, line)`` for every line inside a solution or hidden-test region of the
    instructor's notebooks that no student copy also carries (e.g. a shared comment, or a quote
    of the practice exchange that another exercise's question prints) and that is not a line of
    the course's public texts (an answer may quote the exchange)."""
    copies = sorted((ROOT / "exercises").glob("*.ipynb"))
    public = " ".join(squash(json.dumps(json.loads(c.read_text(encoding="utf-8")))) for c in copies)
    texts = " ".join(
        squash(t.read_text(encoding="utf-8")) for t in (ROOT / "data" / "interviews").glob("*.txt")
    )
    found = []
    for source in sorted((ROOT / "exercises" / "source").glob("*.ipynb")):
        for cell in json.loads(source.read_text(encoding="utf-8"))["cells"]:
            for _, region in SOLUTION.findall("".join(cell["source"])):
                for line in region.splitlines():
                    line = squash(line)
                    if len(line) < 8 or json.dumps(line)[1:-1] in public or line in texts:
                        continue
                    found.append((source.name, line))
    return found


def leaks(site: Path, lines: list[tuple[str, str]]) -> list[str]:
    """Where any of ``lines`` (or a nbgrader marker) shows in ``site``: in a page's text, the
    search index, or a file offered for download."""
    found = []
    for path in site.rglob("*"):
        if path.suffix not in {".html", ".js", ".ipynb", ".txt", ".md", ".json"}:
            continue
        wanted = [line for _, line in lines]
        if "exercises" in path.parts:  # the instructor guide may name the markers; no exercise may
            wanted += ["BEGIN SOLUTION", "BEGIN HIDDEN TESTS"]
        raw = path.read_text(encoding="utf-8", errors="replace")
        text = squash(" ".join(parse(raw).text) if path.suffix == ".html" else unescape(raw))
        unquoted = squash(raw.replace('\\"', '"').replace("\\n", " "))
        found += [
            f"{path.relative_to(site)}: {line}"
            for line in wanted
            if line in text or line in unquoted
        ]
    return found


# --- what is there -----------------------------------------------------------------------------


def test_every_lesson_exercise_and_course_page_is_a_page(site):
    expected = [str(Path(name).with_suffix(".html")) for name in TRACKED]
    assert len(LESSONS) >= 5
    missing = [name for name in expected if not (site / name).is_file()]
    assert not missing, f"pages missing from the site: {missing}"
    assert not (site / "exercises" / "source").exists()


def test_the_pages_come_from_tracked_files_and_leave_instructors_material_out(tmp_path):
    """A new lesson is picked up by its name alone; solutions and the class report are not."""
    for name in (
        "notebooks/00-start-here.ipynb",
        "notebooks/09-a-later-lesson.ipynb",
        "notebooks/instructor/class-report.ipynb",
        "notebooks/scratch.ipynb",
        "exercises/09-a-later-lesson.ipynb",
        "exercises/source/09-a-later-lesson.ipynb",
        "course/glossary.md",
        "data/README.md",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}")
    assert load_build_module().tracked_files(tmp_path) == [
        "course/glossary.md",
        "exercises/09-a-later-lesson.ipynb",
        "notebooks/00-start-here.ipynb",
        "notebooks/09-a-later-lesson.ipynb",
    ]


def test_the_contents_list_every_lesson_in_order(site):
    links = re.findall(r'href="(notebooks/[^"#]+\.html)"', page(site, "index.html"))
    lessons = list(dict.fromkeys(links))
    assert lessons == [f"notebooks/{name}.html" for name in LESSONS]


def test_each_lesson_links_to_the_one_before_and_after(site):
    lessons = [f"{name}.html" for name in LESSONS]
    for number, here in enumerate(lessons):
        html = page(site, f"notebooks/{here}")
        area = html[html.index('class="prev-next-area"') :]
        prev = re.search(r'class="left-prev"\s+href="([^"]+)"', area)
        nxt = re.search(r'class="right-next"\s+href="([^"]+)"', area)
        assert prev, f"{here}: no previous link"
        if number > 0:
            assert prev.group(1) == lessons[number - 1], here
        assert nxt, f"{here}: no next link"
        if number + 1 < len(lessons):
            assert nxt.group(1) == lessons[number + 1], here


def test_search_has_an_index_of_the_lessons(site):
    index = page(site, "searchindex.js")
    assert "sanction" in index and "01-first-reading" in index
    assert (site / "search.html").is_file()


# --- what never reaches the site ---------------------------------------------------------------


def test_no_solution_or_hidden_test_reaches_the_site(site):
    lines = solution_lines()
    assert len(lines) >= 8, "the instructor's notebooks should have solution regions to check"
    assert leaks(site, lines) == []


def test_the_leak_check_finds_a_solution_line_planted_in_a_copy(site, tmp_path):
    copy = tmp_path / "_site"
    shutil.copytree(site, copy)
    notebook, line = solution_lines()[0]
    target = copy / "exercises" / notebook.replace(".ipynb", ".html")
    target.write_text(target.read_text().replace("</main>", f"<pre>{line}</pre></main>", 1))
    assert leaks(copy, [(notebook, line)]) == [f"exercises/{target.name}: {line}"]


def test_nothing_is_loaded_from_another_host(site):
    remote = []
    for path in site.rglob("*.html"):
        remote += [f"{path.relative_to(site)}: {url}" for url in parse(path.read_text()).loads]
    for path in site.rglob("*.css"):
        for url in re.findall(r"""(?:url\(|@import\s+)["']?([^"')\s]+)""", path.read_text()):
            remote.append(f"{path.relative_to(site)}: {url}")
    remote = [entry for entry in remote if re.search(r": (https?:)?//", entry)]
    assert remote == []


def test_widgets_need_no_widget_manager(site):
    for path in site.rglob("*.html"):
        html = path.read_text()
        assert "application/vnd.jupyter.widget" not in html, path
        assert "require.js" not in html and "html-manager" not in html, path


# --- what the reader sees ----------------------------------------------------------------------


def printed_descriptions() -> list[str]:
    """What each plot cell showed last, read from the notebooks themselves: the string value
    of ``describe(ax)`` as the last line, or else the last line printed."""
    found = []
    for name in LESSONS:
        notebook = json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text())
        for cell in notebook["cells"]:
            outputs = cell.get("outputs", [])
            if not any("image/png" in o.get("data", {}) for o in outputs):
                continue
            values = [
                ast.literal_eval("".join(o["data"]["text/plain"]))
                for o in outputs
                if o["output_type"] == "execute_result"
            ]
            printed = "".join("".join(o["text"]) for o in outputs if o.get("name") == "stdout")
            found.append(values[-1] if values else printed.strip().splitlines()[-1])
    return found


def test_each_plot_has_its_printed_description_as_alt_text(site):
    alts = []
    for name in LESSONS:
        images = parse(page(site, f"notebooks/{name}.html")).images
        assert all(image.get("alt") for image in images), f"{name}: an image without alt text"
        alts += [image["alt"] for image in images]
    expected = printed_descriptions()
    assert len(expected) >= 5
    assert alts == expected
    assert "Peskov speaks 293 of 426 words (69%); Saunders 133 (31%)." in alts


def test_the_highlighter_and_reference_reading_show_as_html(site):
    html = page(site, "notebooks/04-rhetorical-moves.html")
    text = squash(unescape(re.sub(r"<[^>]+>", " ", html)))
    assert 'class="closereading-highlights"' in html
    assert "Resetting the U.S.-Russian Reset" in text
    assert "without any interference from abroad" in text
    # The moves, each with its colour and marker, and the highlighted examples.
    assert html.count("<mark") >= 10
    # The reference reading: passage, move and reason, one row per highlight.
    table = html[html.index("<th style='text-align:left'>passage</th>") :]
    table = table[: table.index("</table>")]
    assert "<th style='text-align:left'>reason</th>" in table
    assert table.count("<tr>") == 24


def test_the_reference_reading_shows_in_the_text_with_legend_and_reasons(site):
    html = page(site, "notebooks/04-rhetorical-moves.html")
    reference = json.loads((ROOT / "data/annotations/reference.json").read_text(encoding="utf-8"))
    items = reference["annotations"]
    view = html[html.index("The reference reading: 24 highlights") :]
    view = view[: view.index("</ul>")]
    legend = view[view.index('<table class="cr-legend"') : view.index("</table>")]
    # One legend row per move the reference uses, each naming its underline (not colour alone).
    used = {item["move"] for item in items}
    assert legend.count("<tr>") == len(used) + 1
    assert legend.count(" underline</td>") == len(used)
    # Every highlight drawn in the text, and listed below it with its reason.
    assert view.count('<mark class="cr-mark"') >= len(items)
    listing = unescape(view[view.index('<ul class="cr-list"') :])
    for item in items:
        assert item["note"][:60] in listing, item["note"][:60]


def test_the_explorers_show_their_tables(site):
    frequency = page(site, "notebooks/02-counting-words.html")
    assert "<strong>Frequency explorer</strong>" in frequency
    assert "<caption>Peskov (293 words)</caption>" in frequency
    kwic = page(site, "notebooks/03-words-in-context.html")
    assert "<strong>KWIC explorer</strong>" in kwic
    assert '<table class="closereading-kwic">' in kwic


def test_each_notebook_page_links_to_running_it(site):
    for name in [f"notebooks/{n}" for n in LESSONS] + ["exercises/01-first-reading"]:
        html = page(site, f"{name}.html")
        link = re.search(r'<a class="cr-run-button" href="([^"]+)">([^<]+)</a>', html)
        assert link, f"{name}: no run link"
        assert link.group(2) == "Download this notebook (.ipynb)"
        downloaded = (site / name).parent / link.group(1)
        assert downloaded.resolve() == (site / "_sources" / f"{name}.ipynb").resolve()
        assert json.loads(downloaded.read_text())["cells"]
        assert "This page is for reading" in html
    # The "how" link goes to the syllabus's section on running the notebooks.
    assert 'id="running-the-notebooks"' in page(site, "course/syllabus.html")


# --- the build's own rules ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def extension():
    import sys

    sys.path.insert(0, str(ROOT / "site"))
    try:
        import closereading_site

        yield closereading_site
    finally:
        sys.path.remove(str(ROOT / "site"))


def test_run_links_for_binder_and_a_hub(extension):
    settings = {"repository": "https://github.com/org/closereading", "branch": "main"}
    url, label = extension.run_link(
        {**settings, "target": "binder", "binder": "https://mybinder.org"},
        "notebooks/02-counting-words.ipynb",
    )
    assert url == (
        "https://mybinder.org/v2/git/https%3A%2F%2Fgithub.com%2Forg%2Fclosereading/main"
        "?urlpath=lab%2Ftree%2Fnotebooks%2F02-counting-words.ipynb"
    )
    assert label == "Run this notebook on Binder"
    url, _ = extension.run_link(
        {**settings, "target": "hub", "hub": "https://hub.example.edu"}, "course/x.ipynb"
    )
    assert url.startswith("https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A")
    assert url.endswith(
        "&branch=main&urlpath=lab%2Ftree%2Fclosereading-lab%2Fcourse%2Fx.ipynb"
        "&targetpath=closereading-lab"
    )


@pytest.mark.parametrize(
    ("settings", "says"),
    [
        ({"target": "colab"}, "CLOSEREADING_SITE_RUN is 'colab'"),
        ({"target": "binder"}, "set CLOSEREADING_SITE_REPOSITORY"),
        ({"target": "hub", "repository": "https://x.org/c.git"}, "set CLOSEREADING_SITE_HUB"),
    ],
)
def test_a_run_setting_that_cannot_work_stops_the_build(extension, settings, says):
    from sphinx.errors import ConfigError

    with pytest.raises(ConfigError, match=re.escape(says)):
        extension.check_run_settings(settings)


def test_a_run_setting_that_cannot_work_is_a_clean_error_before_sphinx_starts(tmp_path):
    env = dict(os.environ, CLOSEREADING_SITE_RUN="binder")
    env.pop("CLOSEREADING_SITE_REPOSITORY", None)
    result = subprocess.run(
        [sys.executable, str(ROOT / "site" / "build.py"), "--out", str(tmp_path / "out"),
         "--work", str(tmp_path / "work")],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "[closereading] site: not built. CLOSEREADING_SITE_RUN=binder needs the course's public "
        "git repository: set CLOSEREADING_SITE_REPOSITORY, e.g. "
        "https://github.com/your-org/closereading."
    )
    assert "Traceback" not in result.stdout + result.stderr
    assert not (tmp_path / "work").exists()  # Sphinx never started


def test_the_run_target_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("CLOSEREADING_SITE_RUN", "hub")
    monkeypatch.setenv("CLOSEREADING_SITE_HUB", "https://hub.example.edu")
    monkeypatch.setenv("CLOSEREADING_SITE_REPOSITORY", "https://example.org/c.git")
    conf = runpy.run_path(str(ROOT / "site" / "conf.py"))
    assert conf["closereading_run"]["target"] == "hub"
    assert conf["closereading_run"]["hub"] == "https://hub.example.edu"
    assert conf["nb_execution_mode"] == "off"
    assert conf["nb_ipywidgets_js"] == {}


def test_a_plot_without_its_description_stops_the_build(extension):
    from docutils import nodes
    from sphinx.errors import ExtensionError

    def cell(source: str, printed: str) -> nodes.container:
        code = nodes.container(nb_element="cell_code")
        code += nodes.container(
            "", nodes.literal_block(source, source), nb_element="cell_code_source"
        )
        output = nodes.literal_block(printed, printed, classes=["output", "stream"])
        code += nodes.container("", output, nb_element="cell_code_output")
        return code

    good = cell("ax = plots.x(rows)\nprint(plots.describe(ax))", "rows\nA chart of x.\n")
    assert extension.plot_description(good, "n.ipynb, cell 3") == "A chart of x."
    bad = cell("ax = plots.x(rows)\nprint(plots.describe(ax))\nprint(rows)", "A chart.\nrows\n")
    with pytest.raises(ExtensionError, match=r"n.ipynb, cell 3: .*print\(plots.describe\(ax\)\)"):
        extension.plot_description(bad, "n.ipynb, cell 3")
    shown = cell("ax = charts.x(rows)\ndescribe(ax)", "")
    shown += nodes.literal_block("'A chart of y.'", "'A chart of y.'", classes=["text_plain"])
    assert extension.plot_description(shown, "n.ipynb, cell 4") == "A chart of y."


def test_every_link_between_pages_resolves_and_no_heading_level_is_skipped(site):
    """A lesson may be committed before a page it links to; the site still builds, but this
    fails until the page is there (or the link is fixed). A skipped heading level (# then ###)
    breaks the outline a screen reader navigates by."""
    broken, other = load_build_module().read_warnings(
        site.parent / "work" / "warnings.txt", site.parent / "work" / "source"
    )
    assert other == []
    assert broken == [], "to fix in the pages:\n" + "\n".join(broken)


def test_warnings_other_than_a_missing_page_fail_the_build(tmp_path):
    log = tmp_path / "warnings.txt"
    log.write_text(
        f"{tmp_path}/src/notebooks/01.ipynb:4: WARNING: 'myst' cross-reference target not "
        "found: 'x.md' [myst.xref_missing]\n"
        f"{tmp_path}/src/course/a.md:9: WARNING: image file not readable: x.png\n"
        f"{tmp_path}/src/course/b.md:2: WARNING: 'myst' cross-reference target not found: "
        "'../notebooks/instructor/class-report.ipynb' [myst.xref_missing]\n"
        "    a continuation line\n"
    )
    broken, other = load_build_module().read_warnings(log, tmp_path / "src")
    assert broken == [
        "notebooks/01.ipynb:4: WARNING: 'myst' cross-reference target not found: 'x.md' "
        "[myst.xref_missing]"
    ]
    assert other == ["course/a.md:9: WARNING: image file not readable: x.png"]
