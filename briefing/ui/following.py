"""Following the content folder while the reader is open: what changed, and saying so.

The watcher (watchfiles, run in the app's `follow_folder` worker) yields
one batch per burst of changes; the app waits for the folder to settle and
reads it again through its usual loading path. Only the files the loader
reads count: the index, article files, folders below articles/.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Protocol

from briefing.content_files import is_content_path

if TYPE_CHECKING:
    from briefing.corpus import Corpus

# watchfiles waits this long without a new change before it yields a batch, and at
# most DEBOUNCE_MS in all: a burst of 500 files is one batch, shown within a second or two.
STEP_MS = 200
DEBOUNCE_MS = 1200


class _Flag(Protocol):
    def is_set(self) -> bool: ...


def watch_content(content_dir: str | os.PathLike[str], stop: _Flag) -> Iterator[int]:
    """How many content files changed, one number per batch, until `stop` is set."""
    from watchfiles import watch

    root = os.fspath(content_dir)
    for changes in watch(root, watch_filter=lambda _change, path: is_content_path(root, path),
                         debounce=DEBOUNCE_MS, step=STEP_MS, stop_event=stop, raise_interrupt=False):
        if changes:
            yield len({path for _change, path in changes})


def describe_changes(before: Corpus, after: Corpus) -> str:
    """'1 article added, 2 changed' between two loads of a folder; '' when no article differs."""
    old, new = before.article_by_id, after.article_by_id
    added = sum(1 for key in new if key not in old)
    removed = sum(1 for key in old if key not in new)
    changed = sum(1 for key, article in new.items() if key in old and old[key] != article)
    counts = [(count, what) for count, what in ((added, "added"), (changed, "changed"), (removed, "removed"))
              if count]
    # '1 article added', '3 articles added, 1 changed': the noun once, with the first count.
    parts = [f"{count} {what}" for count, what in counts]
    if parts:
        first = counts[0][0]
        parts[0] = f"{first} {'article' if first == 1 else 'articles'} {counts[0][1]}"
    if not parts and before.index != after.index:
        return "the index (actors and sticking points) changed"
    return ", ".join(parts)
