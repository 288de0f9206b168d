"""Everything briefing keeps about a content folder outside it, in the user's cache folder.

One folder per content folder (location.py), never inside the content itself:

* the persistent search index (index_file.py: its format, read in place
  through a memory map; index_build.py: writing it, reusing what a stale
  index already checked; build_pool.py: the worker processes of a large
  build; lock.py: one build at a time; indexes.py: open it, fresh or rebuilt);
* the content's fingerprint, which says whether the index is fresh
  (freshness.py: every file the loader reads, statted);
* the articles as stored in the index (codec.py), from which the reader's
  corpus is rebuilt without parsing YAML;
* the reader's first-frame summary (summary.py) and its loading policy:
  when to start from the index and when to parse the files (reader_start.py).

The index records each file's state as it was read: when it goes stale,
the files unchanged since (and only if index.yaml is) are taken from it as
they were checked then, and only the others are read again.

Nothing here imports Textual. Import the modules themselves
(`from briefing.cache.indexes import open_index`): a warm `briefing search`
imports only what it uses.
"""
