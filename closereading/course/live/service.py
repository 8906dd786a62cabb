"""The class service: a JupyterHub service (Tornado) that students' kernels share their readings
with and instructors watch the class through.

Started by the hub as a managed service (``python -m closereading.course.live``), it learns its
address, prefix and token from the hub's environment (``JUPYTERHUB_SERVICE_URL``,
``JUPYTERHUB_SERVICE_PREFIX``, ``JUPYTERHUB_API_TOKEN``). Who is asking is always the hub's
answer for the request's token or login cookie (:class:`HubOAuth`), never a name in a request.

- ``PUT api/readings/KIND`` (a student's server token in the ``Authorization`` header, never a
  cookie): ``{"version": N, "reading": {...the widget's file...}}``; stored for each class (hub
  group) the student belongs to, under the student's own name. ``DELETE`` withdraws.
- ``GET api/revealed``: the anonymous heat map of the student's classes that the instructor
  has revealed, once the student has shared there.
- ``GET class/CLASS/`` (``projector``; ``?names=1``), ``GET class/CLASS/state``, ``POST
  class/CLASS/reveal``: the instructor's live page, for holders of the scope
  ``custom:closereading:teach`` (for every class) or ``custom:closereading:teach!group=CLASS``.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jupyterhub.services.auth import HubOAuth, HubOAuthCallbackHandler, HubOAuthenticated
from jupyterhub.services.auth import check_scopes as hub_check_scopes
from jupyterhub.utils import url_path_join
from tornado import web
from tornado.http1connection import HTTP1Connection

from closereading.course.live.page import SECURITY_HEADERS, STATIC, classes_page, live_page
from closereading.course.live.state import DEFAULT_CLASS, Directory, Limits, Live
from closereading.course.live.store import KIND_FILES, LiveStore

__all__ = ["DEFAULT_CLASS", "TEACH", "Limits", "make_app"]

#: The scope that lets a user watch a class (filtered ``!group=CLASS`` for one class).
TEACH = "custom:closereading:teach"
#: The largest body read (and thrown away) to refuse it cleanly; a larger one is cut off.
DRAIN = 128_000_000
#: Schema prefixes of the files each kind holds (what collect's readers claim).
SCHEMAS = {
    "highlights": "closereading.annotations/",
    "codes": "closereading.codes/",
    "pronouns": "closereading.pronouns/",
}


class Handler(HubOAuthenticated, web.RequestHandler):
    """Every answer carries the security headers; errors are short plain JSON."""

    def initialize(self, live: Live, hub_auth: HubOAuth) -> None:
        self.live, self.hub_auth = live, hub_auth

    def set_default_headers(self) -> None:
        for name, value in SECURITY_HEADERS.items():
            self.set_header(name, value)

    async def prepare(self) -> None:
        # Ask the hub without blocking; get_current_user then finds the answer kept.
        await self.hub_auth.get_user(self, sync=False)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.set_header("Content-Type", "application/json; charset=utf-8")
        error = kwargs.get("exc_info", (None, None))[1]
        reason = getattr(error, "log_message", None) or self._reason
        self.finish(json.dumps({"status": status_code, "message": reason}))

    def user_name(self) -> str:
        user = self.current_user
        if not user:
            raise web.HTTPError(403, "not signed in to the hub")
        if user.get("kind", "user") != "user":
            raise web.HTTPError(403, "only users share readings")
        return str(user["name"])

    def may_teach(self, klass: str) -> bool:
        user = self.current_user or {}
        return bool(hub_check_scopes({f"{TEACH}!group={klass}"}, set(user.get("scopes", ()))))


@web.stream_request_body
class ReadingHandler(Handler):
    """A student's own reading of one kind: PUT shares (or updates), DELETE withdraws."""

    async def prepare(self) -> None:
        self._chunks: list[bytes] = []
        self._size, self._wait = 0, 0.0
        if not self.request.headers.get("Authorization"):
            raise web.HTTPError(403, "share with your server's token (Authorization header)")
        await super().prepare()
        if not getattr(self, "_token_authenticated", False):
            raise web.HTTPError(403, "share with your server's token; this token is not valid")
        name = self.user_name()
        # Refused only once the (small) body is read: a connection cut before then would reach
        # the other students' requests through the proxy's shared connections.
        self._wait = self.live.limits.allow(name)
        # A body over the limit is read and thrown away (up to DRAIN bytes), so that the answer
        # is a clean 413 through the proxy rather than a connection cut mid-request.
        length = self.request.headers.get("Content-Length", "")
        if isinstance(self.request.connection, HTTP1Connection) and length.isdigit():
            self.request.connection.set_max_body_size(min(int(length), DRAIN) + 1)

    def data_received(self, chunk: bytes) -> None:
        self._size += len(chunk)
        if self._size <= self.live.limits.body:
            self._chunks.append(chunk)
        else:
            self._chunks = []

    def check_xsrf_cookie(self) -> None:
        """Token requests only (checked in :meth:`prepare`): no cookie, so no forged form."""

    @web.authenticated
    async def put(self, kind: str) -> None:
        name = self.user_name()
        version, reading = self._message(kind)
        reading["author"] = name  # whose it is comes from the token, never from the body
        body = json.dumps(reading, ensure_ascii=False)
        classes = await self.live.directory.classes(name)
        outcomes = {c: self.live.store.put(c, name, kind, version, body) for c in classes}
        self._answer(outcomes)

    @web.authenticated
    async def delete(self, kind: str) -> None:
        name = self.user_name()
        self._check_kind(kind)
        version = self.get_query_argument("version", "")
        if not version.isdigit() or int(version) < 1:
            raise web.HTTPError(400, "give the withdrawal's version: ?version=N (a whole number)")
        classes = await self.live.directory.classes(name)
        self._answer({c: self.live.store.withdraw(c, name, kind, int(version)) for c in classes})

    def _check_kind(self, kind: str) -> None:
        if self._wait:
            self.set_header("Retry-After", str(max(1, round(self._wait))))
            raise web.HTTPError(429, "too many requests: wait and send the latest change")
        if kind not in KIND_FILES:
            raise web.HTTPError(
                404, f"no such kind {kind!r}; the kinds are {', '.join(KIND_FILES)}"
            )

    def _message(self, kind: str) -> tuple[int, dict[str, Any]]:
        self._check_kind(kind)
        if self._size > self.live.limits.body:
            raise web.HTTPError(413, f"a reading may be at most {self.live.limits.body:,} bytes")
        try:
            message = json.loads(b"".join(self._chunks))
        except (ValueError, RecursionError):
            raise web.HTTPError(400, "the body is not JSON") from None
        if not isinstance(message, dict):
            raise web.HTTPError(400, 'the body must be {"version": N, "reading": {...}}')
        version, reading = message.get("version"), message.get("reading")
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise web.HTTPError(400, "version must be a whole number from 1")
        schema = reading.get("schema") if isinstance(reading, dict) else None
        if not isinstance(reading, dict) or not str(schema).startswith(SCHEMAS[kind]):
            raise web.HTTPError(400, f"the reading is not a file of {kind} ({SCHEMAS[kind]}...)")
        return version, reading

    def _answer(self, outcomes: dict[str, Any]) -> None:
        for klass, outcome in outcomes.items():
            if outcome.state == "stored":
                self.live.changed(klass)
        states = {c: {"state": o.state, "version": o.version} for c, o in outcomes.items()}
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps({"acknowledged": True, "classes": states, "at": time.time()}))


class RevealedHandler(Handler):
    """The anonymous heat map of each of the student's classes that is revealed, where the
    student has shared; nothing else of anyone's."""

    @web.authenticated
    async def get(self) -> None:
        name = self.user_name()
        shown = {}
        for klass in await self.live.directory.classes(name):
            if self.live.store.revealed(klass) and self.live.store.readings(klass, name):
                shown[klass] = (await self.live.report(klass, "revealed", False))[1]
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps({"revealed": shown}))


class ClassesHandler(Handler):
    @web.authenticated
    def get(self) -> None:
        user = self.current_user or {}
        held = [s for s in user.get("scopes", ()) if s.split("!", 1)[0] == TEACH]
        groups = {s.partition("!group=")[2] for s in held if "!group=" in s}
        known = set(self.live.store.classes()) | groups
        if TEACH in held:
            known.add(DEFAULT_CLASS)
        classes = sorted(c for c in known if self.may_teach(c))
        self.finish(classes_page(self.hub_auth.base_url, classes, str(user.get("name", ""))))


class ClassHandler(Handler):
    """The instructor's page for one class (or its projector view)."""

    def _class(self, klass: str) -> str:
        if not self.may_teach(klass):
            raise web.HTTPError(403, f"you may not see the class {klass!r} (scope {TEACH})")
        return klass

    @web.authenticated
    async def get(self, klass: str, view: str = "") -> None:
        klass = self._class(klass)
        projector = view == "projector"
        names = not projector and self.get_query_argument("names", "0") == "1"
        revision, report = await self.live.report(
            klass, "projector" if projector else "page", names
        )
        self.finish(
            live_page(
                klass=klass, prefix=self.hub_auth.base_url, css=report.css, content=report.html,
                revision=revision, projector=projector, names=names,
                revealed=self.live.store.revealed(klass), xsrf_form=self.xsrf_form_html(),
                xsrf_token=self.xsrf_token.decode() if isinstance(self.xsrf_token, bytes) else self.xsrf_token,
            )
        )  # fmt: skip


class StateHandler(ClassHandler):
    """``{"revision": N}``, with ``html`` when it differs from ``since``."""

    @web.authenticated
    async def get(self, klass: str, view: str = "") -> None:
        klass = self._class(klass)
        view = "projector" if self.get_query_argument("view", "page") == "projector" else "page"
        names = view == "page" and self.get_query_argument("names", "0") == "1"
        since = self.get_query_argument("since", "")
        revision = self.live.store.revision(klass)
        answer: dict[str, Any] = {"revision": revision}
        if since != str(revision):
            answer["revision"], report = await self.live.report(klass, view, names)
            answer["html"] = report.html
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps(answer))


class RevealHandler(ClassHandler):
    @web.authenticated
    def post(self, klass: str) -> None:
        klass = self._class(klass)
        self.live.store.reveal(klass, self.get_body_argument("on", "0") == "1")
        self.redirect(f"{self.hub_auth.base_url}class/{quote(klass, safe='')}/")


class CallbackHandler(HubOAuthCallbackHandler):
    """The end of the hub's OAuth login, with the service's own :class:`HubOAuth` (which keeps
    the login's state and its PKCE verifier)."""

    def initialize(self, live: Live, hub_auth: HubOAuth) -> None:
        self.hub_auth = hub_auth

    def set_default_headers(self) -> None:
        for name, value in SECURITY_HEADERS.items():
            self.set_header(name, value)


class StaticHandler(web.StaticFileHandler):
    def set_default_headers(self) -> None:
        for name, value in SECURITY_HEADERS.items():
            self.set_header(name, value)


def make_app(folder: str | Path, hub_auth: HubOAuth | None = None, limits: Limits | None = None):
    """The service's Tornado application, its data kept in ``folder``."""
    from closereading.course.collect.anonymise import class_key

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    hub_auth = hub_auth or HubOAuth(cache_max_age=60, allow_token_in_url=False)
    store = LiveStore(folder / "live.sqlite")
    directory = Directory(hub_auth.api_url, hub_auth.api_token)
    live = Live(store, class_key(folder / "class.key"), directory, limits or Limits())
    live.warm()
    prefix = hub_auth.base_url
    shared = {"live": live, "hub_auth": hub_auth}
    klass = r"class/([^/]+)/"
    routes = [
        (prefix, ClassesHandler, shared),
        (url_path_join(prefix, "oauth_callback"), CallbackHandler, shared),
        (url_path_join(prefix, r"api/readings/([a-z]+)"), ReadingHandler, shared),
        (url_path_join(prefix, "api/revealed"), RevealedHandler, shared),
        (url_path_join(prefix, klass), ClassHandler, shared),
        (url_path_join(prefix, klass + "(projector)"), ClassHandler, shared),
        (url_path_join(prefix, klass + "state"), StateHandler, shared),
        (url_path_join(prefix, klass + "reveal"), RevealHandler, shared),
        (url_path_join(prefix, r"static/(live\.js)"), StaticHandler, {"path": str(STATIC)}),
    ]
    return web.Application(
        routes,
        cookie_secret=_secret(folder / "cookie-secret"),
        xsrf_cookies=True,
        live=live,
    ), live


def _secret(path: Path) -> bytes:
    """The cookie secret kept in ``path`` (made, owner-only, on first start), so that a restart
    keeps instructors signed in."""
    import os
    import secrets

    if not path.exists():
        try:
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(handle, "w", encoding="ascii") as stream:
                stream.write(secrets.token_hex(32))
    return bytes.fromhex(path.read_text("ascii").strip())
