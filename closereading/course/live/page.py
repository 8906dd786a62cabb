"""The live page's HTML around the class report's content, and the headers every answer of the
class service carries (a content-security policy that allows no inline script at all: the one
script is a same-origin file, ``static/live.js``)."""

from __future__ import annotations

from html import escape
from pathlib import Path
from urllib.parse import quote

__all__ = ["CSP", "SECURITY_HEADERS", "STATIC", "classes_page", "live_page"]

STATIC = Path(__file__).resolve().parent / "static"

#: No inline script, no script from elsewhere, nothing fetched but from the service itself, no
#: framing, forms only to the service. Styles inline, as the class report draws its tints.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'"
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}

_CSS = """
.live-bar { display: flex; flex-wrap: wrap; gap: 0.5rem 1.25rem; align-items: center;
  border-bottom: 2px solid #333; padding: 0.5rem 0; margin-bottom: 1rem; }
.live-bar a, .live-bar button { font: inherit; }
.live-bar a:focus, .live-bar button:focus { outline: 3px solid #000; outline-offset: 2px; }
.live-status { font-weight: 600; }
.live-status[data-state="stale"] { border-left: 4px solid #D55E00; padding-left: 0.4rem; }
body.projector .live-bar { font-size: 0.7rem; padding: 0.3rem 1rem; }
"""


def live_page(
    *,
    klass: str,
    prefix: str,
    css: str,
    content: str,
    revision: int,
    projector: bool,
    names: bool,
    revealed: bool,
    xsrf_form: str,
    xsrf_token: str = "",
) -> str:
    """The instructor's live page (or the projector view) for ``klass``."""
    here = f"{prefix}class/{escape(quote(klass, safe=''))}/"
    view = "projector" if projector else "page"
    state = f"{here}state?view={view}&amp;names={int(names)}"
    links = [
        f'<a href="{here}">Instructor view</a>'
        if projector
        else "<strong>Instructor view</strong>",
        "<strong>Projector view</strong>"
        if projector
        else f'<a href="{here}projector">Projector view</a>',
    ]
    if not projector:
        links.append(
            f'<a href="{here}">Hide names</a>'
            if names
            else f'<a href="{here}?names=1">Show names</a>'
        )
    reveal = (
        f'<form method="post" action="{here}reveal">{xsrf_form}'
        f'<input type="hidden" name="on" value="{0 if revealed else 1}">'
        f'<button type="submit">{"Hide the heat map from students" if revealed else "Reveal the anonymous heat map to students who shared"}</button></form>'
    )
    shown = "shown to students who shared" if revealed else "not shown to students"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8"><title>Live: {escape(klass)}</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{css}{_CSS}</style>"
        f'<script src="{prefix}static/live.js" defer></script></head>\n'
        f'<body class="{"projector" if projector else "instructor"}" data-state="{state}" '
        f'data-revision="{revision}" data-xsrf="{escape(xsrf_token)}">\n'
        f'<nav class="live-bar" aria-label="Live view">'
        f"<span>Class: <strong>{escape(klass)}</strong></span>{' · '.join(links)}"
        f"{'' if projector else reveal}"
        f'<span class="small">Heat map {shown}.</span>'
        '<span class="live-status" role="status" aria-live="polite" data-state="live">'
        "Live: updates as students share.</span></nav>\n"
        f'<main id="live">{content}</main>\n</body></html>\n'
    )


def classes_page(prefix: str, classes: list[str], who: str) -> str:
    """The service's front page: the classes this instructor may see, or why none."""
    if classes:
        items = "".join(
            f'<li><a href="{prefix}class/{escape(quote(c, safe=""))}/">{escape(c)}</a></li>'
            for c in classes
        )
        body = f"<p>Classes you teach:</p><ul>{items}</ul>"
    else:
        body = (
            "<p>You may see no class here. Instructors need the hub scope "
            "<code>custom:closereading:teach</code> (for one class: "
            "<code>custom:closereading:teach!group=CLASS</code>), given by a role in the hub's "
            "configuration. Students share from their notebooks; they need no page here.</p>"
        )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>Close Reading Lab: the class, live</title></head><body><main>"
        f"<h1>The class, live</h1><p>Signed in as {escape(who)}.</p>{body}</main></body></html>\n"
    )
