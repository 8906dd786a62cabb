"""Load on the class service: N simulated students with real hub tokens, each sending a change of
their reading every 2-5 s to the real service behind the real proxy (loopback only), for a
bounded time. Prints the acknowledgement latency (p50/p95/p99), the instructor's view update
latency, errors, the service's memory, and checks that every acknowledged change is in the
database at the end.

    .venv/bin/python benchmarks/bench_live.py                         # small: 20 students, 20 s
    .venv/bin/python benchmarks/bench_live.py --students 300 --seconds 120

Needs configurable-http-proxy (npm) like the hub test; without it, says so and exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from hub.hub import proxy_command  # noqa: E402
from hub.live import LiveHub, start_live_hub  # noqa: E402

SCOPES = ["access:services!service=closereading"]
TEACHER_SCOPES = [*SCOPES, "custom:closereading:teach!group=seminar-a"]


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def make_students(live: LiveHub, n: int) -> dict[str, str]:
    names = [f"load{i:03d}" for i in range(n)]
    live.api("POST", "users", {"usernames": names})
    live.api("POST", "groups/seminar-a/users", {"users": names})
    tokens = {}
    for name in names:
        status, made = live.api("POST", f"users/{name}/tokens", {"scopes": SCOPES})
        assert status in (200, 201), (name, status)
        tokens[name] = made["token"]
    return tokens


async def student(client, url, name, token, body, until, acked, latencies, errors, waits):
    """One student: a change every 2-5 s; a change the service did not acknowledge is sent
    again, same version, every second (as the kernel's outbox does) until it is, also after
    the run's end (for at most 60 s)."""
    version = 0
    await asyncio.sleep(random.uniform(0, 2))
    while time.monotonic() < until:
        version += 1
        reading = {
            **body,
            "annotations": body["annotations"][: 1 + version % len(body["annotations"])],
        }
        first, tries = time.perf_counter(), 0
        while True:
            tries += 1
            started = time.perf_counter()
            try:
                answer = await client.fetch(
                    f"{url}api/readings/highlights", method="PUT", raise_error=False,
                    headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
                    body=json.dumps({"version": version, "reading": reading}), request_timeout=60,
                )  # fmt: skip
                code = answer.code
            except OSError:
                code = 599
            if code == 200:
                latencies.append(time.perf_counter() - started)
                acked[name] = version
                if tries > 1:
                    waits.append(time.perf_counter() - first)
                break
            if code not in (502, 503, 599) or time.monotonic() > until + 60:
                errors.append(f"{name}: {code}")
                break
            await asyncio.sleep(1)
        await asyncio.sleep(random.uniform(2, 5))


async def watcher(client, url, token, body, until, view_latencies, errors):
    """The instructor's side: a marked change, then the live state polled (as the page does,
    but every 0.25 s) until the drawing holds it."""
    headers = {"Authorization": f"token {token}", "Content-Type": "application/json"}
    n = 0
    while time.monotonic() < until:
        n += 1
        mark = f"view-mark-{n}-{random.randrange(10**9)}"
        reading = {**body, "annotations": [{**body["annotations"][0], "note": mark}]}
        answer = await client.fetch(
            f"{url}api/readings/highlights", method="PUT", headers=headers, raise_error=False,
            body=json.dumps({"version": n, "reading": reading}),
        )  # fmt: skip
        if answer.code in (502, 503):  # the service is down (killed): try again shortly
            await asyncio.sleep(1)
            continue
        if answer.code != 200:
            errors.append(f"instructor's mark: {answer.code}")
            await asyncio.sleep(1)
            continue
        acked = time.perf_counter()
        while time.monotonic() < until + 60:
            state = await client.fetch(
                f"{url}class/seminar-a/state?view=page&names=1", headers=headers, raise_error=False
            )
            if state.code == 200 and mark in json.loads(state.body).get("html", ""):
                view_latencies.append(time.perf_counter() - acked)
                break
            await asyncio.sleep(0.25)
        await asyncio.sleep(3)


async def kill_service(live: LiveHub, after: float, killed: list[float]) -> None:
    """kill -9 the service ``after`` seconds in; the hub starts it again."""
    import os
    import signal

    await asyncio.sleep(after)
    os.kill(live.service_pid(), signal.SIGKILL)
    killed.append(time.monotonic())


async def load(live: LiveHub, tokens, teacher, seconds: float, kill_at: float | None):
    from tornado.httpclient import AsyncHTTPClient

    AsyncHTTPClient.configure(None, max_clients=len(tokens) + 4)
    client = AsyncHTTPClient()
    body = json.loads((ROOT / "data" / "sample-class" / "amara-okafor.json").read_text("utf-8"))
    acked: dict[str, int] = {}
    latencies: list[float] = []
    view_latencies: list[float] = []
    errors: list[str] = []
    waits: list[float] = []
    killed: list[float] = []
    until = time.monotonic() + seconds
    url = live.service_url
    memory = []

    async def sample_memory():
        import psutil

        while time.monotonic() < until:
            with contextlib.suppress(psutil.Error, AssertionError, KeyError, ValueError):
                # (not while the service is killed and not yet started again)
                memory.append(psutil.Process(live.service_pid()).memory_info().rss / 1e6)
            await asyncio.sleep(1)

    extra = [kill_service(live, kill_at, killed)] if kill_at is not None else []
    await asyncio.gather(
        *extra,
        sample_memory(),
        watcher(client, url, teacher, body, until, view_latencies, errors),
        *(
            student(client, url, name, token, body, until, acked, latencies, errors, waits)
            for name, token in tokens.items()
        ),
    )
    return acked, latencies, view_latencies, errors, memory, waits


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument(
        "--kill-at",
        type=float,
        default=None,
        help="kill -9 the service this many seconds in (the hub starts it again)",
    )
    args, _ = parser.parse_known_args(argv)  # run.py bench passes its arguments to every script
    if proxy_command() is None:
        print("bench_live: configurable-http-proxy is not on PATH; skipped")
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch)
        started = time.perf_counter()
        live = start_live_hub(base, base / "jupyterhub.log")
        try:
            tokens = make_students(live, args.students)
            status, made = live.api("POST", "users/ines/tokens", {"scopes": TEACHER_SCOPES})
            assert status in (200, 201), status
            print(
                f"hub, service and {args.students} students ready in {time.perf_counter() - started:.1f} s"
            )
            acked, latencies, views, errors, memory, waits = asyncio.run(
                load(live, tokens, made["token"], args.seconds, args.kill_at)
            )
            with sqlite3.connect(live.folder / "live.sqlite") as db:
                held = dict(db.execute(
                    "SELECT student, version FROM readings WHERE class='seminar-a' AND kind='highlights'"
                ).fetchall())  # fmt: skip
        finally:
            live.hub.stop()
    missing = [n for n, v in acked.items() if held.get(n, 0) < v]
    ms = [x * 1000 for x in latencies]
    print(f"students {args.students}, {args.seconds:.0f} s: {len(ms)} changes acknowledged "
          f"({len(ms) / args.seconds:.1f}/s), errors {len(errors)}")  # fmt: skip
    print(f"acknowledgement latency ms: p50 {percentile(ms, 50):.1f}, p95 {percentile(ms, 95):.1f}, "
          f"p99 {percentile(ms, 99):.1f}, max {max(ms, default=float('nan')):.1f}")  # fmt: skip
    if views:
        print(f"instructor's view update s (after the acknowledgement): median "
              f"{statistics.median(views):.2f}, max {max(views):.2f} over {len(views)} marks")  # fmt: skip
    if memory:
        print(f"service memory (RSS) MB: start {memory[0]:.0f}, max {max(memory):.0f}")
    if args.kill_at is not None:
        print(f"service killed (-9) at {args.kill_at:.0f} s: {len(waits)} changes sent again until "
              f"acknowledged, the longest after {max(waits, default=0):.1f} s")  # fmt: skip
    print(f"acknowledged changes missing from the database: {len(missing)}")
    for line in errors[:10]:
        print("  error:", line)
    return 1 if missing or errors else 0


if __name__ == "__main__":
    sys.exit(main())
