"""Sharing a reading with the class service, from the student's kernel.

A widget that holds a reading (highlights, answer codes, pronoun referents) hands its file's
content to :func:`sharing` when the student has switched sharing on. The change goes into an
**outbox**, ``work/sharing/outbox.json``, kept by the project's one store
(:mod:`closereading.base.workfile`: atomic, locked, merged by kind with another kernel's saves,
recovered if damaged), before anything is sent. A sender thread then sends each change that the
service has not acknowledged, newest version only, with the server's own hub token
(``JUPYTERHUB_API_TOKEN``). A change the service never acknowledged (service down, hub or kernel
restarted) stays in the outbox and is sent by the next kernel that opens it.

Versions are microseconds since 1970, never less than the last one plus one: they grow even if
the outbox is lost, so the service's rule (an older version never overwrites a newer) holds.

Where the service is: ``CLOSEREADING_LIVE_URL`` if set, else the hub is asked for the service
``CLOSEREADING_LIVE_SERVICE`` (default ``closereading``), which needs the server token's scope
``read:services!service=closereading``.
"""

from __future__ import annotations

import dataclasses
import json
import os
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from closereading.base.paths import work_dir
from closereading.base.workfile import Kind, RecordError, WorkFileError, open_file, save

__all__ = ["KINDS", "Entry", "OutboxKind", "Sharing", "service_url", "sharing"]

#: What a class shares: the kinds of reading the service keeps.
KINDS = ("highlights", "codes", "pronouns")


@dataclass(frozen=True)
class Entry:
    """One kind of reading in the outbox: whether it is shared, the latest version and its
    content (None: withdrawn), when it changed, and what the service last acknowledged."""

    id: str
    share: bool
    version: int
    reading: dict[str, Any] | None
    modified: str
    acknowledged: int = 0
    sent: str = ""
    problem: str = ""

    @property
    def pending(self) -> bool:
        return self.acknowledged < self.version


class OutboxKind(Kind[Entry]):
    schema = "closereading.outbox/1"
    key = "entries"
    noun = "shared reading"
    folder = "sharing"
    note_field = "problem"

    def parse(self, raw: Any) -> Entry:
        if not isinstance(raw, dict) or raw.get("id") not in KINDS:
            raise RecordError(f"not a shared reading of {', '.join(KINDS)}")
        try:
            entry = Entry(
                **{f.name: raw[f.name] for f in dataclasses.fields(Entry) if f.name in raw}
            )
        except TypeError as error:
            raise RecordError(f"a shared reading without {error}") from None
        if not isinstance(entry.version, int) or not isinstance(entry.acknowledged, int):
            raise RecordError("a shared reading's version is not a whole number")
        return entry

    def dump(self, record: Entry) -> dict[str, Any]:
        return dataclasses.asdict(record)

    def ident(self, record: Entry) -> str:
        return record.id

    def resolve(self, ours: Entry, theirs: Entry) -> Entry:
        """Two kernels changed one kind: the higher version is the student's latest; the higher
        acknowledgement holds for it."""
        winner, loser = (theirs, ours) if theirs.version > ours.version else (ours, theirs)
        if loser.acknowledged > winner.acknowledged and loser.acknowledged <= winner.version:
            winner = dataclasses.replace(winner, acknowledged=loser.acknowledged, sent=loser.sent)
        return winner


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def service_url(timeout: float = 5.0) -> str | None:
    """The class service's address (ending in ``/``), or None when not on a hub."""
    given = os.environ.get("CLOSEREADING_LIVE_URL", "").strip()
    if given:
        return given.rstrip("/") + "/"
    api, token = os.environ.get("JUPYTERHUB_API_URL"), os.environ.get("JUPYTERHUB_API_TOKEN")
    if not api or not token:
        return None
    name = os.environ.get("CLOSEREADING_LIVE_SERVICE", "closereading")
    request = urllib.request.Request(
        f"{api.rstrip('/')}/services/{name}", headers={"Authorization": f"token {token}"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as answer:
        model = json.loads(answer.read())
    if not model.get("url"):
        return None
    return model["url"].rstrip("/") + "/" + model.get("prefix", "").strip("/") + "/"


class Sharing:
    """The outbox at ``path`` and the thread that empties it (see the module's docstring)."""

    def __init__(
        self, path: str | Path | None = None, url: str | None = None, *, background: bool = True
    ) -> None:
        self.background = background
        self.path = Path(path) if path is not None else work_dir() / "sharing" / "outbox.json"
        self.kind = OutboxKind()
        self._url = url
        self._lock = threading.RLock()
        self._wake = threading.Event()
        self._listeners: list[Callable[[Entry], None]] = []
        self._thread: threading.Thread | None = None
        self._told: dict[str, tuple[int, int]] = {}  # each kind's last state told to listeners
        self.retry_after = 0.0

    # --- the outbox -------------------------------------------------------------------------

    def entries(self) -> dict[str, Entry]:
        """The outbox as it is on disk now."""
        try:
            opened = open_file(self.path, self.kind)
        except WorkFileError:
            return {}
        return {e.id: e for e in opened.contents.records}

    def entry(self, kind: str) -> Entry | None:
        return self.entries().get(kind)

    def _put(self, entry: Entry) -> Entry:
        with self._lock:
            path = open_file(self.path, self.kind).save_path or self.path
            save(path, self.kind, {}, [entry], None)
            return self.entries().get(entry.id, entry)

    def share(self, kind: str, reading: dict[str, Any]) -> Entry:
        """Put ``reading`` (a widget's file as JSON) in the outbox as ``kind``'s latest, shared."""
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}; the kinds are {', '.join(KINDS)}")
        with self._lock:
            held = self.entry(kind)
            if held is not None and held.share and held.reading == reading:
                self.start()
                return held
            entry = Entry(kind, True, self._next(held), reading, _now())
            return self._changed(self._put(entry))

    def withdraw(self, kind: str) -> Entry:
        """Stop sharing ``kind``: the service is asked to delete the class's copy."""
        with self._lock:
            held = self.entry(kind)
            entry = Entry(kind, False, self._next(held), None, _now())
            return self._changed(self._put(entry))

    @staticmethod
    def _next(held: Entry | None) -> int:
        return max((held.version if held else 0) + 1, time.time_ns() // 1000)

    def _changed(self, entry: Entry) -> Entry:
        self._tell(entry)
        self.start()
        self._wake.set()
        return entry

    def listen(self, callback: Callable[[Entry], None]) -> None:
        """``callback(entry)`` after every change of an entry (from the sender's thread too);
        a callback already listening is not added twice."""
        if callback not in self._listeners:
            self._listeners.append(callback)

    def _tell(self, entry: Entry) -> None:
        self._told[entry.id] = (entry.version, entry.acknowledged)
        for callback in list(self._listeners):
            callback(entry)

    def revealed(self, timeout: float = 20.0) -> dict[str, Any]:
        """The anonymous heat maps the instructor has revealed to this student, by class (empty
        until the student has shared in that class): numbers only, see
        :func:`closereading.course.live.view.heatmap_only`. Raises ``OSError`` when the
        service cannot be reached."""
        token = os.environ.get("JUPYTERHUB_API_TOKEN", "")
        request = urllib.request.Request(
            f"{self._url_now()}api/revealed", headers={"Authorization": f"token {token}"}
        )
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            found = json.loads(answer.read()).get("revealed", {})
        return found if isinstance(found, dict) else {}

    # --- sending ----------------------------------------------------------------------------

    def start(self) -> None:
        """Start the sender thread (once; never without ``background``)."""
        if not self.background:
            return
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="closereading-share", daemon=True
                )
                self._thread.start()

    def _run(self) -> None:
        delay = 1.0
        while True:
            try:
                left = self.send_pending()
            except Exception:  # the sender must outlive any one failure; the entry says why
                left = True
            if left:
                wait = max(delay, self.retry_after)
                delay = min(delay * 2, 30.0)
            else:
                wait, delay = 3600.0, 1.0
            self._wake.wait(wait)
            self._wake.clear()

    def send_pending(self) -> bool:
        """Send every unacknowledged entry once; True if any is still waiting. An entry that
        another kernel's sender acknowledged meanwhile (two notebooks share one outbox) is told
        to this kernel's widgets, which would otherwise go on saying it waits."""
        self.retry_after = 0.0
        left = False
        for entry in self.entries().values():
            if entry.pending:
                left |= not self._send(entry)
            elif self._told.get(entry.id) != (entry.version, entry.acknowledged):
                self._tell(entry)
        return left

    def _url_now(self) -> str:
        if self._url is None:
            self._url = service_url()
        if self._url is None:
            raise OSError("not on a JupyterHub with the class service")
        return self._url

    def _send(self, entry: Entry) -> bool:
        token = os.environ.get("JUPYTERHUB_API_TOKEN", "")
        headers = {"Authorization": f"token {token}", "Content-Type": "application/json"}
        try:
            url = f"{self._url_now()}api/readings/{entry.id}"
            if entry.share:
                body = json.dumps({"version": entry.version, "reading": entry.reading}).encode()
                request = urllib.request.Request(url, body, headers, method="PUT")
            else:
                request = urllib.request.Request(
                    f"{url}?version={entry.version}", None, headers, method="DELETE"
                )
            with urllib.request.urlopen(request, timeout=20) as answer:
                answer.read()
        except urllib.error.HTTPError as error:
            if error.code == 429:
                self.retry_after = float(error.headers.get("Retry-After") or 2)
                return False
            if 400 <= error.code < 500:
                self._acknowledge(
                    entry, f"refused by the class service ({error.code}: {_said(error)})"
                )
                return True
            self._note(entry, f"the class service answered {error.code}; trying again")
            return False
        except (OSError, ValueError) as error:
            self._note(entry, f"the class service could not be reached ({error}); trying again")
            return False
        self._acknowledge(entry, "")
        return True

    def _acknowledge(self, entry: Entry, problem: str) -> None:
        with self._lock:
            held = self.entry(entry.id) or entry
            if held.version != entry.version:  # a newer change came meanwhile: it is sent next
                return
            done = dataclasses.replace(
                held, acknowledged=entry.version, sent=_now(), problem=problem
            )
            self._tell(self._put(done))

    def _note(self, entry: Entry, problem: str) -> None:
        with self._lock:
            held = self.entry(entry.id) or entry
            if held.version == entry.version and held.problem != problem:
                self._tell(self._put(dataclasses.replace(held, problem=problem)))


def _said(error: urllib.error.HTTPError) -> str:
    try:
        return str(json.loads(error.read()).get("message", error.reason))[:200]
    except (ValueError, OSError, AttributeError):
        return str(error.reason)


_SHARING: Sharing | None = None


def sharing() -> Sharing:
    """The kernel's one :class:`Sharing`, for ``work/sharing/outbox.json``."""
    global _SHARING
    if _SHARING is None or _SHARING.path != work_dir() / "sharing" / "outbox.json":
        _SHARING = Sharing()
    return _SHARING
