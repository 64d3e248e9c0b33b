"""Safe writes: atomic replace, backups, stale temporary files, locking, and writers killed
mid-write (SIGKILL) never leaving a broken file, a broken backup or a temporary file."""

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

from vzmap.places import store
from vzmap.places.store import (
    LockTimeout,
    _write_temp,
    atomic_write_bytes,
    atomic_write_text,
    backup_path,
    lock_path,
    locked,
    remove_stale_temp_files,
)


def _o_tmpfile_works(directory) -> bool:
    """Whether this system and the file system of ``directory`` support ``O_TMPFILE``."""
    if not store.USE_O_TMPFILE or not os.path.isdir("/proc/self/fd"):
        return False
    try:
        os.close(os.open(directory, os.O_TMPFILE | os.O_WRONLY, 0o600))
    except OSError:
        return False
    return True


@pytest.fixture(params=["anonymous", "named"])
def temp_kind(request, monkeypatch, tmp_path) -> str:
    """Run a test with ``O_TMPFILE`` temp files (where supported) and with named ones."""
    if request.param == "anonymous" and not _o_tmpfile_works(tmp_path):
        pytest.skip("O_TMPFILE is not supported here")
    monkeypatch.setattr(store, "USE_O_TMPFILE", request.param == "anonymous")
    return request.param


def _temps(directory) -> list:
    return sorted(p.name for p in directory.iterdir() if p.suffix == ".tmp")


def _dead_pid() -> int:
    """The PID of a process that has exited (and been reaped)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_atomic_write_creates_and_keeps_a_backup(tmp_path, temp_kind):
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


def test_atomic_write_keeps_permissions(tmp_path, temp_kind):
    path = tmp_path / "places.geojson"
    atomic_write_text(path, "{}\n")
    mode = stat.S_IMODE(path.stat().st_mode)
    assert mode & 0o044, f"new file not readable by others: {oct(mode)}"  # not mkstemp's 0600
    path.chmod(0o640)
    atomic_write_text(path, "[]\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert stat.S_IMODE(backup_path(path).stat().st_mode) == 0o640


def test_failed_write_leaves_the_file_alone(tmp_path, monkeypatch, temp_kind):
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


def test_write_temp_names_its_writer(tmp_path, temp_kind):
    tmp = _write_temp(tmp_path, "places.geojson", b"data", 0o640)
    assert isinstance(tmp, str) and os.path.dirname(tmp) == str(tmp_path)
    name = os.path.basename(tmp)
    assert name.startswith(f".places.geojson.{store._host_tag()}-{os.getpid()}.")
    assert name.endswith(".tmp")
    assert (tmp_path / name).read_bytes() == b"data"
    assert stat.S_IMODE(os.stat(tmp).st_mode) == 0o640
    assert remove_stale_temp_files(tmp_path / "places.geojson") == 0  # its writer is alive


def test_temp_files_of_dead_writers_are_removed_at_once(tmp_path):
    path = tmp_path / "places.geojson"
    tag, dead, me = store._host_tag(), _dead_pid(), os.getpid()
    other_host = "0" * 8 if tag != "0" * 8 else "f" * 8
    names = {
        "dead": f".places.geojson.{tag}-{dead}.abc_123.tmp",
        "dead_backup": f".places.geojson.bak.{tag}-{dead}.x.tmp",
        "alive": f".places.geojson.{tag}-{me}.live.tmp",
        "other_host": f".places.geojson.{other_host}-{dead}.far.tmp",
        "other_file": f".other.geojson.{tag}-{dead}.x.tmp",
    }
    for name in names.values():
        (tmp_path / name).write_text("partial")
    with locked(path):
        pass
    assert _temps(tmp_path) == sorted(names[k] for k in ("alive", "other_host", "other_file"))
    (tmp_path / names["dead"]).write_text("partial")
    old = time.time() - 7200
    os.utime(tmp_path / names["other_host"], (old, old))  # another host's: judged by age only
    atomic_write_text(path, "x\n")
    assert _temps(tmp_path) == sorted(names[k] for k in ("alive", "other_file"))


_KILLED_MID_WRITE = textwrap.dedent(
    """
    import os, sys
    from vzmap.places import store
    store.USE_O_TMPFILE = sys.argv[2] == "anonymous"
    real_write = os.write

    def stalled_write(fd, data):
        n = real_write(fd, data[: 1 << 20])  # the first MiB reaches the temp file,
        print("writing", flush=True)
        sys.stdin.readline()  # then the writer hangs until it is killed
        return n

    os.write = stalled_write
    store.atomic_write_bytes(sys.argv[1], b"3" * (8 << 20))
    """
)


def test_writer_killed_mid_write_leaves_no_temp_file(tmp_path, temp_kind):
    path = tmp_path / "places.geojson"
    atomic_write_bytes(path, b"1" * 1000)
    atomic_write_bytes(path, b"2" * 2000)
    proc = subprocess.Popen([sys.executable, "-c", _KILLED_MID_WRITE, str(path), temp_kind],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert proc.stdout.readline() == b"writing\n"  # the child is inside the write now
        if temp_kind == "named":
            (tmp,) = _temps(tmp_path)
            assert f"-{proc.pid}." in tmp and (tmp_path / tmp).stat().st_size == 1 << 20
        else:  # the data goes to an unnamed file: nothing to see in the folder
            assert _temps(tmp_path) == []
            fds = [os.readlink(f"/proc/{proc.pid}/fd/{fd}")
                   for fd in os.listdir(f"/proc/{proc.pid}/fd")]
            assert any(t.startswith(f"{tmp_path}/") and t.endswith("(deleted)") for t in fds)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdin.close()
        proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    assert path.read_bytes() == b"2" * 2000 and backup_path(path).read_bytes() == b"1" * 1000
    atomic_write_bytes(path, b"4" * 4000)
    assert _temps(tmp_path) == []
    assert path.read_bytes() == b"4" * 4000
    assert backup_path(path).read_bytes() == b"2" * 2000


def test_lock_times_out_with_a_clear_error(tmp_path):
    path = tmp_path / "places.geojson"
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from vzmap.places.store import locked
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
    from vzmap.places.store import atomic_write_text, locked
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
    from vzmap.places.store import atomic_write_text, locked
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
    # The next write removes whatever temp file the killed writers left.
    previous = path.read_bytes()
    atomic_write_text(path, json.dumps({"writer": "last"}))
    assert _temps(tmp_path) == []
    assert backup_path(path).read_bytes() == previous


def test_a_reader_puts_back_a_file_a_killed_writer_left_aside(tmp_path):
    """A writer killed between moving the old version aside and linking the new one in leaves
    no places file; the next reader (validate, serve, export) puts the old version back."""
    from vzmap.places.io import read_places

    path = tmp_path / "places.geojson"
    path.write_text('{"type": "FeatureCollection", "features": []}\n', encoding="utf-8")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    path.rename(tmp_path / f".places.geojson.{dead}.aside")
    assert read_places(path) == {"type": "FeatureCollection", "features": []}
    assert path.is_file()
