"""Views for a first reading: the parts of the page, who says how much, questions beside answers.

Each function takes a transcript and returns plain records (``*_rows``) or a
:class:`~closereading.views.display.TextView` built from them: text for terminals, static viewers and
nbval; escaped HTML for JupyterLab.

>>> import closereading
>>> interview = closereading.load_interview()
>>> [(row.turn, row.speaker, row.words) for row in turn_rows(interview)][:2]
[(1, 'Saunders', 9), (2, 'Peskov', 112)]
>>> print(sentences(interview, speaker="Saunders", ending="?").text.splitlines()[0])
Turn 1 · Saunders: Do you believe that additional sanctions would be helpful?
"""

from __future__ import annotations

import textwrap
from html import escape

from closereading.analysis.structure import part_rows, turn_rows
from closereading.base.strings import one_line
from closereading.text.tokens import is_word, normalize, word_spans
from closereading.text.transcript import Transcript
from closereading.views.display import TextView

__all__ = [
    "PART_ROLES",
    "page",
    "page_parts",
    "question_answer",
    "sentences",
    "tokens",
    "turns_table",
]

#: What each part of a published interview page does, in a reader's words.
PART_ROLES = {
    "title": "the headline: the publication's name for the piece, written by its editors",
    "dateline": "when it was published, and the magazine's own labels for its topic and region",
    "standfirst": "the line under the headline that tells readers what to expect",
    "turn": "one speaker's turn: what one person says before the other speaks",
    "caption": "the words under the photograph, with its source and licence",
    "note": "a labelled note from the publication",
}


def page(transcript: Transcript, width: int = 92) -> TextView:
    """The whole page as published, part by part, wrapped at whole words for reading; in HTML
    the speakers' labels are bold and the magazine's parts are set in grey italics."""
    labels = {turn.label_start: turn for turn in transcript.turns}
    blocks, paragraphs = [], []
    for part in transcript.parts:
        text = one_line(part.text)
        blocks.append(textwrap.fill(text, width))
        turn = labels.get(part.start) if part.kind == "turn" else None
        if turn is not None:
            label = text[: len(text) - len(one_line(turn.text))].strip()
            paragraphs.append(
                f"<p><strong>{escape(label)}</strong> {escape(one_line(turn.text))}</p>"
            )
        else:
            paragraphs.append(
                f"<p style='color:#555;font-style:italic' title='{escape(part.kind)}'>"
                f"{escape(text)}</p>"
            )
    html = (
        "<div class='closereading-page' style='max-width:46em;line-height:1.55'>"
        + "".join(paragraphs)
        + "</div>"
    )
    return TextView("\n\n".join(blocks), html)


def page_parts(transcript: Transcript, width: int = 70) -> TextView:
    """A table of the parts of the page: kind, words and the opening of the text."""
    rows = part_rows(transcript)

    def short(text: str) -> str:
        return textwrap.shorten(text, width, placeholder=" …")

    kind_width = max(len(r.kind) for r in rows)
    lines = [f"{'#':>2}  {'part':<{kind_width}}  {'words':>5}  text"]
    lines += [f"{r.number:>2}  {r.kind:<{kind_width}}  {r.words:>5}  {short(r.text)}" for r in rows]
    html = (
        "<table class='closereading-parts'><thead><tr><th>#</th><th>Part</th>"
        "<th style='text-align:right'>Words</th><th style='text-align:left'>Text</th>"
        "</tr></thead><tbody>"
        + "".join(
            f"<tr><td>{r.number}</td><td>{escape(r.kind)}</td>"
            f"<td style='text-align:right'>{r.words}</td>"
            f"<td style='text-align:left'>{escape(short(r.text))}</td></tr>"
            for r in rows
        )
        + "</tbody></table>"
    )
    return TextView("\n".join(lines), html)


def turns_table(transcript: Transcript) -> TextView:
    """Words, sentences and questions per turn, with a total line for each speaker."""
    rows = turn_rows(transcript)
    header = ("turn", "speaker", "words", "sentences", "questions")
    body = [
        (str(r.turn), r.speaker, str(r.words), str(r.sentences), str(r.questions)) for r in rows
    ]
    for speaker in transcript.speakers:
        own = [r for r in rows if r.speaker == speaker.label]
        body.append(
            (
                "all",
                speaker.label,
                str(sum(r.words for r in own)),
                str(sum(r.sentences for r in own)),
                str(sum(r.questions for r in own)),
            )
        )
    widths = [max(len(header[i]), *(len(row[i]) for row in body)) for i in range(len(header))]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(
            c.ljust(w) if i == 1 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))
        ).rstrip()

    text = "\n".join([line(header), *(line(row) for row in body)])
    html = (
        "<table class='closereading-turns-table'><thead><tr>"
        + "".join(f"<th>{escape(h)}</th>" for h in header)
        + "</tr></thead><tbody>"
        + "".join(
            "<tr>"
            + "".join(
                f"<td style='text-align:{'left' if i == 1 else 'right'}'>"
                + (f"<strong>{escape(c)}</strong>" if row[0] == "all" else escape(c))
                + "</td>"
                for i, c in enumerate(row)
            )
            + "</tr>"
            for row in body
        )
        + "</tbody></table>"
    )
    return TextView(text, html)


def question_answer(transcript: Transcript, width: int = 44) -> TextView:
    """Each of the interviewer's turns beside the turn that answers it, in two columns."""
    pairs = transcript.qa_pairs()
    blocks, rows = [], []
    for pair in pairs:
        question = one_line(pair.question.text)
        answer = one_line(pair.answer.text) if pair.answer else "(no answer in the text)"
        q_label = f"Turn {pair.question.index + 1} · {pair.question.speaker}"
        a_label = f"Turn {pair.answer.index + 1} · {pair.answer.speaker}" if pair.answer else ""
        left = [q_label, *textwrap.wrap(question, width)]
        right = [a_label, *textwrap.wrap(answer, width)]
        height = max(len(left), len(right))
        left += [""] * (height - len(left))
        right += [""] * (height - len(right))
        blocks.append("\n".join(f"{a:<{width}} | {b}".rstrip() for a, b in zip(left, right)))
        rows.append(
            "<tr>"
            f"<td style='vertical-align:top;text-align:left;width:50%'><strong>{escape(q_label)}"
            f"</strong><br>{escape(question)}</td>"
            f"<td style='vertical-align:top;text-align:left;width:50%'><strong>{escape(a_label)}"
            f"</strong><br>{escape(answer)}</td></tr>"
        )
    rule = "-" * width + "-+-" + "-" * width
    header = f"{'QUESTION':<{width}} | ANSWER"
    text = "\n".join([header, rule] + [b + "\n" + rule for b in blocks])
    html = (
        "<table class='closereading-qa' style='max-width:60em;line-height:1.45'>"
        "<thead><tr><th style='text-align:left'>Question</th>"
        "<th style='text-align:left'>Answer</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )
    return TextView(text, html)


def sentences(
    transcript: Transcript,
    speaker: str | None = None,
    turn: int | None = None,
    ending: str | None = None,
    containing: str | None = None,
) -> TextView:
    """The sentences of the turns, labelled with turn number (from 1) and speaker.

    Keep only one ``speaker``'s, one ``turn``'s (numbered from 1, as displayed), those ending
    with ``ending`` (e.g. ``"?"``) or those containing the word ``containing`` (any case; a
    ``*`` at the end matches any ending, so ``"take*"`` finds "takes" and "take").
    """
    label = transcript.speaker(speaker).label if speaker is not None else None
    pattern = normalize(containing) if containing else None
    chosen = []
    for sentence in transcript.sentences:
        owner = transcript.turns[sentence.turn]
        if label is not None and owner.speaker != label:
            continue
        if turn is not None and sentence.turn != turn - 1:
            continue
        if ending is not None and not sentence.text.rstrip().endswith(ending):
            continue
        if pattern is not None:
            words = [normalize(t) for _, _, t in word_spans(sentence.text) if is_word(t)]
            if pattern.endswith("*"):
                if not any(w.startswith(pattern[:-1]) for w in words):
                    continue
            elif pattern not in words:
                continue
        chosen.append((sentence.turn + 1, owner.speaker, one_line(sentence.text)))
    if not chosen:
        return TextView("(no sentences match)", "<p><em>(no sentences match)</em></p>")
    text = "\n".join(
        textwrap.fill(f"Turn {n} · {who}: {s}", 96, subsequent_indent="    ")
        for n, who, s in chosen
    )
    html = (
        "<ul class='closereading-sentences' style='line-height:1.45'>"
        + "".join(
            f"<li><strong>Turn {n} · {escape(who)}</strong>: {escape(s)}</li>"
            for n, who, s in chosen
        )
        + "</ul>"
    )
    return TextView(text, html)


def tokens(transcript: Transcript, sentence: int) -> TextView:
    """The tokens of one sentence (numbered from 1 in the turns), as the computer splits it:
    tokens between ``|`` marks (HTML: words in solid boxes, punctuation in dashed ones)."""
    if not 1 <= sentence <= len(transcript.sentences):
        raise ValueError(
            f"sentence must be between 1 and {len(transcript.sentences)}, not {sentence}"
        )
    own = [t for t in transcript.tokens if t.sentence == sentence - 1]
    words = sum(1 for t in own if t.is_word)
    shown = " | ".join(t.text for t in own)
    text = (
        f"Sentence {sentence}: {len(own)} tokens, {words} of them words, "
        f"{len(own) - words} punctuation\n" + textwrap.fill(shown, 96)
    )
    chips = "".join(
        f"<span style='display:inline-block;margin:2px;padding:1px 5px;border:1px solid "
        f"{'#0072B2' if t.is_word else '#999'};border-style:{'solid' if t.is_word else 'dashed'};"
        f"border-radius:3px'>{escape(t.text)}</span>"
        for t in own
    )
    html = (
        f"<p>Sentence {sentence}: {len(own)} tokens, {words} of them words (solid boxes), "
        f"{len(own) - words} punctuation (dashed boxes)</p><div>{chips}</div>"
    )
    return TextView(text, html)
