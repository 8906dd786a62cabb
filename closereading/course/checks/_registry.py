"""The registry every exercise check joins: a task id, its question, its checker, and, for a
task answered by choosing, the numbered options the student chooses from."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from closereading.views.display import TextView

#: A checker takes the student's answer and returns ``(ok, message)``.
Checker = Callable[[Any], tuple[bool, str]]

NOT_ANSWERED = (
    "Not answered yet: write your answer in the cell above and run it, then run this check again."
)


@dataclass(frozen=True)
class Feedback:
    """The result of a check: ``ok`` and a message; shown as ``✓ ...`` or ``✗ ...``, after
    the line ``answered`` that says which answer was checked, when there is one."""

    task: str
    ok: bool
    message: str
    answered: str = ""

    def __str__(self) -> str:
        shown = ("✓ " if self.ok else "✗ ") + self.message
        return f"{self.answered}\n{shown}" if self.answered else shown

    __repr__ = __str__

    def __bool__(self) -> bool:
        return self.ok


@dataclass(frozen=True)
class Task:
    """One checked exercise task. ``options`` is a callable giving the numbered choices, for a
    task answered by choosing (computed when asked, so that it follows the text)."""

    id: str
    question: str
    checker: Checker
    options: Callable[[], Sequence[str]] | None = None


TASKS: dict[str, Task] = {}


def register(
    task_id: str, question: str, options: Callable[[], Sequence[str]] | None = None
) -> Callable[[Checker], Checker]:
    """Decorator: add a checker to :data:`TASKS` under ``task_id``."""

    def add(checker: Checker) -> Checker:
        if task_id in TASKS:
            raise ValueError(f"exercise task {task_id!r} is registered twice")
        TASKS[task_id] = Task(task_id, question, checker, options)
        return checker

    return add


def _task(task: str) -> Task:
    if task not in TASKS:
        raise KeyError(f"no exercise task {task!r}; the tasks are: {', '.join(sorted(TASKS))}")
    return TASKS[task]


def unanswered(answer: Any) -> bool:
    """True for what an answer cell holds before the student writes anything: ``None``, ``...``,
    a blank string, or a group of such values (a choice and an empty note)."""
    if answer is None or answer is Ellipsis:
        return True
    if isinstance(answer, str):
        return not answer.strip()
    if isinstance(answer, tuple) and answer:
        return all(unanswered(part) for part in answer)
    return False


def check(task: str, answer: Any) -> Feedback:
    """Check ``answer`` for the exercise task ``task`` (e.g. ``"01-exchange-share"``).

    Never raises for an answer, whatever its type: a value of the wrong kind gets a hint.
    """
    found = _task(task)
    if unanswered(answer):
        return Feedback(task, False, NOT_ANSWERED)
    ok, message = found.checker(answer)
    return Feedback(task, ok, message)


def options(task: str) -> TextView:
    """The numbered choices of a task answered by choosing, as text and escaped HTML."""
    from html import escape

    found = _task(task)
    if found.options is None:
        raise KeyError(f"exercise task {task!r} is not answered by choosing")
    choices = list(found.options())
    width = len(str(len(choices)))
    lines = []
    for number, choice in enumerate(choices, start=1):
        lines.extend(_wrapped(f"{number:>{width}}  ", choice))
    items = "".join(f"<li>{escape(choice)}</li>" for choice in choices)
    html = f"<ol class='closereading-options' style='max-width:52em; line-height:1.5'>{items}</ol>"
    return TextView("\n".join(lines), html)


def _wrapped(label: str, text: str, width: int = 92) -> list[str]:
    import textwrap

    return textwrap.wrap(
        " ".join(text.split()),
        width,
        initial_indent=label,
        subsequent_indent=" " * len(label),
        break_on_hyphens=False,
    )
