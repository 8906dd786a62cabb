"""Tests for closereading.course.lesson_moves: the taxonomy views of notebook 04."""

from __future__ import annotations

import pytest

from closereading.annotation.taxonomy import load_moves, parse_moves
from closereading.course.lesson_moves import family_view, moves_table

SAMPLE = {
    "schema": "closereading.moves/1",
    "families": [{"id": "tricks", "label": "Tricks <&>", "description": "Moves <b>made</b> up."}],
    "moves": [
        {
            "id": "dodge",
            "label": "Dodge <i>",
            "family": "tricks",
            "definition": "Says <script>alert(1)</script> instead.",
            "colour": "#E69F00",
            "marker": "wavy",
            "symbol": "<",
            "key": "1",
            "cues": ["well"],
            "examples": ["Well, <any> element"],
            "source": "Someone & Other (2000). <Title>.",
            "framework": "A frame",
            "note": "Mind the <gap>.",
        }
    ],
}


# --- views ---------------------------------------------------------------------------------------


def test_moves_table_lists_every_move_once_in_taxonomy_order():
    taxonomy = load_moves()
    view = moves_table(taxonomy)
    rows = view.text.splitlines()[1:]
    assert len(rows) == len(taxonomy)
    for row, move in zip(rows, taxonomy):
        assert move.label in row and f" {move.id} " in row and f" {move.key} " in row
        assert row.endswith(move.marker)
    assert view.html.count("<tr>") == len(taxonomy) + 1  # the header row too
    # each family's name appears once, on its first move's row
    assert [r.split()[0] for r in rows if not r.startswith(" ")] == [
        "Metadiscourse",
        "Equivocation",
        "Positioning",
        "Appeals",
    ]


def test_family_view_shows_definitions_examples_and_exact_sources():
    taxonomy = load_moves()
    for family in taxonomy.families:
        view = family_view(family.id, taxonomy)
        flat_text = " ".join(view.text.split())
        for move in taxonomy.by_family()[family.id]:
            assert move.definition in flat_text
            for example in move.examples:
                assert f"“{' '.join(example.split())}”" in flat_text
            assert " ".join(move.source.split()) in flat_text
            assert move.source.replace("&", "&amp;") in view.html


def test_family_view_names_the_framework_only_when_a_family_has_several_sources():
    assert "From:" not in family_view("metadiscourse").text
    assert (
        "From: Pronouns and political positioning (Wilson 1990)" in family_view("positioning").text
    )


def test_views_escape_every_string_that_reaches_html():
    taxonomy = parse_moves(SAMPLE)
    for html in (moves_table(taxonomy).html, family_view("tricks", taxonomy).html):
        assert "<script>" not in html and "<i>" not in html and "<any>" not in html
        assert "<gap>" not in html and "<b>made" not in html and "<Title>" not in html
    html = family_view("tricks", taxonomy).html
    assert "&lt;script&gt;" in html and "&lt;gap&gt;" in html and "Tricks &lt;&amp;&gt;" in html


def test_unknown_family_names_the_valid_ones():
    with pytest.raises(KeyError, match="metadiscourse"):
        family_view("rhetoric")


def test_exercise_checks_live_in_the_one_registry():
    """Exercise 04's checks joined the others: the lesson module keeps only the views."""
    from closereading.course import lesson_moves
    from closereading.course.exercises import TASKS

    assert lesson_moves.__all__ == ["family_view", "moves_table"]
    assert {"04-passage-1", "04-passage-2", "04-passage-3", "04-label-reason"} <= set(TASKS)
