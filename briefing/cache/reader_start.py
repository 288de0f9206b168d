"""How the reader loads a content folder: from the index's cache when that pays, else from the files."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefing.corpus import Corpus
    from briefing.search.engine import SearchEngine

# Below this many article files, parsing them is quicker than importing the
# index machinery; above it, the cache wins by far.
CACHE_FROM_ARTICLES = 300


def load_for_reader(content_dir: str | os.PathLike[str]) -> tuple[Corpus, SearchEngine | None]:
    """The corpus and, for a large briefing, the search engine of its cached index.

    A warm start of a large briefing is then a matter of reading one cache
    file; a small one is simply parsed (its engine is built in memory later).
    Any failure of the cache falls back to parsing the files; a content
    folder that cannot be read at all raises ContentError either way.
    """
    from briefing.corpus import Corpus
    from briefing.loader import ContentError, article_files

    if len(article_files(content_dir)) < CACHE_FROM_ARTICLES:
        return Corpus.load(content_dir), None
    from briefing.cache.indexes import open_cached

    try:
        return open_cached(content_dir)
    except ContentError:
        raise
    except Exception:  # noqa: BLE001 - a broken cache must never stop the reader
        return Corpus.load(content_dir), None
