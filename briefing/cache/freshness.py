"""The state of a content directory, as a short fingerprint: is the index still fresh?

Every file the loader reads (index.yaml and the article files, listed by
the loader's own walk, `briefing.content_files.article_files`) contributes
its relative path, size, modification time, inode and change time: any
added, removed, replaced or edited file changes the fingerprint. Only
`stat` calls, no file is opened; at 10,000 articles they are most of the
cost of a warm `briefing search`.

So a warm search has a forked child take it on the other core while the
command line imports and answers (`FingerprintChild`, started by
`start_early` before the command line is even parsed), and from 2,000
files the child hands half of the stat calls to a helper of its own.
Measured side by side at 10,000 articles on this project's 2-core machine
(quiet), that is 72 ms against 91 ms for statting in process (README,
Speed); on a machine whose other core is busy the two come out alike.
"""

from __future__ import annotations

import os
import sys
from array import array
from itertools import chain
from operator import attrgetter

from briefing.content_files import ARTICLES_DIR, INDEX_FILE, article_files

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

try:  # hashlib would also load OpenSSL, a few milliseconds of every search, for this one hash
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

# What of a file's status goes into the fingerprint; a file that cannot be statted (it vanished,
# or is a broken link) counts as this.
_STATUS = attrgetter("st_size", "st_mtime_ns", "st_ino", "st_ctime_ns")
_UNREADABLE = (-1, -1, -1, -1)
HALVES_FROM = 2000  # files: below this, a second helper costs about what it saves


def fingerprint(content_dir: str | os.PathLike[str], halves: bool = False) -> str:
    """40 hex digits that change whenever a file the loader reads changes; with `halves`, a forked
    helper stats half of the files (only where forking is safe: see FingerprintChild)."""
    root = os.fspath(content_dir)
    digest = blake2b(digest_size=20)
    numbers = array("q")
    index_state = file_state(os.path.join(root, INDEX_FILE))
    if index_state is None:
        digest.update(b"no index.yaml\0")
    else:
        numbers.extend(index_state)
    articles = os.path.join(root, ARTICLES_DIR)
    if not os.path.isdir(articles):
        digest.update(b"no articles/\0")
    unreadable: list[tuple[str, OSError]] = []  # folders that cannot be listed (their files are not known)
    paths = article_files(root, unreadable)
    start = len(articles)  # names relative to articles/: the same folder named another way agrees
    digest.update("\0".join(path[start:] for path in paths).encode("utf-8", "surrogateescape"))
    if unreadable:  # made readable again, even if empty, it is a change
        names = "\0unreadable\0".join(folder[start:] for folder, _ in unreadable)
        digest.update(names.encode("utf-8", "surrogateescape"))
    numbers.extend(_statuses_in_halves(paths) if halves and len(paths) >= HALVES_FROM else _statuses(paths))
    digest.update(numbers.tobytes())
    return digest.hexdigest()


def file_state(path: str | os.PathLike[str]) -> tuple[int, int, int, int] | None:
    """One file's part of the fingerprint (what says it is unchanged); None if it cannot be statted."""
    try:
        return _STATUS(os.stat(path))
    except OSError:
        return None


def _statuses(paths: list[str]) -> array:
    numbers = array("q")
    try:  # one C-level pass over the files; if one cannot be statted: file by file
        numbers.extend(chain.from_iterable(map(_STATUS, map(os.stat, paths))))
    except OSError:
        numbers = array("q")
        for path in paths:
            numbers.extend(file_state(path) or _UNREADABLE)
    return numbers


def _statuses_in_halves(paths: list[str]) -> array:
    """`_statuses`, the second half of the files statted by a forked helper at the same time
    (each stat costs a few microseconds, half of it Python building the stat result)."""
    middle = len(paths) // 2
    helper = _forked(lambda: _statuses(paths[middle:]).tobytes())
    numbers = _statuses(paths[:middle])
    rest = _collected(helper) if helper is not None else None
    if rest is None:  # no helper, or it failed: this process does its half too
        return _statuses(paths)
    numbers.frombytes(rest)
    return numbers


# ------------------------------------------------------------------ forked children

def _forked(compute: Callable[[], bytes]) -> tuple[int, int] | None:
    """`compute()` run by a forked child that writes its bytes to a pipe: (pid, the pipe's read end),
    or None where a child cannot be had. The child leaves without any clean-up of the parent's."""
    try:
        read, write = os.pipe()
    except OSError:  # no file descriptors left
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return None
    if pid == 0:
        status = 1
        try:
            os.close(read)
            data = memoryview(compute())
            while data:
                data = data[os.write(write, data):]
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    return pid, read


def _collected(child: tuple[int, int]) -> bytes | None:
    """What a `_forked` child wrote, once it has ended; None if it failed, or if whether it
    failed cannot be known (SIGCHLD ignored by whoever started us: children reap themselves)."""
    pid, read = child
    try:
        with os.fdopen(read, "rb") as pipe:
            data = pipe.read()
    except BaseException:  # Ctrl-C while waiting: the child is not left behind
        _stopped(pid)
        raise
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return None
    return data if status == 0 else None


def _stopped(pid: int) -> None:
    """Kill a child whose answer is not wanted, and reap it."""
    import signal

    try:
        os.kill(pid, signal.SIGKILL)  # no need to wait for its stat calls (its own helper, if
        os.waitpid(pid, 0)            # any, finds the pipe closed and leaves)
    except (ProcessLookupError, ChildProcessError):
        pass


# ------------------------------------------------------------------ in a child process

class FingerprintChild:
    """The fingerprint of `root`, taken by a forked child while this process goes on.

    Statting thousands of files costs tens of milliseconds; a child does it
    on the other core (a thread would mostly wait for this one's GIL:
    measured, it barely overlaps). Without fork, or with other threads
    running (forking them is unsafe), it is computed when asked for.
    """

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = root
        self._child: tuple[int, int] | None = None
        threading = sys.modules.get("threading")  # not imported: no threads to worry about
        if hasattr(os, "fork") and (threading is None or threading.active_count() == 1):
            self._child = _forked(lambda: fingerprint(root, halves=True).encode("ascii"))

    def result(self) -> str:
        child, self._child = self._child, None
        value = _collected(child) if child is not None else None
        return value.decode("ascii") if value is not None and len(value) == 40 else fingerprint(self.root)

    def discard(self) -> None:
        """Stop and reap the child, if its answer is not wanted (safe to call after `result`)."""
        if self._child is None:
            return
        pid, read = self._child
        self._child = None
        os.close(read)
        _stopped(pid)


_early: FingerprintChild | None = None


def start_early(root: str) -> None:
    """Start taking `root`'s fingerprint now, for `fingerprint_child` to hand over later.

    The command line calls this first thing for the commands that search,
    before the index code is imported (some 20 ms at the start of every
    search that the child then has for its stat calls).
    """
    global _early
    discard_early()
    _early = FingerprintChild(root)


def fingerprint_child(root: str | os.PathLike[str]) -> FingerprintChild:
    """The child started early for `root`, else a new one."""
    global _early
    early, _early = _early, None
    if early is not None and os.fspath(early.root) == os.fspath(root):
        return early
    if early is not None:
        early.discard()
    return FingerprintChild(root)


def discard_early() -> None:
    global _early
    early, _early = _early, None
    if early is not None:
        early.discard()
