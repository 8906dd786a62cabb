"""The base layer: plumbing every other layer may use.

Where the course's files and the student's work live (:mod:`.paths`), writing a file so that a
crash never leaves half of it (:mod:`.files`), the package's warning class (:mod:`.warnings`) and
small text helpers for display (:mod:`.strings`). It imports nothing else from ``closereading``.
"""
