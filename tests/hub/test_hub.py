"""Two students on a real JupyterHub receive the course's student edition through an nbgitpuller
link, highlight in notebook 04, run an exercise, and keep their work when the course is updated;
the instructor then collects it.

Steps: the instructor writes the student edition with ``closereading edition student`` from a
clone of this repository into a git repository (its ``file://`` address stands in for GitHub).
Each student logs in through the hub's login page in headless Chromium and opens the link
``closereading link`` makes; nbgitpuller clones the edition into ``closereading-lab/`` of their
home and opens notebook 04. Their servers and kernels run in the environment
``course/deploying.md``'s image recipe installs (``student_env.py``), not the development one.
Nothing an instructor keeps back may be in a student's home: no line of a solution or hidden
test longer than 30 characters, no nbgrader marker in a notebook, no instructor's file. Each
student runs notebook 04 and highlights a different phrase; their highlights must land in their
own homes. Ben opens the course's copy of exercise 04 through its link and runs it to the end
without an error. Ana makes her own copy of exercise 04 and writes an answer in it; the
instructor changes the course (a new page, and a change to exercise 04's course copy) and writes
the edition again; Ana follows the link again. The update must arrive and her highlights and her
answer must be byte for byte what they were. Last, the instructor gathers every student's
highlights and runs ``closereading collect`` over them.

Screenshots go to ``tests/hub/artifacts/`` (git-ignored). Run alone with ``pytest -m hub``.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import nbformat
import pytest

from closereading.base.paths import ROOT
from closereading.course.link import pull_link

from .hub import PASSWORD, commit_to_course
from .leaks import what_leaked, withheld

pytestmark = pytest.mark.hub

NOTEBOOK = "notebooks/04-rhetorical-moves.ipynb"
EXERCISE = "04"
EXERCISE_COPY = "exercises/04-rhetorical-moves.ipynb"
WIDGET = ".closereading-highlighter"
STUDENTS = {
    "ana": ("we don’t believe that sanctions are the best way", "hedge"),
    "ben": ("Diplomacy is preferable", "booster"),
}


def annotations_file(hub, user: str) -> Path:
    """Named by the hub's user name (JUPYTERHUB_USER), as the notebook passes no name of its own."""
    return hub.course(user) / "work" / "annotations" / f"{user}.json"


def saved(hub, user: str) -> dict[str, str]:
    path = annotations_file(hub, user)
    if not path.exists():
        return {}
    return {a["quote"]: a["move"] for a in json.loads(path.read_text("utf-8"))["annotations"]}


def wait_until(check, what: str, timeout: float = 30):
    deadline = time.monotonic() + timeout
    while not (result := check()):
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting until {what}")
        time.sleep(0.2)
    return result


def log_in(page, hub, user: str) -> None:
    """The hub's own login form, then wait for the student's server to be up."""
    page.goto(f"{hub.url}/hub/login")
    page.fill("#username_input", user)
    page.fill("#password_input", PASSWORD)
    page.click("#login_submit")
    page.wait_for_url(f"**/user/{user}/**", timeout=90_000)


def follow_link(page, link: str, notebook: str = NOTEBOOK) -> None:
    """nbgitpuller's page pulls, then sends the browser on to the notebook."""
    from browser.lab import wait_for_kernel_idle

    page.goto(link)
    page.wait_for_url(f"**/lab/tree/**/{notebook}", timeout=120_000)
    wait_for_kernel_idle(page, timeout=90_000)


def run_to_the_end(page, hub, user: str, notebook: str) -> list[str]:
    """Run All in the open notebook; wait until every code cell has run (each shows its execution
    count); return the text of each error output."""
    from browser.lab import run_all, wait_for_kernel_idle

    cells = json.loads((hub.course(user) / notebook).read_text("utf-8"))["cells"]
    code = sum(cell["cell_type"] == "code" for cell in cells)
    run_all(page)
    page.wait_for_function(
        """(n) => [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
              .filter((p) => /\\[\\d+\\]/.test(p.textContent)).length >= n""",
        arg=code,
        timeout=180_000,
    )
    wait_for_kernel_idle(page, timeout=90_000)
    errors = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    return [text for text in errors.all_inner_texts() if "Error" in text or "Traceback" in text]


def servers_programs(user: str) -> list[str]:
    """The program (first word of the command line) of each process running for ``user``: their
    server and its kernels, which JupyterHub gives ``JUPYTERHUB_USER`` (read from /proc)."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            environ = (proc / "environ").read_bytes().split(b"\0")
            words = (proc / "cmdline").read_bytes().decode(errors="replace").split("\0")
        except OSError:
            continue
        if f"JUPYTERHUB_USER={user}".encode() in environ:
            found.append(words[0])
    return found


def highlight(page, phrase: str, move: str) -> None:
    """Run the notebook, drag across ``phrase`` in the highlighter, tag it with ``move``."""
    from browser.lab import PHRASE_POINTS_JS, run_all, wait_for_kernel_idle
    from playwright.sync_api import expect

    run_all(page)
    widget = page.locator(WIDGET)
    widget.locator(".cr-seg").first.wait_for(timeout=90_000)
    wait_for_kernel_idle(page, timeout=90_000)
    points = None
    for _ in range(60):  # until the page stops moving (late outputs, scrolling)
        again = page.evaluate(PHRASE_POINTS_JS, [widget.element_handle(), phrase])
        if again and again == points and again["start"]["visible"] and again["end"]["visible"]:
            break
        points = again
        page.wait_for_timeout(200)
    assert points and points["start"]["visible"], f"{phrase!r} never settled on the page"
    page.mouse.move(points["start"]["x"], points["start"]["y"])
    page.mouse.down()
    page.mouse.move(points["end"]["x"], points["end"]["y"], steps=8)
    page.mouse.up()
    # Python has snapped the drag to these words before the move is chosen.
    expect(widget.locator(".cr-selected q")).to_have_text(phrase, timeout=30_000)
    widget.locator(f'.cr-move[data-move="{move}"]').click()
    widget.locator(f'.cr-mark[data-move="{move}"]').first.wait_for()


def make_own_copy_and_answer(hub, user: str) -> Path:
    """The student's own copy of exercise 04 (made as the exercise's first cells make it), with an
    answer written into its first code cell."""
    import os
    import subprocess

    import nbformat

    env = dict(os.environ, CLOSEREADING_WORK_DIR=str(hub.course(user) / "work"))
    python = hub.environment / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "closereading.course.workcopy", EXERCISE], check=True, env=env
    )
    [copy] = (hub.course(user) / "work" / "exercises").glob(f"{EXERCISE}-*.ipynb")
    notebook = nbformat.read(copy, as_version=4)
    cell = next(c for c in notebook.cells if c.cell_type == "code")
    cell.source = f"# {user}'s answer, written in week 2\n" + cell.source
    nbformat.write(notebook, copy)
    return copy


def update_the_course(clone: Path) -> None:
    (clone / "course" / "week-3.md").write_text("# Week 3\n\nRead notebook 05 before Tuesday.\n")
    [exercise] = (clone / "exercises").glob(f"{EXERCISE}-*.ipynb")
    notebook = json.loads(exercise.read_text("utf-8"))
    notebook["cells"].insert(
        0, {"cell_type": "markdown", "id": "week-3", "metadata": {}, "source": "Updated."}
    )
    exercise.write_text(json.dumps(notebook, indent=1) + "\n", encoding="utf-8")


def collect(hub, users, inbox: Path) -> dict[str, dict[str, str]]:
    """The instructor copies each student's work/annotations into ``inbox/<user>/`` and runs
    ``closereading collect`` over it; returns each student's highlights as collect read them."""
    import os
    import shutil
    import subprocess
    import sys

    from closereading.course.collect import collect as read_class

    for user in users:
        shutil.copytree(hub.course(user) / "work" / "annotations", inbox / user)
    report = inbox.parent / "class-report"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "closereading.course.cli",
            "collect",
            str(inbox),
            "--out",
            str(report),
        ],
        capture_output=True,
        text=True,
        env=dict(os.environ, CLOSEREADING_WORK_DIR=str(inbox.parent / "instructor-work")),
    )
    assert done.returncode == 0, done.stderr
    assert any(report.iterdir()), "collect wrote no report"
    work = read_class(inbox, progress=False)
    assert not work.skipped, work.skipped
    return {
        Path(f.source).parts[0]: {a.quote: a.move for a in f.content}
        for f in work.files
        if f.kind == "highlights"
    }


def test_two_students_pull_highlight_keep_their_work_and_are_collected(
    hub, course_repo, chromium, artifacts, tmp_path
):
    link = pull_link(hub.url, course_repo.as_uri(), notebook=NOTEBOOK, course=ROOT)
    never_shown = withheld(ROOT)
    assert len(never_shown) > 40, "the solutions' lines were not found in exercises/source"
    pages = {}
    for user, (phrase, move) in STUDENTS.items():
        context = chromium.new_context(viewport={"width": 1400, "height": 1000})
        page = pages[user] = context.new_page()
        page.set_default_timeout(30_000)
        log_in(page, hub, user)
        follow_link(page, link)
        try:
            highlight(page, phrase, move)
        except Exception:
            page.screenshot(path=str(artifacts / f"{user}-failed.png"))
            said = page.locator(WIDGET).locator(".cr-status, .cr-error, .cr-offline-message")
            lines = said.all_inner_texts()
            (artifacts / f"{user}-status.txt").write_text("\n".join(lines) + "\n", "utf-8")
            raise
        wait_until(lambda u=user, p=phrase: saved(hub, u).get(p), f"{user}'s highlight is saved")
        page.screenshot(path=str(artifacts / f"{user}-notebook-04.png"))

    # Each student's highlight is in their own home, and only theirs; nothing withheld is there.
    for user, (phrase, move) in STUDENTS.items():
        assert saved(hub, user) == {phrase: move}
        assert (hub.course(user) / NOTEBOOK).is_file()
        assert what_leaked(hub.home(user), never_shown) == []
    # The servers and kernels run from the image recipe's environment.
    running = servers_programs("ben")
    assert len(running) >= 2, running  # the server and notebook 04's kernel
    assert all(program.startswith(f"{hub.environment}/bin/") for program in running), running

    # Every lesson and exercise copy is there, whole; the course's copy of an exercise runs to
    # the end in the student's home (lesson 04 ran above).
    for folder, pattern in (("notebooks", "0*.ipynb"), ("exercises", "0*.ipynb")):
        committed = sorted(p.name for p in (ROOT / folder).glob(pattern))
        pulled = sorted((hub.course("ben") / folder).glob(pattern))
        assert committed and [p.name for p in pulled] == committed, folder
        for path in pulled:
            nbformat.validate(nbformat.read(path, as_version=4))
    exercise_link = pull_link(hub.url, course_repo.as_uri(), notebook=EXERCISE_COPY, course=ROOT)
    follow_link(pages["ben"], exercise_link, EXERCISE_COPY)
    assert run_to_the_end(pages["ben"], hub, "ben", EXERCISE_COPY) == []
    pages["ben"].screenshot(path=str(artifacts / "ben-exercise-04.png"))

    # Ana's own exercise copy, with an answer; then a course update and a re-pull.
    answer = make_own_copy_and_answer(hub, "ana")
    before = {p: p.read_bytes() for p in (answer, annotations_file(hub, "ana"))}
    commit_to_course(course_repo, update_the_course)
    follow_link(pages["ana"], link)

    course = hub.course("ana")
    assert (course / "course" / "week-3.md").is_file(), "the course update did not arrive"
    [exercise] = (course / "exercises").glob(f"{EXERCISE}-*.ipynb")
    assert "Updated." in exercise.read_text("utf-8")
    for path, content in before.items():
        assert path.read_bytes() == content, f"the re-pull changed the student's {path.name}"
    assert what_leaked(hub.home("ana"), never_shown) == []
    pages["ana"].screenshot(path=str(artifacts / "ana-after-update.png"))

    gathered = collect(hub, STUDENTS, tmp_path / "inbox")
    assert gathered == {user: {phrase: move} for user, (phrase, move) in STUDENTS.items()}
    for page in pages.values():
        page.context.close()
