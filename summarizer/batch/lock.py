"""One batch run per output file: an advisory lock next to it (``OUT.jsonl.lock``).

Two runs on one output would interleave their journals and race to replace the output
(the second to finish crashed). The lock is ``flock`` on Unix and ``msvcrt.locking``
on Windows: the operating system releases it when the process dies, so a killed run
never leaves a stale lock. The file is removed on release; a run that opened it just
before the removal sees that the path no longer names the file it locked, and retries.
"""

from __future__ import annotations

import os
import sys
from contextlib import suppress
from pathlib import Path
from types import TracebackType

from summarizer.errors import BatchLockedError


def lock_path(out_path: Path) -> Path:
    """The lock file of an output."""
    return out_path.with_name(out_path.name + ".lock")


class OutputLock:
    """An exclusive, non-blocking lock on a batch output; a context manager."""

    def __init__(self, out_path: Path) -> None:
        self.out_path = out_path
        self.path = lock_path(out_path)
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock, or raise :class:`BatchLockedError` when another run holds it."""
        for _ in range(100):  # retried only when a holder removed the file meanwhile
            fd = self._open()
            if not _try_lock(fd):
                os.close(fd)
                raise BatchLockedError(
                    f"another batch run is writing {self.out_path} (lock {self.path}); "
                    "wait for it to finish",
                    path=str(self.out_path),
                )
            if _same_file(fd, self.path):
                os.ftruncate(fd, 0)
                os.write(fd, f"{os.getpid()}\n".encode())
                self._fd = fd
                return
            os.close(fd)  # the holder removed the file between our open and lock
        raise BatchLockedError(f"could not lock {self.path}", path=str(self.out_path))

    def _open(self) -> int:
        # An unwritable directory raises OSError here, as the journal would: the CLI
        # checks that the output is writable before any work starts.
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)

    def release(self) -> None:
        """Remove the lock file and let go (removing first, so no one locks a dead file)."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        if sys.platform == "win32":  # Windows cannot remove an open file
            os.close(fd)
            with suppress(OSError):
                self.path.unlink(missing_ok=True)
            return
        self.path.unlink(missing_ok=True)
        os.close(fd)  # closing drops the lock

    def __enter__(self) -> OutputLock:
        self.acquire()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _same_file(fd: int, path: Path) -> bool:
    try:
        named = path.stat()
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)
