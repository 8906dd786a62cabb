"""A "window" for the tests of two windows on one student file: a separate Python process (as two
notebooks, two kernels, or one notebook opened twice are) running ``script``, driven through
stdin with one JSON command per line and answering one JSON line each."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any


class Window:
    def __init__(self, script: str, *args: str, env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", script, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env={**os.environ, **(env or {})},
        )
        #: What the window said once it had opened the file.
        self.opened = self._answer()

    def send(self, **command: Any) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()

    def do(self, **command: Any) -> dict:
        self.send(**command)
        return self._answer()

    def _answer(self) -> dict:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line, f"the window stopped (exit status {self.process.wait()})"
        return json.loads(line)

    def close(self) -> None:
        if self.process.poll() is None:
            self.send(do="quit")
            assert self.process.stdin is not None
            self.process.stdin.close()
        self.process.wait(timeout=30)
