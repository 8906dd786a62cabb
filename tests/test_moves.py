"""Tests for the rhetorical-move taxonomy (data/moves.json) and cue finding."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from closereading import load_interview
from closereading.annotation.taxonomy import (
    UNDERLINE_STYLES,
    CueMatch,
    Taxonomy,
    TaxonomyError,
    UnknownMoveError,
    find_cues,
    load_moves,
    parse_moves,
)
from closereading.views.style import PALETTE

MOVES_FILE = Path(__file__).resolve().parent.parent / "data" / "moves.json"

CITATIONS = {
    "Hyland, K. (2005). Metadiscourse: Exploring Interaction in Writing. London: Continuum.",
    "Bull, P. & Mayer, K. (1993). How not to answer questions in political interviews. "
    "Political Psychology, 14(4), 651–666.",
    "Bull, P. (2003). The Microanalysis of Political Communication: Claptrap and Ambiguity. "
    "London: Routledge.",
    "van Dijk, T. A. (1998). Ideology: A Multidisciplinary Approach. London: Sage.",
    "Wilson, J. (1990). Politically Speaking: The Pragmatic Analysis of Political Language. "
    "Oxford: Blackwell.",
    "Chilton, P. (2004). Analysing Political Discourse: Theory and Practice. London: Routledge.",
    "Charter of the United Nations (1945), Article 2(7).",
}


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_moves()


@pytest.fixture(scope="module")
def interview_text() -> str:
    return load_interview().text


# --- the shipped taxonomy ----------------------------------------------------------------------


def test_families_and_move_count(taxonomy):
    families = [f.id for f in taxonomy.families]
    assert families == ["metadiscourse", "equivocation", "positioning", "appeal"]
    assert 12 <= len(taxonomy) <= 14
    assert all(taxonomy.by_family()[f.id] for f in taxonomy.families)


def test_required_moves_are_present(taxonomy):
    required = {
        "hedge",
        "booster",
        "attitude-marker",
        "self-mention",
        "engagement-marker",
        "declining-to-answer",
        "attacking-the-question",
        "political-point",
        "incomplete-reply",
        "inclusive-we",
        "exclusive-we",
        "us-versus-them",
        "shared-values",
        "sovereignty",
    }
    assert required <= set(taxonomy.ids)


@pytest.mark.parametrize("move_id", [m.id for m in load_moves()])
def test_every_example_occurs_verbatim_in_the_interview(move_id, taxonomy, interview_text):
    for example in taxonomy.get(move_id).examples:
        assert example in interview_text, f"{move_id}: example not in the interview: {example!r}"


def test_colours_are_okabe_ito_one_per_family(taxonomy):
    palette = set(PALETTE)
    colours = {}
    for move in taxonomy:
        assert move.colour in palette, f"{move.id}: {move.colour} is not an Okabe–Ito colour"
        colours.setdefault(move.family, set()).add(move.colour)
    assert all(len(c) == 1 for c in colours.values()), colours
    family_colours = [c.pop() for c in colours.values()]
    assert len(set(family_colours)) == len(family_colours)


def test_meaning_never_rests_on_colour_alone(taxonomy):
    symbols = [m.symbol for m in taxonomy]
    assert len(set(symbols)) == len(symbols)
    assert len({(m.marker, m.symbol) for m in taxonomy}) == len(taxonomy)
    for family, moves in taxonomy.by_family().items():
        # same colour within a family, so the underline style must tell its moves apart
        styles = [m.marker for m in moves]
        assert len(set(styles)) == len(styles), family
    assert all(m.marker in UNDERLINE_STYLES for m in taxonomy)


def test_keys_are_the_palette_keys_in_order(taxonomy):
    expected = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "q", "w", "e", "r"]
    assert [m.key for m in taxonomy] == expected[: len(taxonomy)]
    assert taxonomy.by_key("q").id == "exclusive-we"


def test_fields_are_well_formed(taxonomy):
    for move in taxonomy:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", move.id)
        assert move.source in CITATIONS, move.id
        assert move.framework and move.label and move.cues
        assert 1 <= len(move.examples) <= 2
        sentences = re.findall(r"[.!?](\s|$)", move.definition)
        assert 1 <= len(sentences) <= 2, f"{move.id}: definition should be 1–2 sentences"


def test_cues_are_a_scaffold_that_does_occur(taxonomy, interview_text):
    # every move's cue list finds something to look at in the interview
    found = {hit.move for hit in find_cues(interview_text, taxonomy=taxonomy)}
    assert found == set(taxonomy.ids)


# --- the Taxonomy API --------------------------------------------------------------------------


def test_get_unknown_move_lists_valid_ids(taxonomy):
    with pytest.raises(UnknownMoveError) as caught:
        taxonomy.get("hedgehog")
    message = str(caught.value)
    assert "hedgehog" in message and "hedge, booster" in message
    assert isinstance(caught.value, KeyError) and isinstance(caught.value, ValueError)


def test_iteration_length_and_grouping(taxonomy):
    assert [m.id for m in taxonomy] == list(taxonomy.ids)
    assert "hedge" in taxonomy and "nonsense" not in taxonomy
    grouped = taxonomy.by_family()
    assert list(grouped) == [f.id for f in taxonomy.families]
    assert sum(len(v) for v in grouped.values()) == len(taxonomy)
    assert taxonomy.family("appeal").label == "Appeals"
    with pytest.raises(KeyError, match="metadiscourse"):
        taxonomy.family("nope")


def test_default_taxonomy_is_cached_and_immutable(taxonomy):
    assert load_moves() is load_moves()
    with pytest.raises(AttributeError):
        taxonomy.get("hedge").label = "changed"  # type: ignore[misc]


def test_load_from_explicit_path_equals_default(taxonomy):
    assert load_moves(MOVES_FILE) == taxonomy


# --- bad files ---------------------------------------------------------------------------------


def _shipped() -> dict:
    return json.loads(MOVES_FILE.read_text(encoding="utf-8"))


def _drop_definition(d):
    del d["moves"][0]["definition"]


def _duplicate_id(d):
    d["moves"][1]["id"] = "hedge"


def _duplicate_key(d):
    d["moves"][1]["key"] = "1"


def _bad_colour(d):
    d["moves"][0]["colour"] = "red"


def _unknown_family(d):
    d["moves"][0]["family"] = "rhetoric"


def _bad_marker(d):
    d["moves"][0]["marker"] = "zigzag"


def _empty_cues(d):
    d["moves"][0]["cues"] = []


@pytest.mark.parametrize(
    ("break_it", "move", "field"),
    [
        (_drop_definition, "hedge", "definition"),
        (_duplicate_id, "hedge", "id"),
        (_duplicate_key, "booster", "key"),
        (_bad_colour, "hedge", "colour"),
        (_unknown_family, "hedge", "family"),
        (_bad_marker, "hedge", "marker"),
        (_empty_cues, "hedge", "cues"),
    ],
)
def test_bad_file_names_file_move_and_field(tmp_path, break_it, move, field):
    data = copy.deepcopy(_shipped())
    break_it(data)
    path = tmp_path / "moves.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(TaxonomyError) as caught:
        load_moves(path)
    message = str(caught.value)
    assert str(path) in message
    assert repr(move) in message
    assert repr(field) in message


def test_invalid_json_names_the_file_and_line(tmp_path):
    path = tmp_path / "moves.json"
    path.write_text('{"schema": "closereading.moves/1",\n "moves": [}', encoding="utf-8")
    with pytest.raises(TaxonomyError, match=r"moves\.json: not valid JSON.*line 2"):
        load_moves(path)


def test_wrong_schema_is_refused():
    with pytest.raises(TaxonomyError, match="schema"):
        parse_moves({"schema": "something/2", "families": [], "moves": []}, where="x.json")


def test_missing_file_is_a_file_not_found_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_moves(tmp_path / "nope.json")


# --- cue finding -------------------------------------------------------------------------------

TINY = parse_moves(
    {
        "schema": "closereading.moves/1",
        "families": [{"id": "f", "label": "F", "description": "A family."}],
        "moves": [
            {
                "id": "sure",
                "label": "Sure",
                "family": "f",
                "definition": "Certain.",
                "colour": "#E69F00",
                "marker": "solid",
                "symbol": "S",
                "key": "1",
                "cues": ["certainly", "in fact", "as a matter of fact", "can’t", "state", "Russia"],
                "examples": ["x"],
                "source": "s",
                "framework": "f",
            },
            {
                "id": "me",
                "label": "Me",
                "family": "f",
                "definition": "Self.",
                "colour": "#E69F00",
                "marker": "dashed",
                "symbol": "M",
                "key": "2",
                "cues": ["I", "my"],
                "examples": ["x"],
                "source": "s",
                "framework": "f",
            },
        ],
    }
)


def _hits(text, moves=None):
    return [(h.move, h.text) for h in find_cues(text, moves, taxonomy=TINY)]


def test_cues_match_whole_tokens_case_insensitively():
    assert _hits("CERTAINLY, uncertainly certainlyish") == [("sure", "CERTAINLY")]


def test_cues_treat_straight_and_curly_apostrophes_alike():
    assert _hits("I can't and I can’t") == [
        ("me", "I"),
        ("sure", "can't"),
        ("me", "I"),
        ("sure", "can’t"),
    ]


def test_multiword_cues_span_any_whitespace_and_longest_wins():
    text = "as a\u00a0matter  of\nfact, in fact"
    hits = find_cues(text, ["sure"], taxonomy=TINY)
    assert [(h.cue, h.text) for h in hits] == [
        ("as a matter of fact", "as a\u00a0matter  of\nfact"),
        ("in fact", "in fact"),
    ]


def test_cues_respect_hyphens_and_allow_possessives():
    hits = _hits("state-to-state talks in Russia’s state")
    assert hits == [("sure", "Russia"), ("sure", "state")]


def test_move_ids_filter_and_unknown_ids():
    assert _hits("I certainly", ["me"]) == [("me", "I")]
    assert _hits("I certainly", "sure") == [("sure", "certainly")]
    with pytest.raises(UnknownMoveError, match="sure, me"):
        find_cues("text", ["nope"], taxonomy=TINY)


def test_cues_in_the_interview_have_true_offsets(taxonomy):
    interview = load_interview()
    hits = find_cues(interview)
    assert hits and all(isinstance(h, CueMatch) for h in hits)
    for hit in hits:
        assert interview.text[hit.start : hit.end] == hit.text
        expected = re.sub(r"\s+", " ", hit.cue.replace("’", "'")).casefold()
        assert re.sub(r"\s+", " ", hit.text.replace("’", "'")).casefold() == expected
        assert hit.cue in taxonomy.get(hit.move).cues
    assert hits == sorted(hits, key=lambda h: (h.start, h.end, taxonomy.ids.index(h.move)))


_PIECES = st.sampled_from(
    [
        "I",
        "my",
        "certainly",
        "Certainly",
        "can’t",
        "can't",
        "state",
        "x",
        "fact",
        "in",
        "-",
        "’",
        "'",
        " ",
        "\u00a0",
        "\n",
        ",",
        ".",
        "uncertainly",
        "Russia",
        "s",
    ]
)


@given(st.lists(_PIECES, max_size=30))
def test_cue_offsets_property(pieces):
    text = "".join(pieces)
    for hit in find_cues(text, taxonomy=TINY):
        assert text[hit.start : hit.end] == hit.text
        assert hit.start == 0 or not text[hit.start - 1].isalnum()
        assert hit.end == len(text) or not text[hit.end].isalnum()
