"""The one invariant everything rests on, checked on generated transcripts: every turn, sentence
and token is an exact slice of the canonical text, sentences sit inside turns without
overlapping, and tokens sit inside sentences."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from closereading import parse_transcript
from closereading.text.tokens import normalize, word_spans

WORDS = st.sampled_from(
    [
        "we",
        "don’t",
        "don't",
        "state-to-state",
        "100",
        "percent",
        "U.S.-Russian",
        "Mr.",
        "Peskov",
        "sanctions",
        "Russia’s",
        "[state-to-state]",
        '"tango"',
        "1,000",
        "3.5",
        "NGOs",
        "café",
        "Москва",
        "it’s",
        "—",
        "(really)",
        "e.g.",
        "well;",
        "so,",
        "Dr.",
        "ok",
    ]
)
ENDS = st.sampled_from([".", "?", "!", " . . .", "...", "?\u201d", "."])
SPACES = st.sampled_from([" ", " ", " ", "\u00a0", "  "])
LABELS = [
    ("Saunders", "interviewer"),
    ("PESKOV", "interviewee"),
    ("MS. PSAKI", "interviewee"),
    ("Q", "interviewer"),
    ("A", "interviewee"),
    ("Jen Psaki", "interviewee"),
]


@st.composite
def sentences(draw):
    words = draw(st.lists(WORDS, min_size=1, max_size=12))
    out = words[0][0].upper() + words[0][1:]
    for word in words[1:]:
        out += draw(SPACES) + word
    return out + draw(ENDS)


@st.composite
def transcripts(draw):
    pair = draw(st.sampled_from([(0, 1), (3, 4), (5, 2)]))
    speakers = [LABELS[i] for i in pair]
    header = (
        "---\ntitle: generated\n"
        + "".join(f"speaker: {label} | {role}\n" for label, role in speakers)
        + "---\n"
    )
    body = draw(st.sampled_from(["", "A title\n\n", "Title\n\nJanuary 1, 2020 Topic: x\n\n"]))
    for i in range(draw(st.integers(1, 6))):
        label = speakers[i % 2][0]
        stamp = draw(st.sampled_from(["", " (00:12)"]))
        paragraphs = draw(
            st.lists(st.lists(sentences(), min_size=1, max_size=4), min_size=1, max_size=2)
        )
        spoken = "\n\n".join(draw(SPACES).join(p) for p in paragraphs)
        body += f"{label}{stamp}: {spoken}\n" + draw(st.sampled_from(["\n", "", "\n\n"]))
    body += draw(st.sampled_from(["", "Image: a photo. CC BY 3.0.", "\r\n"]))
    return header + body


@settings(max_examples=150, deadline=None)
@given(transcripts())
def test_offsets_are_exact_and_nested(source):
    t = parse_transcript(source)
    text = t.text
    for turn in t.turns:
        assert text[turn.start : turn.end] == turn.text
        assert turn.text == turn.text.strip()
    previous_end = -1
    for sentence in t.sentences:
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.start >= previous_end, "sentences overlap"
        previous_end = sentence.end
        turn = t.turns[sentence.turn]
        assert turn.start <= sentence.start < sentence.end <= turn.end
    for token in t.tokens:
        assert text[token.start : token.end] == token.text
        sentence = t.sentences[token.sentence]
        assert sentence.start <= token.start < token.end <= sentence.end
        assert token.norm == normalize(token.text)
    # Sentences and tokens together cover every non-space character of every turn.
    covered = {i for token in t.tokens for i in range(token.start, token.end)}
    for turn in t.turns:
        for i in range(turn.start, turn.end):
            assert text[i].isspace() or i in covered, f"character {text[i]!r} at {i} lost"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_word_spans_are_exact_on_any_text(text):
    previous = 0
    for start, end, token in word_spans(text):
        assert text[start:end] == token and token.strip() == token and token
        assert start >= previous
        previous = end
