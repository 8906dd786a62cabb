"""The class, live: a JupyterHub service that students' kernels share their readings with, and
the instructor's live view of the class.

:mod:`.store` keeps the readings (SQLite); :mod:`.view` draws a class with the class report's
views; :mod:`.service` is the service (Tornado, authenticated by the hub); :mod:`.state` what it
keeps between requests (limits, each user's classes, the drawings); :mod:`.page` its page. The student's side (the outbox and the client that sends) is
:mod:`closereading.annotation.sharing`. ``python -m closereading.course.live`` runs the service.
"""
