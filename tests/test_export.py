"""Exports that cannot be turned against the reader: CSV no spreadsheet runs as formulas (proved
in LibreOffice, headless), and W3C Web Annotation JSON-LD that meets the test suite's MUSTs."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from w3c_annotation_schema import ANNOTATION, COLLECTION

from closereading import load_interview
from closereading.annotation.export import (
    CSV_COLUMNS,
    ORPHAN_DESCRIPTION,
    spreadsheet_safe,
    write_csv,
)
from closereading.annotation.model import AnnotationSet

# Notes a hostile or careless student might write. ROMAN(1999) is MCMXCIX: if that text appears
# in what the spreadsheet computed, a formula ran.
PAYLOADS = [
    "=ROMAN(1999)",
    "+ROMAN(1999)",
    "-ROMAN(1999)",
    "@ROMAN(1999)",
    "x;=ROMAN(1999);",
    "x,=ROMAN(1999),",
    "x\t=ROMAN(1999)",
    "x|=ROMAN(1999)",
    " =ROMAN(1999)",
    "\n=ROMAN(1999)",
    "\r\n=ROMAN(1999)",
    "\t=ROMAN(1999)",
    "line one\n=ROMAN(1999)",
    "\uff1dROMAN(1999)",
    "\u3000=ROMAN(1999)",
    "a; =ROMAN(1999); b",
    "-2+3+cmd|' /C calc'!A0",
    '=HYPERLINK("http://example.org";"click")',
]
# Text that must come out exactly as written (numbers and ordinary prose).
UNCHANGED = ["-5", "+3", "-5 %", "-5 % of voters", "we - they", "e-mail", "a; b", "x=1", "50%"]


def records(notes: list[str]) -> list[dict]:
    return [
        {
            "id": f"n{i}",
            "move": "hedge",
            "label": "Hedge",
            "start": 10 * i,
            "end": 10 * i + 5,
            "quote": "quote",
            "note": note,
            "created": "2024-01-01T00:00:00Z",
            "modified": "2024-01-01T00:00:00Z",
        }
        for i, note in enumerate(notes)
    ]


# --- the guard ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", UNCHANGED)
def test_numbers_and_prose_are_left_as_written(text):
    assert spreadsheet_safe(text) == text


@pytest.mark.parametrize(
    "text, guarded",
    [
        ("=1+1", "'=1+1"),
        ("x;=1+1;", "x;'=1+1;"),
        ("x,=1+1", "x,'=1+1"),
        (" \uff1d1+1", " '\uff1d1+1"),
        ("\n=1+1", "\n'=1+1"),
        ("-1+1", "'-1+1"),
        ("-5 % of voters; -1+1", "-5 % of voters; '-1+1"),
    ],
)
def test_the_guard_adds_one_apostrophe_before_each_formula_sign(text, guarded):
    assert spreadsheet_safe(text) == guarded
    assert spreadsheet_safe(guarded) == guarded  # guarding twice changes nothing more


def test_numbers_stay_numbers_and_every_field_is_quoted():
    buffer = io.StringIO()
    write_csv(records(["-5"]), buffer)
    header, row = buffer.getvalue().splitlines()
    assert header == ",".join(f'"{c}"' for c in CSV_COLUMNS)
    assert row == '"n0","hedge","Hedge","0","5","quote","-5","2024-01-01T00:00:00Z",' + (
        '"2024-01-01T00:00:00Z","no"'
    )


def test_orphans_are_exported_flagged(tmp_path):
    path = tmp_path / "a.json"
    notes = AnnotationSet(load_interview())
    start = notes.transcript.text.index("Definitely")
    notes.add("booster", start, start + len("Definitely"), note="sure")
    data = notes.to_dict()
    data["transcript"]["sha256"] = "0" * 64
    data["annotations"][0].update(quote="gone from the text", prefix="", suffix="")
    path.write_text(json.dumps(data), encoding="utf-8")
    loaded = AnnotationSet.load(path, notes.transcript)
    buffer = io.StringIO()
    loaded.to_csv(buffer)
    [row] = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert (row["quote"], row["note"], row["orphan"]) == ("gone from the text", "sure", "yes")
    [item] = loaded.to_w3c()["first"]["items"]
    assert [s["type"] for s in item["target"]["selector"]] == ["TextQuoteSelector"]
    assert item["body"][-1] == {
        "type": "TextualBody",
        "purpose": "describing",
        "value": ORPHAN_DESCRIPTION,
        "format": "text/plain",
    }


# --- a real spreadsheet ------------------------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_spreadsheet = pytest.mark.skipif(
    SOFFICE is None and not os.environ.get("CLOSEREADING_REQUIRE_SPREADSHEET"),
    reason="LibreOffice (soffice) is not installed: `apt-get install libreoffice-calc-nogui`; "
    "set CLOSEREADING_REQUIRE_SPREADSHEET=1 to make this a failure",
)


def spreadsheet_values(csv_path: Path, separator: str, tmp_path: Path) -> str:
    """Import ``csv_path`` into LibreOffice Calc splitting on ``separator``, with formulas
    evaluated, and return the computed cells written back out as CSV text."""
    assert SOFFICE is not None, "LibreOffice is required here (CLOSEREADING_REQUIRE_SPREADSHEET)"
    out = tmp_path / f"out-{ord(separator)}"
    infilter = f"CSV:{ord(separator)},34,76,1,,0,false,true,false,false,true"
    outfilter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            f"--infilter={infilter}",
            "--convert-to",
            outfilter,
            "--outdir",
            str(out),
            str(csv_path),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    [result] = out.glob("*.csv")
    return result.read_text(encoding="utf-8")


def old_write_csv(rows: list[dict], path: Path) -> None:
    """How the CSV was written before: minimal quoting, a leading apostrophe for = + - @ only."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS[:-1], extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            note = row["note"]
            if note[:1] in ("=", "+", "-", "@", "\t", "\r"):
                row = {**row, "note": "'" + note}
            writer.writerow(row)


@needs_spreadsheet
@pytest.mark.parametrize("separator", [",", ";", "\t", "|"])
def test_no_cell_runs_as_a_formula_in_a_real_spreadsheet(tmp_path, separator):
    path = tmp_path / "highlights.csv"
    write_csv(records(PAYLOADS + UNCHANGED), path)
    computed = spreadsheet_values(path, separator, tmp_path)
    assert "MCMXCIX" not in computed
    assert "Err:" not in computed and "#NAME?" not in computed


@needs_spreadsheet
def test_the_spreadsheet_check_catches_the_old_guard(tmp_path):
    """The check can fail: the CSV as it was written before runs a formula under ';'."""
    path = tmp_path / "old.csv"
    old_write_csv(records(PAYLOADS), path)
    assert "MCMXCIX" in spreadsheet_values(path, ";", tmp_path)


@needs_spreadsheet
def test_numbers_and_prose_come_back_from_the_spreadsheet_as_written(tmp_path):
    path = tmp_path / "highlights.csv"
    write_csv(records(UNCHANGED), path)
    rows = list(csv.reader(io.StringIO(spreadsheet_values(path, ",", tmp_path))))
    # "+3" and "-5 %" are read as the numbers 3 and -5 %, as a spreadsheet reads any number:
    # data, not formulas.
    as_numbers = {"+3": "3", "-5 %": "-5%"}
    assert [row[6] for row in rows[1:]] == [as_numbers.get(t, t) for t in UNCHANGED]
    assert [row[3] for row in rows[1:]] == [str(10 * i) for i in range(len(UNCHANGED))]


# --- W3C Web Annotation ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def collection():
    notes = AnnotationSet(load_interview(), author="Ana María")
    text = notes.transcript.text
    for phrase, note in (("Definitely", "certain"), ("we don’t believe", "")):
        start = text.index(phrase)
        notes.add("hedge", start, start + len(phrase), note=note)
    first = notes.remove(next(iter(notes)).id)
    notes.restore(dataclasses.replace(first, id="id with space"))  # ids of hand-edited files
    return notes.to_w3c()


def test_the_collection_and_its_page_have_ids_and_meet_the_suite(collection):
    jsonschema.validate(collection, COLLECTION)
    page = collection["first"]
    assert page["id"] != collection["id"] and page["partOf"] == collection["id"]
    for item in page["items"]:
        jsonschema.validate({"@context": collection["@context"], **item}, ANNOTATION)
    ids = [item["id"] for item in page["items"]]
    assert len(set(ids)) == len(ids) and any(
        i.endswith("#annotation-id%20with%20space") for i in ids
    )


@pytest.mark.parametrize("missing", ["id", "type", "@context"])
def test_the_schema_refuses_a_collection_without_what_the_suite_requires(collection, missing):
    broken = {k: v for k, v in collection.items() if k != missing}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, COLLECTION)


def test_the_schema_refuses_a_page_without_an_id(collection):
    """The check can fail: the export as it was (no ids on collection or page) is refused."""
    page = {k: v for k, v in collection["first"].items() if k != "id"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**collection, "first": page}, COLLECTION)


@pytest.mark.parametrize(
    "change",
    [
        {"target": {"source": "urn:x", "selector": [{"type": "TextQuoteSelector"}]}},
        {
            "target": {
                "source": "urn:x",
                "selector": [{"type": "TextPositionSelector", "start": -1, "end": 2}],
            }
        },
        {"body": [{"type": "TextualBody", "purpose": "shouting", "value": "x"}]},
        {"bodyValue": "x"},
        {"id": "not an iri"},
        {"created": "yesterday"},
    ],
)
def test_the_schema_refuses_bad_annotations(collection, change):
    item = {"@context": collection["@context"], **collection["first"]["items"][0], **change}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(item, ANNOTATION)
