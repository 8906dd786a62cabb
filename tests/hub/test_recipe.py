"""The image recipe in ``course/deploying.md`` installs what a student's server on a hub needs:
git for nbgitpuller, and the course with its ``hub`` extra from the lock. (The hub test runs its
students' servers from an environment made by the recipe's own pip line.)"""

from __future__ import annotations

import re

from .student_env import RECIPE, ROOT, recipe_pip_arguments


def dockerfile() -> str:
    [block] = re.findall(r"```dockerfile\n(.*?)```", RECIPE.read_text("utf-8"), re.DOTALL)
    return block


def test_the_recipe_installs_the_course_with_the_lock_and_the_hub_extra():
    arguments = recipe_pip_arguments()
    assert arguments[0] == "install"
    assert arguments[arguments.index("-c") + 1] == str(ROOT / "requirements" / "lock.txt")
    assert arguments[arguments.index("-e") + 1] == f"{ROOT}[hub]"
    project = (ROOT / "pyproject.toml").read_text("utf-8")
    [hub] = re.findall(r"^hub = \[(.*?)\]", project, re.MULTILINE | re.DOTALL)
    assert "nbgitpuller" in hub and "jupyterhub" in hub


def test_the_image_has_git():
    """nbgitpuller runs git; Jupyter's base-notebook image has none, minimal-notebook has."""
    recipe = dockerfile()
    assert re.search(r"apt-get install\b[^\n]*\bgit\b", recipe) or "minimal-notebook" in recipe


def test_the_recipe_line_is_read_from_the_dockerfile():
    page = "```dockerfile\nFROM x\nRUN pip install --no-cache-dir -c /srv/closereading-lab/l \\\n"
    page += '    -e "/srv/closereading-lab[hub]"\n```\n'
    assert recipe_pip_arguments(page) == ["install", "-c", f"{ROOT}/l", "-e", f"{ROOT}[hub]"]
