"""Tests for the class report (closereading.views.class_report and the course's report writer):
escaping of every student-made string, anonymisation, notes only when asked, CSV that no
spreadsheet runs, one W3C collection for the class, and a page that needs nothing from outside."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from closereading import load_interview
from closereading.analysis.agreement import AlphaRow
from closereading.analysis.discussion import Discussion, Passage
from closereading.annotation.anchoring import anchor
from closereading.annotation.highlight_store import SCHEMA
from closereading.course.collect import collect
from closereading.course.collect.anonymise import anonymous_code, key_path
from closereading.course.collect.report import write_report
from closereading.views.class_completion import CompletionRow
from closereading.views.class_discussion import DiscussionNotes, ReaderNote, Side
from closereading.views.class_projector import projector_html
from closereading.views.class_report import ReaderRow, ReportData, class_w3c, csv_text, report_html

INTERVIEW = load_interview()
PAYLOAD = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
FORMULA = '=HYPERLINK("http://x","y")'


def item(n, move, quote, note=""):
    start = INTERVIEW.text.index(quote)
    stamp = f"2026-11-30T10:{n:02d}:00Z"
    return {
        "id": f"a{n}",
        "move": move,
        "start": start,
        "end": start + len(quote),
        **anchor(INTERVIEW.text, start, start + len(quote)),
        "note": note,
        "created": stamp,
        "modified": stamp,
    }


def write_student(folder, name, author, *items):
    data = {
        "schema": SCHEMA,
        "transcript": {"id": "peskov-2013", "sha256": INTERVIEW.sha256},
        "author": author,
        "annotations": list(items),
    }
    (folder / name).write_text(json.dumps(data), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_class(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    write_student(
        folder,
        "a.json",
        PAYLOAD,
        item(1, "hedge", "we don’t believe", note=IMG),
        item(2, "booster", "Actually", note=FORMULA),
    )
    write_student(folder, "b.json", "=cmd|' /C calc'!A0", item(1, "hedge", "we don’t believe"))
    write_student(folder, "c.json", "Chloé", item(1, "booster", "Actually", note="mine"))
    (folder / "z-copy.json").write_bytes((folder / "c.json").read_bytes())  # skipped as a copy
    return collect(folder, progress=False)


def outputs(work, tmp_path, **options):
    paths = write_report(work, tmp_path / "out", **options)
    return {p.name: p.read_text(encoding="utf-8") for p in paths}


def test_student_strings_are_escaped_in_the_page(hostile_class, tmp_path):
    page = outputs(hostile_class, tmp_path, notes=True)["index.html"]
    assert PAYLOAD not in page and IMG not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "<script" not in page.lower() and "onerror=" not in page.replace(
        "onerror=alert(2)&gt;", ""
    )


def test_move_labels_and_quotes_are_escaped_too():
    passage = Passage("split", 0, 5, "<b>q</b>", 0, 3, 2, (("x", 2),), (("x", 2),), ("x",))
    data = ReportData(
        title="t",
        summary={},
        readers=[ReaderRow("<i>n</i>", "<f>.json", 1, 0, 0)],
        skipped=[("<s>.json", "<reason>")],
        labels={"x": "<u>Label</u>"},
        alpha=[AlphaRow("move", "x", 0.5, 1, 3)],
        discussion=Discussion((passage,), (), ()),
        notes=DiscussionNotes(
            {(0, 5): [ReaderNote("<n>", "x", 0, 5, "<qt>", "<note>")]},
            [ReaderNote("<n2>", "<m>", 9, 12, "<q2>", "<note2>")],
            {(0, 5): [Side("x", ReaderNote("<n>", "x", 0, 5, "<qt>", "<side>"))]},
        ),
        heatmaps=[("<h>", "")],
        completion=[CompletionRow("<c>", 1, None, 0, 0, "")],
    )
    page = report_html(data)
    projector = projector_html("<t>", [passage], data.notes.sides, data.labels)
    raws = ("<b>q</b>", "<u>Label</u>", "<i>n</i>", "<f>", "<s>", "<reason>", "<note>", "<h>",
            "<n>", "<m>", "<qt>", "<n2>", "<q2>", "<note2>", "<side>", "<c>", "<t>")  # fmt: skip
    for raw in raws:
        assert raw not in page and raw not in projector
    assert "&lt;u&gt;Label&lt;/u&gt;" in page and "&lt;u&gt;Label&lt;/u&gt;" in projector
    for text in ("&lt;note&gt;", "&lt;note2&gt;", "&lt;side&gt;", "&lt;c&gt;", "&lt;n2&gt;"):
        assert text in page
    assert "&lt;side&gt;" in projector and "&lt;n&gt;" not in projector  # never a name


def test_the_page_needs_nothing_from_outside_and_prints(hostile_class, tmp_path):
    page = outputs(hostile_class, tmp_path)["index.html"]
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:|//)""", page)
    assert "<link" not in page and "@import" not in page
    assert "default-src 'none'" in page and "@media print" in page
    assert "<svg" in page and 'role="img"' in page


def test_notes_only_when_asked(hostile_class, tmp_path):
    without = outputs(hostile_class, tmp_path / "1")
    assert all("mine" not in text for text in without.values())
    assert "Students' notes" not in without["index.html"]
    with_notes = outputs(hostile_class, tmp_path / "2", notes=True)
    assert "mine" in with_notes["index.html"] and "mine" in with_notes["highlights.csv"]
    assert "mine" in with_notes["class-annotations.jsonld"]


def test_csv_cells_never_run_as_formulas(hostile_class, tmp_path):
    files = outputs(hostile_class, tmp_path, notes=True)
    for name in ("highlights.csv", "kappa.csv"):
        for row in csv.reader(io.StringIO(files[name])):
            for cell in row:
                assert not cell.lstrip().startswith(("=", "+", "@")), (name, cell)
    assert "'=HYPERLINK" in files["highlights.csv"] and "'=cmd" in files["highlights.csv"]
    assert csv_text(["a"], [{"a": "-1+2"}]).splitlines()[1] != "-1+2"


KEY = bytes(range(32))


def test_anonymise_replaces_every_name_with_a_stable_code(hostile_class, tmp_path):
    files = outputs(hostile_class, tmp_path, anonymise=True, notes=True, key=KEY)
    for text in files.values():
        assert "Chloé" not in text and "calc" not in text
        assert not re.search(r"\b[abc]\.json|z-copy", text)  # file names often hold names
    assert f"a copy of {anonymous_code('Chloé', KEY)}&#x27;s file" in files["index.html"]
    code = anonymous_code("Chloé", KEY)
    assert code == anonymous_code("Chloé", KEY) and code.startswith("Reader ")
    assert code in files["index.html"] and code in files["highlights.csv"]
    assert code in files["class-annotations.jsonld"] and code in files["kappa.csv"]
    page = " ".join(files["index.html"].split())
    assert "Codes come from a secret key" in page and "It does not hide what students wrote" in page


def test_codes_are_keyed_by_the_class_secret_kept_outside_the_report(hostile_class, tmp_path, work):
    # An unsalted hash of the name could be computed by anyone with a class list; a keyed one
    # cannot without the key, which the instructor keeps (made on first use, stable after).
    first = outputs(hostile_class, tmp_path, anonymise=True)
    key_file = key_path(hostile_class.folder)
    key = bytes.fromhex(key_file.read_text().strip())
    assert len(key) == 32 and key_file.is_relative_to(work)
    assert key_file.stat().st_mode & 0o077 == 0  # readable by its owner only
    again = outputs(hostile_class, tmp_path, anonymise=True)
    assert again == first  # the same key, the same codes, run after run
    code = anonymous_code("Chloé", key)
    assert code in first["index.html"] and anonymous_code("Chloé", bytes(32)) != code
    assert len(code.split()[1]) >= 8  # more than 24 bits: codes of a large class do not collide
    for text in first.values():
        assert key.hex() not in text
    assert not any(p.suffix == ".key" for p in (tmp_path / "out").iterdir())


def test_the_command_refuses_a_key_inside_the_report_and_explains_anonymising(tmp_path, capsys):
    from closereading.course.cli import main

    folder = tmp_path / "class"
    folder.mkdir()
    write_student(folder, "a.json", "Ana", item(1, "hedge", "we don’t believe"))
    out = tmp_path / "out"
    assert main(["collect", str(folder), "--out", str(out), "--anonymise", "--key",
                 str(out / "k.key")]) == 1  # fmt: skip
    assert "must not be kept in the report" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["collect", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert "does not hide what students wrote" in shown
    assert "projector.html (the projector view" in shown and "completion.csv (each" in shown


def test_w3c_export_keeps_only_iso_dates(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    bad = {**item(1, "hedge", "we don’t believe"), "created": PAYLOAD, "modified": "yesterday"}
    write_student(folder, "a.json", "Ana", bad, item(2, "booster", "Actually"))
    data = json.loads(
        outputs(collect(folder, progress=False), tmp_path)["class-annotations.jsonld"]
    )
    created = {i.get("created") for i in data["first"]["items"]}
    assert created == {None, "2026-11-30T10:02:00Z"}
    text = json.dumps(data)
    assert "yesterday" not in text and "<script>" not in text


def test_one_w3c_collection_for_the_class(hostile_class, tmp_path):
    data = json.loads(outputs(hostile_class, tmp_path)["class-annotations.jsonld"])
    items = data["first"]["items"]
    assert data["type"] == "AnnotationCollection" and data["total"] == len(items) == 4
    assert len({i["id"] for i in items}) == 4  # "a1" of two readers stay apart
    assert {i["creator"]["name"] for i in items} == {PAYLOAD, "=cmd|' /C calc'!A0", "Chloé"}


def test_class_w3c_ids_are_iri_safe():
    out = class_w3c(
        [("Ana", [{"id": "a 1/x", "move": "hedge", "start": 0, "end": 2, "quote": "We"}])],
        "urn:x:peskov-2013",
        "label",
    )
    assert out["first"]["items"][0]["id"].endswith("#annotation-r001-n1")


def test_the_sample_class_report_names_what_it_read_and_skipped(tmp_path):
    from closereading.base.paths import DATA_DIR

    page = outputs(collect(DATA_DIR / "sample-class", progress=False), tmp_path)["index.html"]
    assert "24 files read, 6 skipped" in page
    assert "broken/deep.json" in page and "Unit of analysis" in page
    assert "Krippendorff, K. (2004)" in page and "Artstein" in page


# --- counts that add up, or say why not ------------------------------------------------------


@pytest.fixture
def class_with_an_empty_reader(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    write_student(folder, "a.json", "Ana", item(1, "hedge", "we don’t believe"))
    write_student(folder, "b.json", "Ben", item(1, "hedge", "we don’t believe that"))
    write_student(folder, "c.json", "Cy", item(1, "booster", "Actually"))
    write_student(folder, "d.json", "Dee")  # saved the notebook, marked nothing
    return collect(folder, progress=False)


def test_a_reader_who_marked_nothing_is_flagged_and_left_out_of_agreement(
    class_with_an_empty_reader, tmp_path
):
    from itertools import combinations

    from nltk.metrics.agreement import AnnotationTask

    from closereading.analysis.agreement import value_of
    from closereading.course.collect.summary import summarise

    def nltk_alpha(labels):
        rows = [(n, str(i), value_of(v)) for n, vs in labels.items() for i, v in enumerate(vs)]
        return AnnotationTask(rows).alpha()

    figures = summarise(class_with_an_empty_reader, reference=None)
    assert figures.empty == ("Dee",) and set(figures.labels) == {"Ana", "Ben", "Cy"}
    alpha = {(r.scope, r.name): r.alpha for r in figures.alpha}
    assert alpha[("all", "all moves")] == pytest.approx(nltk_alpha(figures.labels), abs=1e-9)
    everyone = summarise(class_with_an_empty_reader, reference=None, include_empty=True)
    assert set(everyone.labels) == {"Ana", "Ben", "Cy", "Dee"}  # an independent check of both
    both = {(r.scope, r.name): r.alpha for r in figures.alpha_with_empty}
    assert both[("all", "all moves")] == pytest.approx(nltk_alpha(everyone.labels), abs=1e-9)
    assert both[("all", "all moves")] != alpha[("all", "all moves")]
    task = AnnotationTask(
        [(n, str(i), value_of(v)) for n, vs in everyone.labels.items() for i, v in enumerate(vs)]
    )
    pairs = {(p.a, p.b): p.kappa for p in everyone.kappa}
    for a, b in combinations(everyone.labels, 2):
        if pairs[(a, b)] is not None:
            assert pairs[(a, b)] == pytest.approx(task.kappa_pairwise(a, b), abs=1e-9)
    assert all("Dee" not in (p.a, p.b) for p in figures.kappa)
    page = " ".join(outputs(class_with_an_empty_reader, tmp_path)["index.html"].split())
    assert "1 reader marked nothing</strong> in the current text (Dee)" in page
    shown = f"without them: {alpha[('all', 'all moves')]:.2f}; with them: "
    assert shown + f"{both[('all', 'all moves')]:.2f}" in page
    assert "marked nothing in the current text: left out of the agreement figures" in page


def test_departures_are_ranked_by_how_many_readers_depart_and_say_so():
    from closereading.analysis.agreement import WordCount
    from closereading.analysis.discussion import passages_to_discuss

    text = "aa bb cc dd ee ff"

    def w(i, marked, moves):
        start = i * 3
        values = {**moves, "not marked": 10 - marked}
        return WordCount(
            i, start, start + 2, text[start : start + 2], 0, 10, marked, moves, {}, values
        )

    # a long passage six readers marked and a short one nine marked; the reference marks neither
    counts = [w(0, 6, {"hedge": 6}), w(1, 6, {"hedge": 6}), w(2, 6, {"hedge": 6}),
              w(3, 0, {}), w(4, 9, {"booster": 9}), w(5, 0, {})]  # fmt: skip
    found = passages_to_discuss(
        counts, text, [0] * 6, reference_labels=[frozenset()] * 6
    ).departures
    assert [(p.quote, p.departing) for p in found] == [("ee", 9), ("aa bb cc", 6)]
    data = ReportData("t", {}, (), (), discussion=Discussion((), (), found))
    page = " ".join(report_html(data).split())
    assert "Ranked by how many readers depart" in page and "9 of 10 readers depart" in page


def test_readings_that_do_not_add_up_say_why():
    two_moves = Passage("split", 0, 5, "we do", 0, 10, 6, (("hedge", 5), ("booster", 4)))
    adds_up = Passage("split", 0, 5, "we do", 0, 10, 9, (("hedge", 5), ("booster", 4)))
    page = report_html(
        ReportData("t", {}, (), (), discussion=Discussion((two_moves,), (adds_up,), ()))
    )
    text = " ".join(page.split())
    assert text.count("These add up to 9, not 6") == 1 and "not 9" not in text


def test_codes_and_pronouns_show_the_reference_beside_the_class():
    from closereading.analysis.discussion import Choice

    codes = [
        Choice(
            "u1",
            "Q1",
            "Will you?",
            2,
            (("Reply", 1), ("Non-reply (Ignores the question)", 1)),
            "Reply",
        )
    ]
    page = report_html(ReportData("t", {}, (), (), codes=codes))
    assert '<th scope="col">reference</th>' in page and "<td>Reply</td>" in page
    assert "Ignores the question" in page and "ignores-the-question" not in page
