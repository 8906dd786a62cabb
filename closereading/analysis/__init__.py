"""The analysis layer: plain data in, plain data out.

Counting and comparing words (:mod:`.frequency`), finding words in context (:mod:`.concordance`),
the shape of the interview (:mod:`.structure`: parts, turns, who says how much), a student's
reading beside the reference (:mod:`.reference_comparison`) and a class's agreement
(:mod:`.agreement`). Functions return small frozen records with offsets; nothing here prints,
draws or writes files. May import :mod:`closereading.text` and :mod:`closereading.base`.
"""
