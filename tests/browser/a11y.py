# Over 300 lines: axe and the computed contrast share one module, as both tests of the course's
# pages (JupyterLab and the website) use both.
"""Accessibility checks for the browser tests: axe-core (bundled by ``axe-playwright-python``)
and a WCAG contrast ratio computed from the colours the browser actually paints.

``audit`` runs axe and returns its violations as small records; ``split_by_owner`` separates
those in the course's own content (a notebook's outputs, where the widgets live) from
JupyterLab's. ``text_contrasts`` reads, for every element that shows text, its text colour and
every background and opacity from it out to the page, composites them (``seen``) and computes
the ratio WCAG asks for, 3:1 for large text; ``painted_contrasts`` gives the ratios alone.
``forced`` puts controls in their hover or focus state for a measurement.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Iterator
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
    course: list[Violation] = []
    lab: list[Violation] = []
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

#: Each element that shows text of its own, as ``{where, text, colour, layers, size, weight}``:
#: ``layers`` are ``[background, opacity]`` from the element out to ``<html>``. The elements are
#: those matching ``selector``, or every element inside each match of ``within``. Text of its own
#: is a text node directly inside; a text box's value, or its placeholder (in the placeholder's
#: colour) while empty; a list box's chosen option. Left out: what is not drawn (no box, hidden,
#: or clipped to a pixel for screen readers only) and disabled controls, which WCAG exempts.
TEXTS_JS = """
({selector, within}) => {
  const elements = within
    ? [...document.querySelectorAll(within)].flatMap((root) => [root, ...root.querySelectorAll('*')])
    : [...document.querySelectorAll(selector)];
  const classes = (el) => [...el.classList].filter((c) => !/^(lm|jp|jupyter)-/.test(c));
  const name = (el) => el.tagName.toLowerCase() + classes(el).map((c) => '.' + c).join('');
  // Where: the element in its parent, after the nearest ancestor with a class of its own.
  const where = (el) => {
    const parent = el.parentElement;
    let named = parent;
    while (named && !classes(named).length) named = named.parentElement;
    const inParent = (parent ? name(parent) + ' > ' : '') + name(el);
    return named && named !== parent ? `${name(named)} … ${inParent}` : inParent;
  };
  const known = new Map();  // an element's layers, shared by everything inside it
  const layers = (node) => {
    if (!node) return [];
    if (!known.has(node)) {
      const style = getComputedStyle(node);
      known.set(node, [[style.backgroundColor, Number(style.opacity)], ...layers(node.parentElement)]);
    }
    return known.get(node);
  };
  const found = [];
  for (const el of new Set(elements)) {
    const style = getComputedStyle(el);
    let text = '', colour = style.color;
    if (el.matches('textarea, input:not([type]), input[type=text], input[type=search]')) {
      text = el.value;
      if (!text && el.placeholder) {
        text = el.placeholder;
        colour = getComputedStyle(el, '::placeholder').color;
      }
    } else if (el.matches('select')) {
      text = el.selectedOptions.length ? el.selectedOptions[0].text : '';
    } else if (!el.matches('option, script, style')) {
      text = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('');
    }
    const box = el.getBoundingClientRect();
    if (!text.trim() || !el.getClientRects().length || box.width * box.height <= 1) continue;
    if (style.visibility !== 'visible' || el.closest(':disabled, [aria-disabled="true"]')) continue;
    found.push({
      where: where(el), text: text.trim().slice(0, 40), colour, layers: layers(el),
      size: parseFloat(style.fontSize), weight: Number(style.fontWeight) || 400,
    });
  }
  return found;
}
"""
#: WCAG 2's minimum contrast for text (1.4.3), and for large text: at least 24 px, or 18.66 px
#: (14 pt) and bold.
NORMAL_TEXT, LARGE_TEXT = 4.5, 3.0

Colour = tuple[float, float, float]


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


def _over(colour: str, below: Colour) -> Colour:
    """``colour`` (with its alpha) painted over the opaque ``below``."""
    red, green, blue, alpha = parse_colour(colour)
    return _mix((red, green, blue), below, alpha)


def _mix(top: Colour, below: Colour, amount: float) -> Colour:
    red, green, blue = (t * amount + b * (1 - amount) for t, b in zip(top, below, strict=True))
    return red, green, blue


def seen(layers: list[tuple[str, float]], text: str | None = None) -> Colour:
    """The colour seen where ``layers`` (``(background, opacity)`` from the element out to the
    page, as ``TEXTS_JS`` reads them) are painted over a white canvas: of the text drawn in
    colour ``text`` inside the innermost layer, or of the background there if ``text`` is None.
    An element's opacity fades it and everything inside it, text and backgrounds, into what is
    behind it.

    >>> seen([("rgba(0, 0, 0, 0)", 1.0), ("rgb(0, 0, 0)", 1.0)])
    (0.0, 0.0, 0.0)
    >>> seen([("rgba(0, 0, 0, 0)", 1.0), ("rgb(0, 0, 0)", 1.0)], text="rgb(255, 255, 255)")
    (1.0, 1.0, 1.0)
    >>> seen([("rgb(0, 0, 0)", 0.5)], text="rgb(255, 255, 255)")  # half-faded into the canvas
    (1.0, 1.0, 1.0)
    >>> seen([("rgb(0, 0, 0)", 0.5)])
    (0.5, 0.5, 0.5)
    """
    painted: Colour = (1.0, 1.0, 1.0)
    below: list[Colour] = []  # what is behind each layer, outermost first
    for background, _opacity in reversed(layers):
        below.append(painted)
        painted = _over(background, painted)
    if text is not None:
        painted = _over(text, painted)
    for (_background, opacity), behind in zip(layers, reversed(below), strict=True):
        painted = _mix(painted, behind, opacity)
    return painted


def luminance(colour: Colour) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(c) for c in colour)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def ratio(one: Colour, other: Colour) -> float:
    """WCAG 2 contrast ratio of two opaque colours.

    >>> round(ratio((0.0, 0.0, 0.0), (1.0, 1.0, 1.0)), 1)
    21.0
    >>> grey = seen([("rgba(0, 0, 0, 0)", 1.0)], text="rgb(119, 119, 119)")
    >>> round(ratio(grey, (1.0, 1.0, 1.0)), 2)
    4.48
    """
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def hex_colour(colour: Colour) -> str:
    """An opaque colour as ``#rrggbb``.

    >>> hex_colour((1.0, 0.5, 0.0))
    '#ff8000'
    """
    return "#" + "".join(f"{round(c * 255):02x}" for c in colour)


@dataclass(frozen=True)
class TextContrast:
    """One element's text and the contrast it is seen with."""

    where: str
    text: str
    colour: str
    foreground: Colour
    background: Colour
    large: bool

    @property
    def ratio(self) -> float:
        return ratio(self.foreground, self.background)

    @property
    def needed(self) -> float:
        return LARGE_TEXT if self.large else NORMAL_TEXT

    @property
    def low(self) -> bool:
        return self.ratio < self.needed

    def __str__(self) -> str:
        """Where, what, the colours and the ratio, for a failure message.

        >>> print(TextContrast("p.x", "Hi", "rgb(119, 119, 119)", (0.47,) * 3, (1.0,) * 3, False))
        p.x 'Hi': rgb(119, 119, 119), seen as #787878 on #ffffff: 4.42:1 (needs 4.5:1)
        """
        return (
            f"{self.where} {self.text!r}: {self.colour}, seen as {hex_colour(self.foreground)} "
            f"on {hex_colour(self.background)}: {self.ratio:.2f}:1 (needs {self.needed:g}:1)"
        )


def text_contrasts(page, selector: str = "", within: str = "") -> list[TextContrast]:
    """The contrast of every element that shows text (``TEXTS_JS``): those matching
    ``selector``, or every one inside ``within``."""
    found = []
    for item in page.evaluate(TEXTS_JS, {"selector": selector, "within": within}):
        layers = [(background, opacity) for background, opacity in item["layers"]]
        large = item["size"] >= 24 or (item["size"] >= 18.66 and item["weight"] >= 700)
        found.append(
            TextContrast(
                item["where"],
                item["text"],
                item["colour"],
                seen(layers, item["colour"]),
                seen(layers),
                large,
            )
        )
    return found


def painted_contrasts(page, selector: str) -> list[tuple[str, float]]:
    """``(text, ratio)`` for every element matching ``selector`` that shows text."""
    return [(found.text, found.ratio) for found in text_contrasts(page, selector)]


#: Marks, among the elements matching a selector, one of each look (tag, classes and inline
#: style alike: the same rules style them), and returns how many.
ONE_OF_EACH_JS = """
(selector) => {
  const seen = new Set();
  for (const el of document.querySelectorAll(selector)) {
    const look = [el.tagName, el.className, el.getAttribute('style')].join('|');
    if (!seen.has(look)) el.setAttribute('data-cr-forced', '');
    seen.add(look);
  }
  return seen.size;
}
"""


@contextlib.contextmanager
def forced(page, selector: str, states: list[str]) -> Iterator[int]:
    """CSS pseudo-classes (``hover``, ``focus``, ``focus-visible``) forced, through Chromium's
    DevTools protocol, as if the pointer were on each element matching ``selector``, or each had
    the keyboard focus: on one element of each look (``ONE_OF_EACH_JS``: each call costs a
    page this size tens of milliseconds), all at once. Yields how many elements. Undone at the
    end: leaving the protocol session lets go of every state it forced."""
    count = page.evaluate(ONE_OF_EACH_JS, selector)
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        found = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": "[data-cr-forced]"})
        for node in found["nodeIds"]:
            cdp.send("CSS.forcePseudoState", {"nodeId": node, "forcedPseudoClasses": states})
        yield count
    finally:
        cdp.detach()
        page.evaluate(
            "() => document.querySelectorAll('[data-cr-forced]')"
            ".forEach((el) => el.removeAttribute('data-cr-forced'))"
        )
