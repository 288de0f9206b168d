"""The build lock: a second process waits for the first one's build instead of doing it again."""

from __future__ import annotations

from contextlib import contextmanager

TYPE_CHECKING = False  # (pathlib is imported where a build needs it: not by a warm search)
if TYPE_CHECKING:
    from pathlib import Path


@contextmanager
def build_lock(folder: Path):
    """Hold the folder's build lock (others wait); a crashed holder's lock is released by the OS."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: the atomic rename alone keeps readers safe
        yield
        return
    with open(folder / "lock", "a+b") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)
