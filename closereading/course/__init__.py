"""The course layer: what belongs to particular lessons, exercises and the course as a whole.

Lesson views for notebook 04 (:mod:`.lesson_moves`), the exercise self-checks (:mod:`.exercises`),
writing the students' copies of the exercises (:mod:`.release`), the ``closereading`` command
(:mod:`.cli`) and its machine check (:mod:`.doctor`). It sits on top and may import every other
layer; nothing imports it.
"""
