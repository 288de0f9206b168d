"""The worker processes a large build reads and inverts article files in."""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Callable

from briefing.cache.codec import (
    decode_article,
    encode_article,
)
from briefing.model import Article, TopicIndex
from briefing.search.build import Chunk, index_chunk, later

TYPE_CHECKING = False  # (pathlib is imported where a build needs it: not by a warm search)
if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.context import ForkContext, ForkServerContext
    from typing import Any, Literal, TypeVar

    _T = TypeVar("_T")


PARALLEL_FROM = 400                   # articles; below this, other processes cost more than they save
MAX_SEGMENT = 2_500                   # articles a worker inverts at once (bounds its memory)

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total): stage is 'reading', 'indexing' or 'writing'."""


def _read(paths: list[str]) -> tuple[list[tuple], list[Article]]:
    """Load some article files: (path, problems, article id or None, payload or None) per file,
    and the articles that loaded, in the same order."""
    from briefing.loader import load_article

    index, _, files_done, reused = _WORKER_STATE
    results = []
    loaded = []
    for path in paths:
        unchanged = reused.get(path)
        if unchanged is not None:  # as the last build read it: no need to read and check it again
            problems, payload = unchanged
            article = decode_article(payload) if payload is not None else None
        else:
            article, problems = load_article(path, index)
            payload = encode_article(article) if article is not None else None
        if article is not None:
            loaded.append(article)
        results.append((str(path), tuple(problems), article.id if article is not None else None, payload))
        if files_done is not None and len(results) % PROGRESS_EVERY == 0:
            with files_done.get_lock():
                files_done.value += PROGRESS_EVERY
    return results, loaded


PROGRESS_EVERY = 50                   # files a worker reads between progress reports
BATCH = 50                            # files a worker takes at a time

# (topic index, speaker words, shared count of files read, files reused from the last build)
_WORKER_STATE: tuple = (None, {}, None, {})


def _start_worker(index: TopicIndex | None, speakers: dict[str, str], files_done=None,
                  reused: dict | None = None) -> None:
    global _WORKER_STATE
    _WORKER_STATE = (index, speakers, files_done, reused or {})


class Segment:
    """Articles read by one worker: the files' positions in the build, their results, and their Chunk."""

    def __init__(self, positions: list[int], results: list[tuple], chunk: Chunk) -> None:
        self.positions, self.results, self.chunk = positions, results, chunk


def _segment_worker(paths: list[str], state: tuple, next_batch, connection) -> None:
    """A worker process: take batches of files until none are left, inverting what it read into
    segments of at most MAX_SEGMENT articles; each is sent as it fills, then ('done',)."""
    try:
        _start_worker(*state)
        gc.disable()  # many small objects, none freed: the cyclic collector would only cost time
        speakers = state[1]
        positions: list[int] = []
        results: list[tuple] = []
        articles: list[Article] = []
        while True:
            with next_batch.get_lock():
                start = next_batch.value
                next_batch.value = start + BATCH
            batch = range(start, min(start + BATCH, len(paths)))
            if batch:
                batch_results, batch_articles = _read([paths[i] for i in batch])
                positions.extend(batch)
                results.extend(batch_results)
                articles.extend(batch_articles)
            if articles and (not batch or len(articles) >= MAX_SEGMENT):
                connection.send(("segment", Segment(positions, results, index_chunk(articles, speakers))))
                positions, results, articles = [], [], []
            if not batch:
                break
        connection.send(("done", None))
        connection.close()
    except BaseException:
        _report_failure(connection)
        os._exit(1)
    # Leave at once: freeing millions of objects one by one would keep the parent,
    # which waits for this process to end, waiting for a second or more.
    os._exit(0)


def _call(function: Callable, args: tuple, connection) -> None:
    """A helper process: `function(*args)`, its result (or its failure) sent back."""
    try:
        connection.send(("result", function(*args)))
        connection.close()
    except BaseException:
        _report_failure(connection)


def _report_failure(connection) -> None:
    """Hand the exception being handled to the parent, which raises it (its traceback for BRIEFING_DEBUG)."""
    import traceback

    connection.send(("error", traceback.format_exc()))
    connection.close()


def _start_method() -> Literal["fork", "forkserver"] | None:
    """How to start worker processes here, or None to build in this process.

    Fork is cheapest but unsafe with other threads running (the reader
    builds from a worker thread); then a fork server, a fresh process that
    forks the workers, is used where there is one.
    """
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and _can_fork():
        return "fork"
    return "forkserver" if "forkserver" in methods else None


def _can_fork() -> bool:
    return threading.active_count() == 1


class BuildPool:
    """The processes a large build reads and inverts articles in (none for a small one).

    Each worker takes batches of files from a shared counter, so a worker
    slowed by other work on the machine simply takes fewer, and turns what
    it read into one segment of the index (or a few, for a very large
    build); the segments are joined by IndexMerger. Afterwards the typo
    table and the bit masks are computed in helper processes (`elsewhere`)
    while this process does the rest.
    """

    def __init__(self, total: int, index: TopicIndex | None, speakers: dict[str, str],
                 reused: dict[str, tuple] | None = None) -> None:
        self.index, self.speakers, self.reused = index, speakers, reused or {}
        self.count = min(os.cpu_count() or 1, 4)
        method = _start_method() if total >= PARALLEL_FROM and self.count > 1 else None
        self.context: ForkContext | ForkServerContext | None = None
        self.processes: list = []
        if method is not None:
            import multiprocessing
            from typing import cast

            # (typeshed picks its BaseContext overload for a union of the two names; each gives one of these)
            self.context = cast("ForkContext | ForkServerContext", multiprocessing.get_context(method))

    def __enter__(self) -> "BuildPool":
        return self

    def __exit__(self, *exc) -> None:
        for process in self.processes:
            if process.is_alive():
                process.terminate()
            process.join()

    def load(self, paths: list[str], progress: Progress | None) -> list[Segment]:
        """Every file of `paths` read and inverted, as segments."""
        total = len(paths)
        if self.context is None:
            _start_worker(self.index, self.speakers, reused=self.reused)
            try:
                segments = []
                for start in range(0, max(total, 1), MAX_SEGMENT):
                    results, articles = _read(paths[start:start + MAX_SEGMENT])
                    segments.append(Segment(list(range(start, start + len(results))), results,
                                             index_chunk(articles, self.speakers)))
                    if progress:
                        progress("reading", start + len(results), total)
                return segments
            finally:
                _start_worker(None, {})
        from multiprocessing.connection import wait
        from typing import cast

        _tracker_started()
        files_done = self.context.Value("i", 0)
        next_batch = self.context.Value("i", 0)
        pending = {}
        for _ in range(self.count):
            reader, writer = self.context.Pipe(duplex=False)
            process = self.context.Process(target=_segment_worker, daemon=True,
                                           args=(paths, (self.index, self.speakers, files_done, self.reused), next_batch,
                                                 writer))
            process.start()
            writer.close()
            self.processes.append(process)
            pending[reader] = process
        segments = []
        while pending:
            # wait() returns some of the objects it was given, here the Connections (typeshed says any waitable)
            for reader in cast("list[Connection]", wait(list(pending), timeout=0.25)):
                kind, value = _received(reader)
                if kind == "segment":
                    segments.append(value)
                else:  # done
                    reader.close()
                    pending.pop(reader).join()
            if progress:
                progress("reading", min(files_done.value, total), total)
        return segments

    def elsewhere(self, function: Callable[..., _T], *args: Any) -> Callable[[], _T]:
        """Start `function(*args)` in another process if this build uses any; returns a way to wait for its result."""
        if self.context is None:
            return later(function, *args)
        reader, writer = self.context.Pipe(duplex=False)
        process = self.context.Process(target=_call, args=(function, args, writer), daemon=True)
        process.start()
        writer.close()
        self.processes.append(process)

        def result() -> _T:
            try:
                return _received(reader)[1]
            finally:
                reader.close()
                process.join()
        return result


def _tracker_started() -> None:
    """Start multiprocessing's resource tracker (which the shared counters need) with a real stderr.

    It hands its process `sys.stderr`'s descriptor; under the reader that is
    Textual's capture of stderr, whose descriptor is -1, and the spawn fails
    (the reader then parsed every file instead of building its index).
    """
    import sys

    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, ValueError, OSError):
        usable = False
    if usable or sys.__stderr__ is None:
        return
    from multiprocessing import resource_tracker

    captured, sys.stderr = sys.stderr, sys.__stderr__  # (an instant; a print meanwhile goes to the terminal)
    try:
        resource_tracker.ensure_running()
    finally:
        sys.stderr = captured


def _received(reader: Connection) -> tuple[str, Any]:
    """A message from a worker; its failure raised here."""
    try:
        kind, value = reader.recv()
    except EOFError:
        raise RuntimeError("an index worker process stopped unexpectedly") from None
    if kind == "error":  # the message names the error; the worker's traceback goes along as a note
        error = RuntimeError(f"an index worker failed: {value.strip().splitlines()[-1]}")
        error.add_note(value)
        raise error
    return kind, value
