"""Tests for what the class report gives an instructor in session 3 (closereading.views
class_discussion, class_projector and class_completion, as the course's report writer fills
them): notes on the passages they belong to, a note for each reading of a split passage with no
name, the projector view, and the completion table for grading. Each class is made here, with a
known structure."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape

import pytest

from closereading import load_interview
from closereading.annotation.anchoring import anchor
from closereading.annotation.highlight_store import SCHEMA
from closereading.course.collect import collect
from closereading.course.collect.anonymise import anonymous_code
from closereading.course.collect.report import write_report

INTERVIEW = load_interview()
SPLIT = "we don’t believe"
FAR = "Diplomacy is preferable"
KEY = bytes(range(32))
#: Six readers; surnames no text of the course holds, so that a name is found if it leaks.
NAMES = ("Anaïs Quillfeather", "Bram Ostrowicz", "Cyra Vantongeren", "Dov Kettleby",
         "Eira Montclairo", "Fenna Lisowskaja", "Gil Brannigast")  # fmt: skip


def item(n, move, quote, note="", modified=None):
    start = INTERVIEW.text.index(quote)
    stamp = modified or f"2026-11-30T10:{n:02d}:00Z"
    return {"id": f"a{n}", "move": move, "start": start, "end": start + len(quote),
            **anchor(INTERVIEW.text, start, start + len(quote)), "note": note,
            "created": stamp, "modified": stamp}  # fmt: skip


def write_student(folder, name, author, *items):
    data = {"schema": SCHEMA, "transcript": {"id": "peskov-2013", "sha256": INTERVIEW.sha256},
            "author": author, "annotations": list(items)}  # fmt: skip
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(json.dumps(data), encoding="utf-8")


@pytest.fixture(scope="module")
def split_class(tmp_path_factory):
    """Three readers mark SPLIT a hedge, two a booster and one both (with the longest note, on
    his hedge); four others leave a note there too; one note is on words only one reader of seven
    marked (no passage); the sixth reader marks elsewhere."""
    folder = tmp_path_factory.mktemp("split-class")
    ana, ben, cyra, dov, eira, fenna, gil = NAMES
    write_student(folder, "a.json", ana, item(1, "hedge", SPLIT, "ana: softens"),
                  item(2, "hedge", FAR, "far from every passage"))  # fmt: skip
    write_student(folder, "b.json", ben, item(3, "hedge", SPLIT))
    write_student(folder, "c.json", cyra, item(4, "booster", SPLIT, "cyra: firm"))
    write_student(folder, "d.json", dov, item(5, "booster", SPLIT, "dov: a firm denial, no doubt"))
    write_student(folder, "e.json", eira, item(6, "hedge", SPLIT, "eira: the longest hedge note"))
    write_student(folder, "f.json", fenna, item(7, "booster", "numerous times"))
    write_student(folder, "g.json", gil, item(8, "hedge", SPLIT, "gil: both at once, the longest "
                  "note of them all"), item(9, "booster", SPLIT))  # fmt: skip
    return collect(folder, progress=False)


def outputs(work, out, **options):
    return {p.name: p.read_text(encoding="utf-8") for p in write_report(work, out, **options)}


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def passage_block(page: str, quote: str) -> str:
    """The report's block for the passage quoting ``quote`` (its ``div.passage``)."""
    blocks = re.findall(r'<div class="passage">.*?</div>', page, flags=re.S)
    return next(b for b in blocks if f"<blockquote>{quote}</blockquote>" in unescape(b))


def test_notes_are_attached_to_the_passages_they_belong_to(split_class, tmp_path):
    page = outputs(split_class, tmp_path, notes=True)["index.html"]
    block = passage_block(page, SPLIT)
    notes = re.search(r'<details class="notes">.*?</details>', block, flags=re.S)
    assert notes is not None and "Readers' notes on these words (5)" in notes.group(0)
    for note in ("ana: softens", "cyra: firm", "dov: a firm denial", "eira: the longest"):
        assert note in notes.group(0)
    assert "far from every passage" not in block
    # the note on no passage is kept, collapsed, after the passages; no table of all notes
    rest = re.search(r"Notes on other passages \(1\).*?</details>", page, flags=re.S)
    assert rest is not None and "far from every passage" in rest.group(0)
    assert page.count("far from every passage") == 1 and "Students' notes" not in page


def test_a_split_passage_offers_a_note_for_each_reading_without_a_name(split_class, tmp_path):
    page = outputs(split_class, tmp_path, notes=True)["index.html"]
    sides = re.search(r'<details class="sides">.*?</details>', passage_block(page, SPLIT), re.S)
    assert sides is not None
    shown = text_of(sides.group(0))
    assert "For discussion: who would defend each reading?" in shown
    # the longest note among the readers who chose each reading, on these words
    assert "Hedge : eira: the longest hedge note" in shown
    assert "Booster : dov: a firm denial, no doubt" in shown
    assert "Booster + Hedge : gil: both at once" in shown  # his hedge note is not a hedge's
    assert "ana: softens" not in shown and "cyra: firm" not in shown
    assert not any(part in shown for name in NAMES for part in name.split())


def test_notes_under_anonymising_carry_codes_and_the_sides_no_code(split_class, tmp_path):
    page = outputs(split_class, tmp_path, notes=True, anonymise=True, key=KEY)["index.html"]
    assert not any(part in page for name in NAMES for part in name.split())
    block = passage_block(page, SPLIT)
    assert anonymous_code(NAMES[4], KEY) in block
    sides = re.search(r'<details class="sides">.*?</details>', block, re.S)
    assert sides is not None and "Reader " not in sides.group(0)


def test_without_notes_the_page_says_how_to_show_them(split_class, tmp_path):
    files = outputs(split_class, tmp_path)
    assert "ana: softens" not in "".join(files.values())
    assert 'class="sides"' not in files["index.html"]
    assert "Collect with <code>--notes</code>" in files["index.html"]


def test_the_projector_view_shows_one_split_passage_a_screen_and_no_name(split_class, tmp_path):
    files = outputs(split_class, tmp_path, notes=True)
    projector = files["projector.html"]
    assert 'href="projector.html"' in files["index.html"]
    assert "<script" not in projector and "default-src 'none'" in projector
    slides = re.findall(r'<section class="slide" id="p(\d+)"', projector)
    assert slides == ["1"]  # the one passage where the class splits
    assert ".slide { display: none; }" in projector and ".slide:target" in projector
    assert f"<blockquote>{SPLIT}</blockquote>" in unescape(projector)
    shown = text_of(projector)
    assert "Hedge : 3 readers" in shown and "Booster : 2 readers" in shown
    assert "eira: the longest hedge note" in shown and "dov: a firm denial" in shown
    # no reader's name, nor their code, and no note but the sides' notes
    assert not any(part in projector for name in NAMES for part in name.split())
    assert "Reader " not in projector and "ana: softens" not in projector
    assert "far from every passage" not in projector


def test_the_projector_view_without_split_passages_says_so(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    write_student(folder, "a.json", "Ana", item(1, "hedge", SPLIT))
    write_student(folder, "b.json", "Ben", item(2, "hedge", SPLIT))
    projector = outputs(collect(folder, progress=False), tmp_path / "out")["projector.html"]
    assert 'class="slide"' not in projector and "No passage split the class" in projector


# --- the completion table ----------------------------------------------------------------------

HOSTILE = ('=HYPERLINK("http://x","y")', "+1+cmd", "-2+3+cmd", "@SUM(A1)", "\t=1+1", "\r=1+1")


@pytest.fixture
def handed_in(tmp_path):
    """Ana: highlights (one orphan-free), codes, pronouns and a written reading; Ben: highlights
    in a hub home under the widgets' default name, and his written reading there; Cy: only codes;
    and a student for each formula a spreadsheet could run."""
    from closereading.annotation.code_store import REFERENCE_CODING_PATH

    folder = tmp_path / "class"
    write_student(folder, "ana.json", "Ana María", item(1, "hedge", SPLIT),
                  item(2, "booster", FAR, modified="2026-11-30T10:05:00Z"))  # fmt: skip
    coding = json.loads(REFERENCE_CODING_PATH.read_text(encoding="utf-8"))
    coding["annotations"][0]["body"] = []  # one unit opened but never given an outcome
    for a in coding["annotations"]:
        a["modified"] = "2026-11-30T11:00:00+02:00"  # later as text, earlier in time
    (folder / "ana-codes.json").write_text(json.dumps({**coding, "author": "Ana María"}))
    (folder / "cy-codes.json").write_text(json.dumps({**coding, "author": "Cy"}))
    we = INTERVIEW.text.index("we don’t")
    pronouns = {"schema": "closereading.pronouns/1",
                "transcript": {"id": "peskov-2013", "sha256": INTERVIEW.sha256},
                "author": "Ana María", "assignments": [
                    {"start": we, "end": we + 2, "quote": "we", "referent": "government"}]}  # fmt: skip
    (folder / "ana-pronouns.json").write_text(json.dumps(pronouns), encoding="utf-8")
    (folder / "reading").mkdir()
    (folder / "reading" / "ana-maría.md").write_text("# My reading\n\nPeskov’s “we” is six words.")
    write_student(folder, "jupyter-ben/work/annotations/student.json", "student",
                  item(3, "hedge", SPLIT))  # fmt: skip
    (folder / "jupyter-ben/work/reading").mkdir(parents=True)
    (folder / "jupyter-ben/work/reading/student.md").write_text("One two three.", encoding="utf-8")
    for n, name in enumerate(HOSTILE):
        write_student(folder, f"h{n}.json", name, item(10 + n, "booster", FAR))
    return folder


def test_the_completion_table_counts_each_students_work_across_kinds(handed_in, tmp_path):
    work = collect(handed_in, progress=False)
    assert not work.skipped, work.skipped
    files = outputs(work, tmp_path / "out")
    rows = {r["student"]: r for r in csv.DictReader(io.StringIO(files["completion.csv"]))}
    assert rows["Ana María"] == {"student": "Ana María", "highlights": "2", "units coded": "4",
                                 "pronouns assigned": "1", "reading saved": "yes (7 words)",
                                 "last change": "2026-11-30T10:05:00Z"}  # fmt: skip
    assert rows["jupyter-ben"]["highlights"] == "1"
    assert rows["jupyter-ben"]["reading saved"] == "yes (3 words)"
    assert rows["jupyter-ben"]["units coded"] == ""  # no file of codes read for him
    assert rows["Cy"]["highlights"] == "" and rows["Cy"]["units coded"] == "4"
    assert rows["Cy"]["reading saved"] == "no"
    assert len(rows) == 3 + len(HOSTILE)
    page = text_of(files["index.html"])
    assert "What each student handed in" in page
    assert "Ana María 2 4 1 yes (7 words) 2026-11-30 10:05 UTC" in page
    assert "Cy none read 4 none read no" in page


def test_the_completion_csv_runs_no_formula(handed_in, tmp_path):
    files = outputs(collect(handed_in, progress=False), tmp_path / "out")
    cells = [c for row in csv.reader(io.StringIO(files["completion.csv"])) for c in row]
    for name in HOSTILE:
        assert name not in cells
    for cell in cells:
        assert not cell.lstrip().startswith(("=", "+", "-", "@")), repr(cell)
    # names are shown on one line, so the tab and the line break are gone before the guard
    assert '\'=HYPERLINK("http://x","y")' in cells and "'=1+1" in cells


def test_the_completion_table_under_anonymising_names_no_one(handed_in, tmp_path):
    files = outputs(collect(handed_in, progress=False), tmp_path / "out", anonymise=True, key=KEY)
    for name in ("Ana María", "jupyter-ben", "Cy"):
        assert name not in files["completion.csv"] and name not in files["index.html"]
    assert anonymous_code("Ana María", KEY) in files["completion.csv"]


def test_a_written_reading_is_read_only_where_the_course_saves_it(tmp_path):
    folder = tmp_path / "class"
    write_student(folder, "ana.json", "Ana", item(1, "hedge", SPLIT))
    (folder / "notes.md").write_text("not a reading", encoding="utf-8")
    (folder / "reading").mkdir()
    (folder / "reading" / "ana.md").write_bytes(b"\xff\xfe bad")
    (folder / "reading" / "ben.md").write_text("", encoding="utf-8")
    work = collect(folder, progress=False)
    reasons = {s.source: s.reason for s in (*work.skipped, *work.passed)}
    assert reasons["notes.md"] == "not a .json file"
    assert reasons["reading/ana.md"].startswith("not UTF-8 text")
    assert reasons["reading/ben.md"] == "the file is empty"
    assert [f.kind for f in work.files] == ["highlights"]


def test_alpha_and_kappa_of_a_class_with_overlapping_labels_equal_nltks(split_class):
    """Gil gives the split words two moves at once ('booster+hedge', a value of its own)."""
    from itertools import combinations

    from nltk.metrics.agreement import AnnotationTask

    from closereading.analysis.agreement import value_of
    from closereading.course.collect.summary import summarise

    figures = summarise(split_class, reference=None)
    assert "booster+hedge" in {value_of(v) for v in figures.labels[NAMES[6]]}
    task = AnnotationTask(
        [(n, str(i), value_of(v)) for n, vs in figures.labels.items() for i, v in enumerate(vs)]
    )
    alpha = {(r.scope, r.name): r.alpha for r in figures.alpha}
    assert alpha[("all", "all moves")] == pytest.approx(task.alpha(), abs=1e-12)
    pairs = {(p.a, p.b): p.kappa for p in figures.kappa}
    for a, b in combinations(figures.labels, 2):
        assert pairs[(a, b)] == pytest.approx(task.kappa_pairwise(a, b), abs=1e-12)
