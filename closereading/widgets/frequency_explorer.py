"""The word-frequency explorer: the most frequent words of one speaker (or of each side by side),
redrawn as the speaker, stop words, stemming and the number of words change. The table is
counted once per change (:func:`closereading.analysis.frequency.term_table`) and the chart draws
its rows.

>>> explorer = FrequencyExplorer(speaker="Peskov", top_n=3)
>>> print(repr(explorer).splitlines()[1])
Peskov (293 words): russian 7, way 4, country 3
>>> explorer.stopwords = False
>>> [row.term for row in explorer.rows()]
['the', 'of', 'are']
"""

from __future__ import annotations

import base64
from html import escape
from typing import Any

import ipywidgets as widgets
from traitlets import Bool, Int, Unicode, observe, validate

from closereading.analysis import frequency
from closereading.text.transcript import Transcript, load_interview
from closereading.views.display import TextView
from closereading.widgets._controls import ALL_SPEAKERS, choose_speaker, png
from closereading.widgets._fallback import with_fallback

__all__ = ["FrequencyExplorer"]


class FrequencyExplorer(widgets.VBox):
    """The most frequent words of one speaker (or of each speaker side by side), redrawn as you
    change the speaker, stop words, stemming and how many words to show.

    ``rows()`` gives what the chart shows as :class:`closereading.analysis.frequency.TermRow` records.
    """

    speaker = Unicode("Peskov")
    stopwords = Bool(True)
    stem = Bool(False)
    top_n = Int(10)

    MIN_TOP, MAX_TOP = 3, 30

    def __init__(self, transcript: Transcript | None = None, **state: Any):
        self._ready = False  # no drawing until every setting is in place
        self.transcript = transcript if transcript is not None else load_interview()
        self.choices = [s.label for s in self.transcript.speakers] + [ALL_SPEAKERS]
        self.description = ""
        self.table: list[frequency.TermRow] = []
        self._speaker_box = widgets.Dropdown(options=self.choices, description="Speaker")
        self._stopword_box = widgets.Checkbox(description="Leave out stop words", indent=False)
        self._stem_box = widgets.Checkbox(description="Stem (concerns → concern)", indent=False)
        # A number box rather than a slider: its input carries the label, so a screen reader names
        # it and the keyboard's arrow keys step it.
        self._top_box = widgets.BoundedIntText(
            min=self.MIN_TOP, max=self.MAX_TOP, step=1, description="Top N", continuous_update=False
        )
        # The chart is an <img> in HTML, so it can carry its description as alt text.
        self._chart = widgets.HTML(layout=widgets.Layout(max_width="760px"))
        self.png = b""
        self._caption = widgets.HTML()
        controls = widgets.HBox([self._speaker_box, self._top_box])
        options = widgets.HBox([self._stopword_box, self._stem_box])
        super().__init__(children=[controls, options, self._chart, self._caption])
        # Set the state before linking, so the first drawing already shows what was asked for.
        with self.hold_trait_notifications():
            for name, value in state.items():
                if name not in ("speaker", "stopwords", "stem", "top_n"):
                    raise TypeError(
                        f"FrequencyExplorer has no setting {name!r}; use speaker, "
                        "stopwords, stem or top_n"
                    )
                setattr(self, name, value)
        for name, box in (
            ("speaker", self._speaker_box),
            ("stopwords", self._stopword_box),
            ("stem", self._stem_box),
            ("top_n", self._top_box),
        ):
            widgets.link((self, name), (box, "value"))
        self._ready = True
        self._redraw()

    @validate("speaker")
    def _valid_speaker(self, proposal):
        return choose_speaker(getattr(self, "choices", None), proposal["value"])

    @validate("top_n")
    def _valid_top(self, proposal):
        return max(self.MIN_TOP, min(self.MAX_TOP, int(proposal["value"])))

    @observe("speaker", "stopwords", "stem", "top_n")
    def _changed(self, change) -> None:
        if getattr(self, "_ready", False):
            self._redraw()

    # --- plain data ---------------------------------------------------------------------------

    def speakers_shown(self) -> list[str]:
        return self.choices[:-1] if self.speaker == ALL_SPEAKERS else [self.speaker]

    def rows(self, speaker: str | None = None) -> list[frequency.TermRow]:
        """The rows the chart shows for ``speaker`` (default: the one chosen), most frequent
        first, ties in alphabetical order: the table counted once per change of settings."""
        label = speaker or self.speakers_shown()[0]
        return [row for row in self.table if row.speaker == label][: self.top_n]

    def words_spoken(self, speaker: str) -> int:
        return self.transcript.words_by_speaker()[speaker]

    def settings(self) -> str:
        kind = "stems" if self.stem else "words"
        return (
            f"{self.speaker}, stop words {'left out' if self.stopwords else 'kept'}, "
            f"{'stemmed' if self.stem else 'not stemmed'}, top {self.top_n} {kind}"
        )

    def summary_lines(self) -> list[str]:
        lines = []
        for label in self.speakers_shown():
            listing = ", ".join(f"{row.term} {row.count}" for row in self.rows(label))
            lines.append(f"{label} ({self.words_spoken(label)} words): {listing or '(none)'}")
        return lines

    # --- drawing ------------------------------------------------------------------------------

    def _draw(self) -> tuple[Any, str]:
        from matplotlib.figure import Figure

        from closereading.views import plots
        from closereading.views.style import speaker_style

        labels = self.speakers_shown()
        shown = [row for label in labels for row in self.rows(label)]
        if self.speaker == ALL_SPEAKERS:
            height = 0.22 * len({row.term for row in shown}) * len(labels) + 1.8
        else:
            height = 0.3 * len(shown) + 1.6
        figure = Figure(figsize=(7.0, height), layout="constrained")
        options = {"stem": self.stem, "stopwords": self.stopwords}
        if self.speaker == ALL_SPEAKERS:
            # every speaker's whole table, so a word one never says shows as a zero
            ax = plots.top_terms(self.table, n=self.top_n, ax=figure.subplots(), **options)
        else:
            style = speaker_style(self.transcript)[self.speaker]
            ax = plots.term_bars(shown, ax=figure.subplots(), style=style, **options)
        return figure, plots.describe(ax)

    def _redraw(self) -> None:
        self.table = frequency.term_table(self.transcript, stopwords=self.stopwords, stem=self.stem)
        figure, self.description = self._draw()
        self.png = png(figure)
        encoded = base64.b64encode(self.png).decode("ascii")
        self._chart.value = (
            f'<img src="data:image/png;base64,{encoded}" alt="{escape(self.description)}" '
            'style="max-width:100%">'
        )
        self._caption.value = f"<p><em>Description:</em> {escape(self.description)}</p>"

    # --- fallbacks ----------------------------------------------------------------------------

    def snapshot(self) -> TextView:
        """What the explorer shows now, as text and an HTML table: for static viewers, screen
        readers, and notes. Unlike the widget, it does not change when the settings do."""
        return TextView(repr(self), self._repr_html_fallback())

    def __repr__(self) -> str:
        return "\n".join(
            [
                f"Frequency explorer: {self.settings()}",
                *self.summary_lines(),
                f"Chart: {self.description}",
            ]
        )

    def _repr_html_fallback(self) -> str:
        blocks = []
        for label in self.speakers_shown():
            rows = "".join(
                f"<tr><td>{escape(r.term)}</td><td style='text-align:right'>{r.count}</td></tr>"
                for r in self.rows(label)
            )
            blocks.append(
                f"<table style='display:inline-table;margin-right:2em'><caption>"
                f"{escape(label)} ({self.words_spoken(label)} words)</caption>"
                f"<thead><tr><th>term</th><th>count</th></tr></thead>"
                f"<tbody>{rows}</tbody></table>"
            )
        return (
            f"<p><strong>Frequency explorer</strong> (run the notebook to use the controls):"
            f" {escape(self.settings())}</p>" + "".join(blocks)
        )

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return with_fallback(
            widgets.VBox._repr_mimebundle_(self, **kwargs), repr(self), self._repr_html_fallback()
        )
