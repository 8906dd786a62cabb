"""What the class service keeps between requests: who may send how much (:class:`Limits`),
which classes a user is in (:class:`Directory`, asked of the hub), and the drawings of each
class's views (:class:`Live`), drawn one at a time in a thread of their own and drawn again
as soon as a watched class changes."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from jupyterhub.utils import url_path_join
from tornado import web
from tornado.httpclient import AsyncHTTPClient, HTTPClientError

from closereading.course.live.store import LiveStore, Reading

__all__ = ["DEFAULT_CLASS", "WATCHED", "Directory", "Limits", "Live"]

#: The class of a student in no hub group.
DEFAULT_CLASS = "everyone"
#: Seconds a view counts as watched after it was last asked for (the page asks twice a second).
WATCHED = 30.0


@dataclass
class Limits:
    """How much one request and one student may send: ``body`` bytes per request; a bucket of
    ``burst`` requests refilled at ``per_second``."""

    body: int = 2_000_000
    burst: int = 30
    per_second: float = 10.0
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)

    def allow(self, who: str) -> float:
        """0 if ``who`` may send now, else the seconds to wait."""
        now = time.monotonic()
        tokens, then = self._buckets.get(who, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - then) * self.per_second)
        if tokens < 1:
            self._buckets[who] = (tokens, now)
            return (1 - tokens) / self.per_second
        self._buckets[who] = (tokens - 1, now)
        return 0.0


class Directory:
    """Each user's hub groups, asked of the hub with the service's own token (its role needs
    ``read:users:groups``), kept for ``keep`` seconds."""

    def __init__(self, api_url: str, token: str, keep: float = 30.0) -> None:
        self.api_url, self.token, self.keep = api_url, token, keep
        self._known: dict[str, tuple[float, list[str]]] = {}

    async def classes(self, user: str) -> list[str]:
        held = self._known.get(user)
        if held and time.monotonic() - held[0] < self.keep:
            return held[1]
        client = AsyncHTTPClient()
        url = url_path_join(self.api_url, "users", quote(user, safe=""))
        try:
            answer = await client.fetch(url, headers={"Authorization": f"token {self.token}"})
        except HTTPClientError as error:
            raise web.HTTPError(
                503,
                f"the hub did not say {user}'s groups ({error.code}): give the service's "
                "role the scope read:users:groups",
            ) from None
        groups = json.loads(answer.body).get("groups")
        if groups is None:
            raise web.HTTPError(503, "the service's role needs the scope read:users:groups")
        found = sorted(groups) or [DEFAULT_CLASS]
        self._known[user] = (time.monotonic(), found)
        return found


class Live:
    """What the handlers share: the store, the limits, the class key, the drawings made."""

    def __init__(self, store: LiveStore, key: bytes, directory: Directory, limits: Limits):
        self.store, self.key, self.directory, self.limits = store, key, directory, limits
        self.pool = ThreadPoolExecutor(1, thread_name_prefix="closereading-live-view")
        self._drawn: dict[tuple[str, str, bool], tuple[int, Any]] = {}
        self._tasks: set[asyncio.Future[Any]] = set()
        self._running: dict[tuple[str, str, bool], asyncio.Future[Any]] = {}
        self._dirty: set[tuple[str, str, bool]] = set()
        self._watched: dict[tuple[str, str, bool], float] = {}

    def warm(self) -> None:
        """Draw a sample class once in the drawing thread, so that the first real drawing does
        not wait for the report's imports (matplotlib, the transcript)."""
        from closereading.base.paths import DATA_DIR
        from closereading.course.live.view import build_report

        def draw() -> None:
            sample = sorted((DATA_DIR / "sample-class").glob("*.json"))[:2]
            found = [
                Reading("", p.stem, "highlights", 1, p.read_text("utf-8"), 0.0) for p in sample
            ]
            build_report(found, self.key)

        self.pool.submit(draw)

    def changed(self, klass: str) -> None:
        """Draw again, now, every view of ``klass`` someone is watching (after the drawing under
        way, if there is one, which may not hold this change)."""
        now = time.monotonic()
        for key in [k for k, at in self._watched.items() if k[0] == klass and now - at < WATCHED]:
            if key in self._running:
                self._dirty.add(key)
            else:
                self._spawn(key)

    def _spawn(self, key: tuple[str, str, bool]) -> None:
        task = asyncio.ensure_future(self.report(*key, watch=False))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def report(
        self, klass: str, view: str, names: bool, *, watch: bool = True
    ) -> tuple[int, Any]:
        """The class's drawing for its current revision, drawn again only when it changed.
        One drawing of a view at a time: a request that comes while one is being drawn gets
        that one (a later request draws the changes made meanwhile). ``watch``: someone is
        watching this view (it is drawn as soon as the class changes, for a while)."""
        key = (klass, view, names)
        if watch:
            self._watched[key] = time.monotonic()
        revision = self.store.revision(klass)
        held = self._drawn.get(key)
        if held and held[0] == revision:
            return held
        running = self._running.get(key)
        if running is not None:
            return await asyncio.shield(running)
        future = asyncio.ensure_future(self._draw(key, revision))
        self._running[key] = future
        try:
            return await asyncio.shield(future)
        finally:
            self._running.pop(key, None)
            if key in self._dirty:
                self._dirty.discard(key)
                self._spawn(key)

    async def _draw(self, key: tuple[str, str, bool], revision: int) -> tuple[int, Any]:
        from closereading.course.live.view import build_report, heatmap_only

        klass, view, names = key
        readings = self.store.readings(klass)
        job: Callable[[], Any]
        if view == "revealed":
            job = lambda: heatmap_only(readings)  # noqa: E731
        else:
            job = lambda: build_report(  # noqa: E731
                readings, self.key, names=names, projector=view == "projector", title=klass
            )
        drawn = (revision, await asyncio.get_running_loop().run_in_executor(self.pool, job))
        self._drawn[key] = drawn
        return drawn
