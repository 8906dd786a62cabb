"""Answer codes: the model, the W3C file (two or more targets), atomic saves, reading back after
the text changed, every way a file can be broken, and the recovery path."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from closereading import parse_transcript
from closereading.annotation import code_store
from closereading.annotation.code_compare import compare
from closereading.annotation.code_store import CodeFileError, load, save
from closereading.annotation.codes import NON_REPLY_FORMS, OUTCOMES, Coding, CodingError


def span(interview, phrase):
    start = interview.text.index(phrase)
    return start, start + len(phrase)


def coded(interview):
    coding = Coding(interview, author="ana")
    coding.set_outcome("u996", "non-reply", "declining-to-answer")
    coding.add_evidence("u996", *span(interview, "cannot be a subject of the bilateral"))
    coding.add_evidence("u996", *span(interview, "will not take into account"))
    coding.justify("u996", "He says the topic 'cannot be a subject' of talks: a refusal.")
    coding.set_outcome("u233", "reply")
    return coding


def test_the_typology_has_eleven_forms_and_four_outcomes():
    assert len(NON_REPLY_FORMS) == 11
    assert [o.id for o in OUTCOMES] == ["reply", "intermediate", "non-reply", "no-question"]
    ids = {f.id for f in NON_REPLY_FORMS}
    # The four the move taxonomy of lesson 04 uses keep their ids.
    assert {"declining-to-answer", "attacking-the-question", "political-point",
            "incomplete-reply"} <= ids  # fmt: skip


def test_codes_keep_their_evidence_in_text_order(interview):
    coding = coded(interview)
    code = coding.get("u996")
    assert code.outcome == "non-reply" and code.form == "declining-to-answer"
    assert [e.quote for e in code.evidence] == [
        "cannot be a subject of the bilateral",
        "will not take into account",
    ]
    assert code.question.quote == coding.unit("u996").text
    assert code.created and code.modified


def test_a_form_goes_only_with_a_non_reply_and_survives_a_recode(interview):
    coding = coded(interview)
    with pytest.raises(CodingError, match="only a non-reply has a form"):
        coding.set_outcome("u233", "reply", "political-point")
    assert coding.set_outcome("u996", "non-reply").form == "declining-to-answer"
    assert coding.set_outcome("u996", "intermediate").form == ""
    assert coding.set_form("u1377", "ignores-the-question").outcome == "non-reply"


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda c: c.set_outcome("u233", "answer"), "not an outcome"),
        (lambda c: c.set_form("u233", "dodges"), "not a form of non-reply"),
        (lambda c: c.get("u5"), "there is no question unit 'u5'; the units are Q1 (u233)"),
        (lambda c: c.add_evidence("u233", 233, 240), "must be words of the answer to it"),
        (lambda c: c.remove_evidence("u233", 1, 2), "has no evidence"),
        (lambda c: c.merge("u1571"), "last unit of its turn"),
        (lambda c: c.split("u233", 240), "has one sentence"),
        (lambda c: c.justify("u233", 5), "must be text"),
    ],
)
def test_bad_changes_say_what_to_do(interview, call, message):
    with pytest.raises(CodingError, match=re.escape(message)):
        call(Coding(interview))


def test_the_same_evidence_twice_is_refused(interview):
    coding = coded(interview)
    with pytest.raises(CodingError, match="already evidence"):
        coding.add_evidence("u996", *span(interview, "will not take into account"))


def test_merge_carries_a_code_and_refuses_to_lose_one(interview):
    coding = Coding(interview)
    coding.set_outcome("u1377", "intermediate")
    merged = coding.merge("u996")
    assert merged.id == "u996" and coding.get("u996").outcome == "intermediate"
    assert coding.get("u996").question.quote.endswith("operate in Russia?")
    coding.set_outcome("u1571", "non-reply")
    with pytest.raises(CodingError, match="both coded"):
        coding.merge("u996")


def test_split_keeps_the_code_with_the_first_part(interview):
    coding = coded(interview)
    first, second = coding.split("u996", interview.text.index("Do you see any opportunity"))
    assert coding.get(first.id).question.quote.endswith("to Congress and the American media.")
    assert coding.get(second.id) is None


def test_the_file_holds_w3c_annotations_with_question_and_evidence_targets(interview, tmp_path):
    path = save(coded(interview), tmp_path / "codes" / "ana.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema"] == code_store.SCHEMA
    assert data["transcript"] == {"id": "peskov-2013", "sha256": interview.sha256}
    first = data["annotations"][0]
    assert first["type"] == "Annotation" and first["motivation"] == "classifying"
    assert len(first["target"]) == 1  # u233: a reply with no evidence yet
    code = data["annotations"][1]
    assert len(code["target"]) == 3
    question = code["target"][0]
    assert question["selector"][1]["exact"].startswith("If I could just ask")
    for target in code["target"]:
        position, quote = target["selector"]
        assert interview.text[position["start"] : position["end"]] == quote["exact"]
    purposes = {b["purpose"]: b["value"] for b in code["body"]}
    assert purposes["classifying"] == "non-reply"
    assert purposes["tagging"] == "declining-to-answer"
    assert "refusal" in purposes["commenting"]


def test_save_load_round_trip_and_backup(interview, tmp_path):
    path = tmp_path / "ana.json"
    coding = coded(interview)
    save(coding, path)
    coding.split("u996", interview.text.index("Do you see any opportunity"))
    save(coding, path)
    again = load(path, interview)
    assert again.starts == coding.starts and again.codes == coding.codes
    assert again.author == "ana"
    assert len(load(path.with_name("ana.json.bak"), interview).units) == 5


def test_export_is_an_annotation_collection(interview):
    export = code_store.w3c_collection(coded(interview))
    assert export["type"] == "AnnotationCollection" and export["total"] == 2
    assert export["first"]["items"][1]["creator"] == {"type": "Person", "name": "ana"}
    # The same envelope as the highlights' export: the collection and its page have IRIs.
    assert export["id"] == "urn:closereading:answer-codes:peskov-2013:ana"
    assert export["first"]["id"] == export["id"] + "/page/1"
    assert export["first"]["partOf"] == export["id"]


def test_codes_are_found_again_when_the_text_changes(interview, tmp_path):
    path = save(coded(interview), tmp_path / "ana.json")
    edited = parse_transcript(_source_with_edit())
    assert edited.sha256 != interview.sha256
    again = load(path, edited)
    code = again.get(f"u{edited.text.index('If I could just ask')}")
    assert code is not None and code.form == "declining-to-answer"
    for e in code.evidence:
        assert edited.text[e.start : e.end] == e.quote


def _source_with_edit() -> str:
    from closereading.base.paths import INTERVIEW_PATH

    source = INTERVIEW_PATH.read_text(encoding="utf-8")
    return source.replace(
        "Resetting the U.S.-Russian Reset\n\nJanuary", "A new title\n\nJanuary", 1
    )


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"", "the file is empty"),
        (b"{not json", "not valid JSON (Expecting property name"),
        (b"\xff\xfe", "the file is empty"),
        (
            b'{"schema": "closereading.annotations/1"}',
            "not a Close Reading Lab file of answer codes",
        ),
        (b'{"schema": "closereading.codes/1", "transcript": {"id": "other"}}', "transcript"),
        (
            b'{"schema": "closereading.codes/1", "transcript": {"id": "peskov-2013"}, '
            b'"annotations": {}}',
            '"annotations" must be a list',
        ),
        (
            b'{"schema": "closereading.codes/1", "transcript": {"id": "peskov-2013"}, '
            b'"annotations": [{"target": [{"selector": []}]}]}',
            "a code, target 1",
        ),
    ],
)
def test_a_broken_file_names_itself_and_the_problem(interview, tmp_path, content, problem):
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    with pytest.raises(CodeFileError, match=r"broken\.json") as caught:
        load(path, interview)
    assert problem in caught.value.problem
    assert path.read_bytes() == content


def _open(interview, path):
    from closereading.widgets._coder_session import CoderSession

    return CoderSession(interview, path, path.stem)


def test_a_corrupt_file_is_kept_and_work_goes_on_from_the_backup(interview, work):
    path = code_store.codes_path("ana")
    save(coded(interview), path)
    coding = coded(interview)
    coding.set_outcome("u1377", "intermediate")
    save(coding, path)  # the .bak now holds the first version
    path.write_bytes(b'{"schema": "closereading.codes/1", "annot')
    opened = _open(interview, path)
    assert path.read_bytes() == b'{"schema": "closereading.codes/1", "annot'
    assert opened.save_path == path.with_name("ana-recovered.json")
    assert "work/codes/ana.json could not be read (not valid JSON" in opened.problem
    assert "it is left untouched" in opened.problem
    assert "previous version, work/codes/ana.json.bak" in opened.problem
    assert [c.unit for c in opened.coding.codes] == ["u233", "u996"]
    assert load(opened.save_path, interview).codes == opened.coding.codes
    # Next time, the recovered file is where work goes on.
    again = _open(interview, path)
    assert again.save_path == opened.save_path and "Your work is saved in" in again.problem


def test_a_code_that_cannot_be_read_is_set_aside_and_kept(interview, work):
    path = code_store.codes_path("ben")
    data = code_store.to_dict(coded(interview))
    data["annotations"].append({"target": "nonsense"})
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    opened = _open(interview, path)
    assert opened.save_path == path and len(opened.coding.codes) == 2
    status, _ = opened.opening_messages()
    assert "1 record of work/codes/ben.json could not be read" in status
    opened.change("coding", lambda: opened.coding.set_outcome("u1377", "reply"))
    kept = json.loads(path.read_text(encoding="utf-8"))["set_aside"]
    assert kept == [
        {
            "reason": "a code must be an annotation with a list of targets",
            "record": {"target": "nonsense"},
        }
    ]


def test_when_the_recovered_file_is_broken_too_nothing_is_saved(interview, work):
    path = code_store.codes_path("cy")
    path.parent.mkdir(parents=True)
    path.write_text("{", encoding="utf-8")
    path.with_name("cy-recovered.json").write_text("[", encoding="utf-8")
    opened = _open(interview, path)
    assert opened.save_path is None
    assert "could not be read either" in opened.problem


def test_the_reference_coding_loads_and_has_a_rationale_per_unit(interview):
    reference = load(code_store.REFERENCE_CODING_PATH, interview)
    assert len(reference.codes) == len(reference.units) == 5
    for code in reference.codes:
        assert code.outcome and len(code.justification.split()) >= 12
        for e in code.evidence:
            assert interview.text[e.start : e.end] == e.quote


def test_comparison_speaks_of_agreement(interview):
    reference = load(code_store.REFERENCE_CODING_PATH, interview)
    rows = compare(coded(interview), reference)
    assert [r.agreement for r in rows] == [
        "same outcome and form",
        "same outcome and form",
        "only the reference coded it",
        "only the reference coded it",
        "only the reference coded it",
    ]
    assert rows[1].shared_evidence and not rows[0].shared_evidence
    assert all(r.rationale for r in rows)


def test_the_export_and_the_file_are_valid_web_annotations_with_iris(interview, tmp_path):
    """Every code item, with its question and evidence targets, passes the project's W3C schema;
    ids and target sources are IRIs (a bare ``peskov-2013`` is not one)."""
    import sys

    jsonschema = pytest.importorskip("jsonschema")
    sys.path.insert(0, str(Path(__file__).parent))
    from w3c_annotation_schema import ANNOTATION, COLLECTION

    export = code_store.w3c_collection(coded(interview))
    jsonschema.validate(export, COLLECTION)
    items = export["first"]["items"]
    assert any(len(item["target"]) == 3 for item in items)  # multi-target items are checked
    path = save(coded(interview), tmp_path / "ana.json")
    stored = json.loads(path.read_text(encoding="utf-8"))["annotations"]
    for item in [*items, *stored]:
        jsonschema.validate({"@context": export["@context"], **item}, ANNOTATION)
        assert item["id"].startswith("urn:closereading:transcript:peskov-2013#code-u")
        assert {t["source"] for t in item["target"]} == {"urn:closereading:transcript:peskov-2013"}
