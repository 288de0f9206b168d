"""Opening a content folder's index: reuse it while it is fresh, rebuild it when it is not.

An index is written to a temporary file beside the real one and renamed
over it, so a reader only ever sees a whole file; the build lock makes a
second process wait for the first one's build. A file that fails any check
(magic, format, model schema, size, the table's checksum) is treated as
missing and rebuilt; one whose damage shows only later, in a section
checked on first use (`DamagedIndex`), is rebuilt when the caller asks
again with `damaged=` that file. A cache that cannot be written (a
read-only or full disk) costs a warning, and the index is built in memory.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from briefing.cache.build_pool import Progress
from briefing.cache.freshness import fingerprint
from briefing.cache.index_build import quiet_collector, write_index
from briefing.cache.index_file import INDEX_NAME, DamagedIndex, IndexFile
from briefing.cache.location import cache_folder, cache_folder_name
from briefing.cache.lock import build_lock

TYPE_CHECKING = False  # (pathlib is imported where a build needs it: not by a warm search)
if TYPE_CHECKING:
    from pathlib import Path


def open_store(content_dir: str | os.PathLike[str], progress: Progress | None = None,
               state: Callable[[], str] | None = None, damaged: IndexFile | None = None) -> IndexFile:
    """The up-to-date index of a content directory, building it if needed.

    `state()` may supply the content's fingerprint (the command line
    has a child process take it while it imports and answers). `damaged`:
    an index that raised DamagedIndex, rebuilt even if it looks fresh.
    """
    from pathlib import Path

    root = Path(content_dir)
    if not os.path.isdir(root):
        from briefing.loader import check_content_dir

        check_content_dir(root)  # raises ContentError, saying why
    folder = cache_folder(root)
    target = folder / INDEX_NAME
    found = IndexFile.open(target, None)  # read while the fingerprint is being taken (see `state`)
    expected = state() if state is not None else fingerprint(root)
    refused = damaged.identity() if damaged is not None else None
    if found is not None and found.fingerprint == expected and found.identity() != refused:
        return found
    try:  # (a damaged index may still be `previous`: each article it gives is checked first)
        return _rebuilt(root, folder, target, expected, progress, previous=found, refused=refused)
    finally:
        if found is not None:
            found.close()


def _rebuilt(root: Path, folder: Path, target: Path, expected: str, progress: Progress | None,
             previous: IndexFile | None, refused: tuple[int, int, int] | None = None) -> IndexFile:
    """A new index of `root` at `target` (`previous`: the stale one, whose unchanged files are reused;
    `refused`: the identity of a damaged file, not to be taken for a fresh one)."""
    import tempfile

    try:
        folder.mkdir(parents=True, exist_ok=True)
        with build_lock(folder):
            found = IndexFile.open(target, expected)  # built by another process while we waited
            if found is not None and found.identity() != refused:
                return found
            if found is not None:
                found.close()
            handle = tempfile.NamedTemporaryFile(dir=folder, prefix=".index-", suffix=".tmp", delete=False)
            try:
                with handle, quiet_collector():
                    write_index(root, handle, expected, progress, previous)
                os.replace(handle.name, target)
            except BaseException:
                _remove(handle.name)
                raise
    except OSError as error:
        # No usable cache folder (read-only home, full disk): the old index, if any, is as it was
        # (the new one was a temporary file, now removed), and this one is built in memory.
        from briefing.content_files import os_reason

        print(f"briefing: cannot keep the search index in {folder}: {os_reason(error)}; "
              "indexing without a cache", file=sys.stderr)
        return _unsaved(root, expected, progress)
    found = IndexFile.open(target, expected)
    if found is None:  # replaced meanwhile by a build of a newer state: that one is fine too
        found = IndexFile.open(target, None)
    if found is None:  # unreadable as soon as written (a failing disk): answer from memory
        print(f"briefing: the search index just written to {folder} cannot be read back; "
              "indexing without a cache", file=sys.stderr)
        return _unsaved(root, expected, progress)
    return found


def _unsaved(root: Path, expected: str, progress: Progress | None) -> IndexFile:
    """An index of `root` in memory only (a file with no name on disk, so it needs no disk space)."""
    handle = _memory_file()
    try:
        with quiet_collector():
            write_index(root, handle, expected, progress)
        handle.flush()
        handle.seek(0)
        found = IndexFile._opened(handle, None)
    except BaseException:
        handle.close()
        raise
    if found is None:  # pragma: no cover - we just wrote it
        raise OSError("the search index could not be read back")
    return found


def _memory_file():
    import tempfile

    if hasattr(os, "memfd_create"):
        try:
            return os.fdopen(os.memfd_create("briefing-index"), "w+b")
        except OSError:
            pass
    return tempfile.TemporaryFile()


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


# ------------------------------------------------------------ public API

def open_index(content_dir: str | os.PathLike[str], progress: Progress | None = None,
               state: Callable[[], str] | None = None, damaged: IndexFile | None = None):
    """A SearchEngine over the cached index of `content_dir` (built if missing, stale or `damaged`).

    Its hits carry Quote/Article/Event objects decoded from the cache; use
    `open_cached` to get hits that carry the corpus' own objects. The
    loading problems are in `engine.store.problems`.
    """
    store = open_store(content_dir, progress, state, damaged)
    try:
        return _engine(store)
    except DamagedIndex as damage:  # a section the engine reads at once (the frequent words' masks)
        print(f"briefing: {damage}; rebuilding it", file=sys.stderr)
        return _engine(open_store(content_dir, progress, state, damaged=store))


def open_verified_index(content_dir: str | os.PathLike[str], progress: Progress | None = None):
    """`open_index`, every section of the index checked first (see `open_verified`)."""
    return _engine(open_verified(content_dir, progress))


def peek_index(content_dir: str | os.PathLike[str]):
    """A SearchEngine over the index of `content_dir` as it is, fresh or not (None if there is none).

    For answering while the content's fingerprint is still being taken:
    compare `engine.store.fingerprint` with it before using the answer.
    """
    found = IndexFile.open(os.path.join(cache_folder_name(content_dir), INDEX_NAME), None)
    try:
        return None if found is None else _engine(found)
    except DamagedIndex:  # (`open_index` will say so, and rebuild it)
        return None


def _engine(store: IndexFile):
    from briefing.search.engine import SearchEngine

    engine = SearchEngine(store.data, store.topic_index, store.article, texts=store.text, items=store.item)
    engine.store = store  # keeps the memory map alive as long as the engine
    return engine


def load_corpus_cached(content_dir: str | os.PathLike[str], progress: Progress | None = None):
    """The loaded Corpus, from the cache when the content is unchanged (same result as Corpus.load)."""
    return open_cached(content_dir, progress)[0]


def open_verified(content_dir: str | os.PathLike[str], progress: Progress | None = None,
                  store: IndexFile | None = None) -> IndexFile:
    """`store` (else the content's index), every section checked now; rebuilt if damaged.

    For the reader, which uses every section: its searches, in the
    background, then never meet damage (a command's warm search instead
    checks only the sections it reads, see index_file).
    """
    if store is None:
        store = open_store(content_dir, progress)
    try:
        store.verify_all()
    except DamagedIndex as damage:
        print(f"briefing: {damage}; rebuilding it", file=sys.stderr)
        store = open_store(content_dir, progress, damaged=store)
        store.verify_all()  # just built: damaged only if the disk is failing (the caller copes)
    return store


def open_cached(content_dir: str | os.PathLike[str], progress: Progress | None = None,
                store: IndexFile | None = None):
    """(Corpus, SearchEngine) from one cached index (`store`, if already open): the reader's fast start.

    The engine's hits carry the very objects of the returned corpus.
    """
    from briefing.corpus import Corpus
    from briefing.search.engine import SearchEngine

    store = open_verified(content_dir, progress, store)
    with quiet_collector():
        corpus = Corpus(store.topic_index, store.all_articles(), store.problems)
    articles = corpus.articles
    if len(articles) != store.article_count:  # pragma: no cover - same order by construction
        raise RuntimeError("the cached index does not match its articles")
    engine = SearchEngine(store.data, corpus.index, articles.__getitem__, texts=store.text)
    engine.store = store
    return corpus, engine
