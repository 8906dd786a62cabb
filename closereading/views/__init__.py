"""The views layer: records in, something to look at out.

One style for every picture (:mod:`.style`: palette, speaker and family colours, underlines),
escaped HTML and text tables (:mod:`.html`, :mod:`.tables`), the transcript with its highlights
(:mod:`.highlights`), reading views (:mod:`.display`, :mod:`.reading`), concordance tables
(:mod:`.concordance`) and matplotlib figures (:mod:`.plots`). Views draw the records an analysis
returns; they never count. May import the annotation, analysis, text and base layers.
"""
