"""Search over quotations, articles and events: typo-tolerant, prefix-aware, ranked.

    from briefing.search import SearchEngine, Hit, parse_query
    engine = SearchEngine.from_corpus(corpus)          # in memory, for small briefings
    hits = engine.search("securty garantees actor:macron", limit=50)

For large briefings the index is kept in the user's cache folder:
`briefing.cache.indexes.open_index(content_dir)` gives an engine over it.

The names are imported on first use, so that `briefing search` can start
its work before it pays for the engine's imports.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "Hit": "briefing.search.engine", "SearchEngine": "briefing.search.engine",
    "Query": "briefing.search.query", "QueryTerm": "briefing.search.query", "parse_query": "briefing.search.query",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'briefing.search' has no attribute '{name}'")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
