"""The course's one style: colours, hatches, markers and underlines, for every chart, every HTML
view and (sent as data) the highlighter's front end.

Colours come from Okabe & Ito's colour-blind-safe palette. Nothing here carries meaning by colour
alone: every speaker colour comes with a hatch (bars) and a marker shape (points), and every move
with an underline style and a symbol (``data/moves.json``).

A speaker's style follows the order the transcript's header declares the speakers, so Peskov has
the same colour in every chart of the course, whichever side of a comparison he is on.

>>> import closereading
>>> speaker_style(closereading.load_interview())["Peskov"]
SpeakerStyle(color='#D55E00', hatch='//', marker='s')
>>> tint("#56B4E9")
'rgba(86, 180, 233, 0.22)'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from closereading.annotation.taxonomy import UNDERLINE_STYLES

if TYPE_CHECKING:
    from closereading.text.transcript import Transcript

__all__ = [
    "MARKERS",
    "NEUTRAL",
    "OKABE_ITO",
    "PALETTE",
    "UNDERLINE_GAP_PX",
    "UNDERLINE_STYLES",
    "SpeakerStyle",
    "speaker_style",
    "styles_for",
    "tint",
]

#: The Okabe–Ito colour-blind-safe palette (Okabe & Ito 2008), by colour name.
OKABE_ITO: Mapping[str, str] = {
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
    "black": "#000000",
}

#: The palette as a sequence, in Okabe and Ito's order.
PALETTE: tuple[str, ...] = tuple(OKABE_ITO.values())

#: A grey for things with no colour of their own (an unknown move, a neutral rule).
NEUTRAL = "#767676"

#: Distance between stacked underlines, in CSS pixels (HTML view and highlighter alike).
UNDERLINE_GAP_PX = 5

_TINT_ALPHA = 0.22

# Speakers take the strongest contrasts first; yellow, hard to see on white, comes last.
_SPEAKER_COLOURS = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#000000",
    "#F0E442",
)
_HATCHES = ("", "//", "..", "xx", "\\\\", "--", "++", "oo")
#: Marker shapes for points, in the order speakers (or terms) take them.
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


@dataclass(frozen=True, slots=True)
class SpeakerStyle:
    """How one speaker is drawn: a colour, and a hatch (bars) and marker (points) to go with it."""

    color: str
    hatch: str
    marker: str


def styles_for(labels: Iterable[str]) -> dict[str, SpeakerStyle]:
    """A style for each label, in the order given: the first gets blue, plain bars and circles."""
    return {
        label: SpeakerStyle(
            _SPEAKER_COLOURS[i % len(_SPEAKER_COLOURS)],
            _HATCHES[i % len(_HATCHES)],
            MARKERS[i % len(MARKERS)],
        )
        for i, label in enumerate(labels)
    }


def speaker_style(transcript: Transcript) -> dict[str, SpeakerStyle]:
    """Each speaker's colour, hatch and marker, in the order the header declares them."""
    return styles_for(speaker.label for speaker in transcript.speakers)


def tint(colour: str, alpha: float = _TINT_ALPHA) -> str:
    """``'#56B4E9'`` -> ``'rgba(86, 180, 233, 0.22)'``: a see-through background for a highlight."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha})"
