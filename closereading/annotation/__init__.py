"""The annotation layer: a reader's own marks on a text, and the files that keep them.

The move taxonomy and cue words (:mod:`.taxonomy`), highlights and their sets (:mod:`.model`),
finding a highlight again after the text changed (:mod:`.anchoring`), CSV and W3C Web Annotation
export over plain records (:mod:`.export`) and the student's written notes (:mod:`.notes`). Files
are written with :func:`closereading.base.files.atomic_write`. May import the analysis, text and
base layers.
"""
