"""Self-checks for the exercises: ✓ when an answer holds up, ✗ with a hint that says what looks
wrong and where to look, without printing the answer.

Every task of every exercise is checked the same way, ``exercises.check(task, answer)``; the
checks live in :mod:`closereading.course.checks`, one module per exercise. Expected values are
computed from the interview when a check runs, so the checks stay true if the text is
corrected. An answer is accepted when a careful reader can defend it: numbers at the precision
the lessons print (or rounded further to a whole number), every defensible choice with the
reason it holds, notes that name a word of the passage and say what it does. An unanswered
task reports "Not answered yet" instead of stopping the notebook.

>>> check("01-exchange-share", 60)
✗ That is Peskov's share of the exchange. The task asks for Saunders's.
>>> bool(check("01-exchange-share", 60))
False
>>> check("02-our-rate", None)
✗ Not answered yet: replace None in the answer cell above with your answer, run that cell, then run this check again.
>>> sorted(TASKS)[:2]
['01-exchange-share', '01-ngo-reply']
>>> print(options("03-engage-reading").text.splitlines()[0])
1  Peskov promises that the government will engage with the opposition.

Students work in their own copy of each exercise, which a course update never overwrites:
:func:`own_copy` makes it (see :mod:`closereading.course.workcopy`).
"""

from __future__ import annotations

from closereading.course.checks import TASKS, Feedback, Task, check, options
from closereading.course.checks.ex03 import concordance_for
from closereading.course.workcopy import own_copy

__all__ = ["TASKS", "Feedback", "Task", "check", "concordance_for", "options", "own_copy"]
