"""run.py: the offline install from ``wheelhouse/``, the per-platform choice of pins, and the
way forward it gives someone who starts the lab as root.

The install test makes a temporary environment and installs the course into it, as ``python
run.py lab`` does (the runtime set), from a wheelhouse with pip's index pointed at a closed port,
``--no-index`` and no pip configuration, so only the wheelhouse can supply a package. It uses
``wheelhouse/`` when ``python run.py wheelhouse`` has made one, else it makes one, of the runtime
set, for this machine alone (that step needs PyPI; without it the test is skipped, except in CI).
About two minutes on 2 cores.
"""

from __future__ import annotations

import os
import platform
import socket
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.run_script import run

ROOT = Path(__file__).resolve().parent.parent


PYTHON = Path(sys.executable)


def test_wheelhouse_is_a_command_and_documented():
    assert run.COMMANDS["wheelhouse"] is run.wheelhouse
    assert "python run.py wheelhouse" in run.__doc__


def test_each_target_gets_the_pins_its_markers_select():
    windows, mac, linux_early, linux_late = run.select_pins(
        PYTHON,
        [
            dict(
                run.TARGETS["windows-x86_64"][1],
                python_version="3.12",
                python_full_version="3.12.0",
            ),
            dict(
                run.TARGETS["macos-arm64"][1], python_version="3.12", python_full_version="3.12.0"
            ),
            dict(
                run.TARGETS["linux-x86_64"][1], python_version="3.11", python_full_version="3.11.0"
            ),
            dict(
                run.TARGETS["linux-x86_64"][1], python_version="3.11", python_full_version="3.11.9"
            ),
        ],
    )
    names = [{run._pin_name(p) for p in pins} for pins in (windows, mac, linux_early)]
    assert "appnope" in names[1] and "appnope" not in names[0] | names[2]  # darwin only
    assert "colorama" in names[0]  # win32 only, in the lock through click/tqdm
    # `python_full_version < '3.11.5'` splits Python 3.11 by patch release.
    assert {p for p in linux_early if p.startswith("soupsieve")} != {
        p for p in linux_late if p.startswith("soupsieve")
    }


def test_arm_linux_and_python_3_14_are_targets():
    assert "3.14" in run.PYTHONS and "linux-aarch64" in run.TARGETS
    tags, markers = run.TARGETS["linux-aarch64"]
    assert "manylinux2014_aarch64" in tags and markers["platform_machine"] == "aarch64"
    (pins,) = run.select_pins(
        PYTHON, [dict(markers, python_version="3.14", python_full_version="3.14.0")]
    )
    names = {run._pin_name(p) for p in pins}
    assert "jupyterlab" in names and not names & {"appnope", "pywinpty", "colorama"}


def test_the_wheelhouse_command_documents_its_choices(capsys):
    with pytest.raises(SystemExit):
        run.wheelhouse(PYTHON, ["--help"])
    text = capsys.readouterr().out
    for option in ("--target", "--python", "--extra", "--dest", "linux-aarch64", "3.14"):
        assert option in text
    assert "runtime" in text  # what it downloads by default: what `run.py lab` installs


def test_as_root_lab_explains_the_way_forward():
    advice = run.root_advice([], {}, container=False)
    assert "python3 run.py lab --allow-root" in advice and "CLOSEREADING_ALLOW_ROOT=1" in advice
    assert "without sudo" in advice
    in_container = run.root_advice([], {}, container=True)
    assert "--ip=0.0.0.0" in in_container and "docker run -p 8888:8888" in in_container


@pytest.mark.parametrize(
    ("extra", "environ"), [(["--allow-root"], {}), ([], {"CLOSEREADING_ALLOW_ROOT": "1"})]
)
def test_root_is_allowed_when_asked(extra, environ):
    assert run.root_advice(extra, environ, container=True) is None


def _this_machine_target() -> str | None:
    machine = platform.machine().lower()
    if sys.platform.startswith("linux") and machine in ("x86_64", "amd64"):
        return "linux-x86_64"
    if sys.platform == "darwin":
        return "macos-arm64" if machine == "arm64" else "macos-x86_64"
    if sys.platform == "win32" and machine in ("amd64", "x86_64"):
        return "windows-x86_64"
    return None


@pytest.fixture(scope="module")
def wheelhouse(tmp_path_factory) -> Path:
    if run.has_wheelhouse() and (run.WHEELHOUSE / "REPORT.txt").exists():
        return run.WHEELHOUSE
    target = _this_machine_target()
    if target is None:
        pytest.skip(f"run.py makes no wheelhouse for {sys.platform} {platform.machine()}")
    dest = tmp_path_factory.mktemp("wheelhouse")
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    try:
        run.wheelhouse(PYTHON, ["--dest", str(dest), "--target", target, "--python", version])
    except (subprocess.CalledProcessError, SystemExit) as error:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"could not download a wheelhouse for this machine (no PyPI?): {error}")
    return dest


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when the with-block ends


@pytest.mark.wheelhouse
def test_the_course_installs_from_the_wheelhouse_with_no_index(wheelhouse, tmp_path, monkeypatch):
    for name in list(os.environ):
        if name.startswith("PIP_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)  # no find-links or extra index from config
    monkeypatch.setenv("PIP_INDEX_URL", f"http://127.0.0.1:{_closed_port()}/simple")
    monkeypatch.setenv("PIP_NO_CACHE_DIR", "1")
    monkeypatch.setenv("PIP_DISABLE_PIP_VERSION_CHECK", "1")
    target = tmp_path / "env"
    venv.EnvBuilder(with_pip=True).create(target)
    python = run.venv_python(target)

    run.install_packages(python, wheelhouse)

    check = "import closereading, anywidget, ipywidgets, jupyterlab, matplotlib, nltk, wordfreq"
    subprocess.run([str(python), "-c", check], check=True)
    subprocess.run([str(python), "-m", "pip", "check"], check=True)


@pytest.mark.wheelhouse
def test_without_the_wheelhouse_the_same_install_cannot_reach_an_index(tmp_path, monkeypatch):
    """The closed port really is closed: the proof that the test above used only the wheelhouse."""
    for name in list(os.environ):
        if name.startswith("PIP_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("PIP_INDEX_URL", f"http://127.0.0.1:{_closed_port()}/simple")
    monkeypatch.setenv("PIP_RETRIES", "0")
    result = subprocess.run(
        [str(PYTHON), "-m", "pip", "download", "--no-deps", "-d", str(tmp_path), "six==1.17.0"],
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0


# --- the other commands: how the tests and the course are started ------------------------------


@pytest.mark.parametrize(
    ("extra", "added"),
    [
        ([], ["-n", "3"]),
        (["tests/test_frequency.py", "--lf"], ["-n", "3"]),
        (["-n", "0"], []),
        (["-n0"], []),
        (["--numprocesses=3"], []),
        (["-p", "no:xdist"], []),
        (["--pdb"], []),
    ],
)
def test_the_tests_run_on_every_core_unless_the_command_line_chooses(extra, added):
    assert run.parallel_options(extra, cpus=2) == added
    assert run.parallel_options([], cpus=8) == ["-n", "9"]


def test_the_tests_write_bytecode_caches_even_where_the_environment_forbids_it(monkeypatch):
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    monkeypatch.setenv("CLOSEREADING_SOMETHING", "kept")
    env = run.environment_for_tests()
    assert "PYTHONDONTWRITEBYTECODE" not in env and env["CLOSEREADING_SOMETHING"] == "kept"


def test_lab_notebook_and_picture_are_commands_and_documented():
    for name in ("lab", "notebook", "picture"):
        assert name in run.COMMANDS
        assert f"python run.py {name}" in run.__doc__


def test_the_launcher_serves_the_course_folder_and_prints_lesson_00():
    from closereading.course.launch import START, server_command

    lab = server_command("lab", ROOT, ["--no-browser", "--port=8890"])
    assert f"--ServerApp.root_dir={ROOT}" in lab
    assert f"--LabApp.default_url=/lab/tree/{START}" in lab
    assert lab[-2:] == ["--no-browser", "--port=8890"]  # what the student typed comes last
    notebook = server_command("notebook", ROOT)
    assert f"--JupyterNotebookApp.default_url=/notebooks/{START}" in notebook
    assert (ROOT / START).is_file()
    with pytest.raises(ValueError, match="unknown interface"):
        server_command("voila", ROOT)
