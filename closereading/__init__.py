"""Close Reading Lab: reusable code for a Jupyter course in the close reading of political speech.

The package is laid out in layers, each importing only those below it (``import-linter`` checks
this; ``docs/architecture.md`` draws the map)::

    base -> text -> analysis -> annotation -> views -> widgets -> course

This module is the short public API that notebooks use. It loads nothing heavy: the names below
are imported on first use, so ``import closereading`` stays cheap and matplotlib, NLTK and the
widget libraries load only when a function that needs them runs.

>>> import closereading
>>> interview = closereading.load_interview()
>>> [turn.speaker for turn in interview.turns]
['Saunders', 'Peskov', 'Saunders', 'Peskov', 'Saunders', 'Peskov']
>>> closereading.frequency.term_counts(interview)["we"]
10
"""

# No `from __future__ import annotations` here: it would bind the name `annotations` in this
# module and shadow the lesson module of that short name (see _MODULES).

import importlib
from typing import TYPE_CHECKING, Any

from closereading.base.warnings import CloseReadingWarning
from closereading.text.transcript import (
    Transcript,
    TranscriptError,
    load_interview,
    load_transcript,
    parse_transcript,
)

if TYPE_CHECKING:
    from closereading.annotation.model import AnnotationSet
    from closereading.annotation.taxonomy import load_moves

__version__ = "0.1.0"

#: Modules the lessons use by their short names (``from closereading import frequency``).
_MODULES = {
    "analysis": "closereading.analysis",
    "annotations": "closereading.annotation.model",
    "concordance": "closereading.views.concordance",
    "display": "closereading.views.display",
    "exercises": "closereading.course.exercises",
    "frequency": "closereading.analysis.frequency",
    "lesson_moves": "closereading.course.lesson_moves",
    "moves": "closereading.annotation.taxonomy",
    "notes": "closereading.annotation.notes",
    "paths": "closereading.base.paths",
    "plots": "closereading.views.plots",
    "reading": "closereading.views.reading",
    "structure": "closereading.analysis.structure",
    "style": "closereading.views.style",
    "tables": "closereading.views.tables",
    "widgets": "closereading.widgets",
}

#: Classes and functions the lessons use by their short names.
_NAMES = {
    "AnnotationSet": "closereading.annotation.model",
    "load_moves": "closereading.annotation.taxonomy",
}

__all__ = [
    "AnnotationSet",
    "CloseReadingWarning",
    "Transcript",
    "TranscriptError",
    "load_interview",
    "load_moves",
    "load_transcript",
    "parse_transcript",
]


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        return importlib.import_module(_MODULES[name])
    if name in _NAMES:
        return getattr(importlib.import_module(_NAMES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*__all__, *_MODULES, "__version__"])
