"""The transcript format: the course's interview, other label styles, and every kind of bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

import closereading
from closereading import TranscriptError, load_transcript, parse_transcript
from closereading.base.paths import INTERVIEW_PATH

SEED_BODY_START = (
    "Resetting the U.S.-Russian Reset\n\nJanuary 24, 2013 Topic:\u00a0Global Governance"
)

HEADER = """---
title: Test
speaker: Saunders | interviewer | the interviewer
speaker: Peskov | interviewee | the interviewee
---
"""


# --- the course's interview --------------------------------------------------------------------


def test_interview_has_six_alternating_turns(interview):
    assert [t.speaker for t in interview.turns] == ["Saunders", "Peskov"] * 3
    assert [t.role for t in interview.turns] == ["interviewer", "interviewee"] * 3


def test_interview_metadata(interview):
    meta = interview.meta
    assert meta["publication"] == "The National Interest"
    assert meta["published"] == "2013-01-24"
    assert meta["conducted"] == "2013-01-23"
    assert interview.id == "peskov-2013"
    assert [s["role"] for s in meta["speakers"]] == ["interviewer", "interviewee"]
    assert "excerpt" in meta


def test_page_furniture_is_not_a_turn(interview):
    kinds = [p.kind for p in interview.parts]
    assert kinds == ["title", "dateline", "title", "standfirst"] + ["turn"] * 6 + ["caption"]
    for part in interview.parts:
        assert interview.text[part.start : part.end] == part.text
    assert all(not t.text.startswith(("Topic", "Region", "Image")) for t in interview.turns)
    caption = interview.parts[-1]
    assert caption.text.startswith("Image: Putin and Peskov")
    assert "it takes two to tango" in interview.parts[3].text


def test_body_is_the_given_text_word_for_word(interview):
    """The header adds and never rewrites: the body is the text as given, byte for byte."""
    raw = INTERVIEW_PATH.read_bytes().decode("utf-8")
    assert raw.startswith("---\n")
    assert raw.endswith(interview.text)
    assert interview.text.startswith(SEED_BODY_START)
    seed = (
        Path(__file__).resolve().parent.parent.parent
        / "shared"
        / "seed"
        / "peskov-interview-2013.txt"
    )
    if seed.exists():  # the seed lives beside the project on the course's own machines only
        assert interview.text == seed.read_text(encoding="utf-8")


def test_sentences_split_around_mr_and_ellipsis(interview):
    texts = [s.text for s in interview.sentences]
    assert "Thank you very much, Mr. Peskov." in texts
    assert "If I could just ask one final question . . ." in texts
    assert any(t.startswith("There are many people in the United States") for t in texts)
    assert not any(t.strip(". ") == "" for t in texts)
    assert len(texts) == 24


def test_non_breaking_space_between_sentences(interview):
    texts = [s.text for s in interview.sentences]
    assert (
        "Diplomacy is preferable, and we have to be wise enough to use the capacity of diplomacy 100 percent."
        in texts
    )
    assert all(not t[0].isspace() and not t[-1].isspace() for t in texts)


def test_tokens_stay_sensible(interview):
    words = {t.text for t in interview.tokens}
    assert {"don’t", "state-to-state", "100", "percent", "Russia’s"} <= words
    norms = {t.norm for t in interview.tokens}
    assert "don't" in norms and "don’t" not in norms
    assert "sanctions" in norms and "Sanctions" not in norms
    ellipsis = [t for t in interview.tokens if t.text == ". . ."]
    assert len(ellipsis) == 1 and not ellipsis[0].is_word


def test_word_count(interview):
    assert len(interview.words) == 426
    by_speaker = {
        s: sum(1 for t in interview.words if interview.turns[t.turn].speaker == s)
        for s in ("Saunders", "Peskov")
    }
    assert by_speaker == {"Saunders": 133, "Peskov": 293}  # checked by hand: 9+118+6, 112+177+4
    assert interview.words_per_turn == (9, 112, 118, 177, 6, 4)
    assert interview.words_by_speaker() == by_speaker


def test_qa_pairs(interview):
    pairs = interview.qa_pairs()
    assert len(pairs) == 3
    assert pairs[0].question.text == "Do you believe that additional sanctions would be helpful?"
    assert pairs[0].answer.text.startswith("Actually, we don’t believe")
    assert pairs[2].answer.text == "It was my pleasure."


def test_offsets_are_exact(interview):
    text = interview.text
    for record in (*interview.turns, *interview.sentences, *interview.tokens):
        assert text[record.start : record.end] == record.text


def test_line_of_points_into_the_file(interview):
    lines = INTERVIEW_PATH.read_text(encoding="utf-8").split("\n")
    turn = interview.turns[1]
    assert lines[interview.line_of(turn.start) - 1].startswith("Peskov: Actually")


# --- other interviews and label styles -------------------------------------------------------


def test_state_department_style_labels():
    t = parse_transcript("""---
speaker: MS. PSAKI | interviewee | State Department spokesperson
speaker: QUESTION | interviewer | a reporter
---
MS. PSAKI: Good afternoon.

QUESTION: Any news on the talks?

MS. PSAKI: Not today.
""")
    assert [turn.speaker for turn in t.turns] == ["MS. PSAKI", "QUESTION", "MS. PSAKI"]
    assert t.turns[1].text == "Any news on the talks?"


def test_q_and_a_labels_and_multi_paragraph_answers():
    t = parse_transcript("""---
speaker: Q | interviewer
speaker: A | interviewee
---
Q: First question?
A: First paragraph of the answer.

Second paragraph of the same answer.
Q: Next?
A: Yes.""")
    assert [turn.speaker for turn in t.turns] == ["Q", "A", "Q", "A"]
    assert (
        t.turns[1].text == "First paragraph of the answer.\n\nSecond paragraph of the same answer."
    )
    assert len(t.qa_pairs()) == 2


def test_timestamped_labels():
    t = parse_transcript("""---
speaker: Jen Psaki | interviewee
speaker: Reporter | interviewer
---
Reporter (00:02): Are you ready?
Jen Psaki (00:05): I am.
Reporter (1:02:03.5): Thank you.""")
    assert [(turn.speaker, turn.time, turn.text) for turn in t.turns] == [
        ("Reporter", "00:02", "Are you ready?"),
        ("Jen Psaki", "00:05", "I am."),
        ("Reporter", "1:02:03.5", "Thank you."),
    ]


def test_labels_are_matched_case_insensitively_and_furniture_declared_in_header():
    t = parse_transcript("""---
speaker: Smith | interviewer
speaker: Jones | interviewee
fields: Producer
---
SMITH: Hello?
Jones: Hello.
Producer: Studio 4.""")
    assert [turn.speaker for turn in t.turns] == ["Smith", "Jones"]
    assert t.parts[-1].kind == "note"


def test_windows_line_endings_and_bom(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(
        b"\xef\xbb\xbf"
        + (HEADER + "Saunders: Hi?\n\nPeskov: Hello.\n").replace("\n", "\r\n").encode()
    )
    t = load_transcript(path)
    assert "\r" not in t.text
    assert [turn.text for turn in t.turns] == ["Hi?", "Hello."]


def test_cp1252_is_read_with_a_warning(tmp_path):
    path = tmp_path / "word.txt"
    path.write_bytes(
        (HEADER + "Saunders: Don\u2019t you agree?\n\nPeskov: We don\u2019t.\n").encode("cp1252")
    )
    with pytest.warns(closereading.CloseReadingWarning, match="cp1252"):
        t = load_transcript(path)
    assert t.turns[0].text == "Don\u2019t you agree?"


# --- bad input: clear errors naming the file, the line and the fix ---------------------------


def _error(tmp_path, content: bytes | str, name: str = "bad.txt") -> TranscriptError:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    with pytest.raises(TranscriptError) as info:
        load_transcript(path)
    assert str(path) in str(info.value)
    return info.value


def test_empty_file(tmp_path):
    error = _error(tmp_path, "  \n\n")
    assert "empty" in str(error)


def test_missing_file(tmp_path):
    with pytest.raises(TranscriptError, match="no such file"):
        load_transcript(tmp_path / "nope.txt")


def test_binary_file(tmp_path):
    error = _error(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert "binary" in str(error)


def test_undecodable_file(tmp_path):
    error = _error(tmp_path, HEADER.encode() + b"Saunders: \x81\x8d bad\n")
    assert "line 6" in str(error) and "UTF-8" in str(error)


def test_no_header(tmp_path):
    error = _error(tmp_path, "Saunders: Hello?\nPeskov: Hi.\n")
    assert error.line == 1 and "header" in str(error)


def test_header_without_speakers(tmp_path):
    error = _error(tmp_path, "---\ntitle: x\n---\nSaunders: Hello?\n")
    assert "no speakers" in str(error) and "speaker: Saunders | interviewer" in str(error)


def test_unclosed_header(tmp_path):
    error = _error(tmp_path, "---\ntitle: x\nspeaker: A | interviewer\n")
    assert "never closed" in str(error)


def test_unknown_role(tmp_path):
    error = _error(tmp_path, "---\nspeaker: A | journalist\n---\nA: hi\n")
    assert error.line == 2 and "interviewer" in str(error)


def test_no_turns(tmp_path):
    error = _error(tmp_path, HEADER + "Just a paragraph with no labels at all.\n")
    assert "no speaker turns" in str(error) and "'Saunders:'" in str(error)


def test_label_matching_no_speaker_names_the_line(tmp_path):
    error = _error(tmp_path, HEADER + "Saunders: Hello?\n\nPutin: Good day.\n")
    assert error.line == 8
    assert "'Putin:'" in str(error) and "speaker: Putin" in str(error)


def test_label_with_no_words(tmp_path):
    error = _error(tmp_path, HEADER + "Saunders: Hello?\n\nPeskov:\n")
    assert error.line == 8 and "no words" in str(error)


def test_transcript_error_is_a_value_error():
    assert issubclass(TranscriptError, ValueError)
