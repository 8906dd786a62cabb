"""Sphinx extension for the course's self-study edition.

- **Alt text for plots.** Each lesson prints a plot's one-sentence description
  (``print(plots.describe(ax))``) in the cell that draws it; the image gets that sentence as
  its alt text. A plot without a description stops the build, naming the notebook and cell.
- **"Run this notebook".** Every notebook page opens with a link whose target (a download of
  the notebook, Binder, or a JupyterHub through nbgitpuller) comes from ``closereading_run``
  in ``conf.py``, which reads environment variables (see ``site/README.md``).
"""

from __future__ import annotations

import ast
import re
from html import escape
from typing import Any
from urllib.parse import quote, urlencode

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ConfigError, ExtensionError

TARGETS = ("download", "binder", "hub")
DESCRIBE = re.compile(r"print\(\s*(?:\w+\.)?describe\(")
DESCRIBE_VALUE = re.compile(r"(?:\w+\.)?describe\([^()]*\)$")


# --- alt text ----------------------------------------------------------------------------------


def _stdout_lines(cell: nodes.Element) -> list[str]:
    lines: list[str] = []
    for block in cell.findall(nodes.literal_block):
        if "stream" in block["classes"] and "stderr" not in block["classes"]:
            lines += [line for line in block.astext().splitlines() if line.strip()]
    return lines


def _shown_string(cell: nodes.Element) -> str | None:
    """The string a cell's last expression showed (``describe(ax)`` alone on the last line):
    its ``text/plain`` repr, read back as the string."""
    for block in cell.findall(nodes.literal_block):
        if "text_plain" in block["classes"]:
            try:
                value = ast.literal_eval(block.astext())
            except (ValueError, SyntaxError):
                continue
            if isinstance(value, str):
                return value
    return None


def plot_description(cell: nodes.Element, where: str) -> str:
    """The sentence a cell showed with ``describe``: either printed last
    (``print(plots.describe(ax))``, the last line of output) or left as the cell's last
    expression (``describe(ax)``). Checked against the source, so another print or value cannot
    slip in as alt text."""
    source = "".join(
        child.astext()
        for child in cell.children
        if isinstance(child, nodes.Element) and child.get("nb_element") == "cell_code_source"
    )
    statements = [line.strip() for line in source.splitlines() if line.strip()]
    prints = [line for line in statements if line.startswith("print(")]
    if statements and DESCRIBE_VALUE.match(statements[-1]):
        shown = _shown_string(cell)
        if shown:
            return shown
    elif prints and DESCRIBE.match(prints[-1]) and _stdout_lines(cell):
        return _stdout_lines(cell)[-1]
    raise ExtensionError(
        f"{where}: this cell draws a plot but does not show its description last. End the "
        "cell with print(plots.describe(ax)) (or describe(ax) as its last line) and re-execute "
        "the notebook, so the plot has alt text on the site."
    )


def add_alt_text(app: Sphinx, doctree: nodes.document) -> None:
    """Give each plot in a notebook its printed description as alt text."""
    docname = app.env.docname
    if app.env.doc2path(docname).suffix != ".ipynb":
        return
    for cell in doctree.findall(nodes.container):
        if cell.get("nb_element") != "cell_code":
            continue
        images = list(cell.findall(nodes.image))
        if not images:
            continue
        where = f"{docname}.ipynb, cell {cell.get('cell_index', '?')}"
        if len(images) > 1:
            raise ExtensionError(
                f"{where}: {len(images)} plots in one cell. Draw one plot per cell, each "
                "followed by print(plots.describe(ax)), so each gets its own alt text."
            )
        images[0]["alt"] = plot_description(cell, where)


# --- "Run this notebook" -----------------------------------------------------------------------


def check_run_settings(settings: dict[str, str]) -> None:
    """Stop the build with the variable to set when the run link cannot be made."""
    target = settings.get("target", "download")
    if target not in TARGETS:
        raise ConfigError(
            f"CLOSEREADING_SITE_RUN is {target!r}; set it to one of {', '.join(TARGETS)}."
        )
    if target in ("binder", "hub") and not settings.get("repository"):
        raise ConfigError(
            f"CLOSEREADING_SITE_RUN={target} needs the course's public git repository: set "
            "CLOSEREADING_SITE_REPOSITORY, e.g. https://github.com/your-org/closereading."
        )
    if target == "hub" and not settings.get("hub"):
        raise ConfigError(
            "CLOSEREADING_SITE_RUN=hub needs the JupyterHub's address: set "
            "CLOSEREADING_SITE_HUB, e.g. https://hub.example.edu."
        )
    if target == "hub":
        from closereading.course.link import LinkError

        try:
            run_link(settings, "notebooks/00-start-here.ipynb")
        except LinkError as error:
            raise ConfigError(f"CLOSEREADING_SITE_HUB, _REPOSITORY or _BRANCH: {error}") from None


def run_link(settings: dict[str, str], path: str) -> tuple[str, str]:
    """``(url, label)`` of the link that runs the notebook at ``path`` (relative to the
    repository); a download link is relative to the page at ``path``.

    >>> run_link({"target": "download"}, "notebooks/01-first-reading.ipynb")
    ('../_sources/notebooks/01-first-reading.ipynb', 'Download this notebook (.ipynb)')

    The hub link is ``closereading link``'s: it pulls the student edition (the branch
    ``student`` unless ``branch`` names another) into the same folder of the student's home.

    >>> run_link({"target": "hub", "repository": "https://example.org/cr.git",
    ...           "hub": "https://hub.example.edu/"}, "notebooks/01-first-reading.ipynb")[0]
    'https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fexample.org%2Fcr.git&branch=student&urlpath=lab%2Ftree%2Fclosereading-lab%2Fnotebooks%2F01-first-reading.ipynb&targetpath=closereading-lab'
    """
    target = settings.get("target", "download")
    if target == "download":
        depth = path.count("/")
        return "../" * depth + "_sources/" + path, "Download this notebook (.ipynb)"
    if target == "hub":
        from closereading.course.edition import BRANCH
        from closereading.course.link import pull_link

        branch = settings.get("branch") or BRANCH
        link = pull_link(settings["hub"], settings["repository"], branch=branch, notebook=path)
        return link, "Run this notebook on JupyterHub"
    repository, branch = settings["repository"].rstrip("/"), settings.get("branch") or "main"
    if target == "binder":
        binder = settings.get("binder", "https://mybinder.org").rstrip("/")
        query = urlencode({"urlpath": f"lab/tree/{path}"})
        return (
            f"{binder}/v2/git/{quote(repository, safe='')}/{quote(branch, safe='')}?{query}",
            "Run this notebook on Binder",
        )
    raise ConfigError(
        f"CLOSEREADING_SITE_RUN is {target!r}; set it to one of {', '.join(TARGETS)}."
    )


def add_run_link(app: Sphinx, doctree: nodes.document) -> None:
    """Put the run link, and what running needs, under a notebook page's title."""
    docname = app.env.docname
    if app.env.doc2path(docname).suffix != ".ipynb":
        return
    url, label = run_link(app.config.closereading_run, f"{docname}.ipynb")
    depth = docname.count("/")
    setup = "../" * depth + "course/syllabus.html#running-the-notebooks"
    html = (
        f'<p class="cr-run-link"><a class="cr-run-button" href="{escape(url)}">{escape(label)}</a> '
        '<span class="cr-run-note">This page is for reading: its outputs were saved when the '
        "notebook last ran. To run the code and use the highlighter, install the course "
        f'(<a href="{escape(setup)}">how</a>).</span></p>'
    )
    sections = list(doctree.findall(nodes.section))
    if not sections:
        return
    first = sections[0]
    titles = [i for i, child in enumerate(first.children) if isinstance(child, nodes.title)]
    first.insert(titles[0] + 1 if titles else 0, nodes.raw("", html, format="html"))


def _check_config(app: Sphinx, config: Any) -> None:
    check_run_settings(config.closereading_run)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("closereading_run", {"target": "download"}, "env", dict)
    app.connect("config-inited", _check_config)
    app.connect("doctree-read", add_alt_text)
    app.connect("doctree-read", add_run_link)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
