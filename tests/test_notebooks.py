"""The series stays honest: names, imports, no downloads, run in order, links that resolve.

These checks read the committed notebooks as JSON; they never run them (nbval does that). They
cover every notebook present, including ones added later.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ROOT / "notebooks"
SOURCES = ROOT / "exercises" / "source"
STUDENT_COPIES = ROOT / "exercises"
FOLDERS = (LESSONS, SOURCES, STUDENT_COPIES)

NAME = re.compile(r"^(?P<number>\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*\.ipynb$")

# What a notebook must never do: fetch data or packages. Matched against each code line.
FORBIDDEN = [
    (
        re.compile(r"\bnltk\s*\.\s*download\b|\bfrom\s+nltk\s+import\s+download\b"),
        "calls nltk.download (lab machines have no NLTK data and often no network)",
    ),
    (
        re.compile(r"^\s*[!%]+\s*(?:pip|conda|mamba|uv)\b|\bpip\s+install\b"),
        "installs packages (pip/conda) from a notebook",
    ),
    (re.compile(r"^\s*!"), "runs a shell command"),
    (
        re.compile(r"\b(?:urllib|requests|httpx|http\.client|socket|aiohttp|urlopen|wget|curl)\b"),
        "uses the network",
    ),
    (re.compile(r"https?://"), "reaches for a web address in code"),
]


def notebooks_in(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.ipynb"))


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell: dict) -> str:
    text = cell.get("source", "")
    return "".join(text) if isinstance(text, list) else text


def code_cells(notebook: dict) -> list[dict]:
    return [c for c in notebook["cells"] if c["cell_type"] == "code"]


def label(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


ALL = [p for folder in FOLDERS for p in notebooks_in(folder)]
EXECUTED = notebooks_in(LESSONS) + notebooks_in(SOURCES)


def test_there_are_notebooks_to_check():
    assert notebooks_in(LESSONS), "notebooks/ holds no notebooks"


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: label(f) or ".")
def test_names_are_numbered_kebab_case_and_unique(folder):
    numbers: dict[str, str] = {}
    for path in notebooks_in(folder):
        match = NAME.match(path.name)
        assert match, (
            f"{label(path)}: name it NN-kebab-title.ipynb (two digits, lower-case "
            "words joined by hyphens, no spaces)"
        )
        number = match.group("number")
        assert number not in numbers, (
            f"{label(path)} and {numbers[number]} share the number {number}"
        )
        numbers[number] = label(path)


def test_each_exercise_source_has_a_student_copy_and_a_lesson():
    lessons = {p.name for p in notebooks_in(LESSONS)}
    for path in notebooks_in(SOURCES):
        assert (STUDENT_COPIES / path.name).exists(), (
            f"{label(path)} has no student copy; run `closereading release`"
        )
        assert path.name in lessons, f"{label(path)} has no lesson notebooks/{path.name}"
    for path in notebooks_in(STUDENT_COPIES):
        assert (SOURCES / path.name).exists(), f"{label(path)} has no source in exercises/source/"


@pytest.mark.parametrize("path", ALL, ids=label)
def test_first_code_cell_only_imports(path):
    cells = code_cells(read(path))
    assert cells, f"{label(path)} has no code cell"
    first = source(cells[0])
    try:
        tree = ast.parse(first)
    except SyntaxError as error:
        pytest.fail(
            f"{label(path)}: the first code cell is not plain Python ({error.msg}); "
            "it should hold only import statements"
        )
    others = [node for node in tree.body if not isinstance(node, (ast.Import, ast.ImportFrom))]
    assert tree.body, f"{label(path)}: the first code cell is empty; put the imports there"
    assert not others, (
        f"{label(path)}: the first code cell should only import; line "
        f"{others[0].lineno} does something else"
    )


@pytest.mark.parametrize("path", ALL, ids=label)
def test_no_downloads_installs_or_network(path):
    problems = []
    for number, cell in enumerate(read(path)["cells"], start=1):
        if cell["cell_type"] != "code":
            continue
        for line in source(cell).splitlines():
            for pattern, what in FORBIDDEN:
                if pattern.search(line):
                    problems.append(f"cell {number} {what}: {line.strip()!r}")
    assert not problems, f"{label(path)}:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", ALL, ids=label)
def test_python3_kernel_and_nbformat_4(path):
    notebook = read(path)
    assert notebook["nbformat"] == 4
    assert notebook["metadata"].get("kernelspec", {}).get("name") == "python3", (
        f"{label(path)}: use the 'python3' kernel"
    )


@pytest.mark.parametrize("path", ALL, ids=label)
def test_no_saved_widget_state(path):
    """Saved widget state makes a static viewer fetch the widget libraries from the internet;
    without it, each widget's output shows its own text and HTML view."""
    assert "widgets" not in read(path)["metadata"], (
        f"{label(path)}: saved widget state in the notebook's metadata; run "
        f"`closereading execute {label(path)}`, which leaves it out"
    )


@pytest.mark.parametrize("path", EXECUTED, ids=label)
def test_every_code_cell_was_run_once_in_order(path):
    counts = [
        cell.get("execution_count") for cell in code_cells(read(path)) if source(cell).strip()
    ]
    expected = list(range(1, len(counts) + 1))
    assert counts == expected, (
        f"{label(path)}: execution counts {counts}; the committed notebook must come from one "
        f"fresh run top to bottom (`closereading execute {label(path)}`)"
    )


@pytest.mark.parametrize("path", notebooks_in(STUDENT_COPIES), ids=label)
def test_student_copies_carry_no_outputs(path):
    for cell in code_cells(read(path)):
        assert not cell.get("outputs") and cell.get("execution_count") is None, (
            f"{label(path)}: a student copy must have its outputs cleared; "
            "run `closereading release`"
        )


LINK = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<target>[^)\s]+)\)")


def links(notebook: dict) -> list[tuple[str, str]]:
    found = []
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            found += [(m.group("text"), m.group("target")) for m in LINK.finditer(source(cell))]
    return found


def is_local(target: str) -> bool:
    return not re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) and not target.startswith("#")


@pytest.mark.parametrize("path", ALL, ids=label)
def test_local_links_point_to_files_that_exist(path):
    missing = []
    for text, target in links(read(path)):
        if not is_local(target):
            continue
        file_part = target.split("#", 1)[0]
        if file_part and not (path.parent / file_part).exists():
            missing.append(f"[{text}]({target})")
    assert not missing, f"{label(path)} links to files that do not exist: {missing}"


LESSON_PATHS = notebooks_in(LESSONS)


@pytest.mark.parametrize("path", LESSON_PATHS, ids=label)
def test_each_lesson_links_to_the_next_one(path):
    """Every lesson but the last has a "Next" link; every "Next" link points to a lesson that
    exists and comes later in the series."""
    nexts = [
        target
        for text, target in links(read(path))
        if text.strip().lower().startswith("next") and target.endswith(".ipynb")
    ]
    if path == LESSON_PATHS[-1] and not nexts:
        return
    assert nexts, f"{label(path)} has no [Next: ...](NN-....ipynb) link at the end"
    for target in nexts:
        resolved = (path.parent / target).resolve()
        assert resolved.exists(), f"{label(path)}: the Next link {target!r} points nowhere"
        assert resolved.parent == LESSONS and resolved.name > path.name, (
            f"{label(path)}: the Next link {target!r} should point to a later lesson"
        )


@pytest.mark.parametrize("path", ALL, ids=label)
def test_notebooks_stay_thin(path):
    """Reusable code lives in the package: no function or class is defined in a notebook."""
    for number, cell in enumerate(code_cells(read(path)), start=1):
        text = "\n".join(
            line for line in source(cell).splitlines() if not line.lstrip().startswith(("%", "!"))
        )
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue  # a student's stub or unfinished answer; nbval reports real errors
        defined = [
            node
            for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        ]
        assert not defined, (
            f"{label(path)}, code cell {number} defines {defined[0].name!r}; "
            "move it into the closereading package and import it"
        )


NBVAL_MARK = re.compile(r"#\s*(NBVAL_[A-Z_]+)(.*)$")


@pytest.mark.parametrize("path", ALL, ids=label)
def test_every_nbval_marker_says_why(path):
    """`# NBVAL_IGNORE_OUTPUT` and friends need a reason: on the same line after the marker
    (`# NBVAL_SKIP: needs a browser`) or in a comment on the next line."""
    for number, cell in enumerate(code_cells(read(path)), start=1):
        lines = source(cell).splitlines()
        for i, line in enumerate(lines):
            match = NBVAL_MARK.search(line)
            if not match:
                continue
            same_line = match.group(2).strip(" :-—–")
            next_line = lines[i + 1].strip() if i + 1 < len(lines) else ""
            assert same_line or (next_line.startswith("#") and len(next_line) > 2), (
                f"{label(path)}, code cell {number}: {match.group(1)} without a reason"
            )


# --- The series as a whole: 00 to 07 ---------------------------------------------------------

SERIES = [f"{n:02d}" for n in range(8)]
STANDARD_PARTS = (
    "What you will learn",
    "Time needed",
    "Before you start",
    "Summary",
    "Discuss in seminar",
    "Next",
)


def number_of(path: Path) -> str:
    return path.name[:2]


def headings(notebook: dict) -> list[str]:
    found = []
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            found += [m.strip() for m in re.findall(r"^#{2,3} (.+)$", source(cell), re.M)]
    return found


def test_the_series_runs_from_00_to_07_without_gaps():
    assert [number_of(p) for p in LESSON_PATHS][: len(SERIES)] == SERIES


def test_lesson_00_links_every_lesson_and_its_exercises_and_plans_none():
    """The table of lessons in 00 is how a student finds the course: every lesson and its
    exercises are linked from it, and nothing there is still marked as planned."""
    start = LESSON_PATHS[0]
    targets = [target for _, target in links(read(start))]
    missing = [
        target
        for path in LESSON_PATHS[1:]
        for target in (path.name, f"../exercises/{path.name}")
        if target not in targets
    ]
    assert not missing, f"{label(start)} does not link {missing}"
    assert "planned" not in "".join(source(c) for c in read(start)["cells"]).lower()


@pytest.mark.parametrize("path", [p for p in LESSON_PATHS if number_of(p) != "00"], ids=label)
def test_each_lesson_has_the_standard_parts(path):
    """Objectives, time, prerequisites, summary, seminar questions and next links (00, the
    tour, sets these out in its own way)."""
    found = headings(read(path))
    missing = [p for p in STANDARD_PARTS if not any(h.startswith(p) for h in found)]
    assert not missing, f"{label(path)} has no section {missing[0]!r}"


@pytest.mark.parametrize("path", [p for p in LESSON_PATHS if number_of(p) != "00"], ids=label)
def test_each_lesson_has_its_exercises_and_links_them(path):
    assert (SOURCES / path.name).exists(), f"{label(path)} has no exercises/source/{path.name}"
    targets = [target for _, target in links(read(path))]
    assert f"../exercises/{path.name}" in targets, (
        f"{label(path)} does not link its exercises (../exercises/{path.name})"
    )


@pytest.mark.parametrize("path", LESSON_PATHS, ids=label)
def test_every_pause_and_look_has_a_note_box_with_a_possible_answer(path):
    """Each "Pause and look" prompt is followed, before the next prompt, by a NoteBox (after the
    cell that shows what to look at, if any) whose name has one possible answer in data/answers/."""
    from closereading.annotation.notes import possible_answer

    cells = read(path)["cells"]
    for i, cell in enumerate(cells):
        if cell["cell_type"] != "markdown" or "**Pause and look.**" not in source(cell):
            continue
        match = None
        for later in cells[i + 1 :]:
            if later["cell_type"] == "markdown" and "**Pause and look.**" in source(later):
                break
            match = match or re.search(r'NoteBox\(\s*"([a-z0-9-]+)"', source(later))
        assert match, f"{label(path)}, cell {i + 1}: a Pause and look without a NoteBox after it"
        assert possible_answer(match.group(1)) is not None, (
            f"{label(path)}: note {match.group(1)!r} has no possible answer in data/answers/"
        )


GLOSSARY = ROOT / "course" / "glossary.md"


def slug(heading: str) -> str:
    """The anchor GitHub and JupyterLab give a Markdown heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


@pytest.mark.parametrize("path", ALL, ids=label)
def test_glossary_links_point_to_a_term(path):
    anchors = {slug(h) for h in re.findall(r"^#{2,3} (.+)$", GLOSSARY.read_text("utf-8"), re.M)}
    for text, target in links(read(path)):
        if "glossary.md#" in target:
            anchor = target.split("#", 1)[1]
            assert anchor in anchors, f"{label(path)}: [{text}]({target}) names no glossary term"
