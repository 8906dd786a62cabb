"""Self-checks for the exercises: ✓ when an answer holds up, ✗ with a hint that says what looks
wrong and where to look, without printing the answer.

A student answers in an ``%%answer`` cell, in plain words and numbers (see
:mod:`closereading.course.answers`; importing this module in a notebook registers the cell), and
the check cell under it, ``exercises.check("05-framing")``, checks that answer as last run and
says which answer it checked. The checks live in :mod:`closereading.course.checks`, one module
per exercise. Expected values are computed from the interview when a check runs, so the checks
stay true if the text is corrected. An answer is accepted when a careful reader can defend it:
numbers at the precision the lessons print (or rounded further to a whole number), every
defensible choice with the reason it holds, notes that name a word of the passage and say what
it does. An unanswered task reports "Not answered yet" instead of stopping the notebook.

The hidden test under each check, for nbgrader, is :func:`grade`: it asks, besides, that the
answer was run in the notebook handed in, not only saved in ``work/`` by an earlier session.

A value given in Python is checked as it is (``check(task, answer)``), as tests do:

>>> check("01-exchange-share", 60)
✗ That is Peskov's share of the exchange. The task asks for Saunders's.
>>> bool(check("01-exchange-share", 60))
False
>>> check("02-our-rate", None)
✗ Not answered yet: write your answer in the cell above and run it, then run this check again.
>>> sorted(TASKS)[:2]
['01-exchange-share', '01-ngo-reply']
>>> print(options("03-engage-reading").text.splitlines()[0])
1  Peskov promises that the government will engage with the opposition.

Students work in their own copy of each exercise, which a course update never overwrites:
:func:`own_copy` makes it (see :mod:`closereading.course.workcopy`).
"""

from __future__ import annotations

from typing import Any

from closereading.course import answers as _answers
from closereading.course.answers import answer, grade, register_magic
from closereading.course.checks import TASKS, Feedback, Task, options
from closereading.course.checks import check as _check_value
from closereading.course.checks.ex03 import concordance_for
from closereading.course.workcopy import own_copy

__all__ = [
    "TASKS",
    "Feedback",
    "Task",
    "answer",
    "check",
    "concordance_for",
    "grade",
    "options",
    "own_copy",
    "register_magic",
]

_AS_RUN = object()


def check(task: str, answer: Any = _AS_RUN) -> Feedback:
    """Check ``task``'s answer as last run in its ``%%answer`` cell, saying which answer that
    was; or check ``answer``, a value given in Python. Never raises for an answer."""
    if answer is _AS_RUN:
        return _answers.check_recorded(task)
    return _check_value(task, answer)


register_magic()
