"""Answers typed as plain text: the ``%%answer`` cell, the file that keeps them, and the check
that reads them.

An answer cell in an exercise starts with one line, ``%%answer 05-framing`` (or
``%%answer 04-passage-1 note`` for one part of a task with several), and below it the student
types their answer: words, numbers, quotations, anything, in no programming language. Running
the cell

1. takes the text below the first line as typed, less nbgrader's marker lines
   (``### BEGIN SOLUTION``, ``### END SOLUTION``, and nbgrader's stub ``# YOUR ANSWER HERE``)
   and blank lines at its start and end;
2. saves it in ``work/answers/<exercise>.json`` (:class:`AnswerKind`, one record per task part,
   with the text and when it was run), through the course's store for student files;
3. reads it as the value the task's check takes (:mod:`.checks._reading`) and keeps that for
   the check cell below;
4. prints one line saying what was recorded.

It never raises, whatever was typed, so "Run All" never stops at an answer. The check cell,
``exercises.check("05-framing")``, checks the answer as last run and says which answer that was,
or "Not answered yet" when none was run. The magic is registered when
:mod:`closereading.course.exercises` is imported in IPython (:func:`register_magic`).
"""

from __future__ import annotations

import dataclasses
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from closereading.base.paths import display_path, work_dir
from closereading.base.strings import shorten
from closereading.base.workfile import Kind, RecordError, WorkFile, WorkFileError
from closereading.course.checks import TASKS, Feedback
from closereading.course.checks import check as check_value
from closereading.course.checks._reading import PARTS, UNCHECKED, described, empty, read

#: Each exercise's number and its notebook's name, which names its answers' file.
EXERCISES = {
    "01": "01-first-reading",
    "02": "02-counting-words",
    "03": "03-words-in-context",
    "04": "04-rhetorical-moves",
    "05": "05-questions-and-answers",
    "06": "06-positioning",
    "07": "07-writing-the-reading",
}
#: The lines an answer cell drops: nbgrader's markers, and the stub nbgrader can leave.
MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION", "# YOUR ANSWER HERE")

NOT_RUN = (
    "Not answered yet: write your answer in the cell above and run it, then run this check again."
)
NOT_RUN_PARTS = (
    "Not answered yet: write your answer in the cells above and run each of them, then run this "
    "check again."
)


@dataclass(frozen=True)
class Answer:
    """One answer as typed: ``id`` is the task, or ``task/part``; ``modified`` when it was run."""

    id: str
    text: str
    modified: str = ""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


class AnswerKind(Kind[Answer]):
    """The answers of one exercise, in ``work/answers/<exercise>.json``."""

    schema = "closereading.answers/1"
    key = "answers"
    noun = "answer"
    folder = "answers"
    note_field = "text"

    def looks_like(self, raw: dict[str, Any]) -> bool:
        return {"id", "text"} <= set(raw)

    def parse(self, raw: Any) -> Answer:
        if not isinstance(raw, dict):
            raise RecordError("an answer must be an object")
        if not isinstance(raw.get("id"), str) or not raw["id"]:
            raise RecordError("an answer's 'id' must be non-empty text")
        for key in ("text", "modified"):
            if not isinstance(raw.get(key, ""), str):
                raise RecordError(f"answer {raw['id']!r}: {key!r} must be text")
        return Answer(raw["id"], raw.get("text", ""), raw.get("modified", ""))

    def dump(self, record: Answer) -> dict[str, Any]:
        return record.to_dict()

    def ident(self, record: Answer) -> str:
        return record.id

    def resolve(self, ours: Answer, theirs: Answer) -> Answer:
        """The answer run last wins whole: two answers are never joined into one."""
        return theirs if theirs.modified > ours.modified else ours


class _Sheet:
    """The records of one answers file, as :class:`WorkFile` keeps them."""

    def __init__(self, exercise: str) -> None:
        self.exercise = exercise
        self.answers: dict[str, Answer] = {}

    def records(self) -> list[Answer]:
        return list(self.answers.values())

    def header(self) -> dict[str, Any]:
        return {"exercise": self.exercise}

    def adopt(self, records: list[Answer], header: dict[str, Any]) -> None:
        self.answers = {a.id: a for a in records}


def answers_path(task: str) -> Any:
    """The file that keeps ``task``'s answers: ``work/answers/<exercise>.json``."""
    exercise = EXERCISES.get(task[:2], task[:2])
    return work_dir() / "answers" / f"{exercise}.json"


def _open(task: str) -> tuple[_Sheet, WorkFile[Answer]]:
    sheet = _Sheet(EXERCISES.get(task[:2], task[:2]))
    return sheet, WorkFile(answers_path(task), AnswerKind(), sheet)


#: What was run in this kernel, by record id: the answer as typed.
_RUN: dict[str, Answer] = {}


def record_id(task: str, part: str = "") -> str:
    return f"{task}/{part}" if part else task


def parts_of(task: str) -> tuple[tuple[str, str], ...]:
    """The parts of ``task``'s answer and their kinds (one part named "" for most tasks)."""
    if task in PARTS:
        return PARTS[task]
    if task in UNCHECKED:
        return UNCHECKED[task]
    if task in TASKS:
        return (("", "choice" if TASKS[task].options else "text"),)
    raise KeyError(task)


def answer_text(cell: str) -> str:
    """The answer in a cell's body: marker lines dropped, blank lines at either end removed,
    everything else exactly as typed."""
    lines = [line for line in cell.split("\n") if line.strip() not in MARKERS]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)


def record(task: str, part: str, cell: str) -> str:
    """Keep the answer in ``cell`` for ``task`` (and ``part``): in this kernel for the check,
    and in the task's answers file. Returns the line to show; never raises for any text."""
    known = "" if task in TASKS or task in UNCHECKED else _unknown(task)
    if known:
        return known
    kinds = dict(parts_of(task))
    if part not in kinds:
        names = ", ".join(repr(p) for p in kinds)
        first = f"%%answer {task}" + (f" {next(iter(kinds))}" if any(kinds) else "")
        return (
            f"This answer cell's first line names no part of {task} called {part!r}"
            f" (its parts: {names}). Make the first line {first!r} as it was, and run it again."
        )
    text = answer_text(cell)
    now = datetime.now(timezone.utc).isoformat(timespec="microseconds")
    answer = Answer(record_id(task, part), text, now)
    _RUN[answer.id] = answer
    where = _save(task, answer)
    label = f"{task} ({part})" if part else task
    if not text.strip():
        return (
            f"No answer to {label} yet: type it below the first line of this cell and run the "
            f"cell again. {where}"
        ).strip()
    reading = described(kinds[part], read(kinds[part], text))
    read_as = f", read as {reading}" if reading else ""
    size = f" ({len(text):,} characters)" if len(text) > 80 else ""
    shown = f"{shorten(text, 80)}{size}{read_as}"
    stop = "" if shown.endswith((".", "!", "?", "…")) else "."
    return f"Recorded your answer to {label}: {shown}{stop} {where}".strip()


def _unknown(task: str) -> str:
    return (
        f"There is no task {task!r}: this answer cell's first line must stay as it was "
        "(%%answer followed by the task, e.g. %%answer 05-framing). Put it back and run the "
        "cell again; your answer goes on the lines below it."
    )


def _save(task: str, answer: Answer) -> str:
    try:
        sheet, kept = _open(task)
        sheet.answers[answer.id] = answer
        result = kept.save()
    except (OSError, WorkFileError) as error:
        return f"It could not be saved ({error}); it is kept until the notebook is closed."
    if result is None:
        return f"It could not be saved ({kept.problem}); it is kept until the notebook is closed."
    return f"Saved in {display_path(result.path)}."


def saved(task: str) -> dict[str, Answer]:
    """The answers to ``task``'s parts in its answers file (none when it cannot be read)."""
    try:
        sheet, _ = _open(task)
    except (OSError, WorkFileError):
        return {}
    return sheet.answers


def recorded(task: str) -> tuple[Any, str, bool] | None:
    """``(value, shown, ran_here)`` for ``task``'s answer as last run: the value its check takes,
    the answer in words, and whether it was run in this kernel; None when no part was ever run."""
    parts = parts_of(task)
    ids = [record_id(task, part) for part, _ in parts]
    run = {i: _RUN[i] for i in ids if i in _RUN}
    found = run if len(run) == len(ids) else {**saved(task), **run}
    if not any(i in found for i in ids):
        return None
    here = all(i in run for i in ids if i in found)
    values, shown = [], []
    for (part, kind), ident in zip(parts, ids):
        text = found[ident].text if ident in found else ""
        values.append(read(kind, text) if text.strip() else empty(kind))
        words = shorten(text, 120) if text.strip() else "(empty)"
        shown.append(f"{part}: {words}" if part else words)
    value = values[0] if len(values) == 1 else tuple(values)
    return value, " · ".join(shown), here


def answer(task: str) -> Any:
    """The value of ``task``'s answer as last run (None when it was never run)."""
    found = recorded(task)
    return None if found is None else found[0]


def check_recorded(task: str) -> Feedback:
    """Check ``task``'s answer as last run, and say which answer that was."""
    parts = parts_of(task)
    found = recorded(task)
    if found is None:
        return Feedback(task, False, NOT_RUN_PARTS if len(parts) > 1 else NOT_RUN)
    value, shown, here = found
    feedback = check_value(task, value)
    if feedback.message.startswith("Not answered yet"):
        return Feedback(task, False, NOT_RUN_PARTS if len(parts) > 1 else NOT_RUN)
    if here:
        said = f"Your answer as last run: {shown}"
    else:
        said = (
            f"Your answer as saved in {display_path(answers_path(task))} (its cell has not been "
            f"run since this notebook started): {shown}"
        )
    return dataclasses.replace(feedback, answered=said)


def grade(task: str) -> bool:
    """nbgrader's hidden test for ``task``: True when every part of the answer was run in this
    notebook, in this kernel, and holds up. It asks more than the student's check cell, which
    also accepts an answer saved in ``work/answers/`` by an earlier session: a grade must come
    from the notebook handed in, never from a file it did not write (a deleted answer cell
    beside a saved answer, say). Raises AssertionError, naming the task and what is missing,
    without the answer."""
    found = recorded(task)
    ids = [record_id(task, part) for part, _ in parts_of(task)]
    ran_here = found is not None and all(ident in _RUN for ident in ids)
    if not ran_here:
        raise AssertionError(
            f"{task}: no answer was run in this notebook (an answer cell is missing or was not run)"
        )
    assert found is not None
    if not check_value(task, found[0]).ok:
        raise AssertionError(f"{task}: the answer does not hold up")
    return True


# --- the cell magic ---------------------------------------------------------------------------


def answer_magic(line: str, cell: str) -> None:
    """``%%answer <task> [part]``: record the cell's text as the answer (see the module
    docstring). Prints one line; never raises."""
    words = line.split()
    if not words:
        _say(_unknown(""))
        return
    task, part = words[0], " ".join(words[1:])
    try:
        _say(record(task, part, cell or ""))
    except Exception as error:  # an answer cell must never stop Run All
        _say(f"Your answer to {task} could not be recorded ({type(error).__name__}: {error}).")


def _say(line: str) -> None:
    """Show one line under the cell, as text (a notebook shows it escaped)."""
    sys.stdout.write(line + "\n")


def register_magic() -> bool:
    """Register ``%%answer`` in the running IPython, if any; True when it is registered."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None:
        return False
    shell.register_magic_function(answer_magic, magic_kind="cell", magic_name="answer")
    cleanup = shell.input_transformers_cleanup
    if not any(getattr(step, "__name__", "") == answer_cell.__name__ for step in cleanup):
        cleanup.insert(0, answer_cell)
    return True


def answer_cell(lines: list[str]) -> list[str]:
    """An ``%%answer`` cell's lines as one call of the magic with the body exactly as typed.

    IPython's own clean-up would otherwise touch the body first (a line starting ``>>> `` or
    ``... `` loses those characters) and refuses an empty body, which would stop "Run All" at an
    answer left empty; so this step goes first and hands every body over, an empty one as a
    blank line."""
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start == len(lines) or not lines[start].startswith("%%answer"):
        return lines
    first = lines[start]
    if first[len("%%answer") :][:1] not in ("", " ", "\t", "\n", "\r"):
        return lines  # another magic whose name begins with "answer"
    argument = first[len("%%answer") :].strip()
    body = "".join(lines[start + 1 :]) or "\n"
    return [f"get_ipython().run_cell_magic('answer', {argument!r}, {body!r})\n"]
