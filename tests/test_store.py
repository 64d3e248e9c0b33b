"""Safe writes: atomic replace, backups, stale temporary files, locking, and writers killed
mid-write (SIGKILL) never leaving a broken file or backup."""

from __future__ import annotations

import json
import os
import random
import signal
import stat
import subprocess
import sys
import textwrap
import time

import pytest

from vzmap.store import (
    LockTimeout,
    atomic_write_text,
    backup_path,
    lock_path,
    locked,
    remove_stale_temp_files,
)


def test_atomic_write_creates_and_keeps_a_backup(tmp_path):
    path = tmp_path / "sub" / "places.geojson"
    atomic_write_text(path, "one\n")
    assert path.read_text("utf-8") == "one\n"
    assert not backup_path(path).exists()
    atomic_write_text(path, "two — ñ\r\n")
    assert path.read_bytes() == "two — ñ\r\n".encode()  # newlines as given
    assert backup_path(path) == tmp_path / "sub" / "places.geojson.bak"
    assert backup_path(path).read_text("utf-8") == "one\n"
    atomic_write_text(path, "three\n", backup=False)
    assert backup_path(path).read_text("utf-8") == "one\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["places.geojson",
                                                             "places.geojson.bak"]


def test_atomic_write_keeps_permissions(tmp_path):
    path = tmp_path / "places.geojson"
    atomic_write_text(path, "{}\n")
    mode = stat.S_IMODE(path.stat().st_mode)
    assert mode & 0o044, f"new file not readable by others: {oct(mode)}"  # not mkstemp's 0600
    path.chmod(0o640)
    atomic_write_text(path, "[]\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert stat.S_IMODE(backup_path(path).stat().st_mode) == 0o640


def test_failed_write_leaves_the_file_alone(tmp_path, monkeypatch):
    path = tmp_path / "places.geojson"
    atomic_write_text(path, "old\n")

    def boom(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        atomic_write_text(path, "new\n", backup=False)
    monkeypatch.undo()
    assert path.read_text("utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["places.geojson"]


def test_stale_temp_files_are_removed(tmp_path):
    path = tmp_path / "places.geojson"
    stale = tmp_path / ".places.geojson.abc123.tmp"
    fresh = tmp_path / ".places.geojson.def456.tmp"
    stale.write_text("partial")
    fresh.write_text("partial")
    old = time.time() - 7200
    os.utime(stale, (old, old))
    atomic_write_text(path, "x\n")
    assert not stale.exists() and fresh.exists()  # a fresh one may belong to a live writer
    assert remove_stale_temp_files(path, older_than=0) == 1


def test_lock_times_out_with_a_clear_error(tmp_path):
    path = tmp_path / "places.geojson"
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from vzmap.store import locked
            with locked({str(path)!r}):
                print("held", flush=True)
                time.sleep(30)
        """)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(LockTimeout, match="another vzmap process"), locked(path, timeout=0.2):
            pass
    finally:
        holder.kill()
        holder.wait()
    # A killed holder does not leave the lock taken.
    with locked(path, timeout=5):
        assert lock_path(path).name == ".places.geojson.lock"


_COUNTER = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from vzmap.store import atomic_write_text, locked
    path = Path(sys.argv[1])
    for _ in range(25):
        with locked(path):
            n = json.loads(path.read_text())["n"] if path.exists() else 0
            atomic_write_text(path, json.dumps({"n": n + 1}))
    """
)


def test_locked_read_modify_write_loses_no_update(tmp_path):
    path = tmp_path / "counter.json"
    procs = [subprocess.Popen([sys.executable, "-c", _COUNTER, str(path)]) for _ in range(3)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0]
    assert json.loads(path.read_text())["n"] == 75


_WRITER = textwrap.dedent(
    """
    import json, sys
    from vzmap.store import atomic_write_text, locked
    path, seed = sys.argv[1], int(sys.argv[2])
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        doc = {"writer": seed, "n": n, "pad": ["x" * 200] * (2000 + (seed * 37 + n) % 3000)}
        with locked(path):
            atomic_write_text(path, json.dumps(doc))
    """
)


def test_writers_killed_at_random_moments_never_break_the_file(tmp_path):
    """40 writers, each SIGKILLed at a random moment: the file and its backup stay valid JSON."""
    path = tmp_path / "places.geojson"
    rng = random.Random(20241121)
    seen_writers = set()
    for seed in range(40):
        proc = subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(path), str(seed)],
            stdout=subprocess.PIPE, text=True,
        )
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.08))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        assert proc.returncode == -signal.SIGKILL
        if path.exists():
            seen_writers.add(json.loads(path.read_text("utf-8"))["writer"])
        if backup_path(path).exists():
            json.loads(backup_path(path).read_text("utf-8"))
    assert len(seen_writers) > 10, "writers were killed before writing anything"
    leftovers = [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]
    # Temporary files of killed writers may remain; they are never the file itself and are
    # cleaned up once stale.
    assert all(p.name.startswith(".places.geojson.") for p in leftovers)
    assert remove_stale_temp_files(path, older_than=0) == len(leftovers)
