"""The persistent index: built once per state of a content directory, then reused.

Where: `cache_dir()/search/<key>/index.bin`, one folder per content
directory (never inside the content folder itself).

When it is stale: a fingerprint of every file the loader reads (relative
path, size, modification time, inode, change time; see state.py) is stored
in the index. Any added, removed or edited file changes it; statting 10,000
files costs tens of milliseconds, far less than reading them.

Safety: an index is written to a temporary file beside the real one and
renamed over it, so a reader only ever sees a whole file; a lock file
makes a second process wait for the first one's build instead of doing it
again. A file that fails any check (magic, format, model schema, size) is
treated as missing and rebuilt.

Building: the files are loaded exactly as `loader.load_content` loads them
(same problems, same duplicate-id rule), in worker processes when there are
many (forked, or from a fork server when other threads are running): each
takes batches of files from a shared counter and inverts what it read into
a segment of the index (build.py), which this process joins. The index
records each file's state as it was read: when it goes stale, the files
whose state has not changed since (and only if index.yaml has not) are
taken from it as they were checked then, and only the others are read.

Layout: a 32-byte header, the sections (articles as marshal payloads, then
the index arrays, 8-byte aligned), and a marshal'd table of contents at the
end. The arrays are used in place through a read-only memory map, so a
warm `briefing search` reads only the pages its query touches.
"""

from __future__ import annotations

import gc
import marshal
import mmap
import os
import struct
import sys
import threading
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from briefing.model import Article, Problem, TopicIndex
from briefing.paths import cache_root
from briefing.search.build import Chunk, IndexData, IndexMerger, index_chunk, later, speaker_words
from briefing.search.codec import (
    SCHEMA, decode_article, decode_problems, decode_topic_index, encode_article, encode_problems,
    encode_topic_index, raw_article, raw_item, raw_text,
)
from briefing.search.state import blake2b, file_state, fingerprint

TYPE_CHECKING = False  # (pathlib is imported where a build needs it: not by a warm search)
if TYPE_CHECKING:
    from pathlib import Path

FORMAT = 7                            # 7: untagged items of a one-topic article are filed under it
MAGIC = b"BRFSRCH\x00"
_HEADER = struct.Struct("<8sIIQQ")   # magic, format, reserved, table offset, table length
INDEX_NAME = "index.bin"
PARALLEL_FROM = 400                   # articles; below this, other processes cost more than they save
MAX_SEGMENT = 2_500                   # articles a worker inverts at once (bounds its memory)
ARTICLES_KEPT = 128                   # decoded articles kept in memory
RAW_KEPT = 1024                       # articles kept as plain tuples (texts for scoring and hits)

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total): stage is 'reading', 'indexing' or 'writing'."""


# ------------------------------------------------------------ locations

def cache_folder(content_dir: str | os.PathLike[str]) -> Path:
    """This content directory's own folder in the cache."""
    from pathlib import Path

    return Path(_cache_folder(content_dir))


def _cache_folder(content_dir: str | os.PathLike[str]) -> str:
    # (A string: a warm search does without pathlib, some milliseconds to import.)
    real = os.path.realpath(content_dir)
    digest = blake2b(real.encode("utf-8", "surrogateescape"), digest_size=10).hexdigest()
    name = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in os.path.basename(real))[:40]
    return os.path.join(cache_root(), "search", f"{name}-{digest}")


# ------------------------------------------------------------- reading

class IndexFile:
    """An index file mapped into memory: the arrays, the articles, the topic index."""

    def __init__(self, handle, table: dict) -> None:
        self._handle = handle
        self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        view = memoryview(self._map)
        self.table = table
        sections = table["sections"]

        def section(name: str):
            offset, size, code = sections[name]
            part = view[offset:offset + size]
            return part.cast(code) if code != "B" else part

        self.data = IndexData(
            doc_kind=bytes(section("doc_kind")),
            length_words=section("length_words"),
            vocab=_lines(section("vocab")),
            filter_keys=_lines(section("filter_keys")),
            mask_words=_lines(section("mask_words")),
            **{name: section(name) for name in IndexData.ARRAYS})
        self._article_starts = section("article_starts")
        self._article_sizes = section("article_sizes")
        self._view = view
        self.article_count = len(self._article_sizes)
        self.topic_index: TopicIndex = decode_topic_index(table["topic_index"])
        self.problems: tuple[Problem, ...] = decode_problems(table["problems"])
        self.files_read: int = table["files_read"]
        self.fingerprint: str = table["fingerprint"]
        self._articles: OrderedDict[int, Article] = OrderedDict()
        self._raw: OrderedDict[int, tuple] = OrderedDict()
        self._lock = threading.Lock()

    @classmethod
    def open(cls, path: str | os.PathLike[str], expected: str | None) -> "IndexFile | None":
        """The index at `path` if it is whole and matches `expected`; else None."""
        try:
            handle = open(path, "rb")
        except OSError:
            return None
        try:
            return cls._checked(handle, expected)
        except (OSError, ValueError, EOFError, KeyError, TypeError, IndexError, struct.error, UnicodeDecodeError):
            handle.close()
            return None

    @classmethod
    def _checked(cls, handle, expected: str | None) -> "IndexFile | None":
        header = handle.read(_HEADER.size)
        magic, version, _, table_at, table_size = _HEADER.unpack(header)
        size = os.fstat(handle.fileno()).st_size
        if magic != MAGIC or version != FORMAT or table_at + table_size != size:
            handle.close()
            return None
        handle.seek(table_at)
        table = marshal.loads(handle.read(table_size))
        if table.get("schema") != SCHEMA or (expected is not None and table.get("fingerprint") != expected):
            handle.close()
            return None
        return cls(handle, table)

    def close(self) -> None:
        """Let go of the file (only when nothing from it is in use any more)."""
        try:
            self._view.release()
            self._map.close()
        except (BufferError, ValueError):  # views of it are still alive: the collector will close it
            pass
        self._handle.close()

    def article(self, number: int) -> Article:
        """Article `number` (the corpus' order), decoded on demand and kept for a while."""
        cached = self._articles.get(number)
        if cached is not None:
            return cached
        start = self._article_starts[number]
        article = decode_article(self._view[start:start + self._article_sizes[number]])
        with self._lock:  # the reader may search from two threads at once
            self._articles[number] = article
            while len(self._articles) > ARTICLES_KEPT:
                self._articles.popitem(last=False)
        return article

    def text(self, number: int, part: str, item: int = 0, start: int = 0, end: int = 0) -> tuple[str, str, str]:
        """(text, speaker, place) of a part of article `number`, without building model objects."""
        return raw_text(self._raw_article(number), part, item, start, end)

    def item(self, number: int, part: str, item: int) -> tuple:
        """(Quote, Event or Article, article id, title): only an article hit decodes a whole article."""
        found, article_id, title = raw_item(self._raw_article(number), part, item)
        return (found if found is not None else self.article(number)), article_id, title

    def _raw_article(self, number: int) -> tuple:
        raw = self._raw.get(number)
        if raw is None:
            begin = self._article_starts[number]
            raw = raw_article(self._view[begin:begin + self._article_sizes[number]])
            with self._lock:
                self._raw[number] = raw
                while len(self._raw) > RAW_KEPT:
                    self._raw.popitem(last=False)
        return raw

    def payload(self, number: int) -> bytes:
        """Article `number` as stored (see codec.encode_article)."""
        start = self._article_starts[number]
        return bytes(self._view[start:start + self._article_sizes[number]])

    def file_records(self) -> dict[str, tuple]:
        """What the build that wrote this index knew of each article file (see `_file_records`)."""
        found = self.table["sections"].get("files")
        if found is None:
            return {}
        offset, size, _ = found
        return marshal.loads(self._view[offset:offset + size])

    def all_articles(self) -> list[Article]:
        starts, sizes, view = self._article_starts, self._article_sizes, self._view
        return [decode_article(view[starts[n]:starts[n] + sizes[n]]) for n in range(self.article_count)]


def _lines(part) -> list[str]:
    """A section of newline-separated words (words never contain a newline)."""
    return bytes(part).decode("utf-8").split("\n") if len(part) else []


# ------------------------------------------------------------- building

def _read(paths: list[str]) -> tuple[list[tuple], list[Article]]:
    """Load some article files: (path, problems, article id or None, payload or None) per file,
    and the articles that loaded, in the same order."""
    from briefing.loader import load_articles

    index, _, files_done, reused = _WORKER_STATE
    results = []
    loaded = []
    for path in paths:
        unchanged = reused.get(path)
        if unchanged is not None:  # as the last build read it: no need to read and check it again
            problems, payload = unchanged
            article = decode_article(payload) if payload is not None else None
        else:
            articles, problems = load_articles([path], index)
            article = articles[0] if articles else None
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


class _Segment:
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
                connection.send(("segment", _Segment(positions, results, index_chunk(articles, speakers))))
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


def _start_method() -> str | None:
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


class _Workers:
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
        self.context = None
        self.processes: list = []
        if method is not None:
            import multiprocessing

            self.context = multiprocessing.get_context(method)

    def __enter__(self) -> "_Workers":
        return self

    def __exit__(self, *exc) -> None:
        for process in self.processes:
            if process.is_alive():
                process.terminate()
            process.join()

    def load(self, paths: list[str], progress: Progress | None) -> list[_Segment]:
        """Every file of `paths` read and inverted, as segments."""
        total = len(paths)
        if self.context is None:
            _start_worker(self.index, self.speakers, reused=self.reused)
            try:
                segments = []
                for start in range(0, max(total, 1), MAX_SEGMENT):
                    results, articles = _read(paths[start:start + MAX_SEGMENT])
                    segments.append(_Segment(list(range(start, start + len(results))), results,
                                             index_chunk(articles, self.speakers)))
                    if progress:
                        progress("reading", start + len(results), total)
                return segments
            finally:
                _start_worker(None, {})
        from multiprocessing.connection import wait

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
            for reader in wait(list(pending), timeout=0.25):
                kind, value = _received(reader)
                if kind == "segment":
                    segments.append(value)
                else:  # done
                    reader.close()
                    pending.pop(reader).join()
            if progress:
                progress("reading", min(files_done.value, total), total)
        return segments

    def elsewhere(self, function: Callable, *args) -> Callable[[], object]:
        """Start `function(*args)` in another process if this build uses any; returns a way to wait for its result."""
        if self.context is None:
            return later(function, *args)
        reader, writer = self.context.Pipe(duplex=False)
        process = self.context.Process(target=_call, args=(function, args, writer), daemon=True)
        process.start()
        writer.close()
        self.processes.append(process)

        def result():
            try:
                return _received(reader)[1]
            finally:
                reader.close()
                process.join()
        return result


def _received(reader) -> tuple[str, object]:
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


def _id_line(path: str) -> int:
    """The line of an article's `id:` key (as the loader reports duplicate ids)."""
    from briefing.loader import ContentError, read_text

    try:
        for number, line in enumerate(read_text(path).split("\n"), start=1):
            if line.startswith("id:"):
                return number
    except ContentError:
        pass
    return 1


def _write_articles(segments: list[_Segment], handle, position: int, merger: IndexMerger, problems: list[Problem],
                    speakers: dict[str, str], starts: list[int], sizes: list[int], stored_paths: list[str]) -> int:
    """Write each loaded article's payload at `position` and hand the segments to `merger`.

    Problems are reported, and the first file (in path order) with an article
    id wins, as in `loader.load_articles`. Returns the position after the
    last payload.
    """
    first_path: dict[str, str] = {}
    winners: set[int] = set()
    for where_in_build, (where, file_problems, article_id, _) in sorted(
            (place, result) for segment in segments for place, result in zip(segment.positions, segment.results)):
        problems.extend(file_problems)
        if article_id is None:
            continue
        if article_id in first_path:
            problems.append(Problem(where, _id_line(where),
                                    f"duplicate article id '{article_id}' (also {first_path[article_id]})"))
            continue
        first_path[article_id] = where
        winners.add(where_in_build)
    for segment in segments:
        kept = [(where, payload) for place, (where, _, article_id, payload) in zip(segment.positions, segment.results)
                if article_id is not None and place in winners]
        chunk = segment.chunk
        if len(kept) < len(chunk.articles):  # a duplicate id: index the segment again without it
            chunk = index_chunk([decode_article(payload) for _, payload in kept], speakers)
        merger.add(chunk)
        for where, payload in kept:
            handle.write(payload)
            starts.append(position)
            sizes.append(len(payload))
            stored_paths.append(where)
            position += len(payload)
    return position


# ------------------------------------------------------------- reusing the last build

def _file_records(segments: list[_Segment], states: dict[str, tuple | None], stored_paths: list[str],
                  order: list[int], index_state: tuple | None) -> dict:
    """For the next build: each file's state when it was read, its problems, and its article's
    number in this index (-1: none; None: not reusable, it lost a duplicate-id contest)."""
    number_of = {stored_paths[arrival]: number for number, arrival in enumerate(order)}
    files = {}
    for segment in segments:
        for where, file_problems, article_id, _ in segment.results:
            number = number_of.get(where, -1 if article_id is None else None)
            files[where] = (states.get(where), number, encode_problems(file_problems))
    return {"index.yaml": index_state, "files": files}


def _reusable(previous: IndexFile | None, index_state: tuple | None,
              states: dict[str, tuple | None]) -> dict[str, tuple]:
    """path -> (problems, payload or None) of the files `previous` read that have not changed since.

    Nothing is reused if index.yaml changed (articles are checked against
    it) or if another version of briefing built it (its checks may differ).
    Files are known by their paths as read, which problems and articles
    carry: the same folder named another way shares none of them.
    """
    from briefing import __version__

    if previous is None or previous.table.get("version") != __version__:
        return {}
    try:
        records = previous.file_records()
        if not records or index_state is None or tuple(records.get("index.yaml") or ()) != index_state:
            return {}
        reused = {}
        for where, (state, number, file_problems) in records["files"].items():
            if number is None or state is None or states.get(where) != tuple(state):
                continue
            reused[where] = (decode_problems(file_problems), previous.payload(number) if number >= 0 else None)
        return reused
    except (ValueError, TypeError, KeyError, IndexError, EOFError):  # not as this version writes it: read all
        return {}


def write_index(content_dir: Path, handle, expected: str, progress: Progress | None = None,
                previous: IndexFile | None = None) -> None:
    """Load the content directory and write its index into the open binary file `handle`.

    Loads exactly as `loader.load_content` does (same files, same problems),
    but article by article, in other processes when there are many. Files
    that are as they were when `previous` (the stale index, if any) was
    built are taken from it instead of being read and checked again.
    """
    from briefing import __version__
    from briefing.loader import ARTICLES_DIR, INDEX_FILE, article_files, load_index

    # Each file's state is taken before it is read: a file edited meanwhile is read again next time.
    index_state = file_state(content_dir / INDEX_FILE)
    paths = article_files(content_dir)
    states = {path: file_state(path) for path in paths}
    reused = _reusable(previous, index_state, states)
    index, problems = load_index(content_dir)
    problems = list(problems)
    if not (content_dir / ARTICLES_DIR).is_dir():
        problems.append(Problem(str(content_dir / ARTICLES_DIR), 0, "no articles/ folder in the content directory"))

    handle.write(bytes(_HEADER.size))
    sections: dict[str, tuple[int, int, str]] = {}
    merger = IndexMerger()
    starts: list[int] = []
    sizes: list[int] = []
    position = handle.tell()
    speakers = speaker_words(index or TopicIndex())
    stored_paths: list[str] = []  # per payload written, the file it came from
    with _Workers(len(paths), index, speakers, reused) as workers:
        segments = workers.load(paths, progress)
        position = _write_articles(segments, handle, position, merger, problems, speakers, starts, sizes,
                                   stored_paths)
        if progress:
            progress("indexing", 0, 1)
        data, _ = merger.build(elsewhere=workers.elsewhere)
    sections["articles"] = (_HEADER.size, position - _HEADER.size, "B")
    order = sorted(range(len(merger.articles)), key=lambda arrival: merger.articles[arrival][1])
    if progress:
        progress("writing", 0, 1)

    def put(name: str, payload, code: str = "B") -> None:
        nonlocal position
        padding = -position % 8
        handle.write(bytes(padding))
        position += padding
        blob = memoryview(payload).cast("B") if not isinstance(payload, bytes) else payload
        handle.write(blob)
        sections[name] = (position, len(blob), code)
        position += len(blob)

    put("files", marshal.dumps(_file_records(segments, states, stored_paths, order, index_state)))
    put("article_starts", array("Q", (starts[arrival] for arrival in order)), "Q")
    put("article_sizes", array("I", (sizes[arrival] for arrival in order)), "I")
    put("doc_kind", data.doc_kind)
    put("vocab", "\n".join(data.vocab).encode("utf-8"))
    put("filter_keys", "\n".join(data.filter_keys).encode("utf-8"))
    put("mask_words", "\n".join(data.mask_words).encode("utf-8"))
    put("length_words", data.length_words)
    for name in IndexData.ARRAYS:
        column = getattr(data, name)
        put(name, column, column.typecode)
    table = marshal.dumps({
        "format": FORMAT, "schema": SCHEMA, "version": __version__, "fingerprint": expected,
        "content": str(content_dir),
        "sections": sections, "files_read": len(paths) + 1,
        "topic_index": encode_topic_index(index or TopicIndex(path=str(content_dir / INDEX_FILE))),
        "problems": encode_problems(problems),
    })
    handle.write(table)
    handle.seek(0)
    handle.write(_HEADER.pack(MAGIC, FORMAT, 0, position, len(table)))
    handle.flush()
    if progress:
        progress("done", 1, 1)


@contextmanager
def _locked(folder: Path):
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


@contextmanager
def _quiet_collector():
    """Building creates millions of objects and frees few: skip the cyclic GC meanwhile."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def open_store(content_dir: str | os.PathLike[str], progress: Progress | None = None,
               state: Callable[[], str] | None = None) -> IndexFile:
    """The up-to-date index of a content directory, building it if needed.

    `state()` may supply the content's fingerprint (the command line
    has a child process take it while it imports and answers).
    """
    from pathlib import Path

    root = Path(content_dir)
    if not root.is_dir():
        from briefing.loader import ContentError

        raise ContentError([Problem(str(root), 0, "content directory not found")])
    folder = cache_folder(root)
    target = folder / INDEX_NAME
    found = IndexFile.open(target, None)  # read while the fingerprint is being taken (see `state`)
    expected = state() if state is not None else fingerprint(root)
    if found is not None and found.fingerprint == expected:
        return found
    try:
        return _rebuilt(root, folder, target, expected, progress, previous=found)
    finally:
        if found is not None:
            found.close()


def _rebuilt(root: Path, folder: Path, target: Path, expected: str, progress: Progress | None,
             previous: IndexFile | None) -> IndexFile:
    """A new index of `root` at `target` (`previous`: the stale one, whose unchanged files are reused)."""
    import tempfile

    try:
        folder.mkdir(parents=True, exist_ok=True)
        with _locked(folder):
            found = IndexFile.open(target, expected)  # built by another process while we waited
            if found is not None:
                return found
            handle = tempfile.NamedTemporaryFile(dir=folder, prefix=".index-", suffix=".tmp", delete=False)
            try:
                with handle, _quiet_collector():
                    write_index(root, handle, expected, progress, previous)
                os.replace(handle.name, target)
            except BaseException:
                _remove(handle.name)
                raise
    except OSError as error:
        # No usable cache folder (read-only home, full disk): index into a private temporary file.
        print(f"briefing: cannot keep the search index in {folder}: {error.strerror or error}; "
              "indexing without a cache", file=sys.stderr)
        return _unsaved(root, expected, progress)
    found = IndexFile.open(target, expected)
    if found is None:  # replaced meanwhile by a build of a newer state: that one is fine too
        found = IndexFile.open(target, None)
    if found is None:
        return _unsaved(root, expected, progress)
    return found


def _unsaved(root: Path, expected: str, progress: Progress | None) -> IndexFile:
    import tempfile

    handle = tempfile.TemporaryFile()
    with _quiet_collector():
        write_index(root, handle, expected, progress)
    handle.seek(0)
    found = IndexFile._checked(handle, None)
    if found is None:  # pragma: no cover - we just wrote it
        raise OSError("the search index could not be read back")
    return found


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


# ------------------------------------------------------------ public API

def open_index(content_dir: str | os.PathLike[str], progress: Progress | None = None,
               state: Callable[[], str] | None = None):
    """A SearchEngine over the cached index of `content_dir` (built if missing or stale).

    Its hits carry Quote/Article/Event objects decoded from the cache; use
    `open_cached` to get hits that carry the corpus' own objects. The
    loading problems are in `engine.store.problems`.
    """
    return _engine(open_store(content_dir, progress, state))


def peek_index(content_dir: str | os.PathLike[str]):
    """A SearchEngine over the index of `content_dir` as it is, fresh or not (None if there is none).

    For answering while the content's fingerprint is still being taken:
    compare `engine.store.fingerprint` with it before using the answer.
    """
    found = IndexFile.open(os.path.join(_cache_folder(content_dir), INDEX_NAME), None)
    return None if found is None else _engine(found)


def _engine(store: IndexFile):
    from briefing.search.engine import SearchEngine

    engine = SearchEngine(store.data, store.topic_index, store.article, texts=store.text, items=store.item)
    engine.store = store  # keeps the memory map alive as long as the engine
    return engine


def load_corpus_cached(content_dir: str | os.PathLike[str], progress: Progress | None = None):
    """The loaded Corpus, from the cache when the content is unchanged (same result as Corpus.load)."""
    return open_cached(content_dir, progress)[0]


def open_cached(content_dir: str | os.PathLike[str], progress: Progress | None = None):
    """(Corpus, SearchEngine) from one cached index: the reader's fast start.

    The engine's hits carry the very objects of the returned corpus.
    """
    from briefing.corpus import Corpus
    from briefing.search.engine import SearchEngine

    store = open_store(content_dir, progress)
    with _quiet_collector():
        corpus = Corpus(store.topic_index, store.all_articles(), store.problems)
    articles = corpus.articles
    if len(articles) != store.article_count:  # pragma: no cover - same order by construction
        raise RuntimeError("the cached index does not match its articles")
    engine = SearchEngine(store.data, corpus.index, articles.__getitem__, texts=store.text)
    engine.store = store
    return corpus, engine
