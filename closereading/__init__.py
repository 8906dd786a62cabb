"""Close Reading Lab: reusable code for a Jupyter course in the close reading of political speech.

The public API is small; everything else lives in its own module (``closereading.frequency``,
``closereading.concordance``, ``closereading.plots`` ...). Importing this package is cheap:
matplotlib, NLTK and the widget libraries load only when a function that needs them runs.

>>> import closereading
>>> interview = closereading.load_interview()
>>> [turn.speaker for turn in interview.turns]
['Saunders', 'Peskov', 'Saunders', 'Peskov', 'Saunders', 'Peskov']
"""

from ._warnings import CloseReadingWarning
from .transcript import (
    Transcript,
    TranscriptError,
    load_interview,
    load_transcript,
    parse_transcript,
)

__version__ = "0.1.0"

__all__ = [
    "CloseReadingWarning",
    "Transcript",
    "TranscriptError",
    "load_interview",
    "load_transcript",
    "parse_transcript",
]
