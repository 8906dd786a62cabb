"""Tests for closereading.course.collect: every skip reason, inputs never changed, names never
paths, a class made on an older text, and the command."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from closereading import load_interview
from closereading.annotation.anchoring import anchor
from closereading.annotation.highlight_store import SCHEMA
from closereading.base.paths import DATA_DIR
from closereading.course.cli import main
from closereading.course.collect import collect, readers
from closereading.course.collect._intake import MAX_DEPTH, MAX_ITEMS
from closereading.course.sample_class import make_sample_class

INTERVIEW = load_interview()
TEXT = INTERVIEW.text


def highlight(n: int, move: str, quote: str, **extra) -> dict:
    start = TEXT.index(quote)
    stamp = f"2026-11-30T10:{n:02d}:00Z"
    return {
        "id": f"a{n}",
        "move": move,
        "start": start,
        "end": start + len(quote),
        **anchor(TEXT, start, start + len(quote)),
        "note": "",
        "created": stamp,
        "modified": stamp,
        **extra,
    }


def student(author: str, *items: dict, transcript: str = "peskov-2013") -> dict:
    return {
        "schema": SCHEMA,
        "transcript": {"id": transcript, "sha256": INTERVIEW.sha256},
        "author": author,
        "annotations": list(items),
    }


def write(folder: Path, name: str, content) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(
            content if isinstance(content, str) else json.dumps(content), encoding="utf-8"
        )
    return path


ANA = student("Ana", highlight(1, "hedge", "we don’t believe"), highlight(2, "booster", "Actually"))
BEN = student("Ben", highlight(1, "hedge", "we don’t believe that sanctions"))


@pytest.fixture
def folder(tmp_path):
    write(tmp_path, "ana.json", ANA)
    write(tmp_path, "ben.json", BEN)
    return tmp_path


def reasons(work) -> dict[str, str]:
    return {s.source: s.reason for s in work.skipped}


def test_reads_good_files_in_folder_order(folder):
    work = collect(folder, progress=False)
    assert [f.name for f in work.files] == ["Ana", "Ben"]
    assert work.summary() == {
        "read": 2,
        "skipped": 0,
        "highlights": 3,
        "reanchored": 0,
        "orphaned": 0,
        "files with orphans": 0,
    }


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("corrupt.json", '{"schema": "closereading.annotations/1", "auth', "not valid JSON"),
        ("empty.json", "", "the file is empty"),
        ("latin1.json", b'{"author": "Jos\xe9"}', "not UTF-8 text"),
        (
            "other.json",
            student("Cy", highlight(1, "hedge", "Actually"), transcript="psaki-2014"),
            "holds annotations of transcript 'psaki-2014'",
        ),
        ("irony.json", student("Di", highlight(1, "irony", "Actually")), "unknown move 'irony'"),
        ("deep.json", "[" * 100_000 + "]" * 100_000, f"nested deeper than {MAX_DEPTH} levels"),
        (
            "shallow-deep.json",
            {"schema": SCHEMA, "x": [[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]},
            f"nested deeper than {MAX_DEPTH} levels",
        ),
        (
            "huge.json",
            {"schema": SCHEMA, "annotations": list(range(MAX_ITEMS + 1))},
            "the limit is",
        ),
        ("notes.json", {"schema": "closereading.notes/1", "notes": []}, "not a student file"),
        ("list.json", [1, 2, 3], "not a student file"),
        (
            "bad-field.json",
            student("Ed", highlight(1, "hedge", "Actually", start="12")),
            "field 'start' must be a whole number",
        ),
    ],
)
def test_each_bad_file_is_skipped_with_a_one_line_reason(folder, name, content, expected):
    write(folder, name, content)
    work = collect(folder, progress=False)
    assert [f.name for f in work.files] == ["Ana", "Ben"]
    reason = reasons(work)[name]
    assert expected in reason and "\n" not in reason


def test_a_file_over_the_size_limit_is_skipped_unread(folder):
    size = (folder / "ana.json").stat().st_size
    work = collect(folder, max_bytes=size - 1, progress=False)
    assert "over the limit" in reasons(work)["ana.json"]


def test_copies_are_skipped_byte_for_byte_or_renamed(folder):
    write(folder, "zz-copy.json", (folder / "ana.json").read_bytes())
    write(folder, "zz-renamed.json", {**ANA, "author": "Zed"})
    got = reasons(collect(folder, progress=False))
    assert got["zz-copy.json"] == "a copy of ana.json (the same bytes)"
    assert "the same highlights, ids and times as ana.json" in got["zz-renamed.json"]


def test_links_are_not_followed(folder, tmp_path_factory):
    outside = write(tmp_path_factory.mktemp("outside"), "secret.json", ANA)
    (folder / "link.json").symlink_to(outside)
    assert "links are not followed" in reasons(collect(folder, progress=False))["link.json"]


def test_a_reader_that_crashes_skips_the_file_not_the_run(folder, monkeypatch):
    build = readers.READERS[0].build

    def explode(store, contents, transcript, path):
        if path.name == "ben.json":
            raise RuntimeError("boom")
        return build(store, contents, transcript, path)

    monkeypatch.setattr(readers.READERS[0], "build", explode)
    work = collect(folder, progress=False)
    assert [f.name for f in work.files] == ["Ana"]
    assert reasons(work)["ben.json"] == "could not be read (RuntimeError: boom)"


def test_inputs_are_never_changed(tmp_path):
    folder = tmp_path / "class"
    make_sample_class(folder)
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}
    work = collect(folder, progress=False)
    assert work.summary()["orphaned"] > 0  # orphans were found, and still nothing was saved
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}
    assert after == before


@pytest.mark.parametrize("author", ["../../escape", "/etc/passwd", "C:\\Windows\\x", "a/b.json"])
def test_path_like_names_are_shown_never_used_as_paths(tmp_path, author):
    folder, out = tmp_path / "class", tmp_path / "out"
    write(folder, "s.json", student(author, highlight(1, "hedge", "Actually")))
    assert main(["collect", str(folder), "--out", str(out)]) == 0
    assert collect(folder, progress=False).files[0].name == author
    made = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    files = ("index.html projector.html highlights.csv words.csv agreement.csv kappa.csv "
             "completion.csv class-annotations.jsonld")  # fmt: skip
    assert made == ["class/s.json"] + [f"out/{n}" for n in sorted(files.split())]


def test_two_students_with_one_name_stay_apart(folder):
    write(folder, "ana2.json", student("Ana", highlight(3, "booster", "definitely")))
    assert [f.name for f in collect(folder, progress=False).files] == ["Ana", "Ana (2)", "Ben"]


def test_files_without_a_name_of_their_own_are_named_by_their_student_folder(tmp_path):
    # As on a hub: every student kept the notebook's author="student"; one folder each.
    write(tmp_path, "jupyter-ana/student.json", student("student", highlight(1, "hedge", "we")))
    write(tmp_path, "jupyter-ben/student.json", student("student", highlight(2, "booster", "we")))
    write(tmp_path, "jupyter-cy/cy.json", student("Cy", highlight(3, "hedge", "Actually")))
    write(tmp_path, "loose.json", student("", highlight(4, "hedge", "Actually")))
    names = [f.name for f in collect(tmp_path, progress=False).files]
    assert names == ["loose", "jupyter-ana", "jupyter-ben", "Cy"]


def test_a_class_made_on_an_older_text_is_reanchored_and_its_orphans_reported(tmp_path):
    make_sample_class(tmp_path)
    work = collect(tmp_path / "older-text", progress=False)
    assert len(work.files) == 4 and not work.skipped
    for f in work.files:
        assert f.reanchored == f.highlights > 0  # every position moved
        assert sorted(o.quote for o in f.content.orphans) == [
            "Diplomacy is always preferable",
            "It was a pleasure.",
        ]
    assert work.summary()["orphaned"] == 8


def test_the_committed_sample_class_is_what_the_generator_makes(tmp_path):
    written = make_sample_class(tmp_path)
    committed = DATA_DIR / "sample-class"
    for path in written:
        name = path.relative_to(tmp_path)
        assert (committed / name).read_bytes() == path.read_bytes(), (
            f"data/sample-class/{name.as_posix()} differs from a fresh run; run "
            "`python -m closereading.course.sample_class data/sample-class`"
        )
    assert sorted(p.name for p in committed.rglob("*.json")) == sorted(
        p.name for p in written if p.suffix == ".json"
    )


def test_the_sample_class_has_20_to_30_files_and_each_broken_one_is_skipped():
    work = collect(DATA_DIR / "sample-class", progress=False)
    assert 20 <= len(work.files) + len(work.skipped) <= 30
    assert {s.source for s in work.skipped} == {
        f"broken/{n}"
        for n in (
            "corrupt.json",
            "other-transcript.json",
            "unknown-move.json",
            "copy-of-amara-okafor.json",
            "renamed-copy.json",
            "deep.json",
        )
    }


def test_progress_bar_on_request(folder, capsys):
    collect(folder, progress=True)
    assert "collecting" in capsys.readouterr().err


def test_the_command_writes_the_report_and_a_summary(tmp_path, capsys):
    out = tmp_path / "report"
    assert main(["collect", str(DATA_DIR / "sample-class"), "--out", str(out)]) == 0
    said = capsys.readouterr()
    assert "read 24 files, skipped 6" in said.out and "orphaned" in said.out
    assert "skipped broken/deep.json: JSON nested deeper" in said.err
    assert (out / "index.html").exists()


def test_the_command_says_what_is_wrong_with_the_folder(tmp_path, capsys):
    assert main(["collect", str(tmp_path / "nowhere")]) == 1
    assert "no such folder" in capsys.readouterr().err
    write(tmp_path / "bad", "x.json", "{")
    assert main(["collect", str(tmp_path / "bad"), "--out", str(tmp_path / "o")]) == 1
    assert "no highlight file could be read" in capsys.readouterr().err


def test_the_report_folder_inside_the_class_folder_is_not_read(folder):
    out = folder / "report"
    assert main(["collect", str(folder), "--out", str(out)]) == 0
    write(out, "stray.json", ANA)
    assert [f.source for f in collect(folder, exclude=out, progress=False).files] == [
        "ana.json",
        "ben.json",
    ]


def test_files_hash_is_of_their_bytes(folder):
    f = collect(folder, progress=False).files[0]
    assert f.sha256 == hashlib.sha256((folder / "ana.json").read_bytes()).hexdigest()


def reference_of(start: int) -> str:
    from closereading.annotation.pronouns import PronounAssignments
    from closereading.course.collect.summary import PRONOUN_REFERENCE_PATH

    held = PronounAssignments.load(PRONOUN_REFERENCE_PATH, INTERVIEW)
    return next((a.referent for a in held.assignments() if a.start == start), "")


def test_answer_codes_and_pronoun_referents_are_read_and_compared(tmp_path):
    from closereading.annotation.code_store import REFERENCE_CODING_PATH
    from closereading.annotation.pronouns import label
    from closereading.course.collect.summary import _code_label, summarise

    reference = json.loads(REFERENCE_CODING_PATH.read_text(encoding="utf-8"))
    write(tmp_path, "ana-codes.json", {**reference, "author": "Ana"})
    changed = json.loads(json.dumps(reference))
    body = changed["annotations"][0]["body"][0]
    assert body["purpose"] == "classifying"
    body["value"] = "intermediate"
    write(tmp_path, "ben-codes.json", {**changed, "author": "Ben"})
    we = TEXT.index("we don’t")
    pronouns = {
        "schema": "closereading.pronouns/1",
        "transcript": {"id": "peskov-2013", "sha256": INTERVIEW.sha256},
        "author": "Ana",
        "assignments": [{"start": we, "end": we + 2, "quote": "we", "referent": "government"}],
    }
    write(tmp_path, "ana-pronouns.json", pronouns)
    write(
        tmp_path,
        "ben-pronouns.json",
        {
            **pronouns,
            "author": "Ben",
            "assignments": [{**pronouns["assignments"][0], "referent": "nation"}],
        },
    )
    work = collect(tmp_path, progress=False)
    assert not work.skipped, work.skipped
    assert sorted({f.kind for f in work.files}) == ["answer codes", "pronoun referents"]
    figures = summarise(work, reference=None)
    first = figures.codes[0]
    # the coding scheme's words, not its ids, with the reference's choice beside the class's
    assert first.label == "Q1" and first.choices == (("Intermediate reply", 1), ("Reply", 1))
    ana = dict(zip(["Ana", "Ben"], [f.content for f in work.of_kind("answer codes")]))["Ana"]
    assert first.reference == _code_label(next(c for c in ana.codes if c.unit == first.key))
    assert len(figures.pronouns) == 1 and figures.pronouns[0].readers == 2
    choices = dict(figures.pronouns[0].choices)
    assert set(choices) == {label("government"), label("nation")} and "nation" not in choices
    assert figures.pronouns[0].reference == label(reference_of(we))
    context = figures.pronouns[0].quote
    words = TEXT.split()
    assert all(w.strip("…") in words or w == "…" for w in context.split()), context


def test_a_broken_codes_file_is_skipped_with_its_reason(folder):
    write(folder, "codes.json", {"schema": "closereading.codes/1", "transcript": {"id": "x"}})
    assert reasons(collect(folder, progress=False))["codes.json"]


# --- files no student can use to stop or skew the run ---------------------------------------


def test_a_number_too_long_for_python_skips_the_file_not_the_run(folder):
    write(folder, "big.json", '{"schema": "closereading.annotations/1", "n": ' + "9" * 5000 + "}")
    work = collect(folder, progress=False)
    assert [f.name for f in work.files] == ["Ana", "Ben"]
    assert "cannot be read" in reasons(work)["big.json"]


def test_an_unreadable_file_is_skipped_with_its_reason(folder, monkeypatch):
    # Tests run as root, for whom a file's permissions do not stop a read: refuse it instead.
    import builtins
    import os

    def refuse(real):
        def opener(path, *args, **kwargs):
            if str(path).endswith("locked.json"):
                raise PermissionError(13, "Permission denied", str(path))
            return real(path, *args, **kwargs)

        return opener

    write(folder, "locked.json", ANA)
    monkeypatch.setattr(builtins, "open", refuse(builtins.open))
    monkeypatch.setattr(os, "open", refuse(os.open))
    work = collect(folder, progress=False)
    assert [f.name for f in work.files] == ["Ana", "Ben"]
    assert reasons(work)["locked.json"] == "could not be opened (permission denied)"


def test_an_unreadable_student_folder_is_named_not_silently_missing(folder, monkeypatch):
    import os

    write(folder, "jupyter-cy/student.json", student("student", highlight(5, "hedge", "Actually")))
    real = os.scandir

    def scandir(path="."):
        if str(path).endswith("jupyter-cy"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    work = collect(folder, progress=False)
    assert [f.name for f in work.files] == ["Ana", "Ben"]
    assert "could not be opened (permission denied)" in reasons(work)["jupyter-cy"]


def test_a_named_pipe_is_never_opened(folder):
    import os
    import threading

    pipe = folder / "pipe.json"
    os.mkfifo(pipe)
    result: list = []
    worker = threading.Thread(target=lambda: result.append(collect(folder, progress=False)))
    worker.daemon = True
    worker.start()
    worker.join(timeout=20)
    if worker.is_alive():  # it opened the pipe and waits for a writer: free it, then fail
        os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(timeout=5)
        pytest.fail("collect waited on a named pipe")
    assert "a named pipe, not a regular file: never opened" in reasons(result[0])["pipe.json"]


def test_linked_folders_and_folders_named_like_files_are_named(folder, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere")
    write(outside, "secret.json", student("Eve", highlight(7, "hedge", "Actually")))
    (folder / "linked").symlink_to(outside, target_is_directory=True)
    write(folder, "dir.json/cy.json", student("Cy", highlight(8, "booster", "Actually")))
    write(folder, "README.md", "the class's files")
    work = collect(folder, progress=False)
    got = reasons(work)
    assert got["linked"] == "a link to a folder: links are not followed"
    assert got["dir.json"] == "a folder named like a file: searched as a folder"
    assert [f.name for f in work.files] == ["Ana", "Ben", "Cy"]
    assert {s.source: s.reason for s in work.passed} == {"README.md": "not a .json file"}


def test_a_recovered_file_is_the_same_reader_merged_not_a_second_one(tmp_path):
    home = tmp_path / "jupyter-ana"
    write(home, "student.json", student("student", highlight(1, "hedge", "we don’t believe")))
    later = highlight(1, "booster", "we don’t believe")
    later["modified"] = "2026-12-01T09:00:00Z"
    both = student("student", later, highlight(2, "booster", "Actually"))
    write(home, "student-recovered.json", both)
    work = collect(tmp_path, progress=False)
    assert [f.name for f in work.files] == ["jupyter-ana"]
    ana = work.files[0]
    assert ana.merged == "jupyter-ana/student-recovered.json" and not work.skipped
    assert sorted((a.id, a.move) for a in ana.content) == [("a1", "booster"), ("a2", "booster")]


def test_a_damaged_file_gives_way_to_its_recovered_file(tmp_path):
    home = tmp_path / "jupyter-ana"
    write(home, "student.json", '{"schema": "closereading.annotations/1", "annot')
    write(home, "student-recovered.json", student("student", highlight(2, "booster", "Actually")))
    write(home, "student.damaged-20261201T090000Z.json", "{")
    work = collect(tmp_path, progress=False)
    assert [(f.name, f.source) for f in work.files] == [
        ("jupyter-ana", "jupyter-ana/student-recovered.json")
    ]
    got = reasons(work)
    assert (
        "jupyter-ana/student-recovered.json is read in its place" in got["jupyter-ana/student.json"]
    )
    assert "kept aside by recovery" in got["jupyter-ana/student.damaged-20261201T090000Z.json"]
