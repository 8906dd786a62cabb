"""The exercises' self-checks, one module per exercise, all in one registry.

:mod:`._registry` holds :class:`Feedback`, :data:`TASKS` and :func:`check`; :mod:`._answers`
the rules for reading an answer fairly (numbers at the lesson's precision, choices, notes);
``ex01`` to ``ex04`` register their tasks when this package is imported. Students reach all of
it through :mod:`closereading.course.exercises`.
"""

from __future__ import annotations

from closereading.course.checks import ex01, ex02, ex03, ex04, ex05, ex06, ex07
from closereading.course.checks._registry import TASKS, Feedback, Task, check, options

__all__ = [
    "TASKS",
    "Feedback",
    "Task",
    "check",
    "ex01",
    "ex02",
    "ex03",
    "ex04",
    "ex05",
    "ex06",
    "ex07",
    "options",
]
