"""The cells nbgrader grades in an exercise notebook, and what a cell showed, for the tests that
run the exercises (answers, release, nbgrader)."""

from __future__ import annotations

from typing import Any


def graded_cells(notebook: Any) -> list[Any]:
    """The code cells nbgrader marks as graded (the check cells with their hidden tests)."""
    return [
        cell
        for cell in notebook.cells
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade")
    ]


def shown_text(cell: Any) -> str:
    """The plain text a code cell's outputs showed."""
    return "".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs)
