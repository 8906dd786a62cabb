"""The class service's storage: versioned, idempotent uploads, withdrawal, nothing acknowledged
lost on a restart or a kill, and an export that ``closereading collect`` reads as the live view
does."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from closereading.base.paths import DATA_DIR
from closereading.course.live.store import LiveStore, folder_name


@pytest.fixture
def store(tmp_path):
    db = LiveStore(tmp_path / "live" / "live.sqlite")
    yield db
    db.close()


def sample(name: str, author: str = "") -> str:
    """A sample student's file, its author set as the service sets it (the hub user's name)."""
    data = json.loads((DATA_DIR / "sample-class" / f"{name}.json").read_text("utf-8"))
    data["author"] = author or name
    return json.dumps(data)


def test_the_database_keeps_a_write_ahead_log(store):
    with sqlite3.connect(store.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_retry_changes_nothing_and_an_older_version_never_overwrites(store):
    assert store.put("a", "ana", "highlights", 3, "three").state == "stored"
    revision = store.revision("a")
    assert store.put("a", "ana", "highlights", 3, "three again").state == "same"
    assert store.put("a", "ana", "highlights", 2, "two").state == "newer-kept"
    assert store.revision("a") == revision
    assert [(r.version, r.body) for r in store.readings("a")] == [(3, "three")]
    assert store.put("a", "ana", "highlights", 4, "four").state == "stored"
    assert [(r.version, r.body) for r in store.readings("a")] == [(4, "four")]
    assert store.revision("a") > revision


def test_withdrawing_deletes_and_a_late_older_upload_cannot_bring_it_back(store):
    store.put("a", "ana", "highlights", 1, "one")
    store.put("a", "ben", "highlights", 1, "ben's")
    assert store.withdraw("a", "ana", "highlights", 2).state == "stored"
    assert [r.student for r in store.readings("a")] == ["ben"]
    assert store.put("a", "ana", "highlights", 1, "one").state == "newer-kept"
    assert [r.student for r in store.readings("a")] == ["ben"]
    with sqlite3.connect(store.path) as db:  # the reading itself is gone, only its version kept
        assert db.execute("SELECT body FROM readings WHERE student='ana'").fetchone() == (None,)
    store.put("a", "ana", "highlights", 3, "shared again")
    assert {r.student for r in store.readings("a")} == {"ana", "ben"}


def test_classes_kinds_and_students_are_apart(store):
    store.put("a", "ana", "highlights", 1, "h")
    store.put("a", "ana", "codes", 1, "c")
    store.put("b", "ana", "highlights", 1, "other class")
    assert [(r.kind, r.body) for r in store.readings("a")] == [("codes", "c"), ("highlights", "h")]
    assert [r.body for r in store.readings("b")] == ["other class"]
    assert store.classes() == ["a", "b"]


@pytest.mark.parametrize("version", [0, -1, True, 1.5, "2"])
def test_a_version_must_be_a_whole_number_from_one(store, version):
    with pytest.raises(ValueError, match="version"):
        store.put("a", "ana", "highlights", version, "x")


def test_an_unknown_kind_is_refused(store):
    with pytest.raises(ValueError, match="unknown kind"):
        store.put("a", "ana", "notes", 1, "x")


def test_reveal_is_kept_per_class_and_counts_as_a_change(store):
    store.put("a", "ana", "highlights", 1, "h")
    before = store.revision("a")
    store.reveal("a", True)
    assert store.revealed("a") and not store.revealed("b")
    assert store.revision("a") == before + 1


def test_a_restart_keeps_everything_acknowledged(tmp_path):
    first = LiveStore(tmp_path / "live.sqlite")
    first.put("a", "ana", "highlights", 5, "kept")
    first.reveal("a", True)
    first.close()
    again = LiveStore(tmp_path / "live.sqlite")
    assert [(r.version, r.body) for r in again.readings("a")] == [(5, "kept")]
    assert again.revealed("a")
    again.close()


def test_a_killed_process_loses_no_acknowledged_upload(tmp_path):
    """A writer prints each version once ``put`` has returned; it is killed mid-stream (-9)."""
    path = tmp_path / "live.sqlite"
    script = textwrap.dedent(f"""
        import sys
        from closereading.course.live.store import LiveStore
        store = LiveStore({str(path)!r})
        for version in range(1, 100000):
            store.put("a", "ana", "highlights", version, "x" * 200)
            print(version, flush=True)
    """)
    writer = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    acknowledged = 0
    for line in writer.stdout:
        acknowledged = int(line)
        if acknowledged >= 200:
            os.kill(writer.pid, signal.SIGKILL)
            break
    writer.wait()
    store = LiveStore(path)
    assert store.version("a", "ana", "highlights") >= acknowledged >= 200
    store.close()


def test_folder_names_are_safe_and_distinct():
    names = ["ana", "Ana", "a.na", "a_2ena", "..", ".", "", "a/b", "a b", "ünï"]
    folders = [folder_name(n) for n in names]
    assert len(set(folders)) == len(folders)
    for f in folders:
        assert f and "/" not in f and f not in (".", "..") and not f.startswith(".")


def test_the_export_is_what_collect_reads_and_the_live_view_agrees(store, tmp_path):
    from closereading.course.collect import collect
    from closereading.course.collect.report import write_report
    from closereading.course.collect.summary import summarise
    from closereading.course.live.view import build_report, class_work

    for name in ("amara-okafor", "ben-hartley", "chloe-martin"):
        store.put("seminar", name, "highlights", 1, sample(name))
    store.put("seminar", "x/../y", "highlights", 1, sample("farah-haddad", "x/../y"))
    store.withdraw("seminar", "ben-hartley", "highlights", 2)
    exported = store.export("seminar", tmp_path / "export")
    assert len(exported) == 3 and all(p.is_relative_to(tmp_path / "export") for p in exported)
    offline = collect(tmp_path / "export", progress=False)
    assert not offline.skipped
    assert sorted(f.name for f in offline.files) == ["amara-okafor", "chloe-martin", "x/../y"]
    paths = write_report(offline, tmp_path / "report", key=bytes(32))
    assert (tmp_path / "report" / "index.html") in paths

    live = class_work(store.readings("seminar"))
    assert live.summary() == offline.summary()
    assert summarise(live).alpha == summarise(offline).alpha
    page = build_report(store.readings("seminar"), bytes(32), names=True, title="seminar")
    assert page.students == 3
    assert "amara-okafor" in page.html and "ben-hartley" not in page.html
    anonymous = build_report(store.readings("seminar"), bytes(32), title="seminar")
    assert "amara-okafor" not in anonymous.html and "Reader " in anonymous.html
    projected = build_report(store.readings("seminar"), bytes(32), projector=True, names=True)
    assert "amara-okafor" not in projected.html
