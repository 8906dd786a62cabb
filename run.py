#!/usr/bin/env python3
"""Set up and run Close Reading Lab with nothing but Python 3.10+.

    python run.py lab          open the course in JupyterLab, at lesson 00 (creates .venv on
                               first use; Jupyter's own options may follow, e.g. --no-browser)
    python run.py notebook     the same in Notebook 7's simpler interface
    python run.py test         run every test on every core: unit tests, notebooks (nbval),
                               browser and hub tests (--wheelhouse adds the offline-install test)
    python run.py picture      refresh the README's picture of the highlighter (a browser test)
    python run.py lock         refresh requirements/lock.txt from pyproject.toml, keeping the
                               versions it pins (--upgrade moves every package to its newest)
    python run.py bench        run the speed benchmarks
    python run.py site         build the self-study website in _site/ (see site/README.md)
    python run.py wheelhouse   download the wheels `lab` installs, for Windows, macOS and Linux
                               and Python 3.10-3.14, into wheelhouse/ (for labs without
                               internet); --target and --python choose fewer, --extra test adds
                               the tests' packages (python run.py wheelhouse --help)

On Windows, type ``py run.py lab`` instead. When a ``wheelhouse/`` folder sits beside this script,
the environment is installed from it with no network at all. As root (in a container, say),
``lab`` stops with a message; ``python run.py lab --allow-root`` or ``CLOSEREADING_ALLOW_ROOT=1``
runs it anyway. This script uses only the standard library so that it runs before anything is
installed; everything else lives in ``.venv``.

A new command is a function ``name(python, extra) -> int`` added to ``COMMANDS``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements" / "lock.txt"
STAMP = VENV / "closereading-installed.txt"
WHEELHOUSE = ROOT / "wheelhouse"
MIN_PYTHON = (3, 10)
ALLOW_ROOT_ENV = "CLOSEREADING_ALLOW_ROOT"


def venv_python(folder: Path = VENV) -> Path:
    if os.name == "nt":
        return folder / "Scripts" / "python.exe"
    return folder / "bin" / "python"


def install_fingerprint() -> str:
    """What the environment was built from; a change means reinstall."""
    digest = hashlib.sha256()
    for path in (ROOT / "pyproject.toml", LOCK):
        digest.update(path.read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def say(message: str) -> None:
    print(f"[closereading] {message}", flush=True)


def run(*args: object, **kwargs) -> None:
    subprocess.run([str(a) for a in args], check=True, **kwargs)


def has_wheelhouse(folder: Path = WHEELHOUSE) -> bool:
    return folder.is_dir() and any(folder.glob("*.whl"))


#: The optional sets (pyproject.toml's extras) each command needs beyond the course's runtime.
#: Opening the course needs only the runtime; the tests, the picture, the benchmarks (one drives
#: a browser) and the website (Sphinx) need the development set, ``test``.
EXTRAS_FOR = {"test": ("test",), "picture": ("test",), "bench": ("test",), "site": ("test",)}


def extras_for(command: str) -> tuple[str, ...]:
    """The extras ``command`` installs; none (the runtime set only) for ``lab`` and ``notebook``."""
    return EXTRAS_FOR.get(command, ())


def install_args(wheelhouse: Path | None = None, extras: tuple[str, ...] = ()) -> list[object]:
    """pip's arguments for installing the course with ``extras``, every version held to the
    lock (``-c``: a constraint installs nothing by itself, so only what the set needs comes in)."""
    source: list[object] = [] if wheelhouse is None else ["--no-index", "--find-links", wheelhouse]
    target = f"{ROOT}[{','.join(sorted(extras))}]" if extras else str(ROOT)
    return ["install", "--quiet", *source, "-c", LOCK, "-e", target]


def install_packages(
    python: Path, wheelhouse: Path | None = None, extras: tuple[str, ...] = ()
) -> None:
    """Install the pinned packages and the course into the environment of ``python``: from the
    index, or from ``wheelhouse`` alone (``--no-index``: no network is touched)."""
    if wheelhouse is None:
        run(python, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(python, "-m", "pip", *install_args(wheelhouse, extras))


def read_stamp(stamp: Path | None = None) -> tuple[str, frozenset[str]]:
    """What the environment was installed from, and with which extras (none if not known)."""
    try:
        lines = (STAMP if stamp is None else stamp).read_text(encoding="utf-8").splitlines()
    except OSError:
        return "", frozenset()
    extras = next((line.partition(":")[2] for line in lines if line.startswith("extras:")), "")
    return (lines[0].strip() if lines else ""), frozenset(filter(None, extras.split(",")))


def ensure_environment(extras: tuple[str, ...] = ()) -> Path:
    """Create .venv and install the pinned dependencies with ``extras``, once (again when the lock
    changes, or when a command needs an extra that is not there yet: after ``lab``, the first
    ``test`` adds the development packages; nothing is ever taken away)."""
    if sys.version_info < MIN_PYTHON:
        sys.exit(
            f"Close Reading Lab needs Python {'.'.join(map(str, MIN_PYTHON))} or newer; "
            f"this is {sys.version.split()[0]}. Install a newer Python from python.org."
        )
    python = venv_python()
    fingerprint = install_fingerprint()
    stamped, installed = read_stamp()
    if python.exists() and stamped == fingerprint and installed >= set(extras):
        return python
    wanted = tuple(sorted(set(extras) | installed))  # what is there is brought up to the lock too
    if not python.exists():
        say(f"creating the environment in {VENV.name}/ (first run only; a few minutes)")
        venv.EnvBuilder(with_pip=True, clear=VENV.exists()).create(VENV)
    what = "the pinned packages" + (f" with [{','.join(wanted)}]" if wanted else "")
    if has_wheelhouse():
        say(f"installing {what} from {WHEELHOUSE.name}/ (no network needed)")
        try:
            install_packages(python, WHEELHOUSE, wanted)
        except subprocess.CalledProcessError:
            sys.exit(
                f"Installing from {WHEELHOUSE} failed (pip's message is above). A wheel for this "
                f"computer (Python {sys.version_info[0]}.{sys.version_info[1]}, {sys.platform}) is "
                "probably missing: on a machine with internet, run `python run.py wheelhouse` "
                "again (with --extra test for the tests) and copy the whole wheelhouse folder "
                "here; or delete the folder to install from the internet."
            )
    else:
        say(f"installing {what} from requirements/lock.txt")
        install_packages(python, extras=wanted)
    STAMP.write_text(f"{fingerprint}\nextras:{','.join(wanted)}\n", encoding="utf-8")
    return python


# --- lab: as root ------------------------------------------------------------------------------


def running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def in_container() -> bool:
    return Path("/.dockerenv").exists() or Path("/run/.containerenv").exists()


def root_advice(extra: list[str], environ: dict[str, str], container: bool) -> str | None:
    """Why ``lab`` will not start as root, and what to do; None when root was allowed."""
    if "--allow-root" in extra or environ.get(ALLOW_ROOT_ENV) == "1":
        return None
    where = (
        "This looks like a container, where root is normal: run\n\n"
        "    python3 run.py lab --allow-root --ip=0.0.0.0 --no-browser\n\n"
        "(--ip=0.0.0.0 lets the browser on your own computer reach it; publish the port, e.g.\n"
        "docker run -p 8888:8888, and open the http://127.0.0.1:8888/... address that Jupyter prints)."
        if container
        else "On your own computer, run the command again as your normal user, without sudo.\n"
        "In a container or a throwaway machine where root is normal, run\n\n"
        "    python3 run.py lab --allow-root"
    )
    return (
        "You are running as root, the administrator account. Jupyter does not start as root\n"
        "unless told to, because every notebook would then be able to change anything on this\n"
        f"computer.\n\n{where}\n\nor set the environment variable {ALLOW_ROOT_ENV}=1."
    )


def open_course(interface: str, python: Path, extra: list[str]) -> int:
    """Start the course's Jupyter server through the package (``closereading lab``), which makes
    the course folder the server's root and lesson 00 the address it prints and opens."""
    if running_as_root():
        advice = root_advice(extra, dict(os.environ), in_container())
        if advice is not None:
            print(advice, file=sys.stderr)
            return 2
        say("running as root, as asked (--allow-root or CLOSEREADING_ALLOW_ROOT=1)")
        if "--allow-root" not in extra:
            extra = [*extra, "--allow-root"]
    cmd = [str(python), "-m", "closereading.course.cli", interface, *extra]
    # Ctrl + C and other signals are Jupyter's to answer (it asks, then stops its kernels). On
    # Linux and macOS this script becomes the command (and that, in turn, Jupyter); Windows has
    # no exec, so there Jupyter runs as a child while this script leaves Ctrl + C to it.
    if os.name == "posix":
        os.chdir(ROOT)
        os.execv(cmd[0], cmd)
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        return subprocess.Popen(cmd, cwd=ROOT).wait()
    finally:
        signal.signal(signal.SIGINT, previous)


def lab(python: Path, extra: list[str]) -> int:
    return open_course("lab", python, extra)


def notebook(python: Path, extra: list[str]) -> int:
    return open_course("notebook", python, extra)


def parallel_options(extra: list[str], cpus: int | None = None) -> list[str]:
    """Run the tests on every core, plus one worker: pytest-xdist with ``--dist loadfile`` (set
    in pyproject.toml), so each notebook and each browser module stays whole on one worker,
    which starts its own JupyterLab and Chromium. One worker more than cores, because a browser
    or hub test spends about a quarter of its time waiting for a page, a kernel or a server
    (measured on two cores: the processor is idle 20 % of a run with two workers, 8 % with
    three). Nothing is added when the command line already chooses (``-n 0`` runs in one
    process) or asks for a debugger."""
    chosen = any(arg in ("--pdb", "--trace", "no:xdist") for arg in extra) or any(
        arg.startswith(("-n", "--numprocesses")) for arg in extra
    )
    return [] if chosen else ["-n", str((cpus or os.cpu_count() or 1) + 1)]


def environment_for_tests() -> dict[str, str]:
    """The environment of a test run: Python's bytecode caches are written (into the
    git-ignored ``__pycache__`` folders) even where PYTHONDONTWRITEBYTECODE is set, as in many
    containers; without them every worker rewrites and compiles the test modules again, and
    every notebook's kernel compiles the course's package, at every run."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def test(python: Path, extra: list[str]) -> int:
    cmd = [python, "-m", "pytest", *parallel_options(extra), *extra]
    return subprocess.call([str(c) for c in cmd], cwd=ROOT, env=environment_for_tests())


#: The README's picture of the highlighter, taken by this browser test on every run.
PICTURE_TEST = (
    "tests/browser/test_highlighter_browser.py::"
    "test_highlight_with_mouse_and_keyboard_saves_restores_and_deletes"
)


def picture(python: Path, extra: list[str]) -> int:
    """Run the browser test that photographs the highlighter, then copy its picture into
    ``docs/`` for the README. Tests never write a tracked file; this command does, on request."""
    shot = ROOT / "tests" / "browser" / "artifacts" / "highlighter.png"
    shot.unlink(missing_ok=True)  # a picture left by an earlier run must not pass for this one's
    status = subprocess.call(
        [str(python), "-m", "pytest", "-n", "0", PICTURE_TEST, *extra], cwd=ROOT
    )
    if status != 0 or not shot.exists():
        say("the browser test did not pass, so docs/highlighter.png is unchanged")
        return status or 1
    (ROOT / "docs" / "highlighter.png").write_bytes(shot.read_bytes())
    say("docs/highlighter.png updated from the browser test's screenshot")
    return 0


def bench(python: Path, extra: list[str]) -> int:
    status = 0
    for script in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        say(f"running {script.relative_to(ROOT)}")
        status |= subprocess.call([str(python), str(script), *extra], cwd=ROOT)
    return status


def site(python: Path, extra: list[str]) -> int:
    """Build the self-study website in _site/ from the committed notebooks (site/build.py)."""
    return subprocess.call([str(python), str(ROOT / "site" / "build.py"), *extra], cwd=ROOT)


#: The optional sets the lock covers: the tests' tools and a hub student's server. The lock is one
#: universal file; an install takes from it only what the set it asks for needs.
LOCKED_EXTRAS = ("test", "hub")


def lock_command(python: Path, extra: list[str]) -> list[object]:
    """uv's resolution for the lock. The versions already in the lock are kept (a new package is
    added at its newest version) unless ``--upgrade`` is given, which moves every package on."""
    return [
        python,
        "-m",
        "uv",
        "pip",
        "compile",
        "pyproject.toml",
        *(arg for name in LOCKED_EXTRAS for arg in ("--extra", name)),
        "--universal",
        "--python-version",
        "3.10",
        "--no-header",
        "-o",
        str(LOCK.relative_to(ROOT)),
        *extra,
    ]


def lock(python: Path, extra: list[str]) -> int:
    """Resolve once for every Python from 3.10 up and every platform, so Windows and Mac students
    get the same versions as the machine that wrote the lock."""
    run(python, "-m", "pip", "install", "--quiet", "uv")
    return subprocess.call([str(c) for c in lock_command(python, extra)], cwd=ROOT)


# --- wheelhouse: the offline install for a computer lab ------------------------------------------

PYTHONS = ("3.10", "3.11", "3.12", "3.13", "3.14")
_POSIX = {"os_name": "posix"}
#: Each target: the wheel platform tags pip may take, and the values of the lock's markers there.
TARGETS: dict[str, tuple[list[str], dict[str, str]]] = {
    "windows-x86_64": (
        ["win_amd64"],
        {
            "sys_platform": "win32",
            "os_name": "nt",
            "platform_system": "Windows",
            "platform_machine": "AMD64",
        },
    ),
    # pip widens a macOS tag to every older macOS version and to universal2 wheels.
    "macos-arm64": (
        ["macosx_12_0_arm64"],
        {
            **_POSIX,
            "sys_platform": "darwin",
            "platform_system": "Darwin",
            "platform_machine": "arm64",
        },
    ),
    "macos-x86_64": (
        ["macosx_12_0_x86_64"],
        {
            **_POSIX,
            "sys_platform": "darwin",
            "platform_system": "Darwin",
            "platform_machine": "x86_64",
        },
    ),
    # pip does not widen manylinux_2_N tags, so every glibc from 2.17 (2014) to 2.28 is listed.
    "linux-x86_64": (
        ["manylinux2014_x86_64"] + [f"manylinux_2_{n}_x86_64" for n in range(17, 29)],
        {
            **_POSIX,
            "sys_platform": "linux",
            "platform_system": "Linux",
            "platform_machine": "x86_64",
        },
    ),
    # Linux on ARM: Raspberry Pi 4 and 5 with a 64-bit system, ARM servers and cloud machines.
    "linux-aarch64": (
        ["manylinux2014_aarch64"] + [f"manylinux_2_{n}_aarch64" for n in range(17, 29)],
        {
            **_POSIX,
            "sys_platform": "linux",
            "platform_system": "Linux",
            "platform_machine": "aarch64",
        },
    ),
}

# Run in the environment's Python, which has `packaging`: pip evaluates a requirement file's
# markers for the machine it runs on, not for --platform, so each target gets its own list.
_SELECT_PINS = r"""
import json, sys
try:
    from packaging.markers import Marker
except ImportError:
    from pip._vendor.packaging.markers import Marker
lock_path, environments = json.load(sys.stdin)
pins = []
for line in open(lock_path, encoding="utf-8"):
    line = line.split("#", 1)[0].strip()
    if "==" in line:
        requirement, _, marker = line.partition(";")
        pins.append((requirement.strip(), marker.strip()))
json.dump([[r for r, m in pins if not m or Marker(m).evaluate(e)] for e in environments], sys.stdout)
"""


def _requirement_names(block: str) -> set[str]:
    return {_pin_name(r) for r in re.findall(r'"([^"]+)"', block)}


def direct_requirements(extras: tuple[str, ...] = ()) -> set[str]:
    """The names pyproject.toml lists for the runtime and for each of ``extras``."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    names = set()
    for key in ("dependencies", *extras):
        block = re.search(rf"^{re.escape(key)} = \[(.*?)^\]", text, re.S | re.M)
        if block is None:
            sys.exit(f"pyproject.toml lists no {key!r}; the sets are: dependencies, test, hub")
        names |= _requirement_names(block.group(1))
    return names


def lock_graph(lock_text: str) -> dict[str, set[str]]:
    """Which locked package needs which, from the lock's ``# via`` lines (a package's parents);
    the course itself is ``closereading``."""
    children: dict[str, set[str]] = {}
    current = None
    for line in lock_text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            current = _pin_name(stripped)
            continue
        parent = re.sub(r"^#\s*(via\b)?\s*", "", stripped).strip()
        if current and parent:
            children.setdefault(_pin_name(parent), set()).add(current)
    return children


def locked_names(extras: tuple[str, ...] = (), lock_text: str | None = None) -> set[str]:
    """The lock's packages that the runtime and ``extras`` need: the direct requirements and
    everything the lock says they pull in. (A package some other set needs through it too is
    included: the set is never short of what pip will ask for.)"""
    children = lock_graph(LOCK.read_text(encoding="utf-8") if lock_text is None else lock_text)
    todo, found = list(direct_requirements(extras)), set()
    while todo:
        name = todo.pop()
        if name not in found:
            found.add(name)
            todo.extend(children.get(name, ()))
    return found


def select_pins(python: Path, environments: list[dict[str, str]]) -> list[list[str]]:
    """The lock's ``name==version`` pins whose markers hold in each environment."""
    for environment in environments:
        environment.setdefault("implementation_name", "cpython")
        environment.setdefault("platform_python_implementation", "CPython")
    result = subprocess.run(
        [str(python), "-c", _SELECT_PINS],
        input=json.dumps([str(LOCK), environments]),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def _pin_name(pin: str) -> str:
    return re.split(r"[=<>!~\[ ]", pin, maxsplit=1)[0].casefold().replace("_", "-")


def download_target(
    python: Path, pins: list[str], tags: list[str], version: str, dest: Path
) -> list[str]:
    """Download wheels only (``--only-binary=:all:``) for one platform and Python; return the
    pins that have no wheel there. pip stops at the first such pin, so it is set aside and pip
    runs again on the rest."""
    remaining, missing = list(pins), []
    platform_args = [arg for tag in tags for arg in ("--platform", tag)]
    while remaining:
        with tempfile.TemporaryDirectory() as scratch:
            requirements = Path(scratch) / "requirements.txt"
            requirements.write_text("\n".join(remaining) + "\n", encoding="utf-8")
            cmd = [
                python,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--only-binary=:all:",
                "--dest",
                dest,
                "--python-version",
                version,
                "--implementation",
                "cp",
                *platform_args,
                "-r",
                requirements,
            ]
            result = subprocess.run([str(c) for c in cmd], capture_output=True, text=True)
        if result.returncode == 0:
            break
        found = re.search(r"No matching distribution found for (\S+)", result.stderr)
        names = {_pin_name(pin): pin for pin in remaining}
        if not found or _pin_name(found.group(1)) not in names:
            sys.exit(f"pip download failed for Python {version}, {tags[0]}:\n{result.stderr}")
        pin = names[_pin_name(found.group(1))]
        missing.append(pin)
        remaining.remove(pin)
    return missing


def build_pure_wheels(python: Path, pins: set[str], dest: Path) -> set[str]:
    """Build a wheel here for each pin that has only a source release; a pure-Python wheel
    (``-none-any``) serves every target. Return the pins it built."""
    built = set()
    for pin in sorted(pins):
        with tempfile.TemporaryDirectory() as scratch:
            result = subprocess.run(
                [
                    str(python),
                    "-m",
                    "pip",
                    "wheel",
                    "--quiet",
                    "--no-deps",
                    "--wheel-dir",
                    scratch,
                    pin,
                ],
                capture_output=True,
                text=True,
            )
            wheels = [w for w in Path(scratch).glob("*.whl") if w.name.endswith("-none-any.whl")]
            if result.returncode == 0 and wheels:
                for wheel in wheels:
                    os.replace(wheel, dest / wheel.name)
                built.add(pin)
    return built


def _build_requirements() -> list[str]:
    """pyproject.toml's [build-system] requires: needed to install the course itself offline."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    block = re.search(r"\[build-system\][^\[]*?requires\s*=\s*\[(.*?)\]", text, re.S)
    return re.findall(r'"([^"]+)"', block.group(1)) if block else []


def folder_size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.iterdir() if f.is_file())


def download_all(
    python: Path,
    targets: list[str],
    versions: list[str],
    dest: Path,
    names: set[str] | None = None,
) -> dict:
    """Download every target's wheels; return the pins without a wheel, per target and Python.

    A marker such as ``python_full_version < '3.11.5'`` splits one Python's pins by patch
    release, so each is chosen for the first patch release and a late one, and a second
    download runs when the two differ."""
    jobs = [
        (target, version, full)
        for target in targets
        for version in versions
        for full in (f"{version}.0", f"{version}.99")
    ]
    environments = [
        dict(TARGETS[t][1], python_version=v, python_full_version=f) for t, v, f in jobs
    ]
    missing: dict[tuple[str, str], list[str]] = {}
    done: dict[tuple[str, str], list[str]] = {}
    for (target, version, full), pins in zip(jobs, select_pins(python, environments)):
        if names is not None:
            pins = [pin for pin in pins if _pin_name(pin) in names]
        if done.get((target, version)) == pins:
            continue
        done[target, version] = pins
        say(f"{target}, Python {full.removesuffix('.0')}: {len(pins)} packages")
        found = download_target(python, pins, TARGETS[target][0], full, dest)
        known = missing.setdefault((target, version), [])
        known.extend(pin for pin in found if pin not in known)
    return missing


def wheelhouse(python: Path, extra: list[str]) -> int:
    """``python run.py wheelhouse [--target NAME]... [--python X.Y]... [--extra test|hub]...
    [--dest DIR]``

    Downloads the wheels a computer lab needs to install the course with no network: by default
    what ``python run.py lab`` installs (the runtime set), for every platform and Python below.
    Name only the computers you have, to download much less: ``--target linux-x86_64 --python
    3.12`` for a room of Linux PCs with Python 3.12. ``--extra test`` adds the development set
    (``python run.py test`` on the lab machines), ``--extra hub`` what a student's server on a
    JupyterHub needs."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="run.py wheelhouse",
        description=wheelhouse.__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--dest", type=Path, default=WHEELHOUSE, help="where (default: wheelhouse/)"
    )
    parser.add_argument(
        "--target",
        action="append",
        choices=sorted(TARGETS),
        help="a platform (repeat for more; default: all of them)",
    )
    parser.add_argument(
        "--python",
        action="append",
        choices=PYTHONS,
        help="a Python version (repeat for more; default: all of them)",
    )
    parser.add_argument(
        "--extra",
        action="append",
        choices=("test", "hub"),
        default=[],
        help="a set beyond the runtime: test (the course's tests) or hub (a hub's student server)",
    )
    args = parser.parse_args(extra)
    names = locked_names(tuple(args.extra))
    dest = args.dest.resolve()
    dest.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    build = _build_requirements()
    run(
        python,
        "-m",
        "pip",
        "download",
        "-q",
        "--no-deps",
        "--only-binary=:all:",
        "-d",
        dest,
        *build,
    )
    missing = download_all(
        python, args.target or list(TARGETS), args.python or list(PYTHONS), dest, names
    )
    built = build_pure_wheels(python, {p for pins in missing.values() for p in pins}, dest)
    lines = [
        f"{target}, Python {version}: no wheel for {', '.join(still)}"
        for (target, version), pins in missing.items()
        if (still := [p for p in pins if p not in built])
    ]
    complete = not lines
    if built:
        lines.append("built here as pure-Python wheels (none on PyPI): " + ", ".join(sorted(built)))
    size = folder_size(dest) / 1e6
    lines.append(
        f"{len(list(dest.glob('*.whl')))} wheels ({'runtime' + ''.join('+' + e for e in args.extra)}"
        f" set), {size:.0f} MB in {dest}, "
        f"made in {time.monotonic() - started:.0f} s"
    )
    report = "\n".join(lines) + "\n"
    (dest / "REPORT.txt").write_text(report, encoding="utf-8")
    print(report, end="")
    say(
        "copy this folder into the course folder on each lab machine, as wheelhouse/, then run "
        "`python run.py lab` there: it installs from the folder with no network"
    )
    return 0 if complete else 1


COMMANDS = {
    "lab": lab,
    "notebook": notebook,
    "test": test,
    "picture": picture,
    "bench": bench,
    "lock": lock,
    "site": site,
    "wheelhouse": wheelhouse,
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__.strip())
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    command, extra = argv[0], argv[1:]
    python = ensure_environment(extras_for(command))
    return COMMANDS[command](python, extra)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
