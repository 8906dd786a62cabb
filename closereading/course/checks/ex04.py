"""Exercise 04 · Rhetorical moves: label three passages that notebook 04 never used as an
example, each with a note giving the reason, and choose the reason that justifies a label
the reference reading gives.

For each passage every move a careful reading can defend is accepted, with the reason that
makes it defensible; a move that is hard to defend gets a hint that sends the student back to
the words. Notes are checked for substance (see :mod:`._answers`).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from closereading.course.checks._answers import choices, interview, note_problem
from closereading.course.checks._registry import register


@lru_cache(maxsize=1)
def _moves() -> tuple:
    """The moves in the order of the lesson's table (family by family)."""
    from closereading.annotation.taxonomy import load_moves

    return tuple(move for family in load_moves().by_family().values() for move in family)


def move_options() -> list[str]:
    return [f"{move.label} ({move.id})" for move in _moves()]


#: For each passage: the moves a careful reading can defend, each with its reason, and for
#: other moves a hint (by move id, or by family, or a general one).
PASSAGES: dict[str, dict[str, Any]] = {
    "We have witnessed numerous times when sanctions did not create any obstacles for very "
    "grave situations": {
        "turn": 2,
        "defensible": {
            "booster": "'numerous times' presents the claim as settled by repeated experience, "
            "leaving little room to doubt it.",
            "exclusive-we": "'we' are Russia or its government, whose experience is offered as "
            "evidence; Saunders is not among those who witnessed.",
            "inclusive-we": "read as everyone who has watched sanctions at work, the listener "
            "included, 'we' invites Saunders to agree.",
            "attitude-marker": "'very grave' judges the situations, showing how the speaker "
            "feels about them.",
        },
        "equivocation": "This sentence gives evidence about sanctions, the topic of the "
        "question: does it step around the question, or support an answer to it?",
        "hedge": "Does 'numerous times' make the claim weaker or stronger?",
        "hint": "Read the words one by one: which of them says how sure the speaker is, who "
        "'we' are, or how he judges what he describes?",
    },
    "There are many people in the United States who are concerned about the domestic climate "
    "inside Russia.": {
        "turn": 3,
        "defensible": {
            "hedge": "the concern is put in the mouths of 'many people in the United States', "
            "so Saunders commits to less than if he stated it as his own view.",
            "us-versus-them": "it sets people 'in the United States', who are concerned, "
            "against the 'domestic climate inside Russia' they observe: two groups, one "
            "judging the other.",
        },
        "equivocation": "The equivocation moves describe replies to a question. In this "
        "sentence Saunders is the one who is about to ask.",
        "attitude-marker": "Whose feeling does 'concerned' report: the speaker's, or other "
        "people's?",
        "engagement-marker": "An engagement marker addresses the listener directly, with "
        "'you', a question or a request. Does this sentence?",
        "sovereignty": "An appeal to sovereignty rules a topic out of bounds as an internal "
        "matter. Does Saunders do that here, or the opposite?",
        "hint": "Ask whose view the sentence reports, and how it divides people into groups.",
    },
    "Frankly speaking": {
        "turn": 4,
        "defensible": {
            "booster": "it presents what follows as the plain truth, spoken without "
            "softening, which leaves little room to dispute it.",
            "attitude-marker": "it comments on the speaker's own manner, signalling how he "
            "wants the next words to be taken: as candid.",
            "engagement-marker": "it turns to the listener and prepares him for an unwelcome "
            "reply, telling him how to hear what comes next.",
        },
        "self-mention": "Self-mention needs the speaker to refer to himself: I, me, my. Do "
        "these two words?",
        "hedge": "Does 'frankly' make the claim that follows weaker, or does it say how "
        "openly it is made?",
        "declining-to-answer": "The refusal comes in the words after these two. What do "
        "'Frankly speaking' do by themselves?",
        "equivocation": "What do these two words do on their own, before the reply that "
        "follows them?",
        "hint": "Two words that say how the speaker is speaking: what do they tell the "
        "listener about the words that follow?",
    },
}


def _judge_passage(number: int, answer: Any) -> tuple[bool, str]:
    passage = list(PASSAGES)[number - 1]
    rule = PASSAGES[passage]
    if not isinstance(answer, tuple) or len(answer) != 2:
        return False, (
            f"Give the move and the note of passage {number}, each in its own answer cell, "
            "and run both."
        )
    chosen_moves, note = answer
    if chosen_moves is None or chosen_moves is Ellipsis:
        return False, (
            f"Choose a move: type the number of a move from the list in the first answer "
            f"cell of passage {number}, e.g. 1, and run it."
        )
    moves = _moves()
    chosen, problem = choices(chosen_moves, len(moves), [(m.id, m.label) for m in moves])
    if chosen is None:
        return False, problem
    reasons = []
    for option in chosen:
        move = moves[option - 1]
        if move.id in rule["defensible"]:
            reasons.append(f"{move.label}: defensible, because {rule['defensible'][move.id]}")
            continue
        hint = rule.get(move.id) or rule.get(move.family) or rule["hint"]
        held = f" ({'; '.join(r.split(':')[0] for r in reasons)} holds up.)" if reasons else ""
        return False, f'Passage {number}: "{move.label}" is hard to defend here.{held} {hint}'
    names = [moves[option - 1].label for option in chosen] + [moves[o - 1].id for o in chosen]
    problem = note_problem(note, passage, names)
    if problem:
        return False, f"Passage {number}: the move holds up; the note does not yet. {problem}"
    others = len(rule["defensible"]) - len(chosen)
    more = (
        f" {others} other move{'s' if others != 1 else ''} can be defended here too; would "
        "you add one?"
        if others > 0
        else ""
    )
    return True, f"Passage {number}: " + " ".join(reasons) + more


def _register_passage(number: int) -> None:
    passage = list(PASSAGES)[number - 1]
    register(
        f"04-passage-{number}",
        f"The move or moves of passage {number}, “{passage}”, with a note giving the reason",
        options=move_options,
    )(lambda answer: _judge_passage(number, answer))


for _number in range(1, len(PASSAGES) + 1):
    _register_passage(_number)


# --- Task 2: the reason behind a label --------------------------------------------------------

#: A passage the reference reading labels twice, and the label whose reason the student picks.
LABELLED = "We are effective enough to ensure a growing civil society"
LABEL_REASONS = (
    "'Effective enough' softens the claim: the speaker commits to less than 'effective'.",
    "It speaks of civil society in general terms, standing in for an answer to whether "
    "foreign NGOs have a reason to operate in Russia, which it never gives.",
    "It praises the government's record in place of what was asked.",
    "It says openly that the speaker will not deal with the question.",
    "'We' takes in the listener, inviting him to share the speaker's view.",
)
LABEL_HINTS = {
    1: "That is a reason for a hedge. An incomplete reply is about the question: what does "
    "the reply leave out, and what stands in for it?",
    3: "That is the reason for the reference's other label, making a political point. What "
    "does an incomplete reply leave out, and what stands in for it?",
    4: "Does the sentence say openly that Peskov will not answer? Compare it with a sentence "
    "later in turn 4 that does.",
    5: "Whom does 'we' cover here: Saunders too? And is the label about 'we' at all?",
}


@register(
    "04-label-reason",
    f"The reason that justifies labelling “{LABELLED}” an incomplete reply",
    options=lambda: LABEL_REASONS,
)
def label_reason(answer: Any) -> tuple[bool, str]:
    chosen, problem = choices(answer, len(LABEL_REASONS))
    if chosen is None:
        return False, problem
    if chosen != [2]:
        wrong = next((c for c in chosen if c != 2), chosen[0])
        return False, f"Reason {wrong} does not justify this label. {LABEL_HINTS[wrong]}"
    return True, (
        "Right: an incomplete reply is judged against the question, and Saunders asked about "
        "foreign NGOs. The same words also carry the other label, for the reason in option 3: "
        "one passage, two moves, two reasons."
    )


def passage_turns() -> dict[str, int]:
    """Each passage and the turn it comes from (numbered from 1), checked against the text."""
    talk = interview()
    found = {}
    for passage in PASSAGES:
        turn = talk.turn_at(talk.text.index(passage))
        if turn is None:
            raise ValueError(f"passage {passage!r} lies outside the turns")
        found[passage] = turn.index + 1
    return found
