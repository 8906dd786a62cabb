"""Test-session set-up shared by the unit tests and the notebooks run under nbval.

Kernels started by nbval inherit this process's environment, so what is set here holds for the
notebooks too: student work goes to a throwaway folder, and NLTK looks for its data in an empty
one, so any code path that needs a download fails here before it fails in a classroom.
"""

import os
import tempfile

_SCRATCH = tempfile.mkdtemp(prefix="closereading-tests-")


def pytest_configure(config):
    os.environ["CLOSEREADING_WORK_DIR"] = os.path.join(_SCRATCH, "work")
    empty_nltk = os.path.join(_SCRATCH, "nltk_data")
    os.makedirs(empty_nltk, exist_ok=True)
    os.environ["NLTK_DATA"] = empty_nltk
