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


@pytest.mark.parametrize("name", [n for n in closereading.__dir__() if not n.startswith("__")])
def test_every_short_name_is_what_the_package_says(name):
    """Each name `dir(closereading)` offers is the lesson module `_MODULES` names for it, or the
    class or function of that name in the module that defines it. A name imported into
    `closereading/__init__.py` for its own use (`from __future__ import annotations` once was)
    would shadow a lesson module of the same short name."""
    found = getattr(closereading, name)
    if name in closereading._MODULES:
        assert found is importlib.import_module(closereading._MODULES[name])
        return
    if name in closereading._NAMES:
        assert found is getattr(importlib.import_module(closereading._NAMES[name]), name)
    assert found.__module__.startswith("closereading."), f"{name} comes from {found.__module__}"
    assert found.__name__ == name
    assert getattr(importlib.import_module(found.__module__), name) is found
