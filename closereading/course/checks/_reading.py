"""Reading an answer typed as plain text into the value a task's check takes.

Students answer in ``%%answer`` cells (:mod:`closereading.course.answers`), in their own words
and numbers, never in Python. Each task says here what its answer is made of (:data:`PARTS`): one
part, or several, each typed in its own cell (a move and a note, say). Each part has a kind, and
each kind is read leniently:

- ``choice``: option numbers as people write them, ``2``, ``1, 3, 8``, ``1 and 3``, ``1 3 8``,
  ``(1, 3, 8)``: one number gives an int, several a tuple of ints; a word that is not a number
  (an option's id or label, "hedge") is passed on as text for the check to look up.
- ``number``: ``62.5``, ``62,5`` (a decimal comma), ``40%``, or arithmetic with numbers only
  (``100 * 118 / (118 + 177)``, ``×`` and ``÷`` too); a whole number gives an int.
- ``numbers``: several numbers in order, separated by commas, spaces or "and".
- ``text``: the text exactly as typed; ``query``: the text without surrounding quotes;
  ``quotes``: one quotation per line, each without its surrounding quotation marks.

Whatever cannot be read as its kind is passed on as the text itself, and the check's hint says
what it expected. Nothing here raises for any text.

>>> read("choice", "1, 3 and 8"), read("choice", "(2)"), read("choice", "hedge")
((1, 3, 8), 2, 'hedge')
>>> read("number", "62,5"), read("number", "100 * 118 / (118 + 177)") == 100 * 118 / 295
(62.5, True)
>>> read("numbers", "4, 0, 293 and 133"), read("quotes", '“Nobody ignored anyone.”')
((4, 0, 293, 133), 'Nobody ignored anyone.')
"""

from __future__ import annotations

import ast
import math
import operator
import re
from typing import Any

#: Each task's parts, in the order its check takes them: ``(part, kind)``; the part is "" for a
#: task answered in one cell.
PARTS: dict[str, tuple[tuple[str, str], ...]] = {
    "01-exchange-share": (("", "number"),),
    "01-ngo-reply": (("", "choice"),),
    "02-our-rate": (("", "number"),),
    "02-our-g2": (("", "numbers"),),
    "03-engage-forms": (("", "query"),),
    "03-engage-reading": (("", "choice"),),
    **{f"04-passage-{n}": (("move", "choice"), ("note", "text")) for n in (1, 2, 3)},
    "04-label-reason": (("", "choice"),),
    "05-framing": (("", "choice"),),
    "05-costly": (("", "choice"),),
    **{
        f"05-code-{unit}": (
            ("outcome", "choice"),
            ("form", "choice"),
            ("evidence", "quotes"),
            ("why", "text"),
        )
        for unit in ("inspectors", "timeline", "ignored")
    },
    **dict.fromkeys(("06-we-all", "06-than-we-do"), (("referent", "choice"), ("note", "text"))),
    "06-findings-will": (("", "choice"),),
    "06-nobody-ignored": (("", "choice"),),
    "07-claim-level": (("", "choice"),),
    "07-evidence-level": (("", "choice"),),
    "07-weakening-evidence": (("", "choice"),),
}

#: Answers that are recorded but never checked (a prediction to compare with later).
UNCHECKED: dict[str, tuple[tuple[str, str], ...]] = {"02-prediction": (("", "choice"),)}

KINDS = ("choice", "number", "numbers", "text", "query", "quotes")

_QUOTES = "\"'“”‘’«»„‚`"
_SEPARATOR = re.compile(r"\s*(?:[,;\n]|\band\b|&)\s*", re.IGNORECASE)
_LEADING_WORD = re.compile(
    r"^(?:options?|numbers?|sentences?|readings?|passages?|no\.|nos\.|#)\s*", re.IGNORECASE
)
_WHOLE = re.compile(r"^[#(]?\s*(\d+)\s*[.)]?$")
_DECIMAL_COMMA = re.compile(r"^[-+]?\d+,\d+$")


def empty(kind: str) -> Any:
    """What a check takes for a part left empty: "" for text, None for the rest."""
    return "" if kind in ("text", "quotes") else None


def read(kind: str, text: str) -> Any:
    """The value of ``text`` typed as a part of ``kind`` (see the module docstring)."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of answer {kind!r}; the kinds are {', '.join(KINDS)}")
    if not text.strip():
        return empty(kind)
    if kind == "text":
        return text
    if kind == "query":
        return _unquoted(text.strip())
    if kind == "quotes":
        lines = [_unquoted(line.strip()) for line in text.splitlines() if line.strip()]
        return lines[0] if len(lines) == 1 else tuple(lines)
    if kind == "number":
        value = number(text)
        return text.strip() if value is None else value
    if kind == "numbers":
        return _numbers(text)
    return _choice(text)


def _unquoted(text: str) -> str:
    if len(text) >= 2 and text[0] in _QUOTES and text[-1] in _QUOTES:
        return text[1:-1].strip()
    return text


def _bare(text: str) -> str:
    text = text.strip()
    while len(text) >= 2 and (text[0], text[-1]) in (("(", ")"), ("[", "]"), ("{", "}")):
        text = text[1:-1].strip()
    return text


def _choice(text: str) -> Any:
    parts = [p for p in _SEPARATOR.split(_bare(text)) if p.strip()]
    if len(parts) == 1 and re.fullmatch(r"\d+(?:\s+\d+)+", parts[0].strip()):
        parts = parts[0].split()
    values: list[Any] = []
    for part in parts:
        part = _LEADING_WORD.sub("", part.strip())
        whole = _WHOLE.match(part)
        values.append(int(whole.group(1)) if whole else _unquoted(part))
    if not values:
        return text.strip()
    return values[0] if len(values) == 1 else tuple(values)


def _numbers(text: str) -> Any:
    bare = _bare(text)
    if _DECIMAL_COMMA.match(bare):
        parts = [bare]
    else:
        parts = [p for p in re.split(r"[,;\s]+|\band\b", bare, flags=re.IGNORECASE) if p]
    values = [number(p) for p in parts]
    if not values or any(v is None for v in values):
        return text.strip()
    return values[0] if len(values) == 1 else tuple(values)


# --- numbers, and arithmetic on them only ------------------------------------------------------

_OPERATORS: dict[type, Any] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}


def number(text: str) -> int | float | None:
    """The number ``text`` stands for, or None: see ``number`` in the module docstring."""
    flat = text.strip().rstrip("%").strip().replace("×", "*").replace("÷", "/")
    flat = flat.replace("−", "-")
    if _DECIMAL_COMMA.match(flat):
        flat = flat.replace(",", ".")
    if not flat or len(flat) > 200 or not re.fullmatch(r"[\d\s.+\-*/()]+", flat):
        return None
    try:
        value = _evaluate(ast.parse(flat, mode="eval").body)
        if not math.isfinite(value):
            return None
    except (SyntaxError, ValueError, ZeroDivisionError, OverflowError, RecursionError):
        return None
    if isinstance(value, float) and value.is_integer() and "." not in flat and "/" not in flat:
        return int(value)
    return value


def _evaluate(node: ast.AST) -> float | int:
    if (
        isinstance(node, ast.Constant)
        and not isinstance(node.value, bool)
        and isinstance(node.value, (int, float))
    ):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _evaluate(node.operand)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        return _OPERATORS[type(node.op)](_evaluate(node.left), _evaluate(node.right))
    raise ValueError("not arithmetic on numbers")


def described(kind: str, value: Any) -> str:
    """How a part's value was read, in words, for the line an answer cell prints ("" when it
    is the text itself)."""
    if kind == "choice" and isinstance(value, int):
        return f"option {value}"
    if kind == "choice" and isinstance(value, tuple) and all(isinstance(v, int) for v in value):
        return "options " + ", ".join(str(v) for v in value)
    if kind == "number" and isinstance(value, (int, float)):
        return f"the number {value:g}" if isinstance(value, float) else f"the number {value}"
    if kind == "numbers" and isinstance(value, tuple):
        return "the numbers " + ", ".join(f"{v:g}" for v in value)
    if kind == "numbers" and isinstance(value, (int, float)):
        return f"the number {value:g}"
    return ""
