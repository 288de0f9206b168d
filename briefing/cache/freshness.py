"""The state of a content directory, as a short fingerprint: is the index still fresh?

Every file the loader reads (index.yaml and the article files, listed by
the same walk: `briefing.content_files.article_files`) contributes its
relative path, size, modification time, inode and change time: any added,
removed, replaced or edited file changes the fingerprint. Only `stat`
calls, no file is opened; at 10,000 articles they are most of the cost of a
warm `briefing search`.

Taken in this process, plainly: forking children to stat in parallel and
answering before the check finished were measured against this at 10,000
articles and gained nothing clear (see the README's Speed section).
"""

from __future__ import annotations

import os
from array import array
from itertools import chain
from operator import attrgetter

from briefing.content_files import ARTICLES_DIR, INDEX_FILE, article_files

try:  # hashlib would also load OpenSSL, a few milliseconds of every search, for this one hash
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

# What of a file's status goes into the fingerprint; a file that cannot be statted (it vanished,
# or is a broken link) counts as this.
_STATUS = attrgetter("st_size", "st_mtime_ns", "st_ino", "st_ctime_ns")
_UNREADABLE = (-1, -1, -1, -1)


def fingerprint(content_dir: str | os.PathLike[str]) -> str:
    """40 hex digits that change whenever a file the loader reads changes."""
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
    paths = article_files(root)
    start = len(articles)  # names relative to articles/: the same folder named another way agrees
    digest.update("\0".join(path[start:] for path in paths).encode("utf-8", "surrogateescape"))
    try:  # one C-level pass over the files; if one cannot be statted: file by file
        numbers.extend(chain.from_iterable(map(_STATUS, map(os.stat, paths))))
    except OSError:
        del numbers[4 if index_state is not None else 0:]
        for path in paths:
            numbers.extend(file_state(path) or _UNREADABLE)
    digest.update(numbers.tobytes())
    return digest.hexdigest()


def file_state(path: str | os.PathLike[str]) -> tuple[int, int, int, int] | None:
    """One file's part of the fingerprint (what says it is unchanged); None if it cannot be statted."""
    try:
        return _STATUS(os.stat(path))
    except OSError:
        return None
