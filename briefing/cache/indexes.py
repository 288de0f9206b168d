"""Opening a content folder's index: reuse it while it is fresh, rebuild it when it is not.

An index is written to a temporary file beside the real one and renamed
over it, so a reader only ever sees a whole file; the build lock makes a
second process wait for the first one's build. A file that fails any check
(magic, format, model schema, size) is treated as missing and rebuilt.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from briefing.cache.build_pool import Progress
from briefing.cache.freshness import fingerprint
from briefing.cache.index_build import quiet_collector, write_index
from briefing.cache.index_file import INDEX_NAME, IndexFile
from briefing.cache.location import cache_folder, cache_folder_name
from briefing.cache.lock import build_lock
from briefing.model import Problem

TYPE_CHECKING = False  # (pathlib is imported where a build needs it: not by a warm search)
if TYPE_CHECKING:
    from pathlib import Path


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
        with build_lock(folder):
            found = IndexFile.open(target, expected)  # built by another process while we waited
            if found is not None:
                return found
            handle = tempfile.NamedTemporaryFile(dir=folder, prefix=".index-", suffix=".tmp", delete=False)
            try:
                with handle, quiet_collector():
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
    with quiet_collector():
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
    found = IndexFile.open(os.path.join(cache_folder_name(content_dir), INDEX_NAME), None)
    return None if found is None else _engine(found)


def _engine(store: IndexFile):
    from briefing.search.engine import SearchEngine

    engine = SearchEngine(store.data, store.topic_index, store.article, texts=store.text, items=store.item)
    engine.store = store  # keeps the memory map alive as long as the engine
    return engine


def load_corpus_cached(content_dir: str | os.PathLike[str], progress: Progress | None = None):
    """The loaded Corpus, from the cache when the content is unchanged (same result as Corpus.load)."""
    return open_cached(content_dir, progress)[0]


def open_cached(content_dir: str | os.PathLike[str], progress: Progress | None = None,
                store: IndexFile | None = None):
    """(Corpus, SearchEngine) from one cached index (`store`, if already open): the reader's fast start.

    The engine's hits carry the very objects of the returned corpus.
    """
    from briefing.corpus import Corpus
    from briefing.search.engine import SearchEngine

    if store is None:
        store = open_store(content_dir, progress)
    with quiet_collector():
        corpus = Corpus(store.topic_index, store.all_articles(), store.problems)
    articles = corpus.articles
    if len(articles) != store.article_count:  # pragma: no cover - same order by construction
        raise RuntimeError("the cached index does not match its articles")
    engine = SearchEngine(store.data, corpus.index, articles.__getitem__, texts=store.text)
    engine.store = store
    return corpus, engine
