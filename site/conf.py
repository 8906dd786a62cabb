"""Sphinx configuration of the course's self-study edition (built by ``site/build.py``).

Sphinx with myst-nb reads the notebooks with their saved outputs and never runs them
(``nb_execution_mode = "off"``: nbval already proves the outputs). Everything a page needs is
copied into the site: no widget manager, no require.js, no web fonts from a CDN.
"""

from __future__ import annotations

import os

project = "Close Reading Lab"
author = "Close Reading Lab"
copyright = "the Close Reading Lab authors; the interview text © The National Interest"
language = "en"

extensions = ["myst_nb", "closereading_site"]
root_doc = "index"
exclude_patterns = ["**/.ipynb_checkpoints"]
templates_path = ["_templates"]
html_static_path = ["_static"]
html_css_files = ["course.css"]

# Notebooks: shown with their saved outputs, never executed.
nb_execution_mode = "off"
# No widget manager or require.js from a CDN: widgets show their static HTML instead.
nb_ipywidgets_js: dict[str, dict[str, str]] = {}
# A widget view needs the widget manager; the same output's text/html is the widget's static view.
nb_mime_priority_overrides = [
    ("html", "application/vnd.jupyter.widget-view+json", None),
    ("html", "application/vnd.jupyter.widget-state+json", None),
]
myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence"]

html_theme = "sphinx_book_theme"
html_title = "Close Reading Lab"
html_copy_source = True
# The .ipynb offered for download keeps its own name (not .ipynb.txt).
html_sourcelink_suffix = ""
html_last_updated_fmt = None
html_theme_options = {
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "use_download_button": True,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "navigation_with_keys": False,
    "show_prev_next": True,
    "search_bar_text": "Search the course...",
}

# Where "Run this notebook" points: see site/README.md.
closereading_run = {
    "target": os.environ.get("CLOSEREADING_SITE_RUN", "download"),
    "repository": os.environ.get("CLOSEREADING_SITE_REPOSITORY", ""),
    "branch": os.environ.get("CLOSEREADING_SITE_BRANCH", ""),  # main for Binder, student for a hub
    "binder": os.environ.get("CLOSEREADING_SITE_BINDER", "https://mybinder.org"),
    "hub": os.environ.get("CLOSEREADING_SITE_HUB", ""),
}
