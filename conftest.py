"""Test-session set-up shared by the unit tests and the notebooks run under nbval.

Kernels started by nbval inherit this process's environment, so what is set here holds for the
notebooks too: student work goes to a throwaway folder, and NLTK looks for its data in an empty
one, so any code path that needs a download fails here before it fails in a classroom.

Under pytest-xdist each worker is its own process, so each gets its own scratch folder.
"""

import os
import shutil
import tempfile

import pytest

from tests import kernel_ports

_SCRATCH = tempfile.mkdtemp(prefix="closereading-tests-")


def pytest_addoption(parser):
    parser.addoption(
        "--wheelhouse",
        action="store_true",
        help="also run the tests marked 'wheelhouse' (download and install into a new "
        "environment, about 2.5 minutes); .ci/run gives it",
    )


def pytest_configure(config):
    # Kernels started here (nbval's, nbclient's) take ports no other test process is handed.
    worker = config.workerinput["workerid"] if hasattr(config, "workerinput") else None
    kernel_ports.install(kernel_ports.worker_slot(worker))
    if not hasattr(config, "workerinput"):  # the main process; pytest-xdist workers inherit it
        # One build of the self-study website for the whole run (tests/browser/site_server.py).
        os.environ["CLOSEREADING_TEST_SITE"] = os.path.join(_SCRATCH, "site")
    os.environ["CLOSEREADING_WORK_DIR"] = os.path.join(_SCRATCH, "work")
    # Run inside a hub's server, the hub's user name would name every file the notebooks save
    # (closereading.base.student); the notebooks' committed outputs are those of no name given.
    os.environ.pop("JUPYTERHUB_USER", None)
    empty_nltk = os.path.join(_SCRATCH, "nltk_data")
    os.makedirs(empty_nltk, exist_ok=True)
    os.environ["NLTK_DATA"] = empty_nltk


def pytest_unconfigure(config):
    if not hasattr(config, "workerinput"):
        shutil.rmtree(os.path.join(_SCRATCH, "site"), ignore_errors=True)


#: The slowest modules (40 to 90 s each on two cores, measured with --durations=0), longest first.
_SLOWEST = (
    "tests/hub/test_live.py",
    "tests/browser/test_a11y_lab_browser.py",
    "tests/browser/test_a11y_site_browser.py",
    "tests/hub/test_hub.py",
    "tests/browser/test_highlighter_safety.py",
    "tests/browser/test_highlighter_browser.py",
    "tests/test_nbgrader.py",
)


def _cost(path: str) -> int:
    """Longest first, so that the workers finish together: under pytest-xdist each file is one
    unit of work, handed out in this order to whichever worker is free (``--dist=loadfile`` with
    ``--no-loadscope-reorder``, which would otherwise put the files with most tests first and
    leave the few long browser tests to the end). A sort by file, so no file's order changes."""
    if path in _SLOWEST:
        return _SLOWEST.index(path)
    if path.startswith(("tests/browser/", "tests/hub/")):
        return len(_SLOWEST)
    if path.endswith(".ipynb"):
        return len(_SLOWEST) + 1
    return len(_SLOWEST) + 2


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    if not config.getoption("--wheelhouse"):
        skipped = [item for item in items if item.get_closest_marker("wheelhouse")]
        if skipped:
            config.hook.pytest_deselected(items=skipped)
            items[:] = [item for item in items if not item.get_closest_marker("wheelhouse")]
    # The wheelhouse test (about 150 s), when it runs, goes before everything.
    first = {_file(item) for item in items if item.get_closest_marker("wheelhouse")}
    items.sort(key=lambda item: -1 if _file(item) in first else _cost(_file(item)))


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """``--dist loadfile``, but a worker is given its next file only when one test of its
    current file is left (the one it holds until it knows what comes next), not three:
    otherwise a worker near the end of a long module takes the next long one while another
    worker is about to be free, and a run can end with two hub modules one after the other."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class OneFileAhead(LoadFileScheduling):
        def _reschedule(self, node) -> None:
            if self.workqueue and self._pending_of(self.assigned_work[node]) > 1:
                return
            super()._reschedule(node)

    return OneFileAhead(config, log)


def _file(item) -> str:
    return item.nodeid.split("::", 1)[0]


def pytest_report_header(config):
    if not config.getoption("--wheelhouse"):
        return "wheelhouse tests deselected (python3 run.py test --wheelhouse runs them; CI does)"
    return None
