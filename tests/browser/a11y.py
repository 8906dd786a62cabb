"""Accessibility checks for the browser tests: axe-core (bundled by ``axe-playwright-python``)
and a WCAG contrast ratio computed from the colours the browser actually paints.

``audit`` runs axe and returns its violations as small records; ``split_by_owner`` separates
those in the course's own content (a notebook's outputs, where the widgets live) from
JupyterLab's; ``painted_contrasts`` reads, for each highlight and symbol, its text colour and
every background under it, and ``contrast`` composites them and computes the ratio.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

SERIOUS = {"serious", "critical"}
#: Where the course's content is inside JupyterLab: a cell's outputs (widgets included).
COURSE_CONTENT = ".jp-OutputArea-output"


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    target: str
    html: str
    summary: str

    def __str__(self) -> str:
        return f"{self.impact} {self.rule} at {self.target}: {self.html[:160]}\n    {self.summary}"


@functools.cache
def _axe_script() -> str:
    from axe_playwright_python.sync_playwright import Axe

    return Axe().axe_script


def audit(page, context: object = None, rules: list[str] | None = None) -> list[Violation]:
    """axe-core's violations on the page as it is now, one record per element (only the axe
    rules named in ``rules``, when given)."""
    options: dict[str, object] = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    # axe-core as axe-playwright-python bundles it, put into the page once per page load (its
    # own run() evaluates the 600 kB script again on every call).
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_script())
    response = page.evaluate(
        "([context, options]) => axe.run(context || document, options)", [context, options]
    )
    found = []
    for rule in response["violations"]:
        for node in rule["nodes"]:
            target = node["target"][0]
            found.append(
                Violation(
                    rule["id"],
                    node.get("impact") or rule.get("impact") or "unknown",
                    target if isinstance(target, str) else " >> ".join(target),
                    node.get("html", ""),
                    (node.get("failureSummary") or "").replace("\n", " "),
                )
            )
    return found


def serious(violations: list[Violation]) -> list[Violation]:
    return [v for v in violations if v.impact in SERIOUS]


#: Faults of JupyterLab's own renderers inside a cell's outputs: JupyterLab 4 draws an
#: ``image/png`` output as an ``<img>`` with no ``alt`` and offers no way to give it one (its
#: ``renderImage`` never sets the attribute). The course prints each plot's description beside
#: it, and the website gives it as alt text.
LAB_RENDERERS = {"image-alt": ".jp-RenderedImage"}


def split_by_owner(page, violations: list[Violation]) -> tuple[list[Violation], list[Violation]]:
    """``(course, jupyterlab)``: a violation is the course's when its element sits in a cell's
    outputs, unless it is one of JupyterLab's renderers' own (``LAB_RENDERERS``)."""
    course, lab = [], []
    for violation in violations:
        inside, renderer = page.evaluate(
            "([sel, scope, renderer]) => { try { const el = document.querySelector(sel);"
            " return [Boolean(el && el.closest(scope)),"
            " Boolean(renderer && el && el.closest(renderer))]; }"
            " catch (e) { return [false, false]; } }",
            [violation.target, COURSE_CONTENT, LAB_RENDERERS.get(violation.rule)],
        )
        (course if inside and not renderer else lab).append(violation)
    return course, lab


# --- contrast ---------------------------------------------------------------------------------

#: For each element matching the selector that shows text of its own (not a disabled control,
#: which WCAG exempts): its text, its text colour, and the background colours from the element
#: outwards to the first opaque one.
PAINTED_JS = """
(selector) => [...document.querySelectorAll(selector)]
  .filter((el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
  .filter((el) => el.getClientRects().length && !el.closest(':disabled, [aria-disabled="true"]'))
  .map((el) => {
    const layers = [];
    for (let node = el; node; node = node.parentElement) {
      const bg = getComputedStyle(node).backgroundColor;
      layers.push(bg);
      if (/^rgb\\(/.test(bg) || /^color\\(srgb [^/]*\\)$/.test(bg)) break;
    }
    return {text: el.textContent.trim().slice(0, 40), color: getComputedStyle(el).color, layers};
  })
"""


def parse_colour(value: str) -> tuple[float, float, float, float]:
    """``rgb()``, ``rgba()`` or ``color(srgb ...)`` as red, green, blue in 0..1 and alpha.

    >>> parse_colour("rgba(255, 0, 0, 0.5)")
    (1.0, 0.0, 0.0, 0.5)
    >>> parse_colour("color(srgb 0.9 0.6 0 / 0.22)")
    (0.9, 0.6, 0.0, 0.22)
    """
    numbers = [float(n) for n in re.findall(r"[-\d.]+(?:e[-\d]+)?", value)]
    if value.startswith("color(srgb"):
        red, green, blue, *alpha = numbers
        return red, green, blue, alpha[0] if alpha else 1.0
    if value.startswith("rgb"):
        red, green, blue, *alpha = numbers
        return red / 255, green / 255, blue / 255, alpha[0] if alpha else 1.0
    raise ValueError(f"a colour this check cannot read: {value!r}")


def composite(layers: list[str]) -> tuple[float, float, float]:
    """The colour seen through ``layers`` (innermost first) over white if none is opaque."""
    red, green, blue = 1.0, 1.0, 1.0
    for layer in reversed(layers):
        r, g, b, a = parse_colour(layer)
        red, green, blue = (r * a + red * (1 - a), g * a + green * (1 - a), b * a + blue * (1 - a))
    return red, green, blue


def luminance(colour: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(c) for c in colour)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(text: str, layers: list[str]) -> float:
    """WCAG 2 contrast ratio of text colour ``text`` over ``layers``.

    >>> round(contrast("rgb(0, 0, 0)", ["rgb(255, 255, 255)"]), 1)
    21.0
    >>> round(contrast("rgb(119, 119, 119)", ["rgba(0, 0, 0, 0)", "rgb(255, 255, 255)"]), 2)
    4.48
    """
    background = composite(layers)
    r, g, b, a = parse_colour(text)
    foreground = (r * a + background[0] * (1 - a), g * a + background[1] * (1 - a))
    foreground += (b * a + background[2] * (1 - a),)
    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def painted_contrasts(page, selector: str) -> list[tuple[str, float]]:
    """``(text, ratio)`` for every element matching ``selector`` that shows text."""
    return [
        (item["text"], contrast(item["color"], item["layers"]))
        for item in page.evaluate(PAINTED_JS, selector)
    ]
