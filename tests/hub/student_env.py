"""The environment the hub test's student servers run in, installed as ``course/deploying.md``'s
image recipe says: a fresh virtual environment, then the recipe's own ``pip install`` line (read
from the page's Dockerfile, with the course folder ``/srv/closereading-lab`` standing for this
repository). Not the development environment: a package the recipe forgets is missing here too,
and the hub test fails.

Making it takes about a minute and a quarter (pip takes the packages from its cache or the package
index, as an image build would), so it is made once and kept in ``tests/hub/.student-env/``
(git-ignored), under a name made from what it was installed from: the lock, the package's
dependency lists, the recipe's line and the Python version. A change to any of them makes a new
one; the old one is removed.

    .venv/bin/python -m tests.hub.student_env     # make it ahead of the test, print its path
"""

from __future__ import annotations

import hashlib
import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RECIPE = ROOT / "course" / "deploying.md"
KEEP = Path(__file__).resolve().parent / ".student-env"
#: Where the recipe's image keeps the course; here, this repository.
IMAGE_COURSE = "/srv/closereading-lab"
#: Keeps the image small; for a test environment kept between runs, pip's cache is welcome.
LEFT_OUT = ("--no-cache-dir",)


def recipe_pip_arguments(page: str = "") -> list[str]:
    """The arguments after ``pip`` in the ``RUN pip install`` line of the Dockerfile in
    ``course/deploying.md``, with the course folder made this repository's."""
    page = page or RECIPE.read_text(encoding="utf-8")
    blocks = re.findall(r"```dockerfile\n(.*?)```", page, re.DOTALL)
    lines = [
        line
        for block in blocks
        for line in re.sub(r"\\\n\s*", " ", block).splitlines()
        if re.match(r"RUN\s+(python3? -m )?pip install\b", line.strip())
    ]
    if len(lines) != 1:
        raise ValueError(
            f"{RECIPE}: expected one 'RUN pip install' line in the Dockerfile, found {len(lines)}"
        )
    words = shlex.split(lines[0])
    arguments = words[words.index("pip") + 1 :]
    return [word.replace(IMAGE_COURSE, str(ROOT)) for word in arguments if word not in LEFT_OUT]


def _project() -> bytes:
    """The package's dependency lists (the whole pyproject.toml before Python 3.11)."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    try:
        import tomllib
    except ModuleNotFoundError:
        return text.encode()
    project = tomllib.loads(text)["project"]
    lists = [project.get("dependencies"), project.get("optional-dependencies")]
    return json.dumps(lists, sort_keys=True).encode()


def _key(arguments: list[str]) -> str:
    parts = [
        (ROOT / "requirements" / "lock.txt").read_bytes(),
        _project(),
        json.dumps(arguments).encode(),
        sys.version.encode(),
    ]
    return hashlib.sha256(b"\0".join(parts)).hexdigest()[:16]


def student_environment() -> Path:
    """The folder of the recipe's environment, made if it is not there yet."""
    from filelock import FileLock

    arguments = recipe_pip_arguments()
    folder = KEEP / _key(arguments)
    KEEP.mkdir(exist_ok=True)
    (KEEP / ".gitignore").write_text("*\n")
    with FileLock(str(KEEP / ".lock")):
        if (folder / "installed").is_file():
            return folder
        for old in KEEP.iterdir():
            if old.is_dir():
                shutil.rmtree(old)
        subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
        python = folder / "bin" / "python"
        done = subprocess.run(
            [str(python), "-m", "pip", "--quiet", *arguments], capture_output=True, text=True
        )
        if done.returncode != 0:
            raise RuntimeError(
                f"the recipe's install failed: pip {shlex.join(arguments)}\n{done.stderr[-3000:]}"
            )
        (folder / "installed").write_text(shlex.join(arguments) + "\n")
    return folder


if __name__ == "__main__":
    print(student_environment())
