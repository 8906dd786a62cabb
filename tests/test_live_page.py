"""The class service's parts that need no hub: the per-student limit, and the live page's HTML
(escaped, no inline script, the policy that forbids one)."""

from __future__ import annotations

import re

from closereading.course.live.page import CSP, classes_page, live_page
from closereading.course.live.state import Limits


def test_a_student_gets_a_burst_then_the_steady_rate():
    limits = Limits(burst=5, per_second=1000.0)
    assert [limits.allow("ana") for _ in range(5)] == [0.0] * 5
    slow = Limits(burst=3, per_second=0.5)
    assert [slow.allow("ben") == 0.0 for _ in range(4)] == [True, True, True, False]
    assert 0 < slow.allow("ben") <= 2.0  # seconds to wait, as Retry-After says
    assert slow.allow("cara") == 0.0  # another student is not held back


def page(klass: str = "seminar", **kw) -> str:
    args = {
        "klass": klass,
        "prefix": "/services/closereading/",
        "css": "",
        "content": "<p>x</p>",
        "revision": 3,
        "projector": False,
        "names": False,
        "revealed": False,
        "xsrf_form": '<input type="hidden" name="_xsrf" value="t">',
        "xsrf_token": "t",
    }
    return live_page(**{**args, **kw})


def test_the_page_has_no_inline_script_and_the_policy_allows_none():
    html = page()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts == [(' src="/services/closereading/static/live.js" defer', "")]
    assert (
        "script-src 'self'" in CSP
        and "unsafe-inline" not in CSP.split("script-src")[1].split(";")[0]
    )
    assert "frame-ancestors 'none'" in CSP and "form-action 'self'" in CSP


def test_a_class_name_is_escaped_in_text_and_in_addresses():
    html = page('<b>x</b>"&')
    assert "<b>x</b>" not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert "class/%3Cb%3Ex%3C%2Fb%3E%22%26/" in html
    front = classes_page("/s/", ["<i>a</i>"], "<ines>")
    assert "<i>a</i>" not in front and "<ines>" not in front


def test_names_and_reveal_are_offered_on_the_instructor_view_only():
    assert "Show names" in page() and "Reveal the anonymous heat map" in page()
    projected = page(projector=True)
    assert "Show names" not in projected and "Reveal" not in projected
    assert "Hide the heat map" in page(revealed=True)
