"""How the reader loads a content folder: from the index's cache when that pays, else from the files.

A briefing is usable in two steps: first `search_first`, an engine over
the index file as it lies on disk (a stat per file and a memory map: the
search box can answer at once), then `load_for_reader`, the corpus decoded
from that same index for the navigator and the pages. Even for five
articles this answers a search typed at the first frame sooner than
parsing them and indexing them in memory (about 25 ms against 80 ms:
parsing imports PyYAML and the loader's rules); the navigator meanwhile
shows the cached summary.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefing.corpus import Corpus
    from briefing.search.engine import SearchEngine

# Below this many article files, parsing them is quicker than importing the
# index machinery, when only the corpus is wanted (the first-frame benchmark's
# mode, or no usable index); above it, the cache wins by far.
CACHE_FROM_ARTICLES = 300


def search_first(content_dir: str | os.PathLike[str]) -> SearchEngine | None:
    """A search engine over the folder's index (built if missing or stale); None if it cannot be had.

    `load_for_reader` then says why (a content folder that cannot be read)
    or parses the files.
    """
    from briefing.cache.indexes import open_verified_index

    try:  # (in the loading thread: checking all of the index costs no frame)
        return open_verified_index(content_dir)
    except Exception:  # noqa: BLE001 - a broken cache must never stop the reader
        return None


def load_for_reader(content_dir: str | os.PathLike[str],
                    early: SearchEngine | None = None) -> tuple[Corpus, SearchEngine | None]:
    """The corpus and, for a large briefing, the search engine of its cached index.

    `early` is `search_first`'s engine, whose index the corpus is then
    decoded from. A warm start of a large briefing is a matter of reading
    one cache file; a small one is simply parsed (its engine is built in
    memory later). Any failure of the cache falls back to parsing the
    files; a content folder that cannot be read at all raises ContentError.
    """
    from briefing.corpus import Corpus
    from briefing.model import ContentError

    if early is None:
        from briefing.content_files import article_files

        if len(article_files(content_dir)) < CACHE_FROM_ARTICLES:
            return Corpus.load(content_dir), None
    from briefing.cache.indexes import open_cached

    try:
        return open_cached(content_dir, store=early.store if early is not None else None)
    except ContentError:
        raise
    except Exception:  # noqa: BLE001 - a broken cache must never stop the reader
        return Corpus.load(content_dir), None
