"""The widgets' front ends type-check with TypeScript's ``tsc --noEmit`` (JSDoc types, strict).

Each widget's module is checked as the browser gets it: ``static/prelude.js`` in front of the
widget's own file (``closereading/widgets/_frontend.py``), with the types in ``static/*.d.ts``, so
that a name the prelude and a widget both declare, or a widget using the prelude wrongly, is
found. Each error names the file in ``static/`` and its line. ``tsc -p closereading/widgets/static``
(what an editor sees: the prelude's names as globals) must pass too.

Without ``tsc`` the tests are skipped with how to install it (``npm install -g typescript``);
in CI (``CI=true``) a missing ``tsc`` fails them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from closereading.widgets._frontend import PRELUDE, STATIC, module

ERROR = re.compile(r"^(?P<file>.+?)\((?P<line>\d+),(?P<column>\d+)\): (?P<message>.*)$")


def tsc() -> str:
    found = shutil.which("tsc")
    if found:
        return found
    reason = "tsc (TypeScript) is not installed: npm install -g typescript"
    if os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail(f"{reason} (CI is set, so the type check must run)")
    pytest.skip(reason)


def run_tsc(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [tsc(), "-p", str(project), "--pretty", "false"],
        capture_output=True,
        text=True,
        timeout=300,
    )


def widget_names(static: Path) -> list[str]:
    return sorted(p.stem for p in static.glob("*.js") if p.name != PRELUDE)


def check_modules(static: Path, out: Path) -> list[str]:
    """Type-check every widget module of ``static`` as the browser gets it (written to ``out``);
    the errors, each as ``<file in static>:<line>:<column>: <message>``, the prelude's once."""
    for name in widget_names(static):
        (out / f"{name}.js").write_text(module(name, static), encoding="utf-8")
    for types in static.glob("*.d.ts"):
        shutil.copy(types, out / types.name)
    config = {"extends": str(static / "tsconfig.json"), "include": ["*.js", "*.d.ts"]}
    (out / "tsconfig.json").write_text(json.dumps(config), encoding="utf-8")
    result = run_tsc(out)
    # The module is the prelude, a newline, then the widget's own file.
    shift = (static / PRELUDE).read_text(encoding="utf-8").count("\n") + 1
    errors: list[str] = []
    for line in result.stdout.splitlines():
        found = ERROR.match(line)
        if not found:
            if line.strip():
                errors.append(line)
            continue
        number, path = int(found["line"]), Path(found["file"])
        if path.suffix == ".js" and number <= shift:
            where = static / PRELUDE
        elif path.suffix == ".js":
            where, number = static / path.name, number - shift
        else:
            where = static / path.name
        error = f"{where}:{number}:{found['column']}: {found['message']}"
        if error not in errors:
            errors.append(error)
    if result.returncode != 0 and not errors:
        errors.append(f"tsc failed without naming a file:\n{result.stdout}{result.stderr}")
    return errors


def test_each_widget_module_type_checks_as_the_browser_gets_it(tmp_path):
    errors = check_modules(STATIC, tmp_path)
    assert not errors, "tsc --noEmit found:\n" + "\n".join(errors)


def test_the_static_folder_type_checks_as_an_editor_sees_it():
    result = run_tsc(STATIC)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_type_error_is_found_and_named_by_file_and_line(tmp_path):
    """The check can fail: a copy of the front ends with one wrong type in the prelude and one
    in a widget's own file gets one error for each, at the right file and line."""
    static = tmp_path / "static"
    shutil.copytree(STATIC, static)
    wrong = 'const {} = /** @type {{number}} */ ("text");'
    for name in (PRELUDE, "answer_coder.js"):
        path = static / name
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("\n\n", f"\n\n{wrong.format(path.stem)}\n", 1), "utf-8")
    out = tmp_path / "modules"
    out.mkdir()
    errors = check_modules(static, out)
    assert len(errors) == 2, errors
    for name in (PRELUDE, "answer_coder.js"):
        lines = (static / name).read_text(encoding="utf-8").splitlines()
        line = lines.index(wrong.format(Path(name).stem)) + 1
        [error] = [e for e in errors if e.startswith(f"{static / name}:{line}:")] or [errors]
        assert "TS2352" in error, error
