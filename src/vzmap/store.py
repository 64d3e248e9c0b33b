"""Safe file writes: atomic replace (temporary file, fsync, rename), backups and locking.

``atomic_write_text`` never leaves a half-written file behind, even when the process is killed:
the new text goes to a temporary file in the same folder, is flushed to disk and renamed over the
target in one step. The previous version is first copied (the same way) to ``<name>.bak``, so at
every moment both the file and its backup are complete versions. ``locked`` serialises
read-modify-write cycles between processes (an ``fcntl``/``msvcrt`` lock via ``filelock``; the
operating system releases it when a process dies, so a killed ingest never blocks the next one).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from .errors import StoreError, VzmapError

#: Temporary files older than this (seconds) are leftovers of killed writers and are removed.
STALE_TEMP_SECONDS = 3600


class LockTimeout(VzmapError, TimeoutError):
    """Another process held the lock of a file for too long."""


@contextlib.contextmanager
def _explained(path: Path, action: str) -> Iterator[None]:
    """Turn an OSError into a :class:`StoreError` that names the file and what to check."""
    try:
        yield
    except (StoreError, Timeout):  # Timeout is an OSError too: the lock's own message says more
        raise
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise StoreError(
            f"{path}: cannot {action}: {reason}; check that the folder {path.parent} exists "
            "and is writable"
        ) from exc


def lock_path(path: Path | str) -> Path:
    """The lock file guarding ``path`` (``.<name>.lock`` beside it)."""
    path = Path(path)
    return path.with_name(f".{path.name}.lock")


def backup_path(path: Path | str) -> Path:
    """Where the previous version of ``path`` is kept (``<name>.bak`` beside it)."""
    path = Path(path)
    return path.with_name(path.name + ".bak")


@contextlib.contextmanager
def locked(path: Path | str, timeout: float = 60) -> Iterator[None]:
    """Hold an inter-process lock on ``path`` for read-modify-write cycles.

    Raises :class:`LockTimeout` when another process holds it for more than ``timeout`` seconds.
    """
    path = Path(path)
    lock = FileLock(str(lock_path(path)), timeout=timeout)
    try:
        with _explained(path, "be locked for writing"):
            path.parent.mkdir(parents=True, exist_ok=True)
            lock.acquire()
    except Timeout as exc:
        raise LockTimeout(
            f"{path}: another vzmap process has been writing it for over {timeout:g} s "
            f"(lock {lock_path(path)}); wait for it to finish and run again"
        ) from exc
    try:
        yield
    finally:
        lock.release()


def _mode_for(path: Path) -> int:
    """The permission bits for a new version of ``path``: the old file's, else 0666 - umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _temp_prefix(path: Path) -> str:
    return f".{path.name}."


def remove_stale_temp_files(path: Path | str, older_than: float = STALE_TEMP_SECONDS) -> int:
    """Remove temporary files of ``path`` left by killed writers; returns how many."""
    path = Path(path)
    removed = 0
    now = time.time()
    with contextlib.suppress(OSError):
        for p in path.parent.glob(f"{_temp_prefix(path)}*.tmp"):
            with contextlib.suppress(OSError):
                if now - p.stat().st_mtime >= older_than:
                    p.unlink()
                    removed += 1
    return removed


def _write_temp(directory: Path, name: str, data: bytes, mode: int) -> str:
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return tmp


def atomic_write_bytes(
    path: Path | str, data: bytes, *, backup: bool = True, make_parents: bool = True
) -> None:
    """Write ``data`` to ``path`` atomically; keep the previous version as ``<name>.bak``.

    Raises :class:`StoreError` (naming the file) when it cannot be written; the previous
    version is then untouched. ``make_parents=False`` refuses to create a missing folder.
    """
    path = Path(path)
    with _explained(path, "be written"):
        if make_parents:
            path.parent.mkdir(parents=True, exist_ok=True)
        elif not path.parent.is_dir():
            raise StoreError(f"{path}: the folder {path.parent} does not exist; create it first")
        _write_atomically(path, data, backup)


def _write_atomically(path: Path, data: bytes, backup: bool) -> None:
    remove_stale_temp_files(path)
    mode = _mode_for(path)
    tmp = _write_temp(path.parent, path.name, data, mode)
    try:
        if backup and path.exists():
            with contextlib.suppress(FileNotFoundError):
                _copy_atomic(path, backup_path(path))
        os.replace(tmp, path)
        _fsync_dir(path.parent)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def atomic_write_text(
    path: Path | str, text: str, *, backup: bool = True, make_parents: bool = True
) -> None:
    """Write ``text`` (UTF-8, newlines as given) to ``path`` atomically; keep ``<name>.bak``."""
    atomic_write_bytes(path, text.encode("utf-8"), backup=backup, make_parents=make_parents)


def _copy_atomic(src: Path, dst: Path) -> None:
    data = src.read_bytes()
    tmp = _write_temp(dst.parent, dst.name, data, _mode_for(src))
    try:
        os.replace(tmp, dst)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
