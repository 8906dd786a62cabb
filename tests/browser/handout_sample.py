"""A complete reading of about 800 words, as a student writes it in notebook 07's scaffold, with
the highlights, codes, referents and notes around it: the handout's print tests measure pages
on it. Every quotation is the interview's own words, cited as the evidence board cites."""

from __future__ import annotations

#: The scaffold's notes, by name: a title in the claim's first line, a heading of the
#: student's own before the body.
READING = {
    "07-claim": (
        "# Doors that close politely\n\n"
        "In the last two answers of his interview with The National Interest in January 2013, "
        "Dmitry Peskov refuses twice, and both refusals are dressed as something else. On Iran "
        "he softens a refusal into a belief; on the opposition and the NGOs he hardens it into a "
        'rule that is not his to break. My claim is that the pronoun "we" does the work in '
        "both: it moves from the government to the nation at the moment of refusal, so that the "
        "refusal reads as sovereign rather than chosen."
    ),
    "07-context": (
        "The interview was published on 24 January 2013, weeks after the Russian law on NGOs "
        "that receive money from abroad had come into force and while sanctions on Iran were "
        "being debated in Washington. Paul Saunders, who asks the questions, speaks for an "
        "American readership that the background page describes as sceptical of the Kremlin. "
        "Peskov, the President's press secretary, speaks for the government, and the excerpt "
        "we have is only the end of a longer conversation. The earlier questions are not "
        "printed, so what the two men had already agreed or disputed before these answers is "
        "unknown to us, and the answers may lean on it in ways we cannot see."
    ),
    "07-evidence-1": (
        "## Two refusals\n\n"
        'Asked whether more sanctions would help, Peskov begins "we don’t believe that '
        'sanctions are the best way to solve problems in the international arena" (turn 2, '
        'sentence 1), and ends by hoping for "reciprocal understanding from our Iranian '
        'partners" (turn 2, sentence 5).'
    ),
    "07-interpretation-1": (
        'The refusal is a belief, not a decision: "believe" and "the best way" leave room '
        "for sanctions as a second-best, and the hedge keeps Russia inside the conversation it "
        'declines. The "we" here is the government, the people who decide on sanctions. The '
        "closing hope turns the question around: the problem is not what Russia will do but "
        'what Iran might, and "partners" makes Iran an ally whose good will is expected. A '
        "reader who takes the answer as a no must supply the no; Peskov never says it."
    ),
    "07-evidence-2": (
        'On the opposition, he says the dialogue "cannot be a subject of the bilateral '
        'relationship" and "in no way can be an issue of [state-to-state] discussion" '
        "(turn 4, sentence 5)."
    ),
    "07-interpretation-2": (
        'Here the refusal is stated as impossibility. "Cannot" and "in no way" are '
        "boosters that close the door, and no one in the sentence chooses to close it: the "
        "dialogue is the grammatical subject, not Peskov or the government. The bracket is the "
        "editor's, a reminder that the words we read are not quite the words he spoke. Yet "
        "the negation is unmistakable, and it is the first of several."
    ),
    "07-evidence-3": (
        'Then: "concerns that we cannot take into account and will not take into account '
        'because those are our domestic affairs" (turn 4, sentence 6), and "we are a '
        "country that will solve all the problems, domestic and the like, without any "
        'interference from abroad" (turn 4, sentence 7).'
    ),
    "07-interpretation-3": (
        'Within two sentences "we" changes its referent. "We cannot take into account" is '
        "still the government, the one that could in principle take a concern into account. "
        '"We are a country" is the nation. The refusal is made by the first "we" and '
        "justified by the second: it is the country, not its government, that will allow no "
        "interference. The appeal to sovereignty then does what the negations could not, "
        "because a nation cannot be asked to reconsider in the way a press secretary can. The "
        "answer code agrees: the question about the opposition is not answered but declined, "
        "and the decline is given a reason that no interviewer can question without attacking "
        "the country."
    ),
    "07-limits": (
        "This evidence has limits. The text is an edited excerpt, the end of a longer "
        "interview, and the editor's bracket in turn 4 shows the words were handled before they "
        "reached us. The page does not say whether Peskov spoke English or was interpreted, so "
        'the shift in "we" may belong to him, to an interpreter or to the English itself. '
        "The text is very short, 426 spoken words, so any count of pronouns or negations moves "
        "with a single sentence. And the labels, the moves, codes and referents, are one "
        'reader\'s, mine; another reader could take the second "we" as the government still. '
        "The claim survives these limits because it rests on the order of the words, which the "
        "excerpt keeps, and not on counts."
    ),
    "07-conclusion": (
        "Peskov's two refusals look opposite, one soft and one hard, but they share a shape: a "
        "refusal that no one in the sentence makes. The soft one is a belief; the hard one is "
        "a country's nature. A reader of other interviews from that winter could look for the "
        'same movement of "we" from the government to the nation, and for whether it comes, '
        "as here, at the point where a question is not answered."
    ),
    "07-works-cited": (
        "- Bull, P. (1994). On identifying questions, replies, and non-replies in political "
        "interviews. *Journal of Language and Social Psychology*, 13(2), 115–131.\n"
        "- Hyland, K. (2005). *Metadiscourse: Exploring Interaction in Writing*. London: "
        "Continuum."
    ),
}

#: Highlights: (move, the words, the student's note).
HIGHLIGHTS = (
    ("hedge", "we don’t believe that sanctions are the best way", "A belief, and 'the best'."),
    ("booster", "in no way", "Closes the door <firmly>."),
    ("sovereignty", "without any interference from abroad", "Who would interfere?"),
    ("political-point", "We are a democratic country", ""),
)

#: Notes from the earlier lessons, which the handout leaves out unless asked.
PRIVATE_NOTES = {
    "01-first-impressions": "He sounds calm, almost bored.",
    "06-agency": "Sanctions act; Iran must cooperate; no one refuses.",
}
