"""Open the course: a Jupyter server whose root is the course folder, at lesson 00.

``jupyter lab notebooks/00-start-here.ipynb`` looks right but is not: Jupyter then serves
``notebooks/`` only, so every link from a lesson to ``course/``, ``exercises/`` or ``data/`` is a
404, and the address it prints opens the Launcher. Here the root is always the course folder, and
the address Jupyter prints (and opens) is lesson 00, in JupyterLab and in Notebook 7 alike. The
same arguments serve Linux, macOS and Windows: nothing here depends on the shell.

>>> command = server_command("lab", Path("/course"), ["--no-browser"])
>>> command[:3], command[-1]
(['-m', 'jupyter', 'lab'], '--no-browser')
>>> [a for a in command if "default_url" in a]
['--LabApp.default_url=/lab/tree/notebooks/00-start-here.ipynb']
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

#: Lesson 00, relative to the course folder, with ``/`` whatever the platform.
START = "notebooks/00-start-here.ipynb"

#: For each interface: the Jupyter subcommand, the application class whose ``default_url`` the
#: server prints and opens, and that URL's prefix for a notebook.
INTERFACES: dict[str, tuple[str, str, str]] = {
    "lab": ("lab", "LabApp", "/lab/tree/"),
    "notebook": ("notebook", "JupyterNotebookApp", "/notebooks/"),
}


def server_command(interface: str, root: Path, extra: Sequence[str] = ()) -> list[str]:
    """The arguments after ``python`` that start ``interface`` ("lab" or "notebook") on the
    course folder ``root`` at lesson 00; ``extra`` (``--no-browser``, ``--port=...``) goes last,
    so what the person typed wins."""
    if interface not in INTERFACES:
        raise ValueError(f"unknown interface {interface!r}: choose one of {sorted(INTERFACES)}")
    subcommand, app, prefix = INTERFACES[interface]
    return [
        "-m",
        "jupyter",
        subcommand,
        f"--ServerApp.root_dir={root}",
        f"--{app}.default_url={prefix}{START}",
        *extra,
    ]


def open_course(interface: str, root: Path, extra: Sequence[str] = ()) -> int:
    """Run the server in the foreground until it stops; return its exit status.

    On Linux and macOS this process becomes the server (``exec``), so Ctrl + C, a closed
    terminal or a ``kill`` reach Jupyter itself, which asks before it shuts down and then stops
    its kernels. Windows has no ``exec``: there the server is a child, Ctrl + C is left to it,
    and it is waited for."""
    (root / "work").mkdir(exist_ok=True)
    command = [sys.executable, *server_command(interface, root, extra)]
    if os.name == "posix":
        os.chdir(root)
        os.execv(sys.executable, command)
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        return subprocess.Popen(command, cwd=root).wait()
    finally:
        signal.signal(signal.SIGINT, previous)


def course_root() -> Path:
    """The course folder this package belongs to (the folder holding ``notebooks/``)."""
    from closereading.base.paths import ROOT

    if not (ROOT / START).is_file():
        raise FileNotFoundError(
            f"no {START} under {ROOT}: the closereading package is not inside the course folder. "
            "Run the command from a copy of the whole course (git clone, or the download unpacked)."
        )
    return ROOT


__all__ = ["INTERFACES", "START", "course_root", "open_course", "server_command"]
