"""Tests for closereading.annotation.model: anchoring, atomic persistence, re-anchoring, export."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import closereading.annotation.model as annotations_module
from closereading import load_interview, parse_transcript
from closereading.annotation.model import (
    CONTEXT_CHARS,
    CSV_COLUMNS,
    SCHEMA,
    Annotation,
    AnnotationError,
    AnnotationFileError,
    AnnotationSet,
    UnknownAnnotationError,
)
from closereading.annotation.taxonomy import UnknownMoveError, load_moves

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "data" / "annotations" / "reference.json"
ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


@dataclass(frozen=True)
class Text:
    """The least a transcript must offer an AnnotationSet: text, id, sha256."""

    text: str
    id: str = "tiny"

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


SAMPLE = Text("We believe it. They don’t believe it. We believe in diplomacy, frankly.")


def span(text: str, quote: str, occurrence: int = 0) -> tuple[int, int]:
    """The (start, end) of the n-th occurrence of ``quote`` in ``text``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    return start, start + len(quote)


@pytest.fixture
def clock(monkeypatch):
    """A controllable clock: set ``clock.now`` to change what _now() returns."""

    class Clock:
        now = "2024-01-01T00:00:00Z"

    monkeypatch.setattr(annotations_module, "_now", lambda: Clock.now)
    return Clock


# --- adding, changing, removing ----------------------------------------------------------------


def test_add_stores_quote_context_and_timestamps():
    notes = AnnotationSet(SAMPLE, author="Ana")
    a = notes.add("hedge", *span(SAMPLE.text, "believe", 2), note="softens")
    assert re.fullmatch(r"h[0-9a-f]{12}", a.id) and a.move == "hedge" and a.note == "softens"
    assert a.quote == "believe" == SAMPLE.text[a.start : a.end]
    assert a.prefix == SAMPLE.text[max(0, a.start - CONTEXT_CHARS) : a.start]
    assert a.suffix == SAMPLE.text[a.end : a.end + CONTEXT_CHARS]
    assert len(a.prefix) == CONTEXT_CHARS
    assert ISO_UTC.match(a.created) and a.created == a.modified
    assert notes.add("booster", 0, 2).id not in {a.id, ""}


def test_context_is_cut_at_the_ends_of_the_text():
    a = AnnotationSet(SAMPLE).add("exclusive-we", 0, 2)
    assert a.prefix == "" and a.quote == "We"
    b = AnnotationSet(SAMPLE).add("booster", *span(SAMPLE.text, "frankly."))
    assert b.suffix == ""


def test_unknown_move_lists_the_valid_moves():
    with pytest.raises(UnknownMoveError, match="valid moves are: hedge, booster"):
        AnnotationSet(SAMPLE).add("hedgehog", 0, 2)


@pytest.mark.parametrize(
    ("start", "end"),
    [(-1, 2), (2, 2), (3, 2), (0, len(SAMPLE.text) + 1), (0.0, 2), (True, 2), ("0", 2)],
)
def test_bad_spans_are_refused(start, end):
    notes = AnnotationSet(SAMPLE)
    with pytest.raises(AnnotationError):
        notes.add("hedge", start, end)
    assert len(notes) == 0


def test_overlapping_and_nested_annotations_are_allowed():
    notes = AnnotationSet(SAMPLE)
    outer = notes.add("exclusive-we", *span(SAMPLE.text, "We believe it."))
    inner = notes.add("hedge", *span(SAMPLE.text, "believe"))
    overlap = notes.add("booster", *span(SAMPLE.text, "it. They"))
    assert len(notes) == 3
    assert {a.id for a in notes.at(inner.start)} == {outer.id, inner.id}
    assert overlap in notes.at(overlap.start)


def test_iteration_is_in_text_order_and_get_remove_work():
    notes = AnnotationSet(SAMPLE)
    late = notes.add("hedge", *span(SAMPLE.text, "frankly"))
    early = notes.add("exclusive-we", 0, 2)
    assert [a.id for a in notes] == [early.id, late.id]
    assert notes.get(late.id) == late and late.id in notes
    assert notes.remove(late.id) == late
    assert len(notes) == 1 and late.id not in notes
    with pytest.raises(KeyError, match="a1"):
        notes.get("a1")
    with pytest.raises(KeyError):
        notes.remove("a1")
    assert notes.add("hedge", 0, 2).id not in {early.id, late.id}  # ids are never reused


def test_update_changes_move_note_and_span(clock):
    notes = AnnotationSet(SAMPLE)
    a = notes.add("hedge", *span(SAMPLE.text, "believe"))
    clock.now = "2024-01-02T00:00:00Z"
    b = notes.update(a.id, move="booster", note="certain")
    assert (b.move, b.note, b.created, b.modified) == ("booster", "certain", a.created, clock.now)
    c = notes.update(a.id, start=0, end=len("We believe"))
    assert c.quote == "We believe" and c.prefix == "" and c.move == "booster"
    assert notes.get(a.id) == c and len(notes) == 1
    assert notes.update(a.id) == c
    with pytest.raises(UnknownMoveError):
        notes.update(a.id, move="nope")
    with pytest.raises(AnnotationError):
        notes.update(a.id, end=0)
    assert notes.get(a.id) == c


def test_restore_puts_a_removed_annotation_back_under_its_id():
    notes = AnnotationSet(SAMPLE)
    first = notes.add("hedge", *span(SAMPLE.text, "believe"))
    second = notes.add("booster", 0, 2)
    notes.remove(first.id)
    assert notes.restore(first) == first and notes.get(first.id) == first
    with pytest.raises(AnnotationError, match="already exists"):
        notes.restore(second)
    notes.remove(second.id)
    with pytest.raises(AnnotationError, match="no longer"):
        notes.restore(Annotation("a7", "hedge", 0, 2, quote="xx"))
    with pytest.raises(UnknownMoveError):
        notes.restore(Annotation("a8", "nope", 0, 2, quote="We"))
    notes.restore(Annotation("a9", "hedge", 0, 2, quote="We"))  # ids of earlier versions stay valid
    assert notes.get("a9").quote == "We" and notes.add("hedge", 0, 2).id != "a9"


def test_works_with_a_real_transcript():
    transcript = parse_transcript(
        "---\nid: tiny\nspeaker: Q | interviewer | Asker\n"
        "speaker: A | interviewee | Answerer\n---\n"
        "Q: Will you answer?\n\nA: Frankly, we cannot.\n"
    )
    notes = AnnotationSet(transcript)
    a = notes.add("declining-to-answer", *span(transcript.text, "we cannot"))
    assert transcript.text[a.start : a.end] == "we cannot"
    assert notes.to_dict()["transcript"] == {"id": "tiny", "sha256": transcript.sha256}


# --- saving and loading ------------------------------------------------------------------------


def test_save_writes_the_documented_format(tmp_path):
    notes = AnnotationSet(SAMPLE, author="Ana")
    notes.add("hedge", *span(SAMPLE.text, "believe"), note="a note")
    path = notes.save(tmp_path / "deep" / "er" / "ana.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema"] == SCHEMA
    assert data["transcript"] == {"id": "tiny", "sha256": SAMPLE.sha256}
    assert data["author"] == "Ana"
    [record] = data["annotations"]
    assert set(record) == {
        "id",
        "move",
        "start",
        "end",
        "quote",
        "prefix",
        "suffix",
        "note",
        "created",
        "modified",
    }
    assert "don’t" in path.read_text(encoding="utf-8")  # readable UTF-8, not \u escapes


def test_round_trip_keeps_everything(tmp_path):
    notes = AnnotationSet(SAMPLE, author="Ana")
    notes.add("hedge", *span(SAMPLE.text, "believe", 2), note="second")
    notes.add("exclusive-we", 0, 2)
    path = notes.save(tmp_path / "ana.json")
    again = AnnotationSet.load(path, SAMPLE)
    assert list(again) == list(notes)
    assert again.author == "Ana" and again.orphans == [] and again.reanchored == []
    assert again.add("booster", 0, 2).id not in {a.id for a in notes}


def test_save_keeps_the_previous_version_as_bak(tmp_path):
    path = tmp_path / "ana.json"
    notes = AnnotationSet(SAMPLE)
    notes.add("hedge", 0, 2)
    notes.save(path)
    first = path.read_bytes()
    assert not path.with_suffix(".json.bak").exists()
    notes.add("booster", 3, 10)
    notes.save(path)
    assert path.with_suffix(".json.bak").read_bytes() == first
    assert len(json.loads(path.read_text(encoding="utf-8"))["annotations"]) == 2
    # Only the file, its backup and the hidden lock file that guards saves by two windows.
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".ana.json.lock",
        "ana.json",
        "ana.json.bak",
    ]


@pytest.mark.parametrize("target", ["json.dumps", "os.replace", "os.fsync"])
def test_a_failing_write_leaves_the_old_file_intact(tmp_path, monkeypatch, target):
    path = tmp_path / "ana.json"
    notes = AnnotationSet(SAMPLE)
    notes.add("hedge", 0, 2)
    notes.save(path)
    before = path.read_bytes()
    notes.add("booster", 3, 10)

    def explode(*args, **kwargs):
        raise OSError("disk full")

    module_name, attribute = target.split(".")
    monkeypatch.setattr({"json": json, "os": os}[module_name], attribute, explode)
    with pytest.raises(OSError, match="disk full"):
        notes.save(path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_saved_files_get_ordinary_permissions(tmp_path):
    umask = os.umask(0o022)
    try:
        notes = AnnotationSet(SAMPLE)
        notes.save(tmp_path / "ana.json")
        notes.save(tmp_path / "ana.json")
    finally:
        os.umask(umask)
    for name in ("ana.json", "ana.json.bak"):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o644, name


def test_unknown_ids_give_a_clear_key_error():
    with pytest.raises(UnknownAnnotationError) as caught:
        AnnotationSet(SAMPLE).get("a9")
    assert isinstance(caught.value, KeyError)
    assert str(caught.value) == "no annotation with id 'a9'"


def _valid_file(**changes) -> dict:
    data = AnnotationSet(SAMPLE).to_dict()
    data["annotations"] = [
        {
            "id": "a1",
            "move": "hedge",
            "start": 3,
            "end": 10,
            "quote": "believe",
            "prefix": "We ",
            "suffix": " it.",
            "note": "",
            "created": "",
            "modified": "",
        }
    ]
    data.update(changes)
    return data


def _without(field: str) -> dict:
    data = _valid_file()
    del data["annotations"][0][field]
    return data


def _with(**fields) -> dict:
    data = _valid_file()
    data["annotations"][0].update(fields)
    return data


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"{not json", "not valid JSON"),
        (b"", "empty"),
        (b"\xff\xfe\x00garbage", "not valid JSON"),
        (b'["a list"]', "not a Close Reading Lab file of highlights"),
        (b'{"cells": [], "nbformat": 4}', "not a Close Reading Lab file of highlights"),
        (json.dumps(_valid_file(schema="closereading.annotations/9")).encode(), "schema"),
        (json.dumps(_valid_file(transcript={"id": "other", "sha256": "x"})).encode(), "'other'"),
        (json.dumps(_valid_file(annotations={})).encode(), "must be a list"),
        (json.dumps(_without("quote")).encode(), "'quote' is missing"),
        (json.dumps(_with(start="3")).encode(), "'start' must be a whole number"),
        (json.dumps(_with(move="hedgehog")).encode(), "unknown move 'hedgehog'"),
        (json.dumps(_valid_file(annotations=_valid_file()["annotations"] * 2)).encode(), "twice"),
    ],
)
def test_a_bad_file_is_reported_and_left_untouched(tmp_path, content, problem):
    path = tmp_path / "student.json"
    path.write_bytes(content)
    stamp = path.stat().st_mtime_ns
    with pytest.raises(AnnotationFileError) as caught:
        AnnotationSet.load(path, SAMPLE)
    assert str(path) in str(caught.value)
    assert problem in str(caught.value)
    assert caught.value.path == path
    assert path.read_bytes() == content and path.stat().st_mtime_ns == stamp
    assert sorted(p.name for p in tmp_path.iterdir()) == ["student.json"]


def test_a_hand_written_minimal_file_loads(tmp_path):
    path = tmp_path / "min.json"
    data = _valid_file()
    for key in ("prefix", "suffix", "note", "created", "modified"):
        del data["annotations"][0][key]
    path.write_text(json.dumps(data), encoding="utf-8")
    [a] = AnnotationSet.load(path, SAMPLE)
    assert (a.quote, a.note, a.prefix) == ("believe", "", "")


# --- re-anchoring ------------------------------------------------------------------------------


def _saved(tmp_path, transcript, quotes) -> Path:
    notes = AnnotationSet(transcript)
    for move, quote, occurrence in quotes:
        notes.add(move, *span(transcript.text, quote, occurrence))
    return notes.save(tmp_path / "notes.json")


def test_reanchors_after_text_is_inserted_before(tmp_path):
    path = _saved(tmp_path, SAMPLE, [("booster", "frankly", 0)])
    edited = Text("Preface. " + SAMPLE.text)
    notes = AnnotationSet.load(path, edited)
    [a] = notes
    assert edited.text[a.start : a.end] == "frankly"
    assert a.start == SAMPLE.text.index("frankly") + len("Preface. ")
    assert notes.reanchored == [a.id] and notes.orphans == []


def test_context_picks_the_right_one_of_repeated_quotes(tmp_path):
    # "believe" occurs three times; the annotation is on the one before "in diplomacy"
    path = _saved(tmp_path, SAMPLE, [("hedge", "believe", 2)])
    edited = Text("We believe. " + SAMPLE.text.replace("They don’t", "They do not"))
    [a] = AnnotationSet.load(path, edited)
    assert edited.text[a.end :].startswith(" in diplomacy")


def test_same_text_but_moved_quote_is_reanchored(tmp_path):
    path = _saved(tmp_path, SAMPLE, [("booster", "frankly", 0)])
    data = json.loads(path.read_text(encoding="utf-8"))
    data["annotations"][0]["start"] = 0  # a hand-edited file: position no longer holds the quote
    path.write_text(json.dumps(data), encoding="utf-8")
    [a] = AnnotationSet.load(path, SAMPLE)
    assert SAMPLE.text[a.start : a.end] == "frankly"


def test_apostrophe_and_whitespace_edits_still_anchor(tmp_path):
    path = _saved(tmp_path, SAMPLE, [("hedge", "They don’t believe", 0)])
    edited = Text(SAMPLE.text.replace("They don’t believe", "They  don't\nbelieve"))
    [a] = AnnotationSet.load(path, edited)
    assert a.quote == "They  don't\nbelieve" == edited.text[a.start : a.end]


def _ids(path: Path) -> list[str]:
    return [r["id"] for r in json.loads(path.read_text(encoding="utf-8"))["annotations"]]


def test_a_lost_quote_is_orphaned_kept_and_saved(tmp_path):
    path = _saved(tmp_path, SAMPLE, [("booster", "frankly", 0), ("exclusive-we", "We", 0)])
    kept, lost = _ids(path)  # the file lists highlights in text order: "We", then "frankly"
    edited = Text(SAMPLE.text.replace(", frankly", ""))
    notes = AnnotationSet.load(path, edited)
    assert [a.id for a in notes] == [kept]
    [orphan] = notes.orphans
    assert orphan.id == lost and orphan.quote == "frankly"
    assert lost in notes and notes.get(lost) == orphan
    assert "1 orphaned" in repr(notes)
    notes.save(path)
    saved = json.loads(path.read_text(encoding="utf-8"))["annotations"]
    assert [(r["id"], r.get("orphan", False)) for r in saved] == [(kept, False), (lost, True)]
    assert len(AnnotationSet.load(path, edited).orphans) == 1
    assert len(notes.to_records()) == 1
    # Exports include the orphan, flagged (it used to be left out).
    assert notes.to_w3c()["total"] == 2
    assert [r["orphan"] for r in notes.to_records(orphans=True)] == [False, True]

    # the text comes back: the orphan finds its place again
    restored = AnnotationSet.load(path, SAMPLE)
    assert restored.orphans == [] and lost in restored.reanchored
    assert SAMPLE.text[restored.get(lost).start : restored.get(lost).end] == "frankly"


def test_an_orphan_can_be_anchored_by_hand_or_removed(tmp_path):
    path = _saved(tmp_path, SAMPLE, [("booster", "frankly", 0)])
    edited = Text(SAMPLE.text.replace("frankly", "honestly"))
    notes = AnnotationSet.load(path, edited)
    [lost] = _ids(path)
    notes.update(lost, note="still an orphan")
    assert notes.orphans[0].note == "still an orphan" and len(notes) == 0
    with pytest.raises(AnnotationError, match="both start and end"):
        notes.update(lost, start=0)
    start, end = span(edited.text, "honestly")
    a = notes.update(lost, start=start, end=end)
    assert a.quote == "honestly" and notes.orphans == [] and len(notes) == 1
    assert notes.add("hedge", 0, 2).id != lost
    notes.remove(lost)
    assert lost not in notes


# --- export ------------------------------------------------------------------------------------


@pytest.fixture
def noted():
    notes = AnnotationSet(SAMPLE, author="Ana")
    notes.add("hedge", *span(SAMPLE.text, "believe"), note='says "believe", not "know"\nsee 2')
    notes.add("exclusive-we", 0, 2)
    return notes


def test_records(noted):
    first, second = noted.to_records()
    assert first["move"] == "exclusive-we" and first["label"] == 'Exclusive "we"'
    assert second["family"] == "metadiscourse" and second["author"] == "Ana"
    assert set(CSV_COLUMNS) - set(first) == {"orphan"}
    flagged = noted.to_records(orphans=True)
    assert [r["orphan"] for r in flagged] == [False, False] and set(CSV_COLUMNS) <= set(flagged[0])


def test_csv_to_buffer_and_path(noted, tmp_path):
    buffer = io.StringIO()
    noted.to_csv(buffer)
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert rows[1]["note"] == 'says "believe", not "know"\nsee 2'
    assert rows[1]["label"] == "Hedge" and rows[1]["start"] == "3"
    noted.to_csv(tmp_path / "out.csv")
    assert (tmp_path / "out.csv").read_bytes().decode("utf-8") == buffer.getvalue()


def test_w3c_web_annotation(noted):
    collection = noted.to_w3c(source="https://example.org/text")
    json.dumps(collection)
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection" and collection["total"] == 2
    we, hedge = collection["first"]["items"]
    assert we["type"] == "Annotation" and we["id"].startswith("https://example.org/text#")
    assert we["body"] == [{"type": "TextualBody", "purpose": "tagging", "value": "exclusive-we"}]
    assert hedge["body"][1]["purpose"] == "commenting"
    assert hedge["body"][1]["value"].startswith("says")
    position, quote = hedge["target"]["selector"]
    assert position == {"type": "TextPositionSelector", "start": 3, "end": 10}
    assert quote["type"] == "TextQuoteSelector" and quote["exact"] == "believe"
    assert quote["prefix"] == "We " and quote["suffix"].startswith(" it.")
    assert hedge["target"]["source"] == "https://example.org/text"
    assert hedge["creator"]["name"] == "Ana"
    default = noted.to_w3c()["first"]["items"][0]["target"]["source"]
    assert default == "urn:closereading:transcript:tiny"


# --- properties --------------------------------------------------------------------------------

_ALPHABET = st.sampled_from([*list("abc xy.\n’'"), "\xa0"])
_TEXTS = st.text(alphabet=_ALPHABET, min_size=1, max_size=80)
_MOVE_IDS = st.sampled_from(load_moves().ids)


@st.composite
def text_and_spans(draw):
    text = draw(_TEXTS)
    spans = draw(
        st.lists(
            st.tuples(st.integers(0, len(text) - 1), st.integers(1, len(text)), _MOVE_IDS).filter(
                lambda t: t[0] < t[1]
            ),
            max_size=6,
        )
    )
    return text, spans


@settings(max_examples=60, deadline=None)
@given(text_and_spans())
def test_save_load_keeps_every_quote_in_place(case):
    text, spans = case
    transcript = Text(text)
    notes = AnnotationSet(transcript)
    for start, end, move in spans:
        notes.add(move, start, end)
    with tempfile.TemporaryDirectory() as folder:
        again = AnnotationSet.load(notes.save(Path(folder) / "n.json"), transcript)
    assert list(again) == list(notes)
    for a in again:
        assert text[a.start : a.end] == a.quote


def _count_overlapping(text: str, quote: str) -> int:
    return sum(text.startswith(quote, i) for i in range(len(text)))


@settings(max_examples=60, deadline=None)
@given(text_and_spans(), st.text(alphabet=_ALPHABET, min_size=1, max_size=20))
def test_inserting_text_before_keeps_every_annotation(case, inserted):
    text, spans = case
    notes = AnnotationSet(Text(text))
    for start, end, move in spans:
        notes.add(move, start, end)
    edited = Text(inserted + text)
    with tempfile.TemporaryDirectory() as folder:
        again = AnnotationSet.load(notes.save(Path(folder) / "n.json"), edited)
    assert again.orphans == []
    by_id = {a.id: a for a in notes}
    for a in again:
        assert edited.text[a.start : a.end] == a.quote == by_id[a.id].quote
        if _count_overlapping(edited.text, a.quote) == 1:
            assert a.start == by_id[a.id].start + len(inserted)


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=1, max_size=40), st.text(max_size=40))
def test_any_note_round_trips(text, note):
    transcript = Text(text)
    notes = AnnotationSet(transcript)
    notes.add("hedge", 0, len(text), note=note)
    with tempfile.TemporaryDirectory() as folder:
        [a] = AnnotationSet.load(notes.save(Path(folder) / "n.json"), transcript)
    assert a.note == note and a.quote == text


# --- the instructor's reference reading --------------------------------------------------------


def test_reference_reading_loads_cleanly_and_covers_every_family():
    interview = load_interview()
    reading = AnnotationSet.load(REFERENCE, interview)
    assert reading.orphans == [] and reading.reanchored == []
    assert reading.author == "Course reference reading"
    assert 15 <= len(reading) <= 25
    families = {reading.moves.get(a.move).family for a in reading}
    assert families == {f.id for f in reading.moves.families}
    for a in reading:
        assert interview.text[a.start : a.end] == a.quote
        assert a.note.strip(), f"{a.id} has no rationale"
        assert isinstance(a, Annotation)


def test_csv_never_writes_a_spreadsheet_formula(tmp_path):
    import csv as _csv
    import io

    from closereading import load_interview

    interview = load_interview()
    notes = AnnotationSet(interview, author="t")
    start = interview.turns[1].start
    notes.add("hedge", start, start + 8, note='=HYPERLINK("http://x")')
    buffer = io.StringIO()
    notes.to_csv(buffer)
    row = next(_csv.DictReader(io.StringIO(buffer.getvalue())))
    assert row["note"] == '\'=HYPERLINK("http://x")'
    assert row["quote"] == interview.text[start : start + 8]
