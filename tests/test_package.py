"""The package as a whole: a light import, and docstring examples that still run."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import subprocess
import sys

import pytest

import closereading

HEAVY = ("matplotlib", "nltk", "wordfreq", "ipywidgets", "anywidget", "nbformat")


def test_import_is_light():
    """`import closereading` must not pull in plotting, NLTK or widgets; they load when used."""
    code = f"import sys, closereading; print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert loaded.stdout.strip() == ""


MODULES = sorted(
    name
    for _, name, _ in pkgutil.walk_packages(closereading.__path__, "closereading.")
    if not name.endswith("__main__")
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
