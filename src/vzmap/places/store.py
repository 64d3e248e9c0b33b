"""Safe file writes: atomic replace (temporary file, fsync, rename), backups and locking.

``atomic_write_text`` never leaves a half-written file behind, even when the process is killed:
the new text goes to a temporary file in the same folder, is flushed to disk and renamed over the
target in one step. The previous version is first copied (the same way) to ``<name>.bak``, so at
every moment both the file and its backup are complete versions. ``locked`` serialises
read-modify-write cycles between processes (an ``fcntl``/``msvcrt`` lock via ``filelock``; the
operating system releases it when a process dies, so a killed ingest never blocks the next one).

Temporary files never pile up: on Linux the data is written to an anonymous ``O_TMPFILE`` that
the kernel frees if the writer dies, and it is only given a name (``.<name>.<host>-<pid>.
<random>.tmp``) once complete, just before the rename. Every write and every :func:`locked`
removes temp files of that target whose writer process is gone, or that are older than
:data:`STALE_TEMP_SECONDS` (other systems, other hosts sharing the folder).
"""

from __future__ import annotations

import contextlib
import errno
import functools
import glob
import hashlib
import os
import re
import secrets
import socket
import stat
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from ..errors import StoreError, VzmapError

#: Temporary files older than this (seconds) are leftovers of killed writers and are removed.
STALE_TEMP_SECONDS = 3600
#: Write temporary files as anonymous ``O_TMPFILE`` files first (Linux); tests turn it off.
USE_O_TMPFILE = sys.platform.startswith("linux") and hasattr(os, "O_TMPFILE")


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
        remove_stale_temp_files(path)
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
    """The start of every temporary file name of ``path``."""
    return f".{path.name}."


@functools.lru_cache(maxsize=1)
def _host_tag() -> str:
    """Eight hex digits naming this machine: a PID in a temp name is only judged on its host."""
    return hashlib.sha1(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:8]


def _owner_prefix(name: str) -> str:
    """``.<name>.<host>-<pid>.``: the start of the temp names this process writes for ``name``."""
    return f".{name}.{_host_tag()}-{os.getpid()}."


@functools.lru_cache(maxsize=256)
def _temp_name_re(name: str) -> re.Pattern[str]:
    """Temp names of target ``name``: ``.<name>.[<host>-<pid>.]<random>.tmp`` (the owner part
    is missing in files of older vzmap versions)."""
    return re.compile(
        rf"\.{re.escape(name)}\.(?:(?P<host>[0-9a-f]{{8}})-(?P<pid>[0-9]{{1,10}})\.)?"
        r"[A-Za-z0-9_]+\.tmp"
    )


def _pid_alive(pid: int) -> bool:
    """Whether process ``pid`` exists; ``True`` where that cannot be told safely."""
    if os.name != "posix":  # os.kill would terminate the process on Windows
        return True
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except OSError:  # PermissionError: it exists, owned by someone else
        return True
    return True


#: Any temp file name of :func:`_write_named` (or of older vzmap versions), for whole folders.
_ANY_TEMP_RE = re.compile(
    r"\..+\.(?:(?P<host>[0-9a-f]{8})-(?P<pid>[0-9]{1,10})\.)?[A-Za-z0-9_]+\.tmp"
)


def _is_leftover(entry: os.DirEntry, match: re.Match[str] | None, now: float,
                 older_than: float) -> bool:
    """Whether ``entry`` (its temp-name ``match``) is a temp file whose writer is gone: its
    process (on this host) no longer exists, or it has not changed for ``older_than`` s."""
    if match is None:
        return False
    try:
        if now - entry.stat(follow_symlinks=False).st_mtime >= older_than:
            return True
    except OSError:
        return False
    pid = match["pid"]
    return pid is not None and match["host"] == _host_tag() and not _pid_alive(int(pid))


def _remove_leftovers(directory: Path, match_of, older_than: float) -> int:
    removed = 0
    now = time.time()
    with contextlib.suppress(OSError), os.scandir(directory) as entries:
        for entry in entries:
            if entry.name.endswith(".tmp") and _is_leftover(entry, match_of(entry.name), now,
                                                              older_than):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed += 1
    return removed


def remove_stale_temp_files(path: Path | str, older_than: float = STALE_TEMP_SECONDS) -> int:
    """Remove temporary files of ``path`` and of its backup left by writers that are gone.

    A temp file is a leftover when the process named in it no longer runs (same host), or when
    it is older than ``older_than`` seconds (any writer). Returns how many were removed; files
    that cannot be removed are left alone silently (the write itself reports real problems).
    """
    path = Path(path)
    patterns = [_temp_name_re(name) for name in (path.name, backup_path(path).name)]

    def match_of(name: str) -> re.Match[str] | None:
        return next((m for p in patterns if (m := p.fullmatch(name))), None)

    return _remove_leftovers(path.parent, match_of, older_than)


def remove_stale_temp_files_in(directory: Path | str,
                               older_than: float = STALE_TEMP_SECONDS) -> int:
    """:func:`remove_stale_temp_files` for every file of ``directory`` at once: one scan of the
    folder before writing many files into it (``atomic_write_bytes(..., clean=False)``)."""
    return _remove_leftovers(Path(directory), _ANY_TEMP_RE.fullmatch, older_than)


def _fill(fd: int, data: bytes) -> None:
    """Write all of ``data`` to the open file ``fd`` and flush it to disk."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:
            raise OSError(errno.ENOSPC, "no data could be written (disk full?)")
        view = view[written:]
    os.fsync(fd)


def _link_anonymous(fd: int, directory: Path, name: str) -> str | None:
    """Give the anonymous file ``fd`` a temp name of ``name`` in ``directory``; ``None`` when
    the system cannot link it (no ``/proc``)."""
    dir_fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        for _ in range(100):
            tmp = f"{_owner_prefix(name)}{secrets.token_hex(4)}.tmp"
            try:  # dst_dir_fd makes os.link use linkat(AT_SYMLINK_FOLLOW)
                os.link(f"/proc/self/fd/{fd}", tmp, dst_dir_fd=dir_fd)
            except FileExistsError:
                continue
            except OSError:
                return None
            return os.path.join(directory, tmp)
    finally:
        os.close(dir_fd)
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(directory))


def _write_anonymous(directory: Path, name: str, data: bytes, mode: int) -> str | None:
    """Write ``data`` to an ``O_TMPFILE`` (invisible, freed by the kernel if the process dies)
    and name it only once complete; ``None`` where the file system does not support that."""
    if not USE_O_TMPFILE:
        return None
    try:
        fd = os.open(directory, os.O_TMPFILE | os.O_WRONLY | os.O_CLOEXEC, 0o600)
    except OSError:
        return None
    try:
        _fill(fd, data)
        os.fchmod(fd, mode)
        return _link_anonymous(fd, Path(directory), name)
    finally:
        os.close(fd)


def _write_named(directory: Path, name: str, data: bytes, mode: int) -> str:
    """Write ``data`` to a new visible temp file ``.<name>.<host>-<pid>.<random>.tmp``."""
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=_owner_prefix(name), suffix=".tmp")
    try:
        try:
            _fill(fd, data)
        finally:
            os.close(fd)
        os.chmod(tmp, mode)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return tmp


def _write_temp(directory: Path, name: str, data: bytes, mode: int) -> str:
    """Write ``data`` (flushed to disk, permission bits ``mode``) to a new temp file of target
    ``name`` in ``directory`` and return its path; the caller renames or removes it.

    Where the system allows (Linux ``O_TMPFILE``), the file gets its name only once complete,
    so a writer killed while writing leaves nothing; elsewhere its name carries the writer's PID
    and :func:`remove_stale_temp_files` removes it once that process is gone.
    """
    tmp = _write_anonymous(directory, name, data, mode)
    return tmp if tmp is not None else _write_named(directory, name, data, mode)


def atomic_write_bytes(
    path: Path | str, data: bytes, *, backup: bool = True, make_parents: bool = True,
    clean: bool = True,
) -> None:
    """Write ``data`` to ``path`` atomically; keep the previous version as ``<name>.bak``.

    Raises :class:`StoreError` (naming the file) when it cannot be written; the previous
    version is then untouched. ``make_parents=False`` refuses to create a missing folder.
    ``clean=False`` skips the removal of dead writers' temp files of ``path`` (for many files
    written into one folder after :func:`remove_stale_temp_files_in`).
    """
    path = Path(path)
    with _explained(path, "be written"):
        if make_parents:
            path.parent.mkdir(parents=True, exist_ok=True)
        elif not path.parent.is_dir():
            raise StoreError(f"{path}: the folder {path.parent} does not exist; create it first")
        if clean:
            remove_stale_temp_files(path)
        _write_atomically(path, data, backup)


def _write_atomically(path: Path, data: bytes, backup: bool) -> None:
    """Replace ``path`` by ``data`` through a temp file, copying the old version to the backup."""
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
    """Copy ``src`` over ``dst`` atomically (through a temp file of ``dst``)."""
    data = src.read_bytes()
    tmp = _write_temp(dst.parent, dst.name, data, _mode_for(src))
    try:
        os.replace(tmp, dst)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _fsync_dir(directory: Path) -> None:
    """Flush a folder's entries (the rename) to disk where the system allows it."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _aside_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.aside")


def _dead_leftovers(path: Path) -> list[Path]:
    """Versions of ``path`` moved aside by writers that are gone, oldest first."""
    leftovers = sorted(path.parent.glob(f".{glob.escape(path.name)}.*.aside"),
                       key=lambda p: p.stat().st_mtime_ns)
    return [p for p in leftovers if not _pid_alive(_aside_pid(p))]


def recover_aside(path: Path | str) -> list[Path]:
    """Put back a version that a killed :func:`replace_unless_changed` left moved aside.

    If ``path`` is missing, the newest leftover becomes ``path`` again; other leftovers become
    ``<name>.bak``. Returns the leftovers handled. Call it holding :func:`locked`.
    """
    path = Path(path)
    leftovers = _dead_leftovers(path)
    for n, aside in enumerate(reversed(leftovers)):
        if n == 0 and not path.exists():
            os.replace(aside, path)
        else:
            os.replace(aside, backup_path(path))
    return leftovers


def restore_missing(path: Path | str) -> bool:
    """For readers: if ``path`` is missing because a writer was killed while the old version was
    moved aside, put that version back (never over a file that appeared meanwhile). Needs no
    lock: only leftovers of dead processes are touched, and ``link`` does not overwrite."""
    path = Path(path)
    if path.exists():
        return False
    for aside in reversed(_dead_leftovers(path)):
        with contextlib.suppress(FileExistsError, FileNotFoundError):
            os.link(aside, path)
            return True
    return False


def _aside_pid(aside: Path) -> int:
    try:
        return int(aside.name.rsplit(".", 2)[-2])
    except ValueError:
        return -1


def _retire(aside: Path, path: Path, backup: bool) -> None:
    """Keep the version moved aside as ``<name>.bak`` (or drop it when no backup is wanted)."""
    if backup:
        os.replace(aside, backup_path(path))
    else:
        os.unlink(aside)


def replace_unless_changed(
    path: Path | str, data: bytes, expected: bytes | None, *, backup: bool = True
) -> bool:
    """Replace ``path`` by ``data`` only if it still holds ``expected`` (``None``: only if it
    does not exist); False, writing nothing, when it changed since it was read.

    No window in which an edit saved by another program (an editor's atomic save) is replaced
    unseen: the current file is first moved aside (a rename is atomic), compared there, and the
    new version is linked in only if no file has appeared at ``path`` meanwhile (``link`` does
    not overwrite). For a moment ``path`` does not exist; readers see the old or the new
    version, or none, never a mix. The replaced version is kept as ``<name>.bak``.
    """
    path = Path(path)
    with _explained(path, "be written"):
        tmp = _write_temp(path.parent, path.name, data, _mode_for(path))
        try:
            return _swap_in(path, Path(tmp), expected, backup)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            _fsync_dir(path.parent)


def _swap_in(path: Path, tmp: Path, expected: bytes | None, backup: bool) -> bool:
    if expected is None:
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
        return True
    aside = _aside_path(path)
    try:
        os.rename(path, aside)
    except FileNotFoundError:
        return False  # deleted since it was read
    if aside.read_bytes() != expected:
        try:
            os.link(aside, path)  # put it back, unless a newer one is already there
        except FileExistsError:
            _retire(aside, path, True)
        else:
            os.unlink(aside)
        return False
    try:
        os.link(tmp, path)
    except FileExistsError:
        _retire(aside, path, True)  # an edit landed while ours was aside: it stays
        return False
    _retire(aside, path, backup)
    return True
