"""The text layer: a transcript file becomes one canonical string and records of offsets into it.

:mod:`.transcript` parses and checks the file format (header, speakers, turns, page parts);
:mod:`.tokens` splits sentences and words offline; :mod:`.selection` widens a selection to whole
words inside one turn. Everything downstream points into ``Transcript.text`` with ``(start, end)``
pairs. This layer may import only :mod:`closereading.base`.
"""
