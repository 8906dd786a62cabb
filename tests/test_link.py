"""``closereading link``: nbgitpuller links for a JupyterHub, and the errors for bad input."""

from __future__ import annotations

import sys
from urllib.parse import parse_qs, urlsplit

import pytest

from closereading.base.paths import ROOT
from closereading.course.cli import main
from closereading.course.link import LinkError, pull_link


def _query(link: str) -> dict[str, str]:
    return {key: value for key, [value] in parse_qs(urlsplit(link).query).items()}


def test_link_names_repo_branch_folder_and_the_notebook_to_open():
    link = pull_link(
        "https://hub.example.edu",
        "https://github.com/example/closereading-lab.git",
        branch="spring-2026",
        notebook="notebooks/04-rhetorical-moves.ipynb",
    )
    assert link.startswith("https://hub.example.edu/hub/user-redirect/git-pull?")
    assert _query(link) == {
        "repo": "https://github.com/example/closereading-lab.git",
        "branch": "spring-2026",
        "urlpath": "lab/tree/closereading-lab/notebooks/04-rhetorical-moves.ipynb",
        "targetpath": "closereading-lab",
    }


def test_every_reserved_character_is_encoded():
    link = pull_link(
        "http://127.0.0.1:8000", "file:///srv/a b&c.git", notebook="notebooks/x y.ipynb"
    )
    assert " " not in link and link.count("&") == 3
    assert _query(link)["repo"] == "file:///srv/a b&c.git"
    assert _query(link)["urlpath"] == "lab/tree/closereading-lab/notebooks/x y.ipynb"


@pytest.mark.parametrize(
    ("hub", "base"),
    [
        ("https://hub.example.edu/", "https://hub.example.edu"),
        ("https://hub.example.edu/hub/home", "https://hub.example.edu"),
        ("https://uni.example.edu/jupyter/hub/", "https://uni.example.edu/jupyter"),
    ],
)
def test_a_pasted_hub_page_gives_the_hub_itself(hub, base):
    assert pull_link(hub, "https://x.org/c.git").startswith(f"{base}/hub/user-redirect/git-pull?")


def test_notebook_7_opens_the_notebook_itself():
    link = pull_link("https://h.edu", "https://x.org/c.git", app="notebook", folder="seminar")
    assert _query(link)["urlpath"] == "notebooks/seminar/notebooks/00-start-here.ipynb"
    assert _query(link)["targetpath"] == "seminar"


@pytest.mark.parametrize(
    ("kwargs", "names"),
    [
        ({"hub": "hub.example.edu"}, "hub address"),
        ({"hub": "https://h.edu/?next=/x"}, "hub address"),
        ({"repo": "github.com/x/y"}, "course repository"),
        ({"repo": "git@github.com:x/y.git"}, "course repository"),
        ({"notebook": "../secret.ipynb"}, "notebook"),
        ({"notebook": "/etc/passwd"}, "notebook"),
        ({"folder": "a/b"}, "folder"),
        ({"folder": ".."}, "folder"),
        ({"branch": "--upload-pack=x"}, "branch"),
        ({"app": "classic"}, "app"),
    ],
)
def test_bad_input_names_the_part_and_the_fix(kwargs, names):
    arguments = {"hub": "https://h.edu", "repo": "https://x.org/c.git", **kwargs}
    with pytest.raises(LinkError, match=f"^{names} ") as error:
        pull_link(arguments.pop("hub"), arguments.pop("repo"), **arguments)
    assert "give" in str(error.value) or "choose" in str(error.value)


def test_command_prints_the_link(capsys):
    assert main(["link", "https://h.edu", "https://x.org/c.git", "--branch", "b"]) == 0
    out = capsys.readouterr().out.strip()
    assert out == pull_link("https://h.edu", "https://x.org/c.git", branch="b")


def test_command_reports_bad_input_without_a_traceback(capsys):
    assert main(["link", "h.edu", "https://x.org/c.git"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("closereading link: hub address 'h.edu'") and "Traceback" not in err


def test_the_student_edition_is_the_default(capsys):
    assert _query(pull_link("https://h.edu", "https://x.org/c.git"))["branch"] == "student"
    assert main(["link", "https://h.edu", "https://x.org/c.git"]) == 0
    assert _query(capsys.readouterr().out.strip())["branch"] == "student"


def site_extension():
    sys.path.insert(0, str(ROOT / "site"))
    try:
        import closereading_site
    finally:
        sys.path.remove(str(ROOT / "site"))
    return closereading_site


def test_the_sites_hub_link_is_the_commands_link():
    """Both clone into the same folder of the student's home, from the student edition."""
    closereading_site = site_extension()
    settings = {"target": "hub", "hub": "https://h.edu", "repository": "https://x.org/c.git"}
    for path in ("notebooks/04-rhetorical-moves.ipynb", "exercises/04-rhetorical-moves.ipynb"):
        url, _ = closereading_site.run_link({**settings, "branch": ""}, path)
        assert url == pull_link("https://h.edu", "https://x.org/c.git", notebook=path)
        assert _query(url)["targetpath"] == "closereading-lab"


@pytest.mark.parametrize(
    ("notebook", "says", "suggests"),
    [
        (
            "notebooks/04-rhetorical-move.ipynb",
            "is not in the course at",
            "notebooks/04-rhetorical-moves.ipynb",
        ),
        (
            "exercises/source/04-rhetorical-moves.ipynb",
            "is not in the student edition",
            "exercises/04-rhetorical-moves.ipynb",
        ),
        ("notebooks/instructor/class-report.ipynb", "is not in the student edition", ""),
    ],
)
def test_a_notebook_the_course_does_not_hand_out_is_refused(capsys, notebook, says, suggests):
    command = ["link", "https://h.edu", "https://x.org/c.git", "--notebook", notebook]
    assert main(command) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"closereading link: notebook {notebook!r} {says}")
    assert suggests in err


def test_a_notebook_of_the_course_is_accepted_with_the_course_named():
    course = ROOT
    link = pull_link(
        "https://h.edu",
        "https://x.org/c.git",
        notebook="exercises/07-writing-the-reading.ipynb",
        course=course,
    )
    assert _query(link)["urlpath"].endswith("/exercises/07-writing-the-reading.ipynb")


def test_a_hub_address_the_link_cannot_use_stops_the_site_build_cleanly():
    from sphinx.errors import ConfigError

    settings = {"target": "hub", "hub": "hub.example.edu", "repository": "https://x.org/c.git"}
    with pytest.raises(
        ConfigError, match=r"CLOSEREADING_SITE_HUB.*hub address 'hub\.example\.edu'"
    ):
        site_extension().check_run_settings(settings)
